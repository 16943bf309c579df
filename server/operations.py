"""What the people running the service need: /healthz, Prometheus /metrics, a structured
access log with each query's duration, the response policies applied to every answer (CORS for
reads, gzip, security headers), and the static files: compressed once per file version, their
URLs carrying a digest of their bytes (`?v=`) so that a browser may keep them for a year, and
revalidated by ETag when asked for without it."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import mimetypes
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from werkzeug.security import safe_join

from server.core.error_responses import ErrorResponse
from server.core.errors import NotFound, QueryTimedOut
from server.core.formats import COMPRESSIBLE, HTML, JSON, OCTET_STREAM, TEXTUAL
from server.core.state import EXTENSION, app_state
from server.sparql.endpoint import AnswerResponse

blueprint = Blueprint("operations", __name__)
access_log = logging.getLogger("zhusan.access")

# Prometheus metrics are process-wide by design; under gunicorn each worker writes its own
# files in PROMETHEUS_MULTIPROC_DIR and /metrics adds them up.
REQUESTS = Counter("zhusan_requests", "HTTP requests answered", ["route", "method", "status"])
DURATION = Histogram(
    "zhusan_request_duration_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
QUERY_TIMEOUTS = Counter("zhusan_query_timeouts", "Queries stopped at the time limit")
ERRORS = Counter("zhusan_errors", "Answers with an error status", ["status"])

COMPRESSIBLE_MIN = 1024
STATIC_FOLDER = Path(__file__).parent / "static"
FAVICON = "favicon.svg"
# A static URL whose `v=` is the file's digest never changes meaning: a year, never revalidated.
IMMUTABLE = "public, max-age=31536000, immutable"
EXPOSED = "ETag, Link, Content-Location, X-Result-Rows, X-Result-Truncated, Retry-After"


@blueprint.route("/healthz")
def healthz() -> Response:
    """For a load balancer: 200 with the store version when the store answers, else 503 and why."""
    backend = app_state().backend
    problem = backend.unavailable()
    body: dict[str, object] = {
        "status": "ok" if problem is None else "unavailable",
        "backend": backend.name,
        "version": backend.version,
        "triples": sum(backend.counts.values()),
    }
    if problem is not None:
        body["detail"] = problem
    response = Response(
        json.dumps(body, ensure_ascii=False), status=200 if problem is None else 503, mimetype=JSON
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/metrics")
def metrics() -> Response:
    """Prometheus exposition of request counts, durations, timeouts and errors."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
        data = generate_latest(registry)
    else:
        data = generate_latest()
    return Response(data, mimetype=CONTENT_TYPE_LATEST.split(";")[0])


@blueprint.route("/favicon.ico")
def favicon() -> Response:
    """The site's icon where browsers look for it without a `<link rel=icon>` (an SVG)."""
    return serve_static(FAVICON)


class Asset(NamedTuple):
    """One static file's bytes as read once: its digest, and its gzip form when worth it."""

    body: bytes
    gzipped: bytes | None
    digest: str


@lru_cache(maxsize=128)
def read_asset(path: str, mtime_ns: int, size: int, compressible: bool) -> Asset:
    # Keyed by modification time and size: a file replaced on disk is read again.
    body = Path(path).read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:16]
    gzipped = gzip.compress(body, compresslevel=9, mtime=0) if compressible else None
    return Asset(body, gzipped if gzipped and len(gzipped) < len(body) else None, digest)


def static_asset(filename: str) -> tuple[Asset, str] | None:
    """The file under static/ and its media type, or None when there is no such file."""
    found = safe_join(str(STATIC_FOLDER), filename)
    if found is None or not os.path.isfile(found):
        return None
    mimetype = mimetypes.guess_type(found)[0] or OCTET_STREAM
    stat = os.stat(found)
    compressible = mimetype.startswith(COMPRESSIBLE)
    return read_asset(found, stat.st_mtime_ns, stat.st_size, compressible), mimetype


def serve_static(filename: str) -> Response:
    """A static file, gzipped when the client takes it, cached a year when `v=` is its digest."""
    found = static_asset(filename)
    if found is None:
        raise NotFound(f"no static file {filename!r}")
    asset, mimetype = found
    if mimetype.startswith(TEXTUAL):
        mimetype += "; charset=utf-8"
    if asset.gzipped is not None and "gzip" in request.accept_encodings:
        response = Response(asset.gzipped, content_type=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(asset.digest + "-gzip")
    else:
        response = Response(asset.body, content_type=mimetype)
        response.set_etag(asset.digest)
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    if request.args.get("v") == asset.digest:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.make_conditional(request)
    return response


def add_static_version(endpoint: str, values: dict[str, Any]) -> None:
    """`url_for('static', filename=…)` carries the file's digest, so a new version is a new URL."""
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    found = static_asset(values["filename"])
    if found is not None:
        values["v"] = found[0].digest


def install(app: Flask) -> None:
    """Hooks that time, log, count and shape every response, and the static files' route."""
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=serve_static)
    app.url_defaults(add_static_version)

    @app.before_request
    def start_clock() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        apply_policies(app, response)
        record(response)
        return response


def apply_policies(app: Flask, response: Response) -> None:
    config = app.extensions[EXTENSION].config
    if config.cors_origin and request.method in {"GET", "HEAD", "POST", "OPTIONS"}:
        response.headers["Access-Control-Allow-Origin"] = config.cors_origin
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
            response.headers["Access-Control-Max-Age"] = "86400"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == HTML:
        # Pages load nothing from elsewhere; this makes the browser hold us to it.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
    compress(response)


def compress(response: Response) -> None:
    if (
        response.direct_passthrough
        or response.status_code != 200
        or "Content-Encoding" in response.headers
        or "gzip" not in request.accept_encodings
    ):
        return
    body = response.get_data()
    if len(body) < COMPRESSIBLE_MIN:
        return
    response.set_data(gzip.compress(body, compresslevel=5, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:  # a different representation needs a different validator
        response.set_etag(etag + "-gzip", weak=bool(weak))


def record(response: Response) -> None:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    route = request.url_rule.rule if request.url_rule else "(unmatched)"
    REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    DURATION.labels(route).observe(seconds)
    if response.status_code >= 400:
        ERRORS.labels(str(response.status_code)).inc()
    if isinstance(response, ErrorResponse) and isinstance(response.cause, QueryTimedOut):
        QUERY_TIMEOUTS.inc()
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "remote": request.remote_addr,
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 2),
        "bytes": response.calculate_content_length(),
        **(response.stats if isinstance(response, AnswerResponse) else {}),
    }
    access_log.info(json.dumps(entry, ensure_ascii=False))
