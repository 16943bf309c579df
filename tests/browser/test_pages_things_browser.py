"""A journalist's three questions, answered in a real headless Chromium by clicking only from
the home page, each ending on the passage of the source that states the answer, visible
without another click; and the entity pages at a laptop's and a phone's width, in English and
Russian, with nothing wider than the screen. Screenshots go to the session's artifacts folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

from bench.live_server import LiveServer

from ..conftest import sources_dir
from .harness import BrowserSession

pytestmark = [pytest.mark.browser, pytest.mark.server]

WIDTHS = {"laptop": 1366, "phone": 390}
PAGES = {
    "operation": "/doc/operation/zhusan",
    "phase-3": "/doc/operation/zhusan/phase/3",
    "gherman": "/doc/person/natalia-gherman",
    "knb": "/doc/org/knb",
    "figure": "/doc/count/000/zhusan-3/children",
}


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """The journeys end on passages: the server gets the source texts (fails in CI without)."""
    return {"workers": 1, "threads": 4, "sources_dir": str(sources_dir())}


class Journey:
    """A reader's clicks, counted."""

    def __init__(self, session: BrowserSession) -> None:
        self.page: Page = session.open("/")
        self.clicks = 0

    def click(self, link: Locator) -> None:
        link.click()
        self.page.wait_for_load_state("networkidle")
        self.clicks += 1


def assert_passage_visible(where: Locator, figure: str) -> None:
    """The marked span is on screen and states the figure (the article's words stay out of the
    repository: only the figure is named here)."""
    mark = where.locator("mark").first
    assert mark.is_visible()
    assert figure in mark.inner_text()


def test_children_returned_in_phase_3_with_the_passage(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        journey = Journey(session)
        journey.click(journey.page.locator(".phase-table a", has_text="Zhusan-3").first)
        children = journey.page.locator(".summary-figures .summary-item", has_text="children")
        assert children.locator(".summary-value").first.inner_text() == "171 children"
        assert_passage_visible(children.first, "171")
        assert journey.clicks <= 2
        session.screenshot("things-journey-phase-3-children")
        assert session.foreign_requests() == [] and session.page_errors == []


def test_who_from_the_un_spoke_in_2023_and_in_what_role(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        journey = Journey(session)
        journey.click(journey.page.locator("a.button", has_text="Operation Zhusan"))
        remark = journey.page.locator(".summary-remarks .summary-item", has_text="2023").first
        assert "Central Asia (Astana, 2023)" in remark.inner_text()
        journey.click(remark.locator("a", has_text="Natalia Gherman").first)
        page = journey.page
        assert page.locator("h1").inner_text() == "Natalia Gherman — executive director, CTED"
        part_of = page.locator(".summary-part-of").inner_text()
        assert "United Nations Counter-Terrorism Committee Executive Directorate" in part_of
        assert "Natalia Gherman" in page.locator(".summary-who").inner_text()
        mark = page.locator(".own-evidence mark").first
        assert mark.is_visible() and "Natalia Gherman" in mark.inner_text()
        assert journey.clicks <= 3
        session.screenshot("things-journey-un-2023")
        assert session.foreign_requests() == [] and session.page_errors == []


def test_when_phase_5_took_place_and_who_ran_it(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        journey = Journey(session)
        journey.click(journey.page.locator(".phase-table a", has_text="Zhusan-5").first)
        page = journey.page
        when = page.locator(".summary-when")
        assert when.locator(".summary-value").first.inner_text() == "February 4, 2021"
        assert_passage_visible(when, "2021")
        who = page.locator(".summary-who .summary-item", has_text="National Security Committee")
        assert "credited to" in who.inner_text()
        assert who.locator("mark").first.is_visible()
        assert journey.clicks <= 2
        session.screenshot("things-journey-phase-5")
        assert session.foreign_requests() == [] and session.page_errors == []


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_entity_pages_fit_the_screen(
    browser: Browser, server: LiveServer, screenshots: Path, width: str, lang: str
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        session.page.set_viewport_size({"width": WIDTHS[width], "height": 900})
        for name, path in PAGES.items():
            page = session.open(f"{path}?lang={lang}")
            assert page.locator(".summary-box").is_visible()
            assert page.locator(".cite pre.cite-bibtex").is_visible()
            assert page.locator("button.copy").first.is_visible()  # shown by cite.js
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= WIDTHS[width], f"{path} is {overflow} px wide"
            session.screenshot(f"things-{name}-{lang}-{WIDTHS[width]}")
        assert session.foreign_requests() == [] and session.page_errors == []
