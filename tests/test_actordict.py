"""kg.actordict: the Phoenix CAMEO dictionaries plus geokg's supplement, read as the files say.

Every expectation below was checked against the dictionary files in kg/data/actors/
(the Phoenix line is quoted where it matters).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from kg.actordict import ActorDictionary, ActorEntry, actor_dictionary


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return actor_dictionary()


def test_actor_dictionary_is_built_once(d):
    assert actor_dictionary() is d


def test_importing_the_module_loads_no_data():
    code = "import sys, kg.actordict; print('pycountry' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Ukraine", "UKR"),
        ("Ukrainian", "UKR"),  # +UKRAINIAN_
        ("Kyiv", "UKR"),  # +KYIV_
        ("Kiev", "UKR"),  # +KIEV_
        ("Russia", "RUS"),  # RUSSIAN_FEDERATION_ [RUS] +RUSSIA_
        ("Russian", "RUS"),
        ("Moscow", "RUS"),  # +MOSCOW_
        ("United States", "USA"),
        ("U.S.", "USA"),  # +U.S.
        ("US", "USA"),  # +US_
        ("American", "USA"),  # +AMERICAN_
        ("Washington", "USA"),
        ("Beijing", "CHN"),
        ("Britain", "GBR"),
        ("Crimea", "UKR"),  # +CRIMEA_ under UKRAINE_
    ],
)
def test_country_of_place_and_demonym(d, word, country):
    assert d.country_of(word) == country


@pytest.mark.parametrize(
    ("words", "country"),
    [
        (["Russia", "'s"], "RUS"),  # possessive token
        (["Russia's"], "RUS"),
        (["Russians"], "RUS"),  # +RUSSIAN is a stem (no trailing _)
        (["Ukrainians"], "UKR"),  # plural of a country word
        (["Americans"], "USA"),
    ],
)
def test_possessives_and_plurals_of_country_words(d, words, country):
    assert d.lookup(words).country == country


def test_country_entry_is_a_state_with_title_case_name(d):
    entry = d.lookup(["Ukraine"])
    assert (entry.name, entry.code, entry.country, entry.sector, entry.kind) == ("Ukraine", "UKR", "UKR", None, "STATE")


def test_country_block_head_gives_the_name(d):
    assert d.lookup(["Russia"]).name == "Russian Federation"  # RUSSIAN_FEDERATION_ [RUS]


def test_cameo_code_that_pycountry_knows_under_another_code_is_mapped(d):
    entry = d.lookup(["East", "Timor"])  # TIMOR_LESTE_ ... [TMP >990830]
    assert (entry.code, entry.country) == ("TMP", "TLS")


def test_historic_codes_stay(d):
    assert d.lookup(["Soviet", "Union"]).country == "SUN"


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(1991, 8, 23), "USRUKR"),  # [USRUKR <910824]: before that day
        (date(1991, 8, 24), "UKRUNR"),  # [UKRUNR 910824-911221]
        (date(1991, 12, 22), "UKR"),  # [UKR >911221]
        (None, "UKR"),  # no date: the latest-starting entry
    ],
)
def test_dated_country_codes(d, on, code):
    assert d.lookup(["Ukraine"], on).code == code


# --------------------------------------------------------------------------- institutions, organisations


def test_the_kremlin_is_the_russian_government(d):
    entry = d.lookup(["the", "Kremlin"])  # KREMLIN_ +RUSSIAN_WHITE_HOUSE [RUSGOV]
    assert (entry.code, entry.country, entry.sector, entry.kind) == ("RUSGOV", "RUS", "GOV", "ORG")


@pytest.mark.parametrize(
    "words",
    [["the", "Kremlin"], ["The", "United", "Nations"], ["the", "Taliban"]],
)
def test_leading_the_is_ignored(d, words):
    assert d.lookup(words) == d.lookup(words[1:])


@pytest.mark.parametrize(
    "words",
    [
        ["UN"],
        ["U.N."],
        ["United", "Nations"],
        ["the", "United", "Nations"],
        ["UN", "Security", "Council"],
        ["U.N.", "Security", "Council"],
        ["Security", "Council"],  # UN_SECURITY_COUNCIL_ +SECURITY_COUNCIL
    ],
)
def test_united_nations_is_igo_uno(d, words):
    entry = d.lookup(words)
    assert (entry.code, entry.country, entry.sector) == ("IGOUNO", "IGO", "UNO")


@pytest.mark.parametrize("words", [["NATO"], ["North", "Atlantic", "Treaty", "Organization"]])
def test_nato_is_igo_wst_nat(d, words):
    entry = d.lookup(words)  # NATO_ +NORTH_ATLANTIC_TREATY_ORGANIZATION_ [IGOWSTNAT]
    assert (entry.code, entry.country, entry.sector, entry.kind) == ("IGOWSTNAT", "IGO", "WSTNAT", "ORG")


def test_organisation_acronym_keeps_upper_case(d):
    assert d.lookup(["NATO"]).name == "NATO"


@pytest.mark.parametrize(
    ("words", "code", "country", "sector"),
    [
        (["Taliban"], "AFGREB", "AFG", "REB"),  # TALIBAN_ [AFGREB]
        (["Hamas"], "PSEREBHMS", "PSE", "REB"),  # HAMAS_ ... [PSEREBHMS]
        (["Islamic", "Resistance", "Movement"], "PSEREBHMS", "PSE", "REB"),  # +ISLAMIC_RESISTANCE_MOVEMENT
        (["Hezbollah"], "LBNREB", "LBN", "REB"),  # HEZBOLLAH_ [LBNREB]
        (["al-Qaeda"], "IMGMUSALQ", "IMG", "MUSALQ"),
    ],
)
def test_militant_groups_from_the_milnonstate_file(d, words, code, country, sector):
    entry = d.lookup(words)
    assert (entry.code, entry.country, entry.sector, entry.kind) == (code, country, sector, "ORG")


# --------------------------------------------------------------------------- people and dates


def test_putin_in_2013_is_russian_government(d):
    entry = d.lookup(["Vladimir", "Putin"], date(2013, 1, 1))  # [RUSGOV >080508]
    assert (entry.name, entry.country, entry.sector, entry.kind) == ("Vladimir Putin", "RUS", "GOV", "PERSON")


def test_trump_in_2025_comes_from_the_supplement(d):
    entry = d.lookup(["Donald", "Trump"], date(2025, 6, 4))  # [USAGOV >250120]
    assert (entry.code, entry.start, entry.end) == ("USAGOV", date(2025, 1, 20), None)


def test_trump_surname_in_first_term(d):
    entry = d.lookup(["Trump"], date(2019, 1, 1))  # [USAGOV 170120-210120]
    assert (entry.name, entry.code, entry.start, entry.end) == ("Donald Trump", "USAGOV", date(2017, 1, 20), date(2021, 1, 20))


@pytest.mark.parametrize(
    "words",
    [["Volodymyr", "Zelensky"], ["Volodymyr", "Zelenskyy"], ["Zelenskyy"], ["Zelensky"], ["Zelenskiy"], ["President", "Zelensky"]],
)
def test_zelensky_spellings_in_2025(d, words):
    entry = d.lookup(words, date(2025, 6, 4))  # [UKRGOV >190520]
    assert (entry.name, entry.country, entry.sector) == ("Volodymyr Zelensky", "UKR", "GOV")


def test_out_of_office_gives_the_person_without_sector(d):
    entry = d.lookup(["Trump"], date(2022, 1, 1))  # between the two terms
    assert (entry.name, entry.kind, entry.country, entry.sector, entry.code) == ("Donald Trump", "PERSON", "USA", None, "USA")
    assert (entry.start, entry.end) == (date(2017, 1, 20), date(2021, 1, 20))  # the nearest term


def test_undated_code_applies_out_of_office(d):
    entry = d.lookup(["Mikhail", "Gorbachev"], date(2000, 1, 1))  # ... [RUSELI]
    assert (entry.code, entry.sector) == ("RUSELI", "ELI")


def test_no_date_gives_the_latest_starting_entry(d):
    assert d.lookup(["Trump"]).start == date(2025, 1, 20)


@pytest.mark.parametrize(
    ("words", "on", "code"),
    [
        (["Viktor", "Yanukovych"], date(2012, 1, 1), "UKRGOV"),  # [UKRGOV 100401-140222]
        (["Viktor", "Yanukovych"], date(2016, 1, 1), "UKRELI"),  # [UKRELI]
        (["Sergei", "Lavrov"], date(2000, 1, 1), "RUSGOV"),  # Phoenix's [RUSGOV 19940922-20040712], kept
        (["Ban", "Ki-moon"], date(2005, 1, 1), "KORGOVBUS"),  # Phoenix's [KORGOVBUS 041001-061130], kept
        (["Ban", "Ki-moon"], date(2010, 1, 1), "IGOUNO"),
        (["Petro", "Poroshenko"], date(2016, 1, 1), "UKRGOV"),
        (["Poroshenko"], date(2021, 1, 1), "UKROPP"),
        (["Jens", "Stoltenberg"], date(2020, 1, 1), "IGOWSTNAT"),
        (["Mark", "Rutte"], date(2025, 6, 4), "IGOWSTNAT"),
        (["Antonio", "Guterres"], date(2025, 6, 4), "IGOUNO"),
        (["Sybiha"], date(2025, 6, 4), "UKRGOV"),
        (["Marco", "Rubio"], date(2025, 6, 4), "USAGOV"),
        (["Wang", "Yi"], date(2025, 6, 4), "CHNGOV"),
        (["Xi", "Jinping"], date(2025, 6, 4), "CHNGOV"),
    ],
)
def test_dated_entries_pick_the_term_valid_on_the_date(d, words, on, code):
    assert d.lookup(words, on).code == code


@pytest.mark.parametrize(
    ("words", "on"),
    [
        (["Angela", "Merkel"], date(2023, 1, 1)),  # Phoenix: [DEUGOV >051122]
        (["Chancellor", "Merkel"], date(2023, 1, 1)),  # a Phoenix synonym, superseded too
        (["Obama"], date(2020, 1, 1)),  # Phoenix: [USAGOV >090120]
        (["Poroshenko"], date(2019, 7, 1)),  # Phoenix: [UKRGOV > 20140607]
    ],
)
def test_supplement_closes_terms_phoenix_left_open(d, words, on):
    assert d.lookup(words, on).sector is None


def test_entries_lists_every_code_of_a_phrase(d):
    codes = {e.code for e in d.entries(["Trump"])}
    assert codes == {"USAGOV"} and len(d.entries(["Trump"])) == 2


def test_person_names_are_title_cased_from_the_head(d):
    assert d.lookup(["Putin"]).name == "Vladimir Putin"  # VLADIMIR_PUTIN_ +PUTIN_


def test_max_words_covers_the_longest_phrase(d):
    assert d.max_words >= len("United Nations Educational Scientific and Cultural Organization".split())


# --------------------------------------------------------------------------- agents


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["president"], "GOV"),  # PRESIDENT [~GOV]
        (["soldiers"], "MIL"),  # SOLDIER [~MIL], regular plural
        (["soldier"], "MIL"),
        (["rebels"], "REB"),  # REBEL [~REB]
        (["protesters"], "OPP"),  # PROTESTER [~OPP]
        (["militants"], "UAF"),  # MILITANT [~UAF]
        (["police"], "COP"),  # POLICE {} [~COP]
        (["policemen"], "COP"),  # POLICE!PERSON! with !PERSON! = MAN, MEN, ...
        (["thieves"], "CRM"),  # THIEF {THIEVES} [~CRM]
        (["foreign", "minister"], "GOV"),  # FOREIGN_!MINIST! [~GOV]
        (["foreign", "ministers"], "GOV"),
        (["minister", "for", "defence"], "GOVMIL"),  # !MINIST! FOR_DEFENCE [~GOVMIL]
        (["the", "president"], "GOV"),
        (["peacekeeping", "troops"], "IGO"),  # PEACEKEEPING_TROOPS {} [IGO~]
    ],
)
def test_agent_nouns_give_sector_codes(d, words, code):
    assert d.agent(words) == code


# --------------------------------------------------------------------------- unknowns


@pytest.mark.parametrize("words", [["Zzyzx", "Quorble"], ["the"], []])
def test_unknown_phrase_is_none(d, words):
    assert d.lookup(words) is None


def test_unknown_agent_is_none(d):
    assert d.agent(["zzyzx"]) is None


def test_unknown_country_word_is_none(d):
    assert d.country_of("Zzyzx") is None


def test_entry_is_frozen(d):
    entry = d.lookup(["Ukraine"])
    assert isinstance(entry, ActorEntry)
    with pytest.raises(AttributeError):
        entry.code = "RUS"  # type: ignore[misc]


# --------------------------------------------------------------------------- the supplement file


def test_every_supplement_group_has_codes_with_ordered_dates_up_to_2025():
    from kg.actordict import _SUPPLEMENT_FILE, _parse_actor_text, _read

    groups = _parse_actor_text(_read(_SUPPLEMENT_FILE), _SUPPLEMENT_FILE)
    assert 60 <= len(groups) <= 220
    for group in groups:
        assert group.codes, group.names
        for code, start, end, dated in group.codes:
            assert not dated or start or end, (group.names[0], code)  # every date was read
            assert start is None or end is None or start <= end, (group.names[0], code)
            assert all(day is None or date(1940, 1, 1) <= day <= date(2025, 12, 31) for day in (start, end))


# --------------------------------------------------------------------------- people in the news since 2014


@pytest.mark.parametrize(
    ("words", "on", "name", "country", "sector"),
    [
        # ended terms, looked up after they ended: the person, no sector
        ("Sheikh Hasina", date(2024, 9, 1), "Sheikh Hasina", "BGD", None),  # [BGDGOV 090106-240805]
        ("Sheikh Hasina Wajed", date(2024, 9, 1), "Sheikh Hasina", "BGD", None),  # Phoenix's [BGDGOV >090201] superseded
        ("Sheikh Hasina", date(2015, 1, 1), "Sheikh Hasina", "BGD", "GOV"),
        ("Alexei Navalny", date(2021, 1, 17), "Alexei Navalny", "RUS", "OPP"),  # [RUSOPP <240217]
        ("Navalny", date(2024, 3, 1), "Alexei Navalny", "RUS", None),  # died 2024-02-16
        ("Justin Trudeau", date(2025, 6, 1), "Justin Trudeau", "CAN", None),  # [CANGOV 151104-250314]
        ("Yoon Suk Yeol", date(2023, 5, 1), "Yoon Suk Yeol", "KOR", "GOV"),
        ("Yoon Suk-yeol", date(2025, 1, 15), "Yoon Suk Yeol", "KOR", None),  # suspended 2024-12-14
        # a coup, a war, a fall: the code changes on the day
        ("Min Aung Hlaing", date(2021, 1, 31), "Min Aung Hlaing", "MMR", "MIL"),  # [MMRMIL <210201]
        ("Min Aung Hlaing", date(2021, 2, 1), "Min Aung Hlaing", "MMR", "GOV"),  # [MMRGOV >210201]
        ("Hemedti", date(2022, 1, 1), "Mohamed Hamdan Dagalo", "SDN", "MIL"),  # RSF before the war
        ("Mohamed Hamdan Dagalo", date(2023, 4, 15), "Mohamed Hamdan Dagalo", "SDN", "REB"),
        ("Abu Mohammed al-Jolani", date(2020, 1, 1), "Ahmed Al-Sharaa", "SYR", "REB"),  # [SYRREBMUS <241208]
        ("Ahmed al-Sharaa", date(2025, 3, 1), "Ahmed Al-Sharaa", "SYR", "GOV"),
        ("Abu Mohammad al-Golani", date(2025, 3, 1), "Ahmed Al-Sharaa", "SYR", "GOV"),  # a Phoenix synonym
        ("Abdel Fattah al-Burhan", date(2023, 4, 15), "Abdel Fattah Al-Burhan", "SDN", "GOV"),
        ("Lee Jae-myung", date(2023, 6, 1), "Lee Jae-Myung", "KOR", "OPP"),
        ("Lee Jae-myung", date(2025, 6, 4), "Lee Jae-Myung", "KOR", "GOV"),
        ("Mette Frederiksen", date(2017, 1, 1), "Mette Frederiksen", "DNK", "OPP"),
        ("Prabowo", date(2022, 1, 1), "Prabowo Subianto", "IDN", "GOV"),  # [IDNGOVMIL ...]: defence minister
        # surname-only synonyms and transliterations
        ("Pashinyan", date(2024, 11, 14), "Nikol Pashinyan", "ARM", "GOV"),
        ("Tshisekedi", date(2024, 11, 14), "Felix Tshisekedi", "COD", "GOV"),
        ("Aleksandr Lukashenko", date(2024, 11, 14), "Alexander Lukashenko", "BLR", "GOV"),
        ("Alyaksandr Lukashenka", date(2024, 11, 14), "Alexander Lukashenko", "BLR", "GOV"),  # Phoenix's head
        ("Svetlana Tikhanovskaya", date(2021, 6, 1), "Sviatlana Tsikhanouskaya", "BLR", "OPP"),
        ("Kim Jong-un", date(2018, 6, 12), "Kim Jong Un", "PRK", "GOV"),
        ("Pedro Sánchez", date(2024, 11, 14), "Pedro Sanchez", "ESP", "GOV"),  # accent folded
        ("Bongbong Marcos", date(2024, 11, 14), "Ferdinand Marcos Jr.", "PHL", "GOV"),
        ("Ferdinand Marcos Jr.", date(2024, 11, 14), "Ferdinand Marcos Jr.", "PHL", "GOV"),
        # Phoenix's closed past terms stay with the superseding group
        ("Kasymzhomart Tokayev", date(2000, 6, 1), "Kassym-Jomart Tokayev", "KAZ", "GOV"),  # [KAZGOV 991001-020128]
        ("Kassym-Jomart Tokayev", date(2022, 1, 5), "Kassym-Jomart Tokayev", "KAZ", "GOV"),
        ("William Samoei Ruto", date(2009, 1, 1), "William Ruto", "KEN", "GOV"),  # [KENGOVAGR 080501-100531]
        ("Ruto", date(2024, 11, 14), "William Ruto", "KEN", "GOV"),
        # armed groups and UN agencies, coded as Phoenix codes them
        ("Naim Qassem", date(2024, 11, 14), "Naim Qassem", "LBN", "REB"),  # as HEZBOLLAH_ [LBNREB]
        ("Khalifa Haftar", date(2019, 4, 4), "Khalifa Haftar", "LBY", "MIL"),
        ("Rafael Grossi", date(2024, 11, 14), "Rafael Grossi", "IGO", "UNOIAE"),  # as IAEA_ [IGOUNOIAE]
        ("Dr. Tedros", date(2020, 3, 11), "Tedros Adhanom Ghebreyesus", "IGO", "UNOHLHWHO"),
        ("Tewodros Adhanom", date(2014, 1, 1), "Tedros Adhanom Ghebreyesus", "ETH", "GOV"),  # Phoenix's spelling
    ],
)
def test_people_in_the_news_since_2014(d, words, on, name, country, sector):
    entry = d.lookup(words, on)
    assert (entry.name, entry.country, entry.sector, entry.kind) == (name, country, sector, "PERSON")


@pytest.mark.parametrize("word", ["Sharif", "Ahmed", "Lee", "Kim", "Sanchez", "Petro", "Ibrahim", "Noboa", "Marcos"])
def test_ambiguous_surnames_are_no_synonyms(d, word):
    entry = d.lookup([word], date(2024, 11, 14))
    assert entry is None or entry.kind != "PERSON"
