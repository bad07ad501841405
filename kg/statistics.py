"""Statistics: counts over all events, derived at build time and kept in the graph.

"Who is most active?" is an aggregation over every event, which no index answers: on a graph
of a million triples it costs 100-300 ms in SPARQL on disk. So, like the merged events, its
answer is derived after each build (:func:`refresh`, one aggregation over the events) into
the graph ``id:graph/statistics``, and the saved query ``top-actors`` reads it. On each actor
that takes part in an event:

- ``gk:numEvents``: the events it is the source or target of;
- ``gk:numEventsAsSource``, ``gk:numEventsAsTarget``;
- ``gk:numArticles``: the distinct articles reporting those events.

The graph is a function of the events alone, recomputed whole after every build and
``kg remove``, so it is never stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from .iris import Ids
from .vocab import GK

_ROLES = """
SELECT ?actor ?role ?event ?doc WHERE {
  ?event a sem:Event .
  { ?event gk:source ?actor BIND("source" AS ?role) } UNION { ?event gk:target ?actor BIND("target" AS ?role) }
  OPTIONAL { ?event prov:wasDerivedFrom ?doc }
}
"""


def statistics_quads(query: Callable[[str], Iterable], ns: Ids, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """The statistics of the events that ``query`` (a function running SPARQL with the
    project prefixes) finds, as quads in ``graph``, sorted. ``ns`` is the build's IRIs."""
    events: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
    articles: dict[str, set[str]] = defaultdict(set)
    for row in query(_ROLES):
        actor = row["actor"].value
        events[actor][row["role"].value].add(row["event"].value)
        if row["doc"] is not None:
            articles[actor].add(row["doc"].value)
    out: list[ox.Quad] = []
    for actor in sorted(events):
        node, roles = ox.NamedNode(actor), events[actor]
        for predicate, value in (
            (GK.numEvents, len(roles["source"] | roles["target"])),
            (GK.numEventsAsSource, len(roles["source"])),
            (GK.numEventsAsTarget, len(roles["target"])),
            (GK.numArticles, len(articles[actor])),
        ):
            out.append(ox.Quad(node, ox.NamedNode(str(predicate)), ox.Literal(value), graph))  # xsd:integer
    return out


def refresh(store) -> int:
    """Recompute the statistics graph of a :class:`kg.store.GraphStore` (or remote store);
    returns its size."""
    name = store.ns.statistics_graph()
    quads = statistics_quads(store.query, store.ns, ox.NamedNode(str(name)))
    store.replace_graph(name, quads)
    return len(quads)
