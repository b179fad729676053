

# ---------------------------------------------------------------- RDF graph fixtures (issue 4)
# A small hand-made world: assertions built from Actor/Mention/Assertion objects, no spaCy.

import pytest as _pytest_rdf  # noqa: E402


#: text that would break Turtle, N-Triples, JSON-LD or SPARQL if it were spliced in raw
RDF_NASTY_LABEL = 'Evil "Corp" <script> \\ # @prefix x: <y> .\n""" end'
RDF_NASTY_DOC = 'doc <1> "#" \\ x\ny'
RDF_NASTY_SENTENCE = (
    'Evil "Corp" said """ @prefix kg: <http://evil/> . <a> <b> <c> .\n'
    "\\u0041 \\n tab\there\r\nand # not a comment; it \"attacks\" Ukraine's $actor \\"
)


@_pytest_rdf.fixture
def rdf_actors():
    """Actors by short name: three states, an organisation, a person, and one outside the KB."""
    from kg.types import Actor

    return {
        "PRK": Actor("PRK", "North Korea", "State", "PRK", "Q423"),
        "RUS": Actor("RUS", "Russia", "State", "RUS", "Q159"),
        "UKR": Actor("UKR", "Ukraine", "State", "UKR", "Q212"),
        "NATO": Actor("nato", "NATO", "Organization", "", "Q7184"),
        "PUTIN": Actor("vladimir-putin", "Vladimir Putin", "Person", "", "not-a-qid"),
        "EVIL": Actor("x-evil-corp", RDF_NASTY_LABEL, "ArmedGroup"),
    }


@_pytest_rdf.fixture
def rdf_make_assertion():
    """A factory: ``make(doc, source_actor, relation, target_actor, sentence, start, **kw)``."""
    from kg.types import Assertion, Mention

    def make(doc, source, relation, target, sentence, start=0, **kw):
        s_text, t_text = kw.pop("source_text", source.label), kw.pop("target_text", target.label)
        src = Mention(doc, start, start + len(s_text), s_text, source)
        tgt = Mention(doc, start + len(s_text) + 1, start + len(s_text) + 1 + len(t_text), t_text, target)
        return Assertion(
            doc, src, relation, tgt, start, start + len(sentence), sentence,
            kw.pop("confidence", 0.85), **kw,
        )

    return make


@_pytest_rdf.fixture
def rdf_documents():
    from kg.types import Document

    return [
        Document("d1", "North Korea supplies Russia with shells. " * 3, "Shells", "2024-10-01",
                 "seeds/d1.txt", "https://example.org/a?b=1&c=<2>"),
        Document("d2", "Russia and North Korea signed a pact.", "Pact", "not a date", "seeds/d2.txt"),
        Document(RDF_NASTY_DOC, RDF_NASTY_SENTENCE, 'Title "with" <tags>', "2024-02-30", "<stdin>"),
    ]


@_pytest_rdf.fixture
def rdf_assertions(rdf_actors, rdf_make_assertion):
    a, make = rdf_actors, rdf_make_assertion
    return [
        make("d1", a["PRK"], "supplies", a["RUS"], "North Korea supplies Russia with shells.", 0,
             source_text="Pyongyang", rule="supply-verb"),
        make("d1", a["PRK"], "supplies", a["RUS"], "North Korea supplies Russia with shells.", 41,
             confidence=0.9),
        make("d1", a["RUS"], "attacks", a["UKR"], "Russia attacks Ukraine.", 82, hedged=True),
        make("d2", a["RUS"], "alliedWith", a["PRK"], "Russia and North Korea signed a pact.", 0),
        make("d2", a["NATO"], "supplies", a["UKR"], "NATO does not supply Ukraine.", 40,
             negated=True, confidence=0.6),
        make("d2", a["PUTIN"], "leaderOf", a["RUS"], "Vladimir Putin leads Russia.", 80,
             attributed=True, confidence=1.0),
        make("d2", a["RUS"], "condemns", a["RUS"], "Russia condemns Russia.", 120),  # self-loop
        make(RDF_NASTY_DOC, a["EVIL"], "attacks", a["UKR"], RDF_NASTY_SENTENCE, 0, confidence=0.12345),
    ]


@_pytest_rdf.fixture
def rdf_graph(rdf_assertions, rdf_documents, rdf_actors):
    from kg.graph import build_graph

    counts = {rdf_actors["PRK"]: 3, rdf_actors["RUS"]: 5, rdf_actors["UKR"]: 2}
    return build_graph(rdf_assertions, rdf_documents, counts)


@_pytest_rdf.fixture
def rdf_graph_file(rdf_graph, tmp_path):
    """The fixture graph written as Turtle to a temporary folder."""
    from kg.exporters.rdf import write_turtle

    path = tmp_path / "graph.ttl"
    write_turtle(rdf_graph, path)
    return path


@_pytest_rdf.fixture(scope="session")
def rdf_cli_app():
    """``kg.cli.app`` with its commands registered."""
    import kg.cli

    kg.cli._register()
    return kg.cli.app


@_pytest_rdf.fixture
def rdf_nasty():
    """The metacharacter-laden label, document id and sentence of the RDF fixtures."""
    from types import SimpleNamespace

    return SimpleNamespace(label=RDF_NASTY_LABEL, doc=RDF_NASTY_DOC, sentence=RDF_NASTY_SENTENCE)


# ------------------------------------------------------ actor-graph fixtures for analysis (issue 5)
# RDF graphs built directly with rdflib in the shape kg/graph.py writes (actor, document and
# provenance nodes), so the analysis and exporter tests do not depend on the graph builder.

#: (id, label, type, iso3, wikidata)
ANALYSIS_ACTORS = [
    ("RUS", "Russia", "State", "RUS", "Q159"),
    ("PRK", "North Korea", "State", "PRK", "Q423"),
    ("IRN", "Iran", "State", "IRN", "Q794"),
    ("CHN", "China", "State", "CHN", "Q148"),
    ("USA", "United States", "State", "USA", "Q30"),
    ("UKR", "Ukraine", "State", "UKR", "Q212"),
    ("KOR", "South Korea", "State", "KOR", "Q884"),
    ("ISR", "Israel", "State", "ISR", "Q801"),
    ("nato", "NATO", "Organization", "", "Q7184"),
    ("hezbollah", "Hezbollah", "ArmedGroup", "", "Q41053"),
    ("vladimir-putin", "Vladimir Putin", "Person", "", "Q7747"),
]

#: (id, title, date or "")
ANALYSIS_DOCUMENTS = [
    ("d1", "North Korean troops head to Russia", "2024-10-18"),
    ("d2", "Iran, China and the war", "2024-11-02"),
    ("d3", "Undated dispatch", ""),
]

#: (doc, source, relation, target, sentence, confidence, negated)
ANALYSIS_ASSERTIONS = [
    ("d1", "PRK", "supplies", "RUS", "North Korea has sent thousands of troops to Russia.", 0.9, False),
    ("d1", "PRK", "supplies", "RUS", "Pyongyang supplies artillery shells to Moscow.", 0.85, False),
    ("d1", "RUS", "alliedWith", "PRK", "Russia and North Korea signed a mutual defence pact.", 0.9, False),
    ("d1", "RUS", "attacks", "UKR", "Russia launched a new offensive into Ukraine.", 0.95, False),
    ("d1", "KOR", "condemns", "PRK", "Seoul condemned Pyongyang's deployment.", 0.7, False),
    ("d1", "USA", "sanctions", "PRK", "Washington sanctioned North Korean officials.", 0.6, False),
    ("d1", "USA", "supports", "UKR", "Washington stands behind Kyiv.", 0.8, False),
    ("d1", "nato", "supports", "UKR", "NATO backs Ukraine.", 0.75, False),
    ("d1", "KOR", "cooperatesWith", "USA", "South Korea and the United States held joint exercises.", 0.7, False),
    ("d1", "vladimir-putin", "leaderOf", "RUS", "Vladimir Putin leads Russia.", 1.0, False),
    ("d1", "USA", "memberOf", "nato", "The United States is a member of NATO.", 1.0, False),
    ("d2", "IRN", "supplies", "RUS", "Iran supplies drones to Russia.", 0.8, False),
    ("d2", "CHN", "supports", "RUS", "Beijing backs Moscow diplomatically.", 0.7, False),
    ("d2", "CHN", "cooperatesWith", "IRN", "China and Iran deepened their partnership.", 0.6, False),
    ("d2", "CHN", "cooperatesWith", "PRK", "China and North Korea pledged closer cooperation.", 0.5, False),
    ("d2", "ISR", "attacks", "IRN", "Israel struck Iranian air defences.", 0.9, False),
    ("d2", "USA", "supports", "ISR", "The United States backs Israel.", 0.8, False),
    ("d2", "hezbollah", "attacks", "ISR", "Hezbollah fired rockets at Israel.", 0.8, False),
    ("d2", "IRN", "supports", "hezbollah", "Iran backs Hezbollah.", 0.7, False),
    ("d2", "RUS", "negotiatesWith", "USA", "Moscow and Washington held talks.", 0.5, False),
    ("d2", "CHN", "condemns", "USA", "China criticised US sanctions.", 0.5, False),
    ("d2", "nato", "supplies", "UKR", "NATO does not supply Ukraine with jets.", 0.6, True),
    ("d3", "UKR", "attacks", "RUS", "Ukraine struck Russian airfields.", 0.7, False),
]

#: markup that would run if an exporter let article text through as HTML
XSS_SCRIPT = "<script>window.__pwned=1</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=1">'


def make_actor_rdf(actors, documents, assertions):
    """An rdflib graph in the shape of kg/graph.py from plain tuples (see ANALYSIS_* above)."""
    from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal
    from rdflib.namespace import DCTERMS

    from kg.namespace import KG, WD, actor_iri, assertion_iri, doc_iri

    g = Graph()
    g.bind("kg", KG._NS)
    for aid, label, kind, iso3, qid in actors:
        node = actor_iri(aid)
        g.add((node, RDF.type, KG.Actor))
        g.add((node, RDF.type, KG[kind]))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, KG.actorId, Literal(aid)))
        g.add((node, KG.inKnowledgeBase, Literal(not aid.startswith("x-"))))
        g.add((node, KG.mentionCount, Literal(3)))
        if iso3:
            g.add((node, KG.iso3, Literal(iso3)))
        if qid:
            g.add((node, OWL.sameAs, WD[qid]))
    for did, title, date in documents:
        node = doc_iri(did)
        g.add((node, RDF.type, KG.Document))
        g.add((node, KG.docId, Literal(did)))
        g.add((node, DCTERMS.title, Literal(title)))
        g.add((node, DCTERMS.source, Literal(f"seeds/{did}.txt")))
        if date:
            g.add((node, DCTERMS.date, Literal(date, datatype=XSD.date)))
    for i, (did, source, relation, target, sentence, confidence, negated) in enumerate(assertions):
        node = assertion_iri(did, source, relation, target, i)
        g.add((node, RDF.type, KG.Assertion))
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, actor_iri(source)))
        g.add((node, RDF.predicate, KG[relation]))
        g.add((node, RDF.object, actor_iri(target)))
        g.add((node, KG.document, doc_iri(did)))
        g.add((node, KG.evidence, Literal(sentence)))
        g.add((node, KG.confidence, Literal(str(confidence), datatype=XSD.decimal)))
        g.add((node, KG.negated, Literal(negated)))
        g.add((node, KG.hedged, Literal(False)))
        g.add((node, KG.attributed, Literal(False)))
        if not negated:  # the direct triple, which the analysis must ignore
            g.add((actor_iri(source), KG[relation], actor_iri(target)))
    return g


@_pytest_rdf.fixture
def analysis_story_graph():
    """The seed story as an RDF graph: a Russia/North Korea/Iran/China side, a US/NATO/Ukraine side."""
    return make_actor_rdf(ANALYSIS_ACTORS, ANALYSIS_DOCUMENTS, ANALYSIS_ASSERTIONS)


@_pytest_rdf.fixture
def analysis_nasty_graph():
    """A graph whose label, document title and evidence carry HTML that would run if not escaped."""
    actors = [
        ("x-evil", f"Evil {XSS_SCRIPT} Corp", "ArmedGroup", "", ""),
        ("UKR", "Ukraine", "State", "UKR", "Q212"),
        ("USA", f"United {XSS_IMG} States", "State", "USA", "Q30"),
    ]
    documents = [("d</script>", f"Title </script>{XSS_SCRIPT} {XSS_IMG}", "2024-01-02")]
    assertions = [
        ("d</script>", "x-evil", "attacks", "UKR", f"Evil attacks {XSS_IMG} Ukraine {XSS_SCRIPT}",
         0.9, False),
        ("d</script>", "USA", "supports", "UKR", f"The US backs Ukraine </script>{XSS_SCRIPT}",
         0.8, False),
    ]
    return make_actor_rdf(actors, documents, assertions)


@_pytest_rdf.fixture
def read_only_dir(tmp_path, monkeypatch):
    """A folder nothing can be written to. As root (who writes anyway), creating a file there
    is made to fail the way the kernel fails it for everyone else: PermissionError."""
    import errno
    import os
    import stat
    import tempfile

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(folder, os.W_OK):  # root
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args, **kwargs):
            if os.path.realpath(str(kwargs.get("dir", ""))) == os.path.realpath(folder):
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    yield folder
    folder.chmod(stat.S_IRWXU)


# ------------------------------------------------------------ the real pipeline (issues 2, 3)
@_pytest_rdf.fixture(scope="session")
def nlp_full():
    """The full kg pipeline on the real model (statistical model + kg_actors + kg_relations)."""
    from kg.nlp import load_pipeline

    return load_pipeline()


@_pytest_rdf.fixture(scope="session")
def read_text(nlp_full):
    """``read_text(text, date="", gaps=None)``: the Doc of ``text`` through the full pipeline,
    with the document's date (and line gaps) set before the components run, as a build does."""

    def process(text: str, date: str = "", gaps: tuple[int, ...] | None = None):
        doc = nlp_full.make_doc(text)
        doc._.kg_date = date
        if gaps is not None:
            doc._.kg_gaps = gaps
        for _, proc in nlp_full.pipeline:
            doc = proc(doc)
        return doc

    return process


# ------------------------------------------------- actors on the real model, no relations (issue 2)
@_pytest_rdf.fixture(scope="session")
def nlp_actors():
    """The kg pipeline on the real model without the parser or relation extractor."""
    from kg.nlp import load_pipeline

    return load_pipeline(relations=False)


# ------------------------------------------------------------ hostile input and faults (issue 8)
# A corpus of bad inputs generated by the tests (nothing committed), a checker that every output
# of a build still parses, and a generator of Reuters-like articles big enough to kill a build in.

#: markup that must never run in graph.html, in an actor-like name and in evidence sentences
HOSTILE_XSS_ARTICLE = (
    "The <script>window.__pwned=1</script> Liberation Front said Russia attacked Ukraine "
    '<img src=x onerror="window.__pwned=1">. '
    'The Popular Front for <img src=x onerror="window.__pwned=1"> attacked Ukraine. '
    "The Script Liberation Army attacked Ukraine, and Russia condemned the Script Liberation "
    "Army <script>window.__pwned=1</script>."
)

#: (document id, text) of the JSONL records that must all be built, whatever surrounds them
HOSTILE_GOOD_RECORDS = [
    ("good-1", "China backs Russia diplomatically."),
    ("../../etc/passwd", "The United States sanctioned Iran."),
    ("rtl \u202e\u200f", "\u202eIsrael\u202c struck \u200bIran\u200d. Hezbollah fired rockets at Israel. "
                         "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd."),
    ("zero\u200bwidth", "North\u200b Korea sent \ufefftroops to Russia. Iran\u2060 supplied Russia with drones."),
    ("long-token", "x" * 200_000 + " Russia attacked Ukraine. " + "y" * 5_000),
    ("ttl-meta", 'Russia <http://evil.example/> "attacked" """Ukraine""" @prefix x: <y> . ; '
                 "?x $actor { } # \\ \\u0041 ^^xsd:int _:b0 <> . Russia attacked Ukraine."),
    ("sparql-meta", "NATO backs Ukraine. } ; DROP ALL ; INSERT DATA { <a> <b> <c> } # "
                    "SERVICE <http://evil.example/sparql> { ?s ?p ?o } LOAD <http://evil/>"),
    ("<http://evil.example/iri>", "The <http://evil.example/actor> Liberation Front attacked "
                                  "Ukraine. Russia attacked urn:x:Ukraine and <Ukraine>."),
    ("iri-like name", "The Http Evil Example Com Slash Brigade attacked Ukraine. "
                      "North Korea supplied Russia with shells."),
    ("xss", HOSTILE_XSS_ARTICLE),
    ("7", "Iran supplied Russia with attack drones."),
]


@_pytest_rdf.fixture(scope="session")
def hostile_good_records():
    """(id, text) of records every build must keep: RTL, zero-width, metacharacters, IRIs ..."""
    return list(HOSTILE_GOOD_RECORDS)


def _hostile_write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@_pytest_rdf.fixture
def hostile_corpus(tmp_path):
    """A folder of hostile inputs. Returns ``(folder, good, bad)``: ``good`` maps every document
    id that must be built to its text; ``bad`` lists each file or ``file:line`` that must be
    skipped and named on stderr."""
    import json

    folder = tmp_path / "hostile"
    good, bad = {}, []

    def text_file(name, data, doc_text=None):
        path = _hostile_write(folder / name, data)
        if doc_text is None:
            bad.append(str(path))
        else:
            good[path.stem] = doc_text

    text_file("empty.txt", b"")
    text_file("whitespace.txt", b"  \n\t\r\n \x0b\x0c  \n")
    text_file("binary.txt", bytes(range(256)) * 64)
    text_file("random.md", bytes((i * 7919 + 13) % 256 for i in range(10_000)))
    text_file("latin1.txt", "Russia attacked Ukraine. Caf\xe9 cr\xe8me.".encode("latin-1"))
    text_file("mixed.txt", "Russia attacked Ukraine, caf\u00e9.\n".encode() + b"na\xefve \xff\n")
    text_file("utf16.txt", "Russia attacked Ukraine.".encode("utf-16"))
    text_file("nul.txt", b"Russia attacked Ukraine.\x00\x00\x00 Iran supplied Russia.")
    text_file("truncated-utf8.txt", "Russia attacked Ukraine \u2014".encode()[:-1])
    text_file("bom.txt", b"\xef\xbb\xbfNorth Korea sent troops to Russia.\r\nIran supplied Russia.",
              "North Korea sent troops to Russia.\r\nIran supplied Russia.")
    text_file("crlf.md", b"# Title\r\n\r\nIran supplied Russia with drones.\r\n",
              "# Title\r\n\r\nIran supplied Russia with drones.\r\n")
    text_file("script.html", "<html><head><title>t</title><script>window.__pwned=1</script></head>"
              "<body><p>Russia attacked Ukraine.</p><img src=x onerror='window.__pwned=1'>"
              "<style>p{}</style></body></html>", "Russia attacked Ukraine.")
    text_file("only-script.html", "<script>Russia attacked Ukraine.</script><style>x</style>")

    records = dict(HOSTILE_GOOD_RECORDS)
    order = list(records)
    first = order[0]
    lines = [  # (line, True when its record must be built)
        (json.dumps({"id": first, "text": records[first], "date": "2024-10-01"}), True),
        ('{"id": "broken", "text": "Iran supplied Russia', False),  # a broken line in the middle
        (json.dumps({"id": "no-text"}), False),
        (json.dumps({"id": "num-text", "text": 42}), False),
        (json.dumps({"id": "null-text", "text": None}), False),
        (json.dumps({"id": "list-text", "text": ["Russia attacked Ukraine."]}), False),
        (json.dumps({"id": "obj-text", "text": {"text": "Russia attacked Ukraine."}}), False),
        (json.dumps({"id": "blank-text", "text": " \t\n "}), False),
        (json.dumps({"id": first, "text": "Duplicate id: Israel attacked Iran."}), False),
        (json.dumps(["an", "array"]), False),
        ("null", False),
        ("[" * 100_000, False),
        (json.dumps({"id": "nul-in-json", "text": "Russia attacked Ukraine.\u0000 Iran\u0000."}), True),
        (json.dumps({"id": "zwsp-only", "text": "\u200b\u200d\u2060"}), True),  # not whitespace
    ]
    records["nul-in-json"] = "Russia attacked Ukraine.\u0000 Iran\u0000."
    records["zwsp-only"] = "\u200b\u200d\u2060"
    for k, doc_id in enumerate(order[1:]):
        lines.append((json.dumps({"id": doc_id, "text": records[doc_id], "title": f"<b>{doc_id}</b>",
                                  "date": "not a date", "url": "javascript:alert(1)",
                                  "source": {"nested": True}}, ensure_ascii=bool(k % 2)), True))
        lines.append(("", None))  # blank lines are not records
    path = folder / "records.jsonl"
    raw = "\n".join(line for line, _ in lines).encode("utf-8") + b"\n"
    raw += b'{"id": "bad-utf8", "text": "caf\xe9"}\n'
    _hostile_write(path, raw)
    for number, (line, ok) in enumerate(lines, 1):
        if ok:
            record = json.loads(line)
            good[record["id"]] = record["text"]
        elif ok is False:
            bad.append(f"{path}:{number}")
    bad.append(f"{path}:{len(lines) + 1}")
    return folder, good, bad


@_pytest_rdf.fixture(scope="session")
def hostile_check_outputs():
    """``check(out) -> dict``: every output of a build in ``out`` parses; returns them parsed."""

    def check(out):
        import json

        import networkx as nx
        from rdflib import Graph

        parsed = {}
        for name in ("mentions.jsonl", "actors.jsonl", "assertions.jsonl"):
            text = (out / name).read_text(encoding="utf-8")
            assert text == "" or text.endswith("\n"), f"{name} is truncated"
            parsed[name] = [json.loads(line) for line in text.splitlines()]
        parsed["blocs.json"] = json.loads((out / "blocs.json").read_text(encoding="utf-8"))
        parsed["graph.ttl"] = Graph().parse(out / "graph.ttl", format="turtle")
        parsed["graph.gexf"] = nx.read_gexf(out / "graph.gexf")
        parsed["graph.graphml"] = nx.read_graphml(out / "graph.graphml")
        html = (out / "graph.html").read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>"), "graph.html is truncated"
        parsed["graph.html"] = html
        for name in parsed:
            assert (out / name).stat().st_size > 0, f"{name} is empty"
        return parsed

    return check


def hostile_article(rng, n_sentences=24):
    """A Reuters-like article: dateline, actors doing things to each other, filler sentences."""
    actors = ["Russia", "Ukraine", "North Korea", "Iran", "China", "the United States", "NATO",
              "Israel", "Hezbollah", "South Korea", "Moscow", "Kyiv", "Washington", "Beijing"]
    verbs = ["attacked", "supplied weapons to", "sanctioned", "condemned", "held talks with",
             "signed an agreement with", "threatened", "backs", "sent troops to", "warned"]
    filler = ["Officials declined to comment on the matter.", "Markets were steady on Monday.",
              "The statement gave no further details.", "Analysts said the move was expected."]
    parts = [f"WASHINGTON, March {rng.randint(1, 28)} - "]
    for _ in range(n_sentences):
        if rng.random() < 0.7:
            a, b = rng.sample(actors, 2)
            parts.append(f"{a[0].upper() + a[1:]} {rng.choice(verbs)} {b}, sources said.")
        else:
            parts.append(rng.choice(filler))
    return " ".join(parts)


@_pytest_rdf.fixture
def hostile_reuters_jsonl(tmp_path):
    """``make(n, name) -> path``: a JSONL file of ``n`` generated Reuters-like articles."""
    import json
    import random

    def make(n=300, name="reuters.jsonl", seed=0):
        rng = random.Random(seed)
        path = tmp_path / name
        with open(path, "w", encoding="utf-8") as f:
            for i in range(n):
                f.write(json.dumps({"id": f"reut-{seed}-{i:05d}", "text": hostile_article(rng),
                                    "date": f"1987-03-{1 + i % 28:02d}"}) + "\n")
        return path

    return make


# ------------------------------------------------------------ the browser (issues 5, 8)
import os as _os  # noqa: E402
import shutil as _shutil  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# As python.md says: without the background-networking flags Chromium phones home at start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _need(reason: str) -> None:
    """Skip, or fail when the CI variable is set (CI must run every browser test)."""
    if _os.environ.get("CI"):
        _pytest_rdf.fail(f"{reason} (CI is set, so this is a failure)")
    _pytest_rdf.skip(reason)


@_pytest_rdf.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium (Debian's, never a downloaded one); in CI a missing browser fails."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed")
    if not (_Path(CHROMIUM).exists() or _shutil.which("chromium")):
        _need("chromium is not installed (make system-deps)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM if _Path(CHROMIUM).exists() else _shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield context
        context.close()


def _open(context, path):
    """Open ``path`` with every non-file request aborted and recorded; wait for the network."""
    page = context.new_page()
    left, dialogs = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("() => typeof network !== 'undefined' && network !== null")
    page.evaluate("() => { network.stopSimulation(); network.fit(); }")
    return page, left, dialogs


def _hover_everything(page) -> list[str]:
    """Move the mouse over every node and the middle of every edge; return the tooltips shown."""
    shown = []
    box = page.locator("#mynetwork canvas").bounding_box()
    points = page.evaluate(
        """() => {
            const pos = network.getPositions();
            const out = Object.keys(pos).map(id => network.canvasToDOM(pos[id]));
            edges.forEach(e => {
                const a = pos[e.from], b = pos[e.to];
                out.push(network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}));
            });
            return out;
        }"""
    )
    for point in points:
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_timeout(250)
        tip = page.locator("div.vis-tooltip")
        if tip.count() and tip.first.is_visible() and tip.first.inner_text().strip():
            shown.append(tip.first.inner_text())
    return shown




@_pytest_rdf.fixture
def open_offline():
    """``open_offline(browser, path) -> (page, requests_that_left, dialogs)``."""
    return _open


@_pytest_rdf.fixture
def hover_all():
    """``hover_all(page) -> texts of the tooltips shown``: the mouse over every node and edge."""
    return _hover_everything


# ------------------------------------------------------------ the seed articles, built once
@_pytest_rdf.fixture(scope="session")
def seed_out(tmp_path_factory):
    """The output folder of ``kg build seeds/`` (built once per test session)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed_out")
    build([_Path(__file__).resolve().parent.parent / "seeds"], out)
    return out


# ------------------------------------------------------------ the command line in tests
@_pytest_rdf.fixture(autouse=True)
def _restore_kg_logging():
    """The CLI configures the "kg" logger; each test gets it back as it was."""
    import logging

    logger = logging.getLogger("kg")
    saved = (logger.level, list(logger.handlers), logger.propagate)
    yield
    logger.setLevel(saved[0])
    logger.handlers[:] = saved[1]
    logger.propagate = saved[2]


@_pytest_rdf.fixture
def invoke(rdf_cli_app):
    """``invoke(*args, input=None)``: run ``kg ARGS`` through typer's CliRunner."""
    from typer.testing import CliRunner

    runner = CliRunner()

    def call(*args, input=None):
        return runner.invoke(rdf_cli_app, [str(a) for a in args], input=input)

    return call


# ------------------------------------------------------------ kg serve (issue 15)
SERVE_EVIL_ID = "x-evil"


@_pytest_rdf.fixture(scope="module")
def served_dir(tmp_path_factory):
    """A build folder (graph.ttl, graph.html, store/) of the analysis story plus a hostile actor
    whose label and evidence are markup."""
    from kg.analysis import analyze
    from kg.exporters import export
    from kg.store import write_store

    out = tmp_path_factory.mktemp("served")
    actors = ANALYSIS_ACTORS + [(SERVE_EVIL_ID, XSS_SCRIPT, "ArmedGroup", "", "")]
    assertions = ANALYSIS_ASSERTIONS + [("d2", SERVE_EVIL_ID, "attacks", "UKR", XSS_IMG, 0.5, False)]
    graph = make_actor_rdf(actors, ANALYSIS_DOCUMENTS, assertions)
    export("ttl", graph, out / "graph.ttl")
    export("html", graph, out / "graph.html", analysis=analyze(graph, seed=0))
    write_store(out / "graph.ttl", out / "store")
    return out


@_pytest_rdf.fixture(scope="module")
def kg_server(served_dir):
    """``kg serve`` of ``served_dir`` on a free loopback port (a 3 s query timeout, 4 KiB
    request limit); yields its base URL and is always stopped."""
    from kg.server import running

    with running(served_dir, timeout=3, workers=2, max_request_bytes=4096) as url:
        yield url


@_pytest_rdf.fixture
def open_served():
    """``open_served(browser, url) -> (page, requests_that_left, dialogs)``: every request
    that is not to the loopback server of ``url`` is aborted and recorded."""
    from urllib.parse import urlsplit

    def open_(context, url):
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
        page = context.new_page()
        left, dialogs = [], []

        def route(r):
            if r.request.url.startswith((origin, "data:", "blob:", "about:")):
                r.continue_()
            else:
                left.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        return page, left, dialogs

    return open_


@_pytest_rdf.fixture
def counting_http_server():
    """A local HTTP server on 127.0.0.1 that counts the requests it gets: ``(url, hits)``."""
    import http.server
    import threading

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    finally:
        server.shutdown()
        server.server_close()
