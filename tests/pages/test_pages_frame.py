"""The frame every page shares, through the Flask test client: the reader's language is
remembered (cookie) and carried by every menu link and form; static files are compressed and
cached by version; the favicon answers; browse puts the reader's groups first and sorts numbers
as numbers; the downloads page says sizes in the reader's locale under a heading that agrees
with the menu."""

from __future__ import annotations

import gzip
import re

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient

from server.i18n import LANGUAGES
from server.pages.browse import natural_key

HTML = {"Accept": "text/html"}
# The eight sections of the menu, by the path each opens.
MENU = ("/browse", "/timeline", "/chart", "/sparql", "/queries", "/consistency", "/ontology")
MENU_ALL = (*MENU, "/dumps")
# A word of each language's menu, to tell which catalog a page was rendered with.
DOWNLOADS = {"en": "Downloads", "ru": "Выгрузки", "fr": "Téléchargements", "kk": "Жүктеп алу"}


class Links:
    """The page's `<a href>`s, forms (action and hidden fields), `<html lang>` and `<h1>`."""

    def __init__(self, body: str) -> None:
        soup = BeautifulSoup(body, "html.parser")
        menu = soup.select_one("nav.sections")
        self.hrefs: list[str] = [str(a["href"]) for a in soup.find_all("a", href=True)]
        self.menu: list[str] = (
            [str(a["href"]) for a in menu.find_all("a", href=True)] if menu else []
        )
        self.hidden_lang: list[str] = [
            str(field.get("value", "")) for field in soup.select("input[type=hidden][name=lang]")
        ]
        self.forms = len(soup.find_all("form"))
        html = soup.find("html")
        self.html_lang = str(html.get("lang", "")) if isinstance(html, Tag) else ""
        heading = soup.find("h1")
        self.h1 = heading.get_text() if heading else ""


@pytest.fixture
def reader(client: FlaskClient) -> FlaskClient:
    """A fresh browser: its own cookie jar, nothing chosen yet (conftest's client, per test)."""
    return client


def read(client: FlaskClient, path: str, **headers: str) -> Links:
    response = client.get(path, headers={**HTML, **headers})
    assert response.status_code == 200, path
    return Links(response.get_data(as_text=True))


# ---- the reader's language ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_menu_link_keeps_the_chosen_language(reader: FlaskClient, lang: str) -> None:
    # The menu was folded into constants at template compile time: five links lost `lang=`.
    reader.get("/?lang=en")  # compile the templates in another language first
    for start in ("/", "/timeline", "/doc/operation/zhusan"):
        page = read(reader, f"{start}?lang={lang}")
        paths = [href.split("?")[0] for href in page.menu]
        assert paths == list(MENU_ALL)
        assert all(href.endswith(f"?lang={lang}") for href in page.menu), page.menu


def test_a_chosen_language_is_remembered_by_a_cookie(reader: FlaskClient) -> None:
    response = reader.get("/?lang=ru", headers=HTML)
    assert "lang=ru" in response.headers["Set-Cookie"]
    assert "Cookie" in response.headers["Vary"]
    for path in MENU_ALL:  # the links a reader may type or bookmark, without `lang=`
        page = read(reader, path)
        assert page.html_lang == "ru", path
        assert all(href.endswith("?lang=ru") for href in page.menu), path


def test_the_lang_parameter_wins_over_the_cookie(reader: FlaskClient) -> None:
    reader.get("/?lang=ru", headers=HTML)
    assert read(reader, "/dumps?lang=fr").h1 == DOWNLOADS["fr"]
    # …and becomes the new choice.
    assert read(reader, "/dumps").h1 == DOWNLOADS["fr"]


def test_the_cookie_wins_over_accept_language(reader: FlaskClient) -> None:
    reader.get("/?lang=kk", headers=HTML)
    page = read(reader, "/dumps", **{"Accept-Language": "fr-FR,fr;q=0.9"})
    assert (page.html_lang, page.h1) == ("kk", DOWNLOADS["kk"])


def test_an_unknown_cookie_is_ignored(reader: FlaskClient) -> None:
    reader.set_cookie("lang", "de")
    page = read(reader, "/dumps")
    assert (page.html_lang, page.h1) == ("en", DOWNLOADS["en"])
    assert page.hidden_lang == []


def test_a_header_guess_is_not_written_into_links(reader: FlaskClient) -> None:
    page = read(reader, "/", **{"Accept-Language": "ru"})
    assert page.html_lang == "ru"
    assert not any("lang=" in href for href in page.menu)


@pytest.mark.parametrize("path", ["/", "/search?q=zhusan", "/browse", "/doc/operation/zhusan"])
def test_every_search_form_carries_the_chosen_language(reader: FlaskClient, path: str) -> None:
    reader.get("/?lang=fr", headers=HTML)
    page = read(reader, path)  # chosen by cookie, not by this URL
    assert page.forms >= 1
    assert page.hidden_lang == ["fr"] * page.forms


def test_entity_links_keep_the_language_chosen_by_cookie(reader: FlaskClient) -> None:
    reader.get("/?lang=ru", headers=HTML)
    page = read(reader, "/doc/operation/zhusan")
    switcher = {f"/doc/operation/zhusan?lang={code}" for code in LANGUAGES}
    internal = [
        h
        for h in page.hrefs
        if h.startswith("/doc/") and "." not in h.rsplit("/", 1)[-1] and h not in switcher
    ]
    assert len(internal) > 20
    assert all("lang=ru" in href for href in internal), internal


# ---- static files ---------------------------------------------------------------------------


def static_url(client: FlaskClient, name: str) -> str:
    body = client.get("/sparql", headers=HTML).get_data(as_text=True)
    found = re.search(r'src="(/static/vendor/' + re.escape(name) + r'\?v=[0-9a-f]+)"', body)
    assert found, f"{name} is not loaded by the editor page"
    return found.group(1)


def test_vendored_scripts_are_gzipped_and_kept_a_year(reader: FlaskClient) -> None:
    url = static_url(reader, "yasgui.min.js")
    response = reader.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    plain = reader.get(url)
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(response.data) == plain.data
    assert len(response.data) < len(plain.data) / 2
    assert response.headers["ETag"] != plain.headers["ETag"]


def test_static_files_without_their_version_are_revalidated(reader: FlaskClient) -> None:
    response = reader.get("/static/site.css")
    assert response.headers["Cache-Control"] == "no-cache"
    etag = response.headers["ETag"]
    again = reader.get("/static/site.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    stale = reader.get("/static/site.css?v=0000000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"


def test_text_and_scripts_name_their_charset_and_images_do_not(reader: FlaskClient) -> None:
    assert reader.get("/static/site.css").headers["Content-Type"] == "text/css; charset=utf-8"
    script = reader.get(static_url(reader, "yasgui.min.js")).headers["Content-Type"]
    assert script.endswith("/javascript; charset=utf-8")
    assert "charset" not in reader.get("/favicon.ico").headers["Content-Type"]


def test_a_missing_static_file_is_404(reader: FlaskClient) -> None:
    assert reader.get("/static/nothing.css").status_code == 404
    assert reader.get("/static/../app.py").status_code == 404


def test_favicon_answers_where_browsers_look(reader: FlaskClient) -> None:
    response = reader.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.lstrip().startswith(b"<svg")
    page = reader.get("/", headers=HTML).get_data(as_text=True)
    assert re.search(r'<link rel="icon" href="/static/favicon.svg\?v=[0-9a-f]+"', page)


# ---- browse ---------------------------------------------------------------------------------


def test_numbers_sort_as_numbers() -> None:
    spans = ["source 000, ¶ 1, 326–382", "source 000, ¶ 1, 54–120", "source 000, ¶ 10, 5–9"]
    assert sorted(spans, key=natural_key) == [
        "source 000, ¶ 1, 54–120",
        "source 000, ¶ 1, 326–382",
        "source 000, ¶ 10, 5–9",
    ]


def test_browse_shows_the_readers_groups_first_and_technical_types_under_advanced(
    reader: FlaskClient,
) -> None:
    body = reader.get("/browse?lang=en", headers=HTML).get_data(as_text=True)
    headings = re.findall(r'<h2 id="[a-z]+-title">([^<]+)</h2>', body)
    assert headings[:4] == ["People", "Organisations", "Events and phases", "Places"]
    assert "Figures" in headings and "Sources and what was said" in headings
    main, _, advanced = body.partition('<details class="advanced"')
    for technical in ("text position selector", "checksum", "claim", "evidence", "concept scheme"):
        assert f">{technical}</a>" in advanced, technical
        assert f">{technical}</a>" not in main, technical
    for reader_type in (">person</a>", ">phase</a>", ">count</a>", ">source document</a>"):
        assert reader_type in main


def test_browse_lists_evidence_in_numeric_order(reader: FlaskClient) -> None:
    evidence = "https://w3id.org/zhusan/ontology%23Evidence"
    body = reader.get(f"/browse?type={evidence}", headers=HTML).get_data(as_text=True)
    spans = re.findall(r"\(source (\d+)\), paragraph (\d+), characters (\d+)–(\d+)</a>", body)
    assert len(spans) > 20
    # Sources come by their names in words; within each, paragraphs and characters by number.
    for source in {span[0] for span in spans}:
        numbers = [tuple(int(n) for n in span[1:]) for span in spans if span[0] == source]
        assert numbers == sorted(numbers), source


# ---- downloads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "size"), [("en", r"\d+(\.\d)? kB"), ("ru", r"\d+(,\d)? кБ"), ("fr", r"\d+(,\d)?\s?ko")]
)
def test_downloads_say_sizes_in_the_readers_locale(
    reader: FlaskClient, lang: str, size: str
) -> None:
    page = reader.get(f"/dumps?lang={lang}", headers=HTML).get_data(as_text=True)
    assert Links(page).h1 == DOWNLOADS[lang]
    sizes = re.findall(r"<data value=\"(\d+)\"[^>]*>([^<]+)</data>", page)
    assert sizes and all(int(raw) > 0 for raw, _ in sizes)
    assert any(re.fullmatch(size, shown) for _, shown in sizes), sizes
    assert not any(shown == raw for raw, shown in sizes)  # never raw bytes


def test_downloads_table_scrolls_in_its_own_box(reader: FlaskClient) -> None:
    page = reader.get("/dumps", headers=HTML).get_data(as_text=True)
    assert re.search(
        r'<div class="table-wrap"[^>]*tabindex="0"[^>]*>\s*<table class="data dumps"', page
    )
