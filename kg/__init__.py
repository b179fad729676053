"""kg: a knowledge-graph builder of geopolitical actors.

Importing kg loads no model and no pyvis; those load inside the functions that need them.
"""

from __future__ import annotations

from kg.errors import KGError
from kg.types import Actor, Assertion, Document, Mention

__all__ = ["Actor", "Assertion", "Document", "KGError", "Mention", "__version__", "build"]

__version__ = "0.1.0"


def build(inputs, out, **options):
    """Build the knowledge graph of ``inputs`` (files, folders) into the folder ``out``.

    See :func:`kg.build.build` for the options; returns its :class:`kg.build.BuildReport`.
    """
    from kg.build import build as _build

    return _build(inputs, out, **options)
