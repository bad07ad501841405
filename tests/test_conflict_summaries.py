"""Short conflict-event summaries, the way conflict datasets write them ("On 14 June 2022, Russian
forces shelled Berestove, Donetsk, killing two civilians."): each must give a violent (or protest)
event at the right place (name, country, coordinates), on the right day, with its dead and injured.

The summaries in ``tests/data/conflict_summaries.jsonl`` are written for this test (about real
places and kinds of events), not taken from any gold set. ``expect`` gives the event's CAMEO root
class ("19" stands for 18-20), the location's country, optionally the place (mention text or
canonical name, without case), its coordinates (within 50 km), the date and the casualty counts
(``null``: none stated).
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from kg.records import Document, Event

DATA = Path(__file__).parent / "data" / "conflict_summaries.jsonl"
RECORDS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _root(code: str) -> str:
    return "19" if code[:2] in ("18", "19", "20") else code[:2]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def events(nlp) -> dict[str, list[Event]]:
    from kg.extract import extract_events
    from kg.resolve import resolve_events

    out = {}
    for r in RECORDS:
        doc = Document(id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]))
        out[r["id"]] = resolve_events(doc, extract_events(nlp(r["text"]), doc))
    return out


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_summary_gives_the_event_where_when_and_its_casualties(record, events):
    want = record["expect"]
    found = [e for e in events[record["id"]] if _root(e.cameo) == want["root"]]
    assert found, f"no {want['root']} event in {[e.cameo for e in events[record['id']]]}"
    event = found[0]
    loc = event.location
    assert loc is not None, "no place"
    assert loc.country == want["country"], (loc.name, loc.country)
    if "place" in want:
        assert want["place"].casefold() in (loc.name.casefold(), loc.mention.text.casefold()), (loc.name, loc.mention.text)
    if "lat" in want:
        assert loc.lat is not None and _km(loc.lat, loc.lon, want["lat"], want["lon"]) < 50, (loc.name, loc.lat, loc.lon)
    assert event.date is not None and event.date.isoformat() == want["date"]
    for key in ("fatalities", "injured"):
        if key in want:
            assert getattr(event, key) == want[key], (key, getattr(event, key))
