"""Statistics: counts over all events, derived at build time and kept in the graph.

Two questions analysts ask first — who is most active, and how do two sides treat each other
month by month — are aggregations over every event, which no index answers: on a graph of a
million triples they cost 100-300 ms in SPARQL. So, like the merged events, their answers are
derived after each build (:func:`refresh`, one aggregation over the events) into the graph
``id:graph/statistics`` and read by the saved queries ``top-actors`` and ``dyad-by-month``:

- on each actor: ``gk:numEvents`` (events it is source or target of), ``gk:numEventsAsSource``,
  ``gk:numEventsAsTarget``, ``gk:numArticles`` (distinct articles reporting those events);
- a ``gk:DyadMonth`` per source actor, target actor, their CAMEO actor codes on the events'
  dates and month: ``gk:numEvents``, the four QuadClass counts and ``gk:goldsteinSum``. The
  month is the event's own date's, else its first article's publication date's ("undated"
  when there is neither).

The graph is a function of the events alone (IRIs from content), recomputed whole, so it
is never stale after a build or ``kg remove``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

import pyoxigraph as ox

from .iris import Ids, digest
from .vocab import GK, RDF

_EVENTS = """
SELECT ?event ?source ?target ?scode ?tcode ?quad ?goldstein ?date (MIN(?pub) AS ?published) (COUNT(DISTINCT ?doc) AS ?docs)
       (GROUP_CONCAT(DISTINCT STR(?doc); separator=" ") AS ?articles)
WHERE {
  ?event a sem:Event ; gk:quadClass ?quad ; gk:goldstein ?goldstein .
  OPTIONAL { ?event gk:source ?source }
  OPTIONAL { ?event gk:target ?target }
  OPTIONAL { ?event gk:sourceCode ?scode }
  OPTIONAL { ?event gk:targetCode ?tcode }
  OPTIONAL { ?event sem:hasTimeStamp ?date }
  OPTIONAL { ?event prov:wasDerivedFrom ?doc OPTIONAL { ?doc schema:datePublished ?pub } }
}
GROUP BY ?event ?source ?target ?scode ?tcode ?quad ?goldstein ?date
"""
_QUAD_COUNTS = {1: GK.numVerbalCooperation, 2: GK.numMaterialCooperation, 3: GK.numVerbalConflict, 4: GK.numMaterialConflict}
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD_INTEGER)


def _month(row) -> str:
    when = row["date"] if row["date"] is not None else row["published"]
    return when.value[:7] if when is not None else "undated"


def statistics_quads(query: Callable[[str], Iterable], ns: Ids, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """The statistics of the events that ``query`` (a function running SPARQL with the
    project prefixes) finds, as quads in ``graph``, sorted."""
    as_source: dict[str, set[str]] = defaultdict(set)
    as_target: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    cells: dict[tuple[str, str, str, str, str], list] = {}
    for row in query(_EVENTS):
        event = row["event"].value
        docs = set(row["articles"].value.split()) if row["articles"] is not None else set()
        source = row["source"].value if row["source"] is not None else None
        target = row["target"].value if row["target"] is not None else None
        for actor, bucket in ((source, as_source), (target, as_target)):
            if actor is not None:
                bucket[actor].add(event)
                articles[actor] |= docs
        if source is None or target is None:
            continue
        key = (source, target, row["scode"].value if row["scode"] is not None else "",
               row["tcode"].value if row["tcode"] is not None else "", _month(row))  # fmt: skip
        cell = cells.setdefault(key, [0, {1: 0, 2: 0, 3: 0, 4: 0}, Decimal(0)])
        cell[0] += 1
        cell[1][int(row["quad"].value)] += 1
        cell[2] += Decimal(row["goldstein"].value)
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p, o) -> None:
        out.append(ox.Quad(s, _n(p), o, graph))

    for actor in sorted(set(as_source) | set(as_target)):
        node = ox.NamedNode(actor)
        add(node, GK.numEvents, _int(len(as_source[actor] | as_target[actor])))
        add(node, GK.numEventsAsSource, _int(len(as_source[actor])))
        add(node, GK.numEventsAsTarget, _int(len(as_target[actor])))
        add(node, GK.numArticles, _int(len(articles[actor])))
    for (source, target, scode, tcode, month), (n, quads, goldstein) in sorted(cells.items()):
        node = _n(ns.ns[f"dyad/{digest(source, target, scode, tcode, month)}"])
        add(node, RDF.type, _n(GK.DyadMonth))
        add(node, GK.dyadSource, ox.NamedNode(source))
        add(node, GK.dyadTarget, ox.NamedNode(target))
        if scode:
            add(node, GK.dyadSourceCode, ox.Literal(scode))
        if tcode:
            add(node, GK.dyadTargetCode, ox.Literal(tcode))
        add(node, GK.month, ox.Literal(month))
        add(node, GK.numEvents, _int(n))
        for quad, prop in _QUAD_COUNTS.items():
            add(node, prop, _int(quads[quad]))
        lexical = format(goldstein.normalize(), "f")
        add(node, GK.goldsteinSum, ox.Literal(lexical if "." in lexical else lexical + ".0", datatype=_XSD_DECIMAL))
    return out


def refresh(store) -> int:
    """Recompute the statistics graph of a :class:`kg.store.GraphStore` (or remote store);
    returns its size."""
    name = store.ns.statistics_graph()
    quads = statistics_quads(store.query, store.ns, _n(name))
    store.replace_graph(name, quads)
    return len(quads)
