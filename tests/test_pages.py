"""The browser pages through the Flask test client: home, entity pages with their evidence,
the four languages, search without case or accents, browse, the consistency report, example
queries, the ontology's documentation, and escaping of every value taken from the graph."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from babel import Locale
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import NamedNode, Store, Variable

from server.app import create_app
from server.core.config import Config, load_config
from server.core.namespaces import ID, ZH
from server.i18n import LANGUAGES
from server.pages.search import fold
from server.store import disk as stores

from .conftest import ROOT, sources_dir

HTML = {"Accept": "text/html"}
OPERATION = ID + "operation/zhusan"
SCRIPT = "<script>alert(1)</script>"
BLOCKS = {"p", "div", "li", "dt", "dd", "td", "th", "tr", "h1", "h2", "h3", "section", "br"}


class Page(HTMLParser):
    """The parts of a page the tests read: links, text, marked spans and head links."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.anchors: list[tuple[str, str, dict[str, str]]] = []  # (href, text, attributes)
        self.heads: list[dict[str, str]] = []
        self.marks: list[str] = []
        self.h1: list[str] = []
        self.html_lang = ""
        self.resources: list[str] = []  # every URL the page makes the browser load
        self._text: list[str] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(body)
        self.text = re.sub(r"\s+", " ", "".join(self._text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in BLOCKS:
            self._text.append(" ")
        if tag == "html":
            self.html_lang = values.get("lang", "")
        if tag == "link":
            self.heads.append(values)
            if values.get("rel") == "stylesheet":
                self.resources.append(values["href"])
        if tag in {"script", "img", "iframe"} and values.get("src"):
            self.resources.append(values["src"])
        if tag in {"a", "mark", "h1"}:
            self._open.append((tag, values, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._text.append(" ")
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position][0] == tag:
                _, values, parts = self._open.pop(position)
                text = re.sub(r"\s+", " ", "".join(parts)).strip()
                if tag == "a":
                    self.anchors.append((values.get("href", ""), text, values))
                elif tag == "mark":
                    self.marks.append(text)
                else:
                    self.h1.append(text)
                break

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        for _, _, parts in self._open:
            parts.append(data)

    def hrefs(self) -> list[str]:
        return [href for href, _, _ in self.anchors]

    def link_to(self, text: str) -> str:
        return next(href for href, label, _ in self.anchors if label == text)


@pytest.fixture(scope="module")
def app(config: Config, built: stores.BuildResult) -> Flask:
    return create_app(config)


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    # Without cookies: a `lang=` in one test would otherwise choose the next tests' language.
    return app.test_client(use_cookies=False)


def get(client: FlaskClient, path: str, status: int = 200, **headers: str) -> Page:
    response = client.get(path, headers={**HTML, **headers})
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def doc(iri: str) -> str:
    return "/doc/" + iri[len(ID) :]


# ---- home ----------------------------------------------------------------------------------


def test_home_names_both_sources_with_checksum_language_and_unknowns(client: FlaskClient) -> None:
    page = get(client, "/")
    for identifier, sha256, language in [
        (
            "000_029111044483756b.txt",
            "06e7ffedc36d0b003f283f84e71fd5d214645c4b1fe07b44b86727cf51a9456b",
            "ru",
        ),
        (
            "004_83d18bd649885460.txt",
            "4e7c90fa3c2342280d2e039ea2e389ed2716c412e65c0389f517ec78ab4613f4",
            "fr",
        ),
    ]:
        assert identifier in page.text and sha256 in page.text
        assert f"Language {language}" in page.text
    assert "L’opération Zhusan, un exemple pour les autres pays" in page.text
    assert page.text.count("author, date published, publisher, URL") == 2


def test_home_shows_the_key_figures(client: FlaskClient) -> None:
    page = get(client, "/")
    figures = {text for href, text, _ in page.anchors if href.startswith("/doc/count/")}
    assert {"595", "33", "156", "406", "12", "more than 600", "413", "34"} <= figures


def test_home_offers_every_way_in(client: FlaskClient) -> None:
    page = get(client, "/")
    hrefs = set(page.hrefs())
    for path in [
        "/search",
        "/browse",
        "/timeline",
        "/sparql",
        "/queries",
        "/consistency",
        "/dumps",
        "/ontology",
        doc(OPERATION),
    ]:
        assert path in hrefs, path
    assert '<form class="big-search" method="get" action="/search"' in client.get(
        "/", headers=HTML
    ).get_data(as_text=True)


def evidence_spans(store: Store, count: str) -> list[tuple[int, int, int]]:
    rows = store.query(
        "SELECT ?count ?start ?end ?paragraph WHERE { ?count <http://www.w3.org/ns/prov#wasDerivedFrom> ?e "
        ". ?e <https://w3id.org/zhusan/ontology#paragraph> ?paragraph ; "
        "<http://www.w3.org/ns/oa#hasSelector> ?s . "
        "?s <http://www.w3.org/ns/oa#start> ?start ; <http://www.w3.org/ns/oa#end> ?end }",
        substitutions={Variable("count"): NamedNode(count)},  # over the merged default graph
    )
    return [(int(r["start"].value), int(r["end"].value), int(r["paragraph"].value)) for r in rows]


def test_every_home_figure_links_to_a_page_showing_its_evidence_span(
    client: FlaskClient, store: Store
) -> None:
    page = get(client, "/")
    counts = sorted({href for href in page.hrefs() if href.startswith("/doc/count/")})
    assert len(counts) >= 20  # the headline figures and the table by phase
    for href in counts:
        figure_page = get(client, href)
        spans = evidence_spans(store, ID + href[len("/doc/") :])
        assert spans, href
        for start, end, paragraph in spans:
            assert f"characters {start}–{end}" in figure_page.text, href
            assert f"paragraph {paragraph}" in figure_page.text, href


# ---- entity pages --------------------------------------------------------------------------


def test_entity_page_shows_label_description_types_and_statements(client: FlaskClient) -> None:
    page = get(client, doc(OPERATION))
    assert page.h1 == ["Operation Zhusan"]
    assert "repatriation of its citizens from the conflict zone in Syria" in page.text
    assert ("/ontology#Operation", "operation") in [(h, t) for h, t, _ in page.anchors]
    assert doc(ID + "operation/zhusan/phase/5") in page.hrefs()  # a sub-event, linked
    assert doc(ID + "org/isil") in page.hrefs()
    assert "Links to this page" in page.text


def test_external_iris_are_plain_outbound_links(client: FlaskClient) -> None:
    page = get(client, doc(ID + "country/kz"))
    outbound = [a for a in page.anchors if a[0] == "http://www.wikidata.org/entity/Q232"]
    assert outbound and outbound[0][2].get("class") == "external"


def test_entity_page_advertises_its_rdf_twins(client: FlaskClient) -> None:
    response = client.get(doc(OPERATION), headers=HTML)
    link = response.headers["Link"]
    assert '</doc/operation/zhusan.ttl>; rel="alternate"; type="text/turtle"' in link
    page = Page(response.get_data(as_text=True))
    alternates = {h["type"]: h["href"] for h in page.heads if h.get("rel") == "alternate"}
    assert alternates["text/turtle"] == "/doc/operation/zhusan.ttl"
    assert alternates["application/ld+json"] == "/doc/operation/zhusan.jsonld"
    assert alternates["application/n-triples"] == "/doc/operation/zhusan.nt"
    assert alternates["application/rdf+xml"] == "/doc/operation/zhusan.rdf"


def test_dates_carry_their_evidence(client: FlaskClient) -> None:
    page = get(client, doc(ID + "operation/zhusan/phase/5"))
    assert "2021-02-04" in page.text
    assert doc(ID + "evidence/000/2766-2788") in page.hrefs()
    assert "source 000 · paragraph 6 · characters 2766–2788" in page.text


def test_disagreeing_sources_are_shown_side_by_side(client: FlaskClient) -> None:
    body = client.get(doc(OPERATION), headers=HTML).get_data(as_text=True)
    section = body[body.index('class="disagreements"') : body.index("</section>")]
    sides = section.split('class="side"')[1:]
    assert len(sides) == 2
    assert "2019" in sides[0] and "early" in sides[0] and "source 000" in sides[0]
    assert "2019-03" in sides[1] and "source 004" in sides[1]


def test_count_page_shows_its_figure_and_evidence(client: FlaskClient) -> None:
    page = get(client, doc(ID + "count/004/zhusan/persons"))
    assert page.h1 == ["Operation Zhusan — persons (total): more than 600"]
    assert "characters 1043–1054" in page.text and "characters 2118–2139" in page.text


def test_unknown_resource_is_a_404_page(client: FlaskClient) -> None:
    page = get(client, "/doc/operation/no-such-thing", status=404)
    assert page.h1 and "404" in page.h1[0]
    assert "https://w3id.org/zhusan/id/operation/no-such-thing" in page.text


# ---- languages -----------------------------------------------------------------------------


def test_lang_parameter_shows_russian_labels(client: FlaskClient) -> None:
    response = client.get(doc(OPERATION) + "?lang=ru", headers=HTML)
    page = Page(response.get_data(as_text=True))
    assert page.h1 == ["операция «Жусан»"]
    assert page.html_lang == "ru"
    assert response.headers["Content-Language"] == "ru"
    assert "Accept-Language" in response.headers["Vary"]
    assert "Ссылки на эту страницу" in page.text  # the interface too, not only the data
    # Links inside the site keep the language that was chosen by parameter.
    assert doc(ID + "operation/zhusan/phase/5") + "?lang=ru" in page.hrefs()


def test_accept_language_picks_french(client: FlaskClient) -> None:
    page = get(client, doc(OPERATION), **{"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert page.h1 == ["opération Zhusan"]
    assert page.html_lang == "fr"


def test_unknown_language_falls_back_to_english(client: FlaskClient) -> None:
    page = get(client, doc(OPERATION) + "?lang=de", **{"Accept-Language": "de"})
    assert page.h1 == ["Operation Zhusan"] and page.html_lang == "en"


def test_kazakh_without_a_kazakh_label_falls_back_to_english(client: FlaskClient) -> None:
    body = client.get(
        doc(ID + "event/astana-forum-2023/session/1") + "?lang=kk", headers=HTML
    ).get_data(as_text=True)
    page = Page(body)
    assert page.h1 == ["Global security of Asia: future prospects"]
    assert '<h1 lang="en">' in body  # marked as English inside a Kazakh page
    assert page.html_lang == "kk" and "Іздеу" in page.text


def test_language_switcher_keeps_path_and_parameters(client: FlaskClient) -> None:
    page = get(client, "/search?q=%D0%B6%D1%83%D1%81%D0%B0%D0%BD")
    switch = {a[2].get("hreflang"): a[0] for a in page.anchors if a[2].get("hreflang")}
    assert set(switch) == set(LANGUAGES)
    for code, href in switch.items():
        parts = urlsplit(href)
        assert parts.path == "/search"
        assert parse_qs(parts.query) == {"q": ["жусан"], "lang": [code]}


# ---- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("жусан", "operation/zhusan"),
        ("ЖУСАН", "operation/zhusan"),  # also the Kazakh for wormwood: both match, this first
        ("Жусан", "operation/zhusan"),
        ("воронков", "person/vladimir-voronkov"),
        ("Comite de la securite", "org/knb"),
        ("ҚАЗАҚСТАН", "country/kz"),
        ("etats-unis", "country/us"),
    ],
)
def test_search_ignores_case_and_diacritics(client: FlaskClient, query: str, expected: str) -> None:
    page = get(client, "/search?q=" + query)
    results = [h for h, _, a in page.anchors if h.startswith("/doc/") and not a.get("hreflang")]
    assert results and results[0] == "/doc/" + expected, results[:5]


def test_folding_keeps_kazakh_letters_and_drops_cyrillic_marks() -> None:
    assert fold("Йод ёлка") == "иод елка"
    assert fold("Comité de la Sécurité") == "comite de la securite"
    assert fold("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі"  # no decomposition: they stay themselves
    assert fold("l’opération") == "l'operation"


def test_search_page_works_without_a_query_and_without_results(client: FlaskClient) -> None:
    assert "Type a name in any of the four languages" in get(client, "/search").text
    assert "Nothing matches" in get(client, "/search?q=qqqxxyz").text


def test_search_form_is_a_plain_get_form(client: FlaskClient) -> None:
    body = client.get("/search", headers=HTML).get_data(as_text=True)
    assert re.search(r'<form class="big-search" method="get" action="/search"', body)
    assert '<input type="search" name="q"' in body


# ---- browse --------------------------------------------------------------------------------


def test_browse_lists_types_with_counts(client: FlaskClient) -> None:
    body = client.get("/browse", headers=HTML).get_data(as_text=True)
    row = re.search(
        r'type=https://w3id.org/zhusan/ontology%23Phase">phase</a>.*?(\d+)</td>', body, re.S
    )
    assert row and row.group(1) == "5"


def test_browse_a_type_lists_its_instances(client: FlaskClient) -> None:
    page = get(client, "/browse?type=" + ZH.replace("#", "%23") + "Phase")
    assert [t for h, t, _ in page.anchors if "/phase/" in h] == [f"Zhusan-{n}" for n in range(1, 6)]


def test_browse_with_a_bad_type_is_400(client: FlaskClient) -> None:
    assert client.get("/browse?type=not an iri", headers=HTML).status_code == 400


# ---- consistency, example queries, ontology ------------------------------------------------


def test_consistency_page_shows_checks_figures_and_disagreements(client: FlaskClient) -> None:
    page = get(client, "/consistency")
    assert "men + women + children = total: Operation Zhusan, the 2019 phases (source 000)" in (
        page.text
    )
    assert "595 = 595" in page.text and "undecided" in page.text
    assert doc(ID + "count/000/zhusan-2019/persons") in page.hrefs()
    assert "2019-03" in page.text and doc(ID + "claim/004/zhusan-startDate") in page.hrefs()


def test_example_queries_link_to_editor_and_results(app: Flask, client: FlaskClient) -> None:
    page = get(client, "/queries")
    saved = app.extensions["zhusan"].saved_queries
    for query in saved:
        assert query.title in page.text
        assert f"/queries/{query.name}" in page.hrefs()
        editor = next(
            h
            for h in page.hrefs()
            if h.startswith("/sparql#query=") and unquote(h[len("/sparql#query=") :]) == query.text
        )
        assert editor


def test_example_query_runs_as_a_table_with_downloads(client: FlaskClient) -> None:
    page = get(client, "/queries/totals-2019")
    assert "595" in page.text and "persons (total)" in page.text
    downloads = [h for h in page.hrefs() if h.startswith("/sparql?query=")]
    assert {parse_qs(urlsplit(h).query)["format"][0] for h in downloads} == {
        "csv",
        "tsv",
        "json",
        "xml",
    }
    assert client.get("/queries/no-such-query", headers=HTML).status_code == 404


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("en", {"one": "row", "other": "rows"}),
        ("ru", {"one": "строка", "few": "строки", "many": "строк"}),
    ],
)
def test_example_query_counts_its_rows_in_the_readers_grammar(
    client: FlaskClient, lang: str, forms: dict[str, str]
) -> None:
    body = client.get(f"/queries/phase-figures?lang={lang}", headers=HTML).get_data(as_text=True)
    rows = len(re.findall(r"<tr>", body.split("<tbody>", 1)[1]))
    form = forms[Locale(lang).plural_form(rows)]  # CLDR's rule, not our catalog's
    assert f'<p class="note">{rows} {form}</p>' in body


def test_example_query_results_link_iris_to_entity_pages(client: FlaskClient) -> None:
    page = get(client, "/queries/phase-figures")
    assert any(h.startswith("/doc/operation/zhusan/phase/") for h in page.hrefs())


def test_ontology_page_documents_every_term_in_four_languages(client: FlaskClient) -> None:
    body = client.get("/ontology", headers=HTML).get_data(as_text=True)
    assert 'id="Phase"' in body and 'id="ordinal"' in body
    phase = body[body.index('id="Phase"') : body.index("</section>", body.index('id="Phase"'))]
    for label in ("phase", "этап", "кезең", "One numbered stage of an operation."):
        assert label in phase
    ordinal = body[body.index('id="ordinal"') :]
    assert 'href="/ontology#Phase"' in ordinal[:3000]  # its domain, linked to the anchor
    assert "population categories" in body and "сироты" in body


# ---- escaping and origin -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """An app over a copy of the inputs where the operation has a label that is markup."""
    inputs = tmp_path_factory.mktemp("hostile-inputs")
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, inputs / folder)
    (inputs / "graph" / "zz-hostile.trig").write_text(
        "GRAPH <https://w3id.org/zhusan/graph/reference> {\n"
        f'  <{OPERATION}> <http://www.w3.org/2000/01/rdf-schema#label> "{SCRIPT}"@en .\n'
        "}\n",
        encoding="utf-8",
    )
    config = load_config({"input_dir": str(inputs), "data_dir": str(inputs / "data")}, environ={})
    stores.build(config)
    yield create_app(config).test_client()


@pytest.mark.parametrize("path", ["/", doc(OPERATION), "/search?q=script", "/queries"])
def test_a_label_holding_markup_is_rendered_as_text(hostile_client: FlaskClient, path: str) -> None:
    body = hostile_client.get(path, headers=HTML).get_data(as_text=True)
    assert SCRIPT not in body
    if path != "/queries":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize(
    "path", ["/", doc(OPERATION), "/search?q=zhusan", "/browse", "/consistency", "/ontology"]
)
def test_pages_load_nothing_from_another_origin(client: FlaskClient, path: str) -> None:
    page = get(client, path)
    assert page.resources, path
    assert all(url.startswith("/") and not url.startswith("//") for url in page.resources)


# ---- passages from the source texts ---------------------------------------------------------


def test_evidence_passage_is_shown_with_the_span_marked(
    config: Config, built: stores.BuildResult
) -> None:
    with_sources = dataclasses.replace(config, sources_dir=str(sources_dir()))
    client = create_app(with_sources).test_client()
    page = get(client, doc(ID + "count/000/zhusan-2019/persons"))
    assert page.marks == ["595 граждан Казахстана", "595 человек"]
    assert "В настоящее время проведено 5 этапов" in page.text


def test_a_source_file_with_another_checksum_is_not_quoted(
    config: Config, built: stores.BuildResult, tmp_path: Path
) -> None:
    source = sources_dir() / "000_029111044483756b.txt"
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8") + "\n", "utf-8")
    client = create_app(dataclasses.replace(config, sources_dir=str(tmp_path))).test_client()
    page = get(client, doc(ID + "count/000/zhusan-2019/persons"))
    assert page.marks == []
    assert "does not match the checksum" in page.text
