"""Interactive HTML page of the graph: actors, places and events as a vis-network drawing.

The page is one self-contained file that works offline: the vis-network library and its CSS
(as shipped inside the pyvis package) are inlined, nothing is fetched from the network, and a
Content-Security-Policy with the hashes of the page's own scripts makes the browser refuse any
other script or remote resource.

Every string taken from the graph comes from news articles and is untrusted: it is HTML-escaped
before it goes into a label, a tooltip or the details panel, article links are made only for
http(s) URLs, and the node/edge data is embedded as JSON with ``<``, ``>`` and ``&`` written as
``\\u003c`` etc., so that nothing in it can close the ``<script>`` element that holds it.

The graph is read with two SPARQL queries over the union of the named graphs (one for events,
one for actors and places); pyvis assembles the nodes and edges; the page template is
``kg/data/web/page.html``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .vocab import GK, SDO, SEM, sparql_prefixes

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    from pyvis.network import Network

__all__ = ["page_html", "write_page"]

DEFAULT_TITLE = "geokg graph"
DEFAULT_MAX_NODES = 2000

# ---------------------------------------------------------------------------------------------
# Vocabulary: the terms the page reads (contract.md, "RDF").

_PREFIXES = sparql_prefixes()

_STATE_TYPES = frozenset(str(t) for t in (GK.Country, SDO.Country, SDO.AdministrativeArea))
_ORGANIZATION_TYPES = frozenset({str(SDO.Organization)})
_PERSON_TYPES = frozenset({str(SDO.Person)})
# gk:actorKind, for actors without a schema.org class
_KIND_BY_ACTOR_KIND = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GROUP": "organization", "GPE": "state"}
_SEM_ACTOR = str(SEM.Actor)
_SEM_PLACE = str(SEM.Place)

# One row per (event, property, value): UNION branches instead of OPTIONALs, so that an event
# with several articles and several evidence sentences does not multiply into a cross product.
# (Every branch has a triple pattern: an empty ``{ BIND(...) }`` branch makes Oxigraph join by
# nested loops, quadratic in the number of events.)
_EVENTS_QUERY = (
    _PREFIXES
    + """
SELECT ?e ?k ?v ?w ?x WHERE {
  ?e a sem:Event .
  { ?e a sem:Event . BIND("node" AS ?k) }
  UNION { ?e rdfs:label ?v . BIND("label" AS ?k) }
  UNION { ?e gk:cameoCode ?v . BIND("cameo" AS ?k) }
  UNION { ?e gk:plover ?v . BIND("plover" AS ?k) }
  UNION { ?e gk:quadClass ?v . BIND("quad" AS ?k) }
  UNION { ?e gk:goldstein ?v . BIND("goldstein" AS ?k) }
  UNION { ?e sem:hasTimeStamp ?v . BIND("date" AS ?k) }
  UNION { ?e gk:numSources ?v . BIND("sources" AS ?k) }
  UNION { ?e gk:numMentions ?v . BIND("mentions" AS ?k) }
  UNION { ?e gk:source ?v . BIND("source" AS ?k) }
  UNION { ?e gk:target ?v . BIND("target" AS ?k) }
  UNION { ?e sem:hasActor ?v . BIND("actor" AS ?k) }
  UNION { ?e sem:hasPlace ?v . BIND("place" AS ?k) }
  UNION { ?e gk:evidence ?v .
          OPTIONAL { ?v gk:sentence ?w }
          OPTIONAL { ?v nif:anchorOf ?x }
          BIND("evidence" AS ?k) }
  UNION { ?e prov:wasDerivedFrom ?v .
          OPTIONAL { ?v schema:headline ?w }
          OPTIONAL { ?v schema:url ?x }
          BIND("article" AS ?k) }
}
"""
)

# Actors and places: the typed ones, and any node an event points at even if it is untyped
# (those with no row here are still drawn, from the events query).
_ENTITIES_QUERY = (
    _PREFIXES
    + """
SELECT ?n ?k ?v ?w WHERE {
  { SELECT DISTINCT ?n WHERE {
      { ?n a sem:Actor } UNION { ?n a sem:Place }
      UNION { ?e a sem:Event ; gk:source|gk:target|sem:hasActor|sem:hasPlace ?n }
  } }
  { ?n a ?v . BIND("type" AS ?k) }
  UNION { ?n rdfs:label ?v . BIND("label" AS ?k) }
  UNION { ?n skos:altLabel ?v . BIND("alt" AS ?k) }
  UNION { ?n gk:country ?v . OPTIONAL { ?v rdfs:label ?w } BIND("country" AS ?k) }
  UNION { ?n gk:sector ?v . BIND("sector" AS ?k) }
  UNION { ?n gk:actorKind ?v . BIND("kind" AS ?k) }
  UNION { ?n geo:lat ?v . BIND("lat" AS ?k) }
  UNION { ?n geo:long ?v . BIND("long" AS ?k) }
}
"""
)

# ---------------------------------------------------------------------------------------------
# Styles: one table each, used for the nodes and for the legend.


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    shape: str  # vis-network shape
    color: str
    glyph: str  # for the legend


_ACTOR_STYLES: dict[str, _Style] = {
    "person": _Style("Person", "dot", "#4e79a7", "\u25cf"),
    "organization": _Style("Organisation", "square", "#b07aa1", "\u25a0"),
    "state": _Style("State or region", "diamond", "#59a5a0", "\u25c6"),
    "actor": _Style("Other actor", "dot", "#9aa9bd", "\u25cf"),
}
_PLACE_STYLE = _Style("Place", "triangle", "#9c755f", "\u25b2")
_QUAD_STYLES: dict[int | None, _Style] = {
    1: _Style("Verbal cooperation", "dot", "#7bc87f", "\u25cf"),
    2: _Style("Material cooperation", "dot", "#1f8a46", "\u25cf"),
    3: _Style("Verbal conflict", "dot", "#fd8d3c", "\u25cf"),
    4: _Style("Material conflict", "dot", "#d62728", "\u25cf"),
    None: _Style("Not coded", "dot", "#b0b0b0", "\u25cf"),
}
_EDGE_COLORS = {"source": "#7f8c99", "target": "#7f8c99", "actor": "#a9b3bd", "place": "#c4a88f", "country": "#c9d3dc"}

_MAX_EVIDENCE = 5  # evidence sentences shown per event
_MAX_ARTICLES = 8  # source articles shown per event
_MAX_ALIASES = 6

# ---------------------------------------------------------------------------------------------
# Reading the store.


@dataclass(slots=True)
class _Article:
    iri: str
    headlines: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _EventData:
    iri: str
    labels: set[str] = field(default_factory=set)
    cameo: set[str] = field(default_factory=set)
    plover: set[str] = field(default_factory=set)
    quad: set[str] = field(default_factory=set)
    goldstein: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    sources_n: set[str] = field(default_factory=set)
    mentions_n: set[str] = field(default_factory=set)
    source: set[str] = field(default_factory=set)
    target: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    evidence: dict[str, set[tuple[str | None, str | None]]] = field(default_factory=lambda: defaultdict(set))
    articles: dict[str, _Article] = field(default_factory=dict)

    @property
    def participants(self) -> set[str]:
        return self.source | self.target | self.actors

    @property
    def neighbours(self) -> set[str]:
        return self.participants | self.places


@dataclass(slots=True)
class _EntityData:
    iri: str
    types: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    countries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sectors: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)  # gk:actorKind
    lat: set[str] = field(default_factory=set)
    long: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Graph:
    events: dict[str, _EventData]
    actors: dict[str, _EntityData]
    places: dict[str, _EntityData]
    events_of: dict[str, set[str]]  # actor or place IRI -> events

    @property
    def size(self) -> int:
        return len(self.events) + len(self.actors) + len(self.places)


def _value(term: Any) -> str | None:
    return None if term is None else term.value


def _union_flag(store: pyoxigraph.Store) -> bool:
    """Whether queries must ask for the union of the named graphs: a geokg store keeps it as
    its default graph; a store loaded from TriG or N-Quads has none."""
    import pyoxigraph

    return next(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()), None) is None


def _read_graph(store: pyoxigraph.Store) -> _Graph:
    events: dict[str, _EventData] = {}
    for row in store.query(_EVENTS_QUERY, use_default_graph_as_union=_union_flag(store)):
        iri, kind, v, w, x = (_value(row[i]) for i in range(5))
        ev = events.get(iri)
        if ev is None:
            ev = events[iri] = _EventData(iri)
        if v is None:
            continue
        if kind == "evidence":
            if w is not None or x is not None:
                ev.evidence[v].add((w, x))
        elif kind == "article":
            art = ev.articles.setdefault(v, _Article(v))
            if w is not None:
                art.headlines.add(w)
            if x is not None:
                art.urls.add(x)
        else:
            _EVENT_FIELDS[kind](ev).add(v)

    entities: dict[str, _EntityData] = {}
    for row in store.query(_ENTITIES_QUERY, use_default_graph_as_union=_union_flag(store)):
        iri, kind, v, w = (_value(row[i]) for i in range(4))
        ent = entities.get(iri)
        if ent is None:
            ent = entities[iri] = _EntityData(iri)
        if v is None:
            continue
        if kind == "country":
            ent.countries[v].update([w] if w is not None else [])
        else:
            _ENTITY_FIELDS[kind](ent).add(v)

    # A node is an event, else an actor, else a place (a country can be both actor and place).
    events_of: dict[str, set[str]] = defaultdict(set)
    actor_iris: set[str] = set()
    place_iris: set[str] = set()
    for ev in events.values():
        for roles in (ev.source, ev.target, ev.actors, ev.places):
            roles.difference_update([n for n in roles if n in events])
        for n in ev.neighbours:
            events_of[n].add(ev.iri)
        actor_iris |= ev.participants
        place_iris |= ev.places
    for iri, ent in entities.items():
        if iri in events:
            continue
        if _SEM_ACTOR in ent.types:
            actor_iris.add(iri)
        elif _SEM_PLACE in ent.types:
            place_iris.add(iri)
    place_iris -= actor_iris
    actors = {i: entities.get(i) or _EntityData(i) for i in sorted(actor_iris)}
    places = {i: entities.get(i) or _EntityData(i) for i in sorted(place_iris)}
    return _Graph(dict(sorted(events.items())), actors, places, events_of)


_EVENT_FIELDS = {
    "label": lambda e: e.labels,
    "cameo": lambda e: e.cameo,
    "plover": lambda e: e.plover,
    "quad": lambda e: e.quad,
    "goldstein": lambda e: e.goldstein,
    "date": lambda e: e.dates,
    "sources": lambda e: e.sources_n,
    "mentions": lambda e: e.mentions_n,
    "source": lambda e: e.source,
    "target": lambda e: e.target,
    "actor": lambda e: e.actors,
    "place": lambda e: e.places,
}
_ENTITY_FIELDS = {
    "type": lambda e: e.types,
    "label": lambda e: e.labels,
    "alt": lambda e: e.aliases,
    "sector": lambda e: e.sectors,
    "kind": lambda e: e.kinds,
    "lat": lambda e: e.lat,
    "long": lambda e: e.long,
}

# ---------------------------------------------------------------------------------------------
# Truncation: keep the most connected actors and their events.


@dataclass(frozen=True, slots=True)
class _Selection:
    nodes: frozenset[str]
    notice: str | None  # says what was left out, when something was


def _select(graph: _Graph, max_nodes: int) -> _Selection:
    """All nodes if they fit; else the most connected actors and the events among them.

    Actors are taken by number of events, most first. Taking an actor also takes each of its
    events whose actors are all taken by then (with the event's places), so no event drags in an
    actor of lower rank. Room left after that goes to events without actors, then to nodes
    without events.
    """
    everything = frozenset(graph.events) | frozenset(graph.actors) | frozenset(graph.places)
    if len(everything) <= max_nodes:
        return _Selection(everything, None)

    keep: set[str] = set()

    def add(unit: set[str]) -> bool:
        new = unit - keep
        if len(keep) + len(new) > max_nodes:
            return False
        keep.update(new)
        return True

    def degree(iri: str) -> int:
        return len(graph.events_of.get(iri, ()))

    def event_rank(iri: str) -> tuple[int, str]:
        return (-len(graph.events[iri].articles), iri)  # the most reported first

    ranked = [a for a in graph.actors if degree(a) > 0]
    ranked.sort(key=lambda a: (-degree(a), _label(graph.actors[a]).casefold(), a))
    kept_actors = 0
    for actor in ranked:
        if not add({actor}):
            break
        kept_actors += 1
        for ev in sorted(graph.events_of[actor], key=event_rank):
            event = graph.events[ev]
            if event.participants <= keep:
                add({ev} | event.places)
    for ev in sorted(graph.events, key=event_rank):
        if not graph.events[ev].participants:
            add({ev} | graph.events[ev].places)
    for iri in sorted(everything - keep):
        if degree(iri) == 0 and iri not in graph.events:
            add({iri})

    hidden = (
        f"{_plural(len(graph.events.keys() - keep), 'event')}, "
        f"{_plural(len(graph.actors.keys() - keep), 'actor')} and "
        f"{_plural(len(graph.places.keys() - keep), 'place')} are not shown"
    )
    notice = (
        f"Truncated: the graph has {len(everything):,} nodes, more than max_nodes={max_nodes:,}. "
        f"Showing {len(keep):,}: the {_plural(kept_actors, 'most connected actor')} "
        "(ranked by number of events) and the events among them, with their places; "
        f"{hidden}."
    )
    return _Selection(frozenset(keep), notice)


# ---------------------------------------------------------------------------------------------
# Text helpers. Every string from the graph goes through ``_esc`` before it reaches the page.


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _local_name(iri: str) -> str:
    tail = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return tail or iri


def _first(values: set[str]) -> str | None:
    return min(values) if values else None


def _label(ent: _EntityData) -> str:
    return _first(ent.labels) or _local_name(ent.iri)


def _safe_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) URL without whitespace or control characters."""
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _as_int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text is not None else None
    except ValueError:
        return None


def _as_float(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _rows(rows: list[tuple[str, str]]) -> str:
    """A table of (heading, already escaped HTML) pairs."""
    cells = "".join(f"<tr><th>{_esc(k)}</th><td>{v}</td></tr>" for k, v in rows if v)
    return f"<table>{cells}</table>" if cells else ""


def _sentence_html(sentence: str | None, anchor: str | None) -> str:
    if sentence is None:
        return f"\u2026 <mark>{_esc(anchor)}</mark> \u2026" if anchor else ""
    if not anchor:
        return _esc(sentence)
    word = re.search(rf"(?<!\w){re.escape(anchor)}(?!\w)", sentence)  # "met", not "metro"
    at = word.start() if word else sentence.find(anchor)
    if at < 0:
        return _esc(sentence)
    end = at + len(anchor)
    return f"{_esc(sentence[:at])}<mark>{_esc(anchor)}</mark>{_esc(sentence[end:])}"


def _article_html(art: _Article) -> str:
    headline = _first(art.headlines)
    url = next((u for u in sorted(art.urls) if _safe_url(u)), None)
    text = _esc(headline or url or _local_name(art.iri))
    if url is None:
        return text
    return f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer nofollow">{text}</a>'


def _names(iris: set[str], graph: _Graph) -> str:
    ents = [graph.actors.get(i) or graph.places.get(i) or _EntityData(i) for i in sorted(iris)]
    return ", ".join(_esc(_label(e)) for e in ents)


# ---------------------------------------------------------------------------------------------
# Tooltips: HTML built here, from escaped pieces only.


def _event_title(ev: _EventData, graph: _Graph, quad: int | None) -> str:
    style = _QUAD_STYLES.get(quad, _QUAD_STYLES[None])
    plover = _first(ev.plover)
    goldstein = _as_float(_first(ev.goldstein))
    parts = [
        f'<div class="tip-kind">Event \u00b7 {_esc(style.name)}</div>',
        f'<div class="tip-title">{_esc(_first(ev.labels) or _local_name(ev.iri))}</div>',
        _rows(
            [
                ("Date", _esc(_first(ev.dates) or "unknown")),
                ("CAMEO", _esc(_first(ev.cameo) or "")),
                ("PLOVER", _esc(_local_name(plover)) if plover else ""),
                ("QuadClass", f"{quad} ({_esc(style.name.lower())})" if quad in (1, 2, 3, 4) else ""),
                ("Goldstein", f"{goldstein:+.1f}" if goldstein is not None else ""),
                ("Source", _names(ev.source, graph)),
                ("Target", _names(ev.target, graph)),
                ("Actors", _names(ev.actors - ev.source - ev.target, graph)),
                ("Place", _names(ev.places, graph)),
                ("Articles", _esc(_first(ev.sources_n) or "")),
                ("Mentions", _esc(_first(ev.mentions_n) or "")),
            ]
        ),
    ]
    # The sentences (with the trigger marked); the role mentions carry only their own words,
    # so they are shown only when no mention has a sentence.
    pairs = {pair for mention in ev.evidence.values() for pair in mention}
    evidence = sorted({p for p in pairs if p[0] is not None} or pairs, key=lambda p: (p[0] or "", p[1] or ""))
    if evidence:
        parts.append('<div class="tip-sec">Evidence</div>')
        parts.extend(f"<blockquote>{_sentence_html(s, a)}</blockquote>" for s, a in evidence[:_MAX_EVIDENCE])
        if len(evidence) > _MAX_EVIDENCE:
            parts.append(f'<div class="muted">and {len(evidence) - _MAX_EVIDENCE} more</div>')
    if ev.articles:
        arts = sorted(ev.articles.values(), key=lambda a: (_first(a.headlines) or "", a.iri))
        parts.append(f'<div class="tip-sec">Source {"article" if len(arts) == 1 else "articles"}</div><ul>')
        parts.extend(f"<li>{_article_html(a)}</li>" for a in arts[:_MAX_ARTICLES])
        if len(arts) > _MAX_ARTICLES:
            parts.append(f'<li class="muted">and {len(arts) - _MAX_ARTICLES} more</li>')
        parts.append("</ul>")
    return "".join(parts)


def _country_text(ent: _EntityData) -> str:
    names = []
    for iri, labels in sorted(ent.countries.items()):
        code = _local_name(iri)
        label = _first(labels)
        names.append(_esc(f"{label} ({code})" if label and label != code else code))
    return ", ".join(names)


def _actor_title(ent: _EntityData, style: _Style, n_events: int) -> str:
    aliases = sorted(ent.aliases - ent.labels)
    alias_text = ", ".join(_esc(a) for a in aliases[:_MAX_ALIASES]) + (", \u2026" if len(aliases) > _MAX_ALIASES else "")
    return (
        f'<div class="tip-kind">{_esc(style.name)}</div>'
        f'<div class="tip-title">{_esc(_label(ent))}</div>'
        + _rows(
            [
                ("Country", _country_text(ent)),
                ("Sector", ", ".join(_esc(s) for s in sorted(ent.sectors))),
                ("Also known as", alias_text),
                ("Events", str(n_events)),
            ]
        )
    )


def _place_title(ent: _EntityData, n_events: int) -> str:
    lat, lon = _as_float(_first(ent.lat)), _as_float(_first(ent.long))
    coords = f"{lat:.4f}, {lon:.4f}" if lat is not None and lon is not None else ""
    return (
        f'<div class="tip-kind">{_esc(_PLACE_STYLE.name)}</div>'
        f'<div class="tip-title">{_esc(_label(ent))}</div>'
        + _rows([("Lat, long", coords), ("Country", _country_text(ent)), ("Events", str(n_events))])
    )


def _actor_kind(ent: _EntityData) -> str:
    """person, organization, state or actor: by schema.org / gk class, else by gk:actorKind."""
    if ent.types & _STATE_TYPES:
        return "state"
    if ent.types & _ORGANIZATION_TYPES:
        return "organization"
    if ent.types & _PERSON_TYPES:
        return "person"
    kinds = {_KIND_BY_ACTOR_KIND.get(k.upper(), "actor") for k in ent.kinds}
    return min(kinds) if len(kinds) == 1 else "actor"


# ---------------------------------------------------------------------------------------------
# The network.


def _size(n_events: int, base: float) -> float:
    return round(base + 4.0 * math.log2(1 + n_events), 1)


def _build_network(graph: _Graph, keep: frozenset[str]) -> Network:
    from pyvis.network import Network  # imports IPython and jinja2: only when drawing

    net = Network(directed=True)
    for iri, ent in graph.actors.items():
        if iri not in keep:
            continue
        style = _ACTOR_STYLES[_actor_kind(ent)]
        n = len(graph.events_of.get(iri, ()))
        net.add_node(
            iri,
            label=_esc(_label(ent)),
            shape=style.shape,
            color=style.color,
            size=_size(n, 12),
            title=_actor_title(ent, style, n),
            kind="actor",
        )
    for iri, ent in graph.places.items():
        if iri not in keep:
            continue
        n = len(graph.events_of.get(iri, ()))
        net.add_node(
            iri,
            label=_esc(_label(ent)),
            shape=_PLACE_STYLE.shape,
            color=_PLACE_STYLE.color,
            size=_size(n, 10),
            title=_place_title(ent, n),
            kind="place",
        )
    for iri, ev in graph.events.items():
        if iri not in keep:
            continue
        quad = _as_int(_first(ev.quad))
        quad = quad if quad in _QUAD_STYLES else None
        style = _QUAD_STYLES[quad]
        plover = _first(ev.plover)
        cameo = _first(ev.cameo)
        short = _local_name(plover) if plover else f"CAMEO {cameo}" if cameo else "event"
        net.add_node(
            iri,
            label=_esc(short),
            shape=style.shape,
            color=style.color,
            size=6,
            title=_event_title(ev, graph, quad),
            font={"size": 10, "color": "#555555"},
            kind="event",
        )

    def edge(a: str, b: str, role: str, **options: Any) -> None:
        if a in keep and b in keep:
            net.add_edge(a, b, title=role, color=_EDGE_COLORS[role], **options)

    no_arrow = {"to": {"enabled": False}}
    for iri, ev in graph.events.items():
        for a in sorted(ev.source):
            edge(a, iri, "source")
        for a in sorted(ev.target):
            edge(iri, a, "target")
        for a in sorted(ev.actors - ev.source - ev.target):
            edge(a, iri, "actor", arrows=no_arrow)
        for p in sorted(ev.places):
            edge(iri, p, "place", arrows=no_arrow, dashes=True)
    known = graph.actors.keys() | graph.places.keys()
    for nodes in (graph.actors, graph.places):
        for iri, ent in nodes.items():
            for country in sorted(ent.countries):
                if country in known and country != iri:
                    edge(iri, country, "country", dashes=[2, 4])
    return net


def _vis_options(n_nodes: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "system-ui, sans-serif"}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2, "arrows": {"to": {"scaleFactor": 0.5}}},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -55, "springLength": 80, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
        },
    }


# ---------------------------------------------------------------------------------------------
# The page.


def _read_text(path: Any) -> str:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS that pyvis ships (newest version found), ready to inline."""
    import pyvis

    root = Path(pyvis.__file__).parent
    found = []
    for lib in (root / "templates" / "lib", root / "lib"):
        for d in lib.glob("vis-*"):
            version = tuple(int(p) for p in re.findall(r"\d+", d.name))
            if (d / "vis-network.min.js").is_file() and (d / "vis-network.css").is_file():
                found.append((version, d))
    if not found:
        raise RuntimeError(f"vis-network is missing from the pyvis package at {root}: reinstall pyvis")
    lib_dir = max(found)[1]
    js = _read_text(lib_dir / "vis-network.min.js")
    css = _read_text(lib_dir / "vis-network.css")
    # No source map fetch (the page must not ask for any other file), and nothing that could
    # end the inline <script>/<style> element early.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)
    return js, css


@functools.lru_cache(maxsize=1)
def _template() -> str:
    return _read_text(resources.files("kg.data") / "web" / "page.html")


_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace every ``@@NAME@@`` in one pass (values are never scanned for placeholders)."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def _csp(template: str, values: dict[str, str]) -> str:
    """A policy that lets only this page's own scripts run and loads nothing from anywhere."""
    hashes = []
    for m in _INLINE_SCRIPT.finditer(template):
        digest = hashlib.sha256(_fill(m.group(1), values).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return (
        f"default-src 'none'; script-src {' '.join(hashes)}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _legend_html() -> str:
    def items(styles: list[_Style]) -> str:
        return "".join(
            f'<li><span class="glyph" style="color:{s.color}">{s.glyph}</span>{_esc(s.name)}</li>' for s in styles
        )

    return (
        f"<h2>Actors</h2><ul>{items(list(_ACTOR_STYLES.values()))}</ul>"
        f"<h2>Places</h2><ul>{items([_PLACE_STYLE])}</ul>"
        f"<h2>Events (QuadClass)</h2><ul>{items(list(_QUAD_STYLES.values()))}</ul>"
        "<h2>Edges</h2><ul><li>source \u2192 event \u2192 target</li><li>event \u21e2 place (dashed)</li></ul>"
    )


def page_html(
    store: pyoxigraph.Store, *, title: str = DEFAULT_TITLE, max_nodes: int = DEFAULT_MAX_NODES
) -> str:
    """The graph in ``store`` as one self-contained, offline HTML page.

    Nodes are actors (shape and colour by kind: person, organisation, state), places and events
    (small, coloured by QuadClass); edges go source → event → target and event → place. When
    there are more than ``max_nodes`` nodes, the most connected actors and their events are kept
    and the page says so.
    """
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive integer, got {max_nodes!r}")
    graph = _read_graph(store)
    selection = _select(graph, max_nodes)
    net = _build_network(graph, selection.nodes)
    data = {"nodes": net.nodes, "edges": net.edges, "options": _vis_options(len(net.nodes))}

    shown = selection.nodes
    counts = " \u00b7 ".join(
        [
            _plural(len(graph.events.keys() & shown), "event"),
            _plural(len(graph.actors.keys() & shown), "actor"),
            _plural(len(graph.places.keys() & shown), "place"),
        ]
    )
    if graph.size == 0:
        notice = "The graph is empty: there are no events, actors or places to show."
    else:
        notice = selection.notice
    js, css = _vis_assets()
    template = _template()
    values = {
        "TITLE": _esc(title),
        "COUNTS": _esc(counts),
        "NOTICE": f'<p class="notice" id="notice">{_esc(notice)}</p>' if notice else "",
        "LEGEND": _legend_html(),
        "DATA": _json_for_script(data),
        "VIS_CSS": css,
        "VIS_JS": js,
    }
    values["CSP"] = _esc(_csp(template, values))
    return _fill(template, values)


def write_page(
    store: pyoxigraph.Store,
    path: Path,
    *,
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Path:
    """Write :func:`page_html` to ``path`` atomically (temporary file + rename); returns ``path``."""
    path = Path(path)
    text = page_html(store, title=title, max_nodes=max_nodes)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
