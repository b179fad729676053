"""``kg serve`` (issue 15): the SPARQL 1.1 Protocol with real clients, the pages in Chromium."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph

from tests.conftest import SERVE_EVIL_ID, XSS_IMG, XSS_SCRIPT

PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SUPPLIERS = PREFIXES + """SELECT ?supplier WHERE {
  ?s kg:supplies ?r . ?r kg:actorId "RUS" . ?s rdfs:label ?supplier } ORDER BY ?supplier"""
CONSTRUCT = PREFIXES + "CONSTRUCT { ?r kg:suppliedBy ?s } WHERE { ?s kg:supplies ?r }"
#: a cartesian product of the graph with itself four times: far longer than the 3 s timeout
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _get(url, query, accept=None, method="GET"):
    if method == "GET":
        req = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    elif method == "POST":
        req = urllib.request.Request(url + "/sparql", data=query.encode(),
                                     headers={"Content-Type": "application/sparql-query"})
    else:
        req = urllib.request.Request(url + "/sparql", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    if accept:
        req.add_header("Accept", accept)
    with urllib.request.urlopen(req, timeout=60) as response:
        return response.headers["Content-Type"], response.read()


def _status(request) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _wrapper(url, query, fmt, method="GET"):
    from SPARQLWrapper import POST, SPARQLWrapper

    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "POST":
        sparql.setMethod(POST)
    return sparql.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_server_sparqlwrapper_select_in_every_format(kg_server, method):
    from SPARQLWrapper import CSV, JSON, TSV, XML

    expected = ["Iran", "North Korea"]
    doc = _wrapper(kg_server, SUPPLIERS, JSON, method).convert()
    assert [b["supplier"]["value"] for b in doc["results"]["bindings"]] == expected
    xml = _wrapper(kg_server, SUPPLIERS, XML, method).convert()  # an xml.dom Document
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == expected
    rows = list(csv.reader(io.StringIO(_wrapper(kg_server, SUPPLIERS, CSV, method).convert().decode())))
    assert rows == [["supplier"], ["Iran"], ["North Korea"]]
    tsv = _wrapper(kg_server, SUPPLIERS, TSV, method).convert().decode().splitlines()
    assert tsv == ["?supplier", '"Iran"', '"North Korea"']


def test_server_sparqlwrapper_ask_and_construct(kg_server):
    from SPARQLWrapper import JSON, JSONLD, N3, TURTLE, XML

    assert _wrapper(kg_server, PREFIXES + "ASK { ?x kg:supplies ?y }", JSON).convert()["boolean"] is True
    assert _wrapper(kg_server, PREFIXES + "ASK { ?x kg:actorId 'nobody' }", JSON).convert()["boolean"] is False
    assert "<boolean>true</boolean>" in _wrapper(kg_server, "ASK { ?s ?p ?o }", XML).convert().toxml()
    for fmt in (TURTLE, N3, JSONLD):
        graph = _wrapper(kg_server, CONSTRUCT, fmt).convert()
        if not isinstance(graph, Graph):  # SPARQLWrapper returns Turtle as bytes
            graph = Graph().parse(data=graph, format="turtle")
        assert len(graph) == 2, fmt  # PRK and IRN supply RUS; NATO -> UKR is negated: no triple


@pytest.mark.parametrize(
    ("accept", "content_type", "parse"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_server_construct_formats_by_accept(kg_server, accept, content_type, parse):
    ctype, body = _get(kg_server, CONSTRUCT, accept)
    assert ctype.split(";")[0] == content_type
    assert len(Graph().parse(data=body, format=parse)) == 2


@pytest.mark.parametrize("method", ["GET", "POST", "FORM"])
def test_server_select_formats_by_accept(kg_server, method):
    answers = {
        "application/sparql-results+json": lambda b: [r["supplier"]["value"] for r in json.loads(b)["results"]["bindings"]],
        "text/csv;q=0.9, application/json;q=0.1": lambda b: b.decode().split("\r\n")[1:3],
        "text/tab-separated-values": lambda b: [v.strip('"') for v in b.decode().splitlines()[1:]],
        "application/sparql-results+xml": lambda b: [v.split("<")[0] for v in b.decode().split("<literal>")[1:]],
    }
    for accept, read in answers.items():
        ctype, body = _get(kg_server, SUPPLIERS, accept, method)
        assert read(body) == ["Iran", "North Korea"], (accept, ctype)
    ctype, _ = _get(kg_server, SUPPLIERS, None, method)
    assert ctype == "application/sparql-results+json"


def test_server_rdflib_sparqlstore(kg_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    for method, fmt in (("GET", "xml"), ("POST_FORM", "json"), ("POST", "csv")):
        graph = Graph(store=SPARQLStore(kg_server + "/sparql", method=method, returnFormat=fmt))
        assert [str(r[0]) for r in graph.query(SUPPLIERS)] == ["Iran", "North Korea"], method
    graph = Graph(store=SPARQLStore(kg_server + "/sparql"))
    assert graph.query(PREFIXES + "ASK { ?x kg:supplies ?y }").askAnswer is True
    turtle = Graph(store=SPARQLStore(kg_server + "/sparql", returnFormat="turtle"))
    assert len(turtle.query(CONSTRUCT).graph) == 2


def test_server_refuses_updates_with_403(kg_server, served_dir):
    from SPARQLWrapper import POST, SPARQLWrapper

    url = kg_server + "/sparql"
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    sparql = SPARQLWrapper(url, updateEndpoint=url)
    sparql.setMethod(POST)
    sparql.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as err:
        sparql.query()
    assert err.value.code == 403
    requests = [
        urllib.request.Request(url, data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        urllib.request.Request(url, data=urllib.parse.urlencode({"update": insert}).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"}),
        urllib.request.Request(url, data=b"DROP ALL", headers={"Content-Type": "application/sparql-query"}),
        urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": "clear\n#\nall"})),
    ]
    for request in requests:
        status, text = _status(request)
        assert status == 403 and "refused" in text, text
    assert _get(kg_server, "ASK { <urn:a> <urn:b> <urn:c> }", "application/json")[1].endswith(b"false}")


def test_server_bad_requests_have_clear_errors(kg_server):
    url = kg_server + "/sparql"
    cases = [
        (urllib.request.Request(url + "?query=SELEC%20%3Fx"), 400, "malformed SPARQL query"),
        (urllib.request.Request(url + "?query=SELECT%20*%20%7B"), 400, "malformed SPARQL query"),
        (urllib.request.Request(url + "?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "exactly one 'query'"),
        (urllib.request.Request(url + "?query=ASK%7B%7D&default-graph-uri=urn:g"), 400, "refused"),
        (urllib.request.Request(url + "?query=ASK%7B%7D", headers={"Accept": "image/png"}), 406, "come as"),
        (urllib.request.Request(url, data=b"ASK {}", headers={"Content-Type": "text/plain"}), 415, "Content-Type"),
        (urllib.request.Request(url + "?query=%FF"), 400, "UTF-8"),
    ]
    for request, status, text in cases:
        got, body = _status(request)
        assert (got, text in body) == (status, True), (request.full_url, body)


def test_server_oversized_requests_are_refused(kg_server):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000  # the fixture's limit is 4 KiB
    status, text = _status(urllib.request.Request(
        kg_server + "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}))
    assert status == 413 and "larger than 4096 bytes" in text
    status, text = _status(urllib.request.Request(
        kg_server + "/sparql", data=urllib.parse.urlencode({"query": big}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"}))
    assert status == 413
    status, text = _status(urllib.request.Request(kg_server + "/sparql?" + urllib.parse.urlencode({"query": big})))
    assert status == 414
    assert _get(kg_server, "ASK { ?s ?p ?o }", "application/json")[1].endswith(b"true}")  # still serving


def test_server_query_timeout_stops_the_query_and_keeps_serving(kg_server):
    status, text = _status(urllib.request.Request(kg_server + "/sparql?" + urllib.parse.urlencode({"query": SLOW})))
    assert status == 503 and "timed out" in text and "3 s" in text
    # both workers are free again (the stopped one was replaced): two queries at once succeed
    # (texts of their own, so that they run on the workers rather than come from the cache)
    results = []
    threads = [threading.Thread(target=lambda i=i: results.append(_get(kg_server, SUPPLIERS + f" # {i}", "text/csv")))
               for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [r[1].decode().split("\r\n")[1] for r in results] == ["Iran", "Iran"]


def test_server_one_worker_answers_quick_queries_while_a_slow_one_runs(served_dir):
    """Queries run in threads of a worker: one that runs to its timeout holds up no other."""
    import time

    from kg.server import running

    with running(served_dir, timeout=4, workers=1) as url:
        slow = {}
        thread = threading.Thread(target=lambda: slow.update(answer=_status(urllib.request.Request(
            url + "/sparql?" + urllib.parse.urlencode({"query": SLOW})))))
        thread.start()
        time.sleep(0.5)  # the slow query is running on the one worker
        quick = []
        for i in range(3):
            t0 = time.monotonic()
            rows = _get(url, SUPPLIERS + f" # quick {i}", "text/csv")[1].decode().split("\r\n")
            quick.append((rows[1], time.monotonic() - t0 < 3))
        thread.join(60)
        assert quick == [("Iran", True)] * 3, quick
        assert slow["answer"][0] == 503
        assert _get(url, SUPPLIERS + " # after", "text/csv")[1].decode().split("\r\n")[1] == "Iran"


def test_server_concurrent_queries_all_succeed(kg_server):
    errors, answers = [], []

    def client():
        try:
            for _ in range(5):
                answers.append(_get(kg_server, SUPPLIERS, "text/csv")[1])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and len(answers) == 40 and len(set(answers)) == 1


def _snapshot(folder):
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def test_server_never_writes_the_build_folder(served_dir, kg_server):
    before = _snapshot(served_dir)
    for query in (SUPPLIERS, CONSTRUCT, "ASK { ?s ?p ?o }"):
        _get(kg_server, query)
    _status(urllib.request.Request(kg_server + "/sparql", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                   headers={"Content-Type": "application/sparql-update"}))
    urllib.request.urlopen(kg_server + "/actor/RUS", timeout=60).read()
    assert _snapshot(served_dir) == before


def test_server_actor_page_in_chromium(kg_server, browser, open_served):
    page, left, dialogs = open_served(browser, kg_server + "/actor/RUS")
    assert page.locator("h1").inner_text() == "Russia"
    card = page.locator("dl.card").inner_text()
    assert "State" in card and "RUS" in card and "Q159" in card
    relations = page.locator("h3.relation").all_inner_texts()
    assert any(t.startswith("North Korea supplies Russia") for t in relations), relations
    assert any(t.startswith("Russia attacks Ukraine") for t in relations), relations
    evidence = page.locator("li.evidence").all_inner_texts()
    assert any("Pyongyang supplies artillery shells to Moscow." in e for e in evidence)
    page.get_by_role("link", name="North Korea").first.click()
    page.wait_for_url(kg_server + "/actor/PRK")
    assert page.locator("h1").inner_text() == "North Korea"
    assert left == [] and dialogs == []
    page.close()


def test_server_actor_page_escapes_markup(kg_server, browser, open_served):
    page, left, dialogs = open_served(browser, kg_server + "/actor/" + SERVE_EVIL_ID)
    assert page.locator("h1").inner_text() == XSS_SCRIPT  # shown as text, not run
    assert XSS_IMG in page.locator("li.evidence").first.inner_text()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("script, img").count() == 0
    ukraine, _, _ = open_served(browser, kg_server + "/actor/UKR")
    assert XSS_SCRIPT in ukraine.locator("body").inner_text()
    assert ukraine.evaluate("() => window.__pwned") is None
    assert left == [] and dialogs == []
    page.close()
    ukraine.close()


def test_server_unknown_actor_is_a_404_page(kg_server):
    for actor in ("NOPE", "%22%3E%3Cscript%3E"):
        status, text = _status(urllib.request.Request(kg_server + "/actor/" + actor))
        assert status == 404 and "<script>" not in text


def test_server_explorer_and_actor_list_in_chromium(kg_server, browser, open_served):
    page, left, dialogs = open_served(browser, kg_server + "/")
    page.wait_for_function("() => typeof network !== 'undefined' && network !== null")
    assert page.evaluate("() => nodes.length") >= 11
    actors, _, _ = open_served(browser, kg_server + "/actors")
    assert actors.locator("table tr").count() == 13  # a header and 12 actors
    actors.get_by_role("link", name="Iran").click()
    actors.wait_for_url(kg_server + "/actor/IRN")
    assert "Iran supplies Russia" in actors.locator("#relations").inner_text()
    assert left == [] and dialogs == []
    page.close()
    actors.close()


def test_server_declares_the_graphs_prefixes(kg_server):
    _, body = _get(kg_server, 'SELECT ?l WHERE { ?a kg:actorId "RUS" ; rdfs:label ?l }', "text/csv")
    assert body.decode().splitlines() == ["l", "Russia"]


def test_server_cors_only_for_the_origins_allowed(kg_server, served_dir):
    from kg.server import running

    def allowed(url, origin):
        request = urllib.request.Request(url + "/sparql?query=ASK%7B%7D", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.headers.get("Access-Control-Allow-Origin")

    assert allowed(kg_server, "https://evil.example") is None  # the default: no web page reads it
    with running(served_dir, workers=1, allow_origins=("https://yasgui.example",)) as url:
        assert allowed(url, "https://yasgui.example") == "https://yasgui.example"
        assert allowed(url, "https://evil.example") is None
        preflight = urllib.request.Request(url + "/sparql", method="OPTIONS", headers={
            "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type"})
        with urllib.request.urlopen(preflight, timeout=60) as response:
            assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_server_cli_needs_a_matching_store(invoke, tmp_path):
    (tmp_path / "graph.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    result = invoke("serve", tmp_path, "--port", "0")
    assert result.exit_code == 2
    assert "no Oxigraph store matching graph.ttl" in result.stderr and "kg build" in result.stderr
    assert invoke("serve", tmp_path, "--timeout", "0").exit_code == 2


def test_server_queries_of_a_worker_killed_at_a_timeout_are_answered_by_another(served_dir, monkeypatch):
    """A query that times out kills its worker; the queries that worker was also running are
    sent again, to a fresh worker, and answered. The worker is stopped (SIGSTOP) as the first
    query is handed to it, so that it answers none: the queries below are all pinned on it,
    running, until the pool kills it at the first one's deadline (2 s; the others have 60 s,
    so that a fresh worker has time to start and answer them)."""
    import os
    import queue
    import signal

    from kg.server import pool, running

    handed: queue.Queue = queue.Queue()  # (worker pid, query) as the pool hands each to a worker
    stopped: list[int] = []
    submit, run = pool._Worker.submit, pool.QueryPool.run

    def stop_then_submit(self, ident, query, kind, fmt):
        if not stopped:
            os.kill(self.process.pid, signal.SIGSTOP)  # it reads nothing more: its queries hang
            stopped.append(self.process.pid)
        handed.put((self.process.pid, query))
        return submit(self, ident, query, kind, fmt)

    async def run_with_deadline(self, query, kind, fmt):
        self.timeout = 2.0 if query.endswith("# first") else 60.0  # read as the query starts
        return await run(self, query, kind, fmt)

    monkeypatch.setattr(pool._Worker, "submit", stop_then_submit)
    monkeypatch.setattr(pool.QueryPool, "run", run_with_deadline)
    answers: dict[str, tuple[int, str]] = {}

    def ask(name, query):
        answers[name] = _status(urllib.request.Request(
            url + "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "text/csv"}))

    victims = {f"victim {i}": SUPPLIERS + f" # victim {i}" for i in range(2)}
    with running(served_dir, timeout=60, workers=1) as url:
        threads = [threading.Thread(target=ask, args=("first", SUPPLIERS + " # first"))]
        threads[0].start()
        first_pid, _ = handed.get(timeout=60)  # the first query is on the stopped worker
        for name, query in victims.items():
            threads.append(threading.Thread(target=ask, args=(name, query)))
            threads[-1].start()
            assert handed.get(timeout=60) == (first_pid, query)  # on the stopped worker too
        for thread in threads:
            thread.join(120)
        again = [handed.get_nowait() for _ in range(handed.qsize())]
    status, text = answers["first"]
    assert status == 503 and "timed out" in text  # the first one, unanswered, timed out
    for name in victims:
        assert answers[name] == (200, "supplier\r\nIran\r\nNorth Korea\r\n"), name
    assert sorted(query for _, query in again) == sorted(victims.values())  # each sent again, once
    assert first_pid not in {pid for pid, _ in again}  # to another worker


def test_server_bounds_the_request_head_and_line(kg_server):
    """httptools' parser under uvicorn, bounded as h11 is: an overlong head is refused with 431
    and an overlong request line with 414, and a connection kept open serves request after
    request (the bound is per request)."""
    import http.client
    from urllib.parse import urlsplit

    from kg.server.http11 import MAX_LINE, http_protocol

    long_url = kg_server + "/sparql?" + urllib.parse.urlencode({"query": "ASK {} #" + "x" * MAX_LINE})
    status, text = _status(urllib.request.Request(long_url))
    assert status == 414 and f"longer than {MAX_LINE} bytes" in text
    status, text = _status(urllib.request.Request(kg_server + "/sparql?query=ASK%7B%7D",
                                                  headers={"X-Big": "y" * 30_000}))
    assert status == 431 and "request head is longer than" in text  # the fixture's head: 20 KiB
    parts = urlsplit(kg_server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        for i in range(3):  # 3 heads of 15 KB on one connection, each under the bound
            conn.request("GET", f"/sparql?query=ASK%7B%7D%23{i}", headers={"X-Big": "y" * 15_000})
            response = conn.getresponse()
            assert (response.status, response.read()) == (200, b'{"head":{},"boolean":true}'), i
    finally:
        conn.close()
    assert http_protocol(MAX_LINE + 2, 100_000) == "h11"  # longer URLs allowed: h11 parses them
