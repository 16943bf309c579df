"""Tests of server/sparql: the protocol over HTTP on both backends, real SPARQL clients, the
query dataset, format parameters, the saved queries and the answer cache."""
