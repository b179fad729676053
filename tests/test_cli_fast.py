"""``kg query``'s quick start (kg.cli._fast): the same answers as typer, without its set-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli._fast import query_args

ROOT = Path(__file__).resolve().parent.parent


def _fast(argv, capsys):
    from kg.cli.query import command

    kwargs = query_args(argv)
    assert kwargs is not None, argv
    code = 0
    try:
        command(**kwargs)
    except typer.Exit as exc:
        code = exc.exit_code
    out = capsys.readouterr()
    return code, out.out.replace("\r\n", "\n")  # as click's test runner reports it


@pytest.mark.parametrize("argv", [
    ["{g}", "--name", "who-supplies-whom"],
    ["{g}", "-n", "suppliers-of", "-p", "actor=russia", "--format", "csv"],
    ["{g}", "--name", "evidence", "--param", "actor=Russia", "-p", "other=PRK", "--format", "json"],
    ["{g}", "SELECT ?l WHERE { ?x rdfs:label ?l } ORDER BY ?l"],
    ["{g}", "--name", "no-such-query"],
    ["{g}", "--format", "xml", "--name", "who-supplies-whom"],
    ["{g}", "--name", "allies-of"],
    ["--list"],
    ["{g}", "INSERT DATA { <a:b> <a:c> <a:d> }"],
])
def test_cli_fast_query_answers_as_typer_does(argv, rdf_graph_file, rdf_cli_app, capsys):
    argv = [a.replace("{g}", str(rdf_graph_file)) for a in argv]
    slow = CliRunner().invoke(rdf_cli_app, ["query", *argv])
    capsys.readouterr()
    code, out = _fast(argv, capsys)
    assert (code, out) == (slow.exit_code, slow.stdout)


@pytest.mark.parametrize("argv", [
    ["out", "--help"], ["out", "--name=allies-of"], ["out", "--name"], ["out", "-n", "a", "-n", "b"],
    ["out", "--bogus"], ["a", "b", "c"], ["out", "--", "-q"], ["out", "--name", "-x"],
])
def test_cli_fast_leaves_everything_else_to_typer(argv):
    assert query_args(argv) is None


def test_cli_fast_query_on_a_store_imports_neither_typer_nor_rich(rdf_graph_file):
    from kg.store import write_store

    write_store(rdf_graph_file, rdf_graph_file.parent / "store")  # as kg build writes it
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "kg", "query", str(rdf_graph_file.parent),
                          "--name", "who-supplies-whom", "--format", "csv"],
                         capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["supplier,recipient,evidence", "North Korea,Russia,2"]
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert "kg.sparql" in imported
    assert not {m for m in imported if m.split(".")[0] in ("pydantic", "rich", "typer", "rdflib", "spacy", "pyvis")}
    # nor the standard modules that took most of its start (issue 15): Python and pyoxigraph are left
    assert not imported & {"kg.api", "kg.types", "typing", "dataclasses", "inspect", "pathlib", "logging"}
