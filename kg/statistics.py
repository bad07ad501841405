"""Statistics: counts over all events, derived at build time and kept in the graph.

Two questions analysts ask first, who is most active and how two countries treat each other
month by month, are aggregations over every event, which no index answers: on a graph of a
million triples they cost 50-300 ms in SPARQL. So, like the merged events, their answers are
derived after each build (:func:`refresh`, two aggregations over the events) into the graph
``id:graph/statistics``, and the saved queries ``top-actors`` and ``dyad-by-month`` (given
two CAMEO codes) read them by index:

- on each actor that takes part in an event: ``gk:numEvents`` (the events it is the source or
  target of), ``gk:numEventsAsSource``, ``gk:numEventsAsTarget``, ``gk:numArticles`` (the
  distinct articles reporting those events) and ``gk:activityRank`` (1 = most events, ties by
  IRI);
- a ``gk:DyadMonth`` per source code block, target code block and month: ``gk:numEvents``,
  the four QuadClass counts and ``gk:goldsteinSum``. The blocks of a CAMEO actor code are its
  leading whole three-letter blocks ("RUSGOV": "RUS" and "RUSGOV"), so "RUS" to "UKR" counts
  every event a Russian actor did to a Ukrainian one, as GDELT's country dyads do; an event
  counts once in each pair of blocks its source and target codes have. The month is the
  event's own date's, else its first article's publication's ("undated" when neither).

The graph is a function of the events alone (cell IRIs from content), recomputed whole after
every build and ``kg remove``, so it is never stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

import pyoxigraph as ox

from .iris import Ids, digest
from .vocab import GK, RDF

_ROLES = """
SELECT ?actor ?role ?event ?doc WHERE {
  ?event a sem:Event .
  { ?event gk:source ?actor BIND("source" AS ?role) } UNION { ?event gk:target ?actor BIND("target" AS ?role) }
  OPTIONAL { ?event prov:wasDerivedFrom ?doc }
}
"""
# one row per coded event: its roles' codes, QuadClass, Goldstein score and month (the
# month as the saved query dyad-by-month computes it from the events themselves)
_CODED = """
SELECT ?event ?quad ?goldstein (COALESCE(SUBSTR(STR(COALESCE(?date, MIN(?pub))), 1, 7), "undated") AS ?month)
       (GROUP_CONCAT(DISTINCT ?scode; separator=" ") AS ?scodes) (GROUP_CONCAT(DISTINCT ?tcode; separator=" ") AS ?tcodes)
WHERE {
  ?event a sem:Event ; gk:quadClass ?quad ; gk:goldstein ?goldstein ; gk:sourceCode ?scode ; gk:targetCode ?tcode .
  OPTIONAL { ?event sem:hasTimeStamp ?date }
  OPTIONAL { ?event prov:wasDerivedFrom ?doc OPTIONAL { ?doc schema:datePublished ?pub } }
}
GROUP BY ?event ?quad ?goldstein ?date
"""
_QUAD_COUNTS = {1: GK.numVerbalCooperation, 2: GK.numMaterialCooperation, 3: GK.numVerbalConflict, 4: GK.numMaterialConflict}
_XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def code_blocks(code: str) -> list[str]:
    """The leading whole three-letter blocks of a CAMEO actor code: "RUSGOV" -> RUS, RUSGOV.
    A code whose length is no multiple of three also counts whole."""
    code = code.strip().upper()
    blocks = [code[:n] for n in range(3, len(code) + 1, 3)]
    if code and (not blocks or blocks[-1] != code):
        blocks.append(code)
    return blocks


def _decimal(value: Decimal) -> ox.Literal:
    lexical = format(value.normalize(), "f")
    return ox.Literal(lexical if "." in lexical else lexical + ".0", datatype=_XSD_DECIMAL)


def _actor_quads(query: Callable[[str], Iterable], graph) -> list[ox.Quad]:
    events: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
    articles: dict[str, set[str]] = defaultdict(set)
    for row in query(_ROLES):
        actor = row["actor"].value
        events[actor][row["role"].value].add(row["event"].value)
        if row["doc"] is not None:
            articles[actor].add(row["doc"].value)
    total = {actor: len(roles["source"] | roles["target"]) for actor, roles in events.items()}
    rank = {actor: n for n, actor in enumerate(sorted(total, key=lambda a: (-total[a], a)), 1)}
    out: list[ox.Quad] = []
    for actor in sorted(events):
        node, roles = ox.NamedNode(actor), events[actor]
        for predicate, value in (
            (GK.numEvents, total[actor]),
            (GK.numEventsAsSource, len(roles["source"])),
            (GK.numEventsAsTarget, len(roles["target"])),
            (GK.numArticles, len(articles[actor])),
            (GK.activityRank, rank[actor]),
        ):
            out.append(ox.Quad(node, ox.NamedNode(str(predicate)), ox.Literal(value), graph))  # xsd:integer
    return out


def _dyad_quads(query: Callable[[str], Iterable], ns: Ids, graph) -> list[ox.Quad]:
    cells: dict[tuple[str, str, str], list] = {}
    for row in query(_CODED):
        sources = {b for code in row["scodes"].value.split() for b in code_blocks(code)}
        targets = {b for code in row["tcodes"].value.split() for b in code_blocks(code)}
        quad, goldstein, month = int(row["quad"].value), Decimal(row["goldstein"].value), row["month"].value
        for source in sources:
            for target in targets:
                cell = cells.setdefault((source, target, month), [0, {1: 0, 2: 0, 3: 0, 4: 0}, Decimal(0)])
                cell[0] += 1
                cell[1][quad] += 1
                cell[2] += goldstein
    out: list[ox.Quad] = []
    for (source, target, month), (n, quads, goldstein) in sorted(cells.items()):
        node = ox.NamedNode(str(ns.ns[f"dyad/{digest(source, target, month)}"]))
        values = [
            (RDF.type, ox.NamedNode(str(GK.DyadMonth))), (GK.dyadSourceCode, ox.Literal(source)),
            (GK.dyadTargetCode, ox.Literal(target)), (GK.dyadCodes, ox.Literal(f"{source} {target}")),
            (GK.month, ox.Literal(month)), (GK.numEvents, ox.Literal(n)),
            *((prop, ox.Literal(quads[q])) for q, prop in _QUAD_COUNTS.items()), (GK.goldsteinSum, _decimal(goldstein)),
        ]  # fmt: skip
        out.extend(ox.Quad(node, ox.NamedNode(str(p)), o, graph) for p, o in values)
    return out


def statistics_quads(query: Callable[[str], Iterable], ns: Ids, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """The statistics of the events that ``query`` (a function running SPARQL with the
    project prefixes) finds, as quads in ``graph``, sorted. ``ns`` is the build's IRIs."""
    return _actor_quads(query, graph) + _dyad_quads(query, ns, graph)


def refresh(store) -> int:
    """Recompute the statistics graph of a :class:`kg.store.GraphStore` (or remote store);
    returns its size."""
    name = store.ns.statistics_graph()
    quads = statistics_quads(store.query, store.ns, ox.NamedNode(str(name)))
    store.replace_graph(name, quads)
    return len(quads)
