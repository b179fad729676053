"""kg.graph: the shape of the built RDF graph, its determinism, and load_graph's errors."""

from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO

from kg.errors import InputError, KnowledgeBaseError
from kg.graph import build_graph, load_graph
from kg.namespace import KG, WD, actor_iri, assertion_iri, doc_iri
from kg.resources import ontology_path


def _validate(graph: Graph) -> tuple[bool, str]:
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    ontology = Graph().parse(ontology_path("kg.ttl"))
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology)
    return conforms, text


def _assertion_node(a):
    return assertion_iri(a.doc, a.relation, a.source.start, a.source.end, a.target.start, a.target.end)


def test_graph_conforms_to_the_shapes(rdf_graph):
    conforms, text = _validate(rdf_graph)
    assert conforms, text


def test_graph_shapes_catch_a_broken_graph(rdf_graph):
    broken = Graph() + rdf_graph
    broken.add((actor_iri("RUS"), RDF.type, KG.Person))  # two kg types
    broken.remove((actor_iri("PRK"), KG.iso3, None))  # a known state without ISO code
    node = next(broken.subjects(RDF.type, KG.Assertion))
    broken.set((node, KG.confidence, Literal("1.5", datatype=XSD.decimal)))
    broken.add((actor_iri("RUS"), KG.supplies, Literal("not an actor")))
    conforms, text = _validate(broken)
    assert not conforms
    for needle in ("exactly one kg type", "3-letter kg:iso3", "MaxInclusive", "links two actors"):
        assert needle in text


def test_graph_actor_nodes(rdf_graph, rdf_nasty):
    g = rdf_graph
    prk = actor_iri("PRK")
    assert set(g.objects(prk, RDF.type)) == {KG.Actor, KG.State}
    assert g.value(prk, RDFS.label) == Literal("North Korea")
    assert g.value(prk, KG.actorId) == Literal("PRK")
    assert g.value(prk, KG.iso3) == Literal("PRK")
    assert g.value(prk, OWL.sameAs) == WD.Q423
    assert g.value(prk, KG.inKnowledgeBase) == Literal(True)
    assert g.value(prk, KG.mentionCount) == Literal(3)
    putin = actor_iri("vladimir-putin")
    assert g.value(putin, OWL.sameAs) is None  # "not-a-qid" is skipped
    assert g.value(putin, KG.iso3) is None
    assert g.value(actor_iri("nato"), KG.mentionCount) == Literal(0)
    evil = actor_iri("x-evil-corp")
    assert g.value(evil, KG.inKnowledgeBase) == Literal(False)
    assert g.value(evil, RDFS.label) == Literal(rdf_nasty.label)


def test_graph_mention_counts_alone_make_actor_nodes(rdf_actors):
    g = build_graph([], mention_counts={rdf_actors["NATO"]: 4})
    assert g.value(actor_iri("nato"), KG.mentionCount) == Literal(4)
    assert build_graph([]).value(actor_iri("nato"), RDFS.label) is None


def test_graph_document_nodes(rdf_graph, rdf_documents, rdf_nasty):
    g = rdf_graph
    d1 = doc_iri("d1")
    assert g.value(d1, RDF.type) == KG.Document
    assert g.value(d1, KG.docId) == Literal("d1")
    assert g.value(d1, DCTERMS.title) == Literal("Shells")
    assert g.value(d1, DCTERMS.source) == Literal("seeds/d1.txt")
    assert g.value(d1, DCTERMS.date) == Literal("2024-10-01", datatype=XSD.date)
    url = g.value(d1, SDO.url)
    assert isinstance(url, Literal) and url.datatype == XSD.anyURI
    assert str(url) == "https://example.org/a?b=1&c=<2>"
    text = rdf_documents[0].text
    assert g.value(d1, KG.textHash) == Literal(hashlib.sha256(text.encode()).hexdigest())
    assert g.value(doc_iri("d2"), DCTERMS.date) == Literal("not a date")  # not typed xsd:date
    nasty = doc_iri(rdf_nasty.doc)
    assert g.value(nasty, KG.docId) == Literal(rdf_nasty.doc)
    assert g.value(nasty, DCTERMS.date).datatype is None  # 30 February is not a date


def test_graph_direct_triples_with_inverses_and_symmetric(rdf_graph):
    g = rdf_graph
    prk, rus, ukr = actor_iri("PRK"), actor_iri("RUS"), actor_iri("UKR")
    assert (prk, KG.supplies, rus) in g
    assert (rus, KG.suppliedBy, prk) in g
    assert (rus, KG.alliedWith, prk) in g and (prk, KG.alliedWith, rus) in g
    assert (rus, KG.attacks, ukr) in g and (ukr, KG.attackedBy, rus) in g
    putin = actor_iri("vladimir-putin")
    assert (putin, KG.leaderOf, rus) in g and (rus, KG.ledBy, putin) in g
    assert (ukr, KG.attacks, rus) not in g  # attacks is not symmetric
    answer = list(g.query("SELECT ?x ?y WHERE { ?x kg:suppliedBy ?y }", initNs={"kg": KG._NS}))
    assert [(x, y) for x, y in answer] == [(rus, prk)]


def test_graph_negated_assertion_keeps_provenance_but_no_direct_triple(rdf_graph, rdf_assertions):
    g = rdf_graph
    negated = next(a for a in rdf_assertions if a.negated)
    assert (actor_iri("nato"), KG.supplies, actor_iri("UKR")) not in g
    assert (actor_iri("UKR"), KG.suppliedBy, actor_iri("nato")) not in g
    node = _assertion_node(negated)
    assert g.value(node, KG.negated) == Literal(True)
    assert g.value(node, RDF.subject) == actor_iri("nato")
    assert g.value(node, KG.evidence) == Literal("NATO does not supply Ukraine.")


def test_graph_self_loops_are_dropped(rdf_graph, rdf_assertions):
    rus = actor_iri("RUS")
    assert (rus, KG.condemns, rus) not in rdf_graph
    assert (rus, KG.condemnedBy, rus) not in rdf_graph
    loop = next(a for a in rdf_assertions if a.relation == "condemns")
    assert (_assertion_node(loop), RDF.type, KG.Assertion) in rdf_graph


def test_graph_provenance_node(rdf_graph, rdf_assertions):
    g = rdf_graph
    a = rdf_assertions[0]
    node = _assertion_node(a)
    assert set(g.objects(node, RDF.type)) == {KG.Assertion, RDF.Statement}
    assert g.value(node, RDF.subject) == actor_iri("PRK")
    assert g.value(node, RDF.predicate) == KG.supplies
    assert g.value(node, RDF.object) == actor_iri("RUS")
    assert g.value(node, KG.document) == doc_iri("d1")
    assert g.value(node, PROV.wasDerivedFrom) == doc_iri("d1")
    assert g.value(node, KG.evidence) == Literal(a.sentence)
    assert g.value(node, KG.sourceText) == Literal("Pyongyang")
    assert g.value(node, KG.sourceStart) == Literal(0)
    assert g.value(node, KG.sourceEnd) == Literal(9)
    assert g.value(node, KG.targetText) == Literal("Russia")
    assert g.value(node, KG.sentenceEnd) == Literal(a.sentence_end)
    assert g.value(node, KG.confidence) == Literal("0.85", datatype=XSD.decimal)
    assert g.value(node, KG.hedged) == Literal(False)
    assert g.value(node, KG.attributed) == Literal(False)
    assert g.value(node, KG.rule) == Literal("supply-verb")
    assert g.value(_assertion_node(rdf_assertions[1]), KG.rule) is None
    rounded = g.value(_assertion_node(rdf_assertions[-1]), KG.confidence)
    assert rounded.datatype == XSD.decimal and str(rounded) == "0.123"
    assert len(set(g.subjects(RDF.type, KG.Assertion))) == len(rdf_assertions)


def test_graph_binds_the_prefixes(rdf_graph):
    prefixes = {p for p, _ in rdf_graph.namespaces()}
    assert {"kg", "actor", "doc", "assertion", "wd", "owl", "rdfs", "dcterms", "prov", "schema"} <= prefixes


def test_graph_turtle_is_deterministic(rdf_assertions, rdf_documents, rdf_actors):
    counts = {rdf_actors["RUS"]: 5}
    first = build_graph(rdf_assertions, rdf_documents, counts).serialize(format="turtle")
    again = build_graph(rdf_assertions, rdf_documents, counts).serialize(format="turtle")
    shuffled = build_graph(rdf_assertions[::-1], rdf_documents[::-1], counts).serialize(format="turtle")
    assert first == again == shuffled


def test_graph_metacharacters_survive_turtle_in_rdflib_and_pyoxigraph(rdf_graph, rdf_nasty):
    data = rdf_graph.serialize(format="turtle", encoding="utf-8")
    assert b'@prefix kg: <http://evil/>' not in data.split(b"\n\n")[0]  # not a real prefix line
    parsed = Graph().parse(data=data, format="turtle")
    assert parsed.isomorphic(rdf_graph)
    assert Literal(rdf_nasty.label) in set(parsed.objects(actor_iri("x-evil-corp"), RDFS.label))
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    assert len(store) == len(rdf_graph)
    sentences = {
        row["e"].value
        for row in store.query("SELECT ?e WHERE { ?a <https://w3id.org/kg/ontology#evidence> ?e }")
    }
    assert rdf_nasty.sentence in sentences
    ids = {row[0].value for row in store.query("SELECT ?d WHERE { ?x <https://w3id.org/kg/ontology#docId> ?d }")}
    assert rdf_nasty.doc in ids


def test_graph_iris_come_only_from_safe_slugs(rdf_graph):
    for s, p, o in rdf_graph:
        for term in (s, p, o):
            if isinstance(term, URIRef):
                assert not set(str(term)) & set(' <>"{}|^`\\\n'), term


def test_graph_unknown_relation_is_an_error(rdf_actors, rdf_make_assertion):
    a = rdf_make_assertion("d1", rdf_actors["RUS"], "befriends", rdf_actors["PRK"], "x")
    with pytest.raises(KnowledgeBaseError, match="unknown relation 'befriends'.*known relations:.*supplies"):
        build_graph([a])


def test_graph_unknown_actor_type_is_an_error(rdf_make_assertion, rdf_actors):
    from kg.types import Actor

    odd = Actor("x-odd", "Odd", "Company")
    with pytest.raises(KnowledgeBaseError, match="valid types: State"):
        build_graph([rdf_make_assertion("d1", odd, "supplies", rdf_actors["RUS"], "x")])


def test_graph_load_graph_reads_each_format(rdf_graph, tmp_path):
    for suffix, fmt in ((".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".trig", "trig")):
        path = tmp_path / f"g{suffix}"
        path.write_bytes(rdf_graph.serialize(format=fmt, encoding="utf-8"))
        assert load_graph(path).isomorphic(rdf_graph), suffix


def test_graph_load_graph_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kg/ontology#> .\n\n<a> kg:x <b> .\n<a> kg:y \"oops .\n")
    with pytest.raises(InputError, match=r"bad\.ttl:4: cannot parse"):
        load_graph(bad)
    bad_nt = tmp_path / "bad.nt"
    bad_nt.write_text("<urn:a> <urn:b> <urn:c> .\nnot a triple\n")
    with pytest.raises(InputError, match=r"bad\.nt.*cannot parse"):
        load_graph(bad_nt)
    with pytest.raises(InputError, match="unknown graph format '.xml'.*known suffixes: .ttl"):
        load_graph(tmp_path / "g.xml")
    bad_json = tmp_path / "bad.jsonld"
    bad_json.write_text('{"@id": "urn:a",\n "urn:b": }')
    with pytest.raises(InputError, match=r"bad\.jsonld:2: not valid JSON"):
        load_graph(bad_json)


@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org/",
        ["http://example.org/context.jsonld", {"kg": "https://w3id.org/kg/ontology#"}],
        {"@import": "https://example.org/ctx.jsonld"},
        "context.jsonld",
    ],
)
def test_graph_load_graph_refuses_remote_jsonld_contexts(tmp_path, context, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("load_graph tried to fetch a context")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    path = tmp_path / "remote.jsonld"
    doc = {"@context": context, "@id": "urn:a", "name": "x"}
    path.write_text(json.dumps({"@graph": [doc]}))
    with pytest.raises(InputError, match="refusing to fetch"):
        load_graph(path)


def test_graph_load_graph_does_not_follow_owl_imports(tmp_path):
    path = tmp_path / "imports.ttl"
    path.write_text("<urn:x> <http://www.w3.org/2002/07/owl#imports> <http://example.invalid/onto.ttl> .\n")
    assert len(load_graph(path)) == 1
