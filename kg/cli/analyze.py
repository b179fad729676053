"""``kg analyze``: alliance blocs, centrality and cross-bloc hostilities of a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import console, guarded

__all__ = ["HELP", "command"]

HELP = ("Find alliance blocs in a built graph; write blocs.json and print them. With --by "
        "month|quarter|year: blocs per period, who changed bloc, blocs_by_period.json.")


def command(
    graph: Annotated[Path, typer.Argument(help="The graph file (.ttl, .nt, .nq, .trig, .jsonld).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for blocs.json (default: the graph's folder)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bloc search.")] = 0,
    top: Annotated[
        int, typer.Option("--top", min=0, help="How many cross-bloc hostilities to list.")
    ] = 10,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Blocs per period: month, quarter or year; writes "
                     "blocs_by_period.json and prints who changed bloc and which pairs changed "
                     "polarity."),  # fmt: skip
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="With --by: write a PNG of the blocs over time here "
                     "(needs matplotlib: pip install 'kg\\[plot]')."),  # fmt: skip
    ] = None,
) -> None:
    """Find alliance blocs (communities of cooperation, split by hostility) in a built graph.

    Writes OUT/blocs.json and prints the blocs with their members and the strongest
    hostilities between blocs.

    With --by month|quarter|year: the blocs of each period instead, matched across periods
    so that a bloc keeps its id; writes OUT/blocs_by_period.json (and --plot FILE, a PNG) and
    prints the blocs per period, the actors that changed bloc and the pairs whose relation
    changed polarity. Undated documents are counted and left out.

    Example: kg analyze out/graph.ttl --seed 0

    Example: kg analyze out/graph.ttl --by quarter --plot out/blocs.png
    """
    with guarded():
        if by is not None or plot is not None:
            from kg.cli._timeline import run_timeline

            run_timeline(graph, out, by, plot, seed)
            return
        from rich.table import Table
        from rich.text import Text  # article text is never read as rich markup

        from kg.analysis import bloc_rows, hostility_rows, write_blocs_json
        from kg.api import analyze

        analysis = analyze(graph, seed=seed, n=top)
        path = (out if out is not None else graph.parent) / "blocs.json"
        write_blocs_json(analysis, path)

        blocs = Table(title=f"Alliance blocs (frustration {analysis.frustration:g})")
        blocs.add_column("Bloc", justify="right")
        blocs.add_column("Size", justify="right")
        blocs.add_column("Members")
        alone = []
        for row in bloc_rows(analysis):
            if row["size"] > 1:
                blocs.add_row(str(row["bloc"]), str(row["size"]), Text(", ".join(row["members"])))
            else:
                alone += row["members"]
        console.print(blocs)
        if alone:
            console.print(Text(f"Not in any bloc ({len(alone)}): " + ", ".join(alone)))

        rows = hostility_rows(analysis)
        if rows:
            hostile = Table(title="Strongest hostilities between blocs")
            for name, justify in (("Source", "left"), ("Target", "left"), ("Blocs", "center"),
                                  ("Weight", "right"), ("Relations", "left")):  # fmt: skip
                hostile.add_column(name, justify=justify)  # type: ignore[arg-type]
            for row in rows:
                hostile.add_row(
                    Text(row["source"]), Text(row["target"]), f"{row['blocs'][0]} / {row['blocs'][1]}",
                    f"{row['weight']:g}", ", ".join(row["relations"]),
                )  # fmt: skip
            console.print(hostile)
        console.print(f"wrote {path}", markup=False, highlight=False)
