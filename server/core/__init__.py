"""The foundation every other package stands on: settings (`config`), the error hierarchy
(`errors`), the graph's namespaces and IRIs (`namespaces`, `iris`), the one table of formats
(`formats`) and the lexical reading of SPARQL text (`sparql_text`).

It imports nothing from the rest of `server`.
"""
