"""The pages a person reads in a browser: home, entity pages with their evidence, search, browse,
the consistency report, the ontology's documentation (`views`, `entity`, `evidence`, `labels`,
`search`, `key_figures`, `ontology_doc`) and the visual pages — chart, timeline, graph view,
query editor (`visuals`, `visual_data`, `layout`).

The top layer: it may import every other package.
"""
