"""Queries that forgive: actor parameters by any name, the usual prefixes, one-line syntax errors."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.query_params import resolve_params, syntax_error_message, with_prefixes
from kg.sparql import get_named_query, run_query


@pytest.mark.parametrize("value", ["Russia", "russia", "RUS", "Moscow", "Kremlin"])
def test_query_params_actor_by_any_name(rdf_graph, value):
    import kg

    rows = kg.query(rdf_graph, "suppliers-of", actor=value)
    assert [r["supplier"] for r in rows] == ["North Korea"]


def test_query_params_say_which_actor(rdf_graph):
    _, params, chosen = resolve_params(rdf_graph, get_named_query("suppliers-of"), {"actor": "Kremlin"})
    assert params == {"actor": "Russia"} and [c.describe() for c in chosen] == ["'Kremlin' is Russia (RUS), by name"]
    _, params, chosen = resolve_params(rdf_graph, get_named_query("suppliers-of"), {"actor": "Russia"})
    assert chosen == [] and params == {"actor": "Russia"}



def test_query_params_unknown_actor_warns_and_runs(rdf_graph, caplog):
    _, params, chosen = resolve_params(rdf_graph, get_named_query("suppliers-of"), {"actor": "Rusia"})
    assert params == {"actor": "Rusia"} and chosen == []
    assert "no actor is called 'Rusia'; did you mean Russia?" in caplog.text


def test_query_params_cli_notes_on_stderr(invoke, rdf_graph_file):
    result = invoke("query", rdf_graph_file, "--name", "suppliers-of", "--param", "actor=moscow")
    assert result.exit_code == 0, result.output
    assert "North Korea" in result.stdout and "kg: INFO: --param actor: 'moscow' is Russia (RUS), by name" in result.stderr


def test_query_params_default_prefixes(rdf_graph):
    query = 'SELECT ?who WHERE { ?r kg:actorId "RUS" ; kg:suppliedBy ?s . ?s rdfs:label ?who }'
    for engine in ("oxigraph", "rdflib"):
        assert run_query(rdf_graph, query, engine=engine).rows == (("North Korea",),)
    assert with_prefixes("PREFIX rdfs: <urn:other#> SELECT * { ?s rdfs:x ?o }").count("PREFIX") == 1
    assert "xsd:" in with_prefixes('SELECT * { ?s ?p 1 FILTER(datatype(?o) = xsd:int) }').split("\n")[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('SELECT ?x WHERE { ?x rdfs:label Russia }', r'line 1, column .* Russia is not a term; a string needs quotes \("Russia"\)'),
        ('SELECT ?x WHERE { ?x foo:label "a" }', "foo: is not declared"),
        ('SELECT ?x WHERE {\n  ?x rdfs:label ?y .\n  FILTER(?y = ) }', "line 3, .*expected"),
        ("SELEC ?x {}", "expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ],
)
def test_query_params_syntax_error_one_line(rdf_graph, query, expected):
    with pytest.raises(QueryError, match=expected) as info:
        run_query(rdf_graph, query)
    message = str(info.value)
    assert "\n" not in message and len(message) < 240 and "u{" not in message


def test_query_params_syntax_message_without_position():
    assert syntax_error_message("x", "something odd") == "malformed SPARQL query: something odd"
