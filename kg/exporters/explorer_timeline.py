"""The explorer's time slider data: blocs and active edges per period (issue 18).

The period length is chosen so that the slider has between 2 and :data:`MAX_PERIODS` positions:
months when the dated documents fall in at most that many months, else quarters, else years
(only periods with a dated document count; past that many years, the latest ones). A
graph whose documents are undated or fall in a single period gets no slider (``None``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_PERIODS", "choose_by", "timeline_data"]

#: the most periods the slider offers (bounds the embedded data)
MAX_PERIODS = 24


def choose_by(days: list[Any]) -> str | None:
    """The period length for these dates: "month", "quarter" or "year", or None (one period).

    >>> import datetime as dt
    >>> choose_by([dt.date(2024, 1, 5), dt.date(2024, 5, 1)]), choose_by([dt.date(2024, 1, 5)])
    ('month', None)
    >>> choose_by([dt.date(y, m, 1) for y in range(2000, 2010) for m in range(1, 13)])
    'year'
    """
    from kg.analysis.periods import PERIODS, period_of

    for by in PERIODS:
        n = len({period_of(day, by) for day in days})
        if n < 2:
            return None
        if n <= MAX_PERIODS or by == "year":
            return by
    return None


def timeline_data(rdf_graph: Any, edges: list[dict[str, Any]], seed: int | None = 0) -> dict[str, Any] | None:
    """What the slider needs, or None when the documents are undated or in one period.

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        The knowledge graph the explorer draws.
    edges : list of dict
        The explorer's edges (``id``, ``from``, ``to``, ``relation``): a period's edges are
        named by these ids.
    seed : int or None
        Passed to :func:`kg.analysis.periods.analyze_by_period`.

    Returns
    -------
    dict or None
        ``{"by", "periods": [{"period", "start", "end", "edges": [edge ids], "blocs": [{"id",
        "color", "members"}]}]}`` with at most :data:`MAX_PERIODS` periods (the latest when
        years are more).
    """
    from kg.analysis.periods import analyze_by_period, document_dates, timeline_document

    days = [d for d in document_dates(rdf_graph).values() if d is not None]
    by = choose_by(days)
    if by is None:
        return None
    doc = timeline_document(analyze_by_period(rdf_graph, by=by, seed=seed))
    ids = {(e["from"], e["to"], e["relation"]): e["id"] for e in edges}
    periods = []
    for p in doc["periods"][-MAX_PERIODS:]:
        active = sorted({ids[k] for k in ((str(e["source"]), str(e["target"]), str(e["relation"]))
                                          for e in p["edges"]) if k in ids},
                        key=lambda i: int(i[1:]))  # fmt: skip
        periods.append({"period": p["period"], "start": p["start"], "end": p["end"],
                        "edges": active, "blocs": p["blocs"]})  # fmt: skip
    if len(periods) < 2:
        return None
    return {"by": by, "periods": periods}
