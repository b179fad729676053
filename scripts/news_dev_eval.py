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
#: (name, input, gold) of the two sets
SETS = [("news_dev", EVAL / "news_dev.jsonl", EVAL / "news_dev_gold.jsonl"),
        ("seeds", ROOT / "seeds", EVAL / "seeds_gold.jsonl")]


def build(inp: Path, out: Path, *flags: str) -> float:
    """``kg build INP --out OUT FLAGS``; the seconds it took."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(inp), "--out", str(out), *flags],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def score(gold: Path, out: Path, *extra: str) -> str:
    """The reference scorer's command line and output for the build in ``out``."""
    ref = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold),
                          str(out / "assertions.jsonl"), *extra],
                         check=True, capture_output=True, text=True)
    return (f"$ score.py {gold.name} assertions.jsonl {' '.join(extra)}".rstrip() + "\n"
            + ref.stdout.rstrip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-news-dev-eval"))
    ap.add_argument("--no-prepass", action="store_true",
                    help="build with kg build --no-prepass (every sentence parsed)")
    a = ap.parse_args(argv)
    if not (EVAL / "score.py").exists():
        print(f"{EVAL}: not found (the shared evaluation data)", file=sys.stderr)
        return 1
    for name, inp, gold in SETS:
        out = a.out / name
        took = build(inp, out, *(["--no-prepass"] if a.no_prepass else []))
        print(f"## {name} (build {took:.0f} s)")
        for extra in ([], ["--events"]):
            print(score(gold, out, *extra))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
