"""One actor's card and all its relations with their evidence, for ``kg show``.

The actor is found by any of its names (:func:`kg.lookup.resolve_actor`): "Kremlin", "rus" and
"Russia" give the same card. The bloc comes from the ``blocs.json`` beside the graph when there
is one (``kg build`` writes it), and from a fresh analysis otherwise.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import ConfigError

__all__ = ["actor_card"]

log = logging.getLogger(__name__)


def _blocs(source: Path | None, rdf_graph: Graph) -> tuple[dict[str, int], list[list[str]]]:
    """actor -> bloc, and each bloc's member labels (blocs of two or more only)."""
    path = source.parent / "blocs.json" if source is not None else None
    if path is not None and path.is_file():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            blocs = [b for b in doc["blocs"] if len(b["members"]) >= 2]
            bloc_of = {m["id"]: i for i, b in enumerate(blocs) for m in b["members"]}
            weight = {a: float(v.get("weighted_degree", 0.0)) for a, v in doc.get("actors", {}).items()}
            leading = [sorted(b["members"], key=lambda m: (-weight.get(m["id"], 0.0), m["label"]))
                       for b in blocs]  # fmt: skip
            return bloc_of, [[m["label"] for m in members] for members in leading]
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("%s cannot be read; the blocs are computed again", path)
    from kg.analysis import analyze, bloc_rows

    analysis = analyze(rdf_graph)
    return analysis.bloc_of, [row["members"] for row in bloc_rows(analysis)]


def actor_card(source: Graph | str | Path, name: str) -> dict[str, Any]:
    """The card of the actor called ``name`` in a built graph, and all its relations.

    Parameters
    ----------
    source : rdflib.Graph, str or Path
        A graph, or a graph file written by ``kg build``.
    name : str
        Any name of the actor: label, alias, ISO code or id, any case.

    Returns
    -------
    dict
        ``{"id", "label", "type", "iso3", "country", "country_label", "wikidata", "bloc",
        "bloc_members", "roles", "names", "resolved", "relations": [{"relation", "direction",
        "partner": {"id", "label"}, "count", "evidence": [{"sentence", "marks", "confidence",
        "doc", "title", "date", "url"}]}]}``; ``direction`` is "out", "in" or "both"
        (symmetric), ``bloc`` is -1 outside a bloc.

    Raises
    ------
    kg.errors.ConfigError
        When no actor has that name, or the actor is not in the graph.
    """
    from kg.analysis import actor_graph
    from kg.exporters.explorer_data import document_row, evidence_by_edge, roles_of
    from kg.graph import load_graph
    from kg.kb import load_kb
    from kg.lookup import actor_names, resolve_actor

    path = None if isinstance(source, Graph) else Path(source)
    rdf_graph = source if isinstance(source, Graph) else load_graph(path)  # type: ignore[arg-type]
    G = actor_graph(rdf_graph)
    labels = {str(a): str(G.nodes[a].get("label", a)) for a in G}
    kb = load_kb()
    found = resolve_actor(name, labels, kb)
    if found.id not in G:
        where = f" {path}" if path is not None else " this graph"
        raise ConfigError(f"{found.describe()}, but {found.label} is not in{where}")
    data = G.nodes[found.id]
    known = kb.actors.get(found.id)
    country = getattr(known, "country", "") or (data.get("iso3", "") if data.get("type") == "State" else "")
    bloc_of, blocs = _blocs(path, rdf_graph)
    bloc = bloc_of.get(found.id, -1)
    evidence = evidence_by_edge(rdf_graph)
    docs: dict[Any, list[str]] = {}
    relations = []
    edges = sorted(
        (e for e in G.edges(keys=True, data=True) if found.id in (e[0], e[1])),
        key=lambda e: (str(e[2]), labels[e[1] if e[0] == found.id else e[0]], str(e[0])),
    )
    for u, v, key, attrs in edges:
        partner = v if u == found.id else u
        items = []
        for item in sorted(evidence.get((str(u), str(key), str(v)), []),
                           key=lambda i: (i["date"], str(i["doc"]), i["sentence"])):  # fmt: skip
            if item["doc"] not in docs:
                docs[item["doc"]] = document_row(rdf_graph, item["doc"])
            doc_id, title, date, url = docs[item["doc"]]
            items.append({"sentence": item["sentence"], "marks": item["marks"],
                          "confidence": item["confidence"], "doc": doc_id, "title": title,
                          "date": item["date"] or date, "url": url})  # fmt: skip
        relations.append({
            "relation": str(key),
            "direction": "both" if attrs.get("symmetric") else ("out" if u == found.id else "in"),
            "partner": {"id": str(partner), "label": labels[str(partner)]},
            "polarity": str(attrs.get("polarity", "")),
            "count": len(items),
            "evidence": items,
        })  # fmt: skip
    return {
        "id": found.id,
        "label": found.label,
        "type": str(data.get("type", "")),
        "iso3": str(data.get("iso3", "")),
        "country": country,
        "country_label": kb.actors[country].label if country in kb.actors else "",
        "wikidata": str(data.get("wikidata", "")),
        "bloc": bloc,
        "bloc_members": blocs[bloc] if bloc >= 0 else [],
        "roles": roles_of(kb, found.id) if known is not None else [],
        "names": [n for n in actor_names(kb).get(found.id, []) if n != found.label],
        "resolved": {"query": name, "how": found.how},
        "relations": relations,
    }
