"""End to end: the seed article through ingest → … → store and the build outputs."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.pipeline import build
from kg.store import GraphStore

SOURCE_UKR_PRESIDENT_TARGET_TRUMP = """
SELECT ?event ?label WHERE {
  ?event a sem:Event ; rdfs:label ?label ; gk:source ?s ; gk:target ?t .
  ?s gk:country/gk:isoCode "UKR" ; gk:sector "GOV" ; rdfs:label ?sname .
  ?t rdfs:label ?tname .
  FILTER(CONTAINS(?sname, "Zelensky") && CONTAINS(?tname, "Trump"))
}
"""


def test_build_writes_every_output(seed_build):
    out, report = seed_build
    for name in ("graph.ttl", "graph.html", "events.csv", "report.json"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "store").is_dir()
    assert report.documents_added == 1 and report.exit_code == 0


def test_build_seed_has_ukrainian_president_accusing_trump(seed_store):
    rows = list(seed_store.query(SOURCE_UKR_PRESIDENT_TARGET_TRUMP))
    assert rows, "no event from Ukraine's president to Trump"
    codes = {
        sol["c"].value
        for sol in seed_store.query(
            "SELECT ?c WHERE { ?e gk:cameoCode ?c ; gk:source/gk:country/gk:isoCode 'UKR' ; "
            "gk:target/gk:country/gk:isoCode 'USA' }"
        )
    }
    assert any(c.startswith("11") for c in codes), codes


def test_build_events_have_evidence_offsets_into_the_article(seed_store, seeds_dir):
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    rows = list(
        seed_store.query(
            "SELECT ?a ?b ?e WHERE { ?x a sem:Event ; gk:evidence ?m . ?m gk:role 'trigger' ; "
            "nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e }"
        )
    )
    assert len(rows) >= 10
    for sol in rows:
        assert text[int(sol["b"].value) : int(sol["e"].value)] == sol["a"].value


def test_build_twice_changes_nothing(seed_build, seeds_dir):
    out, first = seed_build
    before = (out / "graph.ttl").read_bytes()
    again = build([seeds_dir], out, progress=False)
    assert again.documents_unchanged == 1 and again.documents_added == 0
    assert again.triples == first.triples and again.quads == first.quads
    assert (out / "graph.ttl").read_bytes() == before


def test_build_same_text_under_another_name_is_a_duplicate(tmp_path, seeds_dir):
    seed = next(seeds_dir.glob("*.txt"))
    shutil.copy(seed, tmp_path / "a.txt")
    shutil.copy(seed, tmp_path / "b.txt")
    report = build([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out", progress=False, html=False)
    assert report.documents_added == 1 and report.documents_duplicate == 1


def test_build_graph_ttl_round_trips_isomorphic(seed_build, seed_store):
    from_file = Graph().parse(seed_build[0] / "graph.ttl", format="turtle")
    assert len(from_file) == seed_store.triple_count()
    assert isomorphic(from_file, seed_store.load_graph())


def test_document_graphs_round_trip_through_rdflib_turtle(nlp, seeds_dir):
    from kg.extract import extract_events
    from kg.graph import document_graphs
    from kg.ingest import read_inputs
    from kg.resolve import resolve_events

    doc = next(iter(read_inputs([seeds_dir])))
    graphs = document_graphs(doc, resolve_events(doc, extract_events(nlp(doc.text), doc)))
    for g in (graphs.article,):
        again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
        assert len(g) > 0 and isomorphic(g, again)


def test_build_article_statements_live_in_the_article_named_graph(seed_store):
    graphs = {str(q.graph_name) for q in seed_store.store.quads_for_pattern(None, None, None, None)}
    assert "<https://w3id.org/geokg/id/doc/000_033be43c37c18d32>" in graphs
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    doc = ox.NamedNode("https://w3id.org/geokg/id/doc/000_033be43c37c18d32")
    reports = list(seed_store.store.quads_for_pattern(None, rdf_type, ox.NamedNode("https://w3id.org/geokg/ontology#Report"), doc))
    assert len(reports) >= 10
    # the events derived from them live in the merge's graphs, one per CAMEO root
    events = list(seed_store.store.quads_for_pattern(None, rdf_type, ox.NamedNode("http://semanticweb.cs.vu.nl/2009/11/sem/Event"), None))
    named = {str(q.graph_name) for q in events if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert named and all(g.startswith("<https://w3id.org/geokg/id/graph/events/") for g in named)


def test_build_html_loads_nothing_remote(seed_build):
    import re

    html = (seed_build[0] / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", html, re.I)


def test_build_events_csv_has_one_row_per_event(seed_build, seed_store):
    import csv

    with open(seed_build[0] / "events.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    n = int(next(iter(seed_store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }")))["n"].value)
    assert len(rows) == n
    assert {r["EventCode"] for r in rows} and all(r["EventCode"].isdigit() for r in rows)


def test_build_report_json_counts_what_was_done(seed_build):
    report = json.loads((seed_build[0] / "report.json").read_text())
    assert report["documents_read"] == 1 and report["failed"] == []
    assert report["events_total"] >= 10 and report["triples"] > 100
    assert report["exit_code"] == 0 and "total_s" in report["timings"]


def test_build_bad_inputs_are_named_and_the_rest_is_built(tmp_path, seeds_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(next(seeds_dir.glob("*.txt")), inputs / "seed.txt")
    (inputs / "empty.txt").write_text("")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (inputs / "latin1.txt").write_bytes("Caf\xe9 in Kyiv".encode("latin-1"))
    (inputs / "feed.jsonl").write_text(
        '{"id": "good-1", "text": "Russia accused Ukraine of shelling Donetsk.", "published": "2024-05-01"}\n'
        "{not json\n",
        encoding="utf-8",
    )
    seen = []
    report = build([inputs], tmp_path / "out", progress=False, html=False, on_error=seen.append)
    failed = {f["document"]: f["reason"] for f in report.failed}
    assert any(k.endswith("empty.txt") for k in failed)
    assert any(k.endswith("binary.txt") for k in failed)
    assert any(k.endswith("latin1.txt") for k in failed)
    assert any(k.endswith("feed.jsonl:2") for k in failed)
    assert len(seen) == 4 and all("\n" not in str(e) for e in seen)
    assert report.documents_added == 2 and report.exit_code == 2
    with GraphStore(tmp_path / "out", read_only=True) as store:
        docs = store.documents()
    assert any(d.endswith("/doc/seed") for d in docs) and any(d.endswith("/doc/good-1") for d in docs)


def test_build_changed_text_replaces_the_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Russia accused Ukraine of shelling Donetsk.", encoding="utf-8")
    first = build([path], tmp_path / "out", progress=False, html=False)
    path.write_text("Germany praised France for its support.", encoding="utf-8")
    second = build([path], tmp_path / "out", progress=False, html=False)
    assert first.documents_added == second.documents_added == 1
    with GraphStore(tmp_path / "out", read_only=True) as store:
        labels = [s["l"].value for s in store.query("SELECT ?l WHERE { ?e a sem:Event ; rdfs:label ?l }")]
    assert labels and not any("Russia" in label for label in labels)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_export_formats_parse_back_to_the_same_graph(seed_store, fmt):
    from rdflib import Dataset

    from kg.export import export_bytes

    data = export_bytes(seed_store, fmt).decode("utf-8")
    rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]
    if fmt in ("nq", "trig"):
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        union = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        assert len(list(ds.graphs())) >= 3  # default + entities + the article
    else:
        union = Graph().parse(data=data, format=rdflib_format)
    assert isomorphic(union, seed_store.load_graph())


def test_build_an_article_that_breaks_extraction_is_reported_and_the_rest_built(tmp_path, monkeypatch):
    import kg.pipeline as pipeline

    real = pipeline.extract_doc_events

    def flaky(spacy_doc, document):
        if document.id == "bad":
            raise RecursionError("maximum recursion depth exceeded")
        return real(spacy_doc, document)

    monkeypatch.setattr(pipeline, "extract_doc_events", flaky)
    (tmp_path / "bad.txt").write_text("Russia attacked Ukraine.", encoding="utf-8")
    (tmp_path / "good.txt").write_text("France praised Germany.", encoding="utf-8")
    report = build([tmp_path / "bad.txt", tmp_path / "good.txt"], tmp_path / "out", progress=False, html=False)
    assert report.documents_added == 1 and report.exit_code == 2
    assert report.failed[0]["document"].endswith("bad.txt")
    assert "extraction failed: RecursionError" in report.failed[0]["reason"]


def test_extract_place_country_of_a_place_named_with_its_region(nlp):
    from kg.extract import place_country

    doc = nlp("The bishop of Winchester, Hampshire, met Pope Leo.")
    ent = next(e for e in doc.ents if e.label_ == "GPE")
    assert place_country(ent) == "GBR"
