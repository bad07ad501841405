"""Extraction on every core, and on a Dask cluster: articles parsed by workers, stored in order.

The parse is the cost of a build, and articles are independent of each other until the merge,
so extraction scales out by article. A worker loads the spaCy pipeline (and the dictionaries
and gazetteer) once, then turns batches of :class:`~kg.records.Document` into their events
(``kg extract``) or their named graphs as N-Quads (``kg build``), through the same
:func:`kg.pipeline.extract_documents` as one process. The parent keeps reading the input,
skipping what the store has, and writing each article's graph to the store in input order, in
one transaction per article (:meth:`kg.store.GraphStore.replace_graph`, which keeps the union
graph in step). IRIs come from the articles' content, never from the order or the worker, so
any number of workers gives the same graph as one process (tested).

Memory stays flat whatever the corpus size: at most :data:`IN_FLIGHT` batches per worker are
out at a time, and a batch's results are stored and dropped before the next is taken.

- ``workers > 1``: a pool of processes on this machine (``concurrent.futures`` with the
  "spawn" start method: forking a process that has loaded spaCy or opened the store is unsafe);
- ``dask="local"``: a ``dask.distributed.LocalCluster`` of ``workers`` processes;
  ``dask="tcp://host:8786"``: an existing cluster's scheduler. Each task is one partition of
  :data:`PARTITION_SIZE` articles and returns its graphs as one N-Quads file, which the client
  writes to a temporary ``OUT/.parts-*`` folder and loads article by article. Workers need
  geokg and the model installed, and one thread each (``dask worker --nthreads 1``).
"""

from __future__ import annotations

import itertools
import multiprocessing
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .config import BATCH_SIZE
from .errors import GeokgError, ParallelError
from .graph import document_graphs
from .iris import Ids, ids
from .records import Document, DocumentError, ExtractedDocument
from .store import quads, write_atomically

ErrorCallback = Callable[[DocumentError], None]

#: Batches out at a time per worker: one being parsed, one waiting, so no worker idles while
#: the parent stores a result, and no more than that is held in memory.
IN_FLIGHT = 2
#: Articles in one Dask task (one N-Quads file): large enough that a task's overhead (tens of
#: milliseconds) is small beside its parse (about 15 s), small enough to spread a few thousand
#: articles over many workers. A multiple of the parse batch, so that a partition is parsed in
#: the same batches as one process parses the same articles.
PARTITION_SIZE = 8 * BATCH_SIZE
#: Seconds to reach a Dask scheduler before giving up.
CONNECT_TIMEOUT_S = 30.0

_NQUADS = ox.RdfFormat.N_QUADS
#: One task at a time per worker process: a spaCy pipeline is not to be shared by threads.
_WORKER_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ArticleQuads:
    """One article's named graph, as :meth:`kg.store.GraphStore.replace_graph` takes it."""

    doc_id: str
    doc_iri: str
    reports: int  # the article's reports of events
    quads: list[ox.Quad]


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a worker says of one article of a partition (its quads follow in the N-Quads)."""

    doc_id: str
    doc_iri: str
    reports: int
    quads: int


# --- the work of one batch, in a worker (or in this process) ----------------------------------
def _extracted(docs: list[Document], model: str | None, doc_timeout: float | None) -> list[ExtractedDocument | DocumentError]:
    """A batch's extracted documents and errors, in input order (a worker's task)."""
    from .pipeline import extract_documents

    out: list[ExtractedDocument | DocumentError] = []
    with _WORKER_LOCK:
        try:
            out.extend(extract_documents(docs, model=model, on_error=out.append, doc_timeout=doc_timeout))
        except GeokgError as exc:  # sent back as the base class: its message pickles, its subclass' arguments may not
            raise GeokgError(str(exc)) from None
    return out


def article_quads(extracted: ExtractedDocument, ns: Ids) -> ArticleQuads:
    """An extracted article's named graph (:func:`kg.graph.document_graphs`) as quads."""
    graphs = document_graphs(extracted.document, extracted.events, ns=ns)
    return ArticleQuads(extracted.document.id, str(graphs.doc_iri), len(extracted.events), list(quads(graphs.article, graphs.doc_iri)))


def _partition(
    docs: list[Document], model: str | None, base: str, doc_timeout: float | None
) -> tuple[list[_Entry | DocumentError], bytes]:
    """A batch's graphs as one N-Quads document, articles in input order, and what each is
    (a worker's task). ``base`` is the client's IRI base: a worker whose own differs would
    name the actors and events differently, so it refuses."""
    if ids().base != base:
        raise GeokgError(f"this worker's IRI base is {ids().base}, the build's {base}: give the workers the same GEOKG_BASE_IRI")
    entries: list[_Entry | DocumentError] = []
    graph: list[ox.Quad] = []
    for item in _extracted(docs, model, doc_timeout):
        if isinstance(item, DocumentError):
            entries.append(item)
            continue
        article = article_quads(item, ids(base))
        entries.append(_Entry(article.doc_id, article.doc_iri, article.reports, len(article.quads)))
        graph.extend(article.quads)
    return entries, ox.serialize(graph, format=_NQUADS)


def _articles(entries: list[_Entry | DocumentError], stream: Iterator[ox.Quad], on_error: ErrorCallback | None) -> Iterator[ArticleQuads]:
    """A partition's articles, each with its share of the partition's quads."""
    for entry in entries:
        if isinstance(entry, DocumentError):
            _report(entry, on_error)
            continue
        yield ArticleQuads(entry.doc_id, entry.doc_iri, entry.reports, list(itertools.islice(stream, entry.quads)))


def _report(error: DocumentError, on_error: ErrorCallback | None) -> None:
    if on_error is None:
        raise GeokgError(str(error))
    on_error(error)


# --- scheduling: batches out in order, a bounded number at a time -----------------------------
def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _in_order(submit: Callable[[list[Document]], Any], batches: Iterable[list[Document]], limit: int) -> Iterator[Any]:
    """Results of ``submit(batch)`` (futures) in submission order, with at most ``limit`` out.

    Futures left when the consumer stops early (or fails) are cancelled."""
    pending: deque = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


@contextmanager
def _process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """``workers`` spawned processes; on the way out, queued batches are dropped. A worker
    that dies (killed, out of memory) stops the run with a one-line error; what was stored
    before stays, whole, and a re-run goes on from there."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    except BrokenProcessPool as exc:
        raise ParallelError(f"a worker process died (killed, or out of memory?): {exc}") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_workers(workers: int) -> None:
    if workers < 1:
        raise ParallelError(f"--workers must be at least 1 (got {workers})")


# --- the public entry points ---------------------------------------------------------------------
def extract_in_processes(
    docs: Iterable[Document],
    *,
    workers: int,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_error: ErrorCallback | None = None,
    doc_timeout: float | None = None,
) -> Iterator[ExtractedDocument]:
    """:func:`kg.pipeline.extract_documents` on ``workers`` processes: the same documents, in
    the same order, with the same errors reported through ``on_error``."""
    _check_workers(workers)
    with _process_pool(workers) as pool:

        def submit(batch: list[Document]) -> Future:
            return pool.submit(_extracted, batch, model, doc_timeout)

        for results in _in_order(submit, _batches(docs, batch_size), IN_FLIGHT * workers):
            for item in results:
                if isinstance(item, DocumentError):
                    _report(item, on_error)
                else:
                    yield item


def document_quads(
    docs: Iterable[Document],
    *,
    ns: Ids,
    model: str | None = None,
    workers: int = 1,
    dask: str | None = None,
    on_error: ErrorCallback | None = None,
    doc_timeout: float | None = None,
    parts_dir: Path | None = None,
) -> Iterator[ArticleQuads]:
    """The named graphs of ``docs``, in input order, for the store: extracted in this process
    (``workers`` 1), on a pool of ``workers`` processes, or on a Dask cluster (``dask``: a
    scheduler address or "local"; partition files go to a temporary folder in ``parts_dir``)."""
    _check_workers(workers)
    if dask:
        yield from _on_dask(docs, address=dask, workers=workers, ns=ns, model=model, on_error=on_error,
                            doc_timeout=doc_timeout, parts_dir=parts_dir)  # fmt: skip
    elif workers > 1:
        with _process_pool(workers) as pool:

            def submit(batch: list[Document]) -> Future:
                return pool.submit(_partition, batch, model, ns.base, doc_timeout)

            for entries, data in _in_order(submit, _batches(docs, BATCH_SIZE), IN_FLIGHT * workers):
                yield from _articles(entries, ox.parse(data, format=_NQUADS), on_error)
    else:
        from .pipeline import extract_documents

        for extracted in extract_documents(docs, model=model, on_error=on_error, doc_timeout=doc_timeout):
            yield article_quads(extracted, ns)


@contextmanager
def dask_client(address: str, workers: int) -> Iterator[Any]:
    """A ``distributed.Client`` of the scheduler at ``address``, or of a new LocalCluster of
    ``workers`` processes (one thread each) for "local"."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ParallelError("--dask needs dask.distributed: pip install 'geokg[dask]'") from None
    with ExitStack() as stack:
        try:
            if address == "local":
                cluster = stack.enter_context(
                    LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
                )
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT_S))
        except (OSError, TimeoutError) as exc:
            raise ParallelError(f"dask scheduler {address}: cannot connect ({exc})") from None
        yield client


def _on_dask(
    docs: Iterable[Document],
    *,
    address: str,
    workers: int,
    ns: Ids,
    model: str | None,
    on_error: ErrorCallback | None,
    doc_timeout: float | None,
    parts_dir: Path | None,
) -> Iterator[ArticleQuads]:
    """Partitions extracted on the cluster; each result written as an N-Quads file, then read
    back article by article, in input order."""
    with dask_client(address, workers) as client, tempfile.TemporaryDirectory(prefix=".parts-", dir=parts_dir) as tmp:
        threads = max(1, sum(client.nthreads().values()))

        def submit(batch: list[Document]) -> Any:
            return client.submit(_partition, batch, model, ns.base, doc_timeout, pure=False)

        for n, (entries, data) in enumerate(_in_order(submit, _batches(docs, PARTITION_SIZE), IN_FLIGHT * threads), 1):
            part = write_atomically(Path(tmp) / f"part-{n:06d}.nq", data)
            del data
            yield from _articles(entries, ox.parse(path=str(part), format=_NQUADS), on_error)
            part.unlink()


__all__ = ["ArticleQuads", "ParallelError", "article_quads", "dask_client", "document_quads", "extract_in_processes"]
