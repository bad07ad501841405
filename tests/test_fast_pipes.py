"""geokg's faster equivalents give what the slower originals give: the attribute ruler's table,
the discard phrases' regex trie."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT.parent / "shared" / "corpus" / "voa" / "voa_stories.sample.jsonl"
#: Texts that reach the ruler's word exceptions and two-token rules ("ai n't", "y' all").
ODD = [
    "I ain't gonna say it. Y'all don't know nothin'. He'd've come; I'd not.",
    "  Leading spaces,\n\n\ttabs and a blank line.  ",
    "Whether or not it rains, that is what she said: \"Because we can.\"",
    "",
]


@pytest.fixture(scope="module")
def stock(nlp):
    """The model as it ships, loaded anew: its own attribute_ruler, no geokg pipes."""
    import spacy

    return spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")


def _texts(seeds_dir: Path) -> list[str]:
    seed = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    stories = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()[:12]]
    return seed + stories + ODD


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_table_attribute_ruler_stands_in_for_the_model_ruler(nlp):
    from kg.components import TABLE_ATTRIBUTES

    names = nlp.pipe_names
    assert TABLE_ATTRIBUTES in names and "attribute_ruler" not in names
    assert "attribute_ruler" in nlp.disabled  # kept, holding the rules the table reads
    assert names.index(TABLE_ATTRIBUTES) == names.index("parser") + 1  # where the original ran


def test_table_attribute_ruler_sets_what_the_model_ruler_sets(nlp, stock, seeds_dir):
    texts = _texts(seeds_dir)
    with nlp.select_pipes(disable=["geokg_gazetteer"]):
        ours = list(nlp.pipe(texts))
    theirs = list(stock.pipe(texts))
    tokens = 0
    for a, b in zip(ours, theirs):
        assert _annotations(a) == _annotations(b)
        tokens += len(a)
    assert tokens > 5000
    exceptions = {t.lower_ for d in ours for t in d if t.lower_ in ("ai", "n't", "y'", "nothin'", "'d")}
    assert exceptions >= {"ai", "n't", "nothin'", "'d"}  # the texts reach the word rules


def test_table_attribute_ruler_is_not_used_for_patterns_it_cannot_match():
    import spacy

    from kg.components import TABLE_ATTRIBUTES
    from kg.nlp import faster_rule_pipes

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}]], {"TAG": "DT"})  # an operator: the Matcher's
    faster_rule_pipes(blank)
    assert blank.pipe_names == ["attribute_ruler"] and TABLE_ATTRIBUTES not in blank.component_names


def test_table_attribute_ruler_applies_later_rules_over_earlier_ones():
    import spacy

    from kg.nlp import faster_rule_pipes

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["new", "old"]}}]], {"TAG": "JJ", "LEMMA": "age"})
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"TAG": "NNP"}, index=0)
    ruler.add([[{"LOWER": {"REGEX": "^y"}}]], {"TAG": "NNP", "POS": "PROPN"})
    ruler.add([[{"LOWER": {"NOT_IN": ["new", "old", "york"]}}]], {"TAG": "XX"})
    text = "new york and old yonkers"
    expected = [(t.tag_, t.pos_, t.lemma_) for t in blank(text)]
    faster_rule_pipes(blank)
    assert blank.pipe_names == ["geokg_attribute_ruler"]
    assert [(t.tag_, t.pos_, t.lemma_) for t in blank(text)] == expected
    assert expected[0] == ("NNP", "", "age")  # the later two-token rule's tag, the earlier rule's lemma


def test_discard_phrase_trie_matches_what_the_plain_alternation_matches():
    from kg.extract.document import discards, phrase_trie

    phrases = ["NEW YORK", "NEW YORK KNICKS", "NEW", "WORLD CUP", "CUP", "A.B.C", "US OPEN GOLF"]
    plain = re.compile(r"(?<![\w])(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")(?![\w])", re.I)
    trie = re.compile(r"(?<![\w])" + phrase_trie(phrases) + r"(?![\w])", re.I)
    rng = random.Random(7)
    words = ["new", "York", "knicks", "NEWS", "world", "cup", "cupola", "a.b.c", "us", "open", "golf", "x", "-", ","]
    samples = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    samples += [p.lower() for p in phrases] + ["New\n  York", "newyork", "World  Cups", "US OPEN golfer"]
    assert [bool(plain.search(s)) for s in samples] == [bool(trie.search(s)) for s in samples]
    assert sum(bool(trie.search(s)) for s in samples) > 500
    assert discards().sentence_discarded("He made a joke about having a bomb on the plane.")  # a Phoenix discard phrase
    assert not discards().sentence_discarded("Russian forces shelled Kharkiv on Friday.")
