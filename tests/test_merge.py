"""The merge rule (``kg.merge``) on synthetic reports and hand-built knowledge: no spaCy, no store.

Each test states, in its name, what an analyst reading the events graph would notice: which
reports become one event and which stay apart. Where the rule does not depend on the kind of
act, a test runs for a material act (190, use conventional military force) and a verbal one
(112, accuse); where it does (unknown roles, publication windows), the test says which.
"""

from __future__ import annotations

import math
import random
from datetime import date

import pytest

from kg import merge
from kg.merge import ActorInfo, Knowledge, PlaceInfo, ReportInfo, cluster, pair_score, representative

ID = "https://w3id.org/geokg/id/"


def actor(name: str) -> str:
    return f"{ID}actor/{name}"


def country(iso3: str) -> str:
    return f"{ID}country/{iso3}"


def place(name: str) -> str:
    return f"{ID}place/{name}"


RUS, UKR, FRA = country("RUS"), country("UKR"), country("FRA")
RUS_MIL, RUS_GOV = actor("military-forces-of-russia"), actor("government-of-russia")
PUTIN, LAVROV, MACRON = actor("vladimir-putin"), actor("sergey-lavrov"), actor("emmanuel-macron")

DONETSK = place("donetsk-oblast")
KYIV, KHARKIV, KRAMATORSK, BAKHMUT = place("kyiv"), place("kharkiv"), place("kramatorsk"), place("bakhmut")

KNOW = Knowledge(
    actors={
        RUS: ActorInfo(RUS, "RUS", None, "GPE", state=True, label="Russia"),
        UKR: ActorInfo(UKR, "UKR", None, "GPE", state=True, label="Ukraine"),
        FRA: ActorInfo(FRA, "FRA", None, "GPE", state=True, label="France"),
        RUS_MIL: ActorInfo(RUS_MIL, "RUS", "MIL", "GROUP", state=False, label="Military forces of Russia"),
        RUS_GOV: ActorInfo(RUS_GOV, "RUS", "GOV", "GROUP", state=False, label="Government of Russia"),
        PUTIN: ActorInfo(PUTIN, "RUS", "GOV", "PERSON", state=False, label="Vladimir Putin"),
        LAVROV: ActorInfo(LAVROV, "RUS", "GOV", "PERSON", state=False, label="Sergey Lavrov"),
        MACRON: ActorInfo(MACRON, "FRA", "GOV", "PERSON", state=False, label="Emmanuel Macron"),
    },
    places={
        UKR: PlaceInfo(UKR, "UKR", 49.0, 32.0, "country", None),
        DONETSK: PlaceInfo(DONETSK, "UKR", 48.0, 37.8, "region", None),
        KYIV: PlaceInfo(KYIV, "UKR", 50.4501, 30.5234, "city", None),
        KHARKIV: PlaceInfo(KHARKIV, "UKR", 49.9935, 36.2304, "city", None),
        KRAMATORSK: PlaceInfo(KRAMATORSK, "UKR", 48.7230, 37.5560, "city", DONETSK),
        BAKHMUT: PlaceInfo(BAKHMUT, "UKR", 48.5956, 38.0003, "city", DONETSK),
    },
)

MATERIAL, VERBAL = "190", "112"  # QuadClass 4 (material conflict) and 3 (verbal conflict)
#: Another full code of the same root: "fought with small arms", "criticised".
OTHER = {"190": "193", "112": "111"}
BOTH_KINDS = pytest.mark.parametrize("code", [MATERIAL, VERBAL], ids=["material", "verbal"])

DAY = date(2024, 3, 10)
_DEFAULT = object()


def report(
    key: str,
    *,
    doc: str | None = None,
    code: str = MATERIAL,
    negated: bool = False,
    modality: str = "asserted",
    confidence: float = 0.8,
    source: str | None | object = _DEFAULT,
    target: str | None | object = _DEFAULT,
    place: str | None | object = _DEFAULT,
    when: date | None | object = _DEFAULT,
    precision: str | None | object = _DEFAULT,
    published: date | None | object = _DEFAULT,
) -> ReportInfo:
    """A report of "Russia attacked Ukraine in Kyiv on 10 March 2024", in an article of its own
    published that day, unless told otherwise."""
    day = DAY if when is _DEFAULT else when
    return ReportInfo(
        iri=f"{ID}report/{key}",
        doc=f"{ID}doc/{doc or 'doc-' + key}",
        code=code,
        negated=negated,
        modality=modality,
        confidence=confidence,
        source=RUS if source is _DEFAULT else source,
        target=UKR if target is _DEFAULT else target,
        place=KYIV if place is _DEFAULT else place,
        date=day,
        precision=("day" if day is not None else None) if precision is _DEFAULT else precision,
        published=(day if day is not None else DAY) if published is _DEFAULT else published,
    )


def km(a: PlaceInfo, b: PlaceInfo) -> float:
    """Great-circle distance, to check the fixture says what the test claims."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def days(n: int) -> date:
    return date.fromordinal(DAY.toordinal() + n)


def partition(clusters: list[merge.Cluster]) -> set[frozenset[str]]:
    return {frozenset(r.iri for r in c.reports) for c in clusters}


# --------------------------------------------------------------------------- pair_score: code, polarity, modality


@BOTH_KINDS
def test_same_actors_code_place_and_day_score_high(code):
    score = pair_score(report("a", code=code), report("b", code=code), KNOW)
    assert score is not None and score > 0.9


@BOTH_KINDS
def test_same_root_different_code_across_articles_merges_with_a_lower_score(code):
    same = pair_score(report("a", code=code), report("b", code=code), KNOW)
    other = pair_score(report("a", code=code), report("b", code=OTHER[code]), KNOW)
    assert other is not None and same is not None
    assert other < same


@BOTH_KINDS
def test_two_reports_of_one_article_are_two_events_even_with_the_same_code(code):
    """The extraction already keeps one report per event of an article: the same code and
    actors twice in one text are two events (two statements, two strikes), never merged."""
    assert pair_score(report("a", doc="one", code=code), report("b", doc="one", code=code), KNOW) is None


@BOTH_KINDS
def test_same_root_different_code_within_one_article_stays_apart(code):
    """"Accused" and "criticised" in one text are two acts."""
    a, b = report("a", doc="one", code=code), report("b", doc="one", code=OTHER[code])
    assert pair_score(a, b, KNOW) is None


def test_different_root_never_merges():
    assert pair_score(report("a", code="190"), report("b", code="180"), KNOW) is None
    assert pair_score(report("a", code="112"), report("b", code="190"), KNOW) is None


@BOTH_KINDS
def test_negated_and_asserted_never_merge(code):
    assert pair_score(report("a", code=code, negated=True), report("b", code=code), KNOW) is None


@BOTH_KINDS
def test_asserted_and_reported_count_as_one_modality(code):
    a, b = report("a", code=code, modality="asserted"), report("b", code=code, modality="reported")
    assert pair_score(a, b, KNOW) is not None


@BOTH_KINDS
def test_intended_and_asserted_never_merge(code):
    a, b = report("a", code=code, modality="intended"), report("b", code=code, modality="asserted")
    assert pair_score(a, b, KNOW) is None


# --------------------------------------------------------------------------- corroboration across articles


def test_same_three_digit_code_needs_one_corroboration_beyond_the_root():
    """190 and 190 with only the day known to both (one target and place unknown): one event;
    with nothing but the source and publication dates in common: two."""
    thin = report("a", target=None, place=None)
    assert pair_score(thin, report("b"), KNOW) is not None  # day dates known to both
    undated = report("c", target=None, place=None, when=None)
    assert pair_score(undated, report("d", when=None), KNOW) is None  # nothing known to both


def test_same_root_only_needs_two_corroborations():
    """190 "use force" and 193 "fight with small arms": day dates alone are not enough; day dates
    and places known to both are."""
    assert pair_score(report("a", target=None, place=None), report("b", code="193"), KNOW) is None
    assert pair_score(report("a", target=None), report("b", code="193"), KNOW) is not None


# --------------------------------------------------------------------------- actors


@BOTH_KINDS
def test_two_named_persons_of_one_country_stay_apart(code):
    assert pair_score(report("a", code=code, source=PUTIN), report("b", code=code, source=LAVROV), KNOW) is None


@BOTH_KINDS
def test_a_state_and_its_sector_merge(code):
    """"Russia" and "Military forces of Russia" are one actor for the merge."""
    assert pair_score(report("a", code=code, source=RUS), report("b", code=code, source=RUS_MIL), KNOW) is not None


@BOTH_KINDS
def test_two_sectors_of_one_country_stay_apart(code):
    """Russia's military and Russia's government are not one actor."""
    a, b = report("a", code=code, source=RUS_MIL), report("b", code=code, source=RUS_GOV)
    assert pair_score(a, b, KNOW) is None


def test_target_unknown_in_one_report_merges_when_the_source_is_the_same():
    """A material act: "Russia struck" and "Russia struck Ukraine" (in Kyiv, that day)."""
    assert pair_score(report("a", target=None), report("b", target=UKR), KNOW) is not None


def test_verbal_act_with_a_target_unknown_in_one_report_stays_apart():
    """A speaker says many things: "Russia accused" is not "Russia accused Ukraine"."""
    a, b = report("a", code=VERBAL, target=None), report("b", code=VERBAL, target=UKR)
    assert pair_score(a, b, KNOW) is None


def test_state_and_sector_in_the_only_known_role_stays_apart():
    """One role must be the very same actor in both; a compatible one is not enough."""
    a, b = report("a", source=RUS, target=None), report("b", source=RUS_MIL, target=UKR)
    assert pair_score(a, b, KNOW) is None


@BOTH_KINDS
def test_no_actor_known_to_both_stays_apart(code):
    a, b = report("a", code=code, source=None, target=None), report("b", code=code)
    assert pair_score(a, b, KNOW) is None


@BOTH_KINDS
def test_actors_of_different_countries_stay_apart(code):
    assert pair_score(report("a", code=code, source=RUS), report("b", code=code, source=FRA), KNOW) is None
    assert pair_score(report("a", code=code, source=PUTIN), report("b", code=code, source=MACRON), KNOW) is None


# --------------------------------------------------------------------------- dates


@BOTH_KINDS
def test_day_dates_two_days_apart_merge(code):
    a = report("a", code=code, when=days(0))
    b = report("b", code=code, when=days(2))
    assert pair_score(a, b, KNOW) is not None


@BOTH_KINDS
def test_day_dates_three_days_apart_stay_apart(code):
    a = report("a", code=code, when=days(0), published=days(3))
    b = report("b", code=code, when=days(3), published=days(3))  # one publication day does not rescue it
    assert pair_score(a, b, KNOW) is None


@BOTH_KINDS
def test_month_date_in_the_same_month_as_a_day_date_merges(code):
    a = report("a", code=code, when=date(2024, 3, 1), precision="month", published=date(2024, 3, 6))
    b = report("b", code=code, when=date(2024, 3, 5), published=date(2024, 3, 5))
    assert pair_score(a, b, KNOW) is not None


@BOTH_KINDS
def test_month_date_in_another_month_than_a_day_date_stays_apart(code):
    a = report("a", code=code, when=date(2024, 2, 1), precision="month", published=date(2024, 3, 2))
    b = report("b", code=code, when=date(2024, 3, 1), published=date(2024, 3, 2))
    assert pair_score(a, b, KNOW) is None


def test_month_date_published_weeks_later_stays_apart():
    """ "In March" in an article of 28 March is not known to be the attack of 5 March: when
    either date is not to the day, the publication dates must be close too."""
    a = report("a", when=date(2024, 3, 1), precision="month", published=date(2024, 3, 28))
    b = report("b", when=date(2024, 3, 5), published=date(2024, 3, 5))
    assert pair_score(a, b, KNOW) is None


def test_year_date_merges_only_within_its_year():
    same = report("a", when=date(2024, 1, 1), precision="year", published=days(1))
    other = report("c", when=date(2023, 1, 1), precision="year", published=days(1))
    day = report("b", when=days(0))
    assert pair_score(same, day, KNOW) is not None
    assert pair_score(other, day, KNOW) is None


def test_no_event_dates_publication_five_days_apart_merges():
    """A material act: an attack is reported for days after it."""
    a = report("a", when=None, published=days(0))
    b = report("b", when=None, published=days(5))
    assert pair_score(a, b, KNOW) is not None


def test_no_event_dates_publication_ten_days_apart_stays_apart():
    a = report("a", when=None, published=days(0))
    b = report("b", when=None, published=days(10))
    assert pair_score(a, b, KNOW) is None


def test_verbal_act_without_dates_needs_publication_within_a_day():
    """ "Russia accused Ukraine" in two articles days apart is two accusations."""
    a = report("a", code=VERBAL, when=None, published=days(0))
    assert pair_score(a, report("b", code=VERBAL, when=None, published=days(1)), KNOW) is not None
    assert pair_score(a, report("c", code=VERBAL, when=None, published=days(2)), KNOW) is None
    assert pair_score(a, report("d", code=VERBAL, when=None, published=days(5)), KNOW) is None


def test_verbal_act_dated_by_one_report_compares_that_day_with_the_others_publication():
    """"Russia accused Ukraine on Monday 4 March" (article of 6 March) and an undated "Russia
    accused Ukraine" of 6 March are two days apart, more than a verbal act's one: the day the
    text gives is what happened, not the day it was printed; of 5 March, one day: one event."""
    dated = report("a", code=VERBAL, when=date(2024, 3, 4), published=date(2024, 3, 6))
    assert pair_score(dated, report("b", code=VERBAL, when=None, published=date(2024, 3, 6)), KNOW) is None
    assert pair_score(dated, report("b", code=VERBAL, when=None, published=date(2024, 3, 5)), KNOW) is not None


@BOTH_KINDS
def test_no_dates_and_no_publication_date_stays_apart(code):
    a = report("a", code=code, when=None, published=None)
    b = report("b", code=code, when=None, published=None)
    assert pair_score(a, b, KNOW) is None


# --------------------------------------------------------------------------- places


@BOTH_KINDS
def test_same_city_merges(code):
    a, b = report("a", code=code, place=KRAMATORSK), report("b", code=code, place=KRAMATORSK)
    assert pair_score(a, b, KNOW) is not None


@BOTH_KINDS
def test_city_in_the_region_named_by_the_other_merges(code):
    city, region = report("a", code=code, place=KRAMATORSK), report("b", code=code, place=DONETSK)
    assert pair_score(city, region, KNOW) is not None
    assert pair_score(region, city, KNOW) is not None


@BOTH_KINDS
def test_city_and_its_country_merge(code):
    city, whole = report("a", code=code, place=KYIV), report("b", code=code, place=UKR)
    assert pair_score(city, whole, KNOW) is not None
    assert pair_score(whole, city, KNOW) is not None


@BOTH_KINDS
def test_cities_thirty_km_apart_merge(code):
    k, b = KNOW.places[KRAMATORSK], KNOW.places[BAKHMUT]
    assert 25 < km(k, b) < 40
    assert pair_score(report("a", code=code, place=KRAMATORSK), report("b", code=code, place=BAKHMUT), KNOW) is not None


@BOTH_KINDS
def test_cities_four_hundred_km_apart_stay_apart(code):
    k, h = KNOW.places[KYIV], KNOW.places[KHARKIV]
    assert 380 < km(k, h) < 450
    assert pair_score(report("a", code=code, place=KYIV), report("b", code=code, place=KHARKIV), KNOW) is None


@BOTH_KINDS
def test_place_unknown_in_one_report_merges(code):
    assert pair_score(report("a", code=code, place=None), report("b", code=code, place=KHARKIV), KNOW) is not None


# --------------------------------------------------------------------------- cluster


@BOTH_KINDS
def test_clusters_are_complete_linkage(code):
    """Day 0 ~ day 2 ~ day 4, but day 0 and day 4 are too far apart: no event holds all three."""
    a, b, c = (report(k, code=code, when=days(n)) for k, n in (("a", 0), ("b", 2), ("c", 4)))
    assert pair_score(a, b, KNOW) is not None and pair_score(b, c, KNOW) is not None
    assert pair_score(a, c, KNOW) is None
    clusters = cluster([a, b, c], KNOW)
    assert all(len(cl.reports) < 3 for cl in clusters)
    for cl in clusters:
        for i, x in enumerate(cl.reports):
            for y in cl.reports[i + 1 :]:
                assert pair_score(x, y, KNOW) is not None
    assert partition(clusters) == {frozenset({a.iri, b.iri}), frozenset({c.iri})}


def _mixed_reports() -> list[ReportInfo]:
    return [
        report("r01", when=days(0)),
        report("r02", when=days(2)),
        report("r03", when=days(4)),  # the chain 0 ~ 2 ~ 4
        report("r04", when=days(1), source=RUS_MIL, place=KRAMATORSK, code="190"),
        report("r05", when=days(1), source=RUS_MIL, place=DONETSK, code="193"),
        report("r06", when=days(2), source=RUS_GOV, place=BAKHMUT, code="190"),  # GOV and MIL: apart
        report("r07", when=None, published=days(1), target=None),
        report("r08", when=None, published=days(5), code="195"),
        report("r09", when=None, published=days(6), source=RUS_MIL, target=UKR),
        report("r10", doc="shared", when=days(3), code="190"),
        report("r11", doc="shared", when=days(3), code="193"),  # one article, two acts
        report("r12", when=days(3), negated=True),
        report("r13", code=VERBAL, when=None, published=days(0)),
        report("r14", code=VERBAL, when=None, published=days(1)),
        report("r15", code=VERBAL, when=None, published=days(2)),
        report("r16", code="111", when=days(1), source=PUTIN),
        report("r17", when=date(2024, 3, 1), precision="month", published=days(3)),
    ]


def test_clusters_do_not_depend_on_the_input_order():
    reports = _mixed_reports()
    expected = partition(cluster(reports, KNOW))
    assert any(len(s) > 2 for s in expected) and len(expected) > 3  # not a trivial partition
    orders = [list(reversed(reports))]
    for seed in range(25):
        shuffled = list(reports)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        assert partition(cluster(order, KNOW)) == expected


def test_two_reports_are_one_event_exactly_when_their_pair_scores():
    """On its own, a pair is one event if and only if ``pair_score`` says so: the clustering
    (its ordering and pruning of clusters no later report can join) never loses a merge."""
    reports = _mixed_reports() + [
        report("x1", when=date(2024, 3, 1), precision="month", published=date(2024, 3, 28)),
        report("x2", when=date(2024, 3, 1), precision="month", published=None),
        report("x3", when=None, published=days(9)),
        report("x4", when=days(-2), published=days(20)),
    ]
    for i, a in enumerate(reports):
        for b in reports[i + 1 :]:
            together = len(cluster([a, b], KNOW)) == 1
            assert together == (pair_score(a, b, KNOW) is not None), (a.key, b.key)


def test_an_unrelated_later_report_does_not_split_an_event():
    """A report that merges with neither does not change whether two others are one event."""
    early = report("r1", when=days(0))
    late = report("r3", when=None, published=days(5))
    unrelated = report("r2", source=FRA, when=days(20))
    assert pair_score(early, late, KNOW) is not None
    assert pair_score(early, unrelated, KNOW) is None and pair_score(late, unrelated, KNOW) is None
    assert partition(cluster([early, unrelated, late], KNOW)) == {
        frozenset({early.iri, late.iri}),
        frozenset({unrelated.iri}),
    }


def test_a_report_joins_the_cluster_it_scores_best_with():
    """Two events 400 km apart (Kyiv on day 0, Kharkiv on day 1); a report from nowhere on day 1
    fits both and joins the better fit (the same day), not the first one built."""
    kyiv = report("r1", when=days(0), place=KYIV)
    kharkiv = report("r2", when=days(1), place=KHARKIV)
    nowhere = report("r3", when=days(1), place=None)
    assert pair_score(kyiv, kharkiv, KNOW) is None
    with_kyiv, with_kharkiv = pair_score(kyiv, nowhere, KNOW), pair_score(kharkiv, nowhere, KNOW)
    assert with_kyiv is not None and with_kharkiv is not None and with_kharkiv > with_kyiv
    assert partition(cluster([kyiv, kharkiv, nowhere], KNOW)) == {
        frozenset({kyiv.iri}),
        frozenset({kharkiv.iri, nowhere.iri}),
    }


def test_reports_of_different_roots_never_share_a_cluster():
    reports = [
        report("a1", code="190"),
        report("a2", code="193"),
        report("a3", code="1951"),
        report("b1", code="180"),
        report("b2", code="181"),
        report("c1", code="112"),
        report("c2", code="111"),
    ]
    clusters = cluster(reports, KNOW)
    for cl in clusters:
        assert len({r.root for r in cl.reports}) == 1
    # and the reports of one root do merge, so the test is not empty
    assert partition(clusters) == {
        frozenset({f"{ID}report/a1", f"{ID}report/a2", f"{ID}report/a3"}),
        frozenset({f"{ID}report/b1", f"{ID}report/b2"}),
        frozenset({f"{ID}report/c1", f"{ID}report/c2"}),
    }


# --------------------------------------------------------------------------- representative


def test_representative_is_the_most_confident_report():
    sure = report("z", confidence=0.9, source=None, place=None)  # says less, but surer
    unsure = report("a", confidence=0.6)
    assert representative([unsure, sure]) is sure
    assert representative([sure, unsure]) is sure


def test_representative_tie_on_confidence_goes_to_the_report_that_says_most():
    full = report("z", confidence=0.8)
    bare = report("a", confidence=0.8, place=None, target=None)
    assert representative([bare, full]) is full
    assert representative([full, bare]) is full


def test_representative_full_tie_goes_to_the_smallest_key():
    a, b = report("a", confidence=0.8), report("b", confidence=0.8)
    assert representative([b, a]) is a
    assert representative([a, b]) is a


@pytest.mark.parametrize(
    ("code", "apart"),
    [("141", False), ("145", False), ("091", False), ("190", True)],
    ids=["rally", "protest-violently", "investigate", "material-attack"],
)
def test_protests_and_investigations_without_dates_need_publication_within_a_day(code, apart):
    """Protests recur (a campaign holds a rally a day) and investigations are verbal conflict
    (QuadClass 3): reports four days apart with no dates of their own are two events; a
    material attack's reports may be a week apart."""
    a = report("a", code=code, when=None, published=DAY, place=None)
    b = report("b", code=code, when=None, published=date(2024, 3, 14), place=None)
    assert (pair_score(a, b, KNOW) is not None) is apart
    same_day = report("c", code=code, when=None, published=DAY, place=None)
    assert pair_score(a, same_day, KNOW) is not None
