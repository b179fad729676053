"""GEXF 1.3 and GraphML: parsed by graphology-gexf and networkx, loaded by igraph."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis import analyze
from kg.errors import ConfigError, ExportError
from kg.exporters import get_exporter
from kg.exporters.gephi import EDGE_ATTRIBUTES, GEXF_NS, NODE_ATTRIBUTES, write_gexf, write_graphml

JS = Path(__file__).parent / "js"


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure)")
    pytest.skip(reason)


@pytest.fixture
def story(analysis_story_graph):
    return analysis_story_graph, analyze(analysis_story_graph, seed=0)


def test_gephi_gexf_is_version_13(story, tmp_path):
    graph, analysis = story
    path = tmp_path / "graph.gexf"
    get_exporter("gexf")(graph, path, analysis=analysis)
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    g = root.find(f"{{{GEXF_NS}}}graph")
    assert g.get("mode") == "dynamic" and g.get("timeformat") == "date"
    viz = "{http://gexf.net/1.3/viz}"
    node = root.find(f".//{{{GEXF_NS}}}node[@id='RUS']")
    assert node.find(f"{viz}color") is not None and float(node.find(f"{viz}size").get("value")) > 0
    spells = root.findall(f".//{{{GEXF_NS}}}spell")
    assert spells and all(s.get("start") and s.get("end") for s in spells)
    assert "None" not in path.read_text(encoding="utf-8")


def test_gephi_gexf_networkx_round_trip(story, tmp_path):
    graph, analysis = story
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path, analysis=analysis)
    H = nx.read_gexf(path)
    G = analysis.graph
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    russia = H.nodes["RUS"]
    assert russia["label"] == "Russia" and russia["type"] == "State" and russia["iso3"] == "RUS"
    assert russia["wikidata"] == "Q159" and russia["bloc"] == analysis.bloc_of["RUS"]
    assert isinstance(russia["degree"], int) and isinstance(russia["betweenness"], float)
    assert set(NODE_ATTRIBUTES) <= set(russia)
    attacks = [d for _, v, d in H.edges("RUS", data=True) if v == "UKR" and d["relation"] == "attacks"]
    assert len(attacks) == 1
    edge = attacks[0]
    assert edge["polarity"] == "hostile" and edge["count"] == 1 and edge["weight"] == 0.95
    assert edge["first_date"] == edge["last_date"] == "2024-10-18"
    assert edge["spells"] == [("2024-10-18", "2024-10-18")]
    assert set(EDGE_ATTRIBUTES) <= set(edge)
    undated = [d for _, v, d in H.edges("UKR", data=True) if v == "RUS"][0]
    assert undated["first_date"] == "" and "spells" not in undated


def test_gephi_gexf_graphology(story, tmp_path):
    node = shutil.which("node")
    if node is None:
        _need("node is not installed")
    if not (JS / "node_modules" / "graphology-gexf").is_dir():
        _need("tests/js/node_modules is missing (make js-deps)")
    graph, analysis = story
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path, analysis=analysis)
    out = subprocess.run(
        [node, str(JS / "parse_gexf.mjs"), str(path)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    parsed = json.loads(out.stdout)
    assert parsed["nodes"] == analysis.graph.number_of_nodes()
    assert parsed["edges"] == analysis.graph.number_of_edges()
    assert parsed["type"] == "directed" and parsed["multi"] is True
    assert set(NODE_ATTRIBUTES) | {"label", "color", "size"} <= set(parsed["nodeAttributes"])
    assert set(EDGE_ATTRIBUTES) | {"label", "weight", "color"} <= set(parsed["edgeAttributes"])
    russia = parsed["nodeData"]["RUS"]
    assert russia["degree"] == analysis.metrics["RUS"]["degree"] and russia["in_kb"] is True


def test_gephi_graphml_igraph(story, tmp_path):
    igraph = pytest.importorskip("igraph")
    graph, analysis = story
    path = tmp_path / "graph.graphml"
    get_exporter("graphml")(graph, path, analysis=analysis)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.vcount() == analysis.graph.number_of_nodes()
    assert g.ecount() == analysis.graph.number_of_edges()
    assert g.is_directed()
    for v in g.vs:
        assert isinstance(v["label"], str) and isinstance(v["type"], str)
        assert isinstance(v["iso3"], str) and isinstance(v["wikidata"], str)
        assert isinstance(v["in_kb"], bool)
        for name in ("bloc", "degree", "weighted_degree", "betweenness", "size"):
            assert isinstance(v[name], float | int) and not isinstance(v[name], bool)
    for e in g.es:
        assert isinstance(e["relation"], str) and isinstance(e["first_date"], str)
        assert isinstance(e["weight"], float) and isinstance(e["structural"], bool)
    russia = g.vs.find(id="RUS")
    assert russia["label"] == "Russia" and russia["bloc"] == analysis.bloc_of["RUS"]
    h = nx.read_graphml(path)
    assert h.number_of_edges() == analysis.graph.number_of_edges()


def test_gephi_deterministic(analysis_story_graph, tmp_path):
    for name in ("a", "b"):
        write_gexf(analysis_story_graph, tmp_path / f"{name}.gexf")
        write_graphml(analysis_story_graph, tmp_path / f"{name}.graphml")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()


def test_gephi_escapes_markup(analysis_nasty_graph, tmp_path):
    path = tmp_path / "nasty.gexf"
    write_gexf(analysis_nasty_graph, path)
    H = nx.read_gexf(path)
    assert H.nodes["x-evil"]["label"] == "Evil <script>window.__pwned=1</script> Corp"
    write_graphml(analysis_nasty_graph, tmp_path / "nasty.graphml")
    assert nx.read_graphml(tmp_path / "nasty.graphml").number_of_nodes() == 3


def test_gephi_empty_graph(tmp_path):
    from rdflib import Graph

    write_gexf(Graph(), tmp_path / "empty.gexf")
    assert nx.read_gexf(tmp_path / "empty.gexf").number_of_nodes() == 0
    write_graphml(Graph(), tmp_path / "empty.graphml")
    assert nx.read_graphml(tmp_path / "empty.graphml").number_of_nodes() == 0


@pytest.mark.parametrize("writer", [write_gexf, write_graphml])
def test_gephi_read_only_dir(writer, analysis_story_graph, read_only_dir):
    with pytest.raises(ExportError, match="cannot write"):
        writer(analysis_story_graph, read_only_dir / "graph.out")
    assert list(read_only_dir.iterdir()) == []


def test_gephi_unknown_option(analysis_story_graph, tmp_path):
    with pytest.raises(ConfigError, match="valid: seed"):
        write_gexf(analysis_story_graph, tmp_path / "g.gexf", colour="red")
    assert list(tmp_path.iterdir()) == []
