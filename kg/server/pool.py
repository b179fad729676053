"""Queries in worker processes on the read-only store, each one abandoned at its timeout.

Oxigraph evaluates a query in Rust and cannot be interrupted from Python, so queries run in
``workers`` long-lived processes (``python -m kg.server.worker``, started fresh, not forked: the
server has threads), each holding the store open read-only and running many queries at once in
threads of its own (:data:`kg.server.worker.THREADS`). A query goes to the worker with the fewest
queries running (the first one when they tie, so that a lone client always finds the same warm
caches); the server writes it to the worker's socket, tagged with an id, and reads the answers
on its event loop as they come, already serialized by pyoxigraph (bytes, sent as they are).

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


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: ``ok`` with the serialized result, or an error message."""

    ok: bool
    data: bytes = b""
    error: str = ""
    syntax: bool = False  # the error is a malformed query (a 400), not a failure (a 500)


class _Worker:
    """One worker process and the queries it is running (their futures, by id)."""

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
        self.writer: asyncio.StreamWriter | None = None
        self._reading: asyncio.Task | None = None

    async def ready(self, timeout: float) -> None:
        reader, self.writer = await asyncio.open_unix_connection(sock=self.sock)
        try:
            status, _, data = await asyncio.wait_for(frames.read_answer(reader), timeout)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, OSError):
            self.stop()
            raise OSError("a query worker did not start") from None
        if status != frames.OK:
            self.stop()
            raise OSError(data.decode("utf-8", "replace"))
        self.alive = True
        self._reading = asyncio.get_running_loop().create_task(self._read_answers(reader))

    async def _read_answers(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                status, ident, data = await frames.read_answer(reader)
                future = self.pending.pop(ident, None)
                if future is not None and not future.done():
                    future.set_result(Answer(True, data) if status == frames.OK else Answer(
                        False, error=data.decode("utf-8", "replace"), syntax=status == frames.SYNTAX))
                if self.retiring and not self.pending:
                    self.stop()
        except (asyncio.IncompleteReadError, OSError):
            pass
        finally:
            self.alive = False
            for future in self.pending.values():
                if not future.done():
                    future.set_result(None)
            self.pending.clear()

    def submit(self, ident: int, query: str, kind: str, fmt: str) -> asyncio.Future:
        assert self.writer is not None
        future = asyncio.get_running_loop().create_future()
        self.pending[ident] = future
        self.writer.write(frames.request(ident, query, kind, fmt))
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
        if self.writer is not None:
            self.writer.close()
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

    async def _worker(self) -> _Worker:
        """The live worker running the fewest queries (the first of those that tie)."""
        while True:
            live = [w for w in self._slots if w is not None and w.alive]
            if live:
                return min(live, key=lambda w: len(w.pending))
            for index, slot in enumerate(self._slots):
                if slot is None or not slot.alive:
                    self._respawn(index)
            done, _ = await asyncio.wait(set(self._spawning.values()), return_when=asyncio.FIRST_COMPLETED)
            if not any(w is not None and w.alive for w in self._slots):
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
            try:
                worker = await self._worker()
            except OSError as exc:
                return Answer(False, error=f"no query worker could start: {exc}")
            future = worker.submit(next(self._ids), query, kind, fmt)
            try:
                answer = await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                log.warning("query stopped after %.1f s; replacing its worker", self.timeout)
                self._kill(worker)
                raise QueryTimeout(f"the query took longer than {self.timeout:g} s") from None
            except asyncio.CancelledError:  # the client went away: the timeout still holds
                loop.create_task(self._watch(worker, future, deadline))
                raise
            if answer is not None:
                return answer
            if not worker.killed or loop.time() >= deadline:
                self._kill(worker)
                return Answer(False, error="the query worker stopped unexpectedly")
            # its worker was stopped for another query's timeout: run it again elsewhere

    async def _watch(self, worker: _Worker, future: asyncio.Future, deadline: float) -> None:
        """Kill ``worker`` if the abandoned query ``future`` runs past ``deadline``."""
        await asyncio.wait({future}, timeout=max(0.0, deadline - asyncio.get_running_loop().time()))
        if not future.done() and worker.alive:
            log.warning("an abandoned query passed its timeout; replacing its worker")
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
