"""`create_app(config)` wires the whole application; nothing is global but the metrics."""

from __future__ import annotations

import logging

from flask import Flask

from server import i18n, operations
from server.backends.choice import open_backend
from server.backends.interface import Backend
from server.core import error_responses
from server.core.config import Config, load_config
from server.core.state import State, install_state
from server.linked_data import routes as linked_data
from server.pages import views as pages
from server.pages import visuals
from server.pages.html_views import PageViews
from server.sparql import endpoint as sparql
from server.sparql.answer_cache import AnswerCache
from server.sparql.saved_queries import load_saved_queries


def create_app(config: Config | None = None, *, backend: Backend | None = None) -> Flask:
    config = config or load_config()
    # operations serves static/ itself: compressed, versioned, cached (see operations.py).
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.config["MAX_FORM_MEMORY_SIZE"] = config.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    logging.getLogger("zhusan").setLevel(config.log_level.upper())
    state = State(
        config=config,
        backend=backend or open_backend(config),
        saved_queries=load_saved_queries(config.inputs / "queries"),
        answers=AnswerCache(config.cache_bytes),
        known_requests=AnswerCache(config.cache_bytes // 16),
        html=PageViews(),
        page_cache={},
    )
    install_state(app, state)
    i18n.install(app)
    error_responses.register(app)
    operations.install(app)
    app.register_blueprint(operations.blueprint)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(linked_data.blueprint)
    app.register_blueprint(visuals.blueprint)
    app.register_blueprint(pages.blueprint)
    return app
