"""Stable instance IRIs, derived from content so that re-runs and merges are safe."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import Namespace, URIRef

from .config import base_iri

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """'Volodymyr Zelensky' -> 'volodymyr-zelensky' (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-") or "x"


def digest(*parts: object, length: int = 16) -> str:
    """A short, stable hash of the parts (hex)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def _safe_local(text: str) -> str:
    """A document id as an IRI path segment: unreserved characters kept, others %-encoded."""
    out = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-._~/"):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


class Ids:
    """Builds the IRIs of one graph under a base (``https://w3id.org/geokg/id/`` by default)."""

    def __init__(self, base: str | None = None) -> None:
        self.base = base or base_iri()
        self.ns = Namespace(self.base)

    def doc(self, doc_id: str) -> URIRef:
        return self.ns[f"doc/{_safe_local(doc_id)}"]

    def actor(self, name: str) -> URIRef:
        return self.ns[f"actor/{slug(name)}"]

    def country(self, iso3: str) -> URIRef:
        return self.ns[f"country/{iso3.upper()}"]

    def place(self, name: str, geonames_id: int | None = None) -> URIRef:
        if geonames_id:
            return self.ns[f"place/geonames-{geonames_id}"]
        return self.ns[f"place/{slug(name)}"]

    def event(self, key: str) -> URIRef:
        return self.ns[f"event/{key}"]

    def report(self, key: str) -> URIRef:
        """One article's report of an event (the event itself is ``event/KEY``)."""
        return self.ns[f"report/{key}"]

    def merge(self, key: str) -> URIRef:
        return self.ns[f"merge/{key}"]

    def events_graph(self, root: str) -> URIRef:
        """The derived graph holding the merged events of one CAMEO root ("19")."""
        return self.ns[f"graph/events/{root}"]

    def statistics_graph(self) -> URIRef:
        """The derived graph of counts over all events (:mod:`kg.statistics`)."""
        return self.ns["graph/statistics"]

    def mention(self, event_key: str, n: int) -> URIRef:
        return self.ns[f"mention/{event_key}-{n}"]

    def is_events_graph(self, iri: str) -> bool:
        return iri.startswith(str(self.ns["graph/events/"]))


@lru_cache(maxsize=4)
def ids(base: str | None = None) -> Ids:
    return Ids(base)
