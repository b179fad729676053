"""Alliance blocs: partitions of the signed graph with as little frustration as found.

The *frustration* of a partition is the evidence it goes against: hostility inside blocs and
cooperation across them. :func:`alliance_blocs` tries Louvain communities and connected
components of the cooperative edges, refines each by single-actor moves and keeps the least
frustrated.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = ["alliance_blocs", "frustration"]

_RESOLUTION_FACTORS = (1.0, 0.5, 0.75, 1.5, 2.0)
_SEEDS_PER_RESOLUTION = 4
#: Past this many cooperative edges, one Louvain seed per resolution (the search stays bounded:
#: each candidate's refinement costs about a pass over the graph per move round).
LARGE_GRAPH_EDGES = 1_000
_EPS = 1e-9


def _labels(S: nx.Graph, blocs: Iterable[Iterable[Any]]) -> dict[Any, int]:
    label: dict[Any, int] = {}
    for i, bloc in enumerate(blocs):
        for node in bloc:
            label[node] = i
    n = len(label)
    for node in S:  # actors in no bloc count as blocs of their own
        if node not in label:
            label[node] = n
            n += 1
    return label


def frustration(S: nx.Graph, blocs: Iterable[Iterable[Any]], weight: str = "weight") -> float:
    """The weighted frustration of a partition of a signed graph.

    The sum of ``|w|`` over negative edges inside a bloc and positive edges between blocs: the
    evidence the partition goes against. Nodes in no bloc count as singleton blocs.

    Parameters
    ----------
    S : networkx.Graph
        A signed graph, as from :func:`signed_graph`.
    blocs : iterable of sets
        The partition.
    weight : str
        The edge attribute holding the signed weight.

    Returns
    -------
    float

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", -0.5), ("c", "d", 0.25)])
    >>> frustration(S, [{"a", "b"}, {"c", "d"}])
    0.0
    >>> frustration(S, [{"a", "b", "c"}, {"d"}])
    0.75
    """
    label = _labels(S, blocs)
    total = []
    for u, v, w in S.edges(data=weight, default=0.0):
        same = label[u] == label[v]
        if (w < 0 and same) or (w > 0 and not same):
            total.append(abs(w))
    return math.fsum(total)


def _positive(S: nx.Graph, weight: str) -> nx.Graph:
    P = nx.Graph()
    P.add_nodes_from(sorted(S, key=str))
    P.add_weighted_edges_from(
        sorted(
            ((u, v, w) for u, v, w in S.edges(data=weight, default=0.0) if w > 0),
            key=lambda e: (str(e[0]), str(e[1])),
        ),
        weight=weight,
    )
    return P


def _linked(P: nx.Graph) -> nx.Graph:
    """The actors of ``P`` with an edge, in ``P``'s order, with its edges in ``P``'s order.

    A new graph rather than a subgraph view: a view lists its nodes in the order of a set,
    and Louvain's result depends on the order of the nodes.
    """
    L = nx.Graph()
    L.add_nodes_from(v for v in P if P.degree(v))
    L.add_edges_from(P.edges(data=True))
    return L


def _refine(S: nx.Graph, label: dict[Any, int], weight: str) -> dict[Any, int]:
    """Greedy local moves: move single actors while that lowers the frustration."""
    label = dict(label)
    # Each node's neighbours and signed weights, read once (the graph's views cost a call each).
    adjacency = {v: [(u, d.get(weight, 0.0)) for u, d in S.adj[v].items() if u != v] for v in S}
    # An actor with no edge never moves (every bloc costs it nothing): most actors of a large
    # corpus are named but in no relation, so only the others are visited.
    nodes = [v for v in sorted(S, key=str) if adjacency[v]]
    size = Counter(label.values())  # members per label: the highest label, without a scan
    top = max(size, default=-1)
    for _ in range(100):
        moved = False
        for v in nodes:
            here = label[v]
            fresh = top + 1
            near = adjacency[v]
            targets = {here, fresh} | {label[u] for u, w in near if w > 0}
            costs: dict[int, float] = {}
            for b in targets:  # the same sums, in the same order, as a pass per target
                cost = 0.0
                for u, w in near:
                    same = label[u] == b
                    if (w < 0 and same) or (w > 0 and not same):
                        cost += abs(w)
                costs[b] = cost
            best = min(sorted(targets), key=costs.__getitem__)
            if costs[best] < costs[here] - _EPS:
                label[v] = best
                size[here] -= 1
                size[best] += 1
                if not size[here]:
                    del size[here]
                top = max(size)
                moved = True
        if not moved:
            break
    return label


def _canonical(blocs: Iterable[Iterable[Any]]) -> list[set[Any]]:
    nonempty = [set(b) for b in blocs if b]
    return sorted(nonempty, key=lambda b: (-len(b), min(map(str, b))))


def _from_labels(label: Mapping[Any, int]) -> list[set[Any]]:
    groups: dict[int, set[Any]] = defaultdict(set)
    for node, b in label.items():
        groups[b].add(node)
    return _canonical(groups.values())


def alliance_blocs(
    S: nx.Graph,
    weight: str = "weight",
    seed: Any = None,
    resolution: float = 1.0,
    leaders: Iterable[tuple[Any, Any]] | None = None,
) -> list[set[Any]]:
    """Alliance blocs: a partition of a signed graph with as little frustration as found.

    Candidates are Louvain communities of the positive edges (several seeds drawn from ``seed``,
    at ``resolution`` and at multiples of it) and the connected components of the positive
    edges; each is refined by greedy single-actor moves, and the candidate with the least
    :func:`frustration` is kept. Ties go to the higher modularity of the positive graph, then
    to the partition that sorts first, so the result is deterministic for a given ``seed``.

    An actor with no cooperative evidence (isolated, or with hostile or neutral edges only) is a
    bloc of its own: joining any bloc would not lower the frustration, and grouping actors that
    no evidence ties together would claim more than the articles say. The one exception is a
    leader: a person given in ``leaders`` with no edge of their own in ``S`` (no cooperative or
    hostile evidence) joins the bloc of the actor they lead, so that a head of state stands with
    their state. Structural edges are not in ``S``, so this leaves the frustration as it is. A
    person who leads actors of different blocs stays alone, and other structural relations
    (``memberOf``) place no one.

    Parameters
    ----------
    S : networkx.Graph
        A signed graph, as from :func:`signed_graph`.
    weight : str
        The edge attribute holding the signed weight.
    seed : int, random.Random or None
        Indicator of random number generation state, as in networkx.
    resolution : float
        The Louvain resolution; below 1 favours larger blocs, above 1 smaller ones.
    leaders : iterable of (person, actor) pairs, optional
        The ``leaderOf`` edges of the actor graph, e.g. ``[(u, v) for u, v, r in
        G.edges(keys=True) if r == "leaderOf"]``; pairs naming an actor not in ``S`` are
        ignored.

    Returns
    -------
    list of sets
        The blocs, largest first, ties by smallest member.

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([
    ...     ("RUS", "PRK", 1.0), ("RUS", "IRN", 0.8), ("PRK", "IRN", 0.4),
    ...     ("USA", "UKR", 0.9), ("USA", "nato", 0.7), ("RUS", "UKR", -1.5),
    ...     ("ISR", "IRN", -0.8),
    ... ])
    >>> [sorted(bloc) for bloc in alliance_blocs(S, seed=0)]
    [['IRN', 'PRK', 'RUS'], ['UKR', 'USA', 'nato'], ['ISR']]
    >>> S.add_node("vladimir-putin")  # linked to Russia by leaderOf only
    >>> blocs = alliance_blocs(S, seed=0, leaders=[("vladimir-putin", "RUS")])
    >>> [sorted(bloc) for bloc in blocs]
    [['IRN', 'PRK', 'RUS', 'vladimir-putin'], ['UKR', 'USA', 'nato'], ['ISR']]
    """
    if len(S) == 0:
        return []
    rng = nx.utils.create_py_random_state(seed)
    P = _positive(S, weight)
    # Louvain and the modularity see only the actors with a cooperative edge: an actor without
    # one is a community of its own in every Louvain run and adds exactly 0 to the modularity,
    # and most actors of a large corpus have none (each would cost every Louvain pass).
    linked = _linked(P)
    candidates: list[list[set[Any]]] = [[set(c) for c in nx.connected_components(P)]]
    if linked.number_of_edges():
        for factor in _RESOLUTION_FACTORS:
            for _ in range(_SEEDS_PER_RESOLUTION if P.number_of_edges() <= LARGE_GRAPH_EDGES else 1):
                communities = nx.community.louvain_communities(
                    linked, weight=weight, resolution=resolution * factor,
                    seed=rng.randrange(2**31),
                )
                candidates.append([set(c) for c in communities])

    best: tuple[float, float, tuple[tuple[str, ...], ...]] | None = None
    chosen: list[set[Any]] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for candidate in candidates:
        blocs = _from_labels(_refine(S, _labels(S, _canonical(candidate)), weight))
        key = tuple(tuple(sorted(map(str, b))) for b in blocs)
        if key in seen:
            continue
        seen.add(key)
        modularity = (
            nx.community.modularity(linked, [b & linked.nodes for b in blocs if b & linked.nodes],
                                    weight=weight, resolution=resolution)
            if P.number_of_edges()
            else 0.0
        )
        rank = (round(frustration(S, blocs, weight), 9), -round(modularity, 9), key)
        if best is None or rank < best:
            best, chosen = rank, blocs
    return _with_leaders(S, chosen, leaders) if leaders is not None else chosen


def _with_leaders(
    S: nx.Graph, blocs: list[set[Any]], leaders: Iterable[tuple[Any, Any]]
) -> list[set[Any]]:
    """Move each leader with no signed edge into the bloc of the actors they lead."""
    label = _labels(S, blocs)
    led: dict[Any, set[int]] = defaultdict(set)
    for person, actor in leaders:
        if person in S and actor in S and person != actor and S.degree(person) == 0:
            led[person].add(label[actor])  # the blocs before any move: no order dependence
    moved = dict(label)
    for person, targets in led.items():
        if len(targets) == 1:
            moved[person] = next(iter(targets))
    return _from_labels(moved)
