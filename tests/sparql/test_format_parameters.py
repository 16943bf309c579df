"""The format parameters SPARQL clients send (`format=`, `output=`, `results=`): every name of
the format table, repeated and comma-separated values, the fallback to `Accept`, and the
README's table of names. In-process, through the Flask client."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from server.core.formats import ALL_FORMATS, RDF_FORMATS, Format, names_table

from ..conftest import ROOT

SELECT = "SELECT ?n WHERE { phase:1 zh:ordinal ?n }"
CONSTRUCT = "CONSTRUCT { phase:1 zh:ordinal ?n } WHERE { phase:1 zh:ordinal ?n }"
SPARQL_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"


def ask(
    client: FlaskClient, query: str, params: list[tuple[str, str]], accept: str | None = None
) -> TestResponse:
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", query_string=[("query", query), *params], headers=headers)


def media_type(response: TestResponse) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.mimetype


def every_name(fmt: Format) -> list[str]:
    return [fmt.name, fmt.media_type, fmt.extension, *fmt.nicknames, *fmt.aliases]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [(fmt, name) for fmt in ALL_FORMATS for name in every_name(fmt)],
    ids=lambda value: value.name if isinstance(value, Format) else value,
)
def test_every_name_in_the_table_answers_in_its_format(
    client: FlaskClient, fmt: Format, name: str
) -> None:
    query = CONSTRUCT if fmt in RDF_FORMATS else SELECT
    assert media_type(ask(client, query, [("format", name)])) == fmt.media_type


# The short names clients send, pinned apart from the table: SPARQLWrapper's return formats,
# Fuseki's and Virtuoso's `output=`/`format=` names, the Wikidata Query Service's `format=`.
CLIENT_NAMES = {
    SELECT: {
        "json": SPARQL_JSON,
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    },
    CONSTRUCT: {
        "turtle": TURTLE,
        "ttl": TURTLE,
        "n3": TURTLE,
        "rdf": "application/rdf+xml",
        "rdf+xml": "application/rdf+xml",
        "rdfxml": "application/rdf+xml",
        "xml": "application/rdf+xml",  # SPARQLWrapper's default, and Fuseki's, for a graph
        "json-ld": "application/ld+json",
        "jsonld": "application/ld+json",
        "json": "application/ld+json",  # as Fuseki answers output=json for a graph
        "ntriples": "application/n-triples",
        "nt": "application/n-triples",
        "n-triples": "application/n-triples",
        "trig": "application/trig",
        "nquads": "application/n-quads",
        "n-quads": "application/n-quads",
        "nq": "application/n-quads",
    },
}


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        (query, name, expected)
        for query, names in CLIENT_NAMES.items()
        for name, expected in names.items()
    ],
)
def test_the_names_clients_send_answer_in_the_format_they_mean(
    client: FlaskClient, query: str, name: str, expected: str
) -> None:
    assert media_type(ask(client, query, [("format", name)])) == expected


def test_the_bug_report_request_for_rdfxml_answers_rdfxml(client: FlaskClient) -> None:
    response = ask(
        client,
        "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
        [("format", "xml")],
        accept="application/rdf+xml",
    )
    assert media_type(response) == "application/rdf+xml"


@pytest.mark.parametrize("parameter", ["format", "output", "results"])
def test_each_format_parameter_is_read(client: FlaskClient, parameter: str) -> None:
    response = ask(client, SELECT, [(parameter, "tsv")], accept=SPARQL_JSON)
    assert media_type(response) == "text/tab-separated-values"


def test_a_plus_typed_in_the_url_is_read_as_a_plus(client: FlaskClient) -> None:
    response = client.get(f"/sparql?query={CONSTRUCT}&format=rdf+xml")
    assert media_type(response) == "application/rdf+xml"


def test_the_first_value_that_fits_wins(client: FlaskClient) -> None:
    repeated = [("format", "csv"), ("format", "nt"), ("output", "tsv")]
    assert media_type(ask(client, SELECT, repeated)) == "text/csv"
    assert media_type(ask(client, CONSTRUCT, repeated)) == "application/n-triples"


def test_comma_separated_values_are_read_in_order(client: FlaskClient) -> None:
    # What SPARQLWrapper sends for JSON-LD; a SELECT passes over it to the TSV.
    sent = [("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld,tsv")]
    assert media_type(ask(client, CONSTRUCT, sent)) == "application/ld+json"
    assert media_type(ask(client, SELECT, sent)) == "text/tab-separated-values"


def test_form_fields_name_the_format_of_a_post(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": SELECT, "output": "csv", "results": "csv"})
    assert media_type(response) == "text/csv"


@pytest.mark.parametrize(
    ("query", "name", "accept", "expected"),
    [
        (CONSTRUCT, "csv", "application/n-triples", "application/n-triples"),
        (CONSTRUCT, "tsv", None, TURTLE),
        (SELECT, "turtle", "text/csv", "text/csv"),
        (SELECT, "rdf", None, SPARQL_JSON),
    ],
)
def test_a_format_that_does_not_fit_the_query_form_falls_back_to_accept(
    client: FlaskClient, query: str, name: str, accept: str | None, expected: str
) -> None:
    assert media_type(ask(client, query, [("format", name)], accept=accept)) == expected


def test_a_value_that_names_no_format_is_400_with_the_names(client: FlaskClient) -> None:
    response = ask(client, SELECT, [("format", "json"), ("output", "jsno")])
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "'jsno'" in text and "json, xml, csv, tsv" in text


def test_readme_lists_every_format_name() -> None:
    assert names_table() in (ROOT / "README.md").read_text(encoding="utf-8")
