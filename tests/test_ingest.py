"""Tests of kg.ingest: formats, folders, ids, skips, errors, streaming."""

from __future__ import annotations

import io
import json
import logging
import tracemalloc
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Skip, iter_documents, read_text_file
from kg.types import Document


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def _jsonl(path: Path, *lines: object) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    return _write(path, text)


@pytest.fixture
def warnings_seen():
    """The messages logged at WARNING on ``kg.ingest`` (independent of the ``kg`` handlers)."""
    logger = logging.getLogger("kg.ingest")
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def _read(inputs, **kwargs) -> tuple[list[Document], list[Skip]]:
    skips: list[Skip] = []
    docs = list(iter_documents(inputs, on_skip=skips.append, **kwargs))
    return docs, skips


# --- formats ------------------------------------------------------------------------------


def test_ingest_txt_is_read_exactly(tmp_path):
    text = "  Pyongyang sent troops to Russia.\r\nKyiv protested.\n\n"
    path = _write(tmp_path / "a.txt", text)
    docs, skips = _read([path])
    assert skips == []
    assert docs == [Document(id="a", text=text, title="", date="", source=str(path), url="")]


def test_ingest_md_is_read_as_text(tmp_path):
    text = "# NATO summit\n\nThe alliance *met* in Vilnius.\n"
    path = _write(tmp_path / "notes.md", text)
    [doc] = _read([path])[0]
    assert (doc.id, doc.text, doc.title) == ("notes", text, "")


def test_ingest_html_keeps_the_main_text_without_scripts_and_styles(tmp_path):
    markup = """<!doctype html><html><head><title>Sanctions &amp; Talks</title>
    <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
    <body><noscript>enable JS</noscript><template><p>hidden</p></template>
    <article><h1>Breaking</h1><p>The EU&nbsp;sanctions Russia&#8217;s banks, officials in
    Brussels said on Monday after a long meeting of the member states' ministers.</p>
    <p>Moscow called the measures hostile and promised a response.</p></article>
    <!-- comment --></body></html>"""
    path = _write(tmp_path / "page.HTML", markup)
    [doc] = _read([path])[0]
    assert doc.id == "page"
    assert doc.title == "Breaking"  # the article's headline, before the page's <title>
    assert doc.text == ("Breaking\n\nThe EU sanctions Russia\u2019s banks, officials in Brussels "
                        "said on Monday after a long meeting of the member states' ministers.\n\n"
                        "Moscow called the measures hostile and promised a response.")


def test_ingest_jsonl_with_all_fields(tmp_path):
    path = _jsonl(
        tmp_path / "news.jsonl",
        {"id": "r1", "text": "Iran supplies Hezbollah.", "title": "T", "date": "2024-03-05",
         "source": "Reuters", "url": "https://example.org/r1"},
        {"id": "r2", "text": "Moscow warned Kyiv."},
    )
    docs, skips = _read([path])
    assert skips == []
    assert docs == [
        Document("r1", "Iran supplies Hezbollah.", "T", "2024-03-05", "Reuters", "https://example.org/r1"),
        Document("r2", "Moscow warned Kyiv.", "", "", f"{path}:2", ""),
    ]


def test_ingest_jsonl_non_string_optional_fields(tmp_path, warnings_seen):
    path = _jsonl(tmp_path / "n.jsonl", {"id": "x", "text": "Text.", "title": 42, "url": ["u"]})
    docs, skips = _read([path])
    assert skips == []
    assert [(d.title, d.url) for d in docs] == [("42", "")]
    assert warnings_seen == [f"{path}:1: 'title' is a number, not a string; converted with str()",
                             f"{path}:1: 'url' is an array, not a string; dropped"]


def test_ingest_stdin_text():
    text = "\n  Beijing backs Moscow.\n"
    docs, skips = _read(["-"], stdin=io.StringIO(text))
    assert skips == []
    assert docs == [Document(id="stdin", text=text, source="<stdin>")]


def test_ingest_stdin_text_starting_with_brace_like_text_is_not_jsonl():
    docs, _ = _read(["-"], stdin=io.StringIO("NATO {draft}\n{x}"))
    assert [d.id for d in docs] == ["stdin"]


def test_ingest_stdin_jsonl():
    lines = '\n\n{"id": "a", "text": "One."}\n{"text": "Two."}\n'
    docs, skips = _read(["-"], stdin=io.StringIO(lines))
    assert skips == []
    assert [(d.id, d.text, d.source) for d in docs] == [
        ("a", "One.", "<stdin>:3"),
        ("stdin-4", "Two.", "<stdin>:4"),
    ]


def test_ingest_stdin_with_a_byte_buffer_is_decoded_exactly():
    stdin = io.TextIOWrapper(io.BytesIO("\ufeffKyiv\r\nthanked NATO.".encode("utf-8")), encoding="utf-8")
    [doc] = _read(["-"], stdin=stdin)[0]
    assert doc.text == "Kyiv\r\nthanked NATO."
    stdin = io.TextIOWrapper(io.BytesIO(b"ab\xffc"), encoding="utf-8")
    docs, skips = _read(["-"], stdin=stdin)
    assert docs == [] and [str(s) for s in skips] == [
        "<stdin>: invalid UTF-8 at byte offset 2 (line 1, byte 0xff); "
        "kg reads UTF-8 only: convert the file (e.g. iconv -f cp1252 -t utf-8)"]


def test_ingest_stdin_given_twice_is_an_error():
    with pytest.raises(InputError, match="more than once"):
        iter_documents(["-", "-"], stdin=io.StringIO("x"))


# --- folders ------------------------------------------------------------------------------


def test_ingest_folder_recursion_order_and_suffix_filter(tmp_path):
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a/z.md", "a/y/x.HTM", "a.txt", "c.jsonl", "skip.pdf", "notes.csv",
                ".hidden.txt", ".git/inside.txt", "d/.secret/e.txt"]:
        content = '{"id": "c1", "text": "J."}\n' if rel.endswith("jsonl") else f"<p>{rel}</p>"
        _write(root / rel, content)
    docs, skips = _read([root])
    assert skips == []
    assert [d.id for d in docs] == ["x", "z", "a", "b", "c1"]
    assert docs[0].source == str(root / "a" / "y" / "x.HTM")


def test_ingest_empty_folder_warns(tmp_path, warnings_seen):
    folder = tmp_path / "empty"
    _write(folder / "data.csv", "a,b\n")
    _write(folder / ".draft.txt", "hidden")
    assert _read([folder]) == ([], [])
    assert len(warnings_seen) == 1 and warnings_seen[0].startswith(f"{folder}: no .txt, .md")


def test_ingest_explicit_odd_suffix_is_read_as_text(tmp_path):
    path = _write(tmp_path / "article.text", "Seoul and Tokyo met.")
    [doc] = _read([str(path)])[0]
    assert (doc.id, doc.text) == ("article", "Seoul and Tokyo met.")


# --- ids ----------------------------------------------------------------------------------


def test_ingest_ids_from_stem_jsonl_numeric_and_missing(tmp_path):
    txt = _write(tmp_path / "000_53706ec53348a28c.txt", "Text.")
    jl = _jsonl(tmp_path / "batch.jsonl",
                {"id": "abc", "text": "A."}, {"id": 12, "text": "B."}, {"text": "C."})
    docs, skips = _read([txt, jl])
    assert skips == []
    assert [d.id for d in docs] == ["000_53706ec53348a28c", "abc", "12", "batch-3"]


def test_ingest_duplicate_ids_first_wins(tmp_path):
    jl = _jsonl(tmp_path / "one.jsonl", {"id": "a", "text": "first"}, {"id": "a", "text": "second"})
    txt = _write(tmp_path / "a.txt", "third")
    docs, skips = _read([jl, txt])
    assert [d.text for d in docs] == ["first"]
    assert [(s.path, s.line) for s in skips] == [(str(jl), 2), (str(txt), None)]
    assert f"{jl}:1" in skips[0].reason and str(skips[0]).startswith(f"{jl}:2: duplicate")
    assert f"{jl}:1" in str(skips[1])


# --- skips --------------------------------------------------------------------------------


def test_ingest_bom_is_removed(tmp_path):
    path = _write(tmp_path / "bom.txt", b"\xef\xbb\xbfRussia")
    jl = _write(tmp_path / "bom.jsonl", b'\xef\xbb\xbf{"id": "j", "text": "x"}\n')
    docs, skips = _read([path, jl])
    assert skips == []
    assert [d.text for d in docs] == ["Russia", "x"]


@pytest.mark.parametrize("content", ["", "  \n\t\r\n"])
def test_ingest_empty_and_whitespace_only_documents_are_skipped(tmp_path, content):
    path = _write(tmp_path / "e.txt", content)
    html = _write(tmp_path / "e.html", "<html><script>x</script></html>")
    jl = _jsonl(tmp_path / "e.jsonl", {"id": "w", "text": content})
    docs, skips = _read([path, html, jl])
    assert docs == []
    assert [str(s) for s in skips] == [
        f"{path}: empty document", f"{html}: empty document: no main text found in the page",
        f"{jl}:1: empty document"]


def test_ingest_binary_file_is_skipped(tmp_path):
    png = _write(tmp_path / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    ctl = _write(tmp_path / "ctl.md", bytes([1, 2, 3, 4, 5, 6, 7, 65] * 100))
    late_nul = _write(tmp_path / "late.txt", b"a" * 20000 + b"\x00")
    jl = _write(tmp_path / "bin.jsonl", b"\x00\x01\x02" * 10)
    utf16 = _write(tmp_path / "u16.txt", "Kyiv".encode("utf-16"))
    docs, skips = _read([png, ctl, late_nul, jl, utf16])
    assert docs == []
    assert [s.reason.split(" (")[0] for s in skips] == ["binary file"] * 5
    assert "UTF-16" in skips[-1].reason


def test_ingest_invalid_utf8_names_file_and_offset(tmp_path):
    path = _write(tmp_path / "latin1.txt", "Caf\u00e9 talks\n".encode("utf-8") + "S\u00e3o".encode("latin-1"))
    docs, skips = _read([path])
    assert docs == []
    [skip] = skips
    assert skip.path == str(path)
    assert "invalid UTF-8 at byte offset 13 (line 2" in str(skip)
    assert str(skip).startswith(f"{path}: ")
    with pytest.raises(InputError, match="byte offset 13") as info:
        read_text_file(path)
    assert str(path) in str(info.value)


def test_ingest_invalid_utf8_in_jsonl_skips_the_line(tmp_path):
    good = b'{"id": "a", "text": "ok"}\n'
    path = _write(tmp_path / "x.jsonl", good + b'{"id": "b", "text": "\xff"}\n' + good.replace(b'"a"', b'"c"'))
    docs, skips = _read([path])
    assert [d.id for d in docs] == ["a", "c"]
    assert [(s.line, f"byte offset {len(good) + 21}" in s.reason) for s in skips] == [(2, True)]


def test_ingest_malformed_jsonl_line_in_the_middle(tmp_path):
    path = _jsonl(tmp_path / "m.jsonl", {"id": "a", "text": "A."}, '{"id": "b", "text": ',
                  {"id": "c", "text": "C."})
    docs, skips = _read([path])
    assert [d.id for d in docs] == ["a", "c"]
    [skip] = skips
    assert (skip.path, skip.line) == (str(path), 2)
    assert str(skip).startswith(f"{path}:2: malformed JSON: Expecting value")


def test_ingest_records_with_missing_or_non_string_text(tmp_path):
    path = _jsonl(tmp_path / "t.jsonl", {"id": "a"}, {"id": "b", "text": 5}, {"id": "c", "text": None},
                  [1, 2], "42", {"id": "d", "text": "ok"})
    docs, skips = _read([path])
    assert [d.id for d in docs] == ["d"]
    assert [str(s) for s in skips] == [
        f"{path}:1: record has no 'text' field",
        f"{path}:2: 'text' is a number, not a string",
        f"{path}:3: 'text' is null, not a string",
        f"{path}:4: record is an array, not a JSON object",
        f"{path}:5: record is a number, not a JSON object",
    ]


def test_ingest_skips_are_logged(tmp_path, warnings_seen):
    path = _jsonl(tmp_path / "l.jsonl", "not json")
    docs, skips = _read([path])
    assert docs == [] and len(skips) == 1
    assert warnings_seen == [str(skips[0])]


def test_ingest_missing_input_raises_before_anything_is_yielded(tmp_path):
    good = _write(tmp_path / "good.txt", "Text.")
    missing = tmp_path / "nope" / "missing.txt"
    skips: list[Skip] = []
    with pytest.raises(InputError, match="no such file or directory") as info:
        iter_documents([good, missing], on_skip=skips.append)
    assert str(missing) in str(info.value)
    assert info.value.path == str(missing)
    assert skips == []


def test_ingest_single_path_string_is_one_input(tmp_path):
    path = _write(tmp_path / "solo.txt", "Text.")
    assert [d.id for d in iter_documents(str(path))] == ["solo"]


# --- dates --------------------------------------------------------------------------------


def test_ingest_dates_are_normalised(tmp_path, warnings_seen):
    dates = ["2024-03-05", "2024-03-05T10:22:00Z", " 2024-03-05 10:22", "5 March 2024",
             "2024-02-30", "20240305", 2024, "2024-03-051"]
    path = _jsonl(tmp_path / "d.jsonl", *({"id": str(i), "text": "x", "date": d} for i, d in enumerate(dates)))
    docs, skips = _read([path])
    assert skips == []
    assert [d.date for d in docs] == ["2024-03-05"] * 3 + [""] * 5
    bad = [m for m in warnings_seen if "not an ISO date" in m]
    assert len(bad) == 1 and bad[0].startswith(f"{path}:4: date '5 March 2024'")


# --- streaming ----------------------------------------------------------------------------


def test_ingest_jsonl_is_streamed(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"id": f"d{i}", "text": f"Document {i}: " + "Moscow warned Kyiv. " * 4})
                      + "\n" for i in range(200_000))
    size = path.stat().st_size
    assert size > 10_000_000
    tracemalloc.start()
    try:
        docs = iter_documents([path])
        first = next(docs)
        rest = [next(docs) for _ in range(9)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first.id == "d0" and [d.id for d in rest] == [f"d{i}" for i in range(1, 10)]
    assert peak < size / 50, f"peak {peak} bytes while reading 10 records of a {size}-byte file"
    docs.close()


def test_ingest_jsonl_odd_ids_and_deep_nesting(tmp_path, warnings_seen):
    path = _jsonl(tmp_path / "o.jsonl", {"id": ["x"], "text": "A."}, {"id": "", "text": "B."},
                  "[" * 100_000, {"id": 1.5, "text": "C."})
    docs, skips = _read([path])
    assert [d.id for d in docs] == ["o-1", "o-2", "1.5"]
    assert [str(s) for s in skips] == [f"{path}:3: malformed JSON: nested too deeply"]
    assert warnings_seen[0] == f"{path}:1: 'id' is an array, not a string or number; using 'o-1'"


def test_ingest_hidden_folder_named_explicitly_is_read(tmp_path):
    _write(tmp_path / ".cache" / "a.txt", "Text.")
    assert [d.id for d in iter_documents([tmp_path / ".cache"])] == ["a"]


def test_ingest_empty_stdin_is_skipped():
    docs, skips = _read(["-"], stdin=io.StringIO(""))
    assert docs == [] and [str(s) for s in skips] == ["<stdin>: empty document"]
