"""The Oxigraph store of a build (issue 15): written with the outputs, opened when it matches."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from kg.errors import ExportError
from kg.pipeline import FOLDERS, OUTPUTS, _Staging
from kg.sparql import named_queries, run_query
from kg.store import FINGERPRINT, open_graph_store, write_store

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
LABELS = f"SELECT ?l WHERE {{ ?x {LABEL} ?l }} ORDER BY ?l"


def _labels(source) -> list[str]:
    return [row[0] for row in run_query(source, LABELS).rows]


def _folder(path: Path, label: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "graph.ttl").write_text(f'<urn:x> {LABEL} "{label}" .\n', encoding="utf-8")
    write_store(path / "graph.ttl", path / "store")
    return path


def test_store_is_opened_read_only_when_it_matches(tmp_path, monkeypatch):
    import kg.sparql

    out = _folder(tmp_path / "out", "first")
    store = open_graph_store(out)
    assert store is not None and open_graph_store(out / "graph.ttl") is not None
    with pytest.raises((OSError, RuntimeError), match="read-write"):
        store.update(f'INSERT DATA {{ <urn:y> {LABEL} "written" }}')

    def no_parse(*args, **kwargs):
        raise AssertionError("the graph file was parsed")

    monkeypatch.setattr(kg.sparql, "load_store", no_parse)
    assert _labels(out) == _labels(out / "graph.ttl") == ["first"]
    copy = tmp_path / "copy"  # a copy has new modification times but the same bytes
    shutil.copytree(out, copy)
    assert _labels(copy) == ["first"]


def test_store_that_does_not_match_the_graph_is_ignored(tmp_path):
    out = _folder(tmp_path / "out", "first")
    stale = (out / "store").stat().st_mtime_ns
    with open(out / "graph.ttl", "a", encoding="utf-8") as f:
        f.write(f'<urn:y> {LABEL} "added later" .\n')
    assert open_graph_store(out) is None
    assert _labels(out) == ["added later", "first"]  # the file, loaded as before
    (out / "graph.ttl").write_text(f'<urn:x> {LABEL} "second" .\n', encoding="utf-8")  # same size
    assert _labels(out) == ["second"]
    (out / "store" / FINGERPRINT).write_text("not json", encoding="utf-8")
    assert open_graph_store(out) is None and _labels(out) == ["second"]
    assert (out / "store").stat().st_mtime_ns >= stale


def _staged(out: Path, label: str) -> _Staging:
    stage = _Staging(out)
    for name in OUTPUTS:
        stage.path(name).write_text(f"{label}\n", encoding="utf-8")
    stage.path("graph.ttl").write_text(f'<urn:x> {LABEL} "{label}" .\n', encoding="utf-8")
    write_store(stage.path("graph.ttl"), stage.path("store"))
    return stage


def _state(out: Path) -> tuple[dict[str, str], list[str]]:
    files = {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}
    return files, _labels(out)


def test_store_is_committed_with_the_other_outputs(tmp_path):
    out = tmp_path / "out"
    for label in ("old", "new"):
        stage = _staged(out, label)
        paths = stage.commit(OUTPUTS + FOLDERS)
        stage.cleanup()
        assert [p.name for p in paths] == list(OUTPUTS + FOLDERS)
    assert _state(out)[1] == ["new"] and open_graph_store(out) is not None
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS + FOLDERS)


@pytest.mark.parametrize("failing", ["mentions.jsonl", "graph.html", "store"])
def test_store_failed_commit_keeps_the_previous_store_and_files(tmp_path, monkeypatch, failing):
    out = tmp_path / "out"
    stage = _staged(out, "old")
    stage.commit(OUTPUTS + FOLDERS)
    stage.cleanup()
    before = _state(out)
    stage = _staged(out, "new")
    real_replace = os.replace
    failed = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == out / failing and not failed:  # once: the roll-back then succeeds
            failed.append(dst)
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(ExportError, match="the previous outputs were kept"):
        stage.commit(OUTPUTS + FOLDERS)
    monkeypatch.setattr(os, "replace", real_replace)
    stage.cleanup()
    assert failed and _state(out) == before and open_graph_store(out) is not None
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS + FOLDERS)


def test_store_killed_commit_is_rolled_back_by_the_next_build(tmp_path):
    """A build killed after moving the old store aside: the next build puts it back."""
    from kg.pipeline import _keep_previous

    out = tmp_path / "out"
    stage = _staged(out, "old")
    stage.commit(OUTPUTS + FOLDERS)
    stage.cleanup()
    before = _state(out)
    stage = _staged(out, "new")
    names = list(OUTPUTS + FOLDERS)
    _keep_previous(out, stage.tmp, names)
    os.replace(stage.tmp / "graph.ttl", out / "graph.ttl")  # ... and the process dies here
    assert not (out / "store").exists()
    dead = out / f"{_Staging.PREFIX}999999999-killed"
    os.replace(stage.tmp, dead)
    _Staging(out).cleanup()  # the next build starts: it restores, then removes the folder
    assert _state(out) == before and not dead.exists()


@pytest.mark.model
def test_store_build_and_update_write_a_matching_store(invoke, tmp_path):
    out = tmp_path / "out"
    first = tmp_path / "a.txt"
    first.write_text("Iran supplied Russia with drones.\n", encoding="utf-8")
    assert invoke("build", first, "--out", out, "-q").exit_code == 0
    assert json.loads((out / "store" / FINGERPRINT).read_text())["graph"] == "graph.ttl"
    second = tmp_path / "b.txt"
    second.write_text("North Korea sent artillery shells to Russia.\n", encoding="utf-8")
    assert invoke("build", second, "--update", out, "-q").exit_code == 0
    assert open_graph_store(out) is not None
    query = named_queries()["who-supplies-whom"]
    from_store = run_query(out, query)
    from kg.graph import load_graph

    assert from_store == run_query(load_graph(out / "graph.ttl"), query)
    assert {row[0] for row in from_store.rows} >= {"Iran", "North Korea"}
    by_dir = invoke("query", out, "--name", "who-supplies-whom", "--format", "csv")
    by_file = invoke("query", out / "graph.ttl", "--name", "who-supplies-whom", "--format", "csv")
    assert by_dir.exit_code == 0 and by_dir.stdout == by_file.stdout
    assert "North Korea" in by_dir.stdout
