"""The interactive HTML graph: pyvis (vis-network) with everything inlined, fully offline.

Nodes are coloured by alliance bloc, shaped by actor type and sized by weighted degree; edges are
coloured by polarity, carry arrows when the relation has a direction, and are labelled with the
relation. Hovering an edge shows its evidence sentences with their documents; hovering a node
shows its type, ISO code, Wikidata ID and bloc. A legend sits in the top right corner.

Safety: every piece of article text (labels, sentences, document titles) goes through
:func:`html.escape` before it reaches the page. vis-network 9 shows a string ``title`` as plain
text, so a small script in the page turns the (escaped) title markup into DOM elements; the
escaping is what keeps an article's ``<script>`` from running. The node and edge data are
embedded with Jinja's ``tojson``, which writes ``<``, ``>`` and ``&`` as ``\\u003c`` ..., and the
page is checked after rendering: no ``</script`` inside the data and no reference to a remote
host (pyvis always links Bootstrap from a CDN; that link is removed).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from kg.errors import ConfigError, ExportError
from kg.exporters.atomic import atomic_write_text

__all__ = ["EDGE_COLORS", "NODE_SHAPES", "render_html", "write_html"]

#: vis-network shape per actor type (shapes whose size follows ``size``).
NODE_SHAPES = {"State": "dot", "Organization": "square", "ArmedGroup": "triangle", "Person": "star"}
#: edge colour per polarity
EDGE_COLORS = {
    "cooperative": "#2ca02c",
    "hostile": "#d62728",
    "neutral": "#8c8c8c",
    "structural": "#6b9bd1",
}

_OPTIONS = {"height": "800px", "width": "100%", "bgcolor": "#ffffff", "physics": True,
            "title": "kg: actor graph", "max_evidence": 12, "seed": 0}  # fmt: skip

# Links and scripts pyvis's template loads from CDNs, whatever cdn_resources says.
_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script\s*>",
    re.IGNORECASE,
)
#: what the final check refuses: a src, href, CSS url() or @import pointing at another host.
REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)

# Turns the escaped title markup into elements (vis-network shows a string title as text).
_TITLE_SCRIPT = """<script type="text/javascript">
(function () {
  function toElement(markup) {
    var tip = document.createElement("div");
    tip.className = "kg-tip";
    tip.innerHTML = markup;  // built by kg from html-escaped text only
    return tip;
  }
  [nodes, edges].forEach(function (set) {
    var updates = [];
    set.forEach(function (item) {
      if (typeof item.title === "string") updates.push({id: item.id, title: toElement(item.title)});
    });
    set.update(updates);
  });
})();
</script>
"""

_STYLE = """<style type="text/css">
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; }
#mynetwork { float: none; border: none; }
div.vis-tooltip { font-family: inherit; }
.kg-tip { max-width: 480px; white-space: normal; font-size: 12px; line-height: 1.35; }
.kg-tip ul { margin: 4px 0 0 0; padding-left: 16px; }
.kg-tip .kg-doc { color: #555; font-style: italic; }
#kg-legend { position: fixed; top: 10px; right: 10px; z-index: 10; background: rgba(255,255,255,.92);
  border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; font-size: 12px; max-width: 300px; }
#kg-legend h2 { font-size: 13px; margin: 0 0 4px 0; }
#kg-legend .sw { display: inline-block; width: 18px; height: 10px; margin-right: 6px;
  vertical-align: middle; border-radius: 2px; }
#kg-legend ul { list-style: none; margin: 0 0 6px 0; padding: 0; }
</style>
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _label(value: object) -> str:
    """Escaped text for a canvas label drawn in vis-network's "html" font mode.

    That mode draws text, never DOM, and decodes only ``&lt;`` and ``&amp;``: escape, then put
    back the ``>`` it would otherwise show as ``&gt;``. No ``<`` is left, so no tag either.
    """
    return html.escape(str(value), quote=False).replace("&gt;", ">")


def _neutralise(markup: str) -> str:
    # pyvis switches to a popup that uses innerHTML on raw titles when a node title holds "href";
    # the entity renders the same letters without triggering it.
    return markup.replace("href", "hr&#101;f").replace("HREF", "HR&#69;F")


def _node_title(actor: str, data: dict[str, Any], metrics: dict[str, Any], bloc: int) -> str:
    rows = [
        ("Type", data.get("type", "")),
        ("ISO code", data.get("iso3", "") or "-"),
        ("Wikidata", data.get("wikidata", "") or "-"),
        ("Bloc", bloc if bloc >= 0 else "-"),
        ("Degree", metrics.get("degree", 0)),
        ("Betweenness", f"{metrics.get('betweenness', 0.0):.3f}"),
        ("Mentions", data.get("mentions", 0)),
    ]
    lines = [f"<b>{_e(data.get('label', actor))}</b> <span class='kg-doc'>({_e(actor)})</span>"]
    lines += [f"{_e(k)}: {_e(v)}" for k, v in rows]
    return _neutralise("<br>".join(lines))


def _edge_title(u_label: str, v_label: str, data: dict[str, Any], max_evidence: int) -> str:
    arrow = "&ndash;" if data.get("symmetric") else "&rarr;"
    head = (
        f"<b>{_e(u_label)} {arrow} {_e(data.get('relation', ''))} {arrow} {_e(v_label)}</b><br>"
        f"{_e(data.get('polarity', ''))}, {_e(data.get('count', 0))} evidence, "
        f"weight {_e(round(float(data.get('weight', 0.0)), 3))}"
    )
    first, last = data.get("first_date", ""), data.get("last_date", "")
    if first:
        head += f"<br>{_e(first)}" + (f" to {_e(last)}" if last and last != first else "")
    items = []
    evidence = list(data.get("evidence", ()))
    for sentence, title, doc_id in evidence[:max_evidence]:
        source = title or doc_id
        items.append(f"<li>{_e(sentence)} <span class='kg-doc'>({_e(source)})</span></li>")
    if len(evidence) > max_evidence:
        items.append(f"<li>... and {len(evidence) - max_evidence} more</li>")
    return _neutralise(head + (f"<ul>{''.join(items)}</ul>" if items else ""))


def _legend(analysis: Any, colors: dict[int, str]) -> str:
    from kg.analysis import SINGLETON_COLOR

    blocs = []
    for i, bloc in enumerate(analysis.blocs):
        if len(bloc) < 2:
            continue
        labels = sorted(str(analysis.graph.nodes[a].get("label", a)) for a in bloc)
        shown = ", ".join(labels[:4]) + (f" +{len(labels) - 4}" if len(labels) > 4 else "")
        blocs.append(f"<li><span class='sw' style='background:{colors[i]}'></span>"
                     f"Bloc {i}: {_e(shown)}</li>")  # fmt: skip
    if any(len(b) < 2 for b in analysis.blocs):
        blocs.append(f"<li><span class='sw' style='background:{SINGLETON_COLOR}'>"
                     "</span>Not in a bloc</li>")  # fmt: skip
    edges = "".join(
        f"<li><span class='sw' style='background:{c}'></span>{_e(p)}</li>"
        for p, c in EDGE_COLORS.items()
    )
    shapes = "".join(f"<li>{_e(t)}: {_e(s)}</li>" for t, s in NODE_SHAPES.items())
    return (
        "<div id=\"kg-legend\"><h2>Blocs</h2><ul>" + "".join(blocs) + "</ul>"
        "<h2>Relations</h2><ul>" + edges + "</ul><h2>Actors</h2><ul>" + shapes + "</ul>"
        "<div>Size: weighted degree. Hover for evidence.</div></div>\n"
    )


def _check_options(options: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise ConfigError(
            f"unknown HTML export option(s) {', '.join(unknown)}; valid: {', '.join(sorted(_OPTIONS))}"
        )
    merged = {**_OPTIONS, **options}
    for key in ("height", "width", "bgcolor"):
        if not re.fullmatch(r"[#%\w.() ,-]{1,40}", str(merged[key])):
            raise ConfigError(f"HTML export option {key}={merged[key]!r} is not a CSS size or colour")
    return merged


def render_html(graph: Any, *, analysis: Any = None, **options: Any) -> str:
    """The page as a string (see :func:`write_html` for the arguments)."""
    from pyvis.network import Network

    from kg.analysis import analyze, bloc_colors, node_sizes

    opts = _check_options(options)
    if analysis is None:
        analysis = analyze(graph, seed=opts["seed"])
    G = analysis.graph
    bloc_of = analysis.bloc_of
    colors = bloc_colors(analysis.blocs)
    sizes = node_sizes(analysis.metrics)

    net = Network(
        height=opts["height"], width=opts["width"], bgcolor=opts["bgcolor"],
        directed=True, cdn_resources="in_line",
    )  # fmt: skip
    for actor in sorted(G):
        data = G.nodes[actor]
        bloc = bloc_of.get(actor, -1)
        color = colors.get(bloc, "#bab0ac")
        net.add_node(
            actor,
            label=_label(data.get("label", actor)),
            title=_node_title(actor, data, analysis.metrics.get(actor, {}), bloc),
            shape=NODE_SHAPES.get(data.get("type", ""), "dot"),
            color=color,
            size=sizes.get(actor, 10.0),
            bloc=bloc,  # not ``group``: pyvis drops ``color`` when a node has a group
        )
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[2]), str(e[1])))
    for n, (u, v, key, data) in enumerate(edges):
        polarity = str(data.get("polarity", "neutral"))
        net.add_edge(
            u,
            v,
            id=f"e{n}",
            label=_label(data.get("relation", key)),
            title=_edge_title(
                str(G.nodes[u].get("label", u)), str(G.nodes[v].get("label", v)), data,
                int(opts["max_evidence"]),
            ),
            color=EDGE_COLORS.get(polarity, EDGE_COLORS["neutral"]),
            arrows={"to": {"enabled": not data.get("symmetric", False)}},
            dashes=polarity == "structural",
            width=round(1.0 + 2.0 * min(float(data.get("weight", 0.0)), 3.0), 2),
        )  # fmt: skip
    net.options = {
        "layout": {"randomSeed": int(opts["seed"] or 0), "improvedLayout": True},
        "physics": {
            "enabled": bool(opts["physics"]),
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 300},
        },
        "interaction": {"hover": True, "tooltipDelay": 120},
        "edges": {"smooth": {"enabled": True, "type": "dynamic"}, "font": {"size": 10, "align": "middle", "multi": "html"}},
        "nodes": {"font": {"size": 14, "multi": "html"}},
    }  # fmt: skip
    page = net.generate_html()
    return _finish(page, _legend(analysis, colors), str(opts["title"]))


def _finish(page: str, legend: str, title: str) -> str:
    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    page = page.replace(
        '<meta charset="utf-8">', f'<meta charset="utf-8">\n        <title>{_e(title)}</title>', 1
    )
    page = page.replace("</head>", _STYLE + "</head>", 1)
    head, sep, tail = page.rpartition("drawGraph();\n        </script>")
    if not sep:
        raise ExportError("the pyvis page template has changed: cannot find drawGraph()")
    page = head + sep + "\n" + _TITLE_SCRIPT + legend + tail
    page = page if page.endswith("\n") else page + "\n"
    _verify(page)
    return page


def _verify(page: str) -> None:
    remote = REMOTE_REFERENCE.search(page)
    if remote:
        raise ExportError(f"the HTML page would load {remote.group(0)!r} from another host")
    start = page.find("nodes = new vis.DataSet(")
    end = page.find("var options =", start)
    if start < 0 or end < 0:
        raise ExportError("the pyvis page template has changed: cannot find the graph data")
    if "<" in page[start:end]:  # tojson writes < as \u003c: a raw one could close the script
        raise ExportError("the HTML page's embedded graph data holds a raw '<'")


def write_html(graph: Any, path: str | Path, *, analysis: Any = None, **options: Any) -> None:
    """Write the interactive graph as one self-contained HTML file (no network access needed).

    Parameters
    ----------
    graph : rdflib.Graph
        The knowledge graph; analysed with :func:`kg.analysis.analyze` unless ``analysis`` is
        given (then only ``analysis`` is drawn).
    path : str or Path
        The file to write (atomically).
    analysis : kg.analysis.Analysis, optional
        A ready analysis of ``graph``.
    **options
        ``height``, ``width`` (CSS sizes), ``bgcolor``, ``physics`` (bool), ``title`` (of the
        page), ``max_evidence`` (sentences per edge tooltip), ``seed`` (of the analysis and the
        layout). Anything else raises :class:`kg.errors.ConfigError`.
    """
    page = render_html(graph, analysis=analysis, **options)
    atomic_write_text(path, page)

