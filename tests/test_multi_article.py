"""One node per real-world thing, across articles: actors, places and merged events.

The fixture ``tests/data/multi_articles.jsonl`` is nine short wire reports of late May 2024,
written for these tests, about overlapping events told with paraphrases, other spellings and
other dates:

- the strike on a Kharkiv hardware store on Saturday 25 May: wires A ("Russian forces ...
  Kharkiv ... on Saturday", 12 dead), B ("Russian troops bombed ... Kharkov on May 25", 14) and
  C (told in passing, "On Saturday", 16);
- Zelensky meeting Duda in Warsaw on Friday 24 May: A ("Ukrainian President Volodymyr
  Zelensky") and D ("The Ukrainian president", named only by his office);
- France accusing Russia of targeting civilians on 26 May: B ("France accused Russia") and I
  ("French President Emmanuel Macron accused Russia"), undated, published the same day;
- the protest against the foreign agents law in Georgia on Sunday 26 May: E ("rallied in
  Tbilisi, Georgia") and H ("marched across Georgia");

and, not to be merged with any of them: Macron accusing Moscow again in C, published two
days later (a statement is an event of a day), Kherson shelled on Tuesday 28 May (C: same attackers,
another city, three days later), Kharkiv struck again on 5 June (G: same attackers and city,
eleven days later), a protest in Atlanta, Georgia (F: same day and code, other country) and
Zelenskyy thanking Poland (D).

Actors are counted as CAMEO codes them: a state, a state's sector ("Military forces of
Russia" for "Russian forces" and "Russian troops"), a person, a crowd of a country.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pipeline import build, remove
from kg.store import GraphStore

FIXTURE = Path(__file__).parent / "data" / "multi_articles.jsonl"
BASE = "https://w3id.org/geokg/id/"

#: The reports of each real-world event, as (article, trigger) pairs.
EVENTS = [
    {("wire-a", "struck"), ("wire-b", "bombed"), ("wire-c", "struck")},  # Kharkiv, 25 May
    {("wire-a", "met"), ("wire-d", "met")},  # Zelensky and Duda in Warsaw
    {("wire-b", "accused"), ("wire-i", "accused")},  # France accuses Russia
    {("wire-c", "accused")},  # Macron accuses Moscow, two days later
    {("wire-e", "rallied"), ("wire-h", "marched")},  # the protest in Georgia
    {("wire-c", "shelled")},  # Kherson, 28 May
    {("wire-g", "struck")},  # Kharkiv, 5 June
    {("wire-f", "rallied")},  # Atlanta
    {("wire-d", "thanked")},
]
ACTORS = {
    "Military forces of Russian Federation", "Russian Federation", "Ukraine", "Volodymyr Zelensky", "Andrzej Duda",
    "Poland", "France", "Emmanuel Macron", "Georgia", "Protesters (Georgia)", "Protesters (United States)",
    "Police forces of United States",
}  # fmt: skip


def articles(ids: list[str] | None = None) -> list[dict]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if ids is None or r["id"] in ids]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def quads(out: Path) -> set[str]:
    """The store's named graphs, as N-Quads lines (no blank nodes: equal sets = isomorphic)."""
    with GraphStore(out, read_only=True) as store:
        return set(store.dump(ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def select(out: Path, query: str) -> list[dict[str, str | None]]:
    with GraphStore(out, read_only=True) as store:
        result = store.query(query)
        names = [v.value for v in result.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def partition(out: Path) -> list[set[tuple[str, str]]]:
    """Each event's reports, as (article, trigger) pairs."""
    rows = select(out, """
        SELECT ?e ?doc ?trigger WHERE {
          ?e a sem:Event ; gk:report ?r .
          GRAPH ?g { ?r gk:evidence ?m . ?m gk:role "trigger" ; nif:anchorOf ?trigger }
          ?g schema:identifier ?doc }""")  # fmt: skip
    events: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        events.setdefault(row["e"], set()).add((row["doc"], row["trigger"]))
    return sorted(events.values(), key=sorted)


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp) -> Path:
    out = tmp_path_factory.mktemp("multi")
    report = build([FIXTURE], out, progress=False, html=False)
    assert report.documents_added == 9 and not report.failed
    return out


# --- events ---------------------------------------------------------------------------------
def test_reports_of_one_event_become_one_event(built):
    assert partition(built) == sorted(EVENTS, key=sorted)


def test_num_sources_and_mentions_count_articles_and_reports(built):
    rows = select(built, "SELECT ?e ?n ?m WHERE { ?e a sem:Event ; gk:numSources ?n ; gk:numMentions ?m }")
    counts = sorted((int(r["n"]), int(r["m"])) for r in rows)
    assert counts == sorted((len(e), len(e)) for e in EVENTS)
    assert sum(n >= 2 for n, _ in counts) == 4


def test_merged_event_carries_every_report_article_and_evidence_sentence(built):
    rows = select(built, """
        SELECT ?doc ?sentence WHERE {
          ?e a sem:Event ; gk:numSources 3 ; prov:wasDerivedFrom ?a ; gk:evidence ?m .
          ?a schema:identifier ?doc . ?m gk:role "trigger" ; gk:sentence ?sentence ; nif:referenceContext ?a }""")  # fmt: skip
    assert {r["doc"] for r in rows} == {"wire-a", "wire-b", "wire-c"}
    assert any("Kharkov" in r["sentence"] for r in rows) and any("hardware store in Kharkiv" in r["sentence"] for r in rows)


def test_merged_event_takes_the_most_conservative_toll_and_the_place(built):
    rows = select(built, """
        SELECT ?f ?place ?date WHERE { ?e a sem:Event ; gk:numSources 3 ; gk:fatalities ?f ; sem:hasTimeStamp ?date ;
                                           sem:hasPlace/rdfs:label ?place }""")  # fmt: skip
    assert rows == [{"f": "12", "place": "Kharkiv", "date": "2024-05-25"}]


def test_merge_is_recorded_with_its_reports_rule_and_score(built):
    rows = select(built, """
        SELECT ?merge (COUNT(?r) AS ?n) (SAMPLE(?rule) AS ?rl) (SAMPLE(?score) AS ?s) WHERE {
          ?e a sem:Event ; gk:merge ?merge . ?merge a gk:Merge ; gk:mergedReport ?r ; gk:mergeRule ?rule ;
          gk:mergeScore ?score } GROUP BY ?merge""")  # fmt: skip
    assert sorted(int(r["n"]) for r in rows) == [2, 2, 2, 3]
    assert all(r["rl"].startswith("geokg-merge/1") and 0.5 <= float(r["s"]) <= 1.0 for r in rows)


def test_every_report_keeps_its_own_coding_in_its_article_graph(built):
    rows = select(built, """
        SELECT ?doc ?f WHERE { GRAPH ?g { ?r a gk:Report ; gk:fatalities ?f } ?g schema:identifier ?doc .
                               ?e gk:numSources 3 ; gk:report ?r }""")  # fmt: skip
    assert sorted((r["doc"], int(r["f"])) for r in rows) == [("wire-a", 12), ("wire-b", 14), ("wire-c", 16)]


# --- actors ---------------------------------------------------------------------------------
def test_one_actor_node_per_real_world_actor(built):
    rows = select(built, "SELECT DISTINCT ?a ?l WHERE { ?r a gk:Report ; gk:source|gk:target ?a . ?a rdfs:label ?l }")
    labels = [r["l"] for r in rows]
    assert sorted(labels) == sorted(ACTORS)  # no actor twice under two nodes, none missing


def test_office_and_spellings_name_one_person(built):
    rows = select(built, f"SELECT ?alt WHERE {{ <{BASE}actor/volodymyr-zelensky> skos:altLabel ?alt }}")
    alts = {r["alt"] for r in rows}
    assert {"Ukrainian President Volodymyr Zelensky", "Zelenskyy", "Ukrainian president"} <= alts
    meetings = select(built, f"SELECT ?e WHERE {{ ?e a sem:Event ; gk:cameoCode '040' ; gk:source <{BASE}actor/volodymyr-zelensky> }}")
    assert len(meetings) == 1


def test_person_carries_dated_codes_from_the_dictionary(built):
    rows = select(built, f"""
        SELECT ?code ?from WHERE {{ <{BASE}actor/volodymyr-zelensky> gk:codedAs ?c .
                                    ?c gk:code ?code ; gk:validFrom ?from }}""")  # fmt: skip
    assert {"code": "UKRGOV", "from": "2019-05-20"} in rows


def test_states_are_linked_to_geonames_and_wikidata(built):
    rows = select(built, f"SELECT ?same WHERE {{ <{BASE}country/UKR> owl:sameAs ?same }}")
    same = {r["same"] for r in rows}
    assert "https://sws.geonames.org/690791/" in same
    assert "http://www.wikidata.org/entity/Q212" in same


# --- places ---------------------------------------------------------------------------------
def test_georgia_is_resolved_by_context_both_ways(built):
    rows = select(built, """
        SELECT ?place ?country WHERE { ?r a gk:Report ; sem:hasPlace ?p . ?p rdfs:label ?place ;
                                          gk:country/gk:isoCode ?country }""")  # fmt: skip
    where = {(r["place"], r["country"]) for r in rows}
    assert {("Tbilisi", "GEO"), ("Georgia", "GEO"), ("Atlanta", "USA"), ("Kharkiv", "UKR"), ("Warsaw", "POL")} <= where
    regions = select(built, "SELECT ?code WHERE { ?p rdfs:label 'Atlanta' ; gk:region/gk:regionCode ?code }")
    assert regions == [{"code": "US-GA"}]


def test_kharkov_and_kharkiv_are_one_place(built):
    rows = select(built, "SELECT DISTINCT ?p WHERE { ?r a gk:Report ; sem:hasPlace ?p . ?p rdfs:label 'Kharkiv' }")
    assert [r["p"] for r in rows] == [BASE + "place/geonames-706483"]


# --- incremental and idempotent builds ------------------------------------------------------
def test_building_again_changes_nothing(built, tmp_path):
    out = tmp_path / "again"
    shutil.copytree(built, out)
    before = quads(out)
    report = build([FIXTURE], out, progress=False, html=False)
    assert report.documents_unchanged == 9 and report.documents_added == 0
    assert quads(out) == before


def test_same_text_under_another_file_name_changes_nothing(built, tmp_path, nlp):
    out = tmp_path / "copy"
    shutil.copytree(built, out)
    before = quads(out)
    copy = tmp_path / "renamed.txt"
    copy.write_text(articles(["wire-b"])[0]["text"], encoding="utf-8")
    report = build([copy], out, progress=False, html=False)
    assert report.documents_duplicate == 1 and report.documents_added == 0
    assert quads(out) == before


def test_order_and_split_do_not_change_the_graph(built, tmp_path, nlp):
    reversed_out, split_out = tmp_path / "reversed", tmp_path / "split"
    build([write_jsonl(tmp_path / "rev.jsonl", articles()[::-1])], reversed_out, progress=False, html=False)
    first, second = articles()[:3], articles()[3:]
    build([write_jsonl(tmp_path / "one.jsonl", second)], split_out, progress=False, html=False)
    build([write_jsonl(tmp_path / "two.jsonl", first)], split_out, progress=False, html=False)
    assert quads(reversed_out) == quads(built)
    assert quads(split_out) == quads(built)


def test_remove_undoes_the_merges_an_article_made(built, tmp_path, nlp):
    out = tmp_path / "removed"
    shutil.copytree(built, out)
    report = remove(["wire-c"], out, html=False)
    assert report.documents_removed == 1
    without = [{(d, t) for d, t in e if d != "wire-c"} for e in EVENTS]
    assert partition(out) == sorted((e for e in without if e), key=sorted)
    alone = tmp_path / "alone"
    ids = [a["id"] for a in articles() if a["id"] != "wire-c"]
    build([write_jsonl(tmp_path / "no-c.jsonl", articles(ids))], alone, progress=False, html=False)
    assert quads(out) == quads(alone)  # as if wire-c had never been built
    build([FIXTURE], out, progress=False, html=False)  # and re-adding it gives the single build
    assert quads(out) == quads(built)


def test_remove_of_a_missing_article_removes_the_others_and_a_rerun_completes_a_killed_remove(built, tmp_path, nlp):
    from kg.store import GraphStore

    out = tmp_path / "half-removed"
    shutil.copytree(built, out)
    with GraphStore(out) as store:  # as a `kg remove wire-c wire-a` killed after dropping wire-c
        assert store.remove_document(store.find_document("wire-c"))
    report = remove(["wire-c", "wire-a", "no-such-id"], out, html=False)
    assert report.documents_removed == 1
    assert [f["document"] for f in report.failed] == ["wire-c", "no-such-id"]
    assert all("no such article" in f["reason"] and "\n" not in f["reason"] for f in report.failed)
    alone = tmp_path / "without-a-c"
    ids = [a["id"] for a in articles() if a["id"] not in ("wire-a", "wire-c")]
    build([write_jsonl(tmp_path / "no-ac.jsonl", articles(ids))], alone, progress=False, html=False)
    assert quads(out) == quads(alone)  # the events wire-c reported are gone too


def test_no_merge_makes_each_report_its_own_event(built, tmp_path):
    out = tmp_path / "unmerged"
    shutil.copytree(built, out)
    build([FIXTURE], out, progress=False, html=False, merging=False)
    assert len(partition(out)) == sum(len(e) for e in EVENTS)
    build([FIXTURE], out, progress=False, html=False)  # merging again gives the merged graph back
    assert quads(out) == quads(built)


def test_kg_remove_says_which_reference_is_missing_and_exits_partial(built, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "cli-remove"
    shutil.copytree(built, out)
    result = CliRunner().invoke(app, ["remove", str(out), "wire-b", "nope", "--no-html"])
    assert result.exit_code == 2, result.output
    assert "1 removed, 1 not found" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "nope: no such article" in errors[0]
    again = CliRunner().invoke(app, ["remove", str(out), "nope", "--no-html"])
    assert again.exit_code == 1
