"""Shared fixtures, each defined once for every folder of tests/:

- the repository's inputs, the session's settings, one store built per session (`config`,
  `built`, `store`), and the source texts (skipped, with the reason, where ../shared/sources is
  absent — never in CI);
- the app and its test client (`app` per module, `client` per test);
- the real server process (`server`, per module) on the store backend a test asks for with the
  `backends` marker, and the remote engine the `sparql` backend stands on (`remote_engine`, one
  per session); a module changes the server's settings by overriding `server_settings`, and
  its data by overriding `served_data`;
- the folder where tests leave what a developer may want to look at (`artifacts`: screenshots),
  outside the checkout, named at the end of the session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import Store

from bench.live_server import Engine, LiveServer, live_server, load_into, oxigraph_server
from server.app import create_app
from server.core.config import Config, load_config
from server.store import disk as stores

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ("embedded", "sparql")
ARTIFACTS_VARIABLE = "ZHUSAN_TEST_ARTIFACTS"
ARTIFACTS = pytest.StashKey[Path]()


def sources_dir() -> Path:
    """The folder with the two articles; in CI its absence is a failure, elsewhere a skip."""
    if not SOURCES.is_dir():
        if IN_CI:
            pytest.fail(f"CI=true but the source texts are missing at {SOURCES}")
        pytest.skip(f"source texts not found at {SOURCES}")
    return SOURCES


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """Settings pointing at the repository's inputs and a session-private data folder."""
    data = tmp_path_factory.mktemp("data")
    return load_config({"data_dir": str(data), "input_dir": str(ROOT)}, environ={})


@pytest.fixture(scope="session")
def built(config: Config) -> stores.BuildResult:
    return stores.build(config)


@pytest.fixture(scope="session")
def store(config: Config, built: stores.BuildResult) -> Store:
    return stores.open_read_only(stores.current_store(config))


@pytest.fixture(scope="session")
def artifacts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests leave files for a developer to look at: $ZHUSAN_TEST_ARTIFACTS if set, else
    `artifacts/` in pytest's temporary folder for the session (pytest keeps the last three)."""
    chosen = os.environ.get(ARTIFACTS_VARIABLE)
    if chosen:
        folder = Path(chosen).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("artifacts", numbered=False)
    request.config.stash[ARTIFACTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the artifacts folder at the end, when a test wrote something there."""
    folder = terminalreporter.config.stash.get(ARTIFACTS, None)
    if folder is not None and any(folder.iterdir()):
        terminalreporter.write_sep("-", "artifacts")
        terminalreporter.write_line(f"screenshots and other artifacts of this run: {folder}")


# ---- the app in-process ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(config: Config, built: stores.BuildResult) -> Iterator[Flask]:
    """The app on the session's build: one per module, so that no module sees another's caches
    or counters, with its backend (and query processes) closed after the module."""
    application = create_app(config)
    yield application
    application.extensions["zhusan"].backend.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A fresh test client per test: no cookie or language choice carries over between tests."""
    return app.test_client()


# ---- the real server process ----------------------------------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that uses `server` runs once per backend its `backends` marker names (the closest
    marker wins, so one test of a two-backend module can keep to one); unmarked, on embedded."""
    marker = metafunc.definition.get_closest_marker("backends")
    if "server" in metafunc.fixturenames and marker is not None:
        unknown = set(marker.args) - set(BACKENDS)
        if unknown or not marker.args:
            raise pytest.UsageError(f"backends(...) takes some of {BACKENDS}, got {marker.args}")
        metafunc.parametrize("server", marker.args, indirect=True, scope="module")


@pytest.fixture(scope="session")
def remote_engine(
    config: Config, built: stores.BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One Oxigraph server for the session, loaded with the session's release."""
    folder = tmp_path_factory.mktemp("engine")
    with oxigraph_server(folder / "location", folder / "oxigraph.log") as engine:
        loaded = load_into(engine, Path(config.data_dir))
        if loaded.returncode != 0:
            pytest.fail(f"loading the engine failed:\n{loaded.stdout}\n{loaded.stderr}")
        yield engine


@pytest.fixture(scope="module")
def served_data(config: Config, built: stores.BuildResult) -> Path:
    """The data folder the module's server serves: the session's build, unless overridden."""
    return Path(config.data_dir)


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """`ZHUSAN_*` settings (limits, workers, threads) for the module's server; a module that
    needs others overrides this fixture."""
    return {}


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest,
    served_data: Path,
    server_settings: dict[str, object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """`zhusan-kg serve` (gunicorn) on a free loopback port, on the backend the test was
    parametrized with (see `pytest_generate_tests`); its access log in the session's tmp."""
    backend: str = getattr(request, "param", "embedded")
    sparql_url = ""
    if backend == "sparql":
        engine: Engine = request.getfixturevalue("remote_engine")
        sparql_url = engine.query
    log = tmp_path_factory.mktemp(f"server-{request.module.__name__.rsplit('.', 1)[-1]}")
    with live_server(
        served_data, log / "server.log", backend=backend, sparql_url=sparql_url, **server_settings
    ) as running:
        yield running
