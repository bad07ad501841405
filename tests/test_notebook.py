"""The notebooks run top to bottom, in a kernel on this venv's Python, and show what they promise.

Each notebook is executed in memory (the committed file stays without outputs) from the folder
an analyst would run it from; the tests then read the outputs a reader would look at.
"""

from __future__ import annotations

import html
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPLORE = NOTEBOOKS / "explore.ipynb"
QUICKSTART = NOTEBOOKS / "quickstart.ipynb"
KERNEL = "geokg-test"
CELL_TIMEOUT_S = 180  # the build cell loads the spaCy pipeline; the machine may be busy
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec that starts this interpreter (the venv's, with geokg installed), so that no
    `python3` kernelspec elsewhere on the machine can run the notebooks on another Python."""
    kernels = tmp_path_factory.mktemp("kernels")
    spec = kernels / KERNEL
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}))
    return kernels


def execute(path: Path, cwd: Path, kernel_dir: Path) -> NotebookNode:
    """``path`` executed top to bottom with ``cwd`` as working directory (stops at the first error)."""
    nb = nbformat.read(path, as_version=4)
    km = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT_S, resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


@pytest.fixture(scope="module")
def explore(kernel_dir) -> NotebookNode:
    return execute(EXPLORE, NOTEBOOKS, kernel_dir)


def code_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def text(cell: NotebookNode) -> str:
    """What the cell printed or displayed as plain text."""
    parts = [o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"]
    parts += [o.data.get("text/plain", "") for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
    return "\n".join(parts)


def htmls(cell: NotebookNode) -> list[str]:
    return [o.data["text/html"] for o in cell.outputs if o.output_type in ("execute_result", "display_data") and "text/html" in o.data]


def tables(nb: NotebookNode) -> dict[str, list[dict[str, str]]]:
    """Every HTML table the notebook displayed, by caption: one dict (column -> cell text) a row."""
    found = {}
    for cell in code_cells(nb):
        for out in htmls(cell):
            if not out.startswith("<table>"):
                continue
            root = ET.fromstring(out)  # the notebook writes well-formed, escaped markup
            columns = [th.text for th in root.iter("th")]
            rows = [{c: td.text or "" for c, td in zip(columns, tr.findall("td"))} for tr in root.find("tbody")]
            found[root.find("caption").text] = rows
    return found


def cell_with(nb: NotebookNode, snippet: str) -> NotebookNode:
    return next(c for c in code_cells(nb) if snippet in c.source)


def built(nb: NotebookNode) -> tuple[str, int]:
    """The build cell's temporary folder and event count, as it printed them."""
    printed = text(cell_with(nb, "build(["))
    folder = printed.split("build dir: ")[1].splitlines()[0]
    return folder, int(printed.split("events:")[1].split()[0])


# --- the committed files ----------------------------------------------------------------


@pytest.mark.parametrize("path", [EXPLORE, QUICKSTART], ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert all(not c.outputs and c.execution_count is None for c in code_cells(nb))


# --- explore.ipynb ----------------------------------------------------------------------


def test_explore_runs_without_errors(explore):
    errors = [o for c in code_cells(explore) for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in code_cells(explore))
    warnings = [o.text for c in code_cells(explore) for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert warnings == []


def test_explore_build_reports_the_seed(explore):
    assert "documents: 1 read, 1 added, 0 failed" in text(cell_with(explore, "build(["))
    assert built(explore)[1] > 10


def test_explore_who_did_what_lists_every_event(explore):
    rows = tables(explore)["who-did-what"]
    assert len(rows) == built(explore)[1]
    assert {r["published"] for r in rows} == {"2025-06-04"}  # the notebook dates the undated seed
    annexation = next(r for r in rows if r["cameo"] == "192")
    assert (annexation["sourceName"], annexation["targetName"], annexation["quadClass"]) == ("Russian Federation", "Ukraine", "4")


def test_explore_top_actors_lead_with_ukraine_and_russia(explore):
    rows = tables(explore)["top-actors"]
    assert [r["name"] for r in rows[:2]] == ["Ukraine", "Russian Federation"]
    assert "Volodymyr Zelensky" in {r["name"] for r in rows}


def test_explore_russia_ukraine_dyad_is_conflict_both_ways(explore):
    rows = tables(explore)["dyad-by-month: Russia and Ukraine"]
    assert {r["direction"] for r in rows} == {"RUS → UKR", "UKR → RUS"}
    assert {r["month"] for r in rows} >= {"2014-01", "2025-06"}  # Crimea; the talks, dated by `published`
    assert all(int(r["conflict"]) > 0 and int(r["cooperation"]) == 0 for r in rows)
    assert all(float(r["goldsteinSum"]) < 0 for r in rows)


def test_explore_analysis_names_russia_ukraine_most_conflictual(explore):
    found = tables(explore)
    first = found["most conflictual dyads"][0]
    assert first["dyad"] == "Russian Federation → Ukraine" and float(first["goldstein"]) < 0
    assert all(float(r["goldstein"]) > 0 for r in found["most cooperative dyads"])
    actors = found["actors by PageRank"]
    assert actors[0]["actor"] == "Ukraine" and {"Russian Federation", "Volodymyr Zelensky"} <= {r["actor"] for r in actors}
    assert "community 1:" in text(cell_with(explore, "analyze(store"))
    months = {r["month"]: r for r in found["QuadClass by month"]}
    assert int(months["2014-01"]["material conflict"]) == 1  # the annexation of Crimea


def test_explore_networkx_works_on_the_actor_network(explore):
    printed = text(cell_with(explore, "actor_network(store)"))
    assert printed.startswith("DiGraph: ")
    path = printed.split("Trump to Putin: ")[1].splitlines()[0].split(" — ")
    assert path[0] == "Donald Trump" and path[-1] == "Vladimir Putin" and len(path) >= 3
    conduct = tables(explore)["summed Goldstein of each actor as source"]
    assert conduct[0]["actor"] == "Russian Federation" and float(conduct[0]["goldstein"]) < 0


def test_explore_page_is_an_escaped_srcdoc_iframe(explore):
    (frame,) = htmls(cell_with(explore, "page_html("))
    assert frame.startswith('<div><iframe srcdoc="') and frame.endswith("></iframe></div>")
    srcdoc = frame[len('<div><iframe srcdoc="') : frame.index('" sandbox=')]
    assert '"' not in srcdoc and "<" not in srcdoc  # the page cannot break out of the attribute
    page = html.unescape(srcdoc)
    assert page.startswith("<!DOCTYPE html>") and "geokg: seed articles" in page and "vis.Network" in page
    assert 'sandbox="allow-scripts"' in frame  # the frame gets no access to the notebook


def test_explore_page_draws_inside_the_notebook_frame(explore, tmp_path):
    """The cell's output as a notebook shows it, in headless Chromium with networking off: the
    sandboxed frame draws the graph (every node, physics settled), with the build's event
    count, and logs no errors."""
    from playwright.sync_api import sync_playwright

    (frame,) = htmls(cell_with(explore, "page_html("))
    events = built(explore)[1]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(offline=True).new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.set_content(f"<!DOCTYPE html><html><body>{frame}</body></html>")
            inner = page.wait_for_selector("iframe").content_frame()
            inner.wait_for_function("() => window.geokg && window.geokg.ready", timeout=15_000)
            visible, total = inner.evaluate("() => [geokg.visibleNodeIds().length, geokg.nodes.length]")
            assert inner.locator("canvas").count() == 1
            shown = inner.inner_text("body")
            page.screenshot(path=tmp_path / "explore-page.png")
        finally:
            browser.close()
    assert f"{events} events" in shown and "geokg: seed articles" in shown
    assert visible == total > events  # events, and the actors and places they join
    assert problems == []


def test_explore_cleans_up_its_build(explore):
    folder = Path(built(explore)[0])
    assert folder.name.startswith("geokg-explore-") and not folder.exists()


# --- quickstart.ipynb -------------------------------------------------------------------


def test_quickstart_runs_from_a_checkout(kernel_dir, tmp_path):
    """Run from a folder laid out as the repository root (its seeds/), so that its `out/` is
    written there and not into the real checkout."""
    (tmp_path / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    nb = execute(QUICKSTART, tmp_path, kernel_dir)
    cells = code_cells(nb)
    assert "1 article(s)," in text(cells[0]) and (tmp_path / "out" / "graph.html").is_file()
    assert "Volodymyr Zelensky | 112 | Donald Trump | accused" in text(cells[1])
    accusations = text(cells[2]).splitlines()
    assert accusations and all(line.startswith("11") and "Zelensky" in line for line in accusations)
