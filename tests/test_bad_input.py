"""Bad input, end to end: one directory holding every kind of bad input a user may feed geokg
(each generated here) beside real articles, built once through ``kg.pipeline.build`` and once
through the ``kg build`` command.

What a user should see: the good articles built, one clear line per bad input naming it and
saying why, every failure in ``report.json``, and the exit code 2 (partial). Where handling an
input beats refusing it (a UTF-16 file, an HTML page, a non-English article) it is built.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import config
from kg.config import MAX_DOCUMENT_CHARS
from kg.graph import document_graphs
from kg.ingest import read_inputs
from kg.pipeline import build, extract_documents
from kg.records import Document
from kg.store import GraphStore, quads

VOA = Path("/work/shared/corpus/voa/voa_stories.sample.jsonl")
SCRIPT_MARK = "geokg-script-text-must-not-appear"
STYLE_MARK = "geokg-style-text-must-not-appear"

# Real text: VOA stories (public domain), by id.
STORIES = {story["id"]: story for story in map(json.loads, VOA.read_text(encoding="utf-8").splitlines())}
SYRIA = STORIES["8010694"]  # "UN urges end to violence in Syria 14 years after Arab Spring"
EUROPE = STORIES["8007271"]  # "Europe holds high-level talks on rearming continent"
G7 = STORIES["8010842"]  # "G7 urges Russia to accept ceasefire or face further sanctions"
AGENDA = STORIES["8010030"]  # "Ukraine peace, global security top G7 agenda"
LAWMAKERS = STORIES["8008456"]  # "US lawmakers welcome Ukraine's agreement to 30-day ceasefire"

NON_ENGLISH = {
    "ru": "Министры иностранных дел стран G7 призвали Россию согласиться на 30-дневное прекращение "
    "огня на Украине. Москва обвинила Киев в обстреле Донецка.",
    "ar": "دعا وزراء خارجية مجموعة السبع روسيا إلى قبول وقف إطلاق النار لمدة 30 يوما في أوكرانيا.",
    "zh": "七国集团外长敦促俄罗斯接受在乌克兰为期30天的停火。莫斯科指责基辅炮击顿涅茨克。",
}
DUP_FIRST = "Secretary of State Marco Rubio met Saudi Crown Prince Mohammed bin Salman in Jeddah on Monday."
DUP_LATER = "Ukraine accused Russia of launching drones at Kyiv overnight."


def paragraphs(story: dict, count: int) -> list[str]:
    """The story's first ``count`` paragraphs of two sentences (the stories come on one line)."""
    sentences = re.split(r"(?<=[.”])\s+(?=[A-Z“])", story["text"])
    return [" ".join(sentences[i : i + 2]) for i in range(0, 2 * count, 2)]


def page_with_scripts(story: dict) -> str:
    """A scraped news page: head, inline and external scripts, styles, navigation, the story."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs(story, 3))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{story["title"]} | VOA</title>
<style>body {{ font-family: serif }} .{STYLE_MARK} {{ color: red }}</style>
<script src="https://cdn.example.org/tracker.js"></script>
<script>var note = "{SCRIPT_MARK}"; document.write("<p>" + note + "</p>");</script>
</head><body>
<noscript>{SCRIPT_MARK} (noscript)</noscript>
<article><h1>{story["title"]}</h1>
{body}</article>
<script type="application/ld+json">{{"headline": "{SCRIPT_MARK}"}}</script>
<style>@media print {{ .{STYLE_MARK} {{ display: none }} }}</style>
</body></html>
"""


def minified_page(story: dict, size: int) -> str:
    """A minified page on one line of ``size`` characters: most of it an inline data script."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs(story, 3))
    head = f"<!DOCTYPE html><html><head><title>{story['title']}</title><script>window.__DATA__={{\"note\":\""
    tail = f'"}};</script></head><body><article><h1>{story["title"]}</h1>{body}</article></body></html>'
    filler = (SCRIPT_MARK + " ") * ((size - len(head) - len(tail)) // (len(SCRIPT_MARK) + 1) + 1)
    return head + filler[: size - len(head) - len(tail)] + tail


def repeated(text: str, size: int, *, sep: str) -> str:
    return (sep.join([text] * (size // len(text) + 1)))[:size]


def make_unreadable(path: Path) -> None:
    """A file geokg cannot read. Permissions do not stop root (CI runs as root), so under root
    the file is a link to /proc/self/mem, whose first page no process can read (EIO)."""
    if os.geteuid() == 0:
        path.symlink_to("/proc/self/mem")
    else:
        path.write_text("Russia accused Ukraine of shelling Donetsk.", encoding="utf-8")
        path.chmod(0)


def jsonl_lines() -> list[bytes]:
    """feed.jsonl, line by line (1-based in the comments)."""
    good = {k: EUROPE[k] for k in ("id", "title", "url", "published", "text")}
    return [
        json.dumps(good).encode(),  # 1: a good article
        b'{"id": "broken", "text": "Russia attacked', # 2: malformed (cut off)
        b'{"id": "no-text", "title": "A headline only"}',  # 3: no text
        b'{"id": "number", "text": 42}',  # 4: text not a string
        b'["not", "an", "object"]',  # 5: not an object
        json.dumps({"id": "typed", "text": paragraphs(SYRIA, 1)[0], "title": 5, "url": ["x"], "published": 2024}).encode(),  # 6
        json.dumps({"id": "dup", "text": DUP_FIRST}).encode(),  # 7: the first of two with one id
        json.dumps({"id": "dup", "text": DUP_LATER}).encode(),  # 8: the same id, another text
        b'{"id": "latin1", "text": "Caf\xe9 in Kyiv"}',  # 9: not UTF-8
        b"",  # 10: blank, skipped
    ]


def write_bad_inputs(root: Path) -> None:
    """Every bad input of the issue, and the good articles beside them."""
    root.mkdir()
    (root / "good").mkdir()
    (root / "good" / "syria.txt").write_text(SYRIA["text"], encoding="utf-8")
    (root / "feed.jsonl").write_bytes(b"\n".join(jsonl_lines()) + b"\n")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\t \r\n   \n", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    (root / "latin1.txt").write_bytes("Talks in Genève: the café owner said Russia attacked.".encode("latin-1"))
    (root / "utf16.txt").write_bytes("\n".join(paragraphs(LAWMAKERS, 2)).encode("utf-16"))  # BOM first
    (root / "big.txt").write_text(repeated(G7["text"], 5 * 2**20, sep="\n\n"), encoding="utf-8")
    (root / "one-line.txt").write_text(repeated(G7["text"].replace("\n", " "), 2**20, sep=" "), encoding="utf-8")
    (root / "page.html").write_text(page_with_scripts(G7), encoding="utf-8")
    (root / "minified.html").write_text(minified_page(AGENDA, 2**20), encoding="utf-8")
    (root / "non-english").mkdir()
    for lang, text in NON_ENGLISH.items():
        (root / "non-english" / f"{lang}.txt").write_text(text, encoding="utf-8")
    make_unreadable(root / "unreadable.txt")
    (root / "broken.txt").symlink_to(root / "missing.txt")
    (root / "zero.txt").symlink_to("/dev/zero")  # endless: only MAX_DOCUMENT_BYTES of it are read
    (root / "loop").mkdir()
    (root / "loop" / "inner.txt").write_text(paragraphs(SYRIA, 2)[1], encoding="utf-8")
    (root / "loop" / "back").symlink_to("..")  # a directory loop
    (root / "loop" / "self.txt").symlink_to("self.txt")  # a link to itself


# Each bad input (its origin relative to the input directory) and the reason a user reads.
FAILURES = {
    "empty.txt": r"empty document",
    "blank.txt": r"empty document",
    "binary.txt": r"binary file, not text",
    "latin1.txt": r"not valid UTF-8 text \(byte 0xe8 at offset 12\)",
    "big.txt": r"too long: 5,242,880 characters \(at most 1,000,000\): split it into articles",
    "one-line.txt": r"too long: 1,048,576 characters \(at most 1,000,000\): split it into articles",
    "unreadable.txt": r"cannot read: (permission denied|Input/output error)",
    "broken.txt": r"no such file or directory",
    "zero.txt": r"too large: more than 67,108,864 bytes, not read: split it into articles",
    "loop/self.txt": r"cannot read: Too many levels of symbolic links",
    "feed.jsonl:2": r"not valid JSON: Unterminated string starting at \(column 26\)",
    "feed.jsonl:3": r"missing or empty 'text'",
    "feed.jsonl:4": r"'text' must be a non-empty string, got number",
    "feed.jsonl:5": r"not a JSON object \(got array\)",
    "feed.jsonl:8": r"duplicate id 'dup': \S+feed\.jsonl:7 has it with another text \(the first is kept\)",
    "feed.jsonl:9": r"not valid UTF-8 text \(byte 0xe9 at offset \d+\)",
}
# The documents built, by id.
BUILT = {
    "good/syria", "8007271", "typed", "dup", "utf16", "page", "minified", "non-english/ru", "non-english/ar",
    "non-english/zh", "loop/inner",
}  # fmt: skip


def relative(origin: str, root: Path) -> str:
    return origin.removeprefix(str(root) + os.sep)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad-input") / "in"
    write_bad_inputs(root)
    return root


@pytest.fixture(scope="module")
def api_build(inputs, nlp):
    """The build through the Python API: (out, report, errors passed to on_error)."""
    out = inputs.parent / "out"
    seen = []
    report = build([inputs], out, progress=False, on_error=seen.append)
    return out, report, seen


@pytest.fixture(scope="module")
def cli_build(inputs, api_build):
    """The same build through the `kg build` command, as a user runs it: (out, completed process)."""
    out = inputs.parent / "cli-out"
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(inputs), "-o", str(out), "--no-html"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return out, done


@pytest.fixture(scope="module")
def store(api_build):
    with GraphStore(api_build[0], read_only=True) as opened:
        yield opened


def reports_per_article(store: GraphStore) -> dict[str, int]:
    """The number of reports (events as one article tells them) in each article's graph."""
    rows = store.query(
        "SELECT ?id (COUNT(?r) AS ?n) WHERE { GRAPH ?g { ?g schema:identifier ?id OPTIONAL { ?r a gk:Report } } } GROUP BY ?id"
    )
    return {row["id"].value: int(row["n"].value) for row in rows}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_bad_input_is_reported_with_its_reason(api_build, inputs, name):
    _, report, _ = api_build
    failed = {relative(f["document"], inputs): f["reason"] for f in report.failed}
    assert name in failed, sorted(failed)
    assert re.fullmatch(FAILURES[name], failed[name]), failed[name]


def test_bad_input_fails_nothing_else_and_the_exit_code_is_partial(api_build, inputs):
    out, report, seen = api_build
    assert sorted(relative(f["document"], inputs) for f in report.failed) == sorted(FAILURES)
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk["failed"] == report.failed and on_disk["exit_code"] == report.exit_code == 2
    assert [str(e) for e in seen] == [f"{f['document']}: {f['reason']}" for f in report.failed]
    assert all("\n" not in str(e) for e in seen)


def test_bad_input_the_good_ones_are_built_with_their_events(api_build, store, nlp):
    _, report, _ = api_build
    stored = reports_per_article(store)
    assert set(stored) == BUILT and report.documents_added == len(BUILT)
    good = [Document(id="good/syria", text=SYRIA["text"]), Document(id=EUROPE["id"], text=EUROPE["text"])]
    for extracted in extract_documents(good):
        assert stored[extracted.document.id] == len(extracted.events) > 0


def test_bad_input_jsonl_metadata_is_kept_and_wrong_types_ignored(store):
    rows = {
        row["id"].value: row
        for row in store.query(
            "SELECT ?id ?title ?url WHERE { ?d gk:contentHash ?h ; schema:identifier ?id "
            "OPTIONAL { ?d schema:headline ?title } OPTIONAL { ?d schema:url ?url } }"
        )
    }
    assert rows["8007271"]["title"].value == EUROPE["title"]
    assert rows["8007271"]["url"].value == EUROPE["url"]
    assert rows["typed"]["title"] is None and rows["typed"]["url"] is None


def mentions(store: GraphStore, doc_id: str) -> list[tuple[int, int, str]]:
    """The evidence spans of an article's reports: (start, end, text)."""
    query = (
        "SELECT ?b ?e ?text WHERE { ?d schema:identifier %s . "
        "?m nif:referenceContext ?d ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?text }"
    )
    rows = store.query(query % json.dumps(doc_id))
    return [(int(row["b"].value), int(row["e"].value), row["text"].value) for row in rows]


def test_bad_input_utf16_with_bom_is_decoded(store):
    text = "\n".join(paragraphs(LAWMAKERS, 2))
    spans = mentions(store, "utf16")
    assert spans and all(text[start:end] == anchor for start, end, anchor in spans)


def literals_containing(store: GraphStore, word: str) -> list[str]:
    query = f'SELECT ?o WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), "{word}")) }}'
    return [row["o"].value[:80] for row in store.query(query)]


@pytest.mark.parametrize("mark", [SCRIPT_MARK, STYLE_MARK, "tracker.js"])
def test_bad_input_html_keeps_no_script_or_style_text(api_build, store, mark):
    out = api_build[0]
    assert literals_containing(store, mark) == []
    for name in ("graph.ttl", "events.csv", "graph.html"):
        assert mark not in (out / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize(("doc_id", "story"), [("page", G7), ("minified", AGENDA)])
def test_bad_input_html_keeps_the_visible_text_and_title(store, doc_id, story):
    text = "\n".join([story["title"], *paragraphs(story, 3)])
    spans = mentions(store, doc_id)
    assert spans and all(text[start:end] == anchor for start, end, anchor in spans)
    [row] = store.query(f'SELECT ?title WHERE {{ ?d schema:identifier "{doc_id}" ; schema:headline ?title }}')
    assert row["title"].value.startswith(story["title"])


def test_bad_input_non_english_text_is_stored_without_false_events(store):
    stored = reports_per_article(store)
    assert {lang: stored[f"non-english/{lang}"] for lang in NON_ENGLISH} == dict.fromkeys(NON_ENGLISH, 0)


def test_bad_input_symlink_loop_reads_each_file_once(store):
    ids = set(reports_per_article(store))
    assert "loop/inner" in ids and not any("back/" in doc_id for doc_id in ids)


def as_rdflib(quads: Iterable[ox.Quad]) -> Graph:
    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def test_bad_input_duplicate_id_keeps_the_first_whole(store, nlp):
    [first] = extract_documents([Document(id="dup", text=DUP_FIRST)])
    expected = document_graphs(first.document, first.events, ns=store.ns)
    graph = ox.NamedNode(str(expected.doc_iri))
    alone = ox.Store()  # Oxigraph stores numbers in canonical form ("1.0" as "1"): compare stored with stored
    alone.extend(quads(expected.article, expected.doc_iri))
    stored = store.store.quads_for_pattern(None, None, None, graph)
    assert isomorphic(as_rdflib(stored), as_rdflib(alone.quads_for_pattern(None, None, None, graph)))


def test_bad_input_too_long_is_refused_before_parsing(tmp_path, monkeypatch, nlp):
    """The limit is spaCy's own: a text one character longer would make the parser raise."""
    assert MAX_DOCUMENT_CHARS <= nlp.max_length
    seen = []
    docs = [Document(id="long", text="a " * (MAX_DOCUMENT_CHARS // 2) + "b"), Document(id="ok", text=DUP_LATER)]
    done = list(extract_documents(docs, on_error=seen.append))
    assert [x.document.id for x in done] == ["ok"] and "too long: 1,000,001 characters" in seen[0].reason


def test_bad_input_cli_exits_2_with_one_line_per_error(cli_build, api_build, inputs):
    out, done = cli_build
    assert done.returncode == 2, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    expected = [f"error: {f['document']}: {f['reason']}" for f in api_build[1].failed]
    assert errors == expected
    assert f"{len(BUILT)} added" in done.stdout and f"{len(FAILURES)} failed" in done.stdout
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk["failed"] == api_build[1].failed and on_disk["exit_code"] == 2


def test_bad_input_rerun_builds_nothing_again_and_reports_the_same(api_build, inputs):
    out, first, _ = api_build
    again = build([inputs], out, progress=False, html=False)
    assert again.documents_added == 0 and again.documents_unchanged == len(BUILT)
    assert again.failed == first.failed and again.exit_code == 2 and again.triples == first.triples


def test_bad_input_later_build_of_an_id_replaces_it_whole(tmp_path, nlp):
    """Across builds one id is one article: a new text is its new version, and nothing of the
    old one is left (the graph is the one a fresh build of the new text gives)."""
    path = tmp_path / "a.txt"
    path.write_text(DUP_FIRST, encoding="utf-8")
    build([path], tmp_path / "out", progress=False, html=False)
    path.write_text(DUP_LATER, encoding="utf-8")
    build([path], tmp_path / "out", progress=False, html=False)
    build([path], tmp_path / "fresh", progress=False, html=False)
    with GraphStore(tmp_path / "out", read_only=True) as updated, GraphStore(tmp_path / "fresh", read_only=True) as fresh:
        assert updated.triple_count() == fresh.triple_count()
        assert isomorphic(updated.load_graph(), fresh.load_graph())


def test_bad_input_huge_file_or_line_is_refused_unread(tmp_path, monkeypatch):
    """Past MAX_DOCUMENT_BYTES a file or a JSONL line is not read into memory (a 1 KB limit
    here stands for the real 64 MB one); the lines after a huge one are read as usual."""
    monkeypatch.setattr(config, "MAX_DOCUMENT_BYTES", 1000)
    (tmp_path / "huge.txt").write_text("Russia attacked Ukraine. " * 50, encoding="utf-8")
    lines = [{"id": "a", "text": DUP_FIRST}, {"id": "huge", "text": DUP_LATER * 30}, {"id": "b", "text": DUP_LATER}]
    feed = "\n".join(json.dumps(line) for line in lines)
    (tmp_path / "feed.jsonl").write_text(feed, encoding="utf-8")
    (tmp_path / "feed16.jsonl").write_bytes(feed.encode("utf-16"))
    read = {relative(item.origin, tmp_path): item for item in read_inputs([tmp_path])}
    too_large = "too large: more than 1,000 bytes, not read: split it into articles"
    for name in ("huge.txt", "feed.jsonl:2", "feed16.jsonl:2"):
        assert read.pop(name).reason == too_large
    assert {name: doc.id for name, doc in read.items()} == {
        "feed.jsonl:1": "a", "feed.jsonl:3": "b", "feed16.jsonl:1": "a", "feed16.jsonl:3": "b",
    }  # fmt: skip
