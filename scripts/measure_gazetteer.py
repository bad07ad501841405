#!/usr/bin/env python3
"""What the ``geokg_gazetteer`` component does to spaCy's entities, and what it costs.

Three pipelines are compared on the same texts in one run: ``bare`` (the model alone),
``after`` (the gazetteer right after ``ner``, correcting it: what ``kg.nlp.load_pipeline``
builds) and ``before`` (the gazetteer before ``ner``, presetting entities the model must
respect, as spaCy's ``entity_ruler`` is often placed). Texts: the seed article and the VOA
sample (the corpus); the PLOVER dev sentences for actor-mention coverage.

Printed figures
- corrections: entity changes against ``bare`` on the corpus, by kind (relabelled, added,
  split number/date, replaced), with every change listed under ``--show``;
- broken model names: multi-word ``bare`` entities, not numbers or dates, that the variant
  neither keeps nor holds inside a longer entity (a proxy for damage: "Ukrainian air force"
  cut up; "Group of" grown to "Group of Seven" is not counted);
- facts: Kyiv/Kiev never PERSON, Trump never ORG, Crimea/Donbas/Donbass/Donetsk inside a
  GPE/LOC entity, Kremlin inside an ORG/FAC entity (violations, and mentions not covered);
- actor coverage: share of the gold source/target mentions of ../shared/eval/dev/
  plover_dev.jsonl that are exactly an entity labelled GPE, NORP, ORG or PERSON (without a
  leading "the"), a silver recall figure for the names event coding needs;
- time: ``nlp.pipe`` over the corpus for each pipeline, best of ``--repeat`` interleaved runs,
  as a ratio to ``bare``; and the component alone on the parsed docs, as a share of ``bare``;
- load: building the gazetteer from the data, and loading it from the cache.

    .venv/bin/python scripts/measure_gazetteer.py
    .venv/bin/python scripts/measure_gazetteer.py --show --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_033be43c37c18d32.txt"
VOA = SHARED / "corpus" / "voa" / "voa_stories.sample.jsonl"
PLOVER = SHARED / "eval" / "dev" / "plover_dev.jsonl"

if str(ROOT) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg import components  # noqa: E402
from kg.config import BATCH_SIZE, DEFAULT_MODELS  # noqa: E402

ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
SEAT_LABELS = frozenset({"ORG", "FAC"})
# (token texts, labels allowed for the entity holding it, must it be inside an entity)
FACTS: tuple[tuple[frozenset[str], frozenset[str] | None, frozenset[str] | None], ...] = (
    (frozenset({"Kyiv", "Kiev"}), None, frozenset({"PERSON"})),
    (frozenset({"Trump"}), None, frozenset({"ORG"})),
    (frozenset({"Crimea", "Donbas", "Donbass", "Donetsk"}), PLACE_LABELS, None),
    (frozenset({"Kremlin"}), SEAT_LABELS, None),
)


def corpus() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    with VOA.open(encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts


def plover() -> list[tuple[str, list[str]]]:
    rows = []
    with PLOVER.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            events = rec.get("events", [])
            names = [a["text"] for e in events for role in ("source", "target") for a in e.get(role) or []]
            rows.append((rec["text"], [n for n in names if n]))
    return rows


def load(model: str | None, placement: str | None) -> Language:
    for name in (model,) if model else DEFAULT_MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if placement == "after":
            nlp.add_pipe(components.GAZETTEER, after="ner")
        elif placement == "before":
            nlp.add_pipe(components.GAZETTEER, before="ner")
        return nlp
    raise SystemExit(f"no spaCy pipeline found (tried {model or DEFAULT_MODELS})")


def ents(doc: Doc) -> dict[tuple[int, int], str]:
    return {(e.start, e.end): e.label_ for e in doc.ents}


def changes(bare: Doc, other: Doc) -> tuple[Counter, list[str], int]:
    """Kinds of change from ``bare`` to ``other``, the changes as lines, broken model names."""
    a, b = ents(bare), ents(other)
    kinds: Counter = Counter()
    lines = []
    for key in sorted(set(a) | set(b)):
        old, new = a.get(key), b.get(key)
        if old == new:
            continue
        text = bare[key[0] : key[1]].text
        if old and new:
            kinds[f"relabelled {old}->{new}"] += 1
        elif new:
            covered = [k for k in a if k[0] < key[1] and key[0] < k[1]]
            if not covered:
                kinds[f"added {new}"] += 1
            elif all(a[k] in components.NUMERIC_LABELS for k in covered):
                kinds[f"split from a number/date: {new}"] += 1
            else:
                kinds[f"replaced model names: {new}"] += 1
        lines.append(f"  {text!r}: {old or '-'} -> {new or '-'}")
    broken = sum(
        1
        for (start, end), label in a.items()
        if end - start > 1
        and label not in components.NUMERIC_LABELS
        and not any(s <= start and end <= e for s, e in b)  # neither kept nor inside a longer name
    )
    return kinds, lines, broken


def fact_violations(docs: Iterable[Doc]) -> tuple[int, int, list[str]]:
    """(violations, mentions checked, examples)."""
    bad, seen, examples = 0, 0, []
    for doc in docs:
        for tok in doc:
            for words, allowed, forbidden in FACTS:
                if tok.text not in words:
                    continue
                seen += 1
                label = tok.ent_type_ or None
                wrong = (forbidden is not None and label in forbidden) or (allowed is not None and label not in allowed)
                if wrong:
                    bad += 1
                    examples.append(f"{tok.text}={label or 'no entity'}")
    return bad, seen, examples


def coverage(nlp: Language, rows: Sequence[tuple[str, list[str]]]) -> tuple[int, int]:
    hit = total = 0
    for doc, (_, names) in zip(nlp.pipe([t for t, _ in rows], batch_size=BATCH_SIZE), rows):
        found = set()
        for e in doc.ents:
            if e.label_ in ACTOR_LABELS:
                text = e.text[4:] if e.text.lower().startswith("the ") else e.text
                found.add(text)
        for name in names:
            total += 1
            hit += (name[4:] if name.lower().startswith("the ") else name) in found
    return hit, total


def best_time(nlp: Language, texts: Sequence[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", help="spaCy pipeline to load (default: kg.config.DEFAULT_MODELS)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per pipeline (best is kept)")
    ap.add_argument("--copies", type=int, default=3, help="the corpus is timed this many times over")
    ap.add_argument("--show", action="store_true", help="list every change on the corpus")
    args = ap.parse_args(argv)

    # load: from the data (no cache), then from the cache
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GEOKG_CACHE_DIR"] = tmp
        from kg.actordict import actor_dictionary

        t0 = time.perf_counter()
        actor_dictionary()
        t1 = time.perf_counter()
        components.gazetteer()
        t2 = time.perf_counter()
        components.gazetteer.cache_clear()
        components.gazetteer()
        t3 = time.perf_counter()
    os.environ.pop("GEOKG_CACHE_DIR")
    print(f"load: actor dictionary {t1 - t0:.2f}s; gazetteer built {t2 - t1:.2f}s, from cache {t3 - t2:.2f}s "
          f"({len(components.gazetteer())} phrases)")

    pipes = {name: load(args.model, None if name == "bare" else name) for name in ("bare", "after", "before")}
    texts = corpus()
    n_tokens = sum(len(d) for d in pipes["bare"].tokenizer.pipe(texts))
    parsed = {name: list(nlp.pipe(texts, batch_size=BATCH_SIZE)) for name, nlp in pipes.items()}
    print(f"corpus: {len(texts)} texts (seed + VOA sample), {n_tokens} tokens; model {pipes['bare'].meta['name']}")

    print("\nentities against bare")
    for name in ("after", "before"):
        total: Counter = Counter()
        broken = 0
        shown = []
        for bare_doc, doc in zip(parsed["bare"], parsed[name]):
            kinds, lines, b = changes(bare_doc, doc)
            total += kinds
            broken += b
            shown += lines
        n_bare = sum(len(d.ents) for d in parsed["bare"])
        print(f"  {name}: {sum(total.values())} changes to {n_bare} entities; multi-word model names cut: {broken}")
        for kind, n in total.most_common():
            print(f"    {n:4d} {kind}")
        if args.show:
            print("\n".join(shown))

    print("\nfacts (violations / mentions)")
    for name, docs in parsed.items():
        bad, seen, examples = fact_violations(docs)
        detail = f": {', '.join(sorted(Counter(examples)))}" if examples else ""
        print(f"  {name}: {bad}/{seen}{detail}")

    rows = plover()
    print("\nactor coverage on plover_dev (gold source/target mentions that are a GPE/NORP/ORG/PERSON entity)")
    for name, nlp in pipes.items():
        hit, total_names = coverage(nlp, rows)
        print(f"  {name}: {hit}/{total_names} = {hit / total_names:.3f}")

    timed = texts * args.copies
    times: dict[str, list[float]] = {name: [] for name in pipes}
    comp = pipes["after"].get_pipe(components.GAZETTEER)
    alone: list[float] = []
    for _ in range(args.repeat):  # interleaved: drift in machine load hits all alike
        for name, nlp in pipes.items():
            times[name].append(best_time(nlp, timed))
        docs = list(pipes["bare"].pipe(timed, batch_size=BATCH_SIZE))
        start = time.perf_counter()
        for doc in docs:
            comp(doc)
        alone.append(time.perf_counter() - start)
    bare = min(times["bare"])
    print(f"\ntime: nlp.pipe over {len(timed)} texts, best of {args.repeat}")
    for name in pipes:
        print(f"  {name}: {min(times[name]):.3f}s  ratio {min(times[name]) / bare:.3f}")
    print(f"  the component alone on parsed docs: {min(alone):.4f}s = {min(alone) / bare:.1%} of bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
