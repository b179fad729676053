"""The results ``kg serve`` already computed: a bounded in-memory LRU of serialized answers.

The server is read-only, so the answer to a query text in a format changes only when the
store is rebuilt; the cache is keyed by (graph hash, query text, format) and emptied when the
store changes (:mod:`kg.server.app`). Only successful answers are kept; one larger than a
quarter of the budget is not kept at all, so that one big answer cannot evict all the others.
"""

from __future__ import annotations

from collections import OrderedDict

__all__ = ["DEFAULT_CACHE_BYTES", "ResultCache"]

#: the default budget of the cache, in bytes of serialized answers
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024


class ResultCache:
    """At most ``max_bytes`` of answers, the least recently used evicted first (0: no cache).

    >>> cache = ResultCache(max_bytes=100)
    >>> cache.put(("g", "ASK {}", "JSON"), b"yes")
    >>> cache.get(("g", "ASK {}", "JSON")), cache.get(("g", "ASK {}", "XML"))
    (b'yes', None)
    """

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES):
        self.max_bytes = max(0, int(max_bytes))
        self.size = 0
        self._items: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple[str, str, str]) -> bytes | None:
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: tuple[str, str, str], data: bytes) -> None:
        if not self.max_bytes or len(data) > self.max_bytes // 4 or key in self._items:
            return
        self._items[key] = data
        self.size += len(data)
        while self.size > self.max_bytes:
            _, old = self._items.popitem(last=False)
            self.size -= len(old)

    def clear(self) -> None:
        self._items.clear()
        self.size = 0
