"""What every command shares: turning kg's errors into one line and an exit code."""

from __future__ import annotations

import contextlib
import signal

TYPE_CHECKING = False  # logging and threading are imported when used: kg query starts faster
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

from kg.errors import KGError

__all__ = ["console", "err_console", "guarded", "setup_logging"]


class _Console:
    """A rich ``Console`` made on first use: ``kg query`` and the like never import rich."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._console = None

    def get(self):  # noqa: ANN201 (a rich.console.Console)
        """The rich ``Console`` itself (made now if need be)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> object:
        return getattr(self.get(), name)


console = _Console(highlight=False, soft_wrap=True)
err_console = _Console(stderr=True, highlight=False, soft_wrap=True)


def setup_logging(verbose: bool = False, quiet: bool = False) -> None:
    """Library warnings go to stderr as ``kg: warning: ...`` lines."""
    import logging

    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("kg: %(levelname)s: %(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _exit(code: int) -> Exception:
    import typer

    return typer.Exit(code)


def _terminate(signum, frame) -> None:  # noqa: ARG001
    raise KeyboardInterrupt


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run a command body; a ``KGError`` becomes ``kg: error: ...`` and its exit code.

    SIGTERM is handled like Ctrl-C, so that a killed build still cleans up after itself.
    """
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not in the main thread
        previous = None
    try:
        yield
    except KGError as exc:
        err_console.print(f"kg: error: {exc}", markup=False)
        raise _exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err_console.print("kg: interrupted", markup=False)
        raise _exit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        import typer  # here only: kg query's quick start never imports typer (kg.cli._fast)

        if isinstance(exc, (typer.Exit, typer.Abort)):
            raise
        # a bug in kg: one line, exit 3, the traceback in the debug log
        import logging

        logging.getLogger("kg").debug("internal error", exc_info=True)
        err_console.print(f"kg: internal error: {type(exc).__name__}: {exc} (please report it; "
                          "--verbose shows the traceback)", markup=False)
        raise typer.Exit(3) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
