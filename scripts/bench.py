#!/usr/bin/env python3
"""Throughput of `kg extract` and `kg build` against bare spaCy, --workers, and peak RSS, in one run.

Every speed figure is a ratio against a baseline measured in the same process, on the same
texts, with the same loaded spaCy pipeline object, the runs interleaved (baseline, extract,
build, baseline, ...) so that drift in machine load hits all of them alike:

- baseline: ``list(nlp.pipe(texts, batch_size=BATCH_SIZE))`` with the model's own pipes as
  the model ships them (``nlp.select_pipes(enable=...)``): geokg's components off, and the
  model's ``attribute_ruler`` on in place of geokg's table look-up of it;
- pipe+geokg: the same ``nlp.pipe`` with geokg's pipes, the parse stage of ``kg extract``;
- extract: ``kg.pipeline.extract_documents(docs)`` fully consumed (parse + extract + resolve);
- build: ``kg.pipeline.build`` of the same documents (written to a temporary JSONL first, so
  ingest is timed too) into a fresh temporary directory, ``html=False``;
- with ``--workers N`` (N > 1): extract and build again on N worker processes
  (:mod:`kg.parallel`), and their ratio to the one-process runs. Their CPU time counts the
  workers' too; on a machine whose cores other work keeps busy, the speed-up "with a free
  core per process" is estimated from the CPU times of the parent and the workers.

A warm-up first runs every measurement on a few documents (model, dictionaries, gazetteer
loading) and one untimed bare ``nlp.pipe`` over all the texts, which fills spaCy's lemma cache
and vocabulary the same for every measurement after it. Each figure is the best of
``--repeat`` runs; CPU time (``time.process_time``, plus reaped children's) is reported beside
wall time: on a loaded machine the CPU-time ratios are the steadier figure.

``--rss 1000,10000`` then builds corpora of those sizes, each in a fresh process (``kg.pipeline.build``,
html off, with each of ``--rss-workers`` process counts), and reports each one's peak resident memory per phase
(extraction and store, merge, statistics, outputs), sampled from ``/proc`` every 0.2 s, the
workers' memory added. Sizes beyond the corpus are GENERATED: the corpus repeated, each copy
with its own id and a ``[copy k]`` line (so a build stores every copy: the texts differ), which
the report says.

    .venv/bin/python scripts/bench.py                          # the shared real corpus
    .venv/bin/python scripts/bench.py --build --workers 2 --limit 1000 --copies 4
    .venv/bin/python scripts/bench.py --repeat 0 --rss 1000,10000 --rss-workers 1,2
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WARMUP_DOCS = 5
RSS_SAMPLE_S = 0.2

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


def sized(docs: list[Document], size: int) -> list[Document]:
    """The first ``size`` documents of the corpus repeated as often as needed (:func:`multiply`)."""
    return multiply(docs, -(-size // len(docs)))[:size]


def write_jsonl(docs: Sequence[Document], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for d in docs:
            record = {"id": d.id, "text": d.text, "title": d.title, "url": d.url, "source": d.source}
            if d.published is not None:
                record["published"] = d.published.isoformat()
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def is_geokg(proc: Any) -> bool:
    """Whether a pipeline component is one geokg defines (module ``kg`` or ``kg.*``)."""
    module = type(proc).__module__ or ""
    return module == "kg" or module.startswith("kg.")


def model_pipes(nlp: Any) -> list[str]:
    """The pipes of the model as it ships: those enabled that are not geokg's, and those that
    geokg's equivalents stand in for (``replaces``: the ``attribute_ruler``)."""
    replaced = {getattr(nlp.get_pipe(n), "replaces", None) for n in nlp.pipe_names}
    return [n for n in nlp.component_names if not is_geokg(nlp.get_pipe(n)) and (n in nlp.pipe_names or n in replaced)]


@contextmanager
def as_shipped(nlp: Any, pipes: list[str]) -> Iterator[None]:
    """Run only ``pipes`` in the block (``select_pipes`` disables the others, but does not
    enable a pipe that is off, such as the ``attribute_ruler`` geokg's table stands in for)."""
    off = [name for name in pipes if name in nlp.disabled]
    for name in off:
        nlp.enable_pipe(name)
    try:
        with nlp.select_pipes(enable=pipes):
            yield
    finally:
        for name in off:
            nlp.disable_pipe(name)


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


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its reaped children (worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[tuple[float, float, float], Any]:
    """(wall seconds, CPU seconds of this process, of its workers) of ``fn()``, and its result."""
    gc.collect()
    (own0, kids0), t0 = _cpu(), time.perf_counter()
    result = fn()
    own1, kids1 = _cpu()
    return (time.perf_counter() - t0, own1 - own0, kids1 - kids0), result


def figures(runs: list[tuple[float, float, float]], articles: int, words: int) -> dict[str, Any]:
    best = min(runs)  # by wall time
    return {
        "seconds": round(best[0], 4),
        "runs_s": [round(wall, 4) for wall, _, _ in runs],
        "cpu_seconds": round(min(own + kids for _, own, kids in runs), 4),
        "cpu_parent_s": round(best[1], 4),
        "cpu_workers_s": round(best[2], 4),
        "articles_per_s": round(articles / best[0], 2),
        "words_per_s": round(words / best[0], 1),
    }


def free_cores_estimate(one: dict[str, Any], many: dict[str, Any], workers: int, serial_s: float) -> float:
    """The speed-up of ``many`` (run on ``workers`` processes) over ``one`` if every process
    had a core of its own, from CPU times: the work is bound by the busier of the parent
    (reading, storing) and the workers' share (their CPU over ``workers``), plus the phases
    after extraction that run in the parent alone (``serial_s``: merge, statistics, outputs)."""
    parallel = max(many["cpu_parent_s"] - serial_s, many["cpu_workers_s"] / workers)
    return round(one["cpu_seconds"] / (parallel + serial_s), 3)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", type=Path, metavar="PATH", help="input files or directories (default: the shared VOA + Wikinews corpus)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="timed runs of each measurement; the best counts (default 3; 0: no throughput runs)")
    parser.add_argument("--limit", type=int, metavar="N", help="use only the first N articles (after --copies)")
    parser.add_argument("--copies", type=int, default=1, metavar="N", help="repeat the corpus N times with changed ids, for a larger run (default 1)")
    parser.add_argument("--build", action="store_true", help="also time kg.pipeline.build into a temporary directory (html off)")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="also time extract (and build) on N worker processes (default 1: not)")
    parser.add_argument("--model", help="spaCy model (default: kg's default, as `kg extract` uses)")
    parser.add_argument("--rss", metavar="SIZES", help="comma-separated corpus sizes whose build's peak RSS to measure, each in a fresh process")
    parser.add_argument("--rss-workers", default="1", metavar="N[,N]", help="worker processes for the --rss builds; several: each size built with each (default 1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    args = parser.parse_args(argv)
    if args.repeat < 0:
        parser.error("--repeat must be at least 0")
    try:
        args.rss_workers = [int(s) for s in str(args.rss_workers).split(",")]
    except ValueError:
        parser.error(f"--rss-workers: {args.rss_workers!r} is not a comma-separated list of numbers")
    if args.copies < 1 or args.workers < 1 or min(args.rss_workers) < 1:
        parser.error("--copies, --workers and --rss-workers must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    try:
        args.rss_sizes = [int(s) for s in args.rss.split(",")] if args.rss else []
    except ValueError:
        parser.error(f"--rss: {args.rss!r} is not a comma-separated list of sizes")
    if any(s < 1 for s in args.rss_sizes):
        parser.error("--rss sizes must be at least 1")
    if args.repeat == 0 and not args.rss_sizes:
        parser.error("--repeat 0 measures nothing without --rss")
    return args


def corpus(args: argparse.Namespace) -> tuple[list[Path], list[Document], list[Document], list[DocumentError]]:
    """(paths, documents read, documents measured, read errors)."""
    paths = args.corpus or default_corpus()
    base, errors = read_corpus(paths)
    if not base:
        raise SystemExit(f"bench: no readable documents in {', '.join(map(str, paths))} ({len(errors)} read errors)")
    docs = multiply(base, args.copies)
    if args.limit is not None:
        docs = docs[: args.limit]
    return paths, base, docs, errors


def throughput(args: argparse.Namespace, docs: list[Document]) -> dict[str, Any]:
    """The interleaved throughput runs (see the module docstring)."""
    texts = [d.text for d in docs]
    articles, words = len(docs), sum(len(t.split()) for t in texts)
    model = args.model

    # ---- warm-up: model, dictionaries, gazetteer, store libraries; and the same-object check
    t0 = time.perf_counter()
    # Called exactly as kg.pipeline.extract_documents calls it (positional ``model``): the
    # lru_cache keys load_pipeline() and load_pipeline(None) apart, as two separate models.
    nlp = kg.pipeline.load_pipeline(model)
    own = model_pipes(nlp)
    seen: list[Any] = []
    real_loader = kg.pipeline.load_pipeline

    def spy(*a: Any, **kw: Any) -> Any:
        seen.append(real_loader(*a, **kw))
        return seen[-1]

    def bare(batch: list[str]) -> list[Any]:
        with as_shipped(nlp, own):
            return list(nlp.pipe(batch, batch_size=BATCH_SIZE))

    kg.pipeline.load_pipeline = spy
    try:
        warm = docs[:WARMUP_DOCS]
        bare([d.text for d in warm])
        list(nlp.pipe([d.text for d in warm], batch_size=BATCH_SIZE))
        for _ in kg.pipeline.extract_documents(warm, model=model):
            pass
        if args.build:
            with tempfile.TemporaryDirectory(prefix="bench-warm-") as tmp:
                write_jsonl(warm, Path(tmp) / "warm.jsonl")
                kg.pipeline.build([Path(tmp) / "warm.jsonl"], Path(tmp) / "out", model=model, progress=False, html=False)
    finally:
        kg.pipeline.load_pipeline = real_loader
    if not seen or any(obj is not nlp for obj in seen):
        raise SystemExit("bench: kg.pipeline did not use the baseline's pipeline object")
    if not all(d.has_annotation("POS") and d.has_annotation("LEMMA") for d in bare([d.text for d in warm])):
        raise SystemExit("bench: the baseline pipeline sets no POS or lemmas: it is not the model as shipped")
    t1 = time.perf_counter()
    bare(texts)  # the lemma cache and the vocabulary, as warm for every run after it
    warmup_s, warm_corpus_s = t1 - t0, time.perf_counter() - t1
    rss_warm = peak_rss_mb()

    # ---- timed runs, interleaved
    tmp_root = tempfile.TemporaryDirectory(prefix="bench-build-") if args.build else None
    corpus_file = Path(tmp_root.name) / "corpus.jsonl" if tmp_root else None
    if corpus_file is not None:
        write_jsonl(docs, corpus_file)
        reread, reread_errors = read_corpus([corpus_file])
        if reread_errors or [d.text for d in reread] != texts:
            raise SystemExit("bench: the temporary JSONL for --build does not read back to the same texts")
    runs: dict[str, Callable[[int], Any]] = {"baseline": lambda r: len(bare(texts)), "pipe_geokg": lambda r: len(list(nlp.pipe(texts, batch_size=BATCH_SIZE)))}

    def extract(workers: int) -> Callable[[int], Any]:
        def go(r: int) -> int:
            if workers == 1:
                found = kg.pipeline.extract_documents(docs, model=model)
            else:
                from kg.parallel import extract_in_processes

                found = extract_in_processes(docs, workers=workers, model=model)
            return sum(len(x.events) for x in found)
        return go

    def build(workers: int) -> Callable[[int], Any]:
        def go(r: int) -> Any:
            out = Path(tmp_root.name) / f"out-w{workers}-{r}"  # type: ignore[union-attr]
            return kg.pipeline.build([corpus_file], out, model=model, progress=False, html=False, workers=workers)  # type: ignore[list-item]
        return go

    runs["extract"] = extract(1)
    if args.workers > 1:
        runs[f"extract_w{args.workers}"] = extract(args.workers)
    if args.build:
        runs["build"] = build(1)
        if args.workers > 1:
            runs[f"build_w{args.workers}"] = build(args.workers)
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in runs}
    results_of: dict[str, Any] = {}
    rss_first: dict[str, float] = {}
    try:
        for r in range(args.repeat):
            for name, fn in runs.items():
                seconds, results_of[name] = timed(lambda: fn(r))
                times[name].append(seconds)
                rss_first.setdefault(name, round(peak_rss_mb(), 1))
    finally:
        if tmp_root is not None:
            tmp_root.cleanup()

    results = {name: figures(s, articles, words) for name, s in times.items()}
    ratios, cpu_ratios = {}, {}
    for name in results:
        if name == "baseline":
            continue
        ratios[f"{name}_vs_baseline"] = round(results["baseline"]["seconds"] / results[name]["seconds"], 3)
        cpu_ratios[f"{name}_vs_baseline"] = round(results["baseline"]["cpu_seconds"] / results[name]["cpu_seconds"], 3)
    scaling, estimates = {}, {}
    for stage in ("extract", "build"):
        many = f"{stage}_w{args.workers}"
        if many in results:
            scaling[f"{many}_vs_{stage}"] = round(results[stage]["seconds"] / results[many]["seconds"], 3)
            timings = results_of[many].timings if stage == "build" else {}
            serial = sum(timings.get(k, 0.0) for k in ("merge_s", "statistics_s", "outputs_s"))
            estimates[f"{many}_vs_{stage}"] = free_cores_estimate(results[stage], results[many], args.workers, serial)
    results["extract"]["events"] = results_of["extract"]
    for name in ("build", f"build_w{args.workers}"):
        report = results_of.get(name)
        if report is not None:
            results[name] |= {
                "documents_added": report.documents_added,
                "documents_duplicate": report.documents_duplicate,
                "events_total": report.events_total,
                "quads": report.quads,
                "timings": report.timings,
            }
    import spacy

    meta = nlp.meta
    return {
        "settings": {
            "repeat": args.repeat,
            "batch_size": BATCH_SIZE,
            "workers": args.workers,
            "model": f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
            "pipes": list(nlp.pipe_names),
            "baseline_pipes": own,
            "spacy": spacy.__version__,
            "warmup_docs": min(WARMUP_DOCS, articles),
            "warmup_s": round(warmup_s, 3),
            "warm_corpus_s": round(warm_corpus_s, 3),
            "same_pipeline_object": True,
        },
        "results": results,
        "ratios": ratios,
        "cpu_ratios": cpu_ratios,
        "workers_speedup": scaling,
        "workers_speedup_free_cores": estimates,
        "rss_mb_after_warmup": round(rss_warm, 1),
        "peak_rss_mb_after_first_run": rss_first,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


# --- peak RSS of builds of growing size, each in a fresh process ------------------------------
_RSS_CHILD = r"""
import json, os, sys, threading, time
from pathlib import Path

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0

def tree(pid):
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for child in fh.read().split():
                    out.extend(tree(int(child)))
    except OSError:
        pass
    return out

samples, stop = [], threading.Event()
def sample():
    while not stop.is_set():
        pids = tree(os.getpid())
        samples.append((time.perf_counter(), rss_kb(pids[0]), sum(rss_kb(p) for p in pids[1:])))
        stop.wait(%(interval)r)

from kg.pipeline import build
threading.Thread(target=sample, daemon=True).start()
t0 = time.perf_counter()
report = build([%(corpus)r], %(out)r, progress=False, html=False, workers=%(workers)d)
stop.set()
print(json.dumps({"t0": t0, "samples": samples, "timings": report.timings, "documents_added": report.documents_added,
                  "quads": report.quads, "events_total": report.events_total, "failed": len(report.failed)}))
"""

PHASES = ("extract_and_store_s", "merge_s", "statistics_s", "outputs_s")


def rss_run(docs: list[Document], size: int, workers: int, model: str | None) -> dict[str, Any]:
    """One build of ``size`` documents in a fresh process: its peak RSS per phase (MB)."""
    if model:
        raise SystemExit("bench: --rss measures the default model only")
    with tempfile.TemporaryDirectory(prefix=f"bench-rss-{size}-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_jsonl(sized(docs, size), path)
        code = _RSS_CHILD % {"corpus": str(path), "out": str(Path(tmp) / "out"), "workers": workers, "interval": RSS_SAMPLE_S}
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)})
        wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"bench: the --rss build of {size} documents failed:\n{done.stderr[-2000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    bounds, start, phases = {}, data["t0"], {}
    for phase in PHASES:  # consecutive phases of build(), from its own timings
        end = start + data["timings"].get(phase, 0.0)
        bounds[phase] = (start, end)
        start = end
    for phase, (a, b) in bounds.items():
        inside = [(own, kids) for t, own, kids in data["samples"] if a <= t <= b]
        phases[phase.removesuffix("_s")] = {
            "seconds": round(b - a, 2),
            "peak_rss_mb": round(max((o for o, _ in inside), default=0) / 1024, 1),
            "peak_rss_with_workers_mb": round(max((o + k for o, k in inside), default=0) / 1024, 1),
        }
    return {
        "size": size,
        "generated": size > len(docs),
        "workers": workers,
        "wall_s": round(wall, 1),
        "documents_added": data["documents_added"],
        "events_total": data["events_total"],
        "quads": data["quads"],
        "failed": data["failed"],
        "peak_rss_mb": round(max((o for _, o, _ in data["samples"]), default=0) / 1024, 1),
        "peak_rss_with_workers_mb": round(max((o + k for _, o, k in data["samples"]), default=0) / 1024, 1),
        "phases": phases,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    version = code_version()  # before anything is imported lazily
    paths, base, docs, errors = corpus(args)
    texts = [d.text for d in docs]
    report: dict[str, Any] = {
        "corpus": {
            "paths": [str(p) for p in paths],
            "articles": len(docs),
            "articles_read": len(base),
            "copies": args.copies,
            "limit": args.limit,
            "words": sum(len(t.split()) for t in texts),
            "chars": sum(len(t) for t in texts),
            "read_errors": len(errors),
            "read_error_samples": [str(e) for e in errors[:5]],
        },
        "code": version,
        "kg_version": kg.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    if args.repeat:
        report |= throughput(args, docs)
    if args.rss_sizes:
        report["rss"] = []
        for workers in args.rss_workers:
            for size in args.rss_sizes:
                report["rss"].append(rss_run(base, size, workers, args.model))
                _print_rss(report["rss"][-1], file=sys.stderr)  # as it comes: the large runs take long
    return report


LABELS = {
    "baseline": "bare nlp.pipe (baseline)",
    "pipe_geokg": "nlp.pipe, geokg's pipeline",
    "extract": "extract_documents (parse+extract+resolve)",
    "build": "build (ingest+extract+store+ttl/csv, html off)",
}


def _label(name: str) -> str:
    stage, _, workers = name.partition("_w")
    return LABELS[name] if name in LABELS else f"{LABELS[stage].split(' (')[0]}, {workers} workers"


def print_report(report: dict[str, Any]) -> None:
    c = report["corpus"]
    print("geokg throughput benchmark (figures are ratios against bare spaCy, measured in this run)")
    print(f"corpus: {', '.join(c['paths'])}")
    print(f"  {c['articles_read']} articles read, {c['read_errors']} read errors skipped" + (f" (e.g. {c['read_error_samples'][0]})" if c["read_errors"] else ""))
    if c["copies"] > 1:
        print(f"  GENERATED: the corpus repeated {c['copies']} times with changed ids (and a '[copy k]' line per copy)")
    if c["limit"] is not None:
        print(f"  limited to the first {c['limit']} articles")
    print(f"  {c['articles']} articles, {c['words']} words (whitespace tokens), {c['chars']} characters")
    print(f"geokg {report['kg_version']} at {report['code']} (kg/ changes not committed when '+dirty'), Python {report['python']}, {report['cpus']} CPUs")
    if "settings" in report:
        _print_throughput(report)
    for r in report.get("rss", []):
        _print_rss(r)
    for workers in sorted({r["workers"] for r in report.get("rss", [])}):
        runs = [r for r in report["rss"] if r["workers"] == workers]
        if len(runs) < 2:
            continue
        first, last = runs[0], runs[-1]
        print(f"{workers} worker(s):")
        for key in ("peak_rss_mb", "peak_rss_with_workers_mb"):
            print(f"  {key}: {last['size']} articles / {first['size']} articles = {last[key] / max(first[key], 1e-9):.2f}")
        ext = [r["phases"]["extract_and_store"]["peak_rss_with_workers_mb"] for r in (first, last)]
        print(f"  extraction and store phase only (with workers): {ext[1] / max(ext[0], 1e-9):.2f}")
    one = {r["size"]: r for r in report.get("rss", []) if r["workers"] == 1}
    for r in report.get("rss", []):  # the same build, fresh processes, model loading included
        if r["workers"] > 1 and r["size"] in one:
            print(f"build of {r['size']} articles in a fresh process, {r['workers']} workers vs 1: "
                  f"{one[r['size']]['wall_s'] / max(r['wall_s'], 1e-9):.2f} x (wall time)")


def _print_rss(r: dict[str, Any], file: Any = None) -> None:
    gen = " (GENERATED: the corpus repeated, a '[copy k]' line per copy)" if r["generated"] else ""
    print(file=file)
    print(f"peak RSS, build of {r['size']} articles{gen}, {r['workers']} worker(s), html off, fresh process: "
          f"{r['peak_rss_mb']:.0f} MB ({r['peak_rss_with_workers_mb']:.0f} MB with workers) in {r['wall_s']:.0f} s; "
          f"{r['documents_added']} stored, {r['events_total']} events, {r['quads']} quads", file=file)
    for phase, p in r["phases"].items():
        print(f"  {phase:18} {p['seconds']:8.1f} s   peak {p['peak_rss_mb']:6.0f} MB   with workers {p['peak_rss_with_workers_mb']:6.0f} MB", file=file)
    file and file.flush()


def _print_throughput(report: dict[str, Any]) -> None:
    c, s = report["corpus"], report["settings"]
    print(f"model {s['model']}, spaCy {s['spacy']}, batch_size {s['batch_size']}")
    print(f"  geokg's pipeline: {', '.join(s['pipes'])}")
    print(f"  baseline (the model as shipped): {', '.join(s['baseline_pipes'])}")
    print(f"warm-up on {s['warmup_docs']} articles ({s['warmup_s']:.2f} s: loading not timed), then one untimed bare pass over all "
          f"texts ({s['warm_corpus_s']:.1f} s: lemma cache, vocabulary); same pipeline object: {s['same_pipeline_object']}")
    print(f"best of {s['repeat']} interleaved run(s), wall time; CPU time (this process and its reaped workers) as a check against machine load")
    print()
    print(f"{'':52} {'articles':>8} {'words':>8} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'CPU s':>8} {'workers':>8}   wall runs (s)")
    for name, r in report["results"].items():
        runs = " ".join(f"{x:.2f}" for x in r["runs_s"])
        kids = f"{r['cpu_workers_s']:>8.2f}" if r["cpu_workers_s"] else f"{'':>8}"
        print(f"{_label(name):52} {c['articles']:>8} {c['words']:>8} {r['seconds']:>8.2f} {r['articles_per_s']:>11.1f} {r['words_per_s']:>9.0f} {r['cpu_seconds']:>8.2f} {kids}   {runs}")
    print()
    for key, ratio in report["ratios"].items():
        name = key.removesuffix("_vs_baseline")
        print(f"{name} throughput = {ratio:.2f} x bare nlp.pipe   (by CPU time: {report['cpu_ratios'][key]:.2f} x)")
    for key, ratio in report["workers_speedup"].items():
        print(f"{key.replace('_vs_', ' vs ')}: {ratio:.2f} x (wall time); "
              f"{report['workers_speedup_free_cores'][key]:.2f} x with a free core per process (estimated from CPU times)")
    print(f"extract: {report['results']['extract']['events']} events")
    for name, r in report["results"].items():
        if "documents_added" in r:
            print(f"{name}: {r['documents_added']} documents stored ({r['documents_duplicate']} skipped as duplicate texts), "
                  f"{r['events_total']} events, {r['quads']} quads; phases (s): "
                  + ", ".join(f"{k.removesuffix('_s')} {v:.1f}" for k, v in r["timings"].items()))
    steps = ", ".join(f"{name} {mb:.0f}" for name, mb in report["peak_rss_mb_after_first_run"].items())
    print(f"peak RSS of this process: {report['peak_rss_mb']:.0f} MB (after warm-up {report['rss_mb_after_warmup']:.0f} MB;")
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
