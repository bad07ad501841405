"""The extraction spec: short wire-style sentences and the events a careful CAMEO/PLOVER coder codes.

Each case is ``(sentence, published, expected, exhaustive, absent)``:

- ``expected`` lists small dicts, one per event a coder would code. An expected event is met
  if SOME predicted event has its root class and every given field equal:

  - ``root``: CAMEO root, two digits; 18, 19 and 20 are one class, written "19"; a tuple
    where CAMEO itself codes the act two ways (``EXPEL``: 161 and 174);
  - ``source`` / ``target``: the actor's country (ISO3 or "IGO"); ``None``: no such actor;
  - ``sector`` / ``target_sector``: the actor's sector (GOV, MIL, REB, COP, ... or the IGO's code);
  - ``modality``, ``negated``, ``date_precision``, ``fatalities``, ``injured``, ``quantity``:
    the event's field;
  - ``date``: ``event.date`` as "YYYY-MM-DD"; ``None``: no date;
  - ``place``: ``event.location.name`` or the location's mention text, compared without case,
    a leading "the" or a trailing "province"/"region"/...; ``None``: no place;
  - ``trigger``: a word of the trigger text (to pin the event of one clause).

  A key left out is not checked. A tuple value means "any of these" (e.g. a protest coded
  OPP or CVL, or the two sides of "talks between X and Y").
- ``exhaustive``: every predicted event must also match one of ``expected`` (no extra events).
  All the no-event sentences are exhaustive with ``expected == []``.
- ``absent``: patterns (same keys) that NO predicted event may match, e.g. an asserted attack
  in "X threatened to attack Y".

Every text is run through ``extract_events`` then ``resolve_events`` (places geocoded), parsed
once per module. Cases the extractor gets wrong today carry a non-strict ``xfail`` with the
reason: the extractor is being improved and they will start passing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pytest

from kg.records import Actor, Document, Event, Evidence, Mention, Place

PUB = date(2024, 11, 14)  # a Thursday

KEYS = frozenset(
    {
        "root", "source", "target", "sector", "target_sector", "modality", "negated", "place",
        "date", "date_precision", "fatalities", "injured", "quantity", "trigger",
    }
)  # fmt: skip


# --- the matcher ------------------------------------------------------------------------------
def root_class(code: str) -> str:
    """CAMEO root class of a code: the first two digits, with 18, 19 and 20 as one class "19"."""
    root = code[:2]
    return "19" if root in ("18", "19", "20") else root


PLACE_WORDS = ("province", "region", "oblast", "state", "governorate", "district")


def place_key(name: str | None) -> str | None:
    """A place name compared without case, a leading "the" or a trailing "province"/"region"/..."""
    if name is None:
        return None
    words = name.casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    if len(words) > 1 and words[-1] in PLACE_WORDS:
        words = words[:-1]
    return " ".join(words)


def _observed(event: Event, key: str) -> set[Any]:
    """The values of ``key`` in ``event`` that an expectation may equal."""
    loc = event.location
    if key == "root":
        return {root_class(event.cameo)}
    if key in ("source", "target"):
        actor = getattr(event, key)
        return {actor.country if actor else None}
    if key == "sector":
        return {event.source.sector if event.source else None}
    if key == "target_sector":
        return {event.target.sector if event.target else None}
    if key == "place":
        return {place_key(loc.name), place_key(loc.mention.text)} if loc is not None else {None}
    if key == "date":
        return {event.date.isoformat() if event.date else None}
    if key == "date_precision":
        return {event.date_precision if event.date else None}
    if key == "trigger":
        return set(event.trigger.text.split())
    return {getattr(event, key)}


def matches(expected: Mapping[str, Any], event: Event) -> bool:
    """True if ``event`` has every field ``expected`` gives (tuples: any of the values)."""
    unknown = set(expected) - KEYS
    if unknown:
        raise ValueError(f"unknown keys in expected event {dict(expected)}: {sorted(unknown)}")
    for key, want in expected.items():
        wanted = set(want) if isinstance(want, tuple) else {want}
        if key == "root":
            wanted = {root_class(w) for w in wanted}
        elif key == "place":
            wanted = {place_key(w) for w in wanted}
        if not wanted & _observed(event, key):
            return False
    return True


def summary(event: Event) -> str:
    """One line per predicted event, for failure messages."""
    src, tgt, loc = event.source, event.target, event.location
    return (
        f"{event.cameo} {event.trigger.text!r} "
        f"{src.country if src else None}/{src.sector if src else None}({src.mention.text if src else ''})"
        f" -> {tgt.country if tgt else None}/{tgt.sector if tgt else None}({tgt.mention.text if tgt else ''})"
        f" place={loc.name if loc else None} date={event.date}/{event.date_precision}"
        f" {event.modality} neg={event.negated} f={event.fatalities} i={event.injured} q={event.quantity}"
    )


def problems(
    events: Iterable[Event],
    expected: Iterable[Mapping[str, Any]],
    *,
    exhaustive: bool = False,
    absent: Iterable[Mapping[str, Any]] = (),
) -> list[str]:
    """What is wrong with ``events`` against the spec; empty if nothing."""
    events, expected = list(events), list(expected)
    out = [f"missing {dict(x)}" for x in expected if not any(matches(x, e) for e in events)]
    if exhaustive:
        out += [f"extra {summary(e)}" for e in events if not any(matches(x, e) for x in expected)]
    out += [f"forbidden {summary(e)}" for x in absent for e in events if matches(x, e)]
    return out


def check(events: list[Event], expected, exhaustive, absent) -> None:
    found = problems(events, expected, exhaustive=exhaustive, absent=absent)
    assert not found, "\n".join([*found, "predicted:", *(summary(e) for e in events)])


# --- the matcher on hand-made events -------------------------------------------------------------
def _actor(text: str, country: str | None, sector: str | None = None) -> Actor:
    return Actor(Mention(text, 0, len(text)), text, "STATE", country, sector)


def _event(cameo: str = "190", **fields: Any) -> Event:
    trigger = Mention(fields.pop("trigger", "shelled"), 10, 17)
    return Event("t", Evidence("t", "s", 0, trigger), cameo, None, 4, -9.0, **fields)


def test_matcher_root_classes_18_19_20_are_one():
    assert matches({"root": "19"}, _event("183")) and matches({"root": "19"}, _event("2042"))
    assert matches({"root": "18"}, _event("190"))
    assert not matches({"root": "11"}, _event("190"))
    assert matches({"root": ("16", "17")}, _event("174")) and matches({"root": ("16", "17")}, _event("161"))
    assert not matches({"root": ("16", "17")}, _event("111"))
    assert matches({"root": "04"}, _event("042")) and not matches({"root": "04"}, _event("140"))


def test_matcher_given_fields_must_equal_and_none_means_absent():
    e = _event(source=_actor("Russian forces", "RUS", "MIL"), target=_actor("Kharkiv", "UKR"), fatalities=6)
    assert matches({"root": "19", "source": "RUS", "target": "UKR", "sector": "MIL", "fatalities": 6}, e)
    assert matches({"root": "19"}, e)  # keys left out are not checked
    assert not matches({"root": "19", "source": "UKR"}, e)
    assert not matches({"root": "19", "fatalities": 7}, e)
    assert not matches({"root": "19", "injured": 6}, e)
    assert not matches({"root": "19", "place": "Kharkiv"}, e)  # an actor is not a place
    assert not matches({"root": "19", "source": None}, e)
    assert matches({"root": "19", "source": None, "place": None, "date": None}, _event())
    assert not matches({"root": "19", "sector": ("OPP", "CVL"), "target": ("UKR", "RUS")}, e)
    assert matches({"root": "19", "sector": ("OPP", "MIL"), "target": ("UKR", "RUS")}, e)
    with pytest.raises(ValueError, match="soruce"):
        matches({"root": "19", "soruce": "RUS"}, e)


def test_matcher_place_date_modality_trigger():
    loc = Place(Mention("Kyiv", 0, 4), "Kyiv", "UKR")
    e = _event(location=loc, date=date(2024, 11, 13), date_precision="day", modality="threatened", trigger="rammed")
    assert matches({"root": "19", "place": "Kyiv", "date": "2024-11-13", "date_precision": "day"}, e)
    geocoded = _event(location=Place(Mention("Kiev", 0, 4), "Kyiv", "UKR"))
    assert matches({"root": "19", "place": "Kiev"}, geocoded) and matches({"root": "19", "place": "Kyiv"}, geocoded)
    assert matches({"root": "19", "place": "Kharkiv"}, _event(location=Place(Mention("KHARKIV", 0, 7), "KHARKIV")))
    bekaa = _event(location=Place(Mention("the Bekaa Valley", 0, 16), "the Bekaa Valley"))
    assert matches({"root": "19", "place": "Bekaa Valley"}, bekaa)
    paktika = _event(location=Place(Mention("Paktika province", 0, 16), "Paktika province"))
    assert matches({"root": "19", "place": "Paktika"}, paktika)
    assert not matches({"root": "19", "place": "Bekaa"}, bekaa)
    assert not matches({"root": "19", "place": "Beirut"}, bekaa)
    assert matches({"root": "19", "modality": "threatened", "negated": False, "trigger": "rammed"}, e)
    assert not matches({"root": "19", "modality": "asserted"}, e)
    assert not matches({"root": "19", "date_precision": "month"}, e)
    assert not matches({"root": "19", "trigger": "shelled"}, e)


def test_matcher_problems_exhaustive_and_absent():
    attack = _event(source=_actor("Russia", "RUS"), target=_actor("Ukraine", "UKR"))
    threat = _event("138", source=_actor("Russia", "RUS"), target=_actor("Ukraine", "UKR"), trigger="threatened")
    assert problems([attack, threat], [{"root": "13", "source": "RUS"}]) == []
    assert problems([threat], [{"root": "19"}]) == ["missing {'root': '19'}"]
    extra = problems([attack, threat], [{"root": "13"}], exhaustive=True)
    assert len(extra) == 1 and extra[0].startswith("extra 190")
    assert problems([], [], exhaustive=True) == []
    assert problems([attack], [], exhaustive=True) != []
    forbidden = problems([attack, threat], [{"root": "13"}], absent=[{"root": "19", "modality": "asserted"}])
    assert len(forbidden) == 1 and forbidden[0].startswith("forbidden 190")
    assert problems([threat], [{"root": "13"}], absent=[{"root": "19", "modality": "asserted"}]) == []


# --- running the extractor --------------------------------------------------------------------
_CACHE: dict[tuple[str, date | None], list[Event]] = {}


@pytest.fixture(scope="module")
def run(nlp):
    """run(text, published) -> resolved events; each (text, published) is processed once."""
    from kg.extract import extract_events
    from kg.resolve import resolve_events

    def _run(text: str, published: date | None) -> list[Event]:
        key = (text, published)
        if key not in _CACHE:
            doc = Document(id="t", text=text, published=published)
            _CACHE[key] = resolve_events(doc, extract_events(nlp(text), doc))
        return _CACHE[key]

    return _run


def ev(root: str, source: Any = ..., target: Any = ..., **fields: Any) -> dict[str, Any]:
    """An expected event: ``ev("19", "RUS", "UKR", place="Kyiv")``; ``...`` leaves a role unchecked."""
    out: dict[str, Any] = {"root": root}
    if source is not ...:
        out["source"] = source
    if target is not ...:
        out["target"] = target
    out.update(fields)
    return out


def case(
    id: str,
    text: str,
    expected: list[dict[str, Any]],
    *,
    published: date | None = PUB,
    exhaustive: bool = False,
    absent: tuple[dict[str, Any], ...] = (),
    xfail: str | None = None,
):
    marks = [pytest.mark.xfail(reason=xfail, strict=False)] if xfail else []
    return pytest.param(text, published, expected, exhaustive, absent, id=id, marks=marks)


ARGS = ("sentence", "published", "expected", "exhaustive", "absent")

#: Expelling diplomats or troops: CAMEO's verb dictionary codes it 161/166 (reduce relations)
#: and 174 (expel or deport individuals) alike, so either root is right.
EXPEL = ("16", "17")


# --- 1. gazetteer: cities and regions are places, seats of power are governments ----------------
@pytest.mark.parametrize(ARGS, [
    case("city-kyiv-is-a-place",
         "Russian drones struck an energy facility in Kyiv overnight.",
         [ev("19", "RUS", "UKR", place="Kyiv")]),
    case("region-donbas-is-a-place",
         "Ukrainian troops repelled a Russian assault in Donbas on Tuesday.",
         [ev("19", "UKR", "RUS", sector="MIL", place="Donbas"), ev("19", "RUS", "UKR", place="Donbas")],
         xfail="the nominal 'a Russian assault' (RUS->UKR) is not coded; only 'repelled' is"),
    case("peninsula-crimea-is-a-place",
         "Ukrainian sea drones hit a Russian landing ship off Crimea.",
         [ev("19", "UKR", "RUS", place="Crimea")]),
    case("tbilisi-is-a-place",
         "Thousands of protesters rallied in Tbilisi against the government's decision to freeze EU accession talks.",
         [ev("14", "GEO", "GEO", sector=("OPP", "CVL"), target_sector="GOV", place="Tbilisi")]),
    case("riyadh-is-a-place-of-talks",
         "Saudi Arabia hosted talks between US and Russian officials in Riyadh.",
         [ev("04", ("USA", "RUS"), ("USA", "RUS"), place="Riyadh")],
         xfail="coded 039 SAU->USA on 'hosted'; the talks between US and Russian officials are no event"),
    case("kremlin-is-russian-government",
         "The Kremlin rejected a Ukrainian proposal for a Christmas truce.",
         [ev("12", "RUS", "UKR", sector="GOV")]),
    case("white-house-is-us-government",
         "The White House condemned Venezuela's crackdown on opposition leaders.",
         [ev("11", "USA", "VEN", sector="GOV")]),
    case("pentagon-is-us-military",
         "The Pentagon sent two aircraft carriers to the eastern Mediterranean.",
         [ev("15", "USA", sector="MIL")],
         xfail="sending carriers coded 062 (military cooperation) instead of 15 (force posture)"),
    case("downing-street-is-uk-government",
         "Downing Street criticised Beijing over the jailing of pro-democracy activists in Hong Kong.",
         [ev("11", "GBR", "CHN", sector="GOV")]),
    case("elysee-is-french-government",
         "The Elysee Palace condemned the military takeover in Niger.",
         [ev("11", "FRA", "NER", sector="GOV")]),
])  # fmt: skip
def test_spec_gazetteer(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 2. actors: titles, appositions, modifiers, agent nouns ------------------------------------------
@pytest.mark.parametrize(ARGS, [
    case("title-president-name-not-in-dictionary",
         "Kenyan President William Ruto praised Tanzania for reopening the border.",
         [ev("05", "KEN", "TZA", sector="GOV")]),
    case("title-foreign-minister",
         "Polish Foreign Minister Radoslaw Sikorski accused Belarus of pushing migrants across the border.",
         [ev("11", "POL", "BLR", sector="GOV")]),
    case("surnames-of-leaders",
         "Erdogan met Vucic in Ankara.",
         [ev("04", "TUR", "SRB", sector="GOV", target_sector="GOV", place="Ankara")], exhaustive=True),
    case("apposition-after-name",
         "Claudia Sheinbaum, Mexico's president, criticised the new US tariffs on steel.",
         [ev("11", "MEX", "USA", sector="GOV")]),
    case("apposition-igo-head",
         "The head of the UN nuclear watchdog, Rafael Grossi, visited the Zaporizhzhia nuclear plant.",
         [ev("04", "IGO", "UKR")],
         xfail="target: 'the Zaporizhzhia nuclear plant' not coded UKR"),
    case("modifier-police-cop",
         "Turkish police detained dozens of protesters in Istanbul.",
         [ev("17", "TUR", "TUR", sector="COP", target_sector=("OPP", "CVL"), place="Istanbul")]),
    case("modifier-rebels-reb",
         "Sudanese rebels seized a town near the border with Chad.",
         [ev("19", "SDN", sector="REB")], absent=(ev("19", target="TCD"),)),
    case("modifier-soldiers-mil-journalists-med",
         "Israeli soldiers arrested two Palestinian journalists in Hebron.",
         [ev("17", "ISR", "PSE", sector="MIL", target_sector="MED", place="Hebron")]),
    case("modifier-guerrillas-reb",
         "Colombian guerrillas ambushed an army patrol in Cauca, killing four soldiers.",
         [ev("19", "COL", "COL", sector="REB", target_sector="MIL", fatalities=4)]),
    case("agent-prosecutors-jud",
         "Brazilian prosecutors charged former president Jair Bolsonaro with plotting a coup.",
         [ev("17", "BRA", "BRA", sector="JUD")]),
    case("protesters-in-city-country-from-place",
         "Protesters in Sofia demanded the resignation of the Bulgarian government.",
         [ev(("10", "14"), "BGR", "BGR", sector=("OPP", "CVL"), target_sector="GOV")]),
    case("igo-security-council",
         "The UN Security Council condemned the military takeover in Niger.",
         [ev("11", "IGO", "NER", sector="UNO")]),
    case("militant-group-hamas",
         "Hamas fighters fired rockets at southern Israel.",
         [ev("19", "PSE", "ISR", sector="REB")]),
    case("apposition-gives-the-sector",
         "Maria Kolesnikova, an opposition candidate, accused the Belarusian government of rigging the vote.",
         [ev("11", "BLR", "BLR", sector="OPP", target_sector="GOV")]),
    case("surname-the-dictionary-knows",
         "President Museveni accused Kenya of harbouring rebels.",
         [ev("11", "UGA", "KEN", sector="GOV")], exhaustive=True),
    case("administration-named-after-president",
         "The Obama administration imposed sanctions on Venezuela.",
         [ev("16", "USA", "VEN", sector="GOV")], exhaustive=True),
    case("people-coded-by-residence-modifier",
         "Bosnian Serbs accused Croatia of stoking tensions.",
         [ev("11", "BIH", "HRV")], exhaustive=True),
    case("people-coded-by-residence-of-phrase",
         "Ethnic Hungarians in Romania criticised the government in Bucharest.",
         [ev("11", "ROU", "ROU")], absent=(ev("11", source="HUN"),)),
    case("ethnic-target-where-the-event-happens",
         "Serbian police arrested five ethnic Albanians in southern Serbia.",
         [ev("17", "SRB", "SRB", sector="COP")], absent=(ev("17", target="ALB"),)),
    case("regional-code-gives-way-to-nationality",
         "The Palestinian Islamic Jihad movement fired rockets at Israel.",
         [ev("19", "PSE", "ISR", sector="REB")]),
    case("officeholder-of-the-sentence-country",
         "Judge Maria Lopez ordered the arrest of three Peruvian army officers.",
         [ev("17", "PER", "PER", sector="JUD")]),
    case("led-by-a-country",
         "Saudi-led forces bombed rebel positions near Sanaa.",
         [ev("19", "SAU", "YEM", sector="MIL")]),
    case("religious-group-of-the-sentence-country",
         "Pakistani police arrested dozens of Shia protesters in Karachi.",
         [ev("17", "PAK", "PAK", sector="COP")]),
    case("officeholder-of-no-country-when-two-are-named",
         "Judge Maria Lopez ordered the arrest of a Peruvian general and a Chilean colonel.",
         [], absent=(ev("17", source="PER"), ev("17", source="CHL"))),
    case("border-guards-and-troops",
         "Indian border guards exchanged fire with Pakistani troops in Kashmir.",
         [ev("19", "IND", "PAK", target_sector="MIL", place="Kashmir")]),
    case("legislature-tagged-as-a-name",
         "The Kenyan president criticised Parliament for blocking the finance bill.",
         [ev("11", "KEN", "KEN", target_sector="LEG")]),
    case("symbols-name-no-actor",
         "🙂🙂🙂 Russia attacked 🙂", [ev("19", "RUS", None)], exhaustive=True),
])  # fmt: skip
def test_spec_actors(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 3. metonymy, definite descriptions, pronouns ------------------------------------------------
@pytest.mark.parametrize(ARGS, [
    case("metonymy-moscow",
         "Moscow expelled two Estonian diplomats on Monday.",
         [ev(EXPEL, "RUS", "EST")], exhaustive=True),
    case("metonymy-beijing-manila",
         "Beijing accused Manila of provoking tensions in the South China Sea.",
         [ev("11", "CHN", "PHL")]),
    case("metonymy-kyiv-minsk",
         "Kyiv condemned Minsk for hosting Russian nuclear weapons.",
         [ev("11", "UKR", "BLR")]),
    case("metonymy-washington-tehran",
         "Washington imposed fresh sanctions on Tehran over its drone exports.",
         [ev("16", "USA", "IRN")]),
    case("metonymy-compound-ankara-athens",
         "Ankara and Athens agreed to resume talks on maritime borders.",
         [ev("03", "TUR", "GRC"), ev("03", "GRC", "TUR")]),
    case("definite-the-argentine-leader",
         "Argentine President Javier Milei arrived in Madrid on Tuesday. "
         "The Argentine leader later met Spanish Prime Minister Pedro Sanchez.",
         [ev("04", "ARG", "ESP", sector="GOV", target_sector="GOV", trigger="met")]),
    case("definite-the-premier",
         "Finnish Prime Minister Petteri Orpo travelled to Warsaw on Monday. "
         "The premier signed a defence cooperation pact with Poland.",
         [ev("05", "FIN", "POL", sector="GOV")]),
    case("definite-the-us-leader",
         "Joe Biden spoke with Xi Jinping for two hours. The US leader urged Beijing to rein in North Korea.",
         [ev("04", "USA", "CHN", sector="GOV"), ev("02", "USA", "CHN", sector="GOV")]),
    case("definite-the-two-leaders",
         "Kazakh President Kassym-Jomart Tokayev received Chinese leader Xi Jinping in Astana. "
         "The two leaders signed dozens of cooperation agreements.",
         [ev("05", "KAZ", "CHN"), ev("05", "CHN", "KAZ")]),
    case("pronoun-he",
         "Serbian President Aleksandar Vucic dismissed the EU report on Wednesday. "
         "He accused Brussels of meddling in Serbia's affairs.",
         [ev("12", "SRB", "IGO", sector="GOV"), ev("11", "SRB", "IGO", sector="GOV")],
         xfail="'dismissed' coded 016 not 12; Brussels coded BEL, not the EU (IGO)"),
    case("pronoun-she",
         "Italian Prime Minister Giorgia Meloni visited Tunisia on Sunday. "
         "She praised the Tunisian government for curbing migrant departures.",
         [ev("05", "ITA", "TUN", sector="GOV")]),
    case("pronoun-it-country",
         "Azerbaijan accused Iran of spying on its officials. It then recalled its ambassador from Tehran.",
         [ev("11", "AZE", "IRN"), ev("16", "AZE", "IRN", trigger="recalled")]),
    case("pronoun-they",
         "Chinese coast guard vessels blocked two Philippine supply boats. They then rammed one of the boats.",
         [ev("19", "CHN", "PHL", trigger="rammed")],
         xfail="'They' not resolved and 'rammed' not coded"),
    case("the-attack-refers-to-the-last-attacker",
         "Israeli jets struck a camp near Rafah on Monday. Egypt condemned the attack.",
         [ev("19", "ISR"), ev("11", "EGY", "ISR", trigger="condemned")]),
    case("both-ministers-after-two-named",
         "Indian Foreign Minister S. Jaishankar met his Chinese counterpart Wang Yi in Beijing. "
         "Both ministers agreed to resume direct flights.",
         [ev("03", "IND", "CHN", trigger="agreed"), ev("03", "CHN", "IND", trigger="agreed")]),
    case("two-leaders-need-two-named",
         "Kenyan President William Ruto arrived in Addis Ababa. The two leaders signed a trade pact.",
         [], absent=(ev("05", source="KEN", target="KEN"),)),
])  # fmt: skip
def test_spec_coreference(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 4. triggers: nominal and verbal, several events, compound actors --------------------------------
@pytest.mark.parametrize(ARGS, [
    case("nominal-talks-between",
         "Talks between Armenia and Azerbaijan ended without agreement in Almaty.",
         [ev("04", ("ARM", "AZE"), ("ARM", "AZE"), place="Almaty")]),
    case("nominal-barrage",
         "A Russian missile barrage overnight knocked out power across western Ukraine.",
         [ev("19", "RUS", "UKR")],
         xfail="no target: 'across western Ukraine' not coded UKR"),
    case("nominal-annexation-possessive",
         "Russia's annexation of Crimea in 2014 prompted the first Western sanctions.",
         [ev("19", "RUS", "UKR", date="2014-01-01", date_precision="year")]),
    case("nominal-strike-possessive",
         "Israel's strike on Beirut killed three senior Hezbollah commanders.",
         [ev("19", "ISR", "LBN", place="Beirut", fatalities=3)]),
    case("nominal-meeting-between",
         "The meeting between Chinese President Xi Jinping and US President Joe Biden lasted four hours.",
         [ev("04", ("CHN", "USA"), ("CHN", "USA"), sector="GOV")]),
    case("nominal-visit-possessive",
         "Modi's visit to Kyiv came weeks after he embraced Putin in Moscow.",
         [ev("04", "IND", "UKR", place="Kyiv")]),
    case("nominal-sanctions-on",
         "New EU sanctions on Belarus target its potash exports.",
         [ev("16", "IGO", "BLR")]),
    case("nominal-ceasefire-between",
         "A ceasefire between Israel and Hezbollah took effect on Wednesday.",
         [ev("08", ("ISR", "LBN"), ("ISR", "LBN"))],
         xfail="'ceasefire' coded 074 (peacekeeping) instead of 0871; no target"),
    case("nominal-bombardment-and-condemnation",
         "Iran's bombardment of Kurdish groups in northern Iraq drew condemnation from Baghdad.",
         [ev("19", "IRN", "IRQ"), ev("11", "IRQ", "IRN")],
         xfail="'Kurdish groups in northern Iraq' not coded IRQ; 'condemnation from Baghdad' not coded"),
    case("two-verbs-accused-and-expelled",
         "Pakistan accused India of sponsoring militants and expelled an Indian diplomat.",
         [ev("11", "PAK", "IND"), ev(EXPEL, "PAK", "IND")]),
    case("compound-source",
         "Hungary and Slovakia criticised the EU's new migration pact.",
         [ev("11", "HUN", "IGO"), ev("11", "SVK", "IGO")], exhaustive=True),
    case("compound-target",
         "Russia praised India and Brazil for refusing to join Western sanctions.",
         [ev("05", "RUS", "IND"), ev("05", "RUS", "BRA")]),
    case("compound-three-sources-two-targets",
         "Egypt, Qatar and the United States urged Israel and Hamas to accept a ceasefire.",
         [ev("02", "EGY", ("ISR", "PSE")), ev("02", "QAT", ("ISR", "PSE")), ev("02", "USA", ("ISR", "PSE"))]),
    case("compound-signing-with-place",
         "Britain and Norway signed a defence agreement in Oslo.",
         [ev("05", "GBR", "NOR", place="Oslo"), ev("05", "NOR", "GBR", place="Oslo")],
         xfail="'signed a defence agreement' coded 062 instead of 057; 'in Oslo' taken as target, place lost"),
    case("expelling-peacekeepers-is-a-sanction",
         "Mali expelled United Nations peacekeepers from the north.",
         [ev("16", "MLI", "IGO")], absent=(ev("17"),)),
    case("withdrawing-observers-announced-is-a-threat",
         "The OSCE said it will withdraw its monitors from eastern Ukraine.",
         [ev("13", "IGO")], absent=(ev("16", modality="asserted"),)),
    case("executions-of-people",
         "Iran executed two protesters on Thursday.",
         [ev("19", "IRN", "IRN", target_sector="OPP", fatalities=2)]),
    case("executing-a-plan-is-no-killing",
         "The army executed its plan to retake the town.", [], absent=(ev("19"),)),
    case("crowd-of-protesters",
         "Thousands marched in Belgrade demanding the resignation of the government.",
         [ev("14", "SRB", sector="OPP", place="Belgrade")]),
    case("sent-to-is-the-target",
         "NATO deployed additional troops to Lithuania.",
         [ev(("07", "15"), "IGO", "LTU")], exhaustive=True),
])  # fmt: skip
def test_spec_triggers(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 5. roles: passive, accuse-of, possessives, control verbs, relative clauses, reported speech --------
@pytest.mark.parametrize(ARGS, [
    case("passive-shelled-by",
         "A hospital in Kherson was shelled by Russian artillery on Sunday.",
         [ev("19", "RUS", "UKR", sector="MIL", place="Kherson")]),
    case("passive-seized-by",
         "Two Chinese fishing boats were seized by the Indonesian navy.",
         [ev("17", "IDN", "CHN", sector="MIL")]),
    case("passive-expelled-by",
         "The Dutch ambassador was expelled by Nicaragua on Friday.",
         [ev(EXPEL, "NIC", "NLD")], exhaustive=True),
    case("passive-without-agent",
         "Two Ukrainian villages were shelled overnight.",
         [ev("19", None, "UKR")]),
    case("accused-of",
         "Venezuela accused Guyana of provoking a border crisis.",
         [ev("11", "VEN", "GUY")]),
    case("complaint-against",
         "Thailand filed a complaint against Cambodia at the United Nations.",
         [ev("11", "THA", "KHM")]),
    case("possessive-strikes-and-reporter",
         "Pakistan's airstrikes on Afghanistan killed eight people, Kabul said.",
         [ev("19", "PAK", "AFG", fatalities=8), ev("01", "AFG")],
         xfail="fatalities go to a separate 'killed' event without target; 'airstrikes on Afghanistan' has none"),
    case("xcomp-agreed-to-share",
         "Japan and South Korea agreed to share missile warning data in real time.",
         [ev("03", "JPN", "KOR"), ev("03", "KOR", "JPN")]),
    case("xcomp-offered-to-mediate",
         "Qatar offered to mediate between Rwanda and Congo.",
         [ev("03", "QAT", ("RWA", "COD"))]),
    case("xcomp-began-withdrawing",
         "Ethiopia began withdrawing its troops from Somalia.",
         [ev("08", "ETH", "SOM")]),
    case("relative-clause-which",
         "Azerbaijan, which retook Karabakh from Armenian forces in 2023, signed a peace framework with Armenia.",
         [ev("05", "AZE", "ARM"), ev("19", "AZE", "ARM", date="2023-01-01", date_precision="year")],
         xfail="no event: relative clause 'which retook' and 'signed a peace framework with' both missed"),
    case("relative-clause-who",
         "Pakistani police arrested a man who attacked a Chinese convoy in Karachi.",
         [ev("17", "PAK", sector="COP"), ev("19", target="CHN", place="Karachi")]),
    case("apposition-title-after-name",
         "Hakan Fidan, Turkey's foreign minister, met Syrian leader Ahmed al-Sharaa in Damascus.",
         [ev("04", "TUR", "SYR", sector="GOV", target_sector="GOV", place="Damascus")], published=date(2025, 3, 1)),
    case("reported-speech-said",
         "Poland said Belarusian border guards attacked its soldiers on Saturday.",
         [ev("01", "POL"), ev("19", "BLR", "POL", target_sector="MIL")],
         xfail="target 'its soldiers' coded POL without MIL sector"),
    case("reported-speech-according-to",
         "Israeli troops killed two Palestinian gunmen in Jenin, according to the Palestinian health ministry.",
         [ev("19", "ISR", "PSE", sector="MIL", place="Jenin", fatalities=2)]),
    case("possessive-bombing-of",
         "Israel's bombing of Iranian air defences drew a sharp rebuke from Moscow.",
         [ev("19", "ISR", "IRN"), ev("11", "RUS", "ISR")],
         xfail="nominal 'a sharp rebuke from Moscow' (11 RUS->ISR) not coded"),
    case("facing-criticism-from-swaps-the-roles",
         "Georgia is facing criticism from the European Union over its foreign agents law.",
         [ev("11", "IGO", "GEO")], absent=(ev("11", source="GEO"),)),
    case("background-prepositions-name-no-target",
         "Months after the fall of Bashar al-Assad's government, interim President Ahmed al-Sharaa signed a constitutional declaration.",
         [], absent=(ev("05", target="SYR"),)),
])  # fmt: skip
def test_spec_roles(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 6. negation, modality, intention ---------------------------------------------------------
NOT_ASSERTED_ATTACK = ev("19", modality="asserted")
DENIED_SUPPORT = tuple(ev(root, modality="asserted") for root in ("05", "06", "07"))  # support, aid: denied


@pytest.mark.parametrize(ARGS, [
    case("negated-did-not-strike",
         "Israel did not strike Iranian oil facilities, officials said.",
         [ev("19", "ISR", "IRN", negated=True, modality="negated")], absent=(NOT_ASSERTED_ATTACK,)),
    case("negated-has-not-expelled",
         "Iraq has not expelled the Turkish ambassador, the foreign ministry said.",
         [ev(EXPEL, "IRQ", "TUR", negated=True)], absent=(ev(EXPEL, modality="asserted"),)),
    case("negated-will-never-attack",
         "Armenia will never attack Azerbaijan, Prime Minister Nikol Pashinyan said.",
         [ev("19", "ARM", "AZE", negated=True), ev("01", "ARM", sector="GOV")], absent=(NOT_ASSERTED_ATTACK,),
         xfail="speaker 'Prime Minister Nikol Pashinyan' gets no country"),
    case("threatened-to-sanction",
         "China threatened to impose sanctions on Lithuania.",
         [ev("13", "CHN", "LTU")], absent=(ev("16", modality="asserted"),)),
    case("threatened-to-annex",
         "Venezuela threatened to annex part of Guyana.",
         [ev("13", "VEN", "GUY")], absent=(NOT_ASSERTED_ATTACK,)),
    case("warned-it-would-respond",
         "Beijing warned that it would respond forcefully to any US arms sales to Taiwan.",
         [ev("13", "CHN", ("USA", "TWN"))]),
    case("may-expel-possible",
         "Pakistan may expel Afghan diplomats, a minister said.",
         [ev(EXPEL, "PAK", "AFG", modality="possible")], absent=(ev(EXPEL, modality="asserted"),)),
    case("plans-to-expel-intended",
         "Sweden plans to expel three Iranian diplomats.",
         [ev(EXPEL, "SWE", "IRN", modality="intended")], absent=(ev(EXPEL, modality="asserted"),),
         xfail="'plans' coded 130 (threaten); no intended expulsion event"),
    case("intends-to-file-case",
         "The Philippines intends to file a new case against China at an international tribunal.",
         [ev("11", "PHL", "CHN", modality="intended")], absent=(ev("11", modality="asserted"),)),
    case("refused-to-meet",
         "Viktor Orban refused to meet the Ukrainian president in Budapest.",
         [ev("12", "HUN", "UKR", sector="GOV")], absent=(ev("04", modality="asserted"),)),
    case("refused-to-sign",
         "Slovakia refused to sign the joint statement on Ukraine.",
         [ev("12", "SVK")], absent=(ev("05", modality="asserted"),)),
    case("denied-supplying",
         "Tehran denied supplying ballistic missiles to Moscow.",
         [ev("01", "IRN")], absent=DENIED_SUPPORT),
    case("denied-backing",
         "Rwanda denied backing the M23 rebels in eastern Congo.",
         [ev("01", "RWA")], absent=DENIED_SUPPORT),
    case("purpose-clause-is-no-act",
         "Egypt sent troops to Sudan to help its army expel the rebels from Khartoum.",
         [ev("06", "EGY", "SDN")], absent=(ev("17"),)),
    case("denied-that-clause-is-not-asserted",
         "Israel denied that its forces had attacked the hospital in Gaza.",
         [], absent=(ev("19", source="ISR", modality="asserted"),)),
    case("urged-act-is-not-done",
         "The EU has been urging Serbia to recognise Kosovo.",
         [ev("02", "IGO", "SRB")], absent=(ev("05"), ev("03", source="IGO"))),
    case("showing-willingness-is-no-protest",
         "A deal is possible if Russia demonstrated genuine willingness to negotiate, Zelensky said.",
         [], absent=(ev("14"),)),
])  # fmt: skip
def test_spec_modality(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 7. the event's place ----------------------------------------------------------------------
@pytest.mark.parametrize(ARGS, [
    case("near-city",
         "Gunmen attacked a police checkpoint near Peshawar, killing three officers.",
         [ev("19", target="PAK", target_sector="COP", place="Peshawar", fatalities=3)]),
    case("outside-city",
         "Ethiopian troops clashed with Fano militiamen outside Gondar on Sunday.",
         [ev("19", "ETH", sector="MIL", place="Gondar")]),
    case("city-comma-region",
         "Russian glide bombs hit Kostiantynivka, Donetsk region, killing two civilians.",
         [ev("19", "RUS", "UKR", place="Kostiantynivka", fatalities=2)]),
    case("town-comma-country",
         "Gunmen attacked Solhan, Burkina Faso, killing 100 people.",
         [ev("19", "BFA", "BFA", sector="UAF", place="Solhan", fatalities=100)]),
    case("in-province",
         "Pakistani jets bombed a village in Paktika province, Afghan officials said.",
         [ev("19", "PAK", "AFG", place="Paktika")]),
    case("outside-parliament-in-city",
         "Kenyan police fired tear gas at protesters outside parliament in Nairobi.",
         [ev("17", "KEN", "KEN", sector="COP", target_sector=("OPP", "CVL"), place="Nairobi")]),
    case("dateline-ap",
         "KHARKIV, Ukraine (AP) — Russian missiles struck a residential building on Tuesday, officials said.",
         [ev("19", "RUS", "UKR", place="Kharkiv", date="2024-11-12")]),
    case("dateline-overridden-by-stated-place",
         "BEIRUT (Reuters) - Israeli jets struck targets in the Bekaa Valley overnight.",
         [ev("19", "ISR", "LBN", place="Bekaa Valley")], absent=(ev("19", place="Beirut"),)),
    case("two-places-two-events",
         "Polish President Andrzej Duda, speaking in Vilnius, condemned the Russian strike on Lviv.",
         [ev("11", "POL", "RUS", place="Vilnius"), ev("19", "RUS", "UKR", place="Lviv")],
         xfail="'speaking in Vilnius' not the place; 'the Russian strike on Lviv' not coded; Lviv taken as the target"),
    case("place-of-exercise-not-of-speaker",
         "Chinese and Russian warships held joint exercises in the Sea of Japan, Tokyo said.",
         [ev("06", ("CHN", "RUS"), ("CHN", "RUS"), place="Sea of Japan")], absent=(ev("06", place="Tokyo"),)),
    case("conjoined-nationalities-fight-each-other",
         "Indian and Chinese troops clashed in the Galwan valley.",
         [ev("19", "IND", "CHN", sector="MIL"), ev("19", "CHN", "IND", sector="MIL")], exhaustive=True),
    case("sea-not-coastal-country",
         "Houthi rebels attacked a cargo ship in the Red Sea off the coast of Yemen.",
         [ev("19", "YEM", sector="REB", place="Red Sea")], absent=(ev("19", place="Yemen"),)),
    case("no-place-stated",
         "Norway recognised the State of Palestine.",
         [ev("05", "NOR", "PSE", place=None)], exhaustive=True),
    case("two-places-tagged-as-one-name",
         "Police detained dozens of protesters in the city of Omsk in Siberia.",
         [ev("17", "RUS", "RUS", sector="COP", place="Omsk")]),
])  # fmt: skip
def test_spec_places(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 8. the event's date, against the published date (Thursday 2024-11-14) -------------------------
@pytest.mark.parametrize(ARGS, [
    case("on-weekday",
         "Georgian police raided opposition party offices on Wednesday.",
         [ev(("17", "19"), "GEO", "GEO", sector="COP", date="2024-11-13", date_precision="day")]),
    case("on-weekday-fronted",
         "On Saturday, Algeria recalled its ambassador to France.",
         [ev("16", "DZA", "FRA", date="2024-11-09", date_precision="day")]),
    case("yesterday",
         "Colombia suspended peace talks with the ELN rebels yesterday.",
         [ev("16", "COL", "COL", target_sector="REB", date="2024-11-13", date_precision="day")]),
    case("today",
         "Ghana and Togo signed a border security pact today.",
         [ev("05", ("GHA", "TGO"), ("GHA", "TGO"), date="2024-11-14", date_precision="day")]),
    case("hours-earlier",
         "Hours earlier, Israeli strikes hit southern Lebanon.",
         [ev("19", "ISR", "LBN", date="2024-11-14", date_precision="day")]),
    case("last-month",
         "Moldova expelled a Russian diplomat last month.",
         [ev(EXPEL, "MDA", "RUS", date="2024-10-01", date_precision="month")]),
    case("last-year",
         "Niger expelled French troops last year.",
         [ev(EXPEL, "NER", "FRA", date="2023-01-01", date_precision="year")]),
    case("in-year",
         "China and Russia signed a gas supply deal in 2019.",
         [ev("05", ("CHN", "RUS"), ("CHN", "RUS"), date="2019-01-01", date_precision="year")]),
    case("in-month-year",
         "In March 2023, Honduras broke diplomatic ties with Taiwan.",
         [ev("16", "HND", "TWN", date="2023-03-01", date_precision="month")]),
    case("absolute-day",
         "Mali expelled the French ambassador on January 31, 2022.",
         [ev(EXPEL, "MLI", "FRA", date="2022-01-31", date_precision="day")]),
    case("weekday-without-published-is-unknown",
         "Mali expelled the French ambassador on Monday.",
         [ev(EXPEL, "MLI", "FRA", date=None)], published=None),
    case("year-without-published",
         "Ethiopia and Eritrea signed a peace deal in 2018.",
         [ev("05", ("ETH", "ERI"), ("ETH", "ERI"), date="2018-01-01", date_precision="year")], published=None),
    case("no-date-stated",
         "Chad ended its defence pact with France.",
         [ev("16", "TCD", "FRA", date=None)]),
])  # fmt: skip
def test_spec_dates(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 9. magnitudes: fatalities, injured, counts -------------------------------------------------
@pytest.mark.parametrize(ARGS, [
    case("killed-and-wounded-at-least",
         "An Israeli airstrike on a school in Gaza City killed 15 people and wounded at least 40.",
         [ev("19", "ISR", "PSE", place="Gaza City", fatalities=15, injured=40)]),
    case("drones-quantity",
         "Russia fired 57 attack drones at Ukrainian cities overnight.",
         [ev("19", "RUS", "UKR", quantity=57)]),
    case("more-than-killed",
         "Jihadist fighters killed more than 100 soldiers in an attack on a base in Burkina Faso.",
         [ev("19", target="BFA", target_sector="MIL", fatalities=100)]),
    case("number-word-twelve",
         "Nigerian soldiers killed twelve Boko Haram fighters in Borno state.",
         [ev("19", "NGA", "NGA", sector="MIL", fatalities=12, place="Borno")]),
    case("a-dozen",
         "Indian troops killed a dozen militants in Kashmir.",
         [ev("19", "IND", sector="MIL", fatalities=12)]),
    case("wounded-only",
         "A Ukrainian drone attack on Belgorod wounded nine people, the regional governor said.",
         [ev("19", "UKR", "RUS", injured=9, place="Belgorod")]),
    case("at-least-villagers",
         "Myanmar military airstrikes killed at least 28 villagers in Sagaing.",
         [ev("19", "MMR", "MMR", sector="MIL", fatalities=28)],
         xfail="source 'Myanmar military airstrikes' coded as the state Myanmar, without the MIL sector 'military' gives"),
    case("killing-and-wounding-gerunds",
         "Militants ambushed a convoy in North Waziristan, killing seven soldiers and wounding five.",
         [ev("19", target="PAK", fatalities=7, injured=5)]),
    case("car-bomb-killed-and-injured",
         "A car bomb in Mogadishu killed at least eight people and injured 20 others.",
         [ev("19", target="SOM", place="Mogadishu", fatalities=8, injured=20)]),
    case("over-hundreds-of-thousands",
         "Syrian government forces killed over 200,000 civilians during the war, a monitoring group said.",
         [ev("19", "SYR", "SYR", sector=("MIL", "GOV"), fatalities=200_000)]),
    case("arrests-quantity",
         "Israeli police arrested 14 Palestinians in East Jerusalem.",
         [ev("17", "ISR", "PSE", sector="COP", quantity=14)]),
    case("number-word-compound-abducted",
         "Gunmen abducted forty-two passengers from a bus in Niger state, Nigerian police said.",
         [ev("19", target="NGA", quantity=42)]),
    case("casualty-sentence-completes-the-attack",
         "Russian forces shelled Kharkiv on Monday. Three civilians were killed and 12 were wounded.",
         [ev("19", "RUS", "UKR", fatalities=3, injured=12, place="Kharkiv")], exhaustive=True),
    case("passive-count-is-the-dead",
         "Four soldiers were killed by a landmine near the town of Kidal.",
         [ev("19", "MLI", target_sector="MIL", fatalities=4, place="Kidal")]),
    case("one-described-victim",
         "Unidentified gunmen killed a police officer in Peshawar on Tuesday.",
         [ev("19", "PAK", "PAK", target_sector="COP", fatalities=1, place="Peshawar", date="2024-11-12")]),
    case("killed-when-clause-is-one-event",
         "Five civilians were killed when Russian forces shelled Kherson city on Sunday.",
         [ev("19", "RUS", "UKR", sector="MIL", fatalities=5, date="2024-11-10", place="Kherson")],
         exhaustive=True),
    case("clashes-between-two-sides",
         "Nine people were killed in clashes between herders and farmers in Benue state.",
         [ev("19", "NGA", "NGA", sector="AGR", fatalities=9)]),
])  # fmt: skip
def test_spec_magnitudes(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)


# --- 10. no political event at all -----------------------------------------------------------------
@pytest.mark.parametrize(ARGS, [
    case("sport-club-beat-club",
         "Manchester City beat Real Madrid 3-1 in the Champions League on Tuesday.", [], exhaustive=True),
    case("sport-country-defeated-country",
         "Brazil defeated Argentina 2-0 in a World Cup qualifier in Rio de Janeiro.", [], exhaustive=True),
    case("sport-thrashed",
         "Bayern Munich thrashed Dinamo Zagreb 9-2 at the Allianz Arena.", [], exhaustive=True),
    case("sport-tennis-final",
         "Novak Djokovic beat Carlos Alcaraz in straight sets to win the title in Paris.", [], exhaustive=True),
    case("sport-record",
         "Kenyan runner Faith Kipyegon broke the world record in the 1,500 metres.", [], exhaustive=True),
    case("sport-olympic-gold",
         "France's Leon Marchand won gold in the 200m butterfly.", [], exhaustive=True),
    case("weather-floods",
         "Heavy rain flooded parts of Valencia, and forecasters expect more storms this weekend.",
         [], exhaustive=True),
    case("weather-heatwave",
         "A heatwave pushed temperatures above 45 degrees Celsius in Pakistan's Sindh province.",
         [], exhaustive=True),
    case("earthquake-struck",
         "A magnitude 6.1 earthquake struck off the coast of Chile, with no reports of damage.",
         [], exhaustive=True),
    case("markets-nikkei",
         "The Nikkei index rose 1.2 percent in Tokyo as chip stocks rallied.", [], exhaustive=True),
    case("markets-currency",
         "The Indian rupee weakened against the dollar on Friday.", [], exhaustive=True),
    case("markets-oil",
         "Oil prices fell after OPEC data showed higher output in October.", [], exhaustive=True),
    case("economy-exports",
         "China's exports grew 7 percent in October, customs data showed.", [], exhaustive=True),
    case("central-bank-rates",
         "Australia's central bank kept interest rates unchanged at 4.35 percent.", [], exhaustive=True),
    case("stocks-record",
         "Apple shares hit a record high on Wall Street.", [], exhaustive=True),
    case("celebrity-concerts",
         "Taylor Swift announced three extra concert dates in London.", [], exhaustive=True),
    case("science-new-species",
         "Scientists in Japan discovered a new species of deep-sea fish.", [], exhaustive=True),
    case("space-launch",
         "The European Space Agency launched a weather satellite from French Guiana.", [], exhaustive=True),
    case("recipe",
         "Add the onions and fry them until golden, then stir in the tomatoes.", [], exhaustive=True),
    case("product-launch",
         "The new smartphone goes on sale in the United States and Canada next week.", [], exhaustive=True),
    case("statement-about-no-one",
         "Finance Minister Jeremy Hunt said on Monday that inflation fell to 4 percent.", [], exhaustive=True),
    case("joint-statement-is-no-dialogue",
         "Kenyan and Ugandan officials said the border would stay open.", [], exhaustive=True),
    case("praise-by-no-one-the-coder-can-name",
         "Residents praised the quick response of the Japanese fire brigade.", [], exhaustive=True),
    case("meeting-with-no-counterpart",
         "Kenya's cabinet met on Tuesday.", [], exhaustive=True),
    case("improvement-of-no-actor",
         "Security for Ukraine has improved since the summer.", [], exhaustive=True),
    case("population-shares",
         "Kurds constitute about 10 percent of Syria's population.", [], exhaustive=True),
    case("credit-line",
         "Reuters correspondent Ana Ruiz in Geneva contributed to this report.", [], exhaustive=True),
    case("newsroom-is-no-addressee",
         "A State Department spokesperson told Reuters the review was continuing.", [], exhaustive=True),
    case("earthquake-kills",
         "A magnitude 6.1 earthquake struck eastern Turkey on Sunday, killing three people.", [], exhaustive=True),
    case("flood-victims",
         "Twelve people were killed by floods in northern Nigeria, the emergency agency said.", [], exhaustive=True),
    case("currency-hits-a-low",
         "The Kenyan shilling hit a record low against the dollar on Tuesday.", [], exhaustive=True),
    case("tourists-visit",
         "Thousands of tourists visited Paris over the holiday weekend.", [], exhaustive=True),
    case("expected-announcement",
         "The French government is expected to announce its budget next week.", [], exhaustive=True),
    case("supranational-adjective-is-no-country",
         "WASHINGTON (AP) — European leaders praised the decision, a Republican senator said.", [], exhaustive=True),
    case("coercion-by-no-actor",
         "Falling oil revenues have not curbed Russia's territorial ambitions.", [], exhaustive=True),
    case("words-by-a-thing-someone-owns",
         "Biden's economic record contrasts sharply with his foreign policy.", [], exhaustive=True),
    case("space-capsule-launched",
         "The capsule was launched via a Falcon 9 rocket from the Kennedy Space Center in Florida.", [], exhaustive=True),
])  # fmt: skip
def test_spec_no_event(run, sentence, published, expected, exhaustive, absent):
    check(run(sentence, published), expected, exhaustive, absent)
