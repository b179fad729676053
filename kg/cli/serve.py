"""``kg serve``: the SPARQL endpoint and the explorer of a build folder, on HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._common import err_console, guarded

__all__ = ["command"]


def command(
    folder: Annotated[Path, typer.Argument(help="The output folder of kg build (with store/).")],
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on; only this machine by default.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The TCP port.")] = 8000,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a query may run before it is stopped.")
    ] = 30.0,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Query processes, each running up to 16 queries at once in threads (default: the CPUs, at least 2)."),
    ] = None,
    allow_origin: Annotated[
        list[str] | None,
        typer.Option("--allow-origin", help="A web origin whose pages may query /sparql from a "
                     "browser (CORS), e.g. https://yasgui.triply.cc (repeatable; none by default)."),
    ] = None,
) -> None:
    """Serve a built graph: a read-only SPARQL 1.1 endpoint at /sparql, the explorer at /,
    and a page per actor at /actor/ID.

    Updates, SERVICE and FROM are refused. Ctrl-C stops the server.

    Example: kg serve out/ --port 8000, then open http://127.0.0.1:8000/ in a browser, or
    query http://127.0.0.1:8000/sparql with any SPARQL client.
    """
    with guarded():
        from kg.server import serve

        err_console.print(f"kg: serving {folder} at http://{host}:{port}/ "
                          f"(SPARQL endpoint http://{host}:{port}/sparql); Ctrl-C stops",
                          markup=False)
        serve(folder, host=host, port=port, timeout=timeout, workers=workers, log_level="warning",
              allow_origins=tuple(allow_origin or ()))
