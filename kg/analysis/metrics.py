"""Per-actor centrality and the strongest hostilities between blocs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.analysis.blocs import _labels

__all__ = ["centrality", "cross_bloc_hostilities"]


def _unsigned_edges(G: nx.MultiDiGraph, weight: str) -> list[tuple[Any, Any, float]]:
    """The edges of the unsigned graph, in the order they are added (it fixes each adjacency)."""
    return [(u, v, abs(float(data.get(weight, 1.0))))
            for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
            if u != v and not data.get("structural")]


def _graph(nodes: Iterable[Any], edges: Iterable[tuple[Any, Any, float]], weight: str) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(nodes)
    for u, v, w in edges:
        if U.has_edge(u, v):
            U[u][v][weight] += w
        else:
            U.add_edge(u, v, **{weight: w})
    return U


def _betweenness(U: nx.Graph, edges: list[tuple[Any, Any, float]], weight: str) -> dict[Any, float]:
    """``nx.betweenness_centrality(U, normalized=True)``, the same floats, sooner.

    ``U`` is the graph of ``edges`` (:func:`_graph`).

    Each source costs a pass over every node of the graph, so most actors of a large corpus
    (named, in no relation) made it quadratic. Their betweenness is 0 and they are on no
    shortest path: the sums are made over the actors with an edge, in a graph whose nodes and
    adjacencies are in the same order (the same paths, added in the same order), then scaled
    by the count of pairs of the whole graph as networkx scales them.
    """
    n = len(U)
    if n < 3:
        return nx.betweenness_centrality(U, normalized=True)
    L = _graph([v for v in U if U.degree(v)], edges, weight)
    raw = nx.betweenness_centrality(L, normalized=False)  # halved: pairs counted once
    scale = 1 / ((n - 1) * (n - 2))
    factor = 2.0 if len(L) >= 3 else 1.0
    return {v: raw[v] * factor * scale if v in raw else 0.0 for v in U}


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
    edges = _unsigned_edges(G, weight)
    U = _graph(sorted(G, key=str), edges, weight)
    label = _labels(U, blocs) if blocs is not None else {}
    betweenness = _betweenness(U, edges, weight)
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
