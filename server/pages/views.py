"""The browser pages: home, entity pages, search, browse by type, the consistency report and
the example queries; the ontology's documentation is in ontology_doc.py.

Every page is rendered on the server in the reader's language (i18n/), readable without
JavaScript, and loads nothing from another origin. Entity and ontology pages are reached
through linked_data.py, which calls `entity_page` and `ontology_page` for browsers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

from server import i18n
from server.checks.consistency import consistency_report
from server.core.errors import BadRequest, NotFound
from server.core.formats import HTML, alternates
from server.core.iris import canonical_iri, local_url
from server.core.namespaces import ID, ZH, curie
from server.core.state import app_state
from server.linked_data.describe import describe
from server.pages import browse as browsing
from server.pages import key_figures
from server.pages.citation import citation
from server.pages.entity import EntityBuilder, make_link, term_value
from server.pages.labels import (
    CATEGORY_ORDER,
    NAME_PROPERTIES,
    PageIndex,
    cached,
    page_index,
    source_name,
)
from server.pages.ontology_doc import characteristics, ontology_documentation
from server.pages.search import search
from server.pages.summary import summarise

blueprint = Blueprint("pages", __name__)

MAX_INSTANCES = 1000
MAX_CITED = 3  # passages a citation names
OPERATION = "operation/zhusan"

CLASSES_QUERY = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a ?class .
  FILTER(isIRI(?x) && isIRI(?class) && !STRSTARTS(STR(?class), STR(owl:))
         && ?class NOT IN (rdf:Property, rdfs:Class))
} GROUP BY ?class"""

INSTANCES_QUERY = "SELECT DISTINCT ?type ?x WHERE { ?x a ?type FILTER(isIRI(?x)) }"


def page(template: str, code: int = 200, /, **context: Any) -> Response:
    """A rendered page, marked with its language and varying with the reader's."""
    response = Response(render_template(template, **context), code, mimetype=HTML)
    response.headers["Content-Language"] = i18n.current_language()
    response.vary.add("Accept-Language")
    return response


# ---- home ---------------------------------------------------------------------------------


@blueprint.route("/")
def home() -> Response:
    """What the dataset is, its sources, its key figures and the ways in."""
    index = page_index()
    lang = i18n.current_language()
    backend = app_state().backend
    operation = canonical_iri(OPERATION)
    events = cached("operation-events", lambda: key_figures.events_of(backend, operation))
    rows, headline = key_figures.figure_rows(index, events, operation, lang)
    return page(
        "home.html",
        operation=make_link(index, operation, lang),
        operation_description=index.description(operation, lang),
        sources=[key_figures.source_view(index, s, lang) for s in sorted(index.sources)],
        headline=headline,
        rows=rows,
        categories=[make_link(index, canonical_iri(f"category/{c}"), lang) for c in CATEGORY_ORDER],
        triples=sum(backend.counts.values()),
        version=backend.version,
    )


# ---- entity pages (called by linked_data.document) ----------------------------------------


def entity_page(iri: str) -> Response:
    """The page about one resource, or a 404 page when the graph says nothing about it."""
    description = describe(app_state().backend, iri)
    if not description.exists:
        raise NotFound(
            gettext(
                "The graph holds no statement about %(iri)s. Try the search or browse by type.",
                iri=iri,
            ),
            title=gettext("Nothing is known about this IRI"),
        )
    index, lang, backend = page_index(), i18n.current_language(), app_state().backend
    builder = EntityBuilder(index, description, lang)
    view = builder.build()
    events = cached(f"events:{iri}", lambda: key_figures.events_of(backend, iri))
    box = summarise(builder, events)
    evidence = view.own_evidence or [e for row in box.rows for i in row.items for e in i.evidence]
    cite = citation(iri, view.title[0], lang, backend.version, evidence[:MAX_CITED])
    document = local_url(iri) or ""
    return page("entity.html", view=view, summary=box, cite=cite, alternates=alternates(document))


# ---- search and browse --------------------------------------------------------------------


@blueprint.route("/search")
def search_page() -> Response:
    """Names in four languages, matched regardless of case and accents."""
    query = request.args.get("q", "").strip()
    index = page_index()
    lang = i18n.current_language()
    results: list[dict[str, Any]] = []
    terms: list[dict[str, Any]] = []
    for hit in search(query) if query else []:
        link = make_link(index, hit.iri, lang)
        (terms if hit.term else results).append(
            {
                "link": link,
                "description": index.description(hit.iri, lang),
                "types": [make_link(index, t, lang) for t in sorted(index.types.get(hit.iri, []))],
                "matched": [n for n in hit.matched if n.text != link.text],
            }
        )
    return page("search.html", search_query=query, results=results, terms=terms)


@blueprint.route("/browse")
def browse() -> Response:
    """The types of things in the graph with how many of each; with `type=`, its instances."""
    index = page_index()
    lang = i18n.current_language()
    asked = request.args.get("type")
    if asked is None:
        classes = cached("classes", _classes)
        rows: list[dict[str, Any]] = [
            {
                "link": make_link(index, iri, lang),
                "curie": curie(iri),
                "count": n,
                "iri": iri,
                "own": iri.startswith(ZH),
            }
            for iri, n in classes
        ]
        groups, advanced = browsing.grouped(rows)
        return page("browse.html", groups=groups, advanced=advanced, chosen=None, instances=[])
    try:
        chosen = NamedNode(asked)
    except ValueError:
        raise BadRequest(f"type= must be an IRI, not {asked!r}") from None
    solutions = app_state().backend.internal_query(INSTANCES_QUERY, type=chosen)
    assert isinstance(solutions, QuerySolutions)
    instances = sorted(
        (make_link(index, row["x"].value, lang) for row in solutions),
        key=lambda k: (browsing.natural_key(k.text), k.iri),
    )
    return page(
        "browse.html",
        groups=[],
        advanced=[],
        chosen=make_link(index, chosen.value, lang),
        chosen_curie=curie(chosen.value),
        instances=instances[:MAX_INSTANCES],
        total=len(instances),
    )


def _classes() -> list[tuple[str, int]]:
    solutions = app_state().backend.internal_query(CLASSES_QUERY)
    assert isinstance(solutions, QuerySolutions)
    return [(row["class"].value, int(row["n"].value)) for row in solutions]


# ---- consistency --------------------------------------------------------------------------


def _detail(index: PageIndex, detail: str, lang: str) -> str:
    """A check's detail in the reader's words: its message from the catalog, the categories it
    names by their labels in the graph."""
    message = getattr(detail, "message", None)
    if not message:
        return str(detail)
    args = dict(getattr(detail, "args", {}))
    if "missing" in args:
        words = [word.strip() for word in str(args["missing"]).split(",")]
        args["missing"] = ", ".join(index.label(ID + "category/" + w, lang) for w in words)
    return gettext(message, **args)


@blueprint.route("/consistency")
def consistency() -> Response:
    """Every arithmetic check on the figures, pass / fail / undecided, and the disagreements."""
    backend = app_state().backend
    report = cached("consistency", lambda: consistency_report(backend))
    index = page_index()
    lang = i18n.current_language()

    def figure(f: Any) -> dict[str, Any]:
        count = index.counts.get(f.count)
        text = index.figure_text(count, lang) if count else str(f.value)
        category = index.label(count.category, lang) if count else f.category
        return {"link": make_link(index, f.count, lang), "figure": text, "category": category}

    checks = [
        {
            "id": check.id,
            "title": _check_title(index, check, lang),
            "status": check.status,
            "detail": _detail(index, check.detail, lang),
            "figures": [figure(f) for f in check.figures],
        }
        for check in report.checks
    ]
    disagreements = [
        {
            "subject": make_link(index, d.subject, lang),
            "property": make_link(index, d.predicate, lang),
            "sides": [_side(index, claim, source, lang) for _, claim, source in d.values],
        }
        for d in report.disagreements
    ]
    return page(
        "consistency.html", checks=checks, tally=report.summary(), disagreements=disagreements
    )


CHECK_KINDS = {
    "parts-make-total": lazy_gettext("men + women + children = total"),
    "orphans-within-children": lazy_gettext("orphans ≤ children"),
    "phases-add-up": lazy_gettext("sum of the phases, %(category)s"),
}


def _check_title(index: PageIndex, check: Any, lang: str) -> str:
    """The check's title in the reader's language, rebuilt from its kind and first figure."""
    kind = CHECK_KINDS.get(check.id.split(":", 1)[0])
    if kind is None or not check.figures:
        return str(check.title)
    first = check.figures[0]
    count = index.counts.get(first.count)
    category = index.label(count.category, lang) if count else first.category
    what = str(kind) % {"category": category}
    where = source_name(first.source)
    return f"{what}: {index.label(first.scope, lang)} ({where})"


def _side(index: PageIndex, claim: str, source: str, lang: str) -> dict[str, Any]:
    """One source's value in a disagreement, with its qualifier (such as "early")."""
    found = index.claims.get(claim)
    count = index.counts.get(claim)  # a figure's side names its count, not a claim
    value = index.figure_text(count, lang) if count else found.object.value if found else claim
    return {
        "value": value,
        "claim": make_link(index, claim, lang),
        "source": make_link(index, source, lang),
        "qualifier": make_link(index, found.qualifier, lang) if found and found.qualifier else None,
    }


# ---- example queries ----------------------------------------------------------------------


@blueprint.route("/queries")
def queries() -> Response:
    """The example queries, each with a link to run it and one to open it in the editor."""
    saved = [_query_view(q) for q in app_state().saved_queries]
    return page("queries.html", queries=saved)


@blueprint.route("/queries/<name>")
def query_results(name: str) -> Response:
    """One example query run, its answer as a table with every IRI linked."""
    found = {q.name: q for q in app_state().saved_queries}
    if name not in found:
        raise NotFound(f"no example query named {name!r}; see /queries")
    saved = found[name]
    answer = app_state().backend.internal_query(saved.text)
    index = page_index()
    lang = i18n.current_language()
    limit = app_state().config.max_rows
    variables: list[str] = []
    rows: list[list[Any]] = []
    boolean = None
    if isinstance(answer, QueryBoolean):
        boolean = bool(answer)
    elif isinstance(answer, QuerySolutions):
        variables = [v.value for v in answer.variables]
        for number, solution in enumerate(answer):
            if number >= limit:
                break
            rows.append(
                [
                    term_value(index, solution[v], lang) if solution[v] is not None else None
                    for v in variables
                ]
            )
    else:
        variables = ["subject", "predicate", "object"]
        for number, triple in enumerate(answer):
            if number >= limit:
                break
            rows.append([term_value(index, t, lang) for t in triple])
    return page(
        "query_results.html",
        query=_query_view(saved),
        variables=variables,
        rows=rows,
        boolean=boolean,
        truncated=len(rows) >= limit,
    )


def _query_view(saved: Any) -> dict[str, Any]:
    endpoint = url_for("sparql.endpoint")
    return {
        "name": saved.name,
        "title": saved.title,
        "description": saved.description,
        "text": saved.text,
        "run": url_for("pages.query_results", name=saved.name),
        "editor": f"{endpoint}#query={quote(saved.text, safe='')}",
        "downloads": [
            (fmt, url_for("sparql.endpoint", query=saved.text, format=fmt))
            for fmt in ("csv", "tsv", "json", "xml")
        ],
    }


# ---- ontology (called by linked_data.ontology) --------------------------------------------


def ontology_page() -> Response:
    """The ontology's documentation: every class, property and concept scheme, four languages."""
    documentation = cached("ontology-doc", lambda: ontology_documentation(app_state().backend))
    index = page_index()
    lang = i18n.current_language()
    document = url_for("linked_data.ontology")
    return page(
        "ontology.html",
        doc=documentation,
        alternates=alternates(document),
        link=lambda iri: make_link(index, iri, lang),
        curie=curie,
        characteristics=characteristics,
        description=lambda iri: index.description(iri, lang),
        names_of=lambda iri: {
            code: text for code in i18n.LANGUAGES if (text := _exact_label(index, iri, code))
        },
    )


def _exact_label(index: PageIndex, iri: str, lang: str) -> str | None:
    """A label in exactly this language, without falling back to another."""
    found = index.text_in(iri, NAME_PROPERTIES, lang)
    return found[0] if found and found[1] == lang else None
