"""Where the graph is read from, behind one interface: the embedded store, whose public queries
run in killable worker processes (`embedded`, `pool`, `answer_limits`), or a remote SPARQL
engine (`remote`, `release`, `remote_text`), and loading a built release into one (`loading`).
`querying` runs the application's own queries over either.

It may import `server.store` and `server.core`.
"""
