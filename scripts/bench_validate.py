"""Time `kg validate` on built graphs: loading the union graph, and pyshacl on it.

    .venv/bin/python scripts/bench_validate.py OUT_DIR [OUT_DIR ...]

Prints one line per build: triples, seconds to load the union into rdflib (N-Triples dump),
seconds of pyshacl, and the counts of violations, warnings and infos.
"""

from __future__ import annotations

import sys
import time

from kg.store import open_store
from kg.validate import data_graph, validate


def bench(out: str) -> str:
    with open_store(out, read_only=True) as store:
        start = time.perf_counter()
        graph = data_graph(store)
        loaded = time.perf_counter() - start
    report = validate(graph)  # report.seconds: pyshacl and reading its results only
    counts = ", ".join(f"{report.count(s)} {s.lower()}s" for s in ("Violation", "Warning", "Info"))
    return f"{out}: {len(graph):,} triples, load {loaded:.1f} s, validate {report.seconds:.1f} s ({counts})"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for out in argv:
        print(bench(out), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
