"""The local curation server: a small Flask application of its own, on loopback only.

It writes into graph/, so it refuses what a page of another site could make a browser send:
every POST needs the per-session token (set in a SameSite=Strict cookie, sent back in the
``X-CSRF-Token`` header or the ``csrf_token`` field), an ``Origin`` of this very server when
the browser sends one, and a ``Sec-Fetch-Site`` of ``same-origin`` when it sends that; and
every request must name a loopback host, so that a rebound DNS name cannot reach it.
"""

from __future__ import annotations

import hmac
import ipaddress
import itertools
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server
from werkzeug.wrappers import Response as WerkzeugResponse

from .document import Metadata
from .sources import CurationError, check_key, inside
from .workspace import Change, Workspace

COOKIE = "zhusan_curate_csrf"
HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_NAMES = {"localhost"}
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str) -> None:
    if not is_loopback(host):
        raise CurationError(
            f"refusing to listen on {host!r}: the curation server writes into graph/ and "
            "listens on a loopback address only (127.0.0.1, ::1 or localhost)"
        )


def create_curation_app(workspace: Workspace) -> Flask:
    """The curation application over one workspace."""
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
        static_url_path="/static",
    )
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    app.extensions["zhusan_curation"] = workspace

    @app.before_request
    def guard() -> None:
        if not is_loopback(urlsplit("//" + request.host).hostname or ""):
            abort(421, "this server answers on its loopback address only")
        if request.method in SAFE_METHODS:
            return
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/") != request.host_url.rstrip("/"):
            abort(403, "cross-origin request refused")
        site = request.headers.get("Sec-Fetch-Site")
        if site is not None and site not in {"same-origin", "none"}:
            abort(403, "cross-site request refused")
        cookie = request.cookies.get(COOKIE, "")
        sent = request.headers.get(HEADER) or request.form.get("csrf_token", "")
        if not cookie or not hmac.compare_digest(cookie, sent):
            abort(403, "missing or wrong CSRF token: reload the page")

    @app.after_request
    def token(response: Response) -> Response:
        if COOKIE not in request.cookies:
            response.set_cookie(
                COOKIE, _token(), httponly=True, samesite="Strict", secure=False, path="/"
            )
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def _token() -> str:
        # The cookie set on this very response, so that the page and the cookie agree.
        value = getattr(request, "_curation_token", None)
        if value is None:
            value = request.cookies.get(COOKIE) or secrets.token_urlsafe(32)
            request._curation_token = value  # type: ignore[attr-defined]
        return value

    app.jinja_env.globals["csrf_token"] = _token

    @app.errorhandler(CurationError)
    def refused(error: CurationError) -> tuple[Response, int]:
        return jsonify(error=str(error)), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        return jsonify(error=error.description), error.code or 500

    @app.get("/")
    def index() -> str:
        """The registered sources, and the texts of the sources folder not registered yet."""
        return render_template(
            "curation/curate_index.html",
            sources=workspace.registered(),
            files=workspace.unregistered_files(),
        )

    @app.post("/sources")
    def add_source() -> WerkzeugResponse:
        """Register a text of the sources folder as the next source."""
        path = inside(workspace.sources, request.form.get("file", ""))
        meta = Metadata(
            language=_language(request.form.get("language", "")),
            title=request.form.get("title") or None,
            published=request.form.get("published") or None,
            publisher=request.form.get("publisher") or None,
            url=request.form.get("url") or None,
        )
        key = workspace.add_source(path, meta)
        return redirect(url_for("source", key=key), code=303)

    @app.get("/source/<key>")
    def source(key: str) -> str:
        """A source's text with the spans already used, its facts and the annotation form."""
        check_key(key)
        text = workspace.text(key)
        return render_template(
            "curation/curate_source.html",
            key=key,
            text=text.text,
            segments=_segments(text.text, workspace.spans(key)),
            facts=workspace.facts(key),
            unannotated=workspace.unannotated(key),
            vocabulary=workspace.vocabulary(),
            source=next(s for s in workspace.registered() if s["key"] == key),
        )

    @app.get("/source/<key>/facts")
    def facts(key: str) -> Response:
        """The facts of the tool's file for this source, as JSON."""
        return jsonify([_fact_json(f) for f in workspace.facts(check_key(key))])

    @app.post("/source/<key>/annotations")
    def annotate(key: str) -> Response:
        """Write one annotation (or replace one) and report what the checks found."""
        body = _json()
        annotation = body.get("annotation")
        if not isinstance(annotation, dict):
            raise CurationError("the body is {annotation: {...}, replaces: IRI?}")
        change = workspace.annotate(check_key(key), annotation, body.get("replaces") or None)
        return jsonify(_change_json(change))

    @app.post("/source/<key>/annotations/delete")
    def delete(key: str) -> Response:
        """Delete one annotation of the tool's file."""
        change = workspace.delete(check_key(key), str(_json().get("fact", "")))
        return jsonify(_change_json(change))

    @app.get("/search")
    def search() -> Response:
        """Things of the graph whose label contains the text, for the pickers."""
        return jsonify(workspace.search(request.args.get("q", "")))

    return app


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise CurationError("send a JSON object (Content-Type: application/json)")
    return body


def _language(value: str) -> str:
    from .sources import LANGUAGE

    if not LANGUAGE.fullmatch(value):
        raise CurationError(f"language: a BCP 47 tag such as en, ru, fr, kk, not {value!r}")
    return value


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "fact": change.fact,
        "file": change.file,
        "diff": change.diff,
        **change.findings.as_json(),
    }


def _fact_json(fact: dict[str, Any]) -> dict[str, Any]:
    change = fact["change"]
    return {
        "fact": fact["fact"],
        "form": fact["form"],
        "spans": fact["spans"],
        "findings": _change_json(change) if change else None,
    }


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """The text cut where the set of facts covering it changes, in code points."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = sorted({fact for s, e, fact in spans if s <= start and end <= e})
        segments.append({"start": start, "text": text[start:end], "facts": covering})
    return segments


def serve(workspace: Workspace, host: str, port: int) -> None:
    """Run the curation server until interrupted, one request at a time."""
    check_bind(host)
    server = make_server(host, port, create_curation_app(workspace), threaded=False)
    print(f"curation server on http://{host}:{server.port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
