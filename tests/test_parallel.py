"""--workers N: extraction on a pool of processes gives what one process gives, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import seed_and_voa
from typer.testing import CliRunner

from kg.cli import app
from kg.records import Document

ARTICLES = 8  # the seed and 7 real VOA stories: more than one batch per worker would be slow to test


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The seed article and the first VOA stories (a JSONL), as a build reads them."""
    return seed_and_voa(tmp_path_factory.mktemp("parallel-corpus"), ARTICLES)


def _named_graphs(out: Path) -> set[str]:
    """Every quad of every named graph (articles, events, statistics), as N-Quads lines."""
    from kg.export import export_bytes
    from kg.store import GraphStore

    with GraphStore(out, read_only=True) as store:
        return set(export_bytes(store, "nq").decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def builds(corpus, tmp_path_factory):
    """The same inputs built by one process and by two workers: {workers: (out, report)}."""
    from kg.pipeline import build

    done = {}
    for workers in (1, 2):
        out = tmp_path_factory.mktemp(f"build-workers-{workers}")
        done[workers] = out, build(corpus, out, progress=False, html=False, workers=workers)
    return done


def test_parallel_build_with_two_workers_gives_the_same_graph(builds):
    (one, r1), (two, r2) = builds[1], builds[2]
    assert r1.documents_added == r2.documents_added == ARTICLES
    assert (r1.quads, r1.triples, r1.events_total, r1.reports_added) == (r2.quads, r2.triples, r2.events_total, r2.reports_added)
    assert r1.events_total > ARTICLES  # real events, not an empty graph twice
    assert _named_graphs(one) == _named_graphs(two)


def test_parallel_build_writes_the_same_outputs(builds):
    one, two = builds[1][0], builds[2][0]
    assert (one / "events.csv").read_bytes() == (two / "events.csv").read_bytes()
    assert (one / "graph.ttl").read_bytes() == (two / "graph.ttl").read_bytes()


def test_parallel_build_again_changes_nothing(builds, corpus):
    from kg.pipeline import build

    out, first = builds[2]
    again = build(corpus, out, progress=False, html=False, workers=2)
    assert again.documents_unchanged == ARTICLES and again.documents_added == 0
    assert again.quads == first.quads


def test_parallel_extract_gives_the_same_events_in_the_same_order(corpus):
    from kg.pipeline import extract_events

    one = [json.dumps(e.to_json()) for e in extract_events(corpus)]
    two = [json.dumps(e.to_json()) for e in extract_events(corpus, workers=2)]
    assert len(one) > ARTICLES
    assert one == two


def test_parallel_build_reports_a_failed_document_and_builds_the_rest(tmp_path, seeds_dir):
    from kg.config import MAX_DOCUMENT_CHARS
    from kg.pipeline import build

    huge = tmp_path / "huge.txt"
    huge.write_text("Word. " * (MAX_DOCUMENT_CHARS // 6 + 10), encoding="utf-8")  # refused by the worker, unparsed
    errors = []
    report = build([seeds_dir, huge], tmp_path / "out", progress=False, html=False, workers=2, on_error=errors.append)
    assert report.documents_added == 1
    assert [f["document"] for f in report.failed] == [str(huge)]
    assert "too long" in report.failed[0]["reason"]
    assert [e.origin for e in errors] == [str(huge)]
    assert report.exit_code == 2


def test_cli_extract_workers_prints_what_one_process_prints(corpus):
    runner = CliRunner()
    one = runner.invoke(app, ["extract", *map(str, corpus)])
    two = runner.invoke(app, ["extract", "--workers", "2", *map(str, corpus)])
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout and one.stdout.count("\n") > ARTICLES


def test_cli_workers_must_be_positive(tmp_path, seeds_dir):
    result = CliRunner().invoke(app, ["build", str(seeds_dir), "-o", str(tmp_path / "out"), "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output
    assert not (tmp_path / "out").exists()


class _Future:
    def __init__(self, value, log):
        self.value, self.log, self.cancelled = value, log, False

    def result(self):
        self.log.remove(self)
        return self.value

    def cancel(self):
        self.cancelled = True
        self.log.remove(self)


def test_parallel_batches_in_flight_are_bounded_and_in_order():
    from kg.parallel import _batches, _in_order

    docs = (Document(f"d{i}", f"text {i}") for i in range(100))  # a stream: never a list of the corpus
    out, most = [], 0
    pending: list[_Future] = []

    def submit(batch):
        nonlocal most
        pending.append(_Future([d.id for d in batch], pending))
        most = max(most, len(pending))
        return pending[-1]

    for ids in _in_order(submit, _batches(docs, 7), limit=4):
        out.extend(ids)
    assert out == [f"d{i}" for i in range(100)]
    assert most == 4 and not pending


def test_parallel_stopping_early_cancels_what_is_in_flight():
    from kg.parallel import _in_order

    pending: list[_Future] = []
    submitted: list[_Future] = []

    def submit(batch):
        submitted.append(_Future(batch, pending))
        pending.append(submitted[-1])
        return submitted[-1]

    results = _in_order(submit, ([n] for n in range(10)), limit=3)
    assert next(results) == [0]
    results.close()
    assert not pending and [f.cancelled for f in submitted] == [False, True, True]


def test_parallel_a_worker_that_dies_is_a_one_line_error():
    import os

    from kg.parallel import ParallelError, _process_pool

    with pytest.raises(ParallelError, match="worker process died"):
        with _process_pool(1) as pool:
            pool.submit(os._exit, 1).result()
