"""The named queries that count evidence count a story once, however many wire copies print it."""

from __future__ import annotations

import pytest

from kg.sparql import named_queries, run_query

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def wire_graph(rdf_actors, rdf_make_assertion):
    """Iran arms Syria in a story printed three times, in a story of its own, and only in copies."""
    from kg.analysis import analyze
    from kg.graph import build_graph
    from kg.types import Actor, Document

    iran, syria = Actor("IRN", "Iran", "State", "IRN"), Actor("SYR", "Syria", "State", "SYR")
    said = "Iran ships rifles to Syria."
    docs = [
        Document("agency-1", said + " More.", "Rifles", "2024-03-01"),
        Document("paper-1", "Updated: " + said + " More.", "Rifles (paper)", duplicate_of="agency-1"),
        Document("site-1", said + " More, trimmed.", "Rifles (site)", duplicate_of="agency-1"),
        Document("report-2", "Separately, " + said, "Another story", "2024-04-01"),
        Document("agency-3", "Talks went on.", "Talks", "2024-05-01"),  # says nothing of it
        Document("paper-3", "Talks went on. " + said, "Talks (paper)", duplicate_of="agency-3"),
        Document("site-3", "Talks went on. " + said, "Talks (site)", duplicate_of="agency-3"),
    ]
    make = rdf_make_assertion
    assertions = [make(d.id, iran, "supplies", syria, said, d.text.index(said))
                  for d in docs if said in d.text]
    graph = build_graph(assertions, docs, {iran: 7, syria: 7})
    return graph, analyze(graph)


def test_query_stories_who_supplies_whom_counts_each_story_once(wire_graph):
    graph, analysis = wire_graph
    result = run_query(graph, named_queries()["who-supplies-whom"])
    # six documents say it; they are three stories: agency-1 (three copies), report-2, and the
    # story of agency-3, whose first copy is silent (its two copies count once)
    assert result.rows == (("Iran", "Syria", "3"),)
    assert analysis.graph.edges["IRN", "SYR", "supplies"]["count"] == 3  # kg analyze agrees


def test_query_stories_suppliers_of_counts_each_story_once(wire_graph):
    graph, _ = wire_graph
    result = run_query(graph, named_queries()["suppliers-of"], {"actor": "Syria"})
    assert result.rows == (("Iran", "3"),)
    assert run_query(graph, named_queries()["suppliers-of"], {"actor": "Syria"}, engine="rdflib").rows == (
        ("Iran", "3"),
    )
