"""Tests of server/linked_data: dereferenceable IRIs, dumps, the dataset description and the
documents about each thing, over HTTP on both backends."""
