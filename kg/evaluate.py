"""Score the extractor against a gold file (``kg eval``), as shared/eval/README.md says.

``read_gold`` reads the gold JSONL, ``score_records`` scores predictions against it (pure: plain
records in, counts out, no NLP), and ``evaluate_file`` runs the extractor and then scores.

Per record (README rules):

- root classes are the first two digits of the CAMEO code, 18/19/20 being one class;
- on the PLOVER set, predicted events of root 01 or 02 are ignored;
- a gold event is found by type if some predicted event has one of its root classes, and as a
  triple if that prediction also has a source country among the gold source countries (when the
  gold names any), a target country among the gold target countries (when it names any) and,
  with ``location_required``, a location matching the gold one by name or by country;
- precision is the share of predicted events that match some gold event of the record that way;
  ``recall_only`` records give no predictions to precision, on ``noevents`` records every
  prediction is a false positive;
- source-country accuracy: among gold events found by type (and naming a source country), the
  share where a same-type prediction has a gold source country.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from .errors import GeokgError
from .records import Document, Event

ASSAULT_CLASS = "18-20"
PLOVER_IGNORED_CLASSES = frozenset({"01", "02"})  # PLOVER does not code statements and appeals


class GoldFormatError(GeokgError, ValueError):
    """A gold file line that cannot be read; the message names ``path:line``."""

    def __init__(self, path: object, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    country: str | None = None  # ISO3 or "IGO"
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    cameo_roots: tuple[str, ...]  # any of these matches; the file's cameo_root first
    sources: tuple[GoldActor, ...] = ()  # any one may match
    targets: tuple[GoldActor, ...] = ()  # empty: target not scored
    location: dict[str, str | None] | None = None  # {"name", "country"}
    location_required: bool = False
    plover: str | None = None

    @property
    def root_classes(self) -> frozenset[str]:
        return frozenset(root_class(c) for c in self.cameo_roots)

    @property
    def source_countries(self) -> frozenset[str]:
        return _countries(self.sources)

    @property
    def target_countries(self) -> frozenset[str]:
        return _countries(self.targets)


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    set: str
    published: date | None
    text: str
    noevents: bool = False
    recall_only: bool = False
    events: tuple[GoldEvent, ...] = ()


def _countries(actors: Iterable[GoldActor]) -> frozenset[str]:
    return frozenset(a.country.upper() for a in actors if a.country)


def root_class(cameo: str) -> str:
    """The root class of a CAMEO code: its first two digits, with 18, 19 and 20 one class."""
    code = str(cameo).strip()
    if len(code) < 2 or not code[:2].isdigit():
        raise ValueError(f"not a CAMEO code: {cameo!r}")
    root = code[:2]
    return ASSAULT_CLASS if root in ("18", "19", "20") else root


def _opt_str(obj: Mapping[str, Any], key: str, what: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{what}{key!r} must be a string or null, not {value!r}")
    return value


def _bool(obj: Mapping[str, Any], key: str, what: str = "") -> bool:
    value = obj.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"{what}{key!r} must be true or false, not {value!r}")
    return value


def _actors(event: Mapping[str, Any], key: str, what: str) -> tuple[GoldActor, ...]:
    items = event.get(key) or []
    if not isinstance(items, list):
        raise ValueError(f"{what}{key!r} must be a list")
    actors = []
    for i, item in enumerate(items):
        where = f"{what}{key}[{i}] "
        if not isinstance(item, dict):
            raise ValueError(f"{where}must be an object")
        actors.append(
            GoldActor(
                text=_opt_str(item, "text", where) or "",
                country=_opt_str(item, "country", where),
                sector=_opt_str(item, "sector", where),
            )
        )
    return tuple(actors)


def _gold_event(obj: Any, index: int) -> GoldEvent:
    what = f"events[{index}] "
    if not isinstance(obj, dict):
        raise ValueError(f"{what}must be an object")
    roots: list[str] = []
    if obj.get("cameo_root") is not None:
        roots.append(obj["cameo_root"])
    extra = obj.get("cameo_roots") or []
    if not isinstance(extra, list):
        raise ValueError(f"{what}'cameo_roots' must be a list")
    roots += [r for r in extra if r not in roots]
    if not roots:
        raise ValueError(f"{what}has no 'cameo_root'")
    for r in roots:
        if not isinstance(r, str):
            raise ValueError(f"{what}CAMEO root {r!r} must be a string")
        try:
            root_class(r)
        except ValueError as exc:
            raise ValueError(f"{what}{exc}") from None
    location = obj.get("location")
    if location is not None:
        if not isinstance(location, dict):
            raise ValueError(f"{what}'location' must be an object or null")
        location = {"name": _opt_str(location, "name", what + "location "), "country": _opt_str(location, "country", what + "location ")}
    required = _bool(obj, "location_required", what)
    if required and (location is None or not (location["name"] or location["country"])):
        raise ValueError(f"{what}has location_required but no location name or country")
    return GoldEvent(
        cameo_roots=tuple(roots),
        sources=_actors(obj, "source", what),
        targets=_actors(obj, "target", what),
        location=location,
        location_required=required,
        plover=_opt_str(obj, "plover", what),
    )


def _gold_record(obj: Any) -> GoldRecord:
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    for key in ("id", "text", "set"):
        if not isinstance(obj.get(key), str) or not obj[key]:
            raise ValueError(f"{key!r} must be a non-empty string")
    published = _opt_str(obj, "published", "")
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise ValueError(f"'published' {published!r} is not a YYYY-MM-DD date") from None
    events = obj.get("events", [])
    if not isinstance(events, list):
        raise ValueError("'events' must be a list")
    noevents = _bool(obj, "noevents")
    recall_only = _bool(obj, "recall_only")
    if noevents and events:
        raise ValueError("'noevents' is true but the record has events")
    if noevents and recall_only:
        raise ValueError("'noevents' and 'recall_only' together leave nothing to score")
    return GoldRecord(
        id=obj["id"],
        set=obj["set"],
        published=day,
        text=obj["text"],
        noevents=noevents,
        recall_only=recall_only,
        events=tuple(_gold_event(e, i) for i, e in enumerate(events)),
    )


def read_gold(path: Path | str) -> list[GoldRecord]:
    """The records of a gold JSONL file (blank lines skipped).

    A bad line raises ``GoldFormatError`` (a ``ValueError``) whose one-line message names
    ``path:line`` and what is wrong.
    """
    records: list[GoldRecord] = []
    seen: dict[str, int] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(path, lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
            try:
                record = _gold_record(obj)
            except ValueError as exc:
                raise GoldFormatError(path, lineno, str(exc)) from None
            if record.id in seen:
                raise GoldFormatError(path, lineno, f"id {record.id!r} already used on line {seen[record.id]}")
            seen[record.id] = lineno
            records.append(record)
    return records


# --------------------------------------------------------------------------- scores


def _ratio(num: int, den: int) -> float | None:
    """num/den, or None when there is nothing to divide by (undefined, not zero)."""
    return num / den if den else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; 0 when either is 0, None when either is undefined (and neither is 0)."""
    if precision == 0 or recall == 0:
        return 0.0
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall)


@dataclass
class Counts:
    """The counts of one set of records (or of all), and the figures derived from them."""

    records: int = 0
    gold_events: int = 0
    predicted_events: int = 0  # scored for precision
    predicted_unscored: int = 0  # in recall_only records
    predicted_ignored: int = 0  # root 01/02 on the PLOVER set
    type_found: int = 0  # gold events found by type (recall)
    triple_found: int = 0  # gold events found as triples (recall)
    type_correct: int = 0  # predicted events matching some gold event by type (precision)
    triple_correct: int = 0  # predicted events matching some gold event as a triple (precision)
    source_country_n: int = 0  # gold events found by type that name a source country
    source_country_correct: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(Counts):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def type_precision(self) -> float | None:
        return _ratio(self.type_correct, self.predicted_events)

    @property
    def type_recall(self) -> float | None:
        return _ratio(self.type_found, self.gold_events)

    @property
    def type_f1(self) -> float | None:
        return f1(self.type_precision, self.type_recall)

    @property
    def triple_precision(self) -> float | None:
        return _ratio(self.triple_correct, self.predicted_events)

    @property
    def triple_recall(self) -> float | None:
        return _ratio(self.triple_found, self.gold_events)

    @property
    def triple_f1(self) -> float | None:
        return f1(self.triple_precision, self.triple_recall)

    @property
    def source_country_accuracy(self) -> float | None:
        return _ratio(self.source_country_correct, self.source_country_n)

    def to_json(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(Counts)}
        out["type"] = {"precision": r(self.type_precision), "recall": r(self.type_recall), "f1": r(self.type_f1)}
        out["triple"] = {"precision": r(self.triple_precision), "recall": r(self.triple_recall), "f1": r(self.triple_f1)}
        out["source_country_accuracy"] = r(self.source_country_accuracy)
        return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _prf(p: float | None, r: float | None, f: float | None) -> str:
    return f"P={_fmt(p)} R={_fmt(r)} F1={_fmt(f)}"


@dataclass
class Scores(Counts):
    """Overall counts (the inherited fields) and the same counts per gold ``set``."""

    by_set: dict[str, Counts] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"overall": Counts.to_json(self), "by_set": {name: c.to_json() for name, c in sorted(self.by_set.items())}}

    def lines(self) -> list[str]:
        """Human-readable summary; the last three lines are the overall headline figures."""
        sets = ", ".join(f"{name} {c.records}" for name, c in sorted(self.by_set.items()))
        out = [
            f"records: {self.records} ({sets})" if sets else f"records: {self.records}",
            f"gold events: {self.gold_events}; predicted events scored: {self.predicted_events} "
            f"(not scored: {self.predicted_unscored} in recall-only records, {self.predicted_ignored} PLOVER 01/02 ignored)",
        ]
        if len(self.by_set) > 1:
            for name, c in sorted(self.by_set.items()):
                out.append(
                    f"  {name}: type {_prf(c.type_precision, c.type_recall, c.type_f1)}; "
                    f"triple {_prf(c.triple_precision, c.triple_recall, c.triple_f1)}; "
                    f"source country {_fmt(c.source_country_accuracy)} (n={c.source_country_n})"
                )
        out += [
            f"type: {_prf(self.type_precision, self.type_recall, self.type_f1)} "
            f"(found {self.type_found}/{self.gold_events}, correct {self.type_correct}/{self.predicted_events})",
            f"triple: {_prf(self.triple_precision, self.triple_recall, self.triple_f1)} "
            f"(found {self.triple_found}/{self.gold_events}, correct {self.triple_correct}/{self.predicted_events})",
            f"source country accuracy: {_fmt(self.source_country_accuracy)} (n={self.source_country_n})",
        ]
        return out


# --------------------------------------------------------------------------- matching


def _predicted_class(event: Event) -> str | None:
    try:
        return root_class(event.cameo)
    except ValueError:
        return None  # a malformed code matches nothing (but still counts as a prediction)


def _country(actor: Any) -> str | None:
    country = getattr(actor, "country", None) if actor is not None else None
    return country.upper() if country else None


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _location_matches(gold: GoldEvent, event: Event) -> bool:
    if not gold.location_required:
        return True
    place, want = event.location, gold.location or {}
    if place is None:
        return False
    name = _norm(want.get("name"))
    if name and _norm(place.name) == name:
        return True
    country = (want.get("country") or "").upper()
    return bool(country) and _country(place) == country


def _type_matches(gold: GoldEvent, cls: str | None) -> bool:
    return cls is not None and cls in gold.root_classes


def _triple_matches(gold: GoldEvent, event: Event, cls: str | None) -> bool:
    if not _type_matches(gold, cls):
        return False
    sources, targets = gold.source_countries, gold.target_countries
    if sources and _country(event.source) not in sources:
        return False
    if targets and _country(event.target) not in targets:
        return False
    return _location_matches(gold, event)


def score_record(record: GoldRecord, events: Sequence[Event]) -> Counts:
    """The counts of one record given the events predicted for it."""
    c = Counts(records=1, gold_events=len(record.events))
    scored: list[tuple[Event, str | None]] = []
    for event in events:
        cls = _predicted_class(event)
        if record.set.casefold() == "plover" and cls in PLOVER_IGNORED_CLASSES:
            c.predicted_ignored += 1
        else:
            scored.append((event, cls))

    for gold in record.events:
        same_type = [(e, cls) for e, cls in scored if _type_matches(gold, cls)]
        if not same_type:
            continue
        c.type_found += 1
        if any(_triple_matches(gold, e, cls) for e, cls in same_type):
            c.triple_found += 1
        if gold.source_countries:
            c.source_country_n += 1
            if any(_country(e.source) in gold.source_countries for e, _ in same_type):
                c.source_country_correct += 1

    if record.recall_only:
        c.predicted_unscored += len(scored)
        return c
    c.predicted_events = len(scored)  # on noevents records nothing below matches: all false positives
    for event, cls in scored:
        if any(_type_matches(g, cls) for g in record.events):
            c.type_correct += 1
        if any(_triple_matches(g, event, cls) for g in record.events):
            c.triple_correct += 1
    return c


def score_records(records: Sequence[GoldRecord], predictions: Mapping[str, Sequence[Event]]) -> Scores:
    """Score predicted events (by record id; a missing id means none) against the gold records."""
    scores = Scores()
    for record in records:
        counts = score_record(record, predictions.get(record.id, ()))
        scores.add(counts)
        scores.by_set.setdefault(record.set, Counts()).add(counts)
    return scores


def evaluate_file(path: Path | str, *, model: str | None = None) -> Scores:
    """Run the extractor on each gold record's text (``published`` as the article date) and score it."""
    from .pipeline import extract_documents

    records = read_gold(path)
    docs = (Document(id=r.id, text=r.text, published=r.published, origin=f"{path}#{r.id}") for r in records)
    predictions = {x.document.id: x.events for x in extract_documents(docs, model=model)}
    return score_records(records, predictions)


__all__ = [
    "Counts",
    "GoldActor",
    "GoldEvent",
    "GoldFormatError",
    "GoldRecord",
    "Scores",
    "evaluate_file",
    "f1",
    "read_gold",
    "root_class",
    "score_record",
    "score_records",
]
