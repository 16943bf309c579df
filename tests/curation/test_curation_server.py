"""The curation server writes into graph/, so it refuses what another site could make a
browser send, every address but loopback, and any file outside the sources folder; and the
served application (`zhusan-kg serve`) has no route that writes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.app import create_app
from server.cli import main
from server.core.config import Config
from server.curation.app import COOKIE, HEADER, check_bind, create_curation_app
from server.curation.sources import CurationError
from server.curation.workspace import Workspace
from server.store import disk as stores

from .conftest import Copy
from .zhusan6 import annotation

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@pytest.fixture
def client(registered: tuple[Workspace, str]) -> FlaskClient:
    workspace, _key = registered
    client = create_curation_app(workspace).test_client()
    client.get("/")  # receives its token cookie
    return client


def token(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and len(cookie.value) >= 32
    return cookie.value


def post_annotation(client: FlaskClient, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    response = client.post(
        "/source/005/annotations",
        data=json.dumps({"annotation": annotation(0)}),
        content_type="application/json",
        headers=headers,
    )
    return response.status_code, response.get_json()


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", ""])
def test_a_non_loopback_bind_is_refused(host: str) -> None:
    with pytest.raises(CurationError, match="loopback"):
        check_bind(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_a_loopback_bind_is_allowed(host: str) -> None:
    check_bind(host)


def test_curate_command_refuses_a_public_address(
    copy: Copy, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "--input-dir",
            str(copy.inputs),
            "curate",
            "--host",
            "0.0.0.0",
            "--sources",
            str(copy.sources),
        ]
    )
    assert status == 2
    assert "refusing to listen on '0.0.0.0'" in capsys.readouterr().err


def test_a_post_with_the_session_token_is_accepted(client: FlaskClient) -> None:
    status, body = post_annotation(client, {HEADER: token(client), "Origin": "http://localhost"})
    assert status == 200, body
    assert body["fact"] == "https://w3id.org/zhusan/id/count/005/zhusan-2/children"
    assert body["disagreements"]  # 160 children where source 000 says 156


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no token
        {HEADER: "wrong"},
        {HEADER: ""},
    ],
)
def test_a_post_without_the_right_token_is_refused(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    status, body = post_annotation(client, headers)
    assert status == 403
    assert "CSRF" in str(body["error"])


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://localhost:9999"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_cross_site_post_is_refused_even_with_the_token(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    status, body = post_annotation(client, {HEADER: token(client), **headers})
    assert status == 403
    assert "refused" in str(body["error"])


def test_a_post_without_the_cookie_is_refused(registered: tuple[Workspace, str]) -> None:
    workspace, _ = registered
    fresh = create_curation_app(workspace).test_client()
    status, _body = post_annotation(fresh, {HEADER: "x" * 43})
    assert status == 403


def test_a_foreign_host_name_is_refused(client: FlaskClient) -> None:
    """A DNS name rebound to 127.0.0.1 still carries its own Host."""
    response = client.get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 421


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd",
        "/etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "../inputs/graph/reference.trig",
        "sub/../x.txt",
    ],
)
def test_a_file_outside_the_sources_folder_is_refused(client: FlaskClient, name: str) -> None:
    response = client.post(
        "/sources", data={"file": name, "language": "en", "csrf_token": token(client)}
    )
    assert response.status_code == 400
    assert (
        "sources folder" in response.get_json()["error"]
        or "file name" in response.get_json()["error"]
    )


@pytest.mark.parametrize("key", ["..", "..%2F..%2Fetc", "5", "0000", "abc"])
def test_a_source_key_is_three_digits(client: FlaskClient, key: str) -> None:
    assert client.get(f"/source/{key}").status_code in {400, 404}


def test_a_text_of_the_sources_folder_registers_through_the_form(
    client: FlaskClient, registered: tuple[Workspace, str]
) -> None:
    workspace, _ = registered
    (workspace.sources / "new-report.txt").write_text("A second made-up report, 7 lines.\n")
    page = client.get("/").get_data(as_text=True)
    assert "new-report.txt" in page
    response = client.post(
        "/sources",
        data={"file": "new-report.txt", "language": "en", "csrf_token": token(client)},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/source/006")
    assert "made-up report" in client.get("/source/006").get_data(as_text=True)


def test_the_source_page_highlights_the_spans_in_use(client: FlaskClient) -> None:
    post_annotation(client, {HEADER: token(client)})
    page = client.get("/source/005").get_data(as_text=True)
    assert '<mark data-start="' in page and "160 children</mark>" in page
    assert "Disagrees with another source" in page


@pytest.fixture(scope="module")
def served_app(config: Config, built: stores.BuildResult) -> Iterator[Flask]:
    application = create_app(config)
    yield application
    application.extensions["zhusan"].backend.close()


def test_the_served_application_has_no_write_route(served_app: Flask) -> None:
    rules = list(served_app.url_map.iter_rules())
    assert len(rules) > 10
    for rule in rules:
        methods = set(rule.methods or ())
        if rule.rule == "/sparql":
            # POST carries a query (read-only: updates are refused with 403 before anything runs).
            assert methods - READ_METHODS == {"POST"}, rule
        else:
            assert methods <= READ_METHODS, f"{rule.rule} allows {sorted(methods - READ_METHODS)}"
    assert not any("curat" in rule.endpoint for rule in rules)
