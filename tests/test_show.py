"""``kg show`` and the name lookup behind it: any name, alias or ISO code finds the actor."""

from __future__ import annotations

import json

import pytest

from kg.errors import ConfigError
from kg.lookup import fold, resolve_actor


@pytest.mark.parametrize("name", ["Russia", "russia", "RUS", "rus", "Kremlin", "the Kremlin", "Moscow", "Russian Federation"])
def test_lookup_every_name_of_russia(name):
    found = resolve_actor(name)
    assert (found.id, found.label) == ("RUS", "Russia")


def test_lookup_prefers_the_graph_and_suggests():
    assert resolve_actor("x-evil", {"x-evil": "Evil Corp"}).label == "Evil Corp"
    assert resolve_actor("evil corp", {"x-evil": "Evil Corp"}).how == "label"
    with pytest.raises(ConfigError, match="did you mean Russia"):
        resolve_actor("Rusia")
    with pytest.raises(ConfigError, match="empty"):
        resolve_actor("  ")
    assert fold("Türkiye's") == "turkiye"


@pytest.mark.model
def test_show_kremlin_prints_russias_card(invoke, seed_out):
    result = invoke("show", "Kremlin", seed_out / "graph.ttl")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Russia (RUS)")
    assert "Type: State" in out and "Q159" in out and "Bloc: 0" in out and "North Korea" in out
    assert "supplies <- North Korea" in out and "Pyongyang" in out  # a relation and its evidence
    assert "'Kremlin' found by name" in out


@pytest.mark.model
def test_show_json_has_every_evidence(invoke, seed_out):
    result = invoke("show", "rus", seed_out / "graph.ttl", "--json")
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert card["id"] == "RUS" and card["resolved"] == {"query": "rus", "how": "id"}
    assertions = [json.loads(line) for line in (seed_out / "assertions.jsonl").read_text().splitlines()]
    supplies = next(r for r in card["relations"] if r["relation"] == "supplies" and r["partner"]["id"] == "PRK")
    expected = {a["sentence"]["text"] for a in assertions if (a["source"]["id"], a["relation"], a["target"]["id"])
                == ("PRK", "supplies", "RUS") and not a["negated"]}  # fmt: skip
    assert {e["sentence"] for e in supplies["evidence"]} == expected and supplies["count"] >= len(expected)
    ev = supplies["evidence"][0]
    assert all(ev["sentence"][s:e] for s, e in ev["marks"]) and ev["doc"]


@pytest.mark.model
def test_show_unknown_actor_is_one_line(invoke, seed_out):
    result = invoke("show", "Atlantis", seed_out / "graph.ttl")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no actor is called 'Atlantis'" in result.stderr
    absent = invoke("show", "France", seed_out / "graph.ttl")
    assert absent.exit_code == 2 and "not in" in absent.stderr


def test_cli_version(invoke):
    from kg import __version__

    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"kg {__version__}"
