"""Web pages, feeds and web archives in, as documents: main text only, metadata, bad input skipped.

The page and the feed are files written for these tests (tests/data/ingest/); the archives are
written here with warcio. Nothing is fetched.
"""

from __future__ import annotations

import gzip
import io
import logging
import random
from pathlib import Path

import pytest

from kg.ingest import Skip, iter_documents
from kg.ingest.detect import kind_of

DATA = Path(__file__).resolve().parent / "data" / "ingest"
BOILERPLATE = ("cookies", "Accept all", "Related stories", "Iran threatens Israel", "Turkey",
               "reader_1984", "Daily Ledger", "Sport", "Privacy", "By Anna Keller")

ARTICLE = ("<p>Japan and Australia agreed on Monday to hold joint air exercises every year, the "
           "defence ministers of the two countries said after a meeting in Tokyo.</p>"
           "<p>The agreement follows a visit by Australian officials to a Japanese base.</p>")


def _read(inputs):
    skips: list[Skip] = []
    return list(iter_documents(inputs, on_skip=skips.append)), skips


def _page(title: str, body: str, head: str = "") -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"</head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Contact us, China, India</footer></body></html>").encode()


def test_ingest_page_keeps_the_article_and_its_metadata():
    [doc], skips = _read([DATA / "news_page.html"])
    assert skips == []
    assert doc.id == "news_page"
    assert doc.title == "Germany to send air defence systems to Ukraine"
    assert (doc.date, doc.author) == ("2024-06-11", "Anna Keller")
    assert doc.url == "https://ledger.example.org/world/europe/germany-air-defence-ukraine"
    assert doc.text.startswith("Germany to send air defence systems to Ukraine\n\nGermany will send")
    assert doc.text.endswith("without electricity for hours at a time.")
    for words in BOILERPLATE:
        assert words not in doc.text


def test_ingest_page_found_by_content_whatever_its_suffix(tmp_path):
    path = tmp_path / "saved-page.txt"
    path.write_bytes(_page("Joint exercises", ARTICLE))
    [doc], _ = _read([path])
    assert doc.title == "Joint exercises"
    assert "Contact us" not in doc.text and "Home" not in doc.text
    assert kind_of("x.bin", path.read_bytes()) == "html"


def test_ingest_page_without_main_text_is_skipped_naming_the_file(tmp_path, caplog):
    path = tmp_path / "menu.html"
    path.write_bytes(b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        docs, skips = _read([path])
    assert docs == []
    assert [str(s) for s in skips] == [f"{path}: empty document: no main text found in the page"]
    assert [r.getMessage() for r in caplog.records if r.name == "kg.ingest"] == [str(skips[0])]
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]


@pytest.mark.parametrize("charset, text", [("windows-1251", "Россия и Украина"),
                                           ("shift_jis", "日本と中国の首脳会談")])
def test_ingest_page_in_another_encoding_is_skipped_with_the_fix(tmp_path, charset, text):
    path = tmp_path / f"{charset}.html"
    body = f"<p>{text}. " * 20 + "</p>"
    path.write_bytes(_page(text, body, f"<meta http-equiv='Content-Type' "
                                       f"content='text/html; charset={charset}'>")
                     .replace(b"<meta charset='utf-8'>", b"").decode().encode(charset))
    docs, [skip] = _read([path])
    assert docs == []
    assert skip.path == str(path) and f"the page declares {charset}" in skip.reason
    assert f"iconv -f {charset} -t utf-8" in skip.reason


def test_ingest_feed_of_20_items_gives_20_dated_documents():
    docs, skips = _read([DATA / "feed_20.xml"])
    assert skips == []
    assert len(docs) == 20
    assert [d.id for d in docs] == [f"feed_20-{k}" for k in range(1, 21)]
    assert [d.date for d in docs] == [f"2024-03-{k:02d}" for k in range(1, 21)]
    assert docs[0].title == "Japan and the Philippines sign a defence pact"
    assert docs[0].url == "https://wire.example.org/news/01"
    # Odd items carry their full text (content:encoded), even ones only a summary.
    assert [d.summary for d in docs] == [k % 2 == 1 for k in range(20)]
    assert docs[0].text.endswith("Officials gave no further details on 01 March.")
    assert "<p>" not in docs[0].text
    assert docs[1].text == ("Kenya sent the first group of police officers to Haiti to lead a "
                            "multinational security mission backed by the United Nations.")


def test_ingest_atom_feed_in_an_odd_file(tmp_path):
    path = tmp_path / "updates.dat"
    path.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:desk</id>
<updated>2024-05-02T10:00:00Z</updated>
<entry><title>Chile and Peru sign a water accord</title><id>urn:1</id>
<link href="https://desk.example.org/1"/><updated>2024-05-02T10:00:00Z</updated>
<author><name>Desk Staff</name></author>
<content type="html">&lt;p&gt;Chile and Peru signed an accord on shared rivers.&lt;/p&gt;</content></entry>
</feed>""", encoding="utf-8")
    [doc], skips = _read([path])
    assert skips == []
    assert (doc.id, doc.title, doc.date, doc.url, doc.author, doc.summary) == (
        "updates-1", "Chile and Peru sign a water accord", "2024-05-02",
        "https://desk.example.org/1", "Desk Staff", False)
    assert doc.text == "Chile and Peru signed an accord on shared rivers."


@pytest.mark.parametrize("data", [b"<rss version='2.0'><channel><item><title>cut",
                                  b"this is not XML at all, just words & <<<"])
def test_ingest_feed_that_is_not_xml_is_skipped(tmp_path, data):
    path = tmp_path / "broken.xml"
    path.write_bytes(data)
    docs, [skip] = _read([path])
    assert docs == []
    assert skip.path == str(path) and skip.reason.startswith(("not a feed", "item 1 has no text"))


# ------------------------------------------------------------------- web archives
def _warc(path: Path, records: list[tuple[str, str, int, str, bytes]], *, gz: bool) -> Path:
    """A WARC of HTTP responses (uri, status line, status, content type, body), with warcinfo."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kg tests"}))
        for uri, reason, status, ctype, body in records:
            headers = [("Content-Type", ctype)] if ctype else []
            if 300 <= status < 400:
                headers.append(("Location", uri + "/moved"))
            http = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=http))
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(
                b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n")))
    return path


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WARC_RECORDS = [
    ("https://a.example.org/talks", "OK", 200, "text/html; charset=utf-8", _page("Talks", ARTICLE)),
    ("https://a.example.org/old", "Moved Permanently", 301, "text/html", b"<a href='/new'>moved</a>"),
    ("https://a.example.org/gone", "Not Found", 404, "text/html",
     _page("Not found", "<p>" + "This page does not exist any more, sorry. " * 5 + "</p>")),
    ("https://a.example.org/report.pdf", "OK", 200, "application/pdf", PDF),
    ("https://b.example.org/aid", "OK", 200, "text/html",
     _page("Aid", "<p>" + "Norway pledged more aid to Sudan, the government in Oslo said on "
           "Wednesday, as fighting spread to the east of the country. " * 2 + "</p>")),
]


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True),
                                      ("crawl.bin", True)])
def test_ingest_warc_gives_the_html_pages_only(tmp_path, name, gz):
    path = _warc(tmp_path / name, WARC_RECORDS, gz=gz)
    docs, skips = _read([path])
    assert skips == []
    stem = name.removesuffix(".warc").removesuffix(".warc.gz").removesuffix(".bin")
    # record 1 is the warcinfo; each response is followed by its request
    assert [(d.id, d.url, d.title) for d in docs] == [
        (f"{stem}-2", "https://a.example.org/talks", "Talks"),
        (f"{stem}-10", "https://b.example.org/aid", "Aid")]
    assert docs[0].source == f"{path}#2"
    assert "Contact us" not in docs[0].text


def test_ingest_warc_in_a_folder(tmp_path):
    _warc(tmp_path / "a.warc.gz", WARC_RECORDS[:1], gz=True)
    (tmp_path / "b.gz").write_bytes(gzip.compress(b"not read from a folder"))
    docs, skips = _read([tmp_path])
    assert ([d.id for d in docs], skips) == (["a-2"], [])


def test_ingest_truncated_gzip_archive_keeps_what_was_read(tmp_path):
    noise = random.Random(0)
    filler = [(f"https://c.example.org/{k}", "Not Found", 404, "text/plain", noise.randbytes(8000))
              for k in range(12)]  # incompressible, so that the cut falls in them
    path = _warc(tmp_path / "cut.warc.gz", WARC_RECORDS + filler, gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.8)])
    docs, [skip] = _read([path])
    assert [d.id for d in docs] == ["cut-2", "cut-10"]
    assert skip.path == str(path) and "truncated or corrupt" in skip.reason


def test_ingest_truncated_gzip_that_is_no_archive_is_skipped(tmp_path):
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"Russia and China held talks. " * 50)[:60])
    docs, [skip] = _read([path])
    assert docs == [] and "gzip file that is not a WARC archive" in skip.reason


def test_ingest_warc_that_is_garbage_after_its_header_is_skipped(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    docs, [skip] = _read([path])
    assert docs == [] and skip.path == str(path)
