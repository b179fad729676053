"""URLs as inputs, against an HTTP server this test starts on 127.0.0.1 (and always stops).

Pages, a feed whose items are fetched as pages, robots.txt, a timeout, a body over the size
limit, too many redirects: each failing URL is one skip with a one-line reason.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.ingest import FetchOptions, Skip, iter_documents

PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>Chile and Peru | Desk</title>"
        "</head><body><nav><a href='/'>Home</a> <a href='/w'>Brazil</a></nav><article>"
        "<h1>{title}</h1><p>{text}</p><p>Officials from both countries met again later in the "
        "week to discuss the details of the agreement and its timetable.</p></article>"
        "<aside><h3>More</h3><a href='/x'>Iran threatens Israel</a></aside></body></html>")


def _page(title: str, text: str) -> bytes:
    return PAGE.format(title=title, text=text).encode()


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Chile and Peru sign accord</title><link>{base}/items/1</link>
<pubDate>Tue, 07 May 2024 09:00:00 +0000</pubDate><description>Short.</description></item>
<item><title>Norway funds Sudan relief</title><link>{base}/items/2</link>
<pubDate>Wed, 08 May 2024 09:00:00 +0000</pubDate><description>Short too.</description></item>
<item><title>Gone item</title><link>{base}/missing</link>
<pubDate>Thu, 09 May 2024 09:00:00 +0000</pubDate>
<description>Kenya and Uganda agreed to extend their railway, the feed says.</description></item>
</channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []  # (path, user agent) of every request

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        path = self.path
        self.seen.append((path, self.headers.get("User-Agent", "")))
        base = f"http://{self.headers['Host']}"
        try:
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/page":
                self._send(200, _page("Chile and Peru sign a water accord",
                                      "Chile and Peru signed an accord on Monday on the rivers "
                                      "they share, the foreign ministry in Santiago said."))
            elif path.startswith("/items/"):
                self._send(200, _page(f"Item {path[-1]}", "Norway pledged more aid to Sudan, the "
                                      "government in Oslo said, as fighting spread to the east."))
            elif path == "/feed":
                self._send(200, FEED.format(base=base).encode(), "application/rss+xml")
            elif path == "/private/page":
                self._send(200, _page("Secret", "This page must never be fetched by kg at all."))
            elif path == "/slow":
                time.sleep(1.5)
                self._send(200, _page("Slow", "Too late."))
            elif path == "/big":
                self._send(200, b"<html><body><p>" + b"x " * 200_000 + b"</p></body></html>")
            elif path == "/stream":  # no Content-Length: the limit applies as it comes in
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(50):
                    self.wfile.write(b"<p>" + b"y " * 5000 + b"</p>")
            elif path.startswith("/hop/"):
                n = int(path.rsplit("/", 1)[1])
                self._send(302, b"", headers={"Location": f"/hop/{n + 1}"})
            elif path == "/pdf":
                self._send(200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
            else:
                self._send(404, b"not found", "text/plain")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@pytest.fixture
def server():
    """A local HTTP server on 127.0.0.1: its base URL; stopped however the test ends."""
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _read(urls, **options):
    skips: list[Skip] = []
    docs = list(iter_documents(urls, on_skip=skips.append,
                               fetch=FetchOptions(**options) if options else None))
    return docs, skips


def test_ingest_url_page_main_text_and_user_agent(server):
    [doc], skips = _read([f"{server}/page"])
    assert skips == []
    assert doc.title == "Chile and Peru sign a water accord"
    assert doc.url == f"{server}/page" and doc.source == f"{server}/page"
    assert "Iran" not in doc.text and "Home" not in doc.text
    assert doc.text.startswith("Chile and Peru sign a water accord\n\nChile and Peru signed")
    assert [p for p, _ in _Handler.seen] == ["/robots.txt", "/page"]  # robots.txt once per site
    assert all(agent.startswith("kg/") for _, agent in _Handler.seen)


def test_ingest_url_feed_items_are_fetched_as_pages(server):
    docs, skips = _read([f"{server}/feed"])
    assert skips == []
    assert [d.title for d in docs] == ["Chile and Peru sign accord", "Norway funds Sudan relief",
                                       "Gone item"]
    assert [d.date for d in docs] == ["2024-05-07", "2024-05-08", "2024-05-09"]
    assert [d.url for d in docs] == [f"{server}/items/1", f"{server}/items/2", f"{server}/missing"]
    assert docs[0].text.startswith("Item 1\n\nNorway pledged more aid") and not docs[0].summary
    # the item whose page is gone keeps the feed's own text, marked as a summary
    assert docs[2].text == "Kenya and Uganda agreed to extend their railway, the feed says."
    assert docs[2].summary


def test_ingest_url_failures_are_one_line_each(server):
    urls = [f"{server}/private/page", f"{server}/slow", f"{server}/big", f"{server}/stream",
            f"{server}/hop/0",
            f"{server}/nothing", f"{server}/pdf", f"{server}/page"]
    docs, skips = _read(urls, timeout=0.5, max_bytes=100_000, max_redirects=3)
    assert [d.title for d in docs] == ["Chile and Peru sign a water accord"]
    reasons = {s.path.removeprefix(server): s.reason for s in skips}
    assert reasons == {
        "/private/page": "cannot fetch: disallowed by the site's robots.txt",
        "/slow": "cannot fetch: timed out after 0.5 s",
        "/big": "cannot fetch: body of 400033 bytes is larger than the limit (100000)",
        "/stream": "cannot fetch: body larger than the limit (100000 bytes)",
        "/hop/0": "cannot fetch: more than 3 redirects",
        "/nothing": "cannot fetch: HTTP 404",
        "/pdf": "not a page, feed or web archive (application/pdf)",
    }
    assert all("\n" not in str(s) for s in skips)
    assert "/private/page" not in [p for p, _ in _Handler.seen]
    assert [p for p, _ in _Handler.seen if p.startswith("/hop/")] == [f"/hop/{k}" for k in range(4)]


def test_ingest_url_unreachable_site_is_a_skip_not_a_traceback():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    docs, [skip] = _read([f"http://127.0.0.1:{port}/page"], timeout=2)
    assert docs == [] and skip.reason.startswith("cannot fetch: robots.txt unreachable")


@pytest.mark.model
def test_ingest_url_build_writes_documents_jsonl(server, tmp_path):
    from kg.pipeline import build

    out = tmp_path / "out"
    report = build([f"{server}/page", f"{server}/feed", f"{server}/private/page"], out, exports=())
    assert [str(s) for s in report.skipped] == [
        f"{server}/private/page: cannot fetch: disallowed by the site's robots.txt"]
    lines = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [(d["title"], d["url"], d["duplicate_of"]) for d in lines] == [
        ("Chile and Peru sign a water accord", f"{server}/page", None),
        ("Chile and Peru sign accord", f"{server}/items/1", None),
        ("Norway funds Sudan relief", f"{server}/items/2", "%s" % lines[1]["id"]),
        ("Gone item", f"{server}/missing", None)]
    assert all(set(d) >= {"id", "title", "date", "url", "source", "words", "duplicate_of"}
               for d in lines)
    assert (out / "graph.ttl").exists()
