"""``kg build`` through typer's CliRunner: formats, stdin, bad inputs, exit codes, help, determinism.

The texts are small and written for these tests; the model loads once per process.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_FILES = ("mentions.jsonl", "actors.jsonl", "assertions.jsonl", "graph.ttl", "blocs.json",
                "graph.html", "graph.gexf", "graph.graphml")
COMMANDS = ("build", "query", "export", "analyze", "show", "eval", "serve")

TXT = "North Korea has sent thousands of troops to Russia, officials in Seoul said.\n"
MD = "# Drones\n\nIran supplied Russia with attack drones, Kyiv said.\n"
HTML = ("<html><head><title>Aid</title></head><body><p>NATO stands behind Ukraine.</p>"
        "<script>var x = 'Hezbollah';</script></body></html>")
JSONL_RECORDS = [
    {"id": "j1", "text": "China backs Russia diplomatically.", "date": "2024-10-01"},
    {"id": "j2", "text": "The United States sanctioned Iran.", "date": "2024-10-02"},
]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def app(rdf_cli_app):
    """``kg.cli.app`` with its commands registered (once per session, by conftest)."""
    return rdf_cli_app


@pytest.fixture
def invoke(runner, app):
    def call(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return call


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _corpus(folder: Path) -> Path:
    _write(folder / "a.txt", TXT)
    _write(folder / "b.md", MD)
    _write(folder / "c.html", HTML)
    _write(folder / "d.jsonl", "".join(json.dumps(r) + "\n" for r in JSONL_RECORDS))
    return folder


def _message_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# ----------------------------------------------------------------------------- formats
def test_cli_build_folder_of_every_format(invoke, tmp_path):
    src, out = _corpus(tmp_path / "in"), tmp_path / "out"
    result = invoke("build", src, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    for name in OUTPUT_FILES:
        assert (out / name).stat().st_size > 0, name
    mentions = _jsonl(out / "mentions.jsonl")
    assert {m["doc"] for m in mentions} == {"a", "b", "c", "j1", "j2"}
    by_doc = {}
    for m in mentions:
        by_doc.setdefault(m["doc"], set()).add(m["label"])
    assert {"North Korea", "Russia", "South Korea"} <= by_doc["a"]
    assert {"Iran", "Russia", "Ukraine"} <= by_doc["b"]
    assert by_doc["c"] == {"NATO", "Ukraine"}  # the script is not text
    assert {"China", "Russia"} <= by_doc["j1"]
    assert {"United States", "Iran"} <= by_doc["j2"]
    for m in mentions:
        if m["doc"] == "a":
            assert TXT[m["start"]:m["end"]] == m["text"]
        if m["doc"] == "j1":
            assert JSONL_RECORDS[0]["text"][m["start"]:m["end"]] == m["text"]
    actors = _jsonl(out / "actors.jsonl")
    assert {"Russia", "NATO", "Ukraine"} <= {a["label"] for a in actors}
    assert all({"id", "label", "type", "iso3", "wikidata", "mentions"} <= set(a) for a in actors)
    assertions = _jsonl(out / "assertions.jsonl")
    assert assertions and {a["doc"] for a in assertions} <= {"a", "b", "c", "j1", "j2"}
    found = {(a["doc"], a["source"]["label"], a["relation"], a["target"]["label"])
             for a in assertions}
    assert ("a", "North Korea", "supplies", "Russia") in found
    assert ("b", "Iran", "supplies", "Russia") in found
    for a in assertions:
        assert set(a) >= {"doc", "relation", "source", "target", "sentence", "confidence",
                          "polarity", "negated", "hedged"}
    assert "North Korea" in (out / "graph.ttl").read_text(encoding="utf-8")
    json.loads((out / "blocs.json").read_text(encoding="utf-8"))
    assert "5 documents" in result.stdout
    assert not list(out.glob(".kg-build-*")), "staging folder left behind"


@pytest.mark.parametrize(("name", "content", "doc"), [
    ("story.txt", TXT, "story"), ("story.md", MD, "story"), ("page.html", HTML, "page"),
    ("items.jsonl", json.dumps(JSONL_RECORDS[0]) + "\n", "j1"),
])
def test_cli_build_single_file_of_each_format(invoke, tmp_path, name, content, doc):
    path = _write(tmp_path / name, content)
    result = invoke("build", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    assert {m["doc"] for m in _jsonl(tmp_path / "out" / "mentions.jsonl")} == {doc}


def test_cli_build_stdin_text(invoke, tmp_path):
    result = invoke("build", "-", "--out", tmp_path, input=TXT)
    assert result.exit_code == 0, result.output + result.stderr
    mentions = _jsonl(tmp_path / "mentions.jsonl")
    assert {m["doc"] for m in mentions} == {"stdin"}
    assert all(TXT[m["start"]:m["end"]] == m["text"] for m in mentions)


def test_cli_build_stdin_jsonl(invoke, tmp_path):
    data = "".join(json.dumps(r) + "\n" for r in JSONL_RECORDS)
    result = invoke("build", "-", "--out", tmp_path, input=data)
    assert result.exit_code == 0, result.output + result.stderr
    assert {m["doc"] for m in _jsonl(tmp_path / "mentions.jsonl")} == {"j1", "j2"}


def test_cli_build_stdin_curly_apostrophes_and_offsets(invoke, tmp_path):
    text = ("\u201cRussia\u2019s war,\u201d said Kyiv\u2019s envoy \u2014 and Moscow's too. "
            "Iran supplied Russia with drones.\n")
    result = invoke("build", "-", "--out", tmp_path, input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output + result.stderr
    mentions = _jsonl(tmp_path / "mentions.jsonl")
    assert [(m["text"], m["label"]) for m in mentions] == [
        ("Russia", "Russia"), ("Kyiv", "Ukraine"), ("Moscow", "Russia"), ("Iran", "Iran"),
        ("Russia", "Russia")]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in mentions)


@pytest.mark.parametrize("text", [
    "Russia and Ukraine were both mentioned in the report.\n",  # actors, no relation
    "The weather in the valley was mild for the season.\n",  # no actor at all
])
def test_cli_build_text_without_relations_succeeds(invoke, tmp_path, text):
    """A readable article that states no relation is not an error: empty outputs, exit 0."""
    out = tmp_path / "out"
    result = invoke("build", _write(tmp_path / "calm.txt", text), "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert (out / "assertions.jsonl").read_text(encoding="utf-8") == ""
    assert (out / "graph.ttl").exists() and (out / "blocs.json").exists()


# --------------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\n\t\n", "empty"),
    ("image.txt", bytes(range(256)) * 8, "binary"),
    ("latin1.txt", "Caf\u00e9 in Kyiv, said Russia.".encode("cp1252"), "UTF-8"),
])
def test_cli_build_unreadable_file_skipped_exit_1(invoke, tmp_path, name, content, reason):
    src = tmp_path / "in"
    _write(src / "good.txt", TXT)
    bad = _write(src / name, content)
    out = tmp_path / "out"
    result = invoke("build", src, "--out", out)
    assert result.exit_code == 1, result.output + result.stderr
    warnings = [line for line in _message_lines(result.stderr) if str(bad) in line]
    assert len(warnings) == 1 and reason in warnings[0], result.stderr
    assert "Traceback" not in result.stderr
    assert {m["doc"] for m in _jsonl(out / "mentions.jsonl")} == {"good"}
    assert "1 records skipped" in result.stdout or "1 record skipped" in result.stdout


def test_cli_build_invalid_utf8_message_names_the_line(invoke, tmp_path):
    bad = _write(tmp_path / "in" / "bad.txt", b"Russia attacked.\nUkraine\xff resisted.\n")
    _write(tmp_path / "in" / "good.txt", TXT)
    result = invoke("build", tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}: invalid UTF-8 .*line 2", result.stderr), result.stderr


def test_cli_build_malformed_jsonl_line_in_the_middle(invoke, tmp_path):
    path = _write(tmp_path / "items.jsonl", "\n".join([
        json.dumps(JSONL_RECORDS[0]),
        '{"id": "broken", "text": "Russia attacked Ukraine.',  # line 2: unterminated
        json.dumps(JSONL_RECORDS[1]),
        json.dumps({"id": "no-text"}),  # line 4: no text field
        b"\xff".decode("latin-1"),  # line 5: not a JSON value
    ]) + "\n")
    out = tmp_path / "out"
    result = invoke("build", path, "--out", out)
    assert result.exit_code == 1, result.output + result.stderr
    stderr = result.stderr
    assert f"{path}:2: malformed JSON" in stderr
    assert f"{path}:4:" in stderr and "text" in stderr
    assert f"{path}:5:" in stderr
    assert f"{path}:1" not in stderr and f"{path}:3" not in stderr
    assert "Traceback" not in stderr
    assert {m["doc"] for m in _jsonl(out / "mentions.jsonl")} == {"j1", "j2"}
    assert "3 records skipped" in result.stdout


def test_cli_build_invalid_utf8_jsonl_line(invoke, tmp_path):
    path = _write(tmp_path / "items.jsonl",
                  json.dumps(JSONL_RECORDS[0]).encode() + b"\n"
                  + b'{"id": "x", "text": "Russia \xff attacked."}\n'
                  + json.dumps(JSONL_RECORDS[1]).encode() + b"\n")
    result = invoke("build", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{path}:2: invalid UTF-8" in result.stderr
    assert {m["doc"] for m in _jsonl(tmp_path / "out" / "mentions.jsonl")} == {"j1", "j2"}


def test_cli_build_only_unreadable_inputs_exit_2_and_nothing_written(invoke, tmp_path):
    _write(tmp_path / "in" / "empty.txt", b"")
    _write(tmp_path / "in" / "image.txt", b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = invoke("build", tmp_path / "in", "--out", out)
    assert result.exit_code == 2
    assert "no readable documents" in result.stderr
    assert "Traceback" not in result.stderr
    assert not [p for p in out.glob("*")] if out.exists() else True


@pytest.mark.parametrize("extra", [(), ("GOOD",)])
def test_cli_build_missing_input_path(invoke, tmp_path, extra):
    good = _write(tmp_path / "good.txt", TXT)
    missing = tmp_path / "no-such-folder" / "story.txt"
    out = tmp_path / "out"
    args = [str(good) if e == "GOOD" else e for e in extra]
    result = invoke("build", *args, missing, "--out", out)
    assert result.exit_code == 2
    lines = _message_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert str(missing) in lines[0] and lines[0].startswith("kg: error:")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()


def test_cli_build_missing_input_keeps_previous_outputs(invoke, tmp_path):
    out = tmp_path / "out"
    assert invoke("build", _write(tmp_path / "a.txt", TXT), "--out", out, "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert invoke("build", tmp_path / "missing.txt", "--out", out).exit_code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_build_no_input_is_a_usage_error(invoke, tmp_path):
    result = invoke("build", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- help, docs
def test_cli_help_lists_every_command(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^\W*{name}\s+\S", result.stdout, re.M), f"{name}: no help line"


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_every_command_has_help(invoke, name):
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    assert f"kg {name}" in result.stdout or "Usage" in result.stdout
    text = result.stdout.split("Options")[0]
    assert len(re.sub(r"\s+", " ", text)) > 60, f"{name}: no description in --help"


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_every_command_documented_in_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\bkg {name}\b", readme), f"README.md does not show `kg {name}`"


def test_cli_registered_commands_are_the_documented_ones(app):
    names = {c.name for c in app.registered_commands}
    assert names == set(COMMANDS)


# ------------------------------------------------------------------------- determinism
def test_cli_build_is_deterministic(invoke, tmp_path):
    src = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", src)
    outs = [tmp_path / "out1", tmp_path / "out2"]
    for out in outs:
        result = invoke("build", src, "--out", out, "--quiet")
        assert result.exit_code == 0, result.output + result.stderr
    for name in ("mentions.jsonl", "actors.jsonl", "assertions.jsonl", "graph.ttl", "blocs.json",
                 "graph.gexf", "graph.graphml"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_cli_build_outputs_all_come_from_one_build(invoke, tmp_path):
    """A second build into the same folder replaces every output or none of them."""
    out = tmp_path / "out"
    first = invoke("build", _write(tmp_path / "a.txt", TXT), "--out", out, "-q")
    assert first.exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    calm = _write(tmp_path / "b.txt", "Russia and Ukraine were both mentioned in the report.\n")
    second = invoke("build", calm, "--out", out, "-q")
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    if second.exit_code == 0:
        assert {m["doc"] for m in _jsonl(out / "mentions.jsonl")} == {"b"}
        assert all(after[name] != before[name] for name in ("mentions.jsonl", "actors.jsonl"))
    else:
        changed = sorted(name for name in before if after.get(name) != before[name])
        assert not changed, f"a failed build replaced {changed}"
