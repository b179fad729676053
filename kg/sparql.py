"""SPARQL over kg's graph: read-only queries, safe parameters, named queries, result formats.

Queries run on an Oxigraph store (pyoxigraph), which DESIGN.md measured 20 to 40 times faster
than rdflib's memory store on a million triples; ``engine="rdflib"`` runs the same query on
rdflib's store, with the same answers. Only reading is allowed: updates (INSERT, DELETE, LOAD,
CLEAR, DROP, CREATE ...), ``SERVICE`` and ``FROM``/``FROM NAMED`` are refused, so a query never
changes the graph nor reaches the network.
"""

from __future__ import annotations

import functools
import os
import re
from collections import namedtuple
from collections.abc import Mapping

from kg._lazy import LazyName
from kg.errors import InputError, QueryError

# typing, dataclasses, pathlib, csv and json are not imported here: `kg query` on a store
# starts in the time of Python and pyoxigraph (benchmarks/query_engine.py).
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any

    from rdflib import BNode, Graph, Literal, URIRef, Variable
    from rdflib.namespace import XSD
    from rdflib.term import Node
else:  # rdflib is imported on first use: `kg query` on a store never needs it
    BNode, Graph, Literal, URIRef, Variable = (
        LazyName("rdflib", n) for n in ("BNode", "Graph", "Literal", "URIRef", "Variable"))
    XSD = LazyName("rdflib.namespace", "XSD")

__all__ = [
    "NamedQuery",
    "QueryResult",
    "check_query",
    "format_result",
    "load_store",
    "named_queries",
    "named_query_info",
    "query_parameters",
    "get_named_query",
    "run_query",
    "sparql_term",
]

FORMATS = ("table", "csv", "json")
ENGINES = ("oxigraph", "rdflib")
_QUERIES = os.path.join(os.path.dirname(os.path.realpath(__file__)), "queries")
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Binding = dict[str, str]  # one term in the SPARQL 1.1 JSON results format


class QueryResult:
    """The answer to a query; ``rows`` hold plain strings (lexical forms, IRIs) or None.

    ``kind`` is "SELECT", "ASK" or "CONSTRUCT" (DESCRIBE answers as CONSTRUCT); ``graph`` (an
    rdflib Graph, for CONSTRUCT) and ``terms`` (the SPARQL JSON term of each cell) are not
    compared. Immutable, like the frozen dataclass it replaces (not one: dataclasses imports
    inspect, a tenth of ``kg query``'s start).
    """

    __slots__ = ("kind", "vars", "rows", "boolean", "graph", "terms")

    def __init__(self, kind: str, vars: tuple[str, ...] = (),  # noqa: A002
                 rows: tuple[tuple[str | None, ...], ...] = (), boolean: bool | None = None,
                 graph: Graph | None = None, terms: tuple[tuple[Binding | None, ...], ...] = ()):
        for name, value in zip(self.__slots__, (kind, vars, rows, boolean, graph, terms)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"QueryResult is immutable: cannot set {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return (self.kind, self.vars, self.rows, self.boolean)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"QueryResult(kind={self.kind!r}, vars={self.vars!r}, rows={self.rows!r}, "
                f"boolean={self.boolean!r}, graph={self.graph!r})")


#: A query shipped in ``kg/queries/``: its name, the description and parameters of its header
#: (parameter -> what it means), and its text.
NamedQuery = namedtuple("NamedQuery", ["name", "description", "params", "text"])


# ---------------------------------------------------------------- checking


# IRIs, strings and comments are skipped when looking for keywords and $parameters.
_TOKENS = re.compile(
    r"""(?P<skip><[^<>"{}|^`\\\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\#[^\n]*)"""
    r"""|\$(?P<param>[A-Za-z_][A-Za-z0-9_]*)|(?P<word>\b[A-Za-z]+\b)""",
    re.DOTALL,
)


def _scan(query: str) -> tuple[list[str], set[str]]:
    params: list[str] = []
    words: set[str] = set()
    for m in _TOKENS.finditer(query):
        if m.group("param") and m.group("param") not in params:
            params.append(m.group("param"))
        elif m.group("word"):
            words.add(m.group("word").upper())
    return params, words


def query_parameters(query: str) -> list[str]:
    """The ``$name`` placeholders of ``query``, in order of appearance.

    >>> query_parameters('SELECT ?x { ?x rdfs:label $actor . FILTER(?x != "$no") }')
    ['actor']
    """
    return _scan(query)[0]


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, Mapping):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


# The safety check is lexical and takes microseconds: a tokenizer that skips what cannot hold
# a keyword (strings, comments, IRIs, variables, the local part of a prefixed name) and looks
# at the words left: updates are refused, and the query's form is found. \uXXXX escapes are
# decoded first, as the SPARQL grammar (and Oxigraph) does; keywords are case-insensitive.
# SERVICE must never run: Oxigraph evaluates it over HTTP. Whether "<" opens an IRI or is the
# less-than operator depends on where it stands (``FILTER(?a<1)SERVICE#>`` hides its ">" in
# a comment), which a tokenizer cannot always tell. So when the letters "service" or "from"
# appear anywhere in the query (below its header comments), even inside an IRI or a string,
# rdflib's full SPARQL grammar decides (0.2 s); otherwise no SERVICE or FROM can be there.
_ESCAPES = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ECHAR = r"\\[tbnrf\\\"']"
_CHECK_TOKENS = re.compile(  # findall: the words, and "" for each token skipped
    r"(?:<[^<>\"{}|^`\\\x00-\x20]*>"
    rf"|'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|{_ECHAR}))*\"\"\""
    rf"|'(?:[^'\\\n\r]|{_ECHAR})*'|\"(?:[^\"\\\n\r]|{_ECHAR})*\"|\#[^\n\r]*"
    r"|[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+|:[\w\-.%]*)"
    r"|(?P<word>[A-Za-z]+)",
)
_HEADER = re.compile(r"(?:[ \t\r\n]*\#[^\n]*\n)*")
_REMOTE = re.compile(r"service|from", re.IGNORECASE)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_OPS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")


def _remote(text: str, start: int) -> bool:
    """Whether the letters "service" or "from" appear in ``text`` from ``start``, in any case
    (as :data:`_REMOTE` finds them; ASCII text without the regular expression, faster)."""
    if text.isascii():
        rest = text[start:].lower()
        return "service" in rest or "from" in rest
    return _REMOTE.search(text, start) is not None


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def check_query(query: str) -> str:
    """Refuse what kg does not run; return the query's kind ("SELECT", "ASK", "CONSTRUCT").

    Updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE ...), ``SERVICE`` and ``FROM``/``FROM
    NAMED`` are refused, in any case and however spaced or commented. The check is lexical
    (microseconds); only a query where the letters "service" or "from" appear is parsed in
    full (see the comment above). Syntax errors are otherwise left to the engine, and queries
    run through query-only APIs, on read-only stores where there is one.

    >>> check_query("SELECT ?s WHERE { ?s ?p ?o }")
    'SELECT'
    >>> check_query("DROP ALL")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SPARQL updates (DROP) are refused: kg only reads the graph
    """
    text = _ESCAPES.sub(_unescape, query) if "\\" in query else query
    words = [word.upper() for word in _CHECK_TOKENS.findall(text) if word]
    ops: list[str] = []
    for i, word in enumerate(words):
        if word in _UPDATE_OPS:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            op = f"{word} {nxt}" if nxt in ("DATA", "WHERE") else word
            if op not in ops:
                ops.append(op)
    if ops:
        if "DELETE" in words and "INSERT" in words:
            ops = ["DELETE/INSERT"]
        raise QueryError(f"SPARQL updates ({', '.join(ops)}) are refused: kg only reads the graph")
    if "SERVICE" in words:
        raise QueryError("SERVICE clauses are refused: kg never queries remote endpoints")
    if "FROM" in words:
        raise QueryError("FROM and FROM NAMED are refused: a query reads only the loaded graph")
    kind = next((w for w in words if w in _FORMS), None)
    if kind is None:
        from kg.query_params import syntax_error_message

        body = re.match(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*", query, re.I)
        line = query.count("\n", 0, body.end()) + 1
        col = body.end() - (query.rfind("\n", 0, body.end()) + 1) + 1
        raise QueryError(syntax_error_message(query, f"error at {line}:{col}: expected SELECT"))
    if _remote(text, _HEADER.match(text).end()):
        _check_parsed(query)
    return "CONSTRUCT" if kind == "DESCRIBE" else kind


def _check_parsed(query: str) -> None:
    """The full check: rdflib's SPARQL parser, then SERVICE and FROM looked for in its tree."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        body = parseQuery(query)[1]
    except ParseException as exc:
        from kg.query_params import syntax_error_message

        # rdflib's message, never Oxigraph's: running a query that may hold SERVICE is what this
        # check exists to prevent.
        raise QueryError(syntax_error_message(query, str(exc))) from None
    for node in _walk(body):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryError(
                f"SERVICE clauses are refused (SERVICE {node['term'].n3()}): "
                "kg never queries remote endpoints"
            )
    if "datasetClause" in body and body["datasetClause"]:
        iris = ", ".join(
            f"<{c['default'] if 'default' in c else c['named']}>" for c in body["datasetClause"]
        )
        raise QueryError(
            f"FROM and FROM NAMED are refused ({iris}): a query reads only the loaded graph"
        )


# ---------------------------------------------------------------- parameters


def _param_terms(query: str, params: Mapping[str, Any] | None) -> dict[str, Node]:
    wanted = query_parameters(query)
    params = dict(params or {})
    unknown = sorted(set(params) - set(wanted))
    if unknown:
        known = ", ".join(wanted) or "none"
        raise QueryError(f"unknown parameter {', '.join(unknown)}; this query's parameters: {known}")
    missing = [p for p in wanted if p not in params]
    if missing:
        raise QueryError(
            f"missing parameter {', '.join(missing)}; give it as --param {missing[0]}=VALUE"
        )
    terms: dict[str, Node] = {}
    for name, value in params.items():
        if isinstance(value, (URIRef, Literal)):
            terms[name] = value
        else:
            terms[name] = Literal(str(value))  # a plain string literal
    return terms


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")


def sparql_term(term: Node) -> str:
    r"""``term`` written as SPARQL syntax, every special character escaped.

    >>> print(sparql_term(Literal('a "b" \\ c')))
    "a \"b\" \\ c"
    """
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"parameter value {str(term)!r} is not a valid IRI")
        return f"<{term}>"
    if not isinstance(term, Literal):
        raise QueryError(f"parameter values are literals or IRIs, not {type(term).__name__}")
    body = "".join(_ECHAR.get(ch, ch) for ch in str(term))
    if term.language:
        if not _LANG.match(term.language):
            raise QueryError(f"parameter language tag {term.language!r} is not valid")
        return f'"{body}"@{term.language}'
    if term.datatype is not None and term.datatype != XSD.string:
        return f'"{body}"^^{sparql_term(URIRef(term.datatype))}'
    return f'"{body}"'


def _substitute(query: str, bindings: Mapping[str, Node]) -> str:
    """Replace the ``$name`` placeholders (not those inside strings, IRIs or comments)."""
    if not bindings:
        return query
    out: list[str] = []
    pos = 0
    for m in _TOKENS.finditer(query):
        name = m.group("param")
        if name and name in bindings:
            out.append(query[pos : m.start()])
            out.append(" " + sparql_term(bindings[name]) + " ")
            pos = m.end()
    out.append(query[pos:])
    return "".join(out)


# ---------------------------------------------------------------- engines


def load_store(graph_or_path: Graph | str | Path) -> Any:
    """An Oxigraph store holding the graph (an rdflib ``Graph`` or a graph file)."""
    from pathlib import Path

    import pyoxigraph as ox

    from kg.graph import FORMATS, load_graph

    store = ox.Store()
    if isinstance(graph_or_path, Graph):
        data = graph_or_path.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        return store
    path = Path(graph_or_path)
    formats = {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
    }
    fmt = formats.get(path.suffix.lower())
    if fmt is None or not path.is_file():
        # JSON-LD (with its remote-context check), unknown suffixes and missing files.
        if path.suffix.lower() not in FORMATS or not path.is_file():
            load_graph(path)  # raises the right InputError
        return load_store(load_graph(path))
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise InputError(f"cannot parse: {exc.msg}", str(path), line) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read: {exc}", str(path)) from None
    return store


def _ox_binding(term: Any) -> Binding | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANGSTRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _decimal(lexical: str) -> str:
    """A decimal's canonical form as Oxigraph writes it ("1.0" -> "1", "0.850" -> "0.85")."""
    from decimal import Decimal, InvalidOperation

    try:
        return format(Decimal(lexical).normalize(), "f")
    except InvalidOperation:
        return lexical


def _rdflib_binding(term: Node | None) -> Binding | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
            if term.datatype == XSD.decimal:
                out["value"] = _decimal(out["value"])
        return out
    return {"type": "literal", "value": str(term)}


def _to_rdflib(term: Any) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _to_ox(term: Node) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _select(vars_: list[str], terms: list[tuple[Binding | None, ...]]) -> QueryResult:
    rows = tuple(tuple(t["value"] if t else None for t in row) for row in terms)
    return QueryResult("SELECT", tuple(vars_), rows, terms=tuple(terms))


def _run_oxigraph(store: Any, query: str, kind: str, bindings: dict[str, Node],
                  union: bool = True) -> QueryResult:
    try:
        answer = store.query(_substitute(query, bindings), use_default_graph_as_union=union)
    except SyntaxError as exc:
        from kg.query_params import syntax_error_message

        raise QueryError(syntax_error_message(query, str(exc))) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if kind == "ASK":
        return QueryResult("ASK", boolean=bool(answer))
    if kind == "CONSTRUCT":
        graph = Graph()
        for triple in answer:
            graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object)))
        return QueryResult("CONSTRUCT", graph=graph)
    vars_ = [v.value for v in answer.variables]
    terms = [tuple(_ox_binding(solution[i]) for i in range(len(vars_))) for solution in answer]
    return _select(vars_, terms)


def _run_rdflib(graph: Graph, query: str, kind: str, bindings: dict[str, Node]) -> QueryResult:
    from pyparsing import ParseException

    try:
        answer = graph.query(query, initBindings={Variable(k): v for k, v in bindings.items()})
    except ParseException as exc:
        raise QueryError(f"malformed SPARQL query: {exc}") from None
    except Exception as exc:  # rdflib raises assorted types from evaluation
        raise QueryError(f"the query failed: {exc}") from None
    if kind == "ASK":
        return QueryResult("ASK", boolean=bool(answer.askAnswer))
    if kind == "CONSTRUCT":
        out = Graph()
        for triple in answer:
            out.add(triple)  # type: ignore[arg-type]
        return QueryResult("CONSTRUCT", graph=out)
    vars_ = [str(v) for v in answer.vars or ()]
    terms = [tuple(_rdflib_binding(row[i]) for i in range(len(vars_))) for row in answer]  # type: ignore[index]
    return _select(vars_, terms)


def run_query(
    graph_or_path: Any,
    query: str,
    params: Mapping[str, Any] | None = None,
    engine: str = "oxigraph",
) -> QueryResult:
    """Run a read-only SPARQL ``query`` on a graph, a graph file, a build folder, or a store.

    A build folder's (or its graph.ttl's) Oxigraph store is opened read-only when it matches
    the graph file (:mod:`kg.store`); otherwise the file is loaded.

    ``params`` fill the query's ``$name`` placeholders with literals (bound, never spliced
    into the text). ``engine`` is "oxigraph" (default) or "rdflib".

    Examples
    --------
    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:label"), Literal("Russia")))
    >>> run_query(g, "SELECT ?x WHERE { ?x <urn:label> $name }", {"name": "Russia"}).rows
    (('urn:x',),)
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    from kg.query_params import with_prefixes

    query = with_prefixes(query)  # rdf, rdfs, xsd, owl, kg, prov need no declaration
    kind = check_query(query)
    bindings = _param_terms(query, params)
    if isinstance(graph_or_path, (str, os.PathLike)) and os.path.isdir(graph_or_path):
        graph_or_path = os.path.join(graph_or_path, "graph.ttl")  # a build folder
    if engine == "rdflib":
        if isinstance(graph_or_path, Graph):
            graph = graph_or_path
        else:
            from kg.graph import load_graph

            graph = load_graph(graph_or_path)
        return _run_rdflib(graph, query, kind, bindings)
    import pyoxigraph as ox

    if isinstance(graph_or_path, ox.Store):
        store = graph_or_path
    else:
        from kg.store import open_graph_store

        store = open_graph_store(graph_or_path) if isinstance(graph_or_path, (str, os.PathLike)) else None
        if store is not None:  # a build's store holds graph.ttl in its default graph only
            return _run_oxigraph(store, query, kind, bindings, union=False)
        store = load_store(graph_or_path)
    return _run_oxigraph(store, query, kind, bindings)


# ---------------------------------------------------------------- named queries


def _parse_header(name: str, text: str) -> NamedQuery:
    description: list[str] = []
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("param:"):
            pname, _, meaning = body[6:].strip().partition(" ")
            params[pname.lstrip("$")] = meaning.strip()
        elif body:
            description.append(body)
    return NamedQuery(name, " ".join(description), params, text)


@functools.cache
def _load_named() -> tuple[NamedQuery, ...]:
    queries = []
    for file in sorted(f for f in os.listdir(_QUERIES) if f.endswith(".rq")):
        with open(os.path.join(_QUERIES, file), encoding="utf-8") as f:
            queries.append(_parse_header(file[:-3], f.read()))
    return tuple(queries)


def named_query_info() -> dict[str, NamedQuery]:
    """The queries shipped with kg, by name, with their descriptions and parameters."""
    return {q.name: q for q in _load_named()}


def named_queries() -> dict[str, str]:
    """The SPARQL text of the queries shipped with kg, by name.

    >>> sorted(named_queries())[:3]
    ['actors-by-type', 'allies-of', 'enemies-of']
    """
    return {q.name: q.text for q in _load_named()}


def get_named_query(name: str) -> str:
    """The text of the named query ``name``; an unknown name lists the known ones."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query name {name!r}; known names: {', '.join(sorted(queries))}")
    return queries[name]


# ---------------------------------------------------------------- output


def _table(vars_: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [len(v) for v in vars_]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
    out = [line(vars_), line(tuple("-" * w for w in widths))]
    out += [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _one_line(cell: str | None) -> str:
    if cell is None:
        return ""
    return cell.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """``result`` as text: ``table`` (aligned columns), ``csv``, or ``json``.

    JSON is the SPARQL 1.1 Query Results JSON format for SELECT and ASK; a CONSTRUCT result is
    written as Turtle (table), N-Triples-like CSV rows (csv), or JSON-LD (json).
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format {fmt!r}; formats: {', '.join(FORMATS)}")
    if fmt != "table":
        import csv
        import io
        import json
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt == "csv":
            return f"boolean\r\n{'true' if result.boolean else 'false'}\r\n"
        return ("yes" if result.boolean else "no") + "\n"
    if result.kind == "CONSTRUCT":
        graph = result.graph if result.graph is not None else Graph()
        if fmt == "json":
            return graph.serialize(format="json-ld")
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(["subject", "predicate", "object"])
            writer.writerows(sorted((str(s), str(p), str(o)) for s, p, o in graph))
            return buf.getvalue()
        return graph.serialize(format="turtle")
    if fmt == "json":
        bindings = [
            {var: term for var, term in zip(result.vars, row, strict=True) if term is not None}
            for row in result.terms
        ]
        doc = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(result.vars)
        writer.writerows(["" if c is None else c for c in row] for row in result.rows)
        return buf.getvalue()
    return _table(result.vars, [tuple(_one_line(c) for c in row) for row in result.rows])
