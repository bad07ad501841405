"""A build whose graph lives on a SPARQL 1.1 server (``kg build --store URL``).

:class:`RemoteStore` is a :class:`kg.store.GraphStore` whose pyoxigraph ``Store`` is replaced by
:class:`SparqlClient`, an object with the few methods of ``pyoxigraph.Store`` that geokg uses
(``query``, ``update``, ``extend``, ``quads_for_pattern``, ``__len__``), spoken over HTTP:

- reads go through the SPARQL 1.1 Protocol (``URL/query``); results come back as SPARQL JSON
  (or N-Triples for CONSTRUCT/DESCRIBE) and are parsed by pyoxigraph into the same objects a
  local query returns, so every command (query, stats, export, viz, validate, merge) works on
  either store unchanged;
- writes go through SPARQL 1.1 Update (``URL/update``): an article's graph and its share of the
  union default graph in ONE request, which the server applies as one transaction (the Graph
  Store Protocol has no request that writes two graphs at once, and a crash between two
  requests would leave the union out of step);
- whole graphs are read back with the Graph Store Protocol (``URL/store?graph=…``, or
  ``?default``) for dumps (``graph.ttl``, ``kg export``).

The endpoints default to the layout of Oxigraph's server (``/query``, ``/update``, ``/store``);
other servers are named endpoint by endpoint (Fuseki: ``--store http://host:3030/ds`` with
``--store-data http://host:3030/ds/data``). geokg keeps the union of all graphs in the default
graph itself, as it does locally: run the server WITHOUT a union-default-graph option, or every
triple would be counted once per graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from .errors import BadQuery, RemoteStoreError, StoreNotFound
from .iris import Ids, ids
from .store import REMOTE_CONFIG, GraphStore, write_atomically

_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_NQUADS = "application/n-quads"
#: Quads per Update request when a batch is large (one request stays one transaction up to here).
UPDATE_BATCH = 50_000


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a SPARQL server takes queries, updates and Graph Store Protocol requests."""

    url: str  # the base given to --store
    query: str
    update: str
    data: str

    @classmethod
    def of(cls, url: str, *, query: str | None = None, update: str | None = None, data: str | None = None) -> Endpoints:
        base = url.rstrip("/")
        for suffix in ("/query", "/sparql"):  # given the query endpoint itself
            if base.endswith(suffix) and query is None:
                query, base = base, base[: -len(suffix)]
        return cls(url, query or f"{base}/query", update or f"{base}/update", data or f"{base}/store")


class SparqlClient:
    """The pyoxigraph ``Store`` methods geokg uses, over the SPARQL 1.1 Protocol, Update and
    Graph Store Protocol of a server."""

    def __init__(self, endpoints: Endpoints, *, timeout: float = 60.0, read_only: bool = False) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        self.http = httpx.Client(timeout=timeout, headers={"User-Agent": "geokg"})

    # --- the wire -------------------------------------------------------------------
    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise RemoteStoreError(self.endpoints.url, f"{type(exc).__name__}: {exc}") from None
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:300] or response.reason_phrase
            if response.status_code == 400:
                raise BadQuery(f"{url}: {detail}")
            raise RemoteStoreError(self.endpoints.url, f"HTTP {response.status_code} from {url}: {detail}")
        return response

    def query(self, sparql: str, *, use_default_graph_as_union: bool = False):
        """A query's results as pyoxigraph objects (``QuerySolutions``, ``QueryBoolean`` or
        ``QueryTriples``), as ``pyoxigraph.Store.query`` gives them. The default graph is
        already the union (geokg keeps it so), whatever ``use_default_graph_as_union`` says."""
        response = self._send(
            "POST", self.endpoints.query, content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": f"{_JSON}, {_NTRIPLES};q=0.9, text/turtle;q=0.8"},
        )  # fmt: skip
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind in (_JSON, "application/json"):
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        fmt = ox.RdfFormat.N_TRIPLES if kind == _NTRIPLES else ox.RdfFormat.TURTLE
        # CONSTRUCT/DESCRIBE: back into a local store, so that the caller gets QueryTriples
        local = ox.Store()
        local.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in ox.parse(response.content, fmt))
        return local.query("CONSTRUCT WHERE { ?s ?p ?o }")

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise RemoteStoreError(self.endpoints.url, "opened read-only; refusing to write")
        self._send("POST", self.endpoints.update, content=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})  # fmt: skip

    def get_graph(self, name: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Triple]:
        """A whole graph by the Graph Store Protocol (N-Triples)."""
        params = {"default": ""} if isinstance(name, ox.DefaultGraph) else {"graph": name.value}
        response = self._send("GET", self.endpoints.data, params=params, headers={"Accept": _NTRIPLES})
        yield from ox.parse(response.content, ox.RdfFormat.N_TRIPLES)

    # --- pyoxigraph.Store's methods ------------------------------------------------
    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads: one INSERT DATA request (one transaction) per batch of
        :data:`UPDATE_BATCH` quads."""
        batch: list[ox.Quad] = []
        for q in quads:
            batch.append(q)
            if len(batch) >= UPDATE_BATCH:
                self.update(insert_data(batch))
                batch = []
        if batch:
            self.update(insert_data(batch))

    bulk_extend = extend

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:  # noqa: A002
        """The quads matching a pattern (None: any), as ``pyoxigraph.Store.quads_for_pattern``:
        ``graph_name`` None is every graph, the default one included."""
        # a pyoxigraph term's str() is its N-Triples form, which SPARQL reads as is
        s, p, o = (str(t) if t is not None else v for t, v in ((subject, "?s"), (predicate, "?p"), (object, "?o")))
        triple = f"{s} {p} {o}"
        if graph_name is None:
            where, g = f"{{ {triple} }} UNION {{ GRAPH ?g {{ {triple} }} }}", "?g"
        elif isinstance(graph_name, ox.DefaultGraph):
            where, g = triple, None
        else:
            where, g = f"GRAPH {graph_name} {{ {triple} }}", None
        for row in self.query(f"SELECT * WHERE {{ {where} }}"):
            graph = graph_name if g is None else (row["g"] if row["g"] is not None else ox.DefaultGraph())
            yield ox.Quad(
                subject if subject is not None else row["s"],
                predicate if predicate is not None else row["p"],
                object if object is not None else row["o"],
                graph,
            )

    def named_graphs(self) -> list[ox.NamedNode]:
        return [row["g"] for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")]

    def __len__(self) -> int:
        """Quads in every graph, the default one included (as ``len(pyoxigraph.Store)``)."""
        q = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        return int(next(iter(self.query(q)))["n"].value)

    def flush(self) -> None:
        """Nothing to flush: the server has applied each request when it answered."""

    def close(self) -> None:
        self.http.close()


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """A SPARQL ``INSERT DATA`` of quads, grouped by graph."""
    by_graph: dict[ox.NamedNode | ox.DefaultGraph, list[str]] = defaultdict(list)
    for q in quads:
        by_graph[q.graph_name].append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for graph, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}")
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


class RemoteStore(GraphStore):
    """A build's graph on a SPARQL server; the build directory keeps the outputs and
    ``store.json`` (the server's endpoints), so later commands on it find the server."""

    def __init__(
        self,
        url: str,
        out_dir: Path | str,
        *,
        create: bool = False,
        read_only: bool = False,
        ns: Ids | None = None,
        query: str | None = None,
        update: str | None = None,
        data: str | None = None,
    ) -> None:
        self.out_dir = Path(out_dir)
        config = self.out_dir / REMOTE_CONFIG
        saved = json.loads(config.read_text(encoding="utf-8")) if config.is_file() else {}
        if saved.get("url") == url:  # the endpoints recorded by the build, unless given anew
            query, update, data = query or saved.get("query"), update or saved.get("update"), data or saved.get("data")
        self.endpoints = Endpoints.of(url, query=query, update=update, data=data)
        self.path = Path(self.endpoints.url)  # type: ignore[assignment]  # shown as the store's location
        self.ns = ns or ids()
        self.read_only = read_only
        self.store = SparqlClient(self.endpoints, read_only=read_only)  # type: ignore[assignment]
        self.store.query("ASK { ?s ?p ?o }")  # reachable, and a SPARQL endpoint
        if create:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            write_atomically(config, json.dumps(asdict(self.endpoints), indent=2) + "\n")
        elif not config.is_file() and not self.documents():
            raise StoreNotFound(f"{self.out_dir} (store {url})")

    @property
    def location(self) -> str:
        return self.endpoints.url

    # what GraphStore.dump serialises, each graph fetched whole by the Graph Store Protocol
    def _named_quads(self) -> Iterator[ox.Quad]:
        client: SparqlClient = self.store  # type: ignore[assignment]
        return (ox.Quad(t.subject, t.predicate, t.object, g) for g in client.named_graphs() for t in client.get_graph(g))

    def union_triples(self) -> Iterator[ox.Triple]:
        client: SparqlClient = self.store  # type: ignore[assignment]
        return client.get_graph(ox.DefaultGraph())

    def close(self) -> None:
        self.store.close()  # type: ignore[union-attr]
