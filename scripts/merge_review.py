#!/usr/bin/env python3
"""List the merged events of a build, report by report, for a person to judge.

    .venv/bin/python scripts/merge_review.py OUT [--sample N] [--seed S] [--cross-only]

Prints, for each event made of several reports (or a random sample of N of them), its label,
score and each report's article, date and evidence sentence, and at the end how many merges
join reports of one article and how many join articles. This is how merge precision is
checked: read each group and count those whose reports are not one real-world event.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.store import GraphStore  # noqa: E402

QUERY = """
SELECT ?e ?label ?score ?doc ?date ?pub ?sentence ?code WHERE {
  ?e a sem:Event ; rdfs:label ?label ; gk:merge/gk:mergeScore ?score ; gk:report ?r .
  GRAPH ?g { ?r gk:cameoCode ?code ; gk:evidence ?m . ?m gk:role "trigger" ; gk:sentence ?sentence .
             OPTIONAL { ?r sem:hasTimeStamp ?date } }
  ?g schema:identifier ?doc .
  OPTIONAL { ?g schema:datePublished ?pub }
}"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--sample", type=int, default=0, help="show a random sample of this many merged events")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cross-only", action="store_true", help="only merges that join several articles")
    args = ap.parse_args(argv)
    events: dict[str, dict] = {}
    with GraphStore(args.out, read_only=True) as store:
        for row in store.query(QUERY):
            e = events.setdefault(row["e"].value, {"label": row["label"].value, "score": row["score"].value, "reports": []})
            e["reports"].append(
                (row["doc"].value, row["code"].value, row["date"].value if row["date"] else "-",
                 row["pub"].value if row["pub"] else "-", " ".join(row["sentence"].value.split()))
            )  # fmt: skip
    kinds: dict[str, int] = defaultdict(int)
    chosen = []
    for iri, e in sorted(events.items()):
        cross = len({r[0] for r in e["reports"]}) > 1
        kinds["across articles" if cross else "within one article"] += 1
        if cross or not args.cross_only:
            chosen.append((iri, e))
    if args.sample and len(chosen) > args.sample:
        chosen = random.Random(args.seed).sample(chosen, args.sample)
    for n, (iri, e) in enumerate(chosen, 1):
        print(f"[{n}] {e['label']}  (score {float(e['score']):.2f})  {iri.rsplit('/', 1)[-1]}")
        for doc, code, date, pub, sentence in sorted(set(e["reports"])):
            print(f"    {doc[:28]:28} {code:5} date {date:10} published {pub:10} | {sentence[:220]}")
    print(f"\nmerged events: {len(events)} ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}); shown: {len(chosen)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
