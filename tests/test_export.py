"""Export: every format parses back to the store's graph; the network and the events table
have what GDELT-, ACLED- and Gephi-minded users look for; untrusted text stays data."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.export import EVENT_COLUMNS, PlaceFacts, event_row, export_bytes, fraction_date, geo_type, rows_to_csv
from kg.records import Actor, Event, Evidence, Mention
from kg.store import GraphStore
from kg.vocab import GK, PREFIXES, ontology_file

runner = CliRunner()
ID = "https://w3id.org/geokg/id/"
ZELENSKY, TRUMP = f"{ID}actor/volodymyr-zelensky", f"{ID}actor/donald-trump"
DOC = f"{ID}doc/000_033be43c37c18d32"
#: The columns the table promises (GDELT 2.0 names, ACLED names, geokg's own), in order.
PROMISED = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
    "NumArticles", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "source", "fatalities", "notes",
    "event", "doc_id", "negated", "modality", "confidence", "trigger",
]  # fmt: skip


@pytest.fixture(scope="module")
def exports(seed_build):
    """Every export of the seed build, made once."""
    with GraphStore(seed_build[0], read_only=True) as store:
        return {fmt: export_bytes(store, fmt) for fmt in ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")}


@pytest.fixture(scope="module")
def nt_graph(exports):
    return Graph().parse(data=exports["nt"].decode("utf-8"), format="nt")


@pytest.fixture(scope="module")
def seed_rows(exports):
    return list(csv.DictReader(io.StringIO(exports["csv"].decode("utf-8"))))


@pytest.fixture(scope="module")
def wires(tmp_path_factory, nlp):
    """Two articles reporting one accusation (dated, placed), the first published one with a
    hostile publisher name: a formula, commas, quotes and a newline."""
    from kg.pipeline import build

    lines = [
        {"id": "wire-1", "text": 'On Monday in Kyiv, Russia accused Ukraine of "shelling, again" the city of Donetsk.',
         "published": "2024-05-07", "url": "https://news.example.org/wire-1",
         "source": '=HYPERLINK("http://evil.example"), "Daily"\nNews'},
        {"id": "wire-2", "text": "Russia accused Ukraine in Kyiv on Monday of shelling Donetsk.",
         "published": "2024-05-08", "url": "https://other.example.com/a?b=1"},
    ]  # fmt: skip
    folder = tmp_path_factory.mktemp("wires")
    (folder / "wires.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    build([folder / "wires.jsonl"], folder / "out", progress=False, html=False)
    with GraphStore(folder / "out", read_only=True) as store:
        text = export_bytes(store, "csv").decode("utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


# --- RDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_export_triple_formats_parse_back_to_the_ntriples_graph(exports, nt_graph, fmt, rdflib_format):
    graph = Graph().parse(data=exports[fmt].decode("utf-8"), format=rdflib_format)
    assert len(graph) == len(nt_graph) > 1000
    assert isomorphic(graph, nt_graph)


@pytest.mark.parametrize("fmt, rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_export_quad_formats_have_a_graph_per_article_and_per_events_root(exports, nt_graph, fmt, rdflib_format):
    ds = Dataset()
    ds.parse(data=exports[fmt].decode("utf-8"), format=rdflib_format)
    named = {str(g.identifier): g for g in ds.graphs() if len(g)}
    events_graphs = {n for n in named if n.startswith(f"{ID}graph/events/")}
    # the article, the merged events of each CAMEO root, and the statistics derived from them
    assert set(named) == {DOC, f"{ID}graph/statistics"} | events_graphs and len(events_graphs) >= 5
    assert (None, None, None) in named[DOC] and len(named[DOC]) > len(named[min(events_graphs)])
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, nt_graph)


def test_export_jsonld_embeds_the_published_context(exports):
    data = json.loads(exports["jsonld"])
    published = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert data["@context"] == published
    assert all(published[prefix] == iri for prefix, iri in PREFIXES.items())


def test_export_jsonld_uses_short_keys_and_plain_values(exports):
    nodes = {n["@id"]: n for n in json.loads(exports["jsonld"])["@graph"]}
    accusation = next(n for n in nodes.values() if n.get("source") == "id:actor/volodymyr-zelensky"
                      and n.get("target") == "id:actor/donald-trump" and n.get("cameoCode") == "112"
                      and "sem:Event" in n["@type"])  # fmt: skip
    assert accusation["quadClass"] == 3 and accusation["negated"] is False
    assert accusation["goldstein"] == "-2"  # a decimal, typed by the context, not a JSON double
    assert accusation["gk:plover"] == "plover:ACCUSE"
    assert nodes["cameo:112"]["prefLabel"] == "Accuse, not specified below"  # @en from the context
    assert nodes["id:country/UKR"]["label"] == {"@language": "en", "@value": "Ukraine"}
    assert not any(key.startswith("http") for n in nodes.values() for key in n)


def test_jsonld_context_names_only_real_geokg_terms():
    context = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    local = [
        (d["@id"] if isinstance(d, dict) and "@id" in d else name).removeprefix("gk:")
        for name, d in context.items()
        if (isinstance(d, dict) and d.get("@id", name).startswith("gk:"))
    ]
    assert len(local) > 30
    for term in local:
        getattr(GK, term)  # GK raises on a term the ontology lacks


# --- the network ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graphml(exports):
    return nx.read_graphml(io.BytesIO(exports["graphml"]), force_multigraph=True)


def test_export_graphml_has_actors_events_and_places(graphml):
    assert graphml.nodes[ZELENSKY]["kind"] == graphml.nodes[TRUMP]["kind"] == "person"
    assert graphml.nodes[ZELENSKY]["label"] == "Volodymyr Zelensky" and graphml.nodes[ZELENSKY]["iri"] == ZELENSKY
    events = [d for _, d in graphml.nodes(data=True) if d["kind"] == "event"]
    assert len(events) == 21 and all(d["cameo"].isdigit() and len(d["cameo"]) >= 3 for d in events)
    assert any(d["cameo"].startswith("0") for d in events)  # leading zeros kept ("040")
    places = [d for _, d in graphml.nodes(data=True) if d["kind"] == "place"]
    assert places and all(isinstance(d["lat"], float) and isinstance(d["lon"], float) for d in places)
    assert {d["kind"] for _, d in graphml.nodes(data=True)} <= {"person", "organisation", "state", "place", "event"}


def test_export_graphml_edges_run_from_source_through_event_to_target(graphml):
    accusations = [e for _, e, k in graphml.out_edges(ZELENSKY, keys=True) if k == "source"
                   and graphml.nodes[e]["cameo"] == "112" and graphml.has_edge(e, TRUMP, key="target")]  # fmt: skip
    assert accusations
    edge = graphml.edges[ZELENSKY, accusations[0], "source"]
    assert edge["label"] == "source" and edge["quad_class"] == 3 and edge["goldstein"] == -2.0 and edge["weight"] > 0


def test_export_gexf_loads_with_colours(exports, graphml):
    gexf = nx.read_gexf(io.BytesIO(exports["gexf"]))
    assert set(gexf.nodes) == set(graphml.nodes)
    assert gexf.nodes[ZELENSKY]["label"] == "Volodymyr Zelensky" and gexf.nodes[ZELENSKY]["kind"] == "person"
    assert {"r", "g", "b"} <= set(gexf.nodes[ZELENSKY]["viz"]["color"])


# --- the events table ----------------------------------------------------------------------------


def test_export_csv_has_the_promised_columns_and_a_row_per_event(exports, seed_rows):
    header = next(csv.reader(io.StringIO(exports["csv"].decode("utf-8"))))
    assert header == list(EVENT_COLUMNS)
    assert [c for c in header if c in PROMISED] == PROMISED
    assert "IsRootEvent" not in header and len(seed_rows) == 21
    assert len({r["GLOBALEVENTID"] for r in seed_rows}) == 21


def test_export_csv_zelensky_accuses_trump(seed_rows, seeds_dir):
    row = next(r for r in seed_rows if r["Actor1Name"] == "Volodymyr Zelensky" and r["Actor2Name"] == "Donald Trump"
               and r["EventCode"] == "112" and "Zelensky accused Donald Trump" in r["notes"])  # fmt: skip
    assert (row["Actor1Code"], row["Actor2Code"], row["Actor1CountryCode"], row["Actor2Type1Code"]) == ("UKRGOV", "USAGOV", "UKR", "GOV")
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("112", "11", "3", "-2.0")
    assert (row["event_type"], row["trigger"], row["doc_id"]) == ("ACCUSE", "accused", "000_033be43c37c18d32")
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    assert row["notes"] in text and row["notes"].endswith(".")  # the whole sentence, as written
    assert row["event"].endswith("/" + row["GLOBALEVENTID"])


def test_export_csv_is_the_build_events_csv(seed_build, exports):
    assert (seed_build[0] / "events.csv").read_bytes() == exports["csv"]


def test_export_csv_of_a_merged_dated_placed_event(wires):
    _, rows = wires
    assert len(rows) == 1
    row = rows[0]
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["event_date"]) == ("20240506", "202405", "2024", "2024-05-06")
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("2", "2", "2")
    assert (row["DATEADDED"], row["SOURCEURL"], row["doc_id"]) == ("20240507", "https://news.example.org/wire-1", "wire-1")
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["location"], row["geo_precision"]) == ("4", "UKR", "Kyiv", "1")
    assert row["ActionGeo_FeatureID"] == "703448" and row["ActionGeo_ADM1Code"].startswith("UA-")


def test_export_csv_keeps_untrusted_text_as_data(wires):
    text, rows = wires
    row = rows[0]
    assert row["notes"] == 'On Monday in Kyiv, Russia accused Ukraine of "shelling, again" the city of Donetsk.'
    # the first outlet's name starts the cell: a formula, defused; commas, quotes, newline kept
    assert row["source"] == '\'=HYPERLINK("http://evil.example"), "Daily"\nNews; other.example.com'
    cells = [c for r in csv.reader(io.StringIO(text)) for c in r]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


@pytest.mark.parametrize("column, value, cell", [
    ("notes", "=1+2", "'=1+2"),
    ("Actor1Name", "+cmd", "'+cmd"),
    ("location", "@SUM(A1)", "'@SUM(A1)"),
    ("trigger", "-attack", "'-attack"),
    ("doc_id", "\t=1", "'\t=1"),
    ("GoldsteinScale", -2.0, "-2.0"),  # numbers stay numbers
    ("ActionGeo_Long", -73.5, "-73.5"),
    ("notes", 'say "no", then\nleave', 'say "no", then\nleave'),
])  # fmt: skip
def test_rows_to_csv_round_trips_text_and_defuses_formulas(column, value, cell):
    parsed = list(csv.reader(io.StringIO(rows_to_csv([{column: value}]))))
    assert len(parsed) == 2 and parsed[1][EVENT_COLUMNS.index(column)] == cell


def test_event_row_of_an_extracted_event_has_the_table_columns():
    sentence = "Zelensky accused Trump."
    event = Event(
        "d1", Evidence("d1", sentence, 0, Mention("accused", 9, 16)), "112", "ACCUSE", 3, -2.0,
        source=Actor(Mention("Zelensky", 0, 8), "Volodymyr Zelensky", "PERSON", "UKR", "GOV"),
        target=Actor(Mention("Trump", 17, 22), "Donald Trump", "PERSON", "USA", "GOV"),
        date=date(2025, 6, 4), date_precision="day", id=f"{ID}event/abc123",
    )  # fmt: skip
    row = event_row(event)
    assert list(row) == list(EVENT_COLUMNS)
    assert (row["GLOBALEVENTID"], row["SQLDATE"], row["Actor1Code"], row["Actor2Code"]) == ("abc123", "20250604", "UKRGOV", "USAGOV")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"], row["notes"]) == (1, 1, 1, sentence)
    assert row["SOURCEURL"] is None and row["fatalities"] is None  # unknown, not guessed


@pytest.mark.parametrize("precision, country, expected", [
    ("country", "UKR", 1), ("region", "USA", 2), ("city", "USA", 3), ("city", "UKR", 4), ("region", "UKR", 5),
    ("site", "FRA", 4), (None, "FRA", None),
])  # fmt: skip
def test_geo_type_is_gdelts(precision, country, expected):
    place = PlaceFacts("x", precision, country, None, None, None, None, None, None)
    assert geo_type(place) == expected


def test_fraction_date_is_the_part_of_the_year_gone():
    assert fraction_date(date(2025, 1, 1)) == 2025.0
    assert fraction_date(date(2024, 7, 2)) == 2024.5  # 183 of its 366 days gone
    assert fraction_date(date(2025, 12, 31)) == 2025.9973


# --- the command -----------------------------------------------------------------------------------


def test_export_command_takes_the_format_from_the_file_suffix(seed_build, tmp_path):
    target = tmp_path / "network.graphml"
    result = runner.invoke(app, ["export", str(seed_build[0]), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert ZELENSKY in nx.read_graphml(target)


def test_export_command_csv_to_stdout(seed_build, exports):
    result = runner.invoke(app, ["export", str(seed_build[0]), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout_bytes == exports["csv"]


def test_export_command_rejects_an_unknown_format(seed_build):
    result = runner.invoke(app, ["export", str(seed_build[0]), "--format", "xlsx"])
    assert result.exit_code == 2 and "graphml" in result.output
