"""The graph as an Oxigraph store on disk (``DIR/store/``), opened read-only by queries.

``kg build`` writes ``graph.ttl`` and then loads it into a RocksDB-backed Oxigraph store beside
it, with a fingerprint of the file it came from (``store/kg-graph.json``: name, size,
modification time and SHA-256). :func:`open_graph_store` opens that store read-only when it
matches the graph file (same size and modification time, or else the same hash), so a query
pays for opening the store, not for parsing the Turtle file again. A store that does not
match, or is missing or broken, is ignored and the file is loaded as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from kg.errors import ExportError

__all__ = ["FINGERPRINT", "STORE", "graph_fingerprint", "graph_prefixes", "open_graph_store",
           "store_for", "write_store"]

log = logging.getLogger("kg.store")

#: The folder of the store, beside ``graph.ttl``.
STORE = "store"
#: The fingerprint of the graph file the store holds, inside the store folder.
FINGERPRINT = "kg-graph.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def graph_fingerprint(path: str | Path) -> dict[str, Any]:
    """The name, size, modification time (ns) and SHA-256 of the graph file ``path``."""
    path = Path(path)
    st = path.stat()
    return {"graph": path.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
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


def store_for(path: str | Path) -> tuple[Path, Path]:
    """(graph file, store folder) for ``path``: a build folder or a graph file in one."""
    path = Path(path)
    graph = path / "graph.ttl" if path.is_dir() else path
    return graph, graph.parent / STORE


def _matches(graph: Path, folder: Path) -> bool:
    try:
        recorded = json.loads((folder / FINGERPRINT).read_text(encoding="utf-8"))
        st = graph.stat()
    except (OSError, ValueError):
        return False
    if not isinstance(recorded, dict) or recorded.get("graph") != graph.name:
        return False
    if recorded.get("size") != st.st_size:
        return False
    if recorded.get("mtime_ns") == st.st_mtime_ns:
        return True
    return recorded.get("sha256") == _sha256(graph)  # copied: new mtime, maybe the same bytes


def open_graph_store(path: str | Path) -> Any | None:
    """The read-only Oxigraph store of the graph at ``path`` if it matches it, else None.

    ``path`` is a build folder or a graph file; the store is ``store/`` beside the file.
    """
    graph, folder = store_for(path)
    if not (folder / FINGERPRINT).is_file() or not graph.is_file():
        return None
    if not _matches(graph, folder):
        log.info("%s does not match %s: loading the file", folder, graph)
        return None
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        log.warning("cannot open the store %s (%s): loading %s instead", folder, exc, graph)
        return None
