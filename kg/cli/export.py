"""``kg export``: write a built graph in another format (Turtle, N-Triples, JSON-LD, GEXF ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import err_console, guarded

__all__ = ["command"]

#: format name -> file suffix, where the two differ from ".<name>"
_SUFFIXES = {"ttl": ".ttl", "nt": ".nt", "nq": ".nq", "jsonld": ".jsonld", "html": ".html"}


def command(
    graph: Annotated[
        Path, typer.Argument(help="The graph file (.ttl, .nt, .nq, .trig, .jsonld).")
    ],
    to: Annotated[
        str,
        typer.Option("--to", "-t", help="The output format: ttl, nt, nq, jsonld, html, gexf, graphml."),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The output file (default: GRAPH with a new suffix)."),
    ] = None,
) -> None:
    """Export a graph built by kg to another format.

    Example: kg export out/graph.ttl --to jsonld --out out/graph.jsonld
    """
    with guarded():
        from kg.api import export
        from kg.errors import ExportError
        from kg.exporters import get_exporter

        get_exporter(to)  # an unknown format is named before anything else is checked
        target = out if out is not None else graph.with_suffix(_SUFFIXES.get(to, f".{to}"))
        if target.resolve() == graph.resolve():
            raise ExportError(f"{target}: the output would overwrite the input; give --out")
        export(graph, target, format=to)
        err_console.print(f"kg: wrote {target}", markup=False)
