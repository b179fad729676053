"""Web pages: the main text of an HTML page (trafilatura) and its metadata.

Navigation, cookie banners, "related stories" boxes, comments and footers are left out: only
the article's text is kept, and every offset downstream is an offset into that text. The
title, date, author and canonical URL of the page become the document's metadata.
"""

from __future__ import annotations

import functools
import logging
import re

from kg.ingest._common import BOM, Unreadable, binary_reason, iso_date
from kg.types import Document

__all__ = ["fragment_text", "page_document"]

log = logging.getLogger("kg.ingest")

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_UTF8 = ("utf-8", "utf8", "us-ascii", "ascii")
_DOCUMENT = re.compile(r"<(?:html|body)[\s>]", re.I)


@functools.cache
def _trafilatura():
    import trafilatura  # needs lxml_html_clean (a dependency of kg) to import

    # trafilatura logs a page without main text at ERROR; kg reports it once, as a skip.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura


def declared_charset(data: bytes, content_type: str = "") -> str:
    """The charset a page declares (HTTP ``Content-Type`` first, then ``<meta>``), or ""."""
    found = _HEADER_CHARSET.search(content_type or "")
    if found:
        return found[1].lower()
    found = _CHARSET.search(data[:4096])
    return found[1].decode("ascii").lower() if found else ""


def _page_text(data: bytes, content_type: str = "") -> str:
    """The markup of a page as text: UTF-8 only (the page's declared charset named if not)."""
    reason = binary_reason(data)
    if reason:
        raise Unreadable(reason)
    bom = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        charset = declared_charset(data, content_type)
        said = f"the page declares {charset}, " if charset and charset not in _UTF8 else ""
        source = charset if said else "cp1252"
        raise Unreadable(f"not UTF-8 ({said}invalid byte 0x{data[bom + exc.start]:02x} at offset "
                         f"{bom + exc.start}); kg reads UTF-8 pages only: convert it "
                         f"(e.g. iconv -f {source} -t utf-8)") from None


def _clean(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def page_document(data: bytes, doc_id: str, source: str, *, url: str = "",
                  content_type: str = "") -> Document:
    """The document of one HTML page, or raise `Unreadable` (no main text, not UTF-8 ...).

    Paragraphs of the main text are separated by a blank line. ``url`` is where the page was
    read from; the page's canonical URL (``<link rel="canonical">``, ``og:url``) wins.
    """
    markup = _page_text(data, content_type)
    if not markup.strip():
        raise Unreadable("empty document")
    if not _DOCUMENT.search(markup[:65536]):  # a fragment: trafilatura reads whole pages only
        markup = f"<html><body>{markup}</body></html>"
    try:
        extracted = _trafilatura().bare_extraction(
            markup, url=url or None, with_metadata=True, include_comments=False,
            include_tables=False, include_images=False, deduplicate=False,
            prune_xpath=["//template", "//noscript", "//nav"])
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura on hostile markup raise many types
        raise Unreadable(f"cannot parse the page: {type(exc).__name__}: {exc}") from None
    text = _clean(extracted.text or "") if extracted is not None else ""
    if not text:
        raise Unreadable("empty document: no main text found in the page")
    meta = extracted
    return Document(id=doc_id, text=text, title=(meta.title or "").strip(),
                    date=iso_date(meta.date or ""), source=source,
                    url=(meta.url or url or "").strip(), author=(meta.author or "").strip())


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed item's content), paragraphs kept apart."""
    if "<" not in markup:
        return _clean(markup)
    traf = _trafilatura()
    try:
        extracted = traf.bare_extraction(f"<html><body><article>{markup}</article></body></html>",
                                         favor_recall=True, include_comments=False,
                                         include_tables=False, deduplicate=False)
        text = _clean(extracted.text or "") if extracted is not None else ""
        return text or _clean(traf.html2txt(f"<html><body>{markup}</body></html>"))
    except Exception:  # noqa: BLE001 - hostile markup: the item is then without text
        log.debug("cannot read the markup of a feed item", exc_info=True)
        return ""
