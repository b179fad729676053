"""kg.exporters.rdf: lossless, deterministic RDF files that rdflib and Oxigraph both read."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, URIRef
from typer.testing import CliRunner

from kg.errors import ExportError
from kg.exporters import EXPORTERS, export, get_exporter
from kg.graph import load_graph

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_rdf_round_trip_is_lossless(rdf_graph, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    export(fmt, rdf_graph, path)
    assert load_graph(path).isomorphic(rdf_graph)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_rdf_pyoxigraph_reads_the_output(rdf_graph, tmp_path, fmt, rdf_nasty):
    path = tmp_path / f"graph.{fmt}"
    export(fmt, rdf_graph, path)
    store = ox.Store()
    store.load(path=str(path), format=FORMATS[fmt])
    assert len(store) == len(rdf_graph)
    labels = {row[0].value for row in store.query("SELECT ?l { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    assert rdf_nasty.label in labels


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_rdf_is_deterministic(rdf_assertions, rdf_documents, tmp_path, fmt):
    from kg.graph import build_graph

    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export(fmt, build_graph(rdf_assertions, rdf_documents), first)
    export(fmt, build_graph(rdf_assertions[::-1], rdf_documents), second)
    assert first.read_bytes() == second.read_bytes()


def test_export_rdf_ntriples_lines_are_sorted(rdf_graph, tmp_path):
    path = tmp_path / "g.nt"
    export("nt", rdf_graph, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(rdf_graph)


def test_export_rdf_nquads_into_a_named_graph(rdf_graph, tmp_path):
    path = tmp_path / "g.nq"
    get_exporter("nq")(rdf_graph, path, graph_name="https://w3id.org/kg/graph")
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    named = dataset.graph(URIRef("https://w3id.org/kg/graph"))
    assert len(named) == len(rdf_graph)
    assert load_graph(path).isomorphic(rdf_graph)


def test_export_rdf_jsonld_context_is_inline(rdf_graph, tmp_path):
    path = tmp_path / "g.jsonld"
    export("jsonld", rdf_graph, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict)
    assert doc["@context"]["kg"] == "https://w3id.org/kg/ontology#"
    ids = [node["@id"] for node in doc["@graph"]]
    assert ids == sorted(ids)


def test_export_rdf_turtle_keeps_the_prefixes(rdf_graph, tmp_path):
    path = tmp_path / "g.ttl"
    export("ttl", rdf_graph, path)
    text = path.read_text(encoding="utf-8")
    assert "@prefix kg: <https://w3id.org/kg/ontology#> ." in text
    assert "@prefix actor: <https://w3id.org/kg/actor/> ." in text


def test_export_rdf_failure_leaves_the_old_file(rdf_graph, tmp_path, monkeypatch):
    path = tmp_path / "g.nt"
    export("nt", rdf_graph, path)
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pathlib.Path.write_bytes", broken)
    with pytest.raises(ExportError, match="No space left"):
        export("nt", rdf_graph, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.nt"]  # no temporary file left behind
    with pytest.raises(ExportError, match="needs an rdflib Graph"):
        export("nt", {"not": "a graph"}, tmp_path / "x.nt")


def test_export_rdf_unknown_format_lists_the_known_ones(rdf_graph, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'rdfxml'; known formats: .*jsonld.*ttl"):
        export("rdfxml", rdf_graph, tmp_path / "x.rdf")
    assert {"ttl", "nt", "nq", "jsonld"} <= set(EXPORTERS)


@pytest.mark.parametrize("fmt", ["nt", "nq", "jsonld"])
def test_export_rdf_cli_writes_beside_the_graph(rdf_cli_app, rdf_graph_file, rdf_graph, fmt):
    result = CliRunner().invoke(rdf_cli_app, ["export", str(rdf_graph_file), "--to", fmt])
    assert result.exit_code == 0, result.output
    assert load_graph(rdf_graph_file.with_suffix(f".{fmt}")).isomorphic(rdf_graph)


def test_export_rdf_cli_out_option(rdf_cli_app, rdf_graph_file, rdf_graph):
    out = rdf_graph_file.parent / "sub" / "copy.ttl"
    result = CliRunner().invoke(rdf_cli_app, ["export", str(rdf_graph_file), "--to", "ttl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_graph(out).isomorphic(rdf_graph)


def test_export_rdf_cli_errors(rdf_cli_app, rdf_graph_file, tmp_path):
    runner = CliRunner()
    result = runner.invoke(rdf_cli_app, ["export", str(rdf_graph_file), "--to", "pdf"])
    assert result.exit_code == 2
    assert "unknown export format 'pdf'; known formats:" in result.output
    result = runner.invoke(rdf_cli_app, ["export", str(tmp_path / "missing.ttl"), "--to", "nt"])
    assert result.exit_code == 2 and "no such file" in result.output
    result = runner.invoke(rdf_cli_app, ["export", str(rdf_graph_file), "--to", "ttl"])
    assert result.exit_code == 2 and "overwrite the input" in result.output


def test_export_rdf_cli_help_has_an_example(rdf_cli_app):
    result = CliRunner().invoke(rdf_cli_app, ["export", "--help"])
    assert result.exit_code == 0 and "kg export out/graph.ttl --to jsonld" in result.output
