"""Translations: the pages' four languages and the interface's words in each.

This package owns the choice of a request's language (`lang=`, then the reader's cookie, then
`Accept-Language`, then English: Flask-Babel's locale selector), the cookie that remembers it,
the links and forms that keep that choice (the `with_lang` filter, `lang_field`), the number
phrases that grammar makes special ("more than 600" in Kazakh), and the gettext catalogs under
`locale/` that every template and view reads through Flask-Babel's `gettext`, `ngettext` and
`pgettext`. It may import Flask, Flask-Babel, Babel and `server.core`, so that every layer
above may import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from server.i18n.languages import (
    LANGUAGE_NAMES,
    LANGUAGES,
    choose_language,
    chosen_language,
    current_language,
    exact_number,
    fallback_chain,
    file_size,
    more_than,
    remember_choice,
    switcher,
    with_lang,
)

# Holds <lang>/LC_MESSAGES/messages.po and the .mo compiled from it at install.
LOCALE_DIR = Path(__file__).parent / "locale"

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "chosen_language",
    "current_language",
    "fallback_chain",
    "install",
    "more_than",
    "switcher",
    "with_lang",
]


def install(app: Flask) -> None:
    """Translate the app's views and templates (`_`, `ngettext`, `pgettext`) from our catalogs."""
    Babel(
        app,
        default_locale="en",
        default_translation_directories=str(LOCALE_DIR),
        locale_selector=choose_language,
    )
    app.after_request(remember_choice)
    app.add_template_filter(_with_lang_filter, "with_lang")
    app.add_template_filter(file_size, "file_size")
    app.add_template_filter(exact_number, "exact_number")
    app.context_processor(_interface)


@pass_context
def _with_lang_filter(_context: Context, url: str | None) -> str:
    # Taking the context keeps Jinja from folding `'/timeline'|with_lang` into a constant when
    # it compiles the template (the first request's language would then stick for good).
    return with_lang(url or "")


def _interface() -> dict[str, Any]:
    """What every template may use besides `_`: the language, its choice and the switcher."""
    return {
        "lang": current_language(),
        "chosen_lang": chosen_language(),
        "lang_field": _lang_field,
        "languages": switcher,
        "more_than": more_than,
    }


def _lang_field() -> Markup:
    """A form's hidden `lang` field, so that a search keeps the reader's chosen language."""
    chosen = chosen_language()
    if chosen is None:
        return Markup("")
    return Markup('<input type="hidden" name="lang" value="{}">').format(chosen)
