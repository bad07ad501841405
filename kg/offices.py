"""Offices of state and who held them when: "the Ukrainian president" on a date -> a person.

News text names office holders by their office as often as by their name ("the German
chancellor", "Russia's foreign minister", "the UN secretary-general"). For such a mention to get
the node of the person in office on the article's date, and so the same node that a mention by
name gets, geokg keeps a table of terms of office: ``kg/data/actors/geokg.offices.tsv``, geokg's
own work from public records (its header comment says how it is kept and what the columns mean).
Every holder there is a canonical name of :mod:`kg.actordict`, exactly as
``actor_dictionary().lookup(name.split()).name`` gives it; the tests check that.

The table
    One :class:`Term` per row: ``country`` (ISO 3166-1 alpha-3, or ``IGO`` for an international
    organisation), ``office`` (one of :func:`titles`), ``holder``, ``start`` and ``end``. A term
    covers ``start <= day < end``; ``end`` is ``None`` while the term runs. A date the table marks
    with ``?`` (not certain to the day, so written as the first of its month) is read as that
    day, with ``start_certain`` / ``end_certain`` False. Lines starting with ``#`` are comments.
    :func:`offices` reads the table once from the package data (no network) and caches it.

Offices
    A small fixed vocabulary (:data:`TITLES`): ``president``, ``vice president``, ``prime
    minister``, ``chancellor``, ``foreign minister`` (the US secretary of state, the UK foreign
    secretary and India's external affairs minister are one), ``defence minister``, ``king``,
    ``queen``, ``emir``, ``crown prince``, ``supreme leader``, ``secretary-general``, and for
    ``IGO`` rows offices that name their organisation: ``UN secretary-general``, ``NATO
    secretary-general``, ``European Commission president``, ``European Council president``, ``EU
    high representative``. :func:`office_of` maps an office phrase of news text to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

__all__ = ["IGO_TITLES", "TITLES", "Term", "holder", "office_of", "offices", "titles"]

_DATA_PACKAGE = "kg.data"
_TABLE = ("actors", "geokg.offices.tsv")
_COLUMNS = ("country", "office", "holder", "start", "end")

#: Offices of an international organisation: the office names the organisation (country ``IGO``).
IGO_TITLES: frozenset[str] = frozenset(
    {
        "UN secretary-general",
        "NATO secretary-general",
        "European Commission president",
        "European Council president",
        "EU high representative",
    }
)
#: The office vocabulary of the table and of :func:`office_of`.
TITLES: frozenset[str] = frozenset(
    {
        "president",
        "vice president",
        "prime minister",
        "chancellor",
        "foreign minister",
        "defence minister",
        "king",
        "queen",
        "emir",
        "crown prince",
        "supreme leader",
        "secretary-general",
    }
    | IGO_TITLES
)


@dataclass(frozen=True, slots=True)
class Term:
    """One row of the table: ``holder`` held ``office`` of ``country`` from ``start`` to ``end``."""

    country: str
    office: str
    holder: str
    start: date
    end: date | None  # first day out of office; None while the term runs
    start_certain: bool = True  # False: the table gives the month only ("2019-05-01?")
    end_certain: bool = True

    def covers(self, on: date) -> bool:
        """Whether ``on`` falls in the term: ``start <= on < end``."""
        return self.start <= on and (self.end is None or on < self.end)


def titles() -> frozenset[str]:
    """The normalised office names (:data:`TITLES`), those of :func:`office_of` and the table."""
    return TITLES


# --------------------------------------------------------------------------- the table

_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(\??)$")


def _day(text: str, where: str) -> tuple[date, bool]:
    m = _DAY.match(text)
    if not m:
        raise ValueError(f"{where}: bad date {text!r} (want YYYY-MM-DD, '?' after it if uncertain)")
    return date.fromisoformat(m.group(1)), not m.group(2)


def _parse(text: str, source: str = "geokg.offices.tsv") -> tuple[Term, ...]:
    """The table's text -> its terms; a malformed line raises ValueError naming it."""
    terms: list[Term] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source} line {number}"
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != _COLUMNS:
                raise ValueError(f"{where}: header must be {' '.join(_COLUMNS)!r}, got {line!r}")
            header_seen = True
            continue
        if len(cells) != len(_COLUMNS):
            raise ValueError(f"{where}: {len(cells)} columns, want {len(_COLUMNS)}: {line!r}")
        country, office, name, start_text, end_text = (c.strip() for c in cells)
        if office not in TITLES:
            raise ValueError(f"{where}: unknown office {office!r}")
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise ValueError(f"{where}: bad country code {country!r}")
        if (country == "IGO") != (office in IGO_TITLES):
            raise ValueError(f"{where}: office {office!r} does not go with country {country!r}")
        if not name:
            raise ValueError(f"{where}: no holder")
        start, start_certain = _day(start_text, where)
        end, end_certain = _day(end_text, where) if end_text else (None, True)
        if end is not None and end <= start:
            raise ValueError(f"{where}: end {end_text} is not after start {start_text}")
        terms.append(Term(country, office, name, start, end, start_certain, end_certain))
    if not header_seen:
        raise ValueError(f"{source}: no header line")
    return tuple(terms)


@functools.lru_cache(maxsize=1)
def offices() -> tuple[Term, ...]:
    """Every term of ``kg/data/actors/geokg.offices.tsv``, in file order (read once, cached)."""
    path = resources.files(_DATA_PACKAGE).joinpath(*_TABLE)
    return _parse(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], tuple[Term, ...]]:
    index: dict[tuple[str, str], list[Term]] = {}
    for term in offices():
        index.setdefault((term.country, term.office), []).append(term)
    return {key: tuple(sorted(terms, key=lambda t: t.start)) for key, terms in index.items()}


def holder(country: str, office: str, on: date) -> str | None:
    """The canonical name of whoever held ``office`` of ``country`` on the day ``on``, or None.

    ``country`` is an ISO 3166-1 alpha-3 code (or ``IGO``), ``office`` a name of :func:`titles` or
    an office phrase :func:`office_of` knows ("premier", "secretary of state"); a ``datetime`` is
    read as its date. None for a country or office the table does not list, and for a day no term
    covers (before the table's coverage, or a gap such as an interim).
    """
    if isinstance(on, datetime):
        on = on.date()
    title = office if office in TITLES else office_of(office)
    if title is None:
        return None
    terms = _index().get((country.strip().upper(), title), ())
    covering = [t for t in terms if t.covers(on)]
    return covering[-1].holder if covering else None


# --------------------------------------------------------------------------- office phrases

# Words before an office that leave it the same office on the article's date ("the acting
# president", "the new prime minister").
_SAME_HOLDER = frozenset(
    "the a an acting interim caretaker incumbent sitting current new outgoing".split()
)
# Words that make it another person's office: a past or future holder, not the one in office.
_OTHER_HOLDER = frozenset("former ex late then future incoming elect designate designated".split())

_PHRASES: dict[str, tuple[str, ...]] = {
    "president": ("president",),
    "vice president": ("vice president",),
    "prime minister": ("prime minister", "premier", "pm"),
    "chancellor": ("chancellor", "federal chancellor"),
    "foreign minister": (
        "foreign minister",
        "foreign secretary",
        "secretary of state",
        "foreign affairs minister",
        "foreign affairs secretary",
        "minister of foreign affairs",
        "minister for foreign affairs",
        "secretary of state for foreign affairs",
        "foreign and commonwealth secretary",
        "secretary of state for foreign and commonwealth affairs",
        "secretary of state for foreign commonwealth and development affairs",
        "external affairs minister",
        "minister of external affairs",
        "minister for external affairs",
        "top diplomat",
        "chief diplomat",
    ),
    "defence minister": (
        "defence minister",
        "defense minister",
        "defence secretary",
        "defense secretary",
        "minister of defence",
        "minister of defense",
        "minister for defence",
        "minister for defense",
        "secretary of defence",
        "secretary of defense",
        "secretary of state for defence",
        "minister of national defence",
        "minister of national defense",
        "national defence minister",
        "national defense minister",
        "secretary of war",  # the US title beside secretary of defense since September 2025
        "war secretary",
    ),
    "king": ("king",),
    "queen": ("queen",),
    "emir": ("emir", "amir"),
    "crown prince": ("crown prince",),
    "supreme leader": ("supreme leader",),
    "secretary-general": ("secretary general",),
    "UN secretary-general": (
        "un secretary general",
        "united nations secretary general",
        "secretary general of the un",
        "secretary general of the united nations",
    ),
    "NATO secretary-general": ("nato secretary general", "secretary general of nato"),
    "European Commission president": (
        "european commission president",
        "eu commission president",
        "commission president",
        "president of the european commission",
        "president of the commission",
    ),
    "European Council president": (
        "european council president",
        "president of the european council",
    ),
    "EU high representative": (
        "eu high representative",
        "high representative",
        "eu foreign policy chief",
        "high representative for foreign affairs and security policy",
        "high representative of the union for foreign affairs and security policy",
    ),
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2015/]+")


def _words(phrase: Sequence[str]) -> tuple[str, ...]:
    """Tokens -> lower-case words: '-' and blanks split, '.' and other punctuation vanish."""
    out: list[str] = []
    for token in phrase:
        for word in _WORD_SPLIT.split(token.translate(_APOSTROPHES).lower()):
            word = re.sub(r"[^\w']", "", word).strip("'")
            if word:
                out.append(word)
    return tuple(out)


_LOOKUP: dict[tuple[str, ...], str] = {
    _words(spelling.split()): title
    for title, spellings in _PHRASES.items()
    for spelling in spellings
}
assert set(_LOOKUP.values()) == TITLES, "every office of the vocabulary has a phrase"


def office_of(words: Sequence[str]) -> str | None:
    """The office of :func:`titles` that an office phrase names, or None.

    ``words`` are the phrase's tokens in any case (a string is split on blanks): "President",
    "premier" and "PM" -> ``prime minister``, "secretary of state", "foreign secretary",
    "minister of foreign affairs" -> ``foreign minister``, "defense secretary", "minister of
    defence" -> ``defence minister``, "secretary general" / "secretary-general",
    "vice-president", "NATO secretary-general" -> ``NATO secretary-general``. Hyphens split words
    and dots vanish ("P.M.", "U.N."). A leading article or a word that keeps the holder the same
    ("acting", "interim", "new") is dropped; a word that points at another holder ("former",
    "late", "president-elect") gives None, and so do deputies ("deputy prime minister") and any
    phrase not in the vocabulary. Pass the office words only: the country ("Russia's",
    "Ukrainian") is for the caller to resolve.
    """
    if isinstance(words, str):
        words = words.split()
    key = _words(words)
    if any(w in _OTHER_HOLDER for w in key):
        return None
    while key and key[0] in _SAME_HOLDER:
        key = key[1:]
    return _LOOKUP.get(key)
