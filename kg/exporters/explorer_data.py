"""The data behind the HTML explorer: positions, actor cards, every evidence sentence.

:func:`explorer_data` turns an analysis (and the RDF graph it came from) into plain JSON-ready
data for ``graph.html``: one record per actor (card, names for the search, bloc, rank), one per
edge of the actor graph (in the order the page draws them) with *every* piece of evidence and
the offsets of the two mentions inside its sentence, and the documents (title, date, URL).
:func:`layout` computes the drawing positions in Python (seeded, deterministic), so the page
opens with physics off. :func:`script_json` writes data that is safe inside a ``<script>``.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, SDO

from kg.namespace import KG

__all__ = ["document_row", "edge_order", "evidence_by_edge", "explorer_data", "layout", "roles_of",
           "script_json"]

_SAFE_URL = ("http://", "https://")
#: script-context escapes: nothing in the data can close the element or start markup
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "/": "\\/",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)


def script_json(data: Any) -> str:
    r"""``data`` as JSON to embed in ``<script type="application/json">``: ``<``, ``>``, ``&``,
    ``/`` and the line separators escaped, so no ``</script`` or ``<!--`` can appear.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\u003c\\/script\\u003e\\u003cb\\u003e\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.translate(_SCRIPT_TABLE)


def edge_order(G: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """The edges of the actor graph in drawing order (the page's edge ``e{n}`` is the n-th)."""
    return sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[2]), str(e[1])))


def _component_layout(H: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """One connected component, laid out around (0, 0) with a radius growing with its size."""
    nodes = sorted(H, key=str)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    C = nx.Graph()
    C.add_nodes_from(nodes)
    C.add_edges_from(sorted(H.edges(data=True), key=lambda e: tuple(sorted((str(e[0]), str(e[1]))))))
    raw = nx.spring_layout(C, seed=seed, iterations=100, weight="weight", k=1.5 / math.sqrt(len(C)))
    radius = 1.6 * _STEP * math.sqrt(len(C))
    xy = _spread([raw[n] for n in nodes], radius)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _spread(points: list[Any], radius: float, rounds: int = 60) -> Any:
    """Scale a unit layout to ``radius`` and push apart actors closer than :data:`_STEP`."""
    import numpy as np

    xy = np.asarray(points, dtype=float) * radius
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(_STEP - dist, 0.0, None)
        if not overlap.any():
            break
        push = (delta / np.maximum(dist, 1e-6)[..., None]) * (overlap / 2)[..., None]
        xy += push.sum(axis=1) * 0.5
    return xy


_STEP = 90.0  # canvas units between neighbouring actors (the largest node is 80 across)


def layout(G: nx.MultiDiGraph, seed: int | None = 0) -> dict[Any, tuple[float, float]]:
    """Drawing positions: each connected component laid out by a seeded force-directed layout,
    the components packed in rows from the largest, and the actors without a relation on a grid
    below them (they are hidden until the reader asks).

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")]); G.add_node("z")
    >>> pos = layout(G); sorted(pos) == ["a", "b", "c", "z"] and pos == layout(G)
    True
    """
    U = nx.Graph()
    for u, v in G.edges():
        if u != v:
            U.add_edge(u, v, weight=U[u][v]["weight"] + 1.0 if U.has_edge(u, v) else 1.0)
    components = sorted((sorted(c, key=str) for c in nx.connected_components(U)),
                        key=lambda c: (-len(c), str(c[0])))  # fmt: skip
    parts = [_component_layout(U.subgraph(c), seed if seed is not None else 0) for c in components]
    boxes = []
    for part in parts:
        xs, ys = [x for x, _ in part.values()], [y for _, y in part.values()]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    area = sum((b[1] - b[0] + _STEP) * (b[3] - b[2] + _STEP) for b in boxes)
    width = max([b[1] - b[0] + _STEP for b in boxes] + [math.sqrt(area) * 1.3]) if boxes else 0.0
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, (x0, x1, y0, y1) in zip(parts, boxes, strict=True):
        w, h = x1 - x0 + _STEP, y1 - y0 + _STEP
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in part.items():
            pos[node] = (round(x + px - x0 - width / 2, 1), round(y + py - y0, 1))
        x += w
        row_height = max(row_height, h)
    rest = sorted((n for n in G if n not in pos), key=lambda n: (str(G.nodes[n].get("label", n)), str(n)))
    columns = max(8, int(math.sqrt(len(rest) * 4)))
    top = y + row_height + _STEP
    span = (columns - 1) * _STEP
    for i, node in enumerate(rest):
        pos[node] = (round(-span / 2 + (i % columns) * _STEP, 1), round(top + (i // columns) * _STEP, 1))
    return pos


def evidence_by_edge(rdf_graph: Graph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(source, relation, target) -> its evidence, keyed as :func:`kg.analysis.actor_graph`."""
    from kg.analysis.graph import _literal, _local, _relation_table

    table, inverses = _relation_table(rdf_graph)
    ids: dict[Any, str] = {}

    def actor_id(node: Any) -> str:
        if node not in ids:
            ids[node] = str(_literal(rdf_graph, node, KG.actorId, "") or _local(node))
        return ids[node]

    out: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for node in sorted(set(rdf_graph.subjects(RDF.type, KG.Assertion)), key=str):
        if _literal(rdf_graph, node, KG.negated, False) is True:
            continue
        subject, predicate = rdf_graph.value(node, RDF.subject), rdf_graph.value(node, RDF.predicate)
        obj = rdf_graph.value(node, RDF.object)
        if subject is None or predicate is None or obj is None:
            continue
        relation = _local(predicate)
        if relation in inverses:
            relation, subject, obj = inverses[relation], obj, subject
        source, target = actor_id(subject), actor_id(obj)
        if table.get(relation, ("", False))[1] and target < source:
            source, target = target, source
        sentence = str(_literal(rdf_graph, node, KG.evidence, ""))
        start = _literal(rdf_graph, node, KG.sentenceStart, None)
        marks = []
        for a, b in ((KG.sourceStart, KG.sourceEnd), (KG.targetStart, KG.targetEnd)):
            s, e = _literal(rdf_graph, node, a, None), _literal(rdf_graph, node, b, None)
            if isinstance(start, int) and isinstance(s, int) and isinstance(e, int):
                s, e = s - start, e - start
                if 0 <= s < e <= len(sentence):
                    marks.append([s, e])
        marks.sort()
        try:
            confidence = round(float(_literal(rdf_graph, node, KG.confidence, 1.0)), 3)
        except (TypeError, ValueError):
            confidence = 1.0
        doc = rdf_graph.value(node, KG.document)
        date = _literal(rdf_graph, doc, DCTERMS.date, "") if doc is not None else ""
        out[(source, relation, target)].append({
            "sentence": sentence,
            "marks": marks,
            "confidence": confidence,
            "hedged": _literal(rdf_graph, node, KG.hedged, False) is True,
            "doc": doc,
            "date": date.isoformat() if hasattr(date, "isoformat") else "",
        })  # fmt: skip
    return out


def document_row(rdf_graph: Graph, doc: Any) -> list[str]:
    from kg.analysis.graph import _literal, _local

    if doc is None:
        return ["", "", "", ""]
    date = _literal(rdf_graph, doc, DCTERMS.date, "")
    url = str(_literal(rdf_graph, doc, SDO.url, "") or "")
    return [
        str(_literal(rdf_graph, doc, KG.docId, _local(doc))),
        str(_literal(rdf_graph, doc, DCTERMS.title, "")),
        date.isoformat() if hasattr(date, "isoformat") else "",
        url if url.lower().startswith(_SAFE_URL) else "",
    ]


def roles_of(kb: Any, actor_id: str) -> list[str]:
    def label(i: str) -> str:
        return kb.actors[i].label if i in kb.actors else i

    roles = []
    for office in kb.offices_of(actor_id):
        years = f"{office.start[:4]}–{office.end[:4]}" if office.start or office.end else ""
        roles.append(f"{office.title} of {label(office.of_id)}" + (f" ({years})" if years else ""))
    for org in sorted(kb.memberships.get(actor_id, ()), key=label):
        roles.append(f"Member of {label(org)}")
    return roles


def explorer_data(rdf_graph: Graph, analysis: Any, max_nodes: int = 300) -> dict[str, Any]:
    """Everything the explorer shows, as plain data (see the module docstring).

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        The graph ``analysis`` was computed from (for the evidence and the documents).
    analysis : kg.analysis.Analysis
        Its analysis (actor graph, blocs, metrics).
    max_nodes : int
        How many actors with a relation the page draws at first (the strongest by weighted
        degree); the reader can show all.
    """
    from kg.analysis import bloc_colors
    from kg.kb import load_kb
    from kg.lookup import actor_names

    kb = load_kb()
    names = actor_names(kb)
    G = analysis.graph
    colors = bloc_colors(analysis.blocs)
    bloc_of = analysis.bloc_of
    wdeg = {a: float(analysis.metrics.get(a, {}).get("weighted_degree", 0.0)) for a in G}
    linked = {n for u, v in G.edges() if u != v for n in (u, v)}
    ranked = sorted(linked, key=lambda a: (-wdeg[a], str(G.nodes[a].get("label", a)), str(a)))
    rank = {a: i for i, a in enumerate(ranked)}

    actors = []
    for actor in sorted(G, key=str):
        data = G.nodes[actor]
        known = kb.actors.get(actor)
        country = getattr(known, "country", "") or (data.get("iso3", "") if data.get("type") == "State" else "")
        label = str(data.get("label", actor))
        actors.append({
            "id": str(actor), "label": label, "type": str(data.get("type", "")),
            "iso3": str(data.get("iso3", "")), "wikidata": str(data.get("wikidata", "")),
            "country": country,
            "countryLabel": kb.actors[country].label if country in kb.actors else "",
            "bloc": bloc_of.get(actor, -1), "degree": int(analysis.metrics.get(actor, {}).get("degree", 0)),
            "weight": round(wdeg[actor], 3), "mentions": int(data.get("mentions", 0) or 0),
            "rank": rank.get(actor, -1),
            "names": [n for n in names.get(str(actor), []) if n != label][:60],
            "roles": roles_of(kb, str(actor)) if known is not None else [],
        })  # fmt: skip

    evidence = evidence_by_edge(rdf_graph)
    docs: dict[Any, int] = {}
    doc_rows: list[list[str]] = []
    edges = []
    dates = []
    for n, (u, v, key, data) in enumerate(edge_order(G)):
        items = []
        for item in sorted(evidence.get((str(u), str(key), str(v)), []),
                           key=lambda i: (i["date"], str(i["doc"]), i["sentence"])):  # fmt: skip
            if item["doc"] not in docs:
                docs[item["doc"]] = len(doc_rows)
                doc_rows.append(document_row(rdf_graph, item["doc"]))
            if item["date"]:
                dates.append(item["date"])
            items.append([item["sentence"], item["marks"], item["confidence"], docs[item["doc"]],
                          item["date"], int(item["hedged"])])  # fmt: skip
        edges.append({
            "id": f"e{n}", "from": str(u), "to": str(v), "relation": str(data.get("relation", key)),
            "polarity": str(data.get("polarity", "neutral")), "symmetric": bool(data.get("symmetric")),
            "count": len(items), "weight": round(float(data.get("weight", 0.0)), 3), "evidence": items,
        })  # fmt: skip

    blocs = []
    for i, bloc in enumerate(analysis.blocs):
        members = sorted(bloc, key=lambda a: (-wdeg.get(a, 0.0), str(G.nodes[a].get("label", a))))
        blocs.append({"id": i, "size": len(bloc), "color": colors[i],
                      "leaders": [str(G.nodes[a].get("label", a)) for a in members[:5]]})  # fmt: skip
    return {
        "actors": actors,
        "edges": edges,
        "docs": doc_rows,
        "blocs": blocs,
        "relations": sorted({e["relation"] for e in edges}),
        "polarities": sorted({e["polarity"] for e in edges}),
        "dates": [min(dates), max(dates)] if dates else [],
        "initial": int(max_nodes),
    }
