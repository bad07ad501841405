"""scripts/bench_extract.py runs and reports its figures (no timing assertions: speed lives in the script)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_extract.py"

ARTICLES = [
    {"id": "a1", "published": "2024-03-01", "text": "Russian troops attacked the Ukrainian city of Kharkiv on Friday. Ukraine condemned the attack."},
    {"id": "a2", "published": "2024-03-02", "text": "The French president met the German chancellor in Berlin to discuss aid to Ukraine."},
    {"id": "a3", "text": "Protesters gathered in Hong Kong on Sunday. Police arrested twelve people, officials said."},
]


def test_bench_script_json(tmp_path):
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", str(corpus), "--repeat", "1", "--build", "--json"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    assert {"corpus", "settings", "results", "ratios", "peak_rss_mb", "rss_mb_after_warmup"} <= set(report)
    assert report["corpus"]["articles"] == 3
    assert report["corpus"]["read_errors"] == 0
    assert report["corpus"]["words"] == sum(len(a["text"].split()) for a in ARTICLES)
    assert report["settings"]["same_pipeline_object"] is True
    assert report["settings"]["repeat"] == 1

    # "pipe_geokg" (nlp.pipe with geokg's own components on) is there when geokg adds components
    assert {"baseline", "extract", "build"} <= set(report["results"]) <= {"baseline", "pipe_geokg", "extract", "build"}
    for figures in report["results"].values():
        assert {"seconds", "runs_s", "cpu_seconds", "articles_per_s", "words_per_s"} <= set(figures)
        assert len(figures["runs_s"]) == 1
        assert figures["seconds"] > 0 and figures["articles_per_s"] > 0 and figures["words_per_s"] > 0
    assert report["results"]["build"]["documents_added"] == 3

    others = set(report["results"]) - {"baseline"}
    assert set(report["ratios"]) == set(report["cpu_ratios"]) == {f"{name}_vs_baseline" for name in others}
    assert all(r > 0 for r in [*report["ratios"].values(), *report["cpu_ratios"].values()])
    assert report["peak_rss_mb"] > 0
