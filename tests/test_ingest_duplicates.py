"""Wire copies counted once, and a saved news page giving only its article's actors and relations.

The story and its five copies (another headline, a trimmed paragraph, an agency credit, an
edited sentence) are written here for the tests; the news page is tests/data/ingest/news_page.html.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ingest import mark_duplicates
from kg.types import Document

DATA = Path(__file__).resolve().parent / "data" / "ingest"

PARAGRAPHS = [
    "Iran has supplied Russia with hundreds of short-range ballistic missiles, officials in three "
    "European capitals said on Friday, in a shipment that they warned would deepen the war.",
    "The missiles were flown to an airfield near the Caspian Sea last week and could be used "
    "within weeks, the officials said, speaking on condition of anonymity.",
    "Tehran denied the report. A spokesman for the foreign ministry called it baseless and said "
    "the country was not a party to the conflict, repeating earlier statements.",
    "Analysts said the weapons would allow Moscow to keep up its strikes on power stations and "
    "rail lines while it rebuilds its own stocks, which months of heavy use have drawn down.",
    "Foreign ministers are expected to discuss new measures at a meeting next week. Several "
    "governments have called for restrictions on the airlines said to have carried the cargo.",
    "The air force said it had shot down more than forty drones overnight, most of them over the "
    "centre of the country, and that debris had damaged homes in two villages.",
]
HEADLINES = ["Iran sends ballistic missiles to Russia, officials say",
             "Officials: Tehran ships missiles to Moscow", "Iranian missiles reach Russia",
             "Report: Iran arms Russia with missiles", "Missiles from Iran delivered - officials"]


def _copies() -> list[dict]:
    records = []
    for k, headline in enumerate(HEADLINES):
        body = list(PARAGRAPHS)
        if k == 1:
            body = body[:-1]  # the last paragraph trimmed
        if k == 2:
            body = ["DUBAI (Wire Example) -"] + body  # an agency credit
        if k == 3:
            body[3] = body[3].replace("Analysts said", "Military analysts said")
        if k == 4:
            body = body[:4] + body[5:]  # a middle paragraph trimmed
        records.append({"id": f"copy{k + 1}", "title": headline, "date": f"2024-09-0{k + 1}",
                        "text": "\n\n".join(body)})
    return records


OTHER = {"id": "other", "title": "Shells", "date": "2024-09-09",
         "text": "North Korea has supplied Russia with artillery shells, the spy agency in Seoul "
                 "said on Monday. The shipments crossed the border by rail for months, officials "
                 "added. Iran has supplied Russia with drones as well, they said, and Pyongyang "
                 "denied the report and called it a smear campaign by its enemies abroad."}


def test_ingest_duplicates_marks_each_copy_with_the_first():
    docs = [Document(r["id"], r["text"], r["title"]) for r in [*_copies(), OTHER]]
    marked = list(mark_duplicates(docs))
    assert [d.duplicate_of for d in marked] == ["", "copy1", "copy1", "copy1", "copy1", ""]
    assert [replace_dup(d) for d in marked] == docs  # nothing else changes, nothing dropped
    assert [d.duplicate_of for d in mark_duplicates(docs)] == [d.duplicate_of for d in marked]


def replace_dup(doc: Document) -> Document:
    from dataclasses import replace

    return replace(doc, duplicate_of="")


def test_ingest_duplicates_different_stories_on_one_topic_are_not_copies():
    a = Document("a", " ".join(PARAGRAPHS[:3]))
    b = Document("b", " ".join(PARAGRAPHS[3:]))
    short = Document("c", "Iran supplied Russia with missiles.")
    assert [d.duplicate_of for d in mark_duplicates([a, b, short, short])] == ["", "", "", ""]


@pytest.fixture(scope="module")
def wire_build(tmp_path_factory):
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("wire")
    source = folder / "wire.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in [*_copies(), OTHER]), encoding="utf-8")
    out = folder / "out"
    build([source], out, exports=())
    return out


@pytest.mark.model
def test_ingest_duplicates_five_copies_give_evidence_one(wire_build):
    from kg.analysis.graph import actor_graph
    from kg.graph import load_graph
    from kg.namespace import KG, doc_iri

    assertions = [json.loads(line) for line in (wire_build / "assertions.jsonl").open()]
    per_doc = {a["doc"] for a in assertions if a["relation"] == "supplies"
               and (a["source"]["id"], a["target"]["id"]) == ("IRN", "RUS")}
    assert per_doc == {"copy1", "copy2", "copy3", "copy4", "copy5", "other"}  # kept, not dropped
    graph = load_graph(wire_build / "graph.ttl")
    edge = actor_graph(graph).edges["IRN", "RUS", "supplies"]
    assert edge["count"] == 2  # the story once, and the other article
    assert sorted(doc for *_, doc in edge["evidence"]) == ["copy1", "other"]
    assert len(list(graph.triples((None, KG.duplicateOf, doc_iri("copy1"))))) == 4
    graph.remove((None, KG.duplicateOf, None))  # unmarked, the copies would count five times
    assert actor_graph(graph).edges["IRN", "RUS", "supplies"]["count"] == 6
    documents = [json.loads(line) for line in (wire_build / "documents.jsonl").open()]
    assert [(d["id"], d["duplicate_of"]) for d in documents] == [
        ("copy1", None), ("copy2", "copy1"), ("copy3", "copy1"), ("copy4", "copy1"),
        ("copy5", "copy1"), ("other", None)]
    assert documents[0]["title"] == HEADLINES[0] and documents[0]["date"] == "2024-09-01"
    assert documents[0]["words"] == len(_copies()[0]["text"].split())


@pytest.mark.model
def test_ingest_duplicates_analyze_weighs_the_story_once(wire_build, invoke):
    from kg.analysis import analyze
    from kg.graph import load_graph

    assertions = [json.loads(line) for line in (wire_build / "assertions.jsonl").open()]
    confidence = {a["doc"]: a["confidence"] for a in assertions if a["relation"] == "supplies"
                  and (a["source"]["id"], a["target"]["id"]) == ("IRN", "RUS")}
    analysis = analyze(load_graph(wire_build / "graph.ttl"))
    once = round(confidence["copy1"] + confidence["other"], 6)
    assert analysis.signed.edges["IRN", "RUS"]["cooperation"] == pytest.approx(once)
    assert once < sum(confidence.values())
    result = invoke("analyze", wire_build / "graph.ttl", "--out", wire_build / "again")
    assert result.exit_code == 0, result.stdout + result.stderr
    blocs = json.loads((wire_build / "again" / "blocs.json").read_text())
    assert blocs == json.loads((wire_build / "blocs.json").read_text())


@pytest.mark.model
def test_ingest_news_page_gives_only_the_articles_actors_and_relations(tmp_path):
    from kg.ingest import iter_documents
    from kg.pipeline import build

    [page] = iter_documents([DATA / "news_page.html"])
    article = tmp_path / "article.txt"  # the same article as plain text, no page around it
    article.write_text(page.text, encoding="utf-8")
    results = {}
    for name, source in (("page", DATA / "news_page.html"), ("text", article)):
        build([source], tmp_path / name, exports=())
        actors = {json.loads(line)["id"] for line in (tmp_path / name / "actors.jsonl").open()}
        lines = [json.loads(line) for line in (tmp_path / name / "assertions.jsonl").open()]
        relations = {(a["source"]["id"], a["relation"], a["target"]["id"]) for a in lines}
        for a in lines:  # offsets are offsets into the text kg kept: the article's
            assert page.text[a["sentence"]["start"]:a["sentence"]["end"]] == a["sentence"]["text"]
            assert page.text[a["source"]["start"]:a["source"]["end"]] == a["source"]["text"]
        results[name] = actors, relations
    assert results["page"] == results["text"]
    actors, relations = results["page"]
    assert actors == {"DEU", "UKR", "RUS"}  # none of the menu, banner, related stories, comments
    assert ("DEU", "supplies", "UKR") in relations


def test_ingest_duplicates_sketch_is_datasketch_minhash_of_the_shingles():
    # The sketches are built with the permutations drawn once and the shingles hashed in one
    # pass (issue 17): they must be the very MinHash datasketch computes by default.
    from datasketch import MinHash

    from kg.ingest.duplicates import _PERMUTATIONS, _SEED, _hashes, shingles

    grams = shingles("Qatar and Oman said on Tuesday that talks with Yemen's rival factions "
                     "would resume in Muscat next month, café owners and ministers alike said.")
    plain = MinHash(num_perm=_PERMUTATIONS, seed=_SEED)
    plain.update_batch([g.encode("utf-8") for g in grams])
    template = MinHash(num_perm=_PERMUTATIONS, seed=_SEED)
    fast = MinHash(num_perm=_PERMUTATIONS, seed=_SEED, hashfunc=int,
                   permutations=template.permutations, scheme=template.scheme)
    fast.update_batch(_hashes(grams))
    assert (fast.hashvalues == plain.hashvalues).all() and fast.jaccard(plain) == 1.0
