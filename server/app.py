"""`create_app(config)` wires the whole application; nothing is global but the metrics."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Flask

from . import errors, linked_data, operations, sparql
from .backend import EmbeddedBackend
from .config import Config, load_config
from .saved_queries import SavedQuery, load_saved_queries


@dataclass
class State:
    """What every view reaches through ``current_app.extensions["zhusan"]``."""

    config: Config
    backend: Any  # EmbeddedBackend or RemoteBackend: one interface
    saved_queries: list[SavedQuery]


def create_app(config: Config | None = None, *, backend: Any = None) -> Flask:
    config = config or load_config()
    app = Flask(__name__)
    app.config["ZHUSAN"] = config
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.config["MAX_FORM_MEMORY_SIZE"] = config.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    logging.getLogger("zhusan").setLevel(config.log_level.upper())
    app.extensions["zhusan"] = State(
        config=config,
        backend=backend or EmbeddedBackend(config),
        saved_queries=load_saved_queries(config.inputs / "queries"),
    )
    errors.register(app)
    operations.install(app)
    app.register_blueprint(operations.blueprint)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(linked_data.blueprint)
    return app
