"""The parts of ``kg build`` after the NLP stage, timed on a kept build folder (issue 17).

Usage: ``python benchmarks/finish_parts.py OUT [--input FILE]`` where OUT is the folder of a
``kg build`` (its mentions.jsonl, assertions.jsonl and graph.ttl are read; nothing in it is
written) and FILE the input of that build, for the wire-copy pass. Prints the CPU seconds of each
part, as ``kg.pipeline._finish`` runs them, and, for the two parts that have a reference
implementation, the ratio to it: rdflib's Turtle serializer and networkx's betweenness.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _cpu(f, *args, **kwargs):
    start = time.process_time()
    result = f(*args, **kwargs)
    return time.process_time() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--input", type=Path)
    args = parser.parse_args(argv)

    import networkx as nx

    from kg.analysis import analyze, write_blocs_json
    from kg.analysis.metrics import _graph, _unsigned_edges
    from kg.engine.records import iter_assertions, iter_lines, mention_actor, read_documents
    from kg.exporters import export
    from kg.graph import build_graph
    from kg.ingest import iter_documents, mark_duplicates
    from kg.kb import load_kb
    from kg.store import write_store

    import datasketch, pyoxigraph, pyvis.network  # noqa: E401,F401  imports out of the timings

    import kg.exporters.gephi, kg.exporters.html, kg.exporters.rdf, kg.exporters.turtle  # noqa
    kb = load_kb()
    rows: list[tuple[str, float]] = []
    if args.input:
        rows.append(("read + mark_duplicates",
                     _cpu(lambda: sum(1 for _ in mark_duplicates(iter_documents([args.input]))))[0]))
    docs = list(read_documents(args.out / "graph.ttl").values())
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        lines: dict = {}

        def actors() -> None:
            for _, record in iter_lines(args.out / "mentions.jsonl"):
                actor = mention_actor(record, kb)
                lines[actor] = lines.get(actor, 0) + 1

        rows.append(("mention counts", _cpu(actors)[0]))
        seconds, graph = _cpu(lambda: build_graph(iter_assertions(args.out / "assertions.jsonl", kb),
                                                  docs, lines))
        rows.append(("build_graph", seconds))
        ttl, _ = _cpu(export, "ttl", graph, stage / "graph.ttl")
        rows.append(("export ttl", ttl))
        rows.append(("write_store", _cpu(write_store, stage / "graph.ttl", stage / "store")[0]))
        seconds, analysis = _cpu(analyze, graph, seed=0)
        rows.append(("analyze", seconds))
        rows.append(("blocs.json", _cpu(write_blocs_json, analysis, stage / "blocs.json")[0]))
        for fmt in ("html", "gexf", "graphml"):
            rows.append((f"export {fmt}", _cpu(export, fmt, graph, stage / f"graph.{fmt}",
                                               analysis=analysis)[0]))
        rdflib_ttl, _ = _cpu(graph.serialize, format="turtle", encoding="utf-8")
        edges = _unsigned_edges(analysis.graph, "weight")
        U = _graph(sorted(analysis.graph, key=str), edges, "weight")
        from kg.analysis.metrics import _betweenness

        ours, _ = _cpu(_betweenness, U, edges, "weight")
        theirs, _ = _cpu(nx.betweenness_centrality, U, normalized=True)
        shutil.rmtree(stage / "store", ignore_errors=True)
    for name, seconds in rows:
        print(f"{name:<24} {seconds:6.2f} s CPU")
    print(f"{'total':<24} {sum(s for _, s in rows):6.2f} s CPU")
    print(f"Turtle: rdflib's serializer {rdflib_ttl:.2f} s, kg's writer {ttl:.2f} s "
          f"({rdflib_ttl / max(ttl, 1e-9):.1f}x)")
    print(f"betweenness: networkx {theirs:.3f} s, kg {ours:.3f} s ({theirs / max(ours, 1e-9):.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
