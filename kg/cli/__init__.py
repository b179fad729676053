"""kg's command line: one module per command; each parses arguments and calls the library."""

from __future__ import annotations

import typer

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of geopolitical actors from news articles.\n\n"
    "Example: kg build seeds/ --out out/",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each command module defines ``command``; registered here in the order of the data flow.
    from kg.cli import build, eval

    for name, module in (("build", build), ("eval", eval)):
        app.command(name, help=module.HELP)(module.command)

    from kg.cli import export, query

    app.command("query")(query.command)
    app.command("export")(export.command)

    from kg.cli import analyze

    app.command("analyze", help=analyze.HELP)(analyze.command)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    _register()
    app()
