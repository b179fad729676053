"""Web archives: a ``.warc`` or ``.warc.gz`` file (warcio) gives one document per HTML response.

The archive is streamed record by record (a crawl of many gigabytes is never held in memory);
a page's body is read up to `MAX_PAGE_BYTES`. Redirects, errors (404 ...) and responses that are
not HTML (PDF, images) are passed over and logged at INFO; a page without main text, and an
archive cut short, are reported as skips.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from typing import BinaryIO

from kg.ingest._common import Found, Report, Skip, Unreadable
from kg.ingest.html import page_document

__all__ = ["MAX_PAGE_BYTES", "warc_documents"]

log = logging.getLogger("kg.ingest")

#: A response body longer than this is skipped.
MAX_PAGE_BYTES = 10_000_000
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_documents(stream: BinaryIO, name: str, stem: str, report: Report) -> Found:
    """The documents of the HTML responses of a WARC stream: ids ``<stem>-<record number>``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    pages = 0
    head = stream.read(2)
    stream.seek(0)
    if head == b"\x1f\x8b":  # Python's gzip notices a stream cut short; warcio's reader does not
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
    try:
        for number, record in enumerate(ArchiveIterator(stream), 1):
            found = _record_document(record, number, name, stem, report)
            if found is not None:
                pages += 1
                yield found, name, None
    except Exception as exc:  # noqa: BLE001 - warcio also fails with AttributeError on garbage
        known = isinstance(exc, (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError))
        detail = " ".join(str(exc).split()) if known else "a malformed record"
        kept = f"; the {pages} pages read before are kept" if pages else ""
        report(Skip(name, None, f"not a readable WARC archive after {number} records "
                                f"(truncated or corrupt: {detail or type(exc).__name__}){kept}"))
        return
    if not pages:
        log.warning("%s: no HTML page in this archive (%d records)", name, number)


def _record_document(record, number: int, name: str, stem: str, report: Report):
    if record.rec_type != "response" or record.http_headers is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    status = record.http_headers.get_statuscode() or ""
    if status != "200":
        log.info("%s: record %d (%s): HTTP %s, not a page", name, number, uri, status)
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type and content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        log.info("%s: record %d (%s): %s, not a page", name, number, uri,
                 content_type.split(";")[0].strip())
        return None
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    where = f"record {number} ({uri})"
    if len(body) > MAX_PAGE_BYTES:
        report(Skip(name, None, f"{where}: page larger than {MAX_PAGE_BYTES} bytes"))
        return None
    try:
        return page_document(body, f"{stem}-{number}", f"{name}#{number}", url=uri,
                             content_type=content_type)
    except Unreadable as exc:
        report(Skip(name, None, f"{where}: {exc}"))
        return None
