"""Interactive HTML pages of the graph: actors, places and events as a vis-network drawing.

Two views, one template (``kg/data/web/page.html``):

- ``graph``: actors, places and events as nodes; edges go source → event → target and
  event → place; events coloured by QuadClass, actors shaped and coloured by kind, actors and
  places sized by their number of events (their degree in this graph);
- ``actors``: actors only, the events between two actors collapsed into one dyad edge
  (source → target, from :func:`kg.analyze.actor_network`), its width the number of events,
  its colour the sign of their summed Goldstein score (green cooperative, red conflictual).

The page is one self-contained file that works offline: the vis-network library and its CSS
(as shipped inside the pyvis package) are inlined, nothing is fetched from the network, and a
Content-Security-Policy with the hashes of the page's own scripts makes the browser refuse any
other script or remote resource. The page filters by date range, QuadClass, event type
(PLOVER or CAMEO root) and actor name, and focuses on one node's neighbourhood; its script
exposes the same functions as ``window.geokg`` (``ready``, ``network``, ``nodes``, ``edges``,
``visibleNodeIds()``, ``setFilter({...})``, ``focus(id)``) for tests and notebooks.

Large graphs: the layout is precomputed here (the most connected actors by a spring layout, the
others next to their main partner; each event next to its actors, each place next to its events), so
the browser only refines it for at most ``_STABILIZE_MS`` and then turns physics off; past
``max_nodes`` the page keeps the most connected actors and says so.

Every string taken from the graph comes from news articles and is untrusted: it is HTML-escaped
before it goes into a label, a tooltip, an option or the details panel, article links are made
only for http(s) URLs, and the page data is embedded as JSON with ``<``, ``>`` and ``&`` written
as ``\\u003c`` etc., so that nothing in it can close the ``<script>`` element that holds it.

The graph is read with two SPARQL queries over the union of the named graphs (one for events,
one for actors and places); pyvis assembles the nodes and edges.
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .vocab import GK, SDO, SEM, sparql_prefixes

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pyoxigraph
    from pyvis.network import Network

    from .store import GraphStore

__all__ = ["VIEWS", "page_html", "write_page"]

DEFAULT_TITLE = "geokg graph"
DEFAULT_MAX_NODES = 2000
VIEWS = ("graph", "actors")  # what page_html draws; kg viz adds kg.views' timeline and map
_STABILIZE_MS = 1000  # the page stops refining the layout after this long, and turns physics off
_REFINE_MAX = 1000  # nodes: on larger graphs the precomputed layout is drawn as it is

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
  UNION { ?e gk:datePrecision ?v . BIND("precision" AS ?k) }
  UNION { ?e prov:wasDerivedFrom ?a . ?a schema:datePublished ?v . BIND("published" AS ?k) }
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
    precision: set[str] = field(default_factory=set)  # gk:datePrecision: day, month or year
    published: set[str] = field(default_factory=set)  # its articles' publication dates
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
    "precision": lambda e: e.precision,
    "published": lambda e: e.published,
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


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class _When:
    """An event's date as shown, and the days it may be (the date filter keeps an event whose
    span meets the range: a month date belongs to every day of its month)."""

    text: str
    start: str  # ISO dates
    end: str


def _when(ev: _EventData) -> _When | None:
    """The event's own date, at its precision; else its first article's publication date (as
    the saved queries date events), marked as such."""
    own = _first(ev.dates)
    if own is not None and _ISO_DAY.match(own):
        day = own[:10]
        precision = _first(ev.precision)
        if precision == "year":
            return _When(f"{day[:4]} (year)", f"{day[:4]}-01-01", f"{day[:4]}-12-31")
        if precision == "month":
            return _When(f"{day[:7]} (month)", f"{day[:7]}-01", f"{day[:7]}-31")
        return _When(day, day, day)
    published = sorted(d[:10] for d in ev.published if _ISO_DAY.match(d))
    if not published:
        return None
    return _When(f"{published[0]} (article date)", published[0], published[0])


def _cameo_name(code: str | None) -> str | None:
    """The CAMEO code's name from the code table shipped in kg/data/cameo."""
    from .cameo import UnknownCodeError, code_info

    if not code:
        return None
    try:
        return code_info(code).name
    except UnknownCodeError:
        return None


def _cameo_text(code: str | None) -> str:
    name = _cameo_name(code)
    return f"{code} \u00b7 {name}" if code and name else code or ""


# ---------------------------------------------------------------------------------------------
# Tooltips: HTML built here, from escaped pieces only.


def _event_title(ev: _EventData, graph: _Graph, quad: int | None) -> str:
    style = _QUAD_STYLES.get(quad, _QUAD_STYLES[None])
    plover = _first(ev.plover)
    goldstein = _as_float(_first(ev.goldstein))
    when = _when(ev)
    parts = [
        f'<div class="tip-kind">Event \u00b7 {_esc(style.name)}</div>',
        f'<div class="tip-title">{_esc(_first(ev.labels) or _local_name(ev.iri))}</div>',
        _rows(
            [
                ("Date", _esc(when.text if when else "unknown")),
                ("CAMEO", _esc(_cameo_text(_first(ev.cameo)))),
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
# The layout, precomputed: vis-network's own, from random positions, takes seconds past a few
# hundred nodes (its improvedLayout much longer), so the browser only refines this one.

Point = tuple[float, float]

_SPACING = 55.0  # px: the drawing gets about this much room squared per node
_EVENT_STEP = 14.0  # px between the events of one dyad, round their actors' midpoint
_SPRING_MAX = 400  # actors laid out by networkx's spring layout (its dense solver, numpy only)
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def _spiral(i: int, step: float, phase: float = 0.0) -> Point:
    """The ``i``-th point of a sunflower spiral: evenly spread, the first ones in the middle."""
    r = step * math.sqrt(i)
    a = i * _GOLDEN_ANGLE + phase
    return (r * math.cos(a), r * math.sin(a))


def _centre(points: list[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _even_out(pos: dict[str, Any], radius: float) -> dict[str, Point]:
    """The spring layout's directions from its centre, but distances by rank, spread evenly over
    a disc of ``radius``: a spring layout pushes small components and loose actors far out, which
    squeezes the rest into a hairball once the page fits everything into view."""
    cx, cy = _centre([(float(x), float(y)) for x, y in pos.values()])
    polar = sorted((math.hypot(x - cx, y - cy), math.atan2(y - cy, x - cx), n) for n, (x, y) in pos.items())
    spread = {}
    for i, (_, angle, n) in enumerate(polar):
        r = radius * math.sqrt((i + 0.5) / len(polar))  # the i-th of n evenly spaced rings' radius
        spread[n] = (r * math.cos(angle), r * math.sin(angle))
    return spread


def _actor_positions(actors: list[str], links: Counter[tuple[str, str]], degree: dict[str, int], radius: float) -> dict[str, Point]:
    """Actors by a spring layout, linked by the events they share. Past ``_SPRING_MAX`` actors
    (where networkx needs scipy, and time) only the most connected ones are laid out so; each of
    the others goes next to the partner it shares most events with, as a force layout puts the
    leaves round a hub, and those with no such partner round the outside."""
    if len(actors) <= 1:
        return {a: (0.0, 0.0) for a in actors}
    import networkx as nx

    ranked = sorted(actors, key=lambda a: (-degree[a], a))
    core = set(ranked[:_SPRING_MAX])
    g = nx.Graph()
    g.add_nodes_from(ranked[:_SPRING_MAX])
    g.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(links.items()) if a in core and b in core)
    pos = _even_out(nx.spring_layout(g, seed=7, iterations=50), radius * math.sqrt(len(core) / len(actors)))
    partners: dict[str, Counter[str]] = defaultdict(Counter)
    for (a, b), w in links.items():
        partners[a][b] += w
        partners[b][a] += w
    leaves: Counter[str] = Counter()  # placed round each actor so far
    outside = iter(range(len(actors) + 1, 2 * len(actors) + 1))
    step = radius / math.sqrt(len(actors))
    for a in ranked[_SPRING_MAX:]:
        placed = [(w, b) for b, w in sorted(partners[a].items()) if b in pos]
        if not placed:
            pos[a] = _spiral(next(outside), step)
            continue
        hub = max(placed)[1]
        leaves[hub] += 1
        dx, dy = _spiral(leaves[hub] + 2, step / 2, phase=len(pos))
        pos[a] = (pos[hub][0] + dx, pos[hub][1] + dy)
    return pos


def _layout(graph: _Graph, keep: frozenset[str]) -> dict[str, Point]:
    """Positions for every node in ``keep``: actors first, each event by its actors (the events of
    one set of actors on a small spiral round their midpoint), each place by its events, and what
    is left (events without actors, nodes without events) round the outside."""
    actors = [a for a in graph.actors if a in keep]
    events = [e for e in graph.events if e in keep]
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    links: Counter[tuple[str, str]] = Counter()
    for e in events:
        members = tuple(sorted(graph.events[e].participants & keep))
        groups[members].append(e)
        links.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    radius = _SPACING * math.sqrt(len(keep) / math.pi)
    degree = {a: len(graph.events_of.get(a, ())) for a in actors}
    pos = _actor_positions(actors, links, degree, radius)

    for g, (members, evs) in enumerate(sorted(groups.items())):
        if members:
            cx, cy = _centre([pos[m] for m in members])
            for k, e in enumerate(evs):
                dx, dy = _spiral(k + 1, _EVENT_STEP, phase=g)
                pos[e] = (cx + dx, cy + dy)

    # the spiral's points past radius, and past those _actor_positions took for loose actors
    outside = iter(range(2 * len(actors) + 1, 2 * len(actors) + 1 + len(keep)))
    step = radius / math.sqrt(max(len(actors), 1))

    def put_outside(iri: str) -> None:
        pos[iri] = _spiral(next(outside), step)

    places = [p for p in graph.places if p in keep]
    for p in places:
        near = [pos[e] for e in sorted(graph.events_of.get(p, ())) if e in pos]
        if near:
            cx, cy = _centre(near)
            dx, dy = _spiral(1, 2 * _EVENT_STEP, phase=len(pos))
            pos[p] = (cx + dx, cy + dy)
    for iri in places + events:
        if iri not in pos:
            put_outside(iri)
        if iri in graph.places:  # its events without actors go round it
            for k, e in enumerate(sorted(graph.events_of.get(iri, set()) & (keep - pos.keys()))):
                dx, dy = _spiral(k + 1, _EVENT_STEP)
                pos[e] = (pos[iri][0] + dx, pos[iri][1] + dy)
    return {iri: (round(x, 1), round(y, 1)) for iri, (x, y) in pos.items()}


# ---------------------------------------------------------------------------------------------
# The graph view: actors, places and events.


def _size(n_events: int, base: float) -> float:
    return round(base + 4.0 * math.log2(1 + n_events), 1)


def _quad(ev: _EventData) -> int | None:
    quad = _as_int(_first(ev.quad))
    return quad if quad in (1, 2, 3, 4) else None


def _item(iri: str, ev: _EventData, nodes: list[str], **extra: str) -> dict[str, Any]:
    """What the page's filters read of an event: its date span, QuadClass, PLOVER type, CAMEO
    code and the nodes it shows (its actors and places, or its dyad's two actors)."""
    when = _when(ev)
    plover = _first(ev.plover)
    return {
        "id": iri,
        "d0": when.start if when else None,
        "d1": when.end if when else None,
        "quad": _quad(ev),
        "plover": _local_name(plover) if plover else None,
        "cameo": _first(ev.cameo),
        "nodes": nodes,
        **extra,
    }


def _search_text(ent: _EntityData) -> str:
    """An actor's label and aliases, lower-cased, for the actor filter (matched, never shown)."""
    return "\n".join(sorted({_label(ent), *ent.aliases})).lower()


def _actor_node(net: Network, ent: _EntityData, kind: str, n_events: int, at: Point) -> None:
    style = _ACTOR_STYLES[kind]
    net.add_node(
        ent.iri,
        label=_esc(_label(ent)),
        shape=style.shape,
        color=style.color,
        size=_size(n_events, 12),
        title=_actor_title(ent, style, n_events),
        kind="actor",
        x=at[0],
        y=at[1],
    )


def _build_network(graph: _Graph, keep: frozenset[str]) -> Network:
    from pyvis.network import Network  # imports IPython and jinja2: only when drawing

    pos = _layout(graph, keep)
    net = Network(directed=True)
    for iri, ent in graph.actors.items():
        if iri in keep:
            _actor_node(net, ent, _actor_kind(ent), len(graph.events_of.get(iri, ())), pos[iri])
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
            x=pos[iri][0],
            y=pos[iri][1],
        )
    for iri, ev in graph.events.items():
        if iri not in keep:
            continue
        quad = _quad(ev)
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
            x=pos[iri][0],
            y=pos[iri][1],
        )

    def edge(a: str, b: str, role: str, **options: Any) -> None:
        if a in keep and b in keep:
            net.add_edge(a, b, id=f"e{len(net.edges)}", title=role, color=_EDGE_COLORS[role], **options)

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


def _vis_options(n_nodes: int, *, curved: bool = False) -> dict[str, Any]:
    """vis-network options: the layout is given (no improvedLayout); physics refines it for at
    most ``_STABILIZE_MS`` (the page stops it then), only up to ``_REFINE_MAX`` nodes (past
    that, one iteration takes tens of milliseconds), and is switched off once stable."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "system-ui, sans-serif"}},
        "edges": {
            "smooth": {"type": "curvedCW", "roundness": 0.15} if curved else False,
            "width": 1,
            "selectionWidth": 2,
            "arrows": {"to": {"scaleFactor": 0.5}},
            "scaling": {"min": 1, "max": 10},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -55, "springLength": 80, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400 if n_nodes <= _REFINE_MAX else 0, "updateInterval": 5, "fit": True},
        },
    }


@dataclass(frozen=True, slots=True)
class _View:
    """One view's share of the page: the network, the filters' data and the texts around it."""

    net: Network
    items: list[dict[str, Any]]
    search: dict[str, str]  # actor id -> its label and aliases, lower-cased
    counts: str
    notice: str | None
    legend: str
    options: dict[str, Any]


def _graph_view(graph: _Graph, max_nodes: int) -> _View:
    selection = _select(graph, max_nodes)
    keep = selection.nodes
    net = _build_network(graph, keep)
    items = [_item(iri, ev, sorted(ev.neighbours & keep)) for iri, ev in graph.events.items() if iri in keep]
    counts = " \u00b7 ".join(
        [
            _plural(len(graph.events.keys() & keep), "event"),
            _plural(len(graph.actors.keys() & keep), "actor"),
            _plural(len(graph.places.keys() & keep), "place"),
        ]
    )
    search = {iri: _search_text(ent) for iri, ent in graph.actors.items() if iri in keep}
    notice = "The graph is empty: there are no events, actors or places to show." if not keep else selection.notice
    return _View(net, items, search, counts, notice, _legend_html(), _vis_options(len(keep)))


# ---------------------------------------------------------------------------------------------
# The actor network view: actors only, one edge per dyad.

_DYAD_COLORS = {1: "#1f8a46", -1: "#d62728", 0: "#9a9a9a"}  # by the sign of the Goldstein sum
_DYAD_NAMES = {1: "cooperative", -1: "conflictual", 0: "neutral"}
_MAX_DYAD_EVENTS = 12  # events listed per dyad
_NETWORK_KINDS = {"organisation": "organization"}  # kg.analyze's spelling -> this module's


def _sign(value: float) -> int:
    return (value > 1e-9) - (value < -1e-9)


def _dyad_title(source: str, target: str, d: dict[str, Any], graph: _Graph) -> str:
    sign = _sign(d["goldstein"])
    quad = d["quad"]
    dated = [(_when(graph.events[i]), graph.events[i]) for i in d["event_iris"] if i in graph.events]
    dated.sort(key=lambda wev: (wev[0].start if wev[0] else "9999", wev[1].iri))  # undated last
    rows = [
        ("Events", str(d["events"])),
        ("First", _esc(d["first"] or "")),
        ("Last", _esc(d["last"] or "")),
        ("Goldstein", f"{d['goldstein']:+.1f} in all, {d['goldstein_mean']:+.2f} per event"),
    ]
    rows += [(f"QuadClass {q}", f"{quad.get(q, 0)} ({_esc(_QUAD_STYLES[q].name.lower())})") for q in (1, 2, 3, 4)]
    parts = [
        f'<div class="tip-kind">Dyad \u00b7 {_DYAD_NAMES[sign]}</div>',
        f'<div class="tip-title">{_esc(source)} \u2192 {_esc(target)}</div>',
        _rows(rows),
    ]
    if dated:
        parts.append('<div class="tip-sec">Events</div><ul>')
        for when, ev in dated[:_MAX_DYAD_EVENTS]:
            bits = [when.text if when else "undated", _first(ev.labels) or _local_name(ev.iri), _cameo_text(_first(ev.cameo))]
            parts.append("<li>" + " \u00b7 ".join(_esc(b) for b in bits if b) + "</li>")
        if len(dated) > _MAX_DYAD_EVENTS:
            parts.append(f'<li class="muted">and {len(dated) - _MAX_DYAD_EVENTS} more</li>')
        parts.append("</ul>")
    return "".join(parts)


def _actors_view(graph: _Graph, network: nx.DiGraph, max_nodes: int) -> _View:
    """The dyads of ``network`` (:func:`kg.analyze.actor_network`); past ``max_nodes`` actors,
    the most connected ones (by number of events) and the dyads among them."""
    from pyvis.network import Network

    ranked = sorted(network.nodes, key=lambda a: (-network.nodes[a].get("events", 0), str(network.nodes[a].get("label", a)).casefold(), a))
    keep = frozenset(ranked[:max_nodes])
    dyads = [(a, b, d) for a, b, d in sorted(network.edges(data=True), key=lambda e: (e[0], e[1])) if a in keep and b in keep]
    notice = None if ranked else "The graph has no actors to show."
    if len(ranked) > max_nodes:
        hidden = network.number_of_edges() - len(dyads)
        notice = (
            f"Truncated: the graph has {len(ranked):,} actors, more than max_nodes={max_nodes:,}. Showing the "
            f"{_plural(len(keep), 'most connected actor')} (ranked by number of events) and the dyads among them; "
            f"{_plural(hidden, 'dyad')} with other actors are not shown."
        )

    def entity(iri: str) -> _EntityData:
        return graph.actors.get(iri) or graph.places.get(iri) or _EntityData(iri, labels={str(network.nodes[iri].get("label") or _local_name(iri))})

    links: Counter[tuple[str, str]] = Counter()
    for a, b, d in dyads:
        links[tuple(sorted((a, b)))] += d["events"]
    kept = [a for a in ranked if a in keep]
    degree = {a: int(network.nodes[a].get("events", 0)) for a in kept}
    pos = _actor_positions(kept, links, degree, 2 * _SPACING * math.sqrt(len(kept) / math.pi))
    net = Network(directed=True)
    for iri in sorted(kept):
        ent = entity(iri)
        kind = _NETWORK_KINDS.get(network.nodes[iri].get("kind"), network.nodes[iri].get("kind"))
        _actor_node(net, ent, kind if kind in _ACTOR_STYLES else _actor_kind(ent), degree[iri], pos[iri])
    items = []
    for i, (a, b, d) in enumerate(dyads):
        edge_id = f"d{i}"
        sign = _sign(d["goldstein"])
        net.add_edge(a, b, id=edge_id, value=d["events"], n=d["events"], color=_DYAD_COLORS[sign],
                     title=_dyad_title(_label(entity(a)), _label(entity(b)), d, graph))  # fmt: skip
        items += [_item(e, graph.events[e], [a, b], edge=edge_id) for e in d["event_iris"] if e in graph.events]
    counts = " \u00b7 ".join([_plural(len(kept), "actor"), _plural(len(dyads), "dyad"), _plural(len({i["id"] for i in items}), "event") + " between them"])
    search = {iri: _search_text(entity(iri)) for iri in kept}
    return _View(net, items, search, counts, notice, _actors_legend_html(), _vis_options(len(kept), curved=True))


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


def _items_html(styles: list[_Style]) -> str:
    return "".join(f'<li><span class="glyph" style="color:{s.color}">{s.glyph}</span>{_esc(s.name)}</li>' for s in styles)


def _legend_html() -> str:
    return (
        f"<h2>Actors</h2><ul>{_items_html(list(_ACTOR_STYLES.values()))}</ul>"
        f"<h2>Places</h2><ul>{_items_html([_PLACE_STYLE])}</ul>"
        f"<h2>Events (QuadClass)</h2><ul>{_items_html(list(_QUAD_STYLES.values()))}</ul>"
        "<h2>Edges</h2><ul><li>source \u2192 event \u2192 target</li><li>event \u21e2 place (dashed)</li></ul>"
        "<h2>Size</h2><ul><li>actors and places: number of events (degree)</li></ul>"
    )


def _actors_legend_html() -> str:
    dyads = [_Style(f"{_DYAD_NAMES[s]} (Goldstein sum {op} 0)", "", _DYAD_COLORS[s], "\u2501") for s, op in ((1, ">"), (-1, "<"), (0, "="))]
    return (
        f"<h2>Actors</h2><ul>{_items_html(list(_ACTOR_STYLES.values()))}</ul>"
        f"<h2>Dyads (source \u2192 target)</h2><ul>{_items_html(dyads)}<li>width: number of events</li></ul>"
        "<h2>Size</h2><ul><li>actors: number of events (degree)</li></ul>"
    )


def _quad_options() -> str:
    return "".join(f'<option value="{q}">{q} \u00b7 {_esc(_QUAD_STYLES[q].name)}</option>' for q in (1, 2, 3, 4))


def _type_options(items: list[dict[str, Any]]) -> str:
    """The event types present, with their numbers of events: PLOVER types, then CAMEO roots."""
    seen = {i["id"]: i for i in items}.values()  # an event in several dyads counts once
    plover = Counter(i["plover"] for i in seen if i["plover"])
    roots = Counter(i["cameo"][:2] for i in seen if i["cameo"])

    def option(value: str, text: str, n: int) -> str:
        return f'<option value="{_esc(value)}">{_esc(text)} ({n:,})</option>'

    groups = []
    if plover:
        groups.append('<optgroup label="PLOVER">' + "".join(option(p, p, n) for p, n in sorted(plover.items())) + "</optgroup>")
    if roots:
        names = {r: _cameo_text(r) for r in roots}
        groups.append('<optgroup label="CAMEO root">' + "".join(option(r, names[r], n) for r, n in sorted(roots.items())) + "</optgroup>")
    return "".join(groups)


def _date_bounds(items: list[dict[str, Any]]) -> tuple[str, str]:
    """The date inputs' ``min``/``max`` attributes, and a note on the events without a date."""
    starts = [i["d0"] for i in items if i["d0"]]
    ends = [i["d1"] for i in items if i["d1"]]
    bounds = f' min="{_esc(min(starts))}" max="{_esc(max(ends))}"' if starts else ""
    undated = len({i["id"] for i in items if not i["d0"]})
    note = f'<span class="muted" title="hidden while a date range is set">{_plural(undated, "event")} undated</span>' if undated else ""
    return bounds, note



def _oxigraph(store: GraphStore | pyoxigraph.Store) -> pyoxigraph.Store:
    """The pyoxigraph Store (or a remote store's SPARQL client) behind ``store``."""
    from .store import GraphStore

    return store.store if isinstance(store, GraphStore) else store


def _graph_store(store: GraphStore | pyoxigraph.Store) -> GraphStore:
    """``store`` as the GraphStore that :func:`kg.analyze.actor_network` reads, whose default
    graph is the union of the named graphs: a build's Store has that union, and is wrapped as it
    is; a Store loaded from TriG or N-Quads has none, so its quads are copied into a GraphStore in
    memory that computes it (the caller's Store is not changed)."""
    from .store import GraphStore

    if isinstance(store, GraphStore):
        return store
    wrapped = GraphStore.in_memory()
    if _union_flag(store):
        wrapped.store.bulk_extend(store.quads_for_pattern(None, None, None))
        wrapped.rebuild_union()
    else:
        wrapped.store = store
    return wrapped


def _view(store: GraphStore | pyoxigraph.Store, view: str, max_nodes: int) -> _View:
    graph = _read_graph(_oxigraph(store))
    if view == "graph":
        return _graph_view(graph, max_nodes)
    from .analyze import actor_network

    return _actors_view(graph, actor_network(_graph_store(store)), max_nodes)


def page_html(
    store: GraphStore | pyoxigraph.Store,
    *,
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
    view: str = "graph",
) -> str:
    """The graph in ``store`` (a build's GraphStore, or a pyoxigraph Store) as one
    self-contained, offline HTML page.

    ``view="graph"``: actors (shape and colour by kind: person, organisation, state), places and
    events (small, coloured by QuadClass); edges go source → event → target and event → place.
    ``view="actors"``: actors only, one edge per dyad (source → target), its width the number
    of events, green or red by the sign of their Goldstein sum. Past ``max_nodes`` nodes (actors
    in the actor view) the most connected actors are kept and the page says so.
    """
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive integer, got {max_nodes!r}")
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")
    v = _view(store, view, max_nodes)
    data = {
        "view": view,
        "nodes": v.net.nodes,
        "edges": v.net.edges,
        "options": v.options,
        "items": v.items,
        "search": v.search,
        "stabilize_ms": _STABILIZE_MS,
    }
    date_bounds, undated = _date_bounds(v.items)
    js, css = _vis_assets()
    template = _template()
    values = {
        "TITLE": _esc(title),
        "COUNTS": _esc(v.counts),
        "NOTICE": f'<p class="notice" id="notice">{_esc(v.notice)}</p>' if v.notice else "",
        "LEGEND": v.legend,
        "QUAD_OPTIONS": _quad_options(),
        "TYPE_OPTIONS": _type_options(v.items),
        "DATE_BOUNDS": date_bounds,
        "UNDATED": undated,
        "DATA": _json_for_script(data),
        "VIS_CSS": css,
        "VIS_JS": js,
    }
    values["CSP"] = _esc(_csp(template, values))
    return _fill(template, values)


def write_page(
    store: GraphStore | pyoxigraph.Store,
    path: Path,
    *,
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
    view: str = "graph",
) -> Path:
    """Write :func:`page_html` to ``path`` atomically (temporary file + rename); returns ``path``."""
    path = Path(path)
    text = page_html(store, title=title, max_nodes=max_nodes, view=view)
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
