"""The visual pages through the Flask client: the chart, the timeline, the graph view and the
query editor's page, each read as HTML and checked for what it draws and where it links."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import NamedNode

from server.core.namespaces import ID, PREFIXES
from server.pages import layout
from server.pages.visual_data import neighbourhood

from .conftest import ESCAPED, SCRIPT

OPERATION = ID + "operation/zhusan"
PHASE_GROUP_2019 = ID + "operation/zhusan/2019"
PHASES = [ID + f"operation/zhusan/phase/{n}" for n in range(1, 6)]
HTML = {"Accept": "text/html"}
COUNT_PAGE = re.compile(r"^/doc/count/\d{3}/zhusan-([1-5])/(men|women|children|orphans)$")
CLAIM_PAGE = re.compile(r"^/doc/claim/\d{3}/[\w-]+$")


def page(client: FlaskClient, url: str) -> BeautifulSoup:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def find(node: Tag, tag: str, cls: str | None = None) -> list[Tag]:
    """Every `tag` element under `node` (of class `cls`, if given), in document order."""
    return list(node.find_all(tag, class_=cls) if cls else node.find_all(tag))


@pytest.mark.parametrize(
    ("url", "lang", "heading"),
    [
        ("/chart", "en", "Returnees per phase"),
        ("/timeline", "en", "Timeline"),
        (f"/graph?iri={OPERATION}", "en", "Neighbourhood of Operation Zhusan"),
        ("/sparql", "en", "Query editor"),
        ("/chart?lang=kk", "kk", "Кезеңдер бойынша оралғандар"),
    ],
)
def test_visual_pages_are_html_pages(
    client: FlaskClient, url: str, lang: str, heading: str
) -> None:
    """Each visual page is its own page, in the reader's language: one heading that names it."""
    tree = page(client, url)
    assert [h1.get_text().strip() for h1 in find(tree, "h1")] == [heading]
    html = tree.find("html")
    assert isinstance(html, Tag) and html["lang"] == lang


# ---- chart --------------------------------------------------------------------------------------


def test_chart_draws_one_linked_bar_per_stated_figure(client: FlaskClient) -> None:
    svg = find(page(client, "/chart"), "svg", "bar-chart")[0]
    bars = find(svg, "a", "bar")
    stated = {
        (m.group(1), m.group(2)) for bar in bars if (m := COUNT_PAGE.match(bar.attrs["href"]))
    }
    assert len(stated) == len(bars) == 19  # 5 phases × 4 categories, phase 1's orphans unstated
    assert {phase for phase, _ in stated} == {"1", "2", "3", "4", "5"}
    assert ("1", "orphans") not in stated
    for bar in bars:
        assert find(bar, "rect") and find(bar, "title")


def test_chart_bar_heights_follow_the_figures(client: FlaskClient) -> None:
    svg = find(page(client, "/chart"), "svg", "bar-chart")[0]
    heights = {}
    for bar in find(svg, "a", "bar"):
        value = int(find(bar, "text", "value")[0].get_text().strip())
        heights[bar.attrs["href"]] = (value, float(find(bar, "rect")[0].attrs["height"]))
    assert heights["/doc/count/000/zhusan-2/children"][0] == 156
    assert heights["/doc/count/000/zhusan-3/children"][0] == 171
    per_person = {round(h / v, 6) for v, h in heights.values()}
    assert len(per_person) == 1  # one scale for every bar, starting at zero


def test_chart_table_links_the_same_figures(client: FlaskClient) -> None:
    tree = page(client, "/chart")
    bar_links = {a.attrs["href"] for a in find(find(tree, "svg", "bar-chart")[0], "a", "bar")}
    table = find(tree, "table", "figures")[0]
    table_links = {a.attrs["href"] for a in find(table, "a", "figure")}
    assert table_links == bar_links
    assert len(find(table, "tr")) == 1 + 5


def test_chart_words_follow_the_language(client: FlaskClient) -> None:
    svg = find(page(client, "/chart?lang=ru"), "svg", "bar-chart")[0]
    text = svg.get_text()
    assert "Этап" in text and "дети" in text and "«Жусан-2»" in text
    # A language chosen by parameter is kept by every link, as on the other pages.
    assert all(a.attrs["href"].endswith("?lang=ru") for a in find(svg, "a"))


# ---- timeline -----------------------------------------------------------------------------------


def test_timeline_lists_every_dated_claim_in_date_order(client: FlaskClient) -> None:
    tree = page(client, "/timeline")
    items = find(find(tree, "ol", "timeline-list")[0], "li")
    dates = [find(item, "time")[0].attrs["datetime"] for item in items]
    assert len(dates) >= 7
    assert dates == sorted(dates)
    # Each date keeps the precision its source gives: a year, a month or a day.
    for expected in ("2010", "2019", "2019-03", "2019-06", "2021-02-04", "2023-07-13"):
        assert expected in dates
    for item in items:
        claims = [a.attrs["href"] for a in find(item, "a", "claim")]
        assert len(claims) == 1 and CLAIM_PAGE.match(claims[0])
        assert find(item, "a", "evidence") and find(item, "span", "source")


def test_timeline_marks_link_to_their_claims_and_name_their_source(client: FlaskClient) -> None:
    tree = page(client, "/timeline")
    marks = find(find(tree, "svg", "timeline-chart")[0], "a", "mark")
    listed = [a.attrs["href"] for a in find(tree, "a", "claim")]
    assert [m.attrs["href"] for m in marks] == listed
    for mark in marks:
        assert "source" in find(mark, "text", "source")[0].get_text()


def test_the_two_start_dates_of_the_operation_are_both_shown(client: FlaskClient) -> None:
    items = find(find(page(client, "/timeline"), "ol", "timeline-list")[0], "li")
    operation = [
        find(item, "time")[0].attrs["datetime"]
        for item in items
        if find(item, "a", "event")[0].attrs["href"] == "/doc/operation/zhusan"
    ]
    assert operation == ["2019", "2019-03"]


# ---- graph view ---------------------------------------------------------------------------------


def graph_json(client: FlaskClient, iri: str, **params: str) -> dict:
    response = client.get("/graph.json", query_string={"iri": iri, **params})
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_graph_json_of_the_operation_reaches_the_phases(client: FlaskClient) -> None:
    data = graph_json(client, OPERATION)
    ids = {node["id"] for node in data["nodes"]}
    assert {PHASES[4], PHASE_GROUP_2019} <= ids
    assert {PHASES[0], PHASES[1], PHASES[2], PHASES[3]} <= {
        node["id"] for node in graph_json(client, PHASE_GROUP_2019)["nodes"]
    }
    by_id = {node["id"]: node for node in data["nodes"]}
    assert by_id[PHASES[4]]["url"] == "/doc/operation/zhusan/phase/5"
    assert by_id[PHASES[4]]["kind"] == "Phase"
    assert by_id[OPERATION]["center"] is True


def test_graph_json_edges_join_listed_nodes(client: FlaskClient) -> None:
    data = graph_json(client, OPERATION)
    ids = {node["id"] for node in data["nodes"]}
    assert data["edges"]
    for edge in data["edges"]:
        assert {edge["source"], edge["target"]} <= ids
        assert OPERATION in (edge["source"], edge["target"])
    assert not any(
        e["predicate"].endswith("#type") for e in data["edges"] if e["direction"] == "out"
    )


def test_graph_json_labels_follow_the_language(client: FlaskClient) -> None:
    nodes = {n["id"]: n for n in graph_json(client, OPERATION, lang="ru")["nodes"]}
    assert nodes[PHASES[4]]["label"] == "«Жусан-5»"
    assert nodes[OPERATION]["label"] == "операция «Жусан»"
    assert nodes[PHASES[4]]["url"] == "/doc/operation/zhusan/phase/5?lang=ru"


def test_neighbourhood_says_when_links_were_left_out(app: Flask) -> None:
    backend = app.extensions["zhusan"].backend
    with app.test_request_context():
        whole = neighbourhood(backend, NamedNode(OPERATION), str)
        cut = neighbourhood(backend, NamedNode(OPERATION), str, limit=10)
    assert whole["truncated"] is False and len(whole["edges"]) > 10
    assert cut["truncated"] is True and len(cut["edges"]) == 10
    assert cut["edges"] == whole["edges"][:10]


def test_graph_page_lists_the_neighbours_as_links(client: FlaskClient) -> None:
    tree = page(client, f"/graph?iri={OPERATION}")
    section = find(tree, "section", "neighbours")[0]
    hrefs = {a.attrs["href"] for a in find(section, "a")}
    assert "/doc/operation/zhusan/phase/5" in hrefs
    assert find(tree, "div", "graph-canvas")[0].attrs["data-src"].startswith("/graph.json?")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/graph?iri=" + ID + "nothing/here", 404),
        ("/graph.json?iri=" + ID + "nothing/here", 404),
        ("/graph", 400),
        ("/graph?iri=not%20an%20iri", 400),
    ],
)
def test_graph_of_an_unknown_or_bad_iri_is_an_error(
    client: FlaskClient, url: str, status: int
) -> None:
    assert client.get(url, headers=HTML).status_code == status


# ---- query editor -------------------------------------------------------------------------------


def test_editor_lists_every_saved_query(app: Flask, client: FlaskClient) -> None:
    tree = page(client, "/sparql")
    listed = {a.attrs["data-name"]: a for a in find(tree, "a", "example")}
    saved = app.extensions["zhusan"].saved_queries
    assert set(listed) == {q.name for q in saved}
    for query in saved:
        assert listed[query.name].get_text().strip() == query.title
        assert listed[query.name].attrs["href"] == f"/sparql?example={query.name}"
    config = editor_config(tree)
    assert {q["name"]: q["text"] for q in config["queries"]} == {q.name: q.text for q in saved}


def editor_config(tree: BeautifulSoup) -> dict:
    found = [s for s in find(tree, "script") if s.attrs.get("id") == "editor-config"]
    assert len(found) == 1 and found[0].attrs["type"] == "application/json"
    return json.loads(found[0].get_text())


def test_editor_page_loads_only_local_scripts_and_styles(client: FlaskClient) -> None:
    tree = page(client, "/sparql")
    sources = [s.attrs["src"] for s in find(tree, "script") if "src" in s.attrs]
    styles = [link.attrs["href"] for link in find(tree, "link")]
    paths = [url.split("?v=")[0] for url in sources]  # static URLs carry their version
    assert "/static/vendor/yasgui.min.js" in paths and "/static/editor.js" in paths
    for url in sources + styles:
        assert url.startswith("/static/"), url


def test_editor_config_keeps_yasgui_on_this_server(client: FlaskClient) -> None:
    config = editor_config(page(client, "/sparql"))
    assert config["endpoint"] == "/sparql"
    assert config["prefixesUrl"] == "/prefixes.json"
    assert config["prefixes"] == PREFIXES
    assert [ID, "/doc/"] in config["links"]


def test_editor_without_javascript_is_a_form_that_gets_the_endpoint(client: FlaskClient) -> None:
    form = find(page(client, "/sparql"), "form", "plain-editor")[0]
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/sparql"
    assert [t.attrs["name"] for t in find(form, "textarea")] == ["query"]


def test_example_parameter_fills_the_plain_form(app: Flask, client: FlaskClient) -> None:
    saved = {q.name: q for q in app.extensions["zhusan"].saved_queries}["timeline"]
    textarea = find(page(client, "/sparql?example=timeline"), "textarea")[0]
    assert textarea.get_text() == saved.text


def test_saved_query_download_links_run_on_the_endpoint(client: FlaskClient) -> None:
    tree = page(client, "/sparql")
    link = next(
        a.attrs["href"]
        for a in find(tree, "a")
        if a.attrs.get("href", "").startswith("/sparql?query=") and "format=csv" in a.attrs["href"]
    )
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/csv"


def test_prefixes_json_is_the_predeclared_table(client: FlaskClient) -> None:
    response = client.get("/prefixes.json")
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True)) == PREFIXES


HOSTILE = '<script>alert("x")</script> & <tspan>'


class HostileLabels:
    def __call__(self, thing: str | None) -> str:
        return HOSTILE


@pytest.mark.parametrize("url", ["/chart", "/timeline"])
def test_labels_from_the_graph_are_escaped_in_svg_and_html(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setattr("server.pages.visuals.page_labels", lambda lang: HostileLabels())
    cache = client.application.extensions["zhusan"].page_cache
    cache.clear()  # drawn anew with these labels, and forgotten after
    body = client.get(url, headers=HTML).get_data(as_text=True)
    cache.clear()
    assert HOSTILE not in body and "<script>alert" not in body
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;tspan&gt;" in body


@pytest.mark.parametrize("url", ["/chart", "/timeline", f"/graph?iri={OPERATION}", "/sparql"])
def test_markup_in_a_label_or_a_saved_query_comes_out_escaped(
    hostile_client: FlaskClient, url: str
) -> None:
    """The chart, timeline, graph and editor templates print labels and saved queries as text;
    in the editor's JSON configuration the markup cannot close the script element either."""
    response = hostile_client.get(url, headers=HTML)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert SCRIPT not in body
    assert ESCAPED in body
    if url == "/sparql":
        config = editor_config(BeautifulSoup(body, "html.parser"))
        titles = {q["name"]: q["title"] for q in config["queries"]}
        assert titles["zz-hostile"] == SCRIPT  # read back whole from the JSON, never as markup


# ---- geometry -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (3, 1), (7, 2), (171, 50), (406, 200), (1000, 250)]
)
def test_nice_step_is_round_and_covers_the_largest_value(largest: int, step: int) -> None:
    assert layout.nice_step(largest) == step


@pytest.mark.parametrize(
    ("text", "datatype", "precision", "start", "end"),
    [
        ("2019", "gYear", "year", date(2019, 1, 1), date(2020, 1, 1)),
        ("2019-03", "gYearMonth", "month", date(2019, 3, 1), date(2019, 4, 1)),
        ("2019-12", "gYearMonth", "month", date(2019, 12, 1), date(2020, 1, 1)),
        ("2021-02-04", "date", "day", date(2021, 2, 4), date(2021, 2, 5)),
    ],
)
def test_date_span_keeps_the_precision_of_the_literal(
    text: str, datatype: str, precision: str, start: date, end: date
) -> None:
    span = layout.date_span(text, layout.XSD + datatype)
    assert span is not None
    assert (span.precision, span.start, span.end) == (precision, start, end)


def test_date_span_refuses_what_is_not_a_date() -> None:
    assert layout.date_span("early", layout.XSD + "string") is None
    assert layout.date_span("2019-13", layout.XSD + "gYearMonth") is None


def test_timeline_places_later_dates_further_right() -> None:
    spans = [layout.date_span(t, "") for t in ("2010", "2019-03", "2021-02-04")]
    drawing = layout.timeline([(s, ("label", "source"), None) for s in spans if s])
    xs = [mark.x for mark in drawing.marks]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert drawing.years[0][1] == 2010 and drawing.years[-1][1] == 2022
    for mark in drawing.marks:
        assert mark.x >= 0 and mark.x + mark.width <= drawing.width
