"""What every reader of :mod:`kg.ingest` shares: `Skip`, strict UTF-8 decoding, ISO dates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date as _date

from kg.types import Document

__all__ = ["Found", "Report", "Skip", "Unreadable", "bad_utf8", "binary_reason", "cannot",
           "decode", "iso_date"]

BOM = b"\xef\xbb\xbf"
SNIFF = 8192  # bytes looked at to decide what a file is
_CONTROL = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])  # not \t \n \v \f \r ESC
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?![\d])")


@dataclass(frozen=True)
class Skip:
    """A file or record that was not read; ``str()`` gives ``path:line: reason``."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class Unreadable(Exception):
    """A file or record to skip; the message is the reason."""


#: (document, path, line) triples, as every reader yields them.
Found = Iterator[tuple[Document, str, "int | None"]]
#: What a reader calls with a `Skip`.
Report = Callable[[Skip], None]


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the start of a file) is not UTF-8 text, or None when it may be."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary file (it looks like UTF-16 text: save it as UTF-8)"
    head = head[:SNIFF]
    controls = len(head.translate(None, _NOT_CONTROL))
    if b"\0" in head or (head and controls / len(head) > 0.1):
        return "binary file"
    return None


def bad_utf8(byte: int, offset: int, line: int) -> str:
    return (f"invalid UTF-8 at byte offset {offset} (line {line}, byte 0x{byte:02x}); "
            "kg reads UTF-8 only: convert the file (e.g. iconv -f cp1252 -t utf-8)")


def decode(data: bytes) -> str:
    """Decode a whole file as strict UTF-8 without its BOM, or raise `Unreadable`."""
    reason = binary_reason(data) or ("binary file" if b"\0" in data else None)
    if reason:
        raise Unreadable(reason)
    bom = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        raise Unreadable(bad_utf8(data[offset], offset, data.count(b"\n", 0, offset) + 1)) from None


def cannot(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def iso_date(value: str) -> str:
    """``YYYY-MM-DD`` when ``value`` starts with a valid ISO date (a time may follow), else ""."""
    match = _DATE.match(value.strip())
    try:
        return _date.fromisoformat(match[1]).isoformat() if match else ""
    except ValueError:  # 2024-02-30
        return ""
