"""The checks of the data: SHACL validation (`validation`) and the consistency report of the
figures (`consistency`), for the `validate` command and the consistency page.

It may import `server.backends`, `server.store` and `server.core`.
"""
