"""Replication of the embedded store: two replicas built from the same inputs into separate data
folders, behind nginx on loopback (the recipe of docs/replication.md). Both answer with the same
content hash and the same ETags; when one is killed, every request still succeeds."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import requests

from bench.cache_proxy import nginx, nginx_program
from bench.live_server import LiveServer, live_server
from server.core.config import load_config
from server.store import disk as stores

from ..conftest import IN_CI, ROOT

pytestmark = pytest.mark.server

PHASES = "SELECT ?phase ?n WHERE { ?phase a zh:Phase ; zh:ordinal ?n } ORDER BY ?n"
CONSTRUCT = "CONSTRUCT { ?p zh:ordinal ?n } WHERE { ?p a zh:Phase ; zh:ordinal ?n }"

# (method, path, parameters, headers): requests whose answers carry an ETag.
REQUESTS: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
    ("GET", "/sparql", {"query": PHASES}, {"Accept": "application/sparql-results+json"}),
    ("POST", "/sparql", {"query": CONSTRUCT}, {"Accept": "text/turtle"}),
    ("GET", "/doc/operation/zhusan/phase/2", {}, {"Accept": "text/turtle"}),
    ("GET", "/ontology", {}, {"Accept": "application/n-triples"}),
    (
        "GET",
        "/store",
        {"graph": "https://w3id.org/zhusan/graph/reference"},
        {"Accept": "application/n-triples"},
    ),
    ("GET", "/dumps/zhusan.nq.gz", {}, {}),
]

# The site nginx serves in front of the replicas (no cache: the answers must come from them).
SITE = """\
upstream zhusan {{
{servers}
    keepalive 16;
}}
server {{
    listen 127.0.0.1:{port};
    location / {{
        proxy_pass http://zhusan;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        # The endpoint is read-only, so a POSTed query is as safe to try again as a GET.
        proxy_next_upstream error timeout http_502 http_503 non_idempotent;
        proxy_next_upstream_tries 2;
        proxy_connect_timeout 2s;
        proxy_read_timeout 60s;
    }}
}}
"""


def require_nginx() -> None:
    if nginx_program() is None:
        if IN_CI:
            pytest.fail("CI=true but nginx is missing (`apt-get install -y nginx`)")
        pytest.skip("nginx is not installed (`apt-get install -y nginx`)")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[LiveServer]]:
    """Two `zhusan-kg serve` replicas, each built from the same inputs in its own data folder."""
    folder = tmp_path_factory.mktemp("replicas")
    with ExitStack() as stack:
        running = []
        for name in ("a", "b"):
            data = folder / name
            stores.build(load_config({"input_dir": str(ROOT), "data_dir": str(data)}, environ={}))
            log = folder / f"{name}.log"
            running.append(stack.enter_context(live_server(data, log, workers=2, threads=4)))
        yield running


@pytest.fixture(scope="module")
def balancer(replicas: list[LiveServer], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on a free loopback port, in front of both replicas."""
    require_nginx()
    servers = "\n".join(
        f"    server {r.url.removeprefix('http://')} max_fails=1 fail_timeout=30s;"
        for r in replicas
    )
    with nginx(
        tmp_path_factory.mktemp("nginx"), lambda port: SITE.format(servers=servers, port=port)
    ) as proxy:
        yield proxy.url


def ask(base: str, request: tuple[str, str, dict[str, str], dict[str, str]]) -> requests.Response:
    method, path, params, headers = request
    if method == "POST":
        return requests.post(base + path, data=params, headers=headers, timeout=30)
    return requests.get(base + path, params=params, headers=headers, timeout=30)


def test_replicas_built_apart_serve_one_release_with_the_same_etags(
    replicas: list[LiveServer],
) -> None:
    health = [requests.get(r.url + "/healthz", timeout=30).json() for r in replicas]
    assert health[0]["version"] == health[1]["version"]
    for request in REQUESTS:
        a, b = (ask(r.url, request) for r in replicas)
        assert a.status_code == b.status_code == 200, request
        assert a.headers["ETag"] and a.headers["ETag"] == b.headers["ETag"], request
        assert a.content == b.content, request


def test_balancer_spreads_requests_over_both_replicas(
    balancer: str, replicas: list[LiveServer]
) -> None:
    markers = [f"spread-{n}" for n in range(12)]
    for marker in markers:
        query = f'SELECT ?m WHERE {{ BIND("{marker}" AS ?m) }}'
        assert requests.get(balancer + "/sparql", params={"query": query}, timeout=30).ok
    time.sleep(0.3)
    for replica in replicas:
        log = "\n".join(replica.log_lines())
        assert any(marker in log for marker in markers), f"{replica.url} got no request"


def test_killing_a_replica_loses_no_request(balancer: str, replicas: list[LiveServer]) -> None:
    expected = [ask(balancer, request).headers["ETag"] for request in REQUESTS]
    answers: list[tuple[int, int, str | None]] = []  # (request number, status, ETag)
    stop = threading.Event()

    def keep_asking(turn: int) -> None:
        with requests.Session() as session:
            while not stop.is_set():
                number = turn % len(REQUESTS)
                method, path, params, headers = REQUESTS[number]
                turn += 1
                try:
                    response = session.request(
                        method,
                        balancer + path,
                        params=params if method == "GET" else None,
                        data=params if method == "POST" else None,
                        headers=headers,
                        timeout=30,
                    )
                    status, etag = response.status_code, response.headers.get("ETag")
                except requests.RequestException as error:
                    status, etag = 0, repr(error)
                answers.append((number, status, etag))

    askers = [threading.Thread(target=keep_asking, args=(n,)) for n in range(4)]
    for thread in askers:
        thread.start()
    time.sleep(1.0)
    before = len(answers)
    os.killpg(replicas[0].process.pid, signal.SIGKILL)  # the replica and all its processes
    replicas[0].process.wait()
    time.sleep(3.0)
    stop.set()
    for thread in askers:
        thread.join()
    assert before > 10 and len(answers) - before > 10, (before, len(answers))
    failed = [(REQUESTS[n][1], status, etag) for n, status, etag in answers if status != 200]
    assert not failed, failed[:5]
    wrong = [(REQUESTS[n][1], etag) for n, _, etag in answers if etag != expected[n]]
    assert not wrong, wrong[:5]
    for number, request in enumerate(REQUESTS):  # and afterwards, from the survivor alone
        assert ask(balancer, request).headers["ETag"] == expected[number]
