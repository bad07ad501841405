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
