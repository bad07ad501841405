"""kg build --dask: extraction on a dask.distributed cluster gives the single-process graph."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import seed_and_voa
from rdflib import Graph
from rdflib.compare import isomorphic

distributed = pytest.importorskip("distributed", reason="the dask extra (dev installs it)")

ARTICLES = 6  # the seed and 5 VOA stories, in partitions of 2: three tasks for two workers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return seed_and_voa(tmp_path_factory.mktemp("dask-corpus"), ARTICLES)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def dask_build(cluster, corpus, tmp_path_factory):
    import kg.parallel
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("dask-build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kg.parallel, "PARTITION_SIZE", 2)
        report = build(corpus, out, progress=False, html=False, dask=cluster.scheduler_address)
    return out, report


@pytest.fixture(scope="module")
def single_build(corpus, tmp_path_factory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("single-build")
    return out, build(corpus, out, progress=False, html=False)


def _graphs(out: Path) -> dict[str, Graph]:
    """Each named graph of a build (articles, events, statistics) as an rdflib Graph."""
    import pyoxigraph as ox

    from kg.export import export_bytes
    from kg.store import GraphStore

    with GraphStore(out, read_only=True) as store:
        data = export_bytes(store, "nq")
    triples: dict[str, list] = defaultdict(list)
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        triples[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    return {
        name: Graph().parse(data=ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        for name, ts in triples.items()
    }


def test_dask_build_is_isomorphic_to_the_single_process_build(dask_build, single_build):
    (dask_out, dask_report), (one_out, one_report) = dask_build, single_build
    assert dask_report.documents_added == one_report.documents_added == ARTICLES
    assert (dask_report.quads, dask_report.triples, dask_report.events_total) == (one_report.quads, one_report.triples, one_report.events_total)
    assert dask_report.events_total > ARTICLES
    a, b = _graphs(dask_out), _graphs(one_out)
    assert sorted(a) == sorted(b)
    assert len(a) > ARTICLES  # the articles', the events' and the statistics' graphs
    for name in a:
        assert len(a[name]) and isomorphic(a[name], b[name]), name
    assert (dask_out / "events.csv").read_bytes() == (one_out / "events.csv").read_bytes()


def test_dask_build_loads_the_model_once_per_worker_and_uses_both(dask_build, cluster):
    def loads() -> int:
        from kg.nlp import _load_pipeline

        return _load_pipeline.cache_info().misses

    with distributed.Client(cluster) as client:
        per_worker = client.run(loads)
    assert len(per_worker) == 2
    assert sorted(per_worker.values()) == [1, 1]  # three partitions went to both workers, one model each


def test_dask_build_leaves_no_partition_files(dask_build):
    out = dask_build[0]
    assert not [p for p in out.iterdir() if p.name.startswith(".parts-")]


def test_dask_build_again_changes_nothing(dask_build, cluster, corpus):
    from kg.pipeline import build

    out, first = dask_build
    again = build(corpus, out, progress=False, html=False, dask=cluster.scheduler_address)
    assert again.documents_unchanged == ARTICLES and again.documents_added == 0
    assert again.quads == first.quads


def test_dask_unreachable_scheduler_is_a_one_line_error(tmp_path, seeds_dir, monkeypatch):
    from typer.testing import CliRunner

    import kg.parallel
    from kg.cli import app

    monkeypatch.setattr(kg.parallel, "CONNECT_TIMEOUT_S", 2.0)
    result = CliRunner().invoke(app, ["build", str(seeds_dir), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "dask scheduler tcp://127.0.0.1:9: cannot connect" in result.output
