"""Small helpers over a spaCy parse, shared by the extractors and coreference."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token


def entity_of(tok: Token) -> Span | None:
    """The named entity a token stands in, if any."""
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I"):
        for ent in tok.doc.ents:  # few entities per doc
            if ent.start <= tok.i < ent.end:
                return ent
    return None


def left_modifiers(head: Token, deps: Collection[str]) -> list[Token]:
    """Left-side modifiers of a noun with the given dependency labels, recursively, in order."""
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ in deps]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.lefts if c.dep_ in deps)
    return sorted(out, key=lambda t: t.i)
