#!/usr/bin/env python3
"""The page benchmark: how long a generated graph page takes to become interactive in headless Chromium.

The goal (issue 6): a 2,000-node graph page is interactive — drawn, its layout stabilised and
physics switched off, which is when the page sets ``window.geokg.ready`` — within 3 s.

It generates a synthetic geokg graph of exactly ``--nodes`` nodes (events + actors + places, as
the page counts them) with the generator of ``scripts/bench_store.py`` (skewed actors and places,
evidence sentences, articles), keeping the first events by IRI so that the count is exact; writes
the page with :func:`kg.viz.write_page` (``--max-nodes`` as the page's own cut, default
``kg.viz.DEFAULT_MAX_NODES``: past it the page keeps the top actors and says so); opens it from
file:// in Debian's Chromium through Playwright, offline, with every non-file request aborted and
counted; and measures, from navigation start (the page's ``performance`` time origin):

- DOMContentLoaded (the page's HTML, its inlined vis-network and data parsed);
- ready: the first animation frame at which ``window.geokg.ready === true``;
- drawn: two animation frames later, when vis-network has painted the stabilised network (the
  figure the verdict uses);
- the nodes in the page's DataSet and the nodes vis-network draws, the edges, whether physics is
  off, and the page's notice when it truncated;
- a filter round trip (``geokg.setFilter({quad: 4})`` and back, to the next frame), when the page
  has one: interactive means it answers.

Each of ``--repeat`` runs (default 3) opens the page in a fresh browser context; the medians are
printed with PASS/FAIL against 3 s. The exit code is 0 for PASS, 1 for FAIL, 2 if the page
failed to load (console error, request, timeout). No figure is asserted in the test suite
(``tests/test_bench_page.py`` runs it small).

    .venv/bin/python scripts/bench_page.py                       # 2,000 nodes, 3 runs
    .venv/bin/python scripts/bench_page.py --nodes 5000 --max-nodes 5000 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):  # run as a plain script from a checkout
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import pyoxigraph as ox  # noqa: E402

from bench_store import SEED, generate  # noqa: E402
from kg.viz import DEFAULT_MAX_NODES, write_page  # noqa: E402
from kg.vocab import sparql_prefixes  # noqa: E402

GOAL_S = 3.0
CHROMIUM = os.environ.get("GEOKG_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
TIMEOUT_MS = 120_000

# The page's nodes, counted as kg/viz.py counts them: a node is an event, else an actor, else a place.
_NODES_QUERY = """
SELECT ?n ?kind WHERE {
  { ?n a sem:Event BIND(1 AS ?kind) }
  UNION { { ?n a sem:Actor } UNION { ?e a sem:Event ; gk:source|gk:target|sem:hasActor ?n } BIND(2 AS ?kind) }
  UNION { { ?n a sem:Place } UNION { ?e a sem:Event ; sem:hasPlace ?n } BIND(3 AS ?kind) }
}
"""

# Read in the page once it is ready: what it drew, not what it was given.
_DRAWN_JS = """() => {
  const g = window.geokg, nav = performance.getEntriesByType("navigation")[0];
  const notice = document.getElementById("notice");
  return {
    dom_content_loaded_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd,
    nodes: g.nodes.length, drawn: g.network.body.nodeIndices.length,
    visible: typeof g.visibleNodeIds === "function" ? g.visibleNodeIds().length : null,
    edges: g.edges.length, physics_off: g.network.physics.options.enabled === false,
    notice: notice ? notice.textContent.trim() : null,
  };
}"""

# Two animation frames after ready: vis-network draws on animation frames, so by the second the
# stabilised network is on the canvas.
_PAINTED_JS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  await frame();
  await frame();
  return performance.now();
}"""

# A filter and its undoing, each to the next drawn frame.
_FILTER_JS = """async () => {
  const g = window.geokg;
  if (typeof g.setFilter !== "function") { return null; }
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  g.setFilter({quad: 4});
  await frame();
  const shown = g.visibleNodeIds().length;
  g.setFilter({quad: null});
  await frame();
  return {ms: performance.now() - t0, shown: shown};
}"""


@dataclass
class Graph:
    events: int
    actors: int
    places: int
    triples: int

    @property
    def nodes(self) -> int:
        return self.events + self.actors + self.places


@dataclass
class Run:
    ready_ms: float
    painted_ms: float
    dom_content_loaded_ms: float
    load_ms: float
    nodes: int
    drawn: int
    visible: int | None
    edges: int
    physics_off: bool
    notice: str | None
    filter_ms: float | None = None
    filter_shown: int | None = None
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# --- the synthetic graph ----------------------------------------------------------------------


def _kinds(store: ox.Store) -> dict[str, int]:
    """Each node of the page and its kind (1 event, 2 actor, 3 place: the lowest wins)."""
    kinds: dict[str, int] = {}
    for row in store.query(sparql_prefixes() + _NODES_QUERY):
        iri, kind = row["n"].value, int(row["kind"].value)
        kinds[iri] = min(kind, kinds.get(iri, kind))
    return kinds


def synthetic_store(nodes: int, seed: int = SEED) -> tuple[ox.Store, Graph]:
    """An in-memory store whose page has exactly ``nodes`` nodes.

    bench_store's generator is sized by triples, and its numbers of actors and places grow with
    it; so the triple target is raised until there are enough events, and the surplus events
    (the last by IRI) are then removed with every triple about them.
    """
    target = max(2_000, int(nodes * 66))  # about 65 triples per node at the generator's mix
    while True:
        data, _world = generate(target, seed)
        store = ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        kinds = _kinds(store)
        events = sorted(iri for iri, k in kinds.items() if k == 1)
        others = len(kinds) - len(events)
        if len(kinds) >= nodes and others < nodes:
            break
        if others >= nodes:
            raise SystemExit(f"--nodes {nodes:,} is too small for the generator: it makes {others:,} actors and places")
        target = int(target * 1.25)
    for iri in events[nodes - others :]:
        for quad in list(store.quads_for_pattern(ox.NamedNode(iri), None, None)):
            store.remove(quad)
    kinds = _kinds(store)
    counts = [sum(1 for k in kinds.values() if k == kind) for kind in (1, 2, 3)]
    return store, Graph(*counts, triples=len(store))


# --- the browser ------------------------------------------------------------------------------


def measure(browser: Any, page_path: Path) -> Run:
    """One visit in a fresh offline context: the times from navigation start and what was drawn."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        page.goto(page_path.as_uri(), wait_until="commit")
        ready = page.wait_for_function(
            "() => window.geokg && window.geokg.ready === true && performance.now()", polling="raf", timeout=TIMEOUT_MS
        ).json_value()
        painted = page.evaluate(_PAINTED_JS)
        run = Run(ready_ms=ready, painted_ms=painted, **page.evaluate(_DRAWN_JS))
        tried = page.evaluate(_FILTER_JS)
        if tried is not None:
            run.filter_ms, run.filter_shown = tried["ms"], tried["shown"]
        run.blocked, run.errors = blocked, errors
        return run
    finally:
        context.close()


def bench(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    t0 = time.perf_counter()
    store, graph = synthetic_store(args.nodes, args.seed)
    generate_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="geokg-bench-page-") as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "graph.html"
        t0 = time.perf_counter()
        write_page(store, path, title=f"geokg bench: {graph.nodes:,} nodes", max_nodes=args.max_nodes)
        page_s = time.perf_counter() - t0
        size = path.stat().st_size
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            try:
                runs = [measure(browser, path.resolve()) for _ in range(args.repeat)]
            finally:
                browser.close()
    medians = {k: round(statistics.median(getattr(r, k) for r in runs), 1)
               for k in ("ready_ms", "painted_ms", "dom_content_loaded_ms", "load_ms")}  # fmt: skip
    filters = [r.filter_ms for r in runs if r.filter_ms is not None]
    medians["filter_ms"] = round(statistics.median(filters), 1) if filters else None
    clean = all(not r.blocked and not r.errors and r.physics_off for r in runs)
    return {
        "graph": {**asdict(graph), "nodes": graph.nodes, "generate_s": round(generate_s, 2), "seed": args.seed},
        "page": {"bytes": size, "write_s": round(page_s, 2), "max_nodes": args.max_nodes},
        "runs": [asdict(r) for r in runs],
        "median": medians,
        "goal_s": GOAL_S,
        "clean": clean,
        "passed": clean and medians["painted_ms"] <= GOAL_S * 1000,
        "settings": {"repeat": args.repeat, "chromium": CHROMIUM, "python": platform.python_version(), "cpus": os.cpu_count()},
    }


def print_report(report: dict[str, Any]) -> None:
    g, p, m, last = report["graph"], report["page"], report["median"], report["runs"][-1]
    print(f"synthetic graph: {g['nodes']:,} nodes ({g['events']:,} events, {g['actors']:,} actors, "
          f"{g['places']:,} places), {g['triples']:,} triples (seed {g['seed']}, generated in {g['generate_s']} s)")  # fmt: skip
    print(f"page: {p['bytes'] / 1e6:.1f} MB, written in {p['write_s']} s (max_nodes {p['max_nodes']:,})")
    print(f"drawn: {last['drawn']:,} of {last['nodes']:,} nodes in the page, {last['edges']:,} edges; "
          f"physics {'off' if last['physics_off'] else 'STILL ON'}")  # fmt: skip
    if last["notice"]:
        print(f"notice on the page: {last['notice']}")
    for i, r in enumerate(report["runs"], 1):
        flt = f", filter round trip {r['filter_ms']:.0f} ms ({r['filter_shown']:,} nodes shown at QuadClass 4)" if r["filter_ms"] is not None else ""
        print(f"run {i}: DOMContentLoaded {r['dom_content_loaded_ms']:,.0f} ms, load {r['load_ms']:,.0f} ms, "
              f"ready {r['ready_ms']:,.0f} ms, drawn {r['painted_ms']:,.0f} ms{flt}")  # fmt: skip
        for problem in r["blocked"] + r["errors"]:
            print(f"  problem: {problem}")
    flt = f", filter round trip {m['filter_ms']:,.0f} ms" if m["filter_ms"] is not None else ", no filter (geokg.setFilter missing)"
    print(f"median of {len(report['runs'])}: DOMContentLoaded {m['dom_content_loaded_ms']:,.0f} ms, "
          f"load {m['load_ms']:,.0f} ms, ready {m['ready_ms']:,.0f} ms, drawn {m['painted_ms']:,.0f} ms{flt}")  # fmt: skip
    verdict = "PASS" if report["passed"] else "FAIL"
    why = "" if report["clean"] else " (the page made a request, logged an error or kept physics on)"
    print(f"{verdict}: interactive (stabilised, physics off, drawn) in {m['painted_ms'] / 1000:.2f} s, goal <= {report['goal_s']:.0f} s{why}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000, help="nodes of the synthetic graph (default 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="page loads measured (median; default 3)")
    parser.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES,
                        help=f"the page's max_nodes (default {DEFAULT_MAX_NODES:,}: past it, the top actors)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of the synthetic graph")
    parser.add_argument("--keep", metavar="PATH", help="write the page to PATH and keep it")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.nodes < 1 or args.repeat < 1:
        parser.error("--nodes and --repeat must be positive")
    from playwright.sync_api import TimeoutError as PageTimeout

    try:
        report = bench(args)
    except PageTimeout as exc:  # geokg.ready never came
        print(f"the page never became ready: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print_report(report)
    if not report["clean"]:
        return 2
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
