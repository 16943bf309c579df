"""Evidence as a reader sees it: the document, its paragraph, the character span and — when the
server has the source texts (setting `sources_dir`) — the paragraph itself with the span marked.

A source file is used only when its sha256 equals the checksum the graph records for the
document, so that an offset can never point into a different version of the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from server.core.iris import local_url
from server.core.state import app_state
from server.pages.labels import PageIndex, Source, Span, cached, source_name

CONTEXT = 90  # characters of the paragraph shown on each side of a span in an excerpt


@dataclass(frozen=True)
class Passage:
    """A paragraph cut in three around the span, so the template can mark the middle."""

    before: str
    marked: str
    after: str

    def excerpt(self, context: int = CONTEXT) -> Passage:
        """The span with a few words either side, cut at a space and marked with an ellipsis."""
        before, after = self.before, self.after
        if len(before) > context:
            cut_at = before.find(" ", len(before) - context)
            before = "…" + before[cut_at + 1 if cut_at >= 0 else len(before) - context :]
        if len(after) > context:
            cut_at = after.rfind(" ", 0, context)
            after = after[: cut_at if cut_at > 0 else context] + "…"
        return Passage(before, self.marked, after)


@dataclass(frozen=True)
class EvidenceView:
    span: Span
    url: str | None
    source_name: str
    source_url: str | None
    source_label: str
    language: str  # the source's language, for the passage's `lang`
    passage: Passage | None
    problem: str | None  # why no passage is shown: passage_unavailable or passage_mismatch
    name: str = ""  # the span in words: its source's title and its paragraph
    supports: tuple[tuple[str, str | None], ...] = ()  # the facts it states: (name, page URL)

    @property
    def excerpt(self) -> Passage | None:
        return self.passage.excerpt() if self.passage else None


def evidence_view(index: PageIndex, iri: str, lang: str) -> EvidenceView | None:
    span = index.spans.get(iri)
    if span is None:
        return None
    source = index.sources.get(span.source)
    text, problem = source_text(source) if source else (None, "passage_unavailable")
    passage = cut(text, span) if text is not None else None
    if text is not None and passage is None:
        problem = "passage_unavailable"
    return EvidenceView(
        span=span,
        url=local_url(iri),
        source_name=source_name(span.source),
        source_url=local_url(span.source),
        source_label=index.label(span.source, lang),
        language=source.language or "" if source else "",
        passage=passage,
        problem=problem,
        name=index.span_name(span, lang),
        supports=tuple(
            (index.label(fact, lang), local_url(fact)) for fact in index.supports.get(iri, ())
        ),
    )


def source_text(source: Source) -> tuple[str | None, str | None]:
    """The verified text of a source document, or None and the reason it is not shown."""
    folder = app_state().config.sources_dir
    if not folder or not source.identifier or not source.sha256:
        return None, "passage_unavailable"
    return cached(f"source-text:{source.iri}", lambda: _read_verified(Path(folder), source))


def _read_verified(folder: Path, source: Source) -> tuple[str | None, str | None]:
    path = folder / Path(source.identifier or "").name  # a file name, never a path from data
    try:
        data = path.read_bytes()
    except OSError:
        return None, "passage_unavailable"
    if hashlib.sha256(data).hexdigest() != (source.sha256 or "").lower():
        return None, "passage_mismatch"
    return data.decode("utf-8"), None


def cut(text: str, span: Span) -> Passage | None:
    """The span's paragraph (a line of the file), split around the span."""
    if span.start is None or span.end is None or not 0 <= span.start <= span.end <= len(text):
        return None
    lines = text.split("\n")
    paragraph = span.paragraph
    if paragraph is None or not 0 <= paragraph < len(lines):
        paragraph = text.count("\n", 0, span.start)
    begin = sum(len(line) + 1 for line in lines[:paragraph])
    line = lines[paragraph]
    start = min(max(span.start - begin, 0), len(line))
    end = min(max(span.end - begin, start), len(line))
    return Passage(line[:start], line[start:end], line[end:])
