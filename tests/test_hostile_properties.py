"""Property-based tests of the pipeline over random Unicode text (issue 8).

Over any text: the pipeline never raises, every offset slices the document to the text it
claims (mentions, both sides of assertions, the sentence), and the graph of the assertions
round-trips through Turtle. The model-based pipeline is loaded once per session (``nlp_full``).
Both pipelines are checked: :func:`kg.pipeline.process` and the engine ``kg build`` runs
(:func:`kg.engine.worker.analyse_documents`, with and without the first pass).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import to_isomorphic

from kg.pipeline import assertion_record, mention_record, process
from kg.graph import build_graph
from kg.types import Document

pytestmark = pytest.mark.model

#: pieces that make mentions and relations likely, and characters that make offsets hard
WORDS = ["Russia", "Ukraine", "North Korea", "Pyongyang", "Kyiv", "NATO", "Iran", "Hezbollah",
         "Vladimir Putin", "President", "attacked", "supplied", "sent troops to", "condemned",
         "signed a pact with", "and", "the", "not", "could", "North Korean", "'s", ".", ",", ";",
         "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u200b", "\u200d", "\u2060", "\ufeff", "\u202e",
         "\u202c", "\u200f", "\u00a0", "\u2028", "\u0301", "\U0001F600", "\u0645\u0631\u062d",
         "\u05e9\u05dc\u05d5\u05dd", "\x00", "\x1b", "<script>", '"', "\\", "@prefix", "<http://x/>"]

texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=12)),
    min_size=0, max_size=60,
).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))
plain_text = st.text(max_size=300)
ACTORS = ["Russia", "Ukraine", "North Korea", "Pyongyang", "Kyiv", "NATO", "Iran", "Hezbollah",
          "China", "the United States", "Israel"]
VERBS = ["attacked", "supplied weapons to", "sent troops to", "condemned", "sanctioned",
         "held talks with", "signed an agreement with", "backs", "threatened", "did not attack"]
NOISE = st.one_of(st.just(""), st.just(""), st.just(""), st.just(""), st.sampled_from(["", " ", "  ", "\u200b", "\u202e", "\ufeff", "\n", "\r\n",
                                   "\u00a0", "\t", "\u0301", "\U0001F600", '"', "<b>"]),
                  st.text(max_size=3))
sentence = st.builds(
    lambda a, n1, v, n2, b, n3, end: f"{a}{n1} {v}{n2} {b}{n3}{end}",
    st.sampled_from(ACTORS), NOISE, st.sampled_from(VERBS), NOISE, st.sampled_from(ACTORS),
    NOISE, st.sampled_from([".", ". ", ".\n", "!", "", ".\n\n", "\u3002"]),
)
relational = st.lists(st.one_of(sentence, sentence, st.text(max_size=20)), min_size=1,
                      max_size=8).map("".join)
any_text = st.one_of(relational, relational, texts, plain_text)
metadata = st.text(max_size=30)

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_offsets(text, mentions, assertions):
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
    for a in assertions:
        for side in (a.source, a.target):
            assert text[side.start:side.end] == side.text, (side, a)
        assert 0 <= a.sentence_start <= a.sentence_end <= len(text), a
        assert text[a.sentence_start:a.sentence_end] == a.sentence, a
        assert a.sentence_start <= a.source.start and a.source.end <= a.sentence_end, a
        assert a.sentence_start <= a.target.start and a.target.end <= a.sentence_end, a


def _check_round_trip(doc, assertions, mentions):
    counts = {}
    for m in mentions:
        counts[m.actor] = counts.get(m.actor, 0) + 1
    graph = build_graph(assertions, [doc], counts)
    data = graph.serialize(format="turtle", encoding="utf-8")
    back = Graph().parse(data=data, format="turtle")
    assert to_isomorphic(back) == to_isomorphic(graph)
    nt = graph.serialize(format="nt", encoding="utf-8")
    assert to_isomorphic(Graph().parse(data=nt, format="nt")) == to_isomorphic(graph)
    for line in ([mention_record(m) for m in mentions]
                 + [assertion_record(a, {}) for a in assertions]):
        assert json.loads(json.dumps(line, ensure_ascii=False)) == line


@SETTINGS
@given(text=any_text, title=metadata, date=metadata, url=metadata, doc_id=metadata)
def test_hostile_property_process(nlp_full, text, title, date, url, doc_id):
    assume(text)  # an empty text: see test_hostile_process_empty_text_is_yielded
    doc = Document(doc_id or "d", text, title, date, "<test>", url)
    [(back, mentions, assertions)] = list(process([doc], nlp_full))
    assert back is doc
    _check_offsets(text, mentions, assertions)
    _check_round_trip(doc, assertions, mentions)


@SETTINGS
@given(text=any_text, prepass=st.booleans())
def test_hostile_property_engine(nlp_full, text, prepass):
    """What ``kg build`` runs: the same properties, with and without the first pass."""
    from kg.engine.worker import analyse_documents

    doc = Document("d", text)
    [result] = analyse_documents([doc], prepass=prepass)
    _check_offsets(text, result.mentions, result.assertions)
    _check_round_trip(doc, result.assertions, result.mentions)


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(any_text, min_size=1, max_size=4))
def test_hostile_property_documents_do_not_leak(nlp_full, texts):
    """Several documents at once: each one's offsets point into its own text."""
    assume(all(texts))
    docs = [Document(f"d{k}", t) for k, t in enumerate(texts)]
    results = list(process(docs, nlp_full, batch_size=2))
    assert [d.id for d, _, _ in results] == [d.id for d in docs]
    for (doc, mentions, assertions), text in zip(results, texts):
        assert all(m.doc == doc.id for m in mentions)
        assert all(a.doc == doc.id for a in assertions)
        _check_offsets(text, mentions, assertions)


def test_hostile_process_empty_text_is_yielded(nlp_full):
    """An empty text is yielded (with nothing found), and so are the documents after it."""
    docs = [Document("a", ""), Document("b", "Iran supplied Russia with drones.")]
    assert [d.id for d, _, _ in process(docs, nlp_full)] == ["a", "b"]
