"""The one place that turns errors (ours, `errors`, and werkzeug's) into responses.

Every error answers in the client's terms: plain text for SPARQL clients (the protocol's
custom), a JSON object for JSON clients, an HTML page for browsers. The body always names
the problem; the status says who must act.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from server.core.errors import ServiceError
from server.core.formats import HTML, JSON, PLAIN_TEXT


class ErrorResponse(Response):
    """An error's response; ``cause`` is the error of ours behind it, for metrics and logs."""

    cause: ServiceError | None = None


def _wants(kind: str) -> bool:
    best = request.accept_mimetypes.best_match([HTML, JSON, PLAIN_TEXT], default=PLAIN_TEXT)
    return best == kind


def error_response(status: int, title: str, detail: str, headers: dict[str, str]) -> ErrorResponse:
    """The negotiated body of an error."""
    if _wants(JSON) or request.args.get("format") == "json":
        body = json.dumps({"error": {"status": status, "title": title, "detail": detail}})
        response = ErrorResponse(body, status, mimetype=JSON)
    elif _wants(HTML) and request.accept_mimetypes[HTML] > 0:
        page = render_template("error.html", status=status, title=title, detail=detail)
        response = ErrorResponse(page, status, mimetype=HTML)
    else:
        response = ErrorResponse(f"{title}: {detail}\n", status, mimetype=PLAIN_TEXT)
    response.headers.update(headers)
    return response


def register(app: Flask) -> None:
    """Route every error, ours and werkzeug's, through ``error_response``."""

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> Response:
        if error.status == 500:  # ours to fix: said in the log as well as to the client
            current_app.logger.error("%s %s: %s", request.path, error.title, error.detail)
        response = error_response(error.status, error.title, error.detail, error.headers)
        response.cause = error
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        headers: dict[str, Any] = {}
        if error.code == 405 and error.response is None:
            allowed = getattr(error, "valid_methods", None) or []
            headers["Allow"] = ", ".join(allowed)
        return error_response(error.code or 500, error.name, error.description or "", headers)
