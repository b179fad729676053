"""A query worker of :mod:`kg.server.pool`: ``python -m kg.server.worker FD STORE PREFIXES``.

It opens the store read-only, says it is ready, then answers (query, kind, format name)
messages on the connection ``FD`` with (ok, data, error, syntax) tuples until the connection
closes. It imports only pyoxigraph.
"""

from __future__ import annotations

import json
import sys
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["serve"]


def serve(conn: Any, store_path: str, prefixes: dict[str, str] | None = None) -> None:
    """Answer queries on ``conn`` from the store at ``store_path`` until ``conn`` closes.

    ``prefixes`` are declared for every query (the graph's own, see kg.store.graph_prefixes).
    The store holds graph.ttl in its default graph, which queries read (no union of graphs).
    """
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send((False, b"", f"cannot open the store {store_path}: {exc}", False))
        return
    conn.send((True, b"", "", False))  # ready
    while True:
        try:
            query, kind, fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = store.query(query, prefixes=prefixes or None)
            if kind == "CONSTRUCT":
                data = result.serialize(format=getattr(ox.RdfFormat, fmt))
            else:
                data = result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
            answer = (True, data or b"", "", False)
        except SyntaxError as exc:
            answer = (False, b"", f"malformed SPARQL query: {exc}", True)
        except (OSError, ValueError, RuntimeError, TypeError, AttributeError) as exc:
            answer = (False, b"", f"the query failed: {exc}", False)
        conn.send(answer)


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), sys.argv[2], json.loads(sys.argv[3]))
