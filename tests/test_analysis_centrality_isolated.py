"""Issue 17: betweenness over the actors with a relation only, the same floats as networkx's."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.analysis import centrality
from kg.analysis.metrics import _betweenness, _graph, _unsigned_edges


def _actor_graph(seed: int, isolated: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"x-{k:04d}" for k in range(isolated))  # named, in no relation
    actors = [f"A{k:02d}" for k in range(20)]
    for _ in range(45):
        u, v = rng.sample(actors, 2)
        G.add_edge(u, v, key="supplies", weight=rng.choice([0.5, 0.85, 1.7]))
    G.add_edge("A00", "A01", key="leaderOf", weight=1.0, structural=True)
    return G


@pytest.mark.parametrize("seed,isolated", [(0, 0), (1, 300), (2, 1), (3, 2000)])
def test_analysis_centrality_betweenness_is_networkx_exactly(seed, isolated):
    G = _actor_graph(seed, isolated)
    edges = _unsigned_edges(G, "weight")
    U = _graph(sorted(G, key=str), edges, "weight")
    assert _betweenness(U, edges, "weight") == nx.betweenness_centrality(U, normalized=True)


def test_analysis_centrality_small_graphs():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=1.0)
    assert centrality(G)["a"]["betweenness"] == 0.0
    G.add_node("lonely")
    G.add_edge("b", "c", weight=0.5)
    metrics = centrality(G)
    assert metrics["b"]["betweenness"] == round(1 / 3, 6) and metrics["lonely"]["degree"] == 0
