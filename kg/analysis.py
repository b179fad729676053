"""Alliance blocs, centrality and cross-bloc hostilities, computed with NetworkX.

The analysis reads the *assertion* nodes of the RDF graph (one per piece of evidence, negated ones
left out) rather than the direct and materialised triples, so that every edge of the actor graph
knows the sentences behind it. Three graphs come out of it:

* :func:`actor_graph`: a ``networkx.MultiDiGraph`` with one edge per (source, relation, target),
  weighted by the summed confidence of its evidence;
* :func:`signed_graph`: an undirected ``networkx.Graph`` whose edge weights are the cooperative
  evidence minus the hostile evidence between two actors (neutral and structural relations left
  out);
* :func:`alliance_blocs`: a partition of the signed graph that leaves as little *frustration*
  (hostility inside blocs, cooperation across them) as the candidates it tries can reach.

Functions look like networkx's: the graph first, ``weight="weight"``, ``seed=None``, plain sets
and dicts returned. :func:`analyze` runs them all and :func:`write_blocs_json` writes
``blocs.json``.
"""

from __future__ import annotations

import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import KGError
from kg.exporters.atomic import atomic_write_text
from kg.namespace import KG, WD
from kg.types import ACTOR_TYPES

__all__ = [
    "Analysis",
    "actor_graph",
    "alliance_blocs",
    "analyze",
    "bloc_colors",
    "bloc_rows",
    "blocs_document",
    "centrality",
    "cross_bloc_hostilities",
    "frustration",
    "hostility_rows",
    "node_sizes",
    "signed_graph",
    "write_blocs_json",
]

log = logging.getLogger(__name__)

#: The sign of each polarity in the signed graph; structural relations have none.
SIGN = {"cooperative": 1, "neutral": 0, "hostile": -1}

# TODO: drop this table once every caller can rely on kg.ontology.relation_info(); it is only
# the last resort, after the graph's own kg:polarity annotations and the ontology module.
# relation -> (polarity, symmetric)
_FALLBACK_RELATIONS: dict[str, tuple[str, bool]] = {
    "supplies": ("cooperative", False),
    "supports": ("cooperative", False),
    "alliedWith": ("cooperative", True),
    "cooperatesWith": ("cooperative", True),
    "signsAgreementWith": ("cooperative", True),
    "negotiatesWith": ("neutral", True),
    "attacks": ("hostile", False),
    "inConflictWith": ("hostile", True),
    "threatens": ("hostile", False),
    "sanctions": ("hostile", False),
    "condemns": ("hostile", False),
    "memberOf": ("structural", False),
    "leaderOf": ("structural", False),
}
_FALLBACK_INVERSES = {
    "suppliedBy": "supplies",
    "supportedBy": "supports",
    "attackedBy": "attacks",
    "threatenedBy": "threatens",
    "sanctionedBy": "sanctions",
    "condemnedBy": "condemns",
    "hasMember": "memberOf",
    "ledBy": "leaderOf",
}

#: Categorical colours for blocs (Tableau 10); singleton blocs are drawn in ``SINGLETON_COLOR``.
BLOC_PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6",
)  # fmt: skip
SINGLETON_COLOR = "#bab0ac"

_RESOLUTION_FACTORS = (1.0, 0.5, 0.75, 1.5, 2.0)
_SEEDS_PER_RESOLUTION = 4
_EPS = 1e-9


# ------------------------------------------------------------------------------ the actor graph


def _local(iri: object) -> str:
    text = str(iri)
    return text[len(str(KG)) :] if text.startswith(str(KG)) else text.rsplit("/", 1)[-1]


def _relation_table(rdf_graph: Graph) -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
    """relation -> (polarity, symmetric), and inverse -> base relation.

    The graph's own ``kg:polarity`` annotations win, then :func:`kg.ontology.relation_info`, then
    the fallback table above.
    """
    table = dict(_FALLBACK_RELATIONS)
    inverses = dict(_FALLBACK_INVERSES)
    try:
        from kg.ontology import relation_info

        for name, info in relation_info().items():
            table[name] = (info.polarity, bool(info.symmetric))
            if info.inverse:
                inverses[info.inverse] = name
    except (ImportError, KGError) as exc:  # the ontology module or file is not there
        log.debug("relation table from the fallback: %s", exc)
    for prop, polarity in rdf_graph.subject_objects(KG.polarity):
        if isinstance(prop, URIRef) and str(prop).startswith(str(KG)) and str(polarity) in (
            *SIGN,
            "structural",
        ):
            name = _local(prop)
            symmetric = (prop, RDF.type, OWL.SymmetricProperty) in rdf_graph or table.get(
                name, ("", False)
            )[1]
            table[name] = (str(polarity), symmetric)
    for inverse, base in rdf_graph.subject_objects(OWL.inverseOf):
        if str(inverse).startswith(str(KG)) and str(base).startswith(str(KG)):
            inverses[_local(inverse)] = _local(base)
    return table, inverses


def _literal(rdf_graph: Graph, subject: object, predicate: URIRef, default: Any = None) -> Any:
    value = rdf_graph.value(subject, predicate)  # type: ignore[arg-type]
    if value is None:
        return default
    python = value.toPython()
    return default if python is None else python


def _actor_attributes(rdf_graph: Graph, node: object) -> dict[str, Any]:
    actor_id = str(_literal(rdf_graph, node, KG.actorId, "") or _local(node))
    kind = next((t for t in ACTOR_TYPES if (node, RDF.type, KG[t]) in rdf_graph), "Actor")
    wikidata = sorted(
        str(o)[len(str(WD)) :]
        for o in rdf_graph.objects(node, OWL.sameAs)  # type: ignore[arg-type]
        if str(o).startswith(str(WD))
    )
    mentions = _literal(rdf_graph, node, KG.mentionCount, 0)
    in_kb = _literal(rdf_graph, node, KG.inKnowledgeBase, not actor_id.startswith("x-"))
    return {
        "id": actor_id,
        "label": str(_literal(rdf_graph, node, RDFS.label, actor_id)),
        "type": kind,
        "iso3": str(_literal(rdf_graph, node, KG.iso3, "")),
        "wikidata": wikidata[0] if wikidata else "",
        "mentions": int(mentions) if isinstance(mentions, int | float) else 0,
        "in_kb": bool(in_kb),
    }



def actor_graph(rdf_graph: Graph) -> nx.MultiDiGraph:
    """The directed multigraph of actors, one edge per (source, relation, target).

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        A graph built by :mod:`kg.graph`: actor nodes, document nodes and one ``kg:Assertion``
        node per piece of evidence.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor ids with the attributes ``label``, ``type``, ``iso3``, ``wikidata``,
        ``mentions`` and ``in_kb`` (missing strings are ``""``). Edges are keyed by relation and
        carry ``relation``, ``polarity``, ``sign`` (+1, 0, -1; 0 for structural), ``structural``,
        ``symmetric``, ``weight`` (summed confidence), ``count``, ``evidence`` (a list of
        ``(sentence, document title, document id)`` ordered by date and document) and
        ``first_date``/``last_date`` (ISO dates, ``""`` when no document has a date).
        Negated assertions are left out. The endpoints of a symmetric relation are ordered by
        id, so that "A allied with B" and "B allied with A" are one edge.

    Examples
    --------
    >>> from rdflib import Graph, Literal
    >>> from rdflib.namespace import RDF, RDFS
    >>> from kg.namespace import KG, actor_iri, assertion_iri
    >>> g = Graph()
    >>> for aid, label in [("PRK", "North Korea"), ("RUS", "Russia")]:
    ...     g += [(actor_iri(aid), RDF.type, KG.Actor), (actor_iri(aid), RDF.type, KG.State),
    ...           (actor_iri(aid), RDFS.label, Literal(label)),
    ...           (actor_iri(aid), KG.actorId, Literal(aid))]
    >>> node = assertion_iri("d1", "PRK", "supplies", "RUS")
    >>> g += [(node, RDF.type, KG.Assertion), (node, RDF.subject, actor_iri("PRK")),
    ...       (node, RDF.predicate, KG.supplies), (node, RDF.object, actor_iri("RUS")),
    ...       (node, KG.confidence, Literal(0.9)),
    ...       (node, KG.evidence, Literal("Pyongyang sends shells to Moscow."))]
    >>> G = actor_graph(g)
    >>> sorted(G.nodes(data="label"))
    [('PRK', 'North Korea'), ('RUS', 'Russia')]
    >>> edge = G.edges["PRK", "RUS", "supplies"]
    >>> edge["polarity"], edge["sign"], edge["weight"], edge["count"]
    ('cooperative', 1, 0.9, 1)
    """
    table, inverses = _relation_table(rdf_graph)
    actors: dict[object, dict[str, Any]] = {}
    for node in sorted(set(rdf_graph.subjects(RDF.type, KG.Actor)), key=str):
        actors[node] = _actor_attributes(rdf_graph, node)

    evidence: dict[tuple[str, str, str], list[tuple[str, str, str, str, float]]] = defaultdict(list)
    for assertion in sorted(set(rdf_graph.subjects(RDF.type, KG.Assertion)), key=str):
        if _literal(rdf_graph, assertion, KG.negated, False) is True:
            continue
        subject = rdf_graph.value(assertion, RDF.subject)
        predicate = rdf_graph.value(assertion, RDF.predicate)
        obj = rdf_graph.value(assertion, RDF.object)
        if subject is None or predicate is None or obj is None:
            log.warning("assertion %s lacks a subject, predicate or object; skipped", assertion)
            continue
        relation = _local(predicate)
        if relation in inverses:  # a passive reading: flip it to the base relation
            relation, subject, obj = inverses[relation], obj, subject
        for node in (subject, obj):
            if node not in actors:
                actors[node] = _actor_attributes(rdf_graph, node)
        source, target = actors[subject]["id"], actors[obj]["id"]
        if table.get(relation, ("", False))[1] and target < source:
            source, target = target, source
        doc = rdf_graph.value(assertion, KG.document)
        doc_id = str(_literal(rdf_graph, doc, KG.docId, _local(doc))) if doc is not None else ""
        title = str(_literal(rdf_graph, doc, DCTERMS.title, "")) if doc is not None else ""
        date = _literal(rdf_graph, doc, DCTERMS.date, "") if doc is not None else ""
        date = date.isoformat() if hasattr(date, "isoformat") else ""
        confidence = _literal(rdf_graph, assertion, KG.confidence, 1.0)
        try:
            confidence = float(confidence)
        except (TypeError, ValueError):
            confidence = 1.0
        sentence = str(_literal(rdf_graph, assertion, KG.evidence, ""))
        evidence[(source, relation, target)].append((date, doc_id, sentence, title, confidence))

    G = nx.MultiDiGraph()
    for attrs in sorted(actors.values(), key=lambda a: a["id"]):
        G.add_node(attrs["id"], **{k: v for k, v in attrs.items() if k != "id"})
    for (source, relation, target), items in sorted(evidence.items()):
        if relation not in table:
            log.warning("relation %r has no polarity in the ontology; treated as neutral", relation)
        polarity, symmetric = table.get(relation, ("neutral", False))
        items.sort()
        dates = [d for d, *_ in items if d]
        G.add_edge(
            source,
            target,
            key=relation,
            relation=relation,
            polarity=polarity,
            sign=SIGN.get(polarity, 0),
            structural=polarity == "structural",
            symmetric=bool(symmetric),
            weight=round(math.fsum(c for *_, c in items), 6),
            count=len(items),
            evidence=[(sentence, title, doc_id) for _, doc_id, sentence, title, _ in items],
            first_date=min(dates) if dates else "",
            last_date=max(dates) if dates else "",
        )
    return G


def signed_graph(G: nx.MultiDiGraph, weight: str = "weight") -> nx.Graph:
    """The undirected signed graph: cooperative evidence minus hostile evidence per actor pair.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph from :func:`actor_graph`.
    weight : str
        The edge attribute holding an edge's (unsigned) weight.

    Returns
    -------
    networkx.Graph
        Every actor of ``G`` (with its attributes); an edge between two actors with
        cooperative or hostile evidence in either direction, with ``weight`` the signed sum,
        ``cooperation`` and ``hostility`` the two unsigned sums. Neutral and structural edges
        and self-loops are left out.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("RUS", "UKR", key="attacks", polarity="hostile", weight=0.9)
    'attacks'
    >>> G.add_edge("UKR", "RUS", key="negotiatesWith", polarity="neutral", weight=0.5)
    'negotiatesWith'
    >>> G.add_edge("USA", "UKR", key="supplies", polarity="cooperative", weight=0.8)
    'supplies'
    >>> S = signed_graph(G)
    >>> S.edges["UKR", "RUS"]["weight"], S.edges["USA", "UKR"]["weight"]
    (-0.9, 0.8)
    """
    S = nx.Graph()
    S.add_nodes_from(sorted(G.nodes(data=True), key=lambda item: str(item[0])))
    sums: dict[tuple[Any, Any], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for u, v, data in G.edges(data=True):
        sign = SIGN.get(data.get("polarity", ""), 0)
        if u == v or sign == 0 or data.get("structural"):
            continue
        pair = (u, v) if str(u) <= str(v) else (v, u)
        sums[pair][0 if sign > 0 else 1] += float(data.get(weight, 1.0))
    for (u, v), (coop, host) in sorted(sums.items(), key=lambda item: tuple(map(str, item[0]))):
        S.add_edge(
            u,
            v,
            **{weight: round(coop - host, 6)},
            cooperation=round(coop, 6),
            hostility=round(host, 6),
        )
    return S


# ----------------------------------------------------------------------------------- the blocs


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


def _refine(S: nx.Graph, label: dict[Any, int], weight: str) -> dict[Any, int]:
    """Greedy local moves: move single actors while that lowers the frustration."""
    label = dict(label)
    nodes = sorted(S, key=str)
    for _ in range(100):
        moved = False
        for v in nodes:
            costs: dict[int, float] = defaultdict(float)
            fresh = max(label.values()) + 1
            targets = {label[v], fresh} | {
                label[u] for u, w in ((u, S[v][u].get(weight, 0.0)) for u in S[v]) if w > 0
            }
            for b in targets:
                cost = 0.0
                for u in S[v]:
                    if u == v:
                        continue
                    w = S[v][u].get(weight, 0.0)
                    same = label[u] == b
                    if (w < 0 and same) or (w > 0 and not same):
                        cost += abs(w)
                costs[b] = cost
            best = min(sorted(targets), key=lambda b: costs[b])
            if costs[best] < costs[label[v]] - _EPS:
                label[v] = best
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
    S: nx.Graph, weight: str = "weight", seed: Any = None, resolution: float = 1.0
) -> list[set[Any]]:
    """Alliance blocs: a partition of a signed graph with as little frustration as found.

    Candidates are Louvain communities of the positive edges (several seeds drawn from ``seed``,
    at ``resolution`` and at multiples of it) and the connected components of the positive
    edges; each is refined by greedy single-actor moves, and the candidate with the least
    :func:`frustration` is kept. Ties go to the higher modularity of the positive graph, then
    to the partition that sorts first, so the result is deterministic for a given ``seed``.

    An actor with no cooperative evidence (isolated, or with hostile or neutral edges only) is a
    bloc of its own: joining any bloc would not lower the frustration, and grouping actors that
    no evidence ties together would claim more than the articles say.

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
    """
    if len(S) == 0:
        return []
    rng = nx.utils.create_py_random_state(seed)
    P = _positive(S, weight)
    candidates: list[list[set[Any]]] = [[set(c) for c in nx.connected_components(P)]]
    if P.number_of_edges():
        for factor in _RESOLUTION_FACTORS:
            for _ in range(_SEEDS_PER_RESOLUTION):
                communities = nx.community.louvain_communities(
                    P, weight=weight, resolution=resolution * factor, seed=rng.randrange(2**31)
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
            nx.community.modularity(P, blocs, weight=weight, resolution=resolution)
            if P.number_of_edges()
            else 0.0
        )
        rank = (round(frustration(S, blocs, weight), 9), -round(modularity, 9), key)
        if best is None or rank < best:
            best, chosen = rank, blocs
    return chosen


# ----------------------------------------------------------------------------------- centrality


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


# ------------------------------------------------------------------------------------- analyze


@dataclass(frozen=True, eq=False)
class Analysis:
    """The result of :func:`analyze`: the graphs, the blocs and the metrics."""

    graph: nx.MultiDiGraph  # the actor graph (actor_graph)
    signed: nx.Graph  # the signed graph (signed_graph)
    blocs: tuple[frozenset[str], ...]  # largest first
    metrics: dict[str, dict[str, Any]]  # actor -> degree, weighted_degree, betweenness, bloc
    frustration: float
    hostilities: tuple[dict[str, Any], ...]  # strongest cross-bloc hostilities first
    seed: int | None = 0

    @property
    def bloc_of(self) -> dict[str, int]:
        """actor id -> index of its bloc."""
        return {actor: i for i, bloc in enumerate(self.blocs) for actor in bloc}


def analyze(rdf_graph: Graph, seed: int | None = 0, resolution: float = 1.0, n: int = 10) -> Analysis:
    """Run the whole analysis on a built RDF graph.

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        A graph built by :mod:`kg.graph`.
    seed : int or None
        Passed to :func:`alliance_blocs`; the default makes the result reproducible.
    resolution : float
        Passed to :func:`alliance_blocs`.
    n : int
        How many cross-bloc hostilities to keep.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> from rdflib import Graph
    >>> a = analyze(Graph())
    >>> a.blocs, a.frustration
    ((), 0.0)
    """
    G = actor_graph(rdf_graph)
    S = signed_graph(G)
    blocs = alliance_blocs(S, seed=seed, resolution=resolution)
    return Analysis(
        graph=G,
        signed=S,
        blocs=tuple(frozenset(b) for b in blocs),
        metrics=centrality(G, blocs),
        frustration=round(frustration(S, blocs), 6),
        hostilities=tuple(cross_bloc_hostilities(S, blocs, n=n)),
        seed=seed,
    )


def _member(analysis: Analysis, actor: str) -> dict[str, str]:
    data = analysis.graph.nodes[actor]
    return {"id": actor, "label": str(data.get("label", actor)), "type": str(data.get("type", ""))}


def blocs_document(analysis: Analysis) -> dict[str, Any]:
    """The content of ``blocs.json`` as plain data (see :func:`write_blocs_json`)."""
    actors = {}
    for actor in sorted(analysis.graph):
        m = analysis.metrics.get(actor, {})
        actors[actor] = {
            **{k: v for k, v in _member(analysis, actor).items() if k != "id"},
            "bloc": m.get("bloc", -1),
            "degree": m.get("degree", 0),
            "weighted_degree": round(m.get("weighted_degree", 0.0), 6),
            "betweenness": round(m.get("betweenness", 0.0), 6),
        }
    return {
        "blocs": [
            {"id": i, "members": [_member(analysis, a) for a in sorted(bloc)]}
            for i, bloc in enumerate(analysis.blocs)
        ],
        "actors": actors,
        "frustration": round(analysis.frustration, 6),
        "cross_bloc_hostilities": [dict(h) for h in analysis.hostilities],
    }


def write_blocs_json(analysis: Analysis, path: str | Path) -> None:
    """Write ``blocs.json`` atomically: UTF-8, sorted keys, floats rounded to 6 places.

    ``{"blocs": [{"id", "members": [{"id", "label", "type"}]}], "actors": {id: {"label",
    "type", "bloc", "degree", "weighted_degree", "betweenness"}}, "frustration",
    "cross_bloc_hostilities": [...]}``. Raises :class:`kg.errors.ExportError` when the file
    cannot be written.
    """
    text = json.dumps(blocs_document(analysis), sort_keys=True, indent=2, ensure_ascii=False)
    atomic_write_text(path, text + "\n")


# ------------------------------------------------------------------------- for exporters and CLI


def bloc_colors(blocs: Iterable[Iterable[Any]]) -> dict[int, str]:
    """bloc index -> ``#rrggbb``: palette colours in order, grey for singleton blocs.

    >>> bloc_colors([{"a", "b"}, {"c"}, {"d", "e"}])
    {0: '#4e79a7', 1: '#bab0ac', 2: '#f28e2b'}
    """
    colors, k = {}, 0
    for i, bloc in enumerate(blocs):
        if len(set(bloc)) > 1:
            colors[i] = BLOC_PALETTE[k % len(BLOC_PALETTE)]
            k += 1
        else:
            colors[i] = SINGLETON_COLOR
    return colors


def node_sizes(
    metrics: Mapping[Any, Mapping[str, Any]], low: float = 10.0, high: float = 40.0
) -> dict[Any, float]:
    """actor -> a drawing size in ``[low, high]``, growing with the square root of its weighted
    degree (the area of a disc then grows with the evidence).

    >>> node_sizes({"a": {"weighted_degree": 4.0}, "b": {"weighted_degree": 1.0}, "c": {}})
    {'a': 40.0, 'b': 25.0, 'c': 10.0}
    """
    top = max((float(m.get("weighted_degree", 0.0)) for m in metrics.values()), default=0.0)
    return {
        actor: round(
            low + (high - low) * math.sqrt(float(m.get("weighted_degree", 0.0)) / top)
            if top > 0
            else low,
            2,
        )
        for actor, m in metrics.items()
    }


def bloc_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per bloc for a table: ``{"bloc", "size", "members"}`` (labels, by degree).

    Members are listed by weighted degree, strongest first, then by label.
    """
    rows = []
    for i, bloc in enumerate(analysis.blocs):
        members = sorted(
            bloc,
            key=lambda a: (
                -analysis.metrics.get(a, {}).get("weighted_degree", 0.0),
                str(analysis.graph.nodes[a].get("label", a)),
            ),
        )
        labels = [str(analysis.graph.nodes[a].get("label", a)) for a in members]
        rows.append({"bloc": i, "size": len(bloc), "members": labels})
    return rows


def hostility_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per cross-bloc hostility: ``{"source", "target", "blocs", "weight", "relations"}``.

    ``relations`` names the hostile relations behind the edge, in either direction.
    """
    rows = []
    for h in analysis.hostilities:
        relations = sorted(
            {
                data["relation"]
                for a, b in ((h["source"], h["target"]), (h["target"], h["source"]))
                if analysis.graph.has_edge(a, b)
                for data in analysis.graph[a][b].values()
                if data.get("polarity") == "hostile"
            }
        )
        rows.append(
            {
                "source": h["source_label"],
                "target": h["target_label"],
                "blocs": (h["source_bloc"], h["target_bloc"]),
                "weight": h["weight"],
                "relations": relations,
            }
        )
    return rows
