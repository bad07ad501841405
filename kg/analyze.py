"""Analyze: the actor network of the graph and the metrics analysts look at first.

The network. :func:`actor_network` reads :func:`kg.export.event_network` and collapses the
events into **directed dyads** between actors: one edge ``source -> target`` per ordered pair
of actors, carrying how many events it holds, their summed (signed) Goldstein score and mean,
their QuadClass counts, their IRIs and first and last dates. An event with no target (or no
source) is in its actor's ``events`` count but makes no dyad. An event's date is its own, else
its first article's publication date, as in the saved queries (``dyad-by-month``).

Actors and their countries. The actor network keeps actors as the text names them: "Kremlin",
"Vladimir Putin" and "Russian Federation" are three nodes, so no event is counted twice and
none is moved to a side the text did not name. :func:`country_network` is the view analysts
expect from GDELT-style country dyads: every actor is replaced by its country (an agent of a
state counts for that state: "Kremlin warned Ukraine" is a Russia -> Ukraine event), and the
dyads are summed again. An actor without a country (an international organisation such as the
UN, or an actor the dictionaries give none) stays a node of its own there.

The metrics (:func:`analyze`), on either network:

- ``degree``: the number of distinct other actors an actor has events with (either direction).
- ``betweenness``: normalised betweenness on the undirected, unweighted network of actors
  (how often an actor lies on the shortest paths between others). Past
  :data:`EXACT_BETWEENNESS_NODES` actors it is estimated from :data:`BETWEENNESS_SAMPLE`
  sampled sources with a fixed seed (:attr:`Analysis.betweenness_sample` says so), since the exact one is cubic.
- ``pagerank``: PageRank on the directed network weighted by events: the actors that events
  are aimed at, by actors that are themselves targets, rank high.
- ``communities``: Louvain communities (fixed seed) of the undirected network weighted by
  events; only communities of two or more actors are listed.
- dyads: **unordered pairs** of distinct actors, both directions summed, ranked by the
  summed Goldstein score: the most negative first (conflictual), the most positive first
  (cooperative); a pair whose sum is 0 or of the other sign is in neither list. A pair is shown
  in the direction that gives most of its score ("Russia -> Ukraine"), with each direction's
  events and score. Self-dyads are not dyads: an actor's events with itself, and at country
  level domestic events (both sides in one country), are left out of the rankings (they stay
  in the network) so that a country's domestic news cannot swamp its international dyads.
- ``quad_by_month``: every event (with or without a dyad) counted by month and QuadClass;
  events with no date of their own and no dated article are under ``"undated"``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .export import event_network
from .store import GraphStore

if TYPE_CHECKING:
    import networkx as nx
    from rich.table import Table

#: Actor kinds of the network's nodes.
ACTOR_KINDS = ("person", "organisation", "state")
#: Above this many actors, betweenness is estimated from :data:`BETWEENNESS_SAMPLE` sources
#: (exact betweenness of 2,000 actors takes about 6 s here; 500 sources of 5,000 about 8 s).
EXACT_BETWEENNESS_NODES = 2000
BETWEENNESS_SAMPLE = 500
#: Seed of the betweenness sample and of the Louvain communities: the same graph, the same result.
SEED = 42
UNDATED = "undated"
LEVELS = ("actor", "country")

# The first publication date of each event's articles (the date an undated event gets).
_PUBLISHED_QUERY = """
SELECT ?event (MIN(STR(?pub)) AS ?published)
WHERE { ?event a sem:Event ; prov:wasDerivedFrom ?doc . ?doc schema:datePublished ?pub }
GROUP BY ?event
"""


# --- the networks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Event:
    """One event as the dyads need it."""

    iri: str
    source: str | None
    target: str | None
    goldstein: float
    quad: int
    date: str | None  # ISO date: the event's own, else its first article's publication


def _published(store: GraphStore) -> dict[str, str]:
    return {s["event"].value: s["published"].value[:10] for s in store.query(_PUBLISHED_QUERY) if s["published"]}


def _events(g: nx.MultiDiGraph, published: dict[str, str]) -> list[_Event]:
    """The events of an :func:`event_network`, with their source and target actors."""
    sources: dict[str, str] = {}
    targets: dict[str, str] = {}
    for u, v, key in g.edges(keys=True):
        if key == "source":
            sources[v] = u
        elif key == "target":
            targets[u] = v
    return [
        _Event(iri, sources.get(iri), targets.get(iri), float(d.get("goldstein", 0.0)), int(d.get("quad_class", 0)),
               (d.get("date") or published.get(iri) or "")[:10] or None)  # fmt: skip
        for iri, d in g.nodes(data=True)
        if d.get("kind") == "event"
    ]


def _actor_kind(data: dict[str, Any]) -> str:
    """An event's source or target as an actor kind (a role filled by a node with no actor kind
    is an organisation, as event_network reads a kind it does not know)."""
    kind = data.get("kind")
    return kind if kind in ACTOR_KINDS else "organisation"


def _dyad_graph(events: list[_Event], nodes: dict[str, dict[str, Any]], side: dict[str, str]) -> nx.DiGraph:
    """The directed dyads of ``events`` between the nodes their actors map to (``side``)."""
    import networkx as nx

    g = nx.DiGraph(name="geokg actors")
    counts: Counter[str] = Counter()
    members: dict[tuple[str, str], list[_Event]] = defaultdict(list)
    for e in events:
        ends = [side[a] for a in (e.source, e.target) if a in side]
        counts.update(set(ends))
        if e.source in side and e.target in side:
            members[side[e.source], side[e.target]].append(e)
    for iri in sorted(set(side.values())):
        g.add_node(iri, **nodes[iri], events=counts[iri])
    for (u, v), es in sorted(members.items()):
        g.add_edge(u, v, **_dyad_attrs(es))
    return g


def _dyad_attrs(events: list[_Event]) -> dict[str, Any]:
    goldstein = round(sum(e.goldstein for e in events), 4)
    dates = sorted(e.date for e in events if e.date)
    return {
        "events": len(events), "weight": float(len(events)), "goldstein": goldstein,
        "goldstein_mean": round(goldstein / len(events), 4),
        "quad": {q: sum(1 for e in events if e.quad == q) for q in (1, 2, 3, 4)},
        "event_iris": sorted(e.iri for e in events),
        "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
    }  # fmt: skip


def _node(iri: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"label": data.get("label") or iri, "kind": _actor_kind(data), "iri": iri, "country": data.get("country")}


def _read(store: GraphStore) -> tuple[nx.MultiDiGraph, list[_Event]]:
    g = event_network(store, countries=True)
    return g, _events(g, _published(store))


def _actors(g: nx.MultiDiGraph, events: list[_Event]) -> set[str]:
    return {a for e in events for a in (e.source, e.target) if a is not None and a in g}


def _actor_level(g: nx.MultiDiGraph, events: list[_Event], *, countries: bool = True) -> nx.DiGraph:
    nodes = {a: _node(a, g.nodes[a]) for a in _actors(g, events)}
    side = {a: a for a, n in nodes.items() if countries or n["kind"] != "state"}
    return _dyad_graph(events, nodes, side)


def actor_network(store: GraphStore, *, countries: bool = True) -> nx.DiGraph:
    """The actors (persons, organisations, states) of the graph in ``store`` and their directed
    dyads (see the module docstring for the attributes). With ``countries`` False, the states
    that are actors themselves ("Russia attacked Ukraine") are left out with their dyads:
    persons and organisations only."""
    g, events = _read(store)
    return _actor_level(g, events, countries=countries)


def _country_of(g: nx.MultiDiGraph, actor: str) -> str:
    """The country node an actor belongs to: its ``country`` edge (a state that is not a
    country, such as Hong Kong, has one too), else itself (a country, or an actor with none)."""
    return next((v for _, v, key in g.out_edges(actor, keys=True) if key == "country"), actor)


def _country_level(g: nx.MultiDiGraph, events: list[_Event]) -> nx.DiGraph:
    side = {a: _country_of(g, a) for a in _actors(g, events)}
    nodes = {c: _node(c, g.nodes[c]) for c in set(side.values())}
    return _dyad_graph(events, nodes, side)


def country_network(store: GraphStore) -> nx.DiGraph:
    """The dyads of :func:`actor_network` with every actor replaced by its country (an actor
    with no country, such as an international organisation, stays itself); same attributes."""
    g, events = _read(store)
    return _country_level(g, events)


# --- the metrics -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorRow:
    """An actor (or, at country level, a country) and its centralities."""

    iri: str
    label: str
    kind: str
    country: str | None
    events: int
    degree: int
    betweenness: float
    pagerank: float


@dataclass(frozen=True, slots=True)
class DyadRow:
    """An unordered pair of actors, shown as ``source -> target`` in the direction that gives
    most of its score; ``forward_*`` are the events source -> target, ``backward_*`` the others."""

    source_iri: str
    source: str
    target_iri: str
    target: str
    events: int
    goldstein: float
    goldstein_mean: float
    quad: dict[int, int]
    forward_events: int
    forward_goldstein: float
    backward_events: int
    backward_goldstein: float
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class MonthRow:
    """The events of one month (``YYYY-MM`` or ``"undated"``) by QuadClass."""

    month: str
    q1: int
    q2: int
    q3: int
    q4: int

    @property
    def events(self) -> int:
        return self.q1 + self.q2 + self.q3 + self.q4


@dataclass(frozen=True, slots=True)
class Community:
    """A Louvain community: its actors, the most central first (in the order of the actor rows)."""

    labels: list[str]
    iris: list[str]


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyze` finds; the lists are cut to ``top`` rows (all of them for ``None``)."""

    level: str  # actor | country
    events: int  # events in the graph
    actors: list[ActorRow]
    communities: list[Community]
    conflictual_dyads: list[DyadRow]
    cooperative_dyads: list[DyadRow]
    quad_by_month: list[MonthRow]
    num_actors: int = 0  # nodes of the network (before the cut to ``top``)
    num_dyads: int = 0  # unordered pairs of distinct nodes with events
    betweenness_sample: int | None = None  # sources sampled for betweenness (None: exact)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values: QuadClass keys as strings "1".."4"; month rows with their total."""

        def dyad(row: DyadRow) -> dict[str, Any]:
            return {**asdict(row), "quad": {str(q): n for q, n in row.quad.items()}}

        return {
            "level": self.level, "events": self.events, "num_actors": self.num_actors, "num_dyads": self.num_dyads,
            "betweenness_sample": self.betweenness_sample, "notes": list(self.notes),
            "actors": [asdict(r) for r in self.actors],
            "communities": [asdict(c) for c in self.communities],
            "conflictual_dyads": [dyad(r) for r in self.conflictual_dyads],
            "cooperative_dyads": [dyad(r) for r in self.cooperative_dyads],
            "quad_by_month": [{**asdict(r), "events": r.events} for r in self.quad_by_month],
        }  # fmt: skip


def _undirected(g: nx.DiGraph) -> nx.Graph:
    """``g`` without direction and self-loops: a pair's ``weight`` is its events both ways."""
    import networkx as nx

    u = nx.Graph()
    u.add_nodes_from(g.nodes(data=True))
    for a, b, d in g.edges(data=True):
        if a != b:
            w = u.edges[a, b]["weight"] if u.has_edge(a, b) else 0.0
            u.add_edge(a, b, weight=w + d["weight"])
    return u


def _betweenness(u: nx.Graph) -> tuple[dict[str, float], int | None]:
    """Betweenness of ``u``: exact, or from a seeded sample of sources on large graphs."""
    import networkx as nx

    if u.number_of_nodes() <= EXACT_BETWEENNESS_NODES:
        return nx.betweenness_centrality(u, normalized=True), None
    k = min(BETWEENNESS_SAMPLE, u.number_of_nodes())
    return nx.betweenness_centrality(u, k=k, normalized=True, seed=SEED), k


def _actor_rows(g: nx.DiGraph, u: nx.Graph) -> tuple[list[ActorRow], int | None]:
    """Every node's row, by degree (then PageRank, label): the actors with most counterparts
    first, as analysts read a network (PageRank alone puts the ends of small chains high)."""
    # networkx's pagerank() needs scipy, which geokg does not depend on; this is networkx's own
    # pure-Python implementation of the same algorithm (same defaults), fast enough here
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    betweenness, sample = _betweenness(u)
    pagerank = _pagerank_python(g, weight="weight") if g.number_of_nodes() else {}
    rows = [
        ActorRow(n, d["label"], d["kind"], d["country"], d["events"], u.degree(n), round(betweenness[n], 6),
                 round(pagerank[n], 6))  # fmt: skip
        for n, d in g.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.degree, -r.pagerank, r.label, r.iri))
    return rows, sample


def _communities(u: nx.Graph, rank: dict[str, int]) -> list[Community]:
    """Louvain communities of two or more actors, the largest first."""
    import networkx as nx

    found = nx.community.louvain_communities(u, weight="weight", seed=SEED) if u.number_of_edges() else []
    groups = sorted((sorted(c, key=rank.__getitem__) for c in found if len(c) > 1), key=lambda c: (-len(c), rank[c[0]]))
    return [Community([u.nodes[n]["label"] for n in c], list(c)) for c in groups]


def _dyad_rows(g: nx.DiGraph) -> list[DyadRow]:
    """The unordered pairs of distinct nodes, both directions summed."""
    rows = []
    for a, b in sorted({tuple(sorted((x, y))) for x, y in g.edges if x != y}):
        ab, ba = g.get_edge_data(a, b), g.get_edge_data(b, a)
        rows.append(_dyad_row(g, a, b, ab, ba))
    return rows


def _dyad_row(g: nx.DiGraph, a: str, b: str, ab: dict | None, ba: dict | None) -> DyadRow:
    """One pair, turned so that ``source -> target`` is the direction with the larger score."""
    empty = {"events": 0, "goldstein": 0.0, "quad": dict.fromkeys((1, 2, 3, 4), 0), "first": None, "last": None}
    ab, ba = ab or empty, ba or empty
    goldstein = round(ab["goldstein"] + ba["goldstein"], 4)
    if abs(ba["goldstein"]) > abs(ab["goldstein"]) and (ba["goldstein"] < 0) == (goldstein < 0):
        a, b, ab, ba = b, a, ba, ab
    events = ab["events"] + ba["events"]
    dates = [d for d in (ab["first"], ab["last"], ba["first"], ba["last"]) if d]
    return DyadRow(
        a, g.nodes[a]["label"], b, g.nodes[b]["label"], events, goldstein, round(goldstein / events, 4),
        {q: ab["quad"][q] + ba["quad"][q] for q in (1, 2, 3, 4)}, ab["events"], ab["goldstein"], ba["events"],
        ba["goldstein"], min(dates, default=None), max(dates, default=None),
    )  # fmt: skip


def _quad_by_month(events: list[_Event]) -> list[MonthRow]:
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for e in events:
        counts[e.date[:7] if e.date else UNDATED][e.quad] += 1
    months = sorted(counts, key=lambda m: (m == UNDATED, m))
    return [MonthRow(m, counts[m][1], counts[m][2], counts[m][3], counts[m][4]) for m in months]


def _cut(rows: list, top: int | None) -> list:
    return rows if top is None else rows[:top]


def analyze(store: GraphStore, *, top: int | None = 10, level: str = "actor") -> Analysis:
    """Centralities, communities, the most conflictual and cooperative dyads and QuadClass by
    month of the actor network (``level="actor"``) or the country network (``"country"``)."""
    if level not in LEVELS:
        raise ValueError(f"level {level!r}: use one of {', '.join(LEVELS)}")
    g, events = _read(store)
    network = _actor_level(g, events) if level == "actor" else _country_level(g, events)
    return _analysis(network, events, top=top, level=level)


def _analysis(network: nx.DiGraph, events: list[_Event], *, top: int | None, level: str) -> Analysis:
    u = _undirected(network)
    actors, sample = _actor_rows(network, u)
    rank = {r.iri: i for i, r in enumerate(actors)}
    dyads = _dyad_rows(network)
    conflictual = sorted((d for d in dyads if d.goldstein < 0), key=lambda d: (d.goldstein, -d.events, d.source, d.target))
    cooperative = sorted((d for d in dyads if d.goldstein > 0), key=lambda d: (-d.goldstein, -d.events, d.source, d.target))
    notes = []
    if sample is not None:
        notes.append(f"betweenness estimated from {sample} sampled sources (seed {SEED}): more than {EXACT_BETWEENNESS_NODES} actors")
    if level == "country":
        notes.append("actors counted for their countries; domestic events (both sides in one country) are not dyads")
    return Analysis(
        level, len(events), _cut(actors, top), _cut(_communities(u, rank), top), _cut(conflictual, top),
        _cut(cooperative, top), _quad_by_month(events), network.number_of_nodes(), len(dyads), sample, notes,
    )  # fmt: skip


# --- tables ------------------------------------------------------------------------------------


def _dyad_table(title: str, rows: list[DyadRow]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table("dyad", "events", "goldstein", "mean", "q1/q2/q3/q4", "each way", "dates", title=title)
    for r in rows:
        dates = r.first if r.first == r.last else f"{r.first}..{r.last}"
        table.add_row(
            Text(f"{r.source} -> {r.target}"), str(r.events), f"{r.goldstein:g}", f"{r.goldstein_mean:.2f}",
            "/".join(str(r.quad[q]) for q in (1, 2, 3, 4)),
            f"{r.forward_events} ({r.forward_goldstein:g}) / {r.backward_events} ({r.backward_goldstein:g})", dates or "",
        )  # fmt: skip
    return table


def tables(analysis: Analysis) -> list[Table]:
    """The analysis as rich tables (``kg analyze``). Labels come from articles: they go in as
    plain ``Text``, so that brackets in them are not read as rich markup."""
    from rich.table import Table
    from rich.text import Text

    a = analysis
    level = "countries" if a.level == "country" else "actors"
    actors = Table("actor", "kind", "country", "events", "degree", "betweenness", "pagerank",
                   title=f"{level}: {len(a.actors)} of {a.num_actors} (by degree)")  # fmt: skip
    for r in a.actors:
        actors.add_row(Text(r.label), r.kind, r.country or "", str(r.events), str(r.degree), f"{r.betweenness:.4f}",
                       f"{r.pagerank:.4f}")  # fmt: skip
    communities = Table("#", "size", "members", title=f"communities (Louvain, seed {SEED})")
    for i, c in enumerate(a.communities, 1):
        communities.add_row(str(i), str(len(c.labels)), Text(", ".join(c.labels[:8]) + (", …" if len(c.labels) > 8 else "")))
    months = Table("month", "q1", "q2", "q3", "q4", "events",
                   title=f"QuadClass by month ({a.events} events; q1/q2 verbal/material cooperation, q3/q4 conflict)")  # fmt: skip
    for m in a.quad_by_month:
        months.add_row(m.month, str(m.q1), str(m.q2), str(m.q3), str(m.q4), str(m.events))
    return [
        actors, communities,
        _dyad_table(f"most conflictual dyads (of {a.num_dyads}; by summed Goldstein)", a.conflictual_dyads),
        _dyad_table("most cooperative dyads", a.cooperative_dyads), months,
    ]  # fmt: skip
