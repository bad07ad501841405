"""CAMEO event codes and PETRARCH2's CAMEO verb-pattern dictionary.

Everything here is parsed from the field's own files in ``kg/data/cameo/`` (see the README
there for sources and licences); nothing is retyped. The files are read at first use and
cached, so importing this module is cheap.

Three parts:

* the **code table** -- :func:`code_info` / :func:`all_codes` join GDELT's CAMEO code names
  (``CAMEO.eventcodes.txt``), the Goldstein scale (``CAMEO.goldsteinscale.txt``) and the
  CAMEO -> PLOVER conversion table (``CAMEO2PLOVER-2021.txt``);
* the **concepts** -- :func:`cameo_concept_triples` / :func:`plover_concept_triples` are the
  triples (classes, notation, prefLabel, scheme) that identify a code's SKOS concept, written
  alike by ``ontologies/cameo.ttl`` / ``plover.ttl`` (``scripts/build_vocabularies.py``) and
  by every article graph, so the two never disagree;
* the **verb dictionary** -- :func:`verb_dictionary` reads PETRARCH2's ``CAMEO.2.0.txt``
  (synonym sets, verb blocks, irregular forms, phrasal verbs and patterns) and
  :meth:`VerbDictionary.match` picks the CAMEO code for a verb in its clause.

Pattern semantics (a simplification of PETRARCH's ``PETRreader.read_verb_dictionary``):
``*`` is the verb; pattern words before it must occur, in order, in the words before the
verb, words after it in the words after the verb (gaps allowed, within the clause);
``+`` (target), ``$`` (source), ``^`` (skip) and ``%`` (compound) are wildcards;
``&SET`` is any member of a synonym set; ``{A B}`` means adjacent words; parentheses only
group; a word ending in ``_`` must equal a token, other words match as a prefix (stem);
``A/B`` is either word; ``A_B`` inside a pattern word or synonym-set member means the
adjacent words ``A`` and ``B``. A pattern belongs to the verb(s) its ``# VERB`` comment
names; if it names none of the block's verbs, it applies to every verb of the block. The most
specific matching pattern wins (most literal words, then longest, then longest code).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Literal, URIRef

    Triple = tuple[URIRef, URIRef, URIRef | Literal]

__all__ = [
    "CameoCode",
    "PloverRow",
    "UnknownCodeError",
    "VerbDictionary",
    "VerbMatch",
    "all_codes",
    "broader_code",
    "cameo_concept_triples",
    "code_info",
    "code_table",
    "parse_plover_rows",
    "plover_concept_triples",
    "verb_dictionary",
]

_DATA_PACKAGE = "kg.data"
_DATA_DIR = "cameo"
EVENTCODES_FILE = "CAMEO.eventcodes.txt"
GOLDSTEIN_FILE = "CAMEO.goldsteinscale.txt"
PLOVER_FILE = "CAMEO2PLOVER-2021.txt"
VERBS_FILE = "CAMEO.2.0.txt"
#: geokg's own additions in the same format (defaults for verbs PETRARCH codes by pattern only).
SUPPLEMENT_VERBS_FILE = "geokg.supplement.verbs.txt"

NO_EVENT = "---"
"""Code field meaning "this verb/pattern is not an event"."""

CLAUSE_BOUNDARIES = frozenset({".", ";", ":", "!", "?"})
"""Tokens that end the clause a pattern is looked for in."""

CLAUSE_WINDOW = 15
"""At most this many tokens on each side of the verb are searched for pattern words."""

_WILDCARDS = frozenset({"+", "$", "^", "%"})
_QUAD_CLASS_BY_ROOT = {
    **{f"{r:02d}": 1 for r in range(1, 6)},
    **{f"{r:02d}": 2 for r in range(6, 9)},
    **{f"{r:02d}": 3 for r in range(9, 14)},
    **{f"{r:02d}": 4 for r in range(14, 21)},
}


# --------------------------------------------------------------------------- file access


def _read_data(name: str) -> str:
    """Text of ``kg/data/cameo/<name>`` (UTF-8)."""
    return (
        resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR).joinpath(name).read_text("utf-8")
    )


# --------------------------------------------------------------------------- code table


class UnknownCodeError(ValueError, KeyError):
    """A CAMEO code that is not in the code table (catchable as ValueError or KeyError)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its name, Goldstein score, quad class and PLOVER type."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    root: str


def _ancestors(code: str) -> Iterator[str]:
    """``code`` itself, then each shorter prefix down to the two-digit root."""
    for end in range(len(code), 1, -1):
        yield code[:end]


def _nearest(code: str, table: Mapping[str, object]) -> str | None:
    """The first of ``code`` and its ancestors that is a key of ``table``."""
    return next((c for c in _ancestors(code) if c in table), None)


def quad_class_of(code: str) -> int:
    """Quad class of a code from its two-digit root (1 verbal coop ... 4 material conflict)."""
    try:
        return _QUAD_CLASS_BY_ROOT[code[:2]]
    except KeyError:
        raise UnknownCodeError(f"no CAMEO root {code[:2]!r} for code {code!r}") from None


def _tsv_rows(text: str) -> Iterator[tuple[str, str]]:
    """(first, second) columns of a two-column TSV with a header line."""
    for line in text.splitlines()[1:]:
        if line.strip():
            key, _, value = line.partition("\t")
            yield key.strip(), value.strip()


# GDELT's CAMEO.eventcodes.txt has the row for 106 glued to the end of the 1056 row:
# "1056<TAB>Demand de-escalation of military engagement106:[-5.0] Demand withdrawal".
_GLUED_ROW = re.compile(
    r"^(?P<name>.*?)(?P<code>\d{2,4}):\[(?P<goldstein>-?\d+(?:\.\d+)?)\]\s*(?P<rest>.*)$"
)


def parse_eventcodes(text: str) -> tuple[dict[str, str], dict[str, float]]:
    """Code -> name from ``CAMEO.eventcodes.txt``, plus Goldstein scores found in glued rows."""
    names: dict[str, str] = {}
    goldstein: dict[str, float] = {}
    for code, name in _tsv_rows(text):
        glued = _GLUED_ROW.match(name)
        if glued:
            name = glued["name"].strip()
            names[glued["code"]] = glued["rest"].strip()
            goldstein[glued["code"]] = float(glued["goldstein"])
        names[code] = name
    return names, goldstein


def parse_goldstein(text: str) -> dict[str, float]:
    """Code -> Goldstein score from ``CAMEO.goldsteinscale.txt``."""
    return {code: float(value) for code, value in _tsv_rows(text)}


_PLOVER_LINE = re.compile(r"^(?P<code>\d{2,4}):(?P<fields>[^#]*)(?:#(?P<comment>.*))?$")


@dataclass(frozen=True, slots=True)
class PloverRow:
    """One ``CODE: TYPE, mode, context # description`` row of ``CAMEO2PLOVER-2021.txt``.

    ``mode`` and ``contexts`` are as written, stripped (``None`` / empty when blank); a
    context field may name several, separated by ``;`` (``crime; corruption``).
    """

    code: str
    plover: str
    mode: str | None
    contexts: tuple[str, ...]
    description: str | None
    line: int


def parse_plover_rows(text: str) -> list[PloverRow]:
    """Every mapping row of ``CAMEO2PLOVER-2021.txt`` in file order, duplicates included."""
    rows: list[PloverRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _PLOVER_LINE.match(line.strip())
        if not m:
            continue
        plover, mode, context = ([*(f.strip() for f in m["fields"].split(",")), "", ""])[:3]
        comment = (m["comment"] or "").strip()
        contexts = tuple(c.strip() for c in context.split(";") if c.strip())
        rows.append(PloverRow(m["code"], plover, mode or None, contexts, comment or None, number))
    return rows


def parse_plover(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Code -> PLOVER type, and code -> description, from ``CAMEO2PLOVER-2021.txt``.

    The first mapping of a code wins (the table lists root ``08`` twice, as CONCEDE and as
    RETREAT, and ``175`` twice).
    """
    types: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for row in parse_plover_rows(text):
        if row.plover and row.code not in types:
            types[row.code] = row.plover
        if row.description and row.code not in descriptions:
            descriptions[row.code] = row.description
    return types, descriptions


def code_table(eventcodes: str, goldstein_scale: str, plover_table: str) -> dict[str, CameoCode]:
    """Every code of the three tables' texts, in hierarchical order: GDELT's code list plus the
    few extra CAMEO codes the PLOVER table names; a code without a Goldstein score or a PLOVER
    row takes its nearest ancestor's.

    The one name that is mojibake in GDELT's file (``044`` "Meet at a ÒhirdÓlocation") is
    replaced by the PLOVER table's description of the same code ("Meet at a 'third' location").
    """
    names, glued_goldstein = parse_eventcodes(eventcodes)
    goldstein = {**glued_goldstein, **parse_goldstein(goldstein_scale)}
    plover, plover_descriptions = parse_plover(plover_table)
    for code, description in plover_descriptions.items():
        if code not in names or (not names[code].isascii() and description.isascii()):
            names[code] = description
    table: dict[str, CameoCode] = {}
    for code in sorted(names):
        scored = _nearest(code, goldstein)
        if scored is None:
            raise ValueError(f"no Goldstein score for CAMEO code {code!r} or its ancestors")
        mapped = _nearest(code, plover)
        table[code] = CameoCode(
            code=code,
            name=names[code],
            goldstein=goldstein[scored],
            quad_class=quad_class_of(code),
            plover=plover[mapped] if mapped else None,
            root=code[:2],
        )
    return table


@functools.lru_cache(maxsize=1)
def _code_table() -> dict[str, CameoCode]:
    """The code table of the copies in ``kg/data/cameo/`` (read once, then cached)."""
    return code_table(_read_data(EVENTCODES_FILE), _read_data(GOLDSTEIN_FILE), _read_data(PLOVER_FILE))


def broader_code(code: str, codes: Mapping[str, object] | Iterable[str]) -> str | None:
    """The nearest proper ancestor of ``code`` among ``codes`` (``1121`` -> ``112``), None for a root."""
    known = codes if isinstance(codes, Mapping) else set(codes)
    return next((c for c in _ancestors(code[:-1]) if c in known), None) if len(code) > 2 else None


def code_info(code: str) -> CameoCode:
    """Name, Goldstein score, quad class and PLOVER type of a CAMEO code such as ``"042"``.

    Raises :class:`UnknownCodeError` (a ``ValueError`` and ``KeyError``) for unknown codes.
    """
    key = str(code).strip()
    try:
        return _code_table()[key]
    except KeyError:
        raise UnknownCodeError(f"unknown CAMEO event code {code!r}") from None


def all_codes() -> list[CameoCode]:
    """Every known CAMEO code, in hierarchical order (``01``, ``010``, ..., ``2042``)."""
    return list(_code_table().values())


def _known_code(code: str) -> str:
    """``code`` if the code table has it, else its nearest known ancestor (``176`` -> ``17``)."""
    table = _code_table()
    known = next((c for c in _ancestors(code) if c in table), None)
    if known is None:
        raise UnknownCodeError(f"CAMEO code {code!r} has no known ancestor")
    return known


# --------------------------------------------------------------------------- SKOS concepts


def cameo_concept_triples(info: CameoCode) -> list[Triple]:
    """What identifies a CAMEO code's concept: its classes, ``skos:notation`` (the code),
    English ``skos:prefLabel`` (its name) and ``skos:inScheme`` the CAMEO scheme.

    ``ontologies/cameo.ttl`` (``scripts/build_vocabularies.py``) and every article graph
    that uses the code (``kg.graph.add_code_concepts``) write exactly these triples, so a
    build loaded with the scheme still has one prefLabel per concept and language.
    """
    from rdflib import Literal, URIRef  # here, not at the top: extracting events needs no rdflib

    from .vocab import CAMEO, GK, RDF, SKOS

    concept = CAMEO[info.code]
    return [
        (concept, RDF.type, SKOS.Concept),
        (concept, RDF.type, GK.CameoCode),
        (concept, SKOS.notation, Literal(info.code)),
        (concept, SKOS.prefLabel, Literal(info.name, lang="en")),
        (concept, SKOS.inScheme, URIRef(CAMEO)),
    ]


def plover_concept_triples(plover: str) -> list[Triple]:
    """What identifies a PLOVER type's concept (``ACCUSE``): as :func:`cameo_concept_triples`,
    in the PLOVER scheme; the type's name is both its notation and its label."""
    from rdflib import Literal, URIRef

    from .vocab import GK, PLOVER, RDF, SKOS

    concept = PLOVER[plover]
    return [
        (concept, RDF.type, SKOS.Concept),
        (concept, RDF.type, GK.PloverType),
        (concept, SKOS.notation, Literal(plover)),
        (concept, SKOS.prefLabel, Literal(plover, lang="en")),
        (concept, SKOS.inScheme, URIRef(PLOVER)),
    ]


# --------------------------------------------------------------------------- pattern model


@dataclass(frozen=True, slots=True)
class _Word:
    """One pattern word: lower-case text matched exactly or as a prefix of a token."""

    text: str
    exact: bool

    def matches(self, token: str) -> bool:
        return token == self.text if self.exact else token.startswith(self.text)


_Alternative = tuple[_Word, ...]  # adjacent words


def _match_alternative(alt: _Alternative, tokens: Sequence[str], start: int) -> bool:
    if start + len(alt) > len(tokens):
        return False
    return all(word.matches(tokens[start + i]) for i, word in enumerate(alt))


@dataclass(frozen=True, slots=True, eq=False)
class _Slot:
    """One pattern position: any of several word sequences (indexed by their first letter)."""

    by_initial: dict[str, tuple[_Alternative, ...]]

    @classmethod
    def of(cls, alternatives: Iterable[_Alternative]) -> _Slot:
        index: dict[str, list[_Alternative]] = {}
        for alt in alternatives:
            if alt:
                index.setdefault(alt[0].text[0], []).append(alt)
        return cls({initial: tuple(alts) for initial, alts in index.items()})

    def ends(self, tokens: Sequence[str], start: int) -> Iterator[int]:
        """End indices of the alternatives that match ``tokens`` at ``start``."""
        if start < len(tokens) and tokens[start]:
            for alt in self.by_initial.get(tokens[start][0], ()):
                if _match_alternative(alt, tokens, start):
                    yield start + len(alt)


_Element = tuple[_Slot, ...]  # adjacent slots, looked for as one unit


def _words_of(phrase: str) -> _Alternative:
    """``NUCLEAR_BOMB`` -> (nuclear exact, bomb prefix); a trailing ``_`` makes the last exact."""
    parts = [part for part in phrase.lower().split("_") if part]
    exact_last = phrase.endswith("_")
    return tuple(
        _Word(part, exact=i < len(parts) - 1 or exact_last) for i, part in enumerate(parts)
    )


def _element_end(element: _Element, tokens: Sequence[str], start: int) -> int | None:
    """Smallest end index of a match of ``element`` beginning at ``start``, or None."""
    ends = {start}
    for slot in element:
        ends = {end for position in ends for end in slot.ends(tokens, position)}
        if not ends:
            return None
    return min(ends)


def _in_order(elements: Sequence[_Element], tokens: Sequence[str]) -> bool:
    """True if every element occurs in ``tokens``, in order, with gaps allowed."""
    pos = 0
    for element in elements:
        best: int | None = None
        for start in range(pos, len(tokens)):
            if best is not None and start >= best:
                break
            end = _element_end(element, tokens, start)
            if end is not None and (best is None or end < best):
                best = end
        if best is None:
            return False
        pos = best
    return True


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A parsed ``- pattern [code] # VERB`` line."""

    text: str
    code: str
    before: tuple[_Element, ...]
    after: tuple[_Element, ...]
    literals: int
    line: int

    def matches(self, before: Sequence[str], after: Sequence[str]) -> bool:
        return _in_order(self.before, before) and _in_order(self.after, after)

    def rank(self) -> tuple[int, int, int, int]:
        """Higher is more specific: literal words, pattern length, code length, file order."""
        return (self.literals, len(self.text), len(self.code), -self.line)


def _pattern_tokens(text: str) -> list[str]:
    """Split pattern text into ``*``, ``{``, ``}``, wildcards and words (parentheses dropped)."""
    text = re.sub(r"[()]", " ", text)
    text = re.sub(r"([{}*])", r" \1 ", text)
    return [t.lstrip("_") for t in text.split() if t.strip("_")]


class _PatternCompiler:
    """Turns pattern text into :class:`_Pattern` objects, resolving synonym sets."""

    def __init__(self, synsets: dict[str, tuple[_Alternative, ...]]) -> None:
        self.synsets = synsets
        self.undefined_synsets: set[str] = set()
        self._synset_slots: dict[str, _Slot] = {}

    def _synset(self, name: str) -> _Slot | None:
        """Slot for a defined synonym set (built once per set), else None."""
        if name not in self.synsets:
            return None
        if name not in self._synset_slots:
            self._synset_slots[name] = _Slot.of(self.synsets[name])
        return self._synset_slots[name]

    def _slots(self, token: str) -> tuple[_Slot, ...]:
        """The slots of one pattern token (a word, ``A/B``, ``A_B`` or ``&SET``)."""
        if token.startswith("&"):
            synset = self._synset(token)
            if synset is not None:
                return (synset,)
            # Undefined set (&WEATHER, &FIGHT_CRIM): defined parts as sets, the rest as words.
            self.undefined_synsets.add(token)
            parts = [p for p in token[1:].split("_") if p]
            return tuple(
                self._synset("&" + p) or _Slot.of([(_Word(p.lower(), exact=False),)])
                for p in parts
            )
        pieces = [piece for piece in token.split("_") if piece]
        exact_last = token.endswith("_")
        return tuple(
            _Slot.of(
                (_Word(alt.lower(), exact=i < len(pieces) - 1 or exact_last),)
                for alt in piece.split("/")
                if alt
            )
            for i, piece in enumerate(pieces)
        )

    def compile(self, text: str, code: str, line: int) -> _Pattern:
        tokens = _pattern_tokens(text)
        if "*" not in tokens:
            raise ValueError(f"line {line}: pattern {text!r} has no verb position '*'")
        sides: tuple[list[_Element], list[_Element]] = ([], [])
        side = 0
        group: list[_Slot] | None = None
        for token in tokens:
            if token == "*":
                side = 1
            elif token == "{":
                group = []
            elif token == "}":
                if group:
                    sides[side].append(tuple(group))
                group = None
            elif token in _WILDCARDS:
                continue
            elif group is not None:
                group.extend(self._slots(token))
            else:
                slots = self._slots(token)
                if slots:
                    sides[side].append(slots)
        if group:  # unclosed brace: keep what was read
            sides[side].append(tuple(group))
        before, after = tuple(sides[0]), tuple(sides[1])
        literals = sum(len(e) for e in before + after)
        return _Pattern(" ".join(text.split()), code, before, after, literals, line)


# --------------------------------------------------------------------------- dictionary reader


_CODE_FIELD = re.compile(r"\[([^\]]*)\]")
_FORMS_FIELD = re.compile(r"\{([^}]*)\}")


def parse_code_field(field: str) -> str | None:
    """``"042:043"`` -> ``"042"``, ``":173"`` -> ``"173"``, ``"---"`` -> ``"---"``, ``""`` -> None.

    Stray non-digits (``080!``) are dropped.
    """
    for part in field.split(":"):
        part = part.strip()
        if part.startswith(NO_EVENT):
            return NO_EVENT
        digits = re.sub(r"\D", "", part)
        if digits:
            return digits
    return None


def _strip_comment(line: str) -> tuple[str, str]:
    """(content, comment) of a dictionary line."""
    content, _, comment = line.partition("#")
    return content.strip(), comment.strip()


@dataclass(frozen=True, slots=True)
class _VerbLine:
    """A verb line of a block: ``VERB {FORMS} [code]`` or ``+MULTI_WORD {+FORMS} [code]``."""

    name: str  # upper case, words joined by "_"
    forms: tuple[str, ...]  # upper case
    code: str | None  # own code, overriding the block's


def _parse_verb_line(content: str) -> _VerbLine:
    code_match = _CODE_FIELD.search(content)
    forms_match = _FORMS_FIELD.search(content)
    code = parse_code_field(code_match[1]) if code_match else None
    listed = forms_match[1].replace(",", " ").split() if forms_match else []
    forms = tuple(form.lstrip("+").upper() for form in listed if form.lstrip("+"))
    name = _FORMS_FIELD.sub(" ", _CODE_FIELD.sub(" ", content)).split()[0]
    return _VerbLine(name=name.lstrip("+").upper(), forms=forms, code=code)


@dataclass(frozen=True, slots=True)
class _Block:
    """A ``---  NAME   [code]  ---`` block while it is being read."""

    name: str
    code: str | None
    verbs: list[_VerbLine]
    patterns: list[tuple[str, str, str, int]]  # (text, code, comment, line number)


_BLOCK_HEADER = re.compile(r"^---\s+(?P<name>\S+)\s+\[(?P<code>[^\]]*)\]")


def _read_synsets(lines: Iterable[tuple[int, str]]) -> dict[str, tuple[_Alternative, ...]]:
    """``&NAME`` followed by ``+MEMBER`` lines -> name -> member word sequences."""
    synsets: dict[str, list[_Alternative]] = {}
    current: list[_Alternative] | None = None
    for _, raw in lines:
        content, _ = _strip_comment(raw)
        if content.startswith("&"):
            current = synsets.setdefault(content.split()[0], [])
        elif content.startswith("+") and current is not None:
            words = _words_of(content[1:].split()[0])
            if words:
                current.append(words)
        elif content:
            current = None
    return {name: tuple(members) for name, members in synsets.items()}


def _read_blocks(lines: Iterable[tuple[int, str]]) -> list[_Block]:
    """Verb blocks of the VERB PATTERNS section, in file order."""
    blocks: list[_Block] = []
    for number, raw in lines:
        if raw.startswith("#") or raw.startswith("~"):
            continue
        header = _BLOCK_HEADER.match(raw)
        if header:
            blocks.append(_Block(header["name"], parse_code_field(header["code"]), [], []))
            continue
        content, comment = _strip_comment(raw)
        if not content or not blocks:
            continue
        block = blocks[-1]
        if content.startswith("-"):
            code_fields = _CODE_FIELD.findall(content)
            if not code_fields:
                continue
            text = content[1 : content.rfind("[")]
            code = parse_code_field(code_fields[-1]) or block.code or NO_EVENT
            block.patterns.append((text, code, comment, number))
        else:
            block.verbs.append(_parse_verb_line(content))
    return blocks


def _split_sections(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(synonym-set lines, verb-pattern lines), numbered from 1, transformations dropped."""
    synset_lines: list[tuple[int, str]] = []
    verb_lines: list[tuple[int, str]] = []
    target = synset_lines
    for number, line in enumerate(text.splitlines(), start=1):
        upper = line.upper()
        if line.startswith("####"):
            if "VERB PATTERNS" in upper:
                target = verb_lines
            elif "TRANSFORMATIONS" in upper:
                break
            continue
        target.append((number, line.rstrip()))
    return synset_lines, verb_lines


# --------------------------------------------------------------------------- inflection


def _deinflections(form: str) -> Iterator[str]:
    """Candidate base forms of a regularly inflected English verb form (most likely first)."""
    yield form
    if form.endswith("ies"):
        yield form[:-3] + "y"
    if form.endswith("es"):
        yield form[:-2]
    if form.endswith("s"):
        yield form[:-1]
    if form.endswith("ied"):
        yield form[:-3] + "y"
    if form.endswith("ed"):
        yield form[:-1]
        yield form[:-2]
        if len(form) > 4 and form[-3] == form[-4]:
            yield form[:-3]
    if form.endswith("ing"):
        yield form[:-3]
        yield form[:-3] + "e"
        if len(form) > 5 and form[-4] == form[-5]:
            yield form[:-4]


def _normalize_tokens(tokens: Sequence[str]) -> list[str]:
    """Lower-case tokens, re-joining hyphenated words a tokenizer split (``sabre - rattling``)."""
    out: list[str] = []
    for token in (t.lower() for t in tokens):
        if out and (token == "-" or out[-1].endswith("-")) and out[-1] not in CLAUSE_BOUNDARIES:
            out[-1] += token
        else:
            out.append(token)
    return out


def _clause_after(tokens: Sequence[str]) -> list[str]:
    """Tokens after the verb up to the end of its clause (at most CLAUSE_WINDOW)."""
    out: list[str] = []
    for token in _normalize_tokens(tokens)[:CLAUSE_WINDOW]:
        if token in CLAUSE_BOUNDARIES:
            break
        out.append(token)
    return out


def _clause_before(tokens: Sequence[str]) -> list[str]:
    """Tokens before the verb back to the start of its clause (at most CLAUSE_WINDOW)."""
    out: list[str] = []
    for token in reversed(_normalize_tokens(tokens)[-CLAUSE_WINDOW:]):
        if token in CLAUSE_BOUNDARIES:
            break
        out.append(token)
    return out[::-1]


# --------------------------------------------------------------------------- verb dictionary


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """The CAMEO code chosen for a verb, and the dictionary entry that chose it."""

    code: str
    verb: str
    pattern: str


@dataclass(frozen=True, slots=True)
class _Verb:
    """One dictionary verb (single word like ``ACCUSE`` or phrasal like ``LASH_OUT``)."""

    name: str
    code: str | None  # own code, else the block's; None or "---" means no event by default
    patterns: tuple[_Pattern, ...]

    def best(self, before: Sequence[str], after: Sequence[str]) -> _Pattern | None:
        matching = [p for p in self.patterns if p.matches(before, after)]
        return max(matching, key=_Pattern.rank, default=None)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A way of meeting a verb in text: head lemma plus the exact words that must follow."""

    particles: tuple[str, ...]
    verb: _Verb


def _comment_verbs(comment: str) -> list[str]:
    """Verb names in a pattern comment: ``"CONFIRM , REAFFIRM"`` -> [CONFIRM, REAFFIRM]."""
    return ["_".join(name.split()).upper() for name in comment.split(",") if name.strip()]


def _resolve_comment_verb(name: str, by_form: dict[str, str]) -> str | None:
    """Block verb a pattern comment names, allowing inflection (``RULED_OUT`` -> RULE_OUT)."""
    if name in by_form:
        return by_form[name]
    head, _, tail = name.partition("_")
    for base in _deinflections(head.lower()):
        candidate = base.upper() + ("_" + tail if tail else "")
        if candidate in by_form:
            return by_form[candidate]
    return None


def _irregular_forms(blocks: Sequence[_Block], lemmas: set[str]) -> dict[str, str]:
    """Listed form -> lemma (lower case), e.g. ``sped`` -> ``speed``, ``stepped`` -> ``step``.

    Forms of phrasal verbs count when the phrasal verb's first word is one of ``lemmas``
    (``+STEP_UP {+STEPPED_UP}`` with STEP a verb; not ``+IS_DETERMINED {+WAS_DETERMINED}``).
    The first listing of a form wins.
    """
    irregular: dict[str, str] = {}
    for block in blocks:
        for verb in block.verbs:
            head = verb.name.split("_")[0].lower()
            if head not in lemmas:
                continue
            for form in verb.forms:
                form_head = form.split("_")[0].lower()
                if form_head and form_head != head:
                    irregular.setdefault(form_head, head)
    return irregular


class VerbDictionary:
    """PETRARCH2's CAMEO verb dictionary, indexed by lower-case verb lemma.

    A verb listed in several blocks keeps the default code of its own block (the block
    named after it), else of its first block; its patterns are pooled from all blocks.
    Codes the code table lacks (``176``, ``1952``) become their nearest known ancestor.
    """

    def __init__(self, text: str, supplement: str = "") -> None:
        synset_lines, verb_lines = _split_sections(text)
        compiler = _PatternCompiler(_read_synsets(synset_lines))
        blocks = _read_blocks(verb_lines)
        # geokg's supplement: blocks in the same format whose verbs' default codes override
        # the main dictionary's and whose patterns are pooled with it.
        self._overriding = _read_blocks((n, line) for n, line in enumerate(supplement.splitlines(), start=1))
        blocks = blocks + self._overriding
        self.remapped_codes: dict[str, str] = {}
        self.unattributed_patterns = 0
        # Known lemmas: single-word verbs, plus first words of phrasal verbs that are not
        # inflections of those (WAGE of WAGE_WAR yes, KILLED of KILLED_AND no).
        single = {v.name.lower() for b in blocks for v in b.verbs if "_" not in v.name}
        self._known = single
        self._irregular = _irregular_forms(blocks, single)
        phrasal_heads = {v.name.split("_")[0].lower() for b in blocks for v in b.verbs}
        self._known = single | {h for h in phrasal_heads if self._base(h) is None}
        verbs = self._build_verbs(blocks, compiler)
        self.pattern_count = sum(len(b.patterns) for b in blocks)
        self.synset_count = len(compiler.synsets)
        self.undefined_synsets = frozenset(compiler.undefined_synsets)
        self._verbs = {verb.name: verb for verb, _ in verbs}
        self._entries = self._index(verbs)

    # ---- construction helpers

    def _code(self, code: str | None) -> str | None:
        """Code as used downstream: unknown codes become their nearest known ancestor."""
        if code is None or code == NO_EVENT:
            return code
        known = _known_code(code)
        if known != code:
            self.remapped_codes[code] = known
        return known

    def _block_patterns(
        self, block: _Block, compiler: _PatternCompiler
    ) -> Iterator[tuple[str, _Pattern]]:
        """(verb name, pattern) for every pattern of a block, per the verbs its comment names."""
        by_form = {f: v.name for v in block.verbs for f in (v.name, *v.forms)}
        for text, code, comment, line in block.patterns:
            pattern = compiler.compile(text, self._code(code) or NO_EVENT, line)
            names = _comment_verbs(comment)
            owners = {o for o in (_resolve_comment_verb(n, by_form) for n in names) if o}
            if not owners:
                self.unattributed_patterns += bool(names)
                owners = {v.name for v in block.verbs}
            for owner in sorted(owners):
                yield owner, pattern

    def _build_verbs(
        self, blocks: Sequence[_Block], compiler: _PatternCompiler
    ) -> list[tuple[_Verb, frozenset[str]]]:
        """Each distinct verb with its pooled patterns and all its listed surface forms."""
        patterns: dict[str, list[_Pattern]] = {}
        home: dict[str, tuple[_VerbLine, _Block]] = {}
        surfaces: dict[str, set[str]] = {}
        for block in blocks:
            for name, pattern in self._block_patterns(block, compiler):
                patterns.setdefault(name, []).append(pattern)
            overriding = any(block is b for b in self._overriding)
            for line in block.verbs:
                previous = home.get(line.name)
                if previous is None or overriding or (line.name == block.name != previous[1].name):
                    if previous is not None and overriding and line.code is None and block.code in (None, NO_EVENT):
                        continue  # a supplement line without a code only adds patterns; "X [---]" unsets X's
                    home[line.name] = (line, block)
                surfaces.setdefault(line.name, set()).update((line.name, *line.forms))
        return [
            (
                _Verb(name, self._code(line.code or block.code), tuple(patterns.get(name, ()))),
                frozenset(surfaces[name]),
            )
            for name, (line, block) in home.items()
        ]

    def _index(self, verbs: list[tuple[_Verb, frozenset[str]]]) -> dict[str, list[_Entry]]:
        """Lemma -> entries; phrasal verbs under each head form and its lemma, longest first."""
        entries: dict[str, dict[tuple[tuple[str, ...], str], _Entry]] = {}
        for verb, surfaces in verbs:
            for surface in sorted(surfaces):
                head, *particles = [w.lower() for w in surface.split("_") if w]
                if not particles and surface != verb.name:
                    continue  # single-word inflections are reached through lemma_of
                keys = {head, self.lemma_of(head) or head} if particles else {head}
                for key in keys:
                    entry = _Entry(tuple(particles), verb)
                    entries.setdefault(key, {}).setdefault((entry.particles, verb.name), entry)
        return {
            key: sorted(found.values(), key=lambda e: -len(e.particles))
            for key, found in entries.items()
        }

    def _base(self, form: str) -> str | None:
        """Known lemma for a lower-case form: listed irregular form, else regular inflection."""
        if form in self._irregular:
            return self._irregular[form]
        return next((b for b in _deinflections(form) if b in self._known), None)

    # ---- public API

    def verbs(self) -> int:
        """Number of distinct dictionary verbs (single-word like ACCUSE, phrasal like LASH_OUT)."""
        return len(self._verbs)

    def codes(self) -> frozenset[str]:
        """Every event code :meth:`match` can return (all known to :func:`code_info`)."""
        return frozenset(
            code
            for verb in self._verbs.values()
            for code in (verb.code, *(p.code for p in verb.patterns))
            if code is not None and code != NO_EVENT
        )

    def lemma_of(self, form: str) -> str | None:
        """Dictionary verb lemma (lower case) of a verb form: ``"sped"`` -> ``"speed"``.

        A form that is itself a dictionary verb is returned unchanged; None if unknown.
        """
        form = form.strip().lower()
        return form if form in self._known else self._base(form)

    def _resolve(self, lemma: str) -> str | None:
        key = lemma.strip().lower()
        if key in self._entries:
            return key
        base = self.lemma_of(key)
        return base if base in self._entries else None

    def has_verb(self, lemma: str) -> bool:
        """True if the dictionary knows this verb (as a verb, an inflection or a phrasal head)."""
        return self._resolve(lemma) is not None

    def match(
        self,
        lemma: str,
        words_after: Sequence[str] = (),
        words_before: Sequence[str] = (),
    ) -> VerbMatch | None:
        """CAMEO code for verb ``lemma`` in its clause, or None if unknown or not an event.

        A phrasal verb (``LASH_OUT``) is chosen when its words follow the verb; then the
        most specific matching pattern of that verb decides, else the verb's default code.
        """
        key = self._resolve(lemma)
        if key is None:
            return None
        after = _clause_after(words_after)
        before = _clause_before(words_before)
        for entry in self._entries[key]:
            n = len(entry.particles)
            if tuple(after[:n]) != entry.particles:
                continue
            best = entry.verb.best(before, after[n:])
            code = best.code if best else entry.verb.code
            if code is None or code == NO_EVENT:
                return None
            return VerbMatch(code=code, verb=entry.verb.name, pattern=best.text if best else "")
        return None

    def __repr__(self) -> str:
        return (
            f"VerbDictionary({self.verbs()} verbs, {self.pattern_count} patterns, "
            f"{self.synset_count} synonym sets)"
        )


@functools.lru_cache(maxsize=1)
def verb_dictionary() -> VerbDictionary:
    """The verb dictionary from ``kg/data/cameo/CAMEO.2.0.txt`` (parsed once, then cached)."""
    return VerbDictionary(_read_data(VERBS_FILE), _read_data(SUPPLEMENT_VERBS_FILE))
