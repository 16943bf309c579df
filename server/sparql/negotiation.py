"""Content negotiation: the `format=` parameter first (for links typed by hand), then the
`Accept` header with its q-values (werkzeug's parser), then 406 with the offered types."""

from __future__ import annotations

from flask import request

from server.core.errors import BadRequest, NotAcceptable
from server.core.formats import Format, by_name


def choose(offered: tuple[Format, ...], *, extension: str | None = None) -> Format:
    """The format to answer in, among ``offered`` (the first is the default)."""
    asked = extension or request.args.get("format") or request.form.get("format")
    if asked:
        try:
            return by_name(asked, offered)
        except KeyError:
            names = ", ".join(f.name for f in offered)
            raise BadRequest(f"format={asked!r} is not offered here; use one of {names}") from None
    accept = request.accept_mimetypes
    if not accept:
        return offered[0]
    media_types = [f.media_type for f in offered]
    candidates = media_types + [a for f in offered for a in f.aliases]
    best = accept.best_match(candidates)
    if best is None:
        raise NotAcceptable(media_types)
    # Our own default wins over another format when the client accepts both equally (*/*).
    if accept.quality(media_types[0]) == accept.quality(best):
        return offered[0]
    return next(f for f in offered if best == f.media_type or best in f.aliases)


def prefers_html() -> bool:
    """A browser: text/html acceptable and preferred over every RDF or results type."""
    accept = request.accept_mimetypes
    html = accept["text/html"]
    if not html or "format" in request.args:
        return False
    return (
        accept.best_match(
            ["text/html", "application/json", "text/turtle", "application/sparql-results+json"]
        )
        == "text/html"
    )
