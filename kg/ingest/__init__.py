"""Ingest: turn files, folders, URLs, JSONL and standard input into a stream of ``Document``s.

One module per kind of input: :mod:`~kg.ingest.jsonl` (JSONL and standard input),
:mod:`~kg.ingest.html` (web pages, main text by trafilatura), :mod:`~kg.ingest.feed` (RSS and
Atom), :mod:`~kg.ingest.warc` (web archives), :mod:`~kg.ingest.web` (URLs, fetched with httpx);
:mod:`~kg.ingest.detect` tells them apart by content, and :mod:`~kg.ingest.duplicates` marks
wire copies. Plain text is kept exactly as read (after removing a UTF-8 byte order mark), and
every offset downstream is a character offset into ``Document.text``. Whatever cannot be read
is skipped, reported through ``on_skip`` and logged on ``kg.ingest`` at WARNING; the build
stage counts skips.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from kg.errors import InputError
from kg.ingest._common import SNIFF, Found, Report, Skip, Unreadable, cannot, decode
from kg.ingest.detect import kind_of
from kg.ingest.duplicates import mark_duplicates
from kg.ingest.web import FetchOptions, is_url
from kg.types import Document

__all__ = ["SUFFIXES", "FetchOptions", "Skip", "iter_documents", "mark_duplicates",
           "read_text_file"]

log = logging.getLogger("kg.ingest")

#: The name endings read from a folder (case-insensitive). A file named explicitly is read
#: whatever its name: its content says what it is (see :func:`kg.ingest.detect.kind_of`).
SUFFIXES = (".txt", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".xml", ".rss", ".atom",
            ".warc", ".warc.gz")


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
        return decode(Path(path).read_bytes())
    except OSError as exc:
        raise InputError(cannot(exc), str(path)) from None
    except Unreadable as exc:
        raise InputError(str(exc), str(path)) from None


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    stdin: TextIO | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    fetch: FetchOptions | None = None,
) -> Iterator[Document]:
    """Stream the documents of files, folders, URLs and standard input, in the order given.

    Parameters
    ----------
    inputs : iterable of str or path
        Files (text, Markdown, web pages, RSS/Atom feeds, WARC archives, ``.jsonl``; what a
        file is is told from its content, then its suffix), folders (read recursively in sorted
        path order, only the `SUFFIXES`, hidden files and folders skipped), ``http(s)://``
        URLs (a page, a feed whose items are fetched as pages, or an archive), or ``"-"`` for
        standard input (JSONL when its first non-blank character is ``{``, else one text
        document with id ``stdin``).
    stdin : text stream, optional
        What ``"-"`` reads; ``sys.stdin`` by default.
    on_skip : callable, optional
        Called with a `Skip` for every file, record or URL not read (each is also logged).
    exclude : iterable of str or path, optional
        Folders not to walk into (``kg build`` excludes its own output folder).
    fetch : FetchOptions, optional
        Timeout, size limit, redirects and user agent of URL fetches.

    Returns
    -------
    iterator of kg.types.Document
        Lazily: a JSONL file is read one line at a time, an archive one record at a time. A
        document whose id was already seen is skipped; the first one wins.

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
    items: list[str | Path] = [i if isinstance(i, str) and (i == "-" or is_url(i)) else Path(i)
                               for i in inputs]
    for item in items:
        if isinstance(item, Path) and not item.exists():
            raise InputError("no such file or directory", str(item))
    if items.count("-") > 1:
        raise InputError("standard input ('-') is given more than once")
    skip_dirs = frozenset(Path(e).resolve() for e in exclude)
    return _documents(items, stdin, on_skip, skip_dirs, fetch)


def _documents(items: list[str | Path], stdin: TextIO | None,
               on_skip: Callable[[Skip], None] | None,
               skip_dirs: frozenset[Path], fetch: FetchOptions | None) -> Iterator[Document]:
    from kg.ingest.jsonl import stdin_documents

    def report(skip: Skip) -> None:
        log.warning("%s", skip)
        if on_skip is not None:
            on_skip(skip)

    seen: dict[str, str] = {}  # document id -> where it was first read
    fetcher = None
    try:
        for item in items:
            if isinstance(item, str) and item == "-":
                found = stdin_documents(sys.stdin if stdin is None else stdin, report)
            elif isinstance(item, str):
                from kg.ingest.web import Fetcher, url_documents

                fetcher = fetcher or Fetcher(fetch)
                found = url_documents(item, fetcher, report)
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
    finally:
        if fetcher is not None:
            fetcher.close()


def _folder_documents(root: Path, report: Report, skip_dirs: frozenset[Path]) -> Found:
    def unreadable(exc: OSError) -> None:
        report(Skip(str(exc.filename or root), None, f"cannot read folder: {exc.strerror or exc}"))

    files = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = [s for s in subfolders if not s.startswith(".")
                         and Path(folder, s).resolve() not in skip_dirs]
        files += [Path(folder, n) for n in names
                  if not n.startswith(".") and n.lower().endswith(SUFFIXES)]
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


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".warc.gz", ".warc"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem


def _file_documents(path: Path, report: Report) -> Found:
    from kg.ingest.jsonl import jsonl_documents

    name = str(path)
    try:
        with path.open("rb") as fh:
            kind = kind_of(path.name, fh.read(SNIFF))
            if kind == "warc":  # streamed: an archive is never read whole
                from kg.ingest.warc import warc_documents

                fh.seek(0)
                yield from warc_documents(fh, name, _stem(path), report)
                return
    except OSError as exc:
        report(Skip(name, None, cannot(exc)))
        return
    if kind == "jsonl":
        yield from jsonl_documents(path, report)
        return
    if kind == "gzip":
        report(Skip(name, None, "a gzip file that is not a WARC archive (kg reads .warc.gz; "
                                "uncompress other files first)"))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        report(Skip(name, None, cannot(exc)))
        return
    yield from _bytes_documents(data, kind, name, path.stem, report)


def _bytes_documents(data: bytes, kind: str, name: str, stem: str, report: Report) -> Found:
    if kind == "feed":
        from kg.ingest.feed import feed_documents

        yield from feed_documents(data, name, stem, report)
        return
    try:
        if kind == "html":
            from kg.ingest.html import page_document

            doc = page_document(data, stem, name)
        else:
            text = decode(data)
            if not text.strip():
                raise Unreadable("empty document")
            doc = Document(id=stem, text=text, source=name)
    except Unreadable as exc:
        report(Skip(name, None, str(exc)))
        return
    yield doc, name, None
