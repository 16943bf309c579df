"""The visual pages: the query editor's page data, the timeline, the chart of returnees per phase
and the graph view of one resource's neighbourhood (their data: visual_data.py).

Every picture is drawn on the server (inline SVG next to a plain list or table with the same
links), so it reads without JavaScript; every mark links to the page of the fact it shows, where
its evidence is. Scripts come from /static only, and the site's Content-Security-Policy keeps the
pages from reaching any other origin.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import gettext
from pyoxigraph import NamedNode

from server import i18n
from server.core import iris
from server.core.errors import BadRequest
from server.core.namespaces import ID, PREFIXES, ZH, curie
from server.core.state import app_state
from server.pages import layout
from server.pages.labels import cached, page_index, source_name
from server.pages.views import page
from server.pages.visual_data import (
    CATEGORIES,
    DatedClaim,
    Labeler,
    dated_claims,
    neighbourhood,
    phase_figures,
)

blueprint = Blueprint("visuals", __name__)
EARLY = ID + "qualifier/early"


def _backend() -> Any:
    return app_state().backend


def page_labels(lang: str) -> Labeler:
    """Names in ``lang`` for the drawings, from the same index as every other page."""
    index = page_index()
    return lambda thing: index.label(thing, lang)


# ---- the query editor ---------------------------------------------------------------------------


DEFAULT_QUERY = """\
# The predeclared prefixes (zh:, phase:, schema:, …) need no PREFIX line here.
SELECT ?phase ?label ?ordinal WHERE {
  ?phase a zh:Phase ; zh:ordinal ?ordinal ; rdfs:label ?label .
  FILTER(LANG(?label) = "en")
}
ORDER BY ?ordinal
"""


def editor_page() -> dict[str, Any]:
    """What sparql.html needs: the examples, the prefixes and the editor's settings."""
    state = app_state()
    endpoint = url_for("sparql.endpoint")
    queries = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "text": q.text,
            "url": i18n.with_lang(url_for("sparql.endpoint", example=q.name)),
            "downloads": {
                fmt: url_for("sparql.endpoint", query=q.text, format=fmt)
                for fmt in ("csv", "tsv", "json", "xml")
            },
        }
        for q in state.saved_queries
    ]
    chosen = request.args.get("example")
    text = next((q["text"] for q in queries if q["name"] == chosen), DEFAULT_QUERY)
    return {
        "endpoint": endpoint,
        "queries": queries,
        "text": text,
        "config": {
            "endpoint": endpoint,
            "prefixes": PREFIXES,
            "prefixesUrl": url_for("visuals.prefixes"),
            "links": link_map(),
            "queries": [{k: q[k] for k in ("name", "title", "text")} for q in queries],
            "defaultQuery": DEFAULT_QUERY,
            # The editor's own words; YASGUI's buttons and menus have no translations.
            "words": {
                "tab": gettext("Query"),
                "error": gettext("The server refused the query."),
                "place": gettext("Line {line}, column {column}."),
            },
        },
    }


def link_map() -> list[list[str]]:
    """[IRI prefix, local URL prefix] pairs: how the editor's result table links to our pages."""
    probe = "x"
    pairs = []
    for namespace in (ID, ZH):
        local = iris.local_url(namespace + probe)
        if local and local.endswith(probe):
            pairs.append([namespace, local[: -len(probe)]])
    return pairs


@blueprint.route("/prefixes.json")
def prefixes() -> Response:
    """The predeclared prefixes as {prefix: namespace}, for the editor's prefix completion."""
    return jsonify(PREFIXES)


# ---- the chart ----------------------------------------------------------------------------------


@blueprint.route("/chart")
def chart() -> Response:
    """Returnees per phase and category, one linked bar per stated figure."""
    lang = i18n.current_language()
    return page(
        "chart.html",
        **cached(f"chart:{lang}", lambda: _chart(lang)),
        local_url=iris.local_url,
        source_name=source_name,
    )


def _chart(lang: str) -> dict[str, Any]:
    """The chart's drawings and table in ``lang``: read and laid out once per store version."""
    labels = page_labels(lang)
    phases, figures = phase_figures(_backend())
    index = {phase: i for i, (phase, _) in enumerate(phases)}
    inputs = [
        layout.BarInput(index[f.phase], CATEGORIES.index(f.category), f.value, f.more_than, f)
        for f in figures
    ]
    table = [
        {
            "phase": phase,
            "label": labels(phase),
            "url": iris.local_url(phase),
            "cells": [
                [f for f in figures if f.phase == phase and f.category == c] for c in CATEGORIES
            ],
        }
        for phase, _ in phases
    ]
    return {
        "drawing": layout.bar_chart(len(phases), len(CATEGORIES), inputs, layout.WIDE),
        "narrow": layout.bar_chart(len(phases), len(CATEGORIES), inputs, layout.NARROW),
        "phases": [{"label": labels(p), "ordinal": n, "url": iris.local_url(p)} for p, n in phases],
        "categories": [{"key": c, "label": labels(ID + "category/" + c)} for c in CATEGORIES],
        "table": table,
        "labels": labels,
    }


# ---- the timeline -------------------------------------------------------------------------------


def _when(claim: DatedClaim, labels: Labeler) -> str:
    """A date as its source says it: "2019 (early)", or for a decade "early 2010s"."""
    if claim.precision == "decade":
        decade = claim.date[:3] + "0"
        if claim.qualifier == EARLY:
            return gettext("early %(decade)ss", decade=decade)
        when = gettext("the %(decade)ss", decade=decade)
    else:
        when = claim.date
    return f"{when} ({labels(claim.qualifier)})" if claim.qualifier else when


@blueprint.route("/timeline")
def timeline() -> Response:
    """The operation and its events in time, each mark linking to its claim and evidence."""
    lang = i18n.current_language()
    return page("timeline.html", **cached(f"timeline:{lang}", lambda: _timeline(lang)))


def _timeline(lang: str) -> dict[str, Any]:
    """The timeline's drawing and list in ``lang``: read and laid out once per store version."""
    labels = page_labels(lang)
    items = []
    entries: list[dict[str, Any]] = []
    for claim in dated_claims(_backend()):
        span = layout.date_span(claim.date, claim.datatype, claim.precision)
        if span is None:
            continue
        when = _when(claim, labels)
        title = labels(claim.event)
        if claim.predicate == "end":
            title = gettext("%(event)s (end)", event=title)
        sources = [(labels(s), iris.local_url(s)) for s in claim.sources]
        entry = {
            "claim": claim,
            "title": title,
            "when": when,
            "precision": span.precision,
            "url": iris.local_url(claim.claim),
            "event_url": iris.local_url(claim.event),
            "evidence": [(labels(e), iris.local_url(e)) for e in claim.evidence],
            "sources": sources,
        }
        entries.append(entry)
        source_line = "; ".join(name for name, _ in sources)
        items.append((span, (f"{title} · {when}", source_line), entry))
    return {
        "drawing": layout.timeline(items),
        "narrow": layout.timeline(items, layout.NARROW_TIMELINE_WIDTH),
        "entries": entries,
        "compact": curie,
    }


# ---- the graph view -----------------------------------------------------------------------------


def requested_iri() -> NamedNode:
    value = request.args.get("iri", "").strip()
    if not value:
        raise BadRequest("give the resource as ?iri=<canonical IRI>")
    try:
        return NamedNode(value)
    except ValueError:
        raise BadRequest(f"not an IRI: {value!r}") from None


@blueprint.route("/graph.json")
def graph_json() -> Response:
    """The neighbourhood of ?iri= as nodes and edges, for the graph view's script."""
    data = neighbourhood(_backend(), requested_iri(), page_labels(i18n.current_language()))
    for node in data["nodes"]:
        node["url"] = i18n.with_lang(node["url"]) if node["url"] else None
    response = jsonify(data)
    response.vary.add("Accept-Language")
    return response


@blueprint.route("/graph")
def graph() -> Response:
    """One resource and its neighbours drawn as a graph, with the same links as a list."""
    lang = i18n.current_language()
    data = neighbourhood(_backend(), requested_iri(), page_labels(lang))
    nodes = {n["id"]: n for n in data["nodes"]}
    index = page_index()
    for node in nodes.values():  # a name that only exists in another language says so
        node["lang"] = index.label_with_language(node["id"], lang)[1] or lang
    outgoing = [(e, nodes[e["target"]]) for e in data["edges"] if e["direction"] == "out"]
    incoming = [(e, nodes[e["source"]]) for e in data["edges"] if e["direction"] == "in"]
    return page(
        "graph.html",
        data=data,
        center=nodes[data["iri"]],
        outgoing=outgoing,
        incoming=incoming,
        json_url=i18n.with_lang(url_for("visuals.graph_json", iri=data["iri"])),
    )
