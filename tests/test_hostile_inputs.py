"""Hostile input (issue 8): nothing crashes, nothing is lost, nothing gets in.

``kg build`` runs through typer's CliRunner over a corpus of bad inputs the tests generate
(``hostile_corpus`` in conftest): every bad file or record is named once on stderr with its file
and line, every good record is in the graph with its offsets intact, the exit code says whether
anything was skipped, and every output still parses.
"""

from __future__ import annotations

import json
import os
import random
import re
import time

import pytest

from kg.pipeline import FOLDERS, OUTPUTS
from rdflib import Literal

from kg.namespace import KG

pytestmark = pytest.mark.model

SLOW = os.environ.get("KG_SLOW_TESTS") == "1"
FILLER = ("the of and to in a is that for it as was with be by on not this are or from at which "
          "but have an they were there been one all their has would when").split()


def _skips(stderr: str, where: str) -> list[str]:
    """The stderr lines that report ``where`` (a file, or file:line) as skipped."""
    pattern = re.compile(rf"^kg: WARNING: {re.escape(where)}: ")
    return [line for line in stderr.splitlines() if pattern.match(line)]


def _check_offsets(parsed: dict, texts: dict[str, str]) -> None:
    for m in parsed["mentions.jsonl"]:
        assert texts[m["doc"]][m["start"]:m["end"]] == m["text"], m
    for a in parsed["assertions.jsonl"]:
        text = texts[a["doc"]]
        for side in ("source", "target", "sentence"):
            s = a[side]
            assert text[s["start"]:s["end"]] == s["text"], (side, a)


def _doc_ids(graph) -> set[str]:
    return {str(o) for o in graph.objects(None, KG.docId)}


def _filler_line(size: int, actors_every: int, seed: int = 0, stop_every: int = 12) -> str:
    """One line of ``size`` characters: lowercase filler, a sentence end every ``stop_every``
    words (0: none), and "Russia attacked Ukraine." every ``actors_every`` words."""
    rng = random.Random(seed)
    parts, length, i = [], 0, 0
    while length < size:
        i += 1
        if i % actors_every == 0:
            word = "Russia attacked Ukraine."
        else:
            word = rng.choice(FILLER) + ("." if stop_every and i % stop_every == 0 else "")
        parts.append(word)
        length += len(word) + 1
    return " ".join(parts)[:size].rstrip() + "\n"


# ------------------------------------------------------------------------ the hostile corpus


def test_hostile_corpus_every_bad_record_named_every_good_one_built(
        invoke, hostile_corpus, hostile_check_outputs, tmp_path):
    folder, good, bad = hostile_corpus
    out = tmp_path / "out"
    result = invoke("build", folder, "--out", out)
    assert result.exit_code == 1, result.output + result.stderr
    assert "Traceback" not in result.stderr
    for where in bad:
        assert len(_skips(result.stderr, where)) == 1, (where, result.stderr)
    for doc_id in good:  # no good record is reported as skipped
        assert f"{doc_id!r}" not in result.stderr or "duplicate" in result.stderr
    assert f"{len(bad)} records skipped" in result.stdout
    parsed = hostile_check_outputs(out)
    assert _doc_ids(parsed["graph.ttl"]) == set(good)
    _check_offsets(parsed, good)
    # the relations of the good records are there, from the documents they belong to
    found = {(a["doc"], a["source"]["label"], a["relation"], a["target"]["label"])
             for a in parsed["assertions.jsonl"]}
    for expected in [("good-1", "China", "supports", "Russia"),
                     ("../../etc/passwd", "United States", "sanctions", "Iran"),
                     ("long-token", "Russia", "attacks", "Ukraine"),
                     ("7", "Iran", "supplies", "Russia"),
                     ("bom", "North Korea", "supplies", "Russia"),
                     ("script", "Russia", "attacks", "Ukraine")]:
        assert expected in found, (expected, sorted(found))
    # the duplicate id kept the first record
    assert not any(a["doc"] == "good-1" and "Israel" in a["sentence"]["text"]
                   for a in parsed["assertions.jsonl"])
    # HTML: the script's content never became text
    assert not any("pwned" in m["text"] for m in parsed["mentions.jsonl"] if m["doc"] == "script")


def test_hostile_corpus_ids_and_text_are_data_not_syntax(
        invoke, hostile_corpus, hostile_check_outputs, tmp_path):
    """Ids and text with Turtle, SPARQL and IRI metacharacters come back as the same strings."""
    folder, good, _ = hostile_corpus
    out = tmp_path / "out"
    invoke("build", folder, "--out", out)
    graph = hostile_check_outputs(out)["graph.ttl"]
    for doc_id in ("../../etc/passwd", "<http://evil.example/iri>", "rtl \u202e\u200f",
                   "zero\u200bwidth", "ttl-meta"):
        docs = list(graph.subjects(KG.docId, Literal(doc_id)))
        assert len(docs) == 1, doc_id
        assert str(docs[0]).startswith("https://w3id.org/kg/doc/")
        assert not re.search(r"[<>\"{}|^`\\\s\u202e\u200b]", str(docs[0])), docs[0]
    allowed = ("https://w3id.org/kg/", "http://www.wikidata.org/entity/",
               "http://www.w3.org/", "http://purl.org/dc/terms/", "https://schema.org/")
    for triple in graph:  # text never becomes an IRI of its own
        for term in triple:
            if not isinstance(term, Literal):
                assert str(term).startswith(allowed), term
    evidence = {str(o) for o in graph.objects(None, KG.evidence)}
    assert any('"""Ukraine"""' in e and "@prefix" in e for e in evidence), evidence


def test_hostile_corpus_ids_cannot_escape_out(invoke, hostile_corpus, tmp_path):
    folder, _, _ = hostile_corpus
    out = tmp_path / "deep" / "out"
    before = {p for p in tmp_path.rglob("*")}
    result = invoke("build", folder, "--out", out)
    assert result.exit_code == 1, result.stderr
    created = {p for p in tmp_path.rglob("*")} - before
    assert created, "nothing was written"
    for path in created:
        assert path == out.parent or out in path.parents or path == out, path
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS + FOLDERS)
    assert not (tmp_path / "etc").exists() and not (tmp_path / "deep" / "etc").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "folder"])
def test_hostile_nothing_skipped_exit_0(invoke, hostile_check_outputs, hostile_good_records,
                                       tmp_path, fmt):
    HOSTILE_GOOD_RECORDS = hostile_good_records
    if fmt == "jsonl":
        inp = tmp_path / "good.jsonl"
        inp.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                               for i, t in HOSTILE_GOOD_RECORDS), encoding="utf-8")
        texts = dict(HOSTILE_GOOD_RECORDS)
    else:
        inp = tmp_path / "good"
        inp.mkdir()
        texts = {}
        for k, (_, text) in enumerate(HOSTILE_GOOD_RECORDS):
            (inp / f"doc{k}.txt").write_text(text, encoding="utf-8", newline="")
            texts[f"doc{k}"] = text
    out = tmp_path / "out"
    result = invoke("build", inp, "--out", out)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "records skipped" not in result.stdout
    parsed = hostile_check_outputs(out)
    assert _doc_ids(parsed["graph.ttl"]) == set(texts)
    _check_offsets(parsed, texts)


BAD_ALONE = {
    "empty.txt": (b"", "empty document"),
    "whitespace.txt": (b" \n\t\r\n ", "empty document"),
    "binary.txt": (bytes(range(256)) * 8, "binary file"),
    "latin1.txt": ("Russia attacked Ukraine. Caf\xe9".encode("latin-1"), "invalid UTF-8"),
    "utf16.txt": ("Russia attacked Ukraine.".encode("utf-16"), "UTF-16"),
    "nul.txt": (b"Russia attacked Ukraine.\x00", "binary file"),
    "bom-only.txt": (b"\xef\xbb\xbf", "empty document"),
    "only-script.html": (b"<script>Russia attacked Ukraine.</script>", "empty document"),
    "all-bad.jsonl": (b'{"text": 1}\n{"id": "x"\n[]\n', "text"),
    "binary.jsonl": (b"\x00\x01\x02" * 100, "binary file"),
}


@pytest.mark.parametrize("name", sorted(BAD_ALONE))
def test_hostile_only_bad_input_exit_2_nothing_written(invoke, tmp_path, name):
    data, reason = BAD_ALONE[name]
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out"
    result = invoke("build", path, "--out", out)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert any(str(path) in line and reason in line for line in result.stderr.splitlines()), \
        result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and "no readable documents" in errors[0]
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


def test_hostile_only_bad_input_keeps_previous_outputs(invoke, tmp_path, hostile_check_outputs):
    good = tmp_path / "good.txt"
    good.write_text("Iran supplied Russia with drones.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("build", good, "--out", out).exit_code == 0
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    result = invoke("build", bad, "--out", out)
    assert result.exit_code == 2
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS + FOLDERS)


# --------------------------------------------------------------------------------- stdin


@pytest.mark.parametrize("data, code, expect", [
    (b"\xef\xbb\xbfIran supplied Russia with drones.", 0, None),
    (b"\x00\x01binary\x00" * 50, 2, "<stdin>: binary file"),
    (b"Russia attacked Ukraine. \xe9\xff", 2, "<stdin>: invalid UTF-8"),
    (b"   \n\n\t", 2, "<stdin>: empty document"),
    (b'{"id": "a", "text": "Iran supplied Russia."}\n{"id": "b", "text": \n'
     b'{"id": "c", "text": 5}\n{"id": "d", "text": "China backs Russia."}\n', 1,
     "<stdin>:2: malformed JSON"),
])
def test_hostile_stdin(invoke, tmp_path, data, code, expect):
    out = tmp_path / "out"
    result = invoke("build", "-", "--out", out, input=data)
    assert result.exit_code == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if expect:
        assert expect in result.stderr
    if code < 2:
        lines = [json.loads(x) for x in (out / "mentions.jsonl").read_text().splitlines()]
        assert lines


def test_hostile_jsonl_broken_line_message_says_what(invoke, tmp_path):
    """A line cut short is reported as such, not as an 'invalid control character'."""
    path = tmp_path / "cut.jsonl"
    path.write_text('{"id": "a", "text": "Iran supplied Russia."}\n'
                    '{"id": "b", "text": "Iran supplied\n'
                    '{"id": "c", "text": "China backs Russia."}\n', encoding="utf-8")
    result = invoke("build", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    line = _skips(result.stderr, f"{path}:2")
    assert len(line) == 1 and "Unterminated string" in line[0], result.stderr


# ----------------------------------------------------------------------- one enormous line


def _build_big_line(invoke, tmp_path, hostile_check_outputs, size, stop_every=12):
    path = tmp_path / "big.txt"
    text = _filler_line(size, actors_every=20_000, stop_every=stop_every)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    result = invoke("build", path, "--out", out)
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, (result.stdout + result.stderr)[-3000:]
    parsed = hostile_check_outputs(out)
    _check_offsets(parsed, {"big": text})
    expected = text.count("Russia attacked Ukraine.")
    assert sum(m["label"] == "Russia" for m in parsed["mentions.jsonl"]) == expected
    return parsed, elapsed


def test_hostile_one_line_just_under_a_million_chars(invoke, tmp_path, hostile_check_outputs):
    """990,000 characters on one line (with sentence ends): built in the default suite."""
    parsed, _ = _build_big_line(invoke, tmp_path, hostile_check_outputs, 990_000)
    assert len(parsed["assertions.jsonl"]) >= 1


def test_hostile_one_line_without_sentence_ends(invoke, tmp_path, hostile_check_outputs):
    """250,000 characters, one line, no sentence end: parsed in 100,000-character pieces."""
    _build_big_line(invoke, tmp_path, hostile_check_outputs, 250_000, stop_every=0)


def test_hostile_one_line_over_a_million_chars(invoke, tmp_path, hostile_check_outputs):
    """Over spaCy's max_length (1,000,000): the first pass reads it in pieces."""
    _build_big_line(invoke, tmp_path, hostile_check_outputs, 2_000_000)


@pytest.mark.skipif(not SLOW, reason="50 MB on one line takes minutes: KG_SLOW_TESTS=1")
def test_hostile_one_line_of_50_mb(invoke, tmp_path, hostile_check_outputs):
    """50 MB on one line, filler with sentence ends and a rare relation (about 2.5 min)."""
    _build_big_line(invoke, tmp_path, hostile_check_outputs, 50_000_000)


@pytest.mark.skipif(not SLOW, reason="5 MB without a sentence end takes minutes: KG_SLOW_TESTS=1")
def test_hostile_one_line_of_5_mb_without_sentence_ends(invoke, tmp_path, hostile_check_outputs):
    """The worst case: no sentence end, so the first pass keeps everything (~4.5 min)."""
    _build_big_line(invoke, tmp_path, hostile_check_outputs, 5_000_000, stop_every=0)


# ------------------------------------------------------------------- odd files in a folder


def test_hostile_folder_with_fifo_and_broken_links_does_not_hang(invoke, tmp_path,
                                                                 hostile_check_outputs):
    """A FIFO in an input folder would block a read forever: it is skipped and named."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # not followed
    out = tmp_path / "out"
    result = invoke("build", folder, "--out", out)
    assert result.exit_code == 1, result.stdout + result.stderr
    for name in ("pipe.txt", "pipe.jsonl"):
        [line] = _skips(result.stderr, str(folder / name))
        assert "not a regular file" in line
    [line] = _skips(result.stderr, str(folder / "dangling.txt"))
    assert "cannot read" in line
    parsed = hostile_check_outputs(out)
    assert {m["doc"] for m in parsed["mentions.jsonl"]} == {"a"}


def test_hostile_out_inside_the_input_folder(invoke, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran supplied Russia with attack drones.\n", encoding="utf-8")
    out = folder / "out"
    assert invoke("build", folder, "--out", out, "-q").exit_code == 0
    again = invoke("build", folder, "--out", out)
    assert again.exit_code == 0, again.stdout + again.stderr
    assert "kg: 1 document," in again.stdout
