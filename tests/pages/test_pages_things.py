"""Things, their evidence, citing and search, through the Flask test client: human names for
every node (claims, positions, remarks, evidence), the summary box, incoming links read from
the page's side, the cite block in its three forms, search ranking, and a crawl of every entity
page in every language for raw identifiers and untranslated interface words."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote

import lxml.html
import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from pybtex.database import parse_string
from pyoxigraph import Store

from server.app import create_app
from server.core.config import Config
from server.core.namespaces import ID, ZH
from server.core.state import app_state
from server.i18n import LANGUAGES, LOCALE_DIR
from server.pages.citation import bibtex_escape, citation
from server.pages.labels import PageIndex, page_index
from server.store import disk as stores

from ..conftest import SOURCES

HTML = {"Accept": "text/html"}
PREFIXED = re.compile(r"^[a-z][\w-]*:[\w./#-]+$")
LATIN_WORDS = re.compile(r"\b[A-Za-z]{3,}\b")
# Elements whose text is an identifier or a code on purpose: the IRI line, the "as data"
# links, datatypes, language tags, the cite block's machine forms.
MACHINE = (
    "code, pre, textarea, .curie, .datatype, .langtag, .alternates, .iri, .cite-facts,"
    " .cite-form-head"
)
# Names of standards and services, and prefixed names (xsd:gYear), stand in any language's text.
NAMES_IN_ANY_LANGUAGE = re.compile(r"\b(?:Wikidata|SPARQL|PREFIX|Zhusan|YASGUI)\b|\b\w+:\w+")


@pytest.fixture(scope="module")
def app(config: Config, built: stores.BuildResult) -> Iterator[Flask]:
    """The module's app quotes passages: conftest's, with the source texts where they are."""
    application = create_app(replace(config, sources_dir=str(SOURCES) if SOURCES.is_dir() else ""))
    yield application
    application.extensions["zhusan"].backend.close()


@pytest.fixture(scope="module")
def bare_client(config: Config, built: stores.BuildResult) -> Iterator[FlaskClient]:
    """A server without the source texts."""
    application = create_app(replace(config, sources_dir=""))
    yield application.test_client()
    application.extensions["zhusan"].backend.close()


def html(client: FlaskClient, path: str) -> lxml.html.HtmlElement:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.get_data(as_text=True))


def texts(tree: lxml.html.HtmlElement, selector: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.cssselect(selector)]


def summary_row(tree: lxml.html.HtmlElement, key: str) -> str:
    rows = texts(tree, f".summary-{key}")
    assert rows, f"no summary row {key}"
    return rows[0]


# ---- names ----------------------------------------------------------------------------------


def test_claims_positions_remarks_and_evidence_have_made_names(app: Flask) -> None:
    with app.test_request_context("/"):
        index = page_index()
        assert index.label(ID + "claim/000/zhusan-purpose-repatriation", "en") == (
            "Operation Zhusan — purpose — repatriation of citizens (source 000)"
        )
        assert index.label(ID + "position/natalia-gherman/cted", "en") == (
            "Natalia Gherman — executive director, CTED"
        )
        remark = index.label(ID + "remark/gherman-2023-example", "en")
        assert remark.startswith("Natalia Gherman at Forum on Security and Cooperation")
        assert "example for other countries" in remark
        assert index.label(ID + "evidence/000/2041-2052", "ru") == (
            "Статья об операции «Жусан» (источник 000), абзац 4, символы 2041–2052"
        )


def test_a_remark_quoted_in_another_language_is_marked_so(app: Flask) -> None:
    with app.test_request_context("/"):
        text, lang = page_index().label_with_language(ID + "remark/gherman-2023-example", "kk")
    assert lang == "en" and "Called Operation Zhusan" in text


def test_gherman_page_names_her_position_not_its_identifier(client: FlaskClient) -> None:
    tree = html(client, "/doc/person/natalia-gherman")
    positions = summary_row(tree, "positions")
    assert "Natalia Gherman — executive director, CTED" in positions
    assert "Forum on Security and Cooperation in Central Asia (Astana, 2023)" in positions
    assert "cted" not in texts(tree, "a")


# ---- summary box ----------------------------------------------------------------------------


def test_phase_page_summary_has_dates_part_of_previous_next_and_figures(
    client: FlaskClient,
) -> None:
    tree = html(client, "/doc/operation/zhusan/phase/3")
    assert "2019" in summary_row(tree, "when")
    assert "Operation Zhusan, the 2019 phases" in summary_row(tree, "part-of")
    assert summary_row(tree, "previous").startswith("Previous Zhusan-2")
    assert summary_row(tree, "next").startswith("Next Zhusan-4")
    figures = summary_row(tree, "figures")
    assert "171 children" in figures and "246 persons (total)" in figures


def test_phase_5_says_when_and_who_ran_it_with_their_evidence(client: FlaskClient) -> None:
    tree = html(client, "/doc/operation/zhusan/phase/5")
    assert summary_row(tree, "when").startswith("When February 4, 2021")
    who = summary_row(tree, "who")
    assert "National Security Committee of Kazakhstan credited to" in who
    assert "Ministry of Foreign Affairs of Kazakhstan credited to" in who
    assert not tree.cssselect(".summary-next")  # the last phase
    links = tree.cssselect(".summary-who a.evidence-link")
    assert links and links[0].get("href").startswith("/doc/evidence/000/")


def test_operation_page_lists_its_phases_with_their_totals(client: FlaskClient) -> None:
    phases = summary_row(html(client, "/doc/operation/zhusan"), "phases")
    for name, total in (("Zhusan-1", 47), ("Zhusan-2", 231), ("Zhusan-3", 246), ("Zhusan-5", 12)):
        assert f"{name} {total} persons (total)" in phases


def test_operation_page_names_who_spoke_about_it_and_in_what_role(client: FlaskClient) -> None:
    remarks = summary_row(html(client, "/doc/operation/zhusan"), "remarks")
    assert "Natalia Gherman — executive director, CTED" in remarks
    assert "Forum on Security and Cooperation in Central Asia (Astana, 2023)" in remarks


def test_knb_page_reads_incoming_links_from_its_own_side(client: FlaskClient) -> None:
    tree = html(client, "/doc/org/knb")
    assert "Zhusan-5 credited to" in summary_row(tree, "named-in")
    sentences = texts(tree, ".incoming .sentence")
    assert "Zhusan-5 — credited to — National Security Committee of Kazakhstan" in sentences
    # The reasoner's super-property (contributor) adds nothing and is not listed.
    assert "contributor" not in texts(tree, ".incoming dt")


def test_incoming_links_use_the_ontologys_inverse_property(client: FlaskClient) -> None:
    tree = html(client, "/doc/operation/zhusan/2019")
    # "Zhusan-1 super-event Operation Zhusan, the 2019 phases", read from this side.
    assert "super-event" not in texts(tree, ".incoming dt")
    assert any("sub-event" in t for t in texts(tree, ".statements dt"))


# ---- evidence -------------------------------------------------------------------------------


def test_evidence_is_quoted_where_the_fact_is_shown(client: FlaskClient) -> None:
    if not SOURCES.is_dir():
        pytest.skip(f"source texts not found at {SOURCES}")
    tree = html(client, "/doc/operation/zhusan/phase/3")
    children = tree.cssselect(".summary-figures .summary-item")[3]
    assert "171" in children.cssselect("mark")[0].text_content()
    caption = children.cssselect("figcaption a")[0].text_content()
    assert caption == "Russian article on Operation Zhusan (source 000), paragraph 4"


def test_evidence_page_restates_the_fact_in_the_readers_language(client: FlaskClient) -> None:
    tree = html(client, "/doc/evidence/000/2211-2222?lang=ru")
    assert "«Жусан-3» — дети: 171" in texts(tree, ".evidence-card .supports li")


def test_without_source_texts_the_page_says_how_to_enable_them(bare_client: FlaskClient) -> None:
    tree = html(bare_client, "/doc/operation/zhusan/phase/3")
    assert not tree.cssselect("mark")
    notes = texts(tree, ".summary-box .sources-note")
    assert notes and "ZHUSAN_SOURCES_DIR" in notes[0]
    tree = html(bare_client, "/doc/operation/zhusan/phase/3?lang=ru")
    assert "ZHUSAN_SOURCES_DIR" in texts(tree, ".summary-box .sources-note")[0]
    assert "Фрагменты источников не показаны" in texts(tree, ".summary-box .sources-note")[0]


# ---- cite this ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/doc/operation/zhusan/phase/3", "/doc/count/000/zhusan-3/children"]
)
def test_cite_block_gives_iri_versions_and_parseable_bibtex_and_csl_json(
    app: Flask, client: FlaskClient, path: str
) -> None:
    tree = html(client, path)
    iri = ID + path.removeprefix("/doc/")
    assert texts(tree, ".cite-iri") == [iri]
    with app.app_context():
        version = app_state().backend.version
    store_version = texts(tree, ".cite-version")[0]
    assert store_version == version and re.fullmatch(r"[0-9a-f]{64}", version)
    assert texts(tree, ".cite-release") == ["1.0.0"]
    csl = json.loads(tree.cssselect("pre.cite-csl-json")[0].text_content())
    assert csl[0]["URL"] == iri and csl[0]["type"] == "dataset"
    assert store_version in csl[0]["note"] and "paragraph 4" in csl[0]["note"]
    entries = parse_string(tree.cssselect("pre.cite-bibtex")[0].text_content(), "bibtex").entries
    (entry,) = entries.values()
    assert entry.fields["url"] == iri
    assert entry.fields["version"] == "1.0.0"
    assert store_version in entry.fields["note"]


def test_bibtex_escapes_braces_so_a_title_cannot_close_a_field() -> None:
    assert bibtex_escape("a}b{c\\") == r"a\textbraceright{}b\textbraceleft{}c\textbackslash{}"
    cited = citation(ID + "x", "evil} @misc{x, title={", "en", "0" * 64, [], datetime.date.today())
    entries = parse_string(cited.bibtex(), "bibtex").entries
    assert len(entries) == 1
    assert json.loads(cited.csl_json())[0]["title"] == "evil} @misc{x, title={"


# ---- search ---------------------------------------------------------------------------------


def result_titles(client: FlaskClient, query: str, group: str = "things") -> list[str]:
    tree = html(client, "/search?q=" + query)
    return texts(tree, f"ol.results.{group} .result-title a")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("phase 3", "Zhusan-3"),
        ("этап 5", "Zhusan-5"),
        ("3-кезең", "Zhusan-3"),
        ("Zhusan 3", "Zhusan-3"),
    ],
)
def test_search_finds_a_phase_by_its_number(client: FlaskClient, query: str, expected: str) -> None:
    assert result_titles(client, query)[0] == expected


def test_search_un_puts_the_united_nations_first_and_terms_apart(client: FlaskClient) -> None:
    things = result_titles(client, "UN")
    assert things[0] == "United Nations"
    tree = html(client, "/search?q=event")
    assert "event" in texts(tree, "ol.results.terms .result-title a")
    assert "event" not in texts(tree, "ol.results.things .result-title a")


def test_search_finds_a_remark_by_a_word_of_its_paraphrase(client: FlaskClient) -> None:
    titles = result_titles(client, "leadership")
    assert titles and titles[0].startswith("Vladimir Voronkov at Off-site meeting of UN")


# ---- the crawl ------------------------------------------------------------------------------


def entity_paths(store: Store) -> Iterator[str]:
    query = f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
      FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}") && !CONTAINS(STR(?s), "#")) }}"""
    for row in store.query(query):  # type: ignore[union-attr]
        yield "/doc/" + row["s"].value[len(ID) :]


def interface_words(lang: str) -> set[str]:
    """The English interface strings that the language's catalog translates differently."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    return {
        m.id
        for m in catalog
        if isinstance(m.id, str) and m.id and m.string and m.string != m.id and "%(" not in m.id
    }


def untranslated(tree: lxml.html.HtmlElement, lang: str, words: set[str]) -> list[str]:
    """Text on the page that is English, outside every element marked with another language."""
    found = []
    skipped = set(tree.cssselect(MACHINE))
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "head"):
            continue
        if any(a in skipped or a.tag == "head" for a in (element, *element.iterancestors())):
            continue
        marked = next(
            (a.get("lang") for a in (element, *element.iterancestors()) if a.get("lang")), ""
        )
        if marked != lang:
            continue
        for text in (element.text, *(child.tail for child in element)):
            text = " ".join((text or "").split()).strip(" ·:—()")
            if not text:
                continue
            latin = LATIN_WORDS.findall(NAMES_IN_ANY_LANGUAGE.sub("", text))
            if text in words or (lang in ("ru", "kk") and len(latin) >= 2):
                found.append(text)
    return found


def raw_labels(tree: lxml.html.HtmlElement, path: str, index: PageIndex, lang: str) -> list[str]:
    """Headings, link texts and summary values that are an identifier instead of a name: a
    prefixed name, an IRI, or the IRI's last segment standing in for a missing name."""
    found = []
    for element in tree.cssselect("h1, .summary-box a, .summary-value, main a"):
        if element.xpath("ancestor-or-self::*[self::code or self::pre or @class='alternates']"):
            continue
        text = " ".join(element.text_content().split())
        href = element.get("href", "").split("?")[0]
        target = path if element.tag == "h1" else href if href.startswith("/doc/") else ""
        if PREFIXED.match(text) or text.startswith(("http://", "https://")):
            found.append(text)
        elif target and not index.has_name(ID + target.removeprefix("/doc/"), lang):
            found.append(f"{text} ({target})")
    return found


def test_every_entity_page_in_every_language_names_things_in_the_readers_words(
    app: Flask, client: FlaskClient, store: Store
) -> None:
    paths = sorted(entity_paths(store))
    assert len(paths) > 200
    with app.test_request_context("/"):
        index = page_index()
    words = {lang: interface_words(lang) for lang in LANGUAGES if lang != "en"}
    problems: list[str] = []
    for path in paths:
        for lang in LANGUAGES:
            tree = html(client, f"{path}?lang={lang}")
            problems += [f"{path} {lang}: raw {t}" for t in raw_labels(tree, path, index, lang)]
            if lang != "en":
                problems += [
                    f"{path} {lang}: english {t!r}" for t in untranslated(tree, lang, words[lang])
                ]
    assert problems == [], "\n".join(sorted(set(problems))[:60])


OTHER_PAGES = (
    "/",
    "/browse",
    "/browse?type=" + quote(ZH + "Phase", safe=""),
    "/search?q=zhusan",
    "/timeline",
    "/chart",
    "/graph?iri=" + quote(ID + "operation/zhusan", safe=""),
    "/sparql",
    "/queries",
    "/queries/phase-figures",
    "/consistency",
    "/ontology",
    "/dumps",
)


def test_every_other_page_type_in_every_language_is_in_the_readers_words(
    app: Flask, client: FlaskClient
) -> None:
    """The crawl's checks on the pages that are not about one thing (the drawings, lists, the
    editor's page as the server writes it; YASGUI's own menus are drawn later, in English)."""
    with app.test_request_context("/"):
        index = page_index()
    words = {lang: interface_words(lang) for lang in LANGUAGES if lang != "en"}
    problems: list[str] = []
    for path in OTHER_PAGES:
        for lang in LANGUAGES:
            tree = html(client, path + ("&" if "?" in path else "?") + f"lang={lang}")
            for heading in tree.cssselect("h1"):  # the page's own title is no thing's name
                heading.drop_tree()
            problems += [f"{path} {lang}: raw {t}" for t in raw_labels(tree, "", index, lang)]
            if lang != "en":
                problems += [
                    f"{path} {lang}: english {t!r}" for t in untranslated(tree, lang, words[lang])
                ]
    assert problems == [], "\n".join(sorted(set(problems))[:2000])
