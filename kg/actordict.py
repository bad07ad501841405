"""CAMEO actor and agent dictionaries: who a name is, for which country and sector, and when.

The data are PETRARCH2's Phoenix dictionaries (MIT, Open Event Data Alliance), copied verbatim
into ``kg/data/actors/``, plus geokg's own ``geokg.supplement.actors.txt`` that carries the
heads of state and government and foreign ministers of the states most in the news past 2014,
where the Phoenix files stop. Nothing here is typed by hand: every name, code and date comes
from those files, parsed at first use (:func:`actor_dictionary` is cached).

Actor files (``*.actors.txt``)
    A *group* is a head line ``NAME_ [CODE] [CODE yymmdd-yymmdd]``, ``+SYNONYM`` lines, and
    code lines ``[CODE >yymmdd]`` / ``[CODE <yymmdd]`` / ``[CODE yymmdd-yymmdd]`` / ``[CODE]``.
    Words are joined by ``_``; whitespace inside a name also separates words; ``#`` starts a
    comment. Dates are ``yymmdd`` (``yy`` <= 30 is 20yy, else 19yy) or ``yyyymmdd``; the
    bounds are inclusive (``<d`` ends the day before ``d``, as PETRARCH reads it); a lone date
    means "from". Unreadable bounds (``2004017``) are left open; a 9-10 digit typo
    (``1920030320``, ``201005011``) is read from its valid 8-digit part.
    Quirks handled: several head lines in a row without codes (``LEONID_BREZHNEV_`` /
    ``SECRETARY_BREZHNEV`` / ... / ``[codes]``) share the codes that follow them, unless a blank
    line comes first (then the file gave them none and they are dropped); ``+A_ +B_`` and
    ``A+_B`` hold two synonyms; ``[---]`` is "no code" and is skipped; codes commented out
    (``#[IRNGOV ...]``) are ignored; accents are folded (``WÖRNER`` = ``WORNER``); a few names
    in the Countries file carry a lost-accent control byte and so match nothing.
    The same phrase in several Phoenix groups gets all their codes (e.g. ``BAN_KI_MOON_`` as
    KORGOVBUS in the Countries file and IGOUNO in the International one). A group of the
    geokg supplement *supersedes* every Phoenix group it shares a phrase with: of those
    groups' codes only the closed past terms are kept (their open-ended ``>date`` and undated
    ``[XXXELI]`` codes are what 2014 could not know), the supplement's codes are added, and
    all their phrases take the result (so ``CHANCELLOR_MERKEL`` ends with Merkel's term).
    A trailing ``_`` marks an exact word end; a phrase without it is a stem, which here
    also matches its plural/possessive (``RUSSIAN`` -> "Russians"); country entries match
    their plurals too ("Ukrainians").

Codes
    ``code`` is the code as in the file. CAMEO's transnational primary codes ``IGO``, ``NGO``,
    ``IMG``, ``MNC`` (:data:`TRANSNATIONAL`, the one code list kept in this module) give
    ``country`` = that prefix and ``sector`` = the rest (IGOUNO -> UNO, IGOWSTNAT -> WSTNAT).
    Otherwise, when the first three letters are a country code (ISO 3166-1 alpha-3, pycountry's
    historic codes such as ``SUN``, or a bare code that heads a block of the Countries file,
    such as ``KSV``), ``country`` is that code and ``sector`` the first 3-letter role code after
    it (role codes: the ones the agents file uses, GOV, MIL, REB, ELI...; ``SUNRUS`` has none).
    A Countries-file code that pycountry knows under another alpha-3 is mapped to it: in these
    files only ``TMP`` -> ``TLS`` (Timor-Leste); historic, Kosovo (``KSV``) and regional codes
    stay. A code led by a role code (``[ELI]``) has no country. Any other prefix is a CAMEO
    regional or special code (``MEA``, ``SAS``, ``WEU``, ``INT``...) and is read like a country.

Kinds (the files do not say; inferred and documented here)
    ``STATE``: a Countries-file group with a bare country code (a country block head and its
    synonyms, cities and regions included). ``PERSON``: a group the files mark as coming from
    the leader lists (a ``CountryInfo.txt`` / ``IGOrulers.txt`` comment), any group of the
    geokg supplement, or another group with dated codes whose head has no agent word
    (``COUNCIL``, ``SECRETARY``, ``PARTY``... from the agents file) after its first word (a given
    name such as ``CHRISTIAN`` is no mark). ``ORG`` otherwise, which includes the few undated
    people of the International file's NGO lists: the files give no way to tell them apart.

Dates
    ``lookup(words, on)``: among the codes of the phrase, those valid on ``on`` win (the
    latest-starting one); else an undated code (it applies always, e.g. ``[RUSELI]`` for a
    leader out of office); else the *nearest* dated code, returned with ``sector=None`` and
    ``code`` cut to its country prefix: still the person, but no role on that date (Trump on
    2022-01-01 -> code "USA", sector None). With ``on=None`` the latest-starting dated code
    (else the first undated one).

Agents (``Phoenix.agents.txt``)
    ``NOUN [~SEC]`` lines, ``{PLURAL}`` for an irregular plural (``{}``: none), ``!MACRO! = A,
    B`` word lists expanded where used (glued to a word: ``CATTLE!PERSON!`` -> CATTLEMAN;
    ``FOREIGN_!MINIST!`` -> FOREIGN MINISTER; a macro inside a word, ``AD!MINIST!RATIVE``,
    is an old search-and-replace slip and is read back as the literal ADMINISTRATIVE).
    Regular plurals are made as PETRARCH does (``-Y`` -> ``-IES``, ``-S/X/Z/CH/SH`` -> ``-ES``,
    ``-MAN`` -> ``-MEN``, else ``-S``). ``agent()`` returns the code with ``~`` dropped
    (``GOV``, ``GOVMIL`` for a defence minister, ``IGO`` for ``[IGO~]``). A noun listed twice
    keeps its first code.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from importlib import resources

__all__ = [
    "ACTOR_FILES",
    "AGENT_FILE",
    "AGENT_FILES",
    "TRANSNATIONAL",
    "ActorDictionary",
    "ActorEntry",
    "actor_dictionary",
]

#: Actor files in load order; the last one is geokg's own and supersedes the others.
ACTOR_FILES: tuple[str, ...] = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "geokg.groups.actors.txt",
    "geokg.seats.actors.txt",
    "geokg.igos.actors.txt",
    "geokg.supplement.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
#: Agent files read in order (a noun keeps the code of the first file that lists it).
AGENT_FILES: tuple[str, ...] = (AGENT_FILE, "geokg.supplement.agents.txt")
_COUNTRIES_FILE = ACTOR_FILES[0]
_SUPPLEMENT_FILE = ACTOR_FILES[-1]
_DATA_PACKAGE = "kg.data"
_DATA_DIR = "actors"

STATE, PERSON, ORG = "STATE", "PERSON", "ORG"
#: CAMEO's transnational primary codes: international organisations, NGOs, international
#: militarised groups, multinational corporations. The rest of such a code is its ``sector``.
TRANSNATIONAL = ("IGO", "NGO", "IMG", "MNC")


def contract_code(country: str | None, sector: str | None) -> tuple[str | None, str | None]:
    """A dictionary code as the contract writes it: every international organisation is
    country ``IGO``, so an NGO is ``IGO`` with sector ``NGO…``."""
    if country == "NGO":
        return "IGO", f"NGO{sector or ''}"
    return country, sector

# Provenance marks the Phoenix files put on groups taken from leader lists.
_PERSON_SOURCES = ("COUNTRYINFO", "IGORULERS")
# Small function words kept lower case inside display names ("Islamic State of Iraq").
_LOWER_WORDS = frozenset("OF THE AND FOR IN ON TO DE VAN VON DER BIN BINT AL".split())
_ARTICLES = ("THE", "A", "AN")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str  # display name from the group's head phrase, e.g. "Vladimir Putin", "Ukraine"
    code: str  # full code as in the file, e.g. "UKRGOV", "IGOUNO", "RUS"
    country: str | None  # ISO 3166-1 alpha-3 / CAMEO regional code / "IGO" etc.
    sector: str | None  # first role code after the country; rest of the code for IGO etc.
    start: date | None
    end: date | None
    kind: str  # "STATE" | "PERSON" | "ORG"

    def valid_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


# --------------------------------------------------------------------------- normalisation

_SPLIT = re.compile(r"[\s_\-\u2010-\u2015]+")
_PUNCT = str.maketrans({".": "", "\u2019": "'", "`": "'"} | {ch: " " for ch in ',();:"'})


def _fold(text: str) -> str:
    """Upper case, accents folded, '.' dropped, quotes straightened, other punctuation a blank."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.upper().translate(_PUNCT)


def _norm(words: Iterable[str]) -> tuple[str, ...]:
    """Tokens -> normalised word tuple: '_', '-' and blanks separate words, '.' vanishes."""
    out: list[str] = []
    for word in words:
        out.extend(w for w in _SPLIT.split(_fold(word)) if w)
    return tuple(out)


def _strip_article(key: tuple[str, ...]) -> tuple[str, ...]:
    if len(key) > 1 and key[0] == "THE":
        return key[1:]
    return key


def _display(phrase: str, kind: str = STATE, synonyms: Iterable[tuple[str, ...]] = ()) -> str:
    """``VLADIMIR_PUTIN_`` -> ``Vladimir Putin``. Dotted initialisms (``U.N.``) stay upper case, and
    so does the one-word head of an organisation that reads as an acronym: at most one vowel
    (``UNHCR``), at most three letters (``ICJ``), or the initials of one of its synonyms
    (``NATO`` = ``NORTH_ATLANTIC_TREATY_ORGANIZATION_``)."""
    words = phrase.replace("_", " ").split()
    if len(words) > 1 and words[0].upper() == "THE":
        words = words[1:]
    if kind == ORG and len(words) == 1 and words[0].isalpha():
        word = words[0].upper()
        if (
            len(word) <= 3
            or sum(ch in "AEIOU" for ch in word) <= 1
            or any(len(k) == len(word) and "".join(w[0] for w in k) == word for k in synonyms)
        ):
            return word
    out = []
    for i, word in enumerate(words):
        if re.fullmatch(r"(?:\w\.)+\w?\.?", word) and len(word) <= 6:  # U.N., U.S.A., S.
            out.append(word.upper())
            continue
        parts = []
        for part in word.split("-"):
            if i > 0 and part.upper() in _LOWER_WORDS and "-" not in word:
                parts.append(part.lower())
            elif len(part) > 2 and part[1] == "'":
                parts.append(part[0].upper() + "'" + part[2:].capitalize())
            else:
                parts.append(part.capitalize())
        out.append("-".join(parts))
    return " ".join(out)


# --------------------------------------------------------------------------- dates

_DATE_SPEC = re.compile(r"^([<>]?)(\d*)(?:-(\d*))?$")


def _parse_day(digits: str) -> date | None:
    if not digits:
        return None
    candidates = [digits]
    if len(digits) > 8:  # typos such as 1920030320, 201005011
        candidates = [digits[-8:], digits[:8]]
    for cand in candidates:
        try:
            if len(cand) == 6:
                yy = int(cand[:2])
                return date(2000 + yy if yy <= 30 else 1900 + yy, int(cand[2:4]), int(cand[4:6]))
            if len(cand) == 8:
                return date(int(cand[:4]), int(cand[4:6]), int(cand[6:8]))
        except ValueError:
            continue
    return None


def _parse_dates(spec: str) -> tuple[date | None, date | None, bool]:
    """'' | '>d' | '<d' | 'a-b' | 'd' -> (start, end, dated)."""
    spec = spec.replace(" ", "")
    if not spec:
        return None, None, False
    m = _DATE_SPEC.match(spec)
    if not m:
        return None, None, False
    op, first, second = m.groups()
    if op == ">":
        return _parse_day(first), None, True
    if op == "<":
        end = _parse_day(first)
        return None, (end - timedelta(days=1) if end else None), True
    if second is not None:
        return _parse_day(first), _parse_day(second), True
    return _parse_day(first), None, True


# --------------------------------------------------------------------------- actor files


@dataclass(slots=True)
class _Group:
    source: str
    names: list[tuple[str, bool]] = field(default_factory=list)  # (raw phrase, exact)
    codes: list[tuple[str, date | None, date | None, bool]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


_CODE = re.compile(r"\[([^\[\]]*)\]")


def _codes_in(text: str) -> list[tuple[str, date | None, date | None, bool]]:
    out = []
    for inner in _CODE.findall(text):
        parts = inner.split(None, 1)
        if not parts:
            continue
        code = parts[0].replace("~", "")
        if not re.search(r"[A-Z]", code):  # [---]: no code
            continue
        start, end, dated = _parse_dates(parts[1] if len(parts) > 1 else "")
        out.append((code, start, end, dated))
    return out


def _names_in(text: str) -> list[tuple[str, bool]]:
    out = []
    for piece in text.split("+"):
        piece = piece.strip()
        if not piece or not re.search(r"\w", piece):
            continue
        out.append((piece, piece.endswith("_")))
    return out


def _parse_actor_text(text: str, source: str) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.codes:
            groups.append(current)
        current = None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current is not None and not current.codes:
                current = None  # codeless heads followed by a blank line: the file gave none
            continue
        if line.startswith("#"):
            continue
        body, _, comment = line.partition("#")
        cut = body.find("[")
        name_part, code_part = (body, "") if cut < 0 else (body[:cut], body[cut:])
        codes = _codes_in(code_part)
        if line.startswith("+"):
            if current is None:
                continue
            current.names.extend(_names_in(name_part))
            current.codes.extend(codes)
        elif line.startswith("["):
            if current is None:
                continue
            current.codes.extend(codes)
            if comment:
                current.comments.append(comment)
        else:
            names = _names_in(name_part)
            if not names:
                continue
            if current is not None and not current.codes:
                current.names.extend(names)  # another head for the same codes
            else:
                close()
                current = _Group(source)
                current.names.extend(names)
            current.codes.extend(codes)
            if comment:
                current.comments.append(comment)
    close()
    return groups


def _read(name: str) -> str:
    path = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR, name)
    return path.read_text(encoding="utf-8", errors="replace")


# --------------------------------------------------------------------------- agents


def _plural(word: str) -> str:
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "Z", "CH", "SH")):
        return word + "ES"
    return word + "S"


def _singulars(word: str) -> list[str]:
    out = []
    if word.endswith("MEN"):
        out.append(word[:-3] + "MAN")
    if word.endswith("IES"):
        out.append(word[:-3] + "Y")
    if word.endswith("ES"):
        out.append(word[:-2])
    if word.endswith("S"):
        out.append(word[:-1])
    return out


_MACRO_DEF = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_MACRO_USE = re.compile(r"![A-Z]+!")


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    """All spellings of an agent phrase with its !MACRO!s filled in."""
    pieces: list[list[str]] = []
    pos = 0
    for m in _MACRO_USE.finditer(phrase):
        pieces.append([phrase[pos : m.start()]])
        before = phrase[m.start() - 1] if m.start() > 0 else " "
        after = phrase[m.end()] if m.end() < len(phrase) else " "
        if before.isalpha() and after.isalpha():  # AD!MINIST!RATIVE: a search-and-replace slip
            pieces.append([m.group()[1:-1]])
        else:
            pieces.append(macros.get(m.group(), [m.group()[1:-1]]))
        pos = m.end()
    pieces.append([phrase[pos:]])
    return ["".join(combo) for combo in itertools.product(*pieces)]


def _parse_agents(text: str) -> dict[tuple[str, ...], str]:
    macros: dict[str, list[str]] = {}
    table: dict[tuple[str, ...], str] = {}

    def put(key: tuple[str, ...], code: str) -> None:
        if key and key not in table:
            table[key] = code

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _MACRO_DEF.match(line)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        if "[" not in line:
            continue
        phrase, _, rest = line.partition("[")
        code = re.split(r"[\]}\s]", rest, maxsplit=1)[0].replace("~", "")
        if not code:
            continue
        plural: str | None = None
        if "{" in phrase:
            phrase, _, brace = phrase.partition("{")
            plural = brace.split("}", 1)[0]
        for spelling in _expand(phrase.strip(), macros):
            key = _norm([spelling])
            put(key, code)
            if plural is None and key:
                put(key[:-1] + (_plural(key[-1]),), code)
        if plural:
            for spelling in _expand(plural.strip(), macros):
                put(_norm([spelling]), code)
    return table


# --------------------------------------------------------------------------- the dictionary


class ActorDictionary:
    """Phrase -> dated CAMEO actor codes, plus agent nouns -> sector codes."""

    max_words: int

    def __init__(
        self,
        actors: dict[tuple[str, ...], tuple[ActorEntry, ...]],
        stems: frozenset[tuple[str, ...]],
        agents: dict[tuple[str, ...], str],
    ) -> None:
        self._actors = actors
        self._stems = stems
        self._agents = agents
        self.max_words = max((len(k) for k in actors), default=0)
        self.agent_max_words = max((len(k) for k in agents), default=0)
        self._surnames: dict[str, tuple[tuple[ActorEntry, ...], ...]] | None = None

    # ----- counts, for reports and tests
    @property
    def phrase_count(self) -> int:
        return len(self._actors)

    @property
    def agent_count(self) -> int:
        return len(self._agents)

    def entries(self, words: Sequence[str]) -> tuple[ActorEntry, ...]:
        """Every code the files give the phrase, whatever the date."""
        return self._find(words.split() if isinstance(words, str) else words) or ()

    # ----- lookups
    def _find(self, words: Sequence[str]) -> tuple[ActorEntry, ...] | None:
        key = _strip_article(_norm(words))
        if not key:
            return None
        hit = self._actors.get(key)
        if hit:
            return hit
        last = key[-1]
        for suffix in ("'S", "'"):  # possessive: "Russia's"
            if last.endswith(suffix) and len(last) > len(suffix):
                hit = self._actors.get(key[:-1] + (last[: -len(suffix)],))
                if hit:
                    return hit
        if len(key) > 1 and key[-1] in ("'S", "S'", "'"):
            hit = self._actors.get(key[:-1])
            if hit:
                return hit
        for stem in _singulars(last):  # plural of a stem or of a country word
            cand = key[:-1] + (stem,)
            hit = self._actors.get(cand)
            if hit and (cand in self._stems or any(e.kind == STATE for e in hit)):
                return hit
        return None

    def lookup(self, words: Sequence[str], on: date | None = None) -> ActorEntry | None:
        """The actor a phrase names on a date (see the module docstring, "Dates"), or None.

        ``words`` are the phrase's tokens in any case (a string is split on blanks); a leading
        "the" is ignored, '.' dropped and '-' splits words, so "U.S." = "US" and "Ki-moon" =
        "Ki moon"; a possessive "'s" and, for stems and country words, a plural are tried.
        """
        if isinstance(words, str):
            words = words.split()
        found = self._find(words)
        if not found:
            return None
        return _choose(found, on)

    def surname(self, word: str, on: date | None = None) -> ActorEntry | None:
        """The one person of the files whose name ends in ``word`` ("Kagame" -> Paul Kagame).

        A surname several people of different countries share ("Bush": George Bush, McKeeva
        Bush) names nobody; several entries of one country give that country without a sector.
        """
        if self._surnames is None:
            index: dict[str, dict[str, tuple[ActorEntry, ...]]] = {}
            for key, entries in self._actors.items():
                if len(key) > 1 and all(e.kind == PERSON for e in entries):
                    index.setdefault(key[-1], {}).setdefault(entries[0].name, entries)
            self._surnames = {k: tuple(v.values()) for k, v in index.items()}
        key = _norm([word])
        people = self._surnames.get(key[-1]) if len(key) == 1 else None
        if not people:
            return None
        if len(people) == 1:
            return _choose(people[0], on)
        chosen = [_choose(p, on) for p in people]
        countries = {e.country for e in chosen}
        if len(countries) != 1 or None in countries:
            return None
        first = chosen[0]
        return replace(first, name=word, code=first.country or "", sector=None)

    def country_of(self, word: str) -> str | None:
        """The country code of a place, demonym or other name: "Kyiv" -> "UKR", "NATO" -> "IGO"."""
        entry = self.lookup(word.split())
        return entry.country if entry else None

    def agent(self, words: Sequence[str]) -> str | None:
        """The agents file's code for an agent noun phrase, '~' dropped: "soldiers" -> "MIL"."""
        if isinstance(words, str):
            words = words.split()
        key = _norm(words)
        while key and key[0] in _ARTICLES and key not in self._agents:
            key = key[1:]
        if not key:
            return None
        code = self._agents.get(key)
        if code is None:
            for stem in _singulars(key[-1]):
                code = self._agents.get(key[:-1] + (stem,))
                if code is not None:
                    break
        return code


def _choose(entries: tuple[ActorEntry, ...], on: date | None) -> ActorEntry:
    dated = [e for e in entries if e.dated]
    undated = [e for e in entries if not e.dated]

    def start_key(e: ActorEntry) -> tuple[date, date]:
        return (e.start or date.min, e.end or date.max)

    if on is None:
        return max(dated, key=start_key) if dated else undated[0]
    valid = [e for e in dated if e.valid_on(on)]
    if valid:
        return max(valid, key=start_key)
    if undated:
        return undated[0]

    def gap(e: ActorEntry) -> tuple[int, int]:
        if e.end is not None and on > e.end:
            days = (on - e.end).days
        elif e.start is not None and on < e.start:
            days = (e.start - on).days
        else:
            days = 0
        return days, -(e.start or date.min).toordinal()  # ties: the later-starting one

    nearest = min(dated, key=gap)
    prefix = nearest.code[:3] if nearest.country is not None else ""
    return replace(nearest, code=prefix, sector=None)


# --------------------------------------------------------------------------- building


def _code_classifier(groups: list[_Group], role_codes: set[str]):
    """code -> (country, sector), following the rules in the module docstring."""
    import pycountry  # deferred: it loads its JSON databases on first use

    iso3 = {c.alpha_3 for c in pycountry.countries}
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    heads: dict[str, _Group] = {}  # bare code heading a Countries-file block -> its group
    for g in groups:
        if g.source != _COUNTRIES_FILE:
            continue
        for code, *_ in g.codes:
            if len(code) == 3 and code.isalpha() and code not in heads:
                heads[code] = g
    to_iso: dict[str, str] = {}
    for code, group in heads.items():
        if code in iso3:
            continue
        spellings = []  # the block's own names, e.g. TIMOR_LESTE_ -> "Timor-Leste" for TMP
        for phrase, _ in group.names:
            words = _display(phrase).split()
            spellings += [" ".join(words), "-".join(words)]
        for spelling in spellings:
            try:
                country = pycountry.countries.lookup(spelling)
            except LookupError:
                continue
            if country.alpha_3 not in heads:
                to_iso[code] = country.alpha_3
                break
    country_codes = iso3 | historic | set(heads)

    def first_role(code: str) -> str | None:
        for i in range(3, len(code) - 2, 3):
            if code[i : i + 3] in role_codes:
                return code[i : i + 3]
        return None

    @functools.lru_cache(maxsize=None)
    def classify(code: str) -> tuple[str | None, str | None]:
        prefix = code[:3]
        if prefix in TRANSNATIONAL:
            return prefix, (code[3:] or None)
        if prefix in country_codes:
            return to_iso.get(prefix, prefix), first_role(code)
        if prefix in role_codes:
            return None, prefix
        return prefix, first_role(code)  # regional and other CAMEO codes: MEA, SAS, WEU...

    return classify, to_iso


def _role_codes(agents: dict[tuple[str, ...], str]) -> set[str]:
    roles: set[str] = set()
    for code in agents.values():
        for i in range(0, len(code) - 2, 3):
            chunk = code[i : i + 3]
            if chunk.isalpha():
                roles.add(chunk)
    return roles


def _agent_words(agents: dict[tuple[str, ...], str]) -> frozenset[str]:
    """Single-word agent nouns (COUNCIL, SECRETARY, PARTY...): marks of an institution name."""
    return frozenset(k[0] for k in agents if len(k) == 1)


def _kind(
    group: _Group, codes: Sequence[tuple[str, str | None, str | None]], agent_words: frozenset[str]
) -> str:
    """STATE / PERSON / ORG for a group whose codes are parsed as (code, country, sector)."""
    if group.source == _SUPPLEMENT_FILE:
        return PERSON
    bare = any(len(code) == 3 and country and not sector for code, country, sector in codes)
    if group.source == _COUNTRIES_FILE and bare:
        return STATE
    comments = _fold(" ".join(group.comments))
    if any(mark in comments for mark in _PERSON_SOURCES):
        return PERSON
    dated = any(is_dated for *_, is_dated in group.codes)
    head = _norm([group.names[0][0]])
    if dated and not any(w in agent_words for w in head[1:]):  # first word: maybe a given name
        return PERSON
    return ORG


def _build() -> ActorDictionary:
    agents = _parse_agents("\n".join(_read(name) for name in AGENT_FILES))
    roles = _role_codes(agents)
    agent_words = _agent_words(agents)
    groups: list[_Group] = []
    for name in ACTOR_FILES:
        groups.extend(_parse_actor_text(_read(name), name))
    classify, _ = _code_classifier(groups, roles)

    def keys_of(group: _Group) -> list[tuple[tuple[str, ...], bool]]:
        keys = ((_strip_article(_norm([phrase])), exact) for phrase, exact in group.names)
        return [(key, exact) for key, exact in keys if key]

    def entries_of(group: _Group, keys: list[tuple[tuple[str, ...], bool]]) -> tuple[ActorEntry, ...]:
        parsed = [(code, *classify(code), start, end) for code, start, end, _ in group.codes]
        kind = _kind(group, [p[:3] for p in parsed], agent_words)
        name = _display(group.names[0][0], kind, [k for k, _ in keys])
        seen: dict[tuple, ActorEntry] = {}
        for code, country, sector, start, end in parsed:
            entry = ActorEntry(name, code, country, sector, start, end, kind)
            seen.setdefault((code, start, end), entry)
        return tuple(seen.values())

    phoenix = [g for g in groups if g.source != _SUPPLEMENT_FILE]
    supplement = [g for g in groups if g.source == _SUPPLEMENT_FILE]
    phoenix_keys = [keys_of(g) for g in phoenix]
    built = [entries_of(g, k) for g, k in zip(phoenix, phoenix_keys)]

    stems: set[tuple[str, ...]] = set()
    owner: dict[tuple[str, ...], list[int]] = {}  # phrase -> indexes of the Phoenix groups
    for i, keys in enumerate(phoenix_keys):
        for key, exact in keys:
            owner.setdefault(key, []).append(i)
            if not exact:
                stems.add(key)
    actors: dict[tuple[str, ...], tuple[ActorEntry, ...]] = {}
    for key, idxs in owner.items():
        if len(idxs) == 1:
            actors[key] = built[idxs[0]]
            continue
        merged: dict[tuple, ActorEntry] = {}
        for i in idxs:
            for e in built[i]:
                merged.setdefault((e.code, e.start, e.end), e)
        actors[key] = tuple(merged.values())

    for group in supplement:
        keys = keys_of(group)
        replaced = sorted({i for key, _ in keys for i in owner.get(key, ())})
        own = entries_of(group, keys)
        merged = {(e.code, e.start, e.end): e for e in own}
        for i in replaced:  # keep the past terms Phoenix gave; drop its open-ended and undated codes
            for e in built[i]:
                if e.end is not None:
                    past = replace(e, name=own[0].name, kind=PERSON)
                    merged.setdefault((e.code, e.start, e.end), past)
        entries = tuple(merged.values())
        for i in replaced:
            for key, _ in phoenix_keys[i]:
                actors[key] = entries
        for key, exact in keys:
            actors[key] = entries
            if exact:
                stems.discard(key)
            else:
                stems.add(key)
    return ActorDictionary(actors, frozenset(stems), agents)


@functools.lru_cache(maxsize=1)
def actor_dictionary() -> ActorDictionary:
    """The dictionary built from the files in ``kg/data/actors`` (parsed once, then cached)."""
    return _build()
