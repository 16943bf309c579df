"""Tests of server/checks and of the data they check: SHACL shapes with their fixtures, the
consistency report, evidence spans against their sources, the curation rules."""
