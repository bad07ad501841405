"""The per-document extraction loop: frames of each sentence, folded and filtered (casualty
clauses, background nominals, reported speech, discards), turned into events."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..actordict import ActorDictionary, actor_dictionary
from ..cameo import VerbDictionary, code_info, verb_dictionary
from ..parse import token_mention
from ..records import Actor, Document, Event, Evidence, Mention, Place
from .actors import (
    ActorCoder,
    _ethnic,
    _in_country,
    _iso3,
    _of_context,
    _split_nationalities,
    _unidentified,
    _vague,
    context_countries,
    country_label,
)
from .constants import (
    ARMED_SECTORS,
    ATTACK_NOUNS,
    CLAUSE_TARGET_ROOTS,
    CONDITIONAL_MARKS,
    CONTEXT_SECTORS,
    CORE_VIOLENCE_LEMMAS,
    EMBEDDING_PREPS,
    GOVERNED_CLAUSE_DEPS,
    INJURE_LEMMAS,
    KILL_LEMMAS,
    NON_CLAUSE_DEPS,
    OBLIGATION_MODALS,
    PERSONAL_PRONOUNS,
    PLACE_ENT_LABELS,
    PROTESTER_LEMMAS,
    RECIPROCAL_INTENT_LEMMAS,
    RECIPROCAL_ROOTS,
    SOURCE_EMBEDDING_PREPS,
    UNASSERTING_ROOTS,
    VISIT_CODES,
    _ent_of,
)
from .frames import (
    Frame,
    _argument_of_event,
    _nominal_code,
    casualty_report,
    nominal_triggers,
    noun_frame,
    quantities,
    verb_frame,
    victim_count,
)
from .numbers import date_phrase, resolve_date
from .places import _is_place, _named_place, _place, _typed_place_country, dateline, dateline_country, place_country
from .roles import (
    _clause_actor_tokens,
    _clause_scan,
    _has_own_subject,
    _is_passive,
    np_actor_tokens,
    subjects,
    subordinate_without_event,
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Extraction settings (keyword-only at call sites)."""

    resolve_pronouns: bool = True
    require_actor: bool = True
    use_discards: bool = True  # Phoenix's discard phrases (sports, entertainment)
    require_country: bool = True  # an event needs a participant coded with a country or IGO


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
            mention = token_mention(tok, "ANAPHOR")
            sector = actor.sector
            if sector is None and tok.pos_ == "NOUN":  # "the Bulgarian government" after Sofia: Bulgaria's government
                own = self.coder.code(tok, vague=True)
                sector = own.sector if own is not None and own.country in (None, actor.country) else None
            return Actor(mention, actor.name, actor.kind, actor.country, sector), True
        if tok.pos_ == "PRON":
            if not settings.resolve_pronouns or tok.lower_ not in PERSONAL_PRONOUNS:
                return None, False
            earlier = [a for i, a in self.persons if i < tok.i]
            if not earlier:
                return None, False
            antecedent = earlier[-1]
            mention = token_mention(tok, "PRON")
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

    def pair_of(self, tok: Token) -> list[Actor]:
        """"The two leaders", "both presidents": the two different persons named last before
        ``tok`` (in this sentence or the one before), each as an anaphor; else nothing."""
        if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.lemma_.lower() not in PAIR_NOUNS:
            return []
        if not any(c.lower_ in ("two", "both") for c in tok.children):
            return []
        start = tok.sent.start
        previous = tok.doc[start - 1].sent.start if start > 0 else start
        named: list[Actor] = []
        for i, a in reversed(self.persons):
            if previous <= i < tok.i and a.name not in {n.name for n in named}:
                named.append(a)
        if len(named) < 2:
            return []
        mention = token_mention(tok, "ANAPHOR")
        return [dataclasses.replace(a, mention=mention) for a in reversed(named[:2])]

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
    text = spacy_doc.text  # joined from the tokens on every access: once
    ctx.dateline, ctx.skip_until = dateline(text)
    ctx.dateline_country = dateline_country(ctx.dateline) if ctx.dateline is not None else None
    nominal_codes = nominal_triggers()
    seen: set[tuple[int, str, str | None, str | None]] = set()
    if settings.use_discards and discards().story_discarded(text):
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
                    # "urging Ukraine to negotiate": what is urged or demanded is not done
                    unasserted |= {t.i for c in tok.children if c.dep_ in ("xcomp", "oprd") and c.i != frame.absorbed for t in c.subtree}
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
    from ..coref import resolve_coreference

    links = resolve_coreference(spacy_doc, published=document.published, coder=coder)
    return {i: a.antecedent for i, a in links.items()}


#: Plural nouns by which "the two ..." / "both ..." refer back to two people named before.
PAIR_NOUNS = frozenset({"leader", "president", "minister", "premier", "counterpart", "official", "envoy", "diplomat", "head"})
#: Heads of noun phrases that name a body which can speak, whose owner or modifier is the
#: actor: "the Palestinian Islamic Jihad movement", "Bin Laden's terror network".
BODY_NOUNS = frozenset({
    "movement", "network", "group", "party", "faction", "organization", "organisation", "wing",
    "coalition", "alliance", "regime", "government", "side", "camp", "delegation", "team",
    "office", "ministry", "council", "committee", "leadership", "command", "authority",
    "spokesman", "spokeswoman", "spokesperson", "envoy", "embassy", "mission", "agency",
})  # fmt: skip


def _speaking_body(tok: Token) -> bool:
    return tok.lemma_.lower() in BODY_NOUNS or actor_dictionary().agent([tok.lemma_.lower()]) is not None


def _role_actors(
    toks: Iterable[Token], ctx: _Context, settings: Settings, *, embedded: bool, exclude: str | None = None,
    where: str | None = None, source: bool = False, victim: bool = False,
) -> list[tuple[Actor, bool]]:
    """Actors of a role: each token coded, compound actors kept apart; when none codes, the
    first actor inside the noun phrases ("Haiti's efforts"). Agents of unknown country get
    the country ``where`` the event happens, else the sentence's or article's one country."""
    toks = list(toks)
    pair = [a for t in toks for a in ctx.pair_of(t)]
    if pair:  # "the two leaders signed": the two people named last
        return [(a, True) for a in pair]
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

    # words are said by an actor or a body it names ("al-Qaeda's terror network threatened"),
    # not by what it owns: "Trump's re-election contrasts with ..."
    speakers = info.quad_class not in (1, 3) or frame.nominal or all(_speaking_body(t) for t in frame.sources)
    sources = role(frame.sources, embedded=speakers, source=True)
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
                mention = token_mention(t, "ANAPHOR")
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
        mention = token_mention(t, "PLACE") if t is not None else ctx.dateline.mention
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
    if not sources and where is not None and _iso3(where) and info.root == "14" and not frame.nominal:
        crowd = next((t for t in frame.sources if t.lemma_.lower() in PROTESTER_LEMMAS | {"people", "crowd"}), None)
        if crowd is not None:  # "Thousands marched in Belgrade": ACLED's "Protesters (Serbia)"
            span = crowd.doc[crowd.left_edge.i : crowd.i + 1]
            mention = Mention(span.text, span.start_char, span.end_char, "NOUN")
            sources = [(Actor(mention, f"Protesters ({country_label(where)})", "GROUP", where, "OPP"), False)]
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
    if info.root in ("15", "16", "17") and not sources and not _is_passive(frame.trigger) and not frame.nominal:
        return  # "these pressures have not curbed its ambitions": coercion by no actor
    if info.root in ("18", "19", "20") and not sources and frame.trigger.lemma_.lower() not in CORE_VIOLENCE_LEMMAS:
        return  # "the capsule was launched", "E. coli contaminated the water": no attack by anyone
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
    trigger = token_mention(trig, "TRIGGER")
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
        return re.compile(r"(?<![\w])" + phrase_trie(phrases) + r"(?![\w])", re.I)

    return Discards(compile_(story), compile_(sentence))


_BLANK = object()  # a run of whitespace between two words of a phrase, in a phrase trie


def phrase_trie(phrases: Iterable[str]) -> str:
    """The alternation of ``phrases`` (words apart by any whitespace) as a regex trie: the same
    strings as ``(?:P1|P2|...)``, with each shared prefix written once. Searched at every
    position of every sentence, a plain alternation of Phoenix's 336 discard phrases tried all
    336 there (a fifth of the extraction's time); the trie tries the few first letters."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for n, word in enumerate(phrase.split()):
            for unit in ([_BLANK] if n else []) + list(word):
                node = node.setdefault(unit, {})
        node[None] = {}  # a phrase ends here

    def emit(node: dict) -> str:
        branches = [(r"\s+" if unit is _BLANK else re.escape(unit)) + emit(child) for unit, child in node.items() if unit is not None]
        if None in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)
