"""Score assertions against a gold file of actor relations (``kg eval``).

Gold lines: ``{"doc", "source", "relation", "target"}`` with canonical actor labels, as in
``tests/data/seeds_gold.jsonl``. Three levels, each precision / recall / F1 over unique
(doc, source, relation, target): ``exact`` (same relation), ``polarity`` (same polarity) and
``pair`` (the two actors linked at all). Symmetric relations match in either direction; labels
compare case-insensitively with diacritics and punctuation folded ("U.S." equals "US",
"Erdoğan" equals "Erdogan"). Lines marked ``negated`` (on either side) say a relation does not
hold and are left out; so are predictions with a ``Group`` side (generic groups are not
annotated); ``events=True`` leaves out the structural relations (memberOf, leaderOf, partOf).
These are the rules of the reference scorer ``shared/eval/score.py``, so both give the same
numbers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

__all__ = ["LEVELS", "Score", "evaluate", "read_jsonl"]

LEVELS = ("exact", "polarity", "pair")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    missed: list[tuple] = field(default_factory=list, compare=False)
    spurious: list[tuple] = field(default_factory=list, compare=False)


#: Relations of older gold files that the ontology does not declare, as the reference scorer has them.
_OTHER_POLARITY = {"partOf": "structural", "consultsWith": "neutral"}
_OTHER_SYMMETRIC = {"consultsWith"}


def _norm(label: object) -> str:
    folded = unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", folded.lower()).strip()


def _generic(side: object) -> bool:
    return isinstance(side, dict) and side.get("type") == "Group"


def _label(side: object) -> str:
    return side.get("label", "") if isinstance(side, dict) else str(side)


def read_jsonl(path: str | Path) -> list[dict]:
    """Read a JSONL file; a bad line raises InputError naming the file and line."""
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"malformed JSON: {exc.msg}", str(path), n) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), str(path)) from None
    return out


def _keys(doc, s, rel, t, level, polarity, symmetric) -> frozenset:
    s, t = _norm(s), _norm(t)
    if level == "pair":
        return frozenset({(doc, min(s, t), max(s, t))})
    r = rel if level == "exact" else polarity.get(rel, rel)
    out = {(doc, s, r, t)}
    if rel in symmetric:
        out.add((doc, t, r, s))
    return frozenset(out)


def _score(gold: list[dict], pred: list[dict], level: str, polarity, symmetric) -> Score:
    def as_tuple(x):
        return (x["doc"], _label(x["source"]), x["relation"], _label(x["target"]))

    gold_sets = {_keys(*as_tuple(g), level, polarity, symmetric): as_tuple(g) for g in gold}
    pred_sets = {_keys(*as_tuple(p), level, polarity, symmetric): as_tuple(p) for p in pred}
    gold_keys = set().union(*gold_sets) if gold_sets else set()
    pred_keys = set().union(*pred_sets) if pred_sets else set()
    tp_p = sum(1 for k in pred_sets if k & gold_keys)
    tp_r = sum(1 for k in gold_sets if k & pred_keys)
    p = tp_p / len(pred_sets) if pred_sets else 0.0
    r = tp_r / len(gold_sets) if gold_sets else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    missed = sorted(v for k, v in gold_sets.items() if not k & pred_keys)
    spurious = sorted(v for k, v in pred_sets.items() if not k & gold_keys)
    return Score(round(p, 3), round(r, 3), round(f, 3), len(gold_sets), len(pred_sets),
                 missed, spurious)


def evaluate(gold: Iterable[dict], predicted: Iterable[dict],
             docs: Iterable[str] | None = None, events: bool = False) -> dict[str, Score]:
    """Score ``predicted`` assertion records against ``gold`` records at the three levels.

    Only documents of the gold file (or ``docs``) are scored. Negated lines and predictions
    with a ``Group`` side are left out; with ``events`` the structural relations too.

    Examples
    --------
    >>> gold = [{"doc": "d", "source": "Iran", "relation": "supplies", "target": "Russia"}]
    >>> pred = [{"doc": "d", "source": {"label": "Iran"}, "relation": "supports",
    ...          "target": {"label": "Russia"}}]
    >>> s = evaluate(gold, pred)
    >>> s["exact"].f1, s["polarity"].f1
    (0.0, 1.0)
    """
    from kg.ontology import relation_info

    info = relation_info()
    polarity = _OTHER_POLARITY | {name: i.polarity for name, i in info.items()}
    symmetric = _OTHER_SYMMETRIC | {name for name, i in info.items() if i.symmetric}

    def kept(x: dict) -> bool:
        return (not x.get("negated") and not _generic(x.get("source"))
                and not _generic(x.get("target"))
                and not (events and polarity.get(x.get("relation")) == "structural"))

    gold = list(gold)
    keep = set(docs) if docs else {g["doc"] for g in gold}
    pred = [p for p in predicted if p.get("doc") in keep and kept(p)]
    gold = [g for g in gold if g["doc"] in keep and kept(g)]
    return {lvl: _score(gold, pred, lvl, polarity, symmetric) for lvl in LEVELS}
