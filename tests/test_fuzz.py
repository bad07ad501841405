"""Fuzzing ingest and extraction with arbitrary input, and the per-document time limit.

Ingest gets arbitrary bytes and text as .txt, .md, .html, .jsonl and .csv files; extraction
gets arbitrary text (control characters, NUL, very long tokens, emoji, right-to-left text,
combining marks) around real sentences. Nothing may raise: ingest turns every bad input into a
``DocumentError``, and extraction must not fail at all (with no ``on_error`` any exception
would reach the test). Each document takes bounded time: a document whose parse or extraction
runs past the limit is skipped and reported, and the build goes on.

The hypothesis profile is derandomized (the same examples on every run, in CI too) with modest
example counts, so the file runs in well under a minute.
"""

from __future__ import annotations

import json
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.ingest import html_to_text, read_inputs
from kg.pipeline import build, extract_documents
from kg.records import Document, DocumentError
from kg.store import GraphStore

FUZZ = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


SUFFIXES = (".txt", ".md", ".html", ".jsonl", ".csv")
SENTENCES = (
    "Russia accused Ukraine of shelling Donetsk on Monday.",
    "Secretary of State Marco Rubio met Saudi Crown Prince Mohammed bin Salman in Jeddah.",
    "Israeli troops killed three Palestinians in Jenin, the Health Ministry said.",
    "The U.N. special envoy for Syria called for an end to violence.",
)
# Characters that break naive text handling: controls and NUL, line and paragraph separators,
# bidirectional marks and right-to-left scripts, combining marks, emoji (and their joiners),
# surrogate-free astral characters, quotes and markup.
AWKWARD = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffd\u200b\u200d\u200e\u200f\u202a\u202b\u202e\u2066\u2069"
    "\u0301\u0308\u0327\u20dd\u0644\u0627\u05e9\u05dc\u05d5\u05dd\u0645\u0631\u062d\u0628\u0627"
    "😀🇺🇦👩‍👩‍👧🏳️‍🌈𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    "\"'<>&;{}[]\\/|`~^%$#@!?.,:-_=+*()\t\n\r "
)


def awkward_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Text mixing awkward characters, arbitrary code points, very long tokens and real words."""
    pieces = st.one_of(
        st.text(alphabet=AWKWARD, max_size=40),
        st.text(max_size=40),  # any code point but surrogates
        st.sampled_from(SENTENCES),
        st.builds(lambda ch, n: ch * n, st.sampled_from("a.-_x😀\u0301ش"), st.integers(200, 3000)),  # long tokens
        st.sampled_from(["Kyiv", "Zelensky", "Hamas", "NATO", "U.S.", "Mr.", "2024-05-01", "1,000", "'s", "\u202eRussia"]),
    )
    return st.lists(pieces, max_size=12).map(" ".join).filter(lambda t: len(t) <= max_size * 20)


def read_one(directory: Path, name: str, data: bytes) -> list[Document | DocumentError]:
    path = directory / name
    path.write_bytes(data)
    return list(read_inputs([path]))


def check_read(items: list[Document | DocumentError], name: str) -> None:
    """Each item a Document with text or a one-line DocumentError naming the file."""
    assert items, "every input gives a document or an error"
    for item in items:
        assert isinstance(item, (Document, DocumentError))
        assert item.origin.split("/")[-1].split(":")[0] == name
        if isinstance(item, DocumentError):
            assert item.reason and "\n" not in item.reason and "\r" not in item.reason
        else:
            assert item.text.strip() and "\r" not in item.text


# --------------------------------------------------------------------------- ingest


@fuzz(150)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_ingest_arbitrary_bytes_never_raises(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        check_read(read_one(Path(tmp), "input" + suffix, data), "input" + suffix)


@fuzz(150)
@given(text=awkward_text(), suffix=st.sampled_from(SUFFIXES), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_fuzz_ingest_arbitrary_text_never_raises(text, suffix, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        check_read(read_one(Path(tmp), "input" + suffix, text.encode(encoding)), "input" + suffix)


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # lone surrogates too: JSON escapes them
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | awkward_text(20) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "text", "title", "url", "published", "x"]), inner, max_size=5),
    max_leaves=8,
)


@fuzz(100)
@given(records=st.lists(JSON_VALUES, min_size=1, max_size=6))
def test_fuzz_ingest_jsonl_gives_one_result_per_line(records):
    lines = [json.dumps(record) for record in records]
    with tempfile.TemporaryDirectory() as tmp:
        items = read_one(Path(tmp), "feed.jsonl", "\n".join(lines).encode("utf-8"))
    check_read(items, "feed.jsonl")
    assert [item.origin.rsplit(":", 1)[1] for item in items] == [str(n) for n in range(1, len(lines) + 1)]
    for item, record in zip(items, records):
        good = isinstance(record, dict) and isinstance(record.get("text"), str) and record["text"].strip()
        assert isinstance(item, Document) == bool(good), (record, item)


METADATA = st.one_of(
    ANY_TEXT,
    st.sampled_from(["javascript:alert(1)", "data:text/html,<b>x</b>", "https://example.org/a\tb", "https://[::1",
                     "http://example.org/%zz", "https://example.org/ok?q=1#f", "HTTPS://EXAMPLE.ORG/", " http://x.org/ "]),
    st.builds(lambda s: "https://example.org/" + s, ANY_TEXT),
)


@fuzz(150)
@given(fields=st.fixed_dictionaries({}, optional={k: METADATA for k in ("id", "title", "url", "source", "published")}), text=ANY_TEXT)
def test_fuzz_metadata_is_stored_or_dropped_never_raises(fields, text):
    """What ingest keeps of any record's metadata can go into the store (an article graph with
    no events: no parse needed); a URL is kept only if it is an http(s) IRI."""
    from kg.graph import document_graphs
    from kg.iris import ids

    record = fields | {"text": text + " Russia accused Ukraine."}
    with tempfile.TemporaryDirectory() as tmp:
        [doc] = read_one(Path(tmp), "feed.jsonl", json.dumps(record).encode("ascii"))
    assert isinstance(doc, Document) and len(doc.content_hash) == 64
    assert doc.url is None or doc.url.lower().startswith(("http://", "https://"))
    store = GraphStore.in_memory()
    assert store.put_document(document_graphs(doc, [], ns=ids())) > 0


TAG_SOUP = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<div class='x'>", "</div>", "<br>", "<br/>", "<title>", "</title>", "<head>",
                         "</head>", "<body>", "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "&amp;", "&#x1F600;", "&bogus;",
                         "<td>", "<svg><script>", "</svg>", "<noscript>", "</noscript>", "<a href='javascript:x'>", "</a>"]),
        awkward_text(10),
        st.sampled_from(SENTENCES),
    ),
    max_size=20,
)


@fuzz(150)
@given(soup=TAG_SOUP)
def test_fuzz_html_never_raises_and_never_shows_script_text(soup):
    marker = "fuzz-script-marker"
    page = "".join(soup[: len(soup) // 2]) + f"<script>var m = '{marker}';</script>" + "".join(soup[len(soup) // 2 :])
    text, title = html_to_text(page)
    assert marker not in text and (title is None or marker not in title)


# --------------------------------------------------------------------------- extraction


def check_extracted(extracted, docs: list[Document]) -> None:
    assert [x.document for x in extracted] == docs
    for x in extracted:
        text = x.document.text
        for event in x.events:
            trigger = event.evidence.trigger
            assert text[trigger.start : trigger.end] == trigger.text
            for role in event.evidence.roles:
                assert text[role.start : role.end] == role.text


@fuzz(40)
@given(texts=st.lists(awkward_text(), min_size=1, max_size=4))
def test_fuzz_extraction_on_arbitrary_text_never_raises(nlp, texts):
    docs = [Document(id=f"fuzz-{i}", text=text) for i, text in enumerate(texts)]
    started = time.perf_counter()
    extracted = list(extract_documents(docs, doc_timeout=None))  # no on_error: any exception reaches the test
    check_extracted(extracted, docs)
    assert time.perf_counter() - started < 10 * len(docs)


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 500 + SENTENCES[0],
        SENTENCES[0] + "\u0301" * 2000,
        "x" * 200_000 + " " + SENTENCES[1],  # one 200,000-character token
        ("😀" * 3 + " ") * 1500,
        "\u202e" + SENTENCES[2] + "\u202c " + "مرحبا بالعالم " * 200,
        "\n" * 5000 + SENTENCES[3],
        ". " * 5000,
        "(" * 1000 + SENTENCES[0] + ")" * 1000,
        " ".join(SENTENCES) * 2 + " and" * 3000,
    ],
    ids=["nul", "combining", "long-token", "emoji", "rtl", "newlines", "dots", "brackets", "and-chain"],
)
def test_fuzz_extraction_on_awkward_text_never_raises(nlp, text):
    started = time.perf_counter()
    [extracted] = extract_documents([Document(id="awkward", text=text)], doc_timeout=None)
    check_extracted([extracted], [extracted.document])
    assert time.perf_counter() - started < 30  # no hang even without the time limit


# --------------------------------------------------------------------------- time limit


def slow_on(monkeypatch, doc_id: str, work) -> None:
    """Make the extractor run ``work`` first for the document ``doc_id``."""
    import kg.pipeline as pipeline

    real = pipeline.extract_doc_events

    def extract(spacy_doc, document):
        if document.id == doc_id:
            work()
        return real(spacy_doc, document)

    monkeypatch.setattr(pipeline, "extract_doc_events", extract)


def busy(seconds: float = 30) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:  # pure Python, never sleeping
        pass


@pytest.mark.parametrize("work", [lambda: time.sleep(30), busy], ids=["sleeping", "busy"])
def test_time_limit_skips_a_slow_extraction_and_builds_the_rest(tmp_path, monkeypatch, nlp, work):
    slow_on(monkeypatch, "slow", work)
    (tmp_path / "slow.txt").write_text(SENTENCES[0], encoding="utf-8")
    (tmp_path / "good.txt").write_text(SENTENCES[1], encoding="utf-8")
    started = time.perf_counter()
    report = build([tmp_path / "slow.txt", tmp_path / "good.txt"], tmp_path / "out", progress=False, html=False, doc_timeout=0.5)
    assert time.perf_counter() - started < 20
    assert report.failed == [{"document": str(tmp_path / "slow.txt"), "reason": "skipped: extraction took longer than 0.5 s (the per-document limit)"}]
    assert report.documents_added == 1 and report.exit_code == 2
    with GraphStore(tmp_path / "out", read_only=True) as store:
        assert [d.rsplit("/", 1)[1] for d in store.documents()] == ["good"]


def test_time_limit_skips_a_slow_parse_and_parses_the_rest(nlp):
    """A real slow parse (100,000 one-letter words: tens of seconds), in a batch with ordinary
    articles: the batch runs out of time, then each is parsed alone and only it is skipped."""
    docs = [Document(id="a", text=SENTENCES[0]), Document(id="slow", text="a " * 50_000), Document(id="b", text=SENTENCES[1])]
    seen: list[DocumentError] = []
    started = time.perf_counter()
    extracted = list(extract_documents(docs, on_error=seen.append, doc_timeout=1))
    assert time.perf_counter() - started < 15
    assert [x.document.id for x in extracted] == ["a", "b"] and all(x.events for x in extracted)
    assert [str(e) for e in seen] == ["<memory>: skipped: parsing took longer than 1 s (the per-document limit)"]


def test_time_limit_without_on_error_raises_timeout(monkeypatch, nlp):
    slow_on(monkeypatch, "slow", busy)
    with pytest.raises(TimeoutError, match="extraction took longer than 0.2 s"):
        list(extract_documents([Document(id="slow", text=SENTENCES[0])], doc_timeout=0.2))


def test_time_limit_leaves_the_callers_alarm_handler(monkeypatch, nlp):
    def mine(signum, frame):
        raise AssertionError("not mine to run")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        list(extract_documents([Document(id="a", text=SENTENCES[0])], doc_timeout=5))
        assert signal.getsignal(signal.SIGALRM) is mine and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_off_the_main_thread_is_no_limit(monkeypatch, nlp):
    """Signals reach only the main thread: elsewhere the document runs to its end."""
    slow_on(monkeypatch, "slow", lambda: busy(1.0))
    done: list = []
    thread = threading.Thread(target=lambda: done.extend(extract_documents([Document(id="slow", text=SENTENCES[0])], doc_timeout=0.2)))
    thread.start()
    thread.join(30)
    assert [x.document.id for x in done] == ["slow"]
