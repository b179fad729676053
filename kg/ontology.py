"""The relation vocabulary as the ontology declares it: polarity, symmetry, inverses, CAMEO codes.

``ontology/kg.ttl`` is the one source; this module reads it once and answers from memory.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.errors import KnowledgeBaseError
from kg.namespace import KG
from kg.resources import ontology_path

__all__ = ["RelationInfo", "load_ontology", "relation_info"]

_POLARITIES = ("cooperative", "neutral", "hostile", "structural")


class RelationInfo(NamedTuple):
    """What the ontology says about one relation."""

    polarity: str  # "cooperative", "neutral", "hostile" or "structural"
    symmetric: bool  # an owl:SymmetricProperty
    inverse: str | None  # the local name of its owl:inverseOf, if any
    cameo: str | None  # the CAMEO root code, None for structural relations


def _local(iri: URIRef) -> str:
    return str(iri)[len(str(KG)) :]


@functools.cache
def load_ontology() -> Graph:
    """The ontology ``kg.ttl`` as an rdflib graph (parsed once; do not modify it)."""
    path = ontology_path("kg.ttl")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise KnowledgeBaseError(f"{path}: the ontology file is missing") from None
    except Exception as exc:  # rdflib raises a variety of parser errors
        raise KnowledgeBaseError(f"{path}: cannot parse the ontology: {exc}") from exc
    return graph


@functools.cache
def relation_info() -> dict[str, RelationInfo]:
    """Every relation of the vocabulary (those with a ``kg:polarity``), by local name.

    >>> relation_info()["supplies"]
    RelationInfo(polarity='cooperative', symmetric=False, inverse='suppliedBy', cameo='07')
    >>> relation_info()["alliedWith"].symmetric
    True
    """
    graph = load_ontology()
    inverses: dict[URIRef, URIRef] = {}
    for inverse, _, base in graph.triples((None, OWL.inverseOf, None)):
        inverses[base] = inverse  # type: ignore[index]
    info: dict[str, RelationInfo] = {}
    for prop, polarity in sorted(graph.subject_objects(KG.polarity)):
        if not isinstance(prop, URIRef) or not str(prop).startswith(str(KG)):
            continue
        if str(polarity) not in _POLARITIES:
            raise KnowledgeBaseError(
                f"{ontology_path('kg.ttl')}: {_local(prop)} has polarity {str(polarity)!r}; "
                f"valid polarities: {', '.join(_POLARITIES)}"
            )
        if (prop, RDFS.subPropertyOf, KG.relatedTo) not in graph:
            raise KnowledgeBaseError(
                f"{ontology_path('kg.ttl')}: {_local(prop)} is not a sub-property of kg:relatedTo"
            )
        cameo = graph.value(prop, KG.cameoCode)
        inverse = inverses.get(prop)
        info[_local(prop)] = RelationInfo(
            polarity=str(polarity),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
            inverse=_local(inverse) if inverse is not None else None,
            cameo=str(cameo) if cameo is not None else None,
        )
    return info
