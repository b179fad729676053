"""The SPARQL 1.1 Protocol's query operation: where the query is, and which format to answer in.

A query comes as ``GET /sparql?query=...``, as ``POST`` with ``Content-Type:
application/sparql-query`` (the query is the body) or as ``POST`` of an HTML form
(``application/x-www-form-urlencoded``, field ``query``). The result format is chosen from the
``Accept`` header (q-values and wildcards honoured): SPARQL JSON, XML, CSV or TSV for SELECT and
ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

__all__ = ["GRAPH_TYPES", "ProtocolError", "RESULT_TYPES", "negotiate", "query_from"]

#: media type -> pyoxigraph QueryResultsFormat name, for SELECT and ASK (first: the default)
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/json": "JSON",
    "application/xml": "XML",
    "text/xml": "XML",
}
#: media type -> pyoxigraph RdfFormat name, for CONSTRUCT and DESCRIBE (first: the default)
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "application/x-turtle": "TURTLE",
    "application/turtle": "TURTLE",
    "text/plain": "N_TRIPLES",
    "application/json": "JSON_LD",
}
#: the media type each format is answered with
CONTENT_TYPES = {
    "JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml",
    "CSV": "text/csv; charset=utf-8", "TSV": "text/tab-separated-values; charset=utf-8",
    "TURTLE": "text/turtle; charset=utf-8", "N_TRIPLES": "application/n-triples",
    "JSON_LD": "application/ld+json", "RDF_XML": "application/rdf+xml",
}


@dataclass
class ProtocolError(Exception):
    """A request the endpoint answers with an error: HTTP ``status`` and a one-line message."""

    status: int
    message: str

    def __str__(self) -> str:
        return self.message


def _accepted(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header, best first (ties keep their order)."""
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges if q > 0]


def negotiate(accept: str | None, kind: str) -> tuple[str, str]:
    """(format name, Content-Type) for a result of ``kind`` and an ``Accept`` header.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    ('XML', 'application/sparql-results+xml')
    >>> negotiate("*/*", "CONSTRUCT")
    ('TURTLE', 'text/turtle; charset=utf-8')
    """
    offers = GRAPH_TYPES if kind == "CONSTRUCT" else RESULT_TYPES
    default = next(iter(offers))
    if not accept or not accept.strip():
        return offers[default], CONTENT_TYPES[offers[default]]
    for media, _ in _accepted(accept):
        if media in offers:
            return offers[media], CONTENT_TYPES[offers[media]]
        if media == "*/*":
            return offers[default], CONTENT_TYPES[offers[default]]
        if media.endswith("/*"):
            for offer in offers:
                if offer.startswith(media[:-1]):
                    return offers[offer], CONTENT_TYPES[offers[offer]]
    what = "SELECT and ASK results" if kind != "CONSTRUCT" else "CONSTRUCT and DESCRIBE results"
    raise ProtocolError(406, f"cannot answer {accept!r}; {what} come as: "
                             f"{', '.join(dict.fromkeys(offers))}")


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1:
        raise ProtocolError(400, f"give exactly one '{name}' parameter (got {len(values)})")
    return values[0]


def query_from(method: str, url_query: str, content_type: str, body: bytes) -> str:
    """The query text of a request, or a :class:`ProtocolError` saying what was wrong.

    Updates (``application/sparql-update``, an ``update`` field) are refused with 403; a
    dataset in the request (``default-graph-uri``, ``named-graph-uri``) with 400, as FROM is.
    """
    try:
        params = parse_qs(url_query, keep_blank_values=True, strict_parsing=False,
                          errors="strict")
        media = content_type.split(";")[0].strip().lower()
        if method == "POST" and media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                        errors="strict").items():
                params.setdefault(key, []).extend(values)
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request is not valid UTF-8") from None
    if method == "POST" and media == "application/sparql-update" or "update" in params:
        raise ProtocolError(403, "SPARQL updates are refused: this endpoint is read-only")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            raise ProtocolError(400, f"'{name}' is refused: a query reads only the served graph")
    if method == "GET":
        return _one(params, "query")
    if media == "application/sparql-query":
        if "query" in params:
            raise ProtocolError(400, "a POST of application/sparql-query has the query as its body")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query is not valid UTF-8") from None
    if media == "application/x-www-form-urlencoded":
        return _one(params, "query")
    raise ProtocolError(415, f"unsupported Content-Type {media or 'none'!r}; POST "
                             "application/sparql-query or application/x-www-form-urlencoded")
