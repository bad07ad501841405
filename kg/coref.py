"""Coreference within one article, by rules over the spaCy parse.

No neural coreference model can be installed here (coreferee's English model and the hub models
are out of reach), so anaphors are linked by a few small rules over the dependency parse, the
named entities and the Phoenix actor/agent dictionaries (:mod:`kg.actordict`), the same coding
:class:`kg.extract.ActorCoder` gives event actors. Only confident links are returned: a rule that
finds two equally good, different referents gives no link.

Rules (names as in :attr:`Antecedent.rule` and :data:`RULES`)
    ``reported-speech-subject``
        A pronoun that is the subject of a clause governed by a reporting verb (say, tell,
        announce, warn, insist...) refers to that verb's subject when they agree: "Syria says it
        will not accept refugees" (it = Syria), "The Kremlin has warned it will take the region".
        When that subject is a plain noun that is no actor ("The report says it ...") there is
        no link at all.
    ``pronoun``
        he/she/him/her/his/hers/himself/herself -> a person; it/its/itself -> a state or an
        organisation; they/them/their/themselves -> a plural group noun, an organisation or
        coordinated actors. Candidates are the coded actor mentions of the pronoun's sentence
        (before it) and the two sentences before; the best is the nearest sentence, then a
        subject before a possessor before an object before anything else, then the shallower
        in the parse, then the nearer. A tie between different referents gives no link.
        Skipped: pleonastic "it" ("it was not fair that ...", "made it clear that ..."); a
        neuter pronoun whose nearest preceding subject is a matching plain noun ("The conflict,
        now entering its fourth year"; "These pressures ..., but they ..."); a non-reflexive
        object pronoun never takes its own verb's subject ("Trump accused him").
    ``definite-description``
        "the Ukrainian president", "the US leader", "the prime minister", "Russia's foreign
        minister" -> the nearest earlier named person whose code on the article's date agrees:
        same country (from the nationality modifier) and the sector of the head noun's agent
        code (president, leader -> GOV). A person out of office on that date has no sector and
        so is no "president". If the person's own title is known ("President Volodymyr
        Zelensky") a different specific title ("the prime minister") does not match.
        "the country"/"the nation" -> a state; "the government"/"the administration"/"the
        regime" -> a state or a government organisation of that country. Without a country the
        description must have exactly one candidate in the last three sentences.
    ``surname``
        A lone name ("Zelensky", "Trump", even when NER tags it ORG) -> the latest earlier full
        name ending in it ("Volodymyr Zelensky"), or coded to the same dictionary person.
        Two different full names with that surname give no link.

Links point at the head token of a mention that is not a pronoun: a pronoun whose best
candidate is an earlier resolved pronoun takes that pronoun's antecedent. Follow a chain to the
first mention with :func:`first_mention`.

Measured on the seed article (``seeds/``, see ``tests/test_coref.py``): 27 anaphors linked, 27
right by hand-check.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from .actordict import PERSON, STATE, ActorDictionary, ActorEntry, actor_dictionary

if TYPE_CHECKING:  # kg.extract may import this module; it is imported lazily below
    from .extract import ActorCoder

__all__ = ["RULES", "Antecedent", "first_mention", "resolve_coreference"]

#: Rule names, in the order they are tried.
RULES: tuple[str, ...] = ("reported-speech-subject", "pronoun", "definite-description", "surname")

# --- word classes and dependency label sets ---------------------------------------------
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
REFLEXIVE_PRONOUNS = frozenset({"himself", "herself", "itself", "themselves"})
POSSESSIVE_PRONOUNS = frozenset({"his", "hers", "its", "their", "theirs"})
#: Verbs that report what someone said or thinks: their clausal complement is the speaker's.
REPORTING_LEMMAS = frozenset(
    "say tell announce add claim insist warn argue state declare stress emphasize emphasise note "
    "vow pledge promise threaten confirm deny report reply respond explain predict complain allege "
    "assert maintain reiterate repeat caution signal indicate suggest acknowledge admit accept "
    "believe think hope write tweet post underline "
    "assure reaffirm".split()
)
#: Heads of a pleonastic "it": "it is fair that", "it seems that".
COPULAR_LEMMAS = frozenset({"be", "seem", "appear", "become", "remain", "look", "sound"})
#: Agent nouns that name an institution (an "it"), not a person ("he"/"she").
INSTITUTION_NOUNS = frozenset(
    "government administration regime cabinet ministry parliament council court army military "
    "navy police party committee commission agency alliance coalition delegation leadership "
    "bloc organisation organization union company firm force forces authority".split()
)
#: Heads of a definite description of a state, and of its government.
STATE_NOUNS = frozenset({"country", "nation"})
GOVERNMENT_NOUNS = frozenset({"government", "administration", "regime", "cabinet"})
#: Person descriptions that name no particular office: no title check against the antecedent.
GENERIC_HEADS = frozenset({"leader", "official", "head", "chief", "representative", "envoy"})
#: Modifiers under which a description is not the current holder: "the former president".
NOT_CURRENT = frozenset({"former", "ex", "late", "then", "next", "future", "previous", "past", "incoming"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "flat"})
NOT_HEAD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "flat"})
ACTOR_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Sentences before the anaphor's own in which a pronoun (or a description without a
#: country) looks for its antecedent.
WINDOW = 2

# Salience ranks: lower is better.
_SUBJECT, _POSSESSOR, _OBJECT, _OTHER = range(4)
# Kinds of mention (coarser than ActorCoder's): who a pronoun may refer to.
_PERSON, _STATE, _ORG, _GROUP = "PERSON", "STATE", "ORG", "GROUP"


@dataclass(frozen=True, slots=True)
class Antecedent:
    anaphor: int  # token index (head) of the anaphoric mention in the Doc
    antecedent: int  # token index (head) of the mention it refers to
    rule: str  # one of RULES
    confidence: float


@dataclass(frozen=True, slots=True)
class _Mention:
    """An actor mention seen so far, as a pronoun or description sees it."""

    head: int
    sent: int
    kind: str  # _PERSON | _STATE | _ORG | _GROUP
    plural: bool
    identity: str  # who: the dictionary/NER name, or "#<head>" for an unnamed group
    country: str | None = None
    sector: str | None = None
    named: bool = True  # a name (entity or dictionary entry), not a group noun or description
    coordinated: bool = False  # heads "X and Y": also a plural antecedent
    role: int = _OTHER
    depth: int = 0
    title: tuple[str, ...] = ()  # "president" in "President Volodymyr Zelensky"
    full_name: tuple[str, ...] = ()  # folded words of a multi-word person name
    target: int = -1  # the mention a link to this one points at (itself unless a pronoun)

    @property
    def link_target(self) -> int:
        return self.head if self.target < 0 else self.target


@dataclass(frozen=True, slots=True)
class _Description:
    """What a definite description says about its referent."""

    kind: str  # _PERSON | _STATE | "GOVERNMENT"
    country: str | None
    sector: str | None
    head_words: tuple[str, ...]  # "prime", "minister"


# --- small helpers over the parse --------------------------------------------------------
def _fold(text: str) -> str:
    return text.casefold().replace("\u2019", "'")


def _ent_of(tok: Token) -> Span | None:
    if tok.ent_iob_ in ("B", "I"):
        for ent in tok.sent.ents:
            if ent.start <= tok.i < ent.end:
                return ent
    return None


def depth(tok: Token) -> int:
    """Steps from ``tok`` up to its sentence's root."""
    steps = 0
    while tok.head.i != tok.i:
        tok, steps = tok.head, steps + 1
    return steps


def salience(tok: Token) -> int:
    """Grammatical role rank of a mention head: subject < possessor < object < other.
    An apposition or conjunct ranks as the phrase it belongs to."""
    while tok.dep_ in ("appos", "conj") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in SUBJECT_DEPS:
        return _SUBJECT
    if tok.dep_ == "poss":
        return _POSSESSOR
    if tok.dep_ in OBJECT_DEPS:
        return _OBJECT
    return _OTHER


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited from the verb it is conjoined to or controlled by
    ("Zelensky accused Trump ..., saying ...")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    if verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        if verb.head.i != verb.i:
            return subject_of(verb.head)
    return None


def _clause_verb(tok: Token) -> Token:
    """The verb whose argument ``tok`` is (through a preposition)."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.i != head.i:
        head = head.head
    return head


def modifiers(head: Token) -> list[Token]:
    """Left modifiers of a noun (compounds, adjectives, possessors), recursively, in order."""
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ in MODIFIER_DEPS]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.lefts if c.dep_ in MODIFIER_DEPS)
    return sorted(out, key=lambda t: t.i)


def pronoun_class(tok: Token) -> str | None:
    """_PERSON, _STATE (it: a state or organisation) or _GROUP (they), or None."""
    if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
        return None
    word = tok.lower_
    if word in PERSON_PRONOUNS:
        return _PERSON
    if word in NEUTER_PRONOUNS:
        return _STATE
    if word in PLURAL_PRONOUNS:
        return _GROUP
    return None


def is_pleonastic(tok: Token) -> bool:
    """An "it" that refers to nothing: "it was 'not fair' that ...", "made it clear that ...",
    "it is expected to ...", "it rained"."""
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if head.pos_ == "ADJ":  # small clause: "made it clear that"
        return True
    clausal = {c.dep_ for c in head.children if c.i > tok.i}
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in COPULAR_LEMMAS and clausal & {"ccomp", "csubj"}:
        return True
    if tok.dep_ == "nsubjpass" and head.lemma_ in REPORTING_LEMMAS | {"expect", "hope"} and "ccomp" in clausal:
        return True  # "it was reported that", "it is believed that"
    return head.lemma_ in ("rain", "snow")


def reported_speaker(tok: Token) -> Token | None:
    """For the subject of a clause governed by a reporting verb, that verb's subject:
    "Syria says it will ..." -> Syria."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = tok.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    verb = clause.head
    if verb.lemma_.lower() not in REPORTING_LEMMAS:
        return None
    speaker = subject_of(verb)
    return speaker if speaker is not None and speaker.i != tok.i else None


def blocking_subject(tok: Token, plural: bool) -> Token | None:
    """The nearest subject before a neuter pronoun, in its sentence (else the previous
    sentence's main subject), if it is a noun of the pronoun's number: a plain noun there is
    the likely antecedent ("The conflict, now entering its fourth year")."""
    sent = tok.sent
    for t in reversed(sent[: tok.i - sent.start]):
        if t.dep_ in SUBJECT_DEPS and t.pos_ in ("NOUN", "PROPN", "PRON") and t.tag_ not in ("WDT", "WP"):
            return t if t.pos_ != "PRON" and _is_plural(t) == plural else None
    if sent.start == 0:
        return None
    prev = tok.doc[sent.start - 1].sent
    root_subject = subject_of(prev.root)
    if root_subject is not None and root_subject.pos_ in ("NOUN", "PROPN") and _is_plural(root_subject) == plural:
        return root_subject
    return None


def _is_plural(tok: Token) -> bool:
    return tok.tag_ in ("NNS", "NNPS") or "Plur" in tok.morph.get("Number")


def _is_coordinated(tok: Token) -> bool:
    return any(c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") for c in tok.children)


# --- dictionary look-ups (cached) ------------------------------------------------------
@lru_cache(maxsize=4096)
def _lookup(words: tuple[str, ...], on: date | None) -> ActorEntry | None:
    dictionary = actor_dictionary()
    if not words or len(words) > dictionary.max_words:
        return None
    return dictionary.lookup(list(words), on=on)


@lru_cache(maxsize=4096)
def _agent(words: tuple[str, ...]) -> str | None:
    return actor_dictionary().agent(list(words)) if words else None


def _nationality(tokens: list[Token], published: date | None) -> str | None:
    """The country a run of modifiers names ("Ukrainian", "US", "Russia's", "North Korean"),
    longest sub-phrase first; only states and organisations count."""
    words = [t.text for t in tokens if t.pos_ in ("PROPN", "ADJ", "NOUN") and t.tag_ != "POS"]
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size, -1, -1):
            entry = _lookup(tuple(words[start : start + size]), published)
            if entry is not None and entry.kind != PERSON and entry.country:
                return entry.country
    return None


def _office_words(tokens: list[Token], published: date | None) -> tuple[str, ...]:
    """The office a run of words names, nationality words dropped: "Ukrainian President" ->
    ("president",); "Foreign Minister" -> ("foreign", "minister")."""
    words = [t.lower_ for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ") and _lookup((t.text,), published) is None]
    for start in range(len(words)):
        if _agent(tuple(words[start:])):
            return tuple(words[start:])
    return ()


# --- mentions -------------------------------------------------------------------------------
def _mention(tok: Token, sent: int, coder: ActorCoder, published: date | None) -> _Mention | None:
    """The actor mention headed by ``tok``, or None if ``tok`` heads none."""
    if tok.pos_ not in ("PROPN", "NOUN") or tok.dep_ in NOT_HEAD_DEPS:
        return None
    ent = _ent_of(tok)
    if ent is not None and (ent.root.i != tok.i or ent.label_ not in ACTOR_ENT_LABELS):
        return None
    actor = coder.code(tok)
    if actor is None:
        return None
    if actor.kind != "GROUP" and ent is None and tok.pos_ == "NOUN" and tok.is_lower:
        return None  # a common word that happens to be a dictionary alias ("cornerstone")
    plural = _is_plural(tok)
    named = actor.kind != "GROUP"
    if actor.kind == "PERSON":
        kind = _PERSON
    elif actor.kind == "GPE":
        kind = _STATE
    elif actor.kind in ("ORG", "NORP"):
        kind = _ORG
    elif tok.lemma_.lower() in INSTITUTION_NOUNS or tok.lower_ in INSTITUTION_NOUNS:
        kind = _ORG
    else:
        kind = _GROUP if plural else _PERSON  # "officials"; "the president"
    title: tuple[str, ...] = ()
    full_name: tuple[str, ...] = ()
    if ent is not None and kind == _PERSON:
        title = _office_words([m for m in modifiers(tok) if m.i < ent.start], published)
        names = [t for t in ent if t.pos_ == "PROPN" and t.tag_ != "POS"]
        if len(names) > 1:
            full_name = tuple(_fold(t.text) for t in names)
    return _Mention(
        head=tok.i,
        sent=sent,
        kind=kind,
        plural=plural,
        identity=actor.name if named else f"#{tok.i}",
        country=actor.country,
        sector=actor.sector,
        named=named,
        coordinated=_is_coordinated(tok),
        role=salience(tok),
        depth=depth(tok),
        title=title,
        full_name=full_name,
    )


def compatible(pronoun: str, mention: _Mention) -> bool:
    """Can a pronoun of class ``pronoun`` (_PERSON / _STATE / _GROUP) refer to ``mention``?"""
    if pronoun == _PERSON:
        return mention.kind == _PERSON and not mention.plural
    if pronoun == _STATE:
        return mention.kind in (_STATE, _ORG) and not mention.plural
    return mention.plural or mention.coordinated or mention.kind == _ORG


# --- the rules --------------------------------------------------------------------------------
def _reported_speech(tok: Token, cls: str, seen: dict[int, _Mention]) -> tuple[_Mention | None, bool]:
    """(antecedent, blocked): the speaker of a reporting verb whose clause ``tok`` is the
    subject of; blocked when the speaker is a plain noun of the pronoun's kind."""
    speaker = reported_speaker(tok)
    if speaker is None:
        return None, False
    mention = seen.get(speaker.i)
    if mention is not None:
        return (mention, False) if compatible(cls, mention) else (None, False)
    plain_noun = speaker.pos_ in ("NOUN", "PROPN") and _ent_of(speaker) is None
    return None, plain_noun and cls != _PERSON and _is_plural(speaker) == (cls == _GROUP)


def _pronoun(tok: Token, cls: str, sent: int, seen: dict[int, _Mention]) -> tuple[_Mention | None, float]:
    """The best earlier compatible mention for a pronoun (see the module docstring), and the
    link's confidence; (None, 0) when there is none or two different referents tie."""
    if cls != _PERSON:
        blocker = blocking_subject(tok, plural=cls == _GROUP)
        if blocker is not None and blocker.i not in seen:
            return None, 0.0
    reflexive = tok.lower_ in REFLEXIVE_PRONOUNS
    possessive = tok.lower_ in POSSESSIVE_PRONOUNS or tok.dep_ == "poss"
    verb = _clause_verb(tok)
    ranked = []
    for m in seen.values():
        if m.head >= tok.i or sent - m.sent > WINDOW or not compatible(cls, m):
            continue
        if m.head == tok.head.i:  # "his leader": not the noun the pronoun modifies
            continue
        cand = tok.doc[m.head]
        same_clause_subject = cand.dep_ in SUBJECT_DEPS and cand.head.i == verb.i
        if reflexive and not same_clause_subject:
            continue
        if not reflexive and not possessive and same_clause_subject:
            continue  # "Trump accused him": him is not Trump
        ranked.append(((sent - m.sent, m.role, m.depth, tok.i - m.head), m))
    if not ranked:
        return None, 0.0
    ranked.sort(key=lambda r: r[0])
    (key, best), rivals = ranked[0], [k for k, m in ranked[1:] if m.identity != ranked[0][1].identity]
    if rivals and rivals[0][:3] == key[:3]:
        return None, 0.0  # two different referents, equally salient
    confidence = 0.7 if rivals and rivals[0][0] == key[0] else 0.85  # a rival in the same sentence
    confidence -= 0.1 * key[0]  # an antecedent in an earlier sentence is less sure
    if key[0] and key[1] == _SUBJECT:
        confidence += 0.05  # the previous sentence's subject: the usual topic
    return best, round(confidence, 2)


def _description(tok: Token, published: date | None) -> _Description | None:
    """A definite description headed by ``tok``: "the (Ukrainian) president", "Russia's
    foreign minister", "the country", "the government"; None for anything else."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in NOT_HEAD_DEPS or _is_plural(tok):
        return None
    if _ent_of(tok) is not None:
        return None  # a name ("the Kremlin", "the US"), not a description
    mods = modifiers(tok)
    if any(m.lower_ in NOT_CURRENT for m in mods):
        return None
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    owner = [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    if not definite and not owner:
        return None
    of_phrase = [p for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    country = _nationality(mods, published) or _nationality(of_phrase, published)
    lemma = tok.lemma_.lower()
    if (lemma in STATE_NOUNS or lemma in GOVERNMENT_NOUNS) and not definite:
        return None  # "Russia's government" is coded from its owner; no antecedent needed
    if lemma in STATE_NOUNS:
        return _Description(_STATE, country, None, (lemma,))
    if lemma in GOVERNMENT_NOUNS:
        return _Description("GOVERNMENT", country, "GOV", (lemma,))
    if lemma in INSTITUTION_NOUNS:
        return None
    words = _office_words([m for m in mods if m.dep_ in ("compound", "amod")] + [tok], published)
    if not words or words[-1] != tok.lower_:
        return None
    sector = _agent(words)
    return _Description(_PERSON, country, sector[:3] if sector else None, words)


def _describes(desc: _Description, m: _Mention) -> bool:
    """Does mention ``m`` fit description ``desc``?"""
    if not m.named or (desc.country is not None and m.country != desc.country):
        return False
    if desc.kind == _STATE:
        return m.kind == _STATE
    if desc.kind == "GOVERNMENT":
        return m.kind == _STATE or (m.kind == _ORG and (m.sector or "")[:3] == "GOV")
    if m.kind != _PERSON or m.plural or m.sector is None or desc.sector is None:
        return False
    if m.sector[:3] != desc.sector:
        return False
    if desc.head_words[-1] in GENERIC_HEADS or not m.title:
        return True
    shorter, longer = sorted((m.title, desc.head_words), key=len)
    return longer[-len(shorter) :] == shorter  # "the minister" fits "Foreign Minister Lavrov"


def _definite_description(tok: Token, desc: _Description, sent: int, seen: dict[int, _Mention]) -> tuple[_Mention | None, float]:
    """The nearest earlier named mention that fits the description; with no country, the only
    one in the window. (None, 0) when two different referents fit equally."""
    window = None if desc.country is not None else WINDOW
    own_phrase = {t.i for t in tok.subtree}  # "Russia's leadership" is not Russia
    fits = [
        m
        for m in seen.values()
        if m.head < tok.i
        and m.head not in own_phrase
        and _describes(desc, m)
        and (window is None or sent - m.sent <= window)
    ]
    if not fits:
        return None, 0.0
    fits.sort(key=lambda m: -m.head)
    best = fits[0]
    others = [m for m in fits if m.identity != best.identity]
    if desc.country is None:
        if others:
            return None, 0.0
        return best, 0.7
    if others and others[0].sent == best.sent:
        return None, 0.0  # two different fitting referents in one sentence
    return best, 0.85 if not others else 0.75


def _surname(tok: Token, own: _Mention | None, seen: dict[int, _Mention]) -> tuple[_Mention | None, float]:
    """A lone name -> the latest earlier full name ending in it, or coded by the dictionary
    to the same person ("Zelenskyy" after "Volodymyr Zelensky")."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.dep_ in NOT_HEAD_DEPS:
        return None, 0.0
    ent = _ent_of(tok)
    if ent is not None and sum(t.pos_ == "PROPN" for t in ent) > 1:
        return None, 0.0  # a full name itself
    word = _fold(tok.text)
    coded = own.identity if own is not None and own.kind == _PERSON and own.named else None
    fits = [
        m
        for m in seen.values()
        if m.head < tok.i and m.full_name and (m.full_name[-1] == word or m.identity == coded)
    ]
    if not fits:
        return None, 0.0
    fits.sort(key=lambda m: -m.head)
    if any(m.identity != fits[0].identity or m.full_name != fits[0].full_name for m in fits):
        return None, 0.0  # "Donald Trump" and "Melania Trump": which one?
    return fits[0], 0.95 if fits[0].full_name[-1] == word else 0.85


# --- the pass over the document ------------------------------------------------------------
def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def resolve_coreference(
    doc: Doc,
    *,
    published: date | None = None,
    rules: Collection[str] = RULES,
    actors: ActorDictionary | None = None,
) -> dict[int, Antecedent]:
    """Link the anaphors of a parsed article to earlier mentions: {anaphor head index: link}.

    ``published`` dates the dictionary look-ups (who held which office that day); ``rules``
    picks which of :data:`RULES` run (to measure what each adds).
    """
    unknown = set(rules) - set(RULES)
    if unknown:
        raise ValueError(f"unknown coreference rule(s) {sorted(unknown)}; allowed: {', '.join(RULES)}")
    if len(doc) and not doc.has_annotation("DEP"):
        raise ValueError("resolve_coreference needs a parsed Doc (a pipeline with a dependency parser)")
    from .extract import ActorCoder  # deferred: kg.extract may import this module

    coder = ActorCoder(actors or actor_dictionary(), published)
    sent_of = _sentence_index(doc)
    seen: dict[int, _Mention] = {}
    links: dict[int, Antecedent] = {}
    for tok in doc:
        sent = sent_of[tok.i]
        cls = pronoun_class(tok)
        if cls is not None:
            link = _resolve_pronoun(tok, cls, sent, seen, rules)
            if link is not None:
                links[tok.i] = link
                ante = seen[link.antecedent]
                seen[tok.i] = _pronoun_mention(tok, sent, ante)
            continue
        own = _mention(tok, sent, coder, published)
        link_to: _Mention | None = None
        rule, confidence = "", 0.0
        if "definite-description" in rules and (own is None or not own.named):
            desc = _description(tok, published)
            if desc is not None:
                link_to, confidence = _definite_description(tok, desc, sent, seen)
                rule = "definite-description"
        if link_to is None and "surname" in rules:
            link_to, confidence = _surname(tok, own, seen)
            rule = "surname"
        if link_to is not None:
            links[tok.i] = Antecedent(tok.i, link_to.link_target, rule, confidence)
            base = own or _Mention(tok.i, sent, link_to.kind, False, link_to.identity)
            own = _inherit(base, link_to, salience(tok), depth(tok))
        if own is not None:
            seen[tok.i] = own
    return links


def _resolve_pronoun(tok: Token, cls: str, sent: int, seen: dict[int, _Mention], rules: Collection[str]) -> Antecedent | None:
    if cls == _STATE and is_pleonastic(tok):
        return None
    if "reported-speech-subject" in rules:
        speaker, blocked = _reported_speech(tok, cls, seen)
        if blocked:
            return None
        if speaker is not None:
            return Antecedent(tok.i, speaker.link_target, "reported-speech-subject", 0.9)
    if "pronoun" in rules:
        best, confidence = _pronoun(tok, cls, sent, seen)
        if best is not None:
            return Antecedent(tok.i, best.link_target, "pronoun", confidence)
    return None


def _pronoun_mention(tok: Token, sent: int, ante: _Mention) -> _Mention:
    """A resolved pronoun, as a candidate for later pronouns: it stands for its antecedent."""
    return _inherit(
        _Mention(tok.i, sent, ante.kind, tok.lower_ in PLURAL_PRONOUNS, ante.identity),
        ante,
        salience(tok),
        depth(tok),
        stands_in=True,
    )


def _inherit(own: _Mention, ante: _Mention, role: int, dep: int, *, stands_in: bool = False) -> _Mention:
    """``own`` as a mention of ``ante``'s referent (same identity, code and title). A pronoun
    ``stands_in`` for its antecedent: a link to it goes to the antecedent instead."""
    return _Mention(
        head=own.head,
        sent=own.sent,
        kind=ante.kind,
        plural=own.plural,
        identity=ante.identity,
        country=ante.country,
        sector=ante.sector,
        named=True,
        coordinated=own.coordinated,
        role=role,
        depth=dep,
        title=own.title or ante.title,
        full_name=own.full_name,
        target=ante.link_target if stands_in else -1,
    )


def first_mention(links: dict[int, Antecedent], index: int) -> int:
    """Follow links from token ``index`` back to the first mention of its referent."""
    visited = {index}
    while index in links:
        index = links[index].antecedent
        if index in visited:  # cannot happen (links point backwards), but never loop
            break
        visited.add(index)
    return index


def iter_links(links: dict[int, Antecedent]) -> Iterator[Antecedent]:
    """The links in text order."""
    return (links[i] for i in sorted(links))
