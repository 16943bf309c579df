"""Translations: the pages' four languages and the interface's words in each.

This package owns the choice of a request's language (`lang=`, then `Accept-Language`, then
English: Flask-Babel's locale selector), the links that keep that choice, the number phrases
that grammar makes special ("more than 600" in Kazakh), and the gettext catalogs under
`locale/` that every template and view reads through Flask-Babel's `gettext`, `ngettext` and
`pgettext`. It may import Flask, Flask-Babel and Babel, and nothing else of the project, so
that every layer above may import it.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import Babel

from server.i18n.languages import (
    LANGUAGE_NAMES,
    LANGUAGES,
    choose_language,
    current_language,
    fallback_chain,
    more_than,
    switcher,
    with_lang,
)

# Holds <lang>/LC_MESSAGES/messages.po and the .mo compiled from it at install.
LOCALE_DIR = Path(__file__).parent / "locale"

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
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
