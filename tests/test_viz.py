"""kg.viz: the self-contained HTML page of the graph, and that untrusted text stays inert in it."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.viz import page_html, write_page

SAMPLE = Path(__file__).parent / "data" / "viz_sample.trig"
HOSTILE_LABEL = "<script>alert(1)</script> Brigade <img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = ("The <script>alert(1)</script> Brigade <img src=x onerror=alert(1)> ", "attacked", " Russia.")

PREFIXES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
"""
TTL_PREFIXES = """
@prefix gk: <https://w3id.org/geokg/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix actor: <https://w3id.org/geokg/id/actor/> .
@prefix place: <https://w3id.org/geokg/id/place/> .
@prefix event: <https://w3id.org/geokg/id/event/> .
@prefix doc: <https://w3id.org/geokg/id/doc/> .
"""
DATA_BLOCK = re.compile(r'<script id="geokg-data" type="application/json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    s = pyoxigraph.Store()
    s.load(path=SAMPLE, format=pyoxigraph.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def page(store: pyoxigraph.Store) -> str:
    return page_html(store)


def embedded(page: str) -> dict:
    """The nodes/edges JSON the page hands to vis-network."""
    return json.loads(DATA_BLOCK.search(page).group(1))


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def turtle_store(text: str) -> pyoxigraph.Store:
    """A store whose default graph holds ``text``, as a geokg build's union graph does."""
    s = pyoxigraph.Store()
    s.load((TTL_PREFIXES + text).encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    return s


def synthetic_store(n_actors: int, n_events: int, n_places: int, seed: int = 5) -> pyoxigraph.Store:
    """A random event graph: actors of skewed activity, events between two of them at a place."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(n_actors)]
    lines = [f'actor:a{i} a sem:Actor, schema:Person ; rdfs:label "Actor {i}" .' for i in range(n_actors)]
    lines += [f'place:p{i} a sem:Place ; rdfs:label "Place {i}" ; geo:lat {i % 80}.5 ; geo:long {i % 170}.5 .' for i in range(n_places)]
    for k in range(n_events):
        a, b = rng.choices(range(n_actors), weights, k=2)
        quad = rng.randint(1, 4)
        lines.append(
            f"event:x{k} a sem:Event ; gk:source actor:a{a} ; gk:target actor:a{b} ; "
            f'sem:hasPlace place:p{rng.randrange(n_places)} ; gk:quadClass {quad} ; gk:cameoCode "{quad * 4:02d}0" ; '
            f'sem:hasTimeStamp "2024-{rng.randint(1, 12):02d}-1{rng.randint(0, 9)}"^^xsd:date .'
        )
    return turtle_store("\n".join(lines))


def node_text(page: str) -> str:
    """Every label and tooltip of the embedded nodes, as the browser gets them."""
    return "\n".join(f"{n['label']}\n{n.get('title', '')}" for n in embedded(page)["nodes"])


def select(store: pyoxigraph.Store, query: str) -> list[str]:
    return [row[0].value for row in store.query(PREFIXES + query, use_default_graph_as_union=True)]


class Tags(HTMLParser):
    """The start tags of a page, with their attributes (script and style bodies are skipped)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_write_page_writes_every_actor_label_escaped(store, tmp_path):
    out = write_page(store, tmp_path / "graph.html")
    assert out == tmp_path / "graph.html"
    text = node_text(out.read_text(encoding="utf-8"))
    labels = select(store, "SELECT ?l WHERE { ?a a sem:Actor ; rdfs:label ?l }")
    assert len(labels) == 4
    for label in labels:
        assert html.escape(label) in text


def test_page_html_loads_nothing_remote(page):
    tags = Tags(page).tags
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert not [a for t, a in tags if t == "link"]
    assert not [a for t, a in tags for k in ("src", "href") if re.match(r"\s*(https?:)?//", a.get(k) or "")]
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(https?:)?//", page, re.I)
    assert "sourceMappingURL" not in page


def test_page_html_inlines_vis_network(page):
    assert "vis-network" in page
    assert "vis-tooltip" in page  # a class of the library's CSS and JS
    assert re.search(r"\.Network\s*=", page)  # where the bundle exports vis.Network


def test_page_html_script_hashes_match_its_content_security_policy(page):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    allowed = set(re.findall(r"sha256-([A-Za-z0-9+/=]+)", html.unescape(policy)))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2  # vis-network and the page's own code
    for body in scripts:
        assert base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() in allowed
    assert "default-src 'none'" in html.unescape(policy)


def test_page_html_shows_hostile_strings_only_escaped(page):
    assert "<script>alert" not in page.lower()
    assert "<img src=x" not in page.lower()
    assert "<" not in DATA_BLOCK.search(page).group(1)
    text = node_text(page)
    before, trigger, after = HOSTILE_SENTENCE  # the tooltip marks the trigger word
    assert f"{html.escape(before)}<mark>{trigger}</mark>{html.escape(after)}" in text
    assert html.escape("Breaking <img src=x onerror=alert(1)> news") in text


def test_page_html_links_only_http_urls(page):
    text = node_text(page)
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page + text, re.I)
    assert "javascript:alert" not in page + text
    assert 'href="https://news.example.org/a1?x=1&amp;y=2"' in text


def test_page_html_embeds_one_node_per_actor_event_and_place(store, page):
    actors = select(store, "SELECT DISTINCT ?a WHERE { ?a a sem:Actor }")
    events = select(store, "SELECT DISTINCT ?e WHERE { ?e a sem:Event }")
    places = select(store, "SELECT DISTINCT ?p WHERE { ?p a sem:Place }")
    ids = [n["id"] for n in embedded(page)["nodes"]]
    assert len(ids) == len(set(ids)) == len(actors) + len(events) + len(places) == 8
    assert set(ids) == set(actors) | set(events) | set(places)
    assert "3 events \u00b7 4 actors \u00b7 1 place" in page


def test_page_html_draws_source_event_target_and_place_edges(page):
    edges = {(e["from"].rsplit("/", 1)[-1], e["to"].rsplit("/", 1)[-1], e["title"]) for e in embedded(page)["edges"]}
    assert ("volodymyr-zelensky", "e1", "source") in edges
    assert ("e1", "donald-trump", "target") in edges
    assert ("e1", "geonames-2660646", "place") in edges


def test_page_html_colours_events_by_quad_class(page):
    colours = {n["id"].rsplit("/", 1)[-1]: n["color"] for n in embedded(page)["nodes"]}
    assert colours["e2"] != colours["e1"] != colours["e3"]  # QuadClass 1, 3 and 4


def test_page_html_says_when_truncated(page, store):
    small = page_html(store, max_nodes=5)
    ids = {n["id"].rsplit("/", 1)[-1] for n in embedded(small)["nodes"]}
    assert ids == {"donald-trump", "volodymyr-zelensky", "e1", "e2", "geonames-2660646"}
    assert "Truncated" in small and "max_nodes=5" in small and "most connected actors" in small
    assert "Truncated" not in page


def test_page_html_of_empty_store_says_graph_is_empty():
    empty = page_html(pyoxigraph.Store())
    assert empty.startswith("<!DOCTYPE html>") and empty.rstrip().endswith("</html>")
    assert "The graph is empty" in empty
    assert embedded(empty)["nodes"] == [] and embedded(empty)["edges"] == []


def test_page_html_turns_physics_off_once_stable(page):
    assert re.search(r'once\("stabilizationIterationsDone".*?setOptions\(\{physics: false\}\)', page, re.S)


def test_page_html_escapes_the_title(store):
    titled = page_html(store, title="<b>my</b> graph")
    assert "&lt;b&gt;my&lt;/b&gt; graph" in titled and "<b>my</b>" not in titled


def test_page_html_rejects_max_nodes_below_one(store):
    with pytest.raises(ValueError, match="max_nodes"):
        page_html(store, max_nodes=0)


def test_write_page_leaves_no_temp_files(store, tmp_path):
    (tmp_path / "graph.html").write_text("old", encoding="utf-8")
    write_page(store, tmp_path / "graph.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]
    assert (tmp_path / "graph.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_page_keeps_the_old_page_when_writing_fails(store, tmp_path, monkeypatch):
    (tmp_path / "graph.html").write_text("old", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_page(store, tmp_path / "graph.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == "old"


# --- filters, focus and the page's script ------------------------------------------------------


def test_page_html_embeds_what_the_filters_read_of_every_event(page):
    items = {short(i["id"]): i for i in embedded(page)["items"]}
    assert set(items) == {"e1", "e2", "e3"}
    e1 = items["e1"]
    assert (e1["d0"], e1["d1"], e1["quad"], e1["plover"], e1["cameo"]) == ("2025-06-04", "2025-06-04", 3, "ACCUSE", "112")
    assert {short(n) for n in e1["nodes"]} == {"volodymyr-zelensky", "donald-trump", "geonames-2660646"}
    assert items["e3"]["quad"] == 4 and {short(n) for n in items["e3"]["nodes"]} == {"brigade", "RUS"}


def test_page_html_actor_search_covers_labels_and_aliases_lower_cased(page):
    search = {short(k): v for k, v in embedded(page)["search"].items()}
    assert set(search) == {"volodymyr-zelensky", "donald-trump", "brigade", "RUS"}  # actors only
    assert search["volodymyr-zelensky"].split("\n") == ["volodymyr zelensky", "zelensky"]


def test_page_html_has_the_filter_controls_and_only_the_types_present(page):
    ids = {a.get("id") for _, a in Tags(page).tags}
    assert {"f-from", "f-to", "f-quad", "f-type", "f-actor", "f-reset", "focus-clear"} <= ids
    types = re.search(r'<select id="f-type">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"', types) == ["", "ACCUSE", "ASSAULT", "CONSULT", "04", "11", "19"]
    assert "ACCUSE (1)" in types and "11 \u00b7 DISAPPROVE (1)" in types
    assert 'min="2025-06-04" max="2025-06-06"' in page


def test_page_html_script_implements_the_geokg_contract(page):
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    assert "window.geokg = {ready: false" in script
    for name in ("visibleNodeIds", "setFilter", "focus", "network", "nodes", "edges"):
        assert re.search(rf"api\.{name} = ", script), name
    assert script.count("api.ready = true") == 2  # once drawn and stable; at once for an empty graph
    assert "innerHTML = markup" in script and script.count("innerHTML") == 2  # geokg's escaped tooltips; clearing


def test_page_html_tooltip_gives_date_cameo_name_plover_evidence_and_link(page):
    e1 = next(n for n in embedded(page)["nodes"] if short(n["id"]) == "e1")["title"]
    for text in ("2025-06-04", "112 \u00b7 Accuse, not specified below", "ACCUSE", "3 (verbal conflict)", "-2.0"):
        assert f"<td>{text}</td>" in e1 or text in e1, text
    assert "Volodymyr Zelensky <mark>accused</mark> Donald Trump of delaying aid." in e1
    assert 'href="https://news.example.org/a1?x=1&amp;y=2"' in e1


def test_page_html_dates_an_undated_event_by_its_article_and_a_month_by_its_span():
    store = turtle_store("""
        doc:a schema:datePublished "2024-03-02"^^xsd:date .
        event:u a sem:Event ; gk:source actor:x ; prov:wasDerivedFrom doc:a .
        event:m a sem:Event ; gk:source actor:x ; sem:hasTimeStamp "2024-02-01"^^xsd:date ; gk:datePrecision "month" .
        event:n a sem:Event ; gk:source actor:x .
    """)
    data = embedded(page_html(store))
    items = {short(i["id"]): (i["d0"], i["d1"]) for i in data["items"]}
    assert items == {"u": ("2024-03-02", "2024-03-02"), "m": ("2024-02-01", "2024-02-31"), "n": (None, None)}
    titles = {short(n["id"]): n["title"] for n in data["nodes"]}
    assert "2024-03-02 (article date)" in titles["u"] and "2024-02 (month)" in titles["m"] and "unknown" in titles["n"]


def test_page_html_positions_every_node_apart(page):
    nodes = embedded(page)["nodes"]
    points = [(n["x"], n["y"]) for n in nodes]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(set(points)) == len(points)


def test_page_html_of_a_large_graph_keeps_max_nodes_says_so_and_draws_its_layout_as_is():
    store = synthetic_store(n_actors=300, n_events=2600, n_places=120)
    big = page_html(store)
    data = embedded(big)
    assert len(data["nodes"]) == 2000
    assert "Truncated: the graph has 3,020 nodes, more than max_nodes=2,000" in big
    assert data["options"]["physics"]["stabilization"]["iterations"] == 0  # no refining past 1,000 nodes
    assert data["options"]["layout"]["improvedLayout"] is False
    actors = [(n["x"], n["y"]) for n in data["nodes"] if n["kind"] == "actor"]
    assert len(set(actors)) == len(actors)
    spread = max(math.hypot(x, y) for x, y in actors)
    assert 500 < spread < 5000  # a disc a few hundred nodes wide, not a pile or a scatter to infinity
    small = embedded(page_html(synthetic_store(n_actors=20, n_events=60, n_places=5)))
    assert small["options"]["physics"]["stabilization"]["iterations"] == 400


def test_page_html_sizes_actors_by_their_number_of_events(page):
    sizes = {short(n["id"]): n["size"] for n in embedded(page)["nodes"]}
    assert sizes["volodymyr-zelensky"] == sizes["donald-trump"] > sizes["brigade"]  # 2, 2 and 1 events
    assert "number of events (degree)" in page


def test_page_html_rejects_an_unknown_view(store):
    with pytest.raises(ValueError, match="view must be one of graph, actors"):
        page_html(store, view="tree")


# --- the actor network view ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def actors_page(store: pyoxigraph.Store) -> str:
    return page_html(store, view="actors")


def test_actors_view_draws_actors_only_and_one_edge_per_dyad(actors_page):
    data = embedded(actors_page)
    assert {short(n["id"]) for n in data["nodes"]} == {"volodymyr-zelensky", "donald-trump", "brigade", "RUS"}
    assert {n["kind"] for n in data["nodes"]} == {"actor"}
    dyads = {(short(e["from"]), short(e["to"])): e for e in data["edges"]}
    assert set(dyads) == {("volodymyr-zelensky", "donald-trump"), ("donald-trump", "volodymyr-zelensky"), ("brigade", "RUS")}
    assert all(e["value"] == 1 for e in dyads.values())
    assert "4 actors \u00b7 3 dyads \u00b7 3 events between them" in actors_page


def test_actors_view_colours_dyads_by_the_sign_of_their_goldstein_sum(actors_page):
    colours = {(short(e["from"]), short(e["to"])): e["color"] for e in embedded(actors_page)["edges"]}
    assert colours[("donald-trump", "volodymyr-zelensky")] == "#1f8a46"  # +1.0
    assert colours[("volodymyr-zelensky", "donald-trump")] == colours[("brigade", "RUS")] == "#d62728"  # -2, -10
    assert "Goldstein sum &gt; 0" in actors_page


def test_actors_view_dyad_tooltip_counts_quad_classes_and_lists_events_escaped(actors_page):
    edges = {(short(e["from"]), short(e["to"])): e for e in embedded(actors_page)["edges"]}
    tip = edges[("brigade", "RUS")]["title"]
    assert "Dyad \u00b7 conflictual" in tip and "-10.0 in all, -10.00 per event" in tip
    assert "<th>QuadClass 4</th><td>1 (material conflict)</td>" in tip and "<th>QuadClass 1</th><td>0" in tip
    assert html.escape(HOSTILE_LABEL) + " \u2192 Russia" in tip
    assert html.escape("2025-06-06 \u00b7 <script>alert(1)</script> Brigade attacks Russia \u00b7 190") in tip
    assert "<script>alert" not in actors_page.lower() and "<" not in DATA_BLOCK.search(actors_page).group(1)


def test_actors_view_items_tie_each_event_to_its_dyad_edge(actors_page):
    data = embedded(actors_page)
    edge_of = {(short(e["from"]), short(e["to"])): e["id"] for e in data["edges"]}
    items = {short(i["id"]): i for i in data["items"]}
    assert items["e3"]["edge"] == edge_of[("brigade", "RUS")] and items["e3"]["quad"] == 4
    assert {short(n) for n in items["e1"]["nodes"]} == {"volodymyr-zelensky", "donald-trump"}


def test_actors_view_keeps_the_most_connected_actors_past_max_nodes(store):
    small = page_html(store, view="actors", max_nodes=2)
    assert {short(n["id"]) for n in embedded(small)["nodes"]} == {"volodymyr-zelensky", "donald-trump"}
    assert "Truncated: the graph has 4 actors, more than max_nodes=2" in small and "1 dyad with other actors" in small


def test_actors_view_of_the_seed_build_has_russia_against_ukraine(seed_store):
    data = embedded(page_html(seed_store, view="actors"))
    label = {n["id"]: n["label"] for n in data["nodes"]}
    dyads = {(label[e["from"]], label[e["to"]]): e for e in data["edges"]}
    russia_ukraine = dyads[("Russian Federation", "Ukraine")]
    assert russia_ukraine["color"] == "#d62728" and russia_ukraine["value"] >= 2


def test_page_html_reads_a_graph_store_as_its_oxigraph_store(seed_store):
    assert embedded(page_html(seed_store)) == embedded(page_html(seed_store.store))


# --- kg viz ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["graph", "actors"])
def test_cli_viz_writes_the_view_asked_for(seed_build, tmp_path, view):
    out = tmp_path / f"{view}.html"
    result = CliRunner().invoke(app, ["viz", str(seed_build[0]), "-o", str(out), "--view", view, "--max-nodes", "12"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["view"] == view and 0 < len(data["nodes"]) <= 12
    assert ({n["kind"] for n in data["nodes"]} == {"actor"}) == (view == "actors")


def test_cli_viz_rejects_an_unknown_view(seed_build, tmp_path):
    result = CliRunner().invoke(app, ["viz", str(seed_build[0]), "-o", str(tmp_path / "x.html"), "--view", "tree"])
    assert result.exit_code == 2 and "use one of graph, actors, timeline, map" in result.output
    assert not (tmp_path / "x.html").exists()


def test_actors_view_of_empty_store_says_there_is_nothing_to_show():
    empty = page_html(pyoxigraph.Store(), view="actors")
    assert "The graph has no actors to show." in empty
    assert embedded(empty)["nodes"] == [] and embedded(empty)["edges"] == []
