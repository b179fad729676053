"""kg eval: the same numbers as the reference scorer, and the seeds meet their targets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import evaluate, read_jsonl

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "seeds_gold.jsonl"
SHARED_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def _record(doc, s, rel, t):
    return {"doc": doc, "relation": rel, "source": {"label": s}, "target": {"label": t}}


def test_evaluate_levels_and_symmetry():
    gold = [{"doc": "d", "source": "Russia", "relation": "alliedWith", "target": "China"},
            {"doc": "d", "source": "Iran", "relation": "supplies", "target": "Russia"}]
    pred = [_record("d", "China", "alliedWith", "Russia"),  # symmetric: matches
            _record("d", "Iran", "supports", "Russia"),  # polarity only
            _record("d", "U.S.", "attacks", "Iran"),  # spurious
            _record("other", "Iran", "supplies", "Russia")]  # not a gold document: ignored
    s = evaluate(gold, pred)
    assert (s["exact"].precision, s["exact"].recall) == (0.333, 0.5)
    assert (s["polarity"].precision, s["polarity"].recall) == (0.667, 1.0)
    assert s["exact"].missed == [("d", "Iran", "supplies", "Russia")]
    assert ("d", "U.S.", "attacks", "Iran") in s["exact"].spurious


def test_evaluate_leaves_out_negated_groups_and_structure_like_the_reference():
    gold = [{"doc": "d", "source": "Recep Tayyip Erdoğan", "relation": "negotiatesWith",
             "target": "Iran"},
            {"doc": "d", "source": "Iran", "relation": "attacks", "target": "Iraq", "negated": True},
            {"doc": "d", "source": "Ali Khamenei", "relation": "leaderOf", "target": "Iran"}]
    pred = [_record("d", "Recep Tayyip Erdogan", "negotiatesWith", "Iran"),  # diacritics folded
            {**_record("d", "Iran", "attacks", "Iraq"), "negated": True},
            {"doc": "d", "relation": "attacks", "source": {"label": "Iraq"},
             "target": {"label": "Iraqi rebels", "type": "Group"}},
            _record("d", "Ali Khamenei", "leaderOf", "Iran")]
    s = evaluate(gold, pred)
    assert (s["exact"].gold, s["exact"].predicted, s["exact"].f1) == (2, 2, 1.0)
    s = evaluate(gold, pred, events=True)
    assert (s["exact"].gold, s["exact"].predicted, s["exact"].f1) == (1, 1, 1.0)


def test_evaluate_bad_line_names_file_and_line(tmp_path):
    from kg.errors import InputError

    bad = tmp_path / "a.jsonl"
    bad.write_text('{"doc": "d"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.jsonl:2"):
        read_jsonl(bad)


@pytest.mark.model
def test_evaluate_seeds_meet_the_targets(seed_out):
    s = evaluate(read_jsonl(GOLD), read_jsonl(seed_out / "assertions.jsonl"))
    assert s["polarity"].f1 >= 0.80 and s["exact"].f1 >= 0.70
    assert s["polarity"].precision >= 0.80 and s["exact"].precision >= 0.80


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="needs ../shared/eval/score.py")
@pytest.mark.parametrize("events", [False, True])
def test_evaluate_matches_reference_scorer(seed_out, events):
    ref = subprocess.run([sys.executable, str(SHARED_SCORER), str(GOLD),
                          str(seed_out / "assertions.jsonl"), "--json"] + ["--events"] * events,
                         capture_output=True, text=True, check=True)
    expected = json.loads(ref.stdout)
    ours = evaluate(read_jsonl(GOLD), read_jsonl(seed_out / "assertions.jsonl"), events=events)
    for level, figures in expected.items():
        got = ours[level]
        assert (got.precision, got.recall, got.f1, got.gold, got.predicted) == (
            figures["precision"], figures["recall"], figures["f1"], figures["gold"],
            figures["predicted"])


@pytest.mark.model
def test_evaluate_cli_prints_levels_and_lists(seed_out):
    from typer.testing import CliRunner

    import kg.cli

    kg.cli._register()
    result = CliRunner().invoke(kg.cli.app, ["eval", str(GOLD), str(seed_out / "assertions.jsonl")])
    assert result.exit_code == 0, result.output
    assert "exact" in result.output and "polarity" in result.output and "missed" in result.output
