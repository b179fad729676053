"""Benchmark kg's SPARQL paths on a synthetic graph: the store, ``kg query``, ``kg serve``.

Generates a seeded random graph in kg's shape (actors, documents, direct relation triples and
one provenance node per assertion, built by :func:`kg.graph.build_graph`), writes it as a build
folder (graph.ttl and the Oxigraph store of ``kg build``), and prints, in one run:

- the safety check's time per query (:func:`kg.sparql.check_query`);
- pyoxigraph's own time on the store (read-only, already open), per named query: the query
  with its rows iterated in Python (best of ``--repeat`` in a row), and the query with its
  result serialized as SPARQL JSON, the bytes the server sends, with the prefixes the server
  declares (the baseline of the server's figures: the same work); and the same JSON answers
  from 8 threads at once on that one store (the baseline of 8 clients);
- ``kg query DIR`` as a whole process (the code of the ``kg`` console script) against a
  process that opens the store with pyoxigraph and runs the same query;
- ``kg serve DIR`` (a subprocess on a loopback port): p50 and p95 latency per named query under
  1 and 8 concurrent clients (bounded request loops), and the failed requests. Twice: "cold",
  where every request is a query text the server has not seen (the named query and a comment
  of its own), so the store answers it, and "cached", the same texts again, answered from the
  server's cache of answers (kg.server.cache). The floor of one HTTP request (``ASK {}``,
  cold) is printed with them, on a new connection per request and on one kept open.

Each client (or pyoxigraph thread) sends every query ``--rounds`` times (1 client) or
``--rounds-concurrent`` times (8 clients), in the same staggered order for both sides, and
every text ends with a comment of its own, for pyoxigraph too. The rounds of pyoxigraph and of
the server's cold run alternate (one of each in turn, after one of each to warm up), so that
the drift of a shared machine touches both alike; a query is never timed right after itself
(which would find the store's caches warmer than the server's loop does). Each client keeps
one HTTP/1.1 connection open for its requests (``http.client``, as ``requests.Session``,
``httpx.Client`` and browsers do), and POSTs each query as a form.

With ``--rdflib`` it also compares Oxigraph with rdflib's memory store (the earlier benchmark).

    python benchmarks/query_engine.py                 # about 1,000,000 triples
    python benchmarks/query_engine.py --triples 100000
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph import build_graph  # noqa: E402
from kg.server.app import _prefixes  # noqa: E402
from kg.ontology import relation_info  # noqa: E402
from kg.sparql import _param_terms, _substitute, check_query, named_queries  # noqa: E402
from kg.sparql import load_store, run_query  # noqa: E402
from kg.types import Actor, Assertion, Document, Mention  # noqa: E402

TRIPLES_PER_ASSERTION = 22  # provenance node (about 21) plus its share of direct triples

#: Who supplies whom, with the number of non-negated assertions: a GROUP BY over assertion nodes.
QUERY = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?supplier ?recipient (COUNT(?assertion) AS ?evidence) (MAX(?c) AS ?best)
WHERE {
  ?assertion rdf:predicate kg:supplies ;
             rdf:subject ?s ;
             rdf:object ?t ;
             kg:negated false ;
             kg:confidence ?c .
  ?s rdfs:label ?supplier .
  ?t rdfs:label ?recipient .
}
GROUP BY ?supplier ?recipient
ORDER BY DESC(?evidence) ?supplier ?recipient
"""


def synthetic(n_assertions: int, seed: int = 0):
    """Seeded random actors, documents and assertions."""
    rng = random.Random(seed)
    types = ["State"] * 6 + ["Organization", "ArmedGroup", "Person"]
    actors = []
    for i in range(max(50, n_assertions // 40)):
        kind = rng.choice(types)
        iso = f"{chr(65 + i // 676 % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}"
        actors.append(Actor(f"a{i}" if kind != "State" else iso, f"Actor {i}", kind,
                            iso if kind == "State" else "", f"Q{1000 + i}"))
    relations = list(relation_info())
    weights = [8 if r == "supplies" else 2 for r in relations]
    docs = [Document(f"doc{i}", f"text of document {i}", f"Title {i}", "2024-01-01", f"d/{i}.txt")
            for i in range(max(10, n_assertions // 20))]
    assertions = []
    for i in range(n_assertions):
        doc = rng.choice(docs).id
        src, tgt = rng.sample(actors, 2)
        start = rng.randrange(0, 5000)
        sentence = f"Sentence {i}: {src.label} and {tgt.label}."
        assertions.append(Assertion(
            doc, Mention(doc, start, start + 5, src.label, src), rng.choices(relations, weights)[0],
            Mention(doc, start + 10, start + 15, tgt.label, tgt), start, start + len(sentence), sentence,
            round(rng.random(), 3), negated=rng.random() < 0.1, hedged=rng.random() < 0.2,
        ))
    return assertions, docs


#: parameters of the named queries on the synthetic graph
PARAMS = {"actor": "Actor 1", "other": "Actor 2", "code": "19"}
PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
# The processes timed use compiled bytecode, as an installed kg does: a cache of their own
# (PYTHONDONTWRITEBYTECODE would make every run compile kg's modules again).
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), f"kg-bench-pycache-{os.getuid()}")


#: ``kg`` as its console script runs it (``python -m kg`` also imports runpy and its modules)
KG_SCRIPT = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; sys.exit(main())"


def concrete_queries() -> dict[str, str]:
    """The named queries with their parameters filled in (what a client would send)."""
    out = {}
    for name, text in sorted(named_queries().items()):
        wanted = {k: v for k, v in PARAMS.items() if f"${k}" in text}
        out[name] = _substitute(text, _param_terms(text, wanted))
    return out


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def consume(answer) -> int:
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return int(bool(answer))
    return sum(1 for _ in answer)


def write_build(graph, folder: Path) -> None:
    """graph.ttl and store/ as ``kg build`` writes them."""
    import pyoxigraph as ox

    from kg.store import write_store

    memory = load_store(graph)
    memory.dump(str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    write_store(folder / "graph.ttl", folder / "store")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, query: str) -> str:
    """POST ``query`` on a connection of its own (urllib, ``Connection: close``); whether the
    server answered it from its cache ("hit" or "miss")."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
        return response.headers.get("X-KG-Cache", "")


class Connection:
    """One HTTP/1.1 connection a client keeps open for its requests, as ``requests.Session``,
    ``httpx.Client`` and browsers do (the standard library's ``http.client``); opened again
    after an error."""

    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.conn: http.client.HTTPConnection | None = None

    def fetch(self, query: str) -> str:
        """POST ``query`` as :func:`fetch` does, on this connection."""
        data = urllib.parse.urlencode({"query": query}).encode()
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        try:
            self.conn.request("POST", self.path, data, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json"})
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.status != 200:
            raise OSError(f"HTTP {response.status} {response.reason}")
        return response.headers.get("X-KG-Cache", "")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def load_test(url: str, queries: dict[str, str], clients: int, rounds: int, cold: bool = False,
              keep_alive: bool = True):
    """Each client sends every query ``rounds`` times; latencies per query, and the failures.

    ``cold``: every request's text ends with a comment of its own, so no answer is cached.
    A cold request answered from the cache, or a cached one that was not, is a failure.
    ``keep_alive``: each client keeps one connection open (:class:`Connection`); otherwise
    every request opens one of its own (:func:`fetch`).
    """
    mine = threading.local()
    opened: list[Connection] = []

    def send(name: str, text: str) -> str | None:
        if not keep_alive:
            cache = fetch(url, text)
        else:
            if not hasattr(mine, "connection"):
                mine.connection = Connection(url)
                opened.append(mine.connection)
            cache = mine.connection.fetch(text)
        if cache != ("miss" if cold else "hit"):
            return f"{name}: X-KG-Cache {cache!r} on a {'cold' if cold else 'cached'} request"
        return None

    try:
        return concurrent(send, queries, clients, rounds, cold)
    finally:
        for connection in opened:
            connection.close()


def concurrent(send, queries: dict[str, str], clients: int, rounds: int, cold: bool = True):
    """``clients`` threads, each calling ``send(name, text)`` for every query ``rounds`` times.

    ``send`` returns a failure message or None. Latencies per query, failures, wall time.
    """
    latencies: dict[str, list[float]] = {name: [] for name in queries}
    failures: list[str] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        names = list(queries)
        for r in range(rounds):
            for name in names[k % len(names):] + names[:k % len(names)]:  # staggered
                text = queries[name] + (f"\n# client {k} round {r} {time.time_ns()}" if cold else "")
                t0 = time.perf_counter()
                try:
                    failure = send(name, text)
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        failures.append(f"{name}: {exc}")
                    continue
                elapsed = time.perf_counter() - t0
                with lock:
                    if failure:
                        failures.append(failure)
                    latencies[name].append(elapsed)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures, time.perf_counter() - t0


def as_json(store, text: str, prefixes: dict[str, str]) -> None:
    """pyoxigraph's answer to ``text`` as the server sends it: SPARQL JSON (bytes, in Rust), with
    the prefixes the server declares (the graph's own)."""
    import pyoxigraph as ox

    store.query(text, prefixes=prefixes or None).serialize(format=ox.QueryResultsFormat.JSON)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate graph size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is reported)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every named query, 1 client")
    parser.add_argument("--rounds-concurrent", type=int, default=1,
                        help="rounds of every named query per client, more clients")
    parser.add_argument("--clients", default="1,8", help="the concurrent clients measured (e.g. 1 or 1,8)")
    parser.add_argument("--no-cli", action="store_true", help="skip the kg query processes")
    parser.add_argument("--rdflib", action="store_true", help="also compare with rdflib's memory store")
    parser.add_argument("--folder", type=Path, help="keep the build folder here (reused when it exists)")
    args = parser.parse_args(argv)
    import pyoxigraph as ox

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        if (folder / "store").is_dir() and not args.rdflib:
            print(f"build folder: {folder} (reused)")
        else:
            t0 = time.perf_counter()
            assertions, docs = synthetic(args.triples // TRIPLES_PER_ASSERTION, args.seed)
            graph = build_graph(assertions, docs)
            print(f"graph: {len(graph):,} triples, {len(assertions):,} assertions "
                  f"(built in {time.perf_counter() - t0:.1f} s)")
            folder.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            write_build(graph, folder)
            print(f"build folder: graph.ttl and store/ written in {time.perf_counter() - t0:.1f} s")
            if args.rdflib:
                ok &= compare_rdflib(graph, folder, args.repeat)
            del graph

        queries = concrete_queries()
        check = {name: best(lambda q=q: check_query(q), 200) for name, q in queries.items()}
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"safety check: max {max(check.values()) * 1000:.3f} ms over the {len(check)} named queries "
              f"(target < 10 ms)")

        store_path = str(folder / "store")
        prefixes = _prefixes(Path(store_path))  # what the server declares for every query
        t_open = best(lambda: ox.Store.read_only(store_path), args.repeat)
        store = ox.Store.read_only(store_path)
        rows = {name: consume(store.query(q, prefixes=prefixes)) for name, q in queries.items()}
        iterated = {name: best(lambda q=q: consume(store.query(q, prefixes=prefixes)), args.repeat)
                    for name, q in queries.items()}
        pyox = lambda _n, text: as_json(store, text, prefixes)  # noqa: E731
        clients_measured = [int(c) for c in args.clients.split(",") if c.strip()]
        rounds_for = {c: args.rounds if c == 1 else args.rounds_concurrent for c in clients_measured}

        if not args.no_cli:
            whole_processes(folder, Path(tmp), queries, store_path, t_open, iterated, args.repeat)

        port = free_port()
        server = subprocess.Popen([PYTHON, "-m", "kg", "serve", str(folder), "--port", str(port),
                                   "--timeout", "600"], env=ENV, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    fetch(url, "ASK {}")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.2)
            floors = [(how, load_test(url, {"ASK {}": "ASK {}"}, 1, 20, cold=True, keep_alive=keep_alive)[0])
                      for keep_alive, how in ((False, "a new connection for each (urllib)"),
                                              (True, "one connection kept open (http.client), as below"))]
            # pyoxigraph and the server run the same loops of the same queries, a round of each in
            # turn (so that the machine's drift touches both alike), after a round of each to warm
            # up; each query comes after the one before it in the same order on both sides (a query
            # timed right after itself would find the store's caches warmer than the server does).
            concurrent(pyox, queries, 1, 1)
            load_test(url, queries, 1, 1, cold=True)  # nothing cached
            baseline, served = {}, {}
            for clients in clients_measured:
                base, cold = {n: [] for n in queries}, {n: [] for n in queries}
                failures, walls = [], [0.0, 0.0]
                for _ in range(rounds_for[clients]):
                    for side, run_round in ((base, lambda c=clients: concurrent(pyox, queries, c, 1)),
                                            (cold, lambda c=clients: load_test(url, queries, c, 1, cold=True))):
                        latencies, failed, wall = run_round()
                        for name, values in latencies.items():
                            side[name] += values
                        failures += failed
                        walls[side is cold] += wall
                baseline[clients], served[clients] = (base, walls[0]), (cold, failures, walls[1])

            if 1 in baseline:
                own = baseline[1][0]
                print(f"\npyoxigraph on the store (read-only, open in {t_open * 1000:.0f} ms): the rows iterated "
                      f"in Python (best of {args.repeat} in a row), and the answer serialized as SPARQL JSON, the "
                      f"bytes the server sends (best and p50 of {args.rounds} rounds of the 9 queries, in the "
                      f"server's order, texts of their own), in ms:")
                print(f"  {'query':24} {'rows':>7} {'iterated':>9} {'JSON best':>9} {'JSON p50':>9}")
                for name in queries:
                    print(f"  {name:24} {rows[name]:>7,} {iterated[name] * 1000:9.1f} "
                          f"{min(own[name]) * 1000:9.1f} {pct(own[name], 0.5) * 1000:9.1f}")
            for clients, (latencies, wall) in baseline.items():
                if clients > 1:
                    report(f"pyoxigraph, {clients} threads on that one store, the answers as SPARQL JSON, "
                           "texts of their own", clients, rounds_for[clients], latencies, [], wall)
            print("\nkg serve: one HTTP request of ASK {} (the floor of a request), cold, 20 in a row:")
            for how, floor in floors:
                print(f"  {how}: p50 {pct(floor['ASK {}'], 0.5) * 1000:.2f} ms, "
                      f"best {min(floor['ASK {}']) * 1000:.2f} ms")
            for clients, (latencies, failures, wall) in served.items():
                report("kg serve, cold: every request a new query text, answered by the store "
                       "(its rounds in turn with pyoxigraph's)", clients, rounds_for[clients], latencies,
                       failures, wall, baseline[clients][0])
                ok &= not failures
            for clients in clients_measured:
                load_test(url, queries, 1, 1)  # the texts of the cached run, answered once
                latencies, failures, wall = load_test(url, queries, clients, rounds_for[clients])
                report("kg serve, cached: the same query texts again, answered from the server's cache",
                       clients, rounds_for[clients], latencies, failures, wall, baseline[clients][0])
                ok &= not failures
        finally:
            server.terminate()
            server.wait(30)
            del store
    return 0 if ok else 1


def report(title: str, clients: int, rounds: int, latencies: dict[str, list[float]],
           failures: list[str], wall: float, baseline: dict[str, list[float]] | None = None) -> None:
    """One table: latencies per query, and against ``baseline``'s p50 (the same queries)."""
    n = sum(len(v) for v in latencies.values())
    print(f"\n{title}")
    print(f"{clients} client{'s' if clients > 1 else ''} x {rounds} round{'s' if rounds > 1 else ''} "
          f"of {len(latencies)} queries: {n} requests in {wall:.1f} s, {len(failures)} failed; "
          f"load average {os.getloadavg()[0]:.1f}")
    head = f"  {'query':24} {'best ms':>8} {'p50 ms':>8} {'p95 ms':>8}"
    print(head + (f" {'pyox p50':>9} {'p50/pyox':>8}" if baseline else ""))
    for qname, values in latencies.items():
        if not values:
            continue
        p50 = pct(values, 0.5)
        line = f"  {qname:24} {min(values) * 1000:8.1f} {p50 * 1000:8.1f} {pct(values, 0.95) * 1000:8.1f}"
        if baseline:
            own = pct(baseline[qname], 0.5)
            line += f" {own * 1000:9.1f} {p50 / own:7.2f}x"
        print(line)
    every = [v for values in latencies.values() for v in values]
    print(f"  all: p50 {pct(every, 0.5) * 1000:.1f} ms, p95 {pct(every, 0.95) * 1000:.1f} ms")
    if baseline:
        ratios = {q: pct(v, 0.5) / pct(baseline[q], 0.5) for q, v in latencies.items() if v}
        worst = max(ratios, key=ratios.get)
        print(f"  p50/pyox: {min(ratios.values()):.2f}x to {ratios[worst]:.2f}x ({worst})")
    for failure in failures[:5]:
        print(f"  failed: {failure}")


def whole_processes(folder: Path, tmp: Path, queries: dict[str, str], store_path: str,
                    t_open: float, iterated: dict[str, float], repeat: int) -> None:
    """``kg query DIR`` as a whole process, against a python process running the same query."""
    script = ("import sys, pyoxigraph as ox; s = ox.Store.read_only(sys.argv[1]); "
              "r = s.query(open(sys.argv[2]).read()); "
              "sys.stdout.write(''.join(str(x) for x in r))")
    run = lambda cmd: subprocess.run(cmd, env=ENV, check=True, stdout=subprocess.DEVNULL)  # noqa: E731
    kg = [PYTHON, "-c", KG_SCRIPT]
    run([*kg, "query", "--list"])  # compiles kg's modules into the cache
    run([*kg, "query", str(folder), "--name", "actors-by-type"])
    t_cli = best(lambda: run([*kg, "query", "--list"]), repeat)
    print(f"\nwhole processes, best of {repeat} (kg's command line alone, "
          f"kg query --list: {t_cli:.3f} s):")
    for name in ("who-supplies-whom", "actors-by-type"):  # the slowest usual query, a quick one
        qfile = tmp / f"{name}.rq"
        qfile.write_text(queries[name], encoding="utf-8")
        t_ox_proc = best(lambda: run([PYTHON, "-c", script, store_path, str(qfile)]), repeat)
        t_kg = best(lambda: run([*kg, "query", str(folder), "--name", name]), repeat)
        t_in = t_open + iterated[name]
        print(f"  {name}: python + pyoxigraph, open the store and query {t_ox_proc:.3f} s; "
              f"kg query DIR --name {name} {t_kg:.3f} s")
        print(f"    ratio kg query / pyoxigraph process: {t_kg / t_ox_proc:.2f}x (target <= 1.5x); "
              f"against open-and-query in process ({t_in:.3f} s): {t_kg / t_in:.2f}x")


def compare_rdflib(graph, folder: Path, repeat: int) -> bool:
    """The earlier benchmark: Oxigraph against rdflib's memory store, same answers."""
    from kg.graph import load_graph

    t0 = time.perf_counter()
    store = load_store(graph)
    t_load = time.perf_counter() - t0
    fast = run_query(store, QUERY)
    t_ox = best(lambda: run_query(store, QUERY), repeat)
    t0 = time.perf_counter()
    slow = run_query(graph, QUERY, engine="rdflib")
    t_rdflib = time.perf_counter() - t0
    t0 = time.perf_counter()
    from_file = run_query(load_store(folder / "graph.ttl"), QUERY)
    t_ox_file = time.perf_counter() - t0
    t0 = time.perf_counter()
    from_file_rdflib = run_query(load_graph(folder / "graph.ttl"), QUERY, engine="rdflib")
    t_rdflib_file = time.perf_counter() - t0
    print(f"oxigraph: loaded in {t_load:.2f} s, query {t_ox:.3f} s; rdflib memory store: query {t_rdflib:.3f} s")
    print(f"from the Turtle file, load + query: oxigraph {t_ox_file:.2f} s, rdflib {t_rdflib_file:.2f} s")
    same = fast == slow == from_file == from_file_rdflib
    print(f"answers equal: {same}")
    return same


if __name__ == "__main__":
    sys.exit(main())
