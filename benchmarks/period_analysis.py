#!/usr/bin/env python3
"""The per-period actor graphs: one pass over the evidence against one pass per period.

Usage: python benchmarks/period_analysis.py [--actors 1250] [--months 24] [--by month]
       python benchmarks/period_analysis.py --graph out/graph.ttl [--by quarter]

Without ``--graph`` it measures a generated graph (``--actors`` actors, three relations each,
spread over the documents of ``--months`` months) built through kg's own graph builder. On the
same graph, in one run, it times the actor graphs of every period built the old way (one
:func:`kg.analysis.actor_graph` call with ``documents=`` per period, each reading the whole
graph) and the new way (:func:`kg.analysis.graph.actor_graphs`, one pass), checks that both give
the same graphs, times the whole :func:`kg.analysis.analyze_by_period` and prints the ratio of
old to new (issue 17: the analysis must grow with the graph, not with graph times periods).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from typing import Any


def generated_graph(actors: int, months: int, seed: int = 0) -> Any:
    """An RDF graph of ``actors`` actors with three relations each over ``months`` months."""
    from kg.graph import build_graph
    from kg.types import Actor, Assertion, Document, Mention

    rng = random.Random(seed)
    people = [Actor(f"x-a{i}", f"Actor {i}", "Organization") for i in range(actors)]
    docs = [
        Document(f"d{m}-{k}", "", f"Report {m}-{k}",
                 f"{2000 + m // 12}-{1 + m % 12:02d}-{1 + k:02d}")  # fmt: skip
        for m in range(months)
        for k in range(20)
    ]
    assertions = []
    for k in range(actors * 3):
        a, b = rng.sample(people, 2)
        relation = rng.choice(["attacks", "supplies", "condemns", "supports", "negotiatesWith"])
        sentence = f"{a.label} {relation} {b.label}."
        doc = rng.choice(docs).id
        src = Mention(doc, 0, len(a.label), a.label, a)
        tgt = Mention(doc, len(sentence) - 1 - len(b.label), len(sentence) - 1, b.label, b)
        assertions.append(Assertion(doc, src, relation, tgt, 0, len(sentence), sentence, 0.8))
    return build_graph(assertions, docs, {x: 1 for x in people})


def _same(G: Any, H: Any) -> bool:
    return (list(G.nodes(data=True)) == list(H.nodes(data=True))
            and list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", help="a graph.ttl to measure instead of a generated graph")
    parser.add_argument("--actors", type=int, default=1250)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--by", default="month", choices=["month", "quarter", "year"])
    args = parser.parse_args(argv)

    from rdflib import Graph

    from kg.analysis.graph import actor_graph, actor_graphs
    from kg.analysis.periods import analyze_by_period, document_dates, period_of

    if args.graph:
        graph = Graph()
        graph.parse(args.graph)
        what = args.graph
    else:
        graph = generated_graph(args.actors, args.months)
        what = f"generated: {args.actors:,} actors, {args.months} months"
    period = {d: period_of(day, args.by) for d, day in document_dates(graph).items() if day}
    groups: dict[str, set[str]] = {}
    for doc_id, name in period.items():
        groups.setdefault(name, set()).add(doc_id)

    start = time.perf_counter()
    old = {name: actor_graph(graph, documents=docs) for name, docs in sorted(groups.items())}
    old_s = time.perf_counter() - start
    start = time.perf_counter()
    new = actor_graphs(graph, period)
    new_s = time.perf_counter() - start
    same = set(new) == {name for name, G in old.items() if len(G)} and all(
        _same(old[name], G) for name, G in new.items())
    start = time.perf_counter()
    timeline = analyze_by_period(graph, by=args.by)
    whole_s = time.perf_counter() - start

    print(f"graph: {what}; {len(graph):,} triples, {len(groups)} periods (by {args.by})")
    print(f"per-period actor graphs, one pass per period (old): {old_s:8.2f} s")
    print(f"per-period actor graphs, one pass (new):             {new_s:8.2f} s")
    print(f"old / new: {old_s / new_s:.1f}x; same graphs: {same}")
    print(f"analyze_by_period (new, with blocs and matching):    {whole_s:8.2f} s"
          f" for {len(timeline.periods)} periods")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
