"""Merge: reports of the same real-world event, from any articles, become one ``sem:Event``.

Every article's graph holds its own reports (``gk:Report``); the events are derived from all
reports in the store, one CAMEO root at a time, into the graph ``id:graph/events/ROOT``. An
event carries each of its reports (``gk:report``), their articles (``prov:wasDerivedFrom``)
and evidence spans (``gk:evidence``), ``gk:numSources`` (distinct articles) and
``gk:numMentions`` (reports, as GDELT counts mentions); one of several reports also has a
``gk:Merge`` node saying which reports were taken, by which rule, with which score.

The rule (:data:`RULE`): two reports are of one event when they have
- different articles: two reports of one article are two events (its extraction already
  keeps one report per event; what repeats the same code and actors in one article was, on
  the shared corpus, more often two statements, two polls or two visits than one event told
  twice, so ``gk:numMentions`` counts reports over articles);
- the same CAMEO root and polarity (negated or not; asserted and reported count as one
  modality);
- the same actor in at least one role, and in the other the same actor, a compatible one (of
  one country, one the state itself or a description of the other's sector: "Russia" and
  "Military forces of Russia") or, for material acts only, an unknown one ("Kharkiv was
  struck"); two different named actors never are one. Verbal acts (QuadClass 1 and 3) need
  both roles known in both, since a speaker says many things, and so do protests (root 14,
  material conflict), which recur as verbal acts do: a campaign holds a rally a day;
- dates that agree: day dates at most :data:`DAY_WINDOW` days apart, a month or year date the
  same month or year as the other's; when either has no date to the day, each report's day
  (its date to the day, else its publication date) at most :data:`PUBLISHED_WINDOW` days apart
  (:data:`VERBAL_WINDOW` for verbal acts and protests, which are of a day); no dates at all, no merge;
- compatible places: the same, one unknown, one inside the other (a city in its region,
  anything in its country), or both within :data:`NEAR_KM` km;
- across articles, corroboration beyond the root: of "both roles known to both", "places
  known to both", "day dates known to both", at least one when the two share the three-digit
  code (190 and 190), two when they share only the root (170 "coerce" and 173 "arrest").

Clusters are complete-linkage (every two reports of an event are compatible) and built
greedily in an order given by the reports' content (date, then key), never by the order in
which articles arrived: the events are a function of the set of reports alone, so builds in
any order or split, and a build followed by ``kg remove`` and a re-add, give the same graph.
A merge is recorded, never destructive: the reports stay in their articles' graphs, and
recomputing (which every build and removal does for the roots whose reports changed, see
``gk:reportsHash``) undoes a merge whose reports are gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from .cameo import quad_class_of
from .graph import decimal_lexical
from .iris import Ids, digest
from .resolve import haversine
from .vocab import GK, PROV, RDF, RDFS, SEM

#: Most days between two day-precise dates of one event (reports differ by a day or two:
#: time zones, "on Monday" read against another publication date, late reports).
DAY_WINDOW = 2
#: Most days between the publication dates of two reports of one event when either gives
#: no day-precise date of its own.
PUBLISHED_WINDOW = 7
#: The same for statements and other verbal acts, which are of a day: "Trump accused Biden"
#: in two articles a week apart is two accusations.
VERBAL_WINDOW = 1
#: Roots of material acts that recur as statements do and are merged by the same strict rule:
#: 14 protest ("Trump held a rally" in two articles four days apart is two rallies).
RECURRING_ROOTS = frozenset({"14"})
#: Most kilometres between two places of one event (a village and the town it is near).
NEAR_KM = 50.0
#: Least score of two reports of one event (every gate passed gives at least this much).
MIN_SCORE = 0.5
RULE = (
    f"geokg-merge/1: same CAMEO root and polarity; one role the same actor in both, the other the "
    f"same, compatible (state/sector of one country) or, for material acts, unknown in one; dates "
    f"that agree (day dates within {DAY_WINDOW} days), else days (day date or publication) within "
    f"{PUBLISHED_WINDOW} days ({VERBAL_WINDOW} for verbal acts and protests); same, nested or near "
    f"(<= {NEAR_KM:g} km) places; other articles, and 1 (same 3-digit code) or 2 (same root) of both "
    f"roles, places, day dates known to both; complete linkage, score >= {MIN_SCORE}"
)
#: Weights of the parts of a pair's score.
WEIGHTS = {"code": 0.2, "source": 0.25, "target": 0.25, "date": 0.15, "place": 0.15}

#: Predicates a merged event takes from its representative report as they are.
_COPIED = frozenset(
    str(p)
    for p in (
        RDFS.label, GK.cameo, GK.cameoCode, GK.plover, GK.quadClass, GK.goldstein, GK.confidence,
        GK.negated, GK.modality, GK.rule,
        GK.quantity,  # another number the representative gives (arrested, troops): other reports' may count other things
    )
)  # fmt: skip
_ROLE_PREDICATES = {"source": str(GK.source), "target": str(GK.target), "place": str(SEM.hasPlace)}
_CODE_PREDICATES = {"source": str(GK.sourceCode), "target": str(GK.targetCode)}
_PRECISION_RANK = {"site": 4, "city": 3, "region": 2, "country": 1}


@dataclass(frozen=True, slots=True)
class ActorInfo:
    iri: str
    country: str | None
    sector: str | None
    kind: str | None
    state: bool  # the node is a country (the state itself)
    label: str | None = None

    @property
    def specificity(self) -> int:
        """2 for a named person or organisation, 1 for a sector or crowd, 0 for a state."""
        return 0 if self.state else 1 if self.kind == "GROUP" else 2


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    iri: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    region: str | None  # IRI of the region it lies in


@dataclass(slots=True)
class ReportInfo:
    """What the merge compares of one report."""

    iri: str
    doc: str
    code: str
    negated: bool
    modality: str
    confidence: float
    source: str | None = None
    target: str | None = None
    place: str | None = None
    date: date | None = None
    precision: str | None = None
    published: date | None = None
    fatalities: int | None = None
    injured: int | None = None
    mentions: list[str] = field(default_factory=list)
    sentence: str | None = None  # of the trigger
    source_code: str | None = None  # CAMEO actor codes of the roles on the report's date
    target_code: str | None = None

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def when(self) -> date | None:
        """The date used to order and window reports: the event's own, else publication."""
        return self.date if self.date is not None and self.precision == "day" else self.published


class Knowledge:
    """What the store says of the actors and places the reports name."""

    def __init__(self, actors: dict[str, ActorInfo], places: dict[str, PlaceInfo]) -> None:
        self.actors = actors
        self.places = places

    def actor_score(self, a: str | None, b: str | None) -> float | None:
        """1 for one actor, 0.5 when either is unknown, 0.7 for a state and its agents or a
        sector and a description of it; None when they are different actors."""
        if a == b:
            return 1.0 if a is not None else 0.5
        if a is None or b is None:
            return 0.5
        x, y = self.actors.get(a), self.actors.get(b)
        if x is None or y is None or x.country is None or x.country != y.country:
            return None
        if x.state or y.state:
            return 0.7
        if x.sector == y.sector and "GROUP" in (x.kind, y.kind):
            return 0.7
        return None

    def place_score(self, a: str | None, b: str | None) -> float | None:
        if a == b:
            return 1.0 if a is not None else 0.5
        if a is None or b is None:
            return 0.5
        x, y = self.places.get(a), self.places.get(b)
        if x is None or y is None:
            return None
        for outer, inner in ((x, y), (y, x)):
            if outer.precision == "country" and outer.country is not None and outer.country == inner.country:
                return 0.6
            if outer.precision == "region" and inner.region == outer.iri:
                return 0.8
        if x.lat is not None and y.lat is not None and x.lon is not None and y.lon is not None:
            if haversine(x.lat, x.lon, y.lat, y.lon) <= NEAR_KM:
                return 0.8
        return None


def _modality_group(modality: str) -> str:
    return "asserted" if modality in ("asserted", "reported") else modality


def date_score(a: ReportInfo, b: ReportInfo, *, window: int = PUBLISHED_WINDOW) -> float | None:
    """1 for one day, less for days apart; None for dates that disagree at the precision of
    the coarser ("2017" and 1 November 2019), for day dates more than :data:`DAY_WINDOW` days
    apart, or, when either has no day date, days (:attr:`ReportInfo.when`: the day date, else the
    publication date) more than ``window`` days apart."""
    if a.date is not None and b.date is not None:
        if a.precision == b.precision == "day":
            gap = abs((a.date - b.date).days)
            return 1.0 - gap / (DAY_WINDOW + 1) if gap <= DAY_WINDOW else None
        if a.date.year != b.date.year:
            return None
        if "year" not in (a.precision, b.precision) and a.date.month != b.date.month:
            return None
    if a.when is None or b.when is None:
        return None  # nothing says when both happened: never the same event
    gap = abs((a.when - b.when).days)
    return 0.5 * (1.0 - gap / (window + 1)) if gap <= window else None


def pair_score(a: ReportInfo, b: ReportInfo, know: Knowledge) -> float | None:
    """How alike two reports are (0..1), or None when they cannot be of one event."""
    if a.doc == b.doc or a.root != b.root or a.negated != b.negated or _modality_group(a.modality) != _modality_group(b.modality):
        return None
    source = know.actor_score(a.source, b.source)
    target = know.actor_score(a.target, b.target)
    if source is None or target is None or max(source, target) < 1.0:
        return None  # different actors, or not one actor known to both
    verbal = quad_class_of(a.code) in (1, 3) or a.root in RECURRING_ROOTS  # statements, and protests
    if verbal and min(source, target) < 0.7:
        return None  # a statement is one only between the same speaker and addressee
    when = date_score(a, b, window=VERBAL_WINDOW if verbal else PUBLISHED_WINDOW)
    if when is None:
        return None
    where = know.place_score(a.place, b.place)
    if where is None:
        return None
    evidence = (  # what, besides the root, says two articles tell of one event
        min(source, target) >= 0.7,  # both roles known to both
        a.place is not None and b.place is not None,  # places known to both (and compatible)
        a.precision == b.precision == "day",  # day dates known to both (and close)
    )
    if sum(evidence) < (1 if a.code[:3] == b.code[:3] else 2):
        return None
    code = 1.0 if a.code == b.code else 0.8 if a.code[:3] == b.code[:3] else 0.6
    parts = {"code": code, "source": source, "target": target, "date": when, "place": where}
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    return score if score >= MIN_SCORE else None


@dataclass(slots=True)
class Cluster:
    reports: list[ReportInfo]
    scores: list[float] = field(default_factory=list)  # every pair's score, for the record

    @property
    def latest(self) -> date | None:
        dates = [r.when for r in self.reports if r.when is not None]
        return max(dates) if dates else None


def iter_clusters(reports: Iterable[ReportInfo], know: Knowledge) -> Iterator[Cluster]:
    """Complete-linkage clusters of the reports, built in content order (see the module), each
    yielded once no later report can join it: only the clusters still open (those within
    the date window of the newest report) are held."""
    ordered = sorted(reports, key=lambda r: (r.root, r.when or date.max, r.key))
    open_: list[Cluster] = []  # those a later report may still join (same root, within the window)
    horizon = PUBLISHED_WINDOW + DAY_WINDOW
    for report in ordered:
        still: list[Cluster] = []
        for c in open_:
            if c.reports[0].root == report.root and (
                report.when is None or c.latest is None or (report.when - c.latest).days <= horizon
            ):
                still.append(c)
            else:
                yield c  # closed: the reports come in date order
        open_ = still
        best: tuple[float, int, list[float]] | None = None
        for n, c in enumerate(open_):
            scores = []
            for member in c.reports:
                s = pair_score(member, report, know)
                if s is None:
                    break
                scores.append(s)
            else:
                mean = sum(scores) / len(scores)
                if best is None or mean > best[0]:
                    best = (mean, n, scores)
        if best is None:
            open_.append(Cluster([report]))
        else:
            c = open_[best[1]]
            c.reports.append(report)
            c.scores.extend(best[2])
    yield from open_


def cluster(reports: Iterable[ReportInfo], know: Knowledge) -> list[Cluster]:
    """Every cluster of :func:`iter_clusters`, in the order they were started."""
    return sorted(iter_clusters(reports, know), key=lambda c: (c.reports[0].root, c.reports[0].when or date.max, c.reports[0].key))


# --- reading reports from the store -----------------------------------------------------

_REPORTS = """
SELECT ?r ?g ?code ?neg ?mod ?conf ?src ?tgt ?scode ?tcode ?place ?date ?prec ?pub ?fat ?inj WHERE {
  GRAPH ?g {
    ?r gk:cameoCode ?code . %(filter)s
    ?r a gk:Report ; gk:negated ?neg ; gk:modality ?mod ; gk:confidence ?conf .
    OPTIONAL { ?r gk:source ?src }
    OPTIONAL { ?r gk:target ?tgt }
    OPTIONAL { ?r gk:sourceCode ?scode }
    OPTIONAL { ?r gk:targetCode ?tcode }
    OPTIONAL { ?r sem:hasPlace ?place }
    OPTIONAL { ?r sem:hasTimeStamp ?date ; gk:datePrecision ?prec }
    OPTIONAL { ?r gk:fatalities ?fat }
    OPTIONAL { ?r gk:injured ?inj }
    OPTIONAL { ?g schema:datePublished ?pub }
  }
}"""
_MENTIONS = """
SELECT ?r ?m ?s WHERE {
  GRAPH ?g { ?r gk:cameoCode ?code . %(filter)s ?r a gk:Report ; gk:evidence ?m OPTIONAL { ?m gk:sentence ?s } }
}"""
_ACTORS = """
SELECT ?a ?country ?sector ?kind ?label WHERE {
  ?a a gk:Actor .
  OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { ?a gk:country/gk:isoCode ?country }
  OPTIONAL { ?a gk:sector ?sector }
  OPTIONAL { ?a gk:actorKind ?kind }
}"""
_PLACES = """
SELECT ?p ?country ?lat ?lon ?prec ?region WHERE {
  ?p a gk:Place .
  OPTIONAL { ?p gk:country/gk:isoCode ?country }
  OPTIONAL { ?p geo:lat ?lat ; geo:long ?lon }
  OPTIONAL { ?p gk:placePrecision ?prec }
  OPTIONAL { ?p gk:region ?region }
}"""


def _value(term) -> str | None:
    return None if term is None else term.value


def _date(term) -> date | None:
    try:
        return date.fromisoformat(term.value) if term is not None else None
    except ValueError:
        return None


def _is_root(root: str) -> bool:
    return len(root) == 2 and root.isascii() and root.isdigit()


def _root_filter(root: str | None) -> str:
    if root is None:
        return ""
    if not _is_root(root):
        raise ValueError(f"not a CAMEO root: {root!r}")
    return f'FILTER(STRSTARTS(STR(?code), "{root}"))'


def read_reports(store, root: str | None = None) -> list[ReportInfo]:
    """Every report in the store (``store`` is a :class:`kg.store.GraphStore`), or those of one
    CAMEO ``root`` ("19")."""
    reports: dict[str, ReportInfo] = {}
    where = {"filter": _root_filter(root)}
    for row in store.query(_REPORTS % where):
        iri = row["r"].value
        if iri in reports:
            continue  # a second value of an optional (never written so; be safe)
        reports[iri] = ReportInfo(
            iri=iri,
            doc=row["g"].value,
            code=row["code"].value,
            negated=row["neg"].value == "true",
            modality=row["mod"].value,
            confidence=float(row["conf"].value),
            source=_value(row["src"]),
            target=_value(row["tgt"]),
            place=_value(row["place"]),
            date=_date(row["date"]),
            precision=_value(row["prec"]),
            published=_date(row["pub"]),
            fatalities=int(row["fat"].value) if row["fat"] is not None else None,
            injured=int(row["inj"].value) if row["inj"] is not None else None,
            source_code=_value(row["scode"]),
            target_code=_value(row["tcode"]),
        )
    for row in store.query(_MENTIONS % where):
        report = reports.get(row["r"].value)
        if report is not None:
            report.mentions.append(row["m"].value)
            if row["s"] is not None:
                report.sentence = row["s"].value
    for report in reports.values():
        report.mentions.sort()
    return list(reports.values())


def read_knowledge(store) -> Knowledge:
    actors: dict[str, ActorInfo] = {}
    country_prefix = str(store.ns.country(""))
    for row in sorted(store.query(_ACTORS), key=lambda r: tuple(str(r[k]) for k in ("a", "country", "sector", "kind"))):
        iri = row["a"].value
        if iri in actors:
            continue
        state = iri.startswith(country_prefix)
        country = iri[len(country_prefix) :] if state else _value(row["country"])
        actors[iri] = ActorInfo(iri, country, _value(row["sector"]), _value(row["kind"]), state, _value(row["label"]))
    places: dict[str, PlaceInfo] = {}
    for row in sorted(store.query(_PLACES), key=lambda r: tuple(str(r[k]) for k in ("p", "country", "lat", "prec", "region"))):
        iri = row["p"].value
        if iri in places:
            continue
        country = _value(row["country"])
        if iri.startswith(country_prefix):
            country = iri[len(country_prefix) :]
        lat, lon = row["lat"], row["lon"]
        places[iri] = PlaceInfo(
            iri, country, float(lat.value) if lat is not None else None, float(lon.value) if lon is not None else None,
            _value(row["prec"]) or ("country" if iri.startswith(country_prefix) else None), _value(row["region"]),
        )  # fmt: skip
    return Knowledge(actors, places)


# --- writing the events ------------------------------------------------------------------


def _n(term: str) -> ox.NamedNode:
    return ox.NamedNode(term)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(decimal_lexical(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))


def representative(reports: Sequence[ReportInfo]) -> ReportInfo:
    """The report an event takes its code and label from: the most confident, then the one
    that says most (roles, place, date), then the smallest key."""

    def rank(r: ReportInfo) -> tuple:
        known = sum(x is not None for x in (r.source, r.target, r.place, r.date))
        return (-r.confidence, -known, r.key)

    return min(reports, key=rank)


def _role_value(reports: Sequence[ReportInfo], rep: ReportInfo, role: str, know: Knowledge) -> str | None:
    """A role of the event: the most specific any report gives (a named person before a
    state's sector, that before the state; the most precise place), then the representative's,
    then the most frequent ("France accused Russia" and "Macron accused Moscow": Macron)."""
    values = [getattr(r, role) for r in reports if getattr(r, role) is not None]
    if not values:
        return None

    def rank(v: str) -> tuple:
        if role == "place":
            p = know.places.get(v)
            specific = _PRECISION_RANK.get(p.precision or "", 0) if p else 0
        else:
            a = know.actors.get(v)
            specific = a.specificity if a is not None else 0
        return (-specific, v != getattr(rep, role), -values.count(v), v)

    return min(values, key=rank)


_LABEL = str(RDFS.label)
_ANCHOR = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")


def _label(rep: ReportInfo, roles: dict[str, str | None], store, know: Knowledge) -> str:
    """"Source trigger target", from the event's roles and the representative's trigger word
    (its label as the report gives it when the roles are the report's own)."""
    own = next((q.object.value for q in store.store.quads_for_pattern(_n(rep.iri), _n(_LABEL), None, _n(rep.doc))), "")
    if roles["source"] == rep.source and roles["target"] == rep.target:
        return own
    trigger = next(
        (q.object.value for m in rep.mentions if m.endswith("-0") for q in store.store.quads_for_pattern(_n(m), _ANCHOR, None, _n(rep.doc))),
        "",
    )
    names = [know.actors[a].label if a in know.actors else None for a in (roles["source"], roles["target"])]
    label = " ".join(x for x in (names[0], trigger, names[1]) if x)
    return f"{label} (negated)" if rep.negated else label


def event_quads(c: Cluster, store, know: Knowledge, graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads of one merged event (and its merge record), in ``graph``."""
    ns: Ids = store.ns
    reports = sorted(c.reports, key=lambda r: r.key)
    rep = representative(reports)
    key = reports[0].key
    node = _n(str(ns.event(key)))
    out: list[ox.Quad] = []

    def add(p, o) -> None:
        out.append(ox.Quad(node, _n(str(p)), o, graph))

    add(RDF.type, _n(str(SEM.Event)))
    add(RDF.type, _n(str(GK.Event)))
    for q in store.store.quads_for_pattern(_n(rep.iri), None, None, _n(rep.doc)):
        if q.predicate.value in _COPIED and q.predicate.value != _LABEL:
            out.append(ox.Quad(node, q.predicate, q.object, graph))
    roles = {role: _role_value(reports, rep, role, know) for role in _ROLE_PREDICATES}
    for role, value in roles.items():
        if value is not None:
            add(_ROLE_PREDICATES[role], _n(value))
            if role != "place":
                add(SEM.hasActor, _n(value))
                # the code of the report that gave this actor, the representative's first
                giving = [r for r in [rep, *reports] if getattr(r, role) == value and getattr(r, f"{role}_code")]
                if giving:
                    add(_CODE_PREDICATES[role], ox.Literal(getattr(giving[0], f"{role}_code")))
    add(RDFS.label, ox.Literal(_label(rep, roles, store, know)))
    dated = [r for r in reports if r.date is not None]
    if dated:
        best = rep if rep.date is not None else min(dated, key=lambda r: (-(_PRECISION_RANK.get(r.precision or "", 0)), r.date, r.key))
        add(SEM.hasTimeStamp, ox.Literal(best.date.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
        add(GK.datePrecision, ox.Literal(best.precision or "day"))
    for predicate, values in ((GK.fatalities, [r.fatalities for r in reports]), (GK.injured, [r.injured for r in reports])):
        known = [v for v in values if v is not None]
        if known:
            add(predicate, _int(min(known)))  # the most conservative figure, as ACLED takes it
    docs = sorted({r.doc for r in reports})
    add(GK.numSources, _int(len(docs)))
    add(GK.numMentions, _int(len(reports)))
    for doc in docs:
        add(PROV.wasDerivedFrom, _n(doc))
    for r in reports:
        add(GK.report, _n(r.iri))
        for m in r.mentions:
            add(GK.evidence, _n(m))
    if len(reports) > 1:
        merge = _n(str(ns.merge(key)))
        add(GK.merge, merge)
        for p, o in (
            (RDF.type, _n(str(GK.Merge))),
            (RDF.type, _n(str(PROV.Activity))),
            (RDFS.label, ox.Literal(f"merge of {len(reports)} reports from {len(docs)} articles")),
            (GK.mergeRule, ox.Literal(RULE)),
            (GK.mergeScore, _decimal(min(c.scores))),
        ):
            out.append(ox.Quad(merge, _n(str(p)), o, graph))
        for r in reports:
            out.append(ox.Quad(merge, _n(str(GK.mergedReport)), _n(r.iri), graph))
    return out


def reports_hash(iris: Iterable[str], *, merging: bool = True) -> str:
    """What an events graph's ``gk:reportsHash`` says: the rule and its reports' IRIs."""
    return digest(RULE if merging else "no-merge", *sorted(iris), length=32)


def _stored_hashes(store) -> dict[str, str]:
    rows = store.store.quads_for_pattern(None, _n(str(GK.reportsHash)), None, None)
    return {q.subject.value: q.object.value for q in rows if not isinstance(q.graph_name, ox.DefaultGraph)}


def report_index(store) -> dict[str, list[str]]:
    """The IRIs of every report in the store, by CAMEO root (one pass over one predicate)."""
    prefix = str(store.ns.report(""))
    by_root: dict[str, set[str]] = defaultdict(set)
    for q in store.store.quads_for_pattern(None, _n(str(GK.cameoCode)), None, None):
        root = q.object.value[:2]
        if q.subject.value.startswith(prefix) and not isinstance(q.graph_name, ox.DefaultGraph) and _is_root(root):
            by_root[root].add(q.subject.value)
    return {root: sorted(iris) for root, iris in by_root.items()}


def _root_events(store, root: str, graph: ox.NamedNode, h: str, know: Knowledge, merging: bool, stats: dict[str, int]) -> Iterator[ox.Quad]:
    """The quads of one root's events graph, the reports hash last, made as they are written."""
    reports = read_reports(store, root)
    clusters = iter_clusters(reports, know) if merging else (Cluster([r]) for r in reports)
    for c in clusters:
        yield from event_quads(c, store, know, graph)
        stats["events"] += 1
        stats["merged"] += len(c.reports) > 1
    yield ox.Quad(graph, _n(str(GK.reportsHash)), ox.Literal(h), graph)  # last: see GraphStore.replace_graph


def refresh(store, *, merging: bool = True, force: bool = False) -> dict[str, int]:
    """Recompute the events of every CAMEO root whose reports changed since they were last
    computed (or all, with ``force``); with ``merging`` off every report is an event of its
    own (the merges undone). Returns counts: roots recomputed, events, merged events.

    One root at a time: only its reports, and the clusters still open in its date window,
    are in memory, and its events go to the store as they are made (in transactions of
    :data:`~kg.config.WRITE_CHUNK` quads), so memory grows with the busiest root's reports,
    not with the store."""
    by_root = report_index(store)
    stored = _stored_hashes(store)
    wanted = {str(store.ns.events_graph(root)): (root, reports_hash(iris, merging=merging)) for root, iris in by_root.items()}
    stats = {"roots": 0, "events": 0, "merged": 0}
    for graph_iri in sorted(set(stored) - set(wanted)):  # a root with no report left
        store.drop_graph(graph_iri)
        stats["roots"] += 1
    stale = [g for g, (_, h) in wanted.items() if force or stored.get(g) != h]
    if not stale:
        return stats
    know = read_knowledge(store)
    for graph_iri in sorted(stale):
        root, h = wanted[graph_iri]
        store.replace_graph(graph_iri, _root_events(store, root, _n(graph_iri), h, know, merging, stats))
        stats["roots"] += 1
    return stats


__all__ = [
    "DAY_WINDOW", "NEAR_KM", "PUBLISHED_WINDOW", "RULE", "Cluster", "Knowledge", "ReportInfo", "cluster",
    "iter_clusters", "pair_score", "read_knowledge", "read_reports", "refresh", "report_index",
]  # fmt: skip
