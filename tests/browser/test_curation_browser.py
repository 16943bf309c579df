"""A curator in headless Chromium: registers the Zhusan-6 document (written for the test),
annotates five facts by selecting passages, and rebuilds. Each fact is then in the store
with its span, the figure's disagreement with source 000 shows on the main application's
consistency page and on the phase's page, and `zhusan-kg validate` passes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pyoxigraph import NamedNode
from werkzeug.serving import BaseWSGIServer, make_server

from server.app import create_app
from server.backends.querying import select
from server.cli import main
from server.core.config import load_config
from server.curation.app import create_curation_app
from server.curation.document import Metadata, managed_file
from server.curation.workspace import Workspace
from server.store import disk as stores

from ..curation.conftest import Copy, make_copy
from ..curation.zhusan6 import ANNOTATIONS, DOCUMENT, ID, annotation, span
from .harness import BrowserSession

pytestmark = [pytest.mark.browser, pytest.mark.server]

SELECT_PHRASE = """(phrase) => {
  const root = document.getElementById("text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const at = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
  const start = text.indexOf(phrase);
  const range = document.createRange();
  range.setStart(...at(start));
  range.setEnd(...at(start + phrase.length));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

SPANS = """
SELECT ?start ?end WHERE {
  ?fact prov:wasDerivedFrom ?evidence .
  ?evidence oa:hasSource source:005 ; oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
}"""


@pytest.fixture
def curation(tmp_path: Path) -> Iterator[tuple[Copy, str]]:
    copy = make_copy(tmp_path)
    status = main(
        [
            "--input-dir", str(copy.inputs),
            "--data-dir", str(tmp_path / "data"),
            "add-source", str(copy.document),
            "--language", "en",
            "--title", "Zhusan-6, a later flight home",
            "--sources", str(copy.sources),
        ]
    )  # fmt: skip
    assert status == 0
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, create_curation_app(copy.workspace()), threaded=False
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield copy, f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()


def pick(page: Page, kind: str, field: str, query: str, iri: str) -> None:
    fieldset = f'.kind[data-kind="{kind}"] fieldset[data-field="{field}"]'
    page.fill(f"{fieldset} .thing-query", query)
    page.wait_for_selector(f'{fieldset} option[value="{iri}"]', state="attached")
    page.select_option(f"{fieldset} .thing-choice", iri)


def new_thing(page: Page, kind: str, field: str, labels: dict[str, str], thing: str) -> None:
    fieldset = f'.kind[data-kind="{kind}"] fieldset[data-field="{field}"]'
    page.click(f"{fieldset} details summary")
    page.select_option(f"{fieldset} .new-kind", thing)
    for lang, label in labels.items():
        page.fill(f'{fieldset} .new-label[data-lang="{lang}"]', label)


def select_passage(page: Page, number: int) -> None:
    phrase = ANNOTATIONS[number][0]
    page.evaluate(SELECT_PHRASE, phrase)
    page.click("#use-selection")
    start, end = span(phrase)  # code points, as Python counts them
    assert page.input_value("input[name=start]") == str(start)
    assert page.input_value("input[name=end]") == str(end)
    assert page.inner_text("#selected") == phrase


def save(page: Page, facts_before: int) -> None:
    page.click("#save")
    # The page reloads with one more fact, or shows why the save was refused.
    page.wait_for_selector(
        f"#facts article.fact:nth-of-type({facts_before + 1}), #error:not(:empty)"
    )
    assert page.inner_text("#error") == ""


def test_code_point_offsets_count_an_astral_character_once(
    browser: Browser, curation: tuple[Copy, str]
) -> None:
    _copy, url = curation
    with BrowserSession(browser, url) as session:
        page = session.open("/source/005")
        assert page.evaluate("curation.codePointOffset('a\\u{1F33F}b', 3)") == 2
        assert page.evaluate("curation.codePointOffset('a\\u{1F33F}b', 4)") == 3
        assert page.evaluate("curation.utf16Offset('a\\u{1F33F}b', 2)") == 3
        leaf = DOCUMENT.index("\U0001f33f")
        page.evaluate(SELECT_PHRASE, "\U0001f33f")
        assert page.evaluate("curation.selectionOffsets()") == {"start": leaf, "end": leaf + 1}


def test_curator_adds_a_source_annotates_five_facts_and_rebuilds(
    browser: Browser, curation: tuple[Copy, str], tmp_path: Path, screenshots: Path
) -> None:
    copy, url = curation
    with BrowserSession(browser, url, screenshots=screenshots) as session:
        page = session.open("/")
        page.click("text=Zhusan-6, a later flight home (source 005)")
        page.wait_for_url("**/source/005")
        assert "May 2022" in page.locator("#unannotated").inner_text()

        select_passage(page, 0)  # a figure that disagrees with source 000's
        page.select_option("select[name=kind]", "figure")
        pick(page, "figure", "scope", "Zhusan-2", ID + "operation/zhusan/phase/2")
        page.select_option(
            ".kind[data-kind=figure] select[name=category]", ID + "category/children"
        )
        page.fill(".kind[data-kind=figure] input[name=value]", "160")
        save(page, 0)
        finding = page.locator("article.fact .finding.disagreement").first
        assert "156" in finding.inner_text() and "160" in finding.inner_text()
        session.screenshot("curation-figure-disagrees")

        select_passage(page, 1)  # a date with month precision, of a new thing
        page.select_option("select[name=kind]", "date")
        new_thing(page, "date", "subject", {"en": "Zhusan-6", "ru": "Жусан-6"}, "event")
        page.fill(".kind[data-kind=date] input[name=date]", "2022-05")
        page.select_option(".kind[data-kind=date] select[name=precision]", "month")
        save(page, 1)

        select_passage(page, 2)  # a relation to an existing agency
        page.select_option("select[name=kind]", "relation")
        pick(page, "relation", "subject", "Zhusan-6", ID + "event/zhusan-6")
        page.select_option(
            ".kind[data-kind=relation] select[name=predicate]",
            "https://w3id.org/zhusan/ontology#coordinatedBy",
        )
        pick(page, "relation", "object", "KNB", ID + "org/knb")
        save(page, 2)

        select_passage(page, 3)  # a new person with a position
        page.select_option("select[name=kind]", "position")
        new_thing(
            page,
            "position",
            "person",
            {"en": "Aruzhan Testova", "ru": "Аружан Тестова"},
            "person",
        )
        pick(page, "position", "role", "head", ID + "role/head")
        pick(page, "position", "organisation", "National Security", ID + "org/knb")
        save(page, 3)

        select_passage(page, 4)  # a remark, in the curator's words
        page.select_option("select[name=kind]", "remark")
        pick(page, "remark", "attributed_to", "Testova", ID + "person/aruzhan-testova")
        pick(page, "remark", "about", "Zhusan-6", ID + "event/zhusan-6")
        fields = ANNOTATIONS[4][1]
        page.fill("textarea[name=gist_en]", fields["gist_en"])
        page.fill("textarea[name=gist_ru]", fields["gist_ru"])
        save(page, 4)
        assert page.locator("article.fact").count() == 5
        assert page.locator("#text mark").count() >= 5
        session.screenshot("curation-five-facts")
        assert session.foreign_requests() == []
        assert session.page_errors == []

    # The browser wrote what the same five annotations give through the API, byte for byte.
    written = managed_file(copy.inputs / "graph", "005").read_bytes()
    twin = make_copy(tmp_path / "twin")
    workspace = Workspace(twin.inputs, twin.sources)
    key = workspace.add_source(twin.document, Metadata("en", "Zhusan-6, a later flight home"))
    for number in range(len(ANNOTATIONS)):
        workspace.annotate(key, annotation(number))
    assert managed_file(twin.inputs / "graph", key).read_bytes() == written

    # Rebuild from the copies: `zhusan-kg validate` passes, and each fact has its span.
    data = tmp_path / "data"
    argv = ["--input-dir", str(copy.inputs), "--data-dir", str(data)]
    assert main([*argv, "validate"]) == 0
    config = load_config(
        {"input_dir": str(copy.inputs), "data_dir": str(data), "sources_dir": str(copy.sources)},
        environ={},
    )
    store = stores.open_read_only(stores.current_store(config))
    spans = {(int(r["start"].value), int(r["end"].value)) for r in select(store, SPANS)}
    assert spans == {span(phrase) for phrase, _ in ANNOTATIONS}
    for subject, predicate, obj in (
        (ID + "event/zhusan-6", "http://schema.org/startDate", None),
        (ID + "event/zhusan-6", "https://w3id.org/zhusan/ontology#coordinatedBy", ID + "org/knb"),
        (ID + "position/aruzhan-testova/knb", "http://www.w3.org/ns/org#member", None),
    ):
        found = list(
            store.quads_for_pattern(
                NamedNode(subject), NamedNode(predicate), NamedNode(obj) if obj else None, None
            )
        )
        assert found, (subject, predicate)

    # The main application shows the disagreement: the consistency page and the phase's page.
    application = create_app(config)
    try:
        client = application.test_client()
        consistency = client.get("/consistency", headers={"Accept": "text/html"})
        text = consistency.get_data(as_text=True)
        disagreements = text.split("Where the sources disagree", 1)[1]
        assert "160" in disagreements and "156" in disagreements
        assert "/doc/count/005/zhusan-2/children" in disagreements
        phase = client.get("/doc/operation/zhusan/phase/2", headers={"Accept": "text/html"})
        section = phase.get_data(as_text=True).split('<section class="disagreements">', 1)[1]
        section = section.split("</section>", 1)[0]
        assert "160" in section and "156" in section
    finally:
        application.extensions["zhusan"].backend.close()
