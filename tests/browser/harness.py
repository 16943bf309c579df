"""Headless Chromium for the page tests: Debian's own browser driven by Playwright, with every
request recorded and every request to another origin aborted before it leaves the machine.

The `browser` fixture is registered once, in tests/browser/conftest.py (one Playwright instance
for the whole session: two would clash in one event loop); a test module imports only the
session::

    from .harness import BrowserSession

    @pytest.mark.browser
    def test_editor_loads(browser: Browser, server: LiveServer) -> None:
        with BrowserSession(browser, server.url) as session:
            session.open("/sparql")
            assert session.foreign_requests() == []
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request, Route

# Chromium's own traffic (updates, sync, field trials, QUIC probes) is switched off so that a
# test's record of requests holds only what the page asked for.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("data:", "blob:")
SCREENSHOT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
DEFAULT_TIMEOUT_MS = 15_000


def chromium_path() -> str:
    """The system Chromium (Debian's package); Playwright's own browser download is not used."""
    return shutil.which("chromium") or "/usr/bin/chromium"


def origin_of(url: str) -> str:
    """`scheme://host:port` with the default port spelled out, so equal origins compare equal."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


class BrowserSession:
    """One fresh browser context on one server: records every request URL, lets same-origin
    requests through and aborts the rest, and keeps the page's uncaught errors."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        *,
        java_script_enabled: bool = True,
        screenshots: Path | None = None,
        viewport: tuple[int, int] | None = None,
        bypass_csp: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.screenshots = screenshots
        self.origin = origin_of(self.base_url)
        self.requests: list[str] = []
        self.page_errors: list[str] = []
        # bypass_csp lets a test inject its own checker (axe-core) into a page whose policy
        # refuses every script but the server's.
        self.context = browser.new_context(
            java_script_enabled=java_script_enabled,
            service_workers="block",
            bypass_csp=bypass_csp,
            **({"viewport": {"width": viewport[0], "height": viewport[1]}} if viewport else {}),
        )
        self.context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        self.context.on("request", self._record)
        self.context.route(lambda _url: True, self._guard)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def __enter__(self) -> BrowserSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)

    def _guard(self, route: Route) -> None:
        if self._is_foreign(route.request.url, self.origin):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    @staticmethod
    def _is_foreign(url: str, origin: str) -> bool:
        if url.startswith(LOCAL_SCHEMES):
            return False
        return origin_of(url) != origin

    def open(self, path: str = "/") -> Page:
        """Load `path` on the server and wait until the network is idle."""
        self.page.goto(self.base_url + path, wait_until="networkidle")
        return self.page

    def foreign_requests(self, origin: str | None = None) -> list[str]:
        """Every requested URL whose origin is not `origin` (the server's by default), in order;
        `data:` and `blob:` URLs never leave the page and are not counted."""
        expected = origin_of(origin) if origin else self.origin
        return [url for url in self.requests if self._is_foreign(url, expected)]

    def screenshot(self, name: str) -> Path:
        """Save the whole page as <name>.png in the session's `screenshots` folder (the fixture
        of that name) and return the path."""
        if not SCREENSHOT_NAME.fullmatch(name):
            raise ValueError(f"screenshot name must be a plain file name, got {name!r}")
        if self.screenshots is None:
            raise RuntimeError("this session was opened without a screenshots folder")
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()
