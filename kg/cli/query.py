"""``kg query``: run a SPARQL query (or a named one) on a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._fast import run

__all__ = ["command"]


def command(
    graph: Annotated[
        Path | None,
        typer.Argument(help="The graph file (.ttl, .nt, .nq, .trig, .jsonld) or a build folder."),
    ] = None,
    query: Annotated[str | None, typer.Argument(help="The SPARQL query text.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Run a named query (see --list).")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A query parameter NAME=VALUE (repeatable)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Output format: table, csv or json.")
    ] = "table",
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
) -> None:
    """Run a read-only SPARQL query on a graph built by kg.

    Give exactly one of QUERY, --file or --name. Updates, SERVICE and FROM are refused.

    Example: kg query out/graph.ttl --name allies-of --param actor=Russia
    """
    run(graph=graph, query=query, file=file, name=name, param=param, fmt=fmt, list_=list_)
