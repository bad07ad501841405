#!/usr/bin/env python3
"""Throughput of `kg extract` (and optionally `kg build`) against bare spaCy, in one run.

The project keeps speed goals out of the timed tests: this script measures them instead, and
every figure is a ratio against a baseline measured in the same process, on the same texts,
with the same loaded spaCy pipeline object:

- baseline: ``list(nlp.pipe(texts, batch_size=BATCH_SIZE))`` (bare spaCy parsing) with the
  components geokg adds to the model (those defined in the ``kg`` package, e.g. the
  ``geokg_gazetteer``) disabled by ``nlp.select_pipes``: the model's own pipes only;
- pipe+geokg (only when geokg adds components): the same ``nlp.pipe`` with every pipe on, the
  parse stage of ``kg extract``;
- extract:  ``kg.pipeline.extract_documents(docs)`` fully consumed (parse + extract + resolve),
  what ``kg extract`` does after ingest;
- build (``--build``): ``kg.pipeline.build`` of the same documents (written to a temporary JSONL
  first, so ingest is timed too) into a fresh temporary directory, ``html=False``.

Model loading and dictionary/gazetteer loading are kept out of the timings by a warm-up on a few
documents first. Each measurement is the best of ``--repeat`` runs; the runs are interleaved
(baseline, extract, build, baseline, ...) so drift in machine load hits all of them alike, and
the CPU time of this process (``time.process_time``) is reported beside the wall time: on a
loaded machine the CPU-time ratios are the steadier figure. Peak RSS is the whole process's
(``resource.getrusage``); the baseline keeps all its spaCy ``Doc`` objects in one list.

    .venv/bin/python scripts/bench_extract.py                 # the shared real corpus
    .venv/bin/python scripts/bench_extract.py --copies 4 --build
    .venv/bin/python scripts/bench_extract.py --corpus my.jsonl --repeat 1 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WARMUP_DOCS = 5

if str(ROOT) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

import kg.pipeline  # noqa: E402
from kg.config import BATCH_SIZE  # noqa: E402
from kg.ingest import read_inputs  # noqa: E402
from kg.records import Document, DocumentError  # noqa: E402


def default_corpus() -> list[Path]:
    """The shared real corpus: the VOA sample and the Wikinews CSVs."""
    return [CORPUS / "voa" / "voa_stories.sample.jsonl", *sorted((CORPUS / "wikinews").glob("*.csv"))]


def read_corpus(paths: Sequence[Path]) -> tuple[list[Document], list[DocumentError]]:
    docs: list[Document] = []
    errors: list[DocumentError] = []
    for item in read_inputs([str(p) for p in paths]):
        (errors if isinstance(item, DocumentError) else docs).append(item)
    return docs, errors


def multiply(docs: list[Document], copies: int) -> list[Document]:
    """The corpus ``copies`` times; copy k > 0 gets id ``<id>~copy<k>`` and a ``[copy k]`` line.

    The marker line keeps the texts distinct, so ``build`` (which skips a text it has already
    stored) does the full work for every copy; it adds two words per copied article.
    """
    out = list(docs)
    for k in range(1, copies):
        out.extend(replace(d, id=f"{d.id}~copy{k}", text=f"{d.text}\n\n[copy {k}]") for d in docs)
    return out


def write_jsonl(docs: Sequence[Document], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for d in docs:
            record = {"id": d.id, "text": d.text, "title": d.title, "url": d.url, "source": d.source}
            if d.published is not None:
                record["published"] = d.published.isoformat()
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def geokg_pipes(nlp: Any) -> list[str]:
    """The pipes of ``nlp`` whose components geokg defines (module ``kg`` or ``kg.*``)."""
    names = []
    for name, proc in nlp.pipeline:
        module = getattr(proc, "__module__", None) or type(proc).__module__ or ""
        if module == "kg" or module.startswith("kg."):
            names.append(name)
    return names


def code_version() -> str:
    """The checkout measured: short commit, '+dirty' when the working tree has changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "kg")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (commit or "unknown") + ("+dirty" if dirty else "")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(fn: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """(wall seconds, CPU seconds of this process) of ``fn()``, and its result."""
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    return (time.perf_counter() - t0, time.process_time() - c0), result


def figures(runs: list[tuple[float, float]], articles: int, words: int) -> dict[str, Any]:
    best = min(wall for wall, _ in runs)
    return {
        "seconds": round(best, 4),
        "runs_s": [round(wall, 4) for wall, _ in runs],
        "cpu_seconds": round(min(cpu for _, cpu in runs), 4),
        "articles_per_s": round(articles / best, 2),
        "words_per_s": round(words / best, 1),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", type=Path, metavar="PATH", help="input files or directories (default: the shared VOA + Wikinews corpus)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="timed runs of each measurement; the best counts (default 3)")
    parser.add_argument("--limit", type=int, metavar="N", help="use only the first N articles read (before --copies)")
    parser.add_argument("--copies", type=int, default=1, metavar="N", help="repeat the corpus N times with changed ids, for a larger run (default 1)")
    parser.add_argument("--build", action="store_true", help="also time kg.pipeline.build into a temporary directory (html off)")
    parser.add_argument("--model", help="spaCy model (default: kg's default, as `kg extract` uses)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.copies < 1:
        parser.error("--copies must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def run(args: argparse.Namespace) -> dict[str, Any]:
    version = code_version()  # before anything is imported lazily
    paths = args.corpus or default_corpus()
    base, errors = read_corpus(paths)
    if args.limit is not None:
        base = base[: args.limit]
    if not base:
        raise SystemExit(f"bench_extract: no readable documents in {', '.join(map(str, paths))} ({len(errors)} read errors)")
    docs = multiply(base, args.copies)
    texts = [d.text for d in docs]
    articles = len(docs)
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)

    # ---- warm-up: model, dictionaries, gazetteer, store libraries; and the same-object check
    t0 = time.perf_counter()
    # Called exactly as kg.pipeline.extract_documents calls it (positional ``model``): the
    # lru_cache keys load_pipeline() and load_pipeline(None) apart, as two separate models.
    nlp = kg.pipeline.load_pipeline(args.model)
    seen: list[Any] = []
    real_loader = kg.pipeline.load_pipeline

    def spy(*a: Any, **kw: Any) -> Any:
        seen.append(real_loader(*a, **kw))
        return seen[-1]

    added = geokg_pipes(nlp)
    kg.pipeline.load_pipeline = spy
    try:
        warm = docs[:WARMUP_DOCS]
        with nlp.select_pipes(disable=added):
            list(nlp.pipe([d.text for d in warm], batch_size=BATCH_SIZE))
        list(nlp.pipe([d.text for d in warm], batch_size=BATCH_SIZE))
        for _ in kg.pipeline.extract_documents(warm, model=args.model):
            pass
        if args.build:
            with tempfile.TemporaryDirectory(prefix="bench-warm-") as tmp:
                write_jsonl(warm, Path(tmp) / "warm.jsonl")
                kg.pipeline.build([Path(tmp) / "warm.jsonl"], Path(tmp) / "out", model=args.model, progress=False, html=False)
    finally:
        kg.pipeline.load_pipeline = real_loader
    if not seen or any(obj is not nlp for obj in seen):
        raise SystemExit("bench_extract: kg.pipeline did not use the baseline's pipeline object")
    warmup_s = time.perf_counter() - t0
    rss_warm = peak_rss_mb()

    # ---- timed runs, interleaved
    tmp_root = tempfile.TemporaryDirectory(prefix="bench-build-") if args.build else None
    corpus_file = Path(tmp_root.name) / "corpus.jsonl" if tmp_root else None
    if corpus_file is not None:
        write_jsonl(docs, corpus_file)
        reread, reread_errors = read_corpus([corpus_file])
        if reread_errors or [d.text for d in reread] != texts:
            raise SystemExit("bench_extract: the temporary JSONL for --build does not read back to the same texts")
    times: dict[str, list[tuple[float, float]]] = {"baseline": []}
    if added:
        times["pipe_geokg"] = []
    times["extract"] = []
    rss_first: dict[str, float] = {}
    if args.build:
        times["build"] = []
    events = 0
    build_report = None
    try:
        for r in range(args.repeat):
            with nlp.select_pipes(disable=added):
                seconds, parsed = timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)))
            assert len(parsed) == articles
            del parsed
            times["baseline"].append(seconds)
            rss_first.setdefault("baseline", round(peak_rss_mb(), 1))

            if added:
                seconds, parsed = timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)))
                assert len(parsed) == articles
                del parsed
                times["pipe_geokg"].append(seconds)
                rss_first.setdefault("pipe_geokg", round(peak_rss_mb(), 1))

            seconds, events = timed(lambda: sum(len(x.events) for x in kg.pipeline.extract_documents(docs, model=args.model)))
            times["extract"].append(seconds)
            rss_first.setdefault("extract", round(peak_rss_mb(), 1))

            if args.build:
                out = Path(tmp_root.name) / f"out{r}"
                seconds, build_report = timed(lambda: kg.pipeline.build([corpus_file], out, model=args.model, progress=False, html=False))
                times["build"].append(seconds)
                rss_first.setdefault("build", round(peak_rss_mb(), 1))
    finally:
        if tmp_root is not None:
            tmp_root.cleanup()

    results = {name: figures(s, articles, words) for name, s in times.items()}
    base_s = results["baseline"]["seconds"]
    base_cpu = results["baseline"]["cpu_seconds"]
    ratios = {f"{name}_vs_baseline": round(base_s / results[name]["seconds"], 3) for name in results if name != "baseline"}
    cpu_ratios = {f"{name}_vs_baseline": round(base_cpu / results[name]["cpu_seconds"], 3) for name in results if name != "baseline"}
    results["extract"]["events"] = events
    if build_report is not None:
        results["build"] |= {
            "documents_added": build_report.documents_added,
            "documents_duplicate": build_report.documents_duplicate,
            "events_total": build_report.events_total,
            "quads": build_report.quads,
        }
    import spacy

    meta = nlp.meta
    return {
        "corpus": {
            "paths": [str(p) for p in paths],
            "articles": articles,
            "articles_read": len(base),
            "copies": args.copies,
            "limit": args.limit,
            "words": words,
            "chars": chars,
            "read_errors": len(errors),
            "read_error_samples": [str(e) for e in errors[:5]],
        },
        "settings": {
            "repeat": args.repeat,
            "batch_size": BATCH_SIZE,
            "model": f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
            "pipes": list(nlp.pipe_names),
            "geokg_pipes_off_in_baseline": added,
            "spacy": spacy.__version__,
            "python": platform.python_version(),
            "kg_version": kg.__version__,
            "code": version,
            "warmup_docs": min(WARMUP_DOCS, articles),
            "warmup_s": round(warmup_s, 3),
            "same_pipeline_object": True,
        },
        "results": results,
        "ratios": ratios,
        "cpu_ratios": cpu_ratios,
        "rss_mb_after_warmup": round(rss_warm, 1),
        "peak_rss_mb_after_first_run": rss_first,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


LABELS = {
    "baseline": "bare nlp.pipe (baseline)",
    "pipe_geokg": "nlp.pipe + geokg components",
    "extract": "extract_documents (parse+extract+resolve)",
    "build": "build (ingest+extract+store+ttl/csv, html off)",
}


def print_report(report: dict[str, Any]) -> None:
    c, s = report["corpus"], report["settings"]
    print("geokg throughput benchmark (figures are ratios against bare spaCy, measured in this run)")
    print(f"corpus: {', '.join(c['paths'])}")
    print(f"  {c['articles_read']} articles read, {c['read_errors']} read errors skipped" + (f" (e.g. {c['read_error_samples'][0]})" if c["read_errors"] else ""))
    if c["limit"] is not None:
        print(f"  limited to the first {c['limit']} articles")
    if c["copies"] > 1:
        print(f"  GENERATED: the corpus repeated {c['copies']} times with changed ids (and a '[copy k]' line per copy)")
    print(f"  {c['articles']} articles, {c['words']} words (whitespace tokens), {c['chars']} characters")
    print(f"geokg {s['kg_version']} at {s['code']} (kg/ changes not committed when '+dirty')")
    print(f"model {s['model']} (pipes: {', '.join(s['pipes'])}), spaCy {s['spacy']}, Python {s['python']}, batch_size {s['batch_size']}")
    if s["geokg_pipes_off_in_baseline"]:
        print(f"baseline = the model's own pipes: geokg's {', '.join(s['geokg_pipes_off_in_baseline'])} disabled (nlp.select_pipes) for it only")
    print(f"warm-up on {s['warmup_docs']} articles first ({s['warmup_s']:.2f} s: model and dictionary loading not timed); same pipeline object: {s['same_pipeline_object']}")
    print(f"best of {s['repeat']} interleaved run(s), wall time (time.perf_counter); CPU time (time.process_time) as a check against machine load")
    print()
    print(f"{'':48} {'articles':>8} {'words':>8} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'CPU s':>8}   wall runs (s)")
    for name, r in report["results"].items():
        runs = " ".join(f"{x:.2f}" for x in r["runs_s"])
        print(f"{LABELS[name]:48} {c['articles']:>8} {c['words']:>8} {r['seconds']:>8.2f} {r['articles_per_s']:>11.1f} {r['words_per_s']:>9.0f} {r['cpu_seconds']:>8.2f}   {runs}")
    print()
    for key, ratio in report["ratios"].items():
        name = key.removesuffix("_vs_baseline")
        print(f"{name} throughput = {ratio:.2f} x bare nlp.pipe   (by CPU time: {report['cpu_ratios'][key]:.2f} x)")
    print(f"extract: {report['results']['extract']['events']} events")
    if "build" in report["results"]:
        b = report["results"]["build"]
        print(f"build: {b['documents_added']} documents stored ({b['documents_duplicate']} skipped as duplicate texts), {b['events_total']} events, {b['quads']} quads")
    steps = ", ".join(f"{name} {mb:.0f}" for name, mb in report["peak_rss_mb_after_first_run"].items())
    print(f"peak RSS: {report['peak_rss_mb']:.0f} MB (process peak, resource.getrusage; after warm-up {report['rss_mb_after_warmup']:.0f} MB;")
    print(f"  peak so far after each first run, MB: {steps}; the baseline holds all its spaCy Docs in one list)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
