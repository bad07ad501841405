"""Read input documents: the first stage of the pipeline.

``read_inputs`` turns command-line inputs (files, directories, ``-`` for stdin) into a stream of
``Document`` records, one at a time, with a ``DocumentError`` for each input that cannot be read
or is not a document. Supported formats (see ``SUPPORTED_SUFFIXES``):

- ``.txt``, ``.md``: the whole file is one document, text as is;
- ``.html``, ``.htm``: the visible text (``html_to_text``), the ``<title>`` as title;
- ``.jsonl``: one document a line, ``{"id", "text", "published", "title", "url", "source"}``;
- ``.csv``: one document a row, with a ``text`` column and optional ``id``, ``title``, ``url``,
  ``date``/``published``, ``source``.

A whole file or a line bigger than ``kg.config.MAX_DOCUMENT_BYTES`` is refused without being
read into memory; a record's URL is kept only if it is an http(s) IRI.

The pure helpers (``decode_bytes``, ``normalize_newlines``, ``html_to_text``, ``parse_date``)
do the work; the generators only open files and turn failures into ``DocumentError`` records.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, NamedTuple, TextIO

from pyoxigraph import NamedNode

from kg import config
from kg.records import Document, DocumentError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "HtmlText",
    "NotTextError",
    "bom_encoding",
    "decode_bytes",
    "html_to_text",
    "iter_directory",
    "normalize_newlines",
    "parse_date",
    "read_inputs",
]

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIX = ".jsonl"
CSV_SUFFIX = ".csv"
SUPPORTED_SUFFIXES: frozenset[str] = TEXT_SUFFIXES | HTML_SUFFIXES | {JSONL_SUFFIX, CSV_SUFFIX}

STDIN_ARG = "-"
STDIN_ORIGIN = "<stdin>"
STDIN_ID = "stdin"

# How much of a file is looked at to tell text from binary.
SNIFF_BYTES = 8192

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The largest CSV field the csv module may read (a C long on every platform).
_CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


class NotTextError(ValueError):
    """Bytes that are not a text document; the message says why, on one line."""


# --------------------------------------------------------------------------- pure helpers


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark at the start of ``head`` announces, and the mark's length."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    return None


def _utf8_error(data: bytes, error: UnicodeDecodeError, *, offset: int = 0) -> NotTextError:
    byte = data[error.start] if error.start < len(data) else 0
    where = offset + error.start
    return NotTextError(f"not valid UTF-8 text (byte 0x{byte:02x} at offset {where})")


def decode_bytes(data: bytes) -> str:
    """Decode a text file's bytes: UTF-8 (BOM stripped), or UTF-16/32 when a BOM says so.

    Raises ``NotTextError`` for binary data (a NUL byte in the first ``SNIFF_BYTES``) and for
    bytes that are not valid UTF-8, naming the first bad byte and its offset.
    """
    announced = bom_encoding(data[:4])
    if announced is not None:
        encoding, skip = announced
        try:
            return data[skip:].decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8":
                raise _utf8_error(data[skip:], error, offset=skip) from None
            raise NotTextError(
                f"not valid {encoding.upper()} text (offset {skip + error.start})"
            ) from None
    if b"\0" in data[:SNIFF_BYTES]:
        raise NotTextError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _utf8_error(data, error) from None


def normalize_newlines(text: str) -> str:
    """Turn Windows (``\\r\\n``) and old Mac (``\\r``) line ends into ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_ISO_DATE = re.compile(
    r"""(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
        (?:[T\s]+
           (?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?
           \s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?
        )?""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_date(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 date or date-time string, or ``None`` if it is not one.

    Accepts ``"2025-03-14"``, ``"2025-03-14 20:30:26Z"``, ``"2025-03-14T20:30:26.5+01:00"`` and
    the like. The date is taken as written: a time zone offset does not move it to UTC.
    Anything else (``None``, non-strings, free text, impossible dates) gives ``None``.
    """
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None:
        return None
    hour, minute, second = (int(match[name] or 0) for name in ("hour", "minute", "second"))
    if hour > 24 or minute > 59 or second > 60:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


class HtmlText(NamedTuple):
    """The visible text of an HTML page and its ``<title>`` (``None`` if it has none)."""

    text: str
    title: str | None


# Elements whose content is never shown as text. (<head> is hidden too, except its <title>.)
_HIDDEN_ELEMENTS = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "canvas"}
)
# Elements that start and end a line of text.
_BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "tr", "ul",
    }
)  # fmt: skip
# Table cells are kept apart by a space, on their row's line.
_CELL_ELEMENTS = frozenset({"td", "th"})
_SPACES = re.compile(r"\s+")


class _VisibleTextParser(HTMLParser):
    """Collects the visible text of a page, one line per block element, and its title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._pieces: list[str] = []
        self._hidden: list[str] = []  # open hidden elements, innermost last
        self._title_parts: list[str] | None = None  # set while inside the page's <title>
        self._commented_out = False  # after a "<!--" (or "<![CDATA[", "<!x") that is never closed
        self.title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # </head> may be omitted: the body ends the head
            self._hidden = [name for name in self._hidden if name != "head"]
        if tag == "title" and self.title is None and set(self._hidden) <= {"head"}:
            self._title_parts = []
        elif tag in _HIDDEN_ELEMENTS:
            self._hidden.append(tag)
        elif tag in _BLOCK_ELEMENTS:
            self._pieces.append("\n")
        elif tag in _CELL_ELEMENTS:
            self._pieces.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_ELEMENTS:  # <br/>, <hr/>; a self-closed hidden element hides nothing
            self._pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.title = _SPACES.sub(" ", "".join(self._title_parts)).strip() or None
            self._title_parts = None
        elif tag in self._hidden:
            while self._hidden.pop() != tag:
                pass
        elif tag in _BLOCK_ELEMENTS:
            self._pieces.append("\n")

    def handle_data(self, data: str) -> None:
        # html.parser (before Python 3.13.4) passes an unclosed "<!--" or "<![CDATA[" and what
        # follows on as text, swallowing the next tag (a <script>'s, whose code would then be
        # taken for text). A browser makes the rest of the page a comment; so does this.
        self._commented_out = self._commented_out or data.startswith("<!")
        if self._commented_out:
            return
        if self._title_parts is not None:
            if set(self._hidden) <= {"head"}:  # not a script's text inside an unclosed <title>
                self._title_parts.append(data)
        elif not self._hidden:
            self._pieces.append(_SPACES.sub(" ", data))

    def result(self) -> HtmlText:
        """The text and title seen so far (call after ``close``)."""
        if self._title_parts is not None:  # an unclosed <title>
            self.handle_endtag("title")
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self._pieces).split("\n"))
        return HtmlText("\n".join(line for line in lines if line), self.title)


def html_to_text(markup: str) -> HtmlText:
    """The visible text of an HTML page, with its ``<title>``.

    Drops scripts, styles, ``<noscript>``, ``<template>``, SVG and the ``<head>`` (but keeps its
    title); block elements (``<p>``, ``<div>``, ``<br>``, ``<li>``, headings, table rows…) become
    line breaks; runs of white space collapse to one space; entities are unescaped.
    """
    parser = _VisibleTextParser()
    parser.feed(markup)
    parser.close()
    return parser.result()


# --------------------------------------------------------------------------- records


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD. JSON can escape one ("\\ud800",
    an emoji cut in half), but no text holding one can be encoded; one character for one
    keeps every offset into the text."""
    return _SURROGATE.sub("\ufffd", text)


def _optional_str(value: Any) -> str | None:
    """A stripped non-empty string, or ``None`` for anything else."""
    if isinstance(value, str):
        return _unicode(value.strip()) or None
    return None


def _http_url(value: Any) -> str | None:
    """An absolute http(s) URL that is a valid IRI, or ``None``: nothing links any other
    (``javascript:``, ``data:``), and an invalid one (a tab, a space, ``%zz``) cannot be stored."""
    url = _optional_str(value)
    if url is None or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        NamedNode(url)
    except ValueError:
        return None
    return url


def _record_id(value: Any, *, fallback: str) -> str:
    """A record's own id (strings and integers), else ``fallback``."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return fallback
    return _unicode(str(value).strip()) or fallback


def _record_document(
    record: dict[str, Any],
    *,
    fallback_id: str,
    origin: str,
    published: date | None,
) -> Document | DocumentError:
    """A Document from a JSONL object or a CSV row (dict of column → value)."""
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        return DocumentError(origin, f"'text' must be a non-empty string, got {_json_type(text)}")
    if not text or not text.strip():
        return DocumentError(origin, "missing or empty 'text'")
    return Document(
        id=_record_id(record.get("id"), fallback=fallback_id),
        text=_unicode(normalize_newlines(text)),
        title=_optional_str(record.get("title")),
        url=_http_url(record.get("url")),
        published=parse_date(record.get("published")) or published,
        source=_optional_str(record.get("source")),
        origin=origin,
    )


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _parse_jsonl_line(line: str) -> dict[str, Any] | str:
    """The JSON object on a line, or the reason it is not one. The line end is no part of it
    (in a cut-off string, it would be reported as an invalid control character)."""
    try:
        value = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return f"not valid JSON: {error.msg} (column {error.colno})"
    except (ValueError, RecursionError) as error:  # e.g. an integer too long, nesting too deep
        return f"not valid JSON: {_one_line(error)}"
    if not isinstance(value, dict):
        return f"not a JSON object (got {_json_type(value)})"
    return value


class _Line(NamedTuple):
    """A numbered line of a file: its text, or why it could not be decoded."""

    number: int
    text: str
    error: str | None = None


def _jsonl_documents(
    lines: Iterable[_Line], *, base_id: str, origin: str, published: date | None
) -> Iterator[Document | DocumentError]:
    """One Document per non-blank JSONL line, a DocumentError per bad one."""
    seen_any = False
    for line in lines:
        where = f"{origin}:{line.number}"
        if line.error is not None:
            seen_any = True
            yield DocumentError(where, line.error)
            continue
        if not line.text.strip():
            continue
        seen_any = True
        record = _parse_jsonl_line(line.text)
        if isinstance(record, str):
            yield DocumentError(where, record)
        else:
            yield _record_document(
                record, fallback_id=f"{base_id}-{line.number}", origin=where, published=published
            )
    if not seen_any:
        yield DocumentError(origin, "empty document")


# --------------------------------------------------------------------------- reading files


def _too_large() -> str:
    return f"too large: more than {config.MAX_DOCUMENT_BYTES:,} bytes, not read: split it into articles"


def _rest_of_line(handle: IO[bytes], *, chunk_size: int = 2**20) -> int:
    """Skip to the next line without holding the line in memory; the bytes skipped."""
    skipped = 0
    while chunk := handle.readline(chunk_size):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _utf8_lines(handle: IO[bytes]) -> Iterator[_Line]:
    """The lines of a UTF-8 file (BOM stripped), decoded one by one; line ends kept. A line
    longer than ``MAX_DOCUMENT_BYTES`` is skipped unread, with an error."""
    offset = 0
    limit = config.MAX_DOCUMENT_BYTES
    for number, raw in enumerate(iter(lambda: handle.readline(limit + 1), b""), start=1):
        if len(raw) > limit:
            yield _Line(number, "", _too_large())
            offset += len(raw) + (0 if raw.endswith(b"\n") else _rest_of_line(handle))
            continue
        start = 0
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            start = len(codecs.BOM_UTF8)
        try:
            yield _Line(number, raw[start:].decode("utf-8"))
        except UnicodeDecodeError as error:
            yield _Line(number, "", str(_utf8_error(raw[start:], error, offset=offset + start)))
        offset += len(raw)


@contextmanager
def _open_lines(path: Path) -> Iterator[Iterator[_Line]]:
    """Open a line-oriented file (JSONL, CSV) after checking that it is text; yield its lines.

    UTF-8 files are decoded line by line (a bad line does not spoil the others); UTF-16/32
    files with a BOM are decoded as a stream. Raises ``NotTextError`` for binary files and
    ``OSError`` when the file cannot be opened.
    """
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        announced = bom_encoding(head)
        if announced is None or announced[0] == "utf-8":
            if announced is None and b"\0" in head:
                raise NotTextError("binary file, not text")
            handle.seek(0)
            yield _utf8_lines(handle)
        else:
            encoding, skip = announced
            handle.seek(skip)
            yield _split_lines(codecs.getreader(encoding)(handle), width=4 if "32" in encoding else 2)


def _split_lines(reader: codecs.StreamReader, *, width: int, chunk_size: int = 65536) -> Iterator[_Line]:
    """Numbered lines split on ``\\n`` only, ends kept (``StreamReader`` also splits on U+2028
    etc.). A line longer than ``MAX_DOCUMENT_BYTES`` (``width`` bytes a character) is dropped
    as it is read."""
    pending: list[str] = []
    size = number = 0  # the pending line's bytes; the lines done
    while chunk := reader.read(chunk_size):
        *complete, rest = chunk.split("\n")
        for line in complete:
            number += 1
            pending.append(line + "\n")
            yield _joined_line(number, pending, size + width * len(line))
            pending, size = [], 0
        size += width * len(rest)
        if size > config.MAX_DOCUMENT_BYTES:
            pending.clear()
        else:
            pending.append(rest)
    if size:
        yield _joined_line(number + 1, pending, size)


def _joined_line(number: int, parts: list[str], size: int) -> _Line:
    if size > config.MAX_DOCUMENT_BYTES:
        return _Line(number, "", _too_large())
    return _Line(number, "".join(parts))


def _read_text_file(
    path: Path, *, doc_id: str, html: bool, published: date | None
) -> Document | DocumentError:
    """A whole file as one Document (plain text or HTML)."""
    origin = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(config.MAX_DOCUMENT_BYTES + 1)
            if len(data) > config.MAX_DOCUMENT_BYTES:
                return DocumentError(origin, _too_large())
    except OSError as error:
        return _os_error(origin, error)
    if not data.strip():
        return DocumentError(origin, "empty document")
    try:
        text = normalize_newlines(decode_bytes(data))
    except NotTextError as error:
        return DocumentError(origin, str(error))
    title = None
    if html:
        try:
            text, title = html_to_text(text)
        except (AssertionError, ValueError) as error:  # html.parser on badly broken markup
            return DocumentError(origin, f"could not parse HTML: {_one_line(error)}")
    if not text.strip():
        return DocumentError(origin, "empty document" + (" (no visible text)" if html else ""))
    return Document(id=doc_id, text=text, title=title, published=published, origin=origin)


def _read_record_file(
    path: Path, records: Callable[..., Iterator[Document | DocumentError]], *, base_id: str, published: date | None
) -> Iterator[Document | DocumentError]:
    """The documents of a JSONL or CSV file, read line by line by ``records``; a file that
    cannot be read or decoded as a whole gives one error naming it."""
    origin = str(path)
    try:
        with _open_lines(path) as lines:
            yield from records(lines, base_id=base_id, origin=origin, published=published)
    except NotTextError as error:
        yield DocumentError(origin, str(error))
    except UnicodeDecodeError as error:  # UTF-16/32 files, decoded as a stream
        yield DocumentError(origin, f"not valid {error.encoding.upper()} text")
    except OSError as error:
        yield _os_error(origin, error)


class _BadCsvLine(Exception):
    """A CSV line that could not be decoded; it stops the file (quoted fields span lines)."""

    def __init__(self, line: _Line) -> None:
        super().__init__(line.error)
        self.number = line.number


def _csv_text(lines: Iterable[_Line]) -> Iterator[str]:
    for line in lines:
        if line.error is not None:
            raise _BadCsvLine(line)
        yield line.text


def _csv_documents(
    lines: Iterable[_Line], *, base_id: str, origin: str, published: date | None
) -> Iterator[Document | DocumentError]:
    """One Document per CSV row; the first row names the columns (case-insensitive).

    Rows are numbered by the file line they start on. A row that cannot be read (bad bytes,
    broken quoting) ends the file with a ``DocumentError`` naming its line.
    """
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(_csv_text(lines))
    start = 1  # the line the next row starts on
    try:
        header = next(reader, None)
        if header is None:
            yield DocumentError(origin, "empty document")
            return
        columns = [name.strip().lower() for name in header]
        if "text" not in columns:
            shown = ", ".join(repr(name) for name in header)
            yield DocumentError(origin, f"no 'text' column (columns: {shown})")
            return
        rows = 0
        start = reader.line_num + 1
        for row in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            values = {name: value for name, value in zip(columns, row) if name}
            if not parse_date(values.get("published")):
                values["published"] = values.get("date")
            yield _record_document(
                values,
                fallback_id=f"{base_id}-{number}",
                origin=f"{origin}:{number}",
                published=published,
            )
    except _BadCsvLine as error:
        yield DocumentError(f"{origin}:{error.number}", str(error))
        return
    except csv.Error as error:
        yield DocumentError(f"{origin}:{start}", f"not valid CSV: {_one_line(error)}")
        return
    if not rows:
        yield DocumentError(origin, "empty document (no rows)")


def _read_file(
    path: Path, *, doc_id: str, published: date | None
) -> Iterator[Document | DocumentError]:
    """The documents of one file, by suffix; unknown suffixes are read as plain text."""
    suffix = path.suffix.lower()
    if suffix == JSONL_SUFFIX:
        yield from _read_record_file(path, _jsonl_documents, base_id=doc_id, published=published)
    elif suffix == CSV_SUFFIX:
        yield from _read_record_file(path, _csv_documents, base_id=doc_id, published=published)
    else:
        html = suffix in HTML_SUFFIXES
        yield _read_text_file(path, doc_id=doc_id, html=html, published=published)


def _os_error(origin: str, error: OSError) -> DocumentError:
    if isinstance(error, FileNotFoundError):
        return DocumentError(origin, "no such file or directory")
    if isinstance(error, PermissionError):
        return DocumentError(origin, "cannot read: permission denied")
    if isinstance(error, IsADirectoryError):
        return DocumentError(origin, "is a directory")
    return DocumentError(origin, f"cannot read: {_one_line(error.strerror or error)}")


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


# --------------------------------------------------------------------------- directories


def iter_directory(root: Path) -> Iterator[tuple[Path, str] | DocumentError]:
    """The supported files under ``root`` with their ids (relative path without suffix, posix).

    Depth first, entries sorted by name; hidden files and directories (``.name``) and files with
    unsupported suffixes are skipped; a directory reached twice (symlink loops) is read once.
    A subdirectory that cannot be listed gives a ``DocumentError``.
    """
    visited: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[tuple[Path, str] | DocumentError]:
        try:
            status = directory.stat()
            key = (status.st_dev, status.st_ino)
            if key in visited:
                return
            visited.add(key)
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            reason = f"cannot list directory: {_one_line(error.strerror or error)}"
            yield DocumentError(str(directory), reason)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                # regular files, and broken symlinks (reading says so); not FIFOs or devices
                is_file = entry.is_file() or entry.is_symlink()
            except OSError as error:
                yield _os_error(str(path), error)
                continue
            if is_dir:
                yield from walk(path)
            elif is_file and path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path, path.relative_to(root).with_suffix("").as_posix()

    yield from walk(root)


# --------------------------------------------------------------------------- stdin


def _read_stdin(stream: TextIO, *, published: date | None) -> Iterator[Document | DocumentError]:
    """Stdin as JSONL if every non-blank line is a JSON object, else as one plain-text document."""
    try:
        buffer = getattr(stream, "buffer", None)
        text = decode_bytes(buffer.read()) if buffer is not None else stream.read()
    except NotTextError as error:
        yield DocumentError(STDIN_ORIGIN, str(error))
        return
    except (OSError, UnicodeDecodeError) as error:
        yield DocumentError(STDIN_ORIGIN, f"cannot read: {_one_line(error)}")
        return
    text = normalize_newlines(text.removeprefix("\ufeff"))
    lines = [_Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]
    filled = [line for line in lines if line.text.strip()]
    if filled and all(isinstance(_parse_jsonl_line(line.text), dict) for line in filled):
        yield from _jsonl_documents(
            lines, base_id=STDIN_ID, origin=STDIN_ORIGIN, published=published
        )
    elif not filled:
        yield DocumentError(STDIN_ORIGIN, "empty document")
    else:
        yield Document(id=STDIN_ID, text=text, published=published, origin=STDIN_ORIGIN)


# --------------------------------------------------------------------------- entry point


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    published: date | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Document | DocumentError]:
    """Stream the documents of ``inputs``, in order, one at a time.

    Each input is a file, a directory (read recursively, see ``iter_directory``) or ``"-"`` for
    ``stdin`` (``sys.stdin`` by default). ``published`` is the date of documents that carry none
    of their own. A document that cannot be read yields a ``DocumentError`` naming it and reading
    goes on; nothing about a bad document raises.
    """
    if isinstance(inputs, (str, Path)):
        kind = type(inputs).__name__
        raise TypeError(f"inputs must be a sequence of paths, not a single {kind}")
    for item in inputs:
        if str(item) == STDIN_ARG:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, published=published)
            continue
        path = Path(item)
        try:
            status = path.stat()
        except FileNotFoundError:
            if not path.is_symlink():
                yield DocumentError(str(path), "no such file or directory")
                continue
            status = None  # a broken symlink: reading it says so
        except OSError as error:
            yield _os_error(str(path), error)
            continue
        if status is not None and stat.S_ISDIR(status.st_mode):
            for found in iter_directory(path):
                if isinstance(found, DocumentError):
                    yield found
                else:
                    file, doc_id = found
                    yield from _read_file(file, doc_id=doc_id, published=published)
        else:
            yield from _read_file(path, doc_id=path.stem, published=published)
