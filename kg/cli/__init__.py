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


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print kg's version and exit."),  # fmt: skip
) -> None:
    """Build a knowledge graph of geopolitical actors from news articles."""


def _register() -> None:
    """Register every command once, in the order of the data flow (idempotent)."""
    if app.registered_commands:
        return
    from kg.cli import analyze, build, eval, export, query, serve, show

    for name, module in (("build", build), ("query", query), ("export", export),
                         ("analyze", analyze), ("show", show), ("eval", eval), ("serve", serve)):
        app.command(name, help=getattr(module, "HELP", None))(module.command)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    _register()
    app()
