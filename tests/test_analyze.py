"""kg.analyze and `kg analyze`: the actor and country networks, their metrics, on the seed
build and on a three-actor store whose values can be checked by hand."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import analyze as an
from kg.cli import app
from kg.store import GraphStore
from kg.vocab import PREFIXES

runner = CliRunner()

ID = "https://w3id.org/geokg/id/"
ALPHA, BETA, GAMMA = ID + "actor/alpha", ID + "country/BET", ID + "actor/gamma"
RUS, UKR = ID + "country/RUS", ID + "country/UKR"

# Alpha (a person of Beta) and Gamma act on Beta, Beta answers Alpha once; one event has no
# target, one no date but a dated article, one neither. Beta's label holds rich markup.
TINY = """
@prefix ev: <https://w3id.org/geokg/id/event/> .
@prefix id: <https://w3id.org/geokg/id/> .
id:actor\\/alpha rdfs:label "Alpha" ; gk:actorKind "PERSON" ; gk:country id:country\\/BET .
id:country\\/BET a gk:Country ; rdfs:label "Beta [red]x[/red]" ; gk:actorKind "GPE" ; gk:isoCode "BET" .
id:actor\\/gamma rdfs:label "Gamma" ; gk:actorKind "ORG" .
id:doc\\/d1 schema:datePublished "2020-02-10T08:00:00Z"^^xsd:dateTime .
ev:e1 a sem:Event ; gk:cameoCode "190" ; gk:quadClass 4 ; gk:goldstein -10.0 ;
    gk:source id:actor\\/alpha ; gk:target id:country\\/BET ; sem:hasTimeStamp "2020-01-05"^^xsd:date .
ev:e2 a sem:Event ; gk:cameoCode "112" ; gk:quadClass 3 ; gk:goldstein -2.0 ;
    gk:source id:actor\\/alpha ; gk:target id:country\\/BET ; prov:wasDerivedFrom id:doc\\/d1 .
ev:e3 a sem:Event ; gk:cameoCode "040" ; gk:quadClass 1 ; gk:goldstein 3.0 ;
    gk:source id:actor\\/gamma ; gk:target id:country\\/BET .
ev:e4 a sem:Event ; gk:cameoCode "010" ; gk:quadClass 1 ; gk:goldstein 1.0 ;
    gk:source id:country\\/BET ; sem:hasTimeStamp "2020-01-20"^^xsd:date .
ev:e5 a sem:Event ; gk:cameoCode "111" ; gk:quadClass 3 ; gk:goldstein -0.5 ;
    gk:source id:country\\/BET ; gk:target id:actor\\/alpha ; sem:hasTimeStamp "2020-03-01"^^xsd:date .
"""


def _fill(store: GraphStore, turtle: str) -> None:
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    graph = ox.NamedNode(ID + "doc/d1")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(prefixes + turtle, ox.RdfFormat.TURTLE)]
    store.replace_graph(graph.value, quads)


@pytest.fixture()
def tiny_store():
    store = GraphStore.in_memory()
    _fill(store, TINY)
    return store


@pytest.fixture()
def tiny_build(tmp_path):
    with GraphStore(tmp_path, create=True) as store:
        _fill(store, TINY)
    return tmp_path


# --- the networks ----------------------------------------------------------------------------


def test_actor_network_collapses_events_into_directed_dyads(tiny_store):
    g = an.actor_network(tiny_store)
    assert set(g.nodes) == {ALPHA, BETA, GAMMA}
    ab = g.edges[ALPHA, BETA]
    assert (ab["events"], ab["weight"], ab["goldstein"], ab["goldstein_mean"]) == (2, 2.0, -12.0, -6.0)
    assert ab["quad"] == {1: 0, 2: 0, 3: 1, 4: 1}
    assert ab["event_iris"] == [ID + "event/e1", ID + "event/e2"]
    assert (ab["first"], ab["last"]) == ("2020-01-05", "2020-02-10")  # e2 dated by its article
    assert g.edges[BETA, ALPHA]["events"] == 1 and not g.has_edge(BETA, GAMMA)


def test_actor_network_nodes_count_events_with_or_without_a_dyad(tiny_store):
    g = an.actor_network(tiny_store)
    assert {n: d["events"] for n, d in g.nodes(data=True)} == {ALPHA: 3, BETA: 5, GAMMA: 1}
    assert g.nodes[ALPHA] == {"label": "Alpha", "kind": "person", "iri": ALPHA, "country": "BET", "events": 3}
    assert g.nodes[BETA]["kind"] == "state" and g.nodes[GAMMA]["kind"] == "organisation"
    assert g.nodes[GAMMA]["country"] is None


def test_actor_network_without_countries_leaves_states_out(tiny_store):
    g = an.actor_network(tiny_store, countries=False)
    assert set(g.nodes) == {ALPHA, GAMMA} and g.number_of_edges() == 0


def test_country_network_counts_an_actor_for_its_country(tiny_store):
    g = an.country_network(tiny_store)
    assert set(g.nodes) == {BETA, GAMMA}  # Gamma has no country: it stays itself
    assert g.edges[BETA, BETA]["events"] == 3  # Alpha -> Beta and Beta -> Alpha are domestic now
    assert g.edges[GAMMA, BETA]["goldstein"] == 3.0


def test_country_network_of_the_seed_counts_the_kremlin_for_russia(seed_store):
    actors, countries = an.actor_network(seed_store), an.country_network(seed_store)
    kremlin = actors.edges[ID + "actor/kremlin", UKR]["event_iris"]
    assert set(kremlin) < set(countries.edges[RUS, UKR]["event_iris"])
    assert countries.edges[RUS, UKR]["events"] == actors.edges[RUS, UKR]["events"] + 1
    assert all(d["kind"] == "state" for _, d in countries.nodes(data=True))


# --- the metrics ------------------------------------------------------------------------------


def test_analyze_ranks_the_hub_first_by_degree_betweenness_and_pagerank(tiny_store):
    rows = {r.label: r for r in an.analyze(tiny_store).actors}
    beta, alpha, gamma = rows["Beta [red]x[/red]"], rows["Alpha"], rows["Gamma"]
    assert (beta.degree, alpha.degree, gamma.degree) == (2, 1, 1)
    assert (beta.betweenness, alpha.betweenness, gamma.betweenness) == (1.0, 0.0, 0.0)  # on the only Alpha-Gamma path
    assert beta.pagerank > alpha.pagerank > gamma.pagerank  # Gamma is nobody's target
    assert sum(r.pagerank for r in rows.values()) == pytest.approx(1.0, abs=1e-5)
    assert [r.label for r in an.analyze(tiny_store).actors][0] == "Beta [red]x[/red]"


def test_analyze_dyads_are_unordered_pairs_shown_in_their_main_direction(tiny_store):
    a = an.analyze(tiny_store)
    (worst,) = a.conflictual_dyads
    assert (worst.source, worst.target, worst.events, worst.goldstein) == ("Alpha", "Beta [red]x[/red]", 3, -12.5)
    assert (worst.forward_events, worst.forward_goldstein, worst.backward_events, worst.backward_goldstein) == (2, -12.0, 1, -0.5)
    assert worst.quad == {1: 0, 2: 0, 3: 2, 4: 1} and worst.goldstein_mean == pytest.approx(-12.5 / 3, abs=1e-4)
    assert (worst.first, worst.last) == ("2020-01-05", "2020-03-01")
    assert [(d.source, d.target, d.goldstein) for d in a.cooperative_dyads] == [("Gamma", "Beta [red]x[/red]", 3.0)]


def test_analyze_country_level_leaves_domestic_events_out_of_the_dyads(tiny_store):
    a = an.analyze(tiny_store, level="country")
    assert a.conflictual_dyads == [] and [d.source for d in a.cooperative_dyads] == ["Gamma"]
    assert any("domestic" in n for n in a.notes)


def test_analyze_quad_by_month_sums_to_the_events(tiny_store):
    months = an.analyze(tiny_store).quad_by_month
    assert [(m.month, m.q1, m.q2, m.q3, m.q4) for m in months] == [
        ("2020-01", 1, 0, 0, 1), ("2020-02", 0, 0, 1, 0), ("2020-03", 0, 0, 1, 0), ("undated", 1, 0, 0, 0),
    ]  # fmt: skip
    assert sum(m.events for m in months) == 5


def test_analyze_communities_are_deterministic(seed_store):
    first, second = an.analyze(seed_store), an.analyze(seed_store)
    assert first.communities == second.communities and first.communities
    members = [iri for c in first.communities for iri in c.iris]
    assert len(members) == len(set(members)) and all(len(c.iris) > 1 for c in first.communities)


def test_analyze_samples_betweenness_on_large_graphs_and_says_so(tiny_store, monkeypatch):
    monkeypatch.setattr(an, "EXACT_BETWEENNESS_NODES", 2)
    monkeypatch.setattr(an, "BETWEENNESS_SAMPLE", 2)
    a = an.analyze(tiny_store)
    assert a.betweenness_sample == 2 and any("sampled" in n for n in a.notes)
    assert an.analyze(tiny_store).to_json()["betweenness_sample"] == 2


def test_analyze_top_cuts_the_tables_but_not_the_months(seed_store):
    a = an.analyze(seed_store, top=2)
    assert len(a.actors) == 2 and a.num_actors == 7 and len(a.conflictual_dyads) == 2
    assert sum(m.events for m in a.quad_by_month) == a.events == 21
    assert len(an.analyze(seed_store, top=None).actors) == 7


@pytest.mark.parametrize("level", ["actor", "country"])
def test_analyze_seed_russia_ukraine_is_the_most_conflictual_dyad(seed_store, level):
    worst = an.analyze(seed_store, level=level).conflictual_dyads[0]
    assert (worst.source_iri, worst.target_iri) == (RUS, UKR)
    assert (worst.source, worst.target) == ("Russian Federation", "Ukraine")
    assert worst.goldstein < 0 and worst.forward_events > worst.backward_events


def test_analyze_seed_quad_by_month_sums_to_the_store_events(seed_store):
    a = an.analyze(seed_store)
    n = int(next(iter(seed_store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }")))["n"].value)
    assert sum(m.events for m in a.quad_by_month) == a.events == n


def test_analyze_empty_store_gives_empty_tables(tmp_path):
    with GraphStore(tmp_path, create=True) as store:
        a = an.analyze(store)
    assert (a.actors, a.communities, a.conflictual_dyads, a.cooperative_dyads, a.quad_by_month) == ([], [], [], [], [])
    assert a.events == a.num_actors == 0


def test_analyze_rejects_an_unknown_level(tiny_store):
    with pytest.raises(ValueError, match="level 'region'"):
        an.analyze(tiny_store, level="region")


# --- the command ------------------------------------------------------------------------------


def test_cli_analyze_json_names_russia_ukraine_at_country_level(seed_build):
    result = runner.invoke(app, ["analyze", str(seed_build[0]), "--json", "--level", "country"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    worst = data["conflictual_dyads"][0]
    assert (worst["source"], worst["target"]) == ("Russian Federation", "Ukraine")
    assert worst["quad"] == {"1": 0, "2": 0, "3": 3, "4": 2} and worst["events"] == 5
    assert data["level"] == "country" and sum(m["events"] for m in data["quad_by_month"]) == data["events"]


def test_cli_analyze_json_is_deterministic(seed_build):
    runs = [runner.invoke(app, ["analyze", str(seed_build[0]), "--json"]).stdout for _ in range(2)]
    assert runs[0] == runs[1] and json.loads(runs[0])["actors"]


def test_cli_analyze_table_lists_the_dyads_and_metrics(seed_build):
    result = runner.invoke(app, ["analyze", str(seed_build[0]), "--top", "3"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "pagerank" in out and "betweenness" in out and "communities" in out
    conflict = out[out.index("most conflictual"):out.index("most cooperative")]
    rows = [line for line in conflict.splitlines() if "->" in line]
    assert "Russian Federation -> Ukraine" in rows[0] and len(rows) == 3


def test_cli_analyze_prints_labels_as_text_not_markup(tiny_build):
    result = runner.invoke(app, ["analyze", str(tiny_build)])
    assert result.exit_code == 0, result.output
    assert "Beta [red]x[/red]" in result.stdout


def test_cli_analyze_without_a_store_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "kg build" in result.stderr


def test_cli_analyze_rejects_an_unknown_level(seed_build):
    result = runner.invoke(app, ["analyze", str(seed_build[0]), "--level", "region"])
    assert result.exit_code == 2 and "actor, country" in result.output


def test_cli_analyze_empty_store_prints_empty_tables(tmp_path):
    with GraphStore(tmp_path, create=True):
        pass
    result = runner.invoke(app, ["analyze", str(tmp_path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["actors"] == [] and data["quad_by_month"] == [] and data["events"] == 0
