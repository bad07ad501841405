"""Idempotence: the graph depends on the set of articles only, never on the order they come in,
how they are split over builds, or how often a build is re-run.

Hypothesis draws an order of a small corpus, cuts it into one to four builds into one output
directory, and re-runs some of them; the dataset (every named graph, as N-Quads: no blank
nodes, so equal sets are isomorphic graphs), the triple count and events.csv must be those of
one build of the whole corpus. The corpus is two real VOA stories' leads and four short wire
reports of tests/data/multi_articles.jsonl, which tell the same events (a strike in Kharkiv
reported three times, an accusation by France twice): real articles in the shared corpus never
report one event twice, and merging reports across articles is where an order could matter.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.pipeline import build
from kg.store import GraphStore

DATA = Path(__file__).parent / "data" / "multi_articles.jsonl"
VOA = Path("/work/shared/corpus/voa/voa_stories.sample.jsonl")
WIRES = ("wire-a", "wire-b", "wire-c", "wire-i")
STORIES = ("8010842", "8008456")  # G7 urges Russia to accept a ceasefire; US lawmakers welcome it


def lead(text: str, sentences: int = 4) -> str:
    return " ".join(re.split(r"(?<=[.”])\s+(?=[A-Z“])", text)[:sentences])


def corpus() -> list[dict]:
    wires = [row for row in map(json.loads, DATA.read_text(encoding="utf-8").splitlines()) if row["id"] in WIRES]
    stories = [row for row in map(json.loads, VOA.read_text(encoding="utf-8").splitlines()) if row["id"] in STORIES]
    keep = ("id", "title", "url", "published")
    return wires + [{k: s[k] for k in keep} | {"text": lead(s["text"])} for s in stories]


ARTICLES = corpus()


def write_articles(directory: Path) -> list[Path]:
    """Each article as a one-line JSONL file of its own, in corpus order."""
    paths = []
    for article in ARTICLES:
        path = directory / f"{article['id']}.jsonl"
        path.write_text(json.dumps(article) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def state(out: Path) -> tuple[set[str], int, list[str]]:
    """What a user gets: the dataset as N-Quads, the triple count and events.csv's rows."""
    with GraphStore(out, read_only=True) as store:
        dataset = set(store.dump(ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())
        triples = store.triple_count()
    header, *rows = (out / "events.csv").read_text(encoding="utf-8").splitlines()
    return dataset, triples, [header, *sorted(rows)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory, nlp):
    """One build of the whole corpus, in corpus order: (input paths, state)."""
    root = tmp_path_factory.mktemp("idempotence")
    paths = write_articles(root)
    report = build(paths, root / "out", progress=False, html=False)
    assert report.documents_added == len(ARTICLES) and not report.failed
    assert report.events_merged >= 2  # the corpus does exercise merging
    return paths, state(root / "out")


@st.composite
def plans(draw) -> list[list[int]]:
    """An order of the articles cut into 1-4 builds, some of them run twice."""
    order = draw(st.permutations(range(len(ARTICLES))))
    cuts = sorted(draw(st.sets(st.integers(1, len(ARTICLES) - 1), max_size=3)))
    builds = [order[i:j] for i, j in zip([0, *cuts], [*cuts, len(order)])]
    again = draw(st.lists(st.sampled_from(range(len(builds))), max_size=2))
    for k in again:
        builds.insert(k + 1, builds[k])  # a re-run, right after the first
    return builds


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(plan=plans())
def test_idempotence_any_order_and_split_gives_the_same_graph(reference, plan):
    paths, expected = reference
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        for articles in plan:
            build([paths[i] for i in articles], out, progress=False, html=False)
        dataset, triples, events = state(out)
    assert triples == expected[1], plan
    assert dataset == expected[0], plan
    assert events == expected[2], plan


def test_idempotence_building_twice_changes_nothing(reference, tmp_path):
    paths, expected = reference
    first = build(paths, tmp_path / "out", progress=False, html=False)
    again = build(paths[::-1], tmp_path / "out", progress=False, html=False)
    assert again.documents_added == 0 and again.documents_unchanged == len(ARTICLES)
    assert again.triples == first.triples == expected[1]
    assert state(tmp_path / "out") == expected
