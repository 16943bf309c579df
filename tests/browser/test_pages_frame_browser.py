"""The frame of every page in a real headless Chromium against the real server: a reader who
picks a language keeps it on every menu link and every kind of link of an entity page; at
390×844 no page type scrolls sideways; axe-core finds no critical or serious violation on any
page type; no page logs a console error (a missing favicon included). Each page type leaves a
screenshot at 1,366 and 390 px, in English and Russian, in the session's artifacts folder (frame-*.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from playwright.sync_api import Browser, ConsoleMessage, Page, Response

from bench.live_server import LiveServer
from server.i18n import LANGUAGES, LOCALE_DIR

from ..conftest import ROOT, SOURCES
from .harness import BrowserSession

pytestmark = [pytest.mark.browser, pytest.mark.server]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OPERATION = "https://w3id.org/zhusan/id/operation/zhusan"
PHONE = (390, 844)
DESKTOP = (1366, 900)

# One page of each type the site has, by the name its screenshot carries.
PAGE_TYPES = {
    "home": "/",
    "operation": "/doc/operation/zhusan",
    "phase": "/doc/operation/zhusan/phase/3",
    "person": "/doc/person/vladimir-voronkov",
    "organisation": "/doc/org/knb",
    "event": "/doc/event/astana-forum-2023",
    "count": "/doc/count/000/zhusan-5/persons",
    "claim": "/doc/claim/000/recruitment-startDate",
    "evidence": "/doc/evidence/000/106-176",
    "source": "/doc/source/000",
    "search": "/search?q=zhusan",
    "browse": "/browse",
    "browse-type": "/browse?type=http://schema.org/Person",
    "consistency": "/consistency",
    "queries": "/queries",
    "query": "/queries/phase-figures",
    "ontology": "/ontology",
    "dumps": "/dumps",
    "chart": "/chart",
    "timeline": "/timeline",
    "graph": "/graph?iri=" + OPERATION,
    "editor": "/sparql",
    "error-404": "/doc/no/such/thing",
}
STATUS = {"error-404": 404}


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """Passages shown where the texts are (in CI they are), as a reader would see them."""
    return {
        "workers": 2,
        "threads": 4,
        **({"sources_dir": str(SOURCES)} if SOURCES.is_dir() else {}),
    }


def in_language(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def translated(message: str, lang: str) -> str:
    """`message` as the catalog of `lang` says it (English is the message itself)."""
    if lang == "en":
        return message
    return Translations.load(str(LOCALE_DIR), [lang]).gettext(message)


class Watch:
    """What a page tells the console, and every answer it gets with an error status."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self.missing_page = ""  # a page expected to be a 404: Chromium logs it, rightly
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if message.type == "error" and not (where and where == self.missing_page):
            self.problems.append(f"console: {message.text} ({where})")

    def _response(self, response: Response) -> None:
        expected = response.request.resource_type == "document" and response.status == 404
        if response.status >= 400 and not expected:
            self.problems.append(f"{response.status} {response.url}")


def visit(session: BrowserSession, name: str, path: str, lang: str) -> Page:
    page = session.page
    response = page.goto(session.base_url + in_language(path, lang), wait_until="networkidle")
    assert response is not None and response.status == STATUS.get(name, 200), name
    return page


# ---- the reader's language ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_language_picked_on_the_home_page_holds_on_every_link(
    browser: Browser, server: LiveServer, lang: str
) -> None:
    menu_word = translated("Browse by type", lang)
    with BrowserSession(browser, server.url) as session:
        page = session.open("/")
        page.locator(f"nav.lang-switch a[hreflang={lang}]").click()
        page.wait_for_load_state("networkidle")

        def assert_in_language(where: str) -> None:
            assert page.locator("html").get_attribute("lang") == lang, where
            assert page.locator("nav.sections a").first.inner_text() == menu_word, where

        assert_in_language("home")
        menu = page.locator("nav.sections a")
        for index in range(menu.count()):
            label = menu.nth(index).inner_text()
            menu.nth(index).click()
            page.wait_for_load_state("networkidle")
            assert_in_language(f"menu link {label!r}")
            menu = page.locator("nav.sections a")

        # Every kind of link an entity page holds: to other things (by kind), its graph view,
        # its types, its evidence, its sources.
        for start in ("/doc/operation/zhusan", "/doc/count/000/zhusan-5/persons"):
            page.goto(session.base_url + start, wait_until="networkidle")  # no lang=: the cookie
            assert_in_language(start)
            for kind, href in link_kinds(page).items():
                page.goto(session.base_url + href, wait_until="networkidle")
                assert_in_language(f"{kind} link {href} from {start}")
        assert session.page_errors == []


def link_kinds(page: Page) -> dict[str, str]:
    """The first internal link of each kind on the page (kind: the path's first segments)."""
    hrefs: list[str] = page.eval_on_selector_all(
        "main a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    kinds: dict[str, str] = {}
    for href in hrefs:
        path = href.split("?")[0]
        parts = path.strip("/").split("/")
        if parts[0] == "doc" and "." in parts[-1]:
            continue  # the page as data (Turtle, JSON-LD, …): not a page in a language
        kind = "/".join(parts[:2]) if parts[0] == "doc" else parts[0]
        kinds.setdefault(kind, href)
    assert len(kinds) >= 5, kinds
    return kinds


# ---- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_page_type_scrolls_sideways_on_a_phone(
    browser: Browser, server: LiveServer, lang: str, screenshots: Path
) -> None:
    wide: dict[str, int] = {}
    with BrowserSession(browser, server.url, viewport=PHONE, screenshots=screenshots) as session:
        for name, path in PAGE_TYPES.items():
            page = visit(session, name, path, lang)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.evaluate("innerWidth"):
                wide[name] = width
            session.screenshot(f"frame-{name}-{PHONE[0]}-{lang}")
    assert wide == {}


# ---- accessibility --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "viewport"),
    [("en", DESKTOP), ("ru", DESKTOP), ("ru", PHONE)],
    ids=["en-1366", "ru-1366", "ru-390"],
)
def test_axe_finds_no_critical_or_serious_violation_on_any_page_type(
    browser: Browser, server: LiveServer, lang: str, viewport: tuple[int, int], screenshots: Path
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `make install` (npm ci)"
    found: dict[str, list[str]] = {}
    with BrowserSession(
        browser, server.url, viewport=viewport, bypass_csp=True, screenshots=screenshots
    ) as session:
        for name, path in PAGE_TYPES.items():
            page = visit(session, name, path, lang)
            page.add_script_tag(path=str(AXE))
            result: dict[str, Any] = page.evaluate(
                "axe.run(document, {resultTypes: ['violations']})"
            )
            bad = [
                f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
                for v in result["violations"]
                if v["impact"] in ("critical", "serious")
            ]
            if bad:
                found[name] = bad
            if viewport == DESKTOP:  # the phone's are taken by the sideways-scroll test
                session.screenshot(f"frame-{name}-{viewport[0]}-{lang}")
    assert found == {}


# ---- console --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_type_logs_a_console_error(browser: Browser, server: LiveServer, lang: str) -> None:
    problems: dict[str, list[str]] = {}
    with BrowserSession(browser, server.url) as session:
        watch = Watch(session.page)
        for name, path in PAGE_TYPES.items():
            watch.problems.clear()
            if STATUS.get(name) == 404:
                watch.missing_page = session.base_url + in_language(path, lang)
            visit(session, name, path, lang)
            if watch.problems:
                problems[name] = list(watch.problems)
        requested = {url.split("?")[0] for url in session.requests}
        assert session.page_errors == []
    assert problems == {}
    assert server.url + "/static/favicon.svg" in requested  # the icon is asked for, and found
