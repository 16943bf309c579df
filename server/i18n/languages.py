"""Which of the four languages a request gets, and the links that keep a chosen one.

The language is the `lang=` parameter when it names one of ours, else the one the reader chose
before (the `lang` cookie, set whenever a page is asked for with `lang=`), else the best match
of the browser's `Accept-Language`, else English. A chosen language (parameter or cookie, never
a header's guess) is written into every internal link, so that a link copied from a page opens
in the language it was read in. Labels from the graph fall back chosen → en → ru →
fr → kk (see index.py); the interface's words come from the catalogs (see __init__.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from babel.numbers import format_decimal
from babel.units import format_unit
from flask import Response, request
from flask_babel import force_locale, get_locale, gettext

from server.core.formats import HTML

LANGUAGES = ("en", "ru", "fr", "kk")
FALLBACK = ("en", "ru", "fr", "kk")
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "fr": "Français", "kk": "Қазақша"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def chosen_language() -> str | None:
    """The reader's own choice: `lang=` if it is one of ours, else the cookie's, else None."""
    for asked in (request.args.get("lang", ""), request.cookies.get(COOKIE, "")):
        if asked in LANGUAGES:
            return asked
    return None


def choose_language() -> str:
    """The reader's choice, else the browser's preference, else English."""
    return chosen_language() or request.accept_languages.best_match(LANGUAGES) or "en"


def remember_choice(response: Response) -> Response:
    """Keep a language asked for by `lang=` in a cookie for the next pages; a page's language
    depends on that cookie, so caches must tell readers apart by it."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        # Max-Age alone (no Expires, which would change with the clock): the same request gets
        # the same headers, and every browser in use reads Max-Age.
        response.headers.add(
            "Set-Cookie",
            f"{COOKIE}={asked}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax; HttpOnly",
        )
    if response.mimetype == HTML:
        response.vary.add("Cookie")
    return response


def current_language() -> str:
    """The request's language, as Flask-Babel chose it once per request."""
    locale = get_locale()
    return locale.language if locale is not None else "en"


def fallback_chain(lang: str) -> tuple[str, ...]:
    return (lang, *(code for code in FALLBACK if code != lang))


def with_lang(url: str) -> str:
    """An internal link that keeps the reader's chosen language (never a header's guess)."""
    asked = chosen_language()
    if asked is None or not url or url.startswith(("http://", "https://", "mailto:", "//")):
        return url
    path, hash_mark, fragment = url.partition("#")
    query = path.partition("?")[2]
    if any(part.split("=", 1)[0] == "lang" for part in query.split("&")):
        return url
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}lang={asked}{hash_mark}{fragment}"


def switcher() -> list[dict[str, object]]:
    """One link per language to the same page with the same parameters."""
    links = []
    for code in LANGUAGES:
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
        args.append(("lang", code))
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "url": request.path + "?" + urlencode(args),
                "current": code == current_language(),
            }
        )
    return links


def file_size(size: int) -> str:
    """A file's size as a reader says it, in their language: "1.2 MB", "30,9 кБ", "512 o"."""
    lang = current_language()
    for unit, scale in (("digital-megabyte", 10**6), ("digital-kilobyte", 10**3)):
        if size >= scale:
            return str(format_unit(size / scale, unit, "short", "#,##0.#", locale=lang))
    return str(format_unit(size, "digital-byte", "short", locale=lang))


def exact_number(value: int) -> str:
    """A whole number with the reader's digit grouping: 1,294,567 or 1 294 567."""
    return str(format_decimal(value, locale=current_language()))


def more_than(value: int, lang: str | None = None) -> str:
    """The words for "more than 600" in each language; Kazakh picks its suffix by the number."""
    lang = lang or current_language()
    if lang == "kk":
        return f"{value}-{_kazakh_ablative(value)} астам"
    with force_locale(lang):
        return gettext("more than %(n)s", n=value)


def _kazakh_ablative(number: int) -> str:
    # The suffix agrees with the last word said aloud: 600 "алты жүз" → -ден, 60 "алпыс" → -тан.
    units = {1: "ден", 2: "ден", 3: "тен", 4: "тен", 5: "тен", 6: "дан", 7: "ден", 8: "ден"}
    units[9] = "дан"
    tens = {1: "нан", 2: "дан", 3: "дан", 4: "тан", 5: "ден", 6: "тан", 7: "тен", 8: "нен"}
    tens[9] = "нан"
    if number % 10:
        return units[number % 10]
    if number % 100:
        return tens[(number // 10) % 10]
    if number % 1000:
        return "ден"
    return "нан" if number else "ден"
