#!/usr/bin/env python3
"""What the actor knowledge base costs: load time and memory of ``kg.kb``, and of the actor
ruler built from it (its phrase matchers hold every name).

Each measurement runs in a fresh child process (nothing cached), ``--repeat`` times; the line
gives the median and the range. Memory is the tracemalloc peak of the step and the growth of
the process's resident set (``VmRSS`` of /proc/self/status) across it.

  kb        ``kg.kb.load_kb_from(ontology/)``: the CSV tables and actor_rules.toml
  ruler     ``kg.actors.ActorRuler(spacy.blank("en"), kb)``: the matchers over the names

    python benchmarks/kb_load.py [--repeat 3] [--kb DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
folder = Path(sys.argv[3]) if len(sys.argv) > 3 else ontology_dir()
if step == "ruler":
    import spacy
    from kg.actors import ActorRuler
    nlp = spacy.blank("en")
    kb = load_kb_from(folder)
before = rss()
tracemalloc.start()
t = time.perf_counter()
if step == "kb":
    kb = load_kb_from(folder)
else:
    ruler = ActorRuler(nlp, kb)
seconds = time.perf_counter() - t
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"seconds": seconds, "peak": peak, "rss": rss() - before,
                  "actors": len(kb.actors), "names": len(kb.names)}))
"""


def measure(step: str, repeat: int, folder: Path | None = None) -> list[dict]:
    runs = []
    for _ in range(repeat):
        extra = [str(folder)] if folder else []
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), step] + extra, check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kb", type=Path, default=None,
                    help="a knowledge-base folder other than ontology/ (to compare two versions)")
    args = ap.parse_args(argv)
    for step in ("kb", "ruler"):
        runs = measure(step, max(1, args.repeat), args.kb)
        secs = [r["seconds"] for r in runs]
        mib = 1024 * 1024
        print(f"{step:<6} {statistics.median(secs):6.2f} s (range {min(secs):.2f}-{max(secs):.2f}, "
              f"{len(runs)} runs)   tracemalloc peak {statistics.median(r['peak'] for r in runs) / mib:6.1f} MiB"
              f"   RSS +{statistics.median(r['rss'] for r in runs) / mib:6.1f} MiB"
              f"   [{runs[0]['actors']} actors, {runs[0]['names']} names]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
