"""kg's command line: one module per command; each parses arguments and calls the library.

``app`` (the typer application) is made on first use: the plain forms of ``kg query`` run
without importing typer at all (:mod:`kg.cli._fast`).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported: kg query starts without it
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = ["COMMANDS", "app", "main"]

#: the commands, in the order of the data flow (``kg --help`` lists them so)
COMMANDS = ("build", "query", "export", "analyze", "show", "eval", "serve")


def _make_app() -> Any:
    import typer

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

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        globals()["app"] = made = _make_app()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register(only: str | None = None) -> None:
    """Register every command once (idempotent); ``only``: just that one (a faster start)."""
    import importlib

    typer_app = __getattr__("app") if "app" not in globals() else globals()["app"]
    registered = {command.name for command in typer_app.registered_commands}
    for name in (only,) if only in COMMANDS else COMMANDS:
        if name in registered:
            continue
        module = importlib.import_module(f"kg.cli.{name}")
        typer_app.command(name, help=getattr(module, "HELP", None))(module.command)


def _invoked(argv: list[str]) -> str | None:
    """The command ``argv`` runs when it names one before any option, else None."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def main() -> None:
    """Entry point of the ``kg`` console script.

    A command named first is the only one imported and registered (its help and behaviour are
    the same; ``kg --help`` and anything else register them all); the plain forms of
    ``kg query`` are read by :func:`kg.cli._fast.query_args` and run without typer.
    """
    import sys

    command = _invoked(sys.argv[1:])
    if command == "query":
        from kg.cli._fast import query_args, run_query

        kwargs = query_args(sys.argv[2:])
        if kwargs is not None:
            sys.exit(run_query(kwargs))
    _register(command)
    globals()["app"]()
