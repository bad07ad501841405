"""ontologies/cameo.ttl and plover.ttl: CAMEO and PLOVER as SKOS schemes, and built graphs agree with them.

Expected values were looked up in kg/data/cameo/ (CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt,
CAMEO2PLOVER-2021.txt).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.cameo import parse_plover_rows
from kg.store import open_store
from kg.vocab import CAMEO, GK, PLOVER, ontology_file

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_vocabularies.py"
PACKAGE_FIELD = ROOT / "kg" / "data" / "cameo"
CAMEO_SCHEME = URIRef(CAMEO)
PLOVER_SCHEME = URIRef(PLOVER)
CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
# rdflib's XSD only warns on unknown names, and pytest probes module globals: namespace.XSD.
# The two gk: terms the schemes introduce (see scripts/build_vocabularies.py).
PLOVER_MODE = URIRef(f"{GK}ploverMode")
PLOVER_CONTEXT = URIRef(f"{GK}ploverContext")


def _data(name: str) -> str:
    return resources.files("kg.data").joinpath(f"cameo/{name}").read_text("utf-8")


def _eventcodes_column() -> list[str]:
    """First column of CAMEO.eventcodes.txt, read independently of kg.cameo."""
    return [line.split("\t")[0] for line in _data("CAMEO.eventcodes.txt").splitlines()[1:] if line.strip()]


@pytest.fixture(scope="module")
def cameo() -> Graph:
    return Graph().parse(ontology_file("cameo.ttl"), format="turtle")


@pytest.fixture(scope="module")
def plover() -> Graph:
    return Graph().parse(ontology_file("plover.ttl"), format="turtle")


def _one(g: Graph, subject: URIRef, predicate: URIRef):
    values = list(g.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def _top(g: Graph, concept: URIRef) -> URIRef:
    """Follow skos:broader to the end (at most 3 steps: 4 digits -> 3 -> root)."""
    for _ in range(4):
        parents = list(g.objects(concept, SKOS.broader))
        if not parents:
            return concept
        (concept,) = parents
    raise AssertionError(f"{concept}: skos:broader chain longer than 3")


# --------------------------------------------------------------------------- cameo.ttl


def test_cameo_scheme_has_every_eventcodes_code_as_concept(cameo):
    codes = _eventcodes_column()
    assert len(codes) == 310
    missing = [c for c in codes if (CAMEO[c], RDF.type, GK.CameoCode) not in cameo or (CAMEO[c], RDF.type, SKOS.Concept) not in cameo]
    assert missing == []


def test_cameo_concepts_have_notation_label_goldstein_quad_class(cameo):
    for concept in cameo.subjects(RDF.type, GK.CameoCode):
        code = concept[len(str(CAMEO)) :]
        assert _one(cameo, concept, SKOS.notation) == Literal(code)
        label = _one(cameo, concept, SKOS.prefLabel)
        assert label.language == "en" and str(label).strip() and str(label).isascii(), (code, label)
        assert _one(cameo, concept, SKOS.inScheme) == CAMEO_SCHEME
        goldstein = _one(cameo, concept, GK.goldstein)
        assert goldstein.datatype == namespace.XSD.decimal and -10 <= goldstein.toPython() <= 10, code
        quad = _one(cameo, concept, GK.quadClass)
        assert quad.datatype == namespace.XSD.integer and quad.toPython() in (1, 2, 3, 4), code


def test_cameo_top_concepts_are_the_20_roots(cameo):
    roots = {CAMEO[f"{r:02d}"] for r in range(1, 21)}
    assert set(cameo.objects(CAMEO_SCHEME, SKOS.hasTopConcept)) == roots
    assert set(cameo.subjects(SKOS.topConceptOf, CAMEO_SCHEME)) == roots


def test_cameo_broader_chains_reach_the_root_of_the_code(cameo):
    for concept in cameo.subjects(RDF.type, GK.CameoCode):
        top = _top(cameo, concept)
        assert top == CAMEO[concept[len(str(CAMEO)) :][:2]]
        assert (top, SKOS.topConceptOf, CAMEO_SCHEME) in cameo


def test_cameo_narrower_is_inverse_of_broader(cameo):
    assert set(cameo.subject_objects(SKOS.broader)) == {(c, p) for p, c in cameo.subject_objects(SKOS.narrower)}


@pytest.mark.parametrize(
    ("code", "broader", "goldstein", "quad_class", "plover"),
    [
        ("112", "11", "-2.0", 3, "ACCUSE"),
        ("1121", "112", "-2.0", 3, "ACCUSE"),
        ("190", "19", "-10.0", 4, "ASSAULT"),
        ("19", None, "-10.0", 4, "ASSAULT"),
        ("042", "04", "1.9", 1, "CONSULT"),
        ("163", "16", "-8.0", 4, "COERCE"),  # the table maps 163 to COERCE, not SANCTION
        ("106", "10", "-5.0", 3, "REQUEST"),  # glued onto the 1056 row in GDELT's file
        ("0211", "021", "3.4", 1, None),  # no PLOVER row for roots 01 and 02
    ],
)
def test_cameo_concept_known_values(cameo, code, broader, goldstein, quad_class, plover):
    concept = CAMEO[code]
    assert list(cameo.objects(concept, SKOS.broader)) == ([CAMEO[broader]] if broader else [])
    assert _one(cameo, concept, GK.goldstein).toPython() == Decimal(goldstein)
    assert _one(cameo, concept, GK.quadClass).toPython() == quad_class
    matches = set(cameo.objects(concept, SKOS.closeMatch)) | set(cameo.objects(concept, SKOS.exactMatch))
    assert matches == ({PLOVER[plover]} if plover else set())


def test_cameo_root_whose_codes_are_one_plover_type_is_exact_match(cameo):
    assert (CAMEO["04"], SKOS.exactMatch, PLOVER.CONSULT) in cameo
    assert (CAMEO["042"], SKOS.closeMatch, PLOVER.CONSULT) in cameo
    # root 08 is split between CONCEDE and RETREAT, 11 shares ACCUSE with 09: close only
    assert (CAMEO["08"], SKOS.closeMatch, PLOVER.CONCEDE) in cameo
    assert (CAMEO["11"], SKOS.closeMatch, PLOVER.ACCUSE) in cameo
    assert not set(cameo.objects(CAMEO["11"], SKOS.exactMatch))


@pytest.mark.parametrize(
    ("code", "mode", "contexts"),
    [
        ("042", "CONSULT/visit", []),
        ("1124", "ACCUSE/allege", ["legal", "military"]),  # "military; legal"
        ("0861", "RETREAT/access", ["peacekeeping"]),  # "access " with a trailing space
        ("112", "ACCUSE/disapprove", []),
        ("03", None, []),
    ],
)
def test_cameo_concept_plover_mode_and_contexts(cameo, code, mode, contexts):
    assert list(cameo.objects(CAMEO[code], PLOVER_MODE)) == ([PLOVER[mode]] if mode else [])
    assert sorted(cameo.objects(CAMEO[code], PLOVER_CONTEXT)) == [PLOVER[f"context/{c}"] for c in contexts]


def test_cameo_goldstein_taken_from_ancestor_is_noted(cameo):
    # 1213 is only in the PLOVER table: its name comes from there, its score from 121
    assert _one(cameo, CAMEO["1213"], SKOS.prefLabel) == Literal("Reject judicial cooperation", lang="en")
    assert _one(cameo, CAMEO["1213"], GK.goldstein).toPython() == Decimal("-4.0")
    notes = " ".join(cameo.objects(CAMEO["1213"], SKOS.editorialNote))
    assert "that of 121" in notes and "Not in GDELT's" in notes
    assert not list(cameo.objects(CAMEO["121"], SKOS.editorialNote))


def test_cameo_mojibake_name_replaced_by_plover_description(cameo):
    assert _one(cameo, CAMEO["044"], SKOS.prefLabel) == Literal("Meet at a 'third' location", lang="en")


def test_cameo_scheme_carries_sources_and_licence(cameo):
    assert (CAMEO_SCHEME, RDF.type, SKOS.ConceptScheme) in cameo
    assert _one(cameo, CAMEO_SCHEME, SKOS.prefLabel).language == "en"
    assert _one(cameo, CAMEO_SCHEME, DCTERMS.license) == CC_BY_SA
    rights = str(_one(cameo, CAMEO_SCHEME, DCTERMS.rights))
    assert "GDELT" in rights and "free for any use" in rights and "CC BY-SA 4.0" in rights
    assert len(list(cameo.objects(CAMEO_SCHEME, DCTERMS.source))) >= 2


# --------------------------------------------------------------------------- plover.ttl


def test_plover_every_type_of_the_mapping_is_a_concept(plover):
    types = {row.plover for row in parse_plover_rows(_data("CAMEO2PLOVER-2021.txt"))}
    assert len(types) == 16
    missing = [t for t in sorted(types) if (PLOVER[t], RDF.type, GK.PloverType) not in plover]
    assert missing == []
    assert set(plover.subjects(RDF.type, GK.PloverType)) == {PLOVER[t] for t in types}


def test_plover_types_have_notation_label_scheme(plover):
    for concept in plover.subjects(RDF.type, GK.PloverType):
        name = concept[len(str(PLOVER)) :]
        assert _one(plover, concept, SKOS.notation) == Literal(name)
        assert _one(plover, concept, SKOS.prefLabel) == Literal(name, lang="en")
        assert _one(plover, concept, SKOS.inScheme) == PLOVER_SCHEME
        assert (concept, SKOS.topConceptOf, PLOVER_SCHEME) in plover
        assert name in str(_one(plover, concept, SKOS.scopeNote))
        assert not list(plover.objects(concept, SKOS.definition))  # the table gives none


@pytest.mark.parametrize(("plover_type", "quad_class"), [("ACCUSE", 3), ("ASSAULT", 4), ("CONSULT", 1), ("RETREAT", 2)])
def test_plover_type_quad_class_from_its_cameo_codes(plover, plover_type, quad_class):
    assert _one(plover, PLOVER[plover_type], GK.quadClass).toPython() == quad_class


def test_plover_scope_note_lists_the_mapped_codes(plover):
    note = str(_one(plover, PLOVER.SANCTION, SKOS.scopeNote))
    assert "161" in note and "163" not in note  # 163 is COERCE


def test_plover_modes_and_contexts_linked_from_cameo_exist(cameo, plover):
    modes = set(cameo.objects(None, PLOVER_MODE))
    contexts = set(cameo.objects(None, PLOVER_CONTEXT))
    assert modes and contexts
    for mode in modes:
        assert (mode, RDF.type, SKOS.Concept) in plover
        (parent,) = plover.objects(mode, SKOS.broader)
        assert (parent, RDF.type, GK.PloverType) in plover and (parent, SKOS.narrower, mode) in plover
    for context in contexts:
        assert (context, SKOS.inScheme, PLOVER["context/"]) in plover
    assert set(plover.subjects(SKOS.broader, None)) == modes
    assert set(plover.subjects(SKOS.inScheme, PLOVER["context/"])) == contexts


def test_plover_mode_belongs_to_the_codes_type(cameo):
    for code, mode in cameo.subject_objects(PLOVER_MODE):
        plover_type = mode[len(str(PLOVER)) :].split("/")[0]
        assert PLOVER[plover_type] in set(cameo.objects(code, SKOS.closeMatch)) | set(cameo.objects(code, SKOS.exactMatch))


def test_plover_schemes_carry_cc_by_sa(plover):
    for scheme in (PLOVER_SCHEME, PLOVER["context/"]):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in plover
        assert _one(plover, scheme, DCTERMS.license) == CC_BY_SA
        assert "Open Event Data Alliance" in str(_one(plover, scheme, DCTERMS.rights))


# --------------------------------------------------------------------------- the script


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_script_check_passes_on_committed_files():
    result = _run("--check", "--field", str(PACKAGE_FIELD))
    assert result.returncode == 0, result.stderr


def test_script_rebuild_is_byte_identical_and_check_catches_a_stale_file(tmp_path):
    written = _run("--field", str(PACKAGE_FIELD), "--out", str(tmp_path))
    assert written.returncode == 0, written.stderr
    for name in ("cameo.ttl", "plover.ttl"):
        assert (tmp_path / name).read_bytes() == ontology_file(name).read_bytes()
    stale = tmp_path / "plover.ttl"
    stale.write_text(stale.read_text("utf-8").replace('"ACCUSE"@en', '"Accuse"@en'), "utf-8")
    result = _run("--check", "--field", str(PACKAGE_FIELD), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "plover.ttl is out of date" in result.stderr and "cameo.ttl" not in result.stderr


def test_script_names_a_folder_without_the_tables(tmp_path):
    shutil.copy(PACKAGE_FIELD / "CAMEO.eventcodes.txt", tmp_path)
    result = _run("--check", "--field", str(tmp_path))
    assert result.returncode == 2
    assert "CAMEO.goldsteinscale.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------- built graphs


@pytest.fixture(scope="module")
def seed_union(seed_build) -> Graph:
    with open_store(seed_build[0], read_only=True) as store:
        return store.load_graph()


def test_seed_build_uses_only_scheme_concepts(seed_union, cameo, plover):
    used = set(seed_union.objects(None, GK.cameo)) | set(seed_union.objects(None, GK.plover))
    used |= set(seed_union.subjects(RDF.type, GK.CameoCode)) | set(seed_union.subjects(RDF.type, GK.PloverType))
    assert used
    schemes = cameo + plover
    undefined = sorted(c for c in used if (c, RDF.type, SKOS.Concept) not in schemes)
    assert undefined == []


def test_seed_build_describes_concepts_as_the_schemes_do(seed_union, cameo, plover):
    schemes = cameo + plover
    concepts = set(seed_union.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        for predicate in (RDF.type, SKOS.notation, SKOS.prefLabel, SKOS.inScheme):
            assert set(seed_union.objects(concept, predicate)) == set(schemes.objects(concept, predicate)), (concept, predicate)


def test_seed_build_merged_with_schemes_has_one_label_per_concept(seed_union, cameo, plover):
    merged = seed_union + cameo + plover
    for concept in set(seed_union.subjects(RDF.type, SKOS.Concept)):
        labels = list(merged.objects(concept, SKOS.prefLabel))
        assert [label.language for label in labels] == ["en"], (concept, labels)
        assert len(list(merged.objects(concept, SKOS.notation))) == 1, concept
