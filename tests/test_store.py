"""Store: the embedded Oxigraph store, one named graph per article, queried as a union."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import BadQuery, StoreNotFound
from kg.extract import extract_events
from kg.graph import DocumentGraphs, document_graphs
from kg.merge import refresh
from kg.records import Document
from kg.resolve import resolve_events
from kg.store import GraphStore, write_atomically

BASE = "https://w3id.org/geokg/id/"
ACCUSATION = "Russia accused Ukraine of shelling Donetsk."
PRAISE = "Germany praised France for its support."
MEETING = "Russia met China in Beijing on Monday."


@pytest.fixture(scope="module")
def graphs_of(nlp):
    """graphs_of(doc_id, text) -> DocumentGraphs; each text is parsed once per module."""
    parsed: dict[str, object] = {}

    def run(doc_id: str, text: str) -> DocumentGraphs:
        if text not in parsed:
            parsed[text] = nlp(text)
        doc = Document(id=doc_id, text=text, published=date(2025, 6, 5))
        return document_graphs(doc, resolve_events(doc, extract_events(parsed[text], doc)))

    return run


def put(store: GraphStore, graphs: DocumentGraphs) -> int:
    """Store an article and bring the merged events up to date, as a build does."""
    n = store.put_document(graphs)
    refresh(store)
    return n


def event_labels(store: GraphStore) -> list[str]:
    return sorted(s["l"].value for s in store.query("SELECT ?l WHERE { ?e a sem:Event ; rdfs:label ?l }"))


def content_hash(text: str) -> str:
    return Document(id="x", text=text).content_hash


# --- documents ------------------------------------------------------------------------------
def test_graph_store_put_document_records_its_hash(graphs_of):
    store = GraphStore.in_memory()
    graphs = graphs_of("a", ACCUSATION)
    assert store.document_hash(graphs.doc_iri) is None
    assert put(store, graphs) > 0
    assert store.document_hash(graphs.doc_iri) == content_hash(ACCUSATION)
    assert store.documents() == [BASE + "doc/a"]


def test_graph_store_put_same_document_twice_same_quads(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    before = len(store)
    put(store, graphs_of("a", ACCUSATION))
    assert len(store) == before


def test_graph_store_changed_document_replaces_its_graph(graphs_of):
    store = GraphStore.in_memory()
    old = graphs_of("a", ACCUSATION)
    put(store, old)
    assert any("accused" in label for label in event_labels(store))
    put(store, graphs_of("a", PRAISE))
    assert store.document_hash(old.doc_iri) == content_hash(PRAISE)
    labels = event_labels(store)
    assert labels and all("praised" in label for label in labels)
    assert store.documents() == [BASE + "doc/a"]


def test_graph_store_changed_document_leaves_no_orphan_actors(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    put(store, graphs_of("a", PRAISE))
    actors = {s["a"].value for s in store.query("SELECT ?a WHERE { ?a a sem:Actor }")}
    assert actors == {BASE + "country/DEU", BASE + "country/FRA"}


def test_graph_store_document_with_hash_finds_the_article(graphs_of):
    store = GraphStore.in_memory()
    graphs = graphs_of("a", ACCUSATION)
    put(store, graphs)
    assert store.document_with_hash(content_hash(ACCUSATION)) == str(graphs.doc_iri)
    assert store.document_with_hash(content_hash(PRAISE)) is None


def test_graph_store_shared_actor_described_once(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    put(store, graphs_of("b", MEETING))
    rows = list(store.query("SELECT ?l WHERE { <%scountry/RUS> rdfs:label ?l }" % BASE))
    assert len(rows) == 1
    events = list(store.query("SELECT ?e WHERE { ?e a sem:Event ; gk:source <%scountry/RUS> }" % BASE))
    assert len(events) == 2


# --- queries ------------------------------------------------------------------------------
def test_graph_store_query_sees_the_union_as_default_graph(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    # the event is in the merge's graph, the actor's label in the article's
    rows = list(store.query("SELECT ?l WHERE { ?e a sem:Event ; gk:source ?s . ?s rdfs:label ?l }"))
    assert [r["l"].value for r in rows] == ["Russian Federation"]


def test_graph_store_graph_pattern_reaches_the_article_graph(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    put(store, graphs_of("b", PRAISE))
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a gk:Report } }")
    assert sorted(r["g"].value for r in rows) == [BASE + "doc/a", BASE + "doc/b"]
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a sem:Actor } }")  # each article describes its actors
    assert sorted(r["g"].value for r in rows) == [BASE + "doc/a", BASE + "doc/b"]
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a sem:Event } }")  # the merge's graphs
    assert {r["g"].value for r in rows} == {BASE + "graph/events/11", BASE + "graph/events/05"}


def test_graph_store_query_syntax_error_is_bad_query():
    with pytest.raises(BadQuery, match="SPARQL"):
        GraphStore.in_memory().query("SELEKT nothing")


def test_graph_store_triple_count_counts_the_union_once(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    put(store, graphs_of("b", MEETING))
    assert 0 < store.triple_count() <= len(store)
    assert store.triple_count() == len(store.load_graph())


# --- on disk ------------------------------------------------------------------------------
def test_graph_store_missing_store_says_build_first(tmp_path):
    with pytest.raises(StoreNotFound, match="kg build"):
        GraphStore(tmp_path)
    assert not (tmp_path / "store").exists()


def test_graph_store_read_only_open_can_query(tmp_path, graphs_of):
    with GraphStore(tmp_path, create=True) as store:
        put(store, graphs_of("a", ACCUSATION))
        quads = len(store)
    with GraphStore(tmp_path, read_only=True) as store:
        assert len(store) == quads
        assert any("accused" in label for label in event_labels(store))
        assert store.document_hash(store.ns.doc("a")) == content_hash(ACCUSATION)


def test_graph_store_persists_across_opens(tmp_path, graphs_of):
    with GraphStore(tmp_path, create=True) as store:
        put(store, graphs_of("a", ACCUSATION))
    with GraphStore(tmp_path) as store:
        put(store, graphs_of("b", PRAISE))
    with GraphStore(tmp_path, read_only=True) as store:
        assert store.documents() == [BASE + "doc/a", BASE + "doc/b"]


# --- files ----------------------------------------------------------------------------------
def test_write_atomically_replaces_content_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out" / "graph.ttl"
    write_atomically(target, "first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_write_atomically_failure_keeps_old_content_and_no_temp_file(tmp_path):
    target = tmp_path / "graph.ttl"
    write_atomically(target, "first")
    with pytest.raises(TypeError):
        write_atomically(target, object())  # neither str nor bytes: fails while writing
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.fixture(scope="module")
def two_articles(graphs_of):
    store = GraphStore.in_memory()
    put(store, graphs_of("a", ACCUSATION))
    put(store, graphs_of("b", MEETING))
    return store


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(ox.RdfFormat.TURTLE, "turtle"), (ox.RdfFormat.N_TRIPLES, "nt")])
def test_graph_store_dump_triples_parse_to_the_union(two_articles, fmt, rdflib_format):
    g = Graph().parse(data=two_articles.dump(fmt).decode("utf-8"), format=rdflib_format)
    assert len(g) == two_articles.triple_count()
    assert isomorphic(g, two_articles.load_graph())


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")  # rdflib's parser
def test_graph_store_dump_n_quads_keeps_a_graph_per_article(two_articles):
    ds = Dataset()
    ds.parse(data=two_articles.dump(ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    names = {str(g.identifier) for g in ds.graphs()}
    assert {BASE + "doc/a", BASE + "doc/b"} <= names
    assert any(n.startswith(BASE + "graph/events/") for n in names)  # the merged events
    assert len(list(ds.quads((None, None, None, None)))) == len(two_articles)


# --- large graphs, written in chunks -----------------------------------------------------------
def _named_and_union(store: GraphStore) -> tuple[set, set]:
    quads = list(store.store.quads_for_pattern(None, None, None, None))
    named = {q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    return named, union


def _built(graphs_of, texts: dict[str, str]) -> GraphStore:
    store = GraphStore.in_memory()
    for doc_id, text in texts.items():
        put(store, graphs_of(doc_id, text))
    return store


def test_graph_store_large_graphs_in_chunks_give_the_same_store(graphs_of, monkeypatch):
    """Graphs larger than WRITE_CHUNK (here every article's and every events graph) are
    written, replaced and dropped in several transactions, with the same quads and union as
    one transaction each gives."""
    import kg.store

    texts = {"a": ACCUSATION, "b": MEETING, "c": PRAISE}
    whole = _built(graphs_of, texts)
    monkeypatch.setattr(kg.store, "WRITE_CHUNK", 3)
    chunked = _built(graphs_of, texts)
    assert _named_and_union(chunked) == _named_and_union(whole)

    for store in (whole, chunked):  # an article changes, another goes
        put(store, graphs_of("a", ACCUSATION + " " + PRAISE))
        store.remove_document(BASE + "doc/b")
        refresh(store)
    named, union = _named_and_union(chunked)
    assert (named, union) == _named_and_union(whole)
    assert union == {ox.Triple(q.subject, q.predicate, q.object) for q in named}  # no orphan, nothing missing
    assert "Russia met China" not in " ".join(event_labels(chunked))


class _StopAfter:
    """A store whose ``extend`` (one transaction) fails after ``n`` calls, as a process killed then."""

    def __init__(self, store: ox.Store, n: int) -> None:
        self.store, self.n = store, n

    def extend(self, quads) -> None:
        if self.n == 0:
            raise KeyboardInterrupt
        self.n -= 1
        self.store.extend(quads)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


@pytest.mark.parametrize("transactions", [0, 1, 2])
def test_graph_store_large_events_graph_stopped_halfway_lacks_its_hash_and_is_rewritten(graphs_of, monkeypatch, transactions):
    import kg.store
    from kg.vocab import GK

    texts = {"a": ACCUSATION, "b": MEETING}
    clean = _built(graphs_of, texts)
    monkeypatch.setattr(kg.store, "WRITE_CHUNK", 4)
    store = GraphStore.in_memory()
    for doc_id, text in texts.items():
        store.put_document(graphs_of(doc_id, text))
    inner = store.store
    store.store = _StopAfter(inner, transactions)  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        refresh(store)
    store.store = inner
    def hashed(s: ox.Store) -> set:  # events graphs that say they are complete
        return {q.graph_name for q in s.quads_for_pattern(None, ox.NamedNode(str(GK.reportsHash)), None, None)} - {ox.DefaultGraph()}

    assert hashed(inner) < hashed(clean.store)
    refresh(store)  # the re-run finds the graph without its hash and writes it whole
    assert _named_and_union(store) == _named_and_union(clean)


def test_graph_store_dump_streams_to_a_file(two_articles, tmp_path):
    path = tmp_path / "graph.ttl"
    with path.open("wb") as fh:
        assert two_articles.dump(ox.RdfFormat.TURTLE, fh) is None
    assert isomorphic(Graph().parse(path, format="turtle"), two_articles.load_graph())
