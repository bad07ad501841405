"""Validate: check a build's graph against the SHACL shapes of ``ontologies/shapes.ttl``.

The data graph is the union of all graphs of a build (the articles' named graphs and the
derived events graphs), as a SPARQL user sees it. pyshacl checks it with SHACL Core and no
inference: the shapes ask for the types the contract asks for (``sem:Event``, ``gk:Event``,
...) as stated, since plain SPARQL queries rely on stated types, so the ontology is not
mixed in (it would only make types inferable that must be written anyway, and cost a copy
of the graph).

Each result keeps what a reader needs on one line: severity, focus node, path, message and
the offending value. A graph *conforms* when it has no ``sh:Violation``: warnings and infos
are reported, not failed (pyshacl's own ``conforms`` is false on any result).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import BadFormat, BadShapes
from .query import shorten
from .vocab import bind_prefixes, ontology_file

FORMATS = ("text", "json", "turtle")
SEVERITIES = ("Violation", "Warning", "Info")
SHAPES = Namespace("https://w3id.org/geokg/shapes#")
#: Longest value shown on a text line (sentences and rules can be long).
MAX_VALUE = 80

__all__ = ["FORMATS", "SEVERITIES", "ValidationReport", "ValidationResult", "format_report", "load_shapes", "validate"]


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL result: what is wrong, where."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str  # the node that fails, shortened (id:event/...)
    path: str | None  # the property path, shortened (gk:quadClass, ^gk:report); None for node rules
    message: str
    value: str | None  # the offending value, if the constraint has one (not for a missing value)
    shape: str | None = None  # sh:name of the shape that failed
    component: str | None = None  # the SHACL constraint, e.g. "MinCount"

    def line(self) -> str:
        """The result as one line: severity, focus, path, message, value."""
        text = f"{self.severity:<9}  {self.focus}  {self.path or '-'}  {self.message}"
        if self.value is not None:
            value = self.value if len(self.value) <= MAX_VALUE else self.value[: MAX_VALUE - 1] + "…"
            text += f"  (value: {value})"
        return " ".join(text.split("\n"))

    def to_json(self) -> dict[str, str | None]:
        return {
            "severity": self.severity, "focus": self.focus, "path": self.path, "message": self.message,
            "value": self.value, "shape": self.shape, "component": self.component,
        }  # fmt: skip


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` when no result is a Violation."""

    conforms: bool
    results: list[ValidationResult]
    triples: int = 0
    seconds: float = 0.0
    results_graph: Graph = field(default_factory=Graph, repr=False, compare=False)

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.results)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    def summary(self) -> str:
        counts = Counter(r.severity for r in self.results)
        parts = ", ".join(f"{counts[s]} {s.lower()}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES)
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {parts} ({self.triples:,} triples, {self.seconds:.1f} s)"

    def lines(self) -> list[str]:
        return [r.line() for r in self.results] + [self.summary()]

    def to_json(self) -> dict:
        return {
            "conforms": self.conforms,
            **{f"{s.lower()}s": self.count(s) for s in SEVERITIES},
            "triples": self.triples,
            "seconds": round(self.seconds, 3),
            "results": [r.to_json() for r in self.results],
        }


def load_shapes(shapes: Path | str | Graph | None = None) -> Graph:
    """The shapes graph: ``ontologies/shapes.ttl`` by default, or a Turtle file, or a Graph."""
    if isinstance(shapes, Graph):
        return shapes
    path = Path(shapes) if shapes is not None else ontology_file("shapes.ttl")
    if not path.is_file():
        raise BadShapes(path, "no such file")
    try:
        graph = Graph().parse(path, format="turtle")
    except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError; bad bytes a ValueError
        raise BadShapes(path, f"not Turtle: {_parse_error(exc)}") from None
    if not any(str(p).startswith(str(SH)) for p in graph.predicates()):
        raise BadShapes(path, "it has no SHACL statement")
    return graph


def _parse_error(exc: Exception) -> str:
    """rdflib's parse error in one line: "at line 3 of <>: Bad syntax (expected ...)"."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()][:2]
    text = " ".join(lines).split(" at ^ in:")[0] or type(exc).__name__
    return text.replace(" of <>:", ":")


class Dumpable(Protocol):
    """A build's store, embedded or remote (:func:`kg.store.open_store`)."""

    def dump(self, fmt: ox.RdfFormat) -> bytes: ...


def data_graph(source: Dumpable | Graph) -> Graph:
    """An rdflib Graph of the union of a store's graphs (``source`` may already be a Graph).

    The store's N-Triples dump is the fastest way across (and works for remote stores too)."""
    if isinstance(source, Graph):
        return source
    graph = Graph()
    graph.parse(data=source.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


def validate(store_or_graph: Dumpable | Graph, shapes: Path | str | Graph | None = None) -> ValidationReport:
    """Check a store's union graph (or an rdflib Graph) against the SHACL shapes."""
    import pyshacl

    shapes_graph = load_shapes(shapes)
    start = time.perf_counter()
    data = data_graph(store_or_graph)
    _, results_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=False, allow_warnings=True, allow_infos=True,
    )  # fmt: skip
    results = sorted(_results(results_graph, shapes_graph), key=_order)
    seconds = time.perf_counter() - start
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, results, len(data), seconds, bind_prefixes(results_graph))


def format_report(report: ValidationReport, fmt: str = "text") -> str:
    """The report as text (a line per result, then the summary), JSON, or the SHACL results in Turtle."""
    if fmt not in FORMATS:
        raise BadFormat(fmt, FORMATS)
    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "turtle":
        graph = report.results_graph
        graph.bind("sh", SH)
        graph.bind("gks", SHAPES)
        return graph.serialize(format="turtle")
    return "\n".join(report.lines()) + "\n"


# --- reading pyshacl's results graph ---------------------------------------------------


def _results(results: Graph, shapes: Graph) -> list[ValidationResult]:
    out = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(node, SH.resultSeverity)
        source = results.value(node, SH.sourceShape)
        path = results.value(node, SH.resultPath)
        value = results.value(node, SH.value)
        focus = results.value(node, SH.focusNode)
        component = results.value(node, SH.sourceConstraintComponent)
        messages = [str(m) for m in results.objects(node, SH.resultMessage)]
        shape_name = _first(shapes, source, SH.name) or _first(results, source, SH.name)
        out.append(
            ValidationResult(
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                focus=_show(focus),
                path=_path(path, results, shapes) if path is not None else None,
                message=messages[0] if messages else _first(shapes, source, SH.message) or "fails its shape",
                value=None if value is None or value == focus else _show(value),
                shape=shape_name,
                component=str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else None,
            )
        )
    return out


def _first(graph: Graph, node: Node | None, predicate: URIRef) -> str | None:
    if node is None:
        return None
    value = graph.value(node, predicate)
    return str(value) if value is not None else None


def _show(term: Node | None) -> str:
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


_PATH_FORMS = ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?"))


def _path(path: Node, *graphs: Graph) -> str:
    """A SHACL property path in SPARQL syntax: ``gk:cameo/skos:notation``, ``^gk:report``."""
    if isinstance(path, URIRef):
        return shorten(str(path))
    for g in graphs:
        if (path, None, None) not in g:
            continue
        if (path, RDF.first, None) in g:
            return "/".join(_path(p, *graphs) for p in Collection(g, path))
        for predicate, fmt in _PATH_FORMS:
            inner = g.value(path, predicate)
            if inner is not None:
                return fmt.format(_path(inner, *graphs))
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_path(p, *graphs) for p in Collection(g, alternatives)) + ")"
    return f"_:{path}"


def _order(r: ValidationResult) -> tuple:
    rank = SEVERITIES.index(r.severity) if r.severity in SEVERITIES else len(SEVERITIES)
    return (rank, r.focus, r.path or "", r.message, r.value or "")
