"""The recommended public deployment, deploy/nginx.conf, run as written: nginx on loopback
caching the answers of `zhusan-kg serve` (embedded store) by their validators. A repeated
query is a cache hit with the same body; an expired entry is revalidated with If-None-Match
(304 while the release is the same, the cached body served again); after a new release is
built and the server's workers restarted, the proxy serves the new answer, never the stale."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import requests

from bench.cache_proxy import RECIPE, CacheProxy, cache_proxy, nginx_program, render
from bench.live_server import LiveServer, live_server
from server.core.config import Config, load_config
from server.store import disk as stores

from ..conftest import IN_CI, ROOT

pytestmark = pytest.mark.server

FRESH_SECONDS = (
    2  # the recipe's ZHUSAN_PROXY_CACHE_SECONDS here: short, so entries expire in a test
)
Response = requests.Response
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
PHASES = "SELECT ?phase ?n WHERE { ?phase a zh:Phase ; zh:ordinal ?n } ORDER BY ?n"
# One figure of graph/source-000.trig, which the release test changes.
FIGURE_LINE = "zh:category <category/men> ; schema:value 33 ;"
FIGURE = (
    "SELECT ?value WHERE { ?count schema:value ?value "
    'FILTER(STRENDS(STR(?count), "count/000/zhusan-2019/men")) }'
)


@dataclass
class Deployment:
    inputs: Path
    config: Config
    app: LiveServer
    proxy: CacheProxy

    def upstream(self, path: str, status: int) -> int:
        """How many requests for ``path`` the server answered with ``status`` (access log)."""
        found = 0
        for line in self.app.log_lines():
            try:
                entry = json.loads(line[line.index("{") :])
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("path") == path:
                found += entry.get("status") == status
        return found


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """The server on a copy of the inputs (so that a test may change a figure), behind the
    recipe with answers fresh for FRESH_SECONDS."""
    if nginx_program() is None:
        if IN_CI:
            pytest.fail("CI=true but nginx is missing (`apt-get install -y nginx`)")
        pytest.skip("nginx is not installed (`apt-get install -y nginx`)")
    inputs = tmp_path / "inputs"
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, inputs / folder)
    config = load_config({"input_dir": str(inputs), "data_dir": str(tmp_path / "data")}, {})
    stores.build(config)
    with ExitStack() as stack:
        app = stack.enter_context(
            live_server(
                Path(config.data_dir), tmp_path / "app.log", input_dir=inputs, workers=2, threads=4
            )
        )
        proxy = stack.enter_context(
            cache_proxy(tmp_path / "nginx", [app.url], cache_seconds=FRESH_SECONDS)
        )
        yield Deployment(inputs, config, app, proxy)


def ask(deployment: Deployment, query: str, headers: dict[str, str] = JSON_RESULTS) -> Response:
    return requests.get(
        deployment.proxy.url + "/sparql", params={"query": query}, headers=headers, timeout=30
    )


def expire() -> None:
    # nginx counts freshness in whole seconds: an entry stored at 10.9 s is fresh until 12 s
    # is over, so expiry is FRESH_SECONDS plus up to one second away.
    time.sleep(FRESH_SECONDS + 1.5)


def test_the_recipe_is_filled_by_its_parameters_and_refused_without_one() -> None:
    text = RECIPE.read_text()
    with pytest.raises(ValueError, match="ZHUSAN_PROXY_CACHE_DIR"):
        render(
            text,
            {
                "ZHUSAN_PROXY_LISTEN": "80",
                "ZHUSAN_PROXY_SERVERS": "",
                "ZHUSAN_PROXY_CACHE_SECONDS": "1",
            },
        )
    filled = render(
        text,
        {
            "ZHUSAN_PROXY_LISTEN": "80",
            "ZHUSAN_PROXY_SERVERS": "server 10.0.0.1:8000;",
            "ZHUSAN_PROXY_CACHE_DIR": "/var/cache/zhusan",
            "ZHUSAN_PROXY_CACHE_SECONDS": "60",
        },
    )
    assert "${ZHUSAN_" not in filled
    assert "proxy_cache_revalidate on;" in filled and "$upstream_cache_status" in filled


def test_repeated_query_is_a_cache_hit_with_the_same_body(deployment: Deployment) -> None:
    first, second = ask(deployment, PHASES), ask(deployment, PHASES)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.content == first.content and second.headers["ETag"] == first.headers["ETag"]
    assert len(first.json()["results"]["bindings"]) > 1
    assert deployment.upstream("/sparql", 200) == 1


def test_answers_in_two_formats_are_cached_apart(deployment: Deployment) -> None:
    as_json = ask(deployment, PHASES)
    as_csv = ask(deployment, PHASES, {"Accept": "text/csv"})
    assert as_csv.headers["X-Cache-Status"] == "MISS"
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert as_json.headers["Content-Type"].startswith("application/sparql-results+json")
    assert ask(deployment, PHASES, {"Accept": "text/csv"}).content == as_csv.content


def test_an_unchanged_release_revalidates_with_304_and_serves_the_cached_body(
    deployment: Deployment,
) -> None:
    first = ask(deployment, PHASES)
    expire()
    again = ask(deployment, PHASES)
    assert again.headers["X-Cache-Status"] == "REVALIDATED"
    assert again.content == first.content and again.headers["ETag"] == first.headers["ETag"]
    assert deployment.upstream("/sparql", 304) == 1  # nginx asked with If-None-Match


def test_compressed_answers_are_cached_and_revalidated_apart(deployment: Deployment) -> None:
    query = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
    gzip = {**JSON_RESULTS, "Accept-Encoding": "gzip"}
    plain = {**JSON_RESULTS, "Accept-Encoding": "identity"}
    zipped, unzipped = ask(deployment, query, gzip), ask(deployment, query, plain)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in unzipped.headers
    assert zipped.content == unzipped.content  # requests decodes the gzip body
    expire()
    again = ask(deployment, query, gzip)
    assert again.headers["X-Cache-Status"] == "REVALIDATED"  # the app took its "…-gzip" ETag
    assert again.headers["Content-Encoding"] == "gzip" and again.content == zipped.content
    # Vary is honoured on the client's own spelling: another one is another copy, never the
    # identity copy for a client that takes gzip or the other way round.
    other = ask(deployment, query, {**JSON_RESULTS, "Accept-Encoding": "gzip, deflate, br"})
    assert other.headers["Content-Encoding"] == "gzip" and other.content == zipped.content
    assert deployment.upstream("/sparql", 304) == 1


def test_pages_are_cached_per_language(deployment: Deployment) -> None:
    def page(language: str) -> Response:
        return requests.get(
            deployment.proxy.url + "/doc/operation/zhusan",
            headers={"Accept": "text/html", "Accept-Language": language},
            timeout=30,
        )

    russian, french, russian_again = page("ru"), page("fr"), page("ru")
    assert "Accept-Language" in russian.headers["Vary"]
    assert russian.headers["Content-Language"] == "ru"
    assert french.headers["Content-Language"] == "fr" and french.text != russian.text
    assert russian_again.headers["X-Cache-Status"] == "HIT"
    assert russian_again.text == russian.text


def test_posted_queries_and_health_are_never_cached(deployment: Deployment) -> None:
    for _ in range(2):
        posted = requests.post(
            deployment.proxy.url + "/sparql", data={"query": PHASES}, headers=JSON_RESULTS
        )
        assert posted.status_code == 200
        assert posted.headers.get("X-Cache-Status") not in ("HIT", "REVALIDATED", "STALE")
        health = requests.get(deployment.proxy.url + "/healthz", timeout=30)
        assert health.status_code == 200 and health.headers["X-Cache-Status"] == "BYPASS"
    assert deployment.upstream("/sparql", 200) == 2


def test_a_new_release_replaces_the_cached_answer_once_it_expires(
    deployment: Deployment,
) -> None:
    before = ask(deployment, FIGURE)
    assert value_of(before) == "33"
    assert ask(deployment, FIGURE).headers["X-Cache-Status"] == "HIT"
    trig = deployment.inputs / "graph" / "source-000.trig"
    text = trig.read_text(encoding="utf-8")
    assert text.count(FIGURE_LINE) == 1
    trig.write_text(text.replace(FIGURE_LINE, FIGURE_LINE.replace("33", "34")), encoding="utf-8")
    release = stores.build(deployment.config)
    roll(deployment.app, release.content_hash)
    expire()
    after = ask(deployment, FIGURE)
    assert after.headers["X-Cache-Status"] in ("EXPIRED", "MISS")  # asked again, answered anew
    assert value_of(after) == "34"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["ETag"].strip('"').startswith(release.content_hash[:16])
    cached = ask(deployment, FIGURE)
    assert cached.headers["X-Cache-Status"] == "HIT" and value_of(cached) == "34"


def value_of(response: Response) -> str:
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert len(rows) == 1, rows
    return str(rows[0]["value"]["value"])


def roll(app: LiveServer, version: str) -> None:
    """What a deployment does after a build: SIGHUP to gunicorn, whose new workers open the new
    `current` store while the old ones finish their requests; back once none of them is left."""
    master = psutil.Process(app.process.pid)
    old = {child.pid for child in master.children()}
    os.kill(app.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 60
    while {child.pid for child in master.children()} & old:
        assert time.monotonic() < deadline, "the old workers did not stop"
        time.sleep(0.1)
    assert requests.get(app.url + "/healthz", timeout=30).json()["version"] == version


def test_a_compressed_document_revalidates_too(deployment: Deployment) -> None:
    def document() -> Response:
        return requests.get(
            deployment.proxy.url + "/doc/operation/zhusan",
            headers={"Accept": "text/turtle", "Accept-Encoding": "gzip"},
            timeout=30,
        )

    first = document()
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"].endswith('-gzip"')
    expire()
    again = document()
    assert again.headers["X-Cache-Status"] == "REVALIDATED"
    assert again.content == first.content
    assert deployment.upstream("/doc/operation/zhusan", 304) == 1
