#!/usr/bin/env python3
"""Words per second of ``kg build`` against spaCy's own ``nlp.pipe`` with the same model.

The same N Reuters-21578 articles (the first N readable records of
``../shared/data/news/reuters21578.jsonl``, read with ``kg.ingest.iter_documents``), in one run:

  baseline       ``spacy.load(kg.nlp.model_name())`` with all its components, ``nlp.pipe(texts)``
                 with the default batch size, every Doc consumed.
  kg, 1 worker   ``kg.pipeline.build()`` on a temporary JSONL of the N articles: first pass, NLP,
                 mentions.jsonl, assertions.jsonl, actors.jsonl, graph.ttl, blocs.json,
                 graph.html, graph.gexf, graph.graphml: everything a user gets.
  kg, 2 workers  the same with ``workers=2`` (two worker processes).
  kg, dask       the same with ``engine="dask"`` on a LocalCluster of 2 worker processes.

Each measurement runs in a child process of its own (so that its peak RSS is its own). The
model is loaded before the clock starts for the baseline and the one-worker build; the worker
processes of the last two load it inside the timed run (their start-up is part of the figure).
Words are whitespace-separated tokens (``len(text.split())``, as ``BuildReport.words``). Peak
RSS is ``getrusage`` of the measuring process (its own peak, and the largest of its child
processes), and the peak of the sum over its process tree sampled every 0.2 s with psutil.

    python benchmarks/build_throughput.py            # 2000 articles
    python benchmarks/build_throughput.py --n 300 --skip dask
    python benchmarks/build_throughput.py --readme README.md   # also rewrite the README's figures
    python benchmarks/build_throughput.py --full     # the whole corpus, against 2000 articles
    python benchmarks/build_throughput.py --repeat 3 # baseline and 1 worker three times, in turn

With ``--repeat N`` the baseline and the one-worker build are measured N times in turn, each
ratio against the baseline of its own run, and their median is printed: on this machine
spaCy's baseline varies by up to a fifth between quiet runs (96 to 114 s) while kg's build
varies less, so one run's ratio is not the figure to quote.

``--full`` builds the whole corpus (19,043 Reuters articles, about 2.5 million words) at one
worker, after the same build of the first N articles, and prints the words per second of both,
their ratio and the peak RSS of each against the target of 1.5 GiB (no baseline: spaCy alone
takes as long again). The kg rows also print the share of sentences the full pipeline parsed,
and the share of the words in them: the full pipeline costs what spaCy's does per word, so one
over that share bounds the ratio a build can reach however cheap the rest of it is.

With ``--readme``, the lines printed replace the block between ``<!-- build_throughput -->`` and
``<!-- /build_throughput -->`` in that file (the command line, then the output, indented).
"""

from __future__ import annotations

import argparse
import itertools
import re
import json
import multiprocessing
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "reuters21578.jsonl"
MIB = 1024 * 1024


class _TreeRSS:
    """Peak of the summed RSS of this process and its descendants, sampled in a thread."""

    def __init__(self, every: float = 0.2):
        self.peak = 0
        self.every = every
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self.proc = None
            return
        self.proc = psutil.Process()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                procs = [self.proc]
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self):
        if self.proc is not None:
            self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            self._stop.set()
            self.thread.join()


def _rss() -> dict:
    return {"self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _baseline(jsonl: str, queue) -> None:
    import spacy

    from kg.nlp import model_name

    texts = [json.loads(line)["text"] for line in open(jsonl, encoding="utf-8")]
    nlp = spacy.load(model_name())
    with _TreeRSS() as tree:
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        seconds = time.perf_counter() - t0
    queue.put({"seconds": seconds, "words": sum(len(t.split()) for t in texts),
               "tree_mib": tree.peak / MIB, **_rss()})


def _kg(jsonl: str, queue, options: dict) -> None:
    from kg.pipeline import build
    from kg.engine.worker import load_engine

    if options.get("engine", "local") == "local" and (options.get("workers") or 1) == 1:
        load_engine(None)  # the model, loaded before the clock starts (as for the baseline)
    with tempfile.TemporaryDirectory() as out, _TreeRSS() as tree:
        t0 = time.perf_counter()
        report = build([jsonl], out, **options)
        seconds = time.perf_counter() - t0
    queue.put({"seconds": seconds, "words": report.words, "documents": report.documents,
               "assertions": report.assertions, "mentions": report.mentions,
               "sentences": report.sentences, "parsed": report.parsed_sentences,
               "parsed_words": report.parsed_words,
               "tree_mib": tree.peak / MIB, **_rss()})


def _measure(target, *args) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args[:1], queue, *args[1:]))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip", action="append", default=[], choices=["workers2", "dask"],
                        help="leave a measurement out (repeatable)")
    parser.add_argument("--readme", type=Path, help="rewrite this file's block of figures")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure the baseline and the one-worker build this many times, in "
                             "turn, and print each ratio and their median (default 1)")
    parser.add_argument("--full", action="store_true",
                        help="the whole corpus at 1 worker, against the first --n articles")
    args = parser.parse_args(argv)
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    import logging

    logging.getLogger("kg").setLevel(logging.ERROR)  # unknown actors named two ways, etc.
    from kg.ingest import iter_documents
    from kg.nlp import model_name

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = str(Path(tmp) / "articles.jsonl")
        _write_jsonl(iter_documents([args.corpus]), args.n, jsonl)
        if args.full:
            return _full(args, jsonl, str(Path(tmp) / "all.jsonl"), say)
        runs = [("spaCy nlp.pipe, all components (baseline)", _baseline, ())]
        runs.append(("kg build, local engine, 1 worker", _kg, ({},)))
        if "workers2" not in args.skip:
            runs.append(("kg build, local engine, --workers 2", _kg, ({"workers": 2},)))
        if "dask" not in args.skip:
            runs.append(("kg build, --engine dask, LocalCluster of 2", _kg,
                         ({"engine": "dask", "workers": 2},)))
        say(f"{args.n} articles of {args.corpus.name}, model {model_name()}, "
            f"{multiprocessing.cpu_count()} CPUs")
        pairs = []  # (baseline, 1 worker) words/s of each repeat
        for k in range(args.repeat):  # the baseline and the one-worker build, in turn
            b = _measure(runs[0][1], jsonl, *runs[0][2])
            one = _measure(runs[1][1], jsonl, *runs[1][2])
            pairs.append((b["words"] / b["seconds"], one["words"] / one["seconds"]))
            suffix = f" (run {k + 1})" if args.repeat > 1 else ""
            say(_row(runs[0][0] + suffix, b, 1.0))
            say(_row(runs[1][0] + suffix, one, pairs[-1][1] / pairs[-1][0]))
        base = statistics.median(b for b, _ in pairs)
        if args.repeat > 1:
            ratios = [o / b for b, o in pairs]
            say(f"1 worker against the baseline of the same run, {args.repeat} runs: "
                + ", ".join(f"{r:.2f}x" for r in ratios)
                + f"; median {statistics.median(ratios):.2f}x (the rows below: against the "
                  f"median baseline, {base:,.0f} words/s)")
        for label, target, extra in runs[2:]:
            r = _measure(target, jsonl, *extra)
            say(_row(label, r, r["words"] / r["seconds"] / base))
    if args.readme:
        _rewrite(args.readme, ["$ python benchmarks/build_throughput.py"
                               + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])
                                         if a != "--readme" and a != str(args.readme)), *lines])
    return 0


def _write_jsonl(documents, n: int | None, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for d in itertools.islice(documents, n):
            f.write(json.dumps({"id": d.id, "text": d.text, "title": d.title,
                                "date": d.date}, ensure_ascii=False) + "\n")


def _row(label: str, r: dict, ratio: float) -> str:
    """One printed measurement: words, seconds, words/s, ``ratio``, peak RSS, counts."""
    wps = r["words"] / r["seconds"]
    counts = ""
    if "documents" in r:
        share = f", {r['parsed'] / r['sentences']:.1%} of {r['sentences']:,} sentences parsed" \
            if r.get("sentences") else ""
        if r.get("parsed_words"):  # spaCy's cost is per word: 1/share bounds the ratio
            words = r["parsed_words"] / r["words"]
            share += f", {words:.1%} of the words (one process: at most {1 / words:.2f}x)"
        counts = (f"  [{r['documents']} docs, {r['mentions']} mentions, "
                  f"{r['assertions']} assertions{share}]")
    return (f"{label:<52} {r['words']:>9,} words {r['seconds']:8.1f} s "
            f"{wps:>9,.0f} words/s  {ratio:5.2f}x   peak RSS: process "
            f"{r['self_mib']:,.0f} MiB, largest child {r['children_mib']:,.0f} MiB, "
            f"tree {r['tree_mib']:,.0f} MiB{counts}")


def _full(args, jsonl: str, all_jsonl: str, say) -> int:
    """``--full``: the first N articles, then the whole corpus, at one worker."""
    from kg.ingest import iter_documents

    _write_jsonl(iter_documents([args.corpus]), None, all_jsonl)
    say(f"--full: {args.corpus.name}, 1 worker, the first {args.n} articles then all of them, "
        f"{multiprocessing.cpu_count()} CPUs")
    small = _measure(_kg, jsonl, {})
    base = small["words"] / small["seconds"]
    say(_row(f"kg build, {args.n} articles", small, 1.0))
    full = _measure(_kg, all_jsonl, {})
    say(_row("kg build, the whole corpus", full, full["words"] / full["seconds"] / base))
    peak = max(full["self_mib"], full["tree_mib"])
    say(f"whole corpus: words/s {full['words'] / full['seconds'] / base:.2f}x the {args.n}-article "
        f"run (target within 10%), peak RSS {peak:,.0f} MiB (target < 1,536 MiB)")
    return 0


def _rewrite(path: Path, lines: list[str]) -> None:
    """Replace the block between the markers of ``path`` with ``lines`` (indented as code)."""
    text = path.read_text(encoding="utf-8")
    block = "\n".join(["<!-- build_throughput -->", "", *("    " + x for x in lines), "",
                        "<!-- /build_throughput -->"])
    new, n = re.subn(r"<!-- build_throughput -->.*?<!-- /build_throughput -->",
                     lambda _: block, text, flags=re.S)
    if n != 1:
        raise SystemExit(f"{path}: no block between <!-- build_throughput --> markers")
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
