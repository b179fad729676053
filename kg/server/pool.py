"""Queries in worker processes on the read-only store, each one abandoned at its timeout.

Oxigraph evaluates a query in Rust and cannot be interrupted from Python, so every query runs
in one of ``workers`` long-lived processes (``python -m kg.server.worker``, started fresh, not
forked: the server has threads), each holding the store open read-only. The server writes the
query to the worker's socket and reads the serialized answer on its event loop (no thread in
between: one hop there and one back); when the timeout passes first, the worker is killed
(SIGKILL: Oxigraph holds no lock a reader could leave behind) and a fresh one takes its place.
Queries run in parallel, one per worker; more wait for a free worker. :meth:`QueryPool.reload`
replaces every worker (each as soon as it is free), for a store that was rebuilt.
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
from dataclasses import dataclass
from pathlib import Path

from kg.server import worker as frames

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
    def __init__(self, store_path: str, prefixes: dict[str, str], generation: int):
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent.parent)  # where kg is imported from
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.server.worker", str(theirs.fileno()), store_path,
             json.dumps(prefixes)],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.sock = ours
        self.generation = generation
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def ready(self, timeout: float) -> None:
        self.reader, self.writer = await asyncio.open_unix_connection(sock=self.sock)
        try:
            status, data = await asyncio.wait_for(frames.read_answer(self.reader), timeout)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, OSError):
            self.kill()
            raise OSError("a query worker did not start") from None
        if status != frames.OK:
            self.kill()
            raise OSError(data.decode("utf-8", "replace"))

    async def ask(self, query: str, kind: str, fmt: str) -> Answer:
        assert self.reader is not None and self.writer is not None
        self.writer.write(frames.request(query, kind, fmt))
        await self.writer.drain()
        status, data = await frames.read_answer(self.reader)
        if status == frames.OK:
            return Answer(True, data)
        return Answer(False, error=data.decode("utf-8", "replace"), syntax=status == frames.SYNTAX)

    def stop(self) -> None:
        """Kill the process (may run in a thread; :meth:`close` then, on the loop)."""
        self.process.kill()
        self.process.wait(5)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        else:
            self.sock.close()

    def kill(self) -> None:
        self.stop()
        self.close()


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
        self.generation = 0  # raised by reload(): workers of an older one are replaced
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()

    async def _spawn(self) -> None:
        """A new worker on the current store, ready, in the idle queue."""
        assert self._idle is not None
        worker = _Worker(self.store_path, self.prefixes, self.generation)
        await worker.ready(60)
        self._all.add(worker)
        self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await asyncio.to_thread(worker.stop)
        worker.close()
        await self._spawn()

    async def start(self) -> None:
        # the worker idle longest is the next one used (reusing the one freed last, for its warm
        # caches, measured worse in one run on the shared, busy machine; README, Speed)
        self._idle = asyncio.Queue()
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def reload(self) -> None:
        """Replace every worker by one on the store as it is now on disk (each when free)."""
        assert self._idle is not None
        self.generation += 1
        idle = []
        while not self._idle.empty():
            idle.append(self._idle.get_nowait())
        await asyncio.gather(*(self._replace(worker) for worker in idle))

    async def run(self, query: str, kind: str, fmt: str) -> Answer:
        """The answer to ``query``; raises :class:`QueryTimeout` after ``timeout`` seconds."""
        assert self._idle is not None, "QueryPool.start() was not awaited"
        worker = await self._idle.get()
        while worker.generation != self.generation:  # the store was rebuilt
            await self._replace(worker)
            worker = await self._idle.get()
        started = time.monotonic()
        try:
            answer = await asyncio.wait_for(worker.ask(query, kind, fmt), self.timeout)
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            asyncio.get_running_loop().create_task(self._replace(worker))
            raise
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, OSError) as exc:
            log.warning("query stopped after %.1f s (%s); replacing its worker",
                        time.monotonic() - started, type(exc).__name__)
            await self._replace(worker)
            if isinstance(exc, asyncio.TimeoutError):
                raise QueryTimeout(f"the query took longer than {self.timeout:g} s") from None
            return Answer(False, error="the query worker stopped unexpectedly")
        self._idle.put_nowait(worker)
        return answer

    def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
