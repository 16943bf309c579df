"""The map between the graph's persistent IRIs and this server's URLs.

The store holds canonical IRIs only (under the configured base, e.g. https://w3id.org/zhusan/).
A request for ``/id/operation/zhusan`` on any host means the canonical IRI
``{base}id/operation/zhusan``; links in HTML pages point back at this server, while RDF
answers keep the canonical IRIs so that data stays the same wherever it is served from.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import url_for

from server.core.namespaces import ONTOLOGY_IRI, ZH
from server.core.state import app_state

# Paths under the base that this server dereferences.
THING_PREFIX = "id/"
DOCUMENT_PREFIX = "doc/"


def base() -> str:
    return str(app_state().config.base)


def endpoint_iri() -> str:
    """The SPARQL endpoint's persistent IRI: the base its queries' relative IRIs resolve against."""
    return base() + "sparql"


def canonical_iri(thing_path: str) -> str:
    """``operation/zhusan`` → ``{base}id/operation/zhusan``."""
    return base() + THING_PREFIX + thing_path


def thing_path(iri: str) -> str | None:
    """The part after ``{base}id/`` of a canonical instance IRI, without its fragment."""
    prefix = base() + THING_PREFIX
    if not iri.startswith(prefix):
        return None
    return iri[len(prefix) :].split("#", 1)[0]


def local_url(iri: str) -> str | None:
    """Where this server shows ``iri``: its document page, or None for outside IRIs."""
    path = thing_path(iri)
    if path is not None:
        return url_for("linked_data.document", path=path)
    if iri == ONTOLOGY_IRI or iri.startswith(ZH):
        fragment = iri[len(ZH) :] if iri.startswith(ZH) else ""
        return url_for("linked_data.ontology") + ("#" + quote(fragment) if fragment else "")
    return None
