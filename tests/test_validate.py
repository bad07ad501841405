"""kg validate: a built graph conforms to the SHACL shapes, and broken graphs are caught."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from typer.testing import CliRunner

from kg import vocab
from kg.cli import app
from kg.query import shorten
from kg.store import GraphStore, open_store, quads
from kg.validate import format_report, load_shapes, validate
from kg.vocab import GK, NIF, ONTOLOGY_PATH, PROV, SEM, WGS84

# rdflib's XSD only warns on unknown names, and pytest probes module globals: use vocab.XSD.
runner = CliRunner()
TEST_GRAPH = URIRef("https://w3id.org/geokg/id/graph/test")
GK_NS = str(GK)


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Graph:
    with open_store(seed_build[0], read_only=True) as store:
        return store.load_graph()


@pytest.fixture(scope="module")
def seed_report(seed_graph):
    return validate(seed_graph)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def write_build(out: Path, graph: Graph) -> Path:
    """A build directory whose store holds ``graph`` (as one named graph, and the union)."""
    with GraphStore(out, create=True) as store:
        store.replace_graph(TEST_GRAPH, list(quads(graph, TEST_GRAPH)))
    return out


# --- a built graph conforms ----------------------------------------------------------------


def test_validate_seed_build_has_no_violations(seed_report):
    assert seed_report.conforms
    assert [r.line() for r in seed_report.violations] == []
    assert seed_report.triples > 1000


def test_validate_reads_the_store_union(seed_build):
    with open_store(seed_build[0], read_only=True) as store:
        report = validate(store)
        assert report.triples == store.triple_count()
    assert report.conforms


def test_cli_validate_seed_exits_0_and_prints_summary(seed_build):
    result = runner.invoke(app, ["validate", str(seed_build[0])])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("conforms: 0 violations")


def test_cli_validate_json(seed_build):
    result = runner.invoke(app, ["validate", str(seed_build[0]), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["conforms"] is True and doc["violations"] == 0
    assert doc["triples"] > 1000


def test_cli_validate_turtle_is_a_shacl_report(seed_build):
    result = runner.invoke(app, ["validate", str(seed_build[0]), "--format", "turtle"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.output, format="turtle")
    assert next(graph.subjects(RDF.type, SH.ValidationReport), None) is not None


# --- broken graphs -------------------------------------------------------------------------


def _first(graph: Graph, cls: URIRef, having: URIRef | None = None) -> URIRef:
    nodes = sorted(s for s in graph.subjects(RDF.type, cls) if having is None or (s, having, None) in graph)
    assert nodes, f"the seed has no {cls} with {having}"
    return nodes[0]


def _set(graph: Graph, node: URIRef, predicate: URIRef, value: Literal) -> None:
    graph.remove((node, predicate, None))
    graph.add((node, predicate, value))


def quad_class_7(g: Graph) -> tuple[URIRef, URIRef]:
    event = _first(g, GK.Event)
    _set(g, event, GK.quadClass, Literal(7))
    return event, GK.quadClass


def goldstein_12(g: Graph) -> tuple[URIRef, URIRef]:
    event = _first(g, GK.Event)
    _set(g, event, GK.goldstein, Literal("12.0", datatype=vocab.XSD.decimal))
    return event, GK.goldstein


def mention_begin_after_end(g: Graph) -> tuple[URIRef, URIRef]:
    mention = _first(g, GK.Mention)
    end = int(g.value(mention, NIF.endIndex))
    _set(g, mention, NIF.beginIndex, Literal(end + 5))
    return mention, NIF.beginIndex


def event_not_derived(g: Graph) -> tuple[URIRef, URIRef]:
    event = _first(g, GK.Event)
    g.remove((event, PROV.wasDerivedFrom, None))
    return event, PROV.wasDerivedFrom


def article_hash_not_hex(g: Graph) -> tuple[URIRef, URIRef]:
    article = _first(g, GK.Article)
    _set(g, article, GK.contentHash, Literal("not-a-sha256-" + "z" * 51))
    return article, GK.contentHash


def place_lat_without_long(g: Graph) -> tuple[URIRef, URIRef]:
    place = _first(g, GK.Place, having=WGS84.lat)
    g.remove((place, WGS84.long, None))
    return place, WGS84.long


def more_sources_than_mentions(g: Graph) -> tuple[URIRef, URIRef]:
    event = _first(g, GK.Event)
    _set(g, event, GK.numSources, Literal(int(g.value(event, GK.numMentions)) + 1))
    return event, GK.numSources


def report_of_no_event(g: Graph) -> tuple[URIRef, str]:
    event = _first(g, GK.Event)
    report = g.value(event, GK.report)
    g.remove((event, GK.report, None))
    return report, "^gk:report"


def date_without_precision(g: Graph) -> tuple[URIRef, URIRef]:
    report = _first(g, GK.Report)
    g.add((report, SEM.hasTimeStamp, Literal("2025-06-04", datatype=vocab.XSD.date)))
    g.remove((report, GK.datePrecision, None))
    return report, GK.datePrecision


def target_not_an_actor(g: Graph) -> tuple[URIRef, URIRef]:
    event = _first(g, GK.Event, having=GK.target)
    g.remove((event, GK.target, None))
    g.add((event, GK.target, URIRef("https://example.org/not-an-actor")))
    return event, GK.target


BREAKS: dict[str, Callable[[Graph], tuple[URIRef, URIRef | str]]] = {
    "quadClass 7": quad_class_7,
    "goldstein 12": goldstein_12,
    "mention begin > end": mention_begin_after_end,
    "event without prov:wasDerivedFrom": event_not_derived,
    "article hash not hex": article_hash_not_hex,
    "place with lat but no long": place_lat_without_long,
    "numSources > numMentions": more_sources_than_mentions,
    "report of no event": report_of_no_event,
    "date without precision": date_without_precision,
    "target not an actor": target_not_an_actor,
}


def broken(seed_graph: Graph, name: str) -> tuple[Graph, str, str]:
    """A copy of the seed union with one thing broken: (graph, focus, path) as reported."""
    graph = Graph()
    graph += seed_graph
    focus, path = BREAKS[name](graph)
    return graph, shorten(str(focus)), shorten(str(path)) if isinstance(path, URIRef) else path


@pytest.mark.parametrize("name", list(BREAKS))
def test_validate_broken_graph_names_focus_and_path(seed_graph, name):
    graph, focus, path = broken(seed_graph, name)
    report = validate(graph)
    assert not report.conforms
    found = [(r.focus, r.path) for r in report.violations]
    assert (focus, path) in found, found
    assert all(r.message for r in report.violations)


@pytest.mark.parametrize("name", ["quadClass 7", "goldstein 12", "mention begin > end", "event without prov:wasDerivedFrom",
                                  "article hash not hex", "place with lat but no long"])  # fmt: skip
def test_cli_validate_broken_graph_exits_1(seed_graph, tmp_path, name):
    graph, focus, path = broken(seed_graph, name)
    result = runner.invoke(app, ["validate", str(write_build(tmp_path, graph))])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert any(line.startswith("Violation") and focus in line and f"  {path}  " in line for line in lines), lines
    assert lines[-1].startswith("does not conform: ")


def test_validate_goldstein_violation_reads_clearly(seed_graph):
    graph, focus, _ = broken(seed_graph, "goldstein 12")
    (result,) = [r for r in validate(graph).violations if r.path == "gk:goldstein"]
    message = "must have exactly one gk:goldstein, a decimal from -10 to 10"
    assert result.line() == f"Violation  {focus}  gk:goldstein  {message}  (value: 12.0)"


def test_validate_warning_alone_conforms(seed_graph, tmp_path):
    graph = Graph()
    graph += seed_graph
    actor = _first(graph, GK.Actor, having=GK.actorKind)
    graph.add((actor, GK.actorKind, Literal("ORG" if str(graph.value(actor, GK.actorKind)) != "ORG" else "PERSON")))
    report = validate(graph)
    assert report.conforms
    assert [(r.severity, r.focus, r.path) for r in report.results if r.severity == "Warning"] == [
        ("Warning", shorten(str(actor)), "gk:actorKind")
    ]
    assert runner.invoke(app, ["validate", str(write_build(tmp_path, graph))]).exit_code == 0


def test_cli_validate_bad_shapes_exits_2(seed_build, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(seed_build[0]), "--shapes", str(bad)])
    assert result.exit_code == 2
    assert "cannot use as SHACL shapes" in result.output


def test_validate_with_other_shapes(seed_graph):
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix gk: <https://w3id.org/geokg/ontology#> .
        [] a sh:NodeShape ; sh:targetClass gk:Event ;
           sh:property [ sh:path gk:goldstein ; sh:maxInclusive -20 ; sh:message "too high" ] .""",
        format="turtle",
    )
    report = validate(seed_graph, shapes)
    assert not report.conforms
    assert {r.message for r in report.results} == {"too high"}
    assert "does not conform" in format_report(report, "text").splitlines()[-1]


# --- the shapes and the ontology against the built graph -----------------------------------


def test_shapes_are_valid_shacl():
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_every_shape_has_a_name_and_a_message():
    shapes = load_shapes()
    top = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    top |= {p for s in set(top) for p in shapes.objects(s, SH.property)}
    missing = [str(s) for s in top if shapes.value(s, SH.name) is None or shapes.value(s, SH.message) is None]
    assert missing == []


def _used_gk_terms(graph: Graph) -> set[URIRef]:
    predicates = {p for p in graph.predicates() if str(p).startswith(GK_NS)}
    classes = {o for o in graph.objects(None, RDF.type) if str(o).startswith(GK_NS)}
    return predicates | classes


def test_every_gk_term_used_in_the_seed_is_declared_with_label_and_comment(seed_graph, ontology):
    used = _used_gk_terms(seed_graph)
    assert {GK.Event, GK.Report, GK.Mention, GK.quadClass, GK.evidence} <= used
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    undeclared = [t for t in used if not any((t, RDF.type, k) in ontology for k in kinds)]
    unlabelled = [t for t in used if ontology.value(t, RDFS.label) is None or ontology.value(t, RDFS.comment) is None]
    assert undeclared == [] and unlabelled == []


def test_gk_properties_are_object_or_datatype_as_the_graph_uses_them(seed_graph, ontology):
    wrong = set()
    for s, p, o in seed_graph:
        if str(p).startswith(GK_NS):
            kind = OWL.DatatypeProperty if isinstance(o, Literal) else OWL.ObjectProperty
            if (p, RDF.type, kind) not in ontology:
                wrong.add((p, kind))
    assert wrong == set()


def _classes(ontology: Graph, cls: URIRef | BNode) -> set[URIRef]:
    """A domain or range as the classes it allows: a class, or the members of an owl:unionOf."""
    members = ontology.value(cls, OWL.unionOf)
    if members is None:
        return {cls}
    from rdflib.collection import Collection

    return set(Collection(ontology, members))


def _types(graph: Graph, ontology: Graph, node) -> set[URIRef]:
    """A node's stated types and all their superclasses in the ontology."""
    todo, seen = list(graph.objects(node, RDF.type)), set()
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo.extend(ontology.objects(t, RDFS.subClassOf))
    return seen


def test_gk_domains_and_ranges_hold_in_the_seed(seed_graph, ontology):
    """A reasoner applying the ontology to a built graph infers no type the node does not have
    (a report never becomes an event, a mention never an actor)."""
    plain = {None, vocab.XSD.string}
    wrong = set()
    for s, p, o in seed_graph:
        if not str(p).startswith(GK_NS):
            continue
        for domain in ontology.objects(p, RDFS.domain):
            if not _classes(ontology, domain) & _types(seed_graph, ontology, s):
                wrong.add((shorten(str(p)), "domain", shorten(str(s))))
        for range_ in ontology.objects(p, RDFS.range):
            if isinstance(o, Literal):
                ok = (o.datatype in plain) if range_ == vocab.XSD.string else o.datatype == range_
            else:
                ok = bool(_classes(ontology, range_) & _types(seed_graph, ontology, o))
            if not ok:
                wrong.add((shorten(str(p)), "range", shorten(str(o))))
    assert wrong == set()
