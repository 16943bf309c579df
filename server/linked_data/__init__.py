"""Linked data: dereferenceable IRIs and their documents (`routes`, `describe`), the ontology at
its namespace, the dumps, the Graph Store Protocol's read side and the dataset description
(`void`).

It may import `server.sparql` (negotiation) and every layer below; never the pages.
"""
