"""The interactive HTML explorer: pyvis (vis-network) with everything inlined, fully offline.

The page fills the window. Positions are computed in Python (:func:`kg.exporters.explorer_data.layout`,
seeded) and physics is off, so a graph of a thousand actors is drawn at once and stays still. At
first it draws the strongest actors by weighted degree (``max_nodes``) and hides the actors
without a relation; toggles show them. A search box finds an actor by its label, ISO code or
any name of the knowledge base ("Kremlin" finds Russia) and centres it; filters keep relations,
polarities, a minimum confidence and evidence count and a date range. Clicking an actor opens a
panel with its card and every relation with every evidence sentence (mentions highlighted,
article title, date and URL); clicking an edge lists all its evidence. A legend that folds away
shows the blocs of two or more actors, largest first. ``<body data-ready="true">`` is set once
the network is drawn.

Safety: tooltips are built from :func:`html.escape`-d text; vis-network 9 shows a string
``title`` as plain text, so a small script turns that escaped markup into elements. The panel
and the search results put text in with ``textContent`` only. The explorer's data is embedded as
JSON escaped for a script context (``<``, ``>``, ``&``, ``/`` as ``\\u`` escapes), and the page is
checked after rendering: no raw ``<`` in the embedded data and no reference to a remote host
(pyvis always links Bootstrap from a CDN; that link is removed).

When the documents' dates span two or more periods, a time slider (``#kg-period``) shows one
period at a time (:mod:`kg.exporters.explorer_timeline`): only the edges with evidence dated in
it, actors coloured by that period's blocs (grey in none); its first position, "all periods",
is the whole graph. It combines with the other filters.
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

_OPTIONS = {"height": "100vh", "width": "100%", "bgcolor": "#ffffff", "physics": False,
            "title": "kg: actor graph", "max_evidence": 3, "max_nodes": 300, "seed": 0}  # fmt: skip
_HERE = Path(__file__).resolve().parent

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
  // vis-network shows a string title as text: the (escaped) markup becomes elements, the item
  // hovered at once, the others in small batches once the page is drawn (not on the load path).
  function toElement(markup) {
    var tip = document.createElement("div");
    tip.className = "kg-tip";
    tip.innerHTML = markup;  // built by kg from html-escaped text only
    return tip;
  }
  function convert(set, ids) {
    var updates = [];
    set.get(ids).forEach(function (item) {
      if (item && typeof item.title === "string") updates.push({id: item.id, title: toElement(item.title)});
    });
    if (updates.length) set.update(updates);
  }
  window.kgTitle = toElement;  // for the items the explorer adds later
  network.on("hoverNode", function (p) { convert(nodes, [p.node]); });
  network.on("hoverEdge", function (p) { convert(edges, [p.edge]); });
  window.kgConvertTitles = function () {
    var queue = [[nodes, nodes.getIds()], [edges, edges.getIds()]], BATCH = 200;
    (function step() {
      while (queue.length && !queue[0][1].length) queue.shift();
      if (!queue.length) { document.body.setAttribute("data-titles", "true"); return; }
      convert(queue[0][0], queue[0][1].splice(0, BATCH));
      setTimeout(step, 0);
    })();
  };
})();
</script>
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
    # the entity renders the same letters without triggering it. "//" in text would look like a
    # remote reference to the page check; "/&#47;" renders the same.
    markup = markup.replace("href", "hr&#101;f").replace("HREF", "HR&#69;F")
    return markup.replace("//", "/&#47;")


def _node_title(data: dict[str, Any], metrics: dict[str, Any], bloc: int, country: str) -> str:
    rows = [
        ("Type", data.get("type", "")),
        ("Country", country or "-"),
        ("Bloc", bloc if bloc >= 0 else "not in a bloc"),
        ("Relations", metrics.get("degree", 0)),
        ("Mentions", data.get("mentions", 0)),
    ]
    lines = [f"<b>{_e(data.get('label', ''))}</b>"]
    lines += [f"{_e(k)}: {_e(v)}" for k, v in rows]
    lines.append("<span class='kg-doc'>Click for the card and every piece of evidence.</span>")
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
        items.append(f"<li>click the edge for all {len(evidence)}</li>")
    return _neutralise(head + (f"<ul>{''.join(items)}</ul>" if items else ""))


def _legend(data: dict[str, Any], n_actors: int) -> str:
    """The foldable legend: blocs of two or more by size with their leading members."""
    from kg.analysis.report import COLORED_BLOCS, SINGLETON_COLOR

    blocs = []
    for bloc in data["blocs"][:COLORED_BLOCS]:
        shown = ", ".join(bloc["leaders"][:4]) + (f" +{bloc['size'] - 4}" if bloc["size"] > 4 else "")
        blocs.append(f"<li><span class='sw' style='background:{_e(bloc['color'])}'></span>"
                     f"Bloc {bloc['id']} ({bloc['size']}): {_e(shown)}</li>")  # fmt: skip
    smaller = len(data["blocs"]) - COLORED_BLOCS
    if smaller > 0:
        blocs.append(f"<li><span class='sw' style='background:{SINGLETON_COLOR}'></span>"
                     f"{smaller} smaller bloc{'s' if smaller != 1 else ''}</li>")  # fmt: skip
    alone = n_actors - sum(b["size"] for b in data["blocs"])
    if alone:
        blocs.append(f"<li><span class='sw' style='background:{SINGLETON_COLOR}'></span>"
                     f"{alone} actor{'s' if alone != 1 else ''} in no bloc</li>")  # fmt: skip
    edges = "".join(
        f"<li><span class='sw' style='background:{c}'></span>{_e(p)}</li>"
        for p, c in EDGE_COLORS.items()
    )
    shapes = "".join(f"<li>{_e(t)}: {_e(s)}</li>" for t, s in NODE_SHAPES.items())
    return (
        '<details id="kg-legend" class="kg-box" open><summary>Legend</summary>'
        "<h2>Blocs</h2><ul>" + "".join(blocs) + "</ul>"
        "<h2>Relations</h2><ul class='kg-inline'>" + edges + "</ul>"
        "<h2>Actors</h2><ul class='kg-inline'>" + shapes + "</ul>"
        "<div>Size: weighted degree. Click an actor or an edge for its evidence.</div></details>\n"
    )


_CONTROLS = """<div id="kg-controls" class="kg-box">
<input id="kg-search" type="search" placeholder="Find an actor: name, alias, ISO code" autocomplete="off" aria-label="Find an actor">
<ul id="kg-results"></ul>
<label id="kg-isolates-row"><input id="kg-isolates" type="checkbox"> show the <span id="kg-isolates-count">0</span> actors without a relation</label>
<label id="kg-all-row"><input id="kg-all" type="checkbox"> show all <span id="kg-all-count">0</span> actors with relations</label>
<button id="kg-fit" type="button">Fit to screen</button>
<details id="kg-filters"><summary>Filters</summary>
<div><b>Relations</b><div id="kg-relations"></div></div>
<div><b>Polarity</b><div id="kg-polarities"></div></div>
<label>Min. confidence <input id="kg-min-confidence" type="range" min="0" max="1" step="0.05" value="0"> <span id="kg-min-confidence-value">0.00</span></label>
<label>Min. evidence <input id="kg-min-evidence" type="number" min="1" step="1" value="1"></label>
<div id="kg-dates"><b>Dates</b><br><input id="kg-from" type="date" aria-label="from"> to <input id="kg-to" type="date" aria-label="to"></div>
</details>
<div id="kg-time"></div>
<div id="kg-status"></div>
</div>
<div id="kg-panel" class="kg-box" aria-live="polite"><button id="kg-close" type="button" aria-label="Close">&times;</button><div id="kg-panel-body"></div></div>
"""


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
    for key in ("max_evidence", "max_nodes"):
        if not isinstance(merged[key], int) or merged[key] < 1:
            raise ConfigError(f"HTML export option {key}={merged[key]!r} is not a positive integer")
    return merged


def _smooth(edges: list[tuple[Any, Any, Any, dict[str, Any]]]) -> dict[int, Any]:
    """Per edge: straight when alone between its two actors, else its own curve (labels apart)."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for n, (u, v, _, _) in enumerate(edges):
        pairs.setdefault(tuple(sorted((str(u), str(v)))), []).append(n)  # type: ignore[arg-type]
    smooth: dict[int, Any] = {}
    for members in pairs.values():
        for k, n in enumerate(members):
            if len(members) == 1:
                smooth[n] = False
            else:
                smooth[n] = {"enabled": True, "type": "curvedCW" if k % 2 == 0 else "curvedCCW",
                             "roundness": round(0.15 + 0.15 * (k // 2), 2)}  # fmt: skip
    return smooth


def render_html(graph: Any, *, analysis: Any = None, **options: Any) -> str:
    """The page as a string (see :func:`write_html` for the arguments)."""
    from pyvis.network import Network

    from kg.analysis import analyze, bloc_colors, node_sizes
    from kg.analysis.report import SINGLETON_COLOR
    from kg.exporters.explorer_data import edge_order, explorer_data, layout, script_json
    from kg.exporters.explorer_timeline import timeline_data

    opts = _check_options(options)
    if analysis is None:
        analysis = analyze(graph, seed=opts["seed"])
    G = analysis.graph
    bloc_of = analysis.bloc_of
    colors = bloc_colors(analysis.blocs)
    sizes = node_sizes(analysis.metrics)
    data = explorer_data(graph, analysis, max_nodes=int(opts["max_nodes"]))
    data["timeline"] = timeline_data(graph, data["edges"], seed=opts["seed"])
    cards = {a["id"]: a for a in data["actors"]}
    pos = layout(G, seed=opts["seed"])

    net = Network(
        height=opts["height"], width=opts["width"], bgcolor=opts["bgcolor"],
        directed=True, cdn_resources="in_line",
    )  # fmt: skip
    # Only what is shown at first goes into vis-network's data sets (a thousand hidden actors
    # would cost their set-up time on every load); the rest wait in the explorer's data and are
    # added when a toggle, a filter or the search asks for them.
    shown: set[str] = set()
    pending: dict[str, list[dict[str, Any]]] = {"nodes": [], "edges": []}
    for actor in sorted(G):
        attrs = G.nodes[actor]
        bloc = bloc_of.get(actor, -1)
        card = cards[str(actor)]
        x, y = pos[actor]
        node = dict(
            label=_label(attrs.get("label", actor)),
            title=_node_title(attrs, analysis.metrics.get(actor, {}), bloc, card["countryLabel"]),
            shape=NODE_SHAPES.get(attrs.get("type", ""), "dot"),
            color=colors.get(bloc, SINGLETON_COLOR),
            size=sizes.get(actor, 10.0),
            x=x, y=y, physics=False,
            bloc=bloc,  # not ``group``: pyvis drops ``color`` when a node has a group
        )  # fmt: skip
        if 0 <= card["rank"] < data["initial"]:
            shown.add(str(actor))
            net.add_node(actor, **node)
        else:
            pending["nodes"].append({"id": str(actor), "hidden": True, **node})
    edges = edge_order(G)
    smooth = _smooth(edges)
    for n, (u, v, key, attrs) in enumerate(edges):
        polarity = str(attrs.get("polarity", "neutral"))
        edge = dict(
            id=f"e{n}",
            label=_label(attrs.get("relation", key)),
            title=_edge_title(
                str(G.nodes[u].get("label", u)), str(G.nodes[v].get("label", v)), attrs,
                int(opts["max_evidence"]),
            ),
            color=EDGE_COLORS.get(polarity, EDGE_COLORS["neutral"]),
            arrows={"to": {"enabled": not attrs.get("symmetric", False)}},
            dashes=polarity == "structural",
            width=round(1.0 + 2.0 * min(float(attrs.get("weight", 0.0)), 3.0), 2),
            smooth=smooth[n],
        )  # fmt: skip
        if str(u) in shown and str(v) in shown:
            net.add_edge(u, v, **edge)
        else:
            pending["edges"].append({"from": str(u), "to": str(v), "hidden": True, **edge})
    data["pending"] = pending
    net.options = {
        "layout": {"randomSeed": int(opts["seed"] or 0), "improvedLayout": False},
        "physics": {"enabled": bool(opts["physics"]), "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": bool(opts["physics"]), "iterations": 200}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(edges) > 500},
        "edges": {"smooth": False, "font": {"size": 10, "align": "middle", "multi": "html"}},
        "nodes": {"font": {"size": 14, "multi": "html"}},
    }  # fmt: skip
    page = net.generate_html()
    return _finish(page, _legend(data, G.number_of_nodes()), str(opts["title"]), script_json(data))


def _finish(page: str, legend: str, title: str, data_json: str = "{}") -> str:
    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    page = page.replace(
        '<meta charset="utf-8">', f'<meta charset="utf-8">\n        <title>{_e(title)}</title>', 1
    )
    style = (_HERE / "explorer.css").read_text(encoding="utf-8")
    page = page.replace("</head>", f'<style type="text/css">\n{style}</style>\n</head>', 1)
    head, sep, tail = page.rpartition("drawGraph();\n        </script>")
    opening = head.rfind('<script type="text/javascript">')
    if not sep or opening < 0:
        raise ExportError("the pyvis page template has changed: cannot find drawGraph()")
    script = (_HERE / "explorer.js").read_text(encoding="utf-8")
    titles = _TITLE_SCRIPT.removeprefix('<script type="text/javascript">').removesuffix("</script>\n")
    # The controls, the legend and the data come before pyvis's script, and the explorer runs
    # in the same script as drawGraph(): the network is drawn once, already filtered and fitted
    # (a script of its own would let the browser draw the unfitted network in between).
    page = (head[:opening] + _CONTROLS + legend
            + f'<script type="application/json" id="kg-data">{data_json}</script>\n'
            + head[opening:] + "drawGraph();\n" + titles + script + "</script>\n"
            + tail.removeprefix("\n"))  # fmt: skip
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
    start = page.find('<script type="application/json" id="kg-data">')
    end = page.find("</script>", start)
    if start < 0 or end < 0 or "<" in page[start + 46 : end]:
        raise ExportError("the HTML page's explorer data is missing or holds a raw '<'")


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
        ``height``, ``width`` (CSS sizes), ``bgcolor``, ``physics`` (bool, off: the layout is
        computed in Python), ``title`` (of the page), ``max_evidence`` (sentences per edge
        tooltip; the panel shows them all), ``max_nodes`` (actors drawn at first, the
        strongest by weighted degree), ``seed`` (of the analysis and the layout). Anything else raises :class:`kg.errors.ConfigError`.
    """
    page = render_html(graph, analysis=analysis, **options)
    atomic_write_text(path, page)

