"""The pytest side of a real server process (bench/live_server.py starts and stops it): the
session's remote engine for the `sparql` backend, and the settings of each backend a server
fixture is parametrized with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from bench.live_server import Engine, load_into, oxigraph_server
from server.core.config import Config
from server.store import disk as stores

BACKENDS = ("embedded", "sparql")


class _SharedEngine:
    """The session's engine, counted by its users (see `remote_engine`)."""

    def __init__(self) -> None:
        self.users = 0
        self.engine: Engine | None = None
        self.stack = ExitStack()


_SHARED = _SharedEngine()


@pytest.fixture(scope="session")
def remote_engine(
    config: Config, built: stores.BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One Oxigraph server for the session, loaded with the session's release.

    Each HTTP test module imports this fixture, which makes pytest keep one copy per module; the
    engine itself is shared and stopped when the last copy is torn down.
    """
    if _SHARED.engine is None:
        folder = tmp_path_factory.mktemp("engine")
        engine = _SHARED.stack.enter_context(
            oxigraph_server(folder / "location", folder / "oxigraph.log")
        )
        loaded = load_into(engine, Path(config.data_dir))
        if loaded.returncode != 0:
            _SHARED.stack.close()
            pytest.fail(f"loading the engine failed:\n{loaded.stdout}\n{loaded.stderr}")
        _SHARED.engine = engine
    _SHARED.users += 1
    try:
        yield _SHARED.engine
    finally:
        _SHARED.users -= 1
        if not _SHARED.users:
            _SHARED.engine = None
            _SHARED.stack.close()


def backend_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    """The settings for the backend a parametrized server fixture is asked for."""
    if request.param == "embedded":
        return {"backend": "embedded"}
    engine: Engine = request.getfixturevalue("remote_engine")
    return {"backend": "sparql", "sparql_url": engine.query}


# The pool's own guarantees (a killed worker, the CPU back to idle) have nothing to check on the
# sparql backend, where evaluation is the remote engine's: such tests run on the embedded one.
embedded_only = pytest.mark.parametrize("server", ["embedded"], indirect=True)
