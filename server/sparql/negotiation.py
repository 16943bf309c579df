"""Content negotiation: the format parameters first (`format=`, `output=`, `results=`: links
typed by hand and SPARQL clients), then the `Accept` header with its q-values (werkzeug's
parser), then 406 with the offered types.

The parameters take any name, nickname or media type of formats.py, repeated or
comma-separated (SPARQLWrapper sends `format=json-ld&format=application/ld+json,…` and the same
under `output` and `results`). The first value the answer can be given in wins. A known format
that does not fit the answer (`csv` for a graph) falls back to `Accept`: clients send one
setting for every query form and read whatever comes back. A value that names no format at all
is a 400 listing the names, so a typo is seen rather than silently ignored.
"""

from __future__ import annotations

from flask import request

from server.core.errors import BadRequest, NotAcceptable
from server.core.formats import ALL_FORMATS, HTML, JSON, Format, by_name

FORMAT_PARAMETERS = ("format", "output", "results")


def choose(offered: tuple[Format, ...], *, extension: str | None = None) -> Format:
    """The format to answer in, among ``offered`` (the first is the default)."""
    if extension:
        return named(extension, offered)
    asked = asked_formats()
    unknown = [value for value in asked if not names_a_format(value, ALL_FORMATS)]
    if unknown:
        names = ", ".join(f.name for f in offered)
        raise BadRequest(
            f"format={unknown[0]!r} names no format; use one of {names} or a media type "
            "(the README lists every name understood)"
        )
    for value in asked:
        if names_a_format(value, offered):
            return by_name(value, offered)
    return from_accept(offered)


def asked_formats() -> list[str]:
    """The values of the format parameters, URL before form, each list split at its commas."""
    values = []
    for source in (request.args, request.form):
        for parameter in FORMAT_PARAMETERS:
            for value in source.getlist(parameter):
                # A `+` typed in a URL arrives as a space (`rdf+xml`, `application/ld+json`).
                values += [v.strip().replace(" ", "+") for v in value.split(",")]
    return [value for value in values if value]


def names_a_format(value: str, table: tuple[Format, ...]) -> bool:
    try:
        by_name(value, table)
    except KeyError:
        return False
    return True


def named(value: str, offered: tuple[Format, ...]) -> Format:
    try:
        return by_name(value, offered)
    except KeyError:
        names = ", ".join(f.name for f in offered)
        raise BadRequest(f"format={value!r} is not offered here; use one of {names}") from None


def from_accept(offered: tuple[Format, ...]) -> Format:
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
    html = accept[HTML]
    if not html or any(parameter in request.args for parameter in FORMAT_PARAMETERS):
        return False
    return (
        accept.best_match([HTML, JSON, by_name("turtle").media_type, by_name("json").media_type])
        == HTML
    )
