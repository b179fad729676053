"""Alliance blocs, centrality and hostilities on a small graph shaped like the seed story."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.analysis import (
    actor_graph,
    alliance_blocs,
    analyze,
    bloc_rows,
    centrality,
    cross_bloc_hostilities,
    frustration,
    hostility_rows,
    signed_graph,
    write_blocs_json,
)
from kg.errors import ExportError

EAST = {"RUS", "PRK", "IRN", "CHN", "hezbollah"}
WEST = {"USA", "nato", "UKR", "KOR", "ISR"}


def test_analysis_actor_graph_nodes(analysis_story_graph):
    G = actor_graph(analysis_story_graph)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == 11
    assert G.nodes["RUS"] == {
        "label": "Russia", "type": "State", "iso3": "RUS", "wikidata": "Q159",
        "mentions": 3, "in_kb": True,
    }  # fmt: skip
    assert G.nodes["nato"]["iso3"] == "" and G.nodes["nato"]["type"] == "Organization"
    assert G.nodes["vladimir-putin"]["type"] == "Person"


def test_analysis_actor_graph_edges(analysis_story_graph):
    G = actor_graph(analysis_story_graph)
    supplies = G.edges["PRK", "RUS", "supplies"]
    assert supplies["count"] == 2 and supplies["weight"] == 1.75 and supplies["sign"] == 1
    assert supplies["evidence"] == [
        ("North Korea has sent thousands of troops to Russia.", "North Korean troops head to Russia", "d1"),
        ("Pyongyang supplies artillery shells to Moscow.", "North Korean troops head to Russia", "d1"),
    ]
    assert (supplies["first_date"], supplies["last_date"]) == ("2024-10-18", "2024-10-18")
    # symmetric relations are one edge, endpoints ordered by id
    assert G.edges["PRK", "RUS", "alliedWith"]["symmetric"] is True
    assert not G.has_edge("RUS", "PRK")
    # negated evidence is left out; undated documents give no dates
    assert not G.has_edge("nato", "UKR", "supplies")
    assert G.edges["UKR", "RUS", "attacks"]["first_date"] == ""
    leader = G.edges["vladimir-putin", "RUS", "leaderOf"]
    assert leader["structural"] is True and leader["sign"] == 0
    assert G.edges["RUS", "USA", "negotiatesWith"]["polarity"] == "neutral"
    assert G.number_of_edges() == 21


def test_analysis_signed_graph(analysis_story_graph):
    S = signed_graph(actor_graph(analysis_story_graph))
    assert S.edges["RUS", "UKR"]["weight"] == -1.65  # attacks both ways
    assert S.edges["RUS", "PRK"]["weight"] == 2.65  # supplies twice + alliance
    assert not S.has_edge("RUS", "USA")  # talks are neutral
    assert not S.has_edge("vladimir-putin", "RUS")  # structural
    assert S.number_of_nodes() == 11


def test_analysis_blocs_of_the_story(analysis_story_graph):
    S = signed_graph(actor_graph(analysis_story_graph))
    blocs = alliance_blocs(S, seed=0)
    assert blocs == [EAST, WEST, {"vladimir-putin"}]
    assert frustration(S, blocs) == 0.0


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_analysis_blocs_do_not_depend_on_seed(analysis_story_graph, seed):
    S = signed_graph(actor_graph(analysis_story_graph))
    assert alliance_blocs(S, seed=seed) == [EAST, WEST, {"vladimir-putin"}]


def test_analysis_blocs_leader_joins_the_actor_led(analysis_story_graph):
    G = actor_graph(analysis_story_graph)
    S = signed_graph(G)
    leaders = [(u, v) for u, v, relation in G.edges(keys=True) if relation == "leaderOf"]
    assert leaders == [("vladimir-putin", "RUS")]
    blocs = alliance_blocs(S, seed=0, leaders=leaders)
    assert blocs == [EAST | {"vladimir-putin"}, WEST]  # memberOf (USA, nato) moves no one
    assert frustration(S, blocs) == frustration(S, alliance_blocs(S, seed=0)) == 0.0


def test_analysis_blocs_leader_with_evidence_or_two_blocs_stays_alone():
    S = nx.Graph()
    S.add_weighted_edges_from([("a", "b", 1.0), ("c", "d", 1.0), ("a", "c", -1.0), ("p", "c", -0.5)])
    S.add_nodes_from(["q", "s"])
    # p has hostile evidence of its own, q leads actors of two blocs, x is not in the graph
    leaders = [("p", "a"), ("q", "a"), ("q", "c"), ("x", "a"), ("s", "d")]
    assert alliance_blocs(S, seed=0, leaders=leaders) == [{"c", "d", "s"}, {"a", "b"}, {"p"}, {"q"}]
    assert alliance_blocs(S, seed=0) == [{"a", "b"}, {"c", "d"}, {"p"}, {"q"}, {"s"}]


def test_analysis_blocs_least_frustration():
    # two cooperative triangles tied by one weak cooperative edge, and hostility across:
    # modularity alone could merge them; the frustration of a merge is higher.
    S = nx.Graph()
    S.add_weighted_edges_from([
        ("a", "b", 1.0), ("b", "c", 1.0), ("a", "c", 1.0),
        ("x", "y", 1.0), ("y", "z", 1.0), ("x", "z", 1.0),
        ("c", "x", 0.2), ("a", "y", -1.0), ("b", "z", -1.0),
    ])  # fmt: skip
    blocs = alliance_blocs(S, seed=0)
    assert blocs == [{"a", "b", "c"}, {"x", "y", "z"}]
    assert frustration(S, blocs) == pytest.approx(0.2)
    assert frustration(S, [{"a", "b", "c", "x", "y", "z"}]) == pytest.approx(2.0)


def test_analysis_blocs_hostile_only_actor_is_alone():
    S = nx.Graph()
    S.add_weighted_edges_from([("a", "b", 1.0), ("c", "a", -0.5), ("c", "b", -0.5)])
    S.add_node("d")
    assert alliance_blocs(S, seed=0) == [{"a", "b"}, {"c"}, {"d"}]
    assert alliance_blocs(nx.Graph()) == []


def test_analysis_centrality(analysis_story_graph):
    G = actor_graph(analysis_story_graph)
    blocs = alliance_blocs(signed_graph(G), seed=0)
    metrics = centrality(G, blocs)
    assert set(metrics) == set(G)
    assert metrics["RUS"]["degree"] == 5  # PRK, UKR, IRN, CHN, USA (talks); not Putin
    assert metrics["RUS"]["weighted_degree"] == 6.3
    assert metrics["RUS"]["bloc"] == 0 and metrics["USA"]["bloc"] == 1
    assert metrics["vladimir-putin"] == {"degree": 0, "weighted_degree": 0.0, "betweenness": 0.0, "bloc": 2}
    assert max(metrics, key=lambda a: metrics[a]["betweenness"]) in {"RUS", "USA", "IRN"}


def test_analysis_cross_bloc_hostilities(analysis_story_graph):
    S = signed_graph(actor_graph(analysis_story_graph))
    blocs = alliance_blocs(S, seed=0)
    top = cross_bloc_hostilities(S, blocs, n=3)
    assert [(h["source"], h["target"], h["weight"]) for h in top] == [
        ("RUS", "UKR", 1.65), ("IRN", "ISR", 0.9), ("ISR", "hezbollah", 0.8),
    ]  # fmt: skip
    assert top[0]["source_label"] == "Russia" and (top[0]["source_bloc"], top[0]["target_bloc"]) == (0, 1)


def test_analysis_analyze_and_rows(analysis_story_graph):
    a = analyze(analysis_story_graph, seed=0)
    assert [set(b) for b in a.blocs] == [EAST | {"vladimir-putin"}, WEST]  # the leader joins Russia
    assert a.bloc_of["UKR"] == 1 and a.bloc_of["vladimir-putin"] == 0 and a.frustration == 0.0
    rows = bloc_rows(a)
    assert rows[0] == {
        "bloc": 0, "size": 6,
        "members": ["Russia", "North Korea", "Iran", "China", "Hezbollah", "Vladimir Putin"],
    }  # fmt: skip
    assert len(rows) == 2
    hostile = hostility_rows(a)
    assert hostile[0] == {"source": "Russia", "target": "Ukraine", "blocs": (0, 1), "weight": 1.65, "relations": ["attacks"]}


def test_analysis_blocs_json(analysis_story_graph, tmp_path):
    a = analyze(analysis_story_graph, seed=0)
    write_blocs_json(a, tmp_path / "blocs.json")
    first = (tmp_path / "blocs.json").read_bytes()
    write_blocs_json(analyze(analysis_story_graph, seed=0), tmp_path / "blocs.json")
    assert (tmp_path / "blocs.json").read_bytes() == first
    doc = json.loads(first)
    assert list(doc) == sorted(doc)
    assert doc["blocs"][1]["members"][0] == {"id": "ISR", "label": "Israel", "type": "State"}
    assert {m["id"] for m in doc["blocs"][0]["members"]} == EAST | {"vladimir-putin"}
    assert doc["actors"]["vladimir-putin"]["bloc"] == 0
    assert doc["actors"]["RUS"] == {
        "label": "Russia", "type": "State", "bloc": 0, "degree": 5,
        "weighted_degree": 6.3, "betweenness": a.metrics["RUS"]["betweenness"],
    }  # fmt: skip
    assert doc["frustration"] == 0.0
    assert doc["cross_bloc_hostilities"][0]["source"] == "RUS"
    assert all(len(repr(x["betweenness"]).split(".")[-1]) <= 6 for x in doc["actors"].values())


def test_analysis_blocs_json_read_only_dir(analysis_story_graph, read_only_dir):
    with pytest.raises(ExportError):
        write_blocs_json(analyze(analysis_story_graph), read_only_dir / "blocs.json")
    assert list(read_only_dir.iterdir()) == []


def test_analysis_polarity_from_graph_annotations(analysis_story_graph):
    from rdflib import Literal

    from kg.namespace import KG

    g = analysis_story_graph
    g.set((KG.negotiatesWith, KG.polarity, Literal("cooperative")))  # the graph's ontology wins
    G = actor_graph(g)
    assert G.edges["RUS", "USA", "negotiatesWith"]["polarity"] == "cooperative"


def test_analysis_cli(analysis_story_graph, tmp_path):
    from typer.testing import CliRunner

    import kg.cli

    kg.cli._register()
    graph = tmp_path / "graph.ttl"
    analysis_story_graph.serialize(graph, format="turtle")
    out = tmp_path / "out"
    result = CliRunner().invoke(kg.cli.app, ["analyze", str(graph), "--out", str(out), "--seed", "0"])
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output and "Ukraine" in result.output and "attacks" in result.output
    assert json.loads((out / "blocs.json").read_text())["blocs"][0]["id"] == 0
    missing = CliRunner().invoke(kg.cli.app, ["analyze", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "kg: error:" in missing.output
    helped = CliRunner().invoke(kg.cli.app, ["analyze", "--help"])
    assert helped.exit_code == 0 and "--seed" in helped.output
