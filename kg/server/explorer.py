"""The explorer as ``kg serve`` serves it at ``/``: graph.html without its evidence sentences.

graph.html embeds every evidence sentence so that it works offline. Served, the page keeps what
its filters need of each piece of evidence (confidence, document, date, hedged) and drops the
sentences and their mention offsets; the panel fetches them from the endpoint (``/sparql``, the
same queries any client may send) when an actor or an edge is opened. The page learns the
endpoint and how to map an assertion to its edge (inverse relations, symmetric ones) from
``DATA.live``.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["DATA_TAG", "live_explorer"]

DATA_TAG = '<script type="application/json" id="kg-data">'


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
    base = {info.inverse: name for name, info in relation_info().items() if info.inverse}
    symmetric = sorted(name for name, info in relation_info().items() if info.symmetric)
    data["live"] = {"sparql": endpoint, "base": base, "symmetric": symmetric}
    return (page[: start + len(DATA_TAG)] + script_json(data) + page[end:]).encode("utf-8")
