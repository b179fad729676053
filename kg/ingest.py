"""Ingest: turn files, folders, JSONL and standard input into a stream of ``Document``s.

Text is kept exactly as read (after removing a UTF-8 byte order mark), because every offset
downstream is a character offset into ``Document.text``. Whatever cannot be read is skipped,
reported through ``on_skip`` and logged on ``kg.ingest`` at WARNING; the build stage counts skips.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import Any, TextIO

from kg._html import strip_html
from kg.errors import InputError
from kg.types import Document

__all__ = ["SUFFIXES", "Skip", "iter_documents", "read_text_file", "strip_html"]

log = logging.getLogger("kg.ingest")

#: The suffixes read from a folder (case-insensitive). A file named explicitly with any other
#: suffix is read as plain text.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")

_HTML = (".html", ".htm")
_BOM = b"\xef\xbb\xbf"
_SNIFF = 8192  # bytes looked at to decide whether a file is binary
_CONTROL = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])  # not \t \n \v \f \r ESC
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?![\d])")
_OPTIONAL = ("title", "date", "source", "url")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Skip:
    """A file or record that was not read; ``str()`` gives ``path:line: reason``."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class _Unreadable(Exception):
    """A file or record to skip; the message is the reason."""


def _binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the start of a file) is not UTF-8 text, or None when it may be."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary file (it looks like UTF-16 text: save it as UTF-8)"
    head = head[:_SNIFF]
    controls = len(head.translate(None, _NOT_CONTROL))
    if b"\0" in head or (head and controls / len(head) > 0.1):
        return "binary file"
    return None


def _decode(data: bytes) -> str:
    """Decode a whole file as strict UTF-8 without its BOM, or raise ``_Unreadable``."""
    reason = _binary_reason(data) or ("binary file" if b"\0" in data else None)
    if reason:
        raise _Unreadable(reason)
    bom = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        raise _Unreadable(_bad_utf8(data[offset], offset, data.count(b"\n", 0, offset) + 1)) from None


def _cannot(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def _bad_utf8(byte: int, offset: int, line: int) -> str:
    return (f"invalid UTF-8 at byte offset {offset} (line {line}, byte 0x{byte:02x}); "
            "kg reads UTF-8 only: convert the file (e.g. iconv -f cp1252 -t utf-8)")


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read a text file exactly: strict UTF-8, a leading BOM removed, nothing else changed.

    Line endings are kept as they are (no ``\\r\\n`` translation), so offsets into the result
    are offsets into the file's characters.

    Raises
    ------
    kg.errors.InputError
        If the file cannot be read, looks binary, or is not valid UTF-8 (the message names the
        byte offset of the first bad byte).
    """
    try:
        return _decode(Path(path).read_bytes())
    except OSError as exc:
        raise InputError(_cannot(exc), str(path)) from None
    except _Unreadable as exc:
        raise InputError(str(exc), str(path)) from None


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    stdin: TextIO | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Document]:
    """Stream the documents of files, folders and standard input, in the order given.

    Parameters
    ----------
    inputs : iterable of str or path
        Files (``.txt``, ``.md``, ``.html``/``.htm``, ``.jsonl``; any other suffix is read as
        text), folders (read recursively in sorted path order, only those suffixes, hidden
        files and folders skipped), or ``"-"`` for standard input (JSONL when its first
        non-blank character is ``{``, else one text document with id ``stdin``).
    stdin : text stream, optional
        What ``"-"`` reads; ``sys.stdin`` by default.
    on_skip : callable, optional
        Called with a `Skip` for every file or record not read (each is also logged).
    exclude : iterable of str or path, optional
        Folders not to walk into (``kg build`` excludes its own output folder).

    Returns
    -------
    iterator of kg.types.Document
        Lazily: a JSONL file is read one line at a time. A document whose id was already seen
        is skipped; the first one wins.

    Raises
    ------
    kg.errors.InputError
        At once, before anything is read, if an input path does not exist.

    Examples
    --------
    >>> import io
    >>> docs = iter_documents(["-"], stdin=io.StringIO('{"id": 7, "text": "Kyiv thanked NATO."}'))
    >>> [(d.id, d.text, d.source) for d in docs]
    [('7', 'Kyiv thanked NATO.', '<stdin>:1')]
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    items: list[str | Path] = [i if isinstance(i, str) and i == "-" else Path(i) for i in inputs]
    for item in items:
        if isinstance(item, Path) and not item.exists():
            raise InputError("no such file or directory", str(item))
    if items.count("-") > 1:
        raise InputError("standard input ('-') is given more than once")
    skip_dirs = frozenset(Path(e).resolve() for e in exclude)
    return _documents(items, stdin, on_skip, skip_dirs)


def _documents(items: list[str | Path], stdin: TextIO | None,
               on_skip: Callable[[Skip], None] | None,
               skip_dirs: frozenset[Path] = frozenset()) -> Iterator[Document]:
    def report(skip: Skip) -> None:
        log.warning("%s", skip)
        if on_skip is not None:
            on_skip(skip)

    seen: dict[str, str] = {}  # document id -> where it was first read
    for item in items:
        if isinstance(item, str):
            found = _stdin_documents(sys.stdin if stdin is None else stdin, report)
        elif item.is_dir():
            found = _folder_documents(item, report, skip_dirs)
        else:
            found = _file_documents(item, report)
        for doc, path, line in found:
            where = path if line is None else f"{path}:{line}"
            if doc.id in seen:
                report(Skip(path, line, f"duplicate document id {doc.id!r}, first read at "
                                        f"{seen[doc.id]}; the first one is kept"))
                continue
            seen[doc.id] = where
            yield doc


_Found = Iterator[tuple[Document, str, "int | None"]]
_Report = Callable[[Skip], None]


def _folder_documents(root: Path, report: _Report,
                      skip_dirs: frozenset[Path] = frozenset()) -> _Found:
    def unreadable(exc: OSError) -> None:
        report(Skip(str(exc.filename or root), None, f"cannot read folder: {exc.strerror or exc}"))

    files = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = [s for s in subfolders if not s.startswith(".")
                         and Path(folder, s).resolve() not in skip_dirs]
        files += [Path(folder, n) for n in names
                  if not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES]
    if not files:
        log.warning("%s: no %s files in this folder (hidden ones are skipped)",
                    root, ", ".join(SUFFIXES))
    for path in sorted(files, key=lambda p: p.relative_to(root).parts):
        if _special(path):  # reading a FIFO found in a folder would wait forever
            report(Skip(str(path), None, "not a regular file (a FIFO, socket or device)"))
            continue
        yield from _file_documents(path, report)


def _special(path: Path) -> bool:
    """True when ``path`` exists and is not a regular file (broken links fail when read)."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _file_documents(path: Path, report: _Report) -> _Found:
    name, suffix = str(path), path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_file(path, report)
        return
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        report(Skip(name, None, _cannot(exc)))
        return
    except _Unreadable as exc:
        report(Skip(name, None, str(exc)))
        return
    title = ""
    if suffix in _HTML:
        text, title = strip_html(text)
    if not text.strip():
        report(Skip(name, None, "empty document"))
        return
    yield Document(id=path.stem, text=text, title=title, source=name), name, None


def _jsonl_file(path: Path, report: _Report) -> _Found:
    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        report(Skip(name, None, _cannot(exc)))
        return
    with fh:
        reason = _binary_reason(fh.read(_SNIFF))
        if reason:
            report(Skip(name, None, reason))
            return
        fh.seek(0)
        yield from _jsonl_records(fh, name, path.stem, report)


def _numbered(lines: Iterable[bytes | str]) -> Iterator[tuple[int, str | _Unreadable]]:
    """Number lines from 1 and decode bytes as strict UTF-8 (an error stands in for a bad line)."""
    offset = 0
    for number, line in enumerate(lines, 1):
        if isinstance(line, str):
            yield number, line.removeprefix("\ufeff") if number == 1 else line
            continue
        bom = len(_BOM) if number == 1 and line.startswith(_BOM) else 0
        try:
            yield number, line[bom:].decode("utf-8")
        except UnicodeDecodeError as exc:
            at = offset + bom + exc.start
            yield number, _Unreadable(_bad_utf8(line[bom + exc.start], at, number))
        offset += len(line)


def _jsonl_records(lines: Iterable[bytes | str], name: str, stem: str, report: _Report) -> _Found:
    bad_date_logged = False
    for number, line in _numbered(lines):
        if isinstance(line, _Unreadable):
            report(Skip(name, number, str(line)))
            continue
        if not line.strip():
            continue
        try:  # without its line ending, a line cut short reads "Unterminated string"
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            report(Skip(name, number, f"malformed JSON: {exc.msg} (column {exc.colno})"))
            continue
        except RecursionError:
            report(Skip(name, number, "malformed JSON: nested too deeply"))
            continue
        where = f"{name}:{number}"
        try:
            doc, raw_date = _record(record, where, f"{stem}-{number}")
        except _Unreadable as exc:
            report(Skip(name, number, str(exc)))
            continue
        if raw_date and not doc.date and not bad_date_logged:
            log.warning("%s: date %r is not an ISO date (YYYY-MM-DD...), left empty; later bad "
                        "dates in %s are not reported", where, raw_date, name)
            bad_date_logged = True
        yield doc, name, number


def _record(record: Any, where: str, default_id: str) -> tuple[Document, str]:
    """The document of one JSONL record and its raw date; ``_Unreadable`` if it has none."""
    if not isinstance(record, dict):
        raise _Unreadable(f"record is {_json_type(record)}, not a JSON object")
    if "text" not in record:
        raise _Unreadable("record has no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        raise _Unreadable(f"'text' is {_json_type(text)}, not a string")
    if not text.strip():
        raise _Unreadable("empty document")
    raw_id = record.get("id")
    if isinstance(raw_id, str) and raw_id.strip():
        doc_id = raw_id
    elif isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        if raw_id not in (None, ""):
            log.warning("%s: 'id' is %s, not a string or number; using %r",
                        where, _json_type(raw_id), default_id)
        doc_id = default_id
    fields = {key: _optional(record.get(key), key, where) for key in _OPTIONAL}
    doc = Document(id=doc_id, text=text, title=fields["title"], date=_iso_date(fields["date"]),
                   source=fields["source"] or where, url=fields["url"])
    return doc, fields["date"]


def _optional(value: Any, key: str, where: str) -> str:
    """An optional field as a string: scalars through ``str()``, containers dropped (warned)."""
    if value is None or isinstance(value, str):
        return value or ""
    drop = isinstance(value, (dict, list))
    log.warning("%s: %r is %s, not a string; %s", where, key, _json_type(value),
                "dropped" if drop else "converted with str()")
    return "" if drop else str(value)


def _iso_date(value: str) -> str:
    """``YYYY-MM-DD`` when ``value`` starts with a valid ISO date (a time may follow), else ""."""
    match = _DATE.match(value.strip())
    try:
        return _date.fromisoformat(match[1]).isoformat() if match else ""
    except ValueError:  # 2024-02-30
        return ""


def _unbom(text: Any) -> Any:
    return text.removeprefix(_BOM if isinstance(text, bytes) else "\ufeff")


def _stdin_documents(stream: TextIO, report: _Report) -> _Found:
    name = "<stdin>"
    source: Any = getattr(stream, "buffer", None) or stream  # bytes when possible: exact UTF-8
    lines = iter(source)
    head: list[Any] = []
    for line in lines:  # read up to the first non-blank line to tell JSONL from text
        head.append(line)
        if _unbom(line).strip():
            break
    probe: Any = (b"" if source is not stream else "").join(head)
    is_jsonl = _unbom(probe).lstrip()[:1] in (b"{", "{")
    if is_jsonl:
        yield from _jsonl_records(itertools.chain(head, lines), name, "stdin", report)
        return
    try:
        if isinstance(probe, bytes):
            text = _decode(probe + source.read())
        else:
            text = (probe + source.read()).removeprefix("\ufeff")
            if "\0" in text:
                raise _Unreadable("binary file")
    except _Unreadable as exc:
        report(Skip(name, None, str(exc)))
        return
    if not text.strip():
        report(Skip(name, None, "empty document"))
        return
    yield Document(id="stdin", text=text, source=name), name, None
