"""A quick start for ``kg query``: its usual arguments read without building typer's app.

Typer builds a pydantic ``TypeAdapter`` for every parameter of the command it runs: on a query
that the store answers in milliseconds, that start-up is most of the wall time. This reader
knows only the plain forms of ``kg query``'s own arguments (``GRAPH [QUERY]``, ``--name N``,
``-n N``, ``--file F``, ``-f F``, ``--param K=V``, ``-p K=V`` repeated, ``--format F``,
``--list``) and calls the same command function with the same values typer would pass.
Anything else (``--help``, ``--opt=value``, ``--``, an unknown option, a missing value, an
option given twice) is left to typer, so its messages and exit codes are unchanged.

On a build's store, the process imports no more than it needs: not kg.api, typing,
dataclasses, pathlib or logging (``python -X importtime -m kg query out --name NAME``), so that
``kg query`` takes about the time of Python, pyoxigraph and the query itself
(benchmarks/query_engine.py).
"""

from __future__ import annotations

import os
import sys

from kg.errors import ConfigError, QueryError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any

__all__ = ["query_args", "run", "run_query"]

_VALUES = {"--file": "file", "-f": "file", "--name": "name", "-n": "name",
           "--param": "param", "-p": "param", "--format": "fmt"}  # fmt: skip
_FLAGS = {"--list": "list_"}


def query_args(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of :func:`kg.cli.query.command` for ``argv``, or None (use typer).

    >>> query_args(["out", "--name", "allies-of", "-p", "actor=Russia"])["param"]
    ['actor=Russia']
    >>> query_args(["out", "--help"]) is None
    True
    """
    kwargs: dict[str, Any] = {"graph": None, "query": None, "file": None, "name": None,
                              "param": None, "fmt": "table", "list_": False}  # fmt: skip
    seen: set[str] = set()
    positional: list[str] = []
    items = iter(argv)
    for arg in items:
        if arg in _FLAGS:
            if arg in seen:
                return None
            seen.add(arg)
            kwargs[_FLAGS[arg]] = True
        elif arg in _VALUES:
            key = _VALUES[arg]
            value = next(items, None)
            if value is None or value.startswith("-") or (key != "param" and key in seen):
                return None
            seen.add(key)
            if key == "param":
                kwargs["param"] = [*(kwargs["param"] or []), value]
            else:
                kwargs[key] = value
        elif arg.startswith("-"):
            return None
        else:
            positional.append(arg)
    if len(positional) > 2:
        return None
    if positional:
        kwargs["graph"] = positional[0]
    if len(positional) == 2:
        kwargs["query"] = positional[1]
    return kwargs


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


def run(*, graph: str | Path | None, query: str | None, file: str | Path | None,
        name: str | None, param: list[str] | None, fmt: str, list_: bool) -> None:
    """The body of ``kg query`` (:func:`kg.cli.query.command`), with its arguments parsed."""
    from kg.cli._common import guarded

    with guarded():
        from kg.sparql import FORMATS, format_result, get_named_query

        if list_:
            from kg.cli._common import console

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
                with open(file, encoding="utf-8") as f:
                    text = f.read()
            except OSError as exc:
                raise QueryError(f"{file}: cannot read the query: {exc.strerror or exc}") from None
        elif name is not None:
            text = get_named_query(name)
        else:
            text = query or ""
        params = _params(param or [])
        from kg.store import store_matches

        if params or not store_matches(graph):
            import logging

            from kg.cli._common import setup_logging

            # which actor a forgiving parameter chose (or that none fits), and why the graph
            # file is loaded instead of its store, on stderr
            setup_logging()
            logging.getLogger("kg.query_params").setLevel(logging.INFO)
        from kg.query_params import query_graph  # kg.api.query_result's body, without kg.api

        sys.stdout.write(format_result(query_graph(os.fspath(graph), text, params), fmt))
        sys.stdout.flush()


def run_query(kwargs: dict[str, Any]) -> int:
    """Run ``kg query`` with the arguments of :func:`query_args`; its exit code."""
    try:
        run(**kwargs)
    except Exception as exc:  # guarded() turned a KGError into typer's Exit (typer now imported)
        code = getattr(exc, "exit_code", None)
        if type(exc).__module__.startswith(("typer", "click")) and isinstance(code, int):
            return code
        raise
    return 0
