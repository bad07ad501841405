"""Shared fixtures: the seed article, and one build of it for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

os.environ.setdefault("COLUMNS", "200")  # wide rich tables in CLI output


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


def seed_and_voa(folder: Path, articles: int) -> list[Path]:
    """The seed article and the first ``articles - 1`` real VOA stories (a JSONL written to
    ``folder``), as a build reads them."""
    lines = (SHARED / "corpus" / "voa" / "voa_stories.sample.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "voa.jsonl").write_text("\n".join(lines[: articles - 1]) + "\n", encoding="utf-8")
    return [SEEDS, folder / "voa.jsonl"]


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, nlp):
    """The seed article built once into a fresh directory: (out_dir, report)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    report = build([SEEDS], out, progress=False)
    return out, report


@pytest.fixture()
def seed_store(seed_build):
    from kg.store import GraphStore

    with GraphStore(seed_build[0], read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def oxigraph_server():
    """Start Oxigraph's own SPARQL server (the dev extra's `oxigraph` package) on a free
    loopback port: ``with oxigraph_server(folder) as url: ...`` serves ``folder`` at ``url``
    (``url/query``, ``url/update``, ``url/store``) and stops it when the block ends."""
    import contextlib
    import shutil
    import socket
    import subprocess
    import sys
    import time

    import httpx

    here = Path(sys.executable).parent / "oxigraph"
    binary = str(here) if here.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.fail("the Oxigraph server is not installed: `pip install -e '.[dev]'` installs it")

    @contextlib.contextmanager
    def start(location: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
                    break
                except httpx.TransportError:
                    if proc.poll() is not None:
                        pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode()[:300]}")
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    return start
