"""The whole analysis in one call, ``blocs.json``, and the tables and styles of the exporters."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.analysis.blocs import alliance_blocs, frustration
from kg.analysis.graph import actor_graph, signed_graph
from kg.analysis.metrics import centrality, cross_bloc_hostilities
from kg.exporters.atomic import atomic_write_text

__all__ = [
    "BLOC_PALETTE",
    "SINGLETON_COLOR",
    "Analysis",
    "analyze",
    "bloc_colors",
    "bloc_rows",
    "blocs_document",
    "hostility_rows",
    "node_sizes",
    "write_blocs_json",
]

#: Categorical colours for blocs (Tableau 10); singleton blocs are drawn in ``SINGLETON_COLOR``.
BLOC_PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6",
)  # fmt: skip
SINGLETON_COLOR = "#bab0ac"

#: The smallest bloc: an actor alone is not a bloc (not in the legend, the tooltips, GEXF, blocs.json).
MIN_BLOC_SIZE = 2
#: How many blocs get a colour of their own (the largest); the others are drawn grey.
COLORED_BLOCS = len(BLOC_PALETTE)

#: The structural relation whose source joins the bloc of its target (kg:leaderOf).
_LEADER_OF = "leaderOf"


@dataclass(frozen=True, eq=False)
class Analysis:
    """The result of :func:`analyze`: the graphs, the blocs and the metrics."""

    graph: nx.MultiDiGraph  # the actor graph (actor_graph)
    signed: nx.Graph  # the signed graph (signed_graph)
    blocs: tuple[frozenset[str], ...]  # two or more members each, largest first
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

    A person linked only by ``leaderOf`` joins the bloc of the actor they lead (see
    :func:`alliance_blocs`).

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
    leaders = [(u, v) for u, v, data in G.edges(data=True) if data.get("relation") == _LEADER_OF]
    partition = alliance_blocs(S, seed=seed, resolution=resolution, leaders=leaders)
    # A bloc has two or more members; an actor alone is in no bloc (index -1) everywhere.
    blocs = [b for b in partition if len(b) >= MIN_BLOC_SIZE]
    metrics = centrality(G, blocs)
    for m in metrics.values():
        if m["bloc"] >= len(blocs):
            m["bloc"] = -1
    hostilities = cross_bloc_hostilities(S, partition, n=n)
    for h in hostilities:  # the partition's indices of blocs agree with ``blocs`` for listed ones
        for key in ("source_bloc", "target_bloc"):
            if h[key] >= len(blocs):
                h[key] = -1
    return Analysis(
        graph=G,
        signed=S,
        blocs=tuple(frozenset(b) for b in blocs),
        metrics=metrics,
        frustration=round(frustration(S, partition), 6),
        hostilities=tuple(hostilities),
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
        "not_in_a_bloc": sum(1 for a in analysis.graph if a not in analysis.bloc_of),
        "frustration": round(analysis.frustration, 6),
        "cross_bloc_hostilities": [dict(h) for h in analysis.hostilities],
    }


def write_blocs_json(analysis: Analysis, path: str | Path) -> None:
    """Write ``blocs.json`` atomically: UTF-8, sorted keys, floats rounded to 6 places.

    ``{"blocs": [{"id", "members": [{"id", "label", "type"}]}], "actors": {id: {"label",
    "type", "bloc", "degree", "weighted_degree", "betweenness"}}, "not_in_a_bloc", "frustration",
    "cross_bloc_hostilities": [...]}``. Blocs have two or more members; an actor in none has
    ``"bloc": -1`` and is counted in ``not_in_a_bloc``. Raises :class:`kg.errors.ExportError` when the file
    cannot be written.
    """
    text = json.dumps(blocs_document(analysis), sort_keys=True, indent=2, ensure_ascii=False)
    atomic_write_text(path, text + "\n")

# ------------------------------------------------------------------------- for exporters and CLI


def bloc_colors(blocs: Iterable[Iterable[Any]]) -> dict[int, str]:
    """bloc index -> ``#rrggbb``: distinct palette colours for the largest blocs (in order), grey
    for singletons and for the blocs beyond the palette (colours never repeat).

    >>> bloc_colors([{"a", "b"}, {"c"}, {"d", "e"}])
    {0: '#4e79a7', 1: '#bab0ac', 2: '#f28e2b'}
    """
    colors, k = {}, 0
    for i, bloc in enumerate(blocs):
        if len(set(bloc)) >= MIN_BLOC_SIZE and k < COLORED_BLOCS:
            colors[i] = BLOC_PALETTE[k]
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
