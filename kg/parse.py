"""Small helpers over a spaCy parse, shared by the extractors and coreference."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

from .records import Mention


_ENTS_KEY = "geokg_entity_of"


def entity_of(tok: Token) -> Span | None:
    """The named entity a token stands in, if any.

    ``Doc.ents`` builds new Span objects on every access, so the token -> entity table is
    built once per document and kept in ``doc.user_data`` (rebuilt if the entities change).
    """
    if not tok.ent_type_ or tok.ent_iob_ not in ("B", "I"):
        return None
    doc = tok.doc
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None or cached[0] != len(doc):
        table: list[Span | None] = [None] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                table[i] = ent
        cached = (len(doc), table)
        doc.user_data[_ENTS_KEY] = cached
    ent = cached[1][tok.i]
    if ent is None or ent.label_ != tok.ent_type_:  # entities were edited since: rebuild
        doc.user_data.pop(_ENTS_KEY, None)
        for e in doc.ents:
            if e.start <= tok.i < e.end:
                return e
        return None
    return ent


def left_modifiers(head: Token, deps: Collection[str]) -> list[Token]:
    """Left-side modifiers of a noun with the given dependency labels, recursively, in order."""
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ in deps]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.lefts if c.dep_ in deps)
    return sorted(out, key=lambda t: t.i)


def token_mention(tok: Token, label: str = "") -> Mention:
    """The mention of one token: its text and character offsets."""
    return Mention(tok.text, tok.idx, tok.idx + len(tok.text), label)
