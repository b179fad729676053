"""``kg analyze``: alliance blocs, centrality and cross-bloc hostilities of a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import console, guarded

__all__ = ["HELP", "command"]

HELP = ("Find alliance blocs in a built graph; write blocs.json and print them. With --by "
        "month|quarter|year: blocs per period, who changed bloc, blocs_by_period.json.")

#: members named per bloc in the table (the strongest by weighted degree), the rest counted
_MEMBERS_SHOWN = 8
#: hostilities listed under the blocs
_HOSTILITIES = 10


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def command(
    graph: Annotated[Path, typer.Argument(help="The graph file (.ttl, .nt, .nq, .trig, .jsonld).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for blocs.json (default: the graph's folder)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bloc search.")] = 0,
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many blocs to list (the largest).")
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

    Writes OUT/blocs.json and prints the blocs of two or more actors, largest first, with
    their leading members, how many actors are in no bloc, and the strongest hostilities
    between the listed blocs.

    With --by month|quarter|year: the blocs of each period instead, matched across periods
    so that a bloc keeps its id; writes OUT/blocs_by_period.json (and --plot FILE, a PNG) and
    prints the blocs per period, the actors that changed bloc and the pairs whose relation
    changed polarity. Undated documents are counted and left out.

    Example: kg analyze out/graph.ttl --top 5

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

        analysis = analyze(graph, seed=seed, n=10_000)
        path = (out if out is not None else graph.parent) / "blocs.json"
        write_blocs_json(analysis, path)

        rows = bloc_rows(analysis)
        listed = rows[:top]
        blocs = Table(title=f"Alliance blocs (frustration {analysis.frustration:g})")
        blocs.add_column("Bloc", justify="right")
        blocs.add_column("Size", justify="right")
        blocs.add_column("Leading members")
        for row in listed:
            names = row["members"][:_MEMBERS_SHOWN]
            rest = row["size"] - len(names)
            blocs.add_row(str(row["bloc"]), str(row["size"]),
                          Text(", ".join(names) + (f" and {rest} more" if rest else "")))  # fmt: skip
        console.print(blocs)
        if len(rows) > len(listed):
            console.print(f"{_plural(len(rows) - len(listed), 'smaller bloc')} not listed "
                          f"(--top {len(rows)} lists them all)", markup=False)  # fmt: skip
        alone = sum(1 for actor in analysis.graph if actor not in analysis.bloc_of)
        console.print(f"{_plural(alone, 'actor')} in no bloc", markup=False)

        shown = {row["bloc"] for row in listed}
        hostile_rows = [
            row for row in hostility_rows(analysis)
            if all(b in shown or b < 0 for b in row["blocs"]) and max(row["blocs"]) >= 0
        ][:_HOSTILITIES]  # fmt: skip
        if hostile_rows:
            hostile = Table(title="Strongest hostilities between blocs")
            for name, justify in (("Source", "left"), ("Target", "left"), ("Blocs", "center"),
                                  ("Weight", "right"), ("Relations", "left")):  # fmt: skip
                hostile.add_column(name, justify=justify)  # type: ignore[arg-type]
            for row in hostile_rows:
                pair = " / ".join(str(b) if b >= 0 else "-" for b in row["blocs"])
                hostile.add_row(
                    Text(row["source"]), Text(row["target"]), pair,
                    f"{row['weight']:g}", ", ".join(row["relations"]),
                )  # fmt: skip
            console.print(hostile)
        console.print(f"wrote {path}", markup=False, highlight=False)
