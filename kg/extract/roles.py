"""Roles from the dependency parse: the tokens that fill a trigger's source and target roles,
the places and locatives of its clause, clause scans and the actor tokens inside noun phrases."""

from __future__ import annotations

from spacy.tokens import Token

from ..actordict import actor_dictionary
from .constants import (
    ARGUMENT_PLACE_PREPS,
    BACKGROUND_MARKS,
    BACKGROUND_PREPS,
    LOCATING_PREPS,
    CLAUSE_INHERIT_DEPS,
    EMBEDDED_CLAUSE_DEPS,
    EMBEDDING_PREPS,
    FIGHT_NOUNS,
    INSTRUMENT_LEMMAS,
    LOCATIVE_TARGET_PREPS,
    NOMINAL_POS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_ENT_LABELS,
    PLACE_PREPS,
    SCAN_SKIP_DEPS,
    SUBJECT_DEPS,
    TARGET_PREPS,
    TRANSFER_LEMMAS,
)
from .places import _is_place


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
    recipient = verb.lemma_.lower() in TRANSFER_LEMMAS and any(
        c.dep_ == "prep" and c.lower_ in ("to", "into") and any(p.dep_ == "pobj" for p in c.children) for c in verb.children
    )
    for c in verb.children:  # what is sent is no target when the text says to whom: "deployed troops to Lithuania"
        if c.dep_ in OBJECT_DEPS and not recipient:
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


def fight_sides(verb: Token) -> list[Token]:
    """The sides of "killed in clashes between X and Y" or "clashes between X and Y killed 30"
    (X, Y), or of "in an attack by X" (X)."""
    nouns = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in FIGHT_NOUNS]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "amid"):
            nouns += [p for p in c.children if p.dep_ == "pobj"]
    for noun in nouns:
        for cc in noun.children:
            if cc.dep_ == "prep" and cc.lower_ == "between" and noun.lemma_.lower() in FIGHT_NOUNS:
                return [t for p in cc.children if p.dep_ == "pobj" for t in _expand_conj(p)]
            if cc.dep_ == "prep" and cc.lower_ == "by" and noun.lemma_.lower() in FIGHT_NOUNS | INSTRUMENT_LEMMAS:
                return [t for p in cc.children if p.dep_ == "pobj" for t in _expand_conj(p)][:1]
    return []


def clause_places(verb: Token) -> list[Token]:
    """Places named by a locative preposition anywhere in the verb's own clause (not in the
    clauses it embeds): "clashes between herders and farmers in Plateau state"."""
    def inside(t: Token) -> bool:  # its own phrases (conjoined nouns too), and "targeting a convoy near Afgooye"
        return (
            t.dep_ not in EMBEDDED_CLAUSE_DEPS
            or t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN")
            or t.dep_ == "advcl" and t.tag_ == "VBG" and not _has_own_subject(t)
        )

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
    out = [  # "hit a Russian landing ship off Crimea", "off" parsed as the verb's particle
        p for c in verb.children if c.dep_ == "prt" and c.lower_ == "off" for p in c.children if p.dep_ == "pobj" and _is_place(p)
    ]
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


def _clause_scan(trigger: Token, *, max_depth: int = 7) -> list[Token]:
    """Nominal tokens of a trigger's own clause, nearest first (breadth-first), leaving out
    its subjects and the clauses it reports or that describe a noun."""
    def scanned(c: Token, skip: frozenset[str]) -> bool:  # not "three months after the fall of X"
        # nor where it happened: "seized a town near the border with Chad"
        return c.dep_ not in skip and not (c.dep_ == "prep" and c.lower_ in BACKGROUND_PREPS | LOCATING_PREPS)

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
