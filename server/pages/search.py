"""Search by name: every label, preferred and alternative label in every language, matched
without regard to case or diacritics.

Folding is NFD decomposition with the combining marks dropped, then case folding: "Comité"
→ "comite", Russian й → и and ё → е. Kazakh letters (ә ғ қ ң ө ұ ү һ і) have no decomposition
and stay distinct, as Kazakh readers expect. The names are few, so they are folded once per
store version and matched in Python; no query text is ever built from the search terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from server.pages.labels import ALT_LABEL, LABEL, PREF_LABEL, TITLE, PageIndex, cached, page_index

SEARCHED = (LABEL, PREF_LABEL, TITLE, ALT_LABEL)
MAX_RESULTS = 100
MAX_QUERY = 200

# Typographic variants a reader will not type: apostrophes, dashes and guillemets.
_PUNCTUATION = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-", "‐": "-", "«": " ", "»": " ", '"': " "}
)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The form names and queries are compared in."""
    decomposed = unicodedata.normalize("NFD", text.translate(_PUNCTUATION))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", bare).casefold()).strip()


@dataclass(frozen=True)
class Name:
    iri: str
    text: str
    lang: str
    preferred: bool  # a label rather than an alternative name
    folded: str


@dataclass
class Hit:
    iri: str
    score: tuple[int, int, int, int]
    matched: list[Name] = field(default_factory=list)


def names(index: PageIndex) -> list[Name]:
    found = []
    for iri, values in index.literals.items():
        for prop in SEARCHED:
            for text, lang in values.get(prop, ()):
                found.append(Name(iri, text, lang, prop != ALT_LABEL, fold(text)))
    return found


def weights(index: PageIndex) -> dict[str, int]:
    """How much the graph says about each resource: claims and figures about it."""
    found: dict[str, int] = {}
    for claim in index.claims.values():
        found[claim.subject] = found.get(claim.subject, 0) + 1
    for count in index.counts.values():
        found[count.scope] = found.get(count.scope, 0) + 1
    return found


def search(query: str) -> list[Hit]:
    """Resources with a name holding every word of ``query``; best matches first: the closest
    match, then — among equally close ones — the resource the graph says most about."""
    folded = fold(query[:MAX_QUERY])
    words = folded.split()
    if not words:
        return []
    index = page_index()
    weight = cached("search-weights", lambda: weights(index))
    hits: dict[str, Hit] = {}
    for name in cached("search-names", lambda: names(index)):
        if not all(word in name.folded for word in words):
            continue
        if name.folded == folded:
            closeness = 0
        elif name.folded.startswith(folded) or f" {folded}" in f" {name.folded}":
            closeness = 1  # the query starts the name or one of its words
        else:
            closeness = 2
        score = (closeness, -weight.get(name.iri, 0), 0 if name.preferred else 1, len(name.folded))
        hit = hits.setdefault(name.iri, Hit(name.iri, score))
        hit.score = min(hit.score, score)
        if all(n.text != name.text for n in hit.matched):
            hit.matched.append(name)
    ranked = sorted(hits.values(), key=lambda h: (h.score, h.iri))
    return ranked[:MAX_RESULTS]
