"""Queries that forgive: the usual prefixes declared, actor parameters resolved, short errors.

- :func:`with_prefixes` declares ``rdf``, ``rdfs``, ``xsd``, ``owl``, ``kg``, ``prov`` (and
  ``dcterms``, ``schema``) for every query that uses them without declaring them;
- :func:`resolve_params` reads a query's ``# param:`` header and resolves the parameters that
  name an actor ("russia", "RUS", "Moscow", "the Kremlin") to the actor's label in the graph,
  through :func:`kg.lookup.resolve_actor`, and says which actor it chose;
- :func:`syntax_error_message` turns a parser's error into one line with the position and what
  was expected.
"""

from __future__ import annotations

import os
import re

TYPE_CHECKING = False  # neither typing nor logging is imported for a query that needs neither
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping
    from typing import Any

__all__ = ["PREFIXES", "actor_parameters", "query_graph", "resolve_params", "syntax_error_message",
           "with_prefixes"]



def _log():  # noqa: ANN202 (a logging.Logger)
    import logging

    return logging.getLogger(__name__)


#: prefixes declared for every query that does not declare them itself
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "kg": "https://w3id.org/kg/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
}
#: the end of the one line :func:`with_prefixes` adds in front of a query
_MARK = "# kg: default prefixes"
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_USED = re.compile(rf"(?<![\w?$])({'|'.join(PREFIXES)}):")
_ACTOR_MEANING = re.compile(r"\blabel\b|\bactor\b", re.IGNORECASE)
_LABELS = (
    "PREFIX kg: <https://w3id.org/kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?id ?label WHERE { ?a a kg:Actor ; kg:actorId ?id ; rdfs:label ?label }"
)


def with_prefixes(query: str) -> str:
    """``query`` with the usual prefixes it uses but does not declare, on one line in front.

    >>> print(with_prefixes("SELECT ?l WHERE { ?x rdfs:label ?l }"))
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> # kg: default prefixes
    SELECT ?l WHERE { ?x rdfs:label ?l }
    >>> with_prefixes("SELECT * { ?s ?p ?o }")
    'SELECT * { ?s ?p ?o }'
    """
    if query.startswith("PREFIX") and _MARK in query.split("\n", 1)[0]:
        return query
    declared = {(m.group(1) or "").lower() for m in _DECLARED.finditer(query)}
    found = set(_USED.findall(query))
    used = [name for name in PREFIXES if name not in declared and name in found]
    if not used:
        return query
    line = " ".join(f"PREFIX {name}: <{PREFIXES[name]}>" for name in used)
    return f"{line} {_MARK}\n{query}"


_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_PYPARSING = re.compile(r"\(at char (\d+)\), \(line:(\d+), col:(\d+)\)")
_TOKEN = re.compile(r'"[^"]*"|\b[A-Z][A-Za-z]*\b')


def syntax_error_message(query: str, detail: str) -> str:
    """One line: where a SPARQL query is malformed, the text there, and what was expected.

    ``detail`` is the parser's message (Oxigraph's ``error at LINE:COL: expected ...`` or
    pyparsing's ``... (line:L, col:C)``); positions are in the query as the user wrote it.

    >>> syntax_error_message('SELECT ?x { ?x rdfs:label Russia }', 'error at 1:34: expected one of ":", "."')
    'malformed SPARQL query at line 1, column 34 near \\'}\\': Russia is not a term; a string needs quotes ("Russia")'
    """
    added = 1 if query.split("\n", 1)[0].endswith(_MARK) else 0
    lines = query.split("\n")
    line = col = None
    expected = ""
    m = _POSITION.search(detail)
    if m:
        line, col, rest = int(m.group(1)), int(m.group(2)), m.group(3)
        expected = ", ".join(dict.fromkeys(_TOKEN.findall(re.sub(r"\[[^\]]*\]", "", rest))))
    else:
        m = _PYPARSING.search(detail)
        if m:
            line, col = int(m.group(2)), int(m.group(3))
    if line is None:
        first = detail.strip().splitlines()[0] if detail.strip() else "cannot parse"
        return f"malformed SPARQL query: {first[:200]}"
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    here = text[col - 1 :].strip() if col else text.strip()
    near = f"near {here[:30]!r}" if here else "at the end"
    where = f"malformed SPARQL query at line {line - added}, column {col} {near}"
    if "Prefix not found" in detail:
        prefix = re.search(r"(?<![\w?$])([A-Za-z][\w-]*):(?!//)", text[: (col or 1) - 1] + here[:1])
        name = prefix.group(1) if prefix else "a prefix"
        return f"{where}: {name}: is not declared; declare it with PREFIX {name}: <...>"
    # a bare word just before the position, not a variable, prefixed name or keyword: a value
    # that lost its quotes (--param actor=Russia given where a string was meant)
    bare = re.search(r"(?<![\w?$:])([A-Za-z][\w-]*)\s*$", text[: max((col or 1) - 1, 0)])
    if bare and bare.group(1).upper() not in _KEYWORDS:
        word = bare.group(1)
        return f'{where}: {word} is not a term; a string needs quotes ("{word}")'
    body = re.sub(r"^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*", "", query, flags=re.I)
    if not re.match(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I):
        expected = "SELECT, ASK, CONSTRUCT or DESCRIBE"
    return f"{where}: expected {expected}" if expected else where


_KEYWORDS = {"SELECT", "WHERE", "FILTER", "OPTIONAL", "UNION", "PREFIX", "BASE", "ASK", "CONSTRUCT",
             "DESCRIBE", "ORDER", "BY", "GROUP", "LIMIT", "OFFSET", "DISTINCT", "VALUES", "BIND", "AS",
             "MINUS", "GRAPH", "HAVING", "NOT", "EXISTS", "IN", "A", "TRUE", "FALSE"}  # fmt: skip


def actor_parameters(query: str) -> list[str]:
    """The parameters a query's header says name an actor (``# param: actor the actor's label``).

    >>> actor_parameters("# param: actor the actor's label, e.g. Russia\\n# param: n a number\\nSELECT")
    ['actor']
    """
    from kg.sparql import _parse_header

    return [name for name, meaning in _parse_header("", query).params.items() if _ACTOR_MEANING.search(meaning)]


def resolve_params(
    source: Any, query: str, params: Mapping[str, Any] | None, engine: str = "oxigraph"
) -> tuple[Any, dict[str, Any], list[Any]]:
    """Resolve the actor parameters of ``query`` to the labels of the graph's actors.

    A value that is already an actor's label is kept; any other name (a different case, an
    alias, an ISO code, a capital) is resolved with :func:`kg.lookup.resolve_actor` against the
    graph's actors and the knowledge base.

    Returns
    -------
    tuple
        ``(source, params, resolutions)``: the source to query (a graph file is loaded once,
        into an Oxigraph store, when labels had to be read), the new parameters, and one
        :class:`kg.lookup.Resolution` per parameter that was changed.

    A value that names no actor is kept as it is (the query then finds nothing) and a warning
    suggests the closest labels.
    """
    params = dict(params or {})
    wanted = [p for p in actor_parameters(query) if isinstance(params.get(p), str)]
    if not wanted:
        return source, params, []
    from kg.errors import ConfigError
    from kg.lookup import resolve_actor
    from kg.sparql import run_query

    if engine == "oxigraph" and isinstance(source, (str, os.PathLike)):
        from kg.sparql import load_store
        from kg.store import open_graph_store, store_for

        if open_graph_store(source) is None:  # else the build's store answers (opened read-only)
            source = load_store(store_for(source)[0])  # a build folder: its graph.ttl
    rows = run_query(source, _LABELS, engine=engine).rows
    labels = {str(i): str(label) for i, label in rows if i is not None and label is not None}
    known = set(labels.values())
    changed = []
    for name in wanted:
        value = params[name]
        if value in known:
            continue
        try:
            found = resolve_actor(value, labels)
        except ConfigError as exc:  # no such actor: the query runs with the value as given
            _log().warning("--param %s: %s; the query runs with it as given", name, exc)
            continue
        params[name] = found.label
        changed.append(found)
        _log().info("--param %s: %s", name, found.describe())
    return source, params, changed


_NAMED_QUERY = re.compile(r"^[a-z][a-z0-9-]*$")


def query_graph(source: Any, sparql: str, params: Mapping[str, Any] | None = None,
                engine: str = "oxigraph") -> Any:
    """The :class:`kg.sparql.QueryResult` of ``sparql`` (a query or a named query's name).

    ``source`` is what :func:`kg.sparql.run_query` takes (a graph file, a build folder, an
    rdflib Graph, a store); the actor parameters are resolved first (:func:`resolve_params`).
    What :func:`kg.api.query_result` and ``kg query`` run; it imports no more than the query
    needs (``kg query`` on a store starts in the time of Python and pyoxigraph).
    """
    from kg.sparql import get_named_query, run_query

    text = sparql
    if _NAMED_QUERY.match(sparql.strip()):
        text = get_named_query(sparql.strip())
    source, params, _ = resolve_params(source, text, params, engine=engine)
    return run_query(source, text, params=params, engine=engine)
