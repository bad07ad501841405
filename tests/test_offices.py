"""kg.offices: the table of terms of office and the office phrases of news text.

The expectations on holders are public record; every holder must be a person kg.actordict knows
under exactly the table's name, so that an office mention and a name mention get one node.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import pytest

from kg.actordict import PERSON, actor_dictionary
from kg.offices import IGO_TITLES, TITLES, Term, _parse, holder, office_of, offices, titles

REQUIRED = (
    "USA RUS UKR CHN FRA DEU GBR ISR IRN TUR IND PAK JPN KOR PRK SAU EGY SYR IRQ AFG BLR POL HUN "
    "ITA ESP CAN AUS BRA MEX ARG VEN NGA KEN ETH ZAF SDN GEO ARM AZE KAZ QAT ARE JOR LBN IGO"
).split()


@pytest.fixture(scope="module")
def terms() -> tuple[Term, ...]:
    return offices()


# --------------------------------------------------------------------------- the table


def test_table_is_read_once(terms):
    assert offices() is terms
    assert len(terms) > 600


def test_every_holder_is_a_person_the_dictionary_knows_by_that_name(terms):
    d = actor_dictionary()
    wrong = []
    for name in sorted({t.holder for t in terms}):
        entry = d.lookup(name.split())
        if entry is None or entry.name != name or entry.kind != PERSON:
            wrong.append((name, entry and (entry.name, entry.kind)))
    assert not wrong


def test_every_holder_has_a_code_of_the_rows_country(terms):
    # Catches a namesake: the dictionary's person must belong to the country (or to an IGO,
    # e.g. Josep Borrell, known to the dictionary only by his EU posts). An IGO's officers come
    # from national posts (Barroso, Van Rompuy), so IGO rows are not checked here.
    d = actor_dictionary()
    wrong = []
    for t in terms:
        if t.country == "IGO":
            continue
        countries = {e.country for e in d.entries(t.holder.split())}
        if t.country not in countries and "IGO" not in countries:
            wrong.append((t.country, t.office, t.holder))
    assert not wrong


def test_no_two_terms_of_one_office_overlap(terms):
    by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for t in terms:
        by_office[(t.country, t.office)].append(t)
    overlaps = []
    for key, rows in by_office.items():
        rows.sort(key=lambda t: t.start)
        for before, after in zip(rows, rows[1:]):
            if before.end is None or before.end > after.start:
                overlaps.append((key, before.holder, after.holder, after.start))
    assert not overlaps


def test_offices_and_countries_are_of_the_vocabulary(terms):
    import pycountry

    iso3 = {c.alpha_3 for c in pycountry.countries}
    for t in terms:
        assert t.office in titles()
        assert (t.country == "IGO") == (t.office in IGO_TITLES)
        assert t.country == "IGO" or t.country in iso3


def test_dates_are_ordered_and_uncertain_days_are_firsts_of_the_month(terms):
    for t in terms:
        assert t.end is None or t.start < t.end
        if not t.start_certain:
            assert t.start.day == 1
        if t.end is not None and not t.end_certain:
            assert t.end.day == 1
    assert any(not t.start_certain for t in terms)  # the "?" marks are read


def test_table_covers_the_countries_of_the_brief(terms):
    countries = {t.country for t in terms}
    assert set(REQUIRED) <= countries
    heads = {"president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader"}
    for country in REQUIRED:
        offices_here = {t.office for t in terms if t.country == country}
        if country != "IGO":
            assert offices_here & heads, country


def test_titles_is_the_fixed_vocabulary():
    assert titles() == TITLES
    states = {"president", "prime minister", "chancellor", "foreign minister", "defence minister"}
    igos = {"UN secretary-general", "NATO secretary-general", "European Commission president"}
    assert states | igos <= titles()


# --------------------------------------------------------------------------- holder


@pytest.mark.parametrize(
    ("country", "office", "on", "name"),
    [
        ("UKR", "president", date(2025, 3, 1), "Volodymyr Zelensky"),
        ("UKR", "president", date(2018, 1, 1), "Petro Poroshenko"),
        ("USA", "president", date(2023, 6, 1), "Joe Biden"),
        ("USA", "president", date(2025, 6, 1), "Donald Trump"),
        ("DEU", "chancellor", date(2020, 1, 1), "Angela Merkel"),
        ("GBR", "prime minister", date(2023, 1, 1), "Rishi Sunak"),
        ("RUS", "foreign minister", date(2022, 3, 1), "Sergey Lavrov"),
        ("RUS", "president", date(2010, 1, 1), "Dmitry Medvedev"),
        ("RUS", "prime minister", date(2010, 1, 1), "Vladimir Putin"),
        ("USA", "foreign minister", date(2014, 1, 1), "John Kerry"),
        ("CHN", "president", date(2020, 1, 1), "Xi Jinping"),
        ("FRA", "president", date(2010, 1, 1), "Nicolas Sarkozy"),
        ("ISR", "prime minister", date(2024, 1, 1), "Benjamin Netanyahu"),
        ("IRN", "supreme leader", date(2015, 1, 1), "Ali Khamenei"),
        ("SAU", "crown prince", date(2020, 1, 1), "Mohammed bin Salman"),
        ("KOR", "president", date(2005, 1, 1), "Roh Moo Hyun"),
        ("IGO", "UN secretary-general", date(2010, 1, 1), "Ban Ki-Moon"),
        ("IGO", "NATO secretary-general", date(2020, 1, 1), "Jens Stoltenberg"),
        ("IGO", "European Commission president", date(2022, 1, 1), "Ursula von der Leyen"),
    ],
)
def test_holder_on_a_date(country, office, on, name):
    assert holder(country, office, on) == name


def test_start_is_inclusive_and_end_exclusive():
    assert holder("USA", "president", date(2021, 1, 19)) == "Donald Trump"
    assert holder("USA", "president", date(2021, 1, 20)) == "Joe Biden"
    assert holder("DEU", "chancellor", date(2021, 12, 7)) == "Angela Merkel"
    assert holder("DEU", "chancellor", date(2021, 12, 8)) == "Olaf Scholz"


def test_holder_takes_phrases_lower_case_codes_and_datetimes():
    assert holder("ukr", "President", datetime(2025, 3, 1, 12, 30)) == "Volodymyr Zelensky"
    assert holder("USA", "secretary of state", date(2019, 1, 1)) == "Mike Pompeo"
    assert holder("CHN", "premier", date(2015, 1, 1)) == "Li Keqiang"
    assert holder("GBR", "foreign secretary", date(2017, 1, 1)) == "Boris Johnson"


@pytest.mark.parametrize(
    ("country", "office", "on"),
    [
        ("USA", "president", date(1950, 1, 1)),  # before the table's coverage
        ("UKR", "president", date(1990, 1, 1)),
        ("XXX", "president", date(2020, 1, 1)),  # unknown country
        ("ATA", "president", date(2020, 1, 1)),  # a code the table does not list
        ("USA", "emperor", date(2020, 1, 1)),  # not an office of the vocabulary
        ("USA", "deputy prime minister", date(2020, 1, 1)),
        ("GBR", "president", date(2020, 1, 1)),  # an office the country does not have
    ],
)
def test_holder_is_none_outside_the_table(country, office, on):
    assert holder(country, office, on) is None


# --------------------------------------------------------------------------- office_of


@pytest.mark.parametrize(
    ("phrase", "office"),
    [
        ("president", "president"),
        ("President", "president"),
        ("PRESIDENT", "president"),
        ("premier", "prime minister"),
        ("Premier", "prime minister"),
        ("PM", "prime minister"),
        ("P.M.", "prime minister"),
        ("prime minister", "prime minister"),
        ("Prime Minister", "prime minister"),
        ("foreign minister", "foreign minister"),
        ("foreign secretary", "foreign minister"),
        ("Secretary of State", "foreign minister"),
        ("foreign affairs minister", "foreign minister"),
        ("minister of foreign affairs", "foreign minister"),
        ("Minister for Foreign Affairs", "foreign minister"),
        ("external affairs minister", "foreign minister"),
        ("defense minister", "defence minister"),
        ("defence minister", "defence minister"),
        ("defense secretary", "defence minister"),
        ("Defence Secretary", "defence minister"),
        ("minister of defence", "defence minister"),
        ("Minister of Defense", "defence minister"),
        ("secretary of defense", "defence minister"),
        ("chancellor", "chancellor"),
        ("Chancellor", "chancellor"),
        ("king", "king"),
        ("King", "king"),
        ("queen", "queen"),
        ("emir", "emir"),
        ("Emir", "emir"),
        ("crown prince", "crown prince"),
        ("supreme leader", "supreme leader"),
        ("Supreme Leader", "supreme leader"),
        ("secretary-general", "secretary-general"),
        ("secretary general", "secretary-general"),
        ("Secretary-General", "secretary-general"),
        ("vice president", "vice president"),
        ("vice-president", "vice president"),
        ("Vice-President", "vice president"),
        ("UN secretary-general", "UN secretary-general"),
        ("U.N. Secretary General", "UN secretary-general"),
        ("NATO secretary general", "NATO secretary-general"),
        ("European Commission president", "European Commission president"),
        ("president of the European Commission", "European Commission president"),
        ("European Council president", "European Council president"),
        ("EU foreign policy chief", "EU high representative"),
        # leading words that keep the holder in office
        ("the president", "president"),
        ("acting president", "president"),
        ("interim prime minister", "prime minister"),
        ("new prime minister", "prime minister"),
    ],
)
def test_office_of_normalises_office_phrases(phrase, office):
    assert office_of(phrase.split()) == office
    assert office_of(phrase) == office  # a string is split on blanks


def test_office_of_takes_tokens_with_hyphens_and_dots():
    assert office_of(["Vice", "-", "President"]) == "vice president"
    assert office_of(["secretary", "-", "general"]) == "secretary-general"
    assert office_of(["Prime", "Minister"]) == "prime minister"


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "minister",
        "deputy prime minister",
        "first deputy prime minister",
        "deputy foreign minister",
        "vice premier",
        "chancellor of the exchequer",
        "general secretary",  # of a party: not the UN's secretary-general
        "former president",
        "ex-president",
        "late king",
        "president-elect",
        "prime minister-designate",
        "the then foreign minister",
        "emperor",
        "Russia's foreign minister",  # the country is the caller's to resolve
    ],
)
def test_office_of_is_none_for_other_phrases(phrase):
    assert office_of(phrase) is None


# --------------------------------------------------------------------------- the format


HEADER = "country\toffice\tholder\tstart\tend"


def test_parse_reads_uncertain_dates_and_open_ends():
    rows = ["UKR\tpresident\tX Y\t2019-05-01?\t", "UKR\tprime minister\tZ W\t2016-04-14\t2019-08-29?"]
    text = "\n".join(["# comment", HEADER, *rows]) + "\n"
    first, second = _parse(text)
    assert (first.start, first.start_certain, first.end) == (date(2019, 5, 1), False, None)
    assert (second.end, second.end_certain) == (date(2019, 8, 29), False)
    assert second.start_certain
    assert first.covers(date(2030, 1, 1)) and not first.covers(date(2019, 4, 30))


@pytest.mark.parametrize(
    "text",
    [
        "UKR\tpresident\tX\t2019-05-20\t\n",  # no header
        HEADER + "\nUKR\tpope\tX\t2019-05-20\t\n",  # office not in the vocabulary
        HEADER + "\nUKR\tpresident\tX\t20190520\t\n",  # bad date
        HEADER + "\nUKR\tpresident\tX\t2019-05-20\t2019-05-20\n",  # end not after start
        HEADER + "\nUKR\tpresident\tX\t2019-05-20\n",  # a column short
        HEADER + "\nIGO\tpresident\tX\t2019-05-20\t\n",  # IGO with a state office
        HEADER + "\nUSA\tUN secretary-general\tX\t2019-05-20\t\n",  # state with an IGO office
        HEADER + "\nUSA\tpresident\t\t2019-05-20\t\n",  # no holder
    ],
)
def test_parse_rejects_malformed_tables(text):
    with pytest.raises(ValueError):
        _parse(text)
