"""The application's state, one per `create_app`, and the one way to reach it from a request.

Lower layers name the pages only through `HtmlViews`: the SPARQL endpoint and the linked-data
routes answer browsers with a page without importing the pages package, which sits above them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from flask import Flask, Response, current_app

if TYPE_CHECKING:
    from server.backends.interface import Backend
    from server.backends.jobs import QueryOutcome
    from server.core.config import Config
    from server.sparql.answer_cache import AnswerCache
    from server.sparql.saved_queries import SavedQuery

EXTENSION = "zhusan"


class HtmlViews(Protocol):
    """The pages that lower layers hand a browser to; `server.pages` provides them."""

    def entity(self, iri: str) -> Response: ...
    def ontology(self) -> Response: ...
    def editor(self) -> Response: ...


@dataclass
class State:
    """Everything a view needs beyond the request."""

    config: Config
    backend: Backend  # embedded or remote (ZHUSAN_BACKEND): one interface
    saved_queries: list[SavedQuery]
    answers: AnswerCache[QueryOutcome]  # this process's answers, by ETag
    # GET requests already answered, by their raw bytes: (ETag, form, query); see endpoint.
    known_requests: AnswerCache[tuple[str, str, str]]
    html: HtmlViews
    # What the pages compute once per store version (labels, the ontology's documentation).
    page_cache: dict[tuple[str, str], Any]


def install_state(app: Flask, state: State) -> None:
    app.extensions[EXTENSION] = state


def app_state() -> State:
    """The state of the application handling the current request."""
    state: State = current_app.extensions[EXTENSION]
    return state
