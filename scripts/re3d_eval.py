#!/usr/bin/env python3
"""The re3d span-level relation evaluation, end to end.

1. ``python ../shared/eval/re3d_score.py docs DIR...`` over every folder of
   ``../shared/eval/re3d_dev`` writes the documents as JSONL (in a temporary folder);
2. ``kg.pipeline.build()`` builds that JSONL into a temporary output folder (or ``--out DIR``),
   with no optional exports (graph.ttl, blocs.json and the JSONL files only);
3. ``re3d_score.py score assertions.jsonl DIR...`` scores the assertions.

Prints the scorer's JSON line, then the counts: documents, assertions, assertions per
relation. The scoring rules are the scorer's own (see its docstring): a relation matches when
the source and target spans overlap the gold spans and the polarity agrees.

    python scripts/re3d_eval.py
    python scripts/re3d_eval.py --out /tmp/re3d-build --json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(shared: Path, out: Path | None, work: Path) -> dict:
    from kg.pipeline import build

    scorer = shared / "eval" / "re3d_score.py"
    dirs = sorted(str(d) for d in (shared / "eval" / "re3d_dev").iterdir() if d.is_dir())
    docs = work / "re3d_docs.jsonl"
    with open(docs, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, str(scorer), "docs", *dirs], stdout=f, check=True)
    n_docs = sum(1 for line in open(docs, encoding="utf-8") if line.strip())

    out = out or work / "build"
    t0 = time.perf_counter()
    report = build([docs], out, exports=())
    seconds = time.perf_counter() - t0

    assertions = out / "assertions.jsonl"
    scored = subprocess.run([sys.executable, str(scorer), "score", str(assertions), *dirs],
                            capture_output=True, text=True, check=True)
    score = json.loads(scored.stdout)
    relations = Counter()
    with open(assertions, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                relations[json.loads(line)["relation"]] += 1
    return {
        "score": score,
        "folders": [Path(d).name for d in dirs],
        "documents_input": n_docs,
        "documents_built": report.documents,
        "skipped": len(report.skipped),
        "words": report.words,
        "mentions": report.mentions,
        "actors": report.actors,
        "assertions": report.assertions,
        "assertions_per_relation": dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
        "build_seconds": round(seconds, 2),
        "out": str(out),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the re3d dev documents with kg and score the assertions with "
                    "../shared/eval/re3d_score.py (span overlap + polarity).")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (default: ../shared relative to the repository root)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="keep the build in DIR (default: a temporary folder, removed)")
    parser.add_argument("--json", action="store_true", help="print everything as one JSON object")
    args = parser.parse_args(argv)

    if not args.shared.is_dir():
        parser.exit(2, f"error: shared folder {args.shared} not found; pass --shared DIR\n")
    for need in (args.shared / "eval" / "re3d_score.py", args.shared / "eval" / "re3d_dev"):
        if not need.exists():
            parser.exit(2, f"error: {need} not found\n")

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="kg-re3d-") as tmp:
        result = run(args.shared, args.out, Path(tmp))
        if args.out is None:
            result["out"] = "(temporary, removed)"
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(json.dumps(result["score"]))
    print(f"folders: {', '.join(result['folders'])}")
    print(f"documents: {result['documents_input']} in, {result['documents_built']} built, "
          f"{result['skipped']} skipped; words {result['words']}; mentions {result['mentions']}; "
          f"actors {result['actors']}")
    print(f"assertions: {result['assertions']}")
    for rel, n in result["assertions_per_relation"].items():
        print(f"  {rel:<20}{n:>6}")
    print(f"build: {result['build_seconds']} s; out: {result['out']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
