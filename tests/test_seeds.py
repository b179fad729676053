"""The seed articles end to end: what issues 4 and 5 promise of out/ for the seeds."""

from __future__ import annotations

import json

import pyoxigraph
import pyshacl
import pytest
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from kg.namespace import KG
from kg.resources import ontology_path
from kg.sparql import run_query

pytestmark = pytest.mark.model

PREFIX = ("PREFIX kg: <https://w3id.org/kg/ontology#>\n"
          "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
          "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")


@pytest.fixture(scope="module")
def seed_graph(seed_out):
    return Graph().parse(seed_out / "graph.ttl", format="turtle")


def test_seeds_graph_conforms_to_the_shapes(seed_graph):
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    ontology = Graph().parse(ontology_path("kg.ttl"))
    conforms, _, text = pyshacl.validate(seed_graph, shacl_graph=shapes, ont_graph=ontology)
    assert conforms, text


def test_seeds_graph_parses_in_oxigraph_and_round_trips(seed_out, seed_graph):
    store = pyoxigraph.Store()
    store.load(path=str(seed_out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(seed_graph)
    for fmt in ("nt", "json-ld", "turtle"):
        again = Graph().parse(data=seed_graph.serialize(format=fmt), format=fmt)
        assert isomorphic(again, seed_graph), fmt


def test_seeds_russia_is_supplied_by_north_korea_and_iran(seed_out):
    result = run_query(seed_out / "graph.ttl", PREFIX + """
        SELECT DISTINCT ?who WHERE {
          ?russia rdfs:label "Russia" ; kg:suppliedBy ?s . ?s rdfs:label ?who }""")
    assert {"North Korea", "Iran"} <= {row[0] for row in result.rows}


def test_seeds_evidence_for_north_korea_supplying_russia(seed_out):
    result = run_query(seed_out / "graph.ttl", PREFIX + """
        SELECT ?doc ?sentence WHERE {
          ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate kg:supplies ; rdf:object ?o ;
             kg:evidence ?sentence ; kg:document/kg:docId ?doc ; kg:negated false .
          ?s rdfs:label "North Korea" . ?o rdfs:label "Russia" }""")
    found = {(doc, sentence) for doc, sentence in result.rows}
    assert any(doc == "003_246957e7765c6b33" and "North Korea has sent 1,500 troops to Russia" in s
               for doc, s in found)
    assert any(doc == "000_53706ec53348a28c" and "Pyongyang has sent" in s for doc, s in found)


def test_seeds_blocs(seed_out):
    blocs = json.loads((seed_out / "blocs.json").read_text(encoding="utf-8"))
    members = [{m["label"] for m in b["members"]} for b in blocs["blocs"]]
    east = next(b for b in members if "Russia" in b)
    west = next(b for b in members if "Ukraine" in b)
    assert {"Russia", "North Korea", "Iran", "China"} <= east
    assert {"Ukraine", "United States", "NATO"} <= west
    assert not any({"Russia", "Ukraine"} <= b for b in members)
    top = {(h["source_label"], h["target_label"]) for h in blocs["cross_bloc_hostilities"][:3]}
    assert ("Russia", "Ukraine") in top or ("Ukraine", "Russia") in top


def test_seeds_analyze_table_names_russia_ukraine(seed_out, tmp_path):
    from typer.testing import CliRunner

    import kg.cli

    kg.cli._register()
    result = CliRunner().invoke(kg.cli.app, ["analyze", str(seed_out / "graph.ttl"), "--out",
                                             str(tmp_path)])
    assert result.exit_code == 0, result.output
    hostilities = result.output[result.output.index("Strongest hostilities"):]
    assert "Russia" in hostilities and "Ukraine" in hostilities


@pytest.mark.browser
def test_seeds_html_renders_offline(browser, open_offline, seed_out, seed_graph):
    page, left, dialogs = open_offline(browser, seed_out / "graph.html")
    canvas = page.locator("#mynetwork canvas").bounding_box()
    assert canvas and canvas["width"] > 100 and canvas["height"] > 100
    actors = set(seed_graph.subjects(RDF.type, KG.Actor))
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    data = page.evaluate("() => JSON.parse(document.getElementById('kg-data').textContent)")
    assert len(data["actors"]) == len(actors)
    page.locator("#kg-isolates").check()  # the actors without a relation are hidden at first
    assert page.evaluate("() => nodes.get({filter: n => !n.hidden}).length") == len(actors)
    assert left == [] and dialogs == []
