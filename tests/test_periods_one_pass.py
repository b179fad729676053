"""The per-period actor graphs are read in one pass over the evidence (issue 17).

A small graph built by kg's own graph builder (no model): three months of evidence with a wire
copy in a later month than its first copy, a negated assertion, a symmetric relation written
both ways, an undated document and a dated one without evidence.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph

from kg.namespace import KG


def _corpus() -> tuple[list, list]:
    from kg.types import Actor, Assertion, Document, Mention

    usa = Actor("USA", "United States", "State", "USA")
    gbr = Actor("GBR", "United Kingdom", "State", "GBR")
    rus = Actor("RUS", "Russia", "State", "RUS")
    ukr = Actor("UKR", "Ukraine", "State", "UKR")
    irn = Actor("IRN", "Iran", "State", "IRN")
    docs = [
        Document("jan-1", "", "January", "2024-01-09"),
        Document("jan-2", "", "January again", "2024-01-20"),
        Document("feb-1", "", "February", "2024-02-05"),
        Document("mar-copy", "", "A wire copy", "2024-03-02", duplicate_of="feb-1"),
        Document("mar-2", "", "March", "2024-03-15"),
        Document("apr-empty", "", "Nothing said", "2024-04-01"),
        Document("undated", "", "No date"),
    ]

    def said(doc, a, relation, b, sentence, confidence=0.8, negated=False):
        src = Mention(doc, 0, len(a.label), a.label, a)
        tgt = Mention(doc, len(sentence) - 1 - len(b.label), len(sentence) - 1, b.label, b)
        return Assertion(doc, src, relation, tgt, 0, len(sentence), sentence, confidence,
                         negated=negated)  # fmt: skip

    assertions = [
        said("jan-1", usa, "supplies", ukr, "The United States supplies Ukraine."),
        said("jan-1", rus, "attacks", ukr, "Russia attacks Ukraine.", 0.9),
        said("jan-2", ukr, "alliedWith", gbr, "Ukraine is allied with the United Kingdom."),
        said("jan-2", gbr, "alliedWith", ukr, "The United Kingdom is allied with Ukraine.", 0.7),
        said("feb-1", irn, "supplies", rus, "Iran supplies Russia.", 0.6),
        said("feb-1", usa, "attacks", irn, "The United States does not attack Iran.", negated=True),
        said("mar-copy", irn, "supplies", rus, "Iran supplies Russia.", 0.6),
        said("mar-2", rus, "attacks", ukr, "Russia attacks Ukraine again."),
        said("undated", usa, "condemns", rus, "The United States condemns Russia."),
    ]
    return assertions, docs


@pytest.fixture(scope="module")
def graph() -> Graph:
    from kg.graph import build_graph

    return build_graph(*_corpus())


def _same(G, H) -> bool:
    return (list(G.nodes(data=True)) == list(H.nodes(data=True))
            and list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True)))


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
def test_periods_one_pass_graphs_equal_one_graph_per_period(graph, by):
    """Every period's graph is the one ``actor_graph(documents=...)`` builds for it alone."""
    from kg.analysis.graph import actor_graph, actor_graphs
    from kg.analysis.periods import document_dates, period_of

    period = {d: period_of(day, by) for d, day in document_dates(graph).items() if day}
    graphs = actor_graphs(graph, period)
    assert "undated" not in period and graphs
    for name in sorted(set(period.values())):
        alone = actor_graph(graph, documents={d for d, p in period.items() if p == name})
        if len(alone):
            assert _same(graphs[name], alone), name
        else:
            assert name not in graphs


def test_periods_one_pass_keeps_what_each_period_says(graph):
    """A wire copy in a later month counts there; negated and undated evidence count nowhere."""
    from kg.analysis.graph import actor_graphs
    from kg.analysis.periods import document_dates, period_of

    period = {d: period_of(day, "month") for d, day in document_dates(graph).items() if day}
    graphs = actor_graphs(graph, period)
    assert sorted(graphs) == ["2024-01", "2024-02", "2024-03"]  # April has no evidence
    january = graphs["2024-01"]
    assert january.edges["GBR", "UKR", "alliedWith"]["count"] == 2  # symmetric: one edge
    assert january.edges["GBR", "UKR", "alliedWith"]["weight"] == 1.5
    assert not graphs["2024-02"].has_edge("USA", "IRN")  # negated
    assert graphs["2024-03"].edges["IRN", "RUS", "supplies"]["evidence"] == [
        ("Iran supplies Russia.", "A wire copy", "mar-copy")
    ]
    assert graphs["2024-03"].edges["RUS", "UKR", "attacks"]["first_date"] == "2024-03-15"
    assert all(not G.has_edge("USA", "RUS", "condemns") for G in graphs.values())


class _CountingGraph(Graph):
    """A graph that counts the scans of its assertion nodes."""

    scans = 0

    def triples(self, pattern):  # noqa: D102
        if pattern[0] is None and pattern[1] == RDF.type and pattern[2] == KG.Assertion:
            type(self).scans += 1
        return super().triples(pattern)


def test_periods_analysis_reads_the_evidence_a_fixed_number_of_times(graph):
    """The assertions are scanned the same number of times for one period as for many."""
    from kg.analysis.periods import analyze_by_period

    counting = _CountingGraph()
    counting += graph
    scans = {}
    for by in ("year", "month"):
        _CountingGraph.scans = 0
        timeline = analyze_by_period(counting, by=by)
        scans[by] = (_CountingGraph.scans, len(timeline.periods))
    assert scans["year"][1] == 1 and scans["month"][1] == 4  # the empty April is a period
    assert scans["month"][0] == scans["year"][0]
