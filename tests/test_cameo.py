"""kg.cameo: CAMEO code table and PETRARCH2 verb dictionary.

Every expected value below was looked up in the files under kg/data/cameo/ (line numbers
refer to CAMEO.2.0.txt).
"""

from __future__ import annotations

import time
from importlib import resources

import pytest

from kg.cameo import (
    CameoCode,
    UnknownCodeError,
    VerbMatch,
    all_codes,
    code_info,
    verb_dictionary,
)


def _eventcodes_column() -> list[str]:
    """First column of CAMEO.eventcodes.txt, read independently of kg.cameo."""
    text = resources.files("kg.data").joinpath("cameo/CAMEO.eventcodes.txt").read_text("utf-8")
    return [line.split("\t")[0] for line in text.splitlines()[1:] if line.strip()]


# --------------------------------------------------------------------------- code table


@pytest.mark.parametrize(
    ("code", "name", "goldstein", "quad_class", "plover"),
    [
        ("112", "Accuse, not specified below", -2.0, 3, "ACCUSE"),
        ("1122", "Accuse of human rights abuses", -2.0, 3, "ACCUSE"),
        ("042", "Make a visit", 1.9, 1, "CONSULT"),
        ("010", "Make statement, not specified below", 0.0, 1, None),  # no PLOVER row for 01
        ("0211", "Appeal for economic cooperation", 3.4, 1, None),  # nor for 02
        ("080", "Yield, not specified below", 5.0, 2, "CONCEDE"),
        ("163", "Impose embargo, boycott, or sanctions", -8.0, 4, "COERCE"),  # not SANCTION
        ("173", "Arrest, detain, or charge with legal action", -5.0, 4, "COERCE"),
        ("190", "Use conventional military force, not specified below", -10.0, 4, "ASSAULT"),
        ("2042", "Detonate nuclear weapons", -10.0, 4, "ASSAULT"),
    ],
)
def test_code_info_matches_tables(code, name, goldstein, quad_class, plover):
    assert code_info(code) == CameoCode(code, name, goldstein, quad_class, plover, code[:2])


def test_code_info_keeps_leading_zero():
    info = code_info("042")
    assert (info.code, info.root) == ("042", "04")


def test_code_info_root_08_takes_first_plover_row():
    assert code_info("08").plover == "CONCEDE"  # the table lists 08 as CONCEDE, then RETREAT


def test_code_info_repairs_106_glued_to_1056_row():
    assert code_info("1056").name == "Demand de-escalation of military engagement"
    assert (code_info("106").name, code_info("106").goldstein) == ("Demand withdrawal", -5.0)


def test_code_info_adds_plover_only_code_with_ancestor_goldstein():
    info = code_info("1213")  # in CAMEO2PLOVER, not in GDELT's table; 121 has -4.0
    assert info.name == "Reject judicial cooperation"
    assert (info.goldstein, info.plover) == (-4.0, "REJECT")


@pytest.mark.parametrize("bad", ["999", "42", "", "abc"])
def test_code_info_unknown_code_raises_naming_it(bad):
    with pytest.raises(ValueError, match=repr(bad)):
        code_info(bad)


def test_code_info_unknown_code_error_is_also_key_error():
    with pytest.raises(KeyError):
        code_info("999")
    assert issubclass(UnknownCodeError, ValueError)


@pytest.mark.parametrize("code", _eventcodes_column())
def test_code_info_covers_every_eventcodes_row(code):
    info = code_info(code)
    assert info.name
    assert -10.0 <= info.goldstein <= 10.0
    assert info.quad_class in (1, 2, 3, 4)
    assert (info.plover is None) == (info.root in ("01", "02"))


def test_all_codes_counts_gdelt_rows_plus_106_1213_1214():
    codes = [c.code for c in all_codes()]
    assert len(_eventcodes_column()) == 310
    assert len(codes) == 313
    assert {"106", "1213", "1214"} <= set(codes)


def test_all_codes_in_hierarchical_order():
    codes = [c.code for c in all_codes()]
    assert codes == sorted(codes)
    assert codes[:3] == ["01", "010", "011"]


# --------------------------------------------------------------------------- verb dictionary


def test_verb_dictionary_load_time_is_reported():
    verb_dictionary.cache_clear()
    start = time.perf_counter()
    dictionary = verb_dictionary()
    print(f"verb_dictionary() loaded {dictionary!r} in {time.perf_counter() - start:.3f}s")
    assert verb_dictionary() is dictionary  # cached


def test_verb_dictionary_counts_distinct_verbs():
    # 1779 distinct names on the 1817 verb lines of CAMEO.2.0.txt, plus the supplement's new ones
    assert verb_dictionary().verbs() == 1779 + 7  # URGE, RETAKE, RECAPTURE, SHORTEN, DEMOBILIZE, DEMOBILISE, EXECUTE


def test_verb_dictionary_codes_are_all_known_to_code_info():
    codes = verb_dictionary().codes()
    assert {"112", "1122", "190"} <= codes
    assert all(code_info(code) for code in codes)


def test_verb_dictionary_maps_codes_missing_from_table_to_ancestor():
    # 2059 "- * (INTO COMPUTER) [176] # HACK": 176 is not a CAMEO code in the tables
    match = verb_dictionary().match("hack", "into computer systems".split())
    assert (match.code, match.pattern) == ("17", "* (INTO COMPUTER)")


@pytest.mark.parametrize(
    ("lemma", "code", "verb"),
    [
        ("accuse", "112", "ACCUSE"),  # 7512 ACCUSE [112] in BLAME [112]
        ("warn", "130", "WARN"),  # 7693 in WARN [130]
        ("meet", "040", "MEET"),  # 5435 in MEET_PEOPLE [040]
        ("attack", "190", "ATTACK"),  # 8881 in PHYSICAL_CONFLICT [190]
        ("threaten", "130", "THREATEN"),  # 7686 in THREATEN [130]
        ("negotiate", "080", "NEGOTIATE"),  # 6814 in COMPROMISE [080]
        ("criticize", "111", "CRITICIZE"),  # 7462 in DENOUNCE [111]
        ("kill", "190", "KILL"),  # 8817 in KILL [190]
        ("shell", "190", "SHELL"),  # 8800 in GUNFIRE [190]
        ("arrest", "173", "ARREST"),  # 8134 ARREST [173] overrides APPREHEND [171]
        ("agree", "030", "AGREE"),  # supplement: "agree to" is intent (03); CAMEO.2.0.txt has 050  # 5608 in AGREE [050]
        ("lash", "180", "LASH"),  # 8491 in WHIP [180]
    ],
)
def test_match_default_code_of_verb(lemma, code, verb):
    assert verb_dictionary().match(lemma) == VerbMatch(code, verb, "")


@pytest.mark.parametrize(
    "lemma",
    [
        "launch",  # 3803 in START [---]
        "sign",  # 3624 in SIGN [---]
    ],
)
def test_match_verb_in_no_event_block_without_pattern_is_none(lemma):
    assert verb_dictionary().has_verb(lemma)
    assert verb_dictionary().match(lemma, ["the", "man"]) is None


@pytest.mark.parametrize(
    ("lemma", "after", "code", "pattern"),
    [
        ("accuse", "the army of torture", "1122", "* (OF TORTURE)"),  # 7560
        ("accuse", "russia of violating its sovereignty", "1123", "* OF VIOLAT SOVEREIGNTY"),
        ("accuse", "each other", "112", "* EACH OTHER"),  # 7584 [112:112]
        ("launch", "an attack on the city", "190", "* ATTACK"),  # 3977
        ("launch", "a rocket attack", "194", "* {ROCKET ATTACK}"),  # 3988 beats * ATTACK
        ("sign", "the treaty", "057", "* &TREATY"),  # 3639, &TREATY has TREATY
        ("sign", "a peace agreement", "057", "* {PEACE &TREATY}"),  # 3633
        ("reject", "the proposal", "120", "* &PROPOSAL"),  # 2937
        ("reject", "the peace proposal", "127", "* {PEACE &PROPOSAL}"),  # 2988
        ("refuse", "to comment", "011", "* COMMENT"),  # REFUSE block
        ("agree", "to a ceasefire", "0356", "* (TO &CEASEFIRE)"),  # 5615
        ("negotiate", "with the rebels", "050", "* (WITH)"),  # [050:050]
    ],
)
def test_match_pattern_after_verb(lemma, after, code, pattern):
    match = verb_dictionary().match(lemma, after.split())
    assert match is not None
    assert (match.code, match.pattern) == (code, pattern)


def test_match_pattern_before_verb():
    match = verb_dictionary().match("condemn", ["him"], ["the", "court"])
    assert match == VerbMatch("173", "CONDEMN", "COURT *")  # - COURT * [173] # CONDEMN


def test_match_pattern_only_applies_to_verb_its_comment_names():
    # "- * (OF TORTURE) [1122] # ACCUSE" is in the BLAME block but not BLAME's pattern
    assert verb_dictionary().match("blame", "the army of torture".split()).code == "112"


def test_match_pattern_comment_may_name_an_inflected_form():
    # 8775 "- MISSILE * [194] # BLOWN UP" belongs to +BLOW_UP {... +BLOWN_UP}
    match = verb_dictionary().match("blow", ["up"], ["the", "missile"])
    assert match == VerbMatch("194", "BLOW_UP", "MISSILE *")


def test_match_pattern_stem_matches_inflected_token():
    # VIOLAT in "* OF VIOLAT SOVEREIGNTY" matches "violated"
    assert verb_dictionary().match("accuse", "them of violated sovereignty".split()).code == "1123"


def test_match_rejoins_hyphen_split_by_tokenizer():
    # "* (OF SABRE-RATTLING) [1123]" against spaCy-style "sabre - rattling"
    assert verb_dictionary().match("accuse", "him of sabre - rattling".split()).code == "1123"


def test_match_pattern_stays_within_clause():
    after = "the minister ; later he spoke of torture".split()
    assert verb_dictionary().match("accuse", after).code == "112"


@pytest.mark.parametrize(
    ("lemma", "after", "code", "verb"),
    [
        ("lash", "out at critics", "111", "LASH_OUT"),  # 7489 +LASH_OUT in DEPLORE [111]
        ("blow", "up a bridge", "190", "BLOW_UP"),  # 8696 in EXPLOSIVE_DESTRUCTION [190]
        ("meet", "with the president", "040", "MEET_WITH"),
    ],
)
def test_match_phrasal_verb_when_particle_follows(lemma, after, code, verb):
    match = verb_dictionary().match(lemma, after.split())
    assert (match.code, match.verb) == (code, verb)


def test_match_phrasal_verb_indexed_under_lemma_of_inflected_head():
    # +KIDNAPPED_AND_KILLED {} [180]: spaCy gives lemma "kidnap" for "kidnapped"
    match = verb_dictionary().match("kidnap", ["and", "killed", "two"])
    assert (match.code, match.verb) == ("180", "KIDNAPPED_AND_KILLED")


def test_match_accepts_inflected_form_as_lemma():
    assert verb_dictionary().match("accused").verb == "ACCUSE"


@pytest.mark.parametrize("lemma", ["photosynthesize", ""])
def test_match_unknown_verb_is_none(lemma):
    # URGE only appears in pattern comments (DEMAND block), never as a verb line
    assert not verb_dictionary().has_verb(lemma)
    assert verb_dictionary().match(lemma, ["restraint"]) is None


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("sped", "speed"),  # 717 SPEED {SPEEDING SPEEDS SPED }
        ("met", "meet"),  # 5435 MEET {MEETS MET MEETING}
        ("accused", "accuse"),  # regular
        ("criticizes", "criticize"),  # regular
        ("stepped", "step"),  # regular, doubled consonant
        ("accuse", "accuse"),  # already a lemma
    ],
)
def test_lemma_of_maps_form_to_dictionary_verb(form, lemma):
    assert verb_dictionary().lemma_of(form) == lemma


def test_lemma_of_unknown_form_is_none():
    assert verb_dictionary().lemma_of("photosynthesized") is None


def test_has_verb_phrasal_only_head():
    assert verb_dictionary().has_verb("wage")  # only in +WAGE_WAR
    assert verb_dictionary().match("wage") is None


@pytest.mark.parametrize(
    ("lemma", "after", "code"),
    [
        ("refuse", ["the", "man"], "120"),  # supplement default: REFUSE [---] in CAMEO.2.0.txt
        ("reject", ["the", "proposal"], "120"),  # the main dictionary's pattern still wins
        ("refuse", ["to", "meet", "ukraine"], "125"),
        ("urge", ["ukraine", "to", "negotiate"], "020"),
        ("launch", ["a", "barrage", "of", "drones"], "190"),
        ("launch", ["126", "drones", "at", "ukraine"], "195"),
        ("launch", ["an", "initiative"], "014"),  # the main dictionary's pattern
        ("launch", ["the", "man"], None),  # still no default code
    ],
)
def test_match_supplement_verbs(lemma, after, code):
    m = verb_dictionary().match(lemma, after)
    assert (m.code if m else None) == code
