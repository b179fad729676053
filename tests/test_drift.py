"""Blocs over time on hand-made RDF graphs (no model): matching, gaps, drift, hostile labels."""

from __future__ import annotations

import json

import pytest

from kg.analysis import analyze_by_period, bloc_changes, polarity_changes, timeline_document
from kg.analysis.periods import match_blocs
from kg.graph import build_graph
from kg.types import Actor, Assertion, Document, Mention


def make_actor_rdf(actors, documents, assertions):
    """kg's RDF graph (:func:`kg.graph.build_graph`) from plain tuples.

    actors: (id, label, type, iso3, wikidata); documents: (id, title, date); assertions: (doc,
    source, relation, target, sentence, confidence, negated).
    """
    by_id = {a[0]: Actor(*a) for a in actors}
    docs = [Document(d, f"text of {d}", title, date) for d, title, date in documents]
    made = []
    for i, (doc, source, relation, target, sentence, confidence, negated) in enumerate(assertions):
        src = Mention(doc, 10 * i, 10 * i + 3, source, by_id[source])
        tgt = Mention(doc, 10 * i + 4, 10 * i + 7, target, by_id[target])
        made.append(Assertion(doc, src, relation, tgt, 10 * i, 10 * i + 9, sentence, confidence,
                              negated=negated))  # fmt: skip
    return build_graph(made, docs)


def _blocs(period):
    return {i: sorted(b) for i, b in period.blocs.items()}


def test_drift_story_by_month_leader_and_undated(analysis_story_graph):
    t = analyze_by_period(analysis_story_graph, by="month", seed=0)
    assert [p.name for p in t.periods] == ["2024-10", "2024-11"]
    october, november = t.periods
    # Putin (leaderOf only, in d1) stands with Russia in October; he has no evidence in November.
    assert "vladimir-putin" in next(b for b in october.blocs.values() if "RUS" in b)
    assert "vladimir-putin" not in november.graph
    # The undated d3 ("Ukraine struck Russian airfields") is in no period.
    assert t.undated == ("d3",) and t.undated_assertions == 1
    assert not any(p.graph.has_edge("UKR", "RUS") for p in t.periods)
    # The Russian side keeps its id from October to November.
    russia = {p.name: p.bloc_of.get("RUS") for p in t.periods}
    assert russia["2024-10"] == russia["2024-11"] is not None


def test_drift_bloc_keeps_its_id_across_a_quiet_period():
    actors = [(a, a, "State", a, "") for a in ("AAA", "BBB", "CCC", "DDD")]
    docs = [("j", "Jan", "2024-01-05"), ("f", "Feb", "2024-02-05"), ("m", "Mar", "2024-03-05")]
    assertions = [
        ("j", "AAA", "cooperatesWith", "BBB", "AAA and BBB cooperate.", 0.8, False),
        ("f", "CCC", "cooperatesWith", "DDD", "CCC and DDD cooperate.", 0.8, False),
        ("m", "AAA", "cooperatesWith", "BBB", "AAA and BBB cooperate again.", 0.8, False),
    ]
    t = analyze_by_period(make_actor_rdf(actors, docs, assertions), by="month")
    assert [_blocs(p) for p in t.periods] == [{0: ["AAA", "BBB"]}, {1: ["CCC", "DDD"]},
                                              {0: ["AAA", "BBB"]}]  # fmt: skip
    assert bloc_changes(t) == [] and polarity_changes(t) == []


def test_drift_match_blocs_threshold_and_greedy_order():
    seen = {0: (0, frozenset("abcd")), 1: (1, frozenset("wxyz"))}
    # 1/7 overlap is below 0.25: a new id; a bloc can take an id only once.
    assert match_blocs(seen, [frozenset("aefg")]) == [2]
    assert match_blocs(seen, [frozenset("abc"), frozenset("abd")]) == [0, 2]
    # The largest overlap wins, whatever the order of the blocs.
    assert match_blocs(seen, [frozenset("ab"), frozenset("abcd")]) == [2, 0]
    assert match_blocs(seen, [frozenset("wxy")], threshold=0.9) == [2]
    assert match_blocs({}, [frozenset("ab"), frozenset("cd")]) == [0, 1]


def test_drift_hostile_labels_in_the_document_and_plot(tmp_path):
    pytest.importorskip("matplotlib")
    from kg.analysis import plot_blocs_over_time

    label = 'Evil $\\nosuchcommand$ $x_$ "Corp" <script>'  # bad mathtext, if read as such
    actors = [("x-evil", label, "ArmedGroup", "", ""), ("UKR", "Ukraine", "State", "UKR", "")]
    docs = [("a", "A", "2024-01-05"), ("b", "B", "2024-02-05")]
    assertions = [
        ("a", "x-evil", "supports", "UKR", "Evil backs Ukraine.", 0.8, False),
        ("b", "x-evil", "attacks", "UKR", "Evil attacks Ukraine.", 0.8, False),
    ]
    t = analyze_by_period(make_actor_rdf(actors, docs, assertions), by="month")
    doc = json.loads(json.dumps(timeline_document(t)))
    assert doc["actors"]["x-evil"]["label"] == label
    assert doc["drift"]["pairs"][0]["evidence"][0]["sentence"] == "Evil attacks Ukraine."
    path = plot_blocs_over_time(t, tmp_path / "evil.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
