"""Queries in worker processes on the read-only store, each one abandoned at its timeout.

Oxigraph evaluates a query in Rust and cannot be interrupted from Python, so queries run in
``workers`` long-lived processes (``python -m kg.server.worker``, started fresh, not forked: the
server has threads), each holding the store open read-only and running many queries at once in
threads of its own (:data:`kg.server.worker.THREADS`). A query goes to the worker with the fewest
queries running (the first one when they tie, so that a lone client always finds the same warm
caches); the server writes it to the worker's socket, tagged with an id, and reads the answers
on its event loop as they come (a protocol, no task), already serialized by pyoxigraph (bytes,
sent as they are).

When a query's timeout passes, its worker is killed (SIGKILL: Oxigraph holds no lock a reader
could leave behind) and a fresh one takes its place; the other queries that worker was running
are not failed but sent again, to another worker, within their own timeouts.
:meth:`QueryPool.reload` starts fresh workers on a rebuilt store; the old ones finish the
queries they have and stop.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.server import worker as frames

__all__ = ["Answer", "QueryPool", "QueryTimeout"]

log = logging.getLogger("kg.server")


class QueryTimeout(Exception):
    """A query ran longer than the pool's timeout; its worker was killed."""


_TIMED_OUT = object()  # the result of a query whose deadline passed


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: ``ok`` with the serialized result, or an error message."""

    ok: bool
    data: bytes = b""
    error: str = ""
    syntax: bool = False  # the error is a malformed query (a 400), not a failure (a 500)


class _Worker(asyncio.Protocol):
    """One worker process, the queries it is running (their futures, by id), and the protocol
    that reads its answers on the event loop as they come."""

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
        self.sock = ours
        self.pending: dict[int, asyncio.Future] = {}  # resolved with an Answer, or None if gone
        self.alive = False
        self.killed = False  # stopped on purpose (a timeout, a reload), not crashed
        self.retiring = False
        self.transport: asyncio.Transport | None = None
        self._started: asyncio.Future | None = None  # the first answer: the store is open
        self._buffer = bytearray()  # the part of an answer received so far

    async def ready(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        self._started = loop.create_future()
        try:
            await loop.create_unix_connection(lambda: self, sock=self.sock)
            status, data = await asyncio.wait_for(self._started, timeout)
        except (asyncio.TimeoutError, OSError):
            status, data = frames.FAILED, b"a query worker did not start"
        if status != frames.OK:
            self.stop()
            raise OSError(data.decode("utf-8", "replace"))
        self.alive = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        head = frames.ANSWER.size
        if not self._buffer and len(data) >= head and len(data) == head + frames.ANSWER.unpack_from(data)[2]:
            status, ident, _ = frames.ANSWER.unpack_from(data)  # the usual case: one whole answer
            self._answered(status, ident, data[head:])
            return
        buffer = self._buffer
        buffer += data
        start = 0
        with memoryview(buffer) as view:
            while len(buffer) - start >= head:
                status, ident, size = frames.ANSWER.unpack_from(buffer, start)
                end = start + head + size
                if len(buffer) < end:
                    break
                self._answered(status, ident, bytes(view[start + head:end]))
                start = end
        del buffer[:start]

    def _answered(self, status: int, ident: int, data: bytes) -> None:
        if ident == 0:
            if self._started is not None and not self._started.done():
                self._started.set_result((status, data))
            return
        future = self.pending.pop(ident, None)
        if future is not None and not future.done():
            future.set_result(Answer(True, data) if status == frames.OK else Answer(
                False, error=data.decode("utf-8", "replace"), syntax=status == frames.SYNTAX))
        if self.retiring and not self.pending:
            self.stop()

    def connection_lost(self, exc: Exception | None) -> None:
        self.alive = False
        if self._started is not None and not self._started.done():
            self._started.set_result((frames.FAILED, b"a query worker stopped as it started"))
        for future in self.pending.values():
            if not future.done():
                future.set_result(None)
        self.pending.clear()

    def submit(self, ident: int, query: str, kind: str, fmt: str) -> asyncio.Future:
        assert self.transport is not None
        future = asyncio.get_running_loop().create_future()
        self.pending[ident] = future
        self.transport.write(frames.request(ident, query, kind, fmt))
        return future

    def retire(self) -> None:
        """Take no more queries; stop once those running are answered."""
        self.retiring = True
        if not self.pending:
            self.stop()

    def stop(self, wait: bool = False) -> None:
        """Kill the process now (its pending queries resolve to None); reaped in a thread."""
        self.killed = True
        self.alive = False
        self.process.kill()
        if self.transport is not None:
            self.transport.close()
        else:
            self.sock.close()
        if wait:
            self.process.wait(5)
        else:
            asyncio.get_running_loop().run_in_executor(None, self.process.wait)


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
        self._slots: list[_Worker | None] = [None] * self.size
        self._spawning: dict[int, asyncio.Task] = {}
        self._ids = itertools.count(1)
        self._all: set[_Worker] = set()  # with the retiring ones, for close()

    async def _spawn(self, index: int) -> None:
        """A new worker on the current store, ready, in slot ``index``."""
        worker = _Worker(self.store_path, self.prefixes)
        self._all = {w for w in self._all if w.process.returncode is None}
        self._all.add(worker)
        try:
            await worker.ready(60)
            self._slots[index] = worker
        finally:
            self._spawning.pop(index, None)

    def _respawn(self, index: int) -> asyncio.Task:
        task = self._spawning.get(index)
        if task is None:
            task = self._spawning[index] = asyncio.get_running_loop().create_task(self._spawn(index))
            task.add_done_callback(_log_failure)
        return task

    def _kill(self, worker: _Worker) -> None:
        """Stop ``worker`` now and start a fresh one in its slot."""
        worker.stop()
        for index, slot in enumerate(self._slots):
            if slot is worker:
                self._slots[index] = None
                self._respawn(index)

    def _least_busy(self) -> _Worker | None:
        """The live worker running the fewest queries (the first of those that tie), if any."""
        best = None
        for worker in self._slots:
            if worker is not None and worker.alive and (best is None or len(worker.pending) < len(best.pending)):
                best = worker
        return best

    async def _worker(self) -> _Worker:
        """:meth:`_least_busy`, once a worker is up (started again if none is)."""
        while True:
            worker = self._least_busy()
            if worker is not None:
                return worker
            for index, slot in enumerate(self._slots):
                if slot is None or not slot.alive:
                    self._respawn(index)
            done, _ = await asyncio.wait(set(self._spawning.values()), return_when=asyncio.FIRST_COMPLETED)
            if self._least_busy() is None:
                for task in done:
                    task.result()  # a worker that could not start: its OSError

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn(i) for i in range(self.size)))

    async def reload(self) -> None:
        """Fresh workers on the store as it is now on disk; the old ones finish what they run."""
        old = [w for w in self._slots if w is not None]
        self._slots = [None] * self.size
        await asyncio.gather(*(self._respawn(i) for i in range(self.size)))
        for worker in old:
            worker.retire()

    async def run(self, query: str, kind: str, fmt: str) -> Answer:
        """The answer to ``query``; raises :class:`QueryTimeout` after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while True:
            worker = self._least_busy()
            if worker is None:
                try:
                    worker = await self._worker()
                except OSError as exc:
                    return Answer(False, error=f"no query worker could start: {exc}")
            ident = next(self._ids)
            future = worker.submit(ident, query, kind, fmt)
            # at the deadline, the query's worker is killed, even if its client went away
            timer = loop.call_at(deadline, self._expire, worker, ident, future)
            answer = await future
            timer.cancel()
            if answer is _TIMED_OUT:
                raise QueryTimeout(f"the query took longer than {self.timeout:g} s")
            if answer is not None:
                return answer
            if not worker.killed:  # it crashed: no query is sent again to crash another
                self._kill(worker)
                return Answer(False, error="the query worker stopped unexpectedly")
            if loop.time() >= deadline:
                raise QueryTimeout(f"the query took longer than {self.timeout:g} s")
            # its worker was stopped for another query's timeout: run it again elsewhere

    def _expire(self, worker: _Worker, ident: int, future: asyncio.Future) -> None:
        """The deadline of query ``ident``: kill its worker if the query is still running there."""
        if worker.pending.get(ident) is not future or not worker.alive:
            return  # answered, or its worker is gone already
        if future.done():  # cancelled: its client went away
            log.warning("an abandoned query passed its timeout; replacing its worker")
        else:
            log.warning("query stopped after %.1f s; replacing its worker", self.timeout)
            future.set_result(_TIMED_OUT)
        self._kill(worker)

    def close(self) -> None:
        for task in self._spawning.values():
            task.cancel()
        for worker in self._all:
            worker.stop(wait=True)
        self._all.clear()
        self._slots = [None] * self.size


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("a query worker did not start: %s", task.exception())
