"""Numbers and dates: counts written in words or digits, date expressions resolved against the
article's date, and the date phrase attached to a trigger."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Span, Token

from .constants import DATE_ENT_LABELS, _ent_of

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_NUMBER_WORDS |= {"a": 1, "an": 1, "dozen": 12, "dozens": 12}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DAY_NUMBER_RE = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b", re.I)
_DAY_WORD_RE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|days?|hours?)\b",
    re.I,
)
_MONTH_RE = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?|month)\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"((?:on|last|this)\s+)?(" + "|".join(_WEEKDAYS) + r")", re.I)
_SAME_DAY_RE = re.compile(
    r"\b(hours?\s+(earlier|ago|before|later)|overnight|earlier\s+today|this\s+(morning|afternoon|evening))\b", re.I
)
_ABSOLUTE_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# --- numbers and dates ------------------------------------------------------------------
def parse_number(text: str) -> int | None:
    """'126' -> 126, '500,000' -> 500000, 'six' -> 6, 'two hundred' -> 200, '1.5 million'
    -> 1500000, 'a dozen' -> 12; else None."""
    words = [w for w in re.split(r"[\s-]+", text.lower().replace(",", "").strip()) if w and w != "and"]
    if not words or words in (["a"], ["an"]):
        return None
    total, current = 0.0, 0.0
    for w in words:
        if re.fullmatch(r"\d+(\.\d+)?", w):
            current += float(w)
        elif w in ("dozen", "dozens"):
            current = max(current, 1) * 12
        elif w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return int(round(total + current))


def _precision(text: str) -> str | None:
    """How precise a date expression is: 'day', 'month', 'year' or None (not a date)."""
    has_month = bool(_MONTH_RE.search(text))
    if (has_month and _DAY_NUMBER_RE.search(text)) or _DAY_WORD_RE.search(text):
        return "day"
    if has_month:
        return "month"
    if _ABSOLUTE_YEAR_RE.search(text) or re.search(r"\byears?\b", text, re.I):
        return "year"
    return None


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: date | None) -> tuple[date | None, str | None]:
    """Resolve a date expression against the article's date; (date, precision) or (None, None).

    Relative expressions ("Wednesday", "last month") need a published date; absolute ones
    ("January 20, 2025", "in 2014") do not.
    """
    import dateparser  # heavy import: only when a date is actually resolved

    # "on or around 12 March 2021", "around 5 May": the date given; "between 3 and 5 May 2023",
    # "3-5 May": the first day of the span (as conflict datasets date a span of days)
    text = re.sub(r"^\s*(?:on\s+)?(?:or\s+)?(?:around|about|circa|approximately)\s+", "", text, flags=re.I)
    text = re.sub(r"^\s*(?:between|from)\s+(\d{1,2})\s*(?:and|to|-|–)\s*\d{1,2}\b", r"\1", text, flags=re.I)
    if published is None and not _ABSOLUTE_YEAR_RE.search(text):
        return None, None  # "on Wednesday", "June 4": the year is unknown without the article date
    if _SAME_DAY_RE.search(text):  # "hours earlier", "overnight", "this morning"
        return (published, "day") if published is not None else (None, None)
    precision = _precision(text)
    if precision is None:
        return None, None
    weekday = _WEEKDAY_RE.fullmatch(text.strip())
    if weekday and published is not None:  # the latest such day on or before the article's date
        back = (published.weekday() - _WEEKDAYS.index(weekday.group(2).lower())) % 7
        if back == 0 and (weekday.group(1) or "").strip().lower() == "last":
            back = 7
        return published - timedelta(days=back), "day"
    base = datetime.combine(published, datetime.min.time()) if published else datetime(2000, 1, 1)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    cleaned = re.sub(r"^(on|in|at|during|since|by)\s+", "", text.strip(), flags=re.I)
    cleaned = re.sub(r"\b(the|of|a)\b", " ", cleaned, flags=re.I).strip()
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None, None
    return parsed.date(), precision


def date_phrase(verb: Token) -> Span | None:
    """The DATE entity modifying the verb directly or through 'on'/'in'."""
    candidates: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("npadvmod", "tmod", "obl:tmod", "advmod") and (
            c.ent_type_ in DATE_ENT_LABELS or (c.ent_type_ == "TIME" and _SAME_DAY_RE.search((_ent_of(c) or c).text))
        ):
            candidates.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "in", "during", "since"):
            candidates.extend(p for p in c.children if p.dep_ == "pobj" and p.ent_type_ in DATE_ENT_LABELS)
    for c in candidates:
        ent = _ent_of(c)
        if ent is not None:
            return ent
    for c in verb.children:  # "hours earlier", "two days ago" (often no entity at all)
        if c.dep_ == "advmod" and c.lower_ in ("earlier", "ago", "later") and any(True for _ in c.children):
            return c.doc[c.left_edge.i : c.right_edge.i + 1]
    return None
