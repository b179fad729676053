#!/usr/bin/env python3
"""The NLP stage of ``kg build`` part by part, and the two caches it relies on, in wall seconds.

The first N Reuters-21578 articles (as ``benchmarks/build_throughput.py`` reads them), the
engine loaded before any clock starts (``kg.engine.worker.load_engine``):

  tokenizer      in two fresh processes, spaCy's ``nlp.make_doc`` of every article and
                 ``kg.engine.tokens.ChunkCache`` (the first pass's), each twice: cold, then
                 again over the same texts (the kept sentences are tokenized a second time).
  lemmatizer     spaCy's ``rule_lemmatize`` against ``TableLemmatizer``'s set view of its index,
                 on every distinct (form, part of speech, morphology) of the parsed text, caches
                 emptied: the same lemmas, and the seconds of each.
  NLP stage      in a third process, the stage as ``kg.engine.worker.analyse_documents`` runs it
                 but one part at a time over all the documents: the first pass (its
                 ``kg_actors`` timed again on its own), the kept sentences tokenized, each
                 component of the pipeline, mentions and assertions read off the docs.

    python benchmarks/nlp_stages.py            # 2000 articles
    python benchmarks/nlp_stages.py --n 300
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_throughput import DEFAULT_CORPUS, _write_jsonl  # noqa: E402


def _texts(jsonl: str) -> list[str]:
    return [json.loads(line)["text"] for line in open(jsonl, encoding="utf-8")]


def _tokenizer(jsonl: str, queue, chunked: bool) -> None:
    from kg.engine.tokens import ChunkCache
    from kg.engine.worker import load_engine

    nlp, _, _ = load_engine(None)
    make_doc = ChunkCache(nlp) if chunked else nlp.make_doc
    texts = _texts(jsonl)
    seconds = []
    for _ in range(2):
        t0 = time.perf_counter()
        for text in texts:
            make_doc(text)
        seconds.append(time.perf_counter() - t0)
    queue.put(seconds)


def _stage(jsonl: str, queue) -> None:
    from kg.actors import doc_mentions
    from kg.engine.worker import SEPARATOR, _pieces, load_engine
    from kg.ingest import iter_documents
    from kg.relations import doc_assertions

    nlp, first_pass, kb = load_engine(None)
    documents = list(iter_documents([jsonl]))
    rows: list[tuple[str, float]] = []

    def timed(label, f):
        t0 = time.perf_counter()
        result = f()
        rows.append((label, time.perf_counter() - t0))
        return result

    plans = timed("first pass (Prepass.plan, tokenizer cold)",
                  lambda: [first_pass.plan(d.text, d.id, d.date) for d in documents])
    docs = [first_pass.make_doc(d.text) for d in documents]
    for doc, d in zip(docs, documents):
        doc._.kg_date = d.date
    t0 = time.perf_counter()
    for doc in docs:
        first_pass.ruler(doc)
    first_actors = time.perf_counter() - t0  # a part of the plan, timed again on its own
    del docs

    def pieces():
        out = []
        for d, plan in zip(documents, plans):
            for group in _pieces(d.text, plan.segments):
                doc = first_pass.make_doc(SEPARATOR.join(d.text[s:e] for s, e in group))
                doc._.kg_date = d.date
                out.append(doc)
        return out

    todo = timed("kept sentences tokenized", pieces)
    for name, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            todo = timed(name, lambda proc=proc: list(proc.pipe(todo, batch_size=128)))
        else:
            todo = timed(name, lambda proc=proc: [proc(doc) for doc in todo])
    timed("mentions and assertions", lambda: [(doc_mentions(doc, "d", kb),
                                               doc_assertions(doc, "d", kb)) for doc in todo])
    lemmas = _lemmatizers(nlp, todo)
    queue.put({"rows": rows, "lemmas": lemmas, "tokens": sum(len(doc) for doc in todo),
               "first_actors": first_actors})


def _lemmatizers(nlp, docs) -> dict:
    """spaCy's rule lemmatizer and the table's set view on each distinct key, caches empty."""
    from kg.nlp_attributes import _SetIndex

    table = nlp.get_pipe("lemmatizer")
    spacy_lemmatizer = table.lemmatizer
    tokens, keys = [], set()
    for doc in docs:
        for tok in doc:
            key = (tok.orth, tok.pos, tok.morph.key)
            if key not in keys:
                keys.add(key)
                tokens.append(tok)
    rule = type(spacy_lemmatizer).rule_lemmatize
    spacy_lemmatizer.cache.clear()
    t0 = time.perf_counter()
    theirs = [spacy_lemmatizer.rule_lemmatize(t) for t in tokens]
    t1 = time.perf_counter()
    view = _SetIndex(spacy_lemmatizer)
    ours = [rule(view, t) for t in tokens]
    t2 = time.perf_counter()
    return {"keys": len(tokens), "spacy": t1 - t0, "sets": t2 - t1, "same": ours == theirs}


def _measure(target, *args):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(args[0], queue, *args[1:]))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)

    import logging

    logging.getLogger("kg").setLevel(logging.ERROR)
    from kg.ingest import iter_documents

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = str(Path(tmp) / "articles.jsonl")
        _write_jsonl(iter_documents([args.corpus]), args.n, jsonl)
        print(f"{args.n} articles of {args.corpus.name}, wall seconds", flush=True)
        for label, chunked in (("spaCy make_doc", False), ("ChunkCache", True)):
            cold, again = _measure(_tokenizer, jsonl, chunked)
            print(f"tokenizer, {label:<15} cold {cold:6.2f}   the same texts again {again:6.2f}",
                  flush=True)
        stage = _measure(_stage, jsonl)
    lemmas = stage["lemmas"]
    print(f"lemmatizer, {lemmas['keys']:,} distinct keys: spaCy's rules {lemmas['spacy']:.2f}, "
          f"with the index as sets {lemmas['sets']:.2f}, same lemmas: {lemmas['same']}")
    print(f"NLP stage, one part at a time ({stage['tokens']:,} tokens parsed):")
    for k, (label, seconds) in enumerate(stage["rows"]):
        print(f"  {label:<44} {seconds:6.2f}")
        if k == 0:
            print(f"    {'of it, kg_actors (timed again alone)':<42} ({stage['first_actors']:.2f})")
    print(f"  {'total':<44} {sum(s for _, s in stage['rows']):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
