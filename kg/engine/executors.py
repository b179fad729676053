"""Where the NLP stage runs: in this process, in worker processes, or on a Dask cluster.

Every engine maps :func:`kg.engine.worker.analyse_batch` over batches of documents and yields
the results *in input order*, with a bounded number of batches in flight, so that memory does
not grow with the corpus and the outputs do not depend on the engine.
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from typing import Any

from kg.engine.worker import DocResult, analyse_batch, load_engine
from kg.errors import ConfigError
from kg.types import Document

__all__ = ["ENGINES", "run"]

log = logging.getLogger("kg.engine")

#: The engines ``kg build --engine`` accepts.
ENGINES = ("local", "dask")

Batch = list[Document]


def run(batches: Iterable[Batch], *, engine: str = "local", workers: int | None = None,
        scheduler: str | None = None, model: str | None = None, batch_size: int = 64,
        prepass: bool = True, coref: bool = True) -> Iterator[tuple[Batch, list[DocResult]]]:
    """Yield ``(batch, results)`` for each batch of documents, in order.

    ``workers``: processes of the local engine (default 1: this process), or workers of the
    LocalCluster the dask engine starts when no ``scheduler`` address is given (default 2).
    """
    args = (model, batch_size, prepass, coref)
    if engine == "local":
        if (workers or 1) <= 1:
            load_engine(model, coref)
            for batch in batches:
                yield batch, analyse_batch(batch, *args)
        else:
            yield from _pool(batches, workers, args)
    elif engine == "dask":
        yield from _dask(batches, workers, scheduler, args)
    else:
        raise ConfigError(f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        log.warning("--scheduler is only used by the dask engine; ignored")


def _ordered(batches: Iterable[Batch], submit, window: int) -> Iterator[tuple[Batch, Any]]:
    """Submit batches ahead (at most ``window`` pending) and yield their results in order."""
    pending: collections.deque = collections.deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


def _init_worker(model: str | None, coref: bool = True) -> None:
    load_engine(model, coref)


def _pool(batches: Iterable[Batch], workers: int, args: tuple) -> Iterator[tuple[Batch, list[DocResult]]]:
    ctx = multiprocessing.get_context("spawn")  # no inherited threads or half-copied state
    with ctx.Pool(workers, initializer=_init_worker, initargs=(args[0], args[3])) as pool:
        for batch, future in _ordered(batches, lambda b: pool.apply_async(analyse_batch, (b, *args)),
                                      2 * workers):
            yield batch, future.get()


def _dask(batches: Iterable[Batch], workers: int | None, scheduler: str | None,
          args: tuple) -> Iterator[tuple[Batch, list[DocResult]]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "the dask engine needs dask.distributed: pip install 'kg[dask]' "
            "(or pip install 'dask[distributed]')"
        ) from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers or 2,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None
    try:
        client.run(_init_worker, args[0], args[3])  # the model (with or without kg_coref) on
        # every worker at once, before any batch: the batches then find it loaded
        window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        submit = lambda b: client.submit(analyse_batch, b, *args, pure=False)  # noqa: E731
        for batch, future in _ordered(batches, submit, window):
            yield batch, future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
