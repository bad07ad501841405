"""Tests for kg.ingest: reading files, directories and stdin into Documents."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kg.ingest import SUPPORTED_SUFFIXES, decode_bytes, html_to_text, parse_date, read_inputs
from kg.records import Document, DocumentError

VOA_SAMPLE = Path("/work/shared/corpus/voa/voa_stories.sample.jsonl")


def read_all(*inputs: str | Path, **settings: object) -> list[Document | DocumentError]:
    return list(read_inputs([str(item) for item in inputs], **settings))  # type: ignore[arg-type]


def documents(results: list[Document | DocumentError]) -> list[Document]:
    return [item for item in results if isinstance(item, Document)]


def errors(results: list[Document | DocumentError]) -> list[DocumentError]:
    return [item for item in results if isinstance(item, DocumentError)]


def only_error(results: list[Document | DocumentError]) -> DocumentError:
    assert len(results) == 1 and isinstance(results[0], DocumentError), results
    return results[0]


# --------------------------------------------------------------------------- plain text


def test_read_inputs_txt_id_from_stem(tmp_path: Path) -> None:
    path = tmp_path / "000_033be43c37c18d32.txt"
    path.write_text("Zelensky accused Trump.\n", encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.id == "000_033be43c37c18d32"
    assert doc.text == "Zelensky accused Trump.\n"
    assert doc.origin == str(path)
    assert doc.published is None


def test_read_inputs_txt_strips_bom_and_normalises_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfLine one.\r\nLine two.\r\n")
    [doc] = read_all(path)
    assert doc.text == "Line one.\nLine two.\n"


def test_read_inputs_explicit_unknown_suffix_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.news"
    path.write_text("Talks were held in Geneva.", encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.id == "article"


# --------------------------------------------------------------------------- directories


def test_read_inputs_directory_recursive_relative_ids_sorted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("B text", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A text", encoding="utf-8")
    (tmp_path / "sub" / "c.md").write_text("C text", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("SA text", encoding="utf-8")
    (tmp_path / "z.txt").write_text("Z text", encoding="utf-8")
    results = read_all(tmp_path)
    assert [doc.id for doc in documents(results)] == ["a", "b", "sub/a", "sub/c", "z"]
    assert not errors(results)
    assert documents(results)[2].origin == str(tmp_path / "sub" / "a.txt")


def test_read_inputs_directory_skips_hidden_files_and_dirs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("hidden dir", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("hidden file", encoding="utf-8")
    (tmp_path / "kept.txt").write_text("visible", encoding="utf-8")
    assert [doc.id for doc in documents(read_all(tmp_path))] == ["kept"]


def test_read_inputs_directory_skips_unsupported_suffixes(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "a.txt").write_text("kept", encoding="utf-8")
    assert [doc.id for doc in read_all(tmp_path)] == ["a"]


def test_read_inputs_directory_without_documents_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.rst").write_text("not an input", encoding="utf-8")
    assert read_all(tmp_path) == []


def test_read_inputs_directory_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("once", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [doc.id for doc in read_all(tmp_path)] == ["a"]


def test_read_inputs_directory_jsonl_fallback_id_uses_relative_path(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "batch.jsonl").write_text('{"text": "No id here."}\n', encoding="utf-8")
    [doc] = read_all(tmp_path)
    assert doc.id == "sub/batch-1"


# --------------------------------------------------------------------------- html


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Talks in  Geneva</title>
<style>p { color: red; }</style><script>var secret = "<p>hidden script</p>";</script>
<meta charset="utf-8"></head>
<body><h1>Ukraine &amp; Russia</h1><p>Delegates   met
in Geneva.</p><noscript>Enable JavaScript</noscript><svg><text>chart</text></svg>
<ul><li>One</li><li>Caf&eacute;</li></ul></body></html>"""


def test_html_to_text_keeps_visible_text_only() -> None:
    text, title = html_to_text(HTML_PAGE)
    assert text == "Ukraine & Russia\nDelegates met in Geneva.\nOne\nCafé"
    assert title == "Talks in Geneva"


def test_html_to_text_block_elements_break_lines() -> None:
    text, _ = html_to_text("<div>First<br>Second</div><p>Third</p>inline <b>bold</b> text")
    assert text.split("\n") == ["First", "Second", "Third", "inline bold text"]


def test_read_inputs_html_document(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.id == "page"
    assert doc.title == "Talks in Geneva"
    assert "Ukraine & Russia" in doc.text
    assert "secret" not in doc.text and "color" not in doc.text
    assert "Enable JavaScript" not in doc.text and "chart" not in doc.text
    assert "Talks in Geneva" not in doc.text


def test_read_inputs_html_without_visible_text_is_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.htm"
    path.write_text("<html><head><title>T</title></head><body><script>x()</script></body></html>")
    error = only_error(read_all(path))
    assert "empty document" in error.reason


# --------------------------------------------------------------------------- jsonl


def test_read_inputs_jsonl_good_bad_and_missing_text_lines(tmp_path: Path) -> None:
    path = tmp_path / "file.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Hungary and Romania agreed.", "title": "Deal",
                    "url": "https://example.org/a1", "source": "VOA", "extra": [1, 2]}),
        "",
        '{"id": "broken", "text": ',
        json.dumps({"id": "no-text", "title": "Nothing"}),
        json.dumps({"text": "Second good one."}),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read_all(path)
    good = documents(results)
    assert [doc.id for doc in good] == ["a1", "file-5"]
    assert (good[0].title, good[0].url, good[0].source) == ("Deal", "https://example.org/a1", "VOA")
    assert good[0].origin == f"{path}:1"
    bad = errors(results)
    assert [error.origin for error in bad] == [f"{path}:3", f"{path}:4"]
    assert "file.jsonl:3" in str(bad[0]) and "not valid JSON" in bad[0].reason
    assert "missing or empty 'text'" in bad[1].reason


def test_read_inputs_jsonl_error_order_follows_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('[1, 2]\n{"text": "ok"}\n{"text": ""}\n{"text": 7}\n', encoding="utf-8")
    results = read_all(path)
    assert [type(item).__name__ for item in results] == [
        "DocumentError", "Document", "DocumentError", "DocumentError",
    ]  # fmt: skip
    assert "not a JSON object" in results[0].reason  # type: ignore[union-attr]
    assert "missing or empty 'text'" in results[2].reason  # type: ignore[union-attr]
    assert "non-empty string" in results[3].reason  # type: ignore[union-attr]


def test_read_inputs_jsonl_numeric_id_becomes_str(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": 8011115, "text": "Text."}\n', encoding="utf-8")
    [doc] = read_all(path)
    assert doc.id == "8011115"


def test_read_inputs_jsonl_published_parsed(tmp_path: Path) -> None:
    path = tmp_path / "dated.jsonl"
    path.write_text(
        '{"id": "d", "text": "One.", "published": "2025-06-04"}\n'
        '{"id": "dt", "text": "Two.", "published": "2025-03-14 20:30:26Z"}\n',
        encoding="utf-8",
    )
    assert [doc.published for doc in read_all(path)] == [date(2025, 6, 4), date(2025, 3, 14)]


def test_read_inputs_jsonl_invalid_utf8_line_is_error_others_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "good"}\n{"text": "caf\xe9"}\n{"text": "also good"}\n')
    results = read_all(path)
    assert [doc.text for doc in documents(results)] == ["good", "also good"]
    [error] = errors(results)
    assert error.origin == f"{path}:2"
    assert "not valid UTF-8 text (byte 0xe9 at offset 30)" in error.reason


def test_read_inputs_jsonl_blank_file_is_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n  \n", encoding="utf-8")
    assert only_error(read_all(path)).reason == "empty document"


# --------------------------------------------------------------------------- published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-04", date(2025, 6, 4)),
        ("2025-03-14 20:30:26Z", date(2025, 3, 14)),
        ("2025-03-14T20:30:26.123+01:00", date(2025, 3, 14)),
        ("2025-03-14T23:30", date(2025, 3, 14)),
        (" 2025-03-14 ", date(2025, 3, 14)),
        ("2025-02-30", None),
        ("14 March 2025", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_iso_dates_and_datetimes(value: str | None, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_read_inputs_published_default_applies_only_when_doc_has_none(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("Undated text.", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "own", "text": "Dated.", "published": "2025-03-14"}\n'
        '{"id": "none", "text": "Undated."}\n'
        '{"id": "junk", "text": "Bad date.", "published": "soon"}\n',
        encoding="utf-8",
    )
    default = date(2025, 1, 1)
    results = read_all(tmp_path / "plain.txt", tmp_path / "feed.jsonl", published=default)
    assert {doc.id: doc.published for doc in documents(results)} == {
        "plain": default,
        "own": date(2025, 3, 14),
        "none": default,
        "junk": default,
    }


# --------------------------------------------------------------------------- csv


def test_read_inputs_csv_text_id_date_columns(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_text(
        'id,Title,date,text,url,extra\n'
        'x1,First,2025-03-14,"Zelensky met Trump, they said.\nSecond line.",https://e.org/1,?\n'
        ',No id,,Plain row.,,\n'
        '\n'
        'x3,Empty text,2025-03-15,,,\n',
        encoding="utf-8",
    )
    results = read_all(path, published=date(2024, 12, 31))
    first, second = documents(results)
    assert (first.id, first.title, first.url) == ("x1", "First", "https://e.org/1")
    assert first.text == "Zelensky met Trump, they said.\nSecond line."
    assert first.published == date(2025, 3, 14)
    assert first.origin == f"{path}:2"
    assert (second.id, second.published) == ("articles-4", date(2024, 12, 31))
    [error] = errors(results)
    assert error.origin == f"{path}:6" and "missing or empty 'text'" in error.reason


def test_read_inputs_csv_published_column(tmp_path: Path) -> None:
    path = tmp_path / "pub.csv"
    path.write_text("text,published\nSome text.,2025-03-14 20:30:26Z\n", encoding="utf-8")
    [doc] = read_all(path)
    assert doc.published == date(2025, 3, 14)


def test_read_inputs_csv_long_field(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    long_text = "word " * 60_000  # over the csv module's default 128 KiB field limit
    path.write_text(f'id,text\nlong,"{long_text}"\n', encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, Document) and doc.text == long_text


def test_read_inputs_csv_invalid_utf8_row_stops_file_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,text\n1,Good row.\n2,caf\xe9\n3,Never read.\n")
    results = read_all(path)
    assert [doc.id for doc in documents(results)] == ["1"]
    [error] = errors(results)
    assert error.origin == f"{path}:3"
    assert error.reason == "not valid UTF-8 text (byte 0xe9 at offset 25)"


def test_read_inputs_csv_header_only_is_error(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("id,text\n", encoding="utf-8")
    assert "empty document" in only_error(read_all(path)).reason


def test_read_inputs_csv_without_text_column_is_error(tmp_path: Path) -> None:
    path = tmp_path / "notext.csv"
    path.write_text("id,body\n1,Some article.\n", encoding="utf-8")
    error = only_error(read_all(path))
    assert error.origin == str(path)
    assert "no 'text' column" in error.reason and "'body'" in error.reason


# --------------------------------------------------------------------------- stdin


def test_read_inputs_stdin_plain_text() -> None:
    stdin = io.StringIO("Talks were held in Geneva.\r\nThey ended.\n")
    [doc] = read_all("-", stdin=stdin, published=date(2025, 6, 4))
    assert isinstance(doc, Document)
    assert (doc.id, doc.origin) == ("stdin", "<stdin>")
    assert doc.text == "Talks were held in Geneva.\nThey ended.\n"
    assert doc.published == date(2025, 6, 4)


def test_read_inputs_stdin_jsonl() -> None:
    stdin = io.StringIO(
        '{"id": "s1", "text": "One."}\n\n{"text": "Two.", "published": "2025-03-14"}\n'
    )
    results = read_all("-", stdin=stdin)
    assert [(doc.id, doc.origin, doc.published) for doc in documents(results)] == [
        ("s1", "<stdin>:1", None),
        ("stdin-3", "<stdin>:3", date(2025, 3, 14)),
    ]


def test_read_inputs_stdin_json_mixed_with_prose_is_plain_text() -> None:
    stdin = io.StringIO('{"text": "One."}\nThen some prose.\n')
    [doc] = read_all("-", stdin=stdin)
    assert doc.id == "stdin" and doc.text.startswith('{"text"')


def test_read_inputs_stdin_empty_is_error() -> None:
    error = only_error(read_all("-", stdin=io.StringIO("  \n")))
    assert (error.origin, error.reason) == ("<stdin>", "empty document")


# --------------------------------------------------------------------------- errors


def test_read_inputs_empty_file_is_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    error = only_error(read_all(path))
    assert (error.origin, error.reason) == (str(path), "empty document")


def test_read_inputs_whitespace_only_file_is_error(tmp_path: Path) -> None:
    path = tmp_path / "spaces.txt"
    path.write_text(" \n\t\r\n  ", encoding="utf-8")
    assert only_error(read_all(path)).reason == "empty document"


def test_read_inputs_binary_file_is_error(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    assert only_error(read_all(path)).reason == "binary file, not text"


def test_read_inputs_binary_jsonl_is_error(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"text": "a"}\n\0\0\0')
    error = only_error(read_all(path))
    assert (error.origin, error.reason) == (str(path), "binary file, not text")


def test_read_inputs_invalid_utf8_error_names_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café au lait".encode("latin-1"))
    error = only_error(read_all(path))
    assert error.origin == str(path)
    assert error.reason == "not valid UTF-8 text (byte 0xe9 at offset 3)"
    assert str(error).startswith(str(path))


def test_decode_bytes_utf16_with_bom() -> None:
    assert decode_bytes("Kyiv – Київ".encode("utf-16")) == "Kyiv – Київ"


def test_read_inputs_utf16_bom_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Zelensky met Trump in Київ.\r\n".encode("utf-16"))
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == "Zelensky met Trump in Київ.\n"


def test_read_inputs_utf16_bom_jsonl_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.jsonl"
    path.write_bytes('{"id": "u", "text": "Київ"}\n'.encode("utf-16"))
    [doc] = read_all(path)
    assert isinstance(doc, Document) and (doc.id, doc.text) == ("u", "Київ")


def test_read_inputs_missing_path_is_error_and_others_still_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Still read.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    results = read_all(missing, good)
    assert results[0] == DocumentError(str(missing), "no such file or directory")
    assert [doc.id for doc in documents(results)] == ["good"]


def test_read_inputs_unreadable_file_is_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("no access", encoding="utf-8")

    def refuse(self: Path, *args, **kwargs):  # chmod 000 would not stop root, who may run the tests
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    error = only_error(read_all(path))
    assert (error.origin, error.reason) == (str(path), "cannot read: permission denied")


def test_read_inputs_directory_broken_symlink_is_error(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    results = read_all(tmp_path)
    assert results[0] == DocumentError(str(tmp_path / "gone.txt"), "no such file or directory")
    assert [doc.id for doc in documents(results)] == ["ok"]


def test_document_error_str_is_one_line(tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text('{"text": "a\nb"}\n{\n', encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\0\1\2")
    results = read_all(bad_json, binary, tmp_path / "nope", "-", stdin=io.StringIO(""))
    assert len(errors(results)) == len(results) >= 4
    for error in errors(results):
        assert "\n" not in str(error) and "\r" not in str(error)


def test_read_inputs_single_string_is_type_error() -> None:
    with pytest.raises(TypeError):
        list(read_inputs("a.txt"))  # type: ignore[arg-type]


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".html", ".htm", ".jsonl", ".csv"}


# --------------------------------------------------------------------------- real corpus


@pytest.mark.skipif(not VOA_SAMPLE.exists(), reason="VOA sample corpus not available")
def test_read_inputs_voa_sample_gives_eleven_dated_documents() -> None:
    results = read_all(VOA_SAMPLE)
    docs = documents(results)
    assert not errors(results)
    assert len(docs) == 11
    assert all(doc.published is not None for doc in docs)
    assert all(doc.title and doc.url and doc.text for doc in docs)
    assert docs[0].id == "8011115" and docs[0].published == date(2025, 3, 14)
