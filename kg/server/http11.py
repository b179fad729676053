"""The HTTP/1.1 protocol ``kg serve`` runs under uvicorn: httptools' parser, with bounds.

uvicorn parses requests with h11 (pure Python) or with httptools (llhttp, in C), which is
faster by about a tenth of a millisecond a request here. h11 bounds the request head it
holds (``h11_max_incomplete_event_size``); httptools holds whatever head a client sends, and
answers a URL longer than 65,535 bytes with a bare 400. :func:`http_protocol` gives uvicorn
httptools' protocol with the head bounded as h11 bounds it and the request line bounded where
httptools can still parse it, refused before the parser sees them: a head longer than
``max_head`` bytes with 431, a request line longer than 64 KiB with 414. It gives h11 when
httptools is not installed, or when URLs longer than 64 KiB are to be allowed.
"""

from __future__ import annotations

__all__ = ["MAX_LINE", "http_protocol"]

#: the longest request line (method, URL, version) read with httptools, in bytes
MAX_LINE = 64 * 1024 - 1


def http_protocol(max_url: int, max_head: int) -> str | type:
    """uvicorn's ``http`` setting: a protocol class, or ``"h11"``.

    ``max_url``: the longest URL query string the application reads (it refuses longer ones
    with 414 itself); ``max_head``: the most bytes of a request head held before it is refused.
    """
    if max_url > MAX_LINE + 1:
        return "h11"
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "h11"

    class BoundedHttpTools(HttpToolsProtocol):
        """httptools' protocol, refusing an overlong head (431) or request line (414)."""

        _in_head = True  # the bytes received belong to a request head
        _head = 0  # bytes of the current head received so far
        _line: int | None = 0  # bytes of its request line so far (None: the line is complete)
        _refused = False

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            if self._in_head:
                self._head += len(data)
                if self._line is not None:
                    end = data.find(b"\n")
                    self._line += len(data) if end < 0 else end
                    if self._line > MAX_LINE:
                        self._refuse(414, b"URI Too Long", f"the request line is longer than {MAX_LINE} bytes")
                        return
                    if end >= 0:
                        self._line = None
                if self._head > max_head:
                    self._refuse(431, b"Request Header Fields Too Large",
                                 f"the request head is longer than {max_head} bytes")
                    return
            super().data_received(data)

        def on_headers_complete(self) -> None:
            self._in_head = False
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._in_head, self._head, self._line = True, 0, 0  # the next request's head

        def _refuse(self, status: int, reason: bytes, message: str) -> None:
            body = message.encode("ascii") + b"\n"
            lines = [b"HTTP/1.1 %d %s" % (status, reason)]
            lines += [name + b": " + value for name, value in self.server_state.default_headers]
            lines += [b"content-type: text/plain; charset=utf-8", b"content-length: %d" % len(body),
                      b"x-content-type-options: nosniff", b"connection: close"]
            self._refused = True
            self.transport.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
            self.transport.close()

    return BoundedHttpTools
