"""Export: the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, or an events table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .errors import BadFormat
from .records import Event
from .store import GraphStore, write_atomically
from .vocab import PREFIXES

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "csv")
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

#: Columns of ``events.csv`` and ``kg extract --format csv`` (GDELT-like names).
EVENT_COLUMNS = (
    "event_id", "doc_id", "date", "date_precision",
    "source_name", "source_country", "source_sector",
    "target_name", "target_country", "target_sector",
    "cameo", "plover", "quad_class", "goldstein",
    "location", "location_country", "lat", "lon", "geonames_id",
    "negated", "modality", "fatalities", "injured", "quantity",
    "num_sources", "num_mentions", "confidence", "trigger", "sentence",
)  # fmt: skip

EVENTS_QUERY = """
SELECT ?event_id ?doc_id ?date ?date_precision
       ?source_name ?source_country ?source_sector ?target_name ?target_country ?target_sector
       ?cameo ?plover ?quad_class ?goldstein ?location ?location_country ?lat ?lon ?geonames_id
       ?negated ?modality ?fatalities ?injured ?quantity ?num_sources ?num_mentions ?confidence
       ?trigger ?sentence
WHERE {
  ?event_id a sem:Event ; gk:cameoCode ?cameo ; gk:quadClass ?quad_class ; gk:goldstein ?goldstein ;
            prov:wasDerivedFrom ?doc .
  ?doc schema:identifier ?doc_id .
  OPTIONAL { ?event_id sem:hasTimeStamp ?date . OPTIONAL { ?event_id gk:datePrecision ?date_precision } }
  OPTIONAL { ?event_id gk:plover ?p . BIND(STRAFTER(STR(?p), "/plover/") AS ?plover) }
  OPTIONAL { ?event_id gk:source ?s . ?s rdfs:label ?source_name .
             OPTIONAL { ?s gk:country/gk:isoCode ?sc1 } OPTIONAL { ?s gk:isoCode ?sc2 }
             OPTIONAL { ?s gk:sector ?source_sector } BIND(COALESCE(?sc1, ?sc2) AS ?source_country) }
  OPTIONAL { ?event_id gk:target ?t . ?t rdfs:label ?target_name .
             OPTIONAL { ?t gk:country/gk:isoCode ?tc1 } OPTIONAL { ?t gk:isoCode ?tc2 }
             OPTIONAL { ?t gk:sector ?target_sector } BIND(COALESCE(?tc1, ?tc2) AS ?target_country) }
  OPTIONAL { ?event_id sem:hasPlace ?pl . ?pl rdfs:label ?location .
             OPTIONAL { ?pl gk:country/gk:isoCode ?location_country }
             OPTIONAL { ?pl geo:lat ?lat ; geo:long ?lon } OPTIONAL { ?pl gk:geonamesId ?geonames_id } }
  OPTIONAL { ?event_id gk:negated ?negated } OPTIONAL { ?event_id gk:modality ?modality }
  OPTIONAL { ?event_id gk:fatalities ?fatalities } OPTIONAL { ?event_id gk:injured ?injured }
  OPTIONAL { ?event_id gk:quantity ?quantity }
  OPTIONAL { ?event_id gk:numSources ?num_sources } OPTIONAL { ?event_id gk:numMentions ?num_mentions }
  OPTIONAL { ?event_id gk:confidence ?confidence }
  OPTIONAL { ?event_id gk:evidence ?m . ?m gk:role "trigger" ; nif:referenceContext ?doc ; nif:anchorOf ?trigger ;
                                          gk:sentence ?sentence }
}
"""


def event_row(event: Event) -> dict[str, object]:
    """One extracted event as a row of :data:`EVENT_COLUMNS`."""
    d = event.to_json()
    src, tgt, loc = d["source"] or {}, d["target"] or {}, d["location"] or {}
    return {
        "event_id": d["event_id"], "doc_id": d["doc_id"], "date": d["date"], "date_precision": d["date_precision"],
        "source_name": src.get("name"), "source_country": src.get("country"), "source_sector": src.get("sector"),
        "target_name": tgt.get("name"), "target_country": tgt.get("country"), "target_sector": tgt.get("sector"),
        "cameo": d["cameo"], "plover": d["plover"], "quad_class": d["quad_class"], "goldstein": d["goldstein"],
        "location": loc.get("name"), "location_country": loc.get("country"), "lat": loc.get("lat"),
        "lon": loc.get("lon"), "geonames_id": loc.get("geonames_id"),
        "negated": d["negated"], "modality": d["modality"], "fatalities": d["fatalities"],
        "injured": d["injured"], "quantity": d["quantity"], "num_sources": 1, "num_mentions": 1,
        "confidence": d["confidence"], "trigger": d["trigger"], "sentence": d["sentence"],
    }  # fmt: skip


def rows_to_csv(rows: Iterable[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


def events_csv(store: GraphStore) -> str:
    """All events of the store as CSV (one row per event; an event several articles report
    gives the first article's id and the trigger and sentence of its report there)."""
    result = store.query(EVENTS_QUERY)
    variables = [v.value for v in result.variables]
    first: dict[str, dict[str, str | None]] = {}
    for sol in result:
        row = {v: (sol[v].value if sol[v] is not None else None) for v in variables}
        rank = (row["doc_id"] or "", row["sentence"] or "", row["trigger"] or "")
        kept = first.get(row["event_id"])  # type: ignore[index]
        if kept is None or rank < kept["_rank"]:  # type: ignore[operator]
            first[row["event_id"]] = row | {"_rank": rank}  # type: ignore[index]
    rows = sorted(first.values(), key=lambda r: (r["doc_id"] or "", r["event_id"] or ""))
    return rows_to_csv({k: v for k, v in r.items() if k != "_rank"} for r in rows)


def export_bytes(store: GraphStore, fmt: str) -> bytes:
    """The store in one of :data:`EXPORT_FORMATS`."""
    if fmt not in EXPORT_FORMATS:
        raise BadFormat(fmt, EXPORT_FORMATS)
    if fmt == "csv":
        return events_csv(store).encode("utf-8")
    if fmt == "jsonld":
        graph = store.load_graph()
        context = {prefix: ns for prefix, ns in PREFIXES.items()}
        data = graph.serialize(format="json-ld", context=context, auto_compact=True)
        return json.dumps(json.loads(data), ensure_ascii=False, indent=1).encode("utf-8")
    return store.dump(_RDF_FORMATS[fmt])


def export(store: GraphStore, fmt: str, path: Path) -> Path:
    """Write the store in ``fmt`` to ``path`` atomically."""
    return write_atomically(path, export_bytes(store, fmt))
