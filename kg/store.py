"""Store: the embedded, persistent Oxigraph store of a build, one named graph per article.

rdflib is the graph API of the stages before this one; here the graphs become pyoxigraph quads
and go to disk. Each article is a named graph of its own (and so is each CAMEO root's share of
the merged events, see :mod:`kg.merge`); the default graph is their union, kept materialised
as a set: every triple of any named graph is in it once, and a triple leaves it when the last
graph stating it goes. (Oxigraph's ``use_default_graph_as_union`` would give a triple stated
by ten articles ten times, so that counting actors' events over their labels would count
each ten times.) Every change of a graph and of the union is one transaction, but for a graph
of more than :data:`~kg.config.WRITE_CHUNK` quads, written in transactions of that many, its
completion quad last (:meth:`GraphStore.replace_graph`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .config import FLUSH_QUADS, STORE_DIRNAME, WRITE_CHUNK
from .errors import BadQuery, StoreConflict, StoreLocked, StoreNotFound
from .graph import DocumentGraphs
from .iris import Ids, ids
from .vocab import GK, PREFIXES, sparql_prefixes

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = str(term.datatype) if term.datatype else _XSD_STRING
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store RDF term {term!r} of type {type(term).__name__}")


def quads(graph: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    name = ox.NamedNode(str(graph_name))
    for s, p, o in graph:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)


_DEFAULT = ox.DefaultGraph()
#: Predicates of the quad that says a graph is complete, written last (:meth:`GraphStore.replace_graph`).
COMPLETION = (ox.NamedNode(str(GK.contentHash)), ox.NamedNode(str(GK.reportsHash)))


def _triple_text(q: ox.Quad | ox.Triple) -> str:
    return f"{q.subject} {q.predicate} {q.object}"


#: What :func:`write_atomically` names its temporary files: ``.NAME.`` + 8 random characters + ``.tmp``.
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def write_atomically(path: Path, data: bytes | str | Callable[[BinaryIO], object]) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place: a reader
    (or a process killed halfway) sees the old file or the new one, never part of one. The
    file is synced before the rename, and readable by all as any written file (mkstemp's is
    private). ``data`` may be a function writing to the open binary file, so that a large
    output (a graph's Turtle) streams to disk instead of being built in memory first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_temporaries(directory: Path) -> list[Path]:
    """Delete the temporary files :func:`write_atomically` (and :func:`kg.viz.write_page`) left
    in ``directory`` when their process was killed before the rename; returns them. Only for
    the one process writing ``directory`` (a build holds its store's lock)."""
    left = sorted(p for p in directory.glob(".*.tmp") if _TEMPORARY.fullmatch(p.name) and p.is_file())
    for p in left:
        p.unlink(missing_ok=True)
    return left


class GraphStore:
    """A build's store: ``OUT_DIR/store`` (RocksDB through pyoxigraph)."""

    #: Quads written since the last flush (see :meth:`_written`).
    _unflushed = 0

    def __init__(self, out_dir: Path | str, *, create: bool = False, read_only: bool = False, ns: Ids | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / STORE_DIRNAME
        self.ns = ns or ids()
        self.read_only = read_only
        if not self.path.exists() and not create:
            raise StoreNotFound(self.out_dir)
        if create:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            raise StoreLocked(self.out_dir, str(exc).splitlines()[0]) from exc
        if not read_only and len(self.store) and next(self.store.quads_for_pattern(None, None, None, _DEFAULT), None) is None:
            self.rebuild_union()  # written by a geokg that kept no union graph

    @classmethod
    def in_memory(cls, ns: Ids | None = None) -> GraphStore:
        self = cls.__new__(cls)
        self.out_dir = Path(".")
        self.path = Path(":memory:")
        self.ns = ns or ids()
        self.read_only = False
        self.store = ox.Store()
        return self

    def memory_copy(self) -> GraphStore:
        """A read-only in-memory copy of the whole graph (every named graph and the union), for
        answering many queries fast: a lookup in memory costs a fraction of one in RocksDB."""
        copy = GraphStore.in_memory(self.ns)
        copy.store.bulk_load(self.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        copy.read_only = True
        return copy

    @property
    def location(self) -> str:
        """Where the graph is: the store's folder (or a server's URL, see :mod:`kg.remote`)."""
        return str(self.path)

    # --- documents ------------------------------------------------------------------
    def document_hash(self, doc_iri: URIRef) -> str | None:
        """The content hash recorded for an article, or None if it is not in the store."""
        node = ox.NamedNode(str(doc_iri))
        for q in self.store.quads_for_pattern(node, ox.NamedNode(str(GK.contentHash)), None, node):
            return q.object.value
        return None

    def document_with_hash(self, content_hash: str) -> str | None:
        """The IRI of an article already stored with this exact text, if any."""
        lit = ox.Literal(content_hash)
        for q in self.store.quads_for_pattern(None, ox.NamedNode(str(GK.contentHash)), lit, None):
            return q.subject.value
        return None

    def put_document(self, graphs: DocumentGraphs) -> int:
        """Add or replace an article's named graph; returns quads written.

        One transaction: the article appears whole, with its triples in the union, or (after
        a crash) not at all, and a re-run adds it again. The events derived from the reports
        are brought up to date by :func:`kg.merge.refresh`.
        """
        content_hash = str(GK.contentHash)
        batch = sorted(quads(graphs.article, graphs.doc_iri), key=lambda q: q.predicate.value == content_hash)
        self.replace_graph(graphs.doc_iri, batch)  # the hash last: it says the article is stored whole
        return len(batch)

    def replace_graph(self, name: URIRef | str, batch: Iterable[ox.Quad]) -> None:
        """Make the named graph ``name`` hold exactly ``batch`` (quads in that graph), and keep
        the union default graph in step.

        ``batch``'s last quad is written last: callers put there the quad saying the graph is
        complete (an article's content hash, an events graph's reports hash, see
        :data:`COMPLETION`). A graph of up to :data:`~kg.config.WRITE_CHUNK` quads (every
        article's) is replaced in one transaction. A larger one (the events of a CAMEO root
        over a large corpus) is written in transactions of that many quads as ``batch`` (any
        iterable) yields them, so that memory does not grow with it: the old graph's
        completion quad goes first, the new one's last, so that a process stopped halfway
        leaves a graph without it, which the re-run writes again. A store taking a graph in
        several requests (:mod:`kg.remote`) relies on the same order."""
        graph = ox.NamedNode(str(name))
        pending = iter(batch)
        head = list(islice(pending, WRITE_CHUNK + 1))
        old_head = list(islice(self.store.quads_for_pattern(None, None, None, graph), WRITE_CHUNK + 1))
        if len(head) <= WRITE_CHUNK and len(old_head) <= WRITE_CHUNK:
            self._replace_small(graph, head, old_head)
            self._written(len(head))
            return
        if old_head:
            self._clear_graph(graph)
        chunk = head
        while chunk:
            union = [ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in chunk]
            self.store.extend(chunk[:-1] + union + chunk[-1:])
            self._written(len(chunk))
            chunk = list(islice(pending, WRITE_CHUNK))

    def _written(self, quads: int) -> None:
        """Flush every :data:`~kg.config.FLUSH_QUADS` quads written: RocksDB holds what it is
        written in memory until flushed, so a build's memory would grow with its corpus
        (1.2 GB after 1.2M quads unflushed; flushed, it stays flat and writes faster)."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_QUADS:
            self.flush()
            self._unflushed = 0

    def _replace_small(self, graph: ox.NamedNode, batch: list[ox.Quad], old_quads: list[ox.Quad]) -> None:
        """:meth:`replace_graph` in one transaction."""
        if not old_quads:  # a new graph: one bulk transaction
            union = [ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in batch]
            self.store.extend(batch[:-1] + union + batch[-1:])
            return
        old = {ox.Triple(q.subject, q.predicate, q.object) for q in old_quads}
        new = {ox.Triple(q.subject, q.predicate, q.object) for q in batch}
        orphans = [t for t in old - new if not self._stated_elsewhere(t, graph)]
        parts = []
        if orphans:
            parts.append("DELETE DATA {\n" + " .\n".join(_triple_text(t) for t in orphans) + " }")
        parts.append(f"DROP SILENT GRAPH {graph}")
        if batch:
            body = " .\n".join(_triple_text(q) for q in batch)
            parts.append(f"INSERT DATA {{\n{body} .\nGRAPH {graph} {{\n{body} }} }}")
        self.store.update(" ;\n".join(parts))

    def _clear_graph(self, graph: ox.NamedNode) -> None:
        """Empty a large named graph, and take from the union what no other graph states, in
        transactions of :data:`~kg.config.WRITE_CHUNK` quads, its completion quads first."""
        done = [q for p in COMPLETION for q in self.store.quads_for_pattern(None, p, None, graph)]
        done = done or list(islice(self.store.quads_for_pattern(None, None, None, graph), WRITE_CHUNK))
        while done:
            orphans = [q for q in done if not self._stated_elsewhere(ox.Triple(q.subject, q.predicate, q.object), graph)]
            text = "DELETE DATA {\n" + "".join(f"{_triple_text(t)} .\n" for t in orphans)
            text += f"GRAPH {graph} {{\n" + " .\n".join(_triple_text(q) for q in done) + " } }"
            self.store.update(text)
            done = list(islice(self.store.quads_for_pattern(None, None, None, graph), WRITE_CHUNK))

    def _stated_elsewhere(self, t: ox.Triple, graph: ox.NamedNode) -> bool:
        """Whether a named graph other than ``graph`` states the triple."""
        return any(
            q.graph_name != graph and not isinstance(q.graph_name, ox.DefaultGraph)
            for q in self.store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        )

    def drop_graph(self, name: URIRef | str) -> None:
        self.replace_graph(name, [])

    def rebuild_union(self) -> int:
        """Recompute the union default graph from the named graphs (for a store written by a
        geokg that kept no union); returns its size."""
        self.store.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return self.union_size()

    def union_size(self) -> int:
        return int(next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)

    def remove_document(self, doc_iri: URIRef | str) -> bool:
        """Drop an article's named graph and its share of the union (one transaction); False if
        it is not in the store."""
        if self.document_hash(URIRef(str(doc_iri))) is None:
            return False
        self.drop_graph(doc_iri)
        return True

    def find_document(self, ref: str) -> str | None:
        """The IRI of a stored article given its id, its IRI or its content hash (or a prefix of
        the hash of at least 12 characters, when only one article has it)."""
        for iri in (ref, str(self.ns.doc(ref))):
            try:
                if self.document_hash(URIRef(iri)) is not None:
                    return iri
            except ValueError:  # not an IRI ("a1" is an id)
                continue
        if len(ref) >= 12 and all(c in "0123456789abcdef" for c in ref.lower()):
            found = [
                q.subject.value
                for q in self.store.quads_for_pattern(None, ox.NamedNode(str(GK.contentHash)), None, None)
                if q.object.value.startswith(ref.lower())
            ]
            if len(set(found)) == 1:
                return found[0]
        return None

    def documents(self) -> list[str]:
        return sorted(
            q.subject.value
            for q in self.store.quads_for_pattern(None, ox.NamedNode(str(GK.contentHash)), None, _DEFAULT)
        )

    # --- reading --------------------------------------------------------------------
    def query(self, sparql: str, *, add_prefixes: bool = True):
        """Run a SPARQL query whose default graph is the union of all graphs (known prefixes
        pre-declared); ``GRAPH ?g`` reaches each article's own."""
        text = sparql_prefixes() + sparql if add_prefixes else sparql
        try:
            return self.store.query(text)
        except SyntaxError as exc:
            raise BadQuery(str(exc).splitlines()[0]) from exc
        except OSError as exc:
            raise BadQuery(str(exc).splitlines()[0]) from exc

    def __len__(self) -> int:
        """Number of quads in the named graphs (a triple counted once per graph stating it)."""
        return len(self.store) - self.union_size()

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        return self.union_size()

    def union_triples(self) -> Iterator[ox.Triple]:
        for q in self.store.quads_for_pattern(None, None, None, _DEFAULT):
            yield ox.Triple(q.subject, q.predicate, q.object)

    def _named_quads(self) -> Iterator[ox.Quad]:
        return (q for q in self.store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))

    def dump(self, fmt: ox.RdfFormat, output: BinaryIO | None = None) -> bytes | None:
        """The store serialised: triples formats get the union graph, quad formats every graph.
        With ``output`` (a binary file) it is written there as it is read, and None returned."""
        prefixes = dict(PREFIXES)
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # the named graphs (the union is theirs)
            if fmt is ox.RdfFormat.TRIG:
                return ox.serialize(self._named_quads(), output, format=fmt, prefixes=prefixes)
            return ox.serialize(self._named_quads(), output, format=fmt)
        if fmt is ox.RdfFormat.N_TRIPLES:
            return ox.serialize(self.union_triples(), output, format=fmt)
        return ox.serialize(self.union_triples(), output, format=fmt, prefixes=prefixes)

    def load_graph(self) -> Graph:
        """The union graph as an rdflib Graph (for small graphs, tests and round trips)."""
        from .vocab import bind_prefixes

        g = bind_prefixes(Graph())
        g.parse(data=self.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return g

    def flush(self) -> None:
        if not self.read_only:
            self.store.flush()

    def close(self) -> None:
        self.flush()
        del self.store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def add_documents(store: GraphStore, graphs: Iterable[DocumentGraphs]) -> int:
    return sum(store.put_document(g) for g in graphs)


#: In a build directory whose graph lives on a SPARQL server: the server's address.
REMOTE_CONFIG = "store.json"


def open_store(out_dir: Path | str, *, url: str | None = None, create: bool = False, read_only: bool = False, ns: Ids | None = None):
    """The store of the build in ``out_dir``: the embedded one in ``OUT/store``, or, with
    ``url`` (or when ``OUT/store.json`` names one, as ``kg build --store URL`` writes), a
    SPARQL 1.1 server. Both have the same methods, so every command works on either."""
    import json

    out_dir = Path(out_dir)
    config = out_dir / REMOTE_CONFIG
    saved = json.loads(config.read_text(encoding="utf-8")).get("url") if config.is_file() else None
    if url and saved and url != saved:
        raise StoreConflict(out_dir, f"its graph is on {saved}, not {url}")
    if url and (out_dir / STORE_DIRNAME).exists():
        raise StoreConflict(out_dir, f"it has an embedded store ({out_dir / STORE_DIRNAME}); build into another directory")
    url = url or saved
    if url:
        from .remote import RemoteStore

        return RemoteStore(url, out_dir, create=create, read_only=read_only, ns=ns)
    return GraphStore(out_dir, create=create, read_only=read_only, ns=ns)
