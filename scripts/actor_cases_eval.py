#!/usr/bin/env python3
"""Score kg's actor resolution on NGEC's actor cases (../shared/eval/actor_cases.py).

Writes one document per case with the shared scorer, builds it with kg, and prints the
scorer's line: the share of country cases resolved to their country and the share of
country-less cases given a state.

    python scripts/actor_cases_eval.py [--cases FILE] [--out DIR] [--misses N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=Path, default=EVAL / "ngec_actor_cases_dev.json")
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-actor-cases"))
    ap.add_argument("--misses", type=int, default=15)
    args = ap.parse_args(argv)
    scorer = EVAL / "actor_cases.py"
    if not scorer.is_file() or not args.cases.is_file():
        print(f"actor_cases_eval: {scorer} or {args.cases} is missing", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    docs = args.out / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as f:
        subprocess.run([sys.executable, str(scorer), "docs", str(args.cases)], stdout=f, check=True)
    subprocess.run([sys.executable, "-m", "kg", "build", str(docs), "--out", str(args.out / "build"),
                    "--no-prepass"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return subprocess.run([sys.executable, str(scorer), "score", str(args.cases),
                           str(args.out / "build"), "--misses", str(args.misses)]).returncode


if __name__ == "__main__":
    sys.exit(main())
