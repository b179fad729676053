#!/usr/bin/env python3
"""Coreference's share of the news_dev and seed scores: each set built with and without coref.

Usage: python scripts/coref_eval.py [--out DIR]   (run with PYTHONPATH set to the worktree)

Builds ``../shared/eval/news_dev.jsonl`` and ``seeds/`` twice (``kg build`` and
``kg build --no-coref``) and prints, for each build, the number of coreference mentions
(``via: "coref"`` in mentions.jsonl), the build time and ``../shared/eval/score.py``'s output
(``--events`` for news_dev, as issue 13 measures it; all relations for the seeds).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def _coref_mentions(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(json.loads(line)["via"] == "coref" for line in f)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-coref-eval"))
    a = ap.parse_args(argv)
    if not (EVAL / "score.py").exists():
        print(f"{EVAL}: not found (the shared evaluation data)", file=sys.stderr)
        return 1
    sets = [("news_dev", EVAL / "news_dev.jsonl", EVAL / "news_dev_gold.jsonl", ["--events"]),
            ("seeds", ROOT / "seeds", EVAL / "seeds_gold.jsonl", [])]
    for name, inp, gold, extra in sets:
        for flag in ("--coref", "--no-coref"):
            out = a.out / f"{name}{flag.replace('--', '-')}"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", str(inp), "--out", str(out),
                            "--quiet", flag], check=True, capture_output=True)
            took = time.perf_counter() - start
            ref = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold),
                                  str(out / "assertions.jsonl"), *extra],
                                 check=True, capture_output=True, text=True)
            print(f"## {name}, kg build {flag} (build {took:.0f} s, "
                  f"{_coref_mentions(out / 'mentions.jsonl')} coref mentions)")
            print(f"$ score.py {gold.name} assertions.jsonl {' '.join(extra)}".rstrip())
            print(ref.stdout.rstrip())
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
