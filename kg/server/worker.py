"""A query worker of :mod:`kg.server.pool`: ``python -m kg.server.worker FD STORE PREFIXES``.

It opens the store read-only, says it is ready, then answers queries on the socket ``FD``
until the socket closes. Queries run in up to :data:`THREADS` threads at once, all on the one
open store: Oxigraph's store is safe for concurrent reads and pyoxigraph releases the GIL while
it evaluates and serializes, so the queries of concurrent clients run in parallel and share the
store's caches, as the threads of one pyoxigraph program would. Each thread reads the next
request itself, in turn (the others wait for the socket), and runs it: a query starts in the
thread that read it, with no hand-off to another. It imports only pyoxigraph (and the standard
modules below).

The frames on the socket (:func:`request` and :data:`ANSWER` are the server's side):

- a request: an 8-byte big-endian id and a 4-byte length, then ``KIND\\nFORMAT\\nQUERY`` in
  UTF-8 (KIND is SELECT, ASK or CONSTRUCT; FORMAT a pyoxigraph ``QueryResultsFormat`` or
  ``RdfFormat`` name);
- an answer: a status byte (:data:`OK`, :data:`SYNTAX` for a malformed query, :data:`FAILED`),
  the id of its request, an 8-byte length, then the result serialized by pyoxigraph (the bytes
  the server sends), or the error message in UTF-8. Answers come in the order queries finish.
  The first answer, id 0 and no request, says that the store is open (or why it is not).
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading

__all__ = ["ANSWER", "FAILED", "OK", "SYNTAX", "THREADS", "request", "serve"]

OK, SYNTAX, FAILED = 0, 1, 2
#: queries a worker runs at once (more wait in its queue)
THREADS = 16
#: the niceness a worker adds to its own: the server's event loop, which hands queries out and
#: answers back, goes first when the CPUs are busy with queries
NICE = 5
#: the head of an answer: its status, the id of its request and the length of what follows
ANSWER = struct.Struct("!BQQ")
_JOIN_BELOW = 64 * 1024  # answers sent in one piece with their header
_REQUEST = struct.Struct("!QI")


def request(ident: int, query: str, kind: str, fmt: str) -> bytes:
    """The frame asking for ``query``'s result of ``kind`` in the format ``fmt``, as ``ident``."""
    payload = f"{kind}\n{fmt}\n{query}".encode("utf-8", "surrogatepass")
    return _REQUEST.pack(ident, len(payload)) + payload


def _send(sock: socket.socket, status: int, ident: int, data: bytes) -> None:
    """One answer on ``sock``: its head, then ``data`` (joined when small, not copied when large)."""
    head = ANSWER.pack(status, ident, len(data))
    if len(data) < _JOIN_BELOW:
        sock.sendall(head + data)
    else:
        sock.sendall(head)
        sock.sendall(data)


def _read(stream, size: int) -> bytes:  # noqa: ANN001 (a binary file)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return data


def _evaluate(store, query: str, kind: str, fmt: str, prefixes: dict[str, str] | None):  # noqa: ANN001
    """(status, bytes) of one query: pyoxigraph's own serialization of its result."""
    import pyoxigraph as ox

    try:
        result = store.query(query, prefixes=prefixes or None)
        if kind == "CONSTRUCT":
            data = result.serialize(format=getattr(ox.RdfFormat, fmt))
        else:
            data = result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
        return OK, data or b""
    except SyntaxError as exc:
        return SYNTAX, f"malformed SPARQL query: {exc}".encode()
    except (OSError, ValueError, RuntimeError, TypeError, AttributeError) as exc:
        return FAILED, f"the query failed: {exc}".encode()


def serve(sock: socket.socket, store_path: str, prefixes: dict[str, str] | None = None) -> None:
    """Answer queries on ``sock`` from the store at ``store_path`` until ``sock`` closes.

    ``prefixes`` are declared for every query (the graph's own, see kg.store.graph_prefixes).
    The store holds graph.ttl in its default graph, which queries read (no union of graphs).
    """
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        _send(sock, FAILED, 0, f"cannot open the store {store_path}: {exc}".encode())
        return
    _send(sock, OK, 0, b"")  # ready
    stream = sock.makefile("rb")
    reading = threading.Lock()  # the thread holding it reads the next request
    sending = threading.Lock()  # one answer at a time on the socket
    closed = threading.Event()

    def answer_queries() -> None:
        while True:
            with reading:
                if closed.is_set():
                    return
                try:
                    ident, size = _REQUEST.unpack(_read(stream, _REQUEST.size))
                    kind, fmt, query = _read(stream, size).decode("utf-8", "surrogatepass").split("\n", 2)
                except (EOFError, OSError, ValueError):
                    closed.set()  # the server went away
                    return
            status, data = _evaluate(store, query, kind, fmt, prefixes)
            try:
                with sending:
                    _send(sock, status, ident, data)
            except OSError:
                pass  # the server went away; the reading thread sees it too

    for i in range(THREADS):
        threading.Thread(target=answer_queries, name=f"kg-query-{i}", daemon=True).start()
    closed.wait()


if __name__ == "__main__":
    import os

    os.nice(NICE)
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2], json.loads(sys.argv[3]))
    os._exit(0)  # the server is gone: no answer is wanted from the queries still running
