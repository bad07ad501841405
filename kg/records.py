"""Typed records that cross the stage boundaries.

ingest → nlp → extract → resolve → graph → store. Every stage takes and yields these frozen
records; JSON only appears at the edges (``Event.to_json`` for ``kg extract``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Modality = Literal["asserted", "negated", "possible", "intended", "threatened", "refused", "reported"]
DatePrecision = Literal["day", "month", "year"]
PlacePrecision = Literal["country", "region", "city", "site"]


@dataclass(frozen=True, slots=True)
class Document:
    """One news article as read from the input."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    origin: str = "<memory>"  # where it was read from: a path, "path:line" or "<stdin>"

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the same article under another name has the same hash."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentError:
    """A document that could not be read; ``origin`` names it, ``reason`` says why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document's text (character offsets into ``Document.text``)."""

    text: str
    start: int
    end: int
    label: str = ""  # NER label or role name


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon, as coded in CAMEO (country + sector)."""

    mention: Mention
    name: str  # canonical name
    kind: str  # PERSON, ORG, GPE, NORP, GROUP
    country: str | None = None  # ISO 3166-1 alpha-3, or "IGO"
    sector: str | None = None  # GOV, MIL, REB, OPP, CVL, ... or the IGO's code
    id: str | None = None  # IRI, set by resolve

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.mention.text,
            "name": self.name,
            "id": self.id,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, geocoded offline."""

    mention: Mention
    name: str
    country: str | None = None  # ISO3
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision | None = None
    id: str | None = None  # IRI, set by resolve
    within: str | None = None  # a larger place named with it: "Donetsk" in "Berestove, Donetsk"
    region: str | None = None  # ISO 3166-2 code of its first-level region ("UA-14"); a region's own

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.mention.text,
            "name": self.name,
            "id": self.id,
            "geonames_id": self.geonames_id,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "region": self.region,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why we believe an event: the sentence, the trigger span and the roles' spans."""

    doc_id: str
    sentence: str
    sentence_start: int
    trigger: Mention
    roles: tuple[Mention, ...] = ()
    pattern: str = ""  # the dictionary pattern or rule that coded it


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, where and when."""

    doc_id: str
    evidence: Evidence
    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    source: Actor | None = None
    target: Actor | None = None
    location: Place | None = None
    date: date | None = None
    date_precision: DatePrecision | None = None
    negated: bool = False
    modality: Modality = "asserted"
    fatalities: int | None = None
    injured: int | None = None
    quantity: int | None = None
    confidence: float = 0.5
    id: str | None = None  # IRI, set by resolve
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def trigger(self) -> Mention:
        return self.evidence.trigger

    def to_json(self) -> dict[str, Any]:
        """The contract's JSONL event object."""
        return {
            "doc_id": self.doc_id,
            "event_id": self.id,
            "sentence": self.evidence.sentence,
            "trigger": self.trigger.text,
            "char_start": self.trigger.start,
            "char_end": self.trigger.end,
            "cameo": self.cameo,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "location": self.location.to_json() if self.location else None,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision if self.date else None,
            "negated": self.negated,
            "modality": self.modality,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "quantity": self.quantity,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """A document with the events found in it: what extract hands to resolve and graph."""

    document: Document
    events: tuple[Event, ...]
