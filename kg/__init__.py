"""kg: a knowledge-graph builder of geopolitical actors.

Build a graph from articles, query it with SPARQL, find its alliance blocs, export it:

>>> import kg
>>> result = kg.build_texts({"a1": "Iran supplies drones to Russia."})   # doctest: +SKIP
>>> kg.query(result, "suppliers-of", actor="Russia")                   # doctest: +SKIP
[{'supplier': 'Iran', 'evidence': 1}]
>>> kg.analyze(result).blocs                                           # doctest: +SKIP
(frozenset({'IRN', 'RUS'}),)
>>> kg.export(result, "graph.gexf")                                    # doctest: +SKIP
PosixPath('graph.gexf')

The functions live in :mod:`kg.api`; ``notebooks/walkthrough.ipynb`` shows them at work.
Importing kg loads no model and no pyvis: the API is imported on first use, and spaCy, pyvis
and pandas inside the functions that need them.
"""

from __future__ import annotations

import importlib

from kg.errors import KGError

TYPE_CHECKING = False  # typing itself is not imported: kg query starts without it
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from kg.types import Actor, Assertion, Document, Mention

__all__ = [
    "Actor",
    "Assertion",
    "BuildResult",
    "Document",
    "KGError",
    "Mention",
    "__version__",
    "analyze",
    "build",
    "build_texts",
    "export",
    "load_graph",
    "query",
    "query_df",
    "query_result",
]

__version__ = "0.1.0"

#: Names of the API (kg.api) re-exported here, imported on first use.
_API = frozenset({"BuildResult", "analyze", "build", "build_texts", "export", "load_graph",
                  "query", "query_df", "query_result"})  # fmt: skip
#: The data types (kg.types) re-exported here, imported on first use (dataclasses is slow to import).
_TYPES = frozenset({"Actor", "Assertion", "Document", "Mention"})


def __getattr__(name: str) -> Any:
    if name in _TYPES:
        value = getattr(importlib.import_module("kg.types"), name)
        globals()[name] = value
        return value
    if name in _API:
        value = getattr(importlib.import_module("kg.api"), name)
        globals()[name] = value
        return value
    if name == "api":
        return importlib.import_module("kg.api")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
