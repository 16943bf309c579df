"""The browser harness itself, against a throwaway static site: it renders, records and blocks
requests to other origins, takes screenshots, and can switch JavaScript off."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Request

from ..conftest import ARTIFACTS_VARIABLE, ROOT
from .harness import BrowserSession, origin_of

# TEST-NET-3 (RFC 5737): reserved for documentation, routed nowhere; the harness aborts the
# request before Chromium would even try.
FOREIGN_IMAGE = "http://203.0.113.1/x.png"
SCRIPT_TEXT = "written by app.js"
STATIC_TEXT = "Written in the HTML"

INDEX_HTML = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness check</title></head>
<body>
  <h1>{STATIC_TEXT}</h1>
  <p id="out"></p>
  <img src="{FOREIGN_IMAGE}" alt="">
  <script src="/app.js"></script>
</body>
</html>
"""
APP_JS = f'document.getElementById("out").textContent = "{SCRIPT_TEXT}";\n'


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A static site on a free loopback port, served from a thread; yields its base URL."""
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    (root / "app.js").write_text(APP_JS, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_origin_spells_out_the_default_port() -> None:
    assert origin_of("http://127.0.0.1/a") == origin_of("HTTP://127.0.0.1:80/b?c")
    assert origin_of("http://127.0.0.1:8000/") != origin_of("http://127.0.0.1:8001/")
    assert origin_of("https://example.org/") != origin_of("http://example.org/")


@pytest.mark.browser
def test_page_runs_its_local_script(browser: Browser, site: str) -> None:
    with BrowserSession(browser, site) as session:
        page = session.open("/")
        assert page.text_content("#out") == SCRIPT_TEXT
        assert session.page_errors == []


@pytest.mark.browser
def test_foreign_requests_lists_only_the_other_origin(browser: Browser, site: str) -> None:
    with BrowserSession(browser, site) as session:
        failures: list[tuple[str, str | None]] = []

        def record_failure(request: Request) -> None:
            failures.append((request.url, request.failure))

        session.page.on("requestfailed", record_failure)
        session.open("/")
        assert f"{site}/" in session.requests
        assert f"{site}/app.js" in session.requests
        assert session.foreign_requests() == [FOREIGN_IMAGE]
        assert session.foreign_requests(FOREIGN_IMAGE) == [f"{site}/", f"{site}/app.js"]
        # Aborted by the harness's route (Chromium says ERR_BLOCKED_BY_CLIENT.Inspector), not
        # failed on the network.
        assert [url for url, _ in failures] == [FOREIGN_IMAGE]
        assert (failures[0][1] or "").startswith("net::ERR_BLOCKED_BY_CLIENT")


@pytest.mark.browser
def test_screenshot_writes_a_png(browser: Browser, site: str, screenshots: Path) -> None:
    target = screenshots / "browser-harness.png"
    target.unlink(missing_ok=True)
    with BrowserSession(browser, site, screenshots=screenshots) as session:
        session.open("/")
        path = session.screenshot("browser-harness")
    assert path == target
    if ARTIFACTS_VARIABLE not in os.environ:  # no test writes into the checkout
        assert ROOT not in path.parents
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert path.stat().st_size > 1000


@pytest.mark.browser
def test_screenshot_name_cannot_leave_the_folder(
    browser: Browser, site: str, screenshots: Path
) -> None:
    with (
        BrowserSession(browser, site, screenshots=screenshots) as session,
        pytest.raises(ValueError),
    ):
        session.screenshot("../escape")
    assert not (screenshots.parent / "escape.png").exists()


@pytest.mark.browser
def test_without_javascript_the_script_text_is_absent(browser: Browser, site: str) -> None:
    with BrowserSession(browser, site, java_script_enabled=False) as session:
        page = session.open("/")
        assert page.text_content("h1") == STATIC_TEXT
        assert page.text_content("#out") == ""
        assert SCRIPT_TEXT not in page.content()
