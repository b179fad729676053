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
import sys
from types import ModuleType
from typing import Any

from kg.errors import KGError
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
#: API functions that share their name with a submodule (``kg.build``, ``kg.query``).
_SHADOWED = frozenset({"build", "query"})


class _CallableModule(ModuleType):
    """A submodule named like an API function: calling the module calls the function.

    Importing ``kg.build`` (the module) sets the attribute ``kg.build``, which would hide the
    function ``kg.build()``. Such a module is given this class, so that ``kg.build(inputs, out)``
    and ``kg.query(graph, sparql)`` work whatever was imported before, and ``kg.build.process``,
    ``kg.query.run_query`` and ``import kg.query as q`` keep working too.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function of :mod:`kg.api` that has this module's name."""
        return getattr(importlib.import_module("kg.api"), self._api_name)(*args, **kwargs)

    @property
    def _api_name(self) -> str:
        return self.__name__.rpartition(".")[2]

    @property
    def __signature__(self) -> Any:
        import inspect

        return inspect.signature(getattr(importlib.import_module("kg.api"), self._api_name))


class _Package(ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if (
            name in _SHADOWED
            and isinstance(value, ModuleType)
            and value.__name__ == f"{__name__}.{name}"
            and type(value) is ModuleType
        ):
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _SHADOWED:
        # The submodule itself, made callable by _Package.__setattr__ on import.
        return importlib.import_module(f"{__name__}.{name}")
    if name in _API:
        return getattr(importlib.import_module("kg.api"), name)
    if name == "api":
        return importlib.import_module("kg.api")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
