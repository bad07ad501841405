"""Saved queries (kg/data/queries/*.rq), their parameters, result formats and `kg query`."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import BadParam, UnknownQuery
from kg.query import format_result, load_query, render, run_query, saved_queries, saved_query, sparql_string
from kg.resolve import haversine
from kg.store import GraphStore
from kg import statistics, vocab

runner = CliRunner()

SAVED = {"who-did-what", "near-place", "actor-timeline", "dyad-by-month", "top-actors", "event-evidence"}
ZELENSKY = "https://w3id.org/geokg/id/actor/volodymyr-zelensky"
TRUMP = "https://w3id.org/geokg/id/actor/donald-trump"
RUSSIA = "https://w3id.org/geokg/id/country/RUS"
ACCUSATION = "8b162271e3f2a3fa"  # "Zelensky, in a Tuesday interview with Axios, accused Trump of ..."
GENEVA_TALKS = "https://w3id.org/geokg/id/event/6c108ae186e152be"
KYIV_PRESSURE = "https://w3id.org/geokg/id/event/a7ee78080e35e837"
CRIMEA_ANNEXATION = "https://w3id.org/geokg/id/event/7018265bdca988ea"
HEADLINE = 'Ukraine talks collapse as Zelensky says US pressure is "not fair"'
URL = "https://news.example.org/ukraine-talks"

#: Every saved query with parameters that find something in the seed.
CASES = [
    ("who-did-what", {"actor": "zelensky"}),
    ("who-did-what", {"source": "Russia", "cameo": "19"}),
    ("near-place", {"place": "Kyiv", "km": "700"}),
    ("actor-timeline", {"actor": "zelensky"}),
    ("dyad-by-month", {"a": "Russia", "b": "Ukraine"}),
    ("dyad-by-month", {"a_code": "RUS", "b_code": "UKR"}),
    ("top-actors", {"limit": "5"}),
    ("event-evidence", {"event": ACCUSATION}),
]


@pytest.fixture(scope="module")
def dated_store(seed_build):
    """The seed's graph, its article given a headline, a url and a publication date (the seed
    is a .txt file, which has none)."""
    with GraphStore(seed_build[0], read_only=True) as seed:
        quads = list(seed.store.quads_for_pattern(None, None, None, None))
        doc = ox.NamedNode(seed.documents()[0])
    store = GraphStore.in_memory()
    store.store.extend(quads)
    for p, o in (
        (vocab.SDO.headline, ox.Literal(HEADLINE)),
        (vocab.SDO.url, ox.NamedNode(URL)),
        (vocab.SDO.datePublished, ox.Literal("2025-06-04", datatype=ox.NamedNode(str(vocab.XSD.date)))),
    ):
        for graph in (doc, ox.DefaultGraph()):
            store.store.add(ox.Quad(doc, ox.NamedNode(str(p)), o, graph))
    statistics.refresh(store)  # the months of undated events follow the new publication date, as after a build
    yield store


def rows(store, name: str, params: dict | None = None) -> list[dict[str, str | None]]:
    return run_query(store, render(name, params)).dicts()


# --- the library ----------------------------------------------------------------------


def test_saved_queries_have_titles_descriptions_and_typed_params():
    queries = {q.name: q for q in saved_queries()}
    assert SAVED <= set(queries)
    for q in queries.values():
        assert q.title and q.description and q.title != q.name
    assert queries["who-did-what"].param("limit").default == "200"
    assert queries["who-did-what"].param("from").type == "date"
    assert queries["event-evidence"].param("event").required


@pytest.mark.parametrize(("name", "params"), CASES)
def test_saved_query_renders_to_plain_sparql_that_parses(name, params):
    text = render(name, params)
    assert "#?" not in text
    for p in saved_query(name).params:
        assert f"${p.name}" not in text
    assert ox.Store().query(text) is not None  # parses and runs (on an empty store)


@pytest.mark.parametrize(("name", "params"), CASES)
def test_saved_query_gives_the_same_rows_on_rdflib(seed_store, name, params):
    """Plain SPARQL 1.1: another engine (rdflib) gives the same rows as Oxigraph."""
    text = render(name, params)
    ours = sorted(map(str, run_query(seed_store, text).rows))
    graph = seed_store.load_graph()
    theirs = sorted(str(tuple(None if v is None else str(v) for v in row)) for row in graph.query(text))
    assert ours and ours == theirs


# --- each saved query on the seed ---------------------------------------------------------


def test_who_did_what_zelensky_accusations_of_trump(seed_store):
    found = rows(seed_store, "who-did-what", {"actor": "zelensky", "cameo": "112"})
    assert {r["source"] for r in found} == {ZELENSKY}
    assert sorted(r["targetName"] for r in found) == ["Donald Trump", "Donald Trump", "Russian Federation"]
    assert {(r["cameo"], r["plover"], r["quadClass"]) for r in found} == {("112", "ACCUSE", "3")}


def test_who_did_what_without_filters_lists_every_event_once(seed_store):
    found = rows(seed_store, "who-did-what")
    assert len(found) == len({r["event"] for r in found}) == 21


def test_who_did_what_source_and_target(seed_store):
    found = rows(seed_store, "who-did-what", {"source": "Volodymyr", "target": "trump"})
    assert {r["label"] for r in found} == {"Volodymyr Zelensky accused Donald Trump", "Volodymyr Zelensky criticism Donald Trump"}
    assert rows(seed_store, "who-did-what", {"source": "trump", "target": "zelensky"}) == []


def test_who_did_what_dates_fall_back_to_publication_and_order_rows(dated_store):
    before = rows(dated_store, "who-did-what", {"to": "2020-12-31"})
    assert [r["event"] for r in before] == [CRIMEA_ANNEXATION]  # its own date, 2014
    after = rows(dated_store, "who-did-what", {"from": "2025-06-01"})
    assert len(after) == 20 and {r["published"] for r in after} == {"2025-06-04"}
    ordered = rows(dated_store, "who-did-what")
    assert ordered[0]["event"] == CRIMEA_ANNEXATION


def test_who_did_what_code_and_plover_filters(seed_store):
    ukrainian = rows(seed_store, "who-did-what", {"code": "ukrgov", "plover": "accuse"})
    assert len(ukrainian) == 4 and {r["source"] for r in ukrainian} == {ZELENSKY}


def test_near_place_geneva_finds_only_the_geneva_talks(seed_store):
    found = rows(seed_store, "near-place", {"place": "Geneva", "km": "100"})
    assert [r["event"] for r in found] == [GENEVA_TALKS]
    assert float(found[0]["km"]) < 1


def test_near_place_kyiv_gives_kyiv_then_crimea_with_distances(seed_store):
    found = rows(seed_store, "near-place", {"place": "Kyiv", "km": "700"})
    assert [r["event"] for r in found] == [KYIV_PRESSURE, CRIMEA_ANNEXATION]
    crimea = found[1]
    exact = haversine(50.45466, 30.5238, float(crimea["lat"]), float(crimea["lon"]))
    assert abs(float(crimea["km"]) - exact) / exact < 0.01
    assert [r["event"] for r in rows(seed_store, "near-place", {"place": "Kyiv", "km": "500"})] == [KYIV_PRESSURE]


def test_near_place_by_coordinates(seed_store):
    found = rows(seed_store, "near-place", {"lat": "46.2", "lon": "6.15", "km": "5"})
    assert [r["event"] for r in found] == [GENEVA_TALKS] and 0.3 < float(found[0]["km"]) < 0.5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"place": "Ukraine"}, "without coordinates"),
        ({"place": "Nowhereville Xq"}, "no place"),
        ({"place": "Geneva", "lat": "1"}, "not both"),
        ({"lat": "46.2"}, "both lat and lon"),
        ({}, "give one of"),
    ],
)
def test_near_place_bad_centre_is_one_line_error(params, message):
    with pytest.raises(BadParam, match=message) as info:
        render("near-place", params)
    assert "\n" not in str(info.value)


def test_actor_timeline_by_iri_and_by_name(seed_store):
    russia = rows(seed_store, "actor-timeline", {"iri": RUSSIA})
    assert len(russia) == 6 and {r["actor"] for r in russia} == {RUSSIA}
    assert sorted(r["role"] for r in russia) == ["source"] * 4 + ["target"] * 2
    assert russia[0]["date"] == "2014-01-01"  # the only dated one first
    zelensky = rows(seed_store, "actor-timeline", {"actor": "ZELENSKY"})
    assert len(zelensky) == 5 and {r["role"] for r in zelensky} == {"source"}
    assert {r["otherName"] for r in zelensky} == {"Donald Trump", "Russian Federation", "Ukraine"}


def test_dyad_russia_ukraine_has_conflict(dated_store):
    found = rows(dated_store, "dyad-by-month", {"a": "Russia", "b": "Ukraine"})
    assert [(r["month"], r["direction"]) for r in found] == [("2014-01", "a->b"), ("2025-06", "a->b")]
    assert all(int(r["conflict"]) > 0 and int(r["cooperation"]) == 0 for r in found)
    assert sum(int(r["events"]) for r in found) == 3
    codes = rows(dated_store, "dyad-by-month", {"a_code": "RUS", "b_code": "UKR"})
    both = {r["direction"] for r in codes}
    assert both == {"a->b", "b->a"}  # Zelensky (UKRGOV) accused Russia
    assert sum(float(r["goldsteinSum"]) for r in codes if r["direction"] == "b->a") == -2.0


def _dyads_from_events(store, a: str, b: str) -> dict[tuple[str, str], tuple[int, list[int], float]]:
    """(month, direction) -> (events, QuadClass counts, Goldstein sum), aggregated here in
    Python from the events themselves, by the rule the query documents."""
    found = run_query(store, vocab.sparql_prefixes() + """
        SELECT ?e ?q ?g ?date (MIN(?pub) AS ?published) (GROUP_CONCAT(DISTINCT ?s) AS ?sc) (GROUP_CONCAT(DISTINCT ?t) AS ?tc) WHERE {
          ?e a sem:Event ; gk:quadClass ?q ; gk:goldstein ?g ; gk:sourceCode ?s ; gk:targetCode ?t .
          OPTIONAL { ?e sem:hasTimeStamp ?date }
          OPTIONAL { ?e prov:wasDerivedFrom ?d OPTIONAL { ?d schema:datePublished ?pub } }
        } GROUP BY ?e ?q ?g ?date""").dicts()
    out: dict = {}
    for r in found:
        month = (r["date"] or r["published"] or "undated")[:7]
        blocks = {side: {c[:n] for c in r[side].split() for n in range(3, len(c) + 1, 3)} for side in ("sc", "tc")}
        for direction, (x, y) in (("a->b", (a, b)), ("b->a", (b, a))):
            if x in blocks["sc"] and y in blocks["tc"]:
                n, quads, g = out.get((month, direction), (0, [0, 0, 0, 0], 0.0))
                quads[int(r["q"]) - 1] += 1
                out[(month, direction)] = (n + 1, quads, g + float(r["g"]))
    return out


@pytest.mark.parametrize("a, b", [("RUS", "UKR"), ("UKRGOV", "RUS"), ("usa", "ukr")])
def test_dyad_by_codes_reads_the_same_figures_as_the_events_give(dated_store, a, b):
    expected = _dyads_from_events(dated_store, a.upper(), b.upper())
    assert expected, "the seed has events between these sides"
    got = {
        (r["month"], r["direction"]): (int(r["events"]), [int(r[k]) for k in ("verbalCooperation", "materialCooperation", "verbalConflict", "materialConflict")], float(r["goldsteinSum"]))
        for r in rows(dated_store, "dyad-by-month", {"a_code": a, "b_code": b})
    }  # fmt: skip
    assert got == expected
    for r in rows(dated_store, "dyad-by-month", {"a_code": a, "b_code": b}):
        assert int(r["cooperation"]) + int(r["conflict"]) == int(r["events"])
        assert float(r["goldsteinMean"]) == pytest.approx(float(r["goldsteinSum"]) / int(r["events"]), abs=0.005)


def test_dyad_by_codes_takes_whole_code_blocks_only(dated_store):
    with pytest.raises(BadParam, match="three-letter blocks"):
        render("dyad-by-month", {"a_code": "RU", "b_code": "UKR"})
    country = sum(int(r["events"]) for r in rows(dated_store, "dyad-by-month", {"a_code": "UKR", "b_code": "RUS"}))
    government = sum(int(r["events"]) for r in rows(dated_store, "dyad-by-month", {"a_code": "UKRGOV", "b_code": "RUS"}))
    assert 0 < government <= country  # Ukraine's government is one of Ukraine's actors


def test_condition_blocks_keep_their_lines_only_when_they_hold():
    from kg.query import parse_saved

    text = (
        "# title: t\n# param: a (string) a\n# param: b (string) b\n"
        "SELECT * WHERE {\n#?{ a b\n  BIND(1 AS ?both)\n#?}\n#?{ !a | !b\n  BIND(2 AS ?one)\n"
        "  BIND($a AS ?x)  #? a\n#?}\n}\n"
    )
    query = parse_saved(text, "t")
    both, one = query.render({"a": "x", "b": "y"}), query.render({"a": "x"})
    assert "?both" in both and "?one" not in both
    assert "?both" not in one and "?one" in one and '"x" AS ?x' in one
    assert "#?" not in both + one


def test_top_actors_follow_the_counts_ties_by_iri(dated_store):
    counts = run_query(dated_store, vocab.sparql_prefixes() + "SELECT ?a ?n WHERE { ?a gk:numEvents ?n ; gk:numArticles ?articles }").dicts()
    expected = sorted(counts, key=lambda r: (-int(r["n"]), r["a"]))
    found = rows(dated_store, "top-actors", {"limit": "1000"})
    assert [r["actor"] for r in found] == [r["a"] for r in expected]
    assert [r["actor"] for r in rows(dated_store, "top-actors", {"limit": "3"})] == [r["a"] for r in expected[:3]]


def test_top_actors_ukraine_russia_zelensky(seed_store):
    found = rows(seed_store, "top-actors", {"limit": "4"})
    assert [r["name"] for r in found[:2]] == ["Ukraine", "Russian Federation"]
    zelensky = next(r for r in found if r["actor"] == ZELENSKY)
    assert (zelensky["events"], zelensky["asSource"], zelensky["asTarget"], zelensky["articles"]) == ("5", "5", "0", "1")
    assert len(found) == 4


def test_event_evidence_sentence_spans_and_headline(dated_store, seeds_dir):
    found = rows(dated_store, "event-evidence", {"event": ACCUSATION})
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    assert {r["role"] for r in found} == {"trigger", "source", "target"}
    for r in found:
        assert text[int(r["begin"]) : int(r["end"])] == r["anchor"]
        assert r["headline"] == HEADLINE and r["url"] == URL and r["published"] == "2025-06-04"
    trigger = next(r for r in found if r["role"] == "trigger")
    assert trigger["anchor"] == "accused" and "accused Trump" in trigger["sentence"] and trigger["sentence"] in text
    by_iri = rows(dated_store, "event-evidence", {"event": f"https://w3id.org/geokg/id/event/{ACCUSATION}"})
    assert by_iri == found


# --- parameters: typed, escaped, checked ------------------------------------------------


@pytest.mark.parametrize(
    "evil",
    [
        'zelensky")) } UNION { ?event ?p ?o } #',
        'x" || true || "',
        "x\\\"}) } } SELECT * WHERE { ?s ?p ?o } #",
        "$limit",
    ],
)
def test_injection_in_a_string_parameter_changes_nothing(seed_store, evil):
    text = render("who-did-what", {"actor": evil})
    harmless = render("who-did-what", {"actor": "no such actor"})
    # the value is inside its string literals and nowhere else: the query's structure is the same
    assert sparql_string(evil) in text
    assert text.replace(sparql_string(evil), sparql_string("no such actor")) == harmless
    assert rows(seed_store, "who-did-what", {"actor": evil}) == []


def test_iri_parameter_refuses_what_is_no_iri():
    with pytest.raises(BadParam, match="not an IRI"):
        render("actor-timeline", {"iri": "https://x.org/a> } ?s ?p ?o . { <b"})
    with pytest.raises(BadParam, match="event IRI nor an event key"):
        render("event-evidence", {"event": "abc def"})


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"colour": "red"}, "unknown parameter 'colour'"),
        ({"from": "yesterday"}, "'from': 'yesterday' is not a date"),
        ({"limit": "-3"}, "negative"),
        ({"limit": "many"}, "not an integer"),
        ({"cameo": "1a"}, "not a CAMEO code"),
        ({"plover": "ACCUSE!"}, "not a PLOVER type"),
    ],
)
def test_bad_parameter_is_a_one_line_error(params, message):
    with pytest.raises(BadParam, match=message) as info:
        render("who-did-what", params)
    assert "\n" not in str(info.value) and str(info.value).startswith("who-did-what: ")


def test_required_parameter_missing():
    with pytest.raises(BadParam, match="'event' is required"):
        render("event-evidence")
    with pytest.raises(BadParam, match="give one of the parameters b, b_code"):
        render("dyad-by-month", {"a": "Russia"})


def test_inline_query_and_unknown_names():
    assert load_query("SELECT * WHERE { ?s ?p ?o }").render() == "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(BadParam, match="unknown parameter"):
        load_query("SELECT * WHERE { ?s ?p ?o }").render({"x": "1"})
    with pytest.raises(UnknownQuery, match="see `kg query --list`"):
        load_query("no-such-query")


def test_rq_file_with_a_header_takes_parameters(seed_store, tmp_path):
    rq = tmp_path / "by-code.rq"
    rq.write_text(
        "# title: Events of a CAMEO code\n# param: code (cameo, default 112) the code\n"
        "SELECT ?e WHERE { ?e a sem:Event ; gk:cameoCode $code }\n"
    )
    assert len(run_query(seed_store, load_query(str(rq)).render()).rows) == 3
    assert len(run_query(seed_store, load_query(str(rq)).render({"code": "040"})).rows) == 5


# --- result formats -----------------------------------------------------------------------


def test_csv_is_sparql_csv(seed_store):
    result = run_query(seed_store, render("who-did-what", {"actor": "zelensky"}))
    table = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert table[0] == list(result.variables)
    assert len(table) == 6 and all(len(r) == len(table[0]) for r in table)
    row = dict(zip(table[0], table[1]))
    assert row["source"] == ZELENSKY and row["date"] == ""  # IRIs bare, unbound empty


def test_tsv_is_sparql_tsv_as_pyoxigraph_writes_it(seed_store):
    text = render("top-actors", {"limit": "3"})
    ours = format_result(run_query(seed_store, text), "tsv")
    assert ours == seed_store.query(text).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    lines = ours.splitlines()
    assert lines[0].split("\t")[:2] == ["?actor", "?name"]
    cells = lines[1].split("\t")
    assert cells[0] == "<https://w3id.org/geokg/id/country/UKR>" and cells[1] == '"Ukraine"@en' and cells[2] == "14"


def test_json_is_typed_sparql_json(seed_store):
    result = run_query(seed_store, render("who-did-what", {"actor": "zelensky", "cameo": "112"}))
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == list(result.variables)
    first = data["results"]["bindings"][0]
    assert first["source"] == {"type": "uri", "value": ZELENSKY}
    assert first["label"] == {"type": "literal", "value": "Volodymyr Zelensky accused Donald Trump"}
    assert first["goldstein"] == {"type": "literal", "value": "-2", "datatype": str(vocab.XSD.decimal)}
    assert first["quadClass"]["datatype"] == str(vocab.XSD.integer)
    assert "date" not in first  # unbound
    russia = next(b for b in data["results"]["bindings"] if b["target"]["value"] == RUSSIA)
    assert russia["targetName"] == {"type": "literal", "value": "Russian Federation", "xml:lang": "en"}


def test_ask_and_construct(seed_store):
    ask = run_query(seed_store, "ASK { ?e gk:cameoCode \"112\" }")
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert format_result(ask, "csv").strip() == "true"
    graph = run_query(seed_store, "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a gk:Country ; rdfs:label ?l }")
    assert "Ukraine" in format_result(graph, "table") and "@prefix" in format_result(graph, "table")
    assert {d["@id"] for d in json.loads(format_result(graph, "json"))} >= {RUSSIA}
    spo = list(csv.reader(io.StringIO(format_result(graph, "csv"), newline="")))
    assert spo[0] == ["subject", "predicate", "object"] and len(spo) == 5


# --- the command ------------------------------------------------------------------------


def test_cli_list_shows_every_saved_query_and_its_parameters():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for name in SAVED:
        assert f"{name}: " in result.stdout
    assert "limit (count, default 200): most rows" in result.stdout
    assert "event (event, required)" in result.stdout


def test_cli_saved_query_with_params_as_csv(seed_build):
    result = runner.invoke(
        app, ["query", str(seed_build[0]), "who-did-what", "-p", "actor=zelensky", "--param", "cameo=112", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(table) == 4 and table[0][0] == "date"


def test_cli_table_shortens_iris(seed_build):
    result = runner.invoke(app, ["query", str(seed_build[0]), "top-actors", "-p", "limit=2"])
    assert result.exit_code == 0, result.output
    assert "id:country/UKR" in result.stdout and "2 row(s)" in result.stdout


def test_cli_tsv_and_bad_param(seed_build):
    tsv = runner.invoke(app, ["query", str(seed_build[0]), "top-actors", "--format", "tsv"])
    assert tsv.exit_code == 0 and tsv.stdout.startswith("?actor\t?name\t")
    bad = runner.invoke(app, ["query", str(seed_build[0]), "who-did-what", "-p", "colour=red"])
    assert bad.exit_code == 1
    assert bad.stderr.strip().count("\n") == 0 and "unknown parameter 'colour'" in bad.stderr
    typo = runner.invoke(app, ["query", str(seed_build[0]), "who-did-what", "-p", "from"])
    assert typo.exit_code == 1 and "not key=value" in typo.stderr


def test_cli_needs_out_and_query_without_list():
    result = runner.invoke(app, ["query"])
    assert result.exit_code != 0 and "--list" in result.output


# --- on a SPARQL server -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sparql_server(tmp_path_factory, seed_build, oxigraph_server):
    """`oxigraph serve` on a free loopback port holding the seed's union graph as its default
    graph (as `kg build --store URL` keeps it); yields its base URL."""
    with oxigraph_server(tmp_path_factory.mktemp("sparql-server")) as url:
        with GraphStore(seed_build[0], read_only=True) as seed:
            union = seed.dump(ox.RdfFormat.N_TRIPLES)
        httpx.post(f"{url}/store?default", content=union, headers={"Content-Type": "application/n-triples"}, timeout=30).raise_for_status()
        yield url


@pytest.mark.parametrize(("name", "params"), CASES)
def test_saved_query_runs_over_the_sparql_protocol(sparql_server, seed_store, name, params):
    """The rendered text, sent as it is (no prefixes added) to a SPARQL 1.1 endpoint, gives
    the rows the embedded store gives."""
    text = render(name, params)
    response = httpx.post(
        f"{sparql_server}/query", content=text.encode("utf-8"), timeout=30,
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    theirs = response.json()["results"]["bindings"]
    ours = json.loads(format_result(run_query(seed_store, text), "json"))["results"]["bindings"]
    assert ours and sorted(json.dumps(b, sort_keys=True) for b in theirs) == sorted(json.dumps(b, sort_keys=True) for b in ours)
