"""kg.pipeline: a build collects garbage less often while it runs, and puts the thresholds back."""

from __future__ import annotations

import gc

import pytest

from kg.pipeline import GC_THRESHOLD, build

pytestmark = pytest.mark.model


def _input(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("Chile sent wheat to Peru. Prices fell in May.", encoding="utf-8")
    return path


def test_pipeline_collects_less_during_a_build(tmp_path):
    before = gc.get_threshold()
    seen = []
    report = build([_input(tmp_path)], tmp_path / "out", exports=(),
                   progress=lambda doc: seen.append(gc.get_threshold()))
    assert report.documents == 1 and seen
    assert seen[0][0] == max(before[0], GC_THRESHOLD) and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before  # the caller's thresholds again


def test_pipeline_leaves_disabled_collection_alone(tmp_path):
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        seen = []
        build([_input(tmp_path)], tmp_path / "out", exports=(),
              progress=lambda doc: seen.append(gc.get_threshold()[0]))
        assert seen == [0] and gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_pipeline_restores_the_thresholds_after_a_failed_build(tmp_path):
    from kg.errors import KGError

    before = gc.get_threshold()
    with pytest.raises(KGError):
        build([tmp_path / "missing.jsonl"], tmp_path / "out")
    assert gc.get_threshold() == before
