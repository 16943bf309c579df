"""Tests of server/backends: the embedded query pool and the remote sparql backend."""
