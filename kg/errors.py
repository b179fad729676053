"""kg's errors: one base class, a few subclasses whose messages say what, where and what is valid."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ExportError",
    "InputError",
    "KGError",
    "KnowledgeBaseError",
    "QueryError",
]


class KGError(Exception):
    """The base of every error kg raises on purpose. The CLI prints it on one line, exit code 2."""

    exit_code = 2


class InputError(KGError):
    """An input file, folder, or record cannot be read. The message names the file and line."""

    def __init__(self, message: str, path: str = "", line: int | None = None):
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class KnowledgeBaseError(KGError):
    """A file of the actor knowledge base or the relation lexicon in ontology/ is broken."""


class ConfigError(KGError):
    """An option has a value kg does not accept; the message lists the valid ones."""


class QueryError(KGError):
    """A SPARQL query is malformed or asks for something kg refuses (updates, LOAD, SERVICE)."""


class ExportError(KGError):
    """An export format is unknown or an output cannot be written."""
