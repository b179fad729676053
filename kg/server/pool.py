"""Queries in worker processes on the read-only store, each one abandoned at its timeout.

Oxigraph evaluates a query in Rust and cannot be interrupted from Python, so every query runs
in one of ``workers`` long-lived processes (``python -m kg.server.worker``, started fresh, not
forked: the server has threads), each holding the store open read-only. The server sends the query text, the result kind and format
through a pipe and waits for the serialized answer; when the timeout passes first, the worker
is killed (SIGKILL: Oxigraph holds no lock a reader could leave behind) and a fresh one takes
its place. Queries run in parallel, one per worker; more wait for a free worker.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Answer", "QueryPool", "QueryTimeout"]

log = logging.getLogger("kg.server")


class QueryTimeout(Exception):
    """A query ran longer than the pool's timeout; its worker was killed."""


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: ``ok`` with the serialized result, or an error message."""

    ok: bool
    data: bytes = b""
    error: str = ""
    syntax: bool = False  # the error is a malformed query (a 400), not a failure (a 500)


class _Worker:
    def __init__(self, store_path: str, prefixes: dict[str, str]):
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent.parent)  # where kg is imported from
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.server.worker", str(theirs.fileno()), store_path,
             json.dumps(prefixes)],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())

    def ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise OSError("a query worker did not start")
        ok, _, error, _ = self.conn.recv()
        if not ok:
            raise OSError(error)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class QueryPool:
    """``workers`` processes answering queries on the store at ``store_path``.

    Use :meth:`start` and :meth:`close` (the server does, in its lifespan), and ``await
    pool.run(query, kind, fmt)`` for a query already checked by :func:`kg.sparql.check_query`.
    """

    def __init__(self, store_path: str | Path, workers: int = 2, timeout: float = 30.0,
                 prefixes: dict[str, str] | None = None):
        self.store_path = str(store_path)
        self.prefixes = dict(prefixes or {})
        self.size = max(1, int(workers))
        self.timeout = float(timeout)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_path, self.prefixes)
        worker.ready(60)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = [_Worker(self.store_path, self.prefixes) for _ in range(self.size)]
        for worker in workers:  # started together, waited for in turn
            await asyncio.to_thread(worker.ready, 60)
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def run(self, query: str, kind: str, fmt: str) -> Answer:
        """The answer to ``query``; raises :class:`QueryTimeout` after ``timeout`` seconds."""
        assert self._idle is not None, "QueryPool.start() was not awaited"
        worker = await self._idle.get()
        started = time.monotonic()
        try:
            worker.conn.send((query, kind, fmt))
            answer = Answer(*await asyncio.wait_for(asyncio.to_thread(worker.conn.recv),
                                                   self.timeout))
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            self._all.discard(worker)
            asyncio.get_running_loop().create_task(self._replace(worker))
            raise
        except (asyncio.TimeoutError, EOFError, OSError) as exc:
            log.warning("query stopped after %.1f s (%s); replacing its worker",
                        time.monotonic() - started, type(exc).__name__)
            self._all.discard(worker)
            await asyncio.to_thread(worker.kill)
            self._idle.put_nowait(await asyncio.to_thread(self._spawn))
            if isinstance(exc, asyncio.TimeoutError):
                raise QueryTimeout(f"the query took longer than {self.timeout:g} s") from None
            return Answer(False, error="the query worker stopped unexpectedly")
        self._idle.put_nowait(worker)
        return answer

    async def _replace(self, worker: _Worker) -> None:
        await asyncio.to_thread(worker.kill)
        assert self._idle is not None
        self._idle.put_nowait(await asyncio.to_thread(self._spawn))

    def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
