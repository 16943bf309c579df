"""Hostile input against the real server: every answer is a 2xx or a 4xx (or the time limit's
503), no query process dies, nothing outside the served folders is read, no markup from the
data reaches a page unescaped, and no connection ever leaves the server."""

from __future__ import annotations

import http.client
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import psutil
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.live_server import LiveServer
from server.core.config import SETTINGS
from server.sparql.endpoint import MAX_NESTING
from server.store import disk as stores

from ..conftest import ROOT
from ..sparql.test_sparql_protocol import Listener
from ..store.test_build import config_for

pytestmark = pytest.mark.server

MARKUP = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
MAX_BODY = 262_144
TIMEOUT = 3.0
PHASES = "SELECT ?phase WHERE { ?phase a zh:Phase }"


def with_markup(target: Path) -> Path:
    """A copy of the inputs where every language-tagged literal ends with MARKUP."""
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, target / folder)
    changed = 0
    for path in [*(target / "graph").glob("*.trig"), *(target / "ontology").glob("*.ttl")]:
        text, count = re.subn(r'(?<!")"@(en|ru|fr|kk)\b', MARKUP + r'"@\1', path.read_text("utf-8"))
        path.write_text(text, encoding="utf-8")
        changed += count
    assert changed > 500, "the inputs have fewer labels than expected"
    return target


@pytest.fixture(scope="module")
def hostile_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_markup(tmp_path_factory.mktemp("hostile") / "in")


@pytest.fixture(scope="module")
def served_data(hostile_inputs: Path) -> Path:
    """The server serves a build of the marked-up inputs, not the session's."""
    data = hostile_inputs.parent / "data"
    stores.build(config_for(hostile_inputs, data))
    return data


@pytest.fixture(scope="module")
def server_settings(hostile_inputs: Path) -> dict[str, object]:
    return {"input_dir": hostile_inputs, "query_timeout": TIMEOUT, "max_body": MAX_BODY}


@pytest.fixture
def listener() -> Iterator[Listener]:
    watcher = Listener()
    yield watcher
    watcher.close()


def raw_get(
    server: LiveServer, target: str, headers: dict[str, str] | None = None
) -> tuple[int, str, http.client.HTTPMessage]:
    """GET exactly ``target``, unnormalised (requests would resolve dots and re-encode)."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), response.headers
    finally:
        connection.close()


def query_processes(server: LiveServer) -> set[int]:
    """The query processes: grandchildren of gunicorn's workers, under their fork servers."""
    return {
        p.pid
        for worker in psutil.Process(server.process.pid).children()
        for p in worker.children(recursive=True)
        if p.ppid() != worker.pid
    }


def crashes(server: LiveServer) -> list[str]:
    return [line for line in server.log_lines() if "query worker died" in line]


def post_query(server: LiveServer, query: str) -> requests.Response:
    return requests.post(
        server.sparql,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )


# ---- malformed, enormous and deeply nested queries ------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT",
        "SELECT * WHERE {",
        "}}}}}}",
        "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
        "SELECT * WHERE { ?s ?p 'unterminated }",
        "PREFIX : <bad iri> SELECT * {}",
        "SELECT * WHERE { ?s <http://example.org/\u0000> ?o }",
        "\u0000\u0001\u0002",
        "SELECT (" * 50,
    ],
)
def test_malformed_query_is_400(server: LiveServer, query: str) -> None:
    response = post_query(server, query)
    assert response.status_code == 400, response.text[:300]


def test_query_over_the_body_cap_is_413(server: LiveServer) -> None:
    response = post_query(server, "# " + "x" * MAX_BODY + "\n" + PHASES)
    assert response.status_code == 413


def test_query_longer_than_a_request_line_is_414(server: LiveServer) -> None:
    status, _, _ = raw_get(server, "/sparql?query=" + quote("# " + "x" * 9000 + "\n" + PHASES))
    assert status == 414


NESTED = {
    "groups": "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "negations": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 5000 + "true) }",
    "exists": "SELECT * { ?s ?p ?o " + "FILTER EXISTS { " * 2500 + "?s ?p ?o" + " }" * 2500 + " }",
    "subqueries": "SELECT * WHERE { " * 2500 + "?s ?p ?o" + " }" * 2500,
}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_deeply_nested_query_is_400_and_no_query_process_dies(
    server: LiveServer, shape: str
) -> None:
    before = query_processes(server)
    response = post_query(server, NESTED[shape])
    assert response.status_code == 400, response.text[:300]
    assert "levels deep" in response.text
    assert query_processes(server) == before
    assert phase_count(server) == 5


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 12000) + " }",
        "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * 20000) + " > 0) }",
        "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(6000)) + " }",
    ],
    ids=["union-chain", "sum-chain", "bind-chain"],
)
def test_long_flat_query_is_answered_without_crashing_a_query_process(
    server: LiveServer, query: str
) -> None:
    assert len(query.encode()) < MAX_BODY
    response = post_query(server, query)
    assert response.status_code in {200, 503}, response.text[:300]
    assert not crashes(server)


# ---- bytes that are not UTF-8, headers that are too large ------------------------------------------


def test_query_string_that_is_not_utf8_is_400(server: LiveServer) -> None:
    status, text, _ = raw_get(server, "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%22%FF%FE%22%7D")
    assert status == 400 and "UTF-8" in text


def test_form_that_is_not_utf8_is_400(server: LiveServer) -> None:
    response = requests.post(
        server.sparql,
        data=b"query=SELECT%20*%20%7B%3Fs%20%3Fp%20%22%C3%28%22%7D",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert response.status_code == 400 and "UTF-8" in response.text


def test_body_that_is_not_utf8_is_400(server: LiveServer) -> None:
    response = requests.post(
        server.sparql,
        data=b'SELECT * { ?s ?p "\xc0\xaf" }',
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 400 and "UTF-8" in response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Padding": "a" * 9000},
        {f"X-Header-{i}": "a" for i in range(150)},
        {"Accept": ",".join(["text/csv;q=0.5"] * 1000)},
        {"Cookie": "a=" + "b" * 20000},
    ],
    ids=["one-huge", "too-many", "huge-accept", "huge-cookie"],
)
def test_oversized_headers_are_refused_and_the_server_goes_on(
    server: LiveServer, headers: dict[str, str]
) -> None:
    status, _, _ = raw_get(server, "/sparql?query=" + quote(PHASES), headers)
    assert 400 <= status < 500
    assert phase_count(server) == 5


# ---- paths that try to leave the served folders -----------------------------------------------------

TRAVERSALS = [
    "/static/../server/app.py",
    "/static/%2e%2e/server/app.py",
    "/static/..%2fserver%2fapp.py",
    "/static/%2e%2e%2fserver%2fapp.py",
    "/static/..%5cserver%5capp.py",
    "/static/%252e%252e%252fserver%252fapp.py",
    "/static/....//server/app.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../../../../etc/passwd",
    "/dumps/..%2F..",
    "/dumps/..%2F..%2Fserver%2Fapp.py",
    "/dumps/%2e%2e%2fmanifest.json",
    "/dumps/..",
    "/dumps/../manifest.json",
    "/dumps/..%2Fmanifest.json",
    "/dumps/%2Fetc%2Fpasswd",
    "/dumps/%00",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_reads_nothing_outside_the_served_folders(
    server: LiveServer, target: str
) -> None:
    status, text, headers = raw_get(server, target)
    if status in {301, 308}:  # "//" merged into "/": the new path must still lead nowhere
        location = urlsplit(headers["Location"])
        assert location.netloc in {"", urlsplit(server.url).netloc}
        status, text, _ = raw_get(server, location.path)
    assert 400 <= status < 500, (status, text[:200])
    for secret in ("def create_app", "root:x:0:0", '"content_hash"', "import "):
        assert secret not in text


# ---- odd IRIs and paths ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/doc/%00",
        "/doc/a%0Ab",
        "/doc/a%20b",
        "/doc/%FF",
        "/doc/a%7Bb%7D",
        "/doc/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/id/<script>alert(1)</script>",
        "/id/%3Cscript%3E",
        "/doc/" + "a" * 7000,
        "/doc/operation/zhusan.%00",
        "/doc/operation/zhusan?lang=%3Cscript%3E",
        "/search?q=%00%FF",
        "/search?q=" + "a" * 7000,
        "/store?graph=%00",
    ],
)
def test_odd_paths_are_answered_without_a_server_error(server: LiveServer, target: str) -> None:
    for accept in ("text/html", "text/turtle", "application/json"):
        status, text, headers = raw_get(server, target, {"Accept": accept})
        assert status < 500, (status, text[:300])
        if headers.get("Content-Type", "").startswith("text/html"):
            assert MARKUP not in text and "<script>alert" not in text


# ---- markup in the data ------------------------------------------------------------------------------

SEEDS = [
    "/",
    "/doc/operation/zhusan",
    "/search?q=Zhusan",
    "/search?q=" + quote(MARKUP),
    "/browse",
    "/ontology",
    "/queries",
    "/consistency",
    "/timeline",
    "/chart",
    "/sparql",
    "/dumps",
]


def test_markup_in_labels_is_escaped_on_every_page(server: LiveServer) -> None:
    """Pages from the seeds and the local links they hold, up to 80: none shows the markup raw."""
    seen: set[str] = set()
    queue = list(SEEDS)
    shown = 0
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = requests.get(server.url + path, headers={"Accept": "text/html"}, timeout=30)
        assert response.status_code < 500, (path, response.status_code)
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        assert MARKUP not in response.text and "<script>alert" not in response.text, path
        shown += ESCAPED in response.text
        for href in re.findall(r'href="([^"#]+)', response.text):
            link = urlsplit(urljoin(server.url + path, href.replace("&amp;", "&")))
            if link.netloc == urlsplit(server.url).netloc and not link.path.startswith("/static"):
                queue.append(link.path + (f"?{link.query}" if link.query else ""))
    assert len(seen) >= 40, f"only {len(seen)} pages were reachable"
    assert shown >= 30, f"the labels with markup were shown on only {shown} pages"
    entity = requests.get(
        server.url + "/doc/operation/zhusan", headers={"Accept": "text/html"}, timeout=30
    )
    assert ESCAPED in entity.text


# ---- SERVICE and LOAD -----------------------------------------------------------------------------


def service_queries(address: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{address}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{address}> {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <{address}#> SELECT * WHERE {{ SERVICE remote: {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{address}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE <{address}> {{ ?s ?p ?o }} }} }}",
    ]


def test_service_and_load_at_a_local_address_are_refused_without_a_connection(
    server: LiveServer, listener: Listener
) -> None:
    address = f"http://127.0.0.1:{listener.port}/sparql"
    for query in service_queries(address):
        response = requests.get(server.sparql, params={"query": query}, timeout=30)
        assert response.status_code == 403, (query, response.status_code)
    for load in (f"LOAD <{address}>", f"LOAD SILENT <{address}> INTO GRAPH <urn:x>"):
        by_get = requests.get(server.sparql, params={"query": load}, timeout=30)
        by_form = requests.post(server.sparql, data={"update": load}, timeout=30)
        by_body = requests.post(
            server.sparql,
            data=load.encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        )
        assert {by_get.status_code, by_form.status_code, by_body.status_code} == {403}
    graph = requests.get(
        server.sparql,
        params={"query": "SELECT * { ?s ?p ?o } LIMIT 1", "default-graph-uri": address},
        timeout=30,
    )
    assert graph.status_code == 200
    listener.thread.join(0.5)
    assert listener.connections == 0


def test_service_and_load_at_a_remote_address_are_refused(server: LiveServer) -> None:
    # .invalid never resolves (RFC 2606): were the refusal broken, not even a lookup could leave.
    address = "http://sparql.example.invalid/sparql"
    for query in [*service_queries(address), f"LOAD <{address}>"]:
        response = requests.get(server.sparql, params={"query": query}, timeout=30)
        assert response.status_code == 403, (query, response.status_code)


# ---- generated queries and headers ------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "*", "{", "}", "(", ")", "[", "]",
        ".", ";", ",", "?s", "?p", "?o", "$x", "_:b", "<urn:x>", "<http://example.org/a>",
        "zh:Phase", "rdfs:label", "a", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
        "VALUES", "BIND", "AS", "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "HAVING",
        "COUNT(*)", "DISTINCT", "REGEX(?o, '(a+)+$')", "STR(?o)", "LANG(?o)", "1", "-1",
        "1e400", "'x'", '"y"@en', "'''z'''", '"\\u0000"', "true", "!", "&&", "||", "=",
        "<", ">", "+", "/", "^", "|", "#", "\n", "PREFIX ex: <http://example.org/>",
        "BASE <http://example.org/>", "SERVICE", "LOAD", "INSERT DATA", "\u0000", "\ufeff",
        "\U0001f600", "«Жусан»",
    ]
)  # fmt: skip
QUERIES = st.one_of(
    st.lists(FRAGMENTS, max_size=40).map(" ".join),
    st.text(max_size=300),
    st.builds(lambda inner: f"SELECT * WHERE {{ {inner} }}", st.text(max_size=200)),
)


def acceptable(response: requests.Response) -> bool:
    if response.status_code < 500:
        return True
    return response.status_code == 503 and "time limit" in response.text


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES, how=st.sampled_from(["get", "form", "body"]))
def test_generated_queries_get_a_2xx_or_4xx(server: LiveServer, query: str, how: str) -> None:
    if how == "get":
        response = requests.get(server.sparql, params={"query": query}, timeout=60)
    elif how == "form":
        response = requests.post(server.sparql, data={"query": query}, timeout=60)
    else:
        response = post_query(server, query)
    assert acceptable(response), (response.status_code, response.text[:300])


HEADER_NAMES = (
    "Accept-Language", "Accept-Encoding", "Content-Type", "If-None-Match",
    "If-Modified-Since", "Origin", "Range", "Cookie", "X-Forwarded-For", "Host",
    "Forwarded", "Authorization", "X-Requested-With", "Cache-Control",
)  # fmt: skip
# Header values travel as latin-1; CR, LF and NUL would end or break the header line itself.
HEADER_VALUES = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"),
    max_size=200,
)
ROUTES = st.sampled_from(
    [
        "/sparql?query=" + quote(PHASES),
        "/sparql",
        "/doc/operation/zhusan",
        "/id/operation/zhusan",
        "/",
        "/search?q=Zhusan",
        "/dumps",
        "/store?default",
        "/healthz",
        "/ontology",
    ]
)
ACCEPTS = st.one_of(
    HEADER_VALUES,
    st.lists(
        st.sampled_from(
            [
                "text/html", "text/turtle", "application/json", "*/*", "text/*", "image/png",
                "application/sparql-results+json", "text/csv;q=0.5", ";q=", "q=1.5", "*/*;q=0",
                "text/turtle;q=abc", "application/ld+json;profile=x", "ä/ö", "text/html;level=1",
            ]
        ),
        max_size=6,
    ).map(", ".join),
)  # fmt: skip


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=ROUTES,
    headers=st.fixed_dictionaries(
        {"Accept": ACCEPTS}, optional=dict.fromkeys(HEADER_NAMES, HEADER_VALUES)
    ),
)
def test_generated_headers_get_a_2xx_3xx_or_4xx(
    server: LiveServer, route: str, headers: dict[str, str]
) -> None:
    status, text, _ = raw_get(server, route, {k: v.strip() for k, v in headers.items()})
    assert status < 500, (status, text[:300])


def test_no_query_process_crashed_during_this_module(server: LiveServer) -> None:
    assert not crashes(server)
    assert phase_count(server) == 5


def phase_count(server: LiveServer) -> int:
    response = requests.get(server.sparql, params={"query": PHASES}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return len(response.json()["results"]["bindings"])


# ---- the documented limits -----------------------------------------------------------------------

LIMITS = (
    "query_timeout", "max_rows", "max_body", "max_result_bytes", "queue_wait", "cache_bytes",
    "workers", "threads", "query_workers", "cors_origin",
)  # fmt: skip


def test_security_md_states_every_limit_with_its_current_default() -> None:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `")
    }
    for setting in SETTINGS:
        if setting.name in LIMITS:
            assert f"`{setting.env}`" in rows, f"{setting.env} is missing from SECURITY.md"
            assert f"| `{setting.default}` |" in rows[f"`{setting.env}`"], setting.env
    assert f"| {MAX_NESTING} levels" in text
