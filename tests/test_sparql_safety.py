"""The safety check of kg.sparql (issue 15): lexical, fast, and SERVICE never reaches a server."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.errors import QueryError
from kg.sparql import check_query, named_queries, run_query

#: SERVICE spelled every way a user (or an attacker) might: name -> query with {url}
SERVICE_SPELLINGS = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "case": "select * where {{ sErViCe <{url}> {{ ?s ?p ?o }} }}",
    "comment": "SELECT * WHERE {{ SERVICE#a comment\n<{url}>\n{{ ?s ?p ?o }} }}",
    "newlines-silent": "SELECT * WHERE {{\nSERVICE\n\n  SiLeNt\n<{url}> {{ ?s ?p ?o }} }}",
    "after-prefix": "PREFIX service: <urn:x#> SELECT * {{ BIND(service:a AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    # "<" read as less-than: the "#" after SERVICE comments the ">" out (an IRI to a tokenizer)
    "less-than-comment": "SELECT * WHERE {{ BIND(1 AS ?o) FILTER(?o<2)SERVICE#>\n<{url}>{{ ?s ?p ?o }} }}",
    "unicode-escape": "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "long-escape": "SELECT * WHERE {{ \\U00000053erVICE <{url}> {{ ?s ?p ?o }} }}",
    "variable": "SELECT * WHERE {{ VALUES ?x {{ <{url}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
    "subquery": "SELECT * {{ {{ SELECT ?s {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "ask": "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "construct": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
}
#: spellings Oxigraph itself runs over HTTP (checked below, so the list cannot go stale)
REACHES_WITHOUT_KG = ("plain", "case", "comment", "newlines-silent", "after-prefix",
                      "less-than-comment", "subquery", "ask", "construct")


def test_sparql_safety_the_counting_server_counts(counting_http_server):
    """The control: Oxigraph alone does reach the local server, so a count of 0 means something."""
    import pyoxigraph as ox

    url, hits = counting_http_server
    store = ox.Store()
    for name in REACHES_WITHOUT_KG:
        before = len(hits)
        try:
            answer = store.query(SERVICE_SPELLINGS[name].format(url=url))
            bool(answer) if isinstance(answer, ox.QueryBoolean) else list(answer)
        except (OSError, RuntimeError, SyntaxError):
            pass
        assert len(hits) > before, f"{name}: Oxigraph did not call the server"


@pytest.mark.parametrize("name", sorted(SERVICE_SPELLINGS))
def test_sparql_safety_service_never_reaches_a_server(counting_http_server, rdf_graph, name):
    url, hits = counting_http_server
    query = SERVICE_SPELLINGS[name].format(url=url)
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(QueryError, match="SERVICE clauses are refused|malformed"):
            run_query(rdf_graph, query, engine=engine)
    assert hits == []


def test_sparql_safety_service_never_reaches_a_server_through_kg_serve(counting_http_server,
                                                                      kg_server):
    url, hits = counting_http_server
    for name, text in SERVICE_SPELLINGS.items():
        for request in (
            urllib.request.Request(kg_server + "/sparql?" + urllib.parse.urlencode({"query": text.format(url=url)})),
            urllib.request.Request(kg_server + "/sparql", data=text.format(url=url).encode(),
                                   headers={"Content-Type": "application/sparql-query"}),
        ):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(request, timeout=30)
            assert err.value.code == 400, name
            assert b"SERVICE clauses are refused" in err.value.read(), name
    assert hits == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",
        "select * from\n named <urn:g> where { graph ?g { ?s ?p ?o } }",
        "SELECT * #\nFROM#\n<urn:g> { ?s ?p ?o }",
        "DESCRIBE <urn:x> \\u0046ROM <urn:g>",
    ],
)
def test_sparql_safety_from_is_refused(rdf_graph, query):
    with pytest.raises(QueryError, match="FROM and FROM NAMED are refused"):
        run_query(rdf_graph, query)


@pytest.mark.parametrize(
    ("query", "op"),
    [
        ("insert data { <urn:a> <urn:b> <urn:c> }", "INSERT DATA"),
        ("PREFIX x: <urn:x#>\n# a comment\nDeLeTe\nWHERE { ?s ?p ?o }", "DELETE WHERE"),
        ("LOAD SILENT <http://127.0.0.1:9/evil.ttl> INTO GRAPH <urn:g>", "LOAD"),
        ("ADD DEFAULT TO <urn:g>", "ADD"),
        ("COPY <urn:a> TO <urn:b>", "COPY"),
        ("MOVE <urn:a> TO <urn:b>", "MOVE"),
        ("WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE/INSERT"),
    ],
)
def test_sparql_safety_updates_are_refused(rdf_graph, query, op):
    before = len(rdf_graph)
    with pytest.raises(QueryError, match=f"updates \\({op}\\) are refused"):
        run_query(rdf_graph, query)
    assert len(rdf_graph) == before


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { ?x ?p "service from load drop" }',  # words in strings
        "SELECT ?x WHERE { ?x <http://example.org/service/from> ?o }",  # and in IRIs
        "# drop all, from the header\nSELECT ?x WHERE { ?x ?p ?o } # insert data",
        "PREFIX ex: <http://example.org/> SELECT ?from ?service WHERE { ?from ex:load ?service }",
        "SELECT ?x WHERE { ?x ?p ?o FILTER(?o < 3 && ?o > 1) }",
    ],
)
def test_sparql_safety_keywords_inside_strings_iris_and_names_are_fine(rdf_graph, query):
    assert run_query(rdf_graph, query).kind == "SELECT"


def test_sparql_safety_named_queries_pass_the_lexical_check_only(monkeypatch):
    """The shipped queries never need the full parser (the slow path of the check)."""
    import kg.sparql

    def parsed(query):
        raise AssertionError("the full parser was used")

    monkeypatch.setattr(kg.sparql, "_check_parsed", parsed)
    for name, text in named_queries().items():
        assert check_query(text) in ("SELECT", "ASK", "CONSTRUCT"), name
