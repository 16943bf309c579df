"""What a curator says a span states, as the quads the project writes for it, and back.

Five kinds, each written the way the hand-written files write it: a figure is a ``zh:Count``;
a date and a relation are the plain triple plus the ``zh:Claim`` that reifies it; a position
held is a ``zh:PositionHeld``; a remark is a ``zh:Remark`` with the curator's paraphrase.
Every one points at ``evidence/NNN/START-END``. IRIs are minted from the annotation's content
(``count/NNN/<scope>/<category>``, ``claim/NNN/<subject>-<property>[-<object>]``, …), so the
same annotation always gives the same quads. New things get an IRI from their English label
and go into the reference graph with their labels.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from server.core.namespaces import (
    GRAPH_REFERENCE,
    ID,
    OA,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    XSD,
    ZH,
    source_graph,
)
from server.curation.sources import CurationError, check_span, paragraph_of
from server.curation.trig_writer import ORG

TYPE = RDF + "type"
DERIVED = PROV + "wasDerivedFrom"
LANGUAGES = ("en", "ru", "fr", "kk")
KINDS = ("figure", "date", "relation", "position", "remark")
# A new thing's kind: its class and the folder of its IRI.
THING_KINDS: dict[str, tuple[str, str]] = {
    "person": (SCHEMA + "Person", "person/"),
    "agency": (ZH + "GovernmentAgency", "org/"),
    "international-organisation": (ZH + "InternationalOrganization", "org/"),
    "event": (SCHEMA + "Event", "event/"),
    "country": (SCHEMA + "Country", "country/"),
    "city": (SCHEMA + "City", "place/"),
    "role": (ORG + "Role", "role/"),
}
DATE_PREDICATES = (SCHEMA + "startDate", SCHEMA + "endDate")
PRECISIONS: dict[str, tuple[str, str]] = {
    "day": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "date"),
    "month": (r"[0-9]{4}-(0[1-9]|1[0-2])", "gYearMonth"),
    "year": (r"[0-9]{4}", "gYear"),
    "decade": (r"[0-9]{3}0", "gYear"),
}
FACT_TYPES = {
    ZH + "Count": "figure",
    ZH + "Claim": "claim",
    ZH + "PositionHeld": "position",
    ZH + "Remark": "remark",
    ZH + "Communique": "remark",
}


def slug(iri: str) -> str:
    """A thing's name inside other IRIs, as the hand-written files spell it: the path under
    ``id/`` without its first folder and without ``phase`` (``operation/zhusan/phase/2`` →
    ``zhusan-2``, ``event/un-meeting-2019-06`` → ``un-meeting-2019-06``)."""
    if not iri.startswith(ID):
        return re.sub(r"[^A-Za-z0-9]+", "-", iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]).strip("-")
    parts = [p for p in iri[len(ID) :].split("/")[1:] if p != "phase"]
    return "-".join(parts) or iri[len(ID) :].strip("/")


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def label_slug(label: str) -> str:
    ascii_only = label.encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if not text:
        raise CurationError(f"cannot make an IRI from the English label {label!r}")
    return text


@dataclass(frozen=True)
class Annotation:
    kind: str
    fact: str  # the node that carries the evidence: count, claim, position or remark
    evidence: str
    quads: tuple[Quad, ...]


class _Writer:
    """Collects the quads of one annotation in the source's graph and the reference graph."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.graph = NamedNode(source_graph(key))
        self.reference = NamedNode(GRAPH_REFERENCE)
        self.quads: list[Quad] = []

    def add(
        self, subject: str, predicate: str, obj: NamedNode | Literal, *, ref: bool = False
    ) -> None:
        graph = self.reference if ref else self.graph
        self.quads.append(Quad(NamedNode(subject), NamedNode(predicate), obj, graph))

    def thing(self, value: Any, field: str) -> str:
        """An existing thing's IRI, or a new thing's (written with its type and labels)."""
        if isinstance(value, str) and value.strip():
            return _iri(value.strip(), field)
        if isinstance(value, dict) and isinstance(value.get("new"), dict):
            new = value["new"]
            kind = new.get("kind")
            if kind not in THING_KINDS:
                raise CurationError(
                    f"{field}: a new thing's kind is one of {', '.join(THING_KINDS)}"
                )
            labels = {lang: str(new.get("labels", {}).get(lang, "")).strip() for lang in LANGUAGES}
            if not labels["en"]:
                raise CurationError(f"{field}: a new thing needs an English label")
            cls, folder = THING_KINDS[kind]
            iri = ID + folder + label_slug(labels["en"])
            self.add(iri, TYPE, NamedNode(cls), ref=True)
            for lang, text in labels.items():
                if text:
                    self.add(iri, RDFS + "label", Literal(text, language=lang), ref=True)
            return iri
        raise CurationError(f"{field}: pick a thing from the graph or describe a new one")


def _iri(value: str, field: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value):
        raise CurationError(f"{field}: not an IRI: {value!r}")
    return value


def _int(value: Any, field: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise CurationError(f"{field}: not a whole number: {value!r}") from None
    if number < 0:
        raise CurationError(f"{field}: a figure is at least 0")
    return number


def build(data: dict[str, Any], key: str, text: str) -> Annotation:
    """The quads of one annotation of source ``key`` whose text is ``text``."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise CurationError(f"kind: one of {', '.join(KINDS)}")
    start, end = _int(data.get("start"), "start"), _int(data.get("end"), "end")
    check_span(text, start, end)
    out = _Writer(key)
    evidence = ID + f"evidence/{key}/{start}-{end}"
    fact = {
        "figure": _figure,
        "date": _date,
        "relation": _relation,
        "position": _position,
        "remark": _remark,
    }[kind](data, out, start)
    out.add(fact, DERIVED, NamedNode(evidence))
    out.add(evidence, TYPE, NamedNode(ZH + "Evidence"))
    out.add(evidence, OA + "hasSource", NamedNode(ID + f"source/{key}"))
    out.add(evidence, ZH + "paragraph", Literal(paragraph_of(text, start)))
    out.add(evidence, OA + "hasSelector", NamedNode(evidence + "#selector"))
    out.add(evidence + "#selector", TYPE, NamedNode(OA + "TextPositionSelector"))
    out.add(evidence + "#selector", OA + "start", Literal(start))
    out.add(evidence + "#selector", OA + "end", Literal(end))
    return Annotation(kind, fact, evidence, tuple(dict.fromkeys(out.quads)))


def _figure(data: dict[str, Any], out: _Writer, _start: int) -> str:
    scope = out.thing(data.get("scope"), "scope")
    category = _iri(str(data.get("category", "")), "category")
    value = _int(data.get("value"), "value")
    count = ID + f"count/{out.key}/{slug(scope)}/{local_name(category)}"
    out.add(count, TYPE, NamedNode(ZH + "Count"))
    out.add(count, SCHEMA + "observationAbout", NamedNode(scope))
    out.add(count, ZH + "category", NamedNode(category))
    more_than = data.get("more_than") in (True, "true", "on", "1")
    out.add(count, ZH + "moreThan" if more_than else SCHEMA + "value", Literal(value))
    return count


def _claim(
    out: _Writer, claim: str, subject: str, predicate: str, obj: NamedNode | Literal
) -> None:
    out.add(subject, predicate, obj)
    out.add(claim, TYPE, NamedNode(ZH + "Claim"))
    out.add(claim, RDF + "subject", NamedNode(subject))
    out.add(claim, RDF + "predicate", NamedNode(predicate))
    out.add(claim, RDF + "object", obj)


def _date(data: dict[str, Any], out: _Writer, _start: int) -> str:
    subject = out.thing(data.get("subject"), "subject")
    predicate = str(data.get("predicate") or SCHEMA + "startDate")
    if predicate not in DATE_PREDICATES:
        raise CurationError("predicate: a date is a start date or an end date")
    precision = str(data.get("precision", ""))
    if precision not in PRECISIONS:
        raise CurationError(f"precision: one of {', '.join(PRECISIONS)}")
    pattern, datatype = PRECISIONS[precision]
    value = str(data.get("date", "")).strip()
    if not re.fullmatch(pattern, value):
        raise CurationError(f"date: {value!r} is not a {precision} (e.g. {_example(precision)})")
    if precision == "day":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise CurationError(f"date: {value!r} is not a day of the calendar") from None
    literal = Literal(value, datatype=NamedNode(XSD + datatype))
    claim = ID + f"claim/{out.key}/{slug(subject)}-{local_name(predicate)}"
    _claim(out, claim, subject, predicate, literal)
    if precision == "decade":
        out.add(claim, ZH + "datePrecision", NamedNode(ZH + "decade"))
    if data.get("qualifier"):
        out.add(claim, ZH + "dateQualifier", NamedNode(_iri(str(data["qualifier"]), "qualifier")))
    return claim


def _example(precision: str) -> str:
    return {"day": "2022-05-17", "month": "2022-05", "year": "2022", "decade": "2010"}[precision]


def _relation(data: dict[str, Any], out: _Writer, _start: int) -> str:
    subject = out.thing(data.get("subject"), "subject")
    predicate = _iri(str(data.get("predicate", "")), "predicate")
    obj = out.thing(data.get("object"), "object")
    claim = ID + f"claim/{out.key}/{slug(subject)}-{local_name(predicate)}-{slug(obj)}"
    _claim(out, claim, subject, predicate, NamedNode(obj))
    return claim


def _position(data: dict[str, Any], out: _Writer, _start: int) -> str:
    person = out.thing(data.get("person"), "person")
    role = out.thing(data.get("role"), "role")
    organisation = out.thing(data.get("organisation"), "organisation")
    position = ID + f"position/{slug(person)}/{slug(organisation)}"
    out.add(position, TYPE, NamedNode(ZH + "PositionHeld"))
    out.add(position, ORG + "member", NamedNode(person))
    out.add(position, ORG + "role", NamedNode(role))
    out.add(position, ORG + "organization", NamedNode(organisation))
    if data.get("attested_at"):
        out.add(
            position, ZH + "attestedAt", NamedNode(out.thing(data["attested_at"], "attested_at"))
        )
    return position


def _remark(data: dict[str, Any], out: _Writer, start: int) -> str:
    speaker = out.thing(data.get("attributed_to"), "attributed_to")
    about = out.thing(data.get("about"), "about")
    gists = {lang: str(data.get(f"gist_{lang}", "")).strip() for lang in LANGUAGES}
    if not gists["en"]:
        raise CurationError("gist_en: a remark needs the curator's English paraphrase")
    remark = ID + f"remark/{slug(speaker)}-{out.key}-{start}"
    out.add(remark, TYPE, NamedNode(ZH + "Remark"))
    out.add(remark, PROV + "wasAttributedTo", NamedNode(speaker))
    out.add(remark, SCHEMA + "about", NamedNode(about))
    if data.get("made_at"):
        out.add(remark, ZH + "madeAt", NamedNode(out.thing(data["made_at"], "made_at")))
    for lang, gist in gists.items():
        if gist:
            out.add(remark, ZH + "gist", Literal(gist, language=lang))
    return remark


def check_paraphrase(gists: Iterable[str], text: str) -> None:
    """A remark is the curator's words: refuse a gist that copies the source's wording."""
    folded = re.sub(r"\W+", " ", text.casefold())
    for gist in gists:
        words = re.findall(r"\w+", gist.casefold())
        # Six words in a row from the text (or the whole of a shorter gist) are a quote.
        run = min(6, len(words))
        for i in range(len(words) - run + 1):
            if run >= 3 and f" {' '.join(words[i : i + run])} " in f" {folded} ":
                raise CurationError(
                    "gist: it repeats the source's wording; say it in your own words"
                )
