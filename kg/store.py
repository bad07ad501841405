"""Store: the embedded, persistent Oxigraph store of a build, one named graph per article.

rdflib is the graph API of the stages before this one; here the graphs become pyoxigraph quads
and go to disk. Queries see the union of all graphs as their default graph.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .config import STORE_DIRNAME
from .errors import BadQuery, StoreLocked, StoreNotFound
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


def write_atomically(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class GraphStore:
    """A build's store: ``OUT_DIR/store`` (RocksDB through pyoxigraph)."""

    def __init__(self, out_dir: Path | str, *, create: bool = False, read_only: bool = False, ns: Ids | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / STORE_DIRNAME
        self.ns = ns or ids()
        self.read_only = read_only
        if not self.path.exists() and not create:
            raise StoreNotFound(self.out_dir)
        try:
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            raise StoreLocked(self.out_dir, str(exc).splitlines()[0]) from exc

    @classmethod
    def in_memory(cls, ns: Ids | None = None) -> GraphStore:
        self = cls.__new__(cls)
        self.out_dir = Path(".")
        self.path = Path(":memory:")
        self.ns = ns or ids()
        self.read_only = False
        self.store = ox.Store()
        return self

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
        """Replace an article's named graph and add its entities; returns quads written.

        A new article is added with one ``extend`` call; a changed one is dropped and re-added
        in one SPARQL update. Either way it is one transaction: the article appears whole, or
        (after a crash) not at all, and a re-run adds it again.
        """
        batch = list(quads(graphs.entities, self.ns.entities_graph()))
        batch.extend(quads(graphs.article, graphs.doc_iri))
        if self.document_hash(graphs.doc_iri) is None:
            self.store.extend(batch)
        else:
            body = " .\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in batch)
            self.store.update(f"DROP SILENT GRAPH {ox.NamedNode(str(graphs.doc_iri))} ;\nINSERT DATA {{\n{body} }}")
        return len(batch)

    def documents(self) -> list[str]:
        return sorted(
            q.subject.value
            for q in self.store.quads_for_pattern(None, ox.NamedNode(str(GK.contentHash)), None, None)
        )

    # --- reading --------------------------------------------------------------------
    def query(self, sparql: str, *, add_prefixes: bool = True):
        """Run a SPARQL query over the union of all graphs (known prefixes pre-declared)."""
        text = sparql_prefixes() + sparql if add_prefixes else sparql
        try:
            return self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise BadQuery(str(exc).splitlines()[0]) from exc
        except OSError as exc:
            raise BadQuery(str(exc).splitlines()[0]) from exc

    def __len__(self) -> int:
        """Number of quads (triples counted once per named graph)."""
        return len(self.store)

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        rows = self.store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            use_default_graph_as_union=True,
        )
        return int(next(iter(rows))["n"].value)

    def union_triples(self) -> ox.QueryTriples:
        return self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The store serialised: triples formats get the union graph, quad formats every graph."""
        prefixes = dict(PREFIXES)
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            return self.store.dump(format=fmt, prefixes=prefixes) if fmt is ox.RdfFormat.TRIG else self.store.dump(format=fmt)
        triples = self.union_triples()
        if fmt is ox.RdfFormat.N_TRIPLES:
            return ox.serialize(triples, format=fmt)
        return ox.serialize(triples, format=fmt, prefixes=prefixes)

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
