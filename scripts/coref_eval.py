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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_dev_eval import EVAL, SETS, build, score  # noqa: E402  (the build and the scorer)


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
    for name, inp, gold in SETS:
        extra = ["--events"] if name == "news_dev" else []
        for flag in ("--coref", "--no-coref"):
            out = a.out / f"{name}{flag.replace('--', '-')}"
            took = build(inp, out, "--quiet", flag)
            print(f"## {name}, kg build {flag} (build {took:.0f} s, "
                  f"{_coref_mentions(out / 'mentions.jsonl')} coref mentions)")
            print(score(gold, out, *extra))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
