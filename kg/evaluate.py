"""Score the extractor against a gold file (``kg eval``), as shared/eval/README.md says.

``read_gold`` reads the gold JSONL, ``score_records`` scores predictions against it (pure: plain
records in, counts out, no NLP), and ``evaluate_file`` runs the extractor and then scores.
``match_record`` applies the rules below to one record; the counts (``score_record``) and the
per-record details of ``kg eval --details`` (``RecordMatch``: missed gold events, gold events
found by type but not as a triple, extra predictions) are both read off its result.

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
    """Overall counts (the inherited fields) and the same counts per gold ``set``.

    ``details`` is None unless asked for (``score_records(..., details=True)``); then it holds the
    match of every record that is not perfect, in file order (see ``RecordMatch``).
    """

    by_set: dict[str, Counts] = field(default_factory=dict)
    details: list[RecordMatch] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "overall": Counts.to_json(self),
            "by_set": {name: c.to_json() for name, c in sorted(self.by_set.items())},
        }
        if self.details is not None:
            out["records"] = [m.to_json() for m in self.details]
        return out

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

    def detail_lines(self) -> list[str]:
        """The records that are not perfect, a block each (empty when details were not asked for)."""
        if self.details is None:
            return []
        out = [
            f"records not perfect: {len(self.details)} of {self.records} "
            "(MISSED: gold event not found by type; WRONG: found by type, not as a triple; "
            "EXTRA: scored prediction matching no gold event by type)"
        ]
        for match in self.details:
            out.append("")
            out += match.lines()
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


def _source_matches(gold: GoldEvent, event: Event) -> bool:
    return not gold.source_countries or _country(event.source) in gold.source_countries


def _target_matches(gold: GoldEvent, event: Event) -> bool:
    return not gold.target_countries or _country(event.target) in gold.target_countries


def _type_matches(gold: GoldEvent, cls: str | None) -> bool:
    return cls is not None and cls in gold.root_classes


SOURCE_COUNTRY, TARGET_COUNTRY, LOCATION = "source country", "target country", "location"


def _triple_failures(gold: GoldEvent, event: Event) -> tuple[str, ...]:
    """The parts of the triple in which a same-type prediction fails the gold event (none: a triple)."""
    checks = ((SOURCE_COUNTRY, _source_matches), (TARGET_COUNTRY, _target_matches), (LOCATION, _location_matches))
    return tuple(part for part, matches in checks if not matches(gold, event))


def _triple_matches(gold: GoldEvent, event: Event, cls: str | None) -> bool:
    return _type_matches(gold, cls) and not _triple_failures(gold, event)


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted event as scored: its root class and whether it matches a gold event of its record."""

    event: Event
    root_class: str | None
    type_match: bool  # some gold event of the record has its root class
    triple_match: bool  # ... and it matches one of them as a triple


@dataclass(frozen=True, slots=True)
class GoldMatch:
    """A gold event and the scored predictions of its root class (``same_type``)."""

    gold: GoldEvent
    same_type: tuple[Event, ...]
    triples: tuple[Event, ...]  # those of same_type that match it as a triple

    @property
    def found(self) -> bool:
        return bool(self.same_type)

    @property
    def triple_found(self) -> bool:
        return bool(self.triples)

    @property
    def source_country_correct(self) -> bool:
        return bool(self.gold.source_countries) and any(_source_matches(self.gold, e) for e in self.same_type)

    def best(self) -> tuple[Event, tuple[str, ...]] | None:
        """The same-type prediction failing the fewest parts of the triple (the first on a tie), and those parts."""
        if not self.same_type:
            return None
        return min(((e, _triple_failures(self.gold, e)) for e in self.same_type), key=lambda x: len(x[1]))


@dataclass(frozen=True, slots=True)
class RecordMatch:
    """How one gold record's events and its predictions matched: what ``score_record`` counts, and
    what ``kg eval --details`` lists."""

    record: GoldRecord
    golds: tuple[GoldMatch, ...]
    predictions: tuple[Prediction, ...]  # scored (PLOVER 01/02 left out)
    ignored: tuple[Event, ...]  # root 01/02 on the PLOVER set

    def counts(self) -> Counts:
        c = Counts(records=1, gold_events=len(self.golds), predicted_ignored=len(self.ignored))
        for g in self.golds:
            if not g.found:
                continue
            c.type_found += 1
            c.triple_found += g.triple_found
            if g.gold.source_countries:
                c.source_country_n += 1
                c.source_country_correct += g.source_country_correct
        if self.record.recall_only:
            c.predicted_unscored = len(self.predictions)
            return c
        c.predicted_events = len(self.predictions)  # on noevents records nothing matches: all false positives
        c.type_correct = sum(p.type_match for p in self.predictions)
        c.triple_correct = sum(p.triple_match for p in self.predictions)
        return c

    @property
    def missed(self) -> tuple[GoldEvent, ...]:
        """Gold events no prediction has the root class of."""
        return tuple(g.gold for g in self.golds if not g.found)

    @property
    def wrong_triple(self) -> tuple[tuple[GoldEvent, Event, tuple[str, ...]], ...]:
        """Gold events found by type but not as a triple: (gold, best same-type prediction, failed parts)."""
        out = []
        for g in self.golds:
            best = g.best() if g.found and not g.triple_found else None
            if best is not None:
                out.append((g.gold, *best))
        return tuple(out)

    @property
    def extra(self) -> tuple[Event, ...]:
        """Scored predictions matching no gold event by type (none on recall-only records: not scored)."""
        if self.record.recall_only:
            return ()
        return tuple(p.event for p in self.predictions if not p.type_match)

    @property
    def perfect(self) -> bool:
        return not (self.missed or self.wrong_triple or self.extra)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.record.id,
            "text": self.record.text,
            "missed": [_gold_json(g) for g in self.missed],
            "wrong_triple": [
                {"gold": _gold_json(g), "best": _event_json(e), "failed": list(failed)} for g, e, failed in self.wrong_triple
            ],
            "extra": [_event_json(e) for e in self.extra],
        }

    def lines(self) -> list[str]:
        out = [f"{self.record.id}: {_shorten(self.record.text)}"]
        out += [f"  MISSED {_gold_desc(g)}" for g in self.missed]
        for g, e, failed in self.wrong_triple:
            why = "; ".join(_failure_desc(part, g, e) for part in failed)
            out.append(f"  WRONG {_gold_desc(g)}: best {_event_desc(e, g.location_required)}; {why}")
        out += [f"  EXTRA {_event_desc(e)}" for e in self.extra]
        return out


def match_record(record: GoldRecord, events: Sequence[Event]) -> RecordMatch:
    """Match one record's predicted events to its gold events (the one place the README rules are applied)."""
    scored: list[tuple[Event, str | None]] = []
    ignored: list[Event] = []
    for event in events:
        cls = _predicted_class(event)
        if record.set.casefold() == "plover" and cls in PLOVER_IGNORED_CLASSES:
            ignored.append(event)
        else:
            scored.append((event, cls))
    golds = []
    for gold in record.events:
        same_type = [(e, cls) for e, cls in scored if _type_matches(gold, cls)]
        golds.append(
            GoldMatch(
                gold=gold,
                same_type=tuple(e for e, _ in same_type),
                triples=tuple(e for e, cls in same_type if _triple_matches(gold, e, cls)),
            )
        )
    predictions = tuple(
        Prediction(
            event=event,
            root_class=cls,
            type_match=any(_type_matches(g, cls) for g in record.events),
            triple_match=any(_triple_matches(g, event, cls) for g in record.events),
        )
        for event, cls in scored
    )
    return RecordMatch(record=record, golds=tuple(golds), predictions=predictions, ignored=tuple(ignored))


def score_record(record: GoldRecord, events: Sequence[Event]) -> Counts:
    """The counts of one record given the events predicted for it."""
    return match_record(record, events).counts()


def score_records(
    records: Sequence[GoldRecord], predictions: Mapping[str, Sequence[Event]], *, details: bool = False
) -> Scores:
    """Score predicted events (by record id; a missing id means none) against the gold records.

    With ``details``, ``Scores.details`` lists the match of each record that is not perfect.
    """
    scores = Scores(details=[] if details else None)
    for record in records:
        match = match_record(record, predictions.get(record.id, ()))
        counts = match.counts()
        scores.add(counts)
        scores.by_set.setdefault(record.set, Counts()).add(counts)
        if scores.details is not None and not match.perfect:
            scores.details.append(match)
    return scores


def evaluate_file(path: Path | str, *, model: str | None = None, details: bool = False) -> Scores:
    """Run the extractor on each gold record's text (``published`` as the article date) and score it."""
    from .pipeline import extract_documents

    records = read_gold(path)
    docs = (Document(id=r.id, text=r.text, published=r.published, origin=f"{path}#{r.id}") for r in records)
    predictions = {x.document.id: x.events for x in extract_documents(docs, model=model)}
    return score_records(records, predictions, details=details)


# --------------------------------------------------------------------------- details: how they read

TEXT_WIDTH = 160


def _shorten(text: str, width: int = TEXT_WIDTH) -> str:
    """The text on one line, cut to ``width`` characters (an ellipsis marks the cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _gold_classes(gold: GoldEvent) -> str:
    classes: list[str] = []
    for code in gold.cameo_roots:
        cls = root_class(code)
        if cls not in classes:
            classes.append(cls)
    return "/".join(classes)


def _place_desc(name: str | None, country: str | None) -> str:
    return "/".join(x for x in (name, country) if x) or "?"


def _gold_location_desc(gold: GoldEvent) -> str:
    loc = gold.location or {}
    return _place_desc(loc.get("name"), loc.get("country"))


def _gold_desc(gold: GoldEvent) -> str:
    """'type 18-20 (src RUS -> tgt UKR)': the root class and the parts of the triple that are scored."""
    roles = []
    if gold.source_countries:
        roles.append("src " + "|".join(sorted(gold.source_countries)))
    if gold.target_countries:
        roles.append("tgt " + "|".join(sorted(gold.target_countries)))
    out = f"type {_gold_classes(gold)}"
    if roles:
        out += f" ({' -> '.join(roles)})"
    if gold.location_required:
        out += f" at {_gold_location_desc(gold)}"
    return out


def _actor_desc(actor: Any) -> str:
    """'RUS/MIL' for a coded actor, its name in double quotes when it has no country, '-' for none."""
    if actor is None:
        return "-"
    if actor.country:
        return "/".join(x for x in (actor.country, actor.sector) if x)
    return f'"{actor.name}"' + (f"/{actor.sector}" if actor.sector else "")


def _event_desc(event: Event, with_location: bool = False) -> str:
    """The prediction as one phrase, e.g. ``190 'shelled' RUS/MIL -> UKR`` (`` at Place/CTY`` if the location is scored)."""
    out = f"{event.cameo} '{event.trigger.text}' {_actor_desc(event.source)} -> {_actor_desc(event.target)}"
    if with_location:
        place = event.location
        out += " at " + (_place_desc(place.name, place.country) if place is not None else "-")
    return out


def _failure_desc(part: str, gold: GoldEvent, event: Event) -> str:
    """'source country RUS, gold UKR': what the prediction has where the triple fails, and what the gold wants."""
    if part == SOURCE_COUNTRY:
        return f"{part} {_country(event.source) or '-'}, gold {'|'.join(sorted(gold.source_countries))}"
    if part == TARGET_COUNTRY:
        return f"{part} {_country(event.target) or '-'}, gold {'|'.join(sorted(gold.target_countries))}"
    place = event.location
    return f"{part} {_place_desc(place.name, place.country) if place is not None else '-'}, gold {_gold_location_desc(gold)}"


def _actor_json(actor: Any) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"text": actor.mention.text, "country": actor.country, "sector": actor.sector}


def _event_json(event: Event) -> dict[str, Any]:
    place = event.location
    return {
        "cameo": event.cameo,
        "trigger": event.trigger.text,
        "source": _actor_json(event.source),
        "target": _actor_json(event.target),
        "location": None if place is None else {"name": place.name, "country": place.country},
    }


def _gold_json(gold: GoldEvent) -> dict[str, Any]:
    def actors(items: tuple[GoldActor, ...]) -> list[dict[str, Any]]:
        return [{"text": a.text, "country": a.country, "sector": a.sector} for a in items]

    return {
        "cameo_roots": list(gold.cameo_roots),
        "root_class": _gold_classes(gold),
        "plover": gold.plover,
        "source": actors(gold.sources),
        "target": actors(gold.targets),
        "location": None if gold.location is None else dict(gold.location),
        "location_required": gold.location_required,
    }


__all__ = [
    "Counts",
    "GoldActor",
    "GoldEvent",
    "GoldFormatError",
    "GoldMatch",
    "GoldRecord",
    "Prediction",
    "RecordMatch",
    "Scores",
    "evaluate_file",
    "f1",
    "match_record",
    "read_gold",
    "root_class",
    "score_record",
    "score_records",
]
