#!/usr/bin/env python3
"""List the news_dev relations kg misses and the ones it gets wrong, grouped by cause.

Usage: python scripts/relation_errors.py [--out DIR] [--no-build] [--quiet]
       (run with PYTHONPATH set to the worktree)

Builds ``../shared/eval/news_dev.jsonl`` into DIR (unless ``--no-build``), then compares its
event assertions with ``news_dev_gold.jsonl`` at the polarity level, as ``score.py --events``
does (negated lines and ``Group`` sides left out). Each missed gold relation gets one cause:

- ``wrong direction``: kg has the pair with the relation's polarity, the other way round;
- ``wrong relation``: kg has the pair with another polarity;
- ``unknown actor``: a side is not among the document's mentions at all (the knowledge base's);
- ``cross-sentence``: both actors are in the document but not both in the evidence sentence
  (a pronoun, a description, or a relation stated over two sentences: coreference's);
- ``no trigger``: both actors are in the sentence, no word of the lexicon is;
- ``wrong structure``: both actors and a trigger are there, the parse does not link them;
- ``not located``: the gold's evidence sentence is not found in the text.

False positives get ``wrong direction``, ``wrong relation`` or ``not in gold``, with the rule
that made them. The figures of each cause are printed first, then every case under it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
CAUSES = ("wrong direction", "wrong relation", "unknown actor", "cross-sentence", "no trigger",
          "wrong structure", "not located")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _locate(text: str, evidence: str) -> tuple[int, int] | None:
    i = text.find(evidence)
    if i < 0:
        i = text.find(evidence[:60])
    return (i, i + len(evidence)) if i >= 0 else None


def _names(m: dict, norm) -> set[str]:
    """What a mention can stand for in the gold: its actor, or the country of a person."""
    return {norm(m.get("label", ""))} | ({norm(m["country_label"])} if m.get("country_label") else set())


def analyse(out: Path) -> tuple[dict, dict, dict]:
    sc = _scorer()
    norm, pol = sc.norm, sc.POLARITY
    texts = {d["id"]: d["text"] for d in _jsonl(EVAL / "news_dev.jsonl")}
    actors = {a["id"]: a for a in _jsonl(out / "actors.jsonl")}
    iso = {a.get("iso3"): a["label"] for a in actors.values() if a.get("iso3")}
    mentions: dict[str, list[dict]] = defaultdict(list)
    for m in _jsonl(out / "mentions.jsonl"):
        c = m.get("country")
        if c and c in iso:
            m["country_label"] = iso[c]
        mentions[m["doc"]].append(m)
    events = lambda r: pol.get(r) != "structural"
    gold = [g for g in _jsonl(EVAL / "news_dev_gold.jsonl")
            if not g.get("negated") and events(g["relation"])]
    pred = [p for p in _jsonl(out / "assertions.jsonl")
            if not p.get("negated") and events(p["relation"])
            and "Group" not in (p["source"].get("type"), p["target"].get("type"))]

    def key(doc, s, r, t):
        return sc.keys(doc, s, r, t, "polarity")

    pred_keys = set().union(*(key(p["doc"], p["source"]["label"], p["relation"],
                                  p["target"]["label"]) for p in pred)) if pred else set()
    gold_keys = set().union(*(key(g["doc"], g["source"], g["relation"], g["target"])
                              for g in gold)) if gold else set()
    pred_pairs: dict[tuple, list[dict]] = defaultdict(list)
    for p in pred:
        s, t = norm(p["source"]["label"]), norm(p["target"]["label"])
        pred_pairs[(p["doc"], frozenset((s, t)))].append(p)
    gold_pairs: dict[tuple, list[dict]] = defaultdict(list)
    for g in gold:
        gold_pairs[(g["doc"], frozenset((norm(g["source"]), norm(g["target"]))))].append(g)

    misses: dict[str, list[tuple]] = defaultdict(list)
    to_parse: list[tuple] = []
    seen = set()
    for g in gold:
        k = frozenset(key(g["doc"], g["source"], g["relation"], g["target"]))
        if k & pred_keys or k in seen:
            continue
        seen.add(k)
        s, t = norm(g["source"]), norm(g["target"])
        doc = g["doc"]
        same = pred_pairs.get((doc, frozenset((s, t))), [])
        if same:
            cause = "wrong direction" if any(pol[p["relation"]] == pol[g["relation"]]
                                             for p in same) else "wrong relation"
            misses[cause].append((g, ", ".join(sorted({p["relation"] for p in same}))))
            continue
        named = set().union(*(_names(m, norm) for m in mentions[doc])) if mentions[doc] else set()
        if not {s, t} <= named:
            misses["unknown actor"].append((g, "absent: " + ", ".join(
                x for x in (g["source"], g["target"]) if norm(x) not in named)))
            continue
        span = _locate(texts.get(doc, ""), g["evidence"])
        if span is None:
            misses["not located"].append((g, ""))
            continue
        inside = [m for m in mentions[doc] if span[0] <= m["start"] < span[1]]
        here = set().union(*(_names(m, norm) for m in inside)) if inside else set()
        if not {s, t} <= here:
            misses["cross-sentence"].append((g, "not in the sentence: " + ", ".join(
                x for x in (g["source"], g["target"]) if norm(x) not in here)))
            continue
        to_parse.append(g)
    for g, words in _triggers(to_parse):
        misses["wrong structure" if words else "no trigger"].append((g, ", ".join(words)))

    fps: dict[str, list[tuple]] = defaultdict(list)
    done = set()
    for p in pred:
        s, t = p["source"]["label"], p["target"]["label"]
        k = frozenset(key(p["doc"], s, p["relation"], t))
        if k & gold_keys or k in done:
            continue
        done.add(k)
        same = gold_pairs.get((p["doc"], frozenset((norm(s), norm(t)))), [])
        if same:
            cause = "wrong direction" if any(pol[g["relation"]] == pol[p["relation"]]
                                             for g in same) else "wrong relation"
            note = "gold: " + ", ".join(sorted({g["relation"] for g in same}))
        else:
            cause, note = "not in gold", ""
        fps[cause].append((p, note))
    tp = len({frozenset(key(p["doc"], p["source"]["label"], p["relation"], p["target"]["label"]))
              for p in pred} - {k for k in done})
    return misses, fps, {"gold": len({frozenset(key(g["doc"], g["source"], g["relation"],
                                                      g["target"])) for g in gold}),
                         "predicted": len(done) + tp, "true": tp}


def _triggers(golds: list[dict]):
    """For each gold line, the trigger words kg's lexicon finds in its evidence sentence."""
    if not golds:
        return []
    from kg.nlp import load_pipeline
    from kg.relations.extract import _Sentence

    nlp = load_pipeline()
    ext = nlp.get_pipe("kg_relations")
    out = []
    for g, doc in zip(golds, nlp.pipe(g["evidence"] for g in golds)):
        words = []
        for sent in doc.sents:
            probe = _Sentence(ext.lex, doc, sent, {}, [], ext.titles, ext.cameo)
            words += [f"{t.text}={probe.match(t).relation}" for t in sent
                      if probe.match(t) is not None]
        out.append((g, words))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-relation-errors"))
    ap.add_argument("--no-build", action="store_true", help="use the build already in --out")
    ap.add_argument("--quiet", action="store_true", help="only the figures per cause")
    a = ap.parse_args(argv)
    if not (EVAL / "score.py").exists():
        print(f"{EVAL}: not found (the shared evaluation data)", file=sys.stderr)
        return 1
    if not a.no_build:
        subprocess.run([sys.executable, "-m", "kg", "build", str(EVAL / "news_dev.jsonl"),
                        "--out", str(a.out), "-q"], check=True)
    if not (a.out / "assertions.jsonl").exists():
        print(f"{a.out}: no build there (run without --no-build)", file=sys.stderr)
        return 1
    misses, fps, n = analyse(a.out)
    missed = sum(len(v) for v in misses.values())
    print(f"news_dev events, polarity level: gold {n['gold']}, found {n['gold'] - missed}, "
          f"missed {missed}; predicted {n['predicted']}, false {sum(map(len, fps.values()))}")
    print("missed, by cause:")
    for c in CAUSES:
        print(f"  {c:16} {len(misses.get(c, [])):4}")
    print("false positives, by cause:")
    for c in ("wrong direction", "wrong relation", "not in gold"):
        print(f"  {c:16} {len(fps.get(c, [])):4}")
    rules = Counter(p["rule"].split(":")[0] for v in fps.values() for p, _ in v)
    print("false positives, by rule kind: " + ", ".join(f"{r} {k}" for r, k in rules.most_common()))
    if a.quiet:
        return 0
    for c in CAUSES:
        for g, note in misses.get(c, []):
            print(f"\nMISS [{c}] {g['doc']}: {g['source']} {g['relation']} {g['target']}"
                  f"{'  (' + note + ')' if note else ''}\n    {g['evidence']}")
    for c, items in sorted(fps.items()):
        for p, note in items:
            print(f"\nFP [{c}] {p['doc']}: {p['source']['label']} {p['relation']} "
                  f"{p['target']['label']} ({p['rule']}{'; ' + note if note else ''})\n"
                  f"    {p['sentence']['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
