"""Export: the graph as RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD), as a network
(GraphML, GEXF) or as an events table (CSV in GDELT- and ACLED-like columns).

RDF. Turtle and N-Triples hold the union of all graphs; N-Quads and TriG every named graph
(one per article, one per CAMEO root of the derived events), all written by Oxigraph.
JSON-LD is the union too, compacted with the geokg context (``ontologies/context.jsonld``,
published at :data:`CONTEXT_URL`), embedded whole so that offline readers need not fetch
it; JSON-LD has no place for a note naming the published copy, so it is documented here and
in the README: the embedded object is byte for byte the ``@context`` published there.
Integers and booleans compact to JSON numbers and booleans (``"quadClass": 3``); decimals
(Goldstein, confidence, coordinates) to strings typed by the context (``"goldstein": "-2"``),
since a JSON number with a fraction would read back as an ``xsd:double``.

Network. :func:`event_network` reads actors, events, places and their countries into a
``networkx.MultiDiGraph`` (two SPARQL queries): ``source`` edges run from the actor to the
event, ``target`` edges from the event to the actor, ``place`` from the event to its place,
``country`` from an actor or place to its country.

Events table. One row per ``sem:Event``; the columns (:data:`EVENT_COLUMNS`) are GDELT 2.0
event-table names where geokg has the value, then ACLED names, then geokg's own. Where they
differ from the real GDELT and ACLED:

- ``GLOBALEVENTID`` is the key of the event's IRI (hexadecimal), not a sequence number.
- Dates: ``SQLDATE``, ``MonthYear``, ``Year``, ``FractionDate`` (year + the fraction of the
  year completed before the day) and ``event_date`` are the event's date as the text gives
  it; a month or year date is the first day of the period, and ``date_precision`` says so.
  An event whose text gives no date has none (GDELT would use the article's date: that is
  ``DATEADDED``, the first publication date of its articles, YYYYMMDD without the time).
- Actor codes (``Actor1Code``: ``gk:sourceCode``, the CAMEO code on the event's date, e.g.
  "UKRGOV") are the Phoenix/PETRARCH2 dictionaries' codes; ``Actor1CountryCode`` is the
  actor's country's ISO 3166-1 alpha-3 code (``gk:isoCode``), blank for international
  organisations, which have ``Actor1KnownGroupCode`` ("UNO") and ``Actor1Type1Code`` "IGO".
  There are no Type2/Type3, ethnic or religion codes and no actor geography.
- ``IsRootEvent`` is left out: geokg does not know paragraphs, and writing 1 would be a guess.
- ``NumMentions`` counts reports (one per article and event), ``NumArticles`` articles
  (``gk:numSources``), ``NumSources`` outlets (an article's ``schema:publisher``, else its
  URL's host; an article with neither counts as an outlet of its own). No ``AvgTone``.
- ``ActionGeo_*``: ``CountryCode`` is ISO alpha-3 where GDELT uses FIPS 10-4; ``ADM1Code``
  the ISO 3166-2 code of the region ("UA-14") where GDELT uses FIPS; ``FeatureID`` the
  GeoNames id; ``Type`` 1 country, 2/5 US state / other region, 3/4 US city / other city or
  site; ``FullName`` "place, region, country".
- ACLED: ``event_type`` is the PLOVER type, ``sub_event_type`` the CAMEO code's name, not
  ACLED's categories; ``geo_precision`` 1 for a town or site, 3 for a region or country;
  ``fatalities`` is blank when the text gives no number (ACLED writes 0); ``notes`` is the
  sentence the first article says it in; ``source`` its articles' outlets, "; "-separated.
- "First article": the earliest published of the articles reporting the event (then the
  smallest id); ``doc_id``, ``SOURCEURL``, ``notes`` and ``trigger`` are all from it.

Untrusted text in the table is quoted by the csv module (commas, quotes and newlines
round-trip), and a text cell that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``; numeric columns
are left alone, so a Goldstein score of -2.0 stays a number.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from .errors import BadFormat
from .records import Event
from .store import GraphStore, write_atomically
from .vocab import PLOVER, ontology_file

if TYPE_CHECKING:
    import networkx as nx

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
#: File suffixes and the formats they mean, for ``kg export -o FILE`` without ``--format``.
SUFFIX_FORMATS = {
    ".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
    ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv",
}  # fmt: skip

#: Where the JSON-LD context of ``ontologies/context.jsonld`` is published.
CONTEXT_URL = "https://w3id.org/geokg/context.jsonld"

# --- the events table ------------------------------------------------------------------

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2Type1Code",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
ACLED_COLUMNS = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "fatalities", "notes",
)  # fmt: skip
GEOKG_COLUMNS = (
    "event", "label", "doc_id", "negated", "modality", "confidence", "trigger",
    "date_precision", "place_precision", "injured", "quantity",
)  # fmt: skip
#: Columns of ``events.csv``, ``kg export --format csv`` and ``kg extract --format csv``.
EVENT_COLUMNS = GDELT_COLUMNS + ACLED_COLUMNS + GEOKG_COLUMNS
#: Columns that may hold text from an article or its metadata: guarded against formulas.
TEXT_COLUMNS = frozenset(
    ("Actor1Name", "Actor2Name", "ActionGeo_FullName", "SOURCEURL", "actor1", "actor2", "country", "admin1",
     "location", "source", "notes", "label", "doc_id", "trigger", "sub_event_type")
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RoleFacts:
    """An event's source or target as the table needs it."""

    name: str | None
    code: str | None  # CAMEO actor code on the event's date ("UKRGOV")
    country: str | None  # ISO 3166-1 alpha-3 of the actor's country (None for IGOs)


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """An event's place as the table needs it."""

    name: str | None
    precision: str | None  # country | region | city | site
    country: str | None  # ISO alpha-3
    country_name: str | None
    region_code: str | None  # ISO 3166-2
    region_name: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """The articles reporting an event: the first one's particulars and the outlets."""

    doc_id: str | None = None
    url: str | None = None
    trigger: str | None = None
    sentence: str | None = None
    begin: int | None = None  # the trigger's offset in the first article
    first_published: date | None = None
    outlets: tuple[str, ...] = ()
    num_outlets: int = 1


@dataclass(frozen=True, slots=True)
class EventFacts:
    """One event, typed, from the store or from extraction: what a table row is made of."""

    iri: str | None
    label: str | None
    cameo: str
    cameo_name: str | None
    plover: str | None
    quad_class: int
    goldstein: float
    date: date | None
    date_precision: str | None
    source: RoleFacts | None
    target: RoleFacts | None
    place: PlaceFacts | None
    negated: bool
    modality: str | None
    fatalities: int | None
    injured: int | None
    quantity: int | None
    confidence: float | None
    num_mentions: int
    num_articles: int
    articles: SourceFacts


def _yyyymmdd(d: date | None) -> str | None:
    return d.strftime("%Y%m%d") if d else None


def fraction_date(d: date) -> float:
    """The year plus the fraction of it completed before ``d`` (GDELT's FractionDate)."""
    days = (date(d.year + 1, 1, 1) - date(d.year, 1, 1)).days
    return round(d.year + (d.toordinal() - date(d.year, 1, 1).toordinal()) / days, 4)


def _role_columns(n: int, role: RoleFacts | None) -> dict[str, object]:
    if role is None:
        return {}
    code, country = role.code, role.country
    group = sector = None
    if code and code.startswith("IGO"):
        group, sector, country = code[3:] or None, "IGO", None
    elif code and country and code.startswith(country):
        sector = code[len(country) : len(country) + 3] or None
    return {
        f"Actor{n}Code": code, f"Actor{n}Name": role.name, f"Actor{n}CountryCode": country,
        f"Actor{n}KnownGroupCode": group, f"Actor{n}Type1Code": sector,
    }  # fmt: skip


def geo_type(place: PlaceFacts) -> int | None:
    """GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    us = place.country == "USA"
    return {"country": 1, "region": 2 if us else 5, "city": 3 if us else 4, "site": 3 if us else 4}.get(place.precision or "")


def _place_columns(place: PlaceFacts | None) -> dict[str, object]:
    if place is None:
        return {}
    parts = [place.name, place.region_name, place.country_name]
    full = ", ".join(dict.fromkeys(p for p in parts if p))
    return {
        "ActionGeo_Type": geo_type(place), "ActionGeo_FullName": full or None,
        "ActionGeo_CountryCode": place.country, "ActionGeo_ADM1Code": place.region_code,
        "ActionGeo_Lat": place.lat, "ActionGeo_Long": place.lon, "ActionGeo_FeatureID": place.geonames_id,
        "country": place.country_name, "admin1": place.region_name, "location": place.name,
        "latitude": place.lat, "longitude": place.lon,
        "geo_precision": {"site": 1, "city": 1, "region": 3, "country": 3}.get(place.precision or ""),
        "place_precision": place.precision,
    }  # fmt: skip


def facts_row(f: EventFacts) -> dict[str, object]:
    """The table row of one event: every column of :data:`EVENT_COLUMNS` (None when unknown)."""
    d, a = f.date, f.articles
    row: dict[str, object] = dict.fromkeys(EVENT_COLUMNS)
    row.update({
        "GLOBALEVENTID": f.iri.rsplit("/", 1)[-1] if f.iri else None,
        "SQLDATE": _yyyymmdd(d), "MonthYear": d.strftime("%Y%m") if d else None, "Year": d.year if d else None,
        "FractionDate": fraction_date(d) if d else None,
        "EventCode": f.cameo, "EventBaseCode": f.cameo[:3], "EventRootCode": f.cameo[:2],
        "QuadClass": f.quad_class, "GoldsteinScale": f.goldstein,
        "NumMentions": f.num_mentions, "NumSources": a.num_outlets, "NumArticles": f.num_articles,
        "DATEADDED": _yyyymmdd(a.first_published), "SOURCEURL": a.url,
        "event_date": d.isoformat() if d else None, "event_type": f.plover, "sub_event_type": f.cameo_name,
        "actor1": f.source.name if f.source else None, "actor2": f.target.name if f.target else None,
        "source": "; ".join(a.outlets) or None, "fatalities": f.fatalities, "notes": a.sentence,
        "event": f.iri, "label": f.label, "doc_id": a.doc_id, "negated": f.negated, "modality": f.modality,
        "confidence": f.confidence, "trigger": a.trigger, "date_precision": f.date_precision if d else None,
        "injured": f.injured, "quantity": f.quantity,
    })  # fmt: skip
    row.update(_role_columns(1, f.source))
    row.update(_role_columns(2, f.target))
    row.update(_place_columns(f.place))
    return row


def _cell(column: str, value: object) -> str:
    """A value as CSV text: booleans as true/false, text guarded against spreadsheet formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if column in TEXT_COLUMNS and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def rows_to_csv(rows: Iterable[dict[str, object]]) -> str:
    """Rows of :data:`EVENT_COLUMNS` as CSV text (header first; every cell quoted as needed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for row in rows:
        writer.writerow([_cell(c, row.get(c)) for c in EVENT_COLUMNS])
    return buf.getvalue()


# --- rows of extracted events (no store) -------------------------------------------------


def _event_facts(event: Event) -> EventFacts:
    """An extracted event's facts, as they stand before merging: one article, one mention."""
    from .cameo import code_info
    from .graph import actor_code, country_name, event_label
    from .resolve import gazetteer

    def role(actor) -> RoleFacts | None:
        if actor is None:
            return None
        country = actor.country if actor.country and actor.country != "IGO" else None
        return RoleFacts(actor.name, actor_code(actor), country)

    place = None
    if (loc := event.location) is not None:
        region = gazetteer().region(loc.region) if loc.region else None
        place = PlaceFacts(
            loc.name, loc.precision, loc.country, country_name(loc.country) if loc.country else None,
            loc.region, region.name if region else None, loc.lat, loc.lon, loc.geonames_id,
        )  # fmt: skip
    try:
        cameo_name: str | None = code_info(event.cameo).name
    except KeyError:
        cameo_name = None
    return EventFacts(
        event.id, event_label(event), event.cameo, cameo_name, event.plover, event.quad_class, event.goldstein,
        event.date, event.date_precision, role(event.source), role(event.target), place, event.negated,
        event.modality, event.fatalities, event.injured, event.quantity, round(event.confidence, 3), 1, 1,
        SourceFacts(event.doc_id, None, event.trigger.text, event.evidence.sentence, event.trigger.start),
    )  # fmt: skip


def event_row(event: Event) -> dict[str, object]:
    """One extracted event as a row of :data:`EVENT_COLUMNS` (``kg extract --format csv``).
    What only the merged graph knows is as for a single report: one mention, one article,
    one outlet; the article's URL, outlet and date are not known here."""
    return facts_row(_event_facts(event))


# --- rows of the store's events ----------------------------------------------------------

_EVENTS_QUERY = f"""
SELECT ?event ?label ?cameo ?cameo_name ?plover ?quad ?goldstein ?date ?date_precision
       ?source ?source_code ?target ?target_code ?place ?negated ?modality
       ?fatalities ?injured ?quantity ?confidence ?num_mentions ?num_articles
WHERE {{
  ?event a sem:Event ; gk:cameoCode ?cameo ; gk:quadClass ?quad ; gk:goldstein ?goldstein .
  OPTIONAL {{ ?event rdfs:label ?label }}
  OPTIONAL {{ ?event gk:cameo/skos:prefLabel ?cameo_name }}
  OPTIONAL {{ ?event gk:plover ?p . BIND(STRAFTER(STR(?p), "{PLOVER}") AS ?plover) }}
  OPTIONAL {{ ?event sem:hasTimeStamp ?date . OPTIONAL {{ ?event gk:datePrecision ?date_precision }} }}
  OPTIONAL {{ ?event gk:source ?source . OPTIONAL {{ ?event gk:sourceCode ?source_code }} }}
  OPTIONAL {{ ?event gk:target ?target . OPTIONAL {{ ?event gk:targetCode ?target_code }} }}
  OPTIONAL {{ ?event sem:hasPlace ?place }}
  OPTIONAL {{ ?event gk:negated ?negated }} OPTIONAL {{ ?event gk:modality ?modality }}
  OPTIONAL {{ ?event gk:fatalities ?fatalities }} OPTIONAL {{ ?event gk:injured ?injured }}
  OPTIONAL {{ ?event gk:quantity ?quantity }} OPTIONAL {{ ?event gk:confidence ?confidence }}
  OPTIONAL {{ ?event gk:numMentions ?num_mentions }} OPTIONAL {{ ?event gk:numSources ?num_articles }}
}}
"""

# The actors and places of events, with their countries and regions.
_NODES_QUERY = """
SELECT ?node ?label ?kind ?is_country ?iso ?sector ?precision ?lat ?lon ?geonames
       ?own_region ?country ?country_iso ?country_label ?region_code ?region_label
WHERE {
  { SELECT DISTINCT ?node WHERE { ?e a sem:Event . { ?e gk:source ?node } UNION { ?e gk:target ?node }
                                                   UNION { ?e sem:hasPlace ?node } } }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node gk:actorKind ?kind }
  BIND(EXISTS { ?node a gk:Country } AS ?is_country)
  OPTIONAL { ?node gk:isoCode ?iso }
  OPTIONAL { ?node gk:sector ?sector }
  OPTIONAL { ?node gk:placePrecision ?precision }
  OPTIONAL { ?node geo:lat ?lat ; geo:long ?lon }
  OPTIONAL { ?node gk:geonamesId ?geonames }
  OPTIONAL { ?node gk:regionCode ?own_region }
  OPTIONAL { ?node gk:country ?country . ?country gk:isoCode ?country_iso . OPTIONAL { ?country rdfs:label ?country_label } }
  OPTIONAL { ?node gk:region ?region . OPTIONAL { ?region gk:regionCode ?region_code }
             OPTIONAL { ?region rdfs:label ?region_label } }
}
"""

# Each event's articles, with the trigger of its report there.
_ARTICLES_QUERY = """
SELECT ?event ?doc ?doc_id ?published ?url ?publisher ?trigger ?sentence ?begin
WHERE {
  ?event a sem:Event ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?doc schema:identifier ?doc_id }
  OPTIONAL { ?doc schema:datePublished ?published }
  OPTIONAL { ?doc schema:url ?url }
  OPTIONAL { ?doc schema:publisher ?publisher }
  OPTIONAL { ?event gk:evidence ?m . ?m gk:role "trigger" ; nif:referenceContext ?doc ; nif:anchorOf ?trigger .
             OPTIONAL { ?m gk:sentence ?sentence } OPTIONAL { ?m nif:beginIndex ?begin } }
}
"""


def _solutions(store: GraphStore, sparql: str, key: str) -> dict[str, dict[str, str | None]]:
    """The rows of a SELECT as dicts of lexical values, one per ``key`` value: where a key has
    several rows (a node with two labels), the least of them, so that the result is stable."""
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    rows: dict[str, dict[str, str | None]] = {}
    for solution in result:
        row = {n: (solution[n].value if solution[n] is not None else None) for n in names}
        k = row[key]
        if k is None:
            continue
        kept = rows.get(k)
        if kept is None or _rank(row) < _rank(kept):
            rows[k] = row
    return rows


def _rank(row: dict[str, str | None]) -> tuple[str, ...]:
    return tuple("" if v is None else v for v in row.values())


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _role_facts(iri: str | None, code: str | None, nodes: dict[str, dict[str, str | None]]) -> RoleFacts | None:
    if iri is None:
        return None
    node = nodes.get(iri, {})
    country = node.get("iso") if node.get("is_country") == "true" else node.get("country_iso")
    return RoleFacts(node.get("label"), code, country)


def _place_facts(iri: str | None, nodes: dict[str, dict[str, str | None]]) -> PlaceFacts | None:
    if iri is None:
        return None
    n = nodes.get(iri, {})
    if n.get("is_country") == "true":  # a state as the place
        return PlaceFacts(n.get("label"), "country", n.get("iso"), n.get("label"), None, None, None, None, None)
    own_region = n.get("own_region")  # the place is a region itself
    return PlaceFacts(
        n.get("label"), n.get("precision"), n.get("country_iso"), n.get("country_label"),
        own_region or n.get("region_code"), n.get("label") if own_region else n.get("region_label"),
        _float(n.get("lat")), _float(n.get("lon")), _int(n.get("geonames")),
    )  # fmt: skip


def _outlet(row: dict[str, str | None]) -> str | None:
    """An article's outlet: its publisher, else its URL's host."""
    if row.get("publisher"):
        return row["publisher"]
    host = urlsplit(row["url"]).hostname if row.get("url") else None
    return host or None


def _source_facts(rows: list[dict[str, str | None]]) -> SourceFacts:
    """The first of an event's articles (earliest published, then smallest id; its first
    trigger in text order), and the outlets of all of them."""
    if not rows:
        return SourceFacts()

    def order(r: dict[str, str | None]) -> tuple:
        return (r.get("published") is None, r.get("published") or "", r.get("doc_id") or "", r.get("doc") or "",
                _int(r.get("begin")) or 0, r.get("trigger") or "")  # fmt: skip

    rows = sorted(rows, key=order)
    first = rows[0]
    docs: dict[str, str | None] = {}
    for r in rows:
        docs.setdefault(r["doc"] or "", _outlet(r))
    outlets = tuple(dict.fromkeys(o for o in docs.values() if o))
    published = [d for d in (_date(r.get("published")) for r in rows) if d]
    return SourceFacts(
        first.get("doc_id"), first.get("url"), first.get("trigger"), first.get("sentence"), _int(first.get("begin")),
        min(published) if published else None, outlets,
        len(outlets) + sum(1 for o in docs.values() if not o),
    )  # fmt: skip


def store_event_facts(store: GraphStore) -> list[EventFacts]:
    """Every event of the store as :class:`EventFacts`, in the order of their first article
    and their place in its text (three queries, whatever the number of events)."""
    events = _solutions(store, _EVENTS_QUERY, "event")
    nodes = _solutions(store, _NODES_QUERY, "node")
    articles: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    result = store.query(_ARTICLES_QUERY)
    names = [v.value for v in result.variables]
    for solution in result:
        row = {n: (solution[n].value if solution[n] is not None else None) for n in names}
        articles[row["event"] or ""].append(row)
    out = []
    for iri, e in events.items():
        src = _source_facts(articles.get(iri, []))
        out.append(
            EventFacts(
                iri, e["label"], e["cameo"] or "", e["cameo_name"], e["plover"] or None, int(e["quad"] or 0),
                float(e["goldstein"] or 0), _date(e["date"]), e["date_precision"],
                _role_facts(e["source"], e["source_code"], nodes), _role_facts(e["target"], e["target_code"], nodes),
                _place_facts(e["place"], nodes), e["negated"] == "true", e["modality"], _int(e["fatalities"]),
                _int(e["injured"]), _int(e["quantity"]), _float(e["confidence"]), _int(e["num_mentions"]) or 1,
                _int(e["num_articles"]) or 1, src,
            )  # fmt: skip
        )
    out.sort(key=lambda f: (f.articles.doc_id or "", f.articles.begin or 0, f.iri or ""))
    return out


def events_csv(store: GraphStore) -> str:
    """All events of the store as CSV, one row per event (see the module docstring)."""
    return rows_to_csv(facts_row(f) for f in store_event_facts(store))


# --- the event network ---------------------------------------------------------------------

_KINDS = {"PERSON": "person", "ORG": "organisation", "NORP": "organisation", "GROUP": "organisation", "GPE": "state"}
#: GEXF colours (r, g, b) of node kinds, and of events by QuadClass (cooperation green, conflict red).
KIND_COLOURS = {
    "person": (31, 119, 180), "organisation": (255, 127, 14), "state": (44, 160, 44), "place": (140, 86, 75),
    "event": (127, 127, 127),
}  # fmt: skip
QUAD_COLOURS = {1: (152, 223, 138), 2: (44, 160, 44), 3: (255, 152, 150), 4: (214, 39, 40)}


def _attrs(**values: Any) -> dict[str, Any]:
    """Node or edge attributes without the unknown ones (the networkx writers reject None)."""
    return {k: v for k, v in values.items() if v is not None}


def event_network(store: GraphStore, *, countries: bool = True) -> nx.MultiDiGraph:
    """The events, their actors and places (and, with ``countries``, the countries these are
    in) as a ``networkx.MultiDiGraph`` keyed by IRI. Nodes have ``label``, ``kind`` (person,
    organisation, state, place, event) and ``iri``; events ``cameo``, ``plover``,
    ``quad_class``, ``goldstein``, ``date``, ``num_sources``, ``num_mentions``,
    ``fatalities``; places ``lat``, ``lon``. Edges are keyed and labelled by their ``role``:
    ``source`` (actor → event) and ``target`` (event → actor) carry the event's
    ``goldstein`` and ``quad_class`` and a ``weight`` of its mentions (positive, as layouts
    and path algorithms need; the signed score is ``goldstein``); ``place`` runs from the
    event to its place, ``country`` from an actor or place to its country."""
    import networkx as nx

    events = _solutions(store, _EVENTS_QUERY, "event")
    nodes = _solutions(store, _NODES_QUERY, "node")
    g = nx.MultiDiGraph(name="geokg events")
    for iri, n in sorted(nodes.items()):
        if n["is_country"] == "true":
            kind = "state"
        elif n["kind"]:
            kind = _KINDS.get(n["kind"], "organisation")
        else:
            kind = "place"
        g.add_node(iri, **_attrs(
            label=n["label"] or iri, kind=kind, iri=iri, country=n["iso"] or n["country_iso"], sector=n["sector"],
            precision=n["precision"], lat=_float(n["lat"]), lon=_float(n["lon"]), geonames_id=_int(n["geonames"]),
        ))  # fmt: skip
        if countries and n["country"] and n["country"] != iri:
            if n["country"] not in g:
                g.add_node(n["country"], label=n["country_label"] or n["country_iso"], kind="state", iri=n["country"],
                           country=n["country_iso"])  # fmt: skip
            g.add_edge(iri, n["country"], key="country", role="country", label="country", weight=1.0)
    for iri, e in sorted(events.items()):
        quad, goldstein, mentions = int(e["quad"] or 0), float(e["goldstein"] or 0), _int(e["num_mentions"]) or 1
        g.add_node(iri, **_attrs(
            label=e["label"] or iri, kind="event", iri=iri, cameo=e["cameo"], plover=e["plover"] or None,
            quad_class=quad, goldstein=goldstein, date=e["date"], num_sources=_int(e["num_articles"]),
            num_mentions=mentions, fatalities=_int(e["fatalities"]), negated=e["negated"] == "true",
        ))  # fmt: skip
        role_edge = {"goldstein": goldstein, "quad_class": quad, "weight": float(mentions)}
        if e["source"]:
            g.add_edge(e["source"], iri, key="source", role="source", label="source", **role_edge)
        if e["target"]:
            g.add_edge(iri, e["target"], key="target", role="target", label="target", **role_edge)
        if e["place"]:
            g.add_edge(iri, e["place"], key="place", role="place", label="place", weight=1.0)
    return g


def _colour(data: dict[str, Any]) -> tuple[int, int, int]:
    if data.get("kind") == "event" and data.get("quad_class") in QUAD_COLOURS:
        return QUAD_COLOURS[data["quad_class"]]
    return KIND_COLOURS.get(data.get("kind", ""), (127, 127, 127))


def network_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """A network from :func:`event_network` as GraphML or GEXF (with colours by kind, and
    events by QuadClass, as Gephi shows them)."""
    import networkx as nx

    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buf, encoding="utf-8")
        return buf.getvalue()
    coloured = graph.copy()
    for _, data in coloured.nodes(data=True):
        r, g, b = _colour(data)
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    nx.write_gexf(coloured, buf, encoding="utf-8")
    return buf.getvalue()


# --- JSON-LD ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _context_text() -> str:
    return ontology_file("context.jsonld").read_text(encoding="utf-8")


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of ``ontologies/context.jsonld`` (a fresh copy)."""
    return json.loads(_context_text())["@context"]


def _compacting_context(context: dict[str, Any]):
    """rdflib's JSON-LD context, choosing compact IRIs as the JSON-LD algorithm does: by the
    longest matching prefix (rdflib only tries the IRI's last-segment split, so it would write
    ``https://w3id.org/geokg/id/actor/x`` in full instead of ``id:actor/x``)."""
    from rdflib.plugins.shared.jsonld.context import Context

    class CompactingContext(Context):
        def shrink_iri(self, iri: str) -> str:
            iri = str(iri)
            best = max(
                (ns for ns in self._prefixes if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//")),
                key=len,
                default=None,
            )
            return f"{self._prefixes[best]}:{iri[len(best):]}" if best else iri

        def to_symbol(self, iri: str) -> str | None:
            term = self.find_term(str(iri))
            return term.name if term else self.shrink_iri(iri)

    return CompactingContext(context)


def _sort_values(node: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v, key=_json_key) if isinstance(v, list) else v for k, v in sorted(node.items())}


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _rdflib_graph(store: GraphStore):
    """The union graph as an rdflib Graph, term by term from Oxigraph's N-Triples (a third
    faster than rdflib's N-Triples parser; and a remote store has no other way to give it)."""
    from rdflib import BNode, Graph, Literal, URIRef

    iris: dict[str, URIRef] = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            return iris.get(t.value) or iris.setdefault(t.value, URIRef(t.value))
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        datatype = t.datatype.value
        return Literal(t.value) if datatype == _XSD_STRING else Literal(t.value, datatype=URIRef(datatype))

    graph = Graph()
    for t in ox.parse(store.dump(ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES):
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def jsonld_document(store: GraphStore) -> dict[str, Any]:
    """The union graph as compact JSON-LD with the geokg context embedded: ``{"@context":
    ..., "@graph": [nodes sorted by @id]}``; expanding it gives the N-Triples export's graph."""
    from rdflib.plugins.serializers.jsonld import from_rdf

    graph = _rdflib_graph(store)
    context = jsonld_context()
    compact = from_rdf(graph, context_data=_compacting_context(context))
    compact.pop("@context", None)
    nodes = compact.pop("@graph", None)
    if nodes is None:  # a graph of one node comes back as that node
        nodes = [compact] if compact else []
    ordered = sorted((_sort_values(n) for n in nodes), key=lambda n: str(n.get("@id", "")))
    return {"@context": context, "@graph": ordered}


def jsonld_bytes(store: GraphStore) -> bytes:
    return (json.dumps(jsonld_document(store), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- every format -------------------------------------------------------------------------------


def format_for(path: Path | None, fmt: str | None) -> str:
    """The export format: ``fmt`` if given, else the one ``path``'s suffix names, else Turtle."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise BadFormat(fmt, EXPORT_FORMATS)
        return fmt
    if path is not None:
        return SUFFIX_FORMATS.get(path.suffix.lower(), "ttl")
    return "ttl"


def export_bytes(store: GraphStore, fmt: str) -> bytes:
    """The store in one of :data:`EXPORT_FORMATS`."""
    if fmt not in EXPORT_FORMATS:
        raise BadFormat(fmt, EXPORT_FORMATS)
    if fmt == "csv":
        return events_csv(store).encode("utf-8")
    if fmt == "jsonld":
        return jsonld_bytes(store)
    if fmt in ("graphml", "gexf"):
        return network_bytes(event_network(store), fmt)
    return store.dump(_RDF_FORMATS[fmt])


def export(store: GraphStore, fmt: str, path: Path) -> Path:
    """Write the store in ``fmt`` to ``path`` atomically; an RDF format streams to the file
    as the store is read (a large graph's dump is never held in memory whole)."""
    if fmt in _RDF_FORMATS:
        return write_atomically(path, lambda fh: store.dump(_RDF_FORMATS[fmt], fh))
    return write_atomically(path, export_bytes(store, fmt))
