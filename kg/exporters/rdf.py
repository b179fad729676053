"""RDF exporters: Turtle, N-Triples, N-Quads and JSON-LD, deterministic and written atomically.

Each has the registry signature ``(graph, path, **options) -> None``. The same graph always gives
the same bytes: Turtle is sorted by subject, predicate and object (:mod:`kg.exporters.turtle`), N-Triples and N-Quads lines are sorted,
JSON-LD nodes are sorted by ``@id`` and keys by name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from kg.errors import ExportError
from kg.exporters.atomic import atomic_path

__all__ = ["write_jsonld", "write_nquads", "write_ntriples", "write_turtle"]


def _check(graph: Any) -> Graph:
    if not isinstance(graph, Graph):
        raise ExportError(f"an RDF exporter needs an rdflib Graph, not {type(graph).__name__}")
    return graph


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _sorted_lines(text: str) -> bytes:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def write_turtle(graph: Graph, path: str | Path, **options: Any) -> None:
    """Write ``graph`` as Turtle (UTF-8) to ``path``.

    A graph of IRIs and literals (every graph kg builds) is written by
    :func:`kg.exporters.turtle.turtle_bytes`, one pass; one with blank nodes or named graphs by
    rdflib's serializer.

    >>> import tempfile, pathlib
    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.ttl"
    >>> write_turtle(g, out)
    >>> Graph().parse(out).isomorphic(g)
    True
    """
    from kg.exporters.turtle import turtle_bytes

    graph = _check(graph)
    data = None if graph.context_aware else turtle_bytes(graph)
    if data is None:  # blank nodes, named graphs: rdflib's serializer
        data = graph.serialize(format="turtle", encoding="utf-8")
    _write_bytes(Path(path), data)


def write_ntriples(graph: Graph, path: str | Path, **options: Any) -> None:
    """Write ``graph`` as N-Triples, one sorted line per triple (of every named graph)."""
    graph = _check(graph)
    if graph.context_aware:
        flat = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):  # type: ignore[attr-defined]
            flat.add((s, p, o))
        graph = flat
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    _write_bytes(Path(path), _sorted_lines(text))


def write_nquads(
    graph: Graph, path: str | Path, graph_name: str | None = None, **options: Any
) -> None:
    """Write ``graph`` as N-Quads, sorted lines.

    A plain graph goes into the default graph, or into the named graph ``graph_name`` when given;
    a ``Dataset`` keeps its named graphs.
    """
    graph = _check(graph)
    if graph.context_aware:
        text = graph.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    else:
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        if graph_name:
            name = URIRef(graph_name).n3()
            text = "\n".join(
                line[: -1].rstrip() + f" {name} ." if line.rstrip().endswith(".") else line
                for line in text.splitlines()
                if line.strip()
            )
    _write_bytes(Path(path), _sorted_lines(text))


def _canonical(value: Any) -> Any:
    """Sort JSON-LD node lists and value arrays so that output is stable (``@list`` kept)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _canonical(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: (v.get("@id", "") if isinstance(v, dict) else "",
                                            json.dumps(v, sort_keys=True, ensure_ascii=False)))
    return value


def write_jsonld(graph: Graph, path: str | Path, **options: Any) -> None:
    """Write ``graph`` as JSON-LD, compacted with the graph's own prefixes as an inline context.

    The context is inline (never a URL), so reading the file back fetches nothing.
    """
    graph = _check(graph)
    context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    doc = json.loads(text)
    if isinstance(doc, dict) and "@graph" in doc:
        doc["@graph"] = _canonical(doc["@graph"])
    else:
        doc = _canonical(doc)
    data = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _write_bytes(Path(path), data.encode("utf-8"))
