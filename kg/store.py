"""The graph as an Oxigraph store on disk (``DIR/store/``), opened read-only by queries.

``kg build`` writes ``graph.ttl`` and then loads it into a RocksDB-backed Oxigraph store beside
it, with a fingerprint of the file it came from (``store/kg-graph.json``: name, size,
modification time and SHA-256). :func:`open_graph_store` opens that store read-only when it
matches the graph file (same size and modification time, or else the same hash), so a query
pays for opening the store, not for parsing the Turtle file again. A store that does not
match, or is missing or broken, is ignored and the file is loaded as before.
"""

from __future__ import annotations

import json
import os
import re

from kg.errors import ExportError

TYPE_CHECKING = False  # kg query opens a store without importing typing, pathlib, logging
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any

__all__ = ["FINGERPRINT", "STORE", "graph_fingerprint", "graph_prefixes", "open_graph_store",
           "store_for", "store_matches", "write_store"]



def _log():  # noqa: ANN202 (a logging.Logger)
    import logging

    return logging.getLogger("kg.store")


#: The folder of the store, beside ``graph.ttl``.
STORE = "store"
#: The fingerprint of the graph file the store holds, inside the store folder.
FINGERPRINT = "kg-graph.json"


def _sha256(path: str | Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def graph_fingerprint(path: str | Path) -> dict[str, Any]:
    """The name, size, modification time (ns) and SHA-256 of the graph file ``path``."""
    st = os.stat(path)
    return {"graph": os.path.basename(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "sha256": _sha256(path)}


_PREFIX = re.compile(r"^@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^<>\"{}|^`\\\x00-\x20]*)>\s*\.\s*$")


def graph_prefixes(path: str | Path, max_lines: int = 200) -> dict[str, str]:
    """The ``@prefix`` declarations at the head of the Turtle file ``path`` (prefix -> IRI).

    Recorded with the store, so that ``kg serve`` accepts the graph's own prefixes (``kg:``,
    ``rdfs:``, ``actor:`` ...) in queries that do not declare them.
    """
    prefixes: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(max_lines), f):
            m = _PREFIX.match(line.strip())
            if m:
                prefixes[m.group(1) or ""] = m.group(2)
            elif line.strip():
                break
    return prefixes


def write_store(graph_file: str | Path, folder: str | Path) -> Path:
    """Load the Turtle file ``graph_file`` into a new Oxigraph store in ``folder``.

    The folder must not exist yet (``kg build`` writes it in its staging folder and moves it
    into place with the other outputs). The store is closed when this returns.
    """
    from pathlib import Path

    import pyoxigraph as ox

    graph_file, folder = Path(graph_file), Path(folder)
    fingerprint = graph_fingerprint(graph_file)
    fingerprint["prefixes"] = graph_prefixes(graph_file)
    try:
        store = ox.Store(str(folder))
        store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
        store.flush()
        del store  # closes RocksDB before the folder is moved
    except (OSError, SyntaxError, ValueError) as exc:
        raise ExportError(f"cannot write the Oxigraph store {folder}: {exc}") from None
    (folder / FINGERPRINT).write_text(json.dumps(fingerprint, indent=2) + "\n", encoding="utf-8")
    return folder


def _paths(path: str | Path) -> tuple[str, str]:
    graph = os.path.join(path, "graph.ttl") if os.path.isdir(path) else os.fspath(path)
    return graph, os.path.join(os.path.dirname(graph), STORE)


def store_for(path: str | Path) -> tuple[Path, Path]:
    """(graph file, store folder) for ``path``: a build folder or a graph file in one."""
    from pathlib import Path

    return tuple(Path(p) for p in _paths(path))  # type: ignore[return-value]


def _matches(graph: str, folder: str) -> bool:
    try:
        with open(os.path.join(folder, FINGERPRINT), encoding="utf-8") as f:
            recorded = json.loads(f.read())
        st = os.stat(graph)
    except (OSError, ValueError):
        return False
    if not isinstance(recorded, dict) or recorded.get("graph") != os.path.basename(graph):
        return False
    if recorded.get("size") != st.st_size:
        return False
    if recorded.get("mtime_ns") == st.st_mtime_ns:
        return True
    return recorded.get("sha256") == _sha256(graph)  # copied: new mtime, maybe the same bytes


def store_matches(path: str | Path) -> bool:
    """Whether the graph at ``path`` (a build folder or a graph file) has a store matching it."""
    graph, folder = _paths(path)
    return os.path.isfile(graph) and _matches(graph, folder)


def open_graph_store(path: str | Path) -> Any | None:
    """The read-only Oxigraph store of the graph at ``path`` if it matches it, else None.

    ``path`` is a build folder or a graph file; the store is ``store/`` beside the file.
    """
    graph, folder = _paths(path)
    if not os.path.isfile(os.path.join(folder, FINGERPRINT)) or not os.path.isfile(graph):
        return None
    if not _matches(graph, folder):
        _log().info("%s does not match %s: loading the file", folder, graph)
        return None
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(folder)
    except OSError as exc:
        _log().warning("cannot open the store %s (%s): loading %s instead", folder, exc, graph)
        return None
