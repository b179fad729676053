"""kg.query and ``kg query``: read-only SPARQL, safe parameters, named queries, both engines."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kg.errors import InputError, QueryError
from kg.sparql import (
    QueryResult,
    format_result,
    load_store,
    named_queries,
    named_query_info,
    query_parameters,
    run_query,
)

PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

NAMED = {
    "who-supplies-whom": {},
    "allies-of": {"actor": "Russia"},
    "enemies-of": {"actor": "Ukraine"},
    "evidence": {"actor": "North Korea", "other": "Russia"},
    "actors-by-type": {},
    "relations-per-document": {},
    "suppliers-of": {"actor": "Russia"},
}

ENGINE_QUERIES = [
    "SELECT ?x ?y WHERE { ?x kg:suppliedBy ?y }",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "SELECT ?l ?c WHERE { ?a rdf:subject/rdfs:label ?l ; kg:confidence ?c } ",
    "SELECT ?d ?t WHERE { ?x kg:docId ?d OPTIONAL { ?x <http://purl.org/dc/terms/title> ?t } }",
    "SELECT DISTINCT ?type WHERE { ?a a ?type } ",
    "SELECT ?a ?n WHERE { ?a kg:mentionCount ?n FILTER(?n > 2) }",
    "SELECT ?e WHERE { ?a kg:evidence ?e FILTER(CONTAINS(?e, '\"\"\"')) }",
]


def _sorted_rows(result: QueryResult):
    return sorted(result.rows, key=lambda row: tuple("" if c is None else c for c in row))


def test_query_named_queries_are_shipped_with_headers():
    queries = named_queries()
    assert set(NAMED) <= set(queries)
    info = named_query_info()
    for name, params in NAMED.items():
        assert info[name].description, name
        assert set(info[name].params) == set(params), name
        assert query_parameters(queries[name]) == list(info[name].params), name
        assert "example: kg query" in queries[name], name


@pytest.mark.parametrize("name", sorted(NAMED))
def test_query_named_queries_agree_on_both_engines(rdf_graph, name):
    text = named_queries()[name]
    fast = run_query(rdf_graph, text, NAMED[name])
    slow = run_query(rdf_graph, text, NAMED[name], engine="rdflib")
    assert fast.kind == "SELECT"
    assert fast == slow  # ORDER BY makes the order part of the answer
    assert fast.rows, name


@pytest.mark.parametrize("query", ENGINE_QUERIES)
def test_query_oxigraph_and_rdflib_give_the_same_answers(rdf_graph, query):
    fast = run_query(rdf_graph, PREFIXES + query)
    slow = run_query(rdf_graph, PREFIXES + query, engine="rdflib")
    assert fast.vars == slow.vars
    assert _sorted_rows(fast) == _sorted_rows(slow)
    assert fast.rows


def test_query_who_supplies_whom_counts_evidence(rdf_graph):
    result = run_query(rdf_graph, named_queries()["who-supplies-whom"])
    assert result.vars == ("supplier", "recipient", "evidence")
    assert result.rows == (("North Korea", "Russia", "2"),)  # NATO's negated supply is absent


def test_query_supplied_by_works_in_plain_sparql(rdf_graph):
    result = run_query(rdf_graph, PREFIXES + "SELECT ?l WHERE { ?x rdfs:label 'Russia' ; kg:suppliedBy/rdfs:label ?l }")
    assert result.rows == (("North Korea",),)
    assert run_query(rdf_graph, named_queries()["suppliers-of"], {"actor": "Russia"}).rows == (("North Korea", "2"),)
    assert run_query(rdf_graph, named_queries()["suppliers-of"], {"actor": "Ukraine"}).rows == ()


def test_query_evidence_returns_sentences_with_doc_ids(rdf_graph):
    result = run_query(rdf_graph, named_queries()["evidence"], {"actor": "Russia", "other": "North Korea"})
    assert result.vars[:5] == ("source", "relation", "target", "doc", "sentence")
    docs_and_sentences = [(row[3], row[4], row[1]) for row in result.rows]
    assert docs_and_sentences == [
        ("d1", "North Korea supplies Russia with shells.", "supplies"),
        ("d1", "North Korea supplies Russia with shells.", "supplies"),
        ("d2", "Russia and North Korea signed a pact.", "alliedWith"),
    ]


def test_query_metacharacters_come_back_unchanged(rdf_graph, rdf_nasty):
    for engine in ("oxigraph", "rdflib"):
        result = run_query(rdf_graph, named_queries()["evidence"],
                           {"actor": rdf_nasty.label, "other": "Ukraine"}, engine=engine)
        assert len(result.rows) == 1, engine
        source, relation, target, doc, sentence, confidence, negated, hedged = result.rows[0]
        assert (source, relation, target) == (rdf_nasty.label, "attacks", "Ukraine")
        assert doc == rdf_nasty.doc and sentence == rdf_nasty.sentence
        assert (confidence, negated, hedged) == ("0.123", "false", "false")
        enemies = run_query(rdf_graph, named_queries()["enemies-of"], {"actor": "Ukraine"}, engine=engine)
        assert (rdf_nasty.label, "attackedBy") in enemies.rows


@pytest.mark.parametrize(
    "value",
    ['Russia" } ?s ?p ?o { "', "Russia' . } DROP ALL #", "\\u0022 } LOAD <http://x> #", "$actor", "a\nb\r\"c\\"],
)
def test_query_parameters_cannot_inject(rdf_graph, value):
    for engine in ("oxigraph", "rdflib"):
        assert run_query(rdf_graph, named_queries()["allies-of"], {"actor": value}, engine=engine).rows == ()


def test_query_parameter_errors(rdf_graph):
    with pytest.raises(QueryError, match="missing parameter actor; give it as --param actor=VALUE"):
        run_query(rdf_graph, named_queries()["allies-of"])
    with pytest.raises(QueryError, match="unknown parameter country; this query's parameters: actor"):
        run_query(rdf_graph, named_queries()["allies-of"], {"actor": "Russia", "country": "x"})
    assert query_parameters("SELECT ?x { ?x ?p '$not' } # $neither") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", r"updates \(INSERT DATA\) are refused"),
        ("DELETE WHERE { ?s ?p ?o }", r"updates \(DELETE WHERE\) are refused"),
        ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "updates .* are refused"),
        ("LOAD <http://example.org/evil.ttl>", r"updates \(LOAD\) are refused"),
        ("CLEAR ALL", r"updates \(CLEAR\) are refused"),
        ("DROP GRAPH <urn:g>", r"updates \(DROP\) are refused"),
        ("CREATE GRAPH <urn:g>", r"updates \(CREATE\) are refused"),
        ("SELECT * WHERE { ?s ?p ?o SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }", "SERVICE clauses are refused"),
        ("PREFIX a: <urn:a#> SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }", "SERVICE clauses are refused"),
        ("SELECT * FROM <http://example.org/other.ttl> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are refused"),
        ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM and FROM NAMED are refused"),
        ("SELEC ?x WHERE { ?x ?p ?o }", "malformed SPARQL query at line 1, column .*: expected SELECT, ASK"),
        ("SELECT ?x WHERE { ?x ?p ", "malformed SPARQL query"),
    ],
)
def test_query_refuses_updates_service_from_and_malformed(rdf_graph, query, message):
    before = len(rdf_graph)
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(QueryError, match=message):
            run_query(rdf_graph, query, engine=engine)
    assert len(rdf_graph) == before


def test_query_ask_and_construct(rdf_graph):
    ask = run_query(rdf_graph, PREFIXES + "ASK { ?x kg:suppliedBy ?y }")
    assert ask.kind == "ASK" and ask.boolean is True
    assert run_query(rdf_graph, PREFIXES + "ASK { ?x kg:sanctions ?y }", engine="rdflib").boolean is False
    query = PREFIXES + "CONSTRUCT { ?y kg:suppliedBy ?x } WHERE { ?x kg:supplies ?y }"
    fast, slow = run_query(rdf_graph, query), run_query(rdf_graph, query, engine="rdflib")
    assert fast.kind == slow.kind == "CONSTRUCT"
    assert fast.graph.isomorphic(slow.graph) and len(fast.graph) == 1
    assert "suppliedBy" in format_result(fast, "table")
    assert format_result(ask, "json") == '{\n  "head": {},\n  "boolean": true\n}\n'


def test_query_runs_on_graph_files(rdf_graph, tmp_path):
    from kg.exporters import export

    text = named_queries()["who-supplies-whom"]
    expected = run_query(rdf_graph, text)
    for fmt in ("ttl", "nt", "nq", "jsonld"):
        path = tmp_path / f"g.{fmt}"
        export(fmt, rdf_graph, path)
        assert run_query(path, text) == expected, fmt
        assert run_query(path, text, engine="rdflib") == expected, fmt
    store = load_store(tmp_path / "g.ttl")
    assert run_query(store, text) == expected


def test_query_bad_graph_files_are_input_errors(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> \"open .\n")
    with pytest.raises(InputError, match=r"bad\.ttl:2: cannot parse"):
        run_query(bad, "SELECT * { ?s ?p ?o }")
    with pytest.raises(InputError, match="no such file"):
        run_query(tmp_path / "missing.nt", "SELECT * { ?s ?p ?o }")


def test_query_format_table_csv_json(rdf_graph, rdf_nasty):
    result = run_query(rdf_graph, named_queries()["evidence"], {"actor": rdf_nasty.label, "other": "Ukraine"})
    table = format_result(result, "table")
    assert table.splitlines()[0].split() == list(result.vars)
    assert table.rstrip().endswith("(1 row)")
    assert len(table.splitlines()) == 4  # header, rule, one row (newlines escaped), count
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == list(result.vars)
    assert rows[1][4] == rdf_nasty.sentence and rows[1][0] == rdf_nasty.label
    doc = json.loads(format_result(result, "json"))
    assert doc["head"]["vars"] == list(result.vars)
    binding = doc["results"]["bindings"][0]
    assert binding["sentence"] == {"type": "literal", "value": rdf_nasty.sentence}
    assert binding["confidence"] == {
        "type": "literal", "value": "0.123", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"
    }
    iris = json.loads(format_result(run_query(rdf_graph, PREFIXES + "SELECT ?x { ?x kg:actorId 'RUS' }"), "json"))
    assert iris["results"]["bindings"] == [{"x": {"type": "uri", "value": "https://w3id.org/kg/actor/RUS"}}]
    with pytest.raises(QueryError, match="unknown output format 'xml'; formats: table, csv, json"):
        format_result(result, "xml")


def test_query_unbound_values_are_none(rdf_graph):
    result = run_query(rdf_graph, named_queries()["actors-by-type"])
    nato = next(row for row in result.rows if row[1] == "NATO")
    assert nato[3] is None  # no ISO code
    assert '"iso3"' not in json.dumps(json.loads(format_result(result, "json"))["results"]["bindings"][1])


# ---------------------------------------------------------------- the CLI


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_cli_formats(rdf_cli_app, rdf_graph_file, fmt):
    result = CliRunner().invoke(
        rdf_cli_app, ["query", str(rdf_graph_file), "--name", "who-supplies-whom", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout)["results"]["bindings"][0]["evidence"]["value"] == "2"
    elif fmt == "csv":
        assert result.stdout.splitlines() == ["supplier,recipient,evidence", "North Korea,Russia,2"]
    else:
        assert "North Korea  Russia" in result.stdout and "(1 row)" in result.stdout


def test_query_cli_text_file_and_params(rdf_cli_app, rdf_graph_file, tmp_path):
    runner = CliRunner()
    query = PREFIXES + "SELECT ?l WHERE { ?x kg:suppliedBy/rdfs:label ?l }"
    result = runner.invoke(rdf_cli_app, ["query", str(rdf_graph_file), query, "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["l", "North Korea"]
    rq = tmp_path / "q.rq"
    rq.write_text(PREFIXES + "SELECT ?l WHERE { ?x rdfs:label $who ; kg:ledBy/rdfs:label ?l }")
    result = runner.invoke(rdf_cli_app, ["query", str(rdf_graph_file), "--file", str(rq),
                                         "--param", "who=Russia", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["l", "Vladimir Putin"]
    result = runner.invoke(rdf_cli_app, ["query", str(rdf_graph_file), "--name", "allies-of",
                                         "--param", "actor=Russia", "--format", "csv"])
    assert result.stdout.splitlines() == ["ally,relation", "North Korea,alliedWith", "North Korea,suppliedBy"]


def test_query_cli_list(rdf_cli_app, rdf_graph_file):
    result = CliRunner().invoke(rdf_cli_app, ["query", str(rdf_graph_file), "--list"])
    assert result.exit_code == 0
    for name in NAMED:
        assert name in result.stdout
    assert "--param actor=" in result.stdout
    assert CliRunner().invoke(rdf_cli_app, ["query", "--list"]).stdout == result.stdout
    missing = CliRunner().invoke(rdf_cli_app, ["query", "--name", "actors-by-type"])
    assert missing.exit_code == 2 and "give the GRAPH file" in missing.output


def test_query_cli_errors(rdf_cli_app, rdf_graph_file):
    runner = CliRunner()
    cases = [
        (["query", str(rdf_graph_file)], "exactly one of QUERY, --file"),
        (["query", str(rdf_graph_file), "SELECT * {?s ?p ?o}", "--name", "allies-of"], "exactly one of"),
        (["query", str(rdf_graph_file), "--name", "nope"], "unknown query name 'nope'; known names:"),
        (["query", str(rdf_graph_file), "DROP ALL"], "updates (DROP) are refused"),
        (["query", str(rdf_graph_file), "--name", "allies-of", "--param", "actor"], "NAME=VALUE"),
        (["query", str(rdf_graph_file), "--name", "allies-of"], "missing parameter actor"),
        (["query", str(rdf_graph_file), "--name", "actors-by-type", "--format", "xml"], "unknown --format 'xml'"),
        (["query", "missing.ttl", "--name", "actors-by-type"], "no such file"),
    ]
    for args, message in cases:
        result = runner.invoke(rdf_cli_app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "kg: error:" in result.output and message in result.output, (args, result.output)


def test_query_cli_help_has_an_example(rdf_cli_app):
    result = CliRunner().invoke(rdf_cli_app, ["query", "--help"])
    assert result.exit_code == 0 and "kg query out/graph.ttl --name allies-of" in result.output
