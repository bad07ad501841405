"""kg.viz: the self-contained HTML page of the graph, and that untrusted text stays inert in it."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest

from kg.viz import page_html, write_page

SAMPLE = Path(__file__).parent / "data" / "viz_sample.trig"
HOSTILE_LABEL = "<script>alert(1)</script> Brigade <img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = ("The <script>alert(1)</script> Brigade <img src=x onerror=alert(1)> ", "attacked", " Russia.")

PREFIXES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
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
