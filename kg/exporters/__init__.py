"""Exporters behind a registry: one signature, ``(graph, path, **options) -> None``.

An exporter takes the rdflib ``Graph`` that ``kg build`` wrote and a destination path; it writes
the file atomically (through :func:`kg.exporters.atomic.atomic_path`) so that a crash never
leaves a truncated or empty file behind. Look exporters up by name with :func:`get_exporter`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import ExportError

__all__ = ["EXPORTERS", "export", "get_exporter", "register"]

Exporter = Callable[..., None]

#: name -> "module:function", imported lazily so that ``import kg`` stays light.
EXPORTERS: dict[str, str] = {}
_LOADED: dict[str, Exporter] = {}


def register(name: str, target: str) -> None:
    """Register the exporter ``name`` as ``"package.module:function"`` (imported on first use)."""
    EXPORTERS[name] = target
    _LOADED.pop(name, None)


def get_exporter(name: str) -> Exporter:
    """The exporter registered as ``name``; an unknown name raises an error listing the known ones."""
    if name not in EXPORTERS:
        known = ", ".join(sorted(EXPORTERS))
        raise ExportError(f"unknown export format {name!r}; known formats: {known}")
    if name not in _LOADED:
        module, _, func = EXPORTERS[name].partition(":")
        _LOADED[name] = getattr(importlib.import_module(module), func)
    return _LOADED[name]


def export(name: str, graph: Any, path: str | Path, **options: Any) -> None:
    """Write ``graph`` to ``path`` in the format ``name``."""
    get_exporter(name)(graph, Path(path), **options)


# The built-in exporters. Each module registers nothing at import; the table is here.
for _name, _target in {
    "ttl": "kg.exporters.rdf:write_turtle",
    "nt": "kg.exporters.rdf:write_ntriples",
    "nq": "kg.exporters.rdf:write_nquads",
    "jsonld": "kg.exporters.rdf:write_jsonld",
    "html": "kg.exporters.html:write_html",
    "gexf": "kg.exporters.gephi:write_gexf",
    "graphml": "kg.exporters.gephi:write_graphml",
}.items():
    register(_name, _target)
