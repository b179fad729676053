"""Feeds: an RSS or Atom file (feedparser) gives one document per item.

An item's text is its full content where the feed carries it (``content:encoded``, Atom
``<content>``), else its summary, and then the document is marked ``summary=True``.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import date as _date
from typing import Any

from kg.ingest._common import Found, Report, Skip, Unreadable
from kg.ingest.html import fragment_text
from kg.types import Document

__all__ = ["FeedItem", "feed_documents", "feed_items", "item_document"]

log = logging.getLogger("kg.ingest")


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, its text already out of its markup."""

    number: int  # from 1, in the feed's order
    title: str
    date: str
    link: str
    author: str
    text: str
    summary: bool  # ``text`` is the item's summary, the feed has no full text for it


@functools.cache
def _feedparser():
    import feedparser

    return feedparser


def _date_of(entry: Any) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return _date(*parsed[:3]).isoformat()
            except (TypeError, ValueError):
                continue
    return ""


def _text_of(entry: Any) -> tuple[str, bool]:
    for content in entry.get("content") or ():
        text = fragment_text(content.get("value") or "")
        if text:
            return text, False
    summary = entry.get("summary") or ""
    return (fragment_text(summary) if summary else ""), True


def feed_items(data: bytes) -> list[FeedItem]:
    """The items of an RSS or Atom feed, or raise `Unreadable` when ``data`` is none.

    Nothing is fetched: feedparser reads the bytes given.
    """
    try:
        parsed = _feedparser().parse(data)  # bytes: never read as a URL
    except Exception as exc:  # feedparser's parsers raise many unrelated exception types
        raise Unreadable(f"not a feed: {exc}") from None
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        if problem is not None or not parsed.get("version"):
            detail = " ".join(str(problem).split()) if problem is not None else "no RSS or Atom"
            raise Unreadable(f"not a feed (RSS or Atom): {detail}")
        raise Unreadable("the feed has no items")
    items = []
    for number, entry in enumerate(entries, 1):
        text, summary = _text_of(entry)
        items.append(FeedItem(number, " ".join((entry.get("title") or "").split()),
                              _date_of(entry), (entry.get("link") or "").strip(),
                              (entry.get("author") or "").strip(), text, summary))
    return items


def item_document(item: FeedItem, doc_id: str, source: str) -> Document:
    """The document of a feed item (its own text), or raise `Unreadable` if it has none."""
    if not item.text.strip():
        raise Unreadable(f"item {item.number} has no text (neither content nor summary)")
    return Document(id=doc_id, text=item.text, title=item.title, date=item.date, source=source,
                    url=item.link, author=item.author, summary=item.summary)


def feed_documents(data: bytes, name: str, stem: str, report: Report) -> Found:
    """The documents of a feed file: ids ``<stem>-<item number>``."""
    try:
        items = feed_items(data)
    except Unreadable as exc:
        report(Skip(name, None, str(exc)))
        return
    for item in items:
        try:
            doc = item_document(item, f"{stem}-{item.number}", f"{name}#{item.number}")
        except Unreadable as exc:
            report(Skip(name, None, str(exc)))
            continue
        yield doc, name, None
