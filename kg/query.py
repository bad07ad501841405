"""Query: SPARQL over a build's store, results as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import BadFormat
from .store import GraphStore
from .vocab import PREFIXES

RESULT_FORMATS = ("table", "csv", "json")


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT table, an ASK answer, or CONSTRUCT/DESCRIBE triples (as Turtle)."""

    kind: str  # "select", "ask", "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    turtle: str | None = None


def read_query(text_or_file: str) -> str:
    """The query text: inline, or read from a ``.rq``/``.sparql`` file."""
    path = Path(text_or_file)
    if text_or_file.endswith((".rq", ".sparql")) or (len(text_or_file) < 4096 and "\n" not in text_or_file and path.is_file()):
        return path.read_text(encoding="utf-8")
    return text_or_file


def shorten(iri: str) -> str:
    """An IRI with a known namespace written as a prefixed name (for display)."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, f"{prefix}:{iri[len(ns):]}"
    return name if best else iri


def _value(term: object) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def run_query(store: GraphStore, sparql: str) -> QueryResult:
    """Run a query on the union of the store's graphs."""
    result = store.query(sparql)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        data = ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
        return QueryResult("graph", turtle=data.decode("utf-8"))
    variables = tuple(v.value for v in result.variables)
    rows = tuple(tuple(_value(sol[v]) for v in variables) for sol in result)
    return QueryResult("select", variables, rows)


def format_result(result: QueryResult, fmt: str) -> str:
    """Render a result as ``csv`` or ``json`` (SPARQL 1.1 JSON results); ``table`` is the CLI's."""
    if fmt not in RESULT_FORMATS:
        raise BadFormat(fmt, RESULT_FORMATS)
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        return result.turtle or ""
    if fmt == "json":
        bindings = [
            {v: {"type": "literal", "value": val} if not _is_iri(val) else {"type": "uri", "value": val}
             for v, val in zip(result.variables, row) if val is not None}
            for row in result.rows
        ]
        return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows(["" if v is None else v for v in row] for row in result.rows)
    return buf.getvalue()


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:"))
