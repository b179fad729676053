"""Gephi files: GEXF 1.3 (with viz colours, sizes and a timeline) and GraphML.

Both are written from the actor graph of :func:`kg.analysis.analyze`: one node per actor with
its bloc and centrality, one edge per (source, relation, target) with its polarity, weight,
evidence count and first/last article dates.

networkx 3.6 can write GEXF 1.3, but its writer stamps today's date into the file, declares a
misspelt XML Schema instance namespace for 1.3, fails on ``None`` and list values, writes numpy
integers with a type other parsers read as strings, and leaves a 0-byte file behind on failure.
So the GEXF here is written with :mod:`xml.etree` from attributes cleaned first (plain ``str``,
``int``, ``float``, ``bool``; never ``None``): the same bytes for the same graph, parsed by
graphology-gexf (Gephi Lite) and read back by :func:`networkx.read_gexf`. Edges whose documents
have dates get a ``<spell>`` from the first to the last date, and the graph is ``dynamic`` with
``timeformat="date"``, so Gephi's timeline plays. GraphML goes through networkx's writer, from
the same cleaned attributes. Both write through :func:`kg.exporters.atomic.atomic_path`.
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent

from kg.errors import ConfigError, ExportError
from kg.exporters.atomic import atomic_path

__all__ = ["EDGE_ATTRIBUTES", "GEXF_NS", "NODE_ATTRIBUTES", "write_gexf", "write_graphml"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

#: node attribute -> (python type, GEXF type); ``label`` is the GEXF label of the node.
NODE_ATTRIBUTES: dict[str, tuple[type, str]] = {
    "type": (str, "string"),
    "iso3": (str, "string"),
    "wikidata": (str, "string"),
    "bloc": (int, "integer"),
    "degree": (int, "integer"),
    "weighted_degree": (float, "double"),
    "betweenness": (float, "double"),
    "mentions": (int, "integer"),
    "in_kb": (bool, "boolean"),
}
#: edge attribute -> (python type, GEXF type); ``weight`` is the GEXF weight of the edge.
EDGE_ATTRIBUTES: dict[str, tuple[type, str]] = {
    "relation": (str, "string"),
    "polarity": (str, "string"),
    "count": (int, "integer"),
    "first_date": (str, "string"),
    "last_date": (str, "string"),
    "structural": (bool, "boolean"),
    "symmetric": (bool, "boolean"),
}
_GEXF_SHAPES = {"State": "disc", "Organization": "square", "ArmedGroup": "triangle", "Person": "diamond"}
_OPTIONS = ("seed",)


def _clean(value: Any, kind: type) -> Any:
    """``value`` as a plain ``kind`` (numpy scalars and ``None`` included); never ``None``."""
    if kind is bool:
        return bool(value) if value is not None else False
    if kind is int:
        return int(value) if isinstance(value, numbers.Number) and not isinstance(value, bool) else 0
    if kind is float:
        number = float(value) if isinstance(value, numbers.Number) else 0.0
        return round(number, 6) if math.isfinite(number) else 0.0
    return "" if value is None else str(value)


def _hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _analysis(graph: Any, analysis: Any, options: dict[str, Any], fmt: str) -> Any:
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise ConfigError(
            f"unknown {fmt} export option(s) {', '.join(unknown)}; valid: {', '.join(_OPTIONS)}"
        )
    if analysis is not None:
        return analysis
    from kg.analysis import analyze

    return analyze(graph, seed=options.get("seed", 0))


def _records(analysis: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cleaned node and edge records, in a fixed order."""
    from kg.analysis import bloc_colors, node_sizes
    from kg.exporters.html import EDGE_COLORS

    G = analysis.graph
    bloc_of = analysis.bloc_of
    colors = bloc_colors(analysis.blocs)
    sizes = node_sizes(analysis.metrics)
    nodes = []
    for actor in sorted(G, key=str):
        data, metrics = G.nodes[actor], analysis.metrics.get(actor, {})
        raw = {**data, **metrics, "bloc": bloc_of.get(actor, -1)}
        nodes.append(
            {
                "id": str(actor),
                "label": _clean(data.get("label", actor), str),
                "attrs": {k: _clean(raw.get(k), kind) for k, (kind, _) in NODE_ATTRIBUTES.items()},
                "color": colors.get(bloc_of.get(actor, -1), "#bab0ac"),
                "size": _clean(sizes.get(actor, 10.0), float),
                "shape": _GEXF_SHAPES.get(str(data.get("type", "")), "disc"),
            }
        )
    edges = []
    ordered = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[2]), str(e[1])))
    for n, (u, v, key, data) in enumerate(ordered):
        raw = {"relation": key, **data}
        edges.append(
            {
                "id": f"e{n}",
                "source": str(u),
                "target": str(v),
                "label": _clean(raw.get("relation"), str),
                "weight": _clean(data.get("weight", 1.0), float),
                "attrs": {k: _clean(raw.get(k), kind) for k, (kind, _) in EDGE_ATTRIBUTES.items()},
                "color": EDGE_COLORS.get(str(data.get("polarity", "")), EDGE_COLORS["neutral"]),
            }
        )
    return nodes, edges


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _gexf_tree(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Element:
    dates = sorted(d for e in edges for d in (e["attrs"]["first_date"], e["attrs"]["last_date"]) if d)
    root = Element(
        "gexf",
        {
            "xmlns": GEXF_NS,
            "xmlns:viz": VIZ_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd",
            "version": "1.3",
        },
    )
    meta = SubElement(root, "meta", {"lastmodifieddate": dates[-1]} if dates else {})
    SubElement(meta, "creator").text = "kg"
    SubElement(meta, "description").text = (
        "Geopolitical actors and the relations news articles report between them; "
        "nodes coloured by alliance bloc, sized by weighted degree."
    )
    graph_attrs = {"defaultedgetype": "directed", "mode": "dynamic" if dates else "static"}
    if dates:
        graph_attrs["timeformat"] = "date"
    graph = SubElement(root, "graph", graph_attrs)
    for cls, spec in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        block = SubElement(graph, "attributes", {"class": cls, "mode": "static"})
        for name, (_, gexf_type) in spec.items():
            SubElement(block, "attribute", {"id": name, "title": name, "type": gexf_type})

    nodes_el = SubElement(graph, "nodes")
    for node in nodes:
        el = SubElement(nodes_el, "node", {"id": node["id"], "label": node["label"]})
        values = SubElement(el, "attvalues")
        for name, value in node["attrs"].items():
            SubElement(values, "attvalue", {"for": name, "value": _text(value)})
        r, g, b = _hex_rgb(node["color"])
        SubElement(el, "viz:color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        SubElement(el, "viz:size", {"value": _text(node["size"])})
        SubElement(el, "viz:shape", {"value": node["shape"]})

    edges_el = SubElement(graph, "edges")
    for edge in edges:
        el = SubElement(
            edges_el,
            "edge",
            {
                "id": edge["id"],
                "source": edge["source"],
                "target": edge["target"],
                "label": edge["label"],
                "weight": _text(edge["weight"]),
            },
        )
        values = SubElement(el, "attvalues")
        for name, value in edge["attrs"].items():
            SubElement(values, "attvalue", {"for": name, "value": _text(value)})
        first, last = edge["attrs"]["first_date"], edge["attrs"]["last_date"]
        if first:
            spells = SubElement(el, "spells")
            SubElement(spells, "spell", {"start": first, "end": last or first})
        r, g, b = _hex_rgb(edge["color"])
        SubElement(el, "viz:color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
    indent(root, space="  ")
    return root


def write_gexf(graph: Any, path: str | Path, *, analysis: Any = None, **options: Any) -> None:
    """Write the actor graph as GEXF 1.3 for Gephi (atomically).

    Parameters
    ----------
    graph : rdflib.Graph
        The knowledge graph; analysed with :func:`kg.analysis.analyze` unless ``analysis`` is
        given.
    path : str or Path
        The file to write.
    analysis : kg.analysis.Analysis, optional
        A ready analysis of ``graph``.
    **options
        ``seed`` of the analysis; anything else raises :class:`kg.errors.ConfigError`.

    Notes
    -----
    Nodes: GEXF ``label`` plus the attributes of :data:`NODE_ATTRIBUTES`, ``viz:color`` by bloc
    (grey for an actor in no bloc), ``viz:size`` by weighted degree, ``viz:shape`` by type.
    Edges: GEXF ``label`` (the relation) and ``weight``, the attributes of
    :data:`EDGE_ATTRIBUTES`, ``viz:color`` by polarity, and a spell from the first to the last
    dated document.
    """
    analysis = _analysis(graph, analysis, options, "GEXF")
    root = _gexf_tree(*_records(analysis))
    with atomic_path(path) as tmp:
        try:
            ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
            with open(tmp, "a", encoding="utf-8") as fh:
                fh.write("\n")
        except (TypeError, ValueError) as exc:
            raise ExportError(f"cannot write {path}: {exc}") from exc


def write_graphml(graph: Any, path: str | Path, *, analysis: Any = None, **options: Any) -> None:
    """Write the actor graph as GraphML (for igraph, yEd, Cytoscape), atomically.

    The same cleaned attributes as :func:`write_gexf`, plus ``label``, ``weight``, ``color``
    (``#rrggbb``) and ``size`` for nodes and ``label``, ``weight`` and ``color`` for edges;
    strings are ``""`` when unknown, so every attribute has one type on every element.
    """
    import networkx as nx

    analysis = _analysis(graph, analysis, options, "GraphML")
    nodes, edges = _records(analysis)
    H = nx.MultiDiGraph()
    for node in nodes:
        H.add_node(
            node["id"], label=node["label"], **node["attrs"], color=node["color"], size=node["size"]
        )
    for edge in edges:
        H.add_edge(
            edge["source"],
            edge["target"],
            key=edge["id"],
            label=edge["label"],
            weight=edge["weight"],
            **edge["attrs"],
            color=edge["color"],
        )
    with atomic_path(path) as tmp:
        try:
            nx.write_graphml_xml(H, tmp, encoding="utf-8", prettyprint=True)
        except (TypeError, ValueError, nx.NetworkXError) as exc:
            raise ExportError(f"cannot write {path}: {exc}") from exc
