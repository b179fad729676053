"""The RDF graph: actors, documents, direct relation triples, and one provenance node per assertion.

The shape of the graph is a contract (see DESIGN.md and ``ontology/shapes.ttl``):

- an actor node per actor, typed ``kg:Actor`` and ``kg:<type>``;
- a document node per document;
- one direct triple ``source kg:<relation> target`` per distinct (source, relation, target)
  with at least one non-negated assertion, with its inverse and symmetric triples materialised
  so that plain SPARQL sees ``?x kg:suppliedBy ?y``;
- one ``kg:Assertion`` (an ``rdf:Statement``) per assertion, holding the sentence, offsets,
  confidence and flags, and linked to its document.

All text goes into literals; IRIs are minted only by the helpers of :mod:`kg.namespace`.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SDO

from kg.errors import InputError, KnowledgeBaseError
from kg.namespace import ACTOR, ASSERTION, DOC, KG, WD, actor_iri, assertion_iri, doc_iri
from kg.types import ACTOR_TYPES, Actor, Assertion, Document, text_hash

__all__ = ["FORMATS", "build_graph", "bind_prefixes", "load_graph"]

log = logging.getLogger(__name__)

#: file suffix -> rdflib parser/serializer name
FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".trig": "trig",
}

_WIKIDATA = re.compile(r"^Q[0-9]+$")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes on ``graph`` (and return it)."""
    for prefix, ns in (
        ("kg", KG._NS),
        ("actor", ACTOR),
        ("doc", DOC),
        ("assertion", ASSERTION),
        ("wd", WD),
        ("owl", OWL),
        ("rdfs", RDFS),
        ("dcterms", DCTERMS),
        ("prov", PROV),
        ("schema", SDO),
    ):
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def _relations() -> Mapping[str, Any]:
    from kg.ontology import relation_info

    return relation_info()


def _iso_date(text: str) -> Literal:
    """``text`` as an xsd:date when it is a valid ISO date, else a plain literal."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            _dt.date.fromisoformat(text)
            return Literal(text, datatype=XSD.date)
    except ValueError:
        pass
    return Literal(text)


def _confidence(value: float) -> Literal | None:
    value = float(value)
    if not math.isfinite(value):
        return None
    # One lexical form per value ("1.0", "0.85"): what Turtle writes back, so round trips are exact.
    lexical = format(Decimal(repr(round(value, 3) + 0.0)).normalize(), "f")
    if "." not in lexical:
        lexical += ".0"
    return Literal(lexical, datatype=XSD.decimal)


def _add_actor(graph: Graph, actor: Actor, count: int | None) -> None:
    if actor.type not in ACTOR_TYPES:
        raise KnowledgeBaseError(
            f"actor {actor.id!r} has type {actor.type!r}; valid types: {', '.join(ACTOR_TYPES)}"
        )
    node = actor_iri(actor.id)
    graph.add((node, RDF.type, KG.Actor))
    graph.add((node, RDF.type, KG[actor.type]))
    graph.add((node, RDFS.label, Literal(actor.label)))
    graph.add((node, KG.actorId, Literal(actor.id)))
    if actor.iso3:
        graph.add((node, KG.iso3, Literal(actor.iso3)))
    if actor.country and actor.type != "State":
        graph.add((node, KG.country, Literal(actor.country)))
    if actor.wikidata:
        if _WIKIDATA.match(actor.wikidata):
            graph.add((node, OWL.sameAs, WD[actor.wikidata]))
        else:
            log.warning("actor %s: ignoring malformed Wikidata id %r", actor.id, actor.wikidata)
    graph.add((node, KG.inKnowledgeBase, Literal(actor.known)))
    if count is not None:
        graph.add((node, KG.mentionCount, Literal(int(count))))


def _add_document(graph: Graph, doc_id: str, doc: Document | None) -> None:
    node = doc_iri(doc_id)
    graph.add((node, RDF.type, KG.Document))
    graph.add((node, KG.docId, Literal(doc_id)))
    if doc is None:
        return
    if doc.title:
        graph.add((node, DCTERMS.title, Literal(doc.title)))
    if doc.source:
        graph.add((node, DCTERMS.source, Literal(doc.source)))
    if doc.date:
        graph.add((node, DCTERMS.date, _iso_date(doc.date)))
    if doc.url:
        graph.add((node, SDO.url, Literal(doc.url, datatype=XSD.anyURI)))
    if getattr(doc, "author", ""):
        graph.add((node, DCTERMS.creator, Literal(doc.author)))
    if getattr(doc, "duplicate_of", ""):  # a wire copy: the analysis counts its story once
        graph.add((node, KG.duplicateOf, doc_iri(doc.duplicate_of)))
    # A document may carry its hash instead of its text (kg.engine.DocMeta: builds that stream).
    digest = getattr(doc, "text_hash", "") or text_hash(doc.text)
    graph.add((node, KG.textHash, Literal(digest)))


def _add_assertion(graph: Graph, a: Assertion) -> None:
    node = assertion_iri(
        a.doc, a.relation, a.source.start, a.source.end, a.target.start, a.target.end
    )
    if (node, RDF.type, KG.Assertion) in graph:
        return  # the same evidence twice: keep the first
    doc = doc_iri(a.doc)
    add = graph.add
    add((node, RDF.type, KG.Assertion))
    add((node, RDF.type, RDF.Statement))
    add((node, RDF.subject, actor_iri(a.source.actor.id)))
    add((node, RDF.predicate, KG[a.relation]))
    add((node, RDF.object, actor_iri(a.target.actor.id)))
    add((node, KG.document, doc))
    add((node, PROV.wasDerivedFrom, doc))
    add((node, KG.evidence, Literal(a.sentence)))
    add((node, KG.sentenceStart, Literal(int(a.sentence_start))))
    add((node, KG.sentenceEnd, Literal(int(a.sentence_end))))
    add((node, KG.sourceText, Literal(a.source.text)))
    add((node, KG.sourceStart, Literal(int(a.source.start))))
    add((node, KG.sourceEnd, Literal(int(a.source.end))))
    add((node, KG.targetText, Literal(a.target.text)))
    add((node, KG.targetStart, Literal(int(a.target.start))))
    add((node, KG.targetEnd, Literal(int(a.target.end))))
    confidence = _confidence(a.confidence)
    if confidence is not None:
        add((node, KG.confidence, confidence))
    add((node, KG.negated, Literal(bool(a.negated))))
    add((node, KG.hedged, Literal(bool(a.hedged))))
    add((node, KG.attributed, Literal(bool(a.attributed))))
    if a.rule:
        add((node, KG.rule, Literal(a.rule)))
    if a.cameo:
        add((node, KG.cameoCode, Literal(a.cameo)))


def build_graph(
    assertions: Iterable[Assertion],
    documents: Iterable[Document] = (),
    mention_counts: Mapping[Actor, int] | None = None,
) -> Graph:
    """Build kg's RDF graph from assertions, their documents, and optional mention counts.

    Every actor of an assertion or of ``mention_counts`` gets a node; negated assertions and
    self-loops keep their provenance node but yield no direct triple.

    Examples
    --------
    >>> from kg.types import Actor, Assertion, Mention
    >>> nk = Actor("PRK", "North Korea", "State", "PRK", "Q423")
    >>> ru = Actor("RUS", "Russia", "State", "RUS", "Q159")
    >>> a = Assertion("d1", Mention("d1", 0, 9, "Pyongyang", nk), "supplies",
    ...               Mention("d1", 19, 25, "Russia", ru), 0, 26,
    ...               "Pyongyang supplies Russia.", 0.9)
    >>> g = build_graph([a])
    >>> (actor_iri("RUS"), KG.suppliedBy, actor_iri("PRK")) in g
    True
    """
    relations = _relations()
    graph = bind_prefixes(Graph(bind_namespaces="core"))
    counts = dict(mention_counts or {})
    actors: dict[str, Actor] = {}
    doc_ids: set[str] = set()

    def see(actor: Actor) -> None:
        first = actors.setdefault(actor.id, actor)
        if first != actor and (first.label, first.type) != (actor.label, actor.type):
            log.debug("actor %s appears as %r and %r; keeping the first", actor.id, first, actor)

    direct: set[tuple[str, str, str]] = set()
    for a in assertions:
        if a.relation not in relations:
            raise KnowledgeBaseError(
                f"document {a.doc!r}: unknown relation {a.relation!r}; "
                f"known relations: {', '.join(sorted(relations))}"
            )
        see(a.source.actor)
        see(a.target.actor)
        doc_ids.add(a.doc)
        _add_assertion(graph, a)
        if not a.negated and a.source.actor.id != a.target.actor.id:
            direct.add((a.source.actor.id, a.relation, a.target.actor.id))
    for actor in counts:
        see(actor)

    by_id_count: dict[str, int] = {}
    for actor, n in counts.items():
        by_id_count[actor.id] = by_id_count.get(actor.id, 0) + int(n)
    for actor_id in sorted(actors):
        count = by_id_count.get(actor_id, 0) if mention_counts is not None else None
        _add_actor(graph, actors[actor_id], count)

    docs = {d.id: d for d in documents}
    for doc_id in sorted(doc_ids | set(docs)):
        _add_document(graph, doc_id, docs.get(doc_id))

    for source, relation, target in sorted(direct):
        s, t = actor_iri(source), actor_iri(target)
        graph.add((s, KG[relation], t))
        info = relations[relation]
        if info.symmetric:
            graph.add((t, KG[relation], s))
        if info.inverse:
            graph.add((t, KG[info.inverse], s))
    return graph


def _check_jsonld_context(value: Any, path: Path) -> None:
    """Refuse JSON-LD that would make the parser fetch a remote (or any external) context."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                contexts = item if isinstance(item, list) else [item]
                for ctx in contexts:
                    if isinstance(ctx, str):
                        raise InputError(
                            f"refusing to fetch the external JSON-LD @context {ctx!r}; "
                            "inline the context in the file",
                            str(path),
                        )
                    if isinstance(ctx, dict) and "@import" in ctx:
                        raise InputError(
                            "refusing to fetch the JSON-LD @import "
                            f"{ctx['@import']!r}; inline the context in the file",
                            str(path),
                        )
            _check_jsonld_context(item, path)
    elif isinstance(value, list):
        for item in value:
            _check_jsonld_context(item, path)


def _parse_error(exc: Exception, path: Path) -> InputError:
    line = getattr(exc, "lines", None)
    message = str(exc).strip().splitlines()
    text = " ".join(m.strip() for m in message if m.strip()) or type(exc).__name__
    if isinstance(line, int):
        return InputError(f"cannot parse: {text}", str(path), line + 1)
    return InputError(f"cannot parse: {text}", str(path))


def load_graph(path: str | Path) -> Graph:
    """Read a graph from ``path`` (.ttl, .nt, .nq, .jsonld, .trig, chosen by suffix).

    Nothing remote is fetched: ``owl:imports`` are not followed and JSON-LD files naming an
    external ``@context`` are refused. Quads (.nq, .trig) are merged into one graph.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown graph format {path.suffix or '(no suffix)'!r}; "
            f"known suffixes: {', '.join(FORMATS)}",
            str(path),
        )
    if not path.is_file():
        raise InputError("no such file", str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    if fmt == "json-ld":
        try:
            parsed = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            raise InputError(f"not valid JSON: {exc}", str(path), line) from exc
        _check_jsonld_context(parsed, path)
    graph = bind_prefixes(Graph(bind_namespaces="core"))
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        raise _parse_error(exc, path) from exc
    return graph
