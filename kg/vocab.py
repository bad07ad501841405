"""The RDF vocabulary of geokg: the ``gk:`` ontology terms and the namespaces it reuses.

``GK`` mirrors ``ontologies/geokg.ttl`` term for term (``tests/test_vocab.py`` checks that
they agree), and with ``_fail = True`` a misspelt term raises instead of minting a new IRI.
Every other module takes its IRIs from here; none are glued from strings inline.

Prefix names, as bound in serialisations and SPARQL (see ``PREFIXES``):

- ``geo:`` is WGS84 (``geo:lat``, ``geo:long``), as in the project contract, and
  ``geosparql:`` is GeoSPARQL. In Python, ``WGS84`` is the former and ``GEO`` (rdflib's
  name, also exported as ``GEOSPARQL``) the latter.
- rdflib's own ``WGS`` namespace uses ``https://www.w3.org/...``, not the real
  ``http://www.w3.org/2003/01/geo/wgs84_pos#``, so ``WGS84`` is defined here instead.
- rdflib binds ``geo:`` to GeoSPARQL by default: bind with ``bind_prefixes(graph)``, which
  replaces that binding, rather than ``graph.bind`` (which would make ``geo1:``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import (
    DCTERMS,
    GEO,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = [
    "CAMEO",
    "DCTERMS",
    "GEO",
    "GEONAMES",
    "GEOSPARQL",
    "GK",
    "NIF",
    "ONTOLOGY_IRI",
    "ONTOLOGY_PATH",
    "OWL",
    "PLOVER",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SEM",
    "SKOS",
    "TIME",
    "WGS84",
    "WIKIDATA",
    "XSD",
    "bind_prefixes",
    "ontology_file",
    "sparql_prefixes",
]


class GK(DefinedNamespace):
    """geokg ontology (``gk:``), version 1: see ``ontologies/geokg.ttl``."""

    _NS = Namespace("https://w3id.org/geokg/ontology#")
    _fail = True

    # Classes
    Event: URIRef  # a geopolitical event, CAMEO/PLOVER-coded (⊑ sem:Event)
    Actor: URIRef  # a person, organisation, state or group in an event (⊑ sem:Actor)
    Place: URIRef  # where an event happens (⊑ sem:Place, schema:Place, geosparql:Feature)
    Country: URIRef  # a state, by ISO 3166-1 alpha-3 code (⊑ gk:Place, schema:Country)
    Article: URIRef  # a news article / input document (⊑ schema:NewsArticle, prov:Entity, nif:Context)
    Mention: URIRef  # an evidence span in an article, NIF offsets (⊑ nif:String)
    CameoCode: URIRef  # a CAMEO code as a concept (⊑ skos:Concept, sem:EventType)
    PloverType: URIRef  # a PLOVER 2021 event type as a concept (⊑ skos:Concept, sem:EventType)
    Report: URIRef  # one article's report of an event, as coded from its text (⊑ prov:Entity; not typed sem:Event)
    Merge: URIRef  # the decision that several reports are one event: which, by which rule, how sure (⊑ prov:Activity)
    ActorCode: URIRef  # a dated CAMEO actor code of an actor: who was what when (⊑ schema:Role)

    # Object properties
    source: URIRef  # Event or Report → Actor who initiates it (⊑ sem:hasActor)
    target: URIRef  # Event or Report → Actor it is done to (⊑ sem:hasActor)
    cameo: URIRef  # Event or Report → CameoCode (⊑ sem:eventType)
    plover: URIRef  # Event or Report → PloverType (⊑ sem:eventType)
    evidence: URIRef  # Event or Report → Mention it was coded from (⊑ prov:wasDerivedFrom)
    country: URIRef  # Actor or Place → Country
    region: URIRef  # Place → the first-level region (gk:Place) it lies in (⊑ schema:containedInPlace)
    report: URIRef  # Event → a Report of it (⊑ prov:wasDerivedFrom)
    merge: URIRef  # Event → the Merge that made it of several reports (⊑ prov:wasGeneratedBy)
    mergedReport: URIRef  # Merge → a Report it took (⊑ prov:used)
    codedAs: URIRef  # Actor → an ActorCode it held
    ploverMode: URIRef  # CameoCode → the PLOVER mode concept it maps to (⊑ skos:relatedMatch; cameo.ttl)
    ploverContext: URIRef  # CameoCode → a PLOVER context concept (⊑ skos:relatedMatch; cameo.ttl)

    # Datatype properties: events
    cameoCode: URIRef  # CAMEO code as xsd:string, leading zeros kept ("042")
    quadClass: URIRef  # xsd:integer 1..4: verbal coop, material coop, verbal/material conflict (also on codes)
    goldstein: URIRef  # Goldstein scale, xsd:decimal -10..10 (also on CAMEO codes)
    datePrecision: URIRef  # "day" | "month" | "year": OWL-Time's unitDay, unitMonth, unitYear
    numSources: URIRef  # xsd:integer, distinct articles reporting the event
    numMentions: URIRef  # xsd:integer, mentions of the event (GDELT's count)
    confidence: URIRef  # xsd:decimal 0..1
    negated: URIRef  # xsd:boolean, the text says it did not happen
    modality: URIRef  # asserted|negated|possible|intended|threatened|refused|reported
    fatalities: URIRef  # xsd:integer, people killed
    injured: URIRef  # xsd:integer, people injured
    quantity: URIRef  # xsd:integer, another number given (arrested, troops, ...)
    rule: URIRef  # xsd:string, the dictionary pattern or rule that coded the event
    mergeRule: URIRef  # xsd:string, the rule a Merge applied
    mergeScore: URIRef  # xsd:decimal 0..1, how alike the merged reports are (their least pairwise score)
    reportsHash: URIRef  # xsd:string, on an events graph: digest of the reports it was computed from

    # Statistics, derived at build time (kg.statistics)
    numEvents: URIRef  # xsd:integer, events of an Actor (as source or target) or of a DyadMonth
    numEventsAsSource: URIRef  # xsd:integer, events an Actor is the source of
    numEventsAsTarget: URIRef  # xsd:integer, events an Actor is the target of
    numArticles: URIRef  # xsd:integer, distinct articles reporting an Actor's events
    activityRank: URIRef  # xsd:integer, an Actor's place by numEvents (1 = most events; ties by IRI)
    DyadMonth: URIRef  # counts of the events from one CAMEO actor-code block to another in one month
    dyadSourceCode: URIRef  # xsd:string, a DyadMonth's source code block ("RUS", "RUSGOV")
    dyadTargetCode: URIRef  # xsd:string, a DyadMonth's target code block
    dyadCodes: URIRef  # xsd:string, a DyadMonth's source and target blocks as one key ("RUS UKR")
    month: URIRef  # xsd:string "YYYY-MM" or "undated", of a DyadMonth
    numVerbalCooperation: URIRef  # xsd:integer, a DyadMonth's events of QuadClass 1
    numMaterialCooperation: URIRef  # xsd:integer, QuadClass 2
    numVerbalConflict: URIRef  # xsd:integer, QuadClass 3
    numMaterialConflict: URIRef  # xsd:integer, QuadClass 4
    goldsteinSum: URIRef  # xsd:decimal, the summed Goldstein scores of a DyadMonth's events
    sourceCode: URIRef  # xsd:string, the source's CAMEO actor code on the event's date ("UKRGOV"; GDELT Actor1Code)
    targetCode: URIRef  # xsd:string, the target's CAMEO actor code on the event's date (GDELT Actor2Code)

    # Datatype properties: actors, places, countries
    sector: URIRef  # CAMEO sector code (GOV, MIL, ...) or the IGO code
    actorKind: URIRef  # PERSON | ORG | GPE | NORP | GROUP
    placePrecision: URIRef  # country | region | city | site
    geonamesId: URIRef  # xsd:integer, GeoNames id of a place
    isoCode: URIRef  # ISO 3166-1 alpha-3 of a Country (⊑ schema:identifier)
    regionCode: URIRef  # ISO 3166-2 code of a first-level region (⊑ schema:identifier)
    code: URIRef  # xsd:string, an ActorCode's CAMEO code ("UKRGOV") (⊑ schema:roleName)
    validFrom: URIRef  # xsd:date, first day an ActorCode holds (⊑ schema:startDate)
    validUntil: URIRef  # xsd:date, last day an ActorCode holds (⊑ schema:endDate)

    # Datatype properties: articles and mentions
    contentHash: URIRef  # SHA-256 (64 hex digits) of an article's text (⊑ schema:sha256)
    sentence: URIRef  # the sentence containing a Mention
    role: URIRef  # trigger | source | target | location, for a Mention


class WGS84(DefinedNamespace):
    """W3C Basic Geo (WGS84 lat/long) vocabulary, at its real ``http://`` IRI."""

    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    _fail = True

    SpatialThing: URIRef
    Point: URIRef
    lat: URIRef
    long: URIRef
    alt: URIRef
    lat_long: URIRef
    location: URIRef


GEOSPARQL = GEO
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GEONAMES = Namespace("https://sws.geonames.org/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
CAMEO = Namespace("https://w3id.org/geokg/cameo/")
PLOVER = Namespace("https://w3id.org/geokg/plover/")

ONTOLOGY_IRI = URIRef("https://w3id.org/geokg/ontology")


def ontology_file(name: str) -> Path:
    """A file of ``ontologies/`` (``geokg.ttl``, ``shapes.ttl``, ``cameo.ttl``, ...).

    A source checkout (and an editable install) reads the top-level ``ontologies/``; a wheel
    ships the same folder as ``kg/ontologies/`` (``package-dir`` in ``pyproject.toml``).
    """
    here = Path(__file__).resolve().parent
    for folder in (here.parent / "ontologies", here / "ontologies"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"ontologies/{name} is neither in the source tree nor in the installed package")


ONTOLOGY_PATH = ontology_file("geokg.ttl")

PREFIXES: dict[str, str] = {
    "gk": str(GK),
    "sem": str(SEM),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SDO),
    "geo": str(WGS84),
    "geosparql": str(GEO),
    "time": str(TIME),
    "nif": str(NIF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "cameo": str(CAMEO),
    "plover": str(PLOVER),
    "wd": str(WIKIDATA),
}


def sparql_prefixes() -> str:
    """The SPARQL ``PREFIX`` lines for every prefix in ``PREFIXES``, one a line."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every prefix in ``PREFIXES`` on ``graph``, replacing rdflib's defaults.

    ``replace=True`` matters for ``geo:``, which rdflib binds to GeoSPARQL; a plain
    ``graph.bind("geo", ...)`` would leave it and call WGS84 ``geo1:``.
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
