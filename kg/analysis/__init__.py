"""Alliance blocs, centrality and cross-bloc hostilities, computed with NetworkX.

The analysis reads the *assertion* nodes of the RDF graph (one per piece of evidence, negated ones
left out) rather than the direct and materialised triples, so that every edge of the actor graph
knows the sentences behind it. Three graphs come out of it:

* :func:`actor_graph`: a ``networkx.MultiDiGraph`` with one edge per (source, relation, target),
  weighted by the summed confidence of its evidence;
* :func:`signed_graph`: an undirected ``networkx.Graph`` whose edge weights are the cooperative
  evidence minus the hostile evidence between two actors (neutral and structural relations left
  out);
* :func:`alliance_blocs`: a partition of the signed graph that leaves as little *frustration*
  (hostility inside blocs, cooperation across them) as the candidates it tries can reach.

Functions look like networkx's: the graph first, ``weight="weight"``, ``seed=None``, plain sets
and dicts returned. :func:`analyze` runs them all and :func:`write_blocs_json` writes
``blocs.json``.

The modules follow the data flow: :mod:`kg.analysis.graph` (RDF to the actor and signed
graphs), :mod:`kg.analysis.blocs` (blocs and frustration), :mod:`kg.analysis.metrics`
(centrality and hostilities) and :mod:`kg.analysis.report` (:class:`Analysis`, ``blocs.json``,
tables, colours and sizes). Over time: :mod:`kg.analysis.periods` (blocs per month, quarter or
year, matched across periods; ``blocs_by_period.json``), :mod:`kg.analysis.drift` (actors that
changed bloc, pairs that changed polarity) and :mod:`kg.analysis.plot` (a PNG of the blocs).
"""

from __future__ import annotations

from kg.analysis.blocs import alliance_blocs, frustration
from kg.analysis.drift import bloc_changes, polarity_changes
from kg.analysis.graph import SIGN, actor_graph, signed_graph
from kg.analysis.metrics import centrality, cross_bloc_hostilities
from kg.analysis.periods import (
    Timeline,
    analyze_by_period,
    timeline_document,
    write_blocs_by_period_json,
)
from kg.analysis.plot import plot_blocs_over_time
from kg.analysis.report import (
    BLOC_PALETTE,
    SINGLETON_COLOR,
    Analysis,
    analyze,
    bloc_colors,
    bloc_rows,
    blocs_document,
    hostility_rows,
    node_sizes,
    write_blocs_json,
)

# SIGN, BLOC_PALETTE and SINGLETON_COLOR are importable from here as before (the HTML exporter
# uses SINGLETON_COLOR), but, as before, not part of ``__all__``.
__all__ = [
    "Analysis",
    "Timeline",
    "actor_graph",
    "alliance_blocs",
    "analyze",
    "analyze_by_period",
    "bloc_changes",
    "bloc_colors",
    "bloc_rows",
    "blocs_document",
    "centrality",
    "cross_bloc_hostilities",
    "frustration",
    "hostility_rows",
    "node_sizes",
    "plot_blocs_over_time",
    "polarity_changes",
    "signed_graph",
    "timeline_document",
    "write_blocs_by_period_json",
    "write_blocs_json",
]
