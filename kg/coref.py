"""Coreference within one article, by rules over the spaCy parse.

No neural coreference model can be installed here (coreferee's English model and the hub models
are out of reach), so anaphors are linked by a few small rules over the dependency parse, the
named entities and the Phoenix actor/agent dictionaries (:mod:`kg.actordict`), with mentions
coded as :class:`kg.extract.ActorCoder` codes event actors. Only confident links are returned:
where two different referents fit equally well there is no link.

Rules (names as in :attr:`Antecedent.rule` and :data:`RULES`)
    ``reported-speech-subject``
        A pronoun that is the subject of a clause governed by a reporting verb (say, tell,
        announce, warn, insist...) refers to that verb's subject when they agree: "Syria says it
        will not accept refugees" (it = Syria), "The Kremlin has warned it will take the region".
        When that subject is a plain noun that is no actor ("The report says it ...") there is
        no link at all.
    ``pronoun``
        he/she/him/her/his/hers/himself/herself -> a person; it/its/itself -> a state or an
        organisation; they/them/their/themselves -> a plural group noun or coordinated actors
        (a singular organisation only as the speaker or the clause's own subject). In order:
        a pleonastic "it" ("it was not fair that ...", "made it clear that ...", "when it comes
        to") gets no link; a possessive in a fronted phrase before a fitting main subject points
        forward ("In its report, the Kremlin ...") and gets none; a possessive takes the subject
        of its own clause when that comes first ("Russia continues to advance its demands"), and
        none when that subject is a plain noun of its number ("the Golbon could complete its
        voyage"). Then a neuter pronoun gets no link when a plain noun of its number is the
        likelier antecedent (for "its"/"their" the nearest subject before it: "The conflict,
        now entering its fourth year"; for "it"/"they" the nearest noun before it, unless the
        pronoun itself speaks: "It said ..."). Otherwise candidates are the coded actor mentions
        of the pronoun's sentence (before it) and the two sentences before, ranked by nearest
        sentence, then subject < possessor < object < other, then shallower in the parse, then
        nearer. Never: a non-reflexive object's own verb's subject ("Trump accused him"); for a
        pronoun inside a quotation, anyone outside it (that is mostly the speaker); for "she",
        someone the article has called "he" (and the reverse); for a pronoun that speaks ("it
        said"), a non-subject of an earlier sentence. Gender is otherwise not checked.
    ``definite-description``
        "the Ukrainian president", "the US leader", "the prime minister", "Russia's foreign
        minister" -> the nearest earlier named person whose code on the article's date agrees:
        same country (from the nationality modifier, the possessor or "of X") and the sector of
        the head noun's agent code (president, leader -> GOV). A person out of office on that
        date has no sector and so is no "president". If the person's own title is known
        ("President Volodymyr Zelensky") a different specific title ("the prime minister") does
        not match. "the country"/"the nation" -> a state; "the government"/"the
        administration"/"the regime" -> a state or a government organisation of that country.
        Without a country, the description must have exactly one candidate in the window.
        Not descriptions: names ("the Assad regime", "the Autonomous Administration"), "the
        former president", "Russia's leadership".
    ``surname``
        A lone name ("Zelensky", "Trump", even when NER tags it ORG) -> the latest earlier full
        name ending in it ("Volodymyr Zelensky"), or one the dictionary codes as the same person
        ("MBS" -> "Mohammed bin Salman"). Two different full names with that surname give no link.

Links point at the head token of a mention that is not a pronoun (a pronoun whose best
candidate is an earlier resolved pronoun takes that pronoun's antecedent); follow a chain to
the first mention with :func:`first_mention`. Confidence is 0.95 for a surname, 0.9 for a
reported-speech subject, 0.85 for a description with a country (0.7 without) and for a pronoun
whose antecedent has no rival in its sentence, less with a rival or an earlier sentence.

Measured, by hand: on the seed article 25 links, 25 right (details in ``tests/test_coref.py``);
on the 11 VOA stories of ``shared/corpus/voa`` 143 links, 134 right (all 59 surname links; the
wrong ones are pronouns: "it" for a ship or a plan, misparses, "they" for a group named
sentences back).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from .actordict import PERSON, STATE, ActorEntry, actor_dictionary
from .parse import entity_of, left_modifiers

if TYPE_CHECKING:  # annotations only: importing this module loads neither spaCy nor kg.extract
    from spacy.tokens import Doc, Span, Token

    from .extract import ActorCoder

__all__ = ["RULES", "Antecedent", "first_mention", "resolve_coreference"]

#: Rule names, in the order they are tried.
RULES: tuple[str, ...] = ("reported-speech-subject", "pronoun", "definite-description", "surname")

# --- word classes and dependency label sets ---------------------------------------------
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
REFLEXIVE_PRONOUNS = frozenset({"himself", "herself", "itself", "themselves"})
PRONOUN_GENDER = dict.fromkeys(("he", "him", "his", "himself"), "m") | dict.fromkeys(("she", "her", "hers", "herself"), "f")
POSSESSIVE_PRONOUNS = frozenset({"his", "hers", "its", "their", "theirs"})
#: Verbs that report what someone said or thinks: their clausal complement is the speaker's.
REPORTING_LEMMAS = frozenset(
    "say tell announce add claim insist warn argue state declare stress emphasize emphasise note "
    "vow pledge promise threaten confirm deny report reply respond explain predict complain allege "
    "assert maintain reiterate reaffirm repeat caution signal indicate suggest acknowledge admit "
    "accept assure believe think hope write tweet post underline".split()
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
#: Office words news uses for the same office: "the premier" is the prime minister.
TITLE_SYNONYMS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("premier",): ("prime", "minister"),
    ("pm",): ("prime", "minister"),
    ("head", "of", "state"): ("president",),
    ("top", "diplomat"): ("foreign", "minister"),
}
NOT_CURRENT = frozenset({"former", "ex", "late", "then", "next", "future", "previous", "past", "incoming"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "flat"})
NOT_HEAD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "flat"})
ACTOR_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Entities that are never an antecedent nor block one: "in early February", "126 drones".
NUMERIC_ENT_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
OPEN_QUOTES = frozenset({"\u201c", "\u2018", "``", "\u00ab"})
CLOSE_QUOTES = frozenset({"\u201d", "\u2019", "''", "\u00bb"})
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
    quote: int = -1  # the quotation it stands in (-1: none)
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
    return entity_of(tok)


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
    """The subject of a verb: its own, the noun a relative or participial clause modifies
    ("Ukraine, which views ...", "The conflict, now entering ..."), or the one it inherits
    from the verb it is conjoined to or controlled by ("Zelensky accused Trump ..., saying")."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.head.i == verb.i:
        return None
    if verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return subject_of(verb.head)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def clause_verb(tok: Token) -> Token | None:
    """The verb of the clause a token stands in: "China abides by its own controls" -> abides."""
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return tok if tok.pos_ in ("VERB", "AUX") else None


def modifiers(head: Token) -> list[Token]:
    """Left modifiers of a noun (compounds, adjectives, possessors), recursively, in order."""
    return left_modifiers(head, MODIFIER_DEPS)


def quotations(doc: Doc) -> list[int]:
    """The quotation each token stands in (numbered from 0), -1 outside quotes. Straight
    double quotes open and close in turn; a paragraph break closes an open quote."""
    out = [-1] * len(doc)
    current, count = -1, 0
    for tok in doc:
        text = tok.text
        opening = text in OPEN_QUOTES or tok.tag_ == "``" or (text == '"' and current < 0)
        closing = text in CLOSE_QUOTES or tok.tag_ == "''" or (text == '"' and current >= 0)
        if tok.is_space and "\n" in text:
            current = -1
        elif current < 0 and opening and tok.tag_ != "POS":
            current, count = count, count + 1
        elif current >= 0 and closing and tok.tag_ != "POS":
            current = -1
        else:
            out[tok.i] = current
    return out


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


def is_possessive(tok: Token) -> bool:
    return tok.lower_ in POSSESSIVE_PRONOUNS or tok.dep_ == "poss"


def is_pleonastic(tok: Token) -> bool:
    """An "it" that refers to nothing: "it was 'not fair' that ...", "made it clear that ...",
    "it is believed that ...", "it rained"."""
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if head.pos_ == "ADJ":  # small clause: "made it clear that"
        return True
    clausal = {c.dep_ for c in head.children if c.i > tok.i}
    lemma = "be" if head.norm_ == "'s" else head.lemma_  # "It’s more that ...": lemma "’"
    if tok.dep_ in ("nsubj", "nsubjpass") and lemma in COPULAR_LEMMAS and clausal & {"ccomp", "csubj"}:
        return True
    if tok.dep_ == "nsubjpass" and head.lemma_ in REPORTING_LEMMAS | {"expect"} and "ccomp" in clausal:
        return True  # "it was reported that", "it is believed that"
    if head.lemma_ == "come" and any(c.dep_ == "prep" and c.lower_ == "to" for c in head.children):
        return True  # "when it comes to Ukraine"
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


def speaks(tok: Token) -> bool:
    """Is the pronoun the subject of a reporting verb ("It said ...")? Then only an actor,
    never a thing, can be its antecedent."""
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING_LEMMAS


def _is_plural(tok: Token) -> bool:
    return tok.tag_ in ("NNS", "NNPS") or "Plur" in tok.morph.get("Number")


def _is_coordinated(tok: Token) -> bool:
    return any(c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") for c in tok.children)


def _is_noun_head(tok: Token) -> bool:
    """A noun heading its phrase (not a modifier, not inside a date or a number)."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in NOT_HEAD_DEPS:
        return False
    return tok.ent_type_ not in NUMERIC_ENT_LABELS


def blocking_subject(tok: Token, plural: bool) -> Token | None:
    """For a possessive "its"/"their": the nearest subject before it in its sentence (else the
    previous sentence's main subject), if it is a noun of the pronoun's number. A plain noun
    there is the likely antecedent ("The conflict, now entering its fourth year")."""
    sent = tok.sent
    for t in reversed(sent[: tok.i - sent.start]):
        if t.dep_ in SUBJECT_DEPS and t.pos_ in ("NOUN", "PROPN", "PRON") and t.tag_ not in ("WDT", "WP"):
            return t if t.pos_ != "PRON" and _is_plural(t) == plural else None
    if sent.start == 0:
        return None
    root_subject = subject_of(tok.doc[sent.start - 1].sent.root)
    if root_subject is not None and root_subject.pos_ in ("NOUN", "PROPN") and _is_plural(root_subject) == plural:
        return root_subject
    return None


def blocking_noun(tok: Token, plural: bool) -> Token | None:
    """For a non-possessive "it"/"they": the nearest noun before it (a subject, object or
    prepositional object, in its sentence or the one before) of the pronoun's number. A plain
    noun there is the likely antecedent ("sending the Jairan to follow it")."""
    start = tok.sent.start
    if start > 0:
        start = tok.doc[start - 1].sent.start
    for t in reversed(tok.doc[start : tok.i]):
        if t.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"pobj"} and _is_noun_head(t) and _is_plural(t) == plural:
            ent = _ent_of(t)
            return t if ent is None else ent.root
    return None


def cataphoric(tok: Token) -> Token | None:
    """The main subject a pronoun in a fronted phrase may point forward to: "In its Jan. 22
    report, The Financial Times ...", "After his election, Trump said ..."."""
    root = tok.sent.root
    subject = subject_of(root)
    if subject is None or subject.i < tok.i or subject.pos_ == "PRON":
        return None
    path = tok
    while path.head.i != root.i and path.head.i != path.i:
        path = path.head
    return subject if path.i < subject.i and path.dep_ not in SUBJECT_DEPS else None


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


def _is_state_word(tok: Token, published: date | None) -> bool:
    entry = _lookup((tok.text,), published)
    return entry is not None and entry.kind == STATE


def _office_words(tokens: list[Token], published: date | None) -> tuple[str, ...]:
    """The office a run of words names, nationality words dropped: "Ukrainian President" ->
    ("president",); "Foreign Minister" -> ("foreign", "minister")."""
    words = [t.lower_ for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ") and _lookup((t.text,), published) is None]
    for start in range(len(words)):
        if _agent(tuple(words[start:])):
            return tuple(words[start:])
    return ()


# --- mentions -------------------------------------------------------------------------------
def _mention(tok: Token, sent: int, quote: int, coder: ActorCoder, published: date | None) -> _Mention | None:
    """The actor mention headed by ``tok``, or None if ``tok`` heads none."""
    if not _is_noun_head(tok):
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
        quote=quote,
    )


def compatible(pronoun: str, mention: _Mention) -> bool:
    """Can a pronoun of class ``pronoun`` (_PERSON / _STATE / _GROUP) refer to ``mention``?"""
    if pronoun == _PERSON:
        return mention.kind == _PERSON and not mention.plural
    if pronoun == _STATE:
        return mention.kind in (_STATE, _ORG) and not mention.plural
    return mention.plural or mention.coordinated or mention.kind == _ORG


def _agrees(tok: Token, cls: str, m: _Mention, art: _Article, *, explicit: bool = False) -> bool:
    """:func:`compatible`, and two checks the mention alone cannot make: a "she" never takes
    someone the article has called "he" (and the reverse); a plural pronoun takes a singular
    organisation only when the parse names it (the speaker, the clause's subject)."""
    if not compatible(cls, m):
        return False
    if cls == _GROUP and not explicit and not (m.plural or m.coordinated):
        return False
    gender, known = PRONOUN_GENDER.get(tok.lower_), art.genders.get(m.identity)
    return gender is None or known is None or gender == known


@dataclass(slots=True)
class _Article:
    """One document as the rules see it: sentence and quotation of each token, the actor
    mentions in it, and those seen (and resolved) so far in the left-to-right pass."""

    doc: Doc
    sent_of: list[int]
    quote_of: list[int]
    mentions: dict[int, _Mention]  # every actor mention, by head index
    seen: dict[int, _Mention]  # mentions before the current token, resolved ones re-coded
    genders: dict[str, str] = field(default_factory=dict)  # identity -> "m"/"f", from linked pronouns


# --- the rules --------------------------------------------------------------------------------
_NO_LINK: tuple[_Mention | None, float] = (None, 0.0)


def _reported_speech(tok: Token, cls: str, art: _Article) -> tuple[_Mention | None, bool]:
    """(antecedent, blocked): the speaker of a reporting verb whose clause ``tok`` is the
    subject of; blocked when the speaker is a plain noun of the pronoun's kind."""
    speaker = reported_speaker(tok)
    if speaker is None:
        return None, False
    mention = art.seen.get(speaker.i)
    if mention is not None:
        return (mention, False) if _agrees(tok, cls, mention, art, explicit=True) else (None, False)
    plain_noun = _is_noun_head(speaker) and _ent_of(speaker) is None
    return None, plain_noun and cls != _PERSON and _is_plural(speaker) == (cls == _GROUP)


def _local_subject(tok: Token, cls: str, art: _Article) -> tuple[_Mention | None, bool]:
    """(antecedent, blocked) for a possessive: the subject of its own clause, when that comes
    first ("China abides by its own controls", "Russia continues to advance its demands");
    blocked when that subject is a plain noun of the pronoun's number ("whether the Golbon
    could complete its voyage")."""
    verb = clause_verb(tok)
    subject = subject_of(verb) if verb is not None else None
    if subject is None or subject.i >= tok.i:
        return None, False
    mention = art.seen.get(subject.i)
    if mention is not None:
        return (mention, False) if _agrees(tok, cls, mention, art, explicit=True) else (None, False)
    if cls == _PERSON or subject.pos_ == "PRON" or not _is_noun_head(subject):
        return None, False
    return None, subject.i not in art.mentions and _is_plural(subject) == (cls == _GROUP)


def _blocked(tok: Token, cls: str, art: _Article) -> bool:
    """Is a plain noun (no actor) the likelier antecedent of a neuter pronoun?"""
    if cls == _PERSON:
        return False
    plural = cls == _GROUP
    if is_possessive(tok):
        blocker = blocking_subject(tok, plural)
    elif speaks(tok):
        return False
    else:
        blocker = blocking_noun(tok, plural)
    return blocker is not None and blocker.i not in art.mentions and blocker.i not in art.seen


def _pronoun(tok: Token, cls: str, art: _Article) -> tuple[_Mention | None, float]:
    """The best earlier compatible mention for a pronoun (see the module docstring), and the
    link's confidence; (None, 0) when there is none or two different referents tie."""
    sent, quote = art.sent_of[tok.i], art.quote_of[tok.i]
    reflexive = tok.lower_ in REFLEXIVE_PRONOUNS
    possessive = is_possessive(tok)
    verb = clause_verb(tok)
    own_subject = subject_of(verb) if verb is not None else None
    speaker = speaks(tok)
    ranked = []
    for m in art.seen.values():
        if m.head >= tok.i or sent - m.sent > WINDOW or not _agrees(tok, cls, m, art):
            continue
        if speaker and m.sent != sent and m.role != _SUBJECT:
            continue  # "... a third of Syria. 'Quote,' it said": who speaks on is a subject
        if quote >= 0 and m.quote != quote:
            continue  # a "he" inside a quotation is not its speaker: only the quotation's own mentions
        if m.head == tok.head.i:  # "his leader": not the noun the pronoun modifies
            continue
        is_own_subject = own_subject is not None and own_subject.i == m.head
        if reflexive and not is_own_subject:
            continue
        if not reflexive and not possessive and is_own_subject:
            continue  # "Trump accused him": him is not Trump
        ranked.append(((sent - m.sent, m.role, m.depth, tok.i - m.head), m))
    if not ranked:
        return _NO_LINK
    ranked.sort(key=lambda r: r[0])
    (key, best), rivals = ranked[0], [k for k, m in ranked[1:] if m.identity != ranked[0][1].identity]
    if rivals and rivals[0][:3] == key[:3]:
        return _NO_LINK  # two different referents, equally salient
    confidence = 0.7 if rivals and rivals[0][0] == key[0] else 0.85  # a rival in the same sentence
    confidence -= 0.1 * key[0]  # an antecedent in an earlier sentence is less sure
    if key[0] and key[1] == _SUBJECT:
        confidence += 0.05  # the previous sentence's subject: the usual topic
    return best, round(confidence, 2)


def _resolve_pronoun(tok: Token, cls: str, art: _Article, rules: Collection[str]) -> Antecedent | None:
    """Try the pronoun rules in turn; the first that decides (a link or a block) wins."""
    if cls == _STATE and is_pleonastic(tok):
        return None
    if "reported-speech-subject" in rules:
        speaker, blocked = _reported_speech(tok, cls, art)
        if blocked:
            return None
        if speaker is not None:
            return Antecedent(tok.i, speaker.link_target, "reported-speech-subject", 0.9)
    if "pronoun" not in rules:
        return None
    ahead = cataphoric(tok)
    if ahead is not None and ahead.i in art.mentions and compatible(cls, art.mentions[ahead.i]):
        return None  # it points forward, to a mention not yet seen
    if is_possessive(tok) or tok.lower_ in REFLEXIVE_PRONOUNS:
        local, blocked = _local_subject(tok, cls, art)
        if blocked:
            return None
        if local is not None:
            return Antecedent(tok.i, local.link_target, "pronoun", 0.85)
    if _blocked(tok, cls, art):
        return None
    best, confidence = _pronoun(tok, cls, art)
    return Antecedent(tok.i, best.link_target, "pronoun", confidence) if best is not None else None


def _description(tok: Token, published: date | None) -> _Description | None:
    """A definite description headed by ``tok``: "the (Ukrainian) president", "Russia's
    foreign minister", "the country", "the government"; None for anything else, names
    included ("the Assad regime", "the Autonomous Administration", "the Kremlin")."""
    if not _is_noun_head(tok) or _is_plural(tok) or _ent_of(tok) is not None:
        return None
    mods = modifiers(tok)
    if any(m.lower_ in NOT_CURRENT for m in mods):
        return None
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    owner = [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    if not definite and not owner:
        return None
    inner = [m for m in mods if m.dep_ in ("compound", "amod", "nmod", "flat")]
    words = _office_words(inner + [tok], published)
    for m in inner:
        if not m.is_lower and not _is_state_word(m, published) and m.lower_ not in words:
            return None  # a capitalised name part: "the Assad regime", "the Baath government"
    of_phrase = [p for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    country = _nationality(mods, published) or _nationality(of_phrase, published)
    lemma = tok.lemma_.lower()
    if lemma in STATE_NOUNS or lemma in GOVERNMENT_NOUNS:
        if not definite:
            return None  # "Russia's government" is coded from its owner; no antecedent needed
        kind = _STATE if lemma in STATE_NOUNS else "GOVERNMENT"
        return _Description(kind, country, "GOV" if kind == "GOVERNMENT" else None, (lemma,))
    if lemma in INSTITUTION_NOUNS or not words or words[-1] != tok.lower_:
        return None
    if tok.pos_ == "PROPN" and not tok.is_title:
        return None
    sector = _agent(words)
    return _Description(_PERSON, country, sector[:3] if sector else None, words)


def _describes(desc: _Description, m: _Mention) -> bool:
    """Does mention ``m`` fit description ``desc``?"""
    if not m.named or m.plural or (desc.country is not None and m.country != desc.country):
        return False
    if desc.kind == _STATE:
        return m.kind == _STATE
    if desc.kind == "GOVERNMENT":
        return m.kind == _STATE or (m.kind == _ORG and (m.sector or "")[:3] == "GOV")
    if m.kind != _PERSON or m.sector is None or desc.sector is None:
        return False
    if m.sector[:3] != desc.sector:
        return False
    if desc.head_words[-1] in GENERIC_HEADS or not m.title:
        return True
    title, words = TITLE_SYNONYMS.get(m.title, m.title), TITLE_SYNONYMS.get(desc.head_words, desc.head_words)
    shorter, longer = sorted((title, words), key=len)
    return longer[-len(shorter) :] == shorter  # "the minister" fits "Foreign Minister Lavrov"


def _definite_description(tok: Token, desc: _Description, art: _Article) -> tuple[_Mention | None, float]:
    """The nearest earlier named mention that fits the description; with no country, the only
    one in the window. (None, 0) when two different referents fit equally."""
    sent = art.sent_of[tok.i]
    window = None if desc.country is not None else WINDOW
    own_phrase = {t.i for t in tok.subtree}  # "Ukraine's president" is not Ukraine
    fits = [
        m
        for m in art.seen.values()
        if m.head < tok.i
        and m.head not in own_phrase
        and _describes(desc, m)
        and (window is None or sent - m.sent <= window)
    ]
    if not fits:
        return _NO_LINK
    fits.sort(key=lambda m: -m.head)
    best = fits[0]
    others = [m for m in fits if m.identity != best.identity]
    if desc.country is None:
        return _NO_LINK if others else (best, 0.7)
    if others and others[0].sent == best.sent:
        return _NO_LINK  # two different fitting referents in one sentence
    return best, 0.85 if not others else 0.75


def _surname(tok: Token, own: _Mention | None, art: _Article) -> tuple[_Mention | None, float]:
    """A lone name -> the latest earlier full name ending in it, or coded by the dictionary
    to the same person ("Zelenskyy" after "Volodymyr Zelensky")."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not _is_noun_head(tok):
        return _NO_LINK
    ent = _ent_of(tok)
    if ent is not None and sum(t.pos_ == "PROPN" for t in ent) > 1:
        return _NO_LINK  # a full name itself
    word = _fold(tok.text)
    coded = own.identity if own is not None and own.kind == _PERSON and own.named else None
    fits = [
        m
        for m in art.seen.values()
        if m.head < tok.i and m.full_name and (m.full_name[-1] == word or m.identity == coded)
    ]
    if not fits:
        return _NO_LINK
    fits.sort(key=lambda m: -m.head)
    if any(m.identity != fits[0].identity or m.full_name != fits[0].full_name for m in fits):
        return _NO_LINK  # "Donald Trump" and "Melania Trump": which one?
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
    coder: ActorCoder | None = None,
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

    coder = coder or ActorCoder(actor_dictionary(), published)
    sent_of, quote_of = _sentence_index(doc), quotations(doc)
    nouns, candidates = _candidates(doc)
    mentions = {}
    for tok in nouns:
        mention = _mention(tok, sent_of[tok.i], quote_of[tok.i], coder, published)
        if mention is not None:
            mentions[tok.i] = mention
    art = _Article(doc, sent_of, quote_of, mentions, {})
    links: dict[int, Antecedent] = {}
    for tok in candidates:
        link = _resolve_token(tok, art, published, rules)
        if link is not None:
            links[tok.i] = link
    return links


def _candidates(doc: Doc) -> tuple[list[Token], list[Token]]:
    """(nouns, candidates): the only tokens the two passes need to look at. A mention is
    headed by a noun (:func:`_is_noun_head`); an anaphor is a pronoun (:func:`pronoun_class`)
    or a noun (descriptions, surnames). Read from the POS and tag arrays, so the other half of
    the tokens costs no ``Token`` and no string look-up."""
    from spacy.attrs import POS, TAG
    from spacy.symbols import NOUN, PRON, PROPN

    prp = {doc.vocab.strings["PRP"], doc.vocab.strings["PRP$"]}
    nouns, candidates = [], []
    for i, (pos, tag) in enumerate(doc.to_array([POS, TAG]).tolist()):
        if pos == NOUN or pos == PROPN:
            nouns.append(doc[i])
            candidates.append(nouns[-1])
        elif pos == PRON or tag in prp:
            candidates.append(doc[i])
    return nouns, candidates


def _resolve_token(tok: Token, art: _Article, published: date | None, rules: Collection[str]) -> Antecedent | None:
    """Link one token if it is an anaphor, and note it in ``art.seen`` if it is a mention."""
    sent, quote = art.sent_of[tok.i], art.quote_of[tok.i]
    cls = pronoun_class(tok)
    if cls is not None:
        link = _resolve_pronoun(tok, cls, art, rules)
        if link is not None:
            ante = art.seen[link.antecedent]
            if tok.lower_ in PRONOUN_GENDER:
                art.genders.setdefault(ante.identity, PRONOUN_GENDER[tok.lower_])
            plural = tok.lower_ in PLURAL_PRONOUNS
            stand_in = _Mention(tok.i, sent, ante.kind, plural, ante.identity, quote=quote)
            art.seen[tok.i] = _inherit(stand_in, ante, salience(tok), depth(tok), stands_in=True)
        return link
    own = art.mentions.get(tok.i)
    link_to, confidence, rule = None, 0.0, ""
    if "definite-description" in rules and (own is None or not own.named):
        desc = _description(tok, published)
        if desc is not None:
            link_to, confidence = _definite_description(tok, desc, art)
            rule = "definite-description"
    if link_to is None and "surname" in rules:
        link_to, confidence = _surname(tok, own, art)
        rule = "surname"
    link = None
    if link_to is not None:
        link = Antecedent(tok.i, link_to.link_target, rule, confidence)
        base = own or _Mention(tok.i, sent, link_to.kind, False, link_to.identity, quote=quote)
        own = _inherit(base, link_to, salience(tok), depth(tok))
    if own is not None:
        art.seen[tok.i] = own
    return link


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
        quote=own.quote,
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
