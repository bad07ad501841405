"""Actor coding: noun phrases coded as CAMEO actors (country + sector) with the Phoenix
dictionaries, and the countries an unplaced actor takes from its event, sentence or article."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..actordict import ActorDictionary, ActorEntry, contract_code
from ..parse import left_modifiers, token_mention
from ..records import Actor, Mention
from .constants import (
    ACTOR_ENT_LABELS,
    ARMED_SECTORS,
    CONTEXT_SECTORS,
    INSTRUMENT_LEMMAS,
    MODIFIER_DEPS,
    PLACE_ENT_LABELS,
    REGION_CODES,
    SUPRANATIONAL_WORDS,
    _ent_of,
)
from .places import place_country


# --- actors -----------------------------------------------------------------------------
def _modifiers(head: Token) -> list[Token]:
    """Left-side modifiers of a noun (compounds, adjectives, possessors), recursively."""
    return left_modifiers(head, MODIFIER_DEPS)


def _negated_modifier(tok: Token) -> bool:
    """'anti-Syria', 'non-NATO': a modifier that says what the actor is against or not."""
    doc = tok.doc
    if tok.lower_.startswith(("anti-", "non-")) or tok.lower_ in ("anti", "non"):
        return True
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("anti", "non")


def _span_text(doc: Doc, start: int, end: int) -> tuple[str, int, int]:
    span = doc[start:end]
    return span.text, span.start_char, span.end_char


class ActorCoder:
    """Codes noun phrases as CAMEO actors (country + sector) with the Phoenix dictionaries."""

    def __init__(self, dictionary: ActorDictionary, published: date | None) -> None:
        self.dictionary = dictionary
        self.published = published
        self._memo: dict[tuple[int, int], tuple[Actor | None, bool]] = {}  # (doc id, token) -> (actor, vague only)
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
        key = (id(head.doc), head.i)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._code(head)
        actor, vague_only = found
        return None if vague_only and not vague else actor

    def _code(self, head: Token) -> tuple[Actor | None, bool]:
        """(actor, vague_only): the actor, and whether it is one only with ``vague`` (an agent
        noun of no country), so that one pass serves both kinds of call."""
        doc = head.doc
        ent = _ent_of(head)
        if ent is not None and len(ent) == 1 and head.pos_ in ("NOUN", "PROPN") and self._agent_sector([head]) is not None and self.lookup([head.text]) is None:
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
        elif sector is None and entry is None and ent is not None and ent.label_ == "ORG" and len(ent) == 1:
            sector = self._agent([head.lemma_.lower()])  # "Congress", "Parliament": the body, whose country the text gives
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
            return None, False  # "peace talks", "Russia's insistence": the head is no actor

        vague_only = entry is None and ent is None and country is None and sector not in ARMED_SECTORS
        if entry is None and country is None and ent is not None and ent.label_ in ("GPE", "LOC", "FAC"):
            return None, False  # a place of unknown country ("Yongbyon") is a place, not an actor
        country, sector = contract_code(country, sector)
        kind = "NORP" if resident and people else self._kind(entry, ent)
        phrase = [t for t in mod_tokens + name_tokens if t.dep_ != "det" and t.tag_ != "POS"]
        if not phrase:
            return None, False  # only a determiner or a possessive mark (noise such as "\\" tagged POS)
        phrase.sort(key=lambda t: t.i)
        start, end = phrase[0].i, phrase[-1].i + 1
        text, start_char, end_char = _span_text(doc, start, end)
        if entry is not None and (kind != "GROUP" or ent is not None) and kind != "NORP":
            name = entry.name
        elif ent is not None:
            name = ent.text
        else:
            name = text
        if not any(ch.isalpha() for ch in name):
            return None, False  # "🙂🙂🙂" tagged ORG names nobody
        actor = Actor(
            mention=Mention(text, start_char, end_char, ent.label_ if ent is not None else "NOUN"),
            name=name,
            kind=kind,
            country=country,
            sector=sector,
        )
        return actor, vague_only

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
                    return Actor(token_mention(c), c.text, "GROUP", None, sector)
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    entry = self.lookup([p.text]) if p.dep_ == "pobj" else None
                    if entry is not None and entry.kind == "STATE":
                        return Actor(token_mention(p), entry.name, "GPE", entry.country)
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


def country_label(iso3: str) -> str:
    from ..graph import country_name

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
    that the article, is about; so do a people of no stated country ("Moslem demonstrators")
    and, with ``victim``, victims of any sector ("killed 200 civilians")."""
    placed = actor.sector is not None if victim else actor.sector in CONTEXT_SECTORS  # victims: "killed 200 civilians"
    people = actor.kind == "NORP" and actor.mention.text.split()[0].lower().rstrip("s") not in SUPRANATIONAL_WORDS
    if actor.country is None and (placed and actor.kind in ("GROUP", "PERSON", "ORG") or people):
        return dataclasses.replace(actor, country=country)  # the last: "Moslem demonstrators"
    return actor


@lru_cache(maxsize=512)
def _iso3(code: str) -> bool:
    """Whether a code is a current ISO 3166-1 country (not IGO, a region or CAMEO's "USR")."""
    import pycountry

    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None


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
                                   mention=token_mention(m, actor.mention.label))]
        for c, e in others:
            out.append(dataclasses.replace(actor, country=e.country, name=f"{c.text} {head.text}",
                                           mention=token_mention(c, actor.mention.label)))
        return out
    return [actor]


def _ethnic(actor: Actor) -> bool:
    return actor.mention.text.casefold().startswith(("ethnic ", "an ethnic ")) or " ethnic " in actor.mention.text.casefold()


def _state_country(coder: ActorCoder, ent: Span) -> str | None:
    """The ISO country a place, nationality or national organisation name names, if any."""
    if ent.label_ == "ORG":  # a national organisation ("the Rwandan Patriotic Front", "... of Angola")
        actor = coder.code(ent.root)
        country = actor.country if actor is not None else None
    elif ent.label_ in ("GPE", "NORP", "LOC"):
        entry = coder.lookup([t.text for t in ent if t.dep_ != "det" and t.tag_ != "POS"])
        country = entry.country if entry is not None and entry.kind == "STATE" else None
        if country is None and entry is None and ent.label_ != "NORP":
            country = place_country(ent)
    else:
        return None
    return country if country and _iso3(country) else None


def context_countries(spacy_doc: Doc, coder: ActorCoder) -> tuple[dict[int, str], str | None]:
    """(sentence start -> the one country a sentence names, the article's dominant country).

    The article's country is the one that at least half of its country mentions name, at
    least three times: an article about Ukraine and Russia has none.
    """
    by_sentence: dict[int, list[str]] = {}
    for ent in spacy_doc.ents:
        country = _state_country(coder, ent)
        if country is not None:
            by_sentence.setdefault(ent.sent.start, []).append(country)
    single = {start: cs[0] for start, cs in by_sentence.items() if cs and len(set(cs)) == 1}
    every = [c for cs in by_sentence.values() for c in cs]
    dominant = None
    if every:
        top, n = Counter(every).most_common(1)[0]
        if n >= 3 and 2 * n >= len(every):
            dominant = top
    return single, dominant
