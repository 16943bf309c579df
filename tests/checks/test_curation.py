"""The data says exactly what its sources say: each rule here was once broken by the graph."""

from __future__ import annotations

import pytest
from flask import Flask
from pyoxigraph import Store

from server.backends.querying import run, select
from server.checks.consistency import Figure, _compare

from ..conftest import sources_dir

ID = "https://w3id.org/zhusan/id/"

# What each relation needs its span to say, beyond naming its ends: word stems, any of which
# will do, in the sources' languages. None: the relation is the names themselves (a date, a
# place list, a theme), which test_evidence_spans checks.
RELATION_CUES: dict[str, tuple[str, ...] | None] = {
    "http://schema.org/organizer": ("организ", "organis"),
    "http://schema.org/sponsor": ("поддержк", "soutien"),
    "https://w3id.org/zhusan/ontology#creditedTo": ("благодаря", "grâce"),
    "https://w3id.org/zhusan/ontology#coordinatedBy": ("координац", "coordin"),
    "https://w3id.org/zhusan/ontology#underAegisOf": ("эгид", "égide"),
    "https://w3id.org/zhusan/ontology#purpose": ("цель", "для ", "по ", "pour ", "visant"),
    "https://w3id.org/zhusan/ontology#specialistField": ("специалист", "spécialiste"),
    "https://w3id.org/zhusan/ontology#specialistsFrom": ("специалист", "spécialiste"),
    "https://w3id.org/zhusan/ontology#rehabilitationSite": ("реабилитац",),
    "https://w3id.org/zhusan/ontology#nameMeaning": ("обознач", "означ", "signifi"),
    "https://w3id.org/zhusan/ontology#symbolizes": ("символ", "symbol"),
    "https://w3id.org/zhusan/ontology#firstToRepatriateIn": ("первым",),
    "https://w3id.org/zhusan/ontology#amongFirstToRepatriateIn": ("premiers",),
    "https://w3id.org/zhusan/ontology#exampleFollowedBy": ("пример", "exemple"),
    "https://w3id.org/zhusan/ontology#evacueesAffiliatedWith": ("rejoint", "примкн"),
    "https://w3id.org/zhusan/ontology#onShoreOf": ("берег", "rive"),
    "https://w3id.org/zhusan/ontology#near": ("вблизи", "près"),
    "https://w3id.org/zhusan/ontology#returnedFrom": ("верну", "возвра", "rapatri", "exfiltr"),
    "https://w3id.org/zhusan/ontology#returnedTo": ("верну", "возвра", "rapatri"),
    "https://w3id.org/zhusan/ontology#destination": ("горяч", "зон"),
    "https://w3id.org/zhusan/ontology#outcome": None,
    "https://w3id.org/zhusan/ontology#participantsFrom": None,
    "http://schema.org/superEvent": None,
    "http://schema.org/startDate": None,
    "http://schema.org/endDate": None,
    "http://schema.org/location": None,
    "http://schema.org/about": None,
}

CLAIM_SPANS = """
SELECT ?claim ?predicate ?file ?start ?end WHERE {
  ?claim a zh:Claim ; rdf:predicate ?predicate ;
         prov:wasDerivedFrom/oa:hasSource/dcterms:identifier ?file ;
         prov:wasDerivedFrom/oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
}"""


def ask(store: Store, query: str) -> bool:
    return bool(run(store, query))


def test_every_claim_span_states_its_relation_not_only_its_ends(store: Store) -> None:
    folder = sources_dir()
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    rows = select(store, CLAIM_SPANS)
    assert len(rows) > 70
    unreviewed = sorted({r["predicate"].value for r in rows} - set(RELATION_CUES))
    assert unreviewed == [], "add the new relation to RELATION_CUES"
    stated: dict[str, bool] = {}
    for row in rows:
        cues = RELATION_CUES[row["predicate"].value]
        text = texts[row["file"].value][int(row["start"].value) : int(row["end"].value)].lower()
        ok = cues is None or any(cue in text for cue in cues)
        stated[row["claim"].value] = stated.get(row["claim"].value, False) or ok
    assert sorted(claim for claim, ok in stated.items() if not ok) == []


def test_the_june_2019_meeting_has_no_organiser(store: Store) -> None:
    assert not ask(store, f"ASK {{ <{ID}event/un-meeting-2019-06> schema:organizer ?who }}")


def test_recruitment_began_in_the_early_2010s_a_decade(store: Store) -> None:
    rows = select(
        store,
        f"""SELECT ?date ?precision ?qualifier WHERE {{
          ?claim rdf:subject <{ID}event/recruitment-outflow> ; rdf:predicate schema:startDate ;
                 rdf:object ?date ; zh:datePrecision ?precision ; zh:dateQualifier ?qualifier }}""",
    )
    assert [(r["date"].value, r["precision"].value, r["qualifier"].value) for r in rows] == [
        ("2010", "https://w3id.org/zhusan/ontology#decade", ID + "qualifier/early")
    ]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "early 2010s"),
        ("ru", "начало 2010-х годов"),
        ("fr", "début des années 2010"),
        ("kk", "2010 жылдардың басы"),
    ],
)
def test_timeline_shows_the_decade_as_a_decade(app: Flask, lang: str, words: str) -> None:
    html = app.test_client().get(f"/timeline?lang={lang}").get_data(as_text=True)
    assert words in html
    assert "2010 (" not in html


def test_no_count_states_an_inclusive_minimum(store: Store) -> None:
    assert select(store, "SELECT ?c WHERE { ?c schema:minValue ?m }") == []
    rows = select(store, "SELECT ?n WHERE { ?c a zh:Count ; zh:moreThan ?n } ORDER BY ?n")
    assert [int(r["n"].value) for r in rows] == [60, 100, 600]


def test_a_sum_equal_to_a_more_than_bound_fails() -> None:
    bound = Figure("c", "s", "s", "persons", 600, True, "src")
    assert _compare(600, bound)[0] == "fail"
    assert _compare(601, bound) == ("pass", "601 > 600")


def test_home_page_says_more_than(app: Flask) -> None:
    html = app.test_client().get("/?lang=en").get_data(as_text=True)
    assert "more than 600" in html


def test_five_phases_held_is_a_figure_and_matches_the_phases(store: Store) -> None:
    rows = select(
        store,
        f"""SELECT ?value ?paragraph WHERE {{
          ?count a zh:Count ; schema:observationAbout <{ID}operation/zhusan> ;
                 zh:category <{ID}category/phases> ; schema:value ?value ;
                 prov:wasDerivedFrom/zh:paragraph ?paragraph }}""",
    )
    assert [(r["value"].value, r["paragraph"].value) for r in rows] == [("5", "4")]
    phases = select(store, "SELECT ?p WHERE { ?p a zh:Phase }")
    assert len(phases) == 5


def test_rehabilitation_specialists_were_kazakhstani_and_foreign(store: Store) -> None:
    rows = select(
        store,
        f"""SELECT ?from WHERE {{ ?claim a zh:Claim ;
          rdf:subject <{ID}place/aktau-rehabilitation-camps> ; rdf:predicate zh:specialistsFrom ;
          rdf:object ?from ; prov:wasDerivedFrom ?evidence }} ORDER BY ?from""",
    )
    assert [r["from"].value for r in rows] == [ID + "country/kz", ID + "group/foreign-countries"]


def test_definitions_keep_to_the_source(store: Store) -> None:
    def english(iri: str, prop: str) -> str:
        rows = select(store, f'SELECT ?t WHERE {{ <{iri}> {prop} ?t FILTER(LANG(?t) = "en") }}')
        return " ".join(r["t"].value for r in rows)

    birth = english(ID + "concept/outcome/birth-certificates", "skos:definition")
    assert "Kazakhstanis" in birth and "children" not in birth
    gist = english(ID + "remark/knb-communique", "zh:gist")
    assert "saying" in gist and "tradition" not in gist
    assert "yet" not in english(ID + "remark/gherman-2023-experience", "zh:gist")


@pytest.mark.parametrize(
    "iri",
    [
        "concept/purpose/peaceful-childhood",
        "concept/outcome/public-testimony",
        "category/persons",
        "operation/zhusan/2019",
        "operation/zhusan/phase/1",
        "event/recruitment-outflow",
        "group/foreign-countries",
    ],
)
def test_labels_no_source_uses_are_marked_as_the_curators(store: Store, iri: str) -> None:
    assert ask(store, f"ASK {{ <{ID}{iri}> zh:curatorLabel true }}")


def test_a_label_in_the_sources_words_is_not_marked(store: Store) -> None:
    assert not ask(store, f"ASK {{ <{ID}operation/zhusan/phase/5> zh:curatorLabel ?x }}")
