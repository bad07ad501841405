"""Timeline and map views of the events: two self-contained, offline HTML pages.

The **timeline** has one row per dyad (source → target, the most active first) with time on the
x axis and one mark per event coloured by QuadClass; when the span is long, events are binned
by month (or by year past twenty years) and each bin is a bar stacked by QuadClass. The **map**
draws each place at its coordinates as a circle marker (Leaflet, vendored in
``kg/data/web/leaflet/``) sized by its number of events and coloured by their prevailing
QuadClass; OpenStreetMap tiles are off until the reader turns them on, so the page works
offline and tells no tile server what is being looked at unless asked to.

Both pages are built like :mod:`kg.viz`'s graph page and with its helpers: everything inlined,
a Content-Security-Policy holding the hashes of the page's own scripts (the map's also allows
images from the tile server, and nothing else), the data embedded as JSON that cannot close its
``<script>`` element, and article links only for http(s) URLs. Article text is untrusted: the
pages' scripts put every string from the graph into the page with ``textContent``, never as
HTML.

An event's date is its own, else its first article's publication date (as the saved queries
take it), and the page says which.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store import write_atomically
from .viz import (
    _QUAD_STYLES,
    _as_float,
    _as_int,
    _csp,
    _esc,
    _fill,
    _json_for_script,
    _local_name,
    _plural,
    _read_text,
    _safe_url,
    _union_flag,
)
from .vocab import sparql_prefixes

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

__all__ = ["map_html", "timeline_html", "write_map", "write_timeline"]

DEFAULT_MAP_TITLE = "geokg map"
DEFAULT_TIMELINE_TITLE = "geokg timeline"
DEFAULT_MAX_ROWS = 50  # dyads on the timeline
MAX_UNDATED = 500  # events without a date listed under the timeline
TILE_ORIGIN = "https://tile.openstreetmap.org"
TILE_URL = TILE_ORIGIN + "/{z}/{x}/{y}.png"

_EMPTY = "The graph is empty: there are no events to show."
_MAX_EVIDENCE = 3  # sentences per event in the details
_MAX_ARTICLES = 8  # articles per event in the details

# One row per (event, property, value), as in kg.viz: UNION branches rather than OPTIONALs, so
# that several articles and sentences do not multiply into a cross product.
_EVENTS_QUERY = (
    sparql_prefixes()
    + """
SELECT ?e ?k ?v ?w ?x ?y WHERE {
  ?e a sem:Event .
  { ?e a sem:Event . BIND("node" AS ?k) }
  UNION { ?e rdfs:label ?v . BIND("label" AS ?k) }
  UNION { ?e gk:cameoCode ?v . OPTIONAL { ?e gk:cameo/skos:prefLabel ?w } BIND("cameo" AS ?k) }
  UNION { ?e gk:plover ?v . BIND("plover" AS ?k) }
  UNION { ?e gk:quadClass ?v . BIND("quad" AS ?k) }
  UNION { ?e gk:goldstein ?v . BIND("goldstein" AS ?k) }
  UNION { ?e sem:hasTimeStamp ?v . OPTIONAL { ?e gk:datePrecision ?w } BIND("date" AS ?k) }
  UNION { ?e gk:source ?v . OPTIONAL { ?v rdfs:label ?w } BIND("source" AS ?k) }
  UNION { ?e gk:target ?v . OPTIONAL { ?v rdfs:label ?w } BIND("target" AS ?k) }
  UNION { ?e sem:hasPlace ?v . OPTIONAL { ?v rdfs:label ?w } OPTIONAL { ?v geo:lat ?x }
          OPTIONAL { ?v geo:long ?y } BIND("place" AS ?k) }
  UNION { ?e gk:evidence ?v . ?v gk:role "trigger" . OPTIONAL { ?v gk:sentence ?w }
          OPTIONAL { ?v nif:anchorOf ?x } BIND("evidence" AS ?k) }
  UNION { ?e prov:wasDerivedFrom ?v . OPTIONAL { ?v schema:headline ?w } OPTIONAL { ?v schema:url ?x }
          OPTIONAL { ?v schema:datePublished ?y } BIND("article" AS ?k) }
}
"""
)

# ---------------------------------------------------------------------------------------------
# Reading the store.


@dataclass(frozen=True, slots=True)
class _Article:
    title: str  # headline, else URL, else the article's id
    url: str | None  # http(s) only
    published: str | None  # YYYY-MM-DD


@dataclass(frozen=True, slots=True, order=True)
class _Role:
    iri: str
    label: str


@dataclass(frozen=True, slots=True, order=True)
class _Place:
    iri: str
    label: str
    coords: tuple[float, ...]  # (lat, lon), or () when unknown or out of range


@dataclass(frozen=True, slots=True)
class _Event:
    iri: str
    label: str
    cameo: str | None
    cameo_name: str | None
    plover: str | None
    quad: int | None  # 1..4
    goldstein: float | None
    date: str | None  # YYYY-MM-DD: the event's own, else its first article's
    date_kind: str | None  # day | month | year (the event's own date), article (publication date)
    source: _Role | None
    target: _Role | None
    place: _Place | None
    evidence: tuple[tuple[str, str], ...]  # (sentence, trigger or "")
    articles: tuple[_Article, ...]


def _least(values: dict[str, set[Any]], key: str) -> Any:
    """The least value of ``key`` (a stable pick where the graph states several)."""
    found = values.get(key)
    return min(found) if found else None


def _event(iri: str, values: dict[str, set[Any]]) -> _Event:
    cameo = _least(values, "cameo")
    own_date = _least(values, "date")
    published = sorted(a.published for a in values.get("article", ()) if a.published)
    if own_date is not None:
        date, kind = own_date[0][:10], own_date[1] or "day"
    elif published:
        date, kind = published[0], "article"
    else:
        date = kind = None
    quad = _as_int(_least(values, "quad"))
    plover = _least(values, "plover")
    evidence = sorted(e for e in values.get("evidence", ()) if e[0])
    articles = sorted(values.get("article", ()), key=lambda a: (a.published or "9999", a.title, a.url or ""))
    return _Event(
        iri=iri,
        label=_least(values, "label") or _local_name(iri),
        cameo=cameo[0] if cameo else None,
        cameo_name=(cameo[1] or None) if cameo else None,
        plover=_local_name(plover) if plover else None,
        quad=quad if quad in (1, 2, 3, 4) else None,
        goldstein=_as_float(_least(values, "goldstein")),
        date=date,
        date_kind=kind,
        source=_least(values, "source"),
        target=_least(values, "target"),
        place=_least(values, "place"),
        evidence=tuple(evidence[:_MAX_EVIDENCE]),
        articles=tuple(articles[:_MAX_ARTICLES]),
    )


def _read_events(store: pyoxigraph.Store) -> list[_Event]:
    """Every ``sem:Event`` of the store (the union of its graphs), sorted by IRI."""
    rows: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for row in store.query(_EVENTS_QUERY, use_default_graph_as_union=_union_flag(store)):
        iri, kind, v, w, x, y = (None if row[i] is None else row[i].value for i in range(6))
        values = rows[iri]
        if v is None:
            continue
        values[kind].add(_value(kind, v, w, x, y))
    return [_event(iri, values) for iri, values in sorted(rows.items())]


def _value(kind: str, v: str, w: str | None, x: str | None, y: str | None) -> Any:
    """One row of the events query as the value it stands for."""
    if kind in ("source", "target"):
        return _Role(v, w or _local_name(v))
    if kind == "place":
        lat, lon = _as_float(x), _as_float(y)
        located = lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180
        return _Place(v, w or _local_name(v), (lat, lon) if located else ())
    if kind == "article":
        url = _safe_url(x) if x else None
        return _Article(w or url or _local_name(v), url, y[:10] if y else None)
    if kind in ("cameo", "date"):
        return (v, w or "")
    if kind == "evidence":
        return (w or "", x or "")
    return v


def _event_json(ev: _Event) -> dict[str, Any]:
    """What the pages' scripts show of an event (every string is put in with textContent)."""
    return {
        "label": ev.label,
        "cameo": ev.cameo,
        "cameoName": ev.cameo_name,
        "plover": ev.plover,
        "quad": ev.quad,
        "goldstein": ev.goldstein,
        "date": ev.date,
        "dateKind": ev.date_kind,
        "source": ev.source.label if ev.source else None,
        "target": ev.target.label if ev.target else None,
        "place": ev.place.label if ev.place else None,
        "evidence": [[s, t] for s, t in ev.evidence],
        "articles": [[a.title, a.url] for a in ev.articles],
    }


# ---------------------------------------------------------------------------------------------
# Page assembly, shared by both views.


def _template(name: str) -> str:
    return _read_text(resources.files("kg.data") / "web" / name)


@functools.lru_cache(maxsize=1)
def _leaflet() -> tuple[str, str]:
    """Leaflet's JS and CSS, ready to inline: no source map comment, nothing that could end
    the ``<script>``/``<style>`` element, and no ``url(images/…)`` (circle markers need none,
    and a page on file:// must not ask for files beside it)."""
    folder = resources.files("kg.data") / "web" / "leaflet"
    js = re.sub(r"^//# sourceMappingURL=.*$", "", _read_text(folder / "leaflet.js"), flags=re.M)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")
    css = re.sub(r"background-image:\s*url\(images/[^)]*\);?", "", _read_text(folder / "leaflet.css"))
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)
    return js, css


def _quad_legend() -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{s.color}"></span>{_esc(s.name)}</li>'
        for s in _QUAD_STYLES.values()
    )
    return f'<ul class="legend">{items}</ul>'


def _quad_styles() -> dict[str, dict[str, str]]:
    """The graph page's QuadClass colours and names, keyed "1".."4" and "0" (not coded)."""
    return {str(q or 0): {"color": s.color, "name": s.name} for q, s in _QUAD_STYLES.items()}


@functools.lru_cache(maxsize=1)
def _shared_assets() -> tuple[str, str]:
    """The script and stylesheet both views share (event details, filters)."""
    folder = resources.files("kg.data") / "web"
    return _read_text(folder / "views.js"), _read_text(folder / "views.css")


def _page(template_name: str, values: dict[str, str], *, img_src: str = "") -> str:
    """Fill a template and add its policy (``img_src``: an origin images may also come from)."""
    template = _template(template_name)
    js, css = _shared_assets()
    values = {**values, "LEGEND": _quad_legend(), "VIEWS_JS": js, "VIEWS_CSS": css}
    policy = _csp(template, values)
    if img_src:
        policy = policy.replace("img-src data:", f"img-src data: {img_src}", 1)
    values["CSP"] = _esc(policy)
    return _fill(template, values)


def _notice(text: str | None) -> str:
    return f'<p class="notice" id="notice">{_esc(text)}</p>' if text else ""


def _write(path: Path, text: str) -> Path:
    """Write a page atomically, readable by all (it is meant to be shared)."""
    path = write_atomically(Path(path), text)
    os.chmod(path, 0o644)
    return path


# ---------------------------------------------------------------------------------------------
# Timeline.


def _dyad_label(ev: _Event) -> str:
    source = ev.source.label if ev.source else "(no source)"
    target = ev.target.label if ev.target else "(no target)"
    return f"{source} \u2192 {target}"


def _dyad_key(ev: _Event) -> tuple[str, str]:
    return (ev.source.iri if ev.source else "", ev.target.iri if ev.target else "")


def _timeline_data(events: list[_Event], max_rows: int) -> tuple[dict[str, Any], str | None]:
    """Rows of dated events per dyad (the ``max_rows`` with most events), the events without
    a date (at most :data:`MAX_UNDATED`), and a notice saying what was left out."""
    by_dyad: dict[tuple[str, str], list[_Event]] = defaultdict(list)
    undated = [ev for ev in events if ev.date is None]
    for ev in events:
        if ev.date is not None:
            by_dyad[_dyad_key(ev)].append(ev)
    ranked = sorted(by_dyad.values(), key=lambda evs: (-len(evs), _dyad_label(evs[0]).casefold(), _dyad_key(evs[0])))
    shown = ranked[:max_rows]
    undated.sort(key=lambda ev: (_dyad_label(ev).casefold(), ev.label, ev.iri))

    shipped: list[dict[str, Any]] = []

    def ids(evs: list[_Event]) -> list[int]:
        shipped.extend(_event_json(ev) for ev in evs)
        return list(range(len(shipped) - len(evs), len(shipped)))

    rows = [
        {"label": _dyad_label(evs[0]), "events": ids(sorted(evs, key=lambda ev: (ev.date, ev.iri)))}
        for evs in shown
    ]
    data = {"events": shipped, "rows": rows, "undated": ids(undated[:MAX_UNDATED]), "undatedTotal": len(undated)}
    notes = []
    if len(ranked) > max_rows:
        left = sum(len(evs) for evs in ranked[max_rows:])
        notes.append(
            f"Showing the {max_rows:,} dyads with the most dated events, of {len(ranked):,}; "
            f"the other {_plural(len(ranked) - max_rows, 'dyad')} ({_plural(left, 'event')}) are not shown."
        )
    if len(undated) > MAX_UNDATED:
        notes.append(f"The first {MAX_UNDATED:,} of {len(undated):,} events without a date are listed.")
    return data, " ".join(notes) or None


def timeline_html(
    store: pyoxigraph.Store, *, title: str = DEFAULT_TIMELINE_TITLE, max_rows: int = DEFAULT_MAX_ROWS
) -> str:
    """The events of ``store`` over time, one row per dyad, as one self-contained HTML page.

    Rows are source → target pairs with most dated events first, at most ``max_rows`` (the
    page says how many were left out); events without any date are listed below the chart.
    """
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive integer, got {max_rows!r}")
    events = _read_events(store)
    data, notice = _timeline_data(events, max_rows)
    dated = len(events) - data["undatedTotal"]
    if not events:
        counts, notice = "", _EMPTY
    else:
        counts = f"{_plural(len(events), 'event')} \u00b7 {dated:,} dated \u00b7 {data['undatedTotal']:,} without a date"
    data["styles"] = _quad_styles()
    return _page(
        "timeline.html",
        {"TITLE": _esc(title), "COUNTS": _esc(counts), "NOTICE": _notice(notice), "DATA": _json_for_script(data)},
    )


def write_timeline(
    store: pyoxigraph.Store, path: Path, *, title: str = DEFAULT_TIMELINE_TITLE, max_rows: int = DEFAULT_MAX_ROWS
) -> Path:
    """Write :func:`timeline_html` to ``path`` atomically; returns ``path``."""
    return _write(path, timeline_html(store, title=title, max_rows=max_rows))


# ---------------------------------------------------------------------------------------------
# Map.


def _map_data(events: list[_Event]) -> tuple[dict[str, Any], Counter[str]]:
    """The located places with their events (the most reported place first), and the count of
    events not on the map by reason."""
    at: dict[str, list[_Event]] = defaultdict(list)
    missing: Counter[str] = Counter()
    for ev in events:
        if ev.place is None:
            missing["no place"] += 1
        elif not ev.place.coords:
            missing["a place without coordinates"] += 1
        else:
            at[ev.place.iri].append(ev)
    shipped: list[dict[str, Any]] = []
    places = []
    for evs in sorted(at.values(), key=lambda evs: (-len(evs), evs[0].place.label, evs[0].place.iri)):
        place = evs[0].place
        evs.sort(key=lambda ev: (ev.date or "9999", ev.iri))
        first = len(shipped)
        shipped.extend(_event_json(ev) for ev in evs)
        lat, lon = place.coords
        places.append({"name": place.label, "lat": lat, "lon": lon, "events": list(range(first, len(shipped)))})
    return {"events": shipped, "places": places}, missing


def _unmapped_notice(missing: Counter[str]) -> str | None:
    n = sum(missing.values())
    if not n:
        return None
    reasons = ", ".join(f"{k:,} with {why}" for why, k in sorted(missing.items()))
    return f"{_plural(n, 'event')} without coordinates {'is' if n == 1 else 'are'} not shown ({reasons})."


def map_html(store: pyoxigraph.Store, *, title: str = DEFAULT_MAP_TITLE) -> str:
    """The events of ``store`` at their places' coordinates, as one self-contained HTML page.

    One circle marker per place (sized by its events, coloured by their prevailing QuadClass;
    a popup lists them). The page says how many events have no coordinates and are not shown.
    Map tiles are off until the reader turns them on (they need the internet).
    """
    events = _read_events(store)
    data, missing = _map_data(events)
    if not events:
        counts, notice = "", _EMPTY
    else:
        counts = f"{_plural(len(events), 'event')} \u00b7 {_plural(len(data['places']), 'place')} on the map"
        notice = _unmapped_notice(missing)
    data.update(styles=_quad_styles(), tiles=TILE_URL, unmapped=sum(missing.values()))
    js, css = _leaflet()
    values = {
        "TITLE": _esc(title),
        "COUNTS": _esc(counts),
        "NOTICE": _notice(notice),
        "DATA": _json_for_script(data),
        "LEAFLET_JS": js,
        "LEAFLET_CSS": css,
    }
    return _page("map.html", values, img_src=TILE_ORIGIN)


def write_map(store: pyoxigraph.Store, path: Path, *, title: str = DEFAULT_MAP_TITLE) -> Path:
    """Write :func:`map_html` to ``path`` atomically; returns ``path``."""
    return _write(path, map_html(store, title=title))
