"""Places: the country of a place name, place mentions and the larger places named beside them,
place nouns ("the town of Nikopol"), regions and wire-story datelines."""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Span, Token

from ..actordict import actor_dictionary
from ..records import Mention, Place
from .constants import ARGUMENT_PLACE_PREPS, PLACE_ENT_LABELS, PLACE_NOUNS, _ent_of


def place_country(span: Span | Token) -> str | None:
    """The country of a place name: the actor dictionary's country synonyms ("Kyiv"), else
    the gazetteer ("Kaduna"), else a place named beside it ("Galmudug, Somalia")."""
    from ..resolve import gazetteer

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
    if region is None and root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS:
        region = _region_of(root.head)  # "Kani township, Sagaing region": Kani is in Sagaing
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
    from ..resolve import gazetteer

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
    from ..resolve import gazetteer

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
    from ..resolve import gazetteer

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
            if found is None and c.lemma_.lower() in PLACE_NOUNS:  # "Kani township, Sagaing region"
                names = [t for t in c.lefts if t.text[:1].isupper() and t.dep_ in ("compound", "amod", "nmod")]
                if names:
                    span = c.doc[names[0].i : c.i + 1]
                    geo = gazetteer().lookup(span.text) or gazetteer().lookup(c.doc[names[0].i : c.i].text)
                    if geo is not None and geo.precision in ("region", "country"):
                        found = c.doc[names[0].i : c.i]
            if found is not None:
                return found
    return None


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
    from ..resolve import gazetteer

    for name in (place.within, place.name):
        if name:
            entry = actor_dictionary().lookup(name.split())
            if entry is not None and entry.kind == "STATE" and entry.country:
                return entry.country
            geo = gazetteer().lookup(name)
            if geo is not None:
                return geo.country
    return None
