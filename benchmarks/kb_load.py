#!/usr/bin/env python3
"""What the actor knowledge base costs: load time and memory of ``kg.kb``, of the actor
ruler built from it (its phrase matchers hold every name), and of the whole NLP engine.

Each measurement runs in a fresh child process (nothing cached), ``--repeat`` times; the line
gives the median and the range of the wall time, the median process CPU time, and the growth
of the process's resident set (``VmRSS`` of /proc/self/status) across the step, and for the
tables the tracemalloc peak (in one more run of its own: tracing slows the step).

  kb        ``kg.kb.load_kb_from(ontology/)``: the CSV tables and actor_rules.toml
  ruler     ``kg.actors.ActorRuler(spacy.blank("en"), kb)``: the matchers over the names, their
            patterns made from the token words stored in ``name_tokens.json``
  tokenize  the same ruler when the stored words cannot be used (no or a stale
            ``name_tokens.json``): every name through the tokenizer; the ratio to ``ruler``
  engine    ``kg.engine.worker.load_engine(None)``: imports, model, KB, ruler and the other
            components, what every ``kg build`` and every worker process pays

    python benchmarks/kb_load.py [--repeat 3] [--kb DIR] [--skip STEP]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("kb", "ruler", "tokenize", "engine")

CHILD = r"""
import json, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0

from pathlib import Path
from kg.kb import load_kb_from
from kg.resources import ontology_dir
step = sys.argv[2]
folder = Path(sys.argv[3]) if sys.argv[3] else ontology_dir()
if step in ("ruler", "tokenize"):
    import spacy
    from kg.actors import ActorRuler
    nlp = spacy.blank("en")
    kb = load_kb_from(folder)
    if step == "tokenize":
        kb.name_tokens = {}
traced = sys.argv[4] == "1"
before = rss()
if traced:
    tracemalloc.start()
t, cpu = time.perf_counter(), time.process_time()
if step == "kb":
    kb = load_kb_from(folder)
elif step == "engine":
    from kg.engine.worker import load_engine
    kb = load_engine(None)[2]
else:
    ruler = ActorRuler(nlp, kb)
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
peak = tracemalloc.get_traced_memory()[1] if traced else 0
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak": peak, "rss": rss() - before,
                  "actors": len(kb.actors), "names": len(kb.names)}))
"""


def measure(step: str, repeat: int, folder: Path | None = None, traced: bool = False) -> list[dict]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), step, str(folder or ""),
                              "1" if traced else "0"], check=True, capture_output=True,
                             text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kb", type=Path, default=None,
                    help="a knowledge-base folder other than ontology/ (to compare two versions)")
    ap.add_argument("--skip", action="append", default=[], choices=STEPS,
                    help="leave a step out (repeatable)")
    args = ap.parse_args(argv)
    mib = 1024 * 1024
    cpu = {}
    for step in (s for s in STEPS if s not in args.skip):
        runs = measure(step, max(1, args.repeat), args.kb)
        secs = [r["seconds"] for r in runs]
        cpu[step] = statistics.median(r["cpu"] for r in runs)
        peak = ""
        if step == "kb":  # tracemalloc slows the ruler's many small objects tenfold: RSS only
            peak = f"   tracemalloc peak {measure(step, 1, args.kb, traced=True)[0]['peak'] / mib:.1f} MiB"
        ratio = ""
        if step == "tokenize" and cpu.get("ruler"):
            ratio = f"   {cpu[step] / cpu['ruler']:.1f}x the ruler's CPU with stored words"
        print(f"{step:<8} {statistics.median(secs):6.2f} s (range {min(secs):.2f}-{max(secs):.2f}, "
              f"{len(runs)} runs)  CPU {cpu[step]:5.2f} s   RSS "
              f"+{statistics.median(r['rss'] for r in runs) / mib:.1f} MiB{peak}{ratio}"
              f"   [{runs[0]['actors']} actors, {runs[0]['names']} names]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
