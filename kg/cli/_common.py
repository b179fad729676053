"""What every command shares: turning kg's errors into one line and an exit code."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import typer
from rich.console import Console

from kg.errors import KGError

__all__ = ["console", "err_console", "guarded", "setup_logging"]

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def setup_logging(verbose: bool = False, quiet: bool = False) -> None:
    """Library warnings go to stderr as ``kg: warning: ...`` lines."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("kg: %(levelname)s: %(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run a command body; a ``KGError`` becomes ``kg: error: ...`` and its exit code."""
    try:
        yield
    except KGError as exc:
        err_console.print(f"kg: error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err_console.print("kg: interrupted", markup=False)
        raise typer.Exit(130) from None
