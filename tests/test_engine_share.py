"""Issue 17: a build reports how many sentences the first pass read and how many it parsed."""

from __future__ import annotations

import json

import pytest

from kg.pipeline import build

pytestmark = pytest.mark.model

TEXTS = {
    "two": "Chile sent wheat to Peru. The harvest was late this year. Prices fell in May.",
    "none": "The harvest was late this year. Prices fell in May.",
}


def test_engine_share_counts_the_sentences_kept_for_the_parser(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": k, "date": "2024-05-01", "text": v}) + "\n"
                            for k, v in TEXTS.items()), encoding="utf-8")
    report = build([path], tmp_path / "out", exports=())
    assert (report.sentences, report.parsed_sentences) == (5, 1)  # only "Chile sent wheat to Peru."
    assert (report.parsed_words, report.words) == (5, 25)  # the words of that one sentence
    every = build([path], tmp_path / "all", exports=(), prepass=False)
    assert (every.sentences, every.parsed_sentences) == (0, 0)  # no first pass: nothing counted
    assert every.parsed_words == every.words == 25  # every word parsed
    assert (tmp_path / "out" / "assertions.jsonl").read_text() == (
        tmp_path / "all" / "assertions.jsonl").read_text()


def test_engine_share_loads_the_knowledge_base_once():
    from kg.kb import load_kb

    assert load_kb() is load_kb(None)  # kg_actors asks with None, kg_relations with nothing
