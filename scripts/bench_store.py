#!/usr/bin/env python3
"""The store benchmark: Oxigraph (what geokg uses) against rdflib's in-memory ``Graph``, in one run.

It builds a synthetic event graph of about ``--triples`` triples (1,000,000 by default) shaped
like ``kg build`` output: articles (headline, url, publication date), each with its reports
of events and their NIF evidence mentions (the trigger's with its sentence), merged events
(``sem:Event`` with roles, CAMEO/PLOVER codes, QuadClass, Goldstein, date, place, the
articles they are derived from, their reports and evidence; some merged from two articles),
actors (people and organisations with aliases, countries, sectors and dated CAMEO actor
codes), states (``gk:Country``), places with WGS84 coordinates and WKT geometries, and the
CAMEO and PLOVER concepts. A fixed random seed makes it the same graph on every run; actors,
places and dates follow skewed (Zipf-like) distributions, places cluster around a few hot
spots, so that the saved queries have real work to do: a busy actor has hundreds of events,
a 200 km circle round a hot spot holds hundreds of places.

It then measures, in one process:

- load: the N-Triples into pyoxigraph (``bulk_load``) and into an rdflib ``Graph`` (``parse``);
  Oxigraph twice: an on-disk store in a temporary directory (as ``kg build`` keeps a graph)
  and an in-memory one (``pyoxigraph.Store()``, as a notebook or a test might hold it);
- each saved query of ``kg/data/queries`` (rendered with parameters that pick busy actors
  and places of the synthetic graph), the median of ``--runs`` runs after one warm-up, all
  rows read, on both Oxigraph stores and on rdflib; rdflib gets ``--rdflib-runs`` runs
  (default 1) and at most ``--rdflib-cap`` seconds (default 60) per measurement, after which
  it is stopped and the figure is reported as "more than the cap" (its ratio as a lower
  bound); the row counts of all three are compared;
- export of the whole graph as Turtle and N-Triples on all three (rdflib capped the same way).

rdflib runs first, each of its measurements in a forked child process (so that a capped one
can be stopped without stopping the benchmark, and no Oxigraph store is open while it forks);
the rdflib graph is then dropped and Oxigraph measured in the parent. The goal it checks, on
each Oxigraph store: every saved query with a median under 50 ms and at least 50 times faster
than rdflib. No figure is asserted anywhere (``tests/test_bench_store.py`` only runs it small).

    .venv/bin/python scripts/bench_store.py                          # 1M triples
    .venv/bin/python scripts/bench_store.py --triples 200000 --runs 5 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import multiprocessing as mp
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.query import render, run_query, saved_queries  # noqa: E402
from kg.vocab import CAMEO, GEO, GK, NIF, OWL, PLOVER, PROV, RDF, RDFS, SDO, SEM, SKOS, WGS84, XSD  # noqa: E402
from kg.iris import ids  # noqa: E402
from kg.statistics import statistics_quads  # noqa: E402
from kg.vocab import sparql_prefixes  # noqa: E402

GOAL_MS = 50.0
GOAL_RATIO = 50.0
SEED = 20250604
ID = "https://w3id.org/geokg/id/"

#: Hot spots of the synthetic news: (name, lat, lon, country); most places lie around them.
HOT_SPOTS = (
    ("Kyiv", 50.45, 30.52, "UKR"), ("Gaza", 31.50, 34.47, "PSE"), ("Khartoum", 15.50, 32.56, "SDN"),
    ("Kabul", 34.53, 69.17, "AFG"), ("Damascus", 33.51, 36.29, "SYR"), ("Moscow", 55.75, 37.62, "RUS"),
    ("Washington", 38.90, -77.04, "USA"), ("Geneva", 46.20, 6.15, "CHE"),
)  # fmt: skip
#: States of the synthetic world (the first are the busiest).
COUNTRIES = (
    ("UKR", "Ukraine"), ("RUS", "Russian Federation"), ("USA", "United States"), ("ISR", "Israel"),
    ("PSE", "Palestine"), ("SYR", "Syria"), ("SDN", "Sudan"), ("AFG", "Afghanistan"), ("CHN", "China"),
    ("FRA", "France"), ("DEU", "Germany"), ("GBR", "United Kingdom"), ("IRN", "Iran"), ("TUR", "Turkey"),
    ("CHE", "Switzerland"), ("POL", "Poland"), ("IND", "India"), ("PAK", "Pakistan"), ("NGA", "Nigeria"),
    ("EGY", "Egypt"), ("SAU", "Saudi Arabia"), ("QAT", "Qatar"), ("JPN", "Japan"), ("KOR", "South Korea"),
    ("PRK", "North Korea"), ("BRA", "Brazil"), ("MEX", "Mexico"), ("ZAF", "South Africa"), ("ETH", "Ethiopia"),
    ("IRQ", "Iraq"), ("LBN", "Lebanon"), ("YEM", "Yemen"), ("MLI", "Mali"), ("SOM", "Somalia"),
    ("VEN", "Venezuela"), ("BLR", "Belarus"), ("HUN", "Hungary"), ("ITA", "Italy"), ("ESP", "Spain"),
    ("CAN", "Canada"),
)  # fmt: skip
SECTORS = ("GOV", "MIL", "REB", "OPP", "BUS", "MED", "CVL", "JUD", "LEG", "COP")
#: (CAMEO code, PLOVER type, QuadClass, Goldstein)
CODES = (
    ("010", "CONSULT", 1, 0.0), ("020", "REQUEST", 1, 3.0), ("036", "CONSULT", 1, 4.0), ("040", "CONSULT", 1, 1.0),
    ("042", "CONSULT", 1, 1.9), ("043", "CONSULT", 1, 2.8), ("046", "CONSULT", 1, 7.0), ("051", "COOPERATE", 1, 3.4),
    ("057", "AGREE", 1, 8.0), ("061", "COOPERATE", 2, 6.4), ("070", "AID", 2, 7.0), ("071", "AID", 2, 7.4),
    ("081", "YIELD", 2, 5.0), ("100", "REQUEST", 3, -5.0), ("111", "ACCUSE", 3, -2.0), ("112", "ACCUSE", 3, -2.0),
    ("120", "REJECT", 3, -4.0), ("130", "THREATEN", 3, -4.4), ("138", "THREATEN", 3, -7.0), ("141", "PROTEST", 3, -6.5),
    ("163", "SANCTION", 4, -8.0), ("170", "COERCE", 4, -7.0), ("173", "COERCE", 4, -5.0), ("180", "ASSAULT", 4, -9.0),
    ("190", "ASSAULT", 4, -10.0), ("192", "SEIZE", 4, -9.5), ("193", "ASSAULT", 4, -10.0), ("195", "ASSAULT", 4, -10.0),
)  # fmt: skip
SYLLABLES = ("ka", "ro", "mi", "len", "dra", "vo", "sha", "tin", "bel", "zor", "an", "ek", "ul", "mar", "ni", "os", "ta", "ven")
WORDS = ("the", "talks", "forces", "said", "on", "officials", "after", "border", "attack", "minister", "peace", "city",
         "government", "statement", "military", "agreed", "accused", "in", "of", "and", "to", "a")  # fmt: skip


# --- the synthetic graph ----------------------------------------------------------------


def iri(text: str) -> str:
    return f"<{text}>"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def typed(text: object, datatype: object) -> str:
    return f'"{text}"^^<{datatype}>'


def lang(text: str, tag: str = "en") -> str:
    return f"{lit(text)}@{tag}"


@dataclass
class World:
    """What the generator made, for picking query parameters that do work."""

    actors: list[tuple[str, str, str]] = field(default_factory=list)  # (iri, label, country)
    places: list[tuple[str, str, float, float]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    articles: int = 0
    triples: int = 0


class Writer:
    """N-Triples lines, counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: object, o: str) -> None:
        self.lines.append(f"{s} <{p}> {o} .")

    def data(self) -> bytes:
        """The distinct lines (a graph is a set: an article reporting an event twice states it once)."""
        self.lines = list(dict.fromkeys(self.lines))
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (k**s) for k in range(1, n + 1)]


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts))


def _sentence(rng: random.Random, *names: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 30))]
    for n in names:
        words.insert(rng.randint(0, len(words)), n)
    return " ".join(words).capitalize() + "."


def generate(target: int, seed: int = SEED) -> tuple[bytes, World]:
    """About ``target`` triples of geokg-shaped RDF (N-Triples), and what is in it."""
    rng = random.Random(seed)
    w, world = Writer(), World()
    n_events = max(50, target // 80)
    n_actors = min(3000, max(30, n_events // 6))
    n_places = min(3000, max(20, n_events // 8))
    # states
    states = []
    for code, name in COUNTRIES:
        node = iri(f"{ID}country/{code}")
        for t in (GK.Country, SDO.Country, SEM.Actor, GK.Actor):
            w.add(node, RDF.type, iri(str(t)))
        w.add(node, RDFS.label, lang(name))
        w.add(node, GK.isoCode, lit(code))
        w.add(node, GK.actorKind, lit("GPE"))
        w.add(node, OWL.sameAs, iri(f"https://sws.geonames.org/{rng.randint(10**5, 10**7)}/"))
        states.append((node, name, code))
    # actors: people and organisations with aliases, a country, a sector, dated codes
    actors = []
    for n in range(n_actors):
        person = rng.random() < 0.6
        label = _name(rng, 2 if person else 3)
        country = COUNTRIES[min(int(rng.paretovariate(0.8)) - 1, len(COUNTRIES) - 1)][0]
        sector = rng.choice(SECTORS)
        node = iri(f"{ID}actor/{label.lower().replace(' ', '-')}-{n}")
        for t in ((SDO.Person,) if person else (SDO.Organization,)) + (SEM.Actor, GK.Actor):
            w.add(node, RDF.type, iri(str(t)))
        w.add(node, RDFS.label, lit(label))
        w.add(node, GK.actorKind, lit("PERSON" if person else "ORG"))
        w.add(node, GK.country, iri(f"{ID}country/{country}"))
        w.add(node, GK.sector, lit(sector))
        w.add(node, SKOS.altLabel, lit(label.split()[-1]))
        if rng.random() < 0.3:
            w.add(node, SKOS.altLabel, lit(f"{'President' if person else 'The'} {label.split()[-1]}"))
        code_node = iri(f"{node[1:-1]}/code-{n:08x}")
        w.add(node, GK.codedAs, code_node)
        w.add(code_node, RDF.type, iri(str(GK.ActorCode)))
        w.add(code_node, GK.code, lit(country + sector))
        w.add(code_node, GK.validFrom, typed(f"{rng.randint(1990, 2020)}-01-01", XSD.date))
        actors.append((node, label, country, country + sector))
    # places: most around the hot spots; regions hold cities
    places = []
    for n in range(n_places):
        if rng.random() < 0.75:
            spot = HOT_SPOTS[min(int(rng.paretovariate(1.0)) - 1, len(HOT_SPOTS) - 1)]
            lat, lon, country = rng.gauss(spot[1], 2.0), rng.gauss(spot[2], 2.5), spot[3]
        else:
            lat, lon, country = rng.uniform(-40, 60), rng.uniform(-120, 140), rng.choice(COUNTRIES)[0]
        lat, lon = max(-89.0, min(89.0, lat)), max(-179.0, min(179.0, lon))
        gid = 100000 + n
        node = iri(f"{ID}place/geonames-{gid}")
        label = _name(rng, 1)
        for t in (SEM.Place, GK.Place, SDO.Place):
            w.add(node, RDF.type, iri(str(t)))
        w.add(node, RDFS.label, lit(label))
        w.add(node, GK.country, iri(f"{ID}country/{country}"))
        w.add(node, GK.placePrecision, lit("city" if n % 10 else "region"))
        w.add(node, GK.geonamesId, typed(gid, XSD.integer))
        w.add(node, OWL.sameAs, iri(f"https://sws.geonames.org/{gid}/"))
        w.add(node, WGS84.lat, typed(f"{lat:.5f}", XSD.decimal))
        w.add(node, WGS84.long, typed(f"{lon:.5f}", XSD.decimal))
        geometry = iri(f"{node[1:-1]}/geometry")
        w.add(node, GEO.hasGeometry, geometry)
        w.add(geometry, RDF.type, iri(str(GEO.Geometry)))
        w.add(geometry, GEO.asWKT, typed(f"POINT({lon:.5f} {lat:.5f})", GEO.wktLiteral))
        if n % 10 and places:
            w.add(node, GK.region, places[(n // 10) * 10 if (n // 10) * 10 < len(places) else 0][0])
        places.append((node, label, lat, lon))
    # CAMEO and PLOVER concepts
    for code, plover, _q, _g in CODES:
        c = iri(str(CAMEO[code]))
        for t in (GK.CameoCode, SKOS.Concept):
            w.add(c, RDF.type, iri(str(t)))
        w.add(c, SKOS.notation, lit(code))
        w.add(c, SKOS.prefLabel, lang(f"CAMEO {code}"))
        p = iri(str(PLOVER[plover]))
        for t in (GK.PloverType, SKOS.Concept):
            w.add(p, RDF.type, iri(str(t)))
        w.add(p, SKOS.prefLabel, lang(plover))
    # the busiest first: states, then actors, by a Zipf-like weight
    players = [(s[0], s[1], s[2], s[2]) for s in states[:6]] + actors + [(s[0], s[1], s[2], s[2]) for s in states[6:]]
    player_weights = _zipf_weights(len(players), 0.9)
    place_weights = _zipf_weights(len(places), 0.8)
    codes_weights = [3.0 if c[2] in (1, 3) else 2.0 for c in CODES]
    # articles, their reports and mentions, and the events
    day0 = 737000  # 2018-11-... as a proleptic ordinal
    article = None
    per_article = 0
    n = 0
    while len(w.lines) < target or n < 10:
        if article is None or per_article >= article[2]:
            a = world.articles
            world.articles += 1
            doc = iri(f"{ID}doc/art{a:06d}")
            published = day0 + rng.randint(0, 6 * 365)
            for t in (SDO.NewsArticle, GK.Article, PROV.Entity):
                w.add(doc, RDF.type, iri(str(t)))
            w.add(doc, SDO.identifier, lit(f"art{a:06d}"))
            w.add(doc, GK.contentHash, lit(f"{rng.getrandbits(128):032x}"))
            w.add(doc, SDO.headline, lit(_sentence(rng)[:80]))
            w.add(doc, SDO.url, iri(f"https://news.example.org/{a}"))
            w.add(doc, SDO.datePublished, typed(_iso(published), XSD.date))
            article = (doc, published, rng.randint(2, 9))
            per_article = 0
        per_article += 1
        key = f"{n:016x}"
        n += 1
        source = rng.choices(players, player_weights)[0]
        target_actor = rng.choices(players, player_weights)[0] if rng.random() < 0.8 else None
        code, plover, quad, goldstein = rng.choices(CODES, codes_weights)[0]
        place = rng.choices(places, place_weights)[0] if rng.random() < 0.45 else None
        own_date = article[1] - rng.randint(0, 3) if rng.random() < 0.4 else None
        docs = [article]
        if rng.random() < 0.15:  # reported by a second article too
            docs.append((iri(f"{ID}doc/art{rng.randrange(world.articles):06d}"), article[1], 0))
        event = iri(f"{ID}event/{key}")
        label = " ".join(x for x in (source[1], "acted on", target_actor[1] if target_actor else "") if x)
        mentions_all = []
        for r, (doc, _pub, _k) in enumerate(docs):
            report = iri(f"{ID}report/{key}{r or ''}")
            mentions = _report(w, rng, report, key + (str(r) if r else ""), doc, label, code, plover, quad, goldstein,
                               source, target_actor, place, own_date)  # fmt: skip
            mentions_all.append((report, mentions))
        for t in (SEM.Event, GK.Event):
            w.add(event, RDF.type, iri(str(t)))
        _coded(w, event, code, plover, quad, goldstein, label)
        _roles(w, event, source, target_actor, place, own_date)
        w.add(event, GK.numSources, typed(len(docs), XSD.integer))
        w.add(event, GK.numMentions, typed(len(docs), XSD.integer))
        for doc, _pub, _k in docs:
            w.add(event, PROV.wasDerivedFrom, doc)
        for report, mentions in mentions_all:
            w.add(event, GK.report, report)
            for m in mentions:
                w.add(event, GK.evidence, m)
        if len(docs) > 1:
            merge = iri(f"{ID}merge/{key}")
            w.add(event, GK.merge, merge)
            for t in (GK.Merge, PROV.Activity):
                w.add(merge, RDF.type, iri(str(t)))
            w.add(merge, GK.mergeScore, typed("0.8", XSD.decimal))
            for report, _m in mentions_all:
                w.add(merge, GK.mergedReport, report)
        world.events.append(key)
    world.actors = [(a[0][1:-1], a[1], a[2]) for a in players]
    world.places = [(p[0][1:-1], p[1], p[2], p[3]) for p in places]
    data = w.data()
    world.triples = len(w.lines)
    return data, world


def _iso(ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat()


def _coded(w: Writer, node: str, code: str, plover: str, quad: int, goldstein: float, label: str) -> None:
    w.add(node, RDFS.label, lit(label))
    w.add(node, GK.cameo, iri(str(CAMEO[code])))
    w.add(node, GK.cameoCode, lit(code))
    w.add(node, GK.plover, iri(str(PLOVER[plover])))
    w.add(node, GK.quadClass, typed(quad, XSD.integer))
    w.add(node, GK.goldstein, typed(goldstein, XSD.decimal))
    w.add(node, GK.confidence, typed("0.7", XSD.decimal))
    w.add(node, GK.negated, typed("false", XSD.boolean))
    w.add(node, GK.modality, lit("asserted"))
    w.add(node, GK.rule, lit(plover))


def _roles(w: Writer, node: str, source, target, place, own_date: int | None) -> None:
    w.add(node, GK.source, source[0])
    w.add(node, SEM.hasActor, source[0])
    w.add(node, GK.sourceCode, lit(source[3]))
    if target is not None:
        w.add(node, GK.target, target[0])
        w.add(node, SEM.hasActor, target[0])
        w.add(node, GK.targetCode, lit(target[3]))
    if place is not None:
        w.add(node, SEM.hasPlace, place[0])
    if own_date is not None:
        w.add(node, SEM.hasTimeStamp, typed(_iso(own_date), XSD.date))
        w.add(node, GK.datePrecision, lit("day"))


def _report(w: Writer, rng: random.Random, report: str, key: str, doc: str, label: str, code: str, plover: str,
            quad: int, goldstein: float, source, target, place, own_date) -> list[str]:  # fmt: skip
    for t in (GK.Report, PROV.Entity):
        w.add(report, RDF.type, iri(str(t)))
    _coded(w, report, code, plover, quad, goldstein, label)
    _roles(w, report, source, target, place, own_date)
    w.add(report, PROV.wasDerivedFrom, doc)
    sentence = _sentence(rng, source[1], *([target[1]] if target else []))
    mentions = []
    roles = [("trigger", "acted"), ("source", source[1])]
    roles += [("target", target[1])] if target else []
    roles += [("location", place[1])] if place else []
    start = rng.randint(0, 5000)
    for n, (role, text) in enumerate(roles):
        m = iri(f"{ID}mention/{key}-{n}")
        for t in (NIF.String, GK.Mention):
            w.add(m, RDF.type, iri(str(t)))
        w.add(m, NIF.referenceContext, doc)
        w.add(m, NIF.beginIndex, typed(start + 10 * n, XSD.nonNegativeInteger))
        w.add(m, NIF.endIndex, typed(start + 10 * n + len(text), XSD.nonNegativeInteger))
        w.add(m, NIF.anchorOf, lit(text))
        w.add(m, GK.role, lit(role))
        if role == "trigger":
            w.add(m, GK.sentence, lit(sentence))
        w.add(report, GK.evidence, m)
        mentions.append(m)
    return mentions


# --- the cases --------------------------------------------------------------------------


def cases(world: World) -> list[tuple[str, str, dict[str, object]]]:
    """(case name, saved query, parameters): every saved query, with parameters that pick
    busy actors and places of the synthetic graph."""
    person = next(a for a in world.actors if "/actor/" in a[0])  # the busiest non-state actor
    hot = HOT_SPOTS[0]
    chosen = [
        ("who-did-what actor", "who-did-what", {"actor": person[1]}),
        ("who-did-what code+dates", "who-did-what", {"code": "RUS", "cameo": "19", "from": "2020-01-01", "to": "2022-12-31"}),
        ("near-place 200 km", "near-place", {"lat": hot[1], "lon": hot[2], "km": 200}),
        ("actor-timeline", "actor-timeline", {"actor": person[1]}),
        ("dyad-by-month RUS-UKR codes", "dyad-by-month", {"a_code": "RUS", "b_code": "UKR"}),
        ("dyad-by-month names", "dyad-by-month", {"a": "Russia", "b": "Ukraine"}),
        ("top-actors", "top-actors", {"limit": 20}),
        ("event-evidence", "event-evidence", {"event": world.events[len(world.events) // 2]}),
    ]
    names = {q.name for q in saved_queries()}
    missing = names - {c[1] for c in chosen}
    if missing:
        raise SystemExit(f"bench_store: no case for the saved queries {sorted(missing)}")
    return chosen


# --- measuring --------------------------------------------------------------------------


def _time(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _child(conn, fn: Callable[[], Any], runs: int, budget: float) -> None:
    """In a forked child: run ``fn`` up to ``runs`` times within ``budget`` seconds."""
    times, size = [], None
    start = time.perf_counter()
    for _ in range(runs):
        seconds, out = _time(fn)
        times.append(seconds)
        size = out
        conn.send(("run", seconds, size))
        if time.perf_counter() - start > budget:
            break
    conn.send(("done", None, size))
    conn.close()


def capped(fn: Callable[[], Any], runs: int, cap: float) -> dict[str, Any]:
    """``fn`` run in a forked child, at most ``runs`` times and ``cap`` seconds in all; the
    child is stopped at the cap (its figure is then "more than cap")."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, runs, cap))
    proc.start()
    child.close()
    times, size, deadline, finished = [], None, time.monotonic() + cap, False
    while time.monotonic() < deadline:
        if not parent.poll(max(0.0, min(1.0, deadline - time.monotonic()))):
            if not proc.is_alive():
                break
            continue
        try:
            kind, seconds, size = parent.recv()
        except EOFError:
            break
        if kind == "done":
            finished = True
            break
        times.append(seconds)
    if proc.is_alive():
        proc.kill()  # the child this function started, by its own handle
    proc.join()
    if not times:
        return {"median_s": None, "runs": 0, "capped": True, "more_than_s": cap, "result": size}
    return {"median_s": statistics.median(times), "runs": len(times), "capped": not finished and len(times) < runs,
            "more_than_s": None, "result": size}  # fmt: skip


def median_runs(fn: Callable[[], Any], runs: int) -> dict[str, Any]:
    """One warm-up, then the median of ``runs`` runs."""
    _, out = _time(fn)
    times = [_time(fn)[0] for _ in range(runs)]
    return {"median_s": statistics.median(times), "runs": runs, "capped": False, "more_than_s": None, "result": out}


class _OxStore:
    """A pyoxigraph store with the ``query`` method :func:`kg.query.run_query` expects."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, sparql: str):
        return self.store.query(sparql)


def _rows_oxigraph(store: _OxStore, text: str) -> int:
    result = run_query(store, text)
    return len(result.terms) if result.kind == "select" else len(result.triples)


def _rows_rdflib(graph, text: str) -> int:
    return len(list(graph.query(text)))


def with_statistics(data: bytes) -> tuple[bytes, int, float]:
    """The graph with the statistics a build derives from its events (:mod:`kg.statistics`,
    which ``top-actors`` and ``dyad-by-month`` read), computed as a build computes them, on an
    in-memory Oxigraph store; returns the data, the statistics' size and the seconds taken."""
    store = ox.Store()
    store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    t0 = time.perf_counter()
    quads = statistics_quads(lambda q: store.query(sparql_prefixes() + q), ids(), ox.DefaultGraph())
    seconds = time.perf_counter() - t0
    extra = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return data + extra, len(quads), seconds


def bench(args: argparse.Namespace) -> dict[str, Any]:
    seconds, (data, world) = _time(lambda: generate(args.triples, args.seed))
    data, n_statistics, statistics_s = with_statistics(data)
    report: dict[str, Any] = {
        "graph": {"triples": world.triples + n_statistics, "events": len(world.events), "articles": world.articles,
                  "actors": len(world.actors), "places": len(world.places), "bytes_ntriples": len(data),
                  "generate_s": round(seconds, 2), "seed": args.seed,
                  "statistics_triples": n_statistics, "statistics_s": round(statistics_s, 2)},
        "settings": {"runs": args.runs, "rdflib_runs": args.rdflib_runs, "rdflib_cap_s": args.rdflib_cap,
                     "python": platform.python_version(), "pyoxigraph": ox.__version__, "cpus": os.cpu_count()},
        "load": {}, "queries": {}, "export": {},
    }  # fmt: skip
    chosen = cases(world)
    texts = {name: render(query, params) for name, query, params in chosen}
    rdflib_figures = _bench_rdflib(data, texts, args)  # first: forks while no Oxigraph store is open
    gc.collect()
    oxigraph_figures = _bench_oxigraph(data, texts, args)
    memory_figures = _measure_oxigraph(ox.Store(), data, texts, args)
    report["settings"]["rdflib"] = rdflib_figures["version"]
    engines = (("rdflib", rdflib_figures), ("oxigraph", oxigraph_figures), ("oxigraph_memory", memory_figures))
    for engine, figures in engines:
        report["load"][engine] = figures["load"]
        for name, fig in figures["queries"].items():
            report["queries"].setdefault(name, {})[engine] = fig
        for fmt, fig in figures["export"].items():
            report["export"].setdefault(fmt, {})[engine] = fig
    report["ratios"] = _ratios(report)
    report["goal"] = _goal(report)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return report


def _bench_rdflib(data: bytes, texts: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """rdflib's figures: the load in this process, each query and export in a forked child
    (capped); the graph is gone when this returns."""
    import rdflib

    seconds, graph = _time(lambda: rdflib.Graph().parse(data=data, format="nt"))
    out: dict[str, Any] = {"version": rdflib.__version__, "load": {"seconds": seconds}, "queries": {}, "export": {}}
    for name, text in texts.items():
        out["queries"][name] = capped(lambda t=text: _rows_rdflib(graph, t), args.rdflib_runs, args.rdflib_cap)
    for fmt, rdflib_fmt in (("turtle", "turtle"), ("ntriples", "nt")):
        out["export"][fmt] = capped(lambda f=rdflib_fmt: len(graph.serialize(format=f, encoding="utf-8")), 1, args.rdflib_cap)
    return out


def _bench_oxigraph(data: bytes, texts: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """Oxigraph's figures on an on-disk store (as a build's, in a temporary directory)."""
    tmp = tempfile.mkdtemp(prefix="bench-store-")
    try:
        return _measure_oxigraph(ox.Store(str(Path(tmp) / "store")), data, texts, args)
    finally:  # the store is gone (it lived in the call above) before its directory
        gc.collect()
        shutil.rmtree(tmp, ignore_errors=True)


def _measure_oxigraph(store: ox.Store, data: bytes, texts: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    seconds, _ = _time(lambda: store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES))
    out: dict[str, Any] = {"load": {"seconds": seconds, "quads": len(store)}, "queries": {}, "export": {}}
    wrapped = _OxStore(store)
    for name, text in texts.items():
        out["queries"][name] = median_runs(lambda t=text: _rows_oxigraph(wrapped, t), args.runs)
    for fmt, ox_fmt in (("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)):
        dump = lambda f=ox_fmt: len(store.dump(format=f, from_graph=ox.DefaultGraph()))  # noqa: E731
        out["export"][fmt] = median_runs(dump, max(1, min(args.runs, 3)))
    return out

def _ratio(slow: dict[str, Any], fast: dict[str, Any]) -> dict[str, Any]:
    """rdflib time over Oxigraph time: a figure, or a lower bound when rdflib was capped."""
    fast_s = fast["median_s"]
    if slow["median_s"] is not None:
        return {"ratio": slow["median_s"] / fast_s if fast_s else math.inf, "at_least": False}
    return {"ratio": slow["more_than_s"] / fast_s if fast_s else math.inf, "at_least": True}


#: The Oxigraph stores measured: on disk (as ``kg build`` keeps a graph) and in memory.
STORES = ("oxigraph", "oxigraph_memory")


def _ratios(report: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for store in STORES:
        mine = {"load": report["load"]["rdflib"]["seconds"] / report["load"][store]["seconds"]}
        for name, r in report["queries"].items():
            mine[f"query {name}"] = _ratio(r["rdflib"], r[store])
        for fmt, r in report["export"].items():
            mine[f"export {fmt}"] = _ratio(r["rdflib"], r[store])
        out[store] = mine
    return out


def _goal(report: dict[str, Any]) -> dict[str, Any]:
    """Which saved-query cases meet the goal (median under 50 ms, 50x faster than rdflib), on
    each Oxigraph store."""
    out: dict[str, Any] = {}
    for name, r in report["queries"].items():
        out[name] = {"same_rows": _same_rows(r)}
        for store in STORES:
            ms = r[store]["median_s"] * 1000
            ratio = report["ratios"][store][f"query {name}"]["ratio"]
            out[name][store] = {"under_50ms": ms < GOAL_MS, "50x_rdflib": ratio >= GOAL_RATIO}
    return out


def _same_rows(r: dict[str, Any]) -> bool | None:
    a, m, b = r["oxigraph"]["result"], r["oxigraph_memory"]["result"], r["rdflib"]["result"]
    return a == m if b is None else a == m == b


def _seconds(fig: dict[str, Any]) -> str:
    if fig["median_s"] is None:
        return f"> {fig['more_than_s']:.0f} s (capped)"
    s = fig["median_s"]
    text = f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
    return text + (" (capped)" if fig.get("capped") else "") + (f" [{fig['runs']} runs]" if fig["runs"] != 1 else "")


def _x(r: dict[str, Any]) -> str:
    return (">= " if r["at_least"] else "") + f"{r['ratio']:.0f}x"


def _met(goal: dict[str, bool]) -> bool:
    return goal["under_50ms"] and goal["50x_rdflib"]


def print_table(report: dict[str, Any]) -> None:
    g = report["graph"]
    print(f"synthetic graph: {g['triples']:,} triples, {g['events']:,} events, {g['articles']:,} articles, "
          f"{g['actors']:,} actors, {g['places']:,} places (seed {g['seed']}, generated in {g['generate_s']} s)")  # fmt: skip
    print(f"of which {g['statistics_triples']:,} triples of statistics derived from the events as a build derives them "
          f"(kg.statistics, {g['statistics_s']} s on Oxigraph in memory)")  # fmt: skip
    s = report["settings"]
    print(f"pyoxigraph {s['pyoxigraph']}: an on-disk store (as a build's) and an in-memory one; rdflib {s.get('rdflib')}: "
          f"in-memory Graph. Oxigraph: median of {s['runs']} runs after a warm-up; rdflib: {s['rdflib_runs']} run(s), "
          f"capped at {s['rdflib_cap_s']:.0f} s; {s['cpus']} CPUs, Python {s['python']}\n")  # fmt: skip
    ratios = report["ratios"]
    rows = [("load (N-Triples)", *(f"{report['load'][e]['seconds']:.2f} s" for e in (*STORES, "rdflib")),
             *(f"{ratios[e]['load']:.1f}x" for e in STORES), "", "")]  # fmt: skip
    for name, r in report["queries"].items():
        goal = report["goal"][name]
        ok = "/".join("yes" if _met(goal[e]) else "NO" for e in STORES)
        same = {True: "same", False: "DIFFER", None: "-"}[goal["same_rows"]]
        rows.append((f"query {name}", *(_seconds(r[e]) for e in (*STORES, "rdflib")),
                     *(_x(ratios[e][f"query {name}"]) for e in STORES), f"{r['oxigraph']['result']} {same}", ok))  # fmt: skip
    for fmt, r in report["export"].items():
        rows.append((f"export {fmt}", *(_seconds(r[e]) for e in (*STORES, "rdflib")),
                     *(_x(ratios[e][f"export {fmt}"]) for e in STORES), "", ""))  # fmt: skip
    header = ("measurement", "Oxigraph disk", "Oxigraph memory", "rdflib", "ratio disk", "ratio memory", "rows", "goal disk/mem")
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * n for n in widths), *rows):
        print("  ".join(str(c).ljust(n) for c, n in zip(row, widths)).rstrip())
    met = {e: sum(_met(goal[e]) for goal in report["goal"].values()) for e in STORES}
    print(f"\ngoal (median < {GOAL_MS:.0f} ms on Oxigraph and >= {GOAL_RATIO:.0f}x rdflib): {met['oxigraph']} of "
          f"{len(report['goal'])} query cases on disk, {met['oxigraph_memory']} in memory; peak RSS {report['peak_rss_mb']:.0f} MB")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=20, help="Oxigraph runs per query (median; default 20)")
    parser.add_argument("--rdflib-runs", type=int, default=1, help="rdflib runs per query (default 1)")
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds rdflib may take per measurement (default 60)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of the synthetic graph")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    report = bench(args)
    if args.json:
        print(json.dumps(report, indent=1, default=str))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
