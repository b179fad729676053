"""Security (issue 8): nothing from an article runs, no query writes or reaches out, no path escapes.

- graph.html built from articles full of markup runs none of it (headless Chromium, every node
  and edge hovered, network blocked);
- ``kg query`` refuses updates, LOAD, SERVICE and FROM (exit 2, one line), and parameters are
  data, never SPARQL;
- reading a graph never fetches anything: a JSON-LD ``@context`` URL is refused, ``owl:imports``
  is not followed (the network is made to fail the test if touched).
"""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest

from typer.testing import CliRunner



@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or a URL fails the test (and is recorded)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[:2])
        raise AssertionError(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def _one_error_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error:"), result.stderr
    return lines[0]


# ----------------------------------------------------------------------- a built graph to attack


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, rdf_cli_app, hostile_good_records):
    """``kg build`` of articles carrying markup in names, sentences, ids, titles and URLs."""
    import logging

    logger = logging.getLogger("kg")
    saved = (logger.level, list(logger.handlers), logger.propagate)
    folder = tmp_path_factory.mktemp("hostile-build")
    src = folder / "articles.jsonl"
    records = [{"id": i, "text": t, "title": f"<script>window.__pwned=1</script>{i}",
                "url": "javascript:window.__pwned=1"} for i, t in hostile_good_records]
    records.append({"id": "</script><script>window.__pwned=1</script>",
                    "text": "The <img src=x onerror=\"window.__pwned=1\"> Brigade attacked Israel. "
                            "Iran backs Hezbollah <svg onload=\"window.__pwned=1\">.",
                    "title": '"><img src=x onerror="window.__pwned=1">'})
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(rdf_cli_app, ["build", str(src), "--out", str(out), "-q"])
    logger.setLevel(saved[0])
    logger.handlers[:] = saved[1]
    logger.propagate = saved[2]
    assert result.exit_code == 0, result.stdout + result.stderr
    return out


# ------------------------------------------------------------------------------------ browser


@pytest.mark.model
@pytest.mark.browser
def test_hostile_html_built_from_markup_runs_none_of_it(browser, open_offline, hover_all,
                                                        hostile_build):
    path = hostile_build / "graph.html"
    assertions = [json.loads(x) for x in (hostile_build / "assertions.jsonl").read_text().splitlines()]
    # the test is not vacuous: markup is in the evidence of the edges drawn
    assert any("<script>window.__pwned=1</script>" in a["sentence"]["text"] for a in assertions)
    assert any('onerror="window.__pwned=1"' in a["sentence"]["text"] for a in assertions)
    page, requests, dialogs = open_offline(browser, path)
    assert page.evaluate("() => network.body.data.edges.length") >= 5
    shown = hover_all(page)
    box = page.locator("#mynetwork canvas").bounding_box()
    points = page.evaluate("() => Object.values(network.getPositions())"
                           ".map(p => network.canvasToDOM(p))")
    page.mouse.click(box["x"] + points[0]["x"], box["y"] + points[0]["y"])  # select, too
    page.wait_for_timeout(200)
    assert any("__pwned" in text for text in shown), "no tooltip showed the article's markup"
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    # no element came out of the text: no img/svg/script outside the page's own
    assert page.evaluate("() => document.querySelectorAll('img, svg, iframe').length") == 0
    assert not page.evaluate("() => [...document.scripts].some(s => "
                             "s.textContent.trim().startsWith('window.__pwned'))")
    assert requests == [] and dialogs == []
    page.close()


@pytest.mark.model
@pytest.mark.browser
def test_hostile_html_panel_and_search_run_none_of_it(browser, open_offline, hostile_build):
    """The explorer's panel (every actor card, every edge's evidence) and its search results
    show the article's markup as text (issue 14)."""
    page, requests, dialogs = open_offline(browser, hostile_build / "graph.html")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    page.locator("#kg-isolates").check()
    texts = []
    for term in ("script", "<img", "onerror", "Liberation", "Front"):
        page.locator("#kg-search").fill(term)
        texts.append(page.locator("#kg-results").inner_text())
    data = json.loads(page.evaluate("() => document.getElementById('kg-data').textContent"))
    for actor in data["actors"]:
        page.evaluate("(id) => kgExplorer.select(id)", actor["id"])
        texts.append(page.locator("#kg-panel").inner_text())
    for edge in data["edges"]:
        page.evaluate("(id) => kgExplorer.showEdge(id)", edge["id"])
        texts.append(page.locator("#kg-panel").inner_text())
    shown = "\n".join(texts)
    assert "<script>window.__pwned=1</script>" in shown  # the markup is there, as text
    assert 'onerror="window.__pwned=1"' in shown
    page.wait_for_timeout(200)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("() => document.querySelectorAll('img, svg, iframe, #kg-panel script, "
                         "#kg-results script').length") == 0  # fmt: skip
    assert page.evaluate("() => [...document.querySelectorAll('#kg-panel a')].every(a => "
                         "/^https?:/.test(a.getAttribute('href')))")  # fmt: skip
    assert requests == [] and dialogs == []
    page.close()


@pytest.mark.model
def test_hostile_html_embeds_no_raw_markup(hostile_build):
    html = (hostile_build / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript:' not in html.lower()


# --------------------------------------------------------------------------------------- query

REFUSED = {
    "insert": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "delete": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert": "PREFIX kg: <https://w3id.org/kg/ontology#> "
                     "DELETE { ?s kg:attacks ?o } INSERT { ?o kg:attacks ?s } WHERE { ?s kg:attacks ?o }",
    "drop": "DROP ALL",
    "clear": "CLEAR DEFAULT",
    "load": "LOAD <http://evil.example/graph.ttl>",
    "load-silent-lower": "load silent <http://evil.example/graph.ttl> into graph <urn:g>",
    "load-after-comment": "# SELECT * { ?s ?p ?o }\nLOAD <http://evil.example/x.ttl>",
    "create": "CREATE GRAPH <urn:g>",
    "copy": "COPY DEFAULT TO <urn:g>",
    "two-updates": "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; DROP ALL",
    "service": "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "service-silent-nested": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT "
                             "<http://evil.example/sparql> { ?s ?q ?r } } }",
    "service-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://evil.example/s> "
                        "{ ?s ?p ?o } } } }",
    "service-variable": "SELECT * WHERE { ?x ?y ?z . SERVICE ?x { ?s ?p ?o } }",
    "from": "SELECT * FROM <http://evil.example/graph.ttl> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <http://evil.example/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "construct-from": "CONSTRUCT { ?s ?p ?o } FROM <http://evil.example/x> WHERE { ?s ?p ?o }",
}


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_query_refused(invoke, hostile_build, no_network, name):
    graph = hostile_build / "graph.ttl"
    before = graph.read_bytes()
    result = invoke("query", graph, REFUSED[name])
    assert result.exit_code == 2, result.stdout + result.stderr
    line = _one_error_line(result)
    assert "refused" in line or "malformed" in line, line
    assert graph.read_bytes() == before
    assert no_network == []


@pytest.mark.model
@pytest.mark.parametrize("value", [
    'Russia" } ; DROP ALL ; SELECT * { "',
    "Russia' } LOAD <http://evil.example/> #",
    "} SERVICE <http://evil.example/> { ?s ?p ?o",
    "\\\" } #",
    "<http://evil.example/x>",
])
def test_hostile_query_parameters_are_data(invoke, hostile_build, no_network, value):
    graph = hostile_build / "graph.ttl"
    before = graph.read_bytes()
    result = invoke("query", graph, "--name", "allies-of", "--param", f"actor={value}",
                    "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []
    assert graph.read_bytes() == before and no_network == []


# ------------------------------------------------------------------- reading a graph: no fetch

INLINE = {"kg": "https://w3id.org/kg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
REMOTE_CONTEXTS = {
    "url": "http://evil.example/context.jsonld",
    "https-in-list": [INLINE, "https://evil.example/context.jsonld"],
    "import": {"@import": "http://evil.example/context.jsonld", "kg": INLINE["kg"]},
    "relative-file": "context.jsonld",
    "scoped": {**INLINE, "kg:attacks": {"@id": "kg:attacks",
                                        "@context": "http://evil.example/scoped.jsonld"}},
}


def _jsonld(path: Path, context) -> Path:
    doc = {"@context": context,
           "@graph": [{"@id": "https://w3id.org/kg/actor/RUS", "rdfs:label": "Russia"}]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(REMOTE_CONTEXTS))
@pytest.mark.parametrize("command", [
    ("query", "{graph}", "SELECT * WHERE { ?s ?p ?o }"),
    ("analyze", "{graph}", "--out", "{out}"),
    ("export", "{graph}", "--to", "ttl", "--out", "{out}/g.ttl"),
], ids=["query", "analyze", "export"])
def test_hostile_jsonld_remote_context_refused(invoke, tmp_path, no_network, name, command):
    graph = _jsonld(tmp_path / "graph.jsonld", REMOTE_CONTEXTS[name])
    if name == "relative-file":  # even a local context file beside it is not read
        (tmp_path / "context.jsonld").write_text(json.dumps({"@context": INLINE}))
    out = tmp_path / "out"
    args = [a.replace("{graph}", str(graph)).replace("{out}", str(out)) for a in command]
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    line = _one_error_line(result)
    assert str(graph) in line and "context" in line.lower(), line
    assert no_network == []
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".nt"])
def test_hostile_owl_imports_not_followed(invoke, tmp_path, no_network, suffix):
    from rdflib import OWL, RDFS, Graph, Literal, URIRef

    g = Graph()
    onto = URIRef("http://evil.example/ontology")
    g.add((onto, OWL.imports, URIRef("http://evil.example/imported.ttl")))
    g.add((URIRef("https://w3id.org/kg/actor/RUS"), RDFS.label, Literal("Russia")))
    path = tmp_path / f"graph{suffix}"
    fmt = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}[suffix]
    path.write_text(g.serialize(format=fmt, context=INLINE) if fmt == "json-ld"
                    else g.serialize(format=fmt), encoding="utf-8")
    result = invoke("query", path, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["n", "2"]
    assert no_network == []
    for engine in ("oxigraph", "rdflib"):
        from kg.sparql import run_query

        assert run_query(path, "SELECT * WHERE { ?s ?p ?o }", engine=engine).rows
    assert no_network == []


def test_hostile_no_network_fixture_catches_a_fetch(tmp_path, no_network):
    """The guard above is real: rdflib left to itself does try to fetch a remote context."""
    from rdflib import Graph

    path = _jsonld(tmp_path / "graph.jsonld", REMOTE_CONTEXTS["url"])
    with pytest.raises(Exception):
        Graph().parse(path, format="json-ld")
    assert no_network, "rdflib did not try the network: the guard proves nothing"
