"""The on-disk Oxigraph store and its build: reading ontology/ and graph/ (`inputs`), building and
opening the store (`disk`), the inferred graph (`inference`), writing the dataset in any RDF
format (`export`), one graph as a readable document (`rdf_documents`) and the citable dumps
(`dumps`). Building is a command; serving only opens what was built.

It may import `server.core` only.
"""
