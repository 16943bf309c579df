"""The on-disk Oxigraph store and its build: reading ontology/ and graph/ (`disk`), the inferred
graph (`inference`), writing the dataset in any RDF format (`export`) and the citable dumps
(`dumps`). This is build-time code; serving only opens what it built.

It may import `server.core` only.
"""
