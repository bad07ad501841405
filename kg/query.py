"""Query: SPARQL over a build's store, and a library of saved, parameterised queries.

A query is inline SPARQL, a ``.rq`` file, or the name of a saved query shipped in
``kg/data/queries/NAME.rq``. A saved query starts with a header of comments::

    # title: Who did what to whom
    # description: Events with ... (more lines of description follow as comments)
    # param: actor (string) an actor in either role
    # param: limit (count, default 200) most rows
    # require: actor|iri          (at least one of these must be given)
    # derive: near-place          (parameters computed in Python, see DERIVATIONS)

Parameters reach the query as RDF terms, never as text: ``$name`` in the body is replaced by
the value written as a typed, escaped SPARQL term (a string ``"..."`` with its quotes and
backslashes escaped, a date ``"2025-06-04"^^xsd:date``, an IRI ``<...>`` that was checked to be
one), in one pass, so that a value can neither end its literal nor bring in another
placeholder. A line ending in ``#? name`` is kept only when ``name`` has a value (``#? !name``:
only when it has none), which is how optional filters come and go. The rendered text is plain
SPARQL 1.1 (no engine's own functions), so it runs on any SPARQL server as well.

Writing one that stays fast on a million triples (what ``scripts/bench_store.py`` taught):
Oxigraph joins the triple patterns of one group by index lookups, in an order it picks, but
a subquery, a ``UNION`` or a ``BIND`` in the middle is joined to the rest by hashing both
sides, so keep the selective patterns (a name, a place's box) in one group with nothing
between them; fetch what is only shown with one-pattern ``OPTIONAL``s (nested for a second
hop, never two patterns in one: those are hashed too, which also goes for ``BIND`` inside
``OPTIONAL``); test "is an event" as ``OPTIONAL { ?event a ?t FILTER(?t = sem:Event) }``
plus ``FILTER(BOUND(?t))`` (as a pattern, ``?event a sem:Event`` looks selective and may be
where the engine starts, scanning every event); aggregate at the top. Decimals multiplied
in SPARQL must stay short (Oxigraph gives no value past 18 decimal places): derived numbers
are written as doubles.

Results (:class:`QueryResult`) keep the RDF terms, so that JSON results are typed (IRIs as
``uri``, literals with their datatype or language) and CSV/TSV are the SPARQL 1.1 formats
(written by pyoxigraph's own result serialisers).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .errors import BadFormat, BadParam, UnknownQuery
from .vocab import PLOVER, PREFIXES, XSD

RESULT_FORMATS = ("table", "csv", "tsv", "json")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_QUERIES_PACKAGE = "kg.data"
_QUERIES_DIR = "queries"
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT table (RDF terms, ``None`` where unbound), an ASK answer, or CONSTRUCT/DESCRIBE
    triples."""

    kind: str  # "select", "ask", "graph"
    variables: tuple[str, ...] = ()
    terms: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    @property
    def rows(self) -> tuple[tuple[str | None, ...], ...]:
        """The table as plain strings (an IRI, a literal's lexical form), for display."""
        return tuple(tuple(_value(t) for t in row) for row in self.terms)

    @property
    def turtle(self) -> str:
        """CONSTRUCT/DESCRIBE triples as Turtle (with the project's prefixes)."""
        return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)).decode("utf-8")

    def dicts(self) -> list[dict[str, str | None]]:
        """The table as one dict a row (variable -> string value), e.g. for a DataFrame."""
        return [dict(zip(self.variables, row)) for row in self.rows]


def _value(term: Term | None) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def run_query(store, sparql: str) -> QueryResult:
    """Run a query on the union of the store's graphs (a :class:`kg.store.GraphStore`, a
    remote store or anything with the same ``query`` method)."""
    result = store.query(sparql)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult("graph", triples=tuple(result))
    variables = tuple(v.value for v in result.variables)
    terms = tuple(tuple(sol[v] for v in variables) for sol in result)
    return QueryResult("select", variables, terms)


def _json_term(term: Term) -> dict[str, object]:
    """A term as SPARQL 1.1 Query Results JSON: ``uri``, ``bnode`` or ``literal`` with its
    ``datatype`` (none for a plain string) or ``xml:lang``."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def results_json(result: QueryResult) -> dict[str, object]:
    """A SELECT or ASK result as a SPARQL 1.1 Query Results JSON document (a dict)."""
    if result.kind == "ask":
        return {"head": {}, "boolean": result.boolean}
    rows = _select_terms(result)
    variables = ["subject", "predicate", "object"] if result.kind == "graph" else list(result.variables)
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return {"head": {"vars": variables}, "results": {"bindings": bindings}}


def _select_terms(result: QueryResult) -> tuple[tuple[Term | None, ...], ...]:
    if result.kind == "graph":
        return tuple((t.subject, t.predicate, t.object) for t in result.triples)
    return result.terms


def format_result(result: QueryResult, fmt: str) -> str:
    """A result as ``csv`` or ``tsv`` (SPARQL 1.1 Query Results CSV/TSV) or ``json`` (SPARQL
    1.1 Query Results JSON); ``table`` gives CSV (the CLI draws its own table). ASK gives
    ``true``/``false`` in CSV/TSV. CONSTRUCT/DESCRIBE triples are Turtle for ``table``, JSON-LD
    for ``json``, and a subject/predicate/object table in CSV/TSV."""
    if fmt not in RESULT_FORMATS:
        raise BadFormat(fmt, RESULT_FORMATS)
    if result.kind == "graph" and fmt == "table":
        return result.turtle
    if result.kind == "graph" and fmt == "json":
        return ox.serialize(result.triples, format=ox.RdfFormat.JSON_LD).decode("utf-8")
    doc = results_json(result)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=1)
    target = ox.QueryResultsFormat.TSV if fmt == "tsv" else ox.QueryResultsFormat.CSV
    parsed = ox.parse_query_results(json.dumps(doc).encode("utf-8"), ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=target).decode("utf-8")


def shorten(iri: str) -> str:
    """An IRI with a known namespace written as a prefixed name (for display); instance IRIs
    as ``id:actor/...`` (the contract's ``id:`` prefix, for the configured base)."""
    from .config import base_iri

    best, name = "", iri
    for prefix, ns in (*PREFIXES.items(), ("id", base_iri())):
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, f"{prefix}:{iri[len(ns):]}"
    return name


def display(term: Term | None) -> str:
    """A term as a table cell: IRIs shortened, literals by their lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _value(term) or ""


# --- parameters ------------------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CAMEO = re.compile(r"^\d{2,4}$")
_PLOVER = re.compile(r"^[A-Za-z][A-Za-z_]*$")
_ACTOR_CODE = re.compile(r"^[A-Z0-9]{3}(?:[A-Z0-9]{3})*$")
_KEY = re.compile(r"^[A-Za-z0-9_.~-]+$")


def sparql_string(value: str) -> str:
    """A string as a SPARQL string literal, every character that could end or bend it escaped."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        .replace("\b", "\\b").replace("\f", "\\f")
    )  # fmt: skip
    return f'"{escaped}"'


def sparql_iri(value: str) -> str:
    """An absolute IRI as ``<...>``, refused when it holds a character IRIs may not have."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError("is not an IRI (it has a space or one of <>\"{}|^`\\)")
    try:
        ox.NamedNode(value)
    except ValueError:
        raise ValueError("is not an absolute IRI") from None
    if ":" not in value:
        raise ValueError("is not an absolute IRI")
    return f"<{value}>"


def _decimal_literal(value: object) -> str:
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not d.is_finite():
        raise ValueError("is not a finite number")
    text = format(d, "f")
    return text if "." in text else text + ".0"


def _integer(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("is not an integer")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError("is not an integer") from None


def _count(value: object) -> str:
    n = _integer(value)
    if n < 0:
        raise ValueError("is negative (a count is 0 or more)")
    return str(n)


def _date(value: object) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError("is not a date (YYYY-MM-DD)") from None
    return f'"{day.isoformat()}"^^<{XSD.date}>'


def _cameo(value: object) -> str:
    text = str(value).strip()
    if not _CAMEO.match(text):
        raise ValueError("is not a CAMEO code or root (2 to 4 digits: 11, 112, 0211)")
    return sparql_string(text)


def _actor_code(value: object) -> str:
    text = str(value).strip().upper()
    if not _ACTOR_CODE.match(text):
        raise ValueError("is not a CAMEO actor code of whole three-letter blocks (RUS, RUSGOV, IGOUNO)")
    return sparql_string(text)


def _plover(value: object) -> str:
    text = str(value).strip()
    if not _PLOVER.match(text):
        raise ValueError("is not a PLOVER type (letters and _: ACCUSE, ASSAULT)")
    return sparql_iri(str(PLOVER[text.upper()]))


def _event(value: object) -> str:
    text = str(value).strip()
    if ":" in text:
        return sparql_iri(text)
    if not _KEY.match(text):
        raise ValueError("is neither an event IRI nor an event key (the part after /event/)")
    from .iris import ids

    return sparql_iri(str(ids().event(text)))


#: Parameter types: each turns a value (a string from the command line, or a Python value)
#: into the SPARQL term that replaces its placeholder, or raises ValueError saying why not.
PARAM_TYPES: dict[str, Callable[[object], str]] = {
    "string": lambda v: sparql_string(str(v)),
    "integer": lambda v: str(_integer(v)),
    "count": _count,
    "decimal": _decimal_literal,
    "date": _date,
    "iri": lambda v: sparql_iri(str(v).strip()),
    "cameo": _cameo,
    "plover": _plover,
    "actorcode": _actor_code,
    "event": _event,
}


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of a saved query, as its header declares it."""

    name: str
    type: str
    default: str | None = None
    required: bool = False
    description: str = ""

    def term(self, value: object) -> str:
        """The value as a SPARQL term of this parameter's type."""
        return PARAM_TYPES[self.type](value)

    def describe(self) -> str:
        """``name (type, default 100): description``, for ``kg query --list``."""
        extra = ", required" if self.required else f", default {self.default}" if self.default is not None else ""
        return f"{self.name} ({self.type}{extra})" + (f": {self.description}" if self.description else "")


# --- saved queries ---------------------------------------------------------------------

_HEADER_KEY = re.compile(r"^#\s*(title|description|param|require|derive):\s*(.*)$")
_PARAM_DECL = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(?:,\s*(required|default\s+([^)]*?)))?\s*\)\s*(.*)$")
_CONDITION = re.compile(r"\s*#\?((?:[\s!|]*\w+)+)\s*$")
_BLOCK_OPEN = re.compile(r"^\s*#\?\{((?:[\s!|]*\w+)+)\s*$")
_BLOCK_CLOSE = re.compile(r"^\s*#\?\}\s*$")
_PLACEHOLDER = re.compile(r"\$([A-Za-z_]\w*)")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A query with a header (title, description, parameters) and a body with placeholders."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    body: str
    requires: tuple[tuple[str, ...], ...] = ()
    derive: str | None = None
    path: Path | None = field(default=None, compare=False)

    def usage(self) -> str:
        """The name and title, then a line per parameter (for ``kg query --list``)."""
        lines = [f"{self.name}: {self.title}"]
        lines += [f"    {p.describe()}" for p in self.params]
        lines += [f"    (give one of: {', '.join(group)})" for group in self.requires]
        return "\n".join(lines)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def render(self, params: Mapping[str, object] | None = None) -> str:
        """The query with its parameters in place (see the module docstring): the defaults
        for those not given; an unknown name, a value of the wrong type, a missing required
        parameter are :class:`kg.errors.BadParam`."""
        given = {k: v for k, v in (params or {}).items() if v is not None}
        if not self.params and self.derive is None and not given:
            return self.body  # plain SPARQL: nothing to fill in
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            names = ", ".join(p.name for p in self.params) or "none"
            raise BadParam(self.name, f"unknown parameter {unknown[0]!r} (parameters: {names})")
        values: dict[str, object] = {p.name: p.default for p in self.params if p.default is not None} | given
        for p in self.params:
            if p.required and p.name not in values:
                raise BadParam(self.name, f"parameter {p.name!r} is required ({p.describe()})")
        for group in self.requires:
            if not any(n in values for n in group):
                raise BadParam(self.name, f"give one of the parameters {', '.join(group)}")
        terms = {p.name: self._term(p, values[p.name]) for p in self.params if p.name in values}
        if self.derive is not None:
            derived = DERIVATIONS[self.derive](self, values)
            terms |= {k: _derived_term(v) for k, v in derived.items()}
        return _fill(_select_lines(self.body, set(terms)), terms, self.name)

    def _term(self, p: Param, value: object) -> str:
        try:
            return p.term(value)
        except ValueError as exc:
            raise BadParam(self.name, f"parameter {p.name!r}: {str(value)!r} {exc}") from None


def _derived_term(value: object) -> str:
    """A value a derivation computed, as a SPARQL term. Numbers are doubles: engines multiply
    decimals exactly or not at all (Oxigraph gives no value for a product with more than 18
    decimal places), and ``BIND`` arithmetic must not lose a row to that."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = repr(float(value))
        return text if "e" in text else f"{text}e0"
    if isinstance(value, str):
        return sparql_string(value)
    raise TypeError(f"cannot write {value!r} as a SPARQL term")


def _holds(condition: str, have: set[str]) -> bool:
    """A ``#?`` condition: alternatives joined by ``|``, each names that must all be given
    (``!name``: must not be): ``a_code b_code`` both, ``!a_code | !b_code`` not both."""
    return any(
        all((c[1:] not in have) if c.startswith("!") else (c in have) for c in alternative.split())
        for alternative in condition.replace("! ", "!").split("|")
    )


def _select_lines(body: str, have: set[str]) -> str:
    """The body's lines whose ``#?`` conditions hold, the conditions removed. A line
    ``#?{ condition`` opens a block of lines kept only when it holds, ``#?}`` closes it."""
    out = []
    blocks: list[bool] = []  # whether each open block holds
    for line in body.splitlines():
        if (m := _BLOCK_OPEN.match(line)) is not None:
            blocks.append(_holds(m.group(1), have))
            continue
        if _BLOCK_CLOSE.match(line):
            if blocks:
                blocks.pop()
            continue
        if not all(blocks):
            continue
        m = _CONDITION.search(line)
        if m is not None:
            if not _holds(m.group(1), have):
                continue
            line = line[: m.start()]
        out.append(line)
    return "\n".join(out) + "\n"


def _fill(text: str, terms: Mapping[str, str], name: str) -> str:
    """Replace every ``$name`` of a known parameter by its term, in one pass."""

    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in terms:
            return terms[key]
        return m.group(0)  # a SPARQL variable written $x

    return _PLACEHOLDER.sub(repl, text)


def parse_saved(text: str, name: str, path: Path | None = None) -> SavedQuery:
    """A saved query from its text: the header of leading comment lines, then the body."""
    lines = text.splitlines()
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "require": [], "derive": []}
    current: list[str] | None = None
    n = 0
    for n, line in enumerate(lines):  # noqa: B007 - n is the first body line after the loop
        if not line.startswith("#"):
            break
        m = _HEADER_KEY.match(line)
        if m is not None:
            fields[m.group(1)].append(m.group(2).strip())
            current = fields[m.group(1)]
        elif current is not None and line.strip("# "):
            current[-1] = f"{current[-1]} {line.lstrip('#').strip()}".strip()
    else:
        n = len(lines)
    params = tuple(_parse_param(decl, name) for decl in fields["param"])
    requires = tuple(tuple(x.strip() for x in r.split("|") if x.strip()) for r in fields["require"])
    derive = fields["derive"][0] if fields["derive"] else None
    if derive is not None and derive not in DERIVATIONS:
        raise UnknownQuery(f"{name}: unknown derivation {derive!r} (known: {', '.join(DERIVATIONS)})")
    return SavedQuery(
        name=name, title=" ".join(fields["title"]) or name, description=" ".join(fields["description"]),
        params=params, body="\n".join(lines[n:]) if any(fields.values()) else text, requires=requires, derive=derive, path=path,
    )  # fmt: skip


def _parse_param(decl: str, query: str) -> Param:
    m = _PARAM_DECL.match(decl)
    if m is None or m.group(2) not in PARAM_TYPES:
        raise UnknownQuery(f"{query}: cannot read the parameter declaration {decl!r} (types: {', '.join(PARAM_TYPES)})")
    name, type_, extra, default, description = m.groups()
    return Param(name, type_, default.strip() if default is not None else None, extra == "required", description.strip())


def _saved_files() -> dict[str, object]:
    folder = resources.files(_QUERIES_PACKAGE).joinpath(_QUERIES_DIR)
    return {f.name[: -len(".rq")]: f for f in folder.iterdir() if f.name.endswith(".rq")}


def saved_queries() -> list[SavedQuery]:
    """The saved queries shipped with geokg, by name."""
    return [saved_query(name) for name in sorted(_saved_files())]


def saved_query(name: str) -> SavedQuery:
    """A shipped saved query by its name (``who-did-what``)."""
    files = _saved_files()
    if name not in files:
        raise UnknownQuery(f"no saved query {name!r} (saved queries: {', '.join(sorted(files))}; see `kg query --list`)")
    return parse_saved(files[name].read_text(encoding="utf-8"), name)  # type: ignore[attr-defined]


def render(name: str, params: Mapping[str, object] | None = None) -> str:
    """The SPARQL text of a saved query with its parameters in place."""
    return saved_query(name).render(params)


def load_query(ref: str) -> SavedQuery:
    """What ``kg query`` was given: a ``.rq``/``.sparql`` file (its header, if any, declares
    parameters), a saved query's name, or inline SPARQL (no parameters)."""
    path = _as_file(ref)
    if path is not None:
        return parse_saved(path.read_text(encoding="utf-8"), path.stem, path)
    if _NAME.match(ref):
        if ref in _saved_files():
            return saved_query(ref)
        raise UnknownQuery(f"{ref!r} is neither SPARQL, a .rq file nor a saved query (see `kg query --list`)")
    return parse_saved(ref, "query")


def _as_file(ref: str) -> Path | None:
    if "\n" in ref or len(ref) > 1024:
        return None
    path = Path(ref)
    try:
        if path.is_file():
            return path
    except OSError:  # a name too long for the file system: SPARQL, not a path
        return None
    if ref.endswith((".rq", ".sparql")):
        raise UnknownQuery(f"{ref}: no such query file")
    return None


def read_query(text_or_file: str) -> str:
    """The query text: inline, or read from a ``.rq``/``.sparql`` file."""
    path = _as_file(text_or_file)
    return path.read_text(encoding="utf-8") if path is not None else text_or_file


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["km=50", "place=Geneva"]`` as a dict (the command line's ``--param key=value``)."""
    out: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadParam("--param", f"{pair!r} is not key=value")
        out[key.strip()] = value
    return out


# --- derivations: parameters computed in Python ----------------------------------------

#: Kilometres per degree of latitude (and of longitude at the equator), on a sphere of
#: radius 6371 km.
KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360


def near_place(query: SavedQuery, values: Mapping[str, object]) -> dict[str, object]:
    """The centre and the box of ``near-place``: ``place`` (resolved by the offline gazetteer,
    as :mod:`kg.resolve` geocodes places) or ``lat``/``lon``, and the equirectangular factors,
    since standard SPARQL has no trigonometry: ``kx`` km per degree of longitude at the
    centre's latitude (111.195·cos lat), ``ky`` per degree of latitude, ``km2`` the radius
    squared, and the bounding box of the circle (``lat_min`` ...), longitudes clipped to ±180."""
    place = values.get("place")
    lat, lon = values.get("lat"), values.get("lon")
    if place is not None and (lat is not None or lon is not None):
        raise BadParam(query.name, "give either place or lat and lon, not both")
    if place is not None:
        lat, lon = _place_coordinates(query.name, str(place))
    elif lat is None or lon is None:
        raise BadParam(query.name, "give place, or both lat and lon")
    try:
        lat_f, lon_f, km = float(str(lat)), float(str(lon)), float(str(values.get("km")))
    except ValueError:
        raise BadParam(query.name, "lat, lon and km must be numbers") from None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180) or not km > 0:
        raise BadParam(query.name, f"lat {lat_f} / lon {lon_f} / km {km}: need -90..90, -180..180 and km > 0")
    ky = KM_PER_DEGREE
    kx = max(KM_PER_DEGREE * math.cos(math.radians(lat_f)), 1e-6)
    dlat, dlon = km / ky, min(km / kx, 360.0)
    return {
        "lat": round(lat_f, 6), "lon": round(lon_f, 6), "kx": round(kx, 6), "ky": round(ky, 6), "km2": km * km,
        "lat_min": lat_f - dlat, "lat_max": lat_f + dlat,
        "lon_min": max(lon_f - dlon, -180.0), "lon_max": min(lon_f + dlon, 180.0),
    }  # fmt: skip


def _place_coordinates(query: str, name: str) -> tuple[float, float]:
    """A place's coordinates from the gazetteer (a country has none there: its centre is no
    place events happen at; give lat/lon for one)."""
    from .resolve import gazetteer

    geo = gazetteer().lookup(name)
    if geo is None:
        raise BadParam(query, f"no place {name!r} in the gazetteer; give lat and lon")
    if geo.lat is None or geo.lon is None:
        raise BadParam(query, f"{name!r} is a {geo.precision} without coordinates in the gazetteer; give lat and lon")
    return geo.lat, geo.lon


#: Named computations a saved query's ``# derive:`` header line asks for: each takes the
#: query and its parameter values and returns more values for its placeholders.
def dyad_codes(query: SavedQuery, values: Mapping[str, object]) -> dict[str, object]:
    """The keys of ``dyad-by-month``'s dyad months (``gk:dyadCodes``) when both sides are
    given by code: ``ab`` "RUS UKR" and ``ba`` "UKR RUS", one index lookup each."""
    a, b = values.get("a_code"), values.get("b_code")
    if a is None or b is None:
        return {}
    a, b = str(a).strip().upper(), str(b).strip().upper()
    return {"ab": f"{a} {b}", "ba": f"{b} {a}"}


DERIVATIONS: dict[str, Callable[[SavedQuery, Mapping[str, object]], dict[str, object]]] = {
    "near-place": near_place,
    "dyad-by-month": dyad_codes,
}


__all__ = [
    "DERIVATIONS", "PARAM_TYPES", "RESULT_FORMATS", "Param", "QueryResult", "SavedQuery", "display",
    "format_result", "load_query", "parse_params", "read_query", "render", "results_json", "run_query",
    "saved_queries", "saved_query", "shorten",
]  # fmt: skip
