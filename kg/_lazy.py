"""Names imported on first use, so that a module can name rdflib's classes without paying for
importing rdflib (a third of a second) on the paths that never touch them.

>>> Fraction = LazyName("fractions", "Fraction")
>>> Fraction(1, 2), isinstance(Fraction(1, 2), Fraction)
(Fraction(1, 2), True)
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = ["LazyName"]


class LazyName:
    """``module.name``, imported when first called, read from, or used in ``isinstance``."""

    __slots__ = ("_module", "_name", "_value")

    def __init__(self, module: str, name: str):
        self._module, self._name, self._value = module, name, None

    def _get(self) -> Any:
        if self._value is None:
            self._value = getattr(importlib.import_module(self._module), self._name)
        return self._value

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._get()(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):  # introspection (doctest, mock) must not import the module
            raise AttributeError(attr)
        return getattr(self._get(), attr)

    def __instancecheck__(self, obj: Any) -> bool:
        return isinstance(obj, self._get())

    def __subclasscheck__(self, cls: type) -> bool:
        return issubclass(cls, self._get())

    def __repr__(self) -> str:
        return f"LazyName({self._module}.{self._name})"
