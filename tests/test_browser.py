"""The pages in a real browser: Debian's headless Chromium, driven by Playwright, from file://.

Every page is opened in a fresh browser context that is offline and whose every request is
routed through the test: file: requests go through, anything else is aborted and recorded (so
"nothing was fetched" is checked, not assumed). Console errors, uncaught exceptions and
Content-Security-Policy violations (a ``securitypolicyviolation`` listener installed before
the page's own scripts) are collected too. The pages are driven through the ``window.geokg``
contract they all define (``ready``, and on the graph pages ``network``, ``nodes``,
``visibleNodeIds()``, ``setFilter()``, ``focus()``; on the map ``markerCount()``), and what
they show is compared with what SPARQL finds in the store they were drawn from.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("GEOKG_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (set GEOKG_CHROMIUM, or apt install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: pip install -e '.[dev]'")

from kg.store import GraphStore  # noqa: E402

LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 720}
READY_MS = 20_000  # generous: the machine is shared; the 3-second goal is scripts/bench_page.py's

# Installed before any script of the page runs: CSP violations are DOM events, not console lines.
WATCH_CSP = """
window.__geokgViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__geokgViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

HOSTILE_SCRIPT = "<script>window.pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.pwned=1">'
HOSTILE_URL = "javascript:window.pwned=1"


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Visit:
    """A page opened offline, with what it asked for and what went wrong."""

    page: sync_api.Page
    may_fetch: Callable[[str], bool]  # the requests allowed (to fail: the context is offline)
    blocked: list[str] = field(default_factory=list)  # every non-file: request (all aborted)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__geokgViolations")

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        """No request left the machine (but those ``may_fetch`` allows), no console error (but
        those of allowed requests), no exception, no CSP violation."""
        assert [u for u in self.blocked if not self.may_fetch(u)] == []
        assert self.errors == []
        assert self.violations() == []


@contextmanager
def visit(browser: sync_api.Browser, path: Path, *, may_fetch: Callable[[str], bool] = lambda url: False) -> Iterator[Visit]:
    """``path`` opened from file:// in a fresh offline context; waits for ``geokg.ready``."""
    context = browser.new_context(offline=True, viewport=VIEWPORT)
    try:
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        v = Visit(page, may_fetch)

        def route(r: sync_api.Route) -> None:
            url = r.request.url
            if url.startswith("file:"):
                r.continue_()
            else:
                v.blocked.append(url)
                r.abort()

        def console(m: sync_api.ConsoleMessage) -> None:
            source = (m.location or {}).get("url", "")
            if m.type == "error" and not (source in v.blocked and v.may_fetch(source)):
                v.errors.append(m.text)

        context.route("**/*", route)
        page.on("console", console)
        page.on("pageerror", lambda e: v.errors.append(f"uncaught: {e}"))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.geokg && window.geokg.ready === true", timeout=READY_MS)
        yield v
    finally:
        context.close()


def visible(v: Visit) -> set[str]:
    return set(v.js("() => geokg.visibleNodeIds()"))


def drawn(v: Visit) -> set[str]:
    """The nodes vis-network actually draws (its visible indices: hidden or removed ones are not)."""
    return set(v.js("() => geokg.network.body.nodeIndices.slice()"))


# --- what the store holds -----------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """The seed store's nodes as the page should draw them, read with SPARQL."""

    events: dict[str, dict[str, str]]  # event -> quad, date, ...
    actors: set[str]
    places: set[str]
    touches: dict[str, set[str]]  # event -> its actors and places, and node -> its events
    dyads: set[tuple[str, str]]  # (source, target) of events with both
    labels: dict[str, str]

    @property
    def nodes(self) -> set[str]:
        return set(self.events) | self.actors | self.places


def _select(store: GraphStore, sparql: str, *names: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in store.query(sparql)]


def read_facts(out: Path) -> Facts:
    with GraphStore(out, read_only=True) as store:
        events: dict[str, dict[str, str]] = defaultdict(dict)
        for e, q, d in _select(store, """SELECT ?e ?q ?d WHERE { ?e a sem:Event
                OPTIONAL { ?e gk:quadClass ?q } OPTIONAL { ?e sem:hasTimeStamp ?d } }""", "e", "q", "d"):  # fmt: skip
            events[e].update({k: x for k, x in (("quad", q), ("date", d)) if x is not None})
        touching = _select(store, """SELECT ?e ?n ?role WHERE { ?e a sem:Event .
                { ?e gk:source|gk:target|sem:hasActor ?n BIND("actor" AS ?role) }
                UNION { ?e sem:hasPlace ?n BIND("place" AS ?role) } }""", "e", "n", "role")  # fmt: skip
        typed = _select(store, "SELECT ?n ?t WHERE { ?n a ?t VALUES ?t { sem:Actor sem:Place } }", "n", "t")
        dyads = _select(store, "SELECT DISTINCT ?s ?t WHERE { ?e a sem:Event ; gk:source ?s ; gk:target ?t }", "s", "t")
        labels = dict(_select(store, "SELECT ?n ?l WHERE { ?n rdfs:label ?l }", "n", "l"))
    # as the page counts them: a node is an event, else an actor, else a place
    actors = {n for _, n, role in touching if role == "actor"} | {n for n, t in typed if t.endswith("Actor")}
    places = {n for _, n, role in touching if role == "place"} | {n for n, t in typed if t.endswith("Place")}
    actors -= events.keys()
    places -= events.keys() | actors
    touches: dict[str, set[str]] = defaultdict(set)
    for e, n, _ in touching:
        if n not in events:
            touches[e].add(n)
            touches[n].add(e)
    return Facts(dict(events), actors, places, dict(touches), set(dyads), labels)


@pytest.fixture(scope="module")
def seed(seed_build) -> tuple[Path, Facts]:
    out = seed_build[0]
    return out, read_facts(out)


def write_view(out: Path, view: str, path: Path) -> Path:
    """``kg viz OUT --view VIEW -o PATH``, through the real command."""
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["viz", str(out), "--view", view, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


# --- the graph page -----------------------------------------------------------------------------


def test_graph_page_loads_offline_with_no_request_error_or_csp_violation(browser, seed):
    out, _ = seed
    with visit(browser, out / "graph.html") as v:
        v.assert_clean()
        assert v.js("() => geokg.network.physics.options.enabled") is False  # stabilised, then still


def test_graph_page_draws_every_event_actor_and_place_of_the_store(browser, seed):
    out, facts = seed
    with visit(browser, out / "graph.html") as v:
        ids = set(v.js("() => geokg.nodes.getIds()"))
        assert len(facts.events) >= 10 and facts.actors and facts.places  # the seed is not trivial
        assert ids == facts.nodes
        assert v.js("() => geokg.nodes.length") == len(facts.nodes)
        assert visible(v) == drawn(v) == facts.nodes


def test_graph_page_quad_filter_shows_only_material_conflict(browser, seed):
    out, facts = seed
    conflict = {e for e, d in facts.events.items() if d.get("quad") == "4"}
    assert conflict and conflict != set(facts.events)
    with visit(browser, out / "graph.html") as v:
        v.js("() => geokg.setFilter({quad: 4})")
        shown = visible(v)
        assert shown & set(facts.events) == conflict
        assert shown < facts.nodes
        assert all(facts.touches[n] & conflict for n in shown - conflict)  # no actor without a shown event
        assert set().union(*(facts.touches[e] for e in conflict)) <= shown  # each shown event's actors and places
        assert drawn(v) == shown
        v.js("() => geokg.setFilter({quad: null})")
        assert visible(v) == drawn(v) == facts.nodes


def test_graph_page_filter_controls_quad_dates_and_actor_search(browser, seed):
    out, facts = seed
    conflict = {e for e, d in facts.events.items() if d.get("quad") == "4"}
    of_2014 = {e for e, d in facts.events.items() if d.get("date", "").startswith("2014")}
    assert of_2014 & conflict  # the seed's one dated event: Russia's annexation of Crimea, 2014
    zelensky = next(a for a in facts.actors if facts.labels.get(a) == "Volodymyr Zelensky")
    with visit(browser, out / "graph.html") as v:
        v.page.select_option("#f-quad", "4")
        assert visible(v) & set(facts.events) == conflict
        v.page.fill("#f-from", "2014-01-01")
        v.page.fill("#f-to", "2014-12-31")
        assert visible(v) & set(facts.events) == of_2014 & conflict
        assert drawn(v) == visible(v)
        v.page.click("#f-reset")
        assert visible(v) == facts.nodes
        v.page.fill("#f-actor", "zelensk")
        v.page.press("#f-actor", "Enter")
        assert visible(v) & set(facts.events) == facts.touches[zelensky]
        v.assert_clean()


def test_graph_page_focus_on_ukraine_shows_its_neighbourhood_only(browser, seed):
    out, facts = seed
    ukraine = next(a for a in facts.actors if facts.labels.get(a) == "Ukraine")
    its_events = facts.touches[ukraine] & set(facts.events)
    with visit(browser, out / "graph.html") as v:
        v.js("(id) => geokg.focus(id)", ukraine)
        shown = visible(v)
        edges = v.js("() => geokg.edges.get().map(e => [e.from, e.to])")
        near: dict[str, set[str]] = defaultdict(set)
        for a, b in edges:
            near[a].add(b)
            near[b].add(a)
        neighbourhood = {ukraine} | near[ukraine] | set().union(*(near[e] for e in its_events))
        assert {ukraine} | its_events <= shown <= neighbourhood
        assert shown < facts.nodes
        assert drawn(v) == shown
        v.js("() => geokg.focus(null)")
        assert visible(v) == facts.nodes


# --- untrusted text -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, nlp) -> Path:
    """A real build of one article whose text, title and URL are hostile."""
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("hostile")
    text = (
        f"Russian forces attacked Ukraine near Kyiv on Monday {HOSTILE_SCRIPT}. "
        f"Ukrainian President Volodymyr Zelensky accused Russia of war crimes {HOSTILE_IMG} in Kharkiv."
    )
    record = {"id": "hostile", "text": text, "published": "2025-03-03", "url": HOSTILE_URL,
              "title": f"Attack {HOSTILE_SCRIPT} {HOSTILE_IMG}", "source": "test"}  # fmt: skip
    (folder / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = folder / "out"
    build([folder / "hostile.jsonl"], out, progress=False)
    return out


def _point_at(v: Visit, node: str) -> dict[str, float]:
    """Centre the view on ``node`` and give its position on the page (checked to be that node's)."""
    return v.js(
        """(id) => {
          const n = geokg.network;
          n.moveTo({position: n.getPositions([id])[id], scale: 2, animation: false});
          const p = n.canvasToDOM(n.getPositions([id])[id]);
          const box = n.body.container.getBoundingClientRect();
          return {x: box.left + p.x, y: box.top + p.y, at: n.getNodeAt(p)};
        }""",
        node,
    )


def test_graph_page_shows_hostile_article_text_as_text_and_runs_none_of_it(browser, hostile_build):
    facts = read_facts(hostile_build)
    assert len(facts.events) >= 2  # the attack and the accusation
    with visit(browser, hostile_build / "graph.html") as v:
        tooltips = []
        for event in sorted(facts.events):
            where = _point_at(v, event)
            assert where["at"] == event
            v.page.mouse.move(where["x"], where["y"])
            tip = v.page.wait_for_selector("div.vis-tooltip", state="visible")
            tooltips.append(tip.inner_text())
            v.page.mouse.click(where["x"], where["y"])  # the details panel
            v.page.mouse.move(5, VIEWPORT["height"] - 5)
        seen = "\n".join(tooltips) + v.page.inner_text("body")
        assert HOSTILE_SCRIPT in seen and HOSTILE_IMG in seen  # shown, as text
        assert f"Attack {HOSTILE_SCRIPT}" in seen  # the headline too
        assert v.js("() => typeof window.pwned") == "undefined"
        hrefs = v.js("() => Array.from(document.querySelectorAll('[href]'), a => a.getAttribute('href'))")
        assert not [h for h in hrefs if not h.strip().lower().startswith(("http:", "https:", "#"))]
        assert v.js("() => document.querySelectorAll('[onerror], img[src=x]').length") == 0
        v.assert_clean()


# --- the screenshot -----------------------------------------------------------------------------


def screenshot(v: Visit, folder: Path, name: str) -> Path:
    """A screenshot of the page in ``folder``, copied to $GEOKG_SCREENSHOTS if set (CI keeps them)."""
    shot = folder / name
    v.page.screenshot(path=str(shot))
    if keep := os.environ.get("GEOKG_SCREENSHOTS"):
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(keep) / name)
    return shot


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature and that its image data inflates."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, at = b"", 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at : at + 4]), data[at + 4 : at + 8]
        if kind == b"IDAT":
            idat += data[at + 8 : at + 8 + length]
        at += 12 + length
    assert len(zlib.decompress(idat)) > height  # a filter byte a row, and pixels
    return width, height


def colours(page: sync_api.Page, png: bytes) -> dict[str, int]:
    """The pixel colours of ``png`` (``#rrggbb`` -> count), decoded by the browser in a blank page."""
    return page.evaluate(
        """async (b64) => {
          const img = new Image();
          img.src = "data:image/png;base64," + b64;
          await img.decode();
          const c = document.createElement("canvas");
          c.width = img.width; c.height = img.height;
          const g = c.getContext("2d");
          g.drawImage(img, 0, 0);
          const px = g.getImageData(0, 0, c.width, c.height).data;
          const n = {};
          for (let i = 0; i < px.length; i += 4) {
            const k = "#" + ((1 << 24) | (px[i] << 16) | (px[i + 1] << 8) | px[i + 2]).toString(16).slice(1);
            n[k] = (n[k] || 0) + 1;
          }
          return n;
        }""",
        base64.b64encode(png).decode("ascii"),
    )


def test_graph_page_screenshot_is_saved_and_shows_the_conflict_events(browser, seed, tmp_path):
    out, facts = seed
    conflict = next(e for e, d in sorted(facts.events.items()) if d.get("quad") == "4")
    with visit(browser, out / "graph.html") as v:
        shot = screenshot(v, tmp_path, "graph.png")
        red = v.js("(id) => geokg.network.body.nodes[id].options.color.background", conflict).lower()
        blank = v.page.context.new_page()
        found = colours(blank, shot.read_bytes())
    assert shot.stat().st_size > 10_000
    assert png_size(shot.read_bytes()) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(found) > 50  # nodes, edges, labels, legend: not a blank page
    assert max(found.values()) < 0.98 * VIEWPORT["width"] * VIEWPORT["height"]
    assert found.get(red, 0) >= 10  # a material-conflict event, in its colour


# --- the other views ----------------------------------------------------------------------------


def test_actor_view_shows_actors_only_one_edge_per_dyad(browser, seed, tmp_path):
    out, facts = seed
    page = write_view(out, "actors", tmp_path / "actors.html")
    in_dyads = {a for d in facts.dyads for a in d}
    with visit(browser, page) as v:
        v.assert_clean()
        ids = set(v.js("() => geokg.nodes.getIds()"))
        assert in_dyads <= ids <= facts.actors
        assert visible(v) == drawn(v) == ids
        pairs = v.js("() => geokg.edges.get().map(e => [e.from, e.to])")
        assert sorted(map(tuple, pairs)) == sorted(facts.dyads)


def _dated_dyads(out: Path) -> dict[str, tuple[str, str]]:
    """Each dated event (its own date, else its article's) and its (source, target) IRIs."""
    with GraphStore(out, read_only=True) as store:
        rows = _select(store, """SELECT DISTINCT ?e ?s ?t WHERE { ?e a sem:Event
            { ?e sem:hasTimeStamp ?d } UNION { ?e prov:wasDerivedFrom/schema:datePublished ?d }
            OPTIONAL { ?e gk:source ?s } OPTIONAL { ?e gk:target ?t } }""", "e", "s", "t")  # fmt: skip
    return {e: (s or "", t or "") for e, s, t in rows}


def test_timeline_view_loads_offline_one_row_per_dyad_one_mark_per_dated_event(browser, seed, tmp_path):
    out, facts = seed
    dated = _dated_dyads(out)
    assert dated and len(dated) < len(facts.events)  # the seed article has no date: most events have none
    page = write_view(out, "timeline", tmp_path / "timeline.html")
    with visit(browser, page) as v:
        v.assert_clean()
        assert v.js("() => geokg.rowCount()") == len(set(dated.values()))
        assert v.js("() => geokg.markCount()") == len(dated)
        assert v.js("() => document.querySelectorAll('#chart .mark').length") == len(dated)
        assert v.page.inner_text("#undated-count").strip().startswith(str(len(facts.events) - len(dated)))
        assert png_size(screenshot(v, tmp_path, "timeline.png").read_bytes()) == (VIEWPORT["width"], VIEWPORT["height"])


def _located_places(out: Path, quad: int | None = None) -> set[str]:
    """The places with coordinates where events happened (of QuadClass ``quad`` if given)."""
    only = f"?e gk:quadClass {quad} ." if quad else ""
    with GraphStore(out, read_only=True) as store:
        rows = _select(store, f"""SELECT DISTINCT ?p WHERE {{ ?e a sem:Event ; sem:hasPlace ?p . {only}
                                  ?p geo:lat ?lat ; geo:long ?long }}""", "p")  # fmt: skip
    return {p for (p,) in rows}


def _tile_origin(v: Visit) -> str:
    """The one remote origin the map's CSP lets images come from (its tiles)."""
    csp = v.js("() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    directives = dict((d.split() + [""])[:1] + [" ".join(d.split()[1:])] for d in csp.split(";") if d.strip())
    (origin,) = [src for src in directives["img-src"].split() if src.startswith("https://")]
    return origin


def test_map_view_loads_offline_and_marks_every_located_place_tiles_or_not(browser, seed, tmp_path):
    out, _ = seed
    located, conflict = _located_places(out), _located_places(out, 4)
    assert located and conflict < located
    page = write_view(out, "map", tmp_path / "map.html")
    origin: list[str] = []

    def tile(url: str) -> bool:  # the only request allowed (to fail): a tile image from the tile host
        return bool(origin) and url.startswith(origin[0] + "/") and urlsplit(url).path.endswith(".png")

    with visit(browser, page, may_fetch=tile) as v:
        origin.append(_tile_origin(v))
        markers = "() => document.querySelectorAll('.leaflet-overlay-pane .leaflet-interactive').length"
        assert v.js("() => geokg.markerCount()") == v.js(markers) == len(located)
        v.assert_clean()
        assert v.blocked == []  # tiles are off until asked for
        v.page.check("#tiles")  # asked for, offline: they fail, the points stay
        v.page.wait_for_timeout(500)
        assert v.blocked and all(map(tile, v.blocked))
        v.assert_clean()
        assert v.js(markers) == len(located)
        assert png_size(screenshot(v, tmp_path, "map.png").read_bytes()) == (VIEWPORT["width"], VIEWPORT["height"])
        v.js("() => geokg.setFilter({quad: 4})")
        assert v.js("() => geokg.markerCount()") == v.js(markers) == len(conflict)


def test_views_show_hostile_article_text_as_text_and_run_none_of_it(browser, hostile_build, tmp_path):
    clicked = {"timeline": "#chart .mark, #undated-rows tr", "map": ".leaflet-overlay-pane .leaflet-interactive"}
    for view, targets in clicked.items():
        page = write_view(hostile_build, view, tmp_path / f"{view}.html")
        with visit(browser, page) as v:
            seen = []
            for target in v.page.query_selector_all(targets):
                target.dispatch_event("click")  # a popup may cover the next marker: no pointer needed
                seen.append(v.page.inner_text("body"))
            assert seen, f"nothing to click on the {view}"
            text = "\n".join(seen)
            assert HOSTILE_SCRIPT in text or HOSTILE_IMG in text or f"Attack {HOSTILE_SCRIPT}" in text, view
            assert v.js("() => typeof window.pwned") == "undefined"
            hrefs = v.js("() => Array.from(document.querySelectorAll('[href]'), a => a.getAttribute('href'))")
            assert not [h for h in hrefs if not h.strip().lower().startswith(("http:", "https:", "#"))], view
            assert v.js("() => document.querySelectorAll('[onerror], img[src=x]').length") == 0
            v.assert_clean()
