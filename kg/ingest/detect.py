"""What an input is, told from its first bytes, and from its name only when they do not say.

>>> sniff(b'<?xml version="1.0"?>\\n<rss version="2.0"><channel>')
'feed'
>>> sniff(b"<!DOCTYPE html><html lang=en>")
'html'
>>> sniff(b"WARC/1.1\\r\\nWARC-Type: warcinfo")
'warc'
>>> kind_of("notes.txt", b"Russia and Iran signed a pact.")
'text'
"""

from __future__ import annotations

import re
import zlib

from kg.ingest._common import BOM

__all__ = ["KINDS", "kind_of", "sniff"]

#: The kinds of input kg reads.
KINDS = ("text", "jsonl", "html", "feed", "warc", "gzip")

_SUFFIX_KINDS = {".jsonl": "jsonl", ".html": "html", ".htm": "html", ".xhtml": "html",
                 ".xml": "feed", ".rss": "feed", ".atom": "feed", ".warc": "warc",
                 ".gz": "gzip"}
# Leading XML declarations, processing instructions, comments and doctypes other than HTML's.
_PROLOGUE = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype(?!\s+html)[^>]*>)*", re.I | re.S)
_FIRST_TAG = re.compile(rb"<(!doctype\s+html|[a-z][a-z0-9]*(?::[a-z0-9]+)?)", re.I)
_FEED_TAGS = (b"rss", b"feed", b"rdf:rdf")
_HTML_TAGS = (b"!doctype html", b"html", b"head", b"body")


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def sniff(head: bytes) -> str | None:
    """The kind of input whose first bytes are ``head``, or None when they do not tell."""
    if head.startswith(b"\x1f\x8b"):
        return "warc" if _gunzip_head(head).startswith(b"WARC/") else "gzip"
    head = head.removeprefix(BOM)
    if head.startswith(b"WARC/"):
        return "warc"
    rest = head[_PROLOGUE.match(head).end():]
    tag = _FIRST_TAG.match(rest)
    if tag is None:
        return None
    name = b" ".join(tag[1].lower().split())
    if name in _FEED_TAGS:
        return "feed"
    if name in _HTML_TAGS:
        return "html"
    return None


def kind_of(name: str, head: bytes) -> str:
    """The kind of the file ``name`` starting with ``head``: content first, then suffix.

    A ``.jsonl`` file is JSONL whatever it holds; a file that neither its content nor its
    suffix marks as a page, feed or archive is text.
    """
    lower = name.lower()
    if lower.endswith(".jsonl"):
        return "jsonl"
    found = sniff(head)
    if found:
        return found
    for suffix, kind in _SUFFIX_KINDS.items():
        if lower.endswith(suffix):
            return kind
    return "text"
