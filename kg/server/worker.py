"""A query worker of :mod:`kg.server.pool`: ``python -m kg.server.worker FD STORE PREFIXES``.

It opens the store read-only, says it is ready, then answers queries on the socket ``FD``
until the socket closes. It imports only pyoxigraph (and the standard modules below).

The frames on the socket (:func:`request` and :func:`read_answer` are the server's side):

- a request: a 4-byte big-endian length, then ``KIND\\nFORMAT\\nQUERY`` in UTF-8 (KIND is
  SELECT, ASK or CONSTRUCT; FORMAT a pyoxigraph ``QueryResultsFormat`` or ``RdfFormat`` name);
- an answer: a status byte (:data:`OK`, :data:`SYNTAX` for a malformed query, :data:`FAILED`),
  an 8-byte big-endian length, then the serialized result, or the error message in UTF-8.
  The first answer, with no request, says that the store is open (or why it is not).
"""

from __future__ import annotations

import json
import socket
import struct
import sys

__all__ = ["FAILED", "OK", "SYNTAX", "read_answer", "request", "serve"]

OK, SYNTAX, FAILED = 0, 1, 2
_ANSWER = struct.Struct("!BQ")
_REQUEST = struct.Struct("!I")


def request(query: str, kind: str, fmt: str) -> bytes:
    """The frame asking for ``query``'s result of ``kind`` in the format ``fmt``."""
    payload = f"{kind}\n{fmt}\n{query}".encode("utf-8", "surrogatepass")
    return _REQUEST.pack(len(payload)) + payload


def _answer(status: int, data: bytes) -> bytes:
    return _ANSWER.pack(status, len(data)) + data


def _read(stream, size: int) -> bytes:  # noqa: ANN001 (a binary file)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return data


def serve(sock: socket.socket, store_path: str, prefixes: dict[str, str] | None = None) -> None:
    """Answer queries on ``sock`` from the store at ``store_path`` until ``sock`` closes.

    ``prefixes`` are declared for every query (the graph's own, see kg.store.graph_prefixes).
    The store holds graph.ttl in its default graph, which queries read (no union of graphs).
    """
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        sock.sendall(_answer(FAILED, f"cannot open the store {store_path}: {exc}".encode()))
        return
    sock.sendall(_answer(OK, b""))  # ready
    stream = sock.makefile("rb")
    while True:
        try:
            (size,) = _REQUEST.unpack(_read(stream, _REQUEST.size))
            kind, fmt, query = _read(stream, size).decode("utf-8", "surrogatepass").split("\n", 2)
        except (EOFError, OSError, ValueError):
            return
        try:
            result = store.query(query, prefixes=prefixes or None)
            if kind == "CONSTRUCT":
                data = result.serialize(format=getattr(ox.RdfFormat, fmt))
            else:
                data = result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
            answer = _answer(OK, data or b"")
        except SyntaxError as exc:
            answer = _answer(SYNTAX, f"malformed SPARQL query: {exc}".encode())
        except (OSError, ValueError, RuntimeError, TypeError, AttributeError) as exc:
            answer = _answer(FAILED, f"the query failed: {exc}".encode())
        try:
            sock.sendall(answer)
        except OSError:
            return


async def read_answer(reader) -> tuple[int, bytes]:  # noqa: ANN001 (an asyncio.StreamReader)
    """(status, data) of the next answer on the server's side of the socket."""
    status, size = _ANSWER.unpack(await reader.readexactly(_ANSWER.size))
    return status, await reader.readexactly(size)


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2], json.loads(sys.argv[3]))
