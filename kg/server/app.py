"""The ASGI application of ``kg serve``: ``/sparql``, the explorer, the actor pages.

``/sparql`` is a plain ASGI endpoint (the path of every query, kept short: no routing, no
request object); the pages are a Starlette application. The explorer at ``/`` is the build's
graph.html with its evidence fetched from ``/sparql`` (:mod:`kg.server.explorer`).

Every query is checked by :func:`kg.sparql.check_query` in the server and run by the
:class:`~kg.server.pool.QueryPool` in threads of worker processes on the read-only store. The server
never writes: not the store (opened read-only), not the build folder.

Answers are cached (:class:`~kg.server.cache.ResultCache`) and carry an ``ETag`` made of the
graph's hash (recorded with the store) and of the query and format; a GET whose
``If-None-Match`` names it is answered ``304 Not Modified``. Identical queries that arrive
while the first is running wait for its answer instead of running again. When the store is
rebuilt (``kg build --update``), the next request sees its new fingerprint: the cache is
emptied and the workers reopen the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
import logging
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import QueryError
from kg.server.cache import DEFAULT_CACHE_BYTES, ResultCache
from kg.server.pages import ACTOR_ID, ACTORS_QUERY, actor_page, actor_queries, actors_page, page
from kg.server.pool import QueryPool, QueryTimeout
from kg.server.protocol import CONTENT_TYPES, ProtocolError, negotiate, query_from
from kg.sparql import check_query

__all__ = ["MAX_REQUEST_BYTES", "create_app"]

log = logging.getLogger("kg.server")

#: the largest query accepted (a URL's query string or a POST body), in bytes
MAX_REQUEST_BYTES = 64 * 1024
#: the request headers /sparql reads
_WANTED = frozenset((b"accept", b"content-length", b"content-type", b"if-none-match"))
#: the Content-Type of each answer, as sent
_MEDIA = {media: media.encode("latin-1") for media in CONTENT_TYPES.values()}
#: the pages carry no script; the explorer (graph.html, pyvis) has its own inline scripts
_PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                            "img-src 'self' data:", "X-Content-Type-Options": "nosniff"}
_ENDPOINT_PAGE = """<h1>SPARQL endpoint</h1>
<p>This is a read-only <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a>
endpoint: <code>GET /sparql?query=...</code>, or <code>POST</code> the query as
<code>application/sparql-query</code> or as a form field <code>query</code>.</p>
<form method="get" action="/sparql"><textarea name="query" rows="8" cols="80">SELECT ?actor ?label WHERE {
  ?actor a &lt;https://w3id.org/kg/ontology#Actor&gt; ; &lt;http://www.w3.org/2000/01/rdf-schema#label&gt; ?label .
} LIMIT 20</textarea><br><button>Run</button></form>"""


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status,
                             headers={"X-Content-Type-Options": "nosniff", **(headers or {})})


async def _body(receive: Receive, length: bytes | None, limit: int) -> bytes | None:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes (None: the client
    went away)."""
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise ProtocolError(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes")
        if not message.get("more_body", False):
            return b"".join((*chunks, chunk)) if chunks else chunk
        chunks.append(chunk)


def create_app(folder: str | Path, *, timeout: float = 30.0, workers: int = 2,
               max_request_bytes: int = MAX_REQUEST_BYTES,
               allow_origins: tuple[str, ...] = (),
               cache_bytes: int = DEFAULT_CACHE_BYTES) -> ASGIApp:
    """The ASGI application serving the build folder ``folder`` (needs ``folder/store``):
    ``/sparql`` answered directly, every other path by a Starlette application.

    ``cache_bytes`` bounds the cache of answers (0: none).

    ``allow_origins`` are the web origins whose pages may query ``/sparql`` from a browser
    (CORS, for a YASGUI served elsewhere); none by default, so that no web page can read a
    private graph through a visitor's browser.

    Raises :class:`kg.errors.InputError` when the folder has no store matching its graph.
    """
    from kg.errors import InputError
    from kg.store import open_graph_store, store_for

    folder = Path(folder)
    graph, store_dir = store_for(folder)
    probe = open_graph_store(folder)
    if probe is None:
        raise InputError(f"no Oxigraph store matching {graph.name} here (expected {store_dir}); "
                         "run kg build again to write it", str(folder))
    del probe
    pool = QueryPool(store_dir, workers=workers, timeout=timeout, prefixes=_prefixes(store_dir))
    cache = ResultCache(cache_bytes)
    running: dict[tuple[str, str, str], asyncio.Future] = {}  # identical queries wait for one
    graph_state = {"stamp": _stamp(store_dir), "tag": _graph_tag(store_dir)}
    reloading = asyncio.Lock()

    async def graph_tag() -> str:
        """The graph's hash, after reopening the store if it was rebuilt since the last request."""
        stamp = _stamp(store_dir)
        if stamp is not None and stamp != graph_state["stamp"]:
            async with reloading:
                if stamp != graph_state["stamp"]:
                    log.info("the store %s changed: reopening it", store_dir)
                    graph_state.update(stamp=stamp, tag=_graph_tag(store_dir))
                    cache.clear()
                    running.clear()
                    pool.prefixes = _prefixes(store_dir)
                    await pool.reload()
        return graph_state["tag"]
    explorer = folder / "graph.html"
    live: list[bytes | None] = []  # the served explorer, made on first request

    def live_page() -> bytes | None:
        if not live:
            from kg.server.explorer import live_explorer

            live.append(live_explorer(explorer))
        return live[0]

    async def run(query: str, kind: str, fmt: str) -> bytes:
        try:
            answer = await pool.run(query, kind, fmt)
        except QueryTimeout as exc:
            raise ProtocolError(503, f"query timed out: {exc}") from None
        if not answer.ok:
            raise ProtocolError(400 if answer.syntax else 500, answer.error)
        return answer.data

    async def cached(query: str, kind: str, fmt: str, tag: str) -> tuple[bytes, bool]:
        """(the answer, whether it came from the cache) for a query checked already.

        The first request of a query runs it; identical ones that come meanwhile wait for its
        answer (or its error), each shielded from the others' going away.
        """
        key = (tag, query, fmt)
        data = cache.get(key)
        if data is not None:
            return data, True
        shared = running.get(key)
        if shared is not None:
            return await asyncio.shield(shared), False
        shared = running[key] = asyncio.get_running_loop().create_future()
        try:
            data = await run(query, kind, fmt)
        except BaseException as exc:
            if running.get(key) is shared:
                del running[key]
            if isinstance(exc, Exception):
                shared.set_exception(exc)
                shared.exception()  # retrieved: no warning when nothing waits for it
            else:  # cancelled (the server stopping)
                shared.cancel()
            raise
        if running.get(key) is shared:
            del running[key]
        if tag == graph_state["tag"]:
            cache.put(key, data)
        shared.set_result(data)
        return data, False

    async def sparql(scope: Scope, receive: Receive, send: Send) -> None:
        """``/sparql``, a plain ASGI endpoint: the one path every query takes, kept short."""
        method = scope["method"]
        if method not in ("GET", "HEAD", "POST"):
            await _error(405, f"{method} is not allowed here: GET or POST a query",
                         {"Allow": "GET, HEAD, POST"})(scope, receive, send)
            return
        headers = {name: value for name, value in reversed(scope["headers"]) if name in _WANTED}
        get = method != "POST"  # HEAD is a GET without the body
        try:
            raw_query = scope["query_string"]
            if len(raw_query) > max_request_bytes:
                raise ProtocolError(414, f"the query string is longer than {max_request_bytes} bytes")
            try:
                url_query = raw_query.decode()
            except UnicodeDecodeError:
                raise ProtocolError(400, "the request is not valid UTF-8") from None
            if get and not url_query:
                await HTMLResponse(page("SPARQL endpoint", _ENDPOINT_PAGE), headers=_PAGE_HEADERS)(
                    scope, receive, send)
                return
            body = b""
            if not get:
                body = await _body(receive, headers.get(b"content-length"), max_request_bytes)
                if body is None:
                    return  # the client went away
            content_type = headers.get(b"content-type", b"").decode("latin-1")
            text = query_from("GET" if get else "POST", url_query, content_type, body)
            try:
                kind = check_query(text)
            except QueryError as exc:
                status = 403 if str(exc).startswith("SPARQL updates") else 400
                raise ProtocolError(status, str(exc)) from None
            accept = headers.get(b"accept")
            fmt, media = negotiate(accept.decode("latin-1") if accept is not None else None, kind)
            tag = await graph_tag()
            etag = f'W/"{tag}-{_digest(text, fmt)}"'.encode()
            out = [(b"etag", etag), (b"vary", b"Accept"), (b"cache-control", b"no-cache")]
            match = headers.get(b"if-none-match")
            if get and match is not None and _none_match(match.decode("latin-1"), etag.decode()):
                await send({"type": "http.response.start", "status": 304, "headers": out})
                await send({"type": "http.response.body", "body": b""})
                return
            data, hit = await cached(text, kind, fmt, tag)
        except ProtocolError as exc:
            await _error(exc.status, str(exc))(scope, receive, send)
            return
        out += [(b"content-type", _MEDIA[media]), (b"x-kg-cache", b"hit" if hit else b"miss"),
                (b"content-length", str(len(data)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": data})

    async def home(request: Request) -> Response:  # noqa: ARG001
        if not explorer.is_file():
            return HTMLResponse(page("kg", "<p>This build has no graph.html; see "
                                     '<a href="/actors">the actors</a>.</p>'),
                                status_code=404, headers=_PAGE_HEADERS)
        body = live_page()
        if body is None:
            return FileResponse(explorer, media_type="text/html; charset=utf-8",
                                headers={"X-Content-Type-Options": "nosniff"})
        return Response(body, media_type="text/html; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})

    async def actor(request: Request) -> Response:
        actor_id = request.path_params["actor_id"]
        if not ACTOR_ID.match(actor_id):
            return HTMLResponse(page("Not found", "<h1>No such actor</h1>"), status_code=404,
                                headers=_PAGE_HEADERS)
        card_q, relations_q = actor_queries(actor_id)
        try:
            tag = await graph_tag()
            card, _ = await cached(card_q, "SELECT", "JSON", tag)
            relations, _ = await cached(relations_q, "SELECT", "JSON", tag)
            body = actor_page(actor_id, card, relations)
        except ProtocolError as exc:
            return _error(exc.status, str(exc))
        if body is None:
            missing = f"<h1>No actor with the id {html.escape(actor_id, quote=True)}</h1>"
            return HTMLResponse(page("Not found", missing), status_code=404, headers=_PAGE_HEADERS)
        return HTMLResponse(body, headers=_PAGE_HEADERS)

    async def actors(request: Request) -> Response:  # noqa: ARG001
        try:
            answer, _ = await cached(ACTORS_QUERY, "SELECT", "JSON", await graph_tag())
            return HTMLResponse(actors_page(answer), headers=_PAGE_HEADERS)
        except ProtocolError as exc:
            return _error(exc.status, str(exc))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ARG001
        await pool.start()
        log.info("serving %s with %d query workers", folder, pool.size)
        try:
            yield
        finally:
            pool.close()

    routes = [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/actors", actors, methods=["GET", "HEAD"]),
        Route("/actor/{actor_id}", actor, methods=["GET", "HEAD"]),
    ]
    middleware = []
    endpoint = sparql
    if allow_origins:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        cors = {"allow_origins": list(allow_origins), "allow_methods": ["GET", "POST"],
                "allow_headers": ["Content-Type"], "max_age": 600}
        middleware.append(Middleware(CORSMiddleware, **cors))
        endpoint = CORSMiddleware(sparql, **cors)
    pages = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql":
            await endpoint(scope, receive, send)
        else:
            await pages(scope, receive, send)

    return app


def _stamp(store_dir: Path) -> tuple[int, int, int] | None:
    """What changes when the store is rebuilt: its fingerprint file's inode, time and size."""
    from kg.store import FINGERPRINT

    try:
        st = os.stat(store_dir / FINGERPRINT)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _graph_tag(store_dir: Path) -> str:
    """The head of the graph's SHA-256 recorded with the store (its fingerprint's, if none)."""
    from kg.store import FINGERPRINT

    try:
        text = (store_dir / FINGERPRINT).read_text(encoding="utf-8")
    except OSError:
        return "none"
    try:
        recorded = json.loads(text)
    except ValueError:
        recorded = None
    sha = recorded.get("sha256") if isinstance(recorded, dict) else None
    if isinstance(sha, str) and sha.isalnum():
        return sha[:20]
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _digest(query: str, fmt: str) -> str:
    return hashlib.blake2b(f"{fmt}\n{query}".encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def _none_match(header: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison) or is ``*``."""
    if not header:
        return False
    bare = etag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == bare for t in header.split(","))


def _prefixes(store_dir: Path) -> dict[str, str]:
    """The graph's prefixes recorded with the store (queries may use them undeclared)."""
    from kg.store import FINGERPRINT

    try:
        recorded = json.loads((store_dir / FINGERPRINT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    prefixes = recorded.get("prefixes") if isinstance(recorded, dict) else None
    if not isinstance(prefixes, dict):
        return {}
    return {str(k): str(v) for k, v in prefixes.items()}
