#!/usr/bin/env python3
"""Throughput of kg's pipeline against spaCy's own ``nlp.pipe`` with the same model.

The same N Reuters-21578 articles (``../shared/data/news/reuters21578.jsonl``, read with
``kg.ingest.iter_documents``, so empty texts are skipped and dates normalised as ``kg build``
does), in the same process and run:

  spaCy   ``spacy.load(kg.nlp.model_name())`` with all its components, ``nlp.pipe(texts)``,
          every Doc consumed.
  kg      ``kg.pipeline.process(documents)`` with ``kg.nlp.load_pipeline()`` (the model plus
          ``kg_actors`` and ``kg_relations``): mentions, assertions, and every assertion written
          as a line of assertions.jsonl (``kg.pipeline.assertion_record``) to a temporary file.

Both pipelines are loaded and warmed up on a few articles (not timed) before the timed run.
Words are whitespace-separated tokens (``len(text.split())``, as ``BuildReport.words``).

``--full-build`` also times ``kg.pipeline.build()`` end to end (ingest, pipeline, every JSONL, the
graph, the analysis and every default export) on the same articles written to a temporary JSONL
file. The pipeline is already loaded (``load_pipeline`` is cached), so model loading is not in
that figure.

    python benchmarks/relation_throughput.py                  # 500 articles
    python benchmarks/relation_throughput.py --n 2000 --batch-size 64 --full-build
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 5


def load_documents(path: Path, n: int):
    """The first ``n`` non-empty articles of ``path``, and the ``WARMUP`` ones after them."""
    from kg.ingest import iter_documents

    docs = list(itertools.islice(iter_documents([path]), n + WARMUP))
    return docs[:n], docs[n:] or docs[:WARMUP]


def time_spacy(nlp, texts: list[str], batch_size: int) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def time_kg(nlp, docs, batch_size: int, out: Path) -> tuple[float, int, int]:
    from kg.pipeline import assertion_record, process
    from kg.ontology import relation_info

    polarity = {name: info.polarity for name, info in relation_info().items()}
    n_mentions = n_assertions = 0
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for _, mentions, assertions in process(docs, nlp, batch_size=batch_size):
            n_mentions += len(mentions)
            n_assertions += len(assertions)
            for a in assertions:
                f.write(json.dumps(assertion_record(a, polarity), ensure_ascii=False) + "\n")
    return time.perf_counter() - t0, n_mentions, n_assertions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Words per second of kg's pipeline (actors, relations, assertions.jsonl) "
                    "versus spaCy's nlp.pipe with the same model, on the same Reuters articles.")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (default: ../shared relative to the repository root)")
    parser.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    parser.add_argument("--full-build", action="store_true",
                        help="also time kg.pipeline.build() end to end on the same articles")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    data = args.shared / "data" / "news" / "reuters21578.jsonl"
    if not args.shared.is_dir():
        parser.exit(2, f"error: shared folder {args.shared} not found; pass --shared DIR\n")
    if not data.is_file():
        parser.exit(2, f"error: {data} not found (Reuters-21578 as JSONL)\n")
    if args.n < 1:
        parser.exit(2, "error: --n must be at least 1\n")

    sys.path.insert(0, str(ROOT))
    import spacy

    from kg.nlp import load_pipeline, model_name

    docs, warm = load_documents(data, args.n)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)

    spacy_nlp = spacy.load(model_name())
    kg_nlp = load_pipeline()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        time_spacy(spacy_nlp, [d.text for d in warm], args.batch_size)
        time_kg(kg_nlp, warm, args.batch_size, tmp / "warmup.jsonl")

        spacy_s = time_spacy(spacy_nlp, texts, args.batch_size)
        kg_s, n_mentions, n_assertions = time_kg(kg_nlp, docs, args.batch_size,
                                                 tmp / "assertions.jsonl")
        result = {
            "model": model_name(), "articles": len(docs), "words": words,
            "batch_size": args.batch_size,
            "spacy": {"pipeline": spacy_nlp.pipe_names, "seconds": round(spacy_s, 3),
                      "words_per_s": round(words / spacy_s)},
            "kg": {"pipeline": kg_nlp.pipe_names, "seconds": round(kg_s, 3),
                   "words_per_s": round(words / kg_s), "mentions": n_mentions,
                   "assertions": n_assertions},
            "ratio_kg_over_spacy": round(spacy_s / kg_s, 3),
        }
        if args.full_build:
            from kg.pipeline import build

            src = tmp / "articles.jsonl"
            with open(src, "w", encoding="utf-8", newline="\n") as f:
                for d in docs:
                    f.write(json.dumps({"id": d.id, "title": d.title, "date": d.date,
                                        "text": d.text}, ensure_ascii=False) + "\n")
            t0 = time.perf_counter()
            report = build([src], tmp / "out")
            full_s = time.perf_counter() - t0
            result["full_build"] = {
                "seconds": round(full_s, 3), "words_per_s": round(report.words / full_s),
                "documents": report.documents, "words": report.words,
                "mentions": report.mentions, "assertions": report.assertions,
                "actors": report.actors, "outputs": [p.name for p in report.outputs],
                "ratio_over_spacy": round(spacy_s / full_s * report.words / words, 3),
            }

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['articles']} Reuters-21578 articles, {words} words, model {result['model']}, "
          f"batch size {args.batch_size}")
    print(f"{'':<12}{'words':>9}{'seconds':>10}{'words/s':>10}")
    for name in ("spacy", "kg"):
        r = result[name]
        print(f"{name:<12}{words:>9}{r['seconds']:>10.2f}{r['words_per_s']:>10}")
    if "full_build" in result:
        r = result["full_build"]
        print(f"{'full build':<12}{r['words']:>9}{r['seconds']:>10.2f}{r['words_per_s']:>10}")
    print(f"ratio kg/spaCy (words/s): {result['ratio_kg_over_spacy']:.3f}")
    if "full_build" in result:
        print(f"ratio full build/spaCy (words/s): {result['full_build']['ratio_over_spacy']:.3f}")
    print(f"spaCy pipeline: {', '.join(result['spacy']['pipeline'])}")
    print(f"kg pipeline:    {', '.join(result['kg']['pipeline'])}; "
          f"{result['kg']['mentions']} mentions, {result['kg']['assertions']} assertions")
    if "full_build" in result:
        r = result["full_build"]
        print(f"full build: {r['documents']} documents, {r['mentions']} mentions, "
              f"{r['assertions']} assertions, {r['actors']} actors; wrote {', '.join(r['outputs'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
