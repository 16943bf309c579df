"""Names in Russian, French and Kazakh for the terms the graph reuses from other vocabularies.

The ontology declares reused terms (schema.org, PROV, Web Annotation, ORG, SKOS, Dublin Core,
SPDX, RDF) with an English label only, since their own vocabularies are the authority. The
pages still speak the reader's language, so these names are the interface's translation of
them: used when the graph has no label in the chosen language, before falling back to English.
"""

from __future__ import annotations

from server.core.namespaces import PREFIXES

# CURIE: (ru, fr, kk)
_NAMES: dict[str, tuple[str, str, str]] = {
    "rdf:type": ("тип", "type", "түрі"),
    "rdfs:label": ("название", "libellé", "атауы"),
    "skos:prefLabel": ("основное название", "libellé préféré", "негізгі атауы"),
    "skos:altLabel": ("другое название", "autre nom", "басқа атауы"),
    "skos:definition": ("определение", "définition", "анықтамасы"),
    "schema:description": ("описание", "description", "сипаттамасы"),
    "rdfs:isDefinedBy": ("определено в", "défini par", "анықталған жері"),
    "rdfs:subClassOf": ("подкласс", "sous-classe de", "ата-класы"),
    "schema:subEvent": ("часть события", "sous-événement", "ішкі оқиғасы"),
    "schema:superEvent": ("входит в", "fait partie de", "құрамына кіреді"),
    "schema:location": ("место", "lieu", "орны"),
    "schema:containedInPlace": ("находится в", "situé dans", "орналасқан жері"),
    "schema:organizer": ("организатор", "organisateur", "ұйымдастырушысы"),
    "schema:sponsor": ("спонсор", "soutien", "демеушісі"),
    "schema:contributor": ("участник", "contributeur", "үлес қосушы"),
    "schema:about": ("о чём", "sujet", "не туралы"),
    "schema:observationAbout": ("к чему относится", "porte sur", "неге қатысты"),
    "schema:sameAs": ("то же, что", "identique à", "сол нәрсе"),
    "schema:startDate": ("дата начала", "date de début", "басталу күні"),
    "schema:endDate": ("дата окончания", "date de fin", "аяқталу күні"),
    "schema:value": ("значение", "valeur", "мәні"),
    "schema:minValue": ("не менее", "valeur minimale", "ең аз мәні"),
    "prov:wasDerivedFrom": ("получено из", "tiré de", "алынған көзі"),
    "prov:wasAttributedTo": ("принадлежит", "attribué à", "авторы"),
    "oa:hasSource": ("источник", "source", "дереккөзі"),
    "oa:hasSelector": ("селектор", "sélecteur", "селекторы"),
    "oa:start": ("начало", "début", "басы"),
    "oa:end": ("конец", "fin", "соңы"),
    "org:member": ("член", "membre", "мүшесі"),
    "org:organization": ("организация", "organisation", "ұйым"),
    "org:role": ("роль", "rôle", "рөлі"),
    "org:subOrganizationOf": ("входит в организацию", "rattaché à", "құрамындағы ұйымы"),
    "org:postIn": ("должность в", "poste au sein de", "лауазым орны"),
    "org:hasMembership": ("членство", "appartenance", "мүшелігі"),
    "skos:inScheme": ("в схеме", "dans le schéma", "сұлбасы"),
    "skos:broader": ("шире", "plus large", "кеңірек ұғым"),
    "skos:topConceptOf": ("верхнее понятие схемы", "concept de tête de", "сұлбаның жоғарғы ұғымы"),
    "skos:hasTopConcept": ("верхнее понятие", "concept de tête", "жоғарғы ұғымы"),
    "dcterms:title": ("заглавие", "titre", "тақырыбы"),
    "dcterms:language": ("язык", "langue", "тілі"),
    "dcterms:identifier": ("идентификатор", "identifiant", "сәйкестендіргіші"),
    "spdx:checksum": ("контрольная сумма", "somme de contrôle", "бақылау сомасы"),
    "spdx:checksumValue": ("значение суммы", "valeur de la somme", "сома мәні"),
    "spdx:algorithm": ("алгоритм", "algorithme", "алгоритмі"),
    "rdf:subject": ("субъект", "sujet", "субъект"),
    "rdf:predicate": ("предикат", "prédicat", "предикат"),
    "rdf:object": ("объект", "objet", "объект"),
    "schema:Event": ("событие", "événement", "оқиға"),
    "schema:Person": ("человек", "personne", "адам"),
    "schema:Place": ("место", "lieu", "орын"),
    "schema:Country": ("страна", "pays", "ел"),
    "schema:City": ("город", "ville", "қала"),
    "schema:SeaBodyOfWater": ("море", "mer", "теңіз"),
    "schema:Organization": ("организация", "organisation", "ұйым"),
    "schema:GovernmentOrganization": (
        "государственная организация",
        "organisation gouvernementale",
        "мемлекеттік ұйым",
    ),
    "schema:NewsArticle": ("новостная статья", "article de presse", "жаңалық мақаласы"),
    "schema:Observation": ("наблюдение", "observation", "бақылау"),
    "prov:Entity": ("сущность", "entité", "мән"),
    "oa:SpecificResource": ("фрагмент ресурса", "ressource spécifique", "ресурс бөлігі"),
    "oa:TextPositionSelector": (
        "позиции в тексте",
        "sélecteur de position",
        "мәтіндегі орын",
    ),
    "org:Membership": ("членство", "appartenance", "мүшелік"),
    "org:FormalOrganization": ("формальная организация", "organisation formelle", "ресми ұйым"),
    "org:Role": ("роль", "rôle", "рөл"),
    "org:Post": ("должность", "poste", "лауазым"),
    "skos:Concept": ("понятие", "concept", "ұғым"),
    "skos:ConceptScheme": ("схема понятий", "schéma de concepts", "ұғымдар сұлбасы"),
    "spdx:Checksum": ("контрольная сумма", "somme de contrôle", "бақылау сомасы"),
    "rdf:Statement": ("высказывание", "énoncé", "тұжырым"),
    "rdf:Property": ("свойство", "propriété", "қасиет"),
    "schema:author": ("автор", "auteur", "авторы"),
    "schema:publisher": ("издатель", "éditeur", "баспагері"),
    "schema:datePublished": ("дата публикации", "date de publication", "жарияланған күні"),
    "schema:url": ("адрес (URL)", "adresse (URL)", "мекенжайы (URL)"),
    "owl:Class": ("класс", "classe", "класс"),
    "owl:Ontology": ("онтология", "ontologie", "онтология"),
    "owl:ObjectProperty": ("свойство-связь", "propriété d’objet", "байланыс қасиеті"),
    "owl:DatatypeProperty": ("свойство-значение", "propriété de données", "мән қасиеті"),
}

_LANGUAGES = ("ru", "fr", "kk")


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


TERM_NAMES: dict[str, dict[str, str]] = {
    _expand(curie): dict(zip(_LANGUAGES, names, strict=True)) for curie, names in _NAMES.items()
}

# English for the few reused terms the ontology does not declare.
TERM_NAMES[_expand("rdf:type")]["en"] = "type"
TERM_NAMES[_expand("rdfs:label")]["en"] = "label"
TERM_NAMES[_expand("skos:prefLabel")]["en"] = "preferred label"
TERM_NAMES[_expand("skos:altLabel")]["en"] = "also known as"
TERM_NAMES[_expand("skos:definition")]["en"] = "definition"
TERM_NAMES[_expand("rdfs:isDefinedBy")]["en"] = "defined by"
TERM_NAMES[_expand("rdfs:subClassOf")]["en"] = "subclass of"
TERM_NAMES[_expand("skos:topConceptOf")]["en"] = "top concept of"
TERM_NAMES[_expand("skos:hasTopConcept")]["en"] = "has top concept"
TERM_NAMES[_expand("rdf:Property")]["en"] = "property"
TERM_NAMES[_expand("owl:Class")]["en"] = "class"
TERM_NAMES[_expand("owl:Ontology")]["en"] = "ontology"
TERM_NAMES[_expand("owl:ObjectProperty")]["en"] = "object property"
TERM_NAMES[_expand("owl:DatatypeProperty")]["en"] = "datatype property"
TERM_NAMES[_expand("schema:author")]["en"] = "author"
TERM_NAMES[_expand("schema:publisher")]["en"] = "publisher"
TERM_NAMES[_expand("schema:datePublished")]["en"] = "date published"
TERM_NAMES[_expand("schema:url")]["en"] = "URL"


def term_name(iri: str, lang: str) -> str | None:
    """The interface's name for a reused term in ``lang``, if it has one."""
    return TERM_NAMES.get(iri, {}).get(lang)
