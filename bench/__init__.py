"""The benchmark suite: synthetic graphs, a fixed query mix, and a runner that compares this
project's server with Oxigraph's server, Virtuoso and rdflib-endpoint on the same data."""
