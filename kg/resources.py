"""Where kg finds its data files (the ontology, shapes, knowledge base).

In an installed wheel ``ontology/`` is shipped inside the package as ``kg/_ontology``
(``pyproject.toml`` force-includes it); in a source checkout it is the ``ontology/`` folder next
to the ``kg/`` package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_dir", "ontology_path"]

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder holding the ontology files: ``kg/_ontology`` when installed, else ``ontology/``."""
    shipped = _PACKAGE / "_ontology"
    return shipped if shipped.is_dir() else _PACKAGE.parent / "ontology"


def ontology_path(name: str) -> Path:
    """The path of the ontology file ``name`` (for example ``"kg.ttl"``).

    >>> ontology_path("kg.ttl").name
    'kg.ttl'
    """
    shipped = _PACKAGE / "_ontology" / name
    if shipped.exists():
        return shipped
    return _PACKAGE.parent / "ontology" / name
