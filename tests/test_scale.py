"""Issue 6: the first pass, incremental builds, and the Dask engine give the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.pipeline import build

pytestmark = pytest.mark.model

ARTICLES = [
    ("a1", "2024-10-01", "North Korea has sent troops to Russia. The weather was mild. "
                         "Kyiv condemned Pyongyang on Monday."),
    ("a2", "2024-10-02", "China and Russia signed a trade agreement in Beijing.\n\n"
                         "Prices rose in the spring. NATO warned Russia against an attack."),
    ("a3", "2024-10-03", "Iran supplied drones to Russia, officials said. Nothing else happened."),
    ("a4", "2024-10-04", "The United States imposed sanctions on Iran. Ukraine thanked NATO for "
                         "its support."),
]


def _write(path: Path, rows) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, date, text in rows:
            f.write(json.dumps({"id": doc_id, "date": date, "title": doc_id, "text": text}) + "\n")
    return path


def _lines(out: Path, name: str) -> set[str]:
    return set((out / name).read_text(encoding="utf-8").splitlines())


def _graph(out: Path):
    from kg.graph import load_graph

    return load_graph(out / "graph.ttl")


def _same_build(a: Path, b: Path) -> None:
    from rdflib.compare import isomorphic

    assert _lines(a, "assertions.jsonl") == _lines(b, "assertions.jsonl")
    assert _lines(a, "mentions.jsonl") == _lines(b, "mentions.jsonl")
    assert (a / "actors.jsonl").read_text() == (b / "actors.jsonl").read_text()
    assert isomorphic(_graph(a), _graph(b))


@pytest.fixture
def corpus(tmp_path):
    return _write(tmp_path / "old.jsonl", ARTICLES[:2]), _write(tmp_path / "new.jsonl", ARTICLES[2:])


def test_scale_prepass_keeps_relations_and_offsets(tmp_path, corpus):
    full = build(corpus, tmp_path / "full", exports=(), prepass=False)
    fast = build(corpus, tmp_path / "fast", exports=())
    assert fast.assertions == full.assertions > 0
    assert _lines(tmp_path / "full", "assertions.jsonl") == _lines(tmp_path / "fast", "assertions.jsonl")
    texts = {doc_id: text for doc_id, _, text in ARTICLES}
    for line in _lines(tmp_path / "fast", "assertions.jsonl") | _lines(tmp_path / "fast", "mentions.jsonl"):
        r = json.loads(line)
        for side in (r["source"], r["target"]) if "source" in r else (r,):
            assert texts[r["doc"]][side["start"]:side["end"]] == side["text"]
        if "sentence" in r:
            s = r["sentence"]
            assert texts[r["doc"]][s["start"]:s["end"]] == s["text"]
    # "The weather was mild." holds no actor: it is not parsed, and nothing is lost for it.
    assert fast.words == full.words


def test_scale_update_equals_one_build(tmp_path, corpus):
    old, new = corpus
    build([old, new], tmp_path / "all", exports=())
    build([old], tmp_path / "inc", exports=())
    report = build([old, new], tmp_path / "inc", exports=(), update=True)
    assert (report.documents, report.unchanged) == (2, 2)
    _same_build(tmp_path / "all", tmp_path / "inc")

    again = build([new], tmp_path / "inc", exports=(), update=True)
    assert (again.documents, again.assertions, again.unchanged) == (0, 0, 2)
    _same_build(tmp_path / "all", tmp_path / "inc")


def test_scale_update_replaces_a_changed_document(tmp_path, corpus):
    old, new = corpus
    changed = _write(tmp_path / "changed.jsonl",
                     [("a1", "2024-10-01", "Russia attacked Ukraine."), *ARTICLES[1:2]])
    build([changed, new], tmp_path / "all", exports=())
    build([old], tmp_path / "inc", exports=())
    report = build([changed, new], tmp_path / "inc", exports=(), update=True)
    assert (report.documents, report.unchanged) == (3, 1)
    lines = _lines(tmp_path / "inc", "assertions.jsonl")
    assert not any("Pyongyang" in line for line in lines)
    assert lines == _lines(tmp_path / "all", "assertions.jsonl")


def test_scale_update_needs_a_previous_build(tmp_path, corpus):
    from kg.errors import InputError

    with pytest.raises(InputError, match="no previous build"):
        build([corpus[0]], tmp_path / "empty", update=True)


def test_scale_workers_give_the_same_build(tmp_path, corpus):
    build(corpus, tmp_path / "one", exports=())
    build(corpus, tmp_path / "two", exports=(), workers=2)
    _same_build(tmp_path / "one", tmp_path / "two")


def test_scale_dask_engine_equals_local(tmp_path, corpus):
    pytest.importorskip("distributed")
    build(corpus, tmp_path / "local", exports=())
    report = build(corpus, tmp_path / "dask", exports=(), engine="dask", workers=2)
    assert report.documents == len(ARTICLES)
    _same_build(tmp_path / "local", tmp_path / "dask")


def test_scale_unknown_engine_lists_the_valid_ones(tmp_path, corpus):
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="valid engines: local, dask"):
        build(corpus, tmp_path / "x", engine="spark")


def test_scale_cli_update_adds_only_new_documents(tmp_path, corpus, rdf_cli_app):
    import logging

    from typer.testing import CliRunner

    old, new = corpus
    saved = (logging.getLogger("kg").level, list(logging.getLogger("kg").handlers))
    try:
        runner = CliRunner()
        out = tmp_path / "out"
        first = runner.invoke(rdf_cli_app, ["build", str(old), "--out", str(out)])
        assert first.exit_code == 0, first.output
        second = runner.invoke(rdf_cli_app, ["build", str(old), str(new), "--update", str(out)])
        assert second.exit_code == 0, second.output
        assert "2 documents already in" in second.output
        assert "2 new documents" in second.output
        clash = runner.invoke(rdf_cli_app, ["build", str(new), "--update", str(out),
                                            "--out", str(tmp_path / "elsewhere")])
        assert clash.exit_code == 2
    finally:
        logging.getLogger("kg").setLevel(saved[0])
        logging.getLogger("kg").handlers[:] = saved[1]
