"""Benchmark kg's SPARQL engine (Oxigraph) against rdflib's memory store on a synthetic graph.

Generates a seeded random graph in kg's shape (actors, documents, direct relation triples and
one provenance node per assertion, built by :func:`kg.graph.build_graph`), runs the same query on
both engines in the same process, prints the times and the ratio, and checks the answers match.

    python benchmarks/query_engine.py                 # about 1,000,000 triples
    python benchmarks/query_engine.py --triples 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graph import build_graph  # noqa: E402
from kg.ontology import relation_info  # noqa: E402
from kg.sparql import load_store, run_query  # noqa: E402
from kg.types import Actor, Assertion, Document, Mention  # noqa: E402

TRIPLES_PER_ASSERTION = 22  # provenance node (about 21) plus its share of direct triples

#: Who supplies whom, with the number of non-negated assertions: a GROUP BY over assertion nodes.
QUERY = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?supplier ?recipient (COUNT(?assertion) AS ?evidence) (MAX(?c) AS ?best)
WHERE {
  ?assertion rdf:predicate kg:supplies ;
             rdf:subject ?s ;
             rdf:object ?t ;
             kg:negated false ;
             kg:confidence ?c .
  ?s rdfs:label ?supplier .
  ?t rdfs:label ?recipient .
}
GROUP BY ?supplier ?recipient
ORDER BY DESC(?evidence) ?supplier ?recipient
"""


def synthetic(n_assertions: int, seed: int = 0):
    """Seeded random actors, documents and assertions."""
    rng = random.Random(seed)
    types = ["State"] * 6 + ["Organization", "ArmedGroup", "Person"]
    actors = []
    for i in range(max(50, n_assertions // 40)):
        kind = rng.choice(types)
        iso = f"{chr(65 + i // 676 % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}"
        actors.append(Actor(f"a{i}" if kind != "State" else iso, f"Actor {i}", kind,
                            iso if kind == "State" else "", f"Q{1000 + i}"))
    relations = list(relation_info())
    weights = [8 if r == "supplies" else 2 for r in relations]
    docs = [Document(f"doc{i}", f"text of document {i}", f"Title {i}", "2024-01-01", f"d/{i}.txt")
            for i in range(max(10, n_assertions // 20))]
    assertions = []
    for i in range(n_assertions):
        doc = rng.choice(docs).id
        src, tgt = rng.sample(actors, 2)
        start = rng.randrange(0, 5000)
        sentence = f"Sentence {i}: {src.label} and {tgt.label}."
        assertions.append(Assertion(
            doc, Mention(doc, start, start + 5, src.label, src), rng.choices(relations, weights)[0],
            Mention(doc, start + 10, start + 15, tgt.label, tgt), start, start + len(sentence), sentence,
            round(rng.random(), 3), negated=rng.random() < 0.1, hedged=rng.random() < 0.2,
        ))
    return assertions, docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate graph size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs (best is reported)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    assertions, docs = synthetic(args.triples // TRIPLES_PER_ASSERTION, args.seed)
    graph = build_graph(assertions, docs)
    t_build = time.perf_counter() - t0
    print(f"graph: {len(graph):,} triples, {len(assertions):,} assertions (built in {t_build:.1f} s)")

    t0 = time.perf_counter()
    store = load_store(graph)
    t_load = time.perf_counter() - t0
    print(f"oxigraph: loaded in {t_load:.2f} s")

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        fast = run_query(store, QUERY)
        times.append(time.perf_counter() - t0)
    t_ox = min(times)
    print(f"oxigraph: query {t_ox:.3f} s (best of {args.repeat}), {len(fast.rows):,} rows")

    t0 = time.perf_counter()
    slow = run_query(graph, QUERY, engine="rdflib")
    t_rdflib = time.perf_counter() - t0
    print(f"rdflib memory store: query {t_rdflib:.3f} s, {len(slow.rows):,} rows")

    # What ``kg query GRAPH`` does: read the file, then query (Oxigraph parses the file itself).
    import tempfile

    from kg.exporters.rdf import write_ntriples
    from kg.graph import load_graph

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        write_ntriples(graph, path)
        t0 = time.perf_counter()
        from_file = run_query(load_store(path), QUERY)
        t_ox_file = time.perf_counter() - t0
        t0 = time.perf_counter()
        from_file_rdflib = run_query(load_graph(path), QUERY, engine="rdflib")
        t_rdflib_file = time.perf_counter() - t0
    print(f"from an N-Triples file, load + query: oxigraph {t_ox_file:.2f} s, "
          f"rdflib {t_rdflib_file:.2f} s, ratio {t_rdflib_file / t_ox_file:.1f}x")

    same = fast == slow == from_file == from_file_rdflib
    print(f"ratio rdflib/oxigraph: {t_rdflib / t_ox:.1f}x (query only); "
          f"{t_rdflib / (t_ox + t_load):.1f}x including the Oxigraph load")
    print(f"answers equal: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
