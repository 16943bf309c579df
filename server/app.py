"""`create_app(config)` wires the whole application; nothing is global but the metrics."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask

from . import errors, i18n, linked_data, operations, pages, sparql, visuals
from .answer_cache import AnswerCache
from .backend import Backend, open_backend
from .config import Config, load_config
from .query_pool import QueryOutcome
from .saved_queries import SavedQuery, load_saved_queries


@dataclass
class State:
    """What every view reaches through ``current_app.extensions["zhusan"]``."""

    config: Config
    backend: Backend  # embedded or remote (ZHUSAN_BACKEND): one interface
    saved_queries: list[SavedQuery]
    answers: AnswerCache[QueryOutcome]  # this process's answers, by ETag


def create_app(config: Config | None = None, *, backend: Backend | None = None) -> Flask:
    config = config or load_config()
    app = Flask(__name__)
    app.config["ZHUSAN"] = config
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.config["MAX_FORM_MEMORY_SIZE"] = config.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    logging.getLogger("zhusan").setLevel(config.log_level.upper())
    app.extensions["zhusan"] = State(
        config=config,
        backend=backend or open_backend(config),
        saved_queries=load_saved_queries(config.inputs / "queries"),
        answers=AnswerCache(config.cache_bytes),
    )
    i18n.install(app)
    errors.register(app)
    operations.install(app)
    app.register_blueprint(operations.blueprint)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(linked_data.blueprint)
    app.register_blueprint(visuals.blueprint)
    app.register_blueprint(pages.blueprint)
    return app
