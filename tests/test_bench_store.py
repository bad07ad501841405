"""scripts/bench_store.py runs on a small synthetic graph and prints its figures and ratios
(no timing assertions: speed lives in the script)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_store.py"


def test_bench_store_runs_and_prints_ratios(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--triples", "20000", "--runs", "1", "--rdflib-cap", "60"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    triples = int(re.match(r"synthetic graph: ([\d,]+) triples", out).group(1).replace(",", ""))
    assert 18_000 <= triples <= 26_000  # about 20,000, with the statistics a build derives
    assert "triples of statistics derived from the events" in out
    for line in ("load (N-Triples)", "query who-did-what", "query near-place", "query actor-timeline",
                 "query dyad-by-month", "query top-actors", "query event-evidence", "export turtle", "export ntriples"):  # fmt: skip
        assert line in out
    figures = [line for line in out.splitlines() if line.startswith(("load", "query", "export"))]
    assert len(figures) >= 1 + 6 + 2  # the load, a case per saved query at least, two exports
    assert all(len(re.findall(r"\d+(?:\.\d+)?x\b", line)) == 2 for line in figures)  # rdflib over each Oxigraph store
    assert "DIFFER" not in out  # Oxigraph and rdflib found as many rows
    assert "goal (median < 50 ms" in out
