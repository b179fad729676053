"""Drift: actors that changed bloc, and pairs whose relation changed polarity, between periods.

Both read a :class:`kg.analysis.periods.Timeline`:

* :func:`bloc_changes`: for each actor, the periods in which its bloc (a stable id, or *alone*)
  differs from its bloc in the last earlier period in which it had evidence. A period without
  evidence about an actor is no change: absence is not a move.
* :func:`polarity_changes`: for each pair of actors, the periods in which the sign of their
  signed weight (cooperative evidence minus hostile evidence, :func:`kg.analysis.signed_graph`)
  differs from its sign in the last earlier period in which the pair had signed evidence, with
  the sentences that mark the change: the evidence of the new polarity in the new period, and
  the last evidence of the old one before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.analysis.periods import Period, Timeline

__all__ = ["bloc_changes", "drift_document", "drift_rows", "polarity_changes", "polarity_rows"]

#: How many sentences of evidence to keep on each side of a polarity change.
EVIDENCE_PER_CHANGE = 3


def bloc_changes(timeline: Timeline) -> list[dict[str, Any]]:
    """The bloc changes of every actor, in time order then by actor id.

    Returns
    -------
    list of dict
        ``{"actor", "label", "period", "previous_period", "from", "to"}``; ``from`` and ``to``
        are stable bloc ids, or None for "in no bloc".

    Examples
    --------
    >>> from rdflib import Graph
    >>> from kg.analysis.periods import analyze_by_period
    >>> bloc_changes(analyze_by_period(Graph()))
    []
    """
    last: dict[str, tuple[str, int | None]] = {}
    changes = []
    for p in timeline.periods:
        bloc_of = p.bloc_of
        for actor in sorted(p.graph):
            now = bloc_of.get(actor)
            if actor in last and last[actor][1] != now:
                changes.append(
                    {
                        "actor": actor,
                        "label": timeline.labels.get(actor, actor),
                        "period": p.name,
                        "previous_period": last[actor][0],
                        "from": last[actor][1],
                        "to": now,
                    }
                )
            last[actor] = (p.name, now)
    return changes


def _pair_evidence(p: Period, u: str, v: str, sign: int) -> Iterator[dict[str, Any]]:
    """The evidence between u and v in period p of the given sign, by date then document."""
    items = []
    for a, b in ((u, v), (v, u)):
        if not p.graph.has_edge(a, b):
            continue
        for data in p.graph[a][b].values():
            if data.get("sign", 0) != sign or data.get("structural"):
                continue
            for sentence, title, doc in data.get("evidence", ()):
                items.append((p.dates.get(doc, ""), doc, data["relation"], a, b, sentence, title))
    for date, doc, relation, a, b, sentence, title in sorted(items):
        yield {
            "date": date,
            "doc": doc,
            "title": title,
            "relation": relation,
            "source": a,
            "target": b,
            "sentence": sentence,
        }


def _sign(p: Period, u: str, v: str) -> int:
    w = float(p.signed.edges[u, v].get("weight", 0.0))
    return 1 if w > 0 else -1 if w < 0 else 0


def polarity_changes(timeline: Timeline) -> list[dict[str, Any]]:
    """The polarity changes of every pair of actors, in time order then by pair.

    A pair whose cooperative and hostile evidence cancel out in a period has no polarity there
    and is skipped for that period.

    Returns
    -------
    list of dict
        ``{"source", "target", "source_label", "target_label", "period", "previous_period",
        "from", "to", "weight", "evidence", "before"}``: ``from``/``to`` are "cooperative" or
        "hostile", ``weight`` the signed weight in the new period, ``evidence`` up to three
        sentences of the new polarity in the new period and ``before`` up to three of the old
        polarity in the previous one (each ``{"date", "doc", "title", "relation", "source",
        "target", "sentence"}``, by date). Source and target are ordered by id.
    """
    names = {1: "cooperative", -1: "hostile"}
    last: dict[tuple[str, str], tuple[Period, int]] = {}
    changes = []
    for p in timeline.periods:
        for u, v in sorted(tuple(sorted((str(a), str(b)))) for a, b in p.signed.edges()):
            sign = _sign(p, u, v)
            if sign == 0:
                continue
            before = last.get((u, v))
            if before is not None and before[1] != sign:
                old, old_sign = before
                changes.append(
                    {
                        "source": u,
                        "target": v,
                        "source_label": timeline.labels.get(u, u),
                        "target_label": timeline.labels.get(v, v),
                        "period": p.name,
                        "previous_period": old.name,
                        "from": names[old_sign],
                        "to": names[sign],
                        "weight": round(float(p.signed.edges[u, v]["weight"]), 6),
                        "evidence": list(_pair_evidence(p, u, v, sign))[:EVIDENCE_PER_CHANGE],
                        "before": list(_pair_evidence(old, u, v, old_sign))[-EVIDENCE_PER_CHANGE:],
                    }
                )
            last[(u, v)] = (p, sign)
    return changes


def drift_document(timeline: Timeline) -> dict[str, Any]:
    """``{"actors": bloc_changes(...), "pairs": polarity_changes(...)}``, JSON-serialisable."""
    return {"actors": bloc_changes(timeline), "pairs": polarity_changes(timeline)}


def _bloc_name(bloc: int | None) -> str:
    return "-" if bloc is None else str(bloc)


def drift_rows(timeline: Timeline) -> list[dict[str, str]]:
    """One row per actor that changed bloc: ``{"actor", "changes"}``.

    ``changes`` reads like ``2024-04: 1 -> -, 2024-05: - -> 2`` (``-`` is "in no bloc").
    Actors are listed by how many changes they made, most first, then by label.
    """
    per_actor: dict[str, list[dict[str, Any]]] = {}
    for change in bloc_changes(timeline):
        per_actor.setdefault(change["actor"], []).append(change)
    ordered = sorted(per_actor.items(), key=lambda kv: (-len(kv[1]), kv[1][0]["label"], kv[0]))
    return [
        {
            "actor": items[0]["label"],
            "changes": ", ".join(
                f"{c['period']}: {_bloc_name(c['from'])} -> {_bloc_name(c['to'])}" for c in items
            ),
        }
        for _, items in ordered
    ]


def polarity_rows(timeline: Timeline, width: int = 120) -> list[dict[str, str]]:
    """One row per polarity change: ``{"pair", "period", "change", "relations", "relation",
    "evidence"}``.

    ``evidence`` is the first sentence of the new polarity (shortened to ``width`` characters)
    and its document id, ``relation`` its relation, ``relations`` those of all the evidence kept.
    """
    rows = []
    for c in polarity_changes(timeline):
        first = c["evidence"][0] if c["evidence"] else None
        sentence = " ".join(first["sentence"].split()) if first else ""
        if len(sentence) > width:
            sentence = sentence[: width - 1].rstrip() + "…"
        rows.append(
            {
                "pair": f"{c['source_label']} / {c['target_label']}",
                "period": f"{c['previous_period']} -> {c['period']}",
                "change": f"{c['from']} -> {c['to']}",
                "relations": ", ".join(sorted({e["relation"] for e in c["evidence"]})),
                "relation": first["relation"] if first else "",
                "evidence": f"{sentence} [{first['doc']}]" if first else "",
            }
        )
    return rows
