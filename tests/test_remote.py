"""A build kept on a real SPARQL server (`kg build --store URL`), against `oxigraph serve`.

The tests start Oxigraph's own server (the `oxigraph` package of the dev extra) on a free
loopback port, write the seed and the multi-article fixture into it through SPARQL Update, and
check that what the server holds is exactly what the embedded store holds for the same input,
and that every command on the build directory reads it from the server.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import RemoteStoreError, StoreConflict
from kg.pipeline import build, remove
from kg.store import GraphStore, open_store

FIXTURE = Path(__file__).parent / "data" / "multi_articles.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path, oxigraph_server):
    """A fresh `oxigraph serve` on 127.0.0.1; yields its base URL, stops it afterwards."""
    with oxigraph_server(tmp_path / "oxigraph") as url:
        yield url


def _nquads(out: Path) -> set[str]:
    result = runner.invoke(app, ["export", str(out), "--format", "nq"])
    assert result.exit_code == 0, result.output
    return {line for line in result.stdout.splitlines() if line.strip()}


def _server_count(url: str) -> int:
    r = httpx.post(f"{url}/query", content="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                   headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})  # fmt: skip
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_seed_on_the_server_equals_the_embedded_build(server, seed_build, tmp_path):
    out = tmp_path / "remote"
    report = build([SEEDS], out, progress=False, html=False, store_url=server)
    assert report.documents_added == 1 and report.events_total == seed_build[1].events_total == 21
    assert not (out / "store").exists(), "nothing is kept locally but the outputs"
    assert json.loads((out / "store.json").read_text())["update"] == f"{server}/update"
    assert _nquads(out) == _nquads(seed_build[0])
    # what the server itself holds, asked directly, is the build's named graphs
    assert _server_count(server) == len(_nquads(seed_build[0]))
    assert (out / "graph.ttl").read_bytes() == (seed_build[0] / "graph.ttl").read_bytes()
    assert (out / "events.csv").read_text() == (seed_build[0] / "events.csv").read_text()


def test_commands_on_the_build_directory_read_the_server(server, tmp_path):
    out = tmp_path / "remote"
    build([SEEDS], out, progress=False, store_url=server)
    assert "Volodymyr Zelensky" in (out / "graph.html").read_text(encoding="utf-8")
    stats = runner.invoke(app, ["stats", str(out), "--json"])
    assert stats.exit_code == 0 and json.loads(stats.stdout)["events"] == 21
    q = runner.invoke(app, ["query", str(out), "SELECT ?l WHERE { ?e gk:source ?a ; gk:cameoCode \"112\" . ?a rdfs:label ?l }", "--format", "csv"])
    assert q.exit_code == 0 and "Volodymyr Zelensky" in q.stdout
    with open_store(out, read_only=True) as store:
        assert bool(store.query("ASK { ?e a sem:Event }"))
        turtle = store.query("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a sem:Event ; rdfs:label ?l }")
        assert len(list(turtle)) == 21
        with pytest.raises(RemoteStoreError, match="read-only"):
            store.store.update("DROP ALL")


def test_rebuild_changes_nothing_and_remove_undoes(server, tmp_path):
    out = tmp_path / "remote"
    build([FIXTURE], out, progress=False, html=False, store_url=server)
    first, count = _nquads(out), _server_count(server)
    again = build([FIXTURE], out, progress=False, html=False)  # the directory remembers the server
    assert again.documents_added == 0 and again.documents_unchanged == 9
    assert _nquads(out) == first and _server_count(server) == count, "a re-run duplicates nothing"
    remove(["wire-c"], out, html=False)
    assert len(_nquads(out)) < len(first)
    build([FIXTURE], out, progress=False, html=False)
    assert _nquads(out) == first, "removing an article and adding it again gives the same graph"


def test_merged_events_on_the_server_equal_the_embedded_build(server, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    build([FIXTURE], local, progress=False, html=False)
    report = build([FIXTURE], remote, progress=False, html=False, store_url=server)
    assert report.events_merged == 4
    assert _nquads(remote) == _nquads(local)


def test_unreachable_server_is_a_one_line_error(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}"
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path / "x"), "--store", url, "--no-html"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: store {url}: ") and "refused" in lines[0]


def test_a_directory_keeps_to_one_store(server, tmp_path):
    local = tmp_path / "local"
    GraphStore(local, create=True).close()
    with pytest.raises(StoreConflict, match="embedded store"):
        open_store(local, url=server, create=True)
    remote = tmp_path / "remote"
    open_store(remote, url=server, create=True).close()
    with pytest.raises(StoreConflict, match=f"on {server}"):
        open_store(remote, url="http://127.0.0.1:1", create=True)
