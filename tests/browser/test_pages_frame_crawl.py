"""A crawl of every page in every language against the real server, as a reader's browser
would follow them (Accept: text/html, the language cookie kept): every internal link and every
resource a page loads answers 200, and every page passes the checks in PAGE_CHECKS.

PAGE_CHECKS is the place to add a rule that every page of every language must keep (say, "no
English interface string on a ru/fr/kk page", "no prefixed name as a label"): a function of
(url, lang, html) returning the problems it finds; the crawl reports them by page.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from bench.live_server import LiveServer
from server.i18n import LANGUAGES

from ..conftest import SOURCES

pytestmark = [pytest.mark.server]

PageCheck = Callable[[str, str, str], list[str]]


def html_lang_is_the_crawled_one(url: str, lang: str, html: str) -> list[str]:
    return [] if f'<html lang="{lang}">' in html else [f"not in {lang}"]


PAGE_CHECKS: list[PageCheck] = [html_lang_is_the_crawled_one]


class Outlinks(HTMLParser):
    """Where a page leads (`<a href>`) and what it loads (stylesheets, icons, scripts)."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.feed(body)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "link" and values.get("rel") in ("stylesheet", "icon") and values.get("href"):
            self.resources.append(values["href"])
        if tag == "script" and values.get("src"):
            self.resources.append(values["src"])


def unfilled_template(url: str) -> bool:
    """The editor's download links, whose query its script fills in (hidden until then)."""
    parts = urlsplit(url)
    return parts.path == "/sparql" and "query" not in parse_qs(parts.query)


def other_language(url: str, lang: str) -> bool:
    """A link of the language switcher: that language's crawl follows it."""
    asked = parse_qs(urlsplit(url).query).get("lang", [lang])
    return asked != [lang]


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """Passages shown where the texts are (in CI they are), as a reader would see them."""
    return {
        "workers": 2,
        "threads": 4,
        **({"sources_dir": str(SOURCES)} if SOURCES.is_dir() else {}),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_every_language_links_only_to_pages_that_answer(
    server: LiveServer, lang: str
) -> None:
    reader = requests.Session()
    reader.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"
    base = server.url
    queue = [f"/?lang={lang}"]
    status: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    pages = 0
    while queue:
        path = queue.pop()
        if path in status:
            continue
        response = reader.get(base + path, timeout=60)
        status[path] = response.status_code
        if response.status_code != 200 or not response.headers["Content-Type"].startswith(
            "text/html"
        ):
            continue
        pages += 1
        html = response.text
        found = [problem for check in PAGE_CHECKS for problem in check(path, lang, html)]
        if found:
            problems[path] = found
        outlinks = Outlinks(html)
        for href in outlinks.links + outlinks.resources:
            target = urljoin(base + path, href).split("#")[0]
            if not target.startswith(base + "/"):
                continue
            local = target[len(base) :]
            if local in status or unfilled_template(local) or other_language(local, lang):
                continue
            if href in outlinks.resources or urlsplit(local).path.startswith("/dumps/"):
                status[local] = reader.head(target, timeout=60).status_code  # not a page
            else:
                queue.append(local)
    broken = {path: code for path, code in status.items() if code != 200}
    assert pages > 300, pages  # the crawl reached the entity pages, not just the menu
    assert broken == {}
    assert problems == {}
