"""The `kg` command, through typer's CliRunner: one behaviour a test."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()

CONTRACT_KEYS = {
    "doc_id", "event_id", "sentence", "trigger", "char_start", "char_end", "cameo", "plover",
    "quad_class", "goldstein", "source", "target", "location", "date", "date_precision",
    "negated", "modality", "fatalities", "injured", "quantity", "confidence",
}  # fmt: skip
ACTOR_KEYS = {"text", "name", "id", "kind", "country", "sector"}
PLACE_KEYS = {"text", "name", "id", "geonames_id", "country", "lat", "lon", "precision", "region"}


def check_contract_event(e: dict, text: str) -> None:
    assert set(e) == CONTRACT_KEYS
    assert isinstance(e["cameo"], str) and e["cameo"].isdigit() and len(e["cameo"]) >= 3
    assert e["quad_class"] in (1, 2, 3, 4)
    assert isinstance(e["goldstein"], float) and -10 <= e["goldstein"] <= 10
    assert e["event_id"].startswith("https://w3id.org/geokg/id/event/")
    assert text[e["char_start"] : e["char_end"]] == e["trigger"]
    assert e["trigger"] in e["sentence"]
    for role in ("source", "target"):
        if e[role] is not None:
            assert set(e[role]) == ACTOR_KEYS and e[role]["id"].startswith("https://w3id.org/geokg/id/")
            assert e[role]["country"] is None or len(e[role]["country"]) == 3
    if e["location"] is not None:
        assert set(e["location"]) == PLACE_KEYS
    assert e["date"] is None or len(e["date"]) == 10
    assert isinstance(e["negated"], bool) and 0 <= e["confidence"] <= 1


@pytest.fixture(scope="module")
def seed_events(seeds_dir, nlp):
    result = runner.invoke(app, ["extract", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_extract_prints_contract_jsonl(seed_events, seeds_dir):
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    assert len(seed_events) >= 10
    for e in seed_events:
        check_contract_event(e, text)


def test_extract_finds_ukrainian_accusing_american(seed_events):
    hits = [
        e for e in seed_events
        if e["cameo"].startswith("11") and (e["source"] or {}).get("country") == "UKR"
        and (e["target"] or {}).get("country") == "USA"
    ]  # fmt: skip
    assert hits, "no 11x event from a UKR actor to a USA actor"
    assert any("Trump" in e["target"]["name"] for e in hits)


def test_extract_csv_has_header_and_rows(seeds_dir, seed_events):
    result = runner.invoke(app, ["extract", str(seeds_dir), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and len(rows) == len(seed_events)
    assert rows[0]["EventCode"] == seed_events[0]["cameo"]


def test_extract_reads_stdin_jsonl(nlp):
    line = json.dumps({"id": "s1", "text": "Russia accused Ukraine of shelling Donetsk.", "published": "2024-05-01"})
    result = runner.invoke(app, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert events and events[0]["doc_id"] == "s1" and events[0]["cameo"].startswith("11")


def test_extract_bad_file_is_named_and_exit_code_is_partial(tmp_path, seeds_dir):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00")
    result = runner.invoke(app, ["extract", str(bad), str(next(seeds_dir.glob("*.txt")))])
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert len(result.stdout.splitlines()) >= 10


def test_extract_rejects_unknown_format(seeds_dir):
    result = runner.invoke(app, ["extract", str(seeds_dir), "--format", "xml"])
    assert result.exit_code != 0 and "xml" in result.output


def test_build_prints_where_outputs_are(tmp_path, seeds_dir):
    result = runner.invoke(app, ["build", str(seeds_dir), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for word in ("store", "graph.ttl", "graph.html", "events.csv"):
        assert word in result.stdout


def test_build_partial_failure_exit_code_2(tmp_path, seeds_dir):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(
        app, ["build", str(tmp_path / "empty.txt"), str(seeds_dir), "-o", str(tmp_path / "out"), "--no-html"]
    )
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr


def test_query_inline_table_finds_events(seed_build):
    result = runner.invoke(app, ["query", str(seed_build[0]), "SELECT ?e ?l WHERE { ?e a sem:Event ; rdfs:label ?l } LIMIT 3"])
    assert result.exit_code == 0, result.output
    assert "3 row(s)" in result.stdout


def test_query_file_as_csv(seed_build, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }")
    result = runner.invoke(app, ["query", str(seed_build[0]), str(rq), "--format", "csv"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and lines[0] == "n" and int(lines[1]) >= 10


def test_query_json_is_sparql_results(seed_build):
    result = runner.invoke(
        app, ["query", str(seed_build[0]), "SELECT ?a WHERE { ?a a sem:Actor } LIMIT 2", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["a"] and len(data["results"]["bindings"]) == 2
    assert data["results"]["bindings"][0]["a"]["type"] == "uri"


def test_query_syntax_error_is_one_clear_line(seed_build):
    result = runner.invoke(app, ["query", str(seed_build[0]), "SELEKT nothing"])
    assert result.exit_code == 1 and "SPARQL" in result.stderr


def test_query_missing_store_says_build_first(tmp_path):
    result = runner.invoke(app, ["query", str(tmp_path), "SELECT * WHERE { ?s ?p ?o }"])
    assert result.exit_code == 1 and "kg build" in result.stderr


def test_export_nq_has_a_named_graph_per_article(seed_build, tmp_path):
    target = tmp_path / "g.nq"
    result = runner.invoke(app, ["export", str(seed_build[0]), "--format", "nq", "-o", str(target)])
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(target, format="nquads")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/geokg/id/doc/000_033be43c37c18d32" in names


def test_export_ttl_to_stdout_parses(seed_build):
    result = runner.invoke(app, ["export", str(seed_build[0]), "--format", "ttl"])
    g = Graph().parse(data=result.stdout, format="turtle")
    assert result.exit_code == 0 and len(g) > 100


def test_export_jsonld_uses_a_context(seed_build, tmp_path):
    target = tmp_path / "g.jsonld"
    runner.invoke(app, ["export", str(seed_build[0]), "--format", "jsonld", "-o", str(target)])
    data = json.loads(target.read_text())
    assert "@context" in data and data["@context"]["gk"] == "https://w3id.org/geokg/ontology#"


def test_stats_counts_events_and_actors(seed_build):
    result = runner.invoke(app, ["stats", str(seed_build[0]), "--json"])
    s = json.loads(result.stdout)
    assert result.exit_code == 0 and s["articles"] == 1 and s["events"] >= 10 and s["actors"] >= 4
    assert sum(s["events_by_quad_class"].values()) == s["events"]


def test_viz_writes_a_page(seed_build, tmp_path):
    target = tmp_path / "page.html"
    result = runner.invoke(app, ["viz", str(seed_build[0]), "-o", str(target)])
    assert result.exit_code == 0 and "Zelensky" in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- kg eval


@pytest.fixture()
def two_record_gold(tmp_path):
    """A gold event the extractor cannot find (07 for an accusation) and a noevents record with an attack."""
    lines = [
        {"id": "accuse", "set": "plover", "published": "2024-05-01", "text": "Russia accused Ukraine of shelling Donetsk.",
         "noevents": False,
         "events": [{"cameo_root": "07", "plover": "AID", "source": [{"text": "Russia", "country": "RUS", "sector": None}],
                     "target": [], "location": None}]},
        {"id": "quiet", "set": "plover", "published": "2024-05-01",
         "text": "Russian troops shelled Kharkiv on Monday. [bold]AP[/bold]", "noevents": True, "events": []},
    ]  # fmt: skip
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_eval_details_lists_misses_and_extras_after_unchanged_totals(two_record_gold, nlp):
    plain = runner.invoke(app, ["eval", str(two_record_gold)])
    detailed = runner.invoke(app, ["eval", str(two_record_gold), "--details"])
    assert plain.exit_code == 0 and detailed.exit_code == 0, detailed.output
    assert detailed.stdout.startswith(plain.stdout)  # the totals, byte for byte, then the details
    assert "found 0/1" in plain.stdout

    blocks = detailed.stdout[len(plain.stdout) :].strip().split("\n\n")
    assert blocks[0].startswith("records not perfect: 2 of 2")
    accuse, quiet = (block.splitlines() for block in blocks[1:])
    assert accuse[0] == "accuse: Russia accused Ukraine of shelling Donetsk."
    assert accuse[1] == "  MISSED type 07 (src RUS)"
    assert any(line.startswith("  EXTRA 11") and "'accused' RUS" in line for line in accuse[2:])
    assert quiet[0] == "quiet: Russian troops shelled Kharkiv on Monday. [bold]AP[/bold]"  # text as it is, no markup
    assert quiet[1:] and all(line.startswith("  EXTRA ") for line in quiet[1:])
    assert any("'shelled' RUS" in line for line in quiet[1:])


def test_eval_json_details_adds_records_and_keeps_the_totals(two_record_gold, nlp):
    plain = json.loads(runner.invoke(app, ["eval", str(two_record_gold), "--json"]).stdout)
    detailed = json.loads(runner.invoke(app, ["eval", str(two_record_gold), "--json", "--details"]).stdout)
    assert "records" not in plain
    records = detailed.pop("records")
    assert detailed == plain

    accuse, quiet = records
    assert (accuse["id"], quiet["id"]) == ("accuse", "quiet")
    assert [(m["root_class"], [a["country"] for a in m["source"]]) for m in accuse["missed"]] == [("07", ["RUS"])]
    assert any(e["cameo"].startswith("11") and e["trigger"] == "accused" and e["source"]["country"] == "RUS" for e in accuse["extra"])
    assert quiet["missed"] == [] and quiet["wrong_triple"] == [] and quiet["extra"]
    assert all({"cameo", "trigger", "source", "target", "location"} <= set(e) for e in quiet["extra"])


def test_query_stays_offline_and_read_only(seed_build):
    out = str(seed_build[0])
    federated = runner.invoke(app, ["query", out, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"])
    assert federated.exit_code == 1 and "SERVICE" in federated.stderr and "refused" in federated.stderr
    update = runner.invoke(app, ["query", out, "DELETE WHERE { ?s ?p ?o }"])
    assert update.exit_code == 1 and "read-only" in update.stderr
    # the word in a string is not a federated query
    plain = runner.invoke(app, ["query", out, 'ASK { FILTER(CONTAINS("SERVICE <x>", "SERVICE")) }', "--format", "csv"])
    assert plain.exit_code == 0 and plain.stdout.strip() == "true"
    assert runner.invoke(app, ["stats", out, "--json"]).stdout.count('"events": 21') == 1
