"""Blocs over time: the signed graph, the blocs and the frustration of each month, quarter or year.

Every assertion node of the graph names its document (``kg:document``), and documents carry
their date (``dcterms:date``, an ``xsd:date``). :func:`analyze_by_period` puts each document in
the period of its date, builds the actor graph of each period from the evidence of its documents
alone (:func:`kg.analysis.graph.actor_graphs`: the evidence is read once and partitioned by
period, so the cost grows with the graph, not with the graph times the number of periods), finds
its blocs with the same search as the whole corpus (:func:`kg.analysis.alliance_blocs`, seeded,
so deterministic) and then *matches* the blocs of successive periods so that a bloc keeps its
id, and so its colour, while its membership overlaps.

Matching is greedy by Jaccard overlap: every bloc of two or more actors of a period is compared
with every bloc id seen before (its membership in the last period it appeared in, so that a bloc
may skip a quiet month); pairs are taken from the highest overlap down (ties: the id seen most
recently, then the lower id), each id and each bloc at most once, and only while the overlap is at
least ``threshold`` (default 0.25: a quarter of the actors of the two blocs together are in
both). A bloc left unmatched gets a new id. Greedy rather than Hungarian: with the few blocs of
a period both give the same pairs on all but contrived cases, and greedy is easy to explain
("the largest overlap wins").

Documents without a valid date are counted in :attr:`Timeline.undated` (with how many assertions
they hold) and left out of every period; nothing is guessed.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from kg.analysis.blocs import alliance_blocs, frustration
from kg.analysis.graph import _literal, _local, actor_graphs, signed_graph
from kg.analysis.report import BLOC_PALETTE
from kg.errors import ConfigError
from kg.exporters.atomic import atomic_write_text
from kg.namespace import KG

__all__ = [
    "JACCARD_THRESHOLD",
    "PERIODS",
    "Period",
    "Timeline",
    "analyze_by_period",
    "bloc_color",
    "document_dates",
    "match_blocs",
    "period_bounds",
    "period_of",
    "period_rows",
    "timeline_document",
    "write_blocs_by_period_json",
]

log = logging.getLogger(__name__)

#: The period lengths ``--by`` accepts.
PERIODS = ("month", "quarter", "year")

#: The least Jaccard overlap for a bloc to keep the id of an earlier one.
JACCARD_THRESHOLD = 0.25

_LEADER_OF = "leaderOf"


def _check_by(by: str) -> str:
    if by not in PERIODS:
        raise ConfigError(f"unknown period {by!r}; valid periods: {', '.join(PERIODS)}")
    return by


def period_of(day: _dt.date, by: str) -> str:
    """The name of the period of ``day``: ``2024-03`` (month), ``2024-Q1`` (quarter), ``2024``.

    >>> import datetime
    >>> [period_of(datetime.date(2024, 3, 5), by) for by in PERIODS]
    ['2024-03', '2024-Q1', '2024']
    """
    by = _check_by(by)
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def period_bounds(name: str) -> tuple[_dt.date, _dt.date]:
    """The first and last day of a period named by :func:`period_of`.

    >>> [d.isoformat() for d in period_bounds("2024-Q1")]
    ['2024-01-01', '2024-03-31']
    >>> [d.isoformat() for d in period_bounds("2024-02")]
    ['2024-02-01', '2024-02-29']
    """
    year, _, rest = name.partition("-")
    y = int(year)
    if not rest:
        first, last = 1, 12
    elif rest.startswith("Q"):
        q = int(rest[1:])
        first, last = 3 * q - 2, 3 * q
    else:
        first = last = int(rest)
    start = _dt.date(y, first, 1)
    end = (_dt.date(y + 1, 1, 1) if last == 12 else _dt.date(y, last + 1, 1)) - _dt.timedelta(1)
    return start, end


def document_dates(rdf_graph: Graph) -> dict[str, _dt.date | None]:
    """document id -> its date, or None when it has no valid ``xsd:date``.

    A date that is not a valid ISO date (``2024-02-30``, ``spring``) is kept in the graph as a
    plain literal by :mod:`kg.graph`; here it counts as no date.
    """
    dates: dict[str, _dt.date | None] = {}
    for node in sorted(set(rdf_graph.subjects(RDF.type, KG.Document)), key=str):
        doc_id = str(_literal(rdf_graph, node, KG.docId, _local(node)))
        value = _literal(rdf_graph, node, DCTERMS.date, None)
        if isinstance(value, _dt.datetime):
            value = value.date()
        dates[doc_id] = value if isinstance(value, _dt.date) else None
    return dates


def _assertions_per_document(rdf_graph: Graph) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for assertion in set(rdf_graph.subjects(RDF.type, KG.Assertion)):
        doc = rdf_graph.value(assertion, KG.document)
        if doc is not None:
            counts[str(_literal(rdf_graph, doc, KG.docId, _local(doc)))] += 1
    return counts


@dataclass(frozen=True, eq=False)
class Period:
    """One period of a :class:`Timeline`: its evidence, graphs and matched blocs."""

    name: str  # "2024-03", "2024-Q1", "2024"
    start: _dt.date
    end: _dt.date
    documents: tuple[str, ...]  # the dated documents of the period, sorted
    dates: Mapping[str, str]  # document id -> ISO date, for the documents of the period
    graph: nx.MultiDiGraph  # the actor graph of the period (actors with evidence in it only)
    signed: nx.Graph  # its signed graph
    blocs: Mapping[int, frozenset[str]]  # stable id -> members, blocs of two or more actors
    alone: frozenset[str]  # actors with evidence in the period but in no bloc
    frustration: float

    @property
    def bloc_of(self) -> dict[str, int]:
        """actor id -> stable id of its bloc in this period (actors alone are left out)."""
        return {actor: i for i, bloc in self.blocs.items() for actor in bloc}


@dataclass(frozen=True, eq=False)
class Timeline:
    """The result of :func:`analyze_by_period`."""

    by: str  # "month", "quarter" or "year"
    periods: tuple[Period, ...]  # in time order; periods with no dated document are left out
    labels: Mapping[str, str]  # actor id -> label, for every actor of any period
    types: Mapping[str, str]  # actor id -> type
    undated: tuple[str, ...]  # ids of documents without a valid date, sorted
    undated_assertions: int  # assertions left out because their document has no date
    seed: int | None = 0
    threshold: float = JACCARD_THRESHOLD


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match_blocs(
    seen: Mapping[int, tuple[int, frozenset[str]]],
    blocs: Sequence[frozenset[str]],
    threshold: float = JACCARD_THRESHOLD,
) -> list[int]:
    """Stable ids for ``blocs``, matched greedily by Jaccard overlap with the blocs ``seen``.

    Parameters
    ----------
    seen : mapping
        id -> (the index of the last period it appeared in, its members then).
    blocs : sequence of frozensets
        The blocs of the current period.
    threshold : float
        The least overlap for a bloc to keep an earlier id.

    Returns
    -------
    list of int
        One id per bloc: the id of the best overlapping earlier bloc, or a new id (one more than
        the largest id seen or given so far).

    Examples
    --------
    >>> seen = {0: (0, frozenset({"RUS", "BLR", "IRN"})), 1: (0, frozenset({"USA", "GBR"}))}
    >>> match_blocs(seen, [frozenset({"USA", "GBR"}), frozenset({"RUS", "IRN"}),
    ...                    frozenset({"BLR", "POL"})])
    [1, 0, 2]
    """
    pairs = sorted(
        (-_jaccard(bloc, members), -last, i, k)
        for k, bloc in enumerate(blocs)
        for i, (last, members) in seen.items()
    )
    ids: list[int | None] = [None] * len(blocs)
    taken: set[int] = set()
    for negative, _, i, k in pairs:
        if -negative < threshold - 1e-12:
            break
        if ids[k] is None and i not in taken:
            ids[k] = i
            taken.add(i)
    fresh = max(seen, default=-1) + 1
    out = []
    for i in ids:
        if i is None:
            i, fresh = fresh, fresh + 1
        out.append(i)
    return out


def analyze_by_period(
    rdf_graph: Graph,
    by: str = "month",
    seed: int | None = 0,
    resolution: float = 1.0,
    threshold: float = JACCARD_THRESHOLD,
) -> Timeline:
    """Blocs per period, matched across periods (see the module docstring for how).

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        A graph built by :mod:`kg.graph`.
    by : {"month", "quarter", "year"}
        The length of a period.
    seed : int or None
        Passed to :func:`alliance_blocs` for every period; the default makes it reproducible.
    resolution : float
        Passed to :func:`alliance_blocs`.
    threshold : float
        The least Jaccard overlap for a bloc to keep the id of an earlier bloc.

    Returns
    -------
    Timeline
        The periods that have at least one dated document, in time order (empty months between
        them are left out); the undated documents and how many assertions they hold.

    Examples
    --------
    >>> t = analyze_by_period(Graph(), by="quarter")
    >>> t.periods, t.undated
    ((), ())
    """
    by = _check_by(by)
    dates = document_dates(rdf_graph)
    per_doc = _assertions_per_document(rdf_graph)
    undated = tuple(sorted(d for d, day in dates.items() if day is None))
    undated_assertions = sum(per_doc.get(d, 0) for d in undated)
    if undated:
        log.warning(
            "%d document(s) have no valid date (%d assertions); left out of every period",
            len(undated), undated_assertions,
        )  # fmt: skip
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, day in dates.items():
        if day is not None:
            members[period_of(day, by)].append(doc_id)

    period = {doc_id: name for name, docs in members.items() for doc_id in docs}
    graphs = actor_graphs(rdf_graph, period) if period else {}  # one pass for all periods
    periods: list[Period] = []
    seen: dict[int, tuple[int, frozenset[str]]] = {}
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    for index, name in enumerate(sorted(members, key=period_bounds)):
        docs = tuple(sorted(members[name]))
        G = graphs.get(name, nx.MultiDiGraph())
        G.remove_nodes_from([a for a in list(G) if G.degree(a) == 0])
        S = signed_graph(G)
        leaders = [(u, v) for u, v, d in G.edges(data=True) if d.get("relation") == _LEADER_OF]
        found = alliance_blocs(S, seed=seed, resolution=resolution, leaders=leaders)
        grouped = [frozenset(b) for b in found if len(b) > 1]
        ids = match_blocs(seen, grouped, threshold)
        for i, bloc in zip(ids, grouped, strict=True):
            seen[i] = (index, bloc)
        for actor, data in G.nodes(data=True):
            labels.setdefault(actor, str(data.get("label", actor)))
            types.setdefault(actor, str(data.get("type", "")))
        start, end = period_bounds(name)
        periods.append(
            Period(
                name=name,
                start=start,
                end=end,
                documents=docs,
                dates={d: dates[d].isoformat() for d in docs},  # type: ignore[union-attr]
                graph=G,
                signed=S,
                blocs=dict(sorted(zip(ids, grouped, strict=True))),
                alone=frozenset(a for b in found if len(b) == 1 for a in b),
                frustration=round(frustration(S, found), 6),
            )
        )
    return Timeline(
        by=by,
        periods=tuple(periods),
        labels=dict(sorted(labels.items())),
        types=dict(sorted(types.items())),
        undated=undated,
        undated_assertions=undated_assertions,
        seed=seed,
        threshold=threshold,
    )


def bloc_color(bloc_id: int) -> str:
    """The colour of a stable bloc id: the same palette as :func:`kg.analysis.bloc_colors`.

    >>> bloc_color(0), bloc_color(10)
    ('#4e79a7', '#4e79a7')
    """
    return BLOC_PALETTE[bloc_id % len(BLOC_PALETTE)]


def _edges(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    return [
        {
            "source": u,
            "target": v,
            "relation": data.get("relation", key),
            "polarity": data.get("polarity", ""),
            "weight": round(float(data.get("weight", 0.0)), 6),
            "count": int(data.get("count", 0)),
        }
        for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])
        if u != v
    ]


def timeline_document(timeline: Timeline) -> dict[str, Any]:
    """The content of ``blocs_by_period.json``: plain, JSON-serialisable data.

    ``{"by", "periods": [{"period", "start", "end", "documents", "blocs": [{"id", "color",
    "members"}], "alone", "frustration", "edges": [{"source", "target", "relation", "polarity",
    "weight", "count"}]}], "actors": {id: {"label", "type"}}, "undated": {"documents",
    "assertions", "ids"}, "matching": {...}, "drift": {"actors": [...], "pairs": [...]}}``.

    ``blocs`` holds the blocs of two or more actors with their stable ids (an id keeps its
    colour in every period); ``alone`` the actors with evidence in the period but in no bloc;
    ``edges`` every relation edge with evidence in the period (one per source, relation and
    target, weight the summed confidence): what a time slider needs to redraw a period.
    ``documents`` is how many dated documents fall in the period. ``drift`` is
    :func:`kg.analysis.drift.drift_document`.

    Examples
    --------
    >>> doc = timeline_document(analyze_by_period(Graph(), by="year"))
    >>> doc["by"], doc["periods"], doc["undated"]["documents"]
    ('year', [], 0)
    """
    from kg.analysis.drift import drift_document

    periods = []
    for p in timeline.periods:
        periods.append(
            {
                "period": p.name,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "documents": len(p.documents),
                "blocs": [
                    {"id": i, "color": bloc_color(i), "members": sorted(bloc)}
                    for i, bloc in sorted(p.blocs.items())
                ],
                "alone": sorted(p.alone),
                "frustration": round(p.frustration, 6),
                "edges": _edges(p.graph),
            }
        )
    return {
        "by": timeline.by,
        "periods": periods,
        "actors": {
            a: {"label": timeline.labels[a], "type": timeline.types.get(a, "")}
            for a in timeline.labels
        },
        "undated": {
            "documents": len(timeline.undated),
            "assertions": timeline.undated_assertions,
            "ids": list(timeline.undated),
        },
        "matching": {
            "method": "greedy by Jaccard overlap with each earlier bloc's last membership",
            "threshold": round(timeline.threshold, 6),
            "seed": timeline.seed,
        },
        "drift": drift_document(timeline),
    }


def period_rows(timeline: Timeline, members: int = 6) -> list[dict[str, Any]]:
    """One row per period for a table: ``{"period", "documents", "blocs", "alone", "frustration"}``.

    ``blocs`` reads like ``0: United States, Donald Trump; 3: Russia, Vladimir Putin``: each bloc
    by its stable id and up to ``members`` labels (by degree in the period, then label).
    """
    rows = []
    for p in timeline.periods:
        parts = []
        for i, bloc in sorted(p.blocs.items()):
            ranked = sorted(bloc, key=lambda a: (-p.graph.degree(a), timeline.labels.get(a, a)))
            names = [timeline.labels.get(a, a) for a in ranked]
            more = f" +{len(names) - members}" if len(names) > members else ""
            parts.append(f"{i}: {', '.join(names[:members])}{more}")
        rows.append(
            {
                "period": p.name,
                "documents": len(p.documents),
                "blocs": "; ".join(parts),
                "alone": len(p.alone),
                "frustration": p.frustration,
            }
        )
    return rows


def write_blocs_by_period_json(timeline: Timeline, path: str | Path) -> None:
    """Write :func:`timeline_document` to ``path`` atomically (UTF-8, sorted keys).

    Raises :class:`kg.errors.ExportError` when the file cannot be written.
    """
    import json

    text = json.dumps(timeline_document(timeline), sort_keys=True, indent=2, ensure_ascii=False)
    atomic_write_text(path, text + "\n")
