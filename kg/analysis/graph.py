"""From the RDF graph to the actor graph and the signed graph.

The analysis reads the *assertion* nodes of the RDF graph (one per piece of evidence, negated ones
left out) rather than the direct and materialised triples, so that every edge of the actor graph
knows the sentences behind it.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Container, Iterator, Mapping
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.namespace import KG, WD
from kg.ontology import relation_info
from kg.types import ACTOR_TYPES

__all__ = ["SIGN", "actor_graph", "actor_graphs", "signed_graph"]

log = logging.getLogger(__name__)

#: The sign of each polarity in the signed graph; structural relations have none.
SIGN = {"cooperative": 1, "neutral": 0, "hostile": -1}


def _local(iri: object) -> str:
    text = str(iri)
    return text[len(str(KG)) :] if text.startswith(str(KG)) else text.rsplit("/", 1)[-1]


def _relation_table(rdf_graph: Graph) -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
    """relation -> (polarity, symmetric), and inverse -> base relation.

    From :func:`kg.ontology.relation_info` (``ontology/kg.ttl``); the graph's own
    ``kg:polarity`` and ``owl:inverseOf`` annotations win.
    """
    table: dict[str, tuple[str, bool]] = {}
    inverses: dict[str, str] = {}
    for name, info in relation_info().items():
        table[name] = (info.polarity, bool(info.symmetric))
        if info.inverse:
            inverses[info.inverse] = name
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


def actor_graph(rdf_graph: Graph, documents: Container[str] | None = None) -> nx.MultiDiGraph:
    """The directed multigraph of actors, one edge per (source, relation, target).

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        A graph built by :mod:`kg.graph`: actor nodes, document nodes and one ``kg:Assertion``
        node per piece of evidence.
    documents : container of str, optional
        Keep only the evidence of these document ids (``kg:docId``), e.g. the documents of one
        period (:mod:`kg.analysis.periods`); the nodes are then the actors of that evidence
        only (without ``documents``, every actor of the graph is a node).

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
        id, so that "A allied with B" and "B allied with A" are one edge. Wire copies of a story
        (documents with ``kg:duplicateOf``) count once: of a story's copies, only the evidence
        of one document (the first copy when it has some) counts in ``weight``, ``count`` and
        ``evidence``.

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
    if documents is None:
        for node in sorted(set(rdf_graph.subjects(RDF.type, KG.Actor)), key=str):
            actors[node] = _actor_attributes(rdf_graph, node)
    evidence: dict[tuple[str, str, str], list[tuple]] = defaultdict(list)
    for _, nodes, key, item in _evidence(rdf_graph, table, inverses, documents, dict(actors)):
        for node, attrs in nodes:
            actors.setdefault(node, attrs)
        evidence[key].append(item)
    return _build(actors, evidence, table)


def actor_graphs(rdf_graph: Graph, groups: Mapping[str, str]) -> dict[str, nx.MultiDiGraph]:
    """One actor graph per group of documents, reading the evidence of the graph once.

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        A graph built by :mod:`kg.graph`.
    groups : mapping of str to str
        document id -> the name of its group (e.g. its period); the evidence of documents not
        named is left out.

    Returns
    -------
    dict of str to networkx.MultiDiGraph
        group -> the graph ``actor_graph(rdf_graph, documents=<the documents of the group>)``
        returns (the same nodes, edges and attributes), for every group with evidence. The cost
        is one pass over the assertions, not one per group.

    Examples
    --------
    >>> actor_graphs(Graph(), {"d1": "2024-01"})
    {}
    """
    table, inverses = _relation_table(rdf_graph)
    cache: dict[object, dict[str, Any]] = {}
    actors: dict[str, dict[object, dict[str, Any]]] = defaultdict(dict)
    evidence: dict[str, dict[tuple[str, str, str], list[tuple]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for doc_id, nodes, key, item in _evidence(rdf_graph, table, inverses, groups, cache):
        group = groups[doc_id]
        for node, attrs in nodes:
            actors[group].setdefault(node, attrs)
        evidence[group][key].append(item)
    return {group: _build(actors[group], evidence[group], table) for group in sorted(evidence)}


def _evidence(
    rdf_graph: Graph,
    table: Mapping[str, tuple[str, bool]],
    inverses: Mapping[str, str],
    documents: Container[str] | None,
    cache: dict[object, dict[str, Any]],
) -> Iterator[tuple[str, tuple[tuple[object, dict[str, Any]], ...], tuple[str, str, str], tuple]]:
    """The kept assertions in IRI order: (document id, its two actor nodes with their
    attributes, the edge key (source, relation, target), the evidence item of the edge).

    ``cache`` maps actor nodes to their attributes, filled as actors are met.
    """
    papers: dict[object, tuple[str, str, str, str]] = {}  # document node -> _document(...)
    for assertion in sorted(set(rdf_graph.subjects(RDF.type, KG.Assertion)), key=str):
        doc = rdf_graph.value(assertion, KG.document)
        if doc not in papers:
            papers[doc] = _document(rdf_graph, doc)
        doc_id, title, date, story = papers[doc]
        if documents is not None and doc_id not in documents:
            continue
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
            if node not in cache:
                cache[node] = _actor_attributes(rdf_graph, node)
        source, target = cache[subject]["id"], cache[obj]["id"]
        if table.get(relation, ("", False))[1] and target < source:
            source, target = target, source
        confidence = _literal(rdf_graph, assertion, KG.confidence, 1.0)
        try:
            confidence = float(confidence)
        except (TypeError, ValueError):
            confidence = 1.0
        sentence = str(_literal(rdf_graph, assertion, KG.evidence, ""))
        nodes = ((subject, cache[subject]), (obj, cache[obj]))
        yield doc_id, nodes, (source, relation, target), (date, doc_id, sentence, title,
                                                          confidence, story)


def _document(rdf_graph: Graph, doc: object) -> tuple[str, str, str, str]:
    """(id, title, ISO date or "", id of its story's first copy) of a document node or None."""
    if doc is None:
        return "", "", "", _story(rdf_graph, doc, "")
    doc_id = str(_literal(rdf_graph, doc, KG.docId, _local(doc)))
    title = str(_literal(rdf_graph, doc, DCTERMS.title, ""))
    date = _literal(rdf_graph, doc, DCTERMS.date, "")
    date = date.isoformat() if hasattr(date, "isoformat") else ""
    return doc_id, title, date, _story(rdf_graph, doc, doc_id)


def _build(
    actors: Mapping[object, dict[str, Any]],
    evidence: Mapping[tuple[str, str, str], list[tuple]],
    table: Mapping[str, tuple[str, bool]],
) -> nx.MultiDiGraph:
    """The actor graph of these actors (node -> attributes) and evidence (edge key -> items)."""
    G = nx.MultiDiGraph()
    for attrs in sorted(actors.values(), key=lambda a: a["id"]):
        G.add_node(attrs["id"], **{k: v for k, v in attrs.items() if k != "id"})
    for (source, relation, target), items in sorted(evidence.items()):
        if relation not in table:
            log.warning("relation %r has no polarity in the ontology; treated as neutral", relation)
        polarity, symmetric = table.get(relation, ("neutral", False))
        items = _once_per_story(items)
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
            weight=round(math.fsum(c for *_, c, _ in items), 6),
            count=len(items),
            evidence=[(sentence, title, doc_id) for _, doc_id, sentence, title, *_ in items],
            first_date=min(dates) if dates else "",
            last_date=max(dates) if dates else "",
        )
    return G


def _story(rdf_graph: Graph, doc: object, doc_id: str) -> str:
    """The id of the first copy of the story ``doc`` tells (its own id when it is no copy)."""
    first = rdf_graph.value(doc, KG.duplicateOf) if doc is not None else None  # type: ignore[arg-type]
    if first is None:
        return doc_id
    return str(_literal(rdf_graph, first, KG.docId, _local(first)))


def _once_per_story(items: list[tuple]) -> list[tuple]:
    """The items of one document per story: the story's first copy, else the first by id."""
    docs: dict[str, set[str]] = defaultdict(set)  # story -> documents with evidence
    for item in items:
        docs[item[-1]].add(item[1])
    keep = {story: story if story in found else min(found) for story, found in docs.items()}
    return [item for item in items if item[1] == keep[item[-1]]]


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
