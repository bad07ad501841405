"""kg.views: the timeline and map pages: what they show of the seed build, and that untrusted
text stays inert in them."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pyoxigraph
import pytest

from kg.views import MAX_UNDATED, TILE_ORIGIN, TILE_URL, map_html, timeline_html, write_map, write_timeline
from kg.vocab import sparql_prefixes

HOSTILE_LABEL = "<script>alert(1)</script> Brigade <img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = "The <script>alert(1)</script> Brigade <img src=x onerror=alert(1)> attacked Kharkiv."
HOSTILE_HEADLINE = "Breaking <img src=x onerror=alert(2)> news"
HOSTILE_URL = "javascript:alert(document.cookie)"
SAFE_URL = "https://example.org/news?a=1&b=<2>"
ID = "https://w3id.org/geokg/id/"

DATA_BLOCK = re.compile(r'<script id="geokg-data" type="application/json">(.*?)</script>', re.S)
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

# Three events: one with its own date at a located place, one dated by its article only, one
# with neither a date nor a place. Every string a reader sees comes from "articles".
HOSTILE_TTL = f"""
<{ID}actor/brigade> a sem:Actor ; rdfs:label "{HOSTILE_LABEL}" .
<{ID}country/UKR> a sem:Actor, gk:Country ; rdfs:label "Ukraine" .
<{ID}place/kharkiv> a sem:Place ; rdfs:label "{HOSTILE_LABEL} town" ; geo:lat 49.99 ; geo:long 36.23 .
<{ID}doc/one> schema:headline "{HOSTILE_HEADLINE}" ; schema:url "{HOSTILE_URL}" .
<{ID}doc/two> schema:headline "Report" ; schema:url "{SAFE_URL}" ; schema:datePublished "2024-04-01T08:00:00Z" .
<{ID}mention/one> gk:role "trigger" ; gk:sentence "{HOSTILE_SENTENCE}" ; nif:anchorOf "attacked" .
<{ID}event/one> a sem:Event ; rdfs:label "{HOSTILE_LABEL} attacked Ukraine" ; gk:cameoCode "190" ;
    gk:plover plover:ASSAULT ; gk:quadClass 4 ; gk:goldstein -10.0 ; sem:hasTimeStamp "2024-03-05"^^xsd:date ;
    gk:datePrecision "day" ; gk:source <{ID}actor/brigade> ; gk:target <{ID}country/UKR> ;
    sem:hasPlace <{ID}place/kharkiv> ; gk:evidence <{ID}mention/one> ; prov:wasDerivedFrom <{ID}doc/one> .
<{ID}event/two> a sem:Event ; rdfs:label "Brigade threatened Ukraine" ; gk:cameoCode "130" ; gk:quadClass 3 ;
    gk:goldstein -4.4 ; gk:source <{ID}actor/brigade> ; gk:target <{ID}country/UKR> ;
    sem:hasPlace <{ID}country/UKR> ; prov:wasDerivedFrom <{ID}doc/two> .
<{ID}event/three> a sem:Event ; rdfs:label "Ukraine met Brigade" ; gk:cameoCode "040" ; gk:quadClass 1 ;
    gk:goldstein 1.0 ; gk:source <{ID}country/UKR> ; gk:target <{ID}actor/brigade> .
"""


def store_of(turtle: str) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load((sparql_prefixes() + turtle).encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def hostile() -> pyoxigraph.Store:
    return store_of(HOSTILE_TTL)


def dyad_store(counts: list[int]) -> pyoxigraph.Store:
    """Dyad i (actor i -> actor i+100) with counts[i] events, one a day from 2024-01-01."""
    lines = []
    for i, n in enumerate(counts):
        lines.append(f'<{ID}actor/a{i}> rdfs:label "Actor {i}" . <{ID}actor/b{i}> rdfs:label "Target {i}" .')
        for k in range(n):
            lines.append(
                f'<{ID}event/d{i}-{k}> a sem:Event ; rdfs:label "event {i}-{k}" ; gk:cameoCode "042" ; gk:quadClass 1 ;'
                f' sem:hasTimeStamp "2024-01-{k + 1:02d}"^^xsd:date ;'
                f" gk:source <{ID}actor/a{i}> ; gk:target <{ID}actor/b{i}> ."
            )
    return store_of("\n".join(lines))


def embedded(page: str) -> dict:
    """The JSON the page's script reads (the strings as the browser gets them)."""
    return json.loads(DATA_BLOCK.search(page).group(1))


def notice(page: str) -> str:
    m = re.search(r'<p class="notice" id="notice">(.*?)</p>', page, re.S)
    return m.group(1) if m else ""


class Tags(HTMLParser):
    """The start tags of a page, with their attributes."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def policy(page: str) -> str:
    metas = (a for t, a in Tags(page).tags if t == "meta")
    return next(a["content"] for a in metas if a.get("http-equiv") == "Content-Security-Policy")


def directive(page: str, name: str) -> list[str]:
    for part in policy(page).split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in the policy")


def located_places(store: pyoxigraph.Store) -> set[str]:
    query = sparql_prefixes() + "SELECT DISTINCT ?p { ?e a sem:Event ; sem:hasPlace ?p . ?p geo:lat ?lat ; geo:long ?lon }"
    return {row[0].value for row in store.query(query)}


def count_events(store: pyoxigraph.Store) -> int:
    query = sparql_prefixes() + "SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }"
    return int(next(iter(store.query(query)))[0].value)


# --- the map of the seed build ------------------------------------------------------------------


@pytest.fixture()
def seed_map(seed_store) -> str:
    return map_html(seed_store.store)


def test_map_html_draws_one_marker_per_located_place_of_the_seed(seed_store, seed_map):
    places = embedded(seed_map)["places"]
    assert len(places) == len(located_places(seed_store.store)) >= 2
    assert len({(p["lat"], p["lon"]) for p in places}) == len(places)


@pytest.mark.parametrize(("name", "lat", "lon"), [("Geneva", 46.2022, 6.1457), ("Kyiv", 50.4547, 30.5238)])
def test_map_html_puts_seed_places_at_their_coordinates(seed_map, name, lat, lon):
    place = next(p for p in embedded(seed_map)["places"] if p["name"] == name)
    assert place["lat"] == pytest.approx(lat, abs=0.01)
    assert place["lon"] == pytest.approx(lon, abs=0.01)


def test_map_html_lists_each_places_events_in_its_popup_data(seed_map):
    data = embedded(seed_map)
    kyiv = next(p for p in data["places"] if p["name"] == "Kyiv")
    events = [data["events"][i] for i in kyiv["events"]]
    assert any(e["source"] == "United States" and e["target"] == "Ukraine" and e["plover"] == "COERCE" for e in events)
    assert all(e["place"] == "Kyiv" and e["evidence"] for e in events)


def test_map_html_says_how_many_events_have_no_coordinates(seed_store, seed_map):
    data = embedded(seed_map)
    on_map = sum(len(p["events"]) for p in data["places"])
    unmapped = count_events(seed_store.store) - on_map
    assert unmapped > 0 and data["unmapped"] == unmapped
    assert f"{unmapped} events without coordinates are not shown" in notice(seed_map)


def test_map_html_inlines_leaflet_without_fetching_its_images(seed_map):
    assert 't.version="1.9.4"' in seed_map
    assert "sourceMappingURL" not in seed_map
    assert "url(images/" not in seed_map


def test_map_html_allows_images_only_from_the_tile_server(seed_map):
    assert directive(seed_map, "default-src") == ["'none'"]
    assert directive(seed_map, "img-src") == ["data:", TILE_ORIGIN]
    assert embedded(seed_map)["tiles"] == TILE_URL
    assert "connect-src" not in policy(seed_map)


# --- the timeline of the seed build --------------------------------------------------------------


@pytest.fixture()
def seed_timeline(seed_store) -> str:
    return timeline_html(seed_store.store)


def dyads(data: dict) -> set[tuple[str, str]]:
    """(source, target) of every event on the page, in rows or in the undated list."""
    ids = [i for row in data["rows"] for i in row["events"]] + data["undated"]
    return {(data["events"][i]["source"], data["events"][i]["target"]) for i in ids}


def test_timeline_html_has_the_russia_ukraine_dyads_of_the_seed(seed_timeline):
    data = embedded(seed_timeline)
    assert {("Russian Federation", "Ukraine"), ("Volodymyr Zelensky", "Russian Federation")} <= dyads(data)
    assert "Russian Federation \u2192 Ukraine" in [row["label"] for row in data["rows"]]


def test_timeline_html_shows_every_seed_event_once(seed_store, seed_timeline):
    data = embedded(seed_timeline)
    ids = [i for row in data["rows"] for i in row["events"]] + data["undated"]
    assert len(ids) == len(set(ids)) == len(data["events"]) == count_events(seed_store.store)


def test_timeline_html_rows_hold_only_dated_events_and_the_rest_is_listed(seed_timeline):
    data = embedded(seed_timeline)
    assert all(data["events"][i]["date"] for row in data["rows"] for i in row["events"])
    assert data["undated"] and not any(data["events"][i]["date"] for i in data["undated"])
    assert data["undatedTotal"] == len(data["undated"])


def test_timeline_html_keeps_a_year_date_with_its_precision(seed_timeline):
    data = embedded(seed_timeline)
    crimea = next(e for e in data["events"] if e["place"] == "Crimea" and e["date"])
    assert (crimea["date"], crimea["dateKind"]) == ("2014-01-01", "year")


# --- rows, dates and limits -------------------------------------------------------------------------


def test_timeline_html_sorts_dyads_by_number_of_events():
    data = embedded(timeline_html(dyad_store([2, 5, 3])))
    assert [row["label"] for row in data["rows"]] == [f"Actor {i} \u2192 Target {i}" for i in (1, 2, 0)]
    assert [len(row["events"]) for row in data["rows"]] == [5, 3, 2]


def test_timeline_html_caps_rows_and_says_so():
    page = timeline_html(dyad_store([1, 4, 2, 3, 5]), max_rows=2)
    assert [len(row["events"]) for row in embedded(page)["rows"]] == [5, 4]
    assert notice(page) == "Showing the 2 dyads with the most dated events, of 5; the other 3 dyads (6 events) are not shown."


def test_timeline_html_says_nothing_is_left_out_when_all_fit():
    assert notice(timeline_html(dyad_store([1, 2]))) == ""


def test_timeline_html_dates_an_event_by_its_article_when_it_has_no_date(hostile):
    events = embedded(timeline_html(hostile))["events"]
    two = next(e for e in events if e["label"] == "Brigade threatened Ukraine")
    assert (two["date"], two["dateKind"]) == ("2024-04-01", "article")


def test_timeline_html_rejects_max_rows_below_one(hostile):
    with pytest.raises(ValueError, match="max_rows"):
        timeline_html(hostile, max_rows=0)


def test_map_html_counts_a_place_without_coordinates_as_not_shown(hostile):
    page = map_html(hostile)
    assert [len(p["events"]) for p in embedded(page)["places"]] == [1]
    assert notice(page) == "2 events without coordinates are not shown (1 with a place without coordinates, 1 with no place)."


def test_timeline_lists_at_most_max_undated_events():
    n = MAX_UNDATED + 3
    turtle = "\n".join(f'<{ID}event/u{i}> a sem:Event ; rdfs:label "u{i}" ; gk:quadClass 1 .' for i in range(n))
    page = timeline_html(store_of(turtle))
    data = embedded(page)
    assert (len(data["undated"]), data["undatedTotal"]) == (MAX_UNDATED, n)
    assert notice(page) == f"The first {MAX_UNDATED} of {n} events without a date are listed."


@pytest.mark.parametrize("render", [map_html, timeline_html])
def test_view_of_empty_store_says_graph_is_empty(render):
    page = render(pyoxigraph.Store())
    assert notice(page) == "The graph is empty: there are no events to show."
    assert embedded(page)["events"] == []


# --- untrusted text -------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=[map_html, timeline_html], ids=["map", "timeline"])
def hostile_page(request, hostile) -> str:
    return request.param(hostile, title="Report <script>alert(3)</script>")


def test_view_keeps_hostile_strings_out_of_the_markup(hostile_page):
    for raw in ("<script>alert", "<img src=x", "onerror=alert(1)>", "</script> Brigade"):
        assert raw not in hostile_page
    assert "<title>Report &lt;script&gt;alert(3)&lt;/script&gt;</title>" in hostile_page


def test_view_hands_hostile_strings_to_the_script_intact(hostile_page):
    """They reach the page as text (the script puts them in with textContent), not dropped."""
    text = json.dumps(embedded(hostile_page), ensure_ascii=False)
    assert HOSTILE_LABEL in text and HOSTILE_SENTENCE in text and HOSTILE_HEADLINE in text


def test_view_links_only_http_urls(hostile_page):
    articles = [a for e in embedded(hostile_page)["events"] for a in e["articles"]]
    assert [HOSTILE_HEADLINE, None] in articles
    assert all(url is None or url.startswith("https://") for _, url in articles)
    assert {url for _, url in articles} <= {None, SAFE_URL}
    assert "javascript:" not in DATA_BLOCK.search(hostile_page).group(1)


def test_view_script_hashes_match_its_content_security_policy(hostile_page):
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
              for s in INLINE_SCRIPT.findall(hostile_page)}  # fmt: skip
    assert len(hashes) >= 2
    assert set(directive(hostile_page, "script-src")) == hashes


def test_view_loads_nothing_remote(hostile_page):
    for tag, attrs in Tags(hostile_page).tags:
        for name in ("src", "href", "action", "data", "poster"):
            assert not attrs.get(name), f"<{tag} {name}={attrs.get(name)!r}>"
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(?:https?:)?//", hostile_page, re.I)


# --- writing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("write", "name"), [(write_map, "map.html"), (write_timeline, "timeline.html")])
def test_write_view_writes_the_page_atomically(hostile, tmp_path, write, name):
    out = write(hostile, tmp_path / "sub" / name, title="t")
    assert out == tmp_path / "sub" / name
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == [name]
    assert out.stat().st_mode & 0o777 == 0o644
