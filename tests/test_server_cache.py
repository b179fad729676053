"""``kg serve``'s answers cache (issue 15): ETag and 304, and a rebuilt store seen at once."""

from __future__ import annotations

import os
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request

COUNT = ("PREFIX kg: <https://w3id.org/kg/ontology#> "
         "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Actor }")


def _request(url, query, headers=None, method="GET"):
    """(status, headers, body) of a query sent with a real HTTP client."""
    if method == "GET":
        req = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers=headers or {})
    else:
        req = urllib.request.Request(url + "/sparql", data=query.encode(), headers={
            "Content-Type": "application/sparql-query", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_server_cache_answers_again_with_the_same_etag_and_304(kg_server):
    query = COUNT + " # etag test"
    status, first, body = _request(kg_server, query, {"Accept": "text/csv"})
    assert status == 200 and first["X-KG-Cache"] == "miss" and first["ETag"].startswith('W/"')
    assert first["Cache-Control"] == "no-cache" and first["Vary"] == "Accept"
    status, again, body_again = _request(kg_server, query, {"Accept": "text/csv"})
    assert (status, again["X-KG-Cache"], again["ETag"], body_again) == (200, "hit", first["ETag"], body)
    # the client's copy is still good: 304 and no body
    status, headers, empty = _request(kg_server, query, {"Accept": "text/csv", "If-None-Match": first["ETag"]})
    assert (status, empty, headers["ETag"]) == (304, b"", first["ETag"])
    # another format is another representation, another ETag: a full answer
    status, json_headers, json_body = _request(kg_server, query, {
        "Accept": "application/sparql-results+json", "If-None-Match": first["ETag"]})
    assert status == 200 and json_headers["ETag"] != first["ETag"] and json_body.startswith(b"{")
    # a conditional POST is answered in full (304 is for GET)
    status, _, posted = _request(kg_server, query, {"Accept": "text/csv", "If-None-Match": first["ETag"]},
                                 method="POST")
    assert (status, posted) == (200, body)


def test_server_cache_keeps_no_error(kg_server):
    bad = "SELECT ?x WHERE { ?x ?y }"
    for _ in range(2):
        status, headers, body = _request(kg_server, bad)
        assert status == 400 and b"malformed" in body and "ETag" not in headers


def test_server_identical_queries_at_once_get_one_answer(kg_server):
    query = COUNT + " # at once"
    answers, errors = [], []

    def client():
        try:
            answers.append(_request(kg_server, query, {"Accept": "text/csv"})[2])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(answers) == 6 and len(set(answers)) == 1


def _rebuild_store(folder, extra_actor: str) -> None:
    """Add an actor to graph.ttl and swap in a new store, as kg build --update commits one."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.store import write_store

    kg = Namespace("https://w3id.org/kg/ontology#")
    graph = Graph().parse(folder / "graph.ttl")
    actor = URIRef(f"https://w3id.org/kg/actor/{extra_actor}")
    graph.add((actor, RDF.type, kg.Actor))
    graph.add((actor, RDFS.label, Literal(extra_actor)))
    graph.serialize(folder / "graph.ttl.new", format="turtle")
    os.replace(folder / "graph.ttl.new", folder / "graph.ttl")
    write_store(folder / "graph.ttl", folder / "store.new")
    os.rename(folder / "store", folder / "store.old")
    os.rename(folder / "store.new", folder / "store")
    shutil.rmtree(folder / "store.old")


def test_server_sees_a_rebuilt_store_and_empties_its_cache(served_dir, tmp_path):
    from kg.server import running

    folder = tmp_path / "build"
    shutil.copytree(served_dir, folder)
    with running(folder, timeout=30, workers=1) as url:
        status, headers, before = _request(url, COUNT, {"Accept": "text/csv"})
        assert status == 200 and _request(url, COUNT, {"Accept": "text/csv"})[1]["X-KG-Cache"] == "hit"
        _rebuild_store(folder, "Newland")
        status, after_headers, after = _request(url, COUNT, {"Accept": "text/csv", "If-None-Match": headers["ETag"]})
        assert status == 200 and after_headers["X-KG-Cache"] == "miss"
        assert after_headers["ETag"] != headers["ETag"]
        n_before, n_after = int(before.split()[-1]), int(after.split()[-1])
        assert n_after == n_before + 1
        label = 'SELECT ?l WHERE { <https://w3id.org/kg/actor/Newland> <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
        assert b"Newland" in _request(url, label, {"Accept": "text/csv"})[2]
