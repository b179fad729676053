"""kg.exporters.turtle: the one-pass Turtle writer gives the same graph, whatever the text (issue 17)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from kg.errors import ExportError
from kg.exporters import export
from kg.exporters.turtle import turtle_bytes
from kg.graph import bind_prefixes, load_graph
from kg.namespace import KG, actor_iri

HOSTILE = [
    'She said "no".',
    'Ends in a quote"',
    '"""three quotes""" and """',
    "back\\slash \\n not a newline \\",
    "line one\nline two\r\nline three\ttabbed",
    "bell\x07 nul\x00 escape\x1b delete\x7f",
    "Zürich, Kyiv (Київ), 北京, emoji 🛰️, right-to-left שלום",
    "@prefix x: <http://evil.example/> . <#a> a <#b> ;",
    "",
    " ",
]


def _graph() -> Graph:
    g = bind_prefixes(Graph(bind_namespaces="core"))
    node = actor_iri("SYR.REB")
    g.add((node, RDF.type, KG.Actor))
    for k, text in enumerate(HOSTILE):
        g.add((node, KG.evidence, Literal(text)))
        g.add((URIRef(f"https://w3id.org/kg/assertion/{k:03d}"), KG.sourceText, Literal(text, lang="en")))
    g.add((node, KG.rule, Literal("typed", datatype=XSD.string)))  # not the same term as "typed"
    g.add((node, KG.mentionCount, Literal(12)))
    g.add((node, KG.confidence, Literal("0.85", datatype=XSD.decimal)))
    g.add((node, KG.negated, Literal(False)))
    g.add((node, KG.sentenceStart, Literal("1e3", datatype=XSD.double)))
    g.add((node, KG.cameoCode, Literal("x", datatype=URIRef("https://example.org/my-type"))))
    # IRIs under a bound namespace whose rest is no plain local name.
    for iri in ("https://w3id.org/kg/actor/ends.", "https://w3id.org/kg/actor/-lead",
                "https://w3id.org/kg/actor/a:b", "https://w3id.org/kg/actor/",
                "https://w3id.org/kg/actor/x%20y", "https://w3id.org/kg/actor/Ελλάδα",
                "urn:kg:no-slash"):
        g.add((node, KG.alliedWith, URIRef(iri)))
    return g


def test_export_turtle_escapes_what_an_iri_cannot_hold(tmp_path, caplog):
    # Not a valid IRI (rdflib warns, Oxigraph refuses it): still a file that parses back to it.
    g = _graph()
    bad = URIRef('https://example.org/a b<c>"{d}|^`\\')
    g.add((bad, KG.rule, Literal("x", datatype=URIRef("https://example.org/my type"))))
    text = turtle_bytes(g).decode("utf-8")
    assert "<https://example.org/a\\u0020b\\u003Cc\\u003E\\u0022" in text
    path = tmp_path / "g.ttl"
    export("ttl", g, path)
    assert load_graph(path).isomorphic(g)


def test_export_turtle_hostile_text_round_trips(tmp_path):
    g = _graph()
    path = tmp_path / "g.ttl"
    export("ttl", g, path)
    assert load_graph(path).isomorphic(g)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(g)
    texts = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(KG.evidence)), None)}
    assert texts == set(HOSTILE)


def test_export_turtle_is_readable_and_deterministic(tmp_path):
    g = _graph()
    text = turtle_bytes(g).decode("utf-8")
    assert text.startswith("@prefix actor: <https://w3id.org/kg/actor/> .\n")
    assert "actor:SYR.REB a kg:Actor ;\n" in text and "kg:mentionCount 12 ;" in text
    assert "kg:negated false" in text and "kg:confidence 0.85" in text
    assert "\n" not in text.split("kg:evidence ")[1].split(" ;\n")[0].replace(",\n        ", "")
    shuffled = bind_prefixes(Graph(bind_namespaces="core"))
    for triple in sorted(g, reverse=True):
        shuffled.add(triple)
    assert turtle_bytes(shuffled) == turtle_bytes(g)
    path = tmp_path / "g.ttl"
    export("ttl", g, path)
    export("ttl", load_graph(path), tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == path.read_bytes()


def test_export_turtle_blank_nodes_go_to_rdflib(tmp_path):
    g = _graph()
    g.add((actor_iri("RUS"), KG.sanctions, BNode()))
    assert turtle_bytes(g) is None
    path = tmp_path / "g.ttl"
    export("ttl", g, path)
    assert load_graph(path).isomorphic(g)


def test_export_turtle_lone_surrogate_is_an_error_not_a_half_file(tmp_path):
    g = _graph()
    g.add((actor_iri("RUS"), KG.evidence, Literal("broken \ud800 text")))
    with pytest.raises(ExportError, match="UTF-8"):
        export("ttl", g, tmp_path / "g.ttl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.shared
def test_export_turtle_seeds_graph_round_trips(seed_out, tmp_path):
    built = load_graph(seed_out / "graph.ttl")
    path = tmp_path / "again.ttl"
    export("ttl", built, path)
    assert load_graph(path).isomorphic(built)
    assert path.read_bytes() == (seed_out / "graph.ttl").read_bytes()
