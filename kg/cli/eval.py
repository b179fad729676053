"""``kg eval``: score assertions against a gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import console, guarded

HELP = """Score ASSERTIONS (an assertions.jsonl) against GOLD (lines of doc, source, relation, target).

Prints precision, recall and F1 at three levels (exact relation, polarity, actor pair) and lists the missed and the spurious relations.

Examples:

  kg eval tests/data/seeds_gold.jsonl out/assertions.jsonl

  kg eval gold.jsonl out/assertions.jsonl --json

  kg eval gold.jsonl out/assertions.jsonl --events
"""


def command(
    gold: Annotated[Path, typer.Argument(help="Gold relations (JSONL).")],
    assertions: Annotated[Path, typer.Argument(help="assertions.jsonl written by kg build.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[bool, typer.Option(help="List missed and spurious relations.")] = True,
    events: Annotated[bool, typer.Option(
        "--events", help="Leave out the structural relations (memberOf, leaderOf).")] = False,
) -> None:
    from kg.evaluate import LEVELS, evaluate, read_jsonl

    with guarded():
        scores = evaluate(read_jsonl(gold), read_jsonl(assertions), events=events)
    if as_json:
        console.print_json(json.dumps({lvl: {k: getattr(s, k) for k in
                                             ("precision", "recall", "f1", "gold", "predicted")}
                                       for lvl, s in scores.items()}))
        return
    for lvl in LEVELS:
        s = scores[lvl]
        console.print(f"{lvl:9} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
                      f"(gold {s.gold}, predicted {s.predicted})", markup=False)
    if details:
        for title, rows in (("missed", scores["exact"].missed), ("spurious", scores["exact"].spurious)):
            console.print(f"\n{title} (exact level): {len(rows)}", markup=False)
            for doc, s, rel, t in rows:
                console.print(f"  {doc}  {s} {rel} {t}", markup=False)
