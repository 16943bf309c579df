"""Issue #14, through the Flask client: the example queries' titles and descriptions, the graph
view's edge names and the consistency report's details in the reader's language, and the
Babel extractor that carries the .rq headers into the catalogs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from server.core.config import Config
from server.core.namespaces import ID, SCHEMA
from server.sparql.saved_queries import extract_headers, load_saved_queries

from ..conftest import ROOT

LOCALES = ROOT / "server" / "i18n" / "locale"
OPERATION = ID + "operation/zhusan"
HTML = {"Accept": "text/html"}
LANGUAGES = ["ru", "fr", "kk"]


def catalog(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and m.string}


def test_the_extractor_reads_each_queries_title_and_description() -> None:
    text = b"# title: Phases\n# description: Each phase.\n# note: other\nSELECT * {}\n"
    found = list(extract_headers(io.BytesIO(text), [], [], {}))
    assert [(line, message) for line, _, message, _ in found] == [
        (1, "Phases"),
        (2, "Each phase."),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_example_query_titles_and_descriptions_are_translated(
    client: FlaskClient, config: Config, lang: str
) -> None:
    words = catalog(lang)
    queries = load_saved_queries(Path(config.inputs) / "queries")
    listing = client.get(f"/queries?lang={lang}", headers=HTML).get_data(as_text=True)
    editor = client.get(f"/sparql?lang={lang}", headers=HTML).get_data(as_text=True)
    for query in queries:
        for english in (query.source_title, query.source_description):
            translated = words.get(english)
            assert translated and translated != english, f"{lang}: {english!r} untranslated"
            escaped = translated.replace("&", "&amp;").replace('"', "&#34;")
            escaped = escaped.replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
            assert escaped in listing and escaped in editor, f"{lang}: {translated!r} not shown"


def test_example_queries_stay_english_in_english(client: FlaskClient, config: Config) -> None:
    queries = load_saved_queries(Path(config.inputs) / "queries")
    listing = client.get("/queries?lang=en", headers=HTML).get_data(as_text=True)
    assert all(q.source_title.replace("'", "&#39;") in listing for q in queries)


@pytest.mark.parametrize(
    ("lang", "organizer"), [("ru", "организатор"), ("fr", "organisateur"), ("en", "organizer")]
)
def test_graph_edge_names_are_the_propertys_label_in_the_readers_language(
    client: FlaskClient, lang: str, organizer: str
) -> None:
    response = client.get("/graph.json", query_string={"iri": OPERATION, "lang": lang})
    edges = json.loads(response.get_data(as_text=True))["edges"]
    names = {e["label"] for e in edges if e["predicate"] == SCHEMA + "organizer"}
    assert names == {organizer}


def test_graph_json_marks_the_bookkeeping_and_lists_the_kinds(client: FlaskClient) -> None:
    data = json.loads(
        client.get("/graph.json", query_string={"iri": OPERATION}).get_data(as_text=True)
    )
    kinds = {n["kind"]: n["bookkeeping"] for n in data["nodes"] if not n["center"]}
    assert kinds["Claim"] is True and kinds["Count"] is False and kinds["Phase"] is False
    legend = {k["kind"]: k for k in data["kinds"]}
    assert legend["Claim"]["bookkeeping"] and not legend["Operation"]["bookkeeping"]
    assert legend["Phase"]["label"] == "phase"


def test_consistency_details_are_translated_on_the_page(client: FlaskClient) -> None:
    english = client.get("/consistency?lang=en", headers=HTML).get_data(as_text=True)
    russian = client.get("/consistency?lang=ru", headers=HTML).get_data(as_text=True)
    assert "not stated: " in english or "the stated phases sum to" in english
    assert "not stated: " not in russian and "the stated phases sum to" not in russian
    assert "не указан" in russian
