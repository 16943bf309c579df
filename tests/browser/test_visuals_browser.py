"""The visual pages in a real headless Chromium against the real server (gunicorn): YASGUI runs
an example query, the graph view follows a click, the chart and the timeline draw, and no page
asks another origin for anything. Screenshots land in the session's artifacts folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from bench.live_server import LiveServer
from server.core.namespaces import ID

from .harness import BrowserSession

pytestmark = [pytest.mark.browser, pytest.mark.server]

OPERATION = ID + "operation/zhusan"
PHASE_5 = ID + "operation/zhusan/phase/5"
RESULT_ROWS = ".yasr table.dataTable tbody tr"
EDITOR_VALUE = "() => document.querySelector('#yasgui .CodeMirror').CodeMirror.getValue()"
SET_EDITOR_VALUE = (
    "(text) => document.querySelector('#yasgui .CodeMirror').CodeMirror.setValue(text)"
)


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """YASGUI and the graph view ask the endpoint while the page loads its assets."""
    return {"workers": 2, "threads": 4, "query_workers": 2}


def test_example_query_runs_in_yasgui_and_links_to_local_pages(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        page = session.open("/sparql")
        assert page.is_hidden("#plain-editor")
        page.click("#example-queries a.example[data-name='phase-figures']")
        assert "?ordinal ?phase ?total" in page.evaluate(EDITOR_VALUE)
        page.click("#yasgui .yasqe_queryButton")
        page.wait_for_selector(RESULT_ROWS)
        assert page.locator(RESULT_ROWS).count() == 5
        first_phase = page.locator(f"{RESULT_ROWS} a.iri[title='{ID}operation/zhusan/phase/1']")
        assert first_phase.get_attribute("href") == "/doc/operation/zhusan/phase/1"
        assert first_phase.get_attribute("target") is None
        session.screenshot("visuals-editor-results")
        assert session.page_errors == []
        assert session.foreign_requests() == []


def test_editor_knows_the_predeclared_prefixes(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    query = "SELECT ?phase WHERE { ?phase a zh:Phase ; zh:ordinal 5 }"
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        page = session.open("/sparql#query=" + quote(query, safe=""))
        assert page.evaluate(EDITOR_VALUE) == query
        # The syntax check marks the run button: valid with the predeclared prefixes, an error
        # with a prefix nobody declared.
        assert "query_valid" in page.get_attribute("#yasgui .yasqe_queryButton", "class")
        page.evaluate(SET_EDITOR_VALUE, "SELECT ?x WHERE { ?x a nobody:Thing }")
        assert "query_error" in page.get_attribute("#yasgui .yasqe_queryButton", "class")
        page.evaluate(SET_EDITOR_VALUE, query)
        assert "query_valid" in page.get_attribute("#yasgui .yasqe_queryButton", "class")
        page.click("#yasgui .yasqe_queryButton")
        page.wait_for_selector(RESULT_ROWS)
        assert page.locator(f"{RESULT_ROWS} a.iri").first.get_attribute("href") == (
            "/doc/operation/zhusan/phase/5"
        )
        session.screenshot("visuals-editor-predeclared")
        downloads = page.locator("#query-downloads a[data-format='csv']").get_attribute("href")
        assert downloads is not None and downloads.startswith("/sparql?query=SELECT")
        assert session.foreign_requests() == []


def test_clicking_a_node_of_the_graph_opens_its_page(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        page = session.open("/graph?iri=" + quote(OPERATION, safe=""))
        page.wait_for_function(
            "() => { const c = document.getElementById('graph-canvas');"
            " return c && c.cytoscape && !document.getElementById('graph-view').hidden; }"
        )
        session.screenshot("visuals-graph")
        position = page.evaluate(
            """(iri) => {
                const canvas = document.getElementById('graph-canvas');
                const node = canvas.cytoscape.getElementById(iri);
                canvas.cytoscape.center(node);  // type stays readable, so not all fits at once
                const at = node.renderedPosition();
                const box = canvas.getBoundingClientRect();
                return { x: box.left + at.x, y: box.top + at.y };
            }""",
            PHASE_5,
        )
        with page.expect_navigation():
            page.mouse.click(position["x"], position["y"])
        assert page.url == server.url + "/doc/operation/zhusan/phase/5"
        assert session.page_errors == []
        assert session.foreign_requests() == []


def test_chart_and_timeline_draw_their_marks(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        page = session.open("/chart")
        # Two drawings, one for wide and one for narrow screens; one is shown.
        bars = page.locator("svg.bar-chart a.bar rect >> visible=true")
        assert bars.count() == 19
        assert bars.first.bounding_box()["height"] > 0  # type: ignore[index]
        session.screenshot("visuals-chart")
        page = session.open("/timeline")
        shown = page.locator("svg.timeline-chart >> visible=true")
        assert shown.count() == 1  # the wide or the narrow drawing, never both
        marks = shown.locator("a.mark rect")
        assert marks.count() >= 7
        assert all(marks.nth(i).is_visible() for i in range(marks.count()))
        session.screenshot("visuals-timeline")
        assert session.foreign_requests() == []


def test_without_javascript_the_editor_is_a_form_and_the_pictures_remain(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    with BrowserSession(
        browser, server.url, java_script_enabled=False, screenshots=screenshots
    ) as session:
        page = session.open("/sparql?example=timeline")
        assert page.is_visible("#plain-editor textarea")
        assert "SELECT ?date ?event" in page.input_value("#plain-editor textarea")
        assert page.locator("#example-queries a.example").count() >= 10
        session.screenshot("visuals-editor-no-script")
        page = session.open("/graph?iri=" + quote(OPERATION, safe=""))
        assert page.locator(".neighbours a[href='/doc/operation/zhusan/phase/5']").count() >= 1
        chart = session.open("/chart").locator("svg.bar-chart a.bar rect >> visible=true")
        assert chart.count() == 19
        assert session.foreign_requests() == []


@pytest.mark.parametrize("path", ["/sparql", "/chart", "/timeline", "/graph?iri=" + OPERATION])
def test_no_visual_page_asks_another_origin(
    browser: Browser, server: LiveServer, path: str
) -> None:
    with BrowserSession(browser, server.url) as session:
        session.open(path)
        assert session.requests, "the page made no request at all"
        assert session.foreign_requests() == []
        assert session.page_errors == []
