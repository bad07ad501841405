"""Crash safety: `kg build` killed with SIGKILL, after random delays and at chosen points (the
re-runs killed too), and run again ends with what an uninterrupted build gives: every quad of
the store, graph.ttl, events.csv and graph.html byte for byte, report.json's counts, and no
temporary file left. Every store a kill leaves opens, its union consistent with its graphs.

The experiment is scripts/kill_resume.py's (which repeats it many times); here, on real text
shipped in the repository (33 articles, some merged across articles), a few kills each.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
try:
    import kill_resume as kr
finally:
    sys.path.pop(0)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[list[Path], kr.Reference]:
    """The corpus's inputs and its uninterrupted build (the CLI, as the killed builds run)."""
    base = tmp_path_factory.mktemp("crash")
    inputs = kr.copy_corpus(base / "corpus")
    return inputs, kr.reference(inputs, base / "reference" / "out")


def _killed_and_run_again(inputs: list[Path], out: Path, plan: list[kr.KillPoint]) -> list[kr.Outcome]:
    outcomes = kr.resume(inputs, out, plan)
    assert outcomes[-1].returncode == 0, outcomes[-1].stderr
    assert [o.point for o in outcomes if o.consistent is False] == []  # no kill left the union unlike the graphs
    return outcomes


def test_build_killed_after_random_delays_resumes_to_the_uninterrupted_graph(reference, tmp_path):
    inputs, ref = reference
    rng = random.Random(8)
    plan = [kr.KillPoint(delay=round(ref.seconds * rng.uniform(0.3, 0.8), 2)) for _ in range(3)]
    out = tmp_path / "out"  # the reference's folder name: graph.html's title

    outcomes = _killed_and_run_again(inputs, out, plan)

    assert sum(o.killed for o in outcomes) >= 2, [(str(o.point), o.returncode) for o in outcomes]
    assert kr.compare(out, ref) == (0, 0, [])


def test_build_killed_at_each_stage_resumes_to_the_uninterrupted_graph(reference, tmp_path, nlp):
    """Starting from an earlier build in which one article had another text (so the first
    write replaces its graph): killed before that write, between articles, inside the merge
    (two of its events graphs written), before the statistics, and before the renames of
    graph.html (graph.ttl and events.csv renamed; kg.viz writes it) and report.json."""
    from kg.pipeline import build

    inputs, ref = reference
    old = tmp_path / "old"
    old.mkdir()
    lines = (ROOT / "tests" / "data" / "multi_articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines]
    articles[1]["text"] = "Ukraine's foreign minister met his Polish counterpart in Warsaw on Friday."
    (old / "multi_articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    out = tmp_path / "out"
    build([inputs[0], old / "multi_articles.jsonl"], out, progress=False)
    points = [("store", 1), ("store", 3), ("merge", 3), ("statistics", 1), ("output", 3), ("output", 4)]
    plan = [kr.KillPoint(stage=stage, n=n) for stage, n in points]

    outcomes = _killed_and_run_again(inputs, out, plan)

    assert [str(o.point) for o in outcomes[:-1] if not o.killed] == []  # each point was reached
    assert all(o.left for o in outcomes if o.point and o.point.stage == "output")  # a temporary each, cleaned since
    assert kr.compare(out, ref) == (0, 0, [])


def test_merge_writes_each_events_graph_with_its_reports_hash_last(reference, tmp_path):
    """The hash that tells a re-run an events graph is up to date is its last quad, so a store
    taking the graph in several requests and stopped halfway never has it without the rest."""
    from kg import merge
    from kg.store import GraphStore
    from kg.vocab import GK

    _, ref = reference
    shutil.copytree(ref.out / "store", tmp_path / "out" / "store")
    written: list[list[ox.Quad]] = []
    with GraphStore(tmp_path / "out") as store:
        replace_graph = store.replace_graph
        def spy(name, batch):
            written.append(list(batch))
            replace_graph(name, written[-1])

        store.replace_graph = spy  # type: ignore[method-assign]
        stats = merge.refresh(store, force=True)

    assert stats["roots"] == len(written) > 1
    assert {batch[-1].predicate.value for batch in written} == {str(GK.reportsHash)}
    assert kr.snapshot(tmp_path / "out").quads == ref.snapshot.quads  # recomputing changed nothing


class _Batched:
    """A store that takes quads in pairs, one transaction each (as a SPARQL server
    takes a large graph in several requests, see kg.remote), and is stopped after ``batches``."""

    def __init__(self, store: ox.Store, batches: int) -> None:
        self.store, self.batches = store, batches

    def extend(self, quads) -> None:
        quads = list(quads)
        for n, start in enumerate(range(0, len(quads), 2)):
            if n == self.batches:
                raise KeyboardInterrupt
            self.store.extend(quads[start : start + 2])

    def __getattr__(self, name: str):
        return getattr(self.store, name)


@pytest.mark.parametrize("batches", [0, 1, 3, 5])  # of 6: 6 triples, each in its graph and the union
def test_article_stopped_between_batches_is_not_stored_and_the_rerun_writes_it_whole(batches):
    from kg.graph import document_graphs
    from kg.records import Document
    from kg.store import GraphStore

    doc = Document("a1", "Russian forces shelled Kharkiv on Friday.", title="Kharkiv shelled", published=None)
    clean = GraphStore.in_memory()
    clean.put_document(document_graphs(doc, ()))
    store = GraphStore.in_memory()
    ox_store = store.store
    store.store = _Batched(ox_store, batches)  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        store.put_document(document_graphs(doc, ()))
    store.store = ox_store

    assert store.document_hash(store.ns.doc("a1")) is None  # so a re-run adds it again
    store.put_document(document_graphs(doc, ()))
    assert set(store.store) == set(clean.store)


def test_remove_temporaries_deletes_only_what_write_atomically_leaves(tmp_path):
    from kg.store import remove_temporaries, write_atomically

    left = [tmp_path / ".graph.ttl.a1b2_c3d.tmp", tmp_path / ".events.csv.zz9_aaaa.tmp"]
    kept = [tmp_path / ".notes.tmp", tmp_path / "graph.ttl.a1b2c3d4.tmp", tmp_path / ".gitignore"]
    for p in left + kept:
        p.write_text("x", encoding="utf-8")

    assert remove_temporaries(tmp_path) == sorted(left)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in kept)
    written = write_atomically(tmp_path / "graph.ttl", "<a> <b> <c> .\n")
    assert written.stat().st_mode & 0o777 == 0o644  # readable as any file (mkstemp's are private)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".graph.ttl.")]
    assert os.path.getsize(written) == 14
