"""Graph: a resolved article as RDF, in the contract's shape: its reports of events, the
evidence and the actors and places they name, all in the article's own graph."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import vocab
from kg.extract import extract_events
from kg.graph import document_graphs
from kg.records import Document
from kg.resolve import resolve_events
from kg.vocab import GK, NIF, ONTOLOGY_PATH, OWL, PROV, RDF, RDFS, SEM, SKOS, WGS84

# rdflib's SDO, XSD and GEO warn on unknown names, and pytest probes module globals for odd
# attributes: use them as vocab.SDO / vocab.XSD / vocab.GEO (as tests/test_vocab.py does).

BASE = "https://w3id.org/geokg/id/"
TEXT = (
    "Ukrainian President Volodymyr Zelensky accused Russia of stalling the talks. "
    "Egypt met Israel in Cairo on Wednesday."
)
DOCUMENT = Document(
    id="a1",
    text=TEXT,
    title="Zelensky accuses Russia",
    url="https://news.example.org/a1?x=1&y=2",
    published=date(2025, 6, 5),
    source="Example News",
)


@pytest.fixture(scope="module")
def events(nlp):
    return resolve_events(DOCUMENT, extract_events(nlp(TEXT), DOCUMENT))


@pytest.fixture(scope="module")
def graphs(events):
    return document_graphs(DOCUMENT, events)


@pytest.fixture(scope="module")
def union(graphs):
    g = Graph()
    for triple in graphs.article:
        g.add(triple)
    return g


def report(e) -> URIRef:
    """The article's report of an event (the event itself is derived by kg.merge)."""
    return URIRef(e.id.replace("/event/", "/report/"))


@pytest.fixture(scope="module")
def meeting(events):
    return next(e for e in events if e.location is not None)


def test_document_graphs_fixture_has_both_events(events):
    assert [e.cameo[:2] for e in events] == ["11", "04"]


# --- the article ----------------------------------------------------------------------------
def test_document_graphs_article_is_a_news_article(graphs):
    assert graphs.doc_iri == URIRef(BASE + "doc/a1")
    assert (graphs.doc_iri, RDF.type, vocab.SDO.NewsArticle) in graphs.article


def test_document_graphs_article_has_content_hash(graphs):
    assert graphs.article.value(graphs.doc_iri, GK.contentHash) == Literal(DOCUMENT.content_hash)


def test_document_graphs_article_headline_url_and_date(graphs):
    a, doc = graphs.article, graphs.doc_iri
    assert a.value(doc, vocab.SDO.headline) == Literal("Zelensky accuses Russia")
    assert a.value(doc, vocab.SDO.url) == URIRef("https://news.example.org/a1?x=1&y=2")
    assert a.value(doc, vocab.SDO.datePublished) == Literal(date(2025, 6, 5), datatype=vocab.XSD.date)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/a",
        'https://example.org/a"><script>',
        "https://example.org/a b",
    ],
)
def test_document_graphs_unsafe_url_is_not_emitted(url):
    doc = Document(id="u", text="Nothing happened.", url=url)
    graphs = document_graphs(doc, [])
    assert list(graphs.article.objects(graphs.doc_iri, vocab.SDO.url)) == []


# --- events ---------------------------------------------------------------------------------
def test_document_graphs_every_event_is_a_report_of_the_article(graphs, events):
    for e in events:
        node = report(e)
        assert (node, RDF.type, GK.Report) in graphs.article
        assert (node, RDF.type, PROV.Entity) in graphs.article
        assert (node, RDF.type, SEM.Event) not in graphs.article  # events are derived from all reports


def test_document_graphs_event_label_names_source_and_target(graphs, events):
    for e in events:
        label = str(graphs.article.value(report(e), RDFS.label))
        assert e.source.name in label and e.target.name in label


def test_document_graphs_event_codes_as_literals_and_concepts(graphs, events):
    g = graphs.article
    for e in events:
        node = report(e)
        assert g.value(node, GK.cameoCode) == Literal(e.cameo)
        assert g.value(node, GK.cameo) == URIRef("https://w3id.org/geokg/cameo/" + e.cameo)
        assert g.value(node, GK.quadClass) == Literal(e.quad_class)
        assert g.value(node, GK.quadClass).datatype == vocab.XSD.integer
        goldstein = g.value(node, GK.goldstein)
        assert goldstein.datatype == vocab.XSD.decimal and float(goldstein) == e.goldstein


def test_document_graphs_code_concepts_are_skos_concepts(graphs, events):
    for e in events:
        concept = URIRef("https://w3id.org/geokg/cameo/" + e.cameo)
        assert (concept, RDF.type, SKOS.Concept) in graphs.article
        assert graphs.article.value(concept, SKOS.notation) == Literal(e.cameo)


def test_document_graphs_event_roles_point_to_actor_iris(graphs, events):
    for e in events:
        node = report(e)
        assert graphs.article.value(node, GK.source) == URIRef(e.source.id)
        assert graphs.article.value(node, GK.target) == URIRef(e.target.id)


def test_document_graphs_event_has_sem_has_actor(graphs, events):
    e = events[0]
    actors = set(graphs.article.objects(report(e), SEM.hasActor))
    assert actors == {URIRef(e.source.id), URIRef(e.target.id)}


def test_document_graphs_event_derived_from_the_article(graphs, events):
    for e in events:
        assert (report(e), PROV.wasDerivedFrom, graphs.doc_iri) in graphs.article


def test_document_graphs_event_date_and_precision(graphs, meeting):
    node = report(meeting)
    assert graphs.article.value(node, SEM.hasTimeStamp) == Literal(date(2025, 6, 4), datatype=vocab.XSD.date)
    assert graphs.article.value(node, GK.datePrecision) == Literal("day")


def test_document_graphs_event_without_date_has_no_time_stamp(graphs, events):
    accusation = events[0]
    assert accusation.date is None
    assert graphs.article.value(URIRef(accusation.id), SEM.hasTimeStamp) is None


# --- evidence -------------------------------------------------------------------------------
def test_document_graphs_evidence_offsets_match_the_text(graphs, events):
    g = graphs.article
    for e in events:
        mentions = list(g.objects(report(e), GK.evidence))
        assert len(mentions) >= 3  # trigger, source, target
        for m in mentions:
            begin, end = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
            assert TEXT[begin:end] == str(g.value(m, NIF.anchorOf))
            assert g.value(m, NIF.referenceContext) == graphs.doc_iri


def test_document_graphs_evidence_roles(graphs, meeting):
    g = graphs.article
    mentions = g.objects(report(meeting), GK.evidence)
    roles = {str(g.value(m, GK.role)): str(g.value(m, NIF.anchorOf)) for m in mentions}
    assert roles == {"trigger": "met", "source": "Egypt", "target": "Israel", "location": "Cairo"}


# --- actors and places --------------------------------------------------------------------
def test_document_graphs_person_actor_has_label_alias_country_and_sector(graphs, events):
    g, node = graphs.article, URIRef(events[0].source.id)
    assert node == URIRef(BASE + "actor/volodymyr-zelensky")
    assert (node, RDF.type, SEM.Actor) in g and (node, RDF.type, vocab.SDO.Person) in g
    assert g.value(node, RDFS.label) == Literal("Volodymyr Zelensky")
    assert Literal("Ukrainian President Volodymyr Zelensky") in set(g.objects(node, SKOS.altLabel))
    assert g.value(node, GK.country) == URIRef(BASE + "country/UKR")
    assert g.value(node, GK.sector) == Literal("GOV")


def test_document_graphs_state_actor_is_a_country_with_iso_code(graphs):
    node = URIRef(BASE + "country/RUS")
    assert (node, RDF.type, GK.Country) in graphs.article
    assert graphs.article.value(node, GK.isoCode) == Literal("RUS")


def test_document_graphs_place_has_coordinates_and_wkt(graphs, meeting):
    g, node = graphs.article, URIRef(meeting.location.id)
    assert (report(meeting), SEM.hasPlace, node) in graphs.article
    lat, lon = g.value(node, WGS84.lat), g.value(node, WGS84.long)
    assert lat.datatype == vocab.XSD.decimal and float(lat) == pytest.approx(meeting.location.lat)
    assert lon.datatype == vocab.XSD.decimal and float(lon) == pytest.approx(meeting.location.lon)
    wkt = g.value(g.value(node, vocab.GEO.hasGeometry), vocab.GEO.asWKT)
    assert wkt.datatype == vocab.GEO.wktLiteral
    assert str(wkt) == f"POINT({meeting.location.lon} {meeting.location.lat})"  # WKT is lon lat


def test_document_graphs_place_same_as_geonames(graphs, meeting):
    node = URIRef(meeting.location.id)
    assert graphs.article.value(node, OWL.sameAs) == URIRef("https://sws.geonames.org/360630/")


# --- the graph as a whole -----------------------------------------------------------------
def test_document_graphs_have_no_blank_nodes(union):
    assert len(union) > 50
    assert not [t for t in union if any(isinstance(x, BNode) for x in t)]


def test_document_graphs_use_only_gk_terms_the_ontology_defines(union):
    ontology = Graph().parse(ONTOLOGY_PATH, format="turtle")
    defined = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(GK))}
    used = {x for t in union for x in t if isinstance(x, URIRef) and str(x).startswith(str(GK))}
    assert used and used <= defined, used - defined


@pytest.mark.parametrize("part", ["article"])
def test_document_graphs_round_trip_through_turtle_with_decimals(graphs, part):
    g = getattr(graphs, part)
    again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, again)
    decimals = {o for o in g.objects() if isinstance(o, Literal) and o.datatype == vocab.XSD.decimal}
    assert decimals  # goldstein and confidence; latitude and longitude
    back = {o for o in again.objects() if isinstance(o, Literal) and o.datatype == vocab.XSD.decimal}
    assert {str(d) for d in back} == {str(d) for d in decimals}
    assert all(isinstance(d.toPython(), Decimal) for d in back)
