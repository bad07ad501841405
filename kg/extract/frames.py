"""Frames: coded verbal and nominal triggers with the tokens that fill their roles, before actors
are coded; modality and governed codes (refusal, threat, intent), counts and casualties."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..actordict import actor_dictionary
from ..cameo import VerbDictionary, VerbMatch
from ..records import Modality
from .constants import (
    ARGUMENT_PLACE_PREPS,
    ASSEMBLY_LEMMAS,
    DATE_ENT_LABELS,
    EMBEDDED_CLAUSE_DEPS,
    FIGHT_NOUNS,
    FUTURE_AUX,
    GOVERNING_MODALITIES,
    INJURE_LEMMAS,
    INSTRUMENT_LEMMAS,
    INTENT_ADJECTIVES,
    INTENT_BY_ROOT,
    KILL_LEMMAS,
    LIGHT_VERBS,
    MATERIAL_CONFLICT_ROOTS,
    NATURAL_CAUSES,
    NEGATED_TO_REJECT,
    OBJECT_DEPS,
    OBLIGATION_MODALS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_ENT_LABELS,
    PLACE_PREPS,
    POSSIBLE_MODALS,
    PROTESTER_LEMMAS,
    RECEIVING_LEMMAS,
    STATEMENT_ROOTS,
    SUBJECT_DEPS,
    VISIT_CODES,
    _ent_of,
)
from .numbers import _NUMBER_WORDS, _SCALES, date_phrase, parse_number
from .places import _is_place
from .roles import (
    _expand_conj,
    _has_own_subject,
    _is_passive,
    clause_places,
    fight_sides,
    located_tokens,
    objects,
    place_tokens,
    subjects,
    weapon_targets,
)


def quantities(verb: Token) -> int | None:
    """A count on the verb's object: 'launched 126 drones', 'a barrage of 126 drones', or on
    a passive verb's subject: 'three civilians were killed'."""
    deps = PASSIVE_SUBJECT_DEPS if _is_passive(verb) else OBJECT_DEPS
    for obj in (c for c in verb.children if c.dep_ in deps):
        if obj.like_num:  # "injuring 89"
            n = parse_number(obj.text)
            if n is not None:
                return n
        for t in obj.subtree:
            if t.dep_ == "nummod" and (t.like_num or t.lower_ in _NUMBER_WORDS or t.lower_ in _SCALES):  # "a dozen"
                phrase = [w for w in t.subtree if w.like_num or w.lower_ in ("a", "an", "dozen", "and")]
                n = parse_number(" ".join(w.text for w in phrase)) or parse_number(t.text)
                if n is not None:
                    return n
    return None


def victim_count(verb: Token) -> int | None:
    """How many a killing or wounding verb's victims are: a count ("killing two civilians",
    "12 people were killed"), or one for a single named or described victim ("killed a police
    officer", "killed the deputy chief")."""
    n = quantities(verb)
    if n is not None:
        return n
    deps = PASSIVE_SUBJECT_DEPS if _is_passive(verb) else OBJECT_DEPS
    victims = [c for c in verb.children if c.dep_ in deps and c.pos_ in ("NOUN", "PROPN")]
    if len(victims) == 1 and not any(c.dep_ == "conj" for c in victims[0].children):
        v = victims[0]
        if v.tag_ in ("NN", "NNP") and (v.ent_type_ == "PERSON" or any(c.dep_ == "det" and c.lower_ in ("a", "an", "the", "one") for c in v.children)):
            if v.ent_type_ not in PLACE_ENT_LABELS and v.lemma_.lower() not in INSTRUMENT_LEMMAS:
                return 1
    return None


def modality_of(verb: Token) -> tuple[bool, Modality]:
    """(negated, modality): "did not attack", "may attack", and verbs governed by "threatened
    to", "refused to", "plans to" (which are not the asserted act)."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated:
        return True, "negated"
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        governed = GOVERNING_MODALITIES.get(verb.head.lemma_.lower())
        if governed is not None:
            return False, governed
    if any(c.dep_ == "aux" and c.lower_ in POSSIBLE_MODALS for c in verb.children):
        return False, "possible"
    return False, "asserted"


# --- nominal triggers ---------------------------------------------------------------------
_NOUN_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ation", ("", "e", "ate")),  # annexation, condemnation, negotiation
    ("ition", ("", "e")),
    ("sion", ("de", "d", "")),  # invasion, expulsion
    ("ion", ("", "e")),  # suppression, detention
    ("ment", ("",)),  # agreement, deployment
    ("al", ("", "e")),  # withdrawal, refusal
    ("ence", ("", "")),  # insistence
    ("ance", ("", "e")),  # assistance
    ("ure", ("e", "")),  # seizure
    ("ing", ("", "e")),  # shelling, bombing
)


def noun_verb(lemma: str, verbs: VerbDictionary) -> str | None:
    """The dictionary verb a deverbal noun comes from: 'annexation' -> 'annex'."""
    if verbs.has_verb(lemma):
        return lemma
    for suffix, endings in _NOUN_SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            stem = lemma[: -len(suffix)]
            for ending in endings:
                if verbs.has_verb(stem + ending):
                    return stem + ending
    return None


@dataclass(frozen=True, slots=True)
class Frame:
    """A coded trigger with the tokens that fill its roles, before actors are coded."""

    trigger: Token
    code: str
    rule: str
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    places: tuple[Token, ...]
    when: Span | None
    quantity: int | None
    negated: bool
    modality: Modality
    nominal: bool = False
    fatal: bool = False
    wounding: bool = False
    located: tuple[Token, ...] = ()  # objects of locative prepositions: the target of last resort
    absorbed: int | None = None  # token index of a governed verb folded into this frame
    fatalities: int | None = None  # from attached clauses ("…, killing two civilians")
    injured: int | None = None


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governor(verb: Token) -> tuple[Token, Modality] | None:
    """The verb or adjective governing ``verb`` as "refused to", "agreed to", "is ready to"."""
    if verb.head.i == verb.i:
        return None
    if verb.dep_ != "xcomp" and not (verb.dep_ == "advcl" and _infinitive(verb) and not _has_own_subject(verb)):
        return None
    head = verb.head
    if head.pos_ == "VERB":
        cls = GOVERNING_MODALITIES.get(head.lemma_.lower())
        return (head, cls) if cls else None
    if head.pos_ == "ADJ" and head.lower_ in INTENT_ADJECTIVES:
        return head, "intended"
    return None


def governed_code(own: str | None, cls: Modality, governed: str | None) -> str | None:
    """How CAMEO codes a governor + governed act: refusal 12x, threat 13x, intent 03x."""
    g_root = governed[:2] if governed else None
    if cls == "refused":
        return own if own and own[:2] == "12" else "120"
    if cls == "threatened":
        if g_root in ("18", "19", "20"):
            return "138"
        return own if own and own[:2] == "13" else "130"
    # intent: "agreed to", "offered to", "plans to", "is ready to"
    if g_root in ("18", "19", "20"):
        return "138"  # an intent to use force is a threat
    if g_root in ("14", "15", "16", "17"):
        return "130"
    if g_root in ("10", "11"):
        return governed  # "intends to file a case against China": the accusation, intended
    if own and own[:2] == "03":
        return own if own != "030" or g_root is None else INTENT_BY_ROOT.get(g_root, own)
    if g_root is None:
        return own
    return INTENT_BY_ROOT.get(g_root, "030")


def _words(sent: Span, tok: Token) -> tuple[list[str], list[str]]:
    """Words after and before a trigger for dictionary patterns: for a verb, its own phrase
    (objects and prepositional phrases), not the clauses it governs ("said it will support")."""
    if tok.pos_ == "VERB":
        skip = {t.i for c in tok.children if c.dep_ in EMBEDDED_CLAUSE_DEPS for t in c.subtree}
        after = [t.lower_ for t in tok.subtree if t.i > tok.i and t.i not in skip and not t.is_punct]
    else:
        after = [t.lower_ for t in sent if t.i > tok.i and not t.is_punct]
    before = [t.lower_ for t in sent if t.i < tok.i and not t.is_punct]
    return after, before


def _match(tok: Token, lemma: str, sent: Span, verbs: VerbDictionary) -> VerbMatch | None:
    if not verbs.has_verb(lemma):
        alt = verbs.lemma_of(tok.lower_)
        if alt is None:
            return None
        lemma = alt
    after, before = _words(sent, tok)
    return verbs.match(lemma, after, before)


def _future(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children)


def _natural_cause(verb: Token) -> bool:
    """Whether what the verb says was done was done by nature or accident: "an earthquake
    struck eastern Turkey", "were killed by floods", "the shilling hit a record low"."""
    doers = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    doers += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    doers += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "by") and _is_passive(verb)
              for p in c.children if p.dep_ == "pobj"]
    if any(d.lemma_.lower() in NATURAL_CAUSES for d in doers):
        return True
    if not doers and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return _natural_cause(verb.head)  # "an earthquake struck Turkey, killing three people"
    return False


def verb_frame(verb: Token, sent: Span, verbs: VerbDictionary) -> Frame | None:
    """The frame of a verb trigger, or None (no code, or absorbed by its governor)."""
    lemma = verb.lemma_.lower()
    if _natural_cause(verb):
        return None
    match = _match(verb, lemma, sent, verbs)
    gov = _governor(verb)
    if gov is not None and gov[0].pos_ == "VERB" and _match(gov[0], gov[0].lemma_.lower(), sent, verbs) is not None:
        return None  # "refused to meet": the refusal is the event (see the governor's frame)
    xcomps = [  # "refused to meet"; the parser sometimes makes it an advcl ("have sworn to fight")
        c for c in verb.children
        if c.pos_ == "VERB" and (c.dep_ == "xcomp" or c.dep_ == "advcl" and _infinitive(c) and not _has_own_subject(c))
    ]
    cls = GOVERNING_MODALITIES.get(lemma)
    governed = xcomps[0] if xcomps and cls else None
    g_match = _match(governed, governed.lemma_.lower(), sent, verbs) if governed is not None else None
    negated, modality = modality_of(verb)
    if gov is not None and gov[0].pos_ == "ADJ":  # "is ready to withdraw"
        if match is None:
            return None
        code = governed_code(None, "intended", match.code)
        head = gov[0].head
        srcs = tuple(subjects(head)) if head.pos_ in ("AUX", "VERB") else ()
        return _frame(verb, code, f"{gov[0].lower_} to {match.pattern or match.verb}", srcs, verb, None, negated, "intended")
    if governed is not None and (match is not None or g_match is not None):
        code = governed_code(match.code if match else None, cls, g_match.code if g_match else None)
        if code is None:
            return None
        rule = f"{lemma} to {g_match.pattern or g_match.verb}" if g_match else (match.pattern or match.verb)
        g_neg, _ = modality_of(governed)
        frame = _frame(verb, code, rule, tuple(subjects(verb)), verb, governed, negated or g_neg, cls)
        return dataclasses.replace(frame, absorbed=governed.i)
    if lemma in ("demonstrate", "show") and any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return None  # "if Russia demonstrated genuine willingness": showing something is no protest
    if lemma == "deny":  # "Tehran denied supplying missiles to Moscow": a denial (016), no supply
        denied = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "pcomp") and c.pos_ == "VERB"), None)
        if denied is not None:
            frame = _frame(verb, "016", "deny ...", tuple(subjects(verb)), verb, None, negated, "asserted")
            return dataclasses.replace(frame, targets=frame.targets + tuple(objects(denied)), absorbed=denied.i)
    if match is None:
        return None
    code = match.code
    if code[:2] == "01":  # "declared that China must drop barriers": a demand on China
        for c in verb.children:
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS for a in c.children):
                frame = _frame(verb, "100", f"{lemma} that ... {' '.join(a.lower_ for a in c.children if a.dep_ == 'aux')}",
                               tuple(subjects(verb)), verb, None, negated, modality)
                return dataclasses.replace(frame, targets=tuple(subjects(c)) + frame.targets)
    if lemma in ASSEMBLY_LEMMAS and any(t.lemma_.lower() in PROTESTER_LEMMAS for t in subjects(verb)):
        code = "141"  # "protesters gathered in Baghdad": a demonstration, not a consultation
    if negated and code[:2] in NEGATED_TO_REJECT:
        code = "120"  # "will not accept", "did not agree": CAMEO codes a refusal
    elif _future(verb) and modality == "asserted" and code[:2] not in STATEMENT_ROOTS:
        # "will provide aid": an intent to cooperate (03x); "will attack": a threat (138)
        code, modality = governed_code(None, "intended", code) or code, "intended"
    frame = _frame(verb, code, match.pattern or match.verb, tuple(subjects(verb)), verb, None, negated, modality)
    if lemma in RECEIVING_LEMMAS:  # "the law is facing criticism from the EU": the EU criticises the law
        givers = [p for o in verb.children if o.dep_ in OBJECT_DEPS for c in o.children
                  if c.dep_ == "prep" and c.lower_ == "from" for p in c.children if p.dep_ == "pobj"]
        if givers:
            frame = dataclasses.replace(frame, sources=tuple(givers), targets=frame.sources)
    return frame


def _frame(
    verb: Token, code: str, rule: str, sources: tuple[Token, ...], main: Token, governed: Token | None,
    negated: bool, modality: Modality,
) -> Frame:
    targets = list(objects(main))
    places = list(place_tokens(main))
    when = date_phrase(main)
    quantity = quantities(main)
    fatal_lemma = main.lemma_.lower()
    if fatal_lemma == "shoot" and any(t.lower_ == "dead" for t in main.subtree):
        fatal_lemma = "kill"  # "shot dead two settlers"
    if governed is not None:
        targets += objects(governed)
        places += place_tokens(governed)
        when = when or date_phrase(governed)
        quantity = quantity if quantity is not None else quantities(governed)
        fatal_lemma = governed.lemma_.lower()
    located = located_tokens(main) + (located_tokens(governed) if governed is not None else [])
    if code in VISIT_CODES:  # "visited Kyiv": where the visit is
        places = [t for t in targets if _is_place(t)] + places
    if code[:2] in MATERIAL_CONFLICT_ROOTS:  # "shelled Berestove, Donetsk": the object is the place
        targets += weapon_targets(main)
        inner = [  # "a hospital in Kherson", "a school in Gaza City", "a base in Burkina Faso"
            p for t in targets for c in t.children if c.dep_ == "prep" and c.lower_ in ARGUMENT_PLACE_PREPS
            for p in c.children if p.dep_ == "pobj" and _is_place(p)
        ]
        places = [t for t in targets if _is_place(t)] + places + inner
        fatal, wounding = _casualties(main)
        sides = fight_sides(main)  # "12 people were killed in clashes between herders and farmers"
        if sides and all(t.lemma_.lower() in FIGHT_NOUNS for t in sources):  # none, or "clashes"
            sources, targets = sides[:1], list(sides[1:]) or targets  # the sides, not their victims
        if not places:  # "... between herders and farmers in Plateau state"
            places = clause_places(main)
        if fatal_lemma in KILL_LEMMAS | INJURE_LEMMAS:
            quantity = victim_count(governed if governed is not None else main)
    else:
        fatal = wounding = None
        if code[:2] == "14" and not places:  # "gathered in front of the governor's office in Kano"
            places = clause_places(main)
    return Frame(
        trigger=verb,
        code=code,
        rule=rule,
        sources=sources,
        targets=tuple(targets),
        places=tuple(places),
        when=when,
        quantity=quantity,
        negated=negated,
        modality=modality,
        fatal=fatal_lemma in KILL_LEMMAS,
        wounding=fatal_lemma in INJURE_LEMMAS,
        located=tuple(located),
        fatalities=fatal,
        injured=wounding,
    )


def _casualties(verb: Token) -> tuple[int | None, int | None]:
    """Counts of dead and wounded in clauses attached to a violent act: "shelled X, killing
    two civilians", "killing seven soldiers and wounding five"."""
    fatal = wounded = None
    clauses = [c for c in verb.children if c.dep_ in ("advcl", "conj") and c.pos_ == "VERB"]
    clauses += [cc for c in clauses for cc in c.children if cc.dep_ == "conj" and cc.pos_ == "VERB"]
    for c in clauses:
        lemma = c.lemma_.lower()
        n = victim_count(c) if lemma in KILL_LEMMAS or lemma in INJURE_LEMMAS else None
        if n is None:
            continue
        if lemma in KILL_LEMMAS and fatal is None:
            fatal = n
        elif lemma in INJURE_LEMMAS and wounded is None:
            wounded = n
    return fatal, wounded


def _argument_of_event(noun: Token, event_verbs: set[int], violent_verbs: frozenset[int] = frozenset()) -> bool:
    """A noun that is an argument of a coded verb ("launched a barrage") is no event of its own."""
    t = noun
    for _ in range(3):
        if t.dep_ in ("dobj", "nsubjpass", "attr", "dative") and t.head.i in event_verbs:
            return True
        if t.dep_ == "nsubj" and t.head.i in violent_verbs:  # "a missile strike hit a building"
            return True
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.i in event_verbs:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _nominal_code(noun: Token, nominal_codes: dict[str, str]) -> str | None:
    """The listed code of a nominal trigger, two-word names first ("hunger strike")."""
    lemma = noun.lemma_.lower()
    compounds = " ".join(c.lower_ for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1)
    code = compounds and (nominal_codes.get(f"{compounds} {lemma}") or nominal_codes.get(f"{compounds} {noun.lower_}"))
    return code or nominal_codes.get(lemma) or nominal_codes.get(noun.lower_)


def noun_frame(noun: Token, sent: Span, verbs: VerbDictionary, nominal_codes: dict[str, str]) -> Frame | None:
    """The frame of a nominal trigger: "Russia's attack on Ukraine", "the talks in Geneva"."""
    lemma = noun.lemma_.lower()
    code = _nominal_code(noun, nominal_codes)
    rule = f"noun {lemma}"
    derived = code is None
    if derived:
        if verbs.has_verb(lemma) or _is_agent_noun(lemma):
            return None  # "forces", "aid", "approach": too ambiguous without a listing
        if not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in noun.children):
            return None  # a derived noun needs a stated agent: "Moscow's annexation"
        verb = noun_verb(lemma, verbs)
        if verb is None:
            return None
        after, before = _words(sent, noun)
        match = verbs.match(verb, after, before)
        if match is None:
            return None
        code, rule = match.code, f"noun {lemma} <- {match.pattern or match.verb}"
        if code[:2] == "03":
            return None  # "Sweden's decision", "the plan": an intention named is no event
    if code[:2] in ("01", "02"):
        return None  # statements and appeals are coded from verbs, not nouns
    sources: list[Token] = [c for c in noun.children if c.dep_ == "poss"]
    sources += [p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for p in c.children if p.dep_ == "pobj"]
    light = noun.head if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS else None
    if light is not None and not sources:
        sources = subjects(light)  # "students staged demonstrations", "held talks"
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
        places_of_head = place_tokens(noun.head)  # "Talks ... ended without agreement in Almaty"
    else:
        places_of_head = []
    targets: list[Token] = []
    places: list[Token] = []
    for c in noun.children:
        if c.dep_ == "prep":
            pobjs = [p for p in c.children if p.dep_ == "pobj"]
            if c.lower_ in ("by", "from"):
                pass  # agents, taken above
            elif c.lower_ in ("on", "against", "with", "to", "toward", "towards", "at", "over"):
                targets += pobjs
            elif c.lower_ == "of":
                for p in pobjs:
                    (places if p.ent_type_ in PLACE_ENT_LABELS else targets).append(p)
                    if p.ent_type_ in PLACE_ENT_LABELS:
                        targets.append(p)
            elif c.lower_ == "between":
                for p in pobjs:
                    sources += _expand_conj(p)
            elif c.lower_ in PLACE_PREPS:
                places += [p for p in pobjs if p.ent_type_ in PLACE_ENT_LABELS]
        elif c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ"):
            sources.append(c)
        elif c.dep_ == "acl":  # "the talks, held in Geneva"
            places += place_tokens(c)
    when = None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "during", "since"):
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_type_ in DATE_ENT_LABELS:
                    when = _ent_of(p)
    quantity = None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":  # "a barrage of 126 drones"
            for p in c.children:
                for t in p.children:
                    if t.dep_ == "nummod" and t.like_num:
                        quantity = parse_number(t.text)
    for t in list(targets):  # "an airstrike on a house in Rafah"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ARGUMENT_PLACE_PREPS:
                places += [p for p in c.children if p.dep_ == "pobj" and p.ent_type_ in PLACE_ENT_LABELS]
    places += places_of_head
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in RECEIVING_LEMMAS and not targets:
        # "Israel's bombing drew a rebuke from Moscow", "the law faces criticism from the EU":
        # the subject (or who it names) is the target
        targets += subjects(noun.head)
    if code[:2] in MATERIAL_CONFLICT_ROOTS or code in VISIT_CODES:  # "strike on Beirut", "visit to Kyiv"
        places = [t for t in targets if _is_place(t)] + places
    fatal = wounded = None
    if light is not None:
        places += place_tokens(light)
        when = when or date_phrase(light)
        fatal, wounded = _casualties(light)
    return Frame(
        noun, code, rule, tuple(sources), tuple(targets), tuple(places), when, quantity, False, "asserted",
        nominal=True, fatalities=fatal, injured=wounded,
    )


def casualty_report(sent: Span) -> tuple[int | None, int | None] | None:
    """(dead, injured) of a sentence that reports only casualties, by no named agent: "Three
    soldiers were killed.", "At least five people died and 12 were wounded."; else None."""
    root = sent.root
    verbs = [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    fatal = injured = None
    for v in verbs:
        lemma = v.lemma_.lower()
        if lemma == "die" and not any(c.dep_ in OBJECT_DEPS for c in v.children):
            n = next((parse_number(" ".join(w.text for w in t.subtree if w.like_num)) for c in v.children
                      if c.dep_ == "nsubj" for t in c.subtree if t.like_num), None)
        elif lemma in KILL_LEMMAS | INJURE_LEMMAS and _is_passive(v) and not subjects(v):
            n = victim_count(v)
            if n is None and v is not root:  # "five were killed and 12 wounded": the count is the subject
                n = next((parse_number(c.text) for c in v.children if c.dep_ in PASSIVE_SUBJECT_DEPS and c.like_num), None)
        else:
            return None
        if n is None:
            return None
        if lemma in INJURE_LEMMAS:
            injured = injured if injured is not None else n
        else:
            fatal = fatal if fatal is not None else n
    return fatal, injured


@lru_cache(maxsize=4096)
def _is_agent_noun(lemma: str) -> bool:
    return actor_dictionary().agent([lemma]) is not None


@lru_cache(maxsize=1)
def nominal_triggers() -> dict[str, str]:
    """Noun -> CAMEO code from ``kg/data/cameo/geokg.nouns.txt`` (``NOUN [code]`` lines)."""
    from importlib import resources

    table: dict[str, str] = {}
    text = resources.files("kg.data").joinpath("cameo", "geokg.nouns.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.fullmatch(r"([A-Z_ -]+?)\s*\[(\d{2,4})\]", line)
        if m:
            table[m.group(1).lower().replace("_", " ")] = m.group(2)
    return table
