"""JSONL files and standard input: one document per record (``{"id", "text", ...}``)."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from kg.ingest._common import (BOM, SNIFF, Found, Report, Skip, Unreadable, bad_utf8,
                               binary_reason, cannot, decode, iso_date)
from kg.types import Document

__all__ = ["jsonl_documents", "stdin_documents"]

log = logging.getLogger("kg.ingest")

_OPTIONAL = ("title", "date", "source", "url")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def jsonl_documents(path: Path, report: Report) -> Found:
    """The documents of a JSONL file, read one line at a time."""
    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        report(Skip(name, None, cannot(exc)))
        return
    with fh:
        reason = binary_reason(fh.read(SNIFF))
        if reason:
            report(Skip(name, None, reason))
            return
        fh.seek(0)
        yield from _records(fh, name, path.stem, report)


def _numbered(lines: Iterable[bytes | str]) -> Iterator[tuple[int, str | Unreadable]]:
    """Number lines from 1 and decode bytes as strict UTF-8 (an error stands in for a bad line)."""
    offset = 0
    for number, line in enumerate(lines, 1):
        if isinstance(line, str):
            yield number, line.removeprefix("\ufeff") if number == 1 else line
            continue
        bom = len(BOM) if number == 1 and line.startswith(BOM) else 0
        try:
            yield number, line[bom:].decode("utf-8")
        except UnicodeDecodeError as exc:
            at = offset + bom + exc.start
            yield number, Unreadable(bad_utf8(line[bom + exc.start], at, number))
        offset += len(line)


def _records(lines: Iterable[bytes | str], name: str, stem: str, report: Report) -> Found:
    bad_date_logged = False
    for number, line in _numbered(lines):
        if isinstance(line, Unreadable):
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
        except Unreadable as exc:
            report(Skip(name, number, str(exc)))
            continue
        if raw_date and not doc.date and not bad_date_logged:
            log.warning("%s: date %r is not an ISO date (YYYY-MM-DD...), left empty; later bad "
                        "dates in %s are not reported", where, raw_date, name)
            bad_date_logged = True
        yield doc, name, number


def _record(record: Any, where: str, default_id: str) -> tuple[Document, str]:
    """The document of one JSONL record and its raw date; `Unreadable` if it has none."""
    if not isinstance(record, dict):
        raise Unreadable(f"record is {_json_type(record)}, not a JSON object")
    if "text" not in record:
        raise Unreadable("record has no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        raise Unreadable(f"'text' is {_json_type(text)}, not a string")
    if not text.strip():
        raise Unreadable("empty document")
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
    doc = Document(id=doc_id, text=text, title=fields["title"], date=iso_date(fields["date"]),
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


def _unbom(text: Any) -> Any:
    return text.removeprefix(BOM if isinstance(text, bytes) else "\ufeff")


def stdin_documents(stream: TextIO, report: Report) -> Found:
    """Standard input: JSONL when its first non-blank character is ``{``, else one text."""
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
        yield from _records(itertools.chain(head, lines), name, "stdin", report)
        return
    try:
        if isinstance(probe, bytes):
            text = decode(probe + source.read())
        else:
            text = (probe + source.read()).removeprefix("\ufeff")
            if "\0" in text:
                raise Unreadable("binary file")
    except Unreadable as exc:
        report(Skip(name, None, str(exc)))
        return
    if not text.strip():
        report(Skip(name, None, "empty document"))
        return
    yield Document(id="stdin", text=text, source=name), name, None
