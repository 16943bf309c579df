"""The foundation every other package stands on: settings (`config`), the error hierarchy
(`errors`) and its responses (`error_responses`), the graph's namespaces and IRIs (`namespaces`,
`iris`), the one table of formats (`formats`), the lexical reading of SPARQL text
(`sparql_text`) and where the commands it runs are installed (`programs`). It imports nothing
from the rest of `server`.
"""
