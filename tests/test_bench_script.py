"""scripts/bench.py runs and reports its figures (no timing assertions: speed lives in the script)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"

ARTICLES = [
    {"id": "a1", "published": "2024-03-01", "text": "Russian troops attacked the Ukrainian city of Kharkiv on Friday. Ukraine condemned the attack."},
    {"id": "a2", "published": "2024-03-02", "text": "The French president met the German chancellor in Berlin to discuss aid to Ukraine."},
    {"id": "a3", "text": "Protesters gathered in Hong Kong on Sunday. Police arrested twelve people, officials said."},
]


def _bench(tmp_path, *args: str) -> dict:
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", str(SCRIPT), "--corpus", str(corpus), *args, "--json"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_bench_script_json(tmp_path):
    report = _bench(tmp_path, "--repeat", "1", "--build", "--workers", "2")

    assert {"corpus", "settings", "results", "ratios", "workers_speedup", "peak_rss_mb", "rss_mb_after_warmup"} <= set(report)
    assert report["corpus"]["articles"] == 3
    assert report["corpus"]["read_errors"] == 0
    assert report["corpus"]["words"] == sum(len(a["text"].split()) for a in ARTICLES)
    settings = report["settings"]
    assert settings["same_pipeline_object"] is True and settings["repeat"] == 1 and settings["workers"] == 2
    # the baseline is the model as shipped: its own attribute_ruler, none of geokg's pipes
    assert "attribute_ruler" in settings["baseline_pipes"] and not any(p.startswith("geokg_") for p in settings["baseline_pipes"])
    assert "geokg_gazetteer" in settings["pipes"]

    names = {"baseline", "pipe_geokg", "extract", "extract_w2", "build", "build_w2"}
    assert set(report["results"]) == names
    for figures in report["results"].values():
        assert {"seconds", "runs_s", "cpu_seconds", "articles_per_s", "words_per_s"} <= set(figures)
        assert len(figures["runs_s"]) == 1
        assert figures["seconds"] > 0 and figures["articles_per_s"] > 0 and figures["words_per_s"] > 0
    assert report["results"]["build"]["documents_added"] == report["results"]["build_w2"]["documents_added"] == 3
    assert report["results"]["build"]["quads"] == report["results"]["build_w2"]["quads"] > 0

    others = names - {"baseline"}
    assert set(report["ratios"]) == set(report["cpu_ratios"]) == {f"{name}_vs_baseline" for name in others}
    assert all(r > 0 for r in [*report["ratios"].values(), *report["cpu_ratios"].values()])
    assert set(report["workers_speedup"]) == set(report["workers_speedup_free_cores"]) == {"extract_w2_vs_extract", "build_w2_vs_build"}
    assert report["results"]["extract_w2"]["cpu_workers_s"] > 0 and report["results"]["extract"]["cpu_workers_s"] == 0
    assert report["peak_rss_mb"] > 0


def test_bench_script_rss_of_growing_builds(tmp_path):
    report = _bench(tmp_path, "--repeat", "0", "--rss", "2,5", "--rss-workers", "1,2")

    assert "results" not in report  # no throughput runs
    assert [(r["workers"], r["size"]) for r in report["rss"]] == [(1, 2), (1, 5), (2, 2), (2, 5)]
    small, large, *pooled = report["rss"]
    for r in pooled:  # the workers' memory counted beside the parent's
        assert r["documents_added"] == r["size"] and r["peak_rss_with_workers_mb"] > r["peak_rss_mb"] + 50
    assert (small["size"], small["generated"]) == (2, False)
    assert (large["size"], large["generated"]) == (5, True)  # more than the 3 articles: copies
    assert small["documents_added"] == 2 and large["documents_added"] == 5
    for r in (small, large):
        assert r["failed"] == 0 and r["quads"] > 0
        assert 50 < r["peak_rss_mb"] <= r["peak_rss_with_workers_mb"]
        assert set(r["phases"]) == {"extract_and_store", "merge", "statistics", "outputs"}
