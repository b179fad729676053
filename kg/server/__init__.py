"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and the explorer, over a build folder.

    /sparql          the SPARQL endpoint (GET ?query=, POST application/sparql-query, POST form)
    /                the explorer (the build's graph.html)
    /actors          every actor, linked to its page
    /actor/RUS       one actor: its card and its relations with their evidence

Built on Starlette and uvicorn (with uvloop and httptools where they are installed, as they are
with kg on Linux and macOS), imported only here (``import kg`` stays light). Queries run in
threads of worker processes on the build's Oxigraph store, opened read-only
(:mod:`kg.server.pool`).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "running", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0


def _config(folder: str | Path, *, host: str, port: int, timeout: float, workers: int | None,
            max_request_bytes: int | None, log_level: str, allow_origins=()):
    import os

    import uvicorn

    from kg.errors import ConfigError
    from kg.server.app import MAX_REQUEST_BYTES, create_app
    from kg.server.http11 import http_protocol

    if timeout <= 0:
        raise ConfigError(f"--timeout must be more than 0 seconds, not {timeout:g}")
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be between 0 and 65535, not {port}")
    if workers is not None and workers < 1:
        raise ConfigError("--workers must be 1 or more")
    limit = max_request_bytes or MAX_REQUEST_BYTES
    app = create_app(folder, timeout=timeout, workers=workers or max(2, os.cpu_count() or 2),
                     max_request_bytes=limit, allow_origins=tuple(allow_origins))
    head = limit + 16 * 1024  # the most of a request head held: the URL limit and 16 KiB
    # uvloop when installed (as uvicorn's "auto" does), httptools bounded as h11 (kg.server.http11)
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False,
                          http=http_protocol(limit, head), h11_max_incomplete_event_size=head,
                          timeout_graceful_shutdown=2, server_header=False)


def serve(folder: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, workers: int | None = None,
          max_request_bytes: int | None = None, log_level: str = "warning",
          allow_origins: tuple[str, ...] = ()) -> None:
    """Serve the build folder ``folder`` until interrupted (Ctrl-C, SIGTERM).

    ``timeout`` bounds each query, in seconds; ``workers`` query processes (at least 2, or the
    number of CPUs) each run up to 16 queries at once, in threads on one open store; queries and form bodies larger than
    ``max_request_bytes`` are refused (413, 414). Binds to 127.0.0.1 unless ``host`` says
    otherwise. ``allow_origins``: web origins allowed to query from a browser (CORS).
    """
    import uvicorn

    config = _config(folder, host=host, port=port, timeout=timeout, workers=workers,
                     max_request_bytes=max_request_bytes, log_level=log_level,
                     allow_origins=allow_origins)
    uvicorn.Server(config).run()


@contextlib.contextmanager
def running(folder: str | Path, *, timeout: float = DEFAULT_TIMEOUT, workers: int | None = 2,
            max_request_bytes: int | None = None,
            allow_origins: tuple[str, ...] = ()) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port in a thread; yields the base URL; always stops.

    For tests, notebooks and benchmarks::

        with running("out") as url:
            urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D")
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((DEFAULT_HOST, 0))
    port = sock.getsockname()[1]
    config = _config(folder, host=DEFAULT_HOST, port=port, timeout=timeout, workers=workers,
                     max_request_bytes=max_request_bytes, log_level="warning",
                     allow_origins=allow_origins)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="kg-serve")
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise OSError("the kg server did not start")
            time.sleep(0.02)
        yield f"http://{DEFAULT_HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
