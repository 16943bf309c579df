"""Tests of server/core: settings, prefixed names, the lexical inspection of SPARQL text."""
