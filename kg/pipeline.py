"""The whole data path, top to bottom: ingest → nlp → extract → resolve → graph → store → outputs.

``extract_events`` streams events (``kg extract``); ``build`` writes a build directory
(``kg build``). Both are what the CLI and the notebook call.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__
from . import merge, statistics
from .config import BATCH_SIZE, DOC_TIMEOUT_S, MAX_DOCUMENT_CHARS
from .errors import DocumentNotFound
from .export import events_csv
from .extract import extract_events as extract_doc_events
from .ingest import read_inputs
from .iris import ids
from .nlp import load_pipeline
from .parallel import document_quads, extract_in_processes
from .records import Document, DocumentError, Event, ExtractedDocument
from .resolve import resolve_events
from .store import GraphStore, open_store, remove_temporaries, write_atomically

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ErrorCallback = Callable[[DocumentError], None]

def _ignore(_: DocumentError) -> None:
    pass


def documents(inputs: Sequence[str | Path], *, published: date | None, errors: list[DocumentError], on_error: ErrorCallback) -> Iterator[Document]:
    """Ingest, passing good documents on and collecting (and reporting) the bad ones.

    In one run an id names one article: a later document with an earlier one's id and another
    text is refused, naming the first, which is kept. Replacing either silently would lose an
    article whenever two feeds number theirs alike; across runs, a new text under a stored id
    is that article's new version and replaces it (see :func:`build`).
    """
    first: dict[str, tuple[str, str]] = {}  # id -> (content hash, origin) of its first document
    for item in read_inputs(inputs, published=published):
        if isinstance(item, Document):
            content_hash, origin = first.setdefault(item.id, (item.content_hash, item.origin))
            if content_hash != item.content_hash:
                item = DocumentError(item.origin, f"duplicate id {item.id!r}: {origin} has it with another text (the first is kept)")
        if isinstance(item, DocumentError):
            errors.append(item)
            on_error(item)
        else:
            yield item


class _Expired(BaseException):
    """Raised by :func:`_time_limit`; not an ``Exception``, so that no ``except Exception`` in
    the extractors can swallow it and run on."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_Expired` in the block once it has run ``seconds`` (a real-time timer,
    SIGALRM). Signals reach only the main thread, so elsewhere, or with no limit, the block
    runs unbounded. The parser and the extractors are Python loops over numpy and spaCy
    objects, where a signal is handled within a fraction of a second."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _skip(document: Document, reason: str, on_error: ErrorCallback | None, error: BaseException) -> None:
    """Report a skipped document through ``on_error``, or raise ``error`` when there is none."""
    if on_error is None:
        raise error
    on_error(DocumentError(document.origin, reason))


def _too_slow(document: Document, stage: str, seconds: float | None, on_error: ErrorCallback | None) -> None:
    reason = f"skipped: {stage} took longer than {seconds:g} s (the per-document limit)"
    _skip(document, reason, on_error, TimeoutError(f"{document.origin}: {reason}"))


def _parseable(docs: Iterable[Document], limit: int, on_error: ErrorCallback | None) -> Iterator[Document]:
    """The documents the parser takes: a longer text would make spaCy raise mid-batch, killing
    the batch (and would take minutes), so it is refused before."""
    for document in docs:
        if len(document.text) <= limit:
            yield document
            continue
        reason = f"too long: {len(document.text):,} characters (at most {limit:,}): split it into articles"
        _skip(document, reason, on_error, ValueError(f"{document.origin}: {reason}"))


def _parse(nlp: Language, batch: list[Document], timeout: float | None, on_error: ErrorCallback | None) -> list[tuple[Doc, Document]]:
    """Parse a batch at once within ``timeout`` (a batch of ordinary articles takes seconds).

    If the batch fails or runs out of time, its documents are parsed one by one, each within
    ``timeout``, so that only the one at fault is skipped and reported.
    """
    try:
        with _time_limit(timeout):
            return list(zip(nlp.pipe([d.text for d in batch], batch_size=len(batch)), batch))
    except (Exception, _Expired):  # noqa: BLE001 - found and reported one by one below
        pass
    parsed = []
    for document in batch:
        try:
            with _time_limit(timeout):
                parsed.append((nlp(document.text), document))
        except _Expired:
            _too_slow(document, "parsing", timeout, on_error)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a build
            _skip(document, f"parsing failed: {type(exc).__name__}: {str(exc)[:200]}", on_error, exc)
    return parsed


def extract_documents(
    docs: Iterable[Document],
    *,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_error: ErrorCallback | None = None,
    doc_timeout: float | None = DOC_TIMEOUT_S,
) -> Iterator[ExtractedDocument]:
    """Parse the documents in batches and extract and resolve their events.

    A document too long to parse (:data:`~kg.config.MAX_DOCUMENT_CHARS`), whose parse or
    extraction fails, or whose parse or extraction runs past ``doc_timeout`` seconds (``None``:
    no limit) is reported through ``on_error`` (one line naming it) and skipped; the others go
    on. Without ``on_error`` the exception propagates.
    """
    nlp = load_pipeline(model)
    pending = _parseable(docs, min(MAX_DOCUMENT_CHARS, nlp.max_length), on_error)
    while batch := list(islice(pending, batch_size)):
        for spacy_doc, document in _parse(nlp, batch, doc_timeout, on_error):
            try:
                with _time_limit(doc_timeout):
                    events = tuple(resolve_events(document, extract_doc_events(spacy_doc, document)))
            except _Expired:
                _too_slow(document, "extraction", doc_timeout, on_error)
                continue
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop a build
                _skip(document, f"extraction failed: {type(exc).__name__}: {str(exc)[:200]}", on_error, exc)
                continue
            yield ExtractedDocument(document, events)


def extract_events(
    inputs: Sequence[str | Path],
    *,
    published: date | None = None,
    model: str | None = None,
    on_error: ErrorCallback = _ignore,
    errors: list[DocumentError] | None = None,
    workers: int = 1,
) -> Iterator[Event]:
    """The events of the inputs, in document and text order (no graph built), extracted on
    ``workers`` processes (:func:`kg.parallel.extract_in_processes`) when more than one."""
    errors = errors if errors is not None else []

    def failed(error: DocumentError) -> None:
        errors.append(error)
        on_error(error)

    docs = documents(inputs, published=published, errors=errors, on_error=on_error)
    if workers > 1:
        extracted_docs = extract_in_processes(docs, workers=workers, model=model, on_error=failed, doc_timeout=DOC_TIMEOUT_S)
    else:
        extracted_docs = extract_documents(docs, model=model, on_error=failed)
    for extracted in extracted_docs:
        yield from extracted.events


@dataclass
class BuildReport:
    """What a build did: written to ``report.json``."""

    out_dir: str
    documents_read: int = 0
    documents_added: int = 0
    documents_unchanged: int = 0
    documents_duplicate: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    documents_removed: int = 0
    reports_added: int = 0
    events_added: int = 0
    events_total: int = 0
    events_merged: int = 0
    quads: int = 0
    triples: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    version: str = __version__

    @property
    def exit_code(self) -> int:
        """0: all good; 2: some documents failed; 1: nothing could be read."""
        if not self.failed:
            return 0
        return 2 if self.documents_read else 1

    def to_json(self) -> str:
        return json.dumps(asdict(self) | {"exit_code": self.exit_code}, indent=2, ensure_ascii=False)


def _progress(enabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not enabled,
    )


def _new_documents(docs: Iterable[Document], store: GraphStore, report: BuildReport) -> Iterator[Document]:
    """Skip documents already stored with the same text (under their id or another)."""
    ns = store.ns
    seen_in_run: dict[str, str] = {}
    for doc in docs:
        report.documents_read += 1
        h = doc.content_hash
        if store.document_hash(ns.doc(doc.id)) == h:
            report.documents_unchanged += 1
            continue
        other = seen_in_run.get(h) or store.document_with_hash(h)
        if other is not None and other != str(ns.doc(doc.id)):
            report.documents_duplicate += 1
            report.duplicates.append({"document": doc.origin, "same_text_as": other})
            continue
        seen_in_run[h] = str(ns.doc(doc.id))
        yield doc


def build(
    inputs: Sequence[str | Path],
    out_dir: Path | str,
    *,
    published: date | None = None,
    model: str | None = None,
    on_error: ErrorCallback = _ignore,
    progress: bool | None = None,
    html: bool = True,
    merging: bool = True,
    store_url: str | None = None,
    doc_timeout: float | None = DOC_TIMEOUT_S,
    workers: int = 1,
    dask: str | None = None,
) -> BuildReport:
    """Build (or update) the knowledge graph of ``inputs`` in ``out_dir``.

    Writes the store, ``graph.ttl``, ``graph.html``, ``events.csv`` and ``report.json``.
    Documents already in the store with the same text are skipped, so re-runs change nothing.
    The reports of all articles are then merged into events (:func:`kg.merge.refresh`); with
    ``merging`` off each report is an event of its own. With ``store_url`` the graph goes to
    that SPARQL server instead of the embedded store (:mod:`kg.remote`), and later commands on
    ``out_dir`` find it there. A document whose parse or extraction runs past ``doc_timeout``
    seconds is skipped and reported (:func:`extract_documents`). With ``workers`` > 1 the
    articles are extracted on that many processes, with ``dask`` (a scheduler address or
    "local") on a Dask cluster (:mod:`kg.parallel`): the graph is the same.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport(out_dir=str(out))
    errors: list[DocumentError] = []
    t0 = time.perf_counter()
    show = sys.stderr.isatty() if progress is None else progress
    with open_store(out, url=store_url, create=True) as store, _progress(show) as bar:
        events_before = _event_count(store)
        task = bar.add_task("building", total=None)
        docs = documents(inputs, published=published, errors=errors, on_error=on_error)

        def failed(error: DocumentError) -> None:
            errors.append(error)
            on_error(error)

        new = _new_documents(docs, store, report)
        for article in document_quads(new, ns=store.ns, model=model, workers=workers, dask=dask, on_error=failed,
                                      doc_timeout=doc_timeout, parts_dir=out):  # fmt: skip
            store.replace_graph(article.doc_iri, article.quads)  # as put_document: one transaction
            report.quads += len(article.quads)
            report.documents_added += 1
            report.reports_added += article.reports
            bar.update(task, advance=1, description=f"building: {article.doc_id}")
        report.timings["extract_and_store_s"] = round(time.perf_counter() - t0, 3)
        report.failed = [{"document": e.origin, "reason": e.reason} for e in errors]
        _finish(store, out, report, html=html, merging=merging, before=events_before)
    report.timings["total_s"] = round(time.perf_counter() - t0, 3)
    report.outputs["report"] = str(out / "report.json")
    write_atomically(out / "report.json", report.to_json() + "\n")
    return report


def _event_count(store: GraphStore) -> int:
    return int(next(iter(store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }")))["n"].value)


def _finish(store: GraphStore, out: Path, report: BuildReport, *, html: bool, merging: bool, before: int) -> None:
    """Merge the reports into events, write the outputs and count what is in the store.

    Each step redoes whatever a killed earlier run left undone: the merge recomputes every
    root whose events graph does not carry its reports' hash (written last, after the whole
    graph, see :meth:`kg.store.GraphStore.replace_graph`), the statistics and the outputs are
    written anew (streamed to their files), and
    the temporary files of outputs that run did not get to rename are deleted.
    """
    t1 = time.perf_counter()
    merge.refresh(store, merging=merging)
    report.timings["merge_s"] = round(time.perf_counter() - t1, 3)
    t3 = time.perf_counter()
    statistics.refresh(store)
    report.timings["statistics_s"] = round(time.perf_counter() - t3, 3)
    t2 = time.perf_counter()
    remove_temporaries(out)
    report.outputs = write_outputs(store, out, html=html)
    report.timings["outputs_s"] = round(time.perf_counter() - t2, 3)
    report.quads = len(store)
    report.triples = store.triple_count()
    report.events_total = _event_count(store)
    report.events_added = report.events_total - before
    report.events_merged = int(
        next(iter(store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event ; gk:merge ?m }")))["n"].value
    )


def remove(
    refs: Sequence[str], out_dir: Path | str, *, html: bool = True, merging: bool = True
) -> BuildReport:
    """Remove articles (by id, IRI or content hash) from the build in ``out_dir``: their
    named graphs are dropped, the events they took part in recomputed (merges they made
    undone, events only they reported gone) and the outputs rewritten.

    A reference no stored article has is listed in ``report.failed`` (its reason the one-line
    :class:`DocumentNotFound` message) and the others are removed. The events, statistics and
    outputs are recomputed even when none is found, so that re-running a ``kg remove`` that was
    killed after dropping some of its articles completes it (the recomputation is driven by
    content hashes and costs little when nothing changed).
    """
    out = Path(out_dir)
    report = BuildReport(out_dir=str(out))
    t0 = time.perf_counter()
    with open_store(out) as store:
        iris = []
        for ref in refs:
            report.documents_read += 1
            iri = store.find_document(ref)
            if iri is None:
                report.failed.append({"document": ref, "reason": str(DocumentNotFound(ref, out))})
            else:
                iris.append(iri)
        before = _event_count(store)
        for iri in dict.fromkeys(iris):
            report.documents_removed += store.remove_document(iri)
        _finish(store, out, report, html=html, merging=merging, before=before)
    report.timings["total_s"] = round(time.perf_counter() - t0, 3)
    report.outputs["report"] = str(out / "report.json")
    write_atomically(out / "report.json", report.to_json() + "\n")
    return report


def write_outputs(store: GraphStore, out: Path, *, html: bool = True) -> dict[str, str]:
    """graph.ttl, events.csv and graph.html from the store, each written atomically."""
    import pyoxigraph as ox

    from .viz import write_page

    outputs = {"store": store.location}
    outputs["turtle"] = str(write_atomically(out / "graph.ttl", lambda fh: store.dump(ox.RdfFormat.TURTLE, fh)))
    outputs["events_csv"] = str(write_atomically(out / "events.csv", events_csv(store)))
    if html:
        outputs["html"] = str(write_page(store.store, out / "graph.html", title=f"geokg: {out.name}"))
    return outputs


__all__ = ["BuildReport", "build", "extract_documents", "extract_events", "ids", "remove"]
