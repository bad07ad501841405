"""The whole data path, top to bottom: ingest → nlp → extract → resolve → graph → store → outputs.

``extract_events`` streams events (``kg extract``); ``build`` writes a build directory
(``kg build``). Both are what the CLI and the notebook call.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__
from . import merge, statistics
from .config import BATCH_SIZE
from .errors import DocumentNotFound
from .export import events_csv
from .extract import extract_events as extract_doc_events
from .graph import document_graphs
from .ingest import read_inputs
from .iris import ids
from .nlp import load_pipeline
from .records import Document, DocumentError, Event, ExtractedDocument
from .resolve import resolve_events
from .store import GraphStore, open_store, write_atomically

ErrorCallback = Callable[[DocumentError], None]


def _ignore(_: DocumentError) -> None:
    pass


def documents(inputs: Sequence[str | Path], *, published: date | None, errors: list[DocumentError], on_error: ErrorCallback) -> Iterator[Document]:
    """Ingest, passing good documents on and collecting (and reporting) the bad ones."""
    for item in read_inputs(inputs, published=published):
        if isinstance(item, DocumentError):
            errors.append(item)
            on_error(item)
        else:
            yield item


def extract_documents(
    docs: Iterable[Document],
    *,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_error: ErrorCallback | None = None,
) -> Iterator[ExtractedDocument]:
    """Parse the documents in batches and extract and resolve their events.

    A document whose extraction fails is reported through ``on_error`` (one line naming it)
    and skipped; the others go on. Without ``on_error`` the exception propagates.
    """
    nlp = load_pipeline(model)
    for spacy_doc, document in nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=batch_size):
        try:
            events = resolve_events(document, extract_doc_events(spacy_doc, document))
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a build
            if on_error is None:
                raise
            on_error(DocumentError(document.origin, f"extraction failed: {type(exc).__name__}: {str(exc)[:200]}"))
            continue
        yield ExtractedDocument(document, tuple(events))


def extract_events(
    inputs: Sequence[str | Path],
    *,
    published: date | None = None,
    model: str | None = None,
    on_error: ErrorCallback = _ignore,
    errors: list[DocumentError] | None = None,
) -> Iterator[Event]:
    """The events of the inputs, in document and text order (no graph built)."""
    errors = errors if errors is not None else []

    def failed(error: DocumentError) -> None:
        errors.append(error)
        on_error(error)

    docs = documents(inputs, published=published, errors=errors, on_error=on_error)
    for extracted in extract_documents(docs, model=model, on_error=failed):
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
) -> BuildReport:
    """Build (or update) the knowledge graph of ``inputs`` in ``out_dir``.

    Writes the store, ``graph.ttl``, ``graph.html``, ``events.csv`` and ``report.json``.
    Documents already in the store with the same text are skipped, so re-runs change nothing.
    The reports of all articles are then merged into events (:func:`kg.merge.refresh`); with
    ``merging`` off each report is an event of its own. With ``store_url`` the graph goes to
    that SPARQL server instead of the embedded store (:mod:`kg.remote`), and later commands on
    ``out_dir`` find it there.
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

        for extracted in extract_documents(_new_documents(docs, store, report), model=model, on_error=failed):
            graphs = document_graphs(extracted.document, extracted.events, ns=store.ns)
            report.quads += store.put_document(graphs)
            report.documents_added += 1
            report.reports_added += len(extracted.events)
            bar.update(task, advance=1, description=f"building: {extracted.document.id}")
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
    """Merge the reports into events, write the outputs and count what is in the store."""
    t1 = time.perf_counter()
    merge.refresh(store, merging=merging)
    report.timings["merge_s"] = round(time.perf_counter() - t1, 3)
    t3 = time.perf_counter()
    statistics.refresh(store)
    report.timings["statistics_s"] = round(time.perf_counter() - t3, 3)
    t2 = time.perf_counter()
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

    Raises :class:`DocumentNotFound` naming the first reference no stored article has,
    before anything is removed.
    """
    out = Path(out_dir)
    report = BuildReport(out_dir=str(out))
    t0 = time.perf_counter()
    with open_store(out) as store:
        iris = []
        for ref in refs:
            iri = store.find_document(ref)
            if iri is None:
                raise DocumentNotFound(ref, out)
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
    outputs["turtle"] = str(write_atomically(out / "graph.ttl", store.dump(ox.RdfFormat.TURTLE)))
    outputs["events_csv"] = str(write_atomically(out / "events.csv", events_csv(store)))
    if html:
        outputs["html"] = str(write_page(store.store, out / "graph.html", title=f"geokg: {out.name}"))
    return outputs


__all__ = ["BuildReport", "build", "extract_documents", "extract_events", "ids", "remove"]
