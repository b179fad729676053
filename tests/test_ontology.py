"""The ontology kg.ttl, the shapes, and what the Python side derives from them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.namespace import KG
from kg.ontology import RelationInfo, load_ontology, relation_info
from kg.resources import ontology_dir, ontology_path

ONTOLOGY_IRI = URIRef("https://w3id.org/kg/ontology")

# DESIGN.md's vocabulary table: relation -> (polarity, symmetric)
DESIGN = {
    "supplies": ("cooperative", False),
    "supports": ("cooperative", False),
    "alliedWith": ("cooperative", True),
    "cooperatesWith": ("cooperative", True),
    "signsAgreementWith": ("cooperative", True),
    "negotiatesWith": ("neutral", True),
    "attacks": ("hostile", False),
    "inConflictWith": ("hostile", True),
    "threatens": ("hostile", False),
    "sanctions": ("hostile", False),
    "condemns": ("hostile", False),
    "opposes": ("hostile", False),
    "coerces": ("hostile", False),
    "memberOf": ("structural", False),
    "leaderOf": ("structural", False),
}
INVERSES = {
    "supplies": "suppliedBy",
    "supports": "supportedBy",
    "attacks": "attackedBy",
    "threatens": "threatenedBy",
    "sanctions": "sanctionedBy",
    "condemns": "condemnedBy",
    "opposes": "opposedBy",
    "coerces": "coercedBy",
    "memberOf": "hasMember",
    "leaderOf": "ledBy",
}
CAMEO = {
    "supplies": "07",  # provide aid
    "supports": "05",  # engage in diplomatic cooperation
    "alliedWith": "05",
    "cooperatesWith": "06",  # engage in material cooperation
    "signsAgreementWith": "05",  # 057 sign formal agreement
    "negotiatesWith": "04",  # consult
    "attacks": "19",  # fight
    "inConflictWith": "19",
    "threatens": "13",  # threaten
    "sanctions": "16",  # reduce relations (163 impose embargo, boycott or sanctions)
    "condemns": "11",  # disapprove
    "opposes": "12",  # reject (14 protest too)
    "coerces": "17",  # coerce
    "memberOf": None,
    "leaderOf": None,
}


def _namespace_terms() -> set[str]:
    return {name for name in KG.__annotations__ if not name.startswith("_")}


def test_ontology_files_are_found_beside_the_package():
    assert ontology_path("kg.ttl").is_file()
    assert ontology_path("shapes.ttl").is_file()
    assert ontology_path("kg.ttl").parent == ontology_dir()


def test_ontology_parses_in_rdflib_and_pyoxigraph():
    graph = load_ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    store = ox.Store()
    store.load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_ontology_declares_every_namespace_term_with_label_and_comment():
    graph = load_ontology()
    declared = {
        str(s)[len(str(KG)) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }
    assert declared == _namespace_terms()
    for name in declared:
        term = KG[name]
        assert graph.value(term, RDFS.label) is not None, name
        assert graph.value(term, RDFS.comment) is not None, name


def test_ontology_actor_classes_and_assertion():
    graph = load_ontology()
    for cls in ("State", "Organization", "ArmedGroup", "Person"):
        assert (KG[cls], RDFS.subClassOf, KG.Actor) in graph
    assert (KG.Assertion, RDFS.subClassOf, RDF.Statement) in graph
    assert (KG.Document, RDF.type, OWL.Class) in graph


def test_ontology_relation_info_matches_design():
    info = relation_info()
    assert set(info) == set(DESIGN)
    for name, (polarity, symmetric) in DESIGN.items():
        assert info[name].polarity == polarity, name
        assert info[name].symmetric is symmetric, name
        assert info[name].inverse == INVERSES.get(name), name
        assert info[name].cameo == CAMEO[name], name
    assert isinstance(info["supplies"], RelationInfo)
    assert relation_info() is info  # loaded once


def test_ontology_relations_are_subproperties_with_domains_and_ranges():
    graph = load_ontology()
    for name in [*DESIGN, *INVERSES.values()]:
        assert (KG[name], RDFS.subPropertyOf, KG.relatedTo) in graph, name
        assert (KG[name], RDF.type, OWL.ObjectProperty) in graph, name
    for name in DESIGN:
        if name not in ("memberOf", "leaderOf"):
            assert graph.value(KG[name], RDFS.domain) == KG.Actor
            assert graph.value(KG[name], RDFS.range) == KG.Actor
    assert graph.value(KG.memberOf, RDFS.domain) == KG.Actor
    assert graph.value(KG.memberOf, RDFS.range) == KG.Organization
    assert graph.value(KG.leaderOf, RDFS.domain) == KG.Person
    assert graph.value(KG.leaderOf, RDFS.range) == KG.Actor
    for base, inverse in INVERSES.items():
        assert (KG[inverse], OWL.inverseOf, KG[base]) in graph


def test_ontology_polarity_and_cameo_are_annotation_properties():
    graph = load_ontology()
    assert (KG.polarity, RDF.type, OWL.AnnotationProperty) in graph
    assert (KG.cameoCode, RDF.type, OWL.AnnotationProperty) in graph
    assert (KG.supplies, KG.polarity, Literal("cooperative")) in graph


@pytest.mark.parametrize("name", ["iso3", "actorId", "confidence", "sentenceStart", "negated"])
def test_ontology_declares_datatype_properties(name):
    assert (KG[name], RDF.type, OWL.DatatypeProperty) in load_ontology()


def test_ontology_shapes_parse_and_fetch_nothing():
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    assert len(shapes) > 50
    assert not list(shapes.triples((None, OWL.imports, None)))
