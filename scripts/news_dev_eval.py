#!/usr/bin/env python3
"""Build the news_dev and seed sets and print ../shared/eval/score.py's output for both.

Usage: python scripts/news_dev_eval.py [--out DIR] [--no-prepass]   (PYTHONPATH: the worktree)

Prints, for news_dev and for the seeds, the reference scorer's three levels with and without
``--events``, as the README shows them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-news-dev-eval"))
    ap.add_argument("--no-prepass", action="store_true",
                    help="build with kg build --no-prepass (every sentence parsed)")
    a = ap.parse_args(argv)
    if not (EVAL / "score.py").exists():
        print(f"{EVAL}: not found (the shared evaluation data)", file=sys.stderr)
        return 1
    sets = [("news_dev", EVAL / "news_dev.jsonl", EVAL / "news_dev_gold.jsonl"),
            ("seeds", ROOT / "seeds", EVAL / "seeds_gold.jsonl")]
    for name, inp, gold in sets:
        out = a.out / name
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "build", str(inp), "--out", str(out),
                        *(["--no-prepass"] if a.no_prepass else [])],
                       check=True, capture_output=True)
        took = time.perf_counter() - start
        print(f"## {name} (build {took:.0f} s)")
        for extra in ([], ["--events"]):
            ref = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold),
                                  str(out / "assertions.jsonl"), *extra],
                                 check=True, capture_output=True, text=True)
            print(f"$ score.py {gold.name} assertions.jsonl {' '.join(extra)}".rstrip())
            print(ref.stdout.rstrip())
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
