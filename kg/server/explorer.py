"""The explorer as ``kg serve`` serves it at ``/``: graph.html without its evidence sentences.

graph.html embeds every evidence sentence so that it works offline. Served, the page keeps what
its filters need of each piece of evidence (confidence, document, date, hedged) and drops the
sentences and their mention offsets, and the edge tooltips lose their first sentences; the
panel fetches them from the endpoint (``/sparql``, the same queries any client may send) when
an actor or an edge is opened. The page learns the
endpoint and how to map an assertion to its edge (inverse relations, symmetric ones) from
``DATA.live``.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["DATA_TAG", "live_explorer"]

DATA_TAG = '<script type="application/json" id="kg-data">'
_EDGES = "edges = new vis.DataSet("


def live_explorer(path: str | Path, endpoint: str = "/sparql") -> bytes | None:
    """graph.html at ``path`` with its evidence left to ``endpoint``; None if it has no data.

    A page kg did not write (no explorer data) is returned as None: the server then sends the
    file as it is.
    """
    from kg.exporters.explorer_data import script_json
    from kg.ontology import relation_info

    page = Path(path).read_text(encoding="utf-8")
    start = page.find(DATA_TAG)
    end = page.find("</script>", start)
    if start < 0 or end < 0:
        return None
    try:
        data = json.loads(page[start + len(DATA_TAG) : end])
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("edges"), list):
        return None
    for edge in data["edges"]:
        for item in edge.get("evidence", ()):
            item[0], item[1] = "", []  # sentence and mentions: fetched when shown
    for edge in data.get("pending", {}).get("edges", ()):
        edge["title"] = _short_title(edge.get("title"))
    base = {info.inverse: name for name, info in relation_info().items() if info.inverse}
    symmetric = sorted(name for name, info in relation_info().items() if info.symmetric)
    data["live"] = {"sparql": endpoint, "base": base, "symmetric": symmetric}
    page = page[: start + len(DATA_TAG)] + script_json(data) + page[end:]
    return _short_tooltips(page, script_json).encode("utf-8")


def _short_title(title: object) -> object:
    """An edge tooltip without its evidence sentences (the panel fetches them)."""
    if not isinstance(title, str):
        return title
    head = title.split("<ul>", 1)[0]
    return head + "<br><span class='kg-doc'>Click the edge for its evidence.</span>"


def _short_tooltips(page: str, script_json) -> str:
    """The edges vis-network is given at first, their tooltips without sentences."""
    at = page.find(_EDGES)
    if at < 0:
        return page
    begin = at + len(_EDGES)
    try:
        edges, stop = json.JSONDecoder().raw_decode(page, begin)
    except ValueError:
        return page
    if not isinstance(edges, list):
        return page
    for edge in edges:
        if isinstance(edge, dict):
            edge["title"] = _short_title(edge.get("title"))
    return page[:begin] + script_json(edges) + page[stop:]
