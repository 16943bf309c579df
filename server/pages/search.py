"""Search by name: every label, preferred and alternative label in every language, the aliases
a numbered series gives ("phase 3", "этап 3" for Zhusan-3) and the paraphrase (gist) of every
remark, matched without regard to case or diacritics. Whole words rank before the start of a
word, which ranks before a piece of one; the ontology's own terms come back as a group apart.

Folding is NFD decomposition with the combining marks dropped, then case folding: "Comité"
→ "comite", Russian й → и and ё → е. Kazakh letters (ә ғ қ ң ө ұ ү һ і) have no decomposition
and stay distinct, as Kazakh readers expect. The names are few, so they are folded once per
store version and matched in Python; no query text is ever built from the search terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from server.core.namespaces import OWL, RDF, RDFS, ZH
from server.pages.labels import (
    ALT_LABEL,
    GIST,
    LABEL,
    PREF_LABEL,
    TITLE,
    PageIndex,
    cached,
    page_index,
)

SEARCHED = (LABEL, PREF_LABEL, TITLE, ALT_LABEL, GIST)
MAX_RESULTS = 100
MAX_QUERY = 200
# A kind of name ranks labels before other names, and both before a remark's paraphrase.
KIND_RANK = {LABEL: 0, PREF_LABEL: 0, TITLE: 0, ALT_LABEL: 1, "alias": 1, GIST: 2}
# The resources that make up the ontology rather than the data: listed apart.
TERM_TYPES = {
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    OWL + "Ontology",
    RDF + "Property",
    RDFS + "Class",
}
# Aliases of the n-th item of a series, per language ("phase 3"): readers name phases so.
SERIES_ALIASES = {
    ZH + "Phase": (
        ("en", "phase {n}"),
        ("ru", "этап {n}"),
        ("fr", "phase {n}"),
        ("kk", "{n}-кезең"),
    )
}
_WORD = re.compile(r"\w+")

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
    kind: str  # the property it is (LABEL, ALT_LABEL, GIST …) or "alias"
    folded: str

    @property
    def preferred(self) -> bool:
        return KIND_RANK[self.kind] == 0

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.folded)


@dataclass
class Hit:
    iri: str
    score: tuple[int, int, int, int, int]
    term: bool = False  # a term of the ontology, shown apart from the things
    matched: list[Name] = field(default_factory=list)


def names(index: PageIndex) -> list[Name]:
    found = []
    for iri, values in index.literals.items():
        for prop in SEARCHED:
            for text, lang in values.get(prop, ()):
                found.append(Name(iri, text, lang, prop, fold(text)))
    for iri, n in index.ordinals.items():
        for kind in index.types.get(iri, ()):
            for lang, pattern in SERIES_ALIASES.get(kind, ()):
                text = pattern.format(n=n)
                found.append(Name(iri, text, lang, "alias", fold(text)))
    return found


def closeness(name: Name, folded: str, words: list[str]) -> int | None:
    """How well a name matches the query: 0 the whole name, 1 whole words, 2 the starts of
    words, 3 pieces of words (three letters or more); None when a word is missing."""
    if name.folded == folded:
        return 0
    own = name.words
    worst = 1
    for word in words:
        if word in own:
            continue
        if any(w.startswith(word) for w in own):
            worst = max(worst, 2)
        elif len(word) >= 3 and word in name.folded:
            worst = 3
        else:
            return None
    return worst


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
    match, names before paraphrases, then the resource the graph says most about, then labels
    before other names."""
    folded = fold(query[:MAX_QUERY])
    words = _WORD.findall(folded)
    if not words:
        return []
    index = page_index()
    weight = cached("search-weights", lambda: weights(index))
    hits: dict[str, Hit] = {}
    for name in cached("search-names", lambda: names(index)):
        close = closeness(name, folded, words)
        if close is None:
            continue
        gist = int(name.kind == GIST)  # a paraphrase matches after every name
        score = (close, gist, -weight.get(name.iri, 0), KIND_RANK[name.kind], len(name.folded))
        term = name.iri.startswith(ZH) or bool(TERM_TYPES & set(index.types.get(name.iri, ())))
        hit = hits.setdefault(name.iri, Hit(name.iri, score, term))
        hit.score = min(hit.score, score)
        if all(n.text != name.text for n in hit.matched):
            hit.matched.append(name)
    ranked = sorted(hits.values(), key=lambda h: (h.score, h.iri))
    return ranked[:MAX_RESULTS]
