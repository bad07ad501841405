"""Serve: a build's graph, read-only, over the SPARQL 1.1 Protocol (``kg serve OUT``).

The endpoint is ``http://HOST:PORT/sparql``: ``GET ?query=``, ``POST`` form (``query=``) and
``POST application/sparql-query``; results as SPARQL JSON (default), XML, CSV or TSV, graphs as
Turtle (default), N-Triples, RDF/XML, JSON-LD or N3, chosen by ``Accept`` or a ``format``
parameter. The default graph is the union of all graphs (see :mod:`kg.store`); ``GRAPH ?g``
reaches the named ones; ``default-graph-uri``/``named-graph-uri`` are refused (use ``FROM``).

Article text is untrusted and so is every client, so the endpoint cannot be a way in:

- it listens on 127.0.0.1 unless told otherwise;
- it is read-only: SPARQL Update (``update=``, ``application/sparql-update``, an update sent as
  a query) gets 403, and every worker opens the store read-only anyway;
- a query that could reach the network or files (``SERVICE``, ``LOAD``, ``file:`` IRIs) gets
  400 before it runs: :func:`check_query` walks rdflib's parse of it and, as a second layer
  that does not depend on rdflib agreeing with Oxigraph, scans its tokens the way Oxigraph
  reads them (strings and comments skipped);
- pyoxigraph cannot cancel a query, so queries run in worker processes and a worker that
  passes the time limit, or the memory limit, is killed and replaced (503); the server
  answers the next query;
- at most ``max_rows`` solutions (triples for CONSTRUCT/DESCRIBE) and ``max_bytes`` are sent;
  a cut result is a valid document with the header ``X-Geokg-Truncated: true``;
- request bodies and queries have size caps, and clients get one-line errors, no traces.
"""

from __future__ import annotations

import html
import importlib
import ipaddress
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import URIRef

from .errors import BadQuery, GeokgError, ReadOnlyEndpoint, ServeFailed, UnsafeQuery
from .vocab import PREFIXES, sparql_prefixes

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
DEFAULT_WORKERS = 2
DEFAULT_MAX_MEMORY_MB = 1024
#: Longest query accepted (characters), and largest POST body (bytes).
MAX_QUERY_CHARS = 100_000
MAX_BODY_BYTES = 1_000_000
#: Seconds a worker process may take to start (import, open the store) before it counts as failed.
STARTUP_TIMEOUT = 60.0
#: Seconds between two looks at a running query's worker (its memory, the clock).
WATCH_INTERVAL = 0.05
#: Seconds a client's socket may stay silent before the server drops it.
SOCKET_TIMEOUT = 30.0

TRUNCATED_HEADER = "X-Geokg-Truncated"
ENDPOINT_PATH = "/sparql"


@dataclass(frozen=True, slots=True)
class Limits:
    """What one query may cost: seconds of work, solutions (or triples) and bytes sent back,
    and the memory (resident, in MB) of the worker running it."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_BYTES
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB


@dataclass(frozen=True, slots=True)
class Job:
    """A query as a worker gets it: the text, the client's ``Accept`` and ``format`` choice."""

    query: str
    accept: str = ""
    formats: tuple[str, ...] = ()  # the ``format`` parameter(s): SPARQLWrapper sends "tsv" and its media type


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, media type, body, extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        """A one-line plain-text error (the first line of ``message``, nothing more)."""
        line = (message.strip().splitlines() or ["error"])[0]
        return cls(status, "text/plain; charset=utf-8", (line + "\n").encode("utf-8"))


class NotAcceptable(GeokgError):
    """No format the client accepts fits the result (HTTP 406)."""


class ResultTooLarge(GeokgError):
    """Not even the result's header fits the byte limit (HTTP 413)."""


# --- the guard: what a query may not do ---------------------------------------------

_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_PN = r"\w\u00B7\u0300-\u036F\u203F\u2040"  # the name characters of SPARQL (PN_CHARS, roughly)
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    r'(?P<skip>\#[^\r\n]*'
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\r\n]|\\.)*"'
    r"|'(?:[^'\\\r\n]|\\.)*')"
    r'|(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)'
    rf"|(?P<var>[?$][{_PN}]+)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    rf"|(?P<pname>(?:[^\W\d][{_PN}.\-]*)?:(?:(?:[{_PN}:\-]|{_PLX})(?:(?:[{_PN}.:\-]|{_PLX})*(?:[{_PN}:\-]|{_PLX}))?)?)"
    rf"|(?P<word>[{_PN}]+)"
    r"|(?P<other>.)",
    re.S,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _expand_unicode_escapes(text: str) -> str:
    """``\\uXXXX``/``\\UXXXXXXXX`` replaced by their characters (inside an IRI, as Oxigraph reads it)."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _UNICODE_ESCAPE.sub(char, text)


def query_tokens(text: str) -> Iterator[tuple[str, str]]:
    """The query's tokens as Oxigraph reads them, as ``(kind, text)``: ``iri``, ``var``,
    ``lang``, ``pname``, ``word`` (keywords, numbers) and ``other``; comments and string
    literals are skipped. Like Oxigraph (and unlike rdflib), unicode escapes count inside
    strings and IRIs only, so ``"\\u0022"`` does not end a string."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "skip" and not (m.lastgroup == "other" and m.group().isspace()):
            yield m.lastgroup or "other", m.group()


def _scan(text: str, *, updates: bool, where: str = "this endpoint") -> None:
    """The second layer of :func:`check_query`: refuse ``SERVICE`` in any bare word outside
    strings and comments, or a ``file:`` IRI (and, with ``updates``, an update keyword).

    "In any bare word", not "as a word": Oxigraph's parser needs no space between tokens, and
    runs ``?s ?p 1SERVICE <x> { }`` as ``?s ?p 1 . SERVICE <x> { }``; no SPARQL keyword has
    ``SERVICE`` inside it, so this refuses nothing a valid query needs."""
    for kind, token in query_tokens(text):
        if kind == "iri" and _is_file_iri(token[1:-1]):
            raise UnsafeQuery("a file: IRI", where)
        if kind != "word":
            continue
        keyword = token.upper()
        if "SERVICE" in keyword:
            raise UnsafeQuery("SERVICE (a federated query)", where)
        if updates and keyword in _UPDATE_KEYWORDS:
            raise ReadOnlyEndpoint(f"SPARQL Update ({keyword})", where)


def _is_file_iri(iri: str) -> bool:
    return _expand_unicode_escapes(iri).strip().lower().startswith("file:")


def _walk(node: object) -> Iterator[object]:
    """Every node of an rdflib SPARQL parse tree (CompValues, lists, terms), depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(dict.values(item))
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(list(item))


def _update_name(tree: object) -> str:
    """An operation of a parsed update, as its keywords ("INSERT DATA", "DROP", ...)."""
    for node in _walk(tree):
        name = getattr(node, "name", "")
        if name in ("InsertData", "DeleteData", "DeleteWhere", "Modify", "Load", "Clear", "Drop", "Create", "Add", "Move", "Copy"):
            return "DELETE/INSERT" if name == "Modify" else re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).upper()
    return "an update"


def _parse(text: str) -> tuple[str, object | None]:
    """rdflib's reading of the text: ``("query", tree)``, ``("update", tree)`` or
    ``("unknown", None)`` when rdflib parses it as neither."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return "query", parseQuery(text)
    except Exception:  # a ParseException, or a RecursionError on deep nesting
        pass
    try:
        return "update", parseUpdate(text)
    except Exception:
        return "unknown", None


def check_query(text: str, *, where: str = "this endpoint") -> None:
    """Refuse, before it runs, a query this endpoint must not run.

    Raises :class:`~kg.errors.ReadOnlyEndpoint` for SPARQL Update and
    :class:`~kg.errors.UnsafeQuery` for ``SERVICE`` and ``file:`` IRIs (``LOAD`` is an update).
    The structure comes from rdflib's parser (so ``"SERVICE"`` in a string literal is fine);
    a query rdflib cannot parse (Oxigraph knows a few things rdflib does not, such as
    ``LATERAL``) passes only if its tokens hold no ``SERVICE`` and no update keyword. The
    token scan runs on every query, so a disagreement between the two parsers cannot let a
    ``SERVICE`` through.
    """
    kind, tree = _parse(text)
    if kind == "update":
        raise ReadOnlyEndpoint(f"SPARQL Update ({_update_name(tree)})", where)
    for node in _walk(tree) if tree is not None else ():
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise UnsafeQuery("SERVICE (a federated query)", where)
        if isinstance(node, URIRef) and _is_file_iri(node):
            raise UnsafeQuery("a file: IRI", where)
    _scan(text, updates=kind == "unknown", where=where)


# --- content negotiation ------------------------------------------------------------

_R = ox.QueryResultsFormat
_G = ox.RdfFormat
#: Media types a client may ask for, in the server's order of preference; aliases map to one format.
RESULTS_MEDIA: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": _R.JSON, "application/sparql-results+xml": _R.XML,
    "text/csv": _R.CSV, "text/tab-separated-values": _R.TSV,
    "application/json": _R.JSON, "application/xml": _R.XML, "text/xml": _R.XML,
}  # fmt: skip
GRAPH_MEDIA: dict[str, ox.RdfFormat] = {
    "text/turtle": _G.TURTLE, "application/n-triples": _G.N_TRIPLES, "application/rdf+xml": _G.RDF_XML,
    "application/ld+json": _G.JSON_LD, "text/n3": _G.N3,
    "application/turtle": _G.TURTLE, "application/x-turtle": _G.TURTLE, "text/plain": _G.N_TRIPLES,
    "text/rdf+n3": _G.N3, "application/n3": _G.N3, "application/xml": _G.RDF_XML, "application/x-json+ld": _G.JSON_LD,
}  # fmt: skip
#: Short names for the ``format`` parameter (SPARQLWrapper sends these).
RESULTS_NAMES: dict[str, ox.QueryResultsFormat] = {"json": _R.JSON, "xml": _R.XML, "csv": _R.CSV, "tsv": _R.TSV}
GRAPH_NAMES: dict[str, ox.RdfFormat] = {
    "turtle": _G.TURTLE, "ttl": _G.TURTLE, "nt": _G.N_TRIPLES, "ntriples": _G.N_TRIPLES, "n-triples": _G.N_TRIPLES,
    "xml": _G.RDF_XML, "rdfxml": _G.RDF_XML, "rdf": _G.RDF_XML, "json": _G.JSON_LD, "jsonld": _G.JSON_LD,
    "json-ld": _G.JSON_LD, "n3": _G.N3,
}  # fmt: skip


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """An ``Accept`` header as ``(media range, q)`` pairs (malformed q values count as 0)."""
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers by ``Accept`` (the most specific matching range gives an
    offer its q; ties go to the first offer), the first offer if there is no header, None if
    the client accepts none of them."""
    ranges = _media_ranges(accept or "")
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        matches = [(2 if r == offer else 1 if r == f"{kind}/*" else 0, q) for r, q in ranges if r in (offer, f"{kind}/*", "*/*")]
        q = max(matches)[1] if matches else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


def choose_format(graph: bool, accept: str | None, formats: Sequence[str] = ()) -> ox.QueryResultsFormat | ox.RdfFormat:
    """The serialisation of a result (``graph``: CONSTRUCT/DESCRIBE triples, else solutions or
    a boolean): the ``format`` parameters (short names or media types, all naming one format)
    if given, else ``Accept``."""
    media = GRAPH_MEDIA if graph else RESULTS_MEDIA
    names = GRAPH_NAMES if graph else RESULTS_NAMES
    what = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
    chosen = set()
    for fmt in (f.strip().lower() for f in formats if f.strip()):
        if (found := names.get(fmt) or media.get(_media_type(fmt))) is None:
            raise NotAcceptable(f"format {fmt!r} is not available for {what} results; use one of: {', '.join(names)}")
        chosen.add(found)
    if len(chosen) > 1:
        raise NotAcceptable("the format parameters name different formats; give one")
    if chosen:
        return chosen.pop()
    offer = negotiate(accept, list(media))
    if offer is None:
        raise NotAcceptable(f"none of the accepted media types fits {what} results; this endpoint gives: {', '.join(media)}")
    return media[offer]


# --- answering one query (in a worker process) --------------------------------------


class _Enough(Exception):
    """Raised from inside pyoxigraph's writer to stop a serialisation (and the evaluation)."""


class _RowSink:
    """A binary sink for pyoxigraph's TSV writer that keeps the header line and the first
    ``max_rows`` solution lines and stops the writer (so the query) once it has more, or more
    than ``max_bytes``. TSV escapes line breaks in terms, so one line is one solution."""

    def __init__(self, max_rows: int, max_bytes: int) -> None:
        self.max_lines = max_rows + 1
        self.max_bytes = max_bytes
        self.data = bytearray()
        self.lines = 0

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines or len(self.data) > self.max_bytes:
            raise _Enough
        return len(chunk)

    def flush(self) -> None:
        pass

    def kept(self) -> tuple[bytes, bool]:
        """The whole lines kept (header included) and whether solutions were cut off."""
        data = bytes(self.data[: self.max_bytes + 1])
        end, lines = 0, 0
        while lines < self.max_lines:
            nl = data.find(b"\n", end)
            if nl < 0:
                break
            end, lines = nl + 1, lines + 1
        return data[:end], end < len(self.data)


def _solutions(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, limits: Limits) -> tuple[bytes, bool]:
    """SELECT solutions serialised by pyoxigraph, at most ``max_rows`` of them and about
    ``max_bytes``: written as TSV (lossless, one line a solution) into a sink that stops the
    query when it has enough, then parsed back and written in the asked format."""
    sink = _RowSink(limits.max_rows, limits.max_bytes)
    try:
        result.serialize(sink, format=_R.TSV)
    except _Enough:
        pass
    tsv, truncated = sink.kept()
    if not tsv:
        raise ResultTooLarge(f"the result's header alone is larger than {limits.max_bytes} bytes")
    if fmt is _R.TSV:
        return tsv, truncated
    parsed = ox.parse_query_results(tsv, format=_R.TSV)
    return parsed.serialize(format=fmt), truncated


def _triples(result: Iterable[ox.Triple], fmt: ox.RdfFormat, limits: Limits) -> tuple[bytes, bool]:
    """CONSTRUCT/DESCRIBE triples serialised by pyoxigraph, at most ``max_rows`` triples and
    about ``max_bytes`` (counted as N-Triples), the project prefixes declared."""
    cut = [False]

    def limited() -> Iterator[ox.Triple]:
        size = 0
        for n, triple in enumerate(result):
            size += len(str(triple)) + 3
            if n >= limits.max_rows or size > limits.max_bytes:
                cut[0] = True
                return
            yield triple

    if fmt in (_G.TURTLE, _G.N3, _G.RDF_XML):
        data = ox.serialize(limited(), format=fmt, prefixes=dict(PREFIXES))
    else:
        data = ox.serialize(limited(), format=fmt)
    return data or b"", cut[0]


def _render(result: object, job: Job, limits: Limits) -> Reply:
    """A query result as an HTTP reply in the negotiated format."""
    fmt = choose_format(isinstance(result, ox.QueryTriples), job.accept, job.formats)
    if isinstance(result, ox.QueryBoolean):
        body, truncated = result.serialize(format=fmt), False
    elif isinstance(result, ox.QueryTriples):
        body, truncated = _triples(result, fmt, limits)
    else:
        body, truncated = _solutions(result, fmt, limits)
    headers = ((TRUNCATED_HEADER, "true"), ("X-Geokg-Max-Rows", str(limits.max_rows))) if truncated else ()
    return Reply(200, fmt.media_type, body, headers)


_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def _user_lines(message: str, offset: int) -> str:
    """An Oxigraph error position made relative to the user's text (without the prefix lines)."""

    def shift(m: re.Match[str]) -> str:
        line = int(m.group(1))
        return f"error at {line - offset}:{m.group(2)}" if line > offset else m.group(0)

    return _ERROR_AT.sub(shift, message)


def answer(store: object, job: Job, limits: Limits) -> Reply:
    """The reply to one query: checked by :func:`check_query`, run with ``store.query`` (the
    union default graph, the project prefixes pre-declared), serialised within the limits.
    Never raises: every failure is a one-line error reply."""
    from .store import GraphStore

    try:
        check_query(job.query)
        return _render(store.query(job.query), job, limits)
    except ReadOnlyEndpoint as exc:
        return Reply.error(403, str(exc))
    except UnsafeQuery as exc:
        return Reply.error(400, str(exc))
    except BadQuery as exc:
        offset = sparql_prefixes().count("\n") if isinstance(store, GraphStore) else 0
        return Reply.error(400, _user_lines(str(exc), offset))
    except NotAcceptable as exc:
        return Reply.error(406, str(exc))
    except ResultTooLarge as exc:
        return Reply.error(413, str(exc))
    except GeokgError as exc:  # a remote store that failed: its address stays in the server log
        print(f"kg serve: {exc}", file=sys.stderr)
        return Reply.error(502, "the build's SPARQL server did not answer the query; see the server log")
    except Exception as exc:  # an evaluation error: the client gets one line, the server log the trace
        traceback.print_exc(file=sys.stderr)
        return Reply.error(500, f"the query failed while running ({type(exc).__name__}); see the server log")


# --- worker processes ---------------------------------------------------------------


def _worker_main(fd: int) -> None:
    """A worker process (``python -c``, see :class:`_Worker`): read the build directory and the
    limits from the connection on ``fd``, open the store read-only once, then answer jobs until
    told to stop (``None``) or until the server's end of the connection closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), name="kg-serve-orphan-watch", daemon=True).start()
    conn = Connection(fd)
    try:
        out_dir, limits, in_memory = conn.recv()
        importlib.import_module("rdflib.plugins.sparql.parser")  # builds the grammar now, not on the first query
        from .store import open_store

        store = open_store(out_dir, read_only=True)
        if in_memory:
            with store:
                store = store.memory_copy()
    except Exception as exc:
        conn.send(("error", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        return
    conn.send(("ready", None))
    with store:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            conn.send(answer(store, job, limits))


def _exit_when_orphaned(server_pid: int) -> None:
    """Exit once the server process is gone, even in the middle of a query (which could
    otherwise run for hours): pyoxigraph lets other threads run while it evaluates."""
    while os.getppid() == server_pid:
        time.sleep(1.0)
    os._exit(1)


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_WORKER_CODE = "import sys; from kg.serve import _worker_main; _worker_main(int(sys.argv[1]))"


class _Worker:
    """One worker process and the server's end of its connection.

    A fresh interpreter (not ``multiprocessing``'s fork, unsafe in a threaded server, nor its
    spawn, which re-runs the caller's main script) in a session of its own, so Ctrl-C reaches
    the server only; it exits by itself when the server's end closes, even if the server dies."""

    def __init__(self, out_dir: Path, limits: Limits, in_memory: bool = False) -> None:
        self.in_memory = in_memory
        self.baseline_mb = 0.0  # with the graph in memory: the worker's memory once loaded
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)  # the same kg as the server's
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                start_new_session=True, env=env,
            )  # fmt: skip
        self.conn = Connection(ours.detach())
        self.conn.send((str(out_dir), limits, in_memory))

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Block until the worker has opened the store; ServeFailed if it could not."""
        try:
            status, detail = self.conn.recv() if self.conn.poll(timeout) else ("error", f"no answer in {timeout:g} s")
        except (EOFError, OSError):
            status, detail = "error", f"it exited with code {self.process.wait()}"
        if status != "ready":
            self.kill()
            raise ServeFailed(f"a query worker did not start: {detail}")
        if self.in_memory:
            self.baseline_mb = self.memory_mb()

    def stop(self) -> None:
        """Ask the worker to exit; kill it if it has not within a second."""
        try:
            self.conn.send(None)
            self.process.wait(1.0)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def memory_mb(self) -> float:
        """The worker's resident memory in MB (0 where ``/proc`` does not say)."""
        try:
            pages = int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            return 0.0
        return pages * _PAGE_SIZE / 2**20

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()


class WorkerPool:
    """Worker processes that each hold the store open read-only; a query goes to an idle one,
    and one that runs past the time or memory limit is killed and replaced in the background."""

    def __init__(self, out_dir: Path, size: int, limits: Limits, in_memory: bool = False) -> None:
        self.out_dir = out_dir
        self.limits = limits
        self.in_memory = in_memory
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(out_dir, limits, in_memory) for _ in range(max(1, size))]
        try:
            for worker in started:
                worker.wait_ready()
        except ServeFailed:
            for worker in started:
                worker.kill()
            raise
        for worker in started:
            self._add(worker)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._live.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (timed out or broken) and start its replacement in the background."""
        with self._lock:
            self._live.discard(worker)
            closed = self._closed
        worker.kill()
        if not closed:
            threading.Thread(target=self._replace, name="kg-serve-respawn", daemon=True).start()

    def _replace(self) -> None:
        try:
            worker = _Worker(self.out_dir, self.limits, self.in_memory)
            worker.wait_ready()
        except ServeFailed as exc:
            print(f"kg serve: {exc}", file=sys.stderr)
            return
        self._add(worker)

    def run(self, job: Job) -> Reply:
        """The reply to a job from an idle worker, within the time and memory limits."""
        limits = self.limits
        try:  # a replacement worker may still be starting: allow for that, then give up
            worker = self._idle.get(timeout=limits.timeout + STARTUP_TIMEOUT)
        except queue.Empty:
            return Reply.error(503, "all query workers are busy; try again later")
        try:
            worker.conn.send(job)
            stopped = self._watch(worker)
            if stopped:
                self._retire(worker)
                return Reply.error(503, f"the query was stopped: {stopped}; narrow it down or add a LIMIT")
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker)
            return Reply.error(500, "the query's worker process died; the server goes on")
        self._idle.put(worker)
        return reply

    def _watch(self, worker: _Worker) -> str | None:
        """Wait for the worker's reply; why it must be stopped if it runs out of time or memory."""
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        while not worker.conn.poll(max(0.0, min(WATCH_INTERVAL, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                return f"it ran past the time limit of {limits.timeout:g} s (kg serve --timeout)"
            if worker.memory_mb() - worker.baseline_mb > limits.max_memory_mb:
                return f"it needed more than {limits.max_memory_mb} MB of memory (kg serve --max-memory)"
        return None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
        for worker in workers:
            worker.stop()


# --- HTTP -----------------------------------------------------------------------------

_FORM = "application/x-www-form-urlencoded"
_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"
_CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", f"{TRUNCATED_HEADER}, X-Geokg-Max-Rows"),
)
EXAMPLE_QUERY = """SELECT ?event ?label ?code WHERE {
  ?event a sem:Event ; rdfs:label ?label ; gk:cameoCode ?code .
}
ORDER BY ?code
LIMIT 20"""


def home_page(endpoint: str, title: str) -> str:
    """The page at ``/``: what this is, where the endpoint is, an example query to run."""
    e = html.escape
    prefixes = ", ".join(f"{p}:" for p in PREFIXES)
    example_link = endpoint + "?" + urlencode({"query": EXAMPLE_QUERY})
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}}
textarea{{width:100%;font:13px monospace}}code{{background:#f3f3f3}}</style></head>
<body><h1>{e(title)}</h1>
<p>Read-only SPARQL 1.1 endpoint: <code>{e(endpoint)}</code> (GET <code>?query=</code>, POST form or
<code>application/sparql-query</code>). The default graph is the union of all graphs;
<code>GRAPH ?g</code> reaches each article's graph. Pre-declared prefixes: {e(prefixes)}.</p>
<form action="{e(ENDPOINT_PATH)}" method="get">
<textarea name="query" rows="8">{e(EXAMPLE_QUERY)}</textarea>
<p><label>Results as <select name="format"><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option></select></label> <button type="submit">Run</button>
(or open <a href="{e(example_link)}">the example</a>)</p></form>
</body></html>
"""


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def _printable(text: str, limit: int = 300) -> str:
    """Text for the log: control characters escaped, long text cut."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Handler(BaseHTTPRequestHandler):
    """The endpoint's requests: ``/`` (a page), ``/sparql`` (queries), anything else 404."""

    server: _HTTPServer
    server_version = "geokg"
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s\n"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every reply on a kept-alive connection
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self) -> str:
        return self.server_version

    # --- methods
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(Reply(200, "text/html; charset=utf-8", self.server.page), cors=False)
        elif url.path == ENDPOINT_PATH:
            self._dispatch(self._params(url.query))
        else:
            self._send(Reply.error(404, f"not found: the SPARQL endpoint is {ENDPOINT_PATH}"), cors=False)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            self.close_connection = True
            self._send(Reply.error(404, f"not found: the SPARQL endpoint is {ENDPOINT_PATH}"), cors=False)
            return
        params = self._params(url.query)
        media = _media_type(self.headers.get("Content-Type"))
        if media == _SPARQL_UPDATE or "update" in params:
            self.close_connection = True
            self._send(Reply.error(403, str(ReadOnlyEndpoint("SPARQL Update"))))
            return
        if media not in (_FORM, _SPARQL_QUERY):
            self.close_connection = True
            self._send(Reply.error(415, f"unsupported Content-Type {media or '(none)'!r}; use {_FORM} or {_SPARQL_QUERY}"))
            return
        body = self._body()
        if body is None:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(Reply.error(400, "the request body is not UTF-8"))
            return
        if media == _FORM:
            for key, values in self._params(text).items():
                params.setdefault(key, []).extend(values)
        elif "query" in params:
            self._send(Reply.error(400, "give the query either in the body or as ?query=, not both"))
            return
        else:
            params["query"] = [text]
        self._dispatch(params)

    def do_OPTIONS(self) -> None:
        """CORS preflight."""
        self.send_response(204)
        for name, value in (
            *_CORS,
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Accept, Content-Type"),
            ("Access-Control-Max-Age", "86400"),
            ("Content-Length", "0"),
        ):
            self.send_header(name, value)
        self.end_headers()

    # --- parts
    @staticmethod
    def _params(query_string: str) -> dict[str, list[str]]:
        return parse_qs(query_string, keep_blank_values=True, max_num_fields=100)

    def _body(self) -> bytes | None:
        """The request body, or None after answering 411/413 (no length, or too long)."""
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self.close_connection = True
            self._send(Reply.error(411, "a POST needs a Content-Length"))
            return None
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            self._send(Reply.error(413, f"the request body is larger than {MAX_BODY_BYTES} bytes"))
            return None
        return self.rfile.read(int(length))

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        """Check the protocol parameters, run the query, send the reply."""
        if "update" in params:
            reply = Reply.error(403, str(ReadOnlyEndpoint("SPARQL Update")))
        elif "default-graph-uri" in params or "named-graph-uri" in params:
            reply = Reply.error(400, "default-graph-uri and named-graph-uri are not supported; use FROM / FROM NAMED in the query")
        elif len(params.get("query", [])) != 1:
            reply = Reply.error(400, "give exactly one query (the query parameter); see / for an example")
        elif len(params["query"][0]) > MAX_QUERY_CHARS:
            reply = Reply.error(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
        else:
            accept = self.headers.get("Accept", "")
            reply = self.server.run(Job(params["query"][0], accept, tuple(params.get("format", ()))))
        self._send(reply)

    def _send(self, reply: Reply, *, cors: bool = True) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if reply.content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        else:
            self.send_header("Vary", "Accept")
        for name, value in (*(_CORS if cors else ()), *reply.headers):
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} - [{self.log_date_time_string()}] {_printable(format % args)}\n")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, log: bool, max_waiting: int) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.pool: WorkerPool | None = None  # set once the workers run, before serving starts
        self.page = b""
        self.log = log
        self._waiting = threading.BoundedSemaphore(max_waiting)
        super().__init__(address, _Handler)

    def run(self, job: Job) -> Reply:
        """A job to the pool, unless too many are waiting already (503)."""
        if not self._waiting.acquire(blocking=False):
            return Reply.error(503, "too many queries waiting; try again later")
        try:
            assert self.pool is not None
            return self.pool.run(job)
        finally:
            self._waiting.release()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """The warning to print when the endpoint will be reachable from other machines."""
    if is_loopback(host):
        return None
    return (
        f"warning: listening on {host}, so other machines can query this graph; the endpoint has no "
        "authentication (it is read-only, with time and size limits)"
    )


class SparqlServer:
    """``kg serve``'s HTTP server and its query workers; a context manager that stops both."""

    def __init__(
        self,
        out_dir: Path | str,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        limits: Limits = Limits(),
        workers: int = DEFAULT_WORKERS,
        log: bool = True,
        in_memory: bool = False,
    ) -> None:
        from .store import open_store

        self.out_dir = Path(out_dir)
        with open_store(self.out_dir, read_only=True):  # a missing or broken store fails here, in one line
            pass
        try:  # bind first: a port in use fails before any worker starts
            self.httpd = _HTTPServer((host.strip("[]"), port), log=log, max_waiting=max(8, 16 * workers))
        except OSError as exc:
            raise ServeFailed(f"{host}:{port}: {exc.strerror or exc}") from exc
        try:
            self.pool = WorkerPool(self.out_dir, workers, limits, in_memory)
        except BaseException:
            self.httpd.server_close()
            raise
        self.httpd.pool = self.pool
        self.httpd.page = home_page(self.endpoint, f"geokg SPARQL endpoint: {self.out_dir.name}").encode("utf-8")

    @property
    def url(self) -> str:
        """The server's base URL, with the port actually bound (port 0 picks a free one)."""
        host, port = self.httpd.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"

    @property
    def endpoint(self) -> str:
        return self.url + ENDPOINT_PATH

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (from another thread)."""
        self.httpd.shutdown()

    def close(self) -> None:
        self.httpd.server_close()
        self.pool.close()

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _limits(timeout: float, max_rows: int, max_bytes: int, max_memory_mb: int) -> Limits:
    if timeout <= 0 or min(max_rows, max_bytes, max_memory_mb) < 1:
        raise ServeFailed("timeout, max_rows, max_bytes and max_memory_mb must be positive")
    return Limits(float(timeout), int(max_rows), int(max_bytes), int(max_memory_mb))


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """In the main thread, SIGTERM stops the server as Ctrl-C does (so workers are stopped)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(
    out_dir: Path | str,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    workers: int = DEFAULT_WORKERS,
    log: bool = True,
    on_ready: Callable[[str], None] | None = None,
    in_memory: bool = False,
) -> None:
    """Serve the build in ``out_dir`` at ``http://host:port/sparql`` until Ctrl-C or SIGTERM.

    ``on_ready(endpoint_url)`` is called once the server listens (the CLI prints it). With
    ``in_memory`` each worker answers from its own in-memory copy of the graph, loaded at
    start: about twice as fast on large graphs (an index lookup in memory instead of RocksDB),
    at the cost of the graph's size in memory per worker; the memory limit then counts what a
    query adds to that."""
    limits = _limits(timeout, max_rows, max_bytes, max_memory_mb)
    with SparqlServer(out_dir, host=host, port=port, limits=limits, workers=workers, log=log, in_memory=in_memory) as server:
        if on_ready is not None:
            on_ready(server.endpoint)
        with _sigterm_stops():
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass


@contextmanager
def running(
    out_dir: Path | str,
    *,
    host: str = DEFAULT_HOST,
    port: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    workers: int = DEFAULT_WORKERS,
    log: bool = False,
    in_memory: bool = False,
) -> Iterator[str]:
    """The endpoint served from a background thread while the block runs; yields its URL
    (``http://127.0.0.1:PORT/sparql``, a free port by default). For tests and notebooks::

        with running("out") as url:
            httpx.get(url, params={"query": "ASK { ?s ?p ?o }"})
    """
    limits = _limits(timeout, max_rows, max_bytes, max_memory_mb)
    with SparqlServer(out_dir, host=host, port=port, limits=limits, workers=workers, log=log, in_memory=in_memory) as server:
        thread = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
        thread.start()
        try:
            yield server.endpoint
        finally:
            server.shutdown()
            thread.join()
