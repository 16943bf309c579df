"""Tests of server/pages through the Flask client: entity pages, search, browse, the visuals."""
