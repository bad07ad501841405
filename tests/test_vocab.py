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


# --- OWL 2 hygiene and the alignments the ontology asserts --------------------------------


def test_ontology_terms_are_defined_by_the_ontology(ontology):
    assert [t for t in declared_terms(ontology) if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology] == []


def test_ontology_no_term_is_both_object_and_datatype_property(ontology):
    objects = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    assert objects & datatypes == set()
    assert classes & (objects | datatypes) == set()


def test_ontology_sub_properties_are_of_their_super_properties_kind(ontology):
    """gk:source ⊑ sem:hasActor: both object properties (the outside ones declared as such)."""
    wrong = []
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        kinds = [{k for k in (OWL.ObjectProperty, OWL.DatatypeProperty) if (p, RDF.type, k) in ontology} for p in (sub, sup)]
        if len(kinds[0]) != 1 or kinds[0] != kinds[1]:
            wrong.append((sub, sup))
    assert wrong == []


def test_ontology_classes_it_names_are_declared(ontology):
    named = {o for o in ontology.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    named |= {o for p in (RDFS.domain, RDFS.range) for o in ontology.objects(None, p) if isinstance(o, URIRef)}
    datatypes = {o for o in named if str(o).startswith(str(vocab.XSD))}
    undeclared = [c for c in named - datatypes if (c, RDF.type, OWL.Class) not in ontology]
    assert undeclared == []


def test_ontology_asserts_no_equivalence(ontology):
    """Outside terms are broader than geokg's: sub-class / sub-property only."""
    assert not any(ontology.triples((None, OWL.equivalentClass, None)))
    assert not any(ontology.triples((None, OWL.equivalentProperty, None)))


@pytest.mark.parametrize("prop", [GK.source, GK.target, GK.cameo, GK.evidence, GK.quadClass, GK.sourceCode])
def test_ontology_shared_coding_has_event_or_report_domain(ontology, prop):
    """Reports use the event properties too: a domain of gk:Event alone would make every
    report an event for a reasoner."""
    from rdflib.collection import Collection

    (domain,) = ontology.objects(prop, RDFS.domain)
    assert {GK.Event, GK.Report} <= set(Collection(ontology, ontology.value(domain, OWL.unionOf)))


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (GK.Article, RDFS.subClassOf, NIF.Context),
        (GK.ActorCode, RDFS.subClassOf, vocab.SDO.Role),
        (GK.merge, RDFS.subPropertyOf, PROV.wasGeneratedBy),
        (GK.mergedReport, RDFS.subPropertyOf, PROV.used),
        (GK.report, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (GK.region, RDFS.subPropertyOf, vocab.SDO.containedInPlace),
        (GK.contentHash, RDFS.subPropertyOf, vocab.SDO.sha256),
        (GK.validFrom, RDFS.subPropertyOf, vocab.SDO.startDate),
        (GK.validUntil, RDFS.subPropertyOf, vocab.SDO.endDate),
        (GK.code, RDFS.subPropertyOf, vocab.SDO.roleName),
        (GK.datePrecision, RDFS.seeAlso, vocab.TIME.unitDay),
        (GK.datePrecision, RDFS.seeAlso, vocab.TIME.unitMonth),
        (GK.datePrecision, RDFS.seeAlso, vocab.TIME.unitYear),
    ],
)
def test_ontology_further_alignment(ontology, subject, predicate, obj):
    assert (subject, predicate, obj) in ontology


def test_ontology_dates_of_events_and_reports_are_xsd_dates(ontology):
    """The OWL-Time link: sem:hasTimeStamp values are xsd:date, the datatype of time:inXSDDate."""
    for cls in (GK.Event, GK.Report):
        restrictions = [r for r in ontology.objects(cls, RDFS.subClassOf) if (r, OWL.onProperty, SEM.hasTimeStamp) in ontology]
        assert [ontology.value(r, OWL.allValuesFrom) for r in restrictions] == [vocab.XSD.date]
