"""Issue #14, the drawings and the query editor in a real headless Chromium against the real
server: text in the drawings never below 11 px on a phone, Run reachable after every example,
the server's refusal shown where the query is, the graph view's bookkeeping hidden behind its
toggle with no two labels overlapping. Screenshots of every page at 1,366 and 390 px, in English
and Russian, land in the session's artifacts folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from bench.live_server import LiveServer
from server.core.namespaces import ID

from .harness import BrowserSession

pytestmark = [pytest.mark.browser, pytest.mark.server]

OPERATION = ID + "operation/zhusan"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SET_EDITOR_VALUE = (
    "(text) => document.querySelector('#yasgui .CodeMirror').CodeMirror.setValue(text)"
)

# The rendered size of every visible text of the page's SVG drawings: the computed font size
# times the scale from the text's user units to screen pixels (its CTM, rotation included).
SVG_TEXT_SIZES = """() => [...document.querySelectorAll('figure svg text')]
  .filter(t => t.getBoundingClientRect().width > 0)
  .map(t => {
    const m = t.getScreenCTM();
    return [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
  })"""

# Cytoscape draws on a canvas: a label's size on screen is its style's font size times the zoom.
GRAPH_TEXT_SIZES = """() => {
  const cy = document.getElementById('graph-canvas').cytoscape;
  return cy.elements(':visible').map(e => [
    e.data('label'), parseFloat(e.style('font-size')) * cy.zoom()]);
}"""

# Every pair of visible nodes whose boxes, labels included, overlap on the drawing.
GRAPH_OVERLAPS = """() => {
  const cy = document.getElementById('graph-canvas').cytoscape;
  const boxes = cy.nodes(':visible').map(n => [n.data('label'), n.boundingBox({includeLabels: true})]);
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i][1], b = boxes[j][1];
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push([boxes[i][0], boxes[j][0]]);
  }
  return out;
}"""


def graph_ready(page: Page) -> None:
    page.wait_for_function(
        "() => { const c = document.getElementById('graph-canvas');"
        " return c && c.cytoscape && !document.getElementById('graph-view').hidden; }"
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", ["/chart", "/timeline"])
def test_no_text_in_the_svg_drawings_is_smaller_than_11px_on_a_phone(
    browser: Browser, server: LiveServer, path: str, lang: str
) -> None:
    with BrowserSession(browser, server.url) as session:
        session.page.set_viewport_size(PHONE)
        page = session.open(f"{path}?lang={lang}")
        sizes = page.evaluate(SVG_TEXT_SIZES)
        assert len(sizes) > 10, "the drawing shows its text"
        small = [(text, round(size, 1)) for text, size in sizes if size < 11]
        assert small == []
        # The drawing fits the phone: the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(("viewport", "smallest"), [(PHONE, 11), (DESKTOP, 12)])
def test_graph_view_text_is_readable_and_labels_do_not_overlap(
    browser: Browser, server: LiveServer, viewport: dict[str, int], smallest: float
) -> None:
    with BrowserSession(browser, server.url) as session:
        session.page.set_viewport_size(viewport)
        page = session.open(f"/graph?iri={OPERATION}&lang=ru")
        graph_ready(page)
        sizes = page.evaluate(GRAPH_TEXT_SIZES)
        assert len(sizes) > 10
        assert [(t, round(s, 1)) for t, s in sizes if s < smallest] == []
        assert page.evaluate(GRAPH_OVERLAPS) == []
        assert session.page_errors == []


def test_graph_view_hides_the_bookkeeping_until_asked_and_shows_a_legend(
    browser: Browser, server: LiveServer
) -> None:
    visible_kinds = (
        "() => [...new Set(document.getElementById('graph-canvas').cytoscape"
        ".nodes(':visible').map(n => n.data('kind')))]"
    )
    with BrowserSession(browser, server.url) as session:
        page = session.open(f"/graph?iri={OPERATION}")
        graph_ready(page)
        assert "Claim" not in page.evaluate(visible_kinds)
        legend = page.locator(".graph-legend li:visible").all_inner_texts()
        assert "operation" in legend and "phase" in legend and "claim" not in legend
        page.check("#show-bookkeeping")
        assert "Claim" in page.evaluate(visible_kinds)
        assert "claim" in page.locator(".graph-legend li:visible").all_inner_texts()
        assert page.evaluate(GRAPH_OVERLAPS) == []


def test_run_stays_on_screen_and_clickable_after_loading_each_example(
    browser: Browser, server: LiveServer
) -> None:
    with BrowserSession(browser, server.url) as session:
        session.page.set_viewport_size(PHONE)
        page = session.open("/sparql")
        names = page.eval_on_selector_all(
            "#example-queries a.example", "links => links.map(a => a.dataset.name)"
        )
        assert len(names) >= 16
        for name in names:
            page.click(f"#example-queries a.example[data-name='{name}']")
            button = page.locator("#yasgui .yasqe_queryButton")
            box = button.bounding_box()
            assert box is not None and box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"], f"Run is off the screen after {name}"
            with page.expect_response(
                lambda r: r.url.endswith("/sparql") and r.request.method == "POST"
            ) as answer:
                button.click(trial=False)
            assert answer.value.status == 200, name
            page.wait_for_selector(".yasr .yasr_response_chip:not(.empty)")
            assert page.locator(".query-error:visible").count() == 0, name
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert session.page_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_a_malformed_query_shows_the_servers_message_with_its_line_and_column(
    browser: Browser, server: LiveServer, viewport: dict[str, int]
) -> None:
    with BrowserSession(browser, server.url) as session:
        session.page.set_viewport_size(viewport)
        page = session.open("/sparql?lang=ru")
        page.evaluate(SET_EDITOR_VALUE, "SELECT * WHERE { ?s ?p }")
        page.click("#yasgui .yasqe_queryButton")
        message = page.locator(".query-error")
        message.wait_for(state="visible")
        text = message.inner_text()
        assert "Сервер отклонил запрос." in text and "Строка 1, столбец 25." in text
        assert "Malformed query" in text  # the server's own words
        # Where the query is: right under the editor, and the place is marked in it.
        editor = page.locator("#yasgui .yasqe").bounding_box()
        box = message.bounding_box()
        assert editor and box and 0 <= box["y"] - (editor["y"] + editor["height"]) < 40
        assert page.locator("#yasgui .query-error-line").count() == 1
        page.evaluate(SET_EDITOR_VALUE, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        page.click("#yasgui .yasqe_queryButton")
        page.wait_for_selector(".yasr table.dataTable tbody tr")
        assert message.is_hidden()


def test_results_show_plain_values_and_row_numbers_apart_from_the_first_column(
    browser: Browser, server: LiveServer
) -> None:
    with BrowserSession(browser, server.url) as session:
        session.page.set_viewport_size(PHONE)
        page = session.open("/sparql")
        page.click("#example-queries a.example[data-name='phase-figures']")
        page.click("#yasgui .yasqe_queryButton")
        page.wait_for_selector(".yasr table.dataTable tbody tr")
        cells = page.locator(".yasr table.dataTable tbody tr").first.locator("td")
        assert cells.nth(1).inner_text().strip() == "1"  # not "1"^^xsd:integer
        number = cells.nth(0).locator(".rowNumber").bounding_box()
        value = cells.nth(1).locator("span").first.bounding_box()
        assert number and value and number["x"] + number["width"] < value["x"]


SCREENS = [
    ("chart", "/chart"),
    ("timeline", "/timeline"),
    ("graph", f"/graph?iri={OPERATION}"),
    ("queries", "/queries"),
    ("consistency", "/consistency"),
    ("editor", "/sparql"),
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_screenshots_of_the_visual_pages(
    browser: Browser, server: LiveServer, viewport: dict[str, int], lang: str, screenshots: Path
) -> None:
    with BrowserSession(browser, server.url, screenshots=screenshots) as session:
        session.page.set_viewport_size(viewport)
        width = viewport["width"]
        for name, path in SCREENS:
            page = session.open(path + ("&" if "?" in path else "?") + f"lang={lang}")
            if name == "graph":
                graph_ready(page)
            session.screenshot(f"visuals-{name}-{width}-{lang}")
            # Tables and drawings scroll inside their box, never the page.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.click("#example-queries a.example[data-name='phase-figures']")
        page.click("#yasgui .yasqe_queryButton")
        page.wait_for_selector(".yasr table.dataTable tbody tr")
        session.screenshot(f"visuals-editor-results-{width}-{lang}")
        page.evaluate(SET_EDITOR_VALUE, "SELECT * WHERE { ?s ?p }")
        page.click("#yasgui .yasqe_queryButton")
        page.locator(".query-error").wait_for(state="visible")
        session.screenshot(f"visuals-editor-error-{width}-{lang}")
        assert session.page_errors == []
        assert session.foreign_requests() == []
