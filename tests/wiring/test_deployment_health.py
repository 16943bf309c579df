"""Health that tells a load balancer the truth: /healthz answers 503, saying why, when the
backend cannot answer queries (the `sparql` backend's engine is down or holds another release;
the embedded store was removed), and a proxy with the recipe of deploy/nginx.conf fails over
from a replica whose engine dies under load, losing no request."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient

from bench.cache_proxy import CacheProxy, cache_proxy, nginx_program
from bench.live_server import Engine, LiveServer, live_server, load_into, oxigraph_server
from server.app import create_app
from server.backends.health import VERDICT_SECONDS, Probe
from server.backends.release import GRAPH_RELEASE
from server.core.config import Config, load_config
from server.store import disk as stores

from ..conftest import IN_CI, ROOT

PHASES = "SELECT ?phase ?n WHERE { ?phase a zh:Phase ; zh:ordinal ?n } ORDER BY ?n"


@contextmanager
def loaded_engine(folder: Path, config: Config) -> Iterator[Engine]:
    """A private Oxigraph server loaded with the session's release, killed afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    with oxigraph_server(folder / "location", folder / "oxigraph.log") as engine:
        loaded = load_into(engine, Path(config.data_dir))
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield engine


def sparql_client(config: Config, engine: Engine) -> FlaskClient:
    settings = dataclasses.replace(config, backend="sparql", sparql_url=engine.query)
    return create_app(settings).test_client()


def past_the_verdict() -> None:
    time.sleep(VERDICT_SECONDS + 0.2)


# ---- the probe ----------------------------------------------------------------------------------


def test_probe_asks_at_most_once_per_verdict_period() -> None:
    now = [0.0]
    calls: list[float] = []

    def check() -> str | None:
        calls.append(now[0])
        return None if len(calls) == 1 else "down"

    probe = Probe(check, seconds=1.5, clock=lambda: now[0])
    assert [probe() for _ in range(50)] == [None] * 50  # fifty health checks, one probe
    now[0] = 1.4
    assert probe() is None and calls == [0.0]
    now[0] = 1.5
    assert probe() == "down" and calls == [0.0, 1.5]


# ---- the sparql backend -------------------------------------------------------------------------


def test_healthz_is_200_while_the_engine_answers_and_503_once_it_is_unreachable(
    config: Config, built: stores.BuildResult, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        engine = stack.enter_context(loaded_engine(tmp_path, config))
        client = sparql_client(config, engine)
        healthy = client.get("/healthz")
        assert healthy.status_code == 200, healthy.get_data(as_text=True)
        assert healthy.get_json()["status"] == "ok"
        assert healthy.get_json()["version"] == built.content_hash
        os.killpg(engine.process.pid, signal.SIGKILL)
        engine.process.wait()
        past_the_verdict()
        down = client.get("/healthz")
    assert down.status_code == 503
    assert down.headers["Cache-Control"] == "no-store"
    body = down.get_json()
    assert body["status"] == "unavailable" and body["backend"] == "sparql"
    assert engine.query in body["detail"] and "cannot be reached" in body["detail"]
    assert client.get("/sparql", query_string={"query": PHASES}).status_code == 502


def test_healthz_is_503_when_the_engine_no_longer_holds_the_served_release(
    config: Config, built: stores.BuildResult, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        engine = stack.enter_context(loaded_engine(tmp_path, config))
        client = sparql_client(config, engine)
        assert client.get("/healthz").status_code == 200
        # What a load of another release does first: its ETags would no longer tell the truth.
        deleted = requests.delete(engine.store, params={"graph": GRAPH_RELEASE}, timeout=30)
        assert deleted.status_code in (200, 204), deleted.text
        past_the_verdict()
        down = client.get("/healthz")
    assert down.status_code == 503
    assert f"no longer holds release {built.content_hash[:12]}" in down.get_json()["detail"]


# ---- the embedded backend -----------------------------------------------------------------------


def test_healthz_is_503_when_the_served_store_was_removed(tmp_path: Path) -> None:
    config = load_config({"input_dir": str(ROOT), "data_dir": str(tmp_path / "data")}, environ={})
    served = stores.build(config)
    client = create_app(config).test_client()
    assert client.get("/healthz").status_code == 200
    store = stores.current_store(config).path
    shutil.move(store, tmp_path / "elsewhere")  # as the build after next prunes it
    past_the_verdict()
    down = client.get("/healthz")
    assert down.status_code == 503
    body = down.get_json()
    assert body["backend"] == "embedded" and body["version"] == served.content_hash
    assert "was removed" in body["detail"]


# ---- a balancer in front of two sparql replicas -------------------------------------------------


def require_nginx() -> None:
    if nginx_program() is None:
        if IN_CI:
            pytest.fail("CI=true but nginx is missing (`apt-get install -y nginx`)")
        pytest.skip("nginx is not installed (`apt-get install -y nginx`)")


@pytest.mark.server
def test_balancer_fails_over_from_a_replica_whose_engine_dies_under_load(
    config: Config, built: stores.BuildResult, tmp_path: Path
) -> None:
    require_nginx()
    with ExitStack() as stack:
        engines: list[Engine] = []
        replicas: list[LiveServer] = []
        for name in ("a", "b"):
            folder = tmp_path / name
            engines.append(stack.enter_context(loaded_engine(folder, config)))
            server = live_server(
                Path(config.data_dir),
                folder / "replica.log",
                backend="sparql",
                sparql_url=engines[-1].query,
                workers=2,
                threads=4,
            )
            replicas.append(stack.enter_context(server))
        proxy = stack.enter_context(cache_proxy(tmp_path / "nginx", [r.url for r in replicas]))
        answers, killed_at = ask_under_load(proxy, kill=lambda: kill(engines[0]))
        # A verdict stands VERDICT_SECONDS: one taken just before the kill may still be served.
        past_the_verdict()
        health = [requests.get(r.url + "/healthz", timeout=30) for r in replicas]
        after_kill = replicas[0].log_lines()
    assert killed_at > 20 and len(answers) - killed_at > 20, (killed_at, len(answers))
    failed = [(what, status) for what, status in answers if status != 200]
    assert not failed, failed[:5]
    assert health[0].status_code == 503 and health[1].status_code == 200, health[0].text
    assert "cannot be reached" in health[0].json()["detail"]
    # The dead engine's replica was asked after the kill, and nginx answered from the other.
    assert any(re.search(r'"status": 502\b', line) for line in after_kill)


def kill(engine: Engine) -> None:
    os.killpg(engine.process.pid, signal.SIGKILL)
    engine.process.wait()


def ask_under_load(
    proxy: CacheProxy, *, kill: Callable[[], None], clients: int = 4, each: int = 40
) -> tuple[list[tuple[str, int]], int]:
    """``clients`` threads, each sending ``each`` requests through the proxy (queries no cache
    holds yet, posted queries, a page), with ``kill()`` called once a third are answered.
    Returns every (request, status) and how many were answered before the kill."""
    answers: list[tuple[str, int]] = []
    killed_at: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + 120

    def client(number: int) -> None:
        with requests.Session() as session:
            for turn in range(each):
                if time.monotonic() > deadline:
                    return
                marker = f"load-{number}-{turn}"
                kind = turn % 3
                try:
                    if kind == 0:  # a new text each time: every one reaches a replica
                        query = f'SELECT ?m ?n WHERE {{ BIND("{marker}" AS ?m) ?p zh:ordinal ?n }}'
                        response = session.get(
                            proxy.url + "/sparql", params={"query": query}, timeout=30
                        )
                    elif kind == 1:  # posted: never cached
                        response = session.post(
                            proxy.url + "/sparql", data={"query": PHASES}, timeout=30
                        )
                    else:
                        response = session.get(
                            proxy.url + "/doc/operation/zhusan/phase/2",
                            headers={"Accept": "text/turtle"},
                            timeout=30,
                        )
                    status = response.status_code
                except requests.RequestException:
                    status = 0
                with lock:
                    answers.append((f"{kind} {marker}", status))
                    if not killed_at and len(answers) >= clients * each // 3:
                        killed_at.append(len(answers))
                        kill()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, killed_at[0] if killed_at else 0
