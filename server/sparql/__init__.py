"""The SPARQL 1.1 Protocol at /sparql: reading the request strictly (`endpoint`), content
negotiation (`negotiation`), answers kept by ETag (`answer_cache`), the service description
(`service_description`) and the example queries of queries/ (`saved_queries`).

It may import `server.checks`, `server.backends`, `server.store` and `server.core`; never the
pages (their HTML is reached through the application's state).
"""
