"""The gk: vocabulary: ontologies/geokg.ttl and kg.vocab.GK agree, and the prefixes work."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from kg import vocab
from kg.vocab import (
    GK,
    NIF,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SEM,
    SKOS,
    WGS84,
    bind_prefixes,
    sparql_prefixes,
)

# rdflib's SDO (schema.org) and GEO (GeoSPARQL) only warn on unknown names, and pytest
# probes module globals for odd attributes: use them as vocab.SDO / vocab.GEO, not imported.
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def declared_terms(graph: Graph) -> set[URIRef]:
    return {
        term
        for term_type in TERM_TYPES
        for term in graph.subjects(RDF.type, term_type)
        if isinstance(term, URIRef) and term.startswith(str(GK))
    }


def gk_attribute_terms() -> set[URIRef]:
    return {GK[name] for name in GK.__annotations__}


def test_ontology_parses(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


def test_ontology_terms_equal_gk_attributes(ontology):
    assert declared_terms(ontology) == gk_attribute_terms()


def test_ontology_terms_have_one_type_each(ontology):
    for term in declared_terms(ontology):
        types = {t for t in ontology.objects(term, RDF.type) if t in TERM_TYPES}
        assert len(types) == 1, (term, types)


def test_ontology_class_and_property_naming(ontology):
    for term in declared_terms(ontology):
        local = term[len(str(GK)) :]
        if (term, RDF.type, OWL.Class) in ontology:
            assert local[0].isupper(), term
        else:
            assert local[0].islower(), term


@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment])
def test_ontology_terms_have_english_label_and_comment(ontology, predicate):
    missing = [
        term
        for term in declared_terms(ontology)
        if not any(
            isinstance(value, Literal) and value.language == "en" and str(value).strip()
            for value in ontology.objects(term, predicate)
        )
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (GK.Event, RDFS.subClassOf, SEM.Event),
        (GK.Actor, RDFS.subClassOf, SEM.Actor),
        (GK.Place, RDFS.subClassOf, SEM.Place),
        (GK.Place, RDFS.subClassOf, vocab.SDO.Place),
        (GK.Place, RDFS.subClassOf, WGS84.SpatialThing),
        (GK.Place, RDFS.subClassOf, vocab.GEO.Feature),
        (GK.Country, RDFS.subClassOf, GK.Place),
        (GK.Country, RDFS.subClassOf, vocab.SDO.Country),
        (GK.Article, RDFS.subClassOf, vocab.SDO.NewsArticle),
        (GK.Article, RDFS.subClassOf, PROV.Entity),
        (GK.Mention, RDFS.subClassOf, NIF.String),
        (GK.CameoCode, RDFS.subClassOf, SKOS.Concept),
        (GK.PloverType, RDFS.subClassOf, SKOS.Concept),
        (GK.source, RDFS.subPropertyOf, SEM.hasActor),
        (GK.target, RDFS.subPropertyOf, SEM.hasActor),
        (GK.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    ],
)
def test_ontology_alignment(ontology, subject, predicate, obj):
    assert (subject, predicate, obj) in ontology


def test_ontology_defines_no_event_place_property(ontology):
    # events use sem:hasPlace directly
    assert not any(str(s).lower().endswith("eventplace") for s in ontology.subjects())


def test_gk_undefined_term_raises():
    with pytest.raises(AttributeError):
        GK.eventPlace  # noqa: B018
    with pytest.raises(AttributeError):
        GK["goldsteinScale"]


def test_gk_defined_term_is_iri_in_namespace():
    assert GK.Event == URIRef("https://w3id.org/geokg/ontology#Event")
    assert GK.source == URIRef("https://w3id.org/geokg/ontology#source")


def test_wgs84_is_the_http_namespace():
    assert WGS84.lat == URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
    assert PREFIXES["geo"] == "http://www.w3.org/2003/01/geo/wgs84_pos#"
    assert PREFIXES["geosparql"] == "http://www.opengis.net/ont/geosparql#"


def test_prefixes_cover_the_project_namespaces():
    assert set(PREFIXES) == {
        "gk", "sem", "prov", "skos", "schema", "geo", "geosparql", "time",
        "nif", "owl", "rdf", "rdfs", "xsd", "dcterms", "cameo", "plover", "wd",
    }  # fmt: skip
    assert PREFIXES["gk"] == "https://w3id.org/geokg/ontology#"
    assert PREFIXES["schema"] == "https://schema.org/"


def test_sparql_prefixes_parse_in_pyoxigraph():
    store = pyoxigraph.Store()
    results = store.query(sparql_prefixes() + "SELECT * WHERE { ?s gk:source ?o }")
    assert list(results) == []


def test_sparql_prefixes_resolve_to_gk_terms():
    store = pyoxigraph.Store()
    event = pyoxigraph.NamedNode("https://w3id.org/geokg/id/event/1")
    actor = pyoxigraph.NamedNode("https://w3id.org/geokg/id/actor/1")
    store.add(pyoxigraph.Quad(event, pyoxigraph.NamedNode(str(GK.source)), actor))
    results = store.query(sparql_prefixes() + "SELECT ?o WHERE { ?s gk:source ?o }")
    assert [row["o"] for row in results] == [actor]


def test_bind_prefixes_gives_geo_to_wgs84():
    graph = bind_prefixes(Graph())
    bound = {prefix: str(iri) for prefix, iri in graph.namespaces()}
    for prefix, iri in PREFIXES.items():
        assert bound[prefix] == iri
