"""Opening the backend the configuration names."""

from __future__ import annotations

from server.backends.interface import Backend
from server.core.config import Config, ConfigError


def open_backend(config: Config) -> Backend:
    """The backend the configuration names: the embedded store, or a remote SPARQL engine."""
    if config.backend == "sparql":
        if not config.sparql_url:
            raise ConfigError("ZHUSAN_BACKEND=sparql needs ZHUSAN_SPARQL_URL (the query endpoint)")
        from server.backends.remote import RemoteBackend  # its HTTP client only where used

        return RemoteBackend(config)
    from server.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(config)
