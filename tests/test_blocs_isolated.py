"""Issue 17: actors in no relation (most actors of a large corpus) change nothing in the blocs."""

from __future__ import annotations

import networkx as nx

from kg.analysis import alliance_blocs, frustration

EDGES = [("RUS", "PRK", 1.0), ("RUS", "IRN", 0.8), ("PRK", "IRN", 0.4), ("USA", "UKR", 0.9),
         ("USA", "POL", 0.7), ("UKR", "POL", 0.5), ("RUS", "UKR", -1.5), ("ISR", "IRN", -0.8),
         ("IRN", "SYR", 0.6), ("USA", "ISR", 0.3)]


def _signed(isolated: int) -> nx.Graph:
    S = nx.Graph()
    S.add_weighted_edges_from(EDGES)
    S.add_nodes_from(f"x-{k:04d}" for k in range(isolated))  # named, in no relation
    return S


def test_blocs_isolated_actors_stay_alone_and_leave_the_blocs_as_they_were():
    small, large = _signed(0), _signed(500)
    blocs = alliance_blocs(large, seed=0)
    linked = [b for b in blocs if len(b) > 1]
    assert [sorted(b) for b in linked] == [["IRN", "PRK", "RUS", "SYR"], ["ISR", "POL", "UKR", "USA"]]
    assert all(len(b) == 1 for b in blocs if any(str(n).startswith("x-") for n in b))
    assert len(blocs) == len(linked) + 500
    assert frustration(large, blocs) == frustration(small, alliance_blocs(small, seed=0)) == 0.0
