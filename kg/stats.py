"""Stats: what the graph holds, counted with SPARQL."""

from __future__ import annotations

from .store import GraphStore

_COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a schema:NewsArticle }",
    "events": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a sem:Event }",
    "actors": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a sem:Actor }",
    "places": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a sem:Place }",
    "mentions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a nif:String }",
}
_GROUPS = {
    "events_by_quad_class": "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event ; gk:quadClass ?k } GROUP BY ?k ORDER BY ?k",
    "events_by_cameo_root": (
        "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event ; gk:cameoCode ?c "
        "BIND(SUBSTR(?c, 1, 2) AS ?k) } GROUP BY ?k ORDER BY ?k"
    ),
}


def graph_stats(store: GraphStore) -> dict[str, object]:
    """Counts of articles, events, actors, places, mentions, triples; events by QuadClass and CAMEO root."""
    out: dict[str, object] = {}
    for key, q in _COUNTS.items():
        out[key] = int(next(iter(store.query(q)))["n"].value)
    out["triples"] = store.triple_count()
    out["quads"] = len(store)
    for key, q in _GROUPS.items():
        out[key] = {sol["k"].value: int(sol["n"].value) for sol in store.query(q)}
    return out
