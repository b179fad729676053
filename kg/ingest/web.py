"""URLs as inputs: pages, feeds and archives fetched with httpx, politely and within limits.

Every request sends kg's user agent, honours the site's robots.txt (fetched once per site; a
missing one allows everything, an unreachable one forbids the site), follows at most
``max_redirects`` redirects (each hop checked against robots.txt), gives up after ``timeout``
seconds without data and refuses a body larger than ``max_bytes``. A URL that fails is skipped
with a one-line reason. A feed's items are fetched as pages; an item whose page cannot be fetched
keeps the feed's own text for it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
import urllib.robotparser
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from kg.ingest._common import Found, Report, Skip, Unreadable
from kg.ingest.detect import sniff
from kg.ingest.feed import feed_items, item_document
from kg.ingest.html import page_document
from kg.ingest.warc import warc_documents

__all__ = ["FetchOptions", "Fetcher", "is_url", "url_documents", "url_id"]

log = logging.getLogger("kg.ingest")

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:
        return "0"


@dataclass(frozen=True)
class FetchOptions:
    """How kg fetches URLs."""

    timeout: float = 20.0  # seconds to connect, and between two pieces of data
    max_bytes: int = 10_000_000  # a larger body is refused
    max_redirects: int = 5
    total_timeout: float = 120.0  # seconds for one whole response, however it trickles in
    user_agent: str = ""  # "kg/<version>" when empty
    max_crawl_delay: float = 10.0  # a robots.txt Crawl-delay is honoured up to this

    def agent(self) -> str:
        return self.user_agent or f"kg/{_version()} (knowledge-graph builder; +robots.txt honoured)"


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` URL (what ``iter_documents`` fetches)."""
    return isinstance(text, str) and text.lower().startswith(("http://", "https://"))


def url_id(url: str) -> str:
    """A document id for a page fetched from ``url``: readable, distinct per URL.

    >>> url_id("https://news.example.org/world/2024/eu-sanctions.html?ref=rss")
    'news.example.org-world-2024-eu-sanctions.html-ref-rss-7da6735c'
    """
    parts = urlsplit(url)
    readable = _ID_UNSAFE.sub("-", f"{parts.netloc}{parts.path}?{parts.query}").strip("-.")[:80]
    return f"{readable}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


class FetchError(Exception):
    """A URL that could not be fetched; the message is the one-line reason."""


class Fetcher:
    """An httpx client that keeps to `FetchOptions` and to each site's robots.txt."""

    def __init__(self, options: FetchOptions | None = None):
        import httpx

        self.options = options or FetchOptions()
        self._httpx = httpx
        self._client = httpx.Client(timeout=self.options.timeout, follow_redirects=False,
                                    headers={"User-Agent": self.options.agent()})
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}  # site -> time of its last request

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _site(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _rules(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        """The robots.txt of ``site`` (None: everything allowed); FetchError if unreachable."""
        if site not in self._robots:
            try:
                status, _, body = self._get(f"{site}/robots.txt")
            except FetchError as exc:
                raise FetchError(f"robots.txt unreachable ({exc}), so the site is not read") from None
            rules = None
            if 200 <= status < 300:
                rules = urllib.robotparser.RobotFileParser()
                rules.parse(body.decode("utf-8", "replace").splitlines())
            elif status >= 500:
                raise FetchError(f"robots.txt answered HTTP {status}, so the site is not read")
            self._robots[site] = rules  # 4xx: no robots.txt, everything allowed
        return self._robots[site]

    def _get(self, url: str) -> tuple[int, dict, bytes]:
        """One GET without following redirects: (status, headers, body within max_bytes)."""
        httpx, limit = self._httpx, self.options.max_bytes
        try:
            with self._client.stream("GET", url) as response:
                size = response.headers.get("Content-Length", "")
                if size.isdigit() and int(size) > limit:
                    raise FetchError(f"body of {size} bytes is larger than the limit ({limit})")
                chunks, total = [], 0
                deadline = time.monotonic() + self.options.total_timeout
                for chunk in response.iter_bytes():
                    if time.monotonic() > deadline:
                        raise FetchError(f"took more than {self.options.total_timeout:g} s")
                    total += len(chunk)
                    if total > limit:
                        raise FetchError(f"body larger than the limit ({limit} bytes)")
                    chunks.append(chunk)
                return response.status_code, dict(response.headers), b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(" ".join(str(exc).split()) or type(exc).__name__) from None

    def _polite(self, site: str, rules) -> None:
        delay = rules.crawl_delay(self.options.agent()) if rules is not None else None
        if delay:
            wait = self._last.get(site, 0.0) + min(float(delay), self.options.max_crawl_delay)
            time.sleep(max(0.0, wait - time.monotonic()))
        self._last[site] = time.monotonic()

    def fetch(self, url: str) -> tuple[str, str, bytes]:
        """(final URL, content type, body) of ``url``; FetchError with the reason otherwise."""
        for _ in range(self.options.max_redirects + 1):
            if not is_url(url):
                raise FetchError(f"redirected to {url!r}, which is not an http(s) URL")
            site = self._site(url)
            rules = self._rules(site)
            if rules is not None and not rules.can_fetch(self.options.agent(), url):
                raise FetchError("disallowed by the site's robots.txt")
            self._polite(site, rules)
            status, headers, body = self._get(url)
            headers = {k.lower(): v for k, v in headers.items()}
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                url = urljoin(url, headers["location"])
                continue
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status}")
            return url, headers.get("content-type", ""), body
        raise FetchError(f"more than {self.options.max_redirects} redirects")


def url_documents(url: str, fetcher: Fetcher, report: Report) -> Found:
    """The documents of one URL: a page, a feed's items (fetched as pages), or an archive."""
    try:
        final, content_type, body = fetcher.fetch(url)
    except FetchError as exc:
        report(Skip(url, None, f"cannot fetch: {exc}"))
        return
    kind = sniff(body[:8192])
    if kind is None:
        mime = content_type.split(";")[0].strip().lower()
        kind = ("feed" if mime.endswith(("rss+xml", "atom+xml", "/xml")) else
                "html" if mime in ("text/html", "application/xhtml+xml") else None)
    if kind == "feed":
        yield from _feed_pages(url, body, fetcher, report)
    elif kind == "warc":
        yield from warc_documents(io.BytesIO(body), url, url_id(url), report)
    elif kind == "html":
        try:
            yield page_document(body, url_id(url), url, url=final,
                                content_type=content_type), url, None
        except Unreadable as exc:
            report(Skip(url, None, str(exc)))
    else:
        what = content_type.split(";")[0].strip() or "unknown content"
        report(Skip(url, None, f"not a page, feed or web archive ({what})"))


def _feed_pages(url: str, body: bytes, fetcher: Fetcher, report: Report) -> Found:
    try:
        items = feed_items(body)
    except Unreadable as exc:
        report(Skip(url, None, str(exc)))
        return
    for item in items:
        where = f"{url}#{item.number}"
        if is_url(item.link):
            try:
                final, content_type, page = fetcher.fetch(item.link)
                doc = page_document(page, url_id(item.link), item.link, url=final,
                                    content_type=content_type)
                # The feed's title and date are the publisher's own: they win when present.
                yield replace(doc, title=item.title or doc.title,
                              date=item.date or doc.date), item.link, None
                continue
            except (FetchError, Unreadable) as exc:
                log.warning("%s: cannot read the page of item %d (%s); the feed's own text is "
                            "used", item.link, item.number, exc)
        try:
            yield item_document(item, url_id(item.link or where), where), where, None
        except Unreadable as exc:
            report(Skip(url, None, str(exc)))
