"""The "cite this" block of an entity page: what a reader needs to cite a thing or a figure —
its permanent IRI, the dataset's release and the store's version (the sha256 of its content),
the date of access, and the passages it rests on (source title, paragraph, characters) — as
text in the reader's language, as BibTeX and as CSL-JSON (the format of Zotero and pandoc).

CSL-JSON is written with json.dumps; BibTeX with one small template whose field values are
escaped, so that no name or title can close a field or a brace early (BibTeX counts braces even
after a backslash, so a brace is written as the LaTeX command that prints it).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

from flask_babel import gettext

from server import __version__
from server.pages.evidence import EvidenceView

PUBLISHER = "Zhusan knowledge graph"
# BibTeX's and LaTeX's special characters, written so that they print as themselves.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_ESCAPES))


@dataclass(frozen=True)
class Citation:
    iri: str
    title: str
    lang: str
    release: str
    store_version: str
    accessed: datetime.date
    passages: tuple[str, ...]  # "source title, paragraph N, characters A–B", reader's language

    @property
    def key(self) -> str:
        """A BibTeX key made of the IRI's path: letters, digits and dashes only."""
        path = self.iri.split("/id/", 1)[-1]
        return "zhusan-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")

    @property
    def note(self) -> str:
        parts = [
            gettext("release %(release)s", release=self.release),
            gettext("store version %(version)s", version=self.store_version),
        ]
        if self.passages:
            parts.append(gettext("evidence: %(passages)s", passages="; ".join(self.passages)))
        return ". ".join(parts)

    @property
    def text(self) -> str:
        """The citation as a line of text, as a reader pastes it into an article."""
        accessed = gettext("accessed %(date)s", date=self.accessed.isoformat())
        return f"{PUBLISHER}. “{self.title}”. {self.iri}. {self.note}. {accessed}."

    def bibtex(self) -> str:
        fields = {
            "title": self.title,
            "publisher": PUBLISHER,
            "howpublished": self.iri,
            "url": self.iri,
            "version": self.release,
            "note": self.note,
            "urldate": self.accessed.isoformat(),
            "year": str(self.accessed.year),
            "language": self.lang,
        }
        lines = [f"@misc{{{self.key},"]
        lines += [f"  {name} = {{{bibtex_escape(value)}}}," for name, value in fields.items()]
        lines.append("}")
        return "\n".join(lines)

    def csl_json(self) -> str:
        item = {
            "id": self.key,
            "type": "dataset",
            "title": self.title,
            "publisher": PUBLISHER,
            "URL": self.iri,
            "version": self.release,
            "note": self.note,
            "language": self.lang,
            "accessed": {
                "date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]
            },
        }
        return json.dumps([item], ensure_ascii=False, indent=2)


def bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group()], value)


def citation(
    iri: str,
    title: str,
    lang: str,
    store_version: str,
    evidence: list[EvidenceView],
    today: datetime.date | None = None,
) -> Citation:
    """The citation of one thing, from its title and the evidence its page shows."""
    passages: list[str] = []
    for e in evidence:
        where = e.name
        if e.span.start is not None:
            chars = gettext("characters %(start)s–%(end)s", start=e.span.start, end=e.span.end)
            where = f"{where}, {chars}"
        if where not in passages:
            passages.append(where)
    return Citation(
        iri=iri,
        title=title,
        lang=lang,
        release=__version__,
        store_version=store_version,
        accessed=today or datetime.date.today(),
        passages=tuple(passages),
    )
