"""Graph: one article's reports of events as RDF, with stable IRIs and provenance.

Each article is one named graph holding everything it says: the article, its reports of
events (``gk:Report``: the code, roles, place, date and evidence spans read from its text) and
the description of the actors, places, countries and code concepts they name. Nothing in it
depends on another article, so an article can be replaced or removed by dropping its graph,
and the union of all graphs describes each actor once (its canonical description is the same
in every article; what differs, such as the names an article uses, adds up).

The events themselves (``sem:Event``: one node per real-world event, however many articles
report it) are derived from the reports by :mod:`kg.merge`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from .actordict import contract_code
from .actors import dictionary_codes
from .cameo import code_info
from .iris import Ids, digest, ids
from .records import Actor, Document, Event, Mention, Place
from .vocab import CAMEO, GEO, GEONAMES, GK, NIF, PLOVER, SEM, WGS84, WIKIDATA, bind_prefixes

KIND_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "PERSON": (SDO.Person,),
    "ORG": (SDO.Organization,),
    "GPE": (SDO.AdministrativeArea,),
    "NORP": (SDO.Organization,),
    "GROUP": (SDO.Organization,),
}
ROLE_NUMBERS = {"trigger": 0, "source": 1, "target": 2, "location": 3}


@dataclass(frozen=True, slots=True)
class DocumentGraphs:
    """The RDF of one article: its named graph."""

    doc_iri: URIRef
    article: Graph


def decimal_lexical(value: float) -> str:
    """An xsd:decimal's canonical form ("-2.0", "0.82"), which every Turtle writer round-trips."""
    lexical = format(Decimal(str(round(float(value), 6))), "f")
    return lexical if "." in lexical else lexical + ".0"


def _decimal(value: float) -> Literal:
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def _http_url(url: str | None) -> URIRef | None:
    """An http(s) URL as an IRI, or None: anything Oxigraph would refuse as an IRI (a tab, a
    control character, a bad host) is dropped here rather than failing the article's write."""
    if not url or not url.lower().startswith(("http://", "https://")) or any(c in url for c in ' <>"{}|\\^`'):
        return None
    try:
        import pyoxigraph

        pyoxigraph.NamedNode(url)
    except ValueError:
        return None
    return URIRef(url)


@lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """A country's everyday name: "Palestine, State of" -> "State of Palestine"."""
    c = pycountry.countries.get(alpha_3=iso3)
    name = getattr(c, "common_name", None) or (c.name if c else iso3)
    if ", " in name:
        head, _, tail = name.partition(", ")
        name = f"{tail} {head}"
    return name


def _new_graph() -> Graph:
    return bind_prefixes(Graph())


def add_country(g: Graph, iso3: str, ns: Ids) -> URIRef:
    """A state: its ISO code, name, and ``owl:sameAs`` its GeoNames and Wikidata entities."""
    from .resolve import gazetteer

    node = ns.country(iso3)
    g.add((node, RDF.type, GK.Country))
    g.add((node, RDF.type, SDO.Country))
    g.add((node, RDFS.label, Literal(country_name(iso3), lang="en")))
    g.add((node, GK.isoCode, Literal(iso3)))
    known = gazetteer().country_ids(iso3)
    if known is not None and known.geonames_id:
        g.add((node, OWL.sameAs, GEONAMES[f"{known.geonames_id}/"]))
    if known is not None and known.wikidata:
        g.add((node, OWL.sameAs, WIKIDATA[known.wikidata]))
    return node


def add_actor(g: Graph, actor: Actor, ns: Ids) -> URIRef:
    """An actor's node: its canonical name, what the article called it, its country and sector.

    A person or organisation the dictionaries know is described by the dictionaries alone
    (country and sector of its latest code, and each dated code as a ``gk:ActorCode``), so
    that every article describes it alike; how an event codes it on its date stays with the
    event's mention. Other actors are described as coded.
    """
    node = URIRef(actor.id) if actor.id else ns.actor(actor.name)
    is_state = node == (ns.country(actor.country) if actor.country and actor.country != "IGO" else None)
    if is_state:
        add_country(g, actor.country, ns)  # type: ignore[arg-type]
    else:
        codes = dictionary_codes(actor.name)
        country, sector = contract_code(codes[-1].country, codes[-1].sector) if codes else (actor.country, actor.sector)
        g.add((node, RDFS.label, Literal(actor.name)))
        for cls in KIND_CLASSES.get(actor.kind, ()):
            g.add((node, RDF.type, cls))
        if country and country != "IGO" and len(country) == 3 and country.isalpha():
            g.add((node, GK.country, add_country(g, country, ns)))
        if sector:
            g.add((node, GK.sector, Literal(sector)))
        if country == "IGO" and not sector:
            g.add((node, GK.sector, Literal("IGO")))
        for entry in codes:
            code = URIRef(f"{node}/code-{digest(entry.code, entry.start, entry.end, length=8)}")
            g.add((node, GK.codedAs, code))
            g.add((code, RDF.type, GK.ActorCode))
            g.add((code, GK.code, Literal(entry.code)))
            if entry.start:
                g.add((code, GK.validFrom, Literal(entry.start, datatype=XSD.date)))
            if entry.end:
                g.add((code, GK.validUntil, Literal(entry.end, datatype=XSD.date)))
    g.add((node, RDF.type, SEM.Actor))
    g.add((node, RDF.type, GK.Actor))
    g.add((node, GK.actorKind, Literal(actor.kind)))
    if actor.mention.text != actor.name and not is_state and actor.mention.label not in ("PRON", "ANAPHOR"):
        g.add((node, SKOS.altLabel, Literal(actor.mention.text)))
    return node


def add_place(g: Graph, place: Place, ns: Ids) -> URIRef:
    node = URIRef(place.id) if place.id else ns.place(place.name, place.geonames_id)
    g.add((node, RDF.type, SEM.Place))
    g.add((node, RDF.type, GK.Place))
    g.add((node, RDF.type, SDO.Place))
    g.add((node, RDFS.label, Literal(place.name)))
    if place.mention.text != place.name:
        g.add((node, SKOS.altLabel, Literal(place.mention.text)))
    if place.country:
        g.add((node, GK.country, add_country(g, place.country, ns)))
    if place.precision:
        g.add((node, GK.placePrecision, Literal(place.precision)))
    if place.region and place.precision == "region":
        g.add((node, GK.regionCode, Literal(place.region)))
    elif place.region:
        region = _region_place(place.region, ns)
        if region is not None:
            g.add((node, GK.region, add_place(g, region, ns)))
    if place.geonames_id:
        g.add((node, GK.geonamesId, Literal(place.geonames_id)))
        g.add((node, OWL.sameAs, GEONAMES[f"{place.geonames_id}/"]))
    if place.lat is not None and place.lon is not None:
        g.add((node, WGS84.lat, _decimal(place.lat)))
        g.add((node, WGS84.long, _decimal(place.lon)))
        geometry = URIRef(f"{node}/geometry")
        g.add((node, GEO.hasGeometry, geometry))
        g.add((geometry, RDF.type, GEO.Geometry))
        g.add((geometry, GEO.asWKT, Literal(f"POINT({place.lon} {place.lat})", datatype=GEO.wktLiteral)))
    return node


def _region_place(code: str, ns: Ids) -> Place | None:
    """The first-level region of an ISO 3166-2 code, as a place of its own."""
    from .resolve import gazetteer, region_iri

    geo = gazetteer().region(code)
    if geo is None:
        return None
    return Place(Mention(geo.name, 0, 0), geo.name, geo.country, geo.geonames_id, geo.lat, geo.lon, "region",
                 id=region_iri(geo, ns), region=code)  # fmt: skip


def add_code_concepts(g: Graph, event: Event) -> None:
    """The CAMEO and PLOVER concepts an event's report links to, as ``ontologies/cameo.ttl``
    and ``plover.ttl`` identify them (classes, notation, prefLabel, scheme): the same triples,
    from the same functions, so a build loaded with the schemes has one label per concept."""
    from .cameo import cameo_concept_triples, plover_concept_triples

    triples = cameo_concept_triples(code_info(event.cameo))
    if event.plover:
        triples += plover_concept_triples(event.plover)
    for triple in triples:
        g.add(triple)


def actor_code(actor: Actor) -> str | None:
    """The CAMEO actor code of a role as coded on the event's date: country then sector
    ("UKRGOV", "USAMIL", "IGOUNO"); GDELT's Actor1Code."""
    country, sector = contract_code(actor.country, actor.sector)
    code = (country or "") + (sector or "")
    return code or None


def event_label(event: Event) -> str:
    parts = [event.source.name if event.source else None, event.trigger.text, event.target.name if event.target else None]
    label = " ".join(p for p in parts if p)
    return f"{label} (negated)" if event.negated else label


def _add_mention(g: Graph, event_key: str, role: str, mention, doc_iri: URIRef, sentence: str | None, ns: Ids) -> URIRef:
    node = ns.mention(event_key, ROLE_NUMBERS[role])
    g.add((node, RDF.type, NIF.String))
    g.add((node, RDF.type, GK.Mention))
    g.add((node, NIF.referenceContext, doc_iri))
    g.add((node, NIF.beginIndex, Literal(mention.start, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(mention.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.anchorOf, Literal(mention.text)))
    g.add((node, GK.role, Literal(role)))
    if sentence is not None:
        g.add((node, GK.sentence, Literal(sentence)))
    return node


def add_report(g: Graph, event: Event, doc_iri: URIRef, ns: Ids) -> URIRef:
    """One article's report of an event: everything its text says of it, with the evidence spans."""
    if event.id is None:
        raise ValueError(f"event {event_label(event)!r} has no IRI: resolve it before building its graph")
    key = event.id.rsplit("/", 1)[-1]
    node = ns.report(key)
    g.add((node, RDF.type, GK.Report))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDFS.label, Literal(event_label(event))))
    g.add((node, GK.cameo, CAMEO[event.cameo]))
    g.add((node, GK.cameoCode, Literal(event.cameo)))
    if event.plover:
        g.add((node, GK.plover, PLOVER[event.plover]))
    g.add((node, GK.quadClass, Literal(event.quad_class)))
    g.add((node, GK.goldstein, _decimal(event.goldstein)))
    g.add((node, GK.confidence, _decimal(event.confidence)))
    g.add((node, GK.negated, Literal(event.negated)))
    g.add((node, GK.modality, Literal(event.modality)))
    g.add((node, GK.rule, Literal(event.evidence.pattern)))
    g.add((node, PROV.wasDerivedFrom, doc_iri))
    add_code_concepts(g, event)
    g.add((node, GK.evidence, _add_mention(g, key, "trigger", event.trigger, doc_iri, event.evidence.sentence, ns)))
    for role, actor, prop, code_prop in (
        ("source", event.source, GK.source, GK.sourceCode),
        ("target", event.target, GK.target, GK.targetCode),
    ):
        if actor is not None:
            actor_node = add_actor(g, actor, ns)
            g.add((node, prop, actor_node))
            code = actor_code(actor)
            if code:
                g.add((node, code_prop, Literal(code)))
            g.add((node, SEM.hasActor, actor_node))  # the roles' super-property, for plain SEM queries
            g.add((node, GK.evidence, _add_mention(g, key, role, actor.mention, doc_iri, None, ns)))
    if event.location is not None:
        g.add((node, SEM.hasPlace, add_place(g, event.location, ns)))
        g.add((node, GK.evidence, _add_mention(g, key, "location", event.location.mention, doc_iri, None, ns)))
    if event.date is not None:
        g.add((node, SEM.hasTimeStamp, Literal(event.date, datatype=XSD.date)))
        g.add((node, GK.datePrecision, Literal(event.date_precision)))
    for prop, value in ((GK.fatalities, event.fatalities), (GK.injured, event.injured), (GK.quantity, event.quantity)):
        if value is not None:
            g.add((node, prop, Literal(value)))
    return node


def add_document(g: Graph, document: Document, ns: Ids) -> URIRef:
    node = ns.doc(document.id)
    g.add((node, RDF.type, SDO.NewsArticle))
    g.add((node, RDF.type, GK.Article))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, SDO.identifier, Literal(document.id)))
    g.add((node, GK.contentHash, Literal(document.content_hash)))
    if document.title:
        g.add((node, SDO.headline, Literal(document.title)))
    url = _http_url(document.url)
    if url is not None:
        g.add((node, SDO.url, url))
    if document.published:
        g.add((node, SDO.datePublished, Literal(document.published, datatype=XSD.date)))
    if document.source:
        g.add((node, SDO.publisher, Literal(document.source)))
    return node


def document_graphs(document: Document, events: Iterable[Event], *, ns: Ids | None = None) -> DocumentGraphs:
    """The RDF of one article and its resolved events (as the article's reports of them)."""
    ns = ns or ids()
    article = _new_graph()
    doc_iri = add_document(article, document, ns)
    for event in events:
        add_report(article, event, doc_iri, ns)
    return DocumentGraphs(doc_iri, article)
