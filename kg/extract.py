"""Events from a parsed article: who did what to whom, where and when.

A first dependency-based extractor: every verb of the CAMEO verb dictionary whose clause has a
coded actor gives an event. Roles come from the dependency structure (subject, object,
prepositional objects, passive agents, conjoined and controlled verbs); actors are coded with the
Phoenix actor and agent dictionaries; places are prepositional attachments to the verb; dates
come from temporal modifiers, resolved against the article's published date.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .actordict import ActorDictionary, ActorEntry, actor_dictionary
from .cameo import VerbDictionary, VerbMatch, code_info, verb_dictionary
from .parse import entity_of, left_modifiers
from .records import Actor, Document, Event, Evidence, Mention, Modality, Place

# --- dependency label sets -------------------------------------------------------------
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj"})
TARGET_PREPS = frozenset({"against", "on", "upon", "to", "toward", "towards", "with", "into", "over"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "from"})
ARGUMENT_PLACE_PREPS = frozenset({"in", "near", "outside", "inside"})  # "attack on Kyiv" is a target
MODIFIER_DEPS = frozenset({"compound", "amod", "det", "flat", "nmod", "poss", "nummod", "quantmod"})
NON_CLAUSE_DEPS = frozenset({"prep", "amod", "compound", "aux", "auxpass", "dobj", "pobj", "nsubj", "nsubjpass", "attr"})
#: Clauses a verb governs that share its fate when it is no event ("to help him oust ...").
GOVERNED_CLAUSE_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp"})  # "According to", mis-tagged nouns
CLAUSE_INHERIT_DEPS = frozenset({"conj", "xcomp"})  # verbs that share their head's subject
ACTOR_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_ENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_ENT_LABELS = frozenset({"DATE"})
NOMINAL_POS = frozenset({"PROPN", "NOUN", "PRON"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
POSSIBLE_MODALS = frozenset({"may", "might", "could"})
#: Verbs whose controlled verb is not asserted: "threatened to attack", "refused to meet".
GOVERNING_MODALITIES: dict[str, Modality] = {
    "threaten": "threatened",
    "warn": "threatened",
    "refuse": "refused",
    "decline": "refused",
    "reject": "refused",
    "plan": "intended",
    "agree": "intended",
    "offer": "intended",
    "decide": "intended",
    "commit": "intended",
    "volunteer": "intended",
    "propose": "intended",
    "intend": "intended",
    "vow": "intended",
    "swear": "intended",
    "pledge": "intended",
    "promise": "intended",
    "aim": "intended",
    "seek": "intended",
    "want": "intended",
    "hope": "intended",
    "try": "intended",
    "attempt": "intended",
    "prepare": "intended",
}
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "eager", "determined", "keen"})
#: Intent to cooperate (03x) by the root of the intended act.
INTENT_BY_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": "030"}
#: A negated act of these roots is a refusal (12): "will not accept", "did not agree".
NEGATED_TO_REJECT = frozenset({"03", "04", "05", "06", "07", "08"})
#: Verbal roots whose target may sit in the reported clause ("warned it will ... if Kyiv ...").
STATEMENT_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
#: Roots whose missing target is looked for in the reported clause.
CLAUSE_TARGET_ROOTS = frozenset({"10", "11", "12", "13"})
#: Clauses a verb governs whose words are not part of the verb's own phrase.
EMBEDDED_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "xcomp", "csubj"})
#: Sectors of the state and of those who fight or oppose it: an actor of these whose country
#: the text leaves out belongs to the country the sentence or article is about. Scientists,
#: residents or the media of no stated country stay unplaced (and so no actors).
CONTEXT_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "INS", "UAF", "SEP", "PTY"})
#: Words for peoples of no one country: "European", "Western", "Arab" states are many.
SUPRANATIONAL_WORDS = frozenset({
    "european", "western", "eastern", "asian", "african", "nordic", "baltic", "balkan",
    "scandinavian", "latin", "gulf", "caucasian", "middle", "international", "foreign", "allied",
})  # fmt: skip
#: CAMEO's regional codes, which no ISO country is: the text's own country word wins over them.
REGION_CODES = frozenset({"MEA", "SAS", "WEU", "SEA", "EAF", "LAM", "AFR", "EUR", "ASA", "SAF", "EEU", "CAS", "WAF", "SAM", "NAF", "INT"})
#: Agents that are actors even when their country is unknown ("gunmen", "militants", "rebels").
ARMED_SECTORS = frozenset({"UAF", "REB", "INS", "CRM", "SEP"})
MATERIAL_CONFLICT_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
#: Roots whose reported clause is not asserted: what is demanded, appealed for, threatened, rejected.
UNASSERTING_ROOTS = frozenset({"02", "10", "12", "13"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "until"})
VISIT_CODES = frozenset({"042", "043", "044"})
#: Verbs that only carry a nominal event: "staged protests", "held talks", "carried out an airstrike".
LIGHT_VERBS = frozenset({
    "stage", "hold", "carry", "conduct", "launch", "mount", "begin", "continue", "resume", "start",
    "wage", "organize", "organise", "lead", "make", "escalate", "intensify", "step", "join", "call",
})
SCAN_SKIP_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "ccomp", "parataxis", "relcl", "appos", "punct"})
#: Common nouns naming a place whose name they carry ("the town of Nikopol", "Kajuru village").
PLACE_NOUNS = frozenset({"town", "city", "village", "district", "province", "region", "camp", "area", "county", "municipality", "oblast", "governorate", "state", "township", "raion", "commune", "prefecture"})
#: Subordinators of clauses that give the background of the main event.
BACKGROUND_MARKS = frozenset({"as", "after", "while", "before", "because", "since", "when", "though", "although", "following"})
OBLIGATION_MODALS = frozenset({"must", "should"})
#: Prepositions of a clause's background, whose objects are no participants: "after the fall of X".
BACKGROUND_PREPS = frozenset({"after", "before", "since", "following", "despite", "amid", "during", "until", "like", "unlike"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
LOCATIVE_TARGET_PREPS = frozenset({"in", "from", "into", "inside", "within", "across", "throughout"})
EMBEDDING_PREPS = frozenset({"of", "by", "from", "on", "against", "with", "to", "for", "between"})
#: Inside a subject only these name who acts: "the withdrawal of Serbian forces", not
#: "access for the Darfur region has improved".
SOURCE_EMBEDDING_PREPS = frozenset({"of", "by", "from"})
KILL_LEMMAS = frozenset({"kill", "massacre", "execute", "slay"})
INJURE_LEMMAS = frozenset({"injure", "wound", "hurt"})

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_NUMBER_WORDS |= {"a": 1, "an": 1, "dozen": 12, "dozens": 12}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DAY_NUMBER_RE = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b", re.I)
_DAY_WORD_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|days?|hours?)\b",
    re.I,
)
_MONTH_RE = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?|month)\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"((?:on|last|this)\s+)?(" + "|".join(_WEEKDAYS) + r")", re.I)
_SAME_DAY_RE = re.compile(
    r"\b(hours?\s+(earlier|ago|before|later)|overnight|earlier\s+today|this\s+(morning|afternoon|evening))\b", re.I
)
_ABSOLUTE_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class Settings:
    """Extraction settings (keyword-only at call sites)."""

    resolve_pronouns: bool = True
    require_actor: bool = True
    use_discards: bool = True  # Phoenix's discard phrases (sports, entertainment)
    require_country: bool = True  # an event needs a participant coded with a country or IGO


# --- numbers and dates ------------------------------------------------------------------
def parse_number(text: str) -> int | None:
    """'126' -> 126, '500,000' -> 500000, 'six' -> 6, 'two hundred' -> 200, '1.5 million'
    -> 1500000, 'a dozen' -> 12; else None."""
    words = [w for w in re.split(r"[\s-]+", text.lower().replace(",", "").strip()) if w and w != "and"]
    if not words or words in (["a"], ["an"]):
        return None
    total, current = 0.0, 0.0
    for w in words:
        if re.fullmatch(r"\d+(\.\d+)?", w):
            current += float(w)
        elif w in ("dozen", "dozens"):
            current = max(current, 1) * 12
        elif w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return int(round(total + current))


def _precision(text: str) -> str | None:
    """How precise a date expression is: 'day', 'month', 'year' or None (not a date)."""
    has_month = bool(_MONTH_RE.search(text))
    if (has_month and _DAY_NUMBER_RE.search(text)) or _DAY_WORD_RE.search(text):
        return "day"
    if has_month:
        return "month"
    if _ABSOLUTE_YEAR_RE.search(text) or re.search(r"\byears?\b", text, re.I):
        return "year"
    return None


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: date | None) -> tuple[date | None, str | None]:
    """Resolve a date expression against the article's date; (date, precision) or (None, None).

    Relative expressions ("Wednesday", "last month") need a published date; absolute ones
    ("January 20, 2025", "in 2014") do not.
    """
    import dateparser  # heavy import: only when a date is actually resolved

    if published is None and not _ABSOLUTE_YEAR_RE.search(text):
        return None, None  # "on Wednesday", "June 4": the year is unknown without the article date
    if _SAME_DAY_RE.search(text):  # "hours earlier", "overnight", "this morning"
        return (published, "day") if published is not None else (None, None)
    precision = _precision(text)
    if precision is None:
        return None, None
    weekday = _WEEKDAY_RE.fullmatch(text.strip())
    if weekday and published is not None:  # the latest such day on or before the article's date
        back = (published.weekday() - _WEEKDAYS.index(weekday.group(2).lower())) % 7
        if back == 0 and (weekday.group(1) or "").strip().lower() == "last":
            back = 7
        return published - timedelta(days=back), "day"
    base = datetime.combine(published, datetime.min.time()) if published else datetime(2000, 1, 1)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    cleaned = re.sub(r"^(on|in|at|during|since|by)\s+", "", text.strip(), flags=re.I)
    cleaned = re.sub(r"\b(the|of|a)\b", " ", cleaned, flags=re.I).strip()
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None, None
    return parsed.date(), precision


# --- actors -----------------------------------------------------------------------------
_ent_of = entity_of


def _modifiers(head: Token) -> list[Token]:
    """Left-side modifiers of a noun (compounds, adjectives, possessors), recursively."""
    return left_modifiers(head, MODIFIER_DEPS)


def _negated_modifier(tok: Token) -> bool:
    """'anti-Syria', 'non-NATO': a modifier that says what the actor is against or not."""
    doc = tok.doc
    if tok.lower_.startswith(("anti-", "non-")) or tok.lower_ in ("anti", "non"):
        return True
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("anti", "non")


def place_country(span: Span | Token) -> str | None:
    """The country of a place name: the actor dictionary's country synonyms ("Kyiv"), else
    the gazetteer ("Kaduna"), else a place named beside it ("Galmudug, Somalia")."""
    from .resolve import gazetteer

    root = span.root if isinstance(span, Span) else span
    if "," in span.text:  # "Winchester, Hampshire" as one entity: each part in turn
        for part in span.text.split(","):
            words = _strip_place_words(part)
            entry = actor_dictionary().lookup(words.split()) if words else None
            geo = gazetteer().lookup(words) if words and entry is None else None
            if entry is not None and entry.kind == "STATE":
                return entry.country
            if geo is not None:
                return geo.country
        return None
    words = _strip_place_words(span.text)
    entry = actor_dictionary().lookup(words.split()) if words else None
    if entry is not None and entry.kind == "STATE":
        return entry.country
    region = _region_of(root)
    own = range(span.start, span.end) if isinstance(span, Span) else range(span.i, span.i + 1)
    region_start = region.start if isinstance(region, Span) else (region.i if region is not None else None)
    outer = place_country(region) if region is not None and region_start not in own else None
    if outer:  # "Solhan, Burkina Faso": what the text says it is in wins over a namesake elsewhere
        return outer
    geo = gazetteer().lookup(words) if words else None
    if geo is not None:
        return geo.country
    inside = range(span.start, span.end) if isinstance(span, Span) else range(root.i, root.i + 1)
    for c in root.children:
        if c.dep_ in ("appos", "npadvmod", "conj") and c.ent_type_ in PLACE_ENT_LABELS and c.i not in inside:
            outer = _ent_of(c) or c.doc[c.i : c.i + 1]
            if outer.start not in inside:
                return place_country(outer)
    return None


_PLACE_WORDS = re.compile(r"\s+(state|province|region|district|oblast|governorate|county|village|town|city|prefecture)$", re.I)


def _strip_place_words(name: str) -> str:
    """'Kaduna state' -> 'Kaduna', 'Kajuru village' -> 'Kajuru', 'the Red Sea' -> 'Red Sea'."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return _PLACE_WORDS.sub("", name)


def _span_text(doc: Doc, start: int, end: int) -> tuple[str, int, int]:
    span = doc[start:end]
    return span.text, span.start_char, span.end_char


class ActorCoder:
    """Codes noun phrases as CAMEO actors (country + sector) with the Phoenix dictionaries."""

    def __init__(self, dictionary: ActorDictionary, published: date | None) -> None:
        self.dictionary = dictionary
        self.published = published
        self._memo: dict[tuple[int, int, bool], Actor | None] = {}  # (doc id, token, vague)
        self._lookups: dict[tuple[str, ...], ActorEntry | None] = {}
        self._agents: dict[tuple[str, ...], str | None] = {}

    def lookup(self, words: Sequence[str]) -> ActorEntry | None:
        key = tuple(words)
        if key not in self._lookups:
            self._lookups[key] = self._lookup(key)
        return self._lookups[key]

    def _lookup(self, words: tuple[str, ...]) -> ActorEntry | None:
        if not words or len(words) > self.dictionary.max_words:
            return None
        entry = self.dictionary.lookup(list(words), on=self.published)
        if entry is None and len(words) == 1 and words[0][:1].isupper():
            entry = self._demonym(words[0])
        return entry

    def _demonym(self, word: str) -> ActorEntry | None:
        """A nationality the dictionaries lack, by its country's name: 'Serb(s)' -> Serbia."""
        stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
        for name in (stem + "ia", stem + "ian"):
            entry = self.dictionary.lookup([name], on=self.published)
            if entry is not None and entry.kind == "STATE":
                return entry
        return None

    def longest_entry(self, tokens: Sequence[Token], *, person: bool = False) -> ActorEntry | None:
        """The dictionary entry for the longest sub-phrase of ``tokens`` (whole phrase first).

        In a person's name only the whole name, or a part that names a person, counts: "Un"
        in "Kim Jong Un" is not the UN, nor "Montenegro" in "Luis Montenegro" the state.
        """
        words = [t.text for t in tokens if t.dep_ != "det" and t.tag_ != "POS"]
        n = len(words)
        for size in range(min(n, self.dictionary.max_words), 0, -1):
            for start in range(n - size, -1, -1):  # rightmost first: the head carries the name
                entry = self.lookup(words[start : start + size])
                if entry is not None and (not person or size == n or entry.kind == "PERSON"):
                    return entry
        return None

    def code(self, head: Token, *, vague: bool = False) -> Actor | None:
        """The actor a noun phrase headed by ``head`` denotes, or None if it is not one.

        With ``vague``, an agent noun of no known country ("police", "officials") is an actor
        too (its country may come from where the event happens); otherwise it is not.
        Results are remembered per token (coreference and extraction code the same heads).
        """
        key = (id(head.doc), head.i, vague)
        if key not in self._memo:
            self._memo[key] = self._code(head, vague=vague)
        return self._memo[key]

    def _code(self, head: Token, *, vague: bool) -> Actor | None:
        doc = head.doc
        ent = _ent_of(head)
        if ent is not None and len(ent) == 1 and head.pos_ == "NOUN" and self._agent_sector([head]) is not None:
            ent = None  # "Gunmen" at the start of a sentence tagged GPE: an agent noun, no name
        mods = _modifiers(head)
        for m in list(mods):  # "Vietnamese-led forces", "the US-led coalition": led by that country
            if m.dep_ == "amod" and m.lemma_ == "lead" and m.tag_ == "VBN":
                mods.extend(c for c in m.children if c.dep_ in ("npadvmod", "compound", "nmod", "amod") and c.i < m.i)
        if ent is not None and ent.label_ not in ACTOR_ENT_LABELS:
            ent = None
        name_tokens = list(ent) if ent is not None else [head]
        if ent is not None and ent.label_ == "PERSON" and self._nationality_words(ent):
            ent = ent.doc[ent.start : ent.end]  # "Bosnian Serbs" tagged PERSON: a people, not a person
            ent.label_ = "NORP"
        entry = self.longest_entry(name_tokens, person=ent is not None and ent.label_ == "PERSON")
        if entry is None and ent is not None and ent.label_ == "PERSON" and len(ent) == 1:
            entry = self.dictionary.surname(ent.text, self.published)  # "President Kagame"
        if entry is None and ent is None and mods:  # "the Bush administration" as one name
            words = [t.text for t in doc[min(m.i for m in mods) : head.i + 1] if t.dep_ != "det" and t.tag_ != "POS"]
            entry = self.lookup(words) if len(words) > 1 else None
        mod_tokens = [m for m in mods if ent is None or not (ent.start <= m.i < ent.end)]
        country, sector = (entry.country, entry.sector) if entry else (None, None)
        if ent is not None and ent.label_ == "PERSON":
            # "Kenzo Oshima, the UN Emergency Relief Coordinator", "King Hassan of Morocco":
            # what the text says of the person wins over a namesake in the dictionary
            described = self._described_by(head)
            if described is not None and described.country is None:
                sector = sector or described.sector  # "an opposition candidate": no country, a sector
            elif described is not None and described.country != country:
                country, sector = described.country, described.sector or (sector if entry is None else None)
                entry = None
        if country is None and ent is not None and ent.label_ in ("GPE", "LOC") and entry is None:
            country = place_country(ent)  # "Zaporizhzhia", "Galmudug, Somalia": a place the gazetteer knows
        mod_tokens = [m for m in mod_tokens if not _negated_modifier(m)]  # "anti-Syria journalist"
        titled_person = entry is not None and entry.kind == "PERSON"
        if country is None or titled_person:  # "Ukrainian", "US", "Russia's", "North Korean" (longest run first)
            mod_entry = self.longest_entry([m for m in mod_tokens if m.pos_ in ("PROPN", "ADJ", "NOUN")])
            if mod_entry is not None and mod_entry.country and mod_entry.country != country:
                # a title in the text ("U.N. mediator Diego Cordovez") wins over a namesake's entry
                country = mod_entry.country
                sector = mod_entry.sector if mod_entry.kind != "STATE" else (None if titled_person else sector)
        if country in REGION_CODES:  # "Palestinian Islamic Jihad": Phoenix's MEA, the text's PSE
            for m in sorted(mod_tokens + name_tokens, key=lambda t: t.i):
                word = self.lookup([m.text]) if m.pos_ in ("PROPN", "ADJ") else None
                if word is not None and word.kind == "STATE" and word.country not in REGION_CODES:
                    country = word.country
                    break
        people = entry is not None and entry.kind == "STATE" and head.tag_ in ("NNS", "NNPS")
        resident = False
        if people or any(m.lower_ == "ethnic" for m in mod_tokens):
            residence = self._residence(head, mod_tokens + name_tokens, country)
            resident = residence is not None
            country = residence or country
        if sector is None:
            sector = self._agent_sector(mod_tokens + [head] if ent is None else mod_tokens)
        if sector is None and entry is None and ent is not None and ent.label_ in ("ORG", "NORP") and head.text.islower():
            sector = self._agent_sector([head])  # "Fulani militia" tagged ORG: a militia, not a name
            if sector is not None:
                ent = None  # a description, not a name: a group of its own kind
        compounds = [m for m in mods if m.dep_ == "compound" and m.head.i == head.i and m.pos_ == "NOUN"]
        head_is_agent = ent is None and (  # "gunmen", "a police officer" (not "a police station")
            self._agent_sector([head]) is not None
            or bool(compounds) and self._agent([t.lemma_.lower() for t in compounds + [head]]) is not None
        )
        if head_is_agent and country is None:  # "protesters in Sofia", "police in Dakar"
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "from", "of", "throughout", "across"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.ent_type_ in PLACE_ENT_LABELS:
                            country = country or place_country(_ent_of(p) or p.doc[p.i : p.i + 1])
        if entry is None and ent is None and not head_is_agent:
            return None  # "peace talks", "Russia's insistence": the head is no actor

        if entry is None and ent is None and country is None and not vague and sector not in ARMED_SECTORS:
            return None
        if entry is None and country is None and ent is not None and ent.label_ in ("GPE", "LOC", "FAC"):
            return None  # a place of unknown country ("Yongbyon") is a place, not an actor
        if country == "NGO":  # the contract codes every international organisation IGO
            country, sector = "IGO", f"NGO{sector or ''}"
        kind = "NORP" if resident and people else self._kind(entry, ent)
        phrase = [t for t in mod_tokens + name_tokens if t.dep_ != "det" and t.tag_ != "POS"]
        phrase.sort(key=lambda t: t.i)
        start, end = phrase[0].i, phrase[-1].i + 1
        text, start_char, end_char = _span_text(doc, start, end)
        if entry is not None and (kind != "GROUP" or ent is not None) and kind != "NORP":
            name = entry.name
        elif ent is not None:
            name = ent.text
        else:
            name = text
        return Actor(
            mention=Mention(text, start_char, end_char, ent.label_ if ent is not None else "NOUN"),
            name=name,
            kind=kind,
            country=country,
            sector=sector,
        )

    def _nationality_words(self, ent: Span) -> bool:
        """Whether every word of an entity is a country or nationality word ("Bosnian Serbs")."""
        words = [t for t in ent if t.tag_ != "POS"]
        if not words or len(words) > 3:
            return False
        for t in words:
            entry = self.lookup([t.text])
            if entry is None or entry.kind != "STATE":
                return False
        return True

    def _residence(self, head: Token, phrase: Sequence[Token], country: str | None) -> str | None:
        """Where a people lives, which CAMEO codes them by: "Bosnian Serbs" (BIH), "Albanians
        of southern Serbia" (SRB), "ethnic Albanian guerrillas operating in Macedonia" (MKD)."""
        for t in sorted(phrase, key=lambda t: t.i):  # the leftmost nationality word of another country
            if t.i >= head.i:
                break
            entry = self.lookup([t.text]) if t.pos_ in ("PROPN", "ADJ") else None
            if entry is not None and entry.kind == "STATE" and entry.country != country:
                if any(u.i > t.i and u.i <= head.i and self.lookup([u.text]) for u in phrase):
                    return entry.country
        preps = [c for c in head.children if c.dep_ == "prep"]
        preps += [p for c in head.children if c.dep_ == "acl" for p in c.children if p.dep_ == "prep"]
        for prep in preps:
            if prep.lower_ not in ("in", "of", "from", "inside"):
                continue
            for p in prep.children:
                if p.dep_ == "pobj" and p.ent_type_ in PLACE_ENT_LABELS:
                    found = place_country(_ent_of(p) or p.doc[p.i : p.i + 1])
                    if found and found != country:
                        return found
        return None

    def _described_by(self, head: Token) -> Actor | None:
        """A person's country from an apposition or an "of <country>" phrase."""
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
                actor = self.code(c, vague=True)
                if actor is not None and (actor.country or actor.sector):
                    return actor
                sector = self._agent_sector([t for t in c.lefts if t.dep_ in ("compound", "amod")] + [c])
                if sector is not None:  # "Sviatlana Tsikhanouskaya, an opposition candidate": OPP
                    return Actor(Mention(c.text, c.idx, c.idx + len(c.text)), c.text, "GROUP", None, sector)
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    entry = self.lookup([p.text]) if p.dep_ == "pobj" else None
                    if entry is not None and entry.kind == "STATE":
                        return Actor(Mention(p.text, p.idx, p.idx + len(p.text)), entry.name, "GPE", entry.country)
        return None

    def _agent(self, words: Sequence[str]) -> str | None:
        key = tuple(words)
        if key not in self._agents:
            self._agents[key] = self.dictionary.agent(list(key))
        return self._agents[key]

    def _agent_sector(self, tokens: Sequence[Token]) -> str | None:
        words = [t.lemma_.lower() for t in tokens if t.pos_ in ("NOUN", "PROPN")]
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size, -1, -1):
                sector = self._agent(words[start : start + size])
                if sector:
                    return sector
        texts = [t.text.lower() for t in tokens if t.pos_ in ("NOUN", "PROPN")]
        return self._agent(texts[-1:]) if texts else None

    @staticmethod
    def _kind(entry: ActorEntry | None, ent: Span | None) -> str:
        if entry is not None:
            if entry.kind == "STATE":
                return "GPE"
            if entry.kind in ("PERSON", "ORG"):
                return entry.kind
        if ent is not None:
            return {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "NORP": "NORP"}.get(
                ent.label_, "ORG"
            )
        return "GROUP"


# --- roles ------------------------------------------------------------------------------
def _expand_conj(tok: Token) -> list[Token]:
    """'Hungary and Romania' -> [Hungary, Romania]."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in NOMINAL_POS:
            out.extend(_expand_conj(c))
    return out


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def subjects(verb: Token) -> list[Token]:
    """The tokens heading the verb's source role (passive agents, inherited subjects)."""
    if _is_passive(verb):
        for c in verb.children:
            if c.dep_ == "agent":
                return [p for pobj in c.children if pobj.dep_ == "pobj" for p in _expand_conj(pobj)]
        return []
    if _headline_predicate(verb):
        return [verb.head]  # "Myanmar military airstrikes killed 28 villagers"
    found: list[Token] = []
    for c in verb.children:  # several when a dateline is parsed as a subject too
        if c.dep_ in SUBJECT_DEPS:
            if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return _expand_conj(verb.head)
            found.extend(_expand_conj(c))
    if found:
        return found
    if verb.dep_ == "conj" and verb.head.i != verb.i and _is_passive(verb.head):
        # "X has been indicted by the court and will resign": X resigns
        return [t for c in verb.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS for t in _expand_conj(c)]
    if verb.dep_ in CLAUSE_INHERIT_DEPS and verb.head.i != verb.i:
        head = verb.head
        while head.dep_ in ("pcomp", "xcomp") and head.head.i != head.i and not _has_own_subject(head):
            head = head.head  # "accused India of sponsoring militants and expelled ...": Pakistan
            if head.dep_ == "prep":
                head = head.head
        return subjects(head)
    if verb.dep_ in ("advcl", "pcomp") and verb.tag_ == "VBG" and verb.head.i != verb.i:
        # "X, ..., urging Ukraine", "X has been vocal in urging Ukraine": the clause's subject
        head = verb.head
        for _ in range(4):
            if head.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJECT_DEPS for c in head.children):
                return subjects(head)
            if head.head.i == head.i:
                break
            head = head.head
    return []


def objects(verb: Token) -> list[Token]:
    """The tokens heading the verb's target role."""
    if _is_passive(verb):
        return [t for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS for t in _expand_conj(c)]
    found: list[Token] = []
    for c in verb.children:
        if c.dep_ in OBJECT_DEPS:
            found.extend(_expand_conj(c))
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            found.extend(p for pobj in c.children if pobj.dep_ == "pobj" for p in _expand_conj(pobj))
    for obj in [c for c in verb.children if c.dep_ in OBJECT_DEPS]:  # "filed a complaint against Cambodia"
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ == "against":
                found.extend(p for p in c.children if p.dep_ == "pobj")
    return found


def weapon_targets(verb: Token) -> list[Token]:
    """Targets inside a violent act's object: "launched drones at Ukraine", and of a violent
    nominal subject: "Pakistan's airstrikes on Afghanistan killed eight"."""
    found: list[Token] = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" for p in c.children if p.dep_ == "pobj"]
    found += [  # "detonated an IED targeting a military convoy"
        o for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() == "target" for o in c.children if o.dep_ in OBJECT_DEPS
    ]
    heads = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ in SUBJECT_DEPS and c.pos_ == "NOUN"]
    for head in heads:
        for c in head.subtree:
            if c.dep_ == "prep" and c.lower_ in ("at", "against", "on") and c.head.i != verb.i:
                found.extend(p for p in c.children if p.dep_ == "pobj")
    return found


#: Verbs of assembling, and the crowds whose assembling is a demonstration (CAMEO 141).
ASSEMBLY_LEMMAS = frozenset({"gather", "rally", "march", "assemble", "converge", "congregate", "mass"})
PROTESTER_LEMMAS = frozenset({"protester", "protestor", "demonstrator", "activist", "crowd", "supporter", "marcher", "thousand", "hundred"})
#: Roots whose compound subject acts on itself, each part on the other: "X and Y met / agreed
#: / clashed"; "X and Y said" or "X and Y protested" is each of them acting, on no one.
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "07", "08", "18", "19", "20"})
#: Intents that a compound subject expresses to each other: "X and Y agreed to ...".
RECIPROCAL_INTENT_LEMMAS = frozenset({"agree", "sign", "pledge", "vow", "promise", "accept", "commit", "decide", "resolve"})
#: Verbs that are violence whatever their subject: enough to code an attack by no named actor
#: ("a roadside bomb killed ...") or on no named target (the country where it happened).
CORE_VIOLENCE_LEMMAS = frozenset({
    "kill", "wound", "injure", "attack", "bomb", "shell", "shoot", "explode", "detonate", "blow",
    "strike", "hit", "ambush", "raid", "massacre", "behead", "abduct", "kidnap", "assassinate",
    "torch", "burn", "loot", "destroy", "damage", "fire", "open", "execute", "murder", "slay",
})  # fmt: skip
#: Verbs whose object names what others did to their subject: "drew a rebuke from Moscow".
RECEIVING_LEMMAS = frozenset({"draw", "face", "receive", "attract", "earn", "spark", "provoke", "prompt", "trigger", "meet"})
#: What strikes, kills or destroys without anyone doing it: no event, whatever the verb.
NATURAL_CAUSES = frozenset({
    "earthquake", "quake", "tremor", "aftershock", "storm", "hurricane", "typhoon", "cyclone",
    "tornado", "flood", "flooding", "landslide", "mudslide", "avalanche", "tsunami", "eruption",
    "volcano", "drought", "heatwave", "wildfire", "blaze", "fire", "lightning", "rain", "snow",
    "disease", "virus", "outbreak", "epidemic", "pandemic", "accident", "crash", "collision",
    "currency", "shilling", "rouble", "ruble", "rupee", "lira", "peso", "price", "stock", "market",
})  # fmt: skip
#: Nouns by which a statement refers back to a violent event: "condemned the attack".
ATTACK_NOUNS = frozenset({"attack", "strike", "airstrike", "shelling", "bombing", "killing", "killings", "assault", "massacre", "raid", "invasion", "offensive", "incursion", "bombardment"})
#: Nominals of fighting whose "between X and Y" names both sides.
FIGHT_NOUNS = frozenset({"clash", "fighting", "battle", "gunbattle", "skirmish", "firefight", "fight", "violence", "confrontation", "exchange"})


def fight_sides(verb: Token) -> list[Token]:
    """The sides of "killed in clashes between X and Y" (X, Y), or of "in an attack by X" (X)."""
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ not in ("in", "during", "amid"):
            continue
        for noun in (p for p in c.children if p.dep_ == "pobj"):
            for cc in noun.children:
                if cc.dep_ == "prep" and cc.lower_ == "between" and noun.lemma_.lower() in FIGHT_NOUNS:
                    return [t for p in cc.children if p.dep_ == "pobj" for t in _expand_conj(p)]
                if cc.dep_ == "prep" and cc.lower_ == "by" and noun.lemma_.lower() in FIGHT_NOUNS | INSTRUMENT_LEMMAS:
                    return [t for p in cc.children if p.dep_ == "pobj" for t in _expand_conj(p)][:1]
    return []


def clause_places(verb: Token) -> list[Token]:
    """Places named by a locative preposition anywhere in the verb's own clause (not in the
    clauses it embeds): "clashes between herders and farmers in Plateau state"."""
    def inside(t: Token) -> bool:  # its own phrases, and "targeting a convoy near Afgooye"
        return t.dep_ not in EMBEDDED_CLAUSE_DEPS or t.dep_ == "advcl" and t.tag_ == "VBG" and not _has_own_subject(t)

    out = []
    stack = [c for c in verb.children if inside(c)]
    while stack:
        t = stack.pop()
        if t.dep_ == "prep" and t.lower_ in ARGUMENT_PLACE_PREPS:
            out.extend(p for p in t.children if p.dep_ == "pobj" and _is_place(p))
        stack.extend(c for c in t.children if inside(c))
    return sorted(out, key=lambda t: t.i)


def place_tokens(verb: Token) -> list[Token]:
    """Place names attached by a locative preposition to the verb, or (when the parser
    attaches them there) to its object: "met Xi Jinping in Moscow"."""
    heads = [verb] + [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    for c in verb.children:  # "a roadside bomb near Samarra killed", "killed by a mine outside Basra"
        if c.dep_ == "nsubj" and c.lemma_.lower() in INSTRUMENT_LEMMAS:
            heads.append(c)
        if c.dep_ == "agent":
            heads.extend(p for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in INSTRUMENT_LEMMAS)
    out = []
    for head in heads:
        preps = PLACE_PREPS if head.i == verb.i else ARGUMENT_PLACE_PREPS
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in preps:  # "outside of the city of Basra"
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ == "of":
                        out.extend(p for p in cc.children if p.dep_ == "pobj" and _is_place(p))
            if c.dep_ == "prep" and head.i == verb.i and c.lower_ not in preps:
                for p in c.children:  # "clashed with police in Tehran"
                    out.extend(
                        q for cc in p.children if cc.dep_ == "prep" and cc.lower_ in ARGUMENT_PLACE_PREPS
                        for q in cc.children if q.dep_ == "pobj" and _is_place(q)
                    )
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    if p.ent_type_ in PLACE_ENT_LABELS or _is_place(p):
                        out.append(p)
                    else:  # "at a jail in Dili", "in a village near Kharkiv", "in shelling of Kharkiv"
                        inner = ARGUMENT_PLACE_PREPS | ({"of", "on"} if p.lemma_.lower() in INSTRUMENT_LEMMAS else set())
                        out.extend(
                            q for cc in p.children if cc.dep_ == "prep" and cc.lower_ in inner
                            for q in cc.children if q.dep_ == "pobj" and (q.ent_type_ in PLACE_ENT_LABELS or _is_place(q))
                        )
    return out


def date_phrase(verb: Token) -> Span | None:
    """The DATE entity modifying the verb directly or through 'on'/'in'."""
    candidates: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("npadvmod", "tmod", "obl:tmod", "advmod") and (
            c.ent_type_ in DATE_ENT_LABELS or (c.ent_type_ == "TIME" and _SAME_DAY_RE.search((_ent_of(c) or c).text))
        ):
            candidates.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "in", "during", "since"):
            candidates.extend(p for p in c.children if p.dep_ == "pobj" and p.ent_type_ in DATE_ENT_LABELS)
    for c in candidates:
        ent = _ent_of(c)
        if ent is not None:
            return ent
    for c in verb.children:  # "hours earlier", "two days ago" (often no entity at all)
        if c.dep_ == "advmod" and c.lower_ in ("earlier", "ago", "later") and any(True for _ in c.children):
            return c.doc[c.left_edge.i : c.right_edge.i + 1]
    return None


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


# --- the extractor ------------------------------------------------------------------------
class _Context:
    """Per-document state: coded actors (cached per token) and the persons seen so far."""

    def __init__(self, coder: ActorCoder, antecedents: dict[int, int] | None = None) -> None:
        self.coder = coder
        self.persons: list[tuple[int, Actor]] = []  # (token index, actor)
        self.antecedents = antecedents or {}
        self._cache: dict[int, Actor | None] = {}
        self.nominal_actors: dict[str, tuple[Token, ...]] = {}  # trigger lemma -> source tokens
        self.dateline: Place | None = None  # "KHARKIV, Ukraine (AP) —": where the story is filed
        self.dateline_country: str | None = None
        self.skip_until = 0  # character offset: the dateline's words are no actors
        self._person_ents: list[Span] | None = None
        self.sentence_countries: dict[int, str] = {}  # sentence start -> the one country it names
        self.article_country: str | None = None
        self.sentence_country: str | None = None  # of the sentence being read
        self.last_attacker: Actor | None = None  # the source of the latest violent event
        self.contentious = False  # whether the event being coded is a protest, coercion or violence

    def actor(self, tok: Token, settings: Settings) -> tuple[Actor | None, bool]:
        """(actor, via_anaphora): the actor a token denotes, through coreference if needed."""
        if tok.idx < self.skip_until:
            return None, False
        if tok.i in self.antecedents and settings.resolve_pronouns and tok.ent_type_ not in PLACE_ENT_LABELS:
            ante = tok.doc[self.antecedents[tok.i]]
            actor, _ = self.actor(ante, settings)
            if actor is None:
                return None, False
            mention = Mention(tok.text, tok.idx, tok.idx + len(tok.text), "ANAPHOR")
            return Actor(mention, actor.name, actor.kind, actor.country, actor.sector), True
        if tok.pos_ == "PRON":
            if not settings.resolve_pronouns or tok.lower_ not in PERSONAL_PRONOUNS:
                return None, False
            earlier = [a for i, a in self.persons if i < tok.i]
            if not earlier:
                return None, False
            antecedent = earlier[-1]
            mention = Mention(tok.text, tok.idx, tok.idx + len(tok.text), "PRON")
            return Actor(mention, antecedent.name, antecedent.kind, antecedent.country, antecedent.sector), True
        if tok.i not in self._cache:
            self._cache[tok.i] = self._alias(self.coder.code(tok, vague=True))
        return self._cache[tok.i], False

    def first_actor(
        self, toks: Iterable[Token], settings: Settings, *, exclude: str | None = None, where: str | None = None,
        victim: bool = False,
    ) -> tuple[Actor | None, bool]:
        """The first token that codes as an actor, placed (see ``situate``) before it is judged vague."""
        for t in toks:
            a, via = self.actor(t, settings)
            if a is not None:
                a = self.situate(a, where, victim=victim)
            if a is not None and a.name != exclude and not _vague(a):
                return a, via
        return None, False

    def situate(self, actor: Actor, where: str | None, *, victim: bool = False) -> Actor:
        """An actor the text does not place: an agent acts ``where`` the event happens, an
        ethnic group lives there; an officeholder or group of no country belongs to the one
        country the sentence, or failing that the article, is about."""
        if where and (self.contentious or actor.sector in CONTEXT_SECTORS):
            actor = _in_country(actor, where)  # "protesters in Sofia"; not "tourists visited Paris"
        if where:
            if _ethnic(actor) and actor.country != where:  # "arrested five ethnic Albanians in southern Serbia"
                text = actor.mention.text
                actor = dataclasses.replace(actor, country=where, kind="NORP", name=text[text.casefold().index("ethnic"):])
        context = self.sentence_country or self.article_country
        return _of_context(actor, context, victim=victim) if context is not None else actor

    def _alias(self, actor: Actor | None) -> Actor | None:
        """'Zelensky' after 'Volodymyr Zelensky': the same person, coded as before."""
        if actor is None or actor.kind not in ("PERSON", "ORG") or actor.mention.label == "NOUN":
            return actor  # NER often tags a lone surname ORG: "accused Trump"
        for _, earlier in reversed(self.persons):
            if earlier.name != actor.name and earlier.name.endswith(" " + actor.mention.text):
                return Actor(actor.mention, earlier.name, earlier.kind, earlier.country, earlier.sector)
        return actor

    def note_persons(self, sent: Span) -> None:
        if self._person_ents is None:  # Doc.ents builds Spans on each access: once per doc
            self._person_ents = [e for e in sent.doc.ents if e.label_ == "PERSON"]
        for ent in self._person_ents:
            if sent.start <= ent.start < sent.end:
                actor = self.actor(ent.root, Settings())[0]
                if actor is not None and actor.kind == "PERSON":
                    self.persons.append((ent.root.i, actor))


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


def _clause_scan(trigger: Token, *, max_depth: int = 7) -> list[Token]:
    """Nominal tokens of a trigger's own clause, nearest first (breadth-first), leaving out
    its subjects and the clauses it reports or that describe a noun."""
    def scanned(c: Token, skip: frozenset[str]) -> bool:  # not "three months after the fall of X"
        return c.dep_ not in skip and not (c.dep_ == "prep" and c.lower_ in BACKGROUND_PREPS)

    out: list[Token] = []
    frontier = [c for c in trigger.children if scanned(c, SCAN_SKIP_DEPS)]  # not its own subject
    for _ in range(max_depth):
        nxt: list[Token] = []
        for t in frontier:
            if t.pos_ in ("NOUN", "PROPN"):
                out.append(t)
            nxt.extend(c for c in t.children if scanned(c, SCAN_SKIP_DEPS - SUBJECT_DEPS))
        frontier = nxt
    return out


def _clause_actor_tokens(clause: Token) -> list[Token]:
    """Nominal heads of a clause in text order (subjects, objects, prepositional objects)."""
    return [
        t
        for t in clause.subtree
        if t.pos_ in NOMINAL_POS and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj")
    ]


def np_actor_tokens(head: Token, *, depth: int = 2, preps: frozenset[str] = EMBEDDING_PREPS) -> list[Token]:
    """Tokens inside a noun phrase that may denote an actor: 'Haiti' in "Haiti's efforts",
    'Indian' in "an Indian proposal", 'Serbia' in "the withdrawal of Serbian forces"."""
    out: list[Token] = [c for c in head.children if c.dep_ == "poss"]
    out += [c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "appos") and c.pos_ in ("PROPN", "ADJ", "NOUN")]
    if depth > 0:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.append(p)
                        out.extend(np_actor_tokens(p, depth=depth - 1, preps=preps))
    return out


def _has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and c.tag_ not in ("WDT", "WP") for c in verb.children)


def subordinate_without_event(verb: Token, event_verbs: set[int]) -> bool:
    """A clause that only elaborates another: a relative or noun-complement clause ("a plan
    that will not allow"), or a purpose or participial clause without a subject of its own
    under a verb that is already an event ("staged demonstrations to demand", "opened fire,
    killing one")."""
    if verb.head.i == verb.i:
        return False
    if _headline_predicate(verb) or _actor_relative(verb):
        return False
    if verb.head.pos_ in ("NOUN", "PROPN", "PRON") and verb.dep_ in ("acl", "relcl", "ccomp", "appos"):
        return True
    t = verb  # inside a clause that describes a noun ("Bulgaria, where they say they face ...")
    for _ in range(6):
        if t.head.i == t.i:
            break
        if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return True
        t = t.head
    if verb.dep_ == "pcomp" and not _has_own_subject(verb) and verb.head.head.pos_ in ("NOUN", "PROPN"):
        return True  # "a proposal for signing a free-trade agreement"
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in verb.children):
        # "..., as authorities in Croatia cracked down": the background of an event already coded
        head = verb.head
        while head.dep_ in ("prep", "pcomp", "conj") and head.head.i != head.i:
            head = head.head
        if head.i in event_verbs:
            return True
    if verb.dep_ == "conj" and verb.tag_ == "VBG" and verb.head.dep_ in ("advcl", "xcomp") and not _has_own_subject(verb):
        return subordinate_without_event(verb.head, event_verbs)  # "killing 13 and injuring 89"
    if verb.dep_ in ("advcl", "xcomp", "pcomp", "acl") and not _has_own_subject(verb):
        head = verb.head
        while head.dep_ in ("prep", "pcomp") and head.head.i != head.i:
            head = head.head
        return head.i in event_verbs
    return False


def _actor_relative(verb: Token) -> bool:
    """A relative clause that says what a named actor did: "Azerbaijan, which retook
    Karabakh", "a man who attacked a convoy" (its relative pronoun is the subject, and its noun
    a name or an agent noun), unlike a clause that describes a thing ("a plan that will ...")."""
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") and c.lower_ in ("who", "which") for c in verb.children):
        return False
    head = verb.head
    return head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or actor_dictionary().agent([head.lemma_]) is not None or head.lemma_.lower() in ("man", "woman")


def _headline_predicate(verb: Token) -> bool:
    """A verb the parser hung on its subject as a participle when it is the sentence's
    predicate: "Myanmar military airstrikes killed at least 28 villagers" (the noun is the
    root, "killed" an ``acl`` with an object)."""
    return (
        verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("NOUN", "PROPN") and any(c.dep_ in OBJECT_DEPS for c in verb.children)
    )


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
        if sides and not sources:
            sources, targets = sides[:1], list(sides[1:]) + targets
        if not places:  # "... between herders and farmers in Plateau state"
            places = clause_places(main)
        if fatal_lemma in KILL_LEMMAS | INJURE_LEMMAS:
            quantity = victim_count(governed if governed is not None else main)
    else:
        fatal = wounding = None
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


def _place(tok: Token) -> Place:
    """A place mention, with the larger place named beside it ("Berestove, Donetsk")."""
    if tok.lemma_.lower() in PLACE_NOUNS:
        for c in tok.lefts:  # "hit Kostiantynivka, Donetsk region" parsed as one noun phrase
            if c.dep_ in ("nmod", "compound", "npadvmod") and c.ent_type_ in PLACE_ENT_LABELS and c.i + 1 < tok.i and c.doc[c.i + 1].text == ",":
                named = _named_place(tok)
                inner = _place(c)
                return dataclasses.replace(inner, within=named.text if named is not None else None) if inner.within is None else inner
    if tok.ent_type_ not in PLACE_ENT_LABELS and tok.lemma_.lower() in PLACE_NOUNS:
        named = _named_place(tok)
        if named is not None:
            within = _region_of(tok) or _region_of(named)
            place = _place(named)
            return place if place.within or within is None else dataclasses.replace(place, within=_strip_place_words(within.text))
    span = _ent_of(tok) or tok.doc[tok.i : tok.i + 1]
    within = _region_of(tok)
    return Place(
        Mention(span.text, span.start_char, span.end_char, tok.ent_type_ or "PLACE"),
        name=_strip_place_words(span.text) or span.text,
        within=_strip_place_words(within.text) if within is not None else None,
    )


def _typed_place_country(tok: Token) -> str | None:
    """The country of a region named with its type word, which a bare name may mistake:
    "Niger state" is in Nigeria, "Kherson oblast" in Ukraine."""
    from .resolve import gazetteer

    if tok.lemma_.lower() not in PLACE_NOUNS:
        return None
    named = _named_place(tok)
    if named is None or named.i > tok.i:
        return None
    geo = gazetteer().lookup(tok.doc[named.i : tok.i + 1].text)
    return geo.country if geo is not None and geo.precision == "region" else None


def _is_place(tok: Token) -> bool:
    if tok.ent_type_ in PLACE_ENT_LABELS:
        return True
    if tok.lemma_.lower() in PLACE_NOUNS and _named_place(tok) is not None:
        return True
    if tok.pos_ != "PROPN":
        return False
    return _region_of(tok) is not None or _gazetteer_town(tok)


def _gazetteer_town(tok: Token) -> bool:
    """A one-word name after "near"/"outside"/"in" that the gazetteer knows and the actor
    dictionary does not, whatever the tagger made of it: "ambushed a patrol near Djibo"."""
    from .resolve import gazetteer

    if tok.dep_ != "pobj" or tok.head.lower_ not in ARGUMENT_PLACE_PREPS or tok.ent_type_ not in ("", "PERSON", "ORG", "NORP"):
        return False
    ent = _ent_of(tok)
    if ent is not None and len(ent) > 1:
        return False
    if actor_dictionary().lookup([tok.text]) is not None:
        return False
    return gazetteer().lookup(tok.text) is not None


def _named_place(tok: Token) -> Token | None:
    """The name of a place given by a common noun: "the town of Nikopol", "Jenin refugee camp"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ == "PROPN":
                    return p
    for c in tok.children:
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in PLACE_ENT_LABELS:
            return c
        if c.dep_ == "compound" and c.lower_ in PLACE_NOUNS:  # "Jenin refugee camp"
            inner = _named_place(c)
            if inner is not None:
                return inner
    return None


def _region_of(tok: Token) -> Span | Token | None:
    """The larger place named beside a place: "Donetsk" in "Kostiantynivka, Donetsk region"."""
    from .resolve import gazetteer

    for c in tok.children:
        if c.dep_ in ("appos", "npadvmod"):
            # the outermost of "Kwall (Bassa, Plateau)": ACLED's (district, first-level region)
            found: Span | Token | None = None
            for t in c.subtree:
                if t.ent_type_ in PLACE_ENT_LABELS:
                    found = _ent_of(t) or t
                elif t.pos_ == "PROPN" and t.ent_type_ in ("", "PERSON", "ORG", "NORP") and found is not None:
                    geo = gazetteer().lookup(t.text)  # a region the parser mistook: "Plateau"
                    if geo is not None and geo.precision in ("region", "country"):
                        found = t
            if found is not None:
                return found
    return None


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


def located_tokens(verb: Token) -> list[Token]:
    """Objects of locative prepositions on the verb or its objects ("lifted a curfew in
    Montenegro", "withdraw its troops from Lebanon"): PETRARCH-style, a country or city there
    is the target when the clause names no other."""
    heads = [verb] + [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    out = []
    for head in heads:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in LOCATIVE_TARGET_PREPS:
                out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


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


def extract_events(
    spacy_doc: Doc,
    document: Document,
    *,
    settings: Settings = Settings(),
    verbs: VerbDictionary | None = None,
    actors: ActorDictionary | None = None,
) -> Iterator[Event]:
    """Yield the events of one parsed document, in text order.

    A sentence that only counts casualties ("Three soldiers were killed.") completes the
    violent events of the sentence before it rather than being an event of its own.
    """
    events = list(_document_events(spacy_doc, document, settings=settings, verbs=verbs, actors=actors))
    previous: Span | None = None
    for sent in spacy_doc.sents:
        report = casualty_report(sent) if previous is not None else None
        if report is not None:
            before = [i for i, e in enumerate(events) if e.evidence.sentence_start == previous.start_char and e.quad_class == 4]
            if before:
                fatal, injured = report
                for i in before:
                    e = events[i]
                    events[i] = dataclasses.replace(
                        e,
                        fatalities=e.fatalities if e.fatalities is not None or fatal is None else fatal,
                        injured=e.injured if e.injured is not None or injured is None else injured,
                    )
                events = [e for e in events if e.evidence.sentence_start != sent.start_char]
        previous = sent
    yield from events


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


def _document_events(
    spacy_doc: Doc,
    document: Document,
    *,
    settings: Settings,
    verbs: VerbDictionary | None,
    actors: ActorDictionary | None,
) -> Iterator[Event]:
    verbs = verbs or verb_dictionary()
    coder = ActorCoder(actors or actor_dictionary(), document.published)
    ctx = _Context(coder, _antecedents(spacy_doc, document, coder))
    ctx.dateline, ctx.skip_until = dateline(spacy_doc.text)
    ctx.dateline_country = dateline_country(ctx.dateline) if ctx.dateline is not None else None
    nominal_codes = nominal_triggers()
    seen: set[tuple[int, str, str | None, str | None]] = set()
    if settings.use_discards and discards().story_discarded(spacy_doc.text):
        return
    ctx.sentence_countries, ctx.article_country = context_countries(spacy_doc, coder)
    for sent in spacy_doc.sents:
        ctx.sentence_country = ctx.sentence_countries.get(sent.start)
        if settings.use_discards and discards().sentence_discarded(sent.text):
            ctx.note_persons(sent)
            continue
        frames: list[Frame] = []
        event_verbs: set[int] = set()
        unasserted: set[int] = set()  # verbs in demanded, threatened or conditional clauses
        # "carried out an airstrike, killing 7": the light verb carries an event
        light_verbs = {t.head.i for t in sent if t.pos_ == "NOUN" and t.dep_ == "dobj" and _nominal_code(t, nominal_codes)}
        skipped: set[int] = set()  # verbs that are no event, nor are the clauses they govern
        for tok in sorted((t for t in sent if t.pos_ == "VERB"), key=_depth):
            if (
                tok.dep_ in NON_CLAUSE_DEPS
                or tok.i in unasserted
                or (tok.head.i in skipped and tok.dep_ in GOVERNED_CLAUSE_DEPS and not _has_own_subject(tok)
                    and not _finite_after_gerund(tok))
                or subordinate_without_event(tok, event_verbs | light_verbs)
                or (_conditional(tok) and tok.head.i in event_verbs)  # "... unless X arranged a ceasefire"
                or (any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in tok.children) and tok.dep_ != "ROOT")
                or (_purpose(tok.head) and (tok.head.i not in event_verbs or tok.head.i in skipped) and tok.dep_ in ("ccomp", "xcomp"))
            ):  # "saying he must resign" is demanded, not done; "offered troops to help him oust X": a purpose
                skipped.add(tok.i)
                continue
            frame = verb_frame(tok, sent, verbs)
            if frame is not None:
                frames.append(frame)
                event_verbs.add(tok.i)
                if frame.absorbed is not None:
                    event_verbs.add(frame.absorbed)
                    skipped.add(frame.absorbed)  # "promised to democratize Serbia and establish ..."
                if frame.code[:2] in UNASSERTING_ROOTS or frame.code == "016":  # demanded, threatened, denied
                    unasserted |= {t.i for c in tok.children if c.dep_ == "ccomp" for t in c.subtree}
        violent = frozenset(f.trigger.i for f in frames if f.code[:2] in ("18", "19", "20"))
        for tok in sent:
            if tok.pos_ != "NOUN":
                continue
            violent_noun = (_nominal_code(tok, nominal_codes) or "")[:2] in ("18", "19", "20")
            if not _argument_of_event(tok, event_verbs, violent if violent_noun else frozenset()):
                frame = noun_frame(tok, sent, verbs, nominal_codes)
                if frame is not None:
                    frames.append(frame)
        for f in frames:  # "the talks" later in the article are these talks
            if f.nominal and f.sources and f.trigger.lemma_.lower() not in ctx.nominal_actors:
                ctx.nominal_actors[f.trigger.lemma_.lower()] = f.sources
        frames = _fold_casualties(frames)
        frames = _secondary_nominals(frames)
        frames = _reported(frames)
        frames.sort(key=lambda f: f.trigger.i)
        for frame in frames:
            yield from _events_of(frame, sent, document, ctx, settings, seen)
        ctx.note_persons(sent)


_DATELINE_RE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'’ -]{1,40}?)(?:,\s*(?P<within>[A-Z][A-Za-z.'’ -]{1,40}?))?\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?(?:—|–|--|-)\s"
)


def dateline(text: str) -> tuple[Place | None, int]:
    """The dateline of a wire story ("KHARKIV, Ukraine (AP) — ..."): (place, end offset)."""
    m = _DATELINE_RE.match(text)
    if m is None or not any(ch.isalpha() for ch in m["city"]):
        return None, 0
    city = " ".join(w.capitalize() for w in m["city"].split())
    mention = Mention(m["city"], m.start("city"), m.end("city"), "DATELINE")
    return Place(mention, name=city, within=m["within"]), m.end()


def dateline_country(place: Place) -> str | None:
    """The country of a dateline ("KHARKIV, Ukraine (AP) —"): its second part, else its city."""
    from .resolve import gazetteer

    for name in (place.within, place.name):
        if name:
            entry = actor_dictionary().lookup(name.split())
            if entry is not None and entry.kind == "STATE" and entry.country:
                return entry.country
            geo = gazetteer().lookup(name)
            if geo is not None:
                return geo.country
    return None


def country_label(iso3: str) -> str:
    from .graph import country_name

    return country_name(iso3)


def _vague(actor: Actor) -> bool:
    return actor.country is None and actor.kind == "GROUP" and actor.sector not in ARMED_SECTORS


def _in_country(actor: Actor, country: str) -> Actor:
    """An agent of unknown country ("police", "protesters") acting where the event happens."""
    if actor.country is None and actor.sector is not None and actor.kind == "GROUP":
        return dataclasses.replace(actor, country=country)
    return actor


def _of_context(actor: Actor, country: str, *, victim: bool = False) -> Actor:
    """An officeholder or agent the dictionaries do not place ("President Dos Santos",
    "Judge Alejandro Rivera", "police") belongs to the one country the sentence, or failing
    that the article, is about; an ethnic group lives where the event happens."""
    placed = actor.sector is not None if victim else actor.sector in CONTEXT_SECTORS  # victims: "killed 200 civilians"
    people = actor.kind == "NORP" and actor.mention.text.split()[0].lower().rstrip("s") not in SUPRANATIONAL_WORDS
    if actor.country is None and (placed and actor.kind in ("GROUP", "PERSON") or people):
        return dataclasses.replace(actor, country=country)  # the last: "Moslem demonstrators"
    return actor


@lru_cache(maxsize=512)
def _iso3(code: str) -> bool:
    """Whether a code is a current ISO 3166-1 country (not IGO, a region or CAMEO's "USR")."""
    import pycountry

    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None


#: Subjects of violence that name how, not who: "a roadside bomb killed ...".
INSTRUMENT_LEMMAS = frozenset({
    "bomb", "bombing", "explosion", "blast", "device", "ied", "mine", "landmine", "minefield",
    "shell", "shelling", "rocket", "missile", "grenade", "attack", "ambush", "gunfire", "fire",
    "strike", "airstrike", "drone", "mortar", "car", "explosive", "booby",
})  # fmt: skip


def _unidentified(trigger: Token, country: str) -> Actor:
    """The unnamed perpetrator of violence in ``country``, anchored on what the text says did
    it ("a roadside bombing", "an improvised explosive device") or else on the trigger."""
    anchor = trigger
    for c in trigger.children:
        if c.dep_ in ("nsubj", "agent"):
            head = next((p for p in c.children if p.dep_ == "pobj"), None) if c.dep_ == "agent" else c
            if head is not None and head.lemma_.lower() in INSTRUMENT_LEMMAS:
                anchor = head
    span = trigger.doc[anchor.left_edge.i : anchor.i + 1] if anchor is not trigger else trigger.doc[anchor.i : anchor.i + 1]
    if span[0].dep_ == "det":
        span = span[1:]
    mention = Mention(span.text, span.start_char, span.end_char, "UNIDENTIFIED")
    return Actor(mention, f"Unidentified armed group ({country_label(country)})", "GROUP", country, "UAF")


def _split_nationalities(head: Token, actor: Actor, coder: ActorCoder) -> list[Actor]:
    """"Azerbaijani and Armenian forces", "US and British troops": one actor per country,
    with the same head; any other actor as it is."""
    if actor.mention.label == "ANAPHOR" or actor.kind not in ("GROUP", "NORP", "ORG"):
        return [actor]
    words = [m for m in head.lefts if m.dep_ in ("amod", "compound", "nmod") and m.pos_ in ("ADJ", "PROPN")]
    for m in words:
        conj = [c for c in m.children if c.dep_ == "conj" and c.pos_ in ("ADJ", "PROPN")]
        first = coder.lookup([m.text])
        others = [(c, coder.lookup([c.text])) for c in conj]
        if first is None or first.kind != "STATE" or not others or any(e is None or e.kind != "STATE" for _, e in others):
            continue
        out = [dataclasses.replace(actor, country=first.country, name=f"{m.text} {head.text}",
                                   mention=Mention(m.text, m.idx, m.idx + len(m.text), actor.mention.label))]
        for c, e in others:
            out.append(dataclasses.replace(actor, country=e.country, name=f"{c.text} {head.text}",
                                           mention=Mention(c.text, c.idx, c.idx + len(c.text), actor.mention.label)))
        return out
    return [actor]


def _ethnic(actor: Actor) -> bool:
    return actor.mention.text.casefold().startswith(("ethnic ", "an ethnic ")) or " ethnic " in actor.mention.text.casefold()


def _state_countries(coder: ActorCoder, ents: Iterable[Span]) -> list[str]:
    """The ISO countries that the place and nationality names among ``ents`` name, in order."""
    out = []
    for ent in ents:
        if ent.label_ not in ("GPE", "NORP", "LOC", "ORG"):
            continue
        entry = coder.lookup([t.text for t in ent if t.dep_ != "det" and t.tag_ != "POS"])
        country = entry.country if entry is not None and entry.kind == "STATE" else None
        if ent.label_ == "ORG":  # a national organisation ("the Rwandan Patriotic Front", "... of Angola")
            actor = coder.code(ent.root)
            country = actor.country if actor is not None else None
        if country is None and entry is None and ent.label_ in ("GPE", "LOC"):
            country = place_country(ent)
        if country and _iso3(country):
            out.append(country)
    return out


def context_countries(spacy_doc: Doc, coder: ActorCoder) -> tuple[dict[int, str], str | None]:
    """(sentence start -> the one country a sentence names, the article's dominant country).

    The article's country is the one that at least half of its country mentions name, at
    least three times: an article about Ukraine and Russia has none.
    """
    by_sentence: dict[int, list[str]] = {}
    for ent in spacy_doc.ents:
        by_sentence.setdefault(ent.sent.start, []).extend(_state_countries(coder, [ent]))
    single = {start: cs[0] for start, cs in by_sentence.items() if cs and len(set(cs)) == 1}
    every = [c for cs in by_sentence.values() for c in cs]
    dominant = None
    if every:
        top, n = Counter(every).most_common(1)[0]
        if n >= 3 and 2 * n >= len(every):
            dominant = top
    return single, dominant


def _fold_casualties(frames: list[Frame]) -> list[Frame]:
    """"Three civilians were killed when Russian forces shelled Kherson": one event, the
    shelling, with the killing's dead and date; the bare killing is no event of its own."""
    by_trigger = {f.trigger.i: f for f in frames}
    folded: set[int] = set()
    out = []
    for f in frames:
        t, head = f.trigger, f.trigger.head
        if (
            f.code[:2] in ("18", "19", "20") and t.dep_ == "advcl" and head.i != t.i
            and head.lemma_.lower() in KILL_LEMMAS | INJURE_LEMMAS | {"die"}
            and not subjects(head) and any(c.lower_ in ("when", "as", "after") for c in t.children)
        ):
            n = victim_count(head) if head.lemma_.lower() != "die" else quantities(head)
            fatal = head.lemma_.lower() in KILL_LEMMAS | {"die"}
            head_frame = by_trigger.get(head.i)
            f = dataclasses.replace(
                f,
                fatalities=f.fatalities if f.fatalities is not None or not fatal else n,
                injured=f.injured if f.injured is not None or fatal else n,
                when=f.when or date_phrase(head) or (head_frame.when if head_frame else None),
            )
            folded.add(head.i)
        out.append(f)
    return [f for f in out if f.trigger.i not in folded]


def _secondary_nominals(frames: list[Frame]) -> list[Frame]:
    """A nominal event in a sentence whose verbs already report an event is background
    ("rejected calls by Belarus's rulers", "in protest of the government's refusal"), unless
    the sentence places or dates it ("the talks, held in Geneva")."""
    main = any(not f.nominal and f.code[:2] not in ("01", "02") for f in frames)
    if not main:
        return frames
    return [f for f in frames if not f.nominal or f.places or f.when is not None]


def _reported(frames: list[Frame]) -> list[Frame]:
    """Reported speech: the content of a statement is an event of its own, marked "reported";
    the statement itself (010 "said") is kept only when it has an addressee ("told Kyiv"),
    not as the bare attribution of the reported event ("…, officials said")."""
    out = []
    for f in frames:
        inner = [
            g for g in frames
            if g is not f and g.trigger.i != f.trigger.i
            and any(g.trigger.i in {t.i for t in c.subtree} for c in f.trigger.children if c.dep_ in ("ccomp", "parataxis"))
        ]
        if f.code[:2] == "01" and inner and not f.targets:
            continue
        out.append(f)
    reporting = {f.trigger.i for f in frames if f.code[:2] == "01"}
    return [
        dataclasses.replace(f, modality="reported")
        if f.modality == "asserted" and _under(f.trigger, reporting)
        else f
        for f in out
    ]


def _under(tok: Token, heads: set[int]) -> bool:
    t = tok
    while t.head.i != t.i:
        if t.dep_ in ("ccomp", "parataxis") and t.head.i in heads:
            return True
        t = t.head
    return False


def _purpose(verb: Token) -> bool:
    """An infinitive of purpose: "offered its troops to help him ...", "in order to ..."."""
    return verb.dep_ == "advcl" and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _conditional(verb: Token) -> bool:
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children)


def _finite_after_gerund(verb: Token) -> bool:
    """"accused India of sponsoring militants and expelled a diplomat": a finite verb the
    parser joined to a gerund belongs with the main clause."""
    return verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.tag_ == "VBG"


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i:
        tok, depth = tok.head, depth + 1
    return depth


def _antecedents(spacy_doc: Doc, document: Document, coder: ActorCoder) -> dict[int, int]:
    from .coref import resolve_coreference

    links = resolve_coreference(spacy_doc, published=document.published, coder=coder)
    return {i: a.antecedent for i, a in links.items()}


def _role_actors(
    toks: Iterable[Token], ctx: _Context, settings: Settings, *, embedded: bool, exclude: str | None = None,
    where: str | None = None, source: bool = False, victim: bool = False,
) -> list[tuple[Actor, bool]]:
    """Actors of a role: each token coded, compound actors kept apart; when none codes, the
    first actor inside the noun phrases ("Haiti's efforts"). Agents of unknown country get
    the country ``where`` the event happens, else the sentence's or article's one country."""
    toks = list(toks)
    coded = [(t, *ctx.actor(t, settings)) for t in toks]
    coded = [(a2, p) for t, a, p in coded if a is not None for a2 in _split_nationalities(t, a, ctx.coder)]
    found = [(ctx.situate(a, where, victim=victim), p) for a, p in coded if a.name != exclude]
    found = [(a, p) for a, p in found if not _vague(a)]
    if found or not embedded:
        return found
    for t in toks:  # "an appeal from President Laurent Gbagbo", "rebel positions near Sanaa"
        inside = np_actor_tokens(t, preps=SOURCE_EMBEDDING_PREPS if source else EMBEDDING_PREPS)
        a, p = ctx.first_actor(inside, settings, exclude=exclude, where=where, victim=victim)
        if a is not None:
            return [(a, p)]
    return []


def _events_of(frame: Frame, sent: Span, document: Document, ctx: _Context, settings: Settings, seen: set) -> Iterator[Event]:
    info = code_info(frame.code)
    place_tok = next((t for t in frame.places if _is_place(t)), None)
    where = _typed_place_country(place_tok) if place_tok is not None else None  # "in Niger state": Nigeria
    if place_tok is not None and place_tok.ent_type_ not in PLACE_ENT_LABELS:
        place_tok = _named_place(place_tok) or place_tok  # "the town of Samarra"
    if where is None and place_tok is not None:
        where = place_country(_ent_of(place_tok) or place_tok)
    if where is None and place_tok is None and ctx.dateline is not None and info.root in ("14", "17", "18", "19", "20"):
        where = ctx.dateline_country  # "KHARKIV, Ukraine (AP) — Russian missiles struck a building"

    victim = info.quad_class == 4
    ctx.contentious = info.root in ("14", "15", "17", "18", "19", "20")

    def role(toks: Iterable[Token], *, embedded: bool, exclude: str | None = None, source: bool = False) -> list[tuple[Actor, bool]]:
        # agents of unknown country act where the event happens ("police ... in Dakar");
        # elsewhere an unnamed agent of no known country ("officials said") is too vague
        found = _role_actors(toks, ctx, settings, embedded=embedded, exclude=exclude, where=where, source=source,
                             victim=victim and not source)
        return [(a, p) for a, p in found if not _vague(a)]

    sources = role(frame.sources, embedded=True, source=True)
    if frame.nominal and not sources:
        if frame.trigger.lemma_.lower() in ctx.nominal_actors and any(c.lower_ == "the" for c in frame.trigger.children):
            sources = role(ctx.nominal_actors[frame.trigger.lemma_.lower()], embedded=False)
        if not sources:
            return  # a nominal event needs a stated actor: "Russia's attack", "attack by Russia"
    src_name = sources[0][0].name if len(sources) == 1 else None
    targets = role(frame.targets, embedded=True, exclude=src_name)
    if not targets and ctx.last_attacker is not None and info.root in ("10", "11", "12", "13", "16"):
        # "Ukraine condemned the attack": the one who carried out the attack just reported
        for t in frame.targets:
            if t.lemma_.lower() in ATTACK_NOUNS and any(c.dep_ in ("det", "poss") for c in t.children) and ctx.last_attacker.name != src_name:
                mention = Mention(t.text, t.idx, t.idx + len(t.text), "ANAPHOR")
                targets = [(dataclasses.replace(ctx.last_attacker, mention=mention), True)]
                break
    direct_targets = list(targets)
    if not targets and frame.located and info.root not in ("01", "02") and len(sources) < 2:
        targets = role(frame.located, embedded=True, exclude=src_name)[:1]
    if not targets and info.root in CLAUSE_TARGET_ROOTS and not frame.nominal:
        for c in frame.trigger.children:  # "warned it will take the region if Kyiv ..."
            if c.dep_ == "ccomp":
                a, p = ctx.first_actor(_clause_actor_tokens(c), settings, exclude=src_name, where=where)
                if a is not None and not _vague(a):
                    targets = [(a, p)]
                    break
    if not targets and where is not None and info.root in ("17", "18", "19", "20") and (
        sources or frame.trigger.lemma_.lower() in CORE_VIOLENCE_LEMMAS
    ):
        # violence against no named actor is against the country where it happens
        t = place_tok
        mention = Mention(t.text, t.idx, t.idx + len(t.text), "PLACE") if t is not None else ctx.dateline.mention
        targets = [(Actor(mention, country_label(where), "GPE", where), False)]
    if not targets and sources and not frame.nominal and info.root not in ("01", "02") and len(sources) < 2:
        # last resort: the nearest actor in the clause's own phrases and purpose or condition
        # clauses ("threatened to stop negotiations if the United States ...")
        a, p = ctx.first_actor(_clause_scan(frame.trigger), settings, exclude=src_name, where=where, victim=victim)
        if a is not None:
            targets = [(a, p)]
    if (not sources and targets and where is not None and _iso3(where) and info.root in ("18", "19", "20")
            and not frame.nominal and frame.trigger.lemma_.lower() in CORE_VIOLENCE_LEMMAS):
        # "A roadside bomb near Samarra killed a soldier": CAMEO's unidentified armed forces
        # (UAF) of the country where it happened, as ACLED's "Unidentified Armed Group (Iraq)"
        sources = [(_unidentified(frame.trigger, where), False)]
    if settings.require_actor and not sources and not targets:
        return
    if info.root == "04" and not targets and len(sources) == 1 and info.code not in VISIT_CODES and not frame.nominal:
        return  # "Israel's cabinet met on Sunday": a consultation needs a counterpart
    if info.root in ("01", "02"):  # "told VOA", "The Financial Times cited ...": no newsroom is a party
        sources = [(a, p) for a, p in sources if a.country or a.sector]
        targets = [(a, p) for a, p in targets if (a.country or a.sector) and a.sector != "MED"]  # "told Reuters"
        if not sources:
            return
    if info.root == "01" and not targets:
        return  # "Abe said the economy grew": a statement to or about no one is no dyadic event
    if info.quad_class in (1, 2, 3) and not sources and not (info.quad_class == 3 and _is_passive(frame.trigger) and targets):
        # "residents praised the fire brigade", "loopholes could deepen division": words and
        # cooperation need an actor the coder can name ("X was accused" has none to name)
        return
    reciprocal = info.root in RECIPROCAL_ROOTS and (info.root != "03" or frame.trigger.lemma_.lower() in RECIPROCAL_INTENT_LEMMAS)
    if not targets and len(sources) > 1 and reciprocal:  # "Hungary and Romania signed": each with the other
        pairs = [(s, t) for s in sources for t in sources if s[0].name != t[0].name]
    else:
        pairs = [(s, t) for s in sources or [(None, False)] for t in targets or [(None, False)]]
    grounded = where is not None and info.root not in ("01", "02")
    if settings.require_country and not any(a.country for a, _ in sources + targets) and not grounded:
        return  # "Novak beat Alcaraz": no participant of known country is no political event
    place = None
    for t in frame.places:
        if _is_place(t) and t in frame.targets or not any(
            t.idx >= a.mention.start and t.idx < a.mention.end for a, _ in direct_targets
        ):
            place = _place(t)
            break
    if place is None and ctx.dateline is not None:
        place = ctx.dateline
    event_date, precision = resolve_date(frame.when.text, document.published) if frame.when is not None else (None, None)
    trig = frame.trigger
    trigger = Mention(trig.text, trig.idx, trig.idx + len(trig.text), "TRIGGER")
    for (source, src_pron), (target, tgt_pron) in pairs:
        if source is not None and target is not None and source.name == target.name:
            continue
        key = (trig.i, frame.code, source.name if source else None, target.name if target else None)
        if key in seen:
            continue
        seen.add(key)
        if source is not None and info.root in ("18", "19", "20") and (source.country or source.sector in ARMED_SECTORS):
            ctx.last_attacker = source
        roles = tuple(a.mention for a in (source, target) if a is not None)
        confidence = 0.45 + (0.2 if source else 0) + (0.15 if target else 0) + (0.1 if "*" in frame.rule else 0)
        confidence -= 0.15 * (src_pron + tgt_pron) + (0.1 if frame.nominal else 0)
        yield Event(
            doc_id=document.id,
            evidence=Evidence(document.id, sent.text, sent.start_char, trigger, roles, frame.rule),
            cameo=info.code,
            plover=info.plover,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            source=source,
            target=target,
            location=place,
            date=event_date,
            date_precision=precision if event_date else None,
            negated=frame.negated,
            modality=frame.modality,
            fatalities=frame.quantity if frame.fatal else frame.fatalities,
            injured=frame.quantity if frame.wounding else frame.injured,
            quantity=frame.quantity,
            confidence=max(0.05, min(confidence, 0.95)),
        )


@dataclass(frozen=True, slots=True)
class Discards:
    """Phoenix's discard phrases: a story containing a ``+`` phrase (sports, entertainment)
    is no political story; a sentence containing another phrase gives no events."""

    story: re.Pattern[str] | None
    sentence: re.Pattern[str] | None

    def story_discarded(self, text: str) -> bool:
        return bool(self.story and self.story.search(text))

    def sentence_discarded(self, text: str) -> bool:
        return bool(self.sentence and self.sentence.search(text)) or bool(_CREDIT_LINE.search(text))


#: A newsroom's credit line is no event: "Margaret Besheer contributed to this report."
_CREDIT_LINE = re.compile(
    r"\bcontributed(?:\s+\w+){0,2}\s+to\s+(?:this|the)\s+(?:report|story|article)\b[^.;]*[.”\"]?\s*$|"
    r"^\s*\(?(?:reporting|writing|editing|additional reporting)\s+by\b",
    re.I,
)


_TEMPORAL_DISCARD = re.compile(r"^(\d{4}|.*\b(AGO|LATER)\b.*)$")


@lru_cache(maxsize=1)
def discards() -> Discards:
    """Parsed ``kg/data/cameo/Phoenix.discards.txt``. Bare years and "… ago/later" phrases are
    left out: geokg dates events itself rather than dropping historical ones."""
    from importlib import resources

    story: list[str] = []
    sentence: list[str] = []
    text = resources.files("kg.data").joinpath("cameo", "Phoenix.discards.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        target = story if line.startswith("+") else sentence
        phrase = " ".join(line.lstrip("+").split())
        if phrase and not _TEMPORAL_DISCARD.match(phrase.upper()):
            target.append(phrase)

    def compile_(phrases: list[str]) -> re.Pattern[str] | None:
        if not phrases:
            return None
        alts = sorted({r"\s+".join(map(re.escape, p.split())) for p in phrases}, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.I)

    return Discards(compile_(story), compile_(sentence))


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
