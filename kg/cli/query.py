"""``kg query``: run a SPARQL query (or a named one) on a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import console, guarded
from kg.errors import ConfigError, QueryError

__all__ = ["command"]


def _params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--param {item!r} is not of the form NAME=VALUE (e.g. actor=Russia)")
        params[key.strip()] = value
    return params


def _list_queries() -> str:
    from kg.sparql import named_query_info

    lines = []
    for name, info in sorted(named_query_info().items()):
        lines.append(name)
        lines.append(f"    {info.description}")
        for pname, meaning in info.params.items():
            lines.append(f"    --param {pname}=...  {meaning}")
    return "\n".join(lines)


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
    with guarded():
        from kg.api import query_result
        from kg.sparql import FORMATS, format_result, get_named_query

        if list_:
            console.print(_list_queries(), markup=False)
            return
        if graph is None:
            raise ConfigError("give the GRAPH file to query, e.g. kg query out/graph.ttl --list")
        if fmt not in FORMATS:
            raise ConfigError(f"unknown --format {fmt!r}; formats: {', '.join(FORMATS)}")
        given = [x for x in (query, file, name) if x is not None]
        if len(given) != 1:
            raise ConfigError("give exactly one of QUERY, --file F.rq or --name NAME (see --list)")
        if file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except OSError as exc:
                raise QueryError(f"{file}: cannot read the query: {exc.strerror or exc}") from None
        elif name is not None:
            text = get_named_query(name)
        else:
            text = query or ""
        import logging

        from kg.cli._common import setup_logging

        setup_logging()  # which actor a forgiving parameter chose (or that none fits) on stderr
        logging.getLogger("kg.query_params").setLevel(logging.INFO)
        result = query_result(graph, text, _params(param or []))
        typer.echo(format_result(result, fmt), nl=False)
