"""kg.evaluate: the scoring rules of shared/eval/README.md, on hand-built records and events."""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import islice
from pathlib import Path

import pytest

from kg.evaluate import (
    GoldActor,
    GoldEvent,
    GoldFormatError,
    GoldRecord,
    Scores,
    evaluate_file,
    f1,
    match_record,
    read_gold,
    root_class,
    score_record,
    score_records,
)
from kg.records import Actor, Event, Evidence, Mention, Place

DATA = Path(__file__).parent / "data"
PLOVER_DEV = DATA / "plover_dev.jsonl"


# --------------------------------------------------------------------------- helpers


def actor(country: str | None, name: str = "someone") -> Actor:
    return Actor(mention=Mention(name, 0, len(name)), name=name, kind="GPE", country=country)


def place(name: str, country: str | None = None) -> Place:
    return Place(mention=Mention(name, 0, len(name)), name=name, country=country)


def event(cameo: str, source: str | None = None, target: str | None = None, location: Place | None = None, doc_id: str = "r1") -> Event:
    evidence = Evidence(doc_id=doc_id, sentence="s", sentence_start=0, trigger=Mention("did", 0, 3))
    return Event(
        doc_id=doc_id,
        evidence=evidence,
        cameo=cameo,
        plover=None,
        quad_class=1,
        goldstein=0.0,
        source=actor(source) if source is not None else None,
        target=actor(target) if target is not None else None,
        location=location,
    )


def gold(*roots: str, sources: tuple[str, ...] = (), targets: tuple[str, ...] = (), location: dict | None = None, location_required: bool = False) -> GoldEvent:
    return GoldEvent(
        cameo_roots=roots,
        sources=tuple(GoldActor(c, c) for c in sources),
        targets=tuple(GoldActor(c, c) for c in targets),
        location=location,
        location_required=location_required,
        plover=None,
    )


def record(*events: GoldEvent, id: str = "r1", set: str = "test", noevents: bool = False, recall_only: bool = False) -> GoldRecord:
    return GoldRecord(id=id, set=set, published=None, text="text", noevents=noevents, recall_only=recall_only, events=events)


def score(rec: GoldRecord, *predicted: Event) -> Scores:
    return score_records([rec], {rec.id: list(predicted)})


# --------------------------------------------------------------------------- root classes


def test_root_class_is_the_first_two_digits() -> None:
    assert root_class("0431") == "04"
    assert root_class("112") == "11"
    assert root_class("03") == "03"


def test_root_class_counts_18_19_20_as_one_class() -> None:
    assert root_class("180") == root_class("190") == root_class("2041")
    assert root_class("17") != root_class("18")


def test_root_class_rejects_a_non_code() -> None:
    with pytest.raises(ValueError):
        root_class("x1")


def test_assault_predicted_for_fight_gold_is_found() -> None:
    s = score(record(gold("19")), event("183"))
    assert s.type_found == 1 and s.type_correct == 1


def test_gold_cameo_roots_any_of_them_matches() -> None:
    rec = record(gold("02", "10"))
    assert score(rec, event("100")).type_found == 1
    assert score(rec, event("020")).type_found == 1
    assert score(rec, event("040")).type_found == 0


def test_other_root_is_not_found() -> None:
    s = score(record(gold("04")), event("050"))
    assert s.type_found == 0 and s.type_correct == 0 and s.predicted_events == 1


# --------------------------------------------------------------------------- type vs triple


def test_type_match_with_wrong_countries_is_not_a_triple() -> None:
    s = score(record(gold("11", sources=("UKR",), targets=("USA",))), event("112", "RUS", "USA"))
    assert (s.type_found, s.triple_found) == (1, 0)
    assert (s.type_correct, s.triple_correct) == (1, 0)


def test_triple_needs_source_and_target_country_among_gold() -> None:
    rec = record(gold("11", sources=("UKR", "GBR"), targets=("USA",)))
    assert score(rec, event("112", "GBR", "USA")).triple_found == 1
    assert score(rec, event("112", "GBR", "RUS")).triple_found == 0
    assert score(rec, event("112", None, "USA")).triple_found == 0


def test_target_not_scored_when_gold_has_no_target() -> None:
    s = score(record(gold("03", sources=("JOR",))), event("030", "JOR", "ISR"))
    assert s.triple_found == 1 and s.triple_correct == 1


def test_countries_not_scored_when_gold_actors_have_none() -> None:
    rec = record(GoldEvent(cameo_roots=("04",), sources=(GoldActor("the rebels", None),), targets=(GoldActor("them", None),)))
    assert score(rec, event("040")).triple_found == 1


def test_triple_found_by_any_same_type_prediction() -> None:
    s = score(record(gold("19", sources=("RUS",), targets=("UKR",))), event("190", "USA", "UKR"), event("195", "RUS", "UKR"))
    assert s.triple_found == 1
    assert (s.type_correct, s.triple_correct, s.predicted_events) == (2, 1, 2)


# --------------------------------------------------------------------------- location_required


def geneva_talks() -> GoldRecord:
    return record(gold("04", sources=("UKR",), location={"name": "Geneva", "country": "CHE"}, location_required=True))


def test_location_required_matches_by_name() -> None:
    assert score(geneva_talks(), event("040", "UKR", location=place("geneva"))).triple_found == 1


def test_location_required_matches_by_country() -> None:
    assert score(geneva_talks(), event("040", "UKR", location=place("Genf", "CHE"))).triple_found == 1


def test_location_required_wrong_or_missing_place_is_no_triple() -> None:
    assert score(geneva_talks(), event("040", "UKR", location=place("Vienna", "AUT"))).triple_found == 0
    s = score(geneva_talks(), event("040", "UKR"))
    assert (s.type_found, s.triple_found) == (1, 0)


def test_location_not_scored_without_location_required() -> None:
    rec = record(gold("04", location={"name": "Geneva", "country": "CHE"}))
    assert score(rec, event("040", location=place("Vienna", "AUT"))).triple_found == 1


# --------------------------------------------------------------------------- which predictions count


def test_plover_set_ignores_predicted_01_and_02() -> None:
    rec = record(gold("04"), set="plover")
    s = score(rec, event("010"), event("020"), event("040"))
    assert s.predicted_ignored == 2
    assert (s.predicted_events, s.type_correct) == (1, 1)
    assert s.type_precision == 1.0


def test_other_sets_keep_predicted_01_and_02() -> None:
    s = score(record(gold("04")), event("010"), event("040"))
    assert (s.predicted_ignored, s.predicted_events, s.type_correct) == (0, 2, 1)


def test_noevents_record_every_prediction_is_a_false_positive() -> None:
    s = score(record(noevents=True), event("040"), event("190", "RUS", "UKR"))
    assert (s.gold_events, s.predicted_events, s.type_correct, s.triple_correct) == (0, 2, 0, 0)
    assert s.type_precision == 0.0 and s.type_recall is None


def test_recall_only_record_is_excluded_from_precision() -> None:
    s = score(record(gold("04"), recall_only=True), event("040"), event("120"))
    assert s.type_found == 1 and s.type_recall == 1.0
    assert (s.predicted_events, s.type_correct, s.predicted_unscored) == (0, 0, 2)
    assert s.type_precision is None


def test_predictions_of_another_record_do_not_count() -> None:
    recs = [record(gold("04"), id="a"), record(gold("19"), id="b")]
    s = score_records(recs, {"a": [event("190", doc_id="a")]})
    assert (s.type_found, s.type_correct, s.predicted_events, s.gold_events) == (0, 0, 1, 2)


def test_precision_and_recall_counted_separately() -> None:
    # two gold events of one type, found by a single prediction: recall 2/2, precision 1/2
    s = score(record(gold("04"), gold("04")), event("040"), event("120"))
    assert s.type_recall == 1.0 and s.type_precision == 0.5


# --------------------------------------------------------------------------- source-country accuracy


def test_source_country_accuracy_among_type_found() -> None:
    rec = record(gold("11", sources=("UKR",), targets=("USA",)), gold("19", sources=("RUS",)), gold("03", sources=("JOR",)))
    s = score(rec, event("112", "UKR", "GBR"), event("190", "UKR"))
    # 11: a same-type prediction with a right source (target wrong: still right); 19: wrong source; 03: not found
    assert (s.source_country_correct, s.source_country_n) == (1, 2)
    assert s.source_country_accuracy == 0.5


def test_source_country_accuracy_only_uses_same_type_predictions() -> None:
    s = score(record(gold("11", sources=("UKR",))), event("112", "RUS"), event("040", "UKR"))
    assert (s.source_country_correct, s.source_country_n) == (0, 1)


def test_source_country_accuracy_undefined_without_type_found() -> None:
    s = score(record(gold("11", sources=("UKR",))))
    assert s.source_country_n == 0 and s.source_country_accuracy is None


# --------------------------------------------------------------------------- F1 and output


def test_f1_is_the_harmonic_mean() -> None:
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)


def test_f1_zero_division_gives_zero() -> None:
    assert f1(0.0, 0.0) == 0.0
    assert f1(None, 0.0) == 0.0


def test_f1_undefined_when_precision_undefined() -> None:
    assert f1(None, 0.5) is None


def test_no_predictions_no_gold_gives_undefined_not_an_error() -> None:
    s = score_records([record(noevents=True)], {})
    assert s.type_precision is None and s.type_recall is None and s.type_f1 is None
    assert s.lines()[-3].startswith("type: P=n/a R=n/a F1=n/a")


def test_scores_are_kept_per_set_and_overall() -> None:
    recs = [record(gold("04"), id="a", set="plover"), record(gold("19"), id="b", set="seed")]
    s = score_records(recs, {"a": [event("040")], "b": [event("120")]})
    assert s.records == 2 and s.gold_events == 2 and s.type_found == 1
    assert s.by_set["plover"].type_recall == 1.0
    assert s.by_set["seed"].type_recall == 0.0


def test_lines_end_with_the_three_headline_figures() -> None:
    s = score(record(gold("11", sources=("UKR",))), event("112", "UKR"), event("040"))
    last = s.lines()[-3:]
    assert last[0].startswith("type: P=0.50 R=1.00 F1=0.67")
    assert last[1].startswith("triple: P=0.50 R=1.00 F1=0.67")
    assert last[2] == "source country accuracy: 1.00 (n=1)"


def test_to_json_is_json_with_overall_and_by_set() -> None:
    s = score(record(gold("11")), event("112"))
    data = json.loads(json.dumps(s.to_json()))
    assert data["overall"]["type"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert data["by_set"]["test"]["gold_events"] == 1


# --------------------------------------------------------------------------- read_gold


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps(
    {
        "id": "x1",
        "set": "seed",
        "published": "2025-02-19",
        "text": "Russia attacked Ukraine.",
        "noevents": False,
        "recall_only": True,
        "events": [
            {
                "cameo_root": "19",
                "cameo_roots": ["18", "19", "20"],
                "plover": None,
                "source": [{"text": "Russia", "country": "RUS", "sector": None}],
                "target": [],
                "location": {"name": "Kyiv", "country": "UKR"},
                "location_required": True,
            }
        ],
    }
)


def test_read_gold_reads_a_record(tmp_path: Path) -> None:
    (rec,) = read_gold(write_lines(tmp_path / "g.jsonl", GOOD, ""))
    assert rec.id == "x1" and rec.recall_only and rec.published.isoformat() == "2025-02-19"
    (ev,) = rec.events
    assert ev.cameo_roots == ("19", "18", "20")
    assert ev.sources == (GoldActor("Russia", "RUS", None),) and ev.targets == ()
    assert ev.location_required and ev.location == {"name": "Kyiv", "country": "UKR"}


def test_read_gold_error_names_path_and_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "g.jsonl", GOOD, "{not json")
    with pytest.raises(ValueError, match=r"g\.jsonl:2: not valid JSON") as info:
        read_gold(path)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, GoldFormatError)


def test_read_gold_error_says_what_is_wrong(tmp_path: Path) -> None:
    bad = json.loads(GOOD)
    bad["events"][0]["cameo_root"] = "attack"
    bad["events"][0]["cameo_roots"] = []
    with pytest.raises(ValueError, match=r"g\.jsonl:1: .*CAMEO code"):
        read_gold(write_lines(tmp_path / "g.jsonl", json.dumps(bad)))


def test_read_gold_rejects_a_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"g\.jsonl:2: id 'x1' already used on line 1"):
        read_gold(write_lines(tmp_path / "g.jsonl", GOOD, GOOD))


def test_read_gold_reads_the_plover_dev_file() -> None:
    if not PLOVER_DEV.exists():
        pytest.skip(f"{PLOVER_DEV} is absent")
    records = read_gold(PLOVER_DEV)
    assert len(records) == 180
    assert all(r.set == "plover" and len(r.events) == 1 for r in records)


# --------------------------------------------------------------------------- integration


def test_evaluate_file_runs_the_extractor_on_plover_records(tmp_path: Path) -> None:
    if not PLOVER_DEV.exists():
        pytest.skip(f"{PLOVER_DEV} is absent")
    with PLOVER_DEV.open(encoding="utf-8") as fh:
        head = list(islice(fh, 20))
    path = tmp_path / "plover20.jsonl"
    path.write_text("".join(head), encoding="utf-8")

    s = evaluate_file(path)

    assert s.records == 20 and s.gold_events == 20
    assert s.type_found >= 1
    figures = [
        s.type_precision, s.type_recall, s.type_f1,
        s.triple_precision, s.triple_recall, s.triple_f1,
        s.source_country_accuracy,
    ]  # fmt: skip
    assert s.type_recall is not None and s.triple_recall is not None and s.source_country_accuracy is not None
    assert all(x is None or (isinstance(x, float) and 0.0 <= x <= 1.0) for x in figures)
    assert s.triple_found <= s.type_found and s.triple_correct <= s.type_correct <= s.predicted_events
    assert len(s.lines()) >= 3 and json.dumps(s.to_json())


# --------------------------------------------------------------------------- details (kg eval --details)


def predicted(cameo: str, trigger: str, source: str | None = None, target: str | None = None, location: Place | None = None, doc_id: str = "r1") -> Event:
    """A prediction as `kg eval --details` shows it: actors written 'RUS/MIL' (country/sector)."""

    def coded(code: str | None) -> Actor | None:
        if code is None:
            return None
        country, _, sector = code.partition("/")
        return Actor(mention=Mention(code, 0, len(code)), name=code, kind="GPE", country=country or None, sector=sector or None)

    evidence = Evidence(doc_id=doc_id, sentence="s", sentence_start=0, trigger=Mention(trigger, 0, len(trigger)))
    return Event(
        doc_id=doc_id, evidence=evidence, cameo=cameo, plover=None, quad_class=4, goldstein=-10.0,
        source=coded(source), target=coded(target), location=location,
    )  # fmt: skip


def gold_line(id: str, text: str, *events: dict, noevents: bool = False) -> str:
    return json.dumps({"id": id, "set": "plover", "published": None, "text": text, "noevents": noevents, "events": list(events)})


def gold_json(root: str, sources: tuple[str, ...], targets: tuple[str, ...] = ()) -> dict:
    return {
        "cameo_root": root,
        "plover": None,
        "source": [{"text": c, "country": c, "sector": None} for c in sources],
        "target": [{"text": c, "country": c, "sector": None} for c in targets],
        "location": None,
    }


LONG_TEXT = "Belarus accused Lithuania of violating its airspace " + "with balloons, " * 20 + "officials said."


@pytest.fixture()
def four_records(tmp_path: Path) -> tuple[list[GoldRecord], dict[str, list[Event]]]:
    """A gold file with a perfect record, a missed event, a wrong source country and a noevents record,
    and hand-built predictions for it."""
    path = write_lines(
        tmp_path / "four.jsonl",
        gold_line("ok", "Russian troops shelled Kharkiv, officials said.", gold_json("19", ("RUS",), ("UKR",))),
        gold_line("missed", "The United States\ndelivered tanks to Ukraine.", gold_json("07", ("USA",), ("UKR",))),
        gold_line("wrong-source", LONG_TEXT, gold_json("11", ("BLR",), ("LTU",))),
        gold_line("noevents", "Fans shelled out money for tickets in Kyiv.", noevents=True),
    )
    predictions = {
        # 010 'said' is a statement: ignored on the PLOVER set, so never listed
        "ok": [predicted("190", "shelled", "RUS/MIL", "UKR"), predicted("010", "said", "UKR/GOV")],
        "missed": [],
        "wrong-source": [predicted("112", "accused", "RUS/GOV", "LTU")],
        "noevents": [predicted("190", "shelled", "RUS/MIL", "UKR"), predicted("020", "shelled", "UKR")],
    }
    return read_gold(path), predictions


def test_details_table_lists_misses_wrong_triples_and_extras(four_records) -> None:
    records, predictions = four_records
    lines = score_records(records, predictions, details=True).detail_lines()
    assert lines[0].startswith("records not perfect: 3 of 4 ")
    assert lines[1:] == [
        "",
        "missed: The United States delivered tanks to Ukraine.",
        "  MISSED type 07 (src USA -> tgt UKR)",
        "",
        f"wrong-source: {LONG_TEXT[:159].rstrip()}…",
        "  WRONG type 11 (src BLR -> tgt LTU): best 112 'accused' RUS/GOV -> LTU; source country RUS, gold BLR",
        "",
        "noevents: Fans shelled out money for tickets in Kyiv.",
        "  EXTRA 190 'shelled' RUS/MIL -> UKR",
    ]
    assert all("\n" not in line and len(line) <= 200 for line in lines[1:])
    assert not any(line.startswith("ok:") for line in lines)


def test_details_json_lists_the_same_records_with_event_fields(four_records) -> None:
    records, predictions = four_records
    data = json.loads(json.dumps(score_records(records, predictions, details=True).to_json()))
    by_id = {r["id"]: r for r in data["records"]}
    assert list(by_id) == ["missed", "wrong-source", "noevents"]
    assert set(by_id["missed"]) == {"id", "text", "missed", "wrong_triple", "extra"}
    assert by_id["missed"]["text"] == "The United States\ndelivered tanks to Ukraine."  # the full text

    (missed,) = by_id["missed"]["missed"]
    assert missed["cameo_roots"] == ["07"] and missed["root_class"] == "07"
    assert [a["country"] for a in missed["source"]] == ["USA"] and [a["country"] for a in missed["target"]] == ["UKR"]
    assert by_id["missed"]["wrong_triple"] == [] and by_id["missed"]["extra"] == []

    (wrong,) = by_id["wrong-source"]["wrong_triple"]
    assert wrong["failed"] == ["source country"]
    assert wrong["gold"]["source"][0]["country"] == "BLR"
    best = wrong["best"]
    assert (best["cameo"], best["trigger"], best["location"]) == ("112", "accused", None)
    assert (best["source"]["country"], best["source"]["sector"]) == ("RUS", "GOV")
    assert (best["target"]["country"], best["target"]["sector"]) == ("LTU", None)

    (extra,) = by_id["noevents"]["extra"]  # the 020 prediction is ignored (PLOVER 01/02)
    assert (extra["cameo"], extra["trigger"], extra["source"]["country"], extra["source"]["sector"]) == ("190", "shelled", "RUS", "MIL")
    assert by_id["noevents"]["missed"] == [] and by_id["noevents"]["wrong_triple"] == []


def test_details_do_not_change_the_totals(four_records) -> None:
    records, predictions = four_records
    plain = score_records(records, predictions)
    detailed = score_records(records, predictions, details=True)
    assert plain.details is None and plain.detail_lines() == [] and "records" not in plain.to_json()
    assert detailed.lines() == plain.lines()
    with_records = detailed.to_json()
    assert with_records.pop("records") and with_records == plain.to_json()
    assert (plain.type_found, plain.triple_found, plain.predicted_events, plain.predicted_ignored) == (2, 1, 3, 2)


def test_details_wrong_target_and_location_name_what_failed() -> None:
    rec = record(gold("04", sources=("UKR",), targets=("USA",), location={"name": "Geneva", "country": "CHE"}, location_required=True))
    m = match_record(rec, [predicted("040", "met", "UKR/GOV", "RUS/GOV", place("Vienna", "AUT"))])
    (line,) = m.lines()[1:]
    assert line == (
        "  WRONG type 04 (src UKR -> tgt USA) at Geneva/CHE: best 040 'met' UKR/GOV -> RUS/GOV at Vienna/AUT; "
        "target country RUS, gold USA; location Vienna/AUT, gold Geneva/CHE"
    )
    assert m.to_json()["wrong_triple"][0]["failed"] == ["target country", "location"]


def test_details_best_prediction_is_the_one_failing_fewest_parts() -> None:
    rec = record(gold("19", sources=("RUS",), targets=("UKR",)))
    m = match_record(rec, [predicted("190", "hit", "USA", "POL"), predicted("195", "struck", "RUS/MIL", "POL")])
    ((_, best, failed),) = m.wrong_triple
    assert (best.trigger.text, failed) == ("struck", ("target country",))


def test_details_recall_only_records_list_no_extras() -> None:
    rec = record(gold("04"), recall_only=True)
    assert match_record(rec, [predicted("040", "met"), predicted("190", "shelled")]).perfect
    m = match_record(rec, [predicted("190", "shelled")])
    assert [line.split(" (")[0] for line in m.lines()[1:]] == ["  MISSED type 04"] and m.extra == ()


def test_details_uncoded_actors_and_shared_classes_read_clearly() -> None:
    assert match_record(record(gold("18", "19", "20", sources=("RUS",))), []).lines()[1] == "  MISSED type 18-20 (src RUS)"
    rebels = Actor(mention=Mention("the rebels", 0, 10), name="the rebels", kind="GROUP", sector="REB")
    m = match_record(record(noevents=True), [replace(predicted("040", "met"), source=rebels)])
    assert m.lines()[1] == "  EXTRA 040 'met' \"the rebels\"/REB -> -"


def test_score_record_counts_are_read_off_match_record(four_records) -> None:
    records, predictions = four_records
    for rec in records:
        assert score_record(rec, predictions[rec.id]) == match_record(rec, predictions[rec.id]).counts()
