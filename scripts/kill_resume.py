#!/usr/bin/env python3
"""Kill `kg build` with SIGKILL, re-run it, and count what the graph lost or gained.

One run: the real CLI (``python -m kg.cli build``) builds a small real corpus into a fresh
directory and is killed again and again (the re-runs too): after seeded random delays, then
at chosen points (just before the N-th write of a stage: an article's transaction, an events
graph of the merge, the statistics graph, an output's rename), until a run completes. The
result is compared with an uninterrupted build of the same corpus: every quad of the store
(each article's graph, each events graph, the statistics, the union default graph), the
outputs byte for byte (graph.ttl, events.csv, graph.html, report.json's counts), and the
files in the build directory (no temporary file left). The graph holds no run-dependent
value (no timestamps, content-derived IRIs, no blank nodes), so nothing is excluded.

    scripts/kill_resume.py --runs 20 --seed 1

prints each run and then ``runs R, kills K (...), triples lost L, duplicated D``; the exit
code is 1 if anything was lost, duplicated or left over. tests/test_crash.py runs the same
experiment (fewer kills). The default corpus is real text in the repository (the seed
article, tests/data/multi_articles.jsonl: wire reports merged across articles,
tests/data/conflict_summaries.jsonl); ``--corpus`` takes others (files or directories).

Chosen points are reached by running the CLI in this script's ``--die-before STAGE:N``
mode, which wraps the store's one write method, the merge and statistics steps and
``os.replace`` to send the process SIGKILL just before the N-th write of STAGE; nothing
in geokg itself knows about it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT / "seeds", ROOT / "tests" / "data" / "multi_articles.jsonl", ROOT / "tests" / "data" / "conflict_summaries.jsonl")
#: The stages a chosen kill point names, in the order a build reaches them, and what is
#: counted: "store" and "merge" and "statistics" count the store's writes (one transaction
#: each) made in that step, "output" the renames of finished outputs (graph.ttl, events.csv,
#: graph.html, report.json).
STAGES = ("store", "merge", "statistics", "output")
#: Chosen points a run may draw from.
TARGETS = (
    ("store", 1), ("store", 2), ("store", 5), ("merge", 1), ("merge", 2), ("merge", 4),
    ("statistics", 1), ("output", 1), ("output", 2), ("output", 3), ("output", 4),
)  # fmt: skip
#: Files of the store folder that only a killed writer leaves (RocksDB's temporaries).
_STORE_TEMPORARIES = (".tmp", ".dbtmp")


@dataclass(frozen=True)
class KillPoint:
    """When to kill a build: after ``delay`` seconds, or just before write ``n`` of ``stage``."""

    delay: float = 0.0
    stage: str = ""
    n: int = 0

    def __str__(self) -> str:
        return f"before {self.stage} write {self.n}" if self.stage else f"after {self.delay:.2f} s"


@dataclass(frozen=True)
class Outcome:
    """One run of the CLI: how it ended, the temporary files it left, and whether the store it
    left opens with its union consistent (None: no store yet)."""

    point: KillPoint | None
    returncode: int
    seconds: float
    left: tuple[str, ...]
    consistent: bool | None
    stderr: str

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


@dataclass(frozen=True)
class Snapshot:
    """What a build directory holds: every quad of the store and the union's consistency."""

    quads: frozenset[str]
    triples: int
    union_consistent: bool  # the union default graph is exactly the named graphs' triples


@dataclass(frozen=True)
class Reference:
    """The uninterrupted build the killed ones are compared with."""

    out: Path
    seconds: float
    snapshot: Snapshot


@dataclass
class Figures:
    runs: int = 0
    kills: int = 0
    timed_kills: int = 0
    stage_kills: int = 0
    temporaries_left: int = 0  # temporary files found right after a kill (cleaned by the next run)
    lost: int = 0
    duplicated: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.problems)

    def summary(self) -> str:
        return (
            f"runs {self.runs}, kills {self.kills} ({self.timed_kills} after random delays, {self.stage_kills} at "
            f"chosen points; {self.temporaries_left} left a temporary file), triples lost {self.lost}, "
            f"duplicated {self.duplicated}, other problems {len(self.problems)}"
        )


# --- running the CLI ---------------------------------------------------------------------------


def copy_corpus(dest: Path, sources: Sequence[Path] = CORPUS) -> list[Path]:
    """Copy the corpus (files or folders) into ``dest``; returns the copies, the build's inputs."""
    dest.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in sources:
        target = dest / source.name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
        copies.append(target)
    return copies


def command(inputs: Sequence[Path], out: Path, point: KillPoint | None) -> list[str]:
    """The CLI's ``kg build``, in this script's dying mode for a chosen point."""
    args = ["build", *map(str, inputs), "-o", str(out)]
    if point is not None and point.stage:
        return [sys.executable, str(Path(__file__).resolve()), "--die-before", f"{point.stage}:{point.n}", "--", *args]
    return [sys.executable, "-m", "kg.cli", *args]


def temporaries(out: Path) -> tuple[str, ...]:
    """Temporary files in the build directory and its store (a kill's leftovers)."""
    store = out / "store"
    found = [p.name for p in out.glob(".*.tmp")]
    if store.is_dir():
        found += [f"store/{p.name}" for p in store.iterdir() if p.name.endswith(_STORE_TEMPORARIES)]
    return tuple(sorted(found))


def run_build(inputs: Sequence[Path], out: Path, point: KillPoint | None, *, timeout: float = 600.0) -> Outcome:
    """Run ``kg build`` once; SIGKILL it after ``point.delay`` seconds if it is still running
    (a chosen point kills itself)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen(command(inputs, out, point), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _, stderr = proc.communicate(timeout=point.delay if point is not None and not point.stage else timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    consistent = snapshot(out).union_consistent if (out / "store").is_dir() else None
    return Outcome(point, proc.returncode, seconds, temporaries(out), consistent, stderr[-2000:])


def snapshot(out: Path) -> Snapshot:
    """Every quad of the build's store (N-Quads lines; the union's as triples)."""
    import pyoxigraph as ox

    from kg.store import GraphStore

    with GraphStore(out, read_only=True) as store:
        everything = list(store.store)
        lines = ox.serialize(everything, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
        named = {(q.subject, q.predicate, q.object) for q in everything if not isinstance(q.graph_name, ox.DefaultGraph)}
        union = {(q.subject, q.predicate, q.object) for q in everything if isinstance(q.graph_name, ox.DefaultGraph)}
        return Snapshot(frozenset(lines), store.triple_count(), named == union)


def reference(inputs: Sequence[Path], out: Path) -> Reference:
    """Build uninterrupted, timed (the random delays are drawn up to its duration)."""
    done = run_build(inputs, out, None)
    if done.returncode != 0:
        raise RuntimeError(f"the reference build failed ({done.returncode}): {done.stderr}")
    return Reference(out, done.seconds, snapshot(out))


# --- comparing ---------------------------------------------------------------------------------


def compare(out: Path, ref: Reference) -> tuple[int, int, list[str]]:
    """Quads lost and quads the reference does not have (duplicated or stale) in ``out``'s
    store, and every other difference a user would notice (outputs, files, report)."""
    import pyoxigraph as ox

    got = snapshot(out)
    problems = []
    if not got.union_consistent:
        problems.append("the union default graph is not the union of the named graphs")
    if got.triples != ref.snapshot.triples:
        problems.append(f"{got.triples} triples, not {ref.snapshot.triples}")
    files, expected = sorted(p.name for p in out.iterdir()), sorted(p.name for p in ref.out.iterdir())
    if files != expected:
        problems.append(f"files {files}, not {expected}")
    if temporaries(out):
        problems.append(f"temporary files left: {list(temporaries(out))}")
    for name in ("graph.ttl", "events.csv", "graph.html"):
        if (out / name).is_file() and (out / name).read_bytes() != (ref.out / name).read_bytes():
            problems.append(f"{name} differs from the uninterrupted build's")
    if (out / "graph.ttl").is_file():
        parsed = sum(1 for _ in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
        if parsed != ref.snapshot.triples:
            problems.append(f"graph.ttl parses to {parsed} triples, not {ref.snapshot.triples}")
    if (out / "graph.html").is_file() and not (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>"):
        problems.append("graph.html is cut short")
    if (out / "report.json").is_file():
        report, expected_report = (json.loads((d / "report.json").read_text(encoding="utf-8")) for d in (out, ref.out))
        for key in ("exit_code", "triples", "quads", "events_total", "events_merged"):
            if report[key] != expected_report[key]:
                problems.append(f"report.json {key} {report[key]}, not {expected_report[key]}")
    return len(ref.snapshot.quads - got.quads), len(got.quads - ref.snapshot.quads), problems


# --- the experiment ----------------------------------------------------------------------------


def random_plan(rng: random.Random, seconds: float, *, timed: int, chosen: int) -> list[KillPoint]:
    """``timed`` kills after delays up to ``seconds``, then ``chosen`` points in stage order."""
    delays = [KillPoint(delay=round(rng.uniform(0.5, seconds), 2)) for _ in range(timed)]
    picked = sorted(rng.sample(TARGETS, k=min(chosen, len(TARGETS))), key=lambda t: (STAGES.index(t[0]), t[1]))
    return delays + [KillPoint(stage=stage, n=n) for stage, n in picked]


def resume(inputs: Sequence[Path], out: Path, plan: Sequence[KillPoint]) -> list[Outcome]:
    """Run the build once per kill point (each run resuming the last), then once to the end."""
    return [run_build(inputs, out, point) for point in [*plan, None]]


def tally(figures: Figures, outcomes: Sequence[Outcome], out: Path, ref: Reference) -> tuple[int, int, list[str]]:
    """Add one run's kills and comparison to ``figures``; returns the run's lost, extra, problems."""
    figures.runs += 1
    for o in outcomes:
        if o.killed:
            figures.kills += 1
            figures.stage_kills += bool(o.point and o.point.stage)
            figures.timed_kills += bool(o.point and not o.point.stage)
            figures.temporaries_left += bool(o.left)
    final = outcomes[-1]
    lost, extra, problems = compare(out, ref)
    problems += [f"the store {o.point} left has a union unlike its graphs" for o in outcomes if o.consistent is False]
    if final.returncode != 0:
        problems.insert(0, f"the last run exited {final.returncode}: {final.stderr.strip()[-300:]}")
    figures.lost += lost
    figures.duplicated += extra
    figures.problems += [f"{out}: {p}" for p in problems]
    return lost, extra, problems


def experiment(
    base: Path,
    *,
    runs: int,
    seed: int,
    timed: int = 3,
    chosen: int = 4,
    sources: Sequence[Path] = CORPUS,
    log: Callable[[str], None] = print,
) -> Figures:
    """``runs`` kill-and-resume runs of the corpus in ``base`` against one uninterrupted build."""
    inputs = copy_corpus(base / "corpus", sources)
    ref = reference(inputs, base / "reference" / "out")
    log(f"uninterrupted build: {ref.seconds:.1f} s, {ref.snapshot.triples} triples, {len(ref.snapshot.quads)} quads")
    rng = random.Random(seed)
    figures = Figures()
    for n in range(1, runs + 1):
        out = base / f"run{n:03d}" / "out"  # the same folder name as the reference: graph.html's title
        outcomes = resume(inputs, out, random_plan(rng, ref.seconds, timed=timed, chosen=chosen))
        lost, extra, problems = tally(figures, outcomes, out, ref)
        kills = ", ".join(f"{o.point}{' (left ' + ' '.join(o.left) + ')' if o.left else ''}" for o in outcomes if o.killed)
        finished = ", ".join(str(o.point) for o in outcomes[:-1] if not o.killed)  # the build ended first
        log(f"run {n}: {sum(o.killed for o in outcomes)} kills [{kills}]{f' (finished before: {finished})' if finished else ''}, "
            f"{len(outcomes)} builds, lost {lost}, duplicated {extra}" + "".join(f"\n  problem: {p}" for p in problems))
        shutil.rmtree(out.parent)
    return figures


# --- the dying mode ----------------------------------------------------------------------------


def die_before(stage: str, n: int, out: Path) -> None:
    """Make this process SIGKILL itself just before the ``n``-th write of ``stage`` (see
    :data:`STAGES`): wraps ``GraphStore.replace_graph`` (every write of the store), the merge
    and statistics steps (to know which step writes) and ``os.replace`` (the renames into the
    build directory ``out``: its outputs; not, say, a cache written on the way)."""
    import kg.merge
    import kg.statistics
    import kg.store

    state = {"stage": "store", "writes": 0}

    def write(here: str) -> None:
        if here == stage:
            state["writes"] += 1
            if state["writes"] == n:
                os.kill(os.getpid(), signal.SIGKILL)

    def step(name: str, fn: Callable) -> Callable:
        def run(*args, **kwargs):
            state["stage"] = name
            try:
                return fn(*args, **kwargs)
            finally:
                state["stage"] = "store"

        return run

    replace_graph, rename = kg.store.GraphStore.replace_graph, os.replace

    def replace_graph_then(self, *args, **kwargs):
        write(state["stage"])
        return replace_graph(self, *args, **kwargs)

    def rename_then(src, dst, **kwargs):
        if Path(dst).parent.resolve() == out.resolve():
            write("output")
        return rename(src, dst, **kwargs)

    kg.store.GraphStore.replace_graph = replace_graph_then
    kg.merge.refresh = step("merge", kg.merge.refresh)
    kg.statistics.refresh = step("statistics", kg.statistics.refresh)
    os.replace = rename_then


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="kill-and-resume runs (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the delays and points (default 1)")
    parser.add_argument("--timed", type=int, default=3, help="kills after random delays per run (default 3)")
    parser.add_argument("--chosen", type=int, default=4, help="kills at chosen points per run (default 4)")
    parser.add_argument("--corpus", type=Path, action="append", help="input file or folder (repeatable; default: repository text)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--die-before", metavar="STAGE:N", help=argparse.SUPPRESS)  # the dying mode: run the CLI
    parser.add_argument("kg_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.die_before:
        stage, n = args.die_before.split(":")
        kg_args = args.kg_args[1:] if args.kg_args[:1] == ["--"] else args.kg_args
        die_before(stage, int(n), Path(kg_args[kg_args.index("-o") + 1]))
        from kg.cli import main as kg_main

        sys.argv = ["kg", *kg_args]
        kg_main()
        return 0
    base = args.keep or Path(tempfile.mkdtemp(prefix="kill-resume-"))
    try:
        figures = experiment(base, runs=args.runs, seed=args.seed, timed=args.timed, chosen=args.chosen, sources=args.corpus or CORPUS)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(figures.summary())
    if not figures.ok:
        print("FAILED: the resumed builds differ from the uninterrupted one", file=sys.stderr)
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.exit(main())
