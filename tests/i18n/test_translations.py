"""The gettext catalogs: complete, not fuzzy, extracted from the current sources, with each
language's plural forms; and the app reading them in the language a request chose."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask
from flask_babel import gettext, ngettext

from server import i18n

from ..conftest import ROOT

TEMPLATE = ROOT / "server" / "i18n" / "messages.pot"
TRANSLATED = ("ru", "fr", "kk")  # English is the msgid itself


def catalog(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def language_catalog(lang: str) -> Catalog:
    return catalog(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po")


def message_keys(found: Catalog) -> set[tuple[str | None, str]]:
    """(context, msgid) of every live message; a plural one is named by its singular."""
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in found if m.id != ""}


def translations(lang: str) -> Translations:
    """The language's .po compiled in memory, so that the check does not need `make`."""
    compiled = BytesIO()
    write_mo(compiled, language_catalog(lang))
    compiled.seek(0)
    return Translations(compiled)


def test_template_has_messages() -> None:
    assert len(message_keys(catalog(TEMPLATE))) > 100


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_of_the_template_is_translated(lang: str) -> None:
    found = language_catalog(lang)
    untranslated = []
    for message in catalog(TEMPLATE):
        if message.id == "":
            continue
        ours = found.get(message.id, context=message.context)
        strings = ours.string if ours is not None else ""
        forms = strings if isinstance(strings, tuple) else (strings,)
        if not all(form.strip() for form in forms):
            untranslated.append(message.id)
    assert untranslated == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalog_lists_exactly_the_template_messages(lang: str) -> None:
    assert message_keys(language_catalog(lang)) == message_keys(catalog(TEMPLATE))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_catalog_entry_is_fuzzy(lang: str) -> None:
    found = language_catalog(lang)
    assert not found.fuzzy, "the header is marked fuzzy: pybabel compile would skip the file"
    assert [m.id for m in found if m.fuzzy and m.id != ""] == []


def test_template_is_extracted_from_the_current_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        ["make", "--no-print-directory", "-s", "messages-extract", f"MESSAGES_POT={fresh}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert message_keys(catalog(fresh)) == message_keys(catalog(TEMPLATE)), (
        "server/i18n/messages.pot is stale: run make messages-extract messages-update"
    )


@pytest.mark.parametrize(
    ("lang", "plurals"),
    [("ru", "nplurals=3"), ("kk", "nplurals=2; plural=(n != 1)"), ("fr", "plural=(n > 1)")],
)
def test_catalogs_carry_their_languages_plural_forms(lang: str, plurals: str) -> None:
    assert plurals in language_catalog(lang).plural_forms


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", {1: "1 row", 2: "2 rows", 5: "5 rows", 21: "21 rows"}),
        ("ru", {1: "1 строка", 2: "2 строки", 5: "5 строк", 11: "11 строк", 21: "21 строка"}),
        ("fr", {0: "0 ligne", 1: "1 ligne", 2: "2 lignes", 21: "21 lignes"}),
        ("kk", {1: "1 жол", 2: "2 жол", 21: "21 жол"}),
    ],
)
def test_row_counts_take_the_plural_form_of_their_number(lang: str, counts: dict[int, str]) -> None:
    catalog = translations(lang)
    for n, expected in counts.items():
        assert catalog.ungettext("%(num)d row", "%(num)d rows", n) % {"num": n} == expected


@pytest.fixture(scope="module")
def translated_app() -> Flask:
    app = Flask(__name__)
    i18n.install(app)
    return app


@pytest.mark.parametrize(
    ("query", "headers", "search", "triples"),
    [
        ("?lang=ru", {}, "Поиск", "2 триплета"),
        ("", {"Accept-Language": "kk, en;q=0.5"}, "Іздеу", "2 үштік"),
        ("?lang=fr", {"Accept-Language": "ru"}, "Rechercher", "2 triplets"),
        ("?lang=de", {"Accept-Language": "de"}, "Search", "2 triples"),
    ],
)
def test_views_read_the_compiled_catalog_of_the_chosen_language(
    translated_app: Flask, query: str, headers: dict[str, str], search: str, triples: str
) -> None:
    with translated_app.test_request_context("/" + query, headers=headers):
        assert gettext("Search") == search
        assert ngettext("%(num)d triple", "%(num)d triples", 2) == triples
