"""The curators' tool: registering a source document and annotating its facts in a browser.

It owns `zhusan-kg add-source` and `zhusan-kg curate` (a small local Flask application, never
part of `zhusan-kg serve`), the deterministic TriG writer of the files it manages
(`graph/source-NNN.trig`), and the review of each change by the project's own checks.

It sits beside `server.pages`, at the top of the stack: it may import `server.checks`,
`server.backends`, `server.store` and `server.core`; the served application never imports it.
"""
