"""Where the graph is read from, behind one interface: the embedded store, whose public queries
run in killable worker processes (`embedded`, `pool` on the parent's side, `worker` inside
them, `answer_limits`), or a remote SPARQL engine (`remote`, `release`, `remote_text`), and
loading a built release into one (`loading`). A client's query reaches either as a `jobs`
QueryJob, and fails as one of its QueryErrors. `querying` runs the application's own queries.

It may import `server.store` and `server.core`.
"""
