"""Per-actor centrality and the strongest hostilities between blocs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.analysis.blocs import _labels

__all__ = ["centrality", "cross_bloc_hostilities"]


def _unsigned(G: nx.MultiDiGraph, weight: str) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(sorted(G, key=str))
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v or data.get("structural"):
            continue
        w = abs(float(data.get(weight, 1.0)))
        if U.has_edge(u, v):
            U[u][v][weight] += w
        else:
            U.add_edge(u, v, **{weight: w})
    return U


def centrality(
    G: nx.Graph, blocs: Iterable[Iterable[Any]] | None = None, weight: str = "weight"
) -> dict[Any, dict[str, Any]]:
    """Per actor: degree, weighted degree, betweenness and bloc index.

    Computed on the undirected, unsigned graph of ``G`` without structural edges and
    self-loops: two actors are neighbours when any cooperative, neutral or hostile evidence
    links them, and the weight of the pair is the sum of their edges' weights. Betweenness is
    normalised and ignores weights (confidence is not a distance).

    Parameters
    ----------
    G : networkx.Graph
        An actor graph from :func:`actor_graph` (any networkx graph will do).
    blocs : iterable of sets, optional
        A partition; ``bloc`` is the index of an actor's bloc in it, -1 without one.
    weight : str
        The edge attribute holding an edge's weight.

    Returns
    -------
    dict
        actor -> ``{"degree", "weighted_degree", "betweenness", "bloc"}``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", weight=1.0)
    0
    >>> G.add_edge("b", "c", weight=0.5)
    0
    >>> centrality(G, [{"a", "b"}, {"c"}])["b"]
    {'degree': 2, 'weighted_degree': 1.5, 'betweenness': 1.0, 'bloc': 0}
    """
    U = _unsigned(G, weight)
    label = _labels(U, blocs) if blocs is not None else {}
    betweenness = nx.betweenness_centrality(U, normalized=True)
    return {
        node: {
            "degree": int(U.degree(node)),
            "weighted_degree": round(float(U.degree(node, weight=weight)), 6),
            "betweenness": round(float(betweenness[node]), 6),
            "bloc": label.get(node, -1),
        }
        for node in U
    }


def cross_bloc_hostilities(
    S: nx.Graph, blocs: Iterable[Iterable[Any]], n: int = 10, weight: str = "weight"
) -> list[dict[str, Any]]:
    """The ``n`` strongest hostile edges between actors of different blocs.

    The strength of an edge is its ``hostility`` (the hostile evidence alone, whatever the
    cooperation beside it), or ``-weight`` when the graph has no such attribute.

    Parameters
    ----------
    S : networkx.Graph
        A signed graph, as from :func:`signed_graph`.
    blocs : iterable of sets
        The partition.
    n : int
        How many to return.
    weight : str
        The edge attribute holding the signed weight.

    Returns
    -------
    list of dict
        ``{"source", "target", "source_label", "target_label", "source_bloc", "target_bloc",
        "weight"}``, strongest first; source and target ordered by id.

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("RUS", "UKR", -1.5), ("ISR", "IRN", -0.8), ("RUS", "IRN", 1)])
    >>> [(h["source"], h["target"], h["weight"]) for h in cross_bloc_hostilities(S, [{"RUS", "IRN"}, {"UKR"}, {"ISR"}])]
    [('RUS', 'UKR', 1.5), ('IRN', 'ISR', 0.8)]
    """
    label = _labels(S, blocs)
    found = []
    for u, v, data in S.edges(data=True):
        strength = data.get("hostility", max(-float(data.get(weight, 0.0)), 0.0))
        if strength <= 0 or label[u] == label[v]:
            continue
        if str(v) < str(u):
            u, v = v, u
        found.append(
            {
                "source": u,
                "target": v,
                "source_label": str(S.nodes[u].get("label", u)),
                "target_label": str(S.nodes[v].get("label", v)),
                "source_bloc": label[u],
                "target_bloc": label[v],
                "weight": round(float(strength), 6),
            }
        )
    found.sort(key=lambda h: (-h["weight"], str(h["source"]), str(h["target"])))
    return found[:n]
