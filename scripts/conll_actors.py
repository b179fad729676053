#!/usr/bin/env python3
"""Actor recognition on CoNLL-2003 English dev (``eng.testa``): the statistical model alone
versus kg's ``kg_actors`` component, on the same text, in the same run.

Text. Each ``-DOCSTART-`` line starts a document (the lines before the first one, if any, are a
document too). A document's text is its tokens joined by single spaces, its sentences (blank-line
separated in the file) joined by newlines; every gold entity keeps its character span in that
text. Tags are IOB1 (``I-X`` opens an entity unless the previous token is inside an ``X``;
``B-X`` opens one next to another ``X``); IOB2 files read the same.

Gold. LOC, ORG and PER entities. MISC is ignored: it is not gold, and a prediction that overlaps
a MISC entity (a demonym such as "Russian", an event, a nationality) is left out of precision
(``strict_precision`` counts it as a false positive instead).

Mapping of predictions to CoNLL types.
  model alone  spacy.load(kg.nlp.model_name()), all components; its doc.ents:
               GPE, LOC -> LOC; ORG -> ORG; PERSON -> PER; NORP is dropped (nationalities and
               religious/political groups are MISC, not an entity type, in CoNLL); other labels
               are dropped.
  kg           kg.nlp.load_pipeline(relations=False) (doc._.kg_date = ""), its
               doc.spans["kg_actors"], by actor type:
               State -> LOC (a state's metonym such as "Moscow" is LOC in CoNLL too);
               Organization, ArmedGroup -> ORG; Person -> PER.

Scores, each precision / recall / F1 (micro-averaged over all documents):
  typed exact    a prediction and a gold entity match when their character spans are equal and
                 their mapped types are equal.
  untyped overlap a prediction is correct when it overlaps some gold entity, a gold entity is
                 found when some prediction overlaps it; types are not compared.
Per type: typed exact per type; for overlap, precision by predicted type and recall by gold type.

By design kg does not make cities, regions, rivers ... actors, and CoNLL LOC includes them, so
kg's LOC recall is lower than the model's. The ``kb_states`` rows restrict to what kg is meant
to find: gold entities (any of the three types) whose text is a name of a State in kg's
knowledge base (``kg.kb.load_kb().names``: label, official, alias, abbreviation and metonym
names, i.e. countries and their capitals/seats; demonyms and surnames excluded), compared as the
name's ``case`` says (exact or case-insensitive). Recall is over those gold entities; precision
over predictions whose text is such a name.

    python scripts/conll_actors.py                 # the whole dev set (216 documents)
    python scripts/conll_actors.py --limit 20 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("LOC", "ORG", "PER")
MODEL_MAP = {"GPE": "LOC", "LOC": "LOC", "ORG": "ORG", "PERSON": "PER"}  # NORP dropped
KG_MAP = {"State": "LOC", "Organization": "ORG", "ArmedGroup": "ORG", "Person": "PER"}
KB_STATE_KINDS = ("label", "official", "alias", "abbreviation", "metonym")


@dataclass
class ConllDoc:
    text: str
    gold: list[tuple[int, int, str]] = field(default_factory=list)  # LOC/ORG/PER
    misc: list[tuple[int, int]] = field(default_factory=list)


def read_conll(path: Path) -> list[ConllDoc]:
    """The documents of a CoNLL-2003 file, text rebuilt as described in the module docstring."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if sentence:
                    docs[-1].append(sentence)
                    sentence = []
                if parts:
                    docs.append([])
                continue
            sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [_rebuild(sentences) for sentences in docs if sentences]


def _rebuild(sentences: list[list[tuple[str, str]]]) -> ConllDoc:
    pieces: list[str] = []
    ents: list[tuple[int, int, str]] = []
    pos = 0
    for i, sentence in enumerate(sentences):
        if i:
            pieces.append("\n")
            pos += 1
        prev = "O"
        current: list = []  # [start, end, type]
        for j, (token, tag) in enumerate(sentence):
            if j:
                pieces.append(" ")
                pos += 1
            start, end = pos, pos + len(token)
            pieces.append(token)
            pos = end
            kind = tag[2:] if tag != "O" else ""
            opens = tag.startswith("B-") or (tag.startswith("I-") and prev[2:] != kind)
            if tag == "O" or opens:
                if current:
                    ents.append(tuple(current))
                current = [start, end, kind] if kind else []
            else:
                current[1] = end
            prev = tag
        if current:
            ents.append(tuple(current))
    doc = ConllDoc("".join(pieces))
    for s, e, kind in ents:
        if kind in TYPES:
            doc.gold.append((s, e, kind))
        else:
            doc.misc.append((s, e))
    return doc


def _overlaps(a: tuple[int, int], spans) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def _prf(tp_p: int, n_p: int, tp_r: int, n_g: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "predicted": n_p, "gold": n_g, "tp_predicted": tp_p, "tp_gold": tp_r}


class Tally:
    """Counts for one system over all documents."""

    def __init__(self) -> None:
        self.c: Counter = Counter()
        self.kb_missed: Counter = Counter()  # gold country/capital texts not found exactly

    def add(self, doc: ConllDoc, preds: list[tuple[int, int, str]], is_kb_state) -> None:
        c = self.c
        gold = doc.gold
        gold_exact = set(gold)
        gold_spans = [(s, e) for s, e, _ in gold]
        scored = [p for p in preds if not _overlaps(p[:2], doc.misc)]
        c["ignored_misc"] += len(preds) - len(scored)
        c["pred_all"] += len(preds)
        c["pred"] += len(scored)
        c["gold"] += len(gold)
        for p in preds:
            exact = p in gold_exact
            over = _overlaps(p[:2], gold_spans)
            c["tp_exact_all"] += exact
            c["tp_overlap_all"] += over
            if p in scored:
                c["tp_exact_p"] += exact
                c["tp_overlap_p"] += over
                c[f"pred:{p[2]}"] += 1
                c[f"tp_exact_p:{p[2]}"] += exact
                c[f"tp_overlap_p:{p[2]}"] += over
                if is_kb_state(doc.text[p[0]:p[1]]):
                    c["kb_pred"] += 1
                    c["kb_tp_exact_p"] += exact
                    c["kb_tp_overlap_p"] += over
        pred_exact = set(preds)
        pred_spans = [(s, e) for s, e, _ in preds]
        for g in gold:
            exact = g in pred_exact
            over = _overlaps(g[:2], pred_spans)
            c["tp_exact_r"] += exact
            c["tp_overlap_r"] += over
            c[f"gold:{g[2]}"] += 1
            c[f"tp_exact_r:{g[2]}"] += exact
            c[f"tp_overlap_r:{g[2]}"] += over
            if is_kb_state(doc.text[g[0]:g[1]]):
                c["kb_gold"] += 1
                c["kb_tp_exact_r"] += exact
                c["kb_tp_overlap_r"] += over
                if not exact:
                    self.kb_missed[f"{doc.text[g[0]:g[1]]}/{g[2]}"] += 1

    def result(self) -> dict:
        c = self.c
        out = {}
        for level in ("exact", "overlap"):
            row = _prf(c[f"tp_{level}_p"], c["pred"], c[f"tp_{level}_r"], c["gold"])
            row["strict_precision"] = round(c[f"tp_{level}_all"] / c["pred_all"], 4) if c["pred_all"] else 0.0
            out["typed_exact" if level == "exact" else "untyped_overlap"] = row
            for t in TYPES:
                out[f"{'typed_exact' if level == 'exact' else 'untyped_overlap'}:{t}"] = _prf(
                    c[f"tp_{level}_p:{t}"], c[f"pred:{t}"], c[f"tp_{level}_r:{t}"], c[f"gold:{t}"])
            out[f"{'typed_exact' if level == 'exact' else 'untyped_overlap'}:kb_states"] = _prf(
                c[f"kb_tp_{level}_p"], c["kb_pred"], c[f"kb_tp_{level}_r"], c["kb_gold"])
        out["predictions"] = c["pred_all"]
        out["predictions_ignored_misc"] = c["ignored_misc"]
        out["kb_states_missed_exact"] = dict(sorted(self.kb_missed.items(),
                                                    key=lambda kv: (-kv[1], kv[0]))[:10])
        return out


def kb_state_matcher():
    """A function telling whether a text is a name of a State in kg's knowledge base."""
    from kg.kb import load_kb

    kb = load_kb()
    exact, folded = set(), set()
    for n in kb.names:
        actor = kb.actors.get(n.actor_id)
        if actor is None or actor.type != "State" or n.kind not in KB_STATE_KINDS:
            continue
        (exact if n.case == "exact" else folded).add(n.text if n.case == "exact" else n.text.casefold())
    return lambda text: text in exact or text.casefold() in folded


def model_predictions(doc) -> list[tuple[int, int, str]]:
    return sorted({(e.start_char, e.end_char, MODEL_MAP[e.label_]) for e in doc.ents
                   if e.label_ in MODEL_MAP})


def kg_predictions(doc, kb) -> list[tuple[int, int, str]]:
    from kg.actors import SPAN_KEY, span_actor

    return sorted({(s.start_char, s.end_char, KG_MAP[span_actor(s, kb).type])
                   for s in doc.spans.get(SPAN_KEY, [])})


def run(docs: list[ConllDoc], batch_size: int) -> dict:
    import spacy

    from kg.kb import load_kb
    from kg.nlp import load_pipeline, model_name

    name = model_name()
    is_kb_state = kb_state_matcher()
    kb = load_kb()
    texts = [d.text for d in docs]

    results: dict = {"model": name, "documents": len(docs),
                     "tokens": sum(len(t.split()) for t in texts),
                     "gold": dict(Counter(g[2] for d in docs for g in d.gold)),
                     "gold_misc_ignored": sum(len(d.misc) for d in docs), "systems": {}}

    nlp = spacy.load(name)
    tally, t0 = Tally(), time.perf_counter()
    for doc, d in zip(nlp.pipe(texts, batch_size=batch_size), docs):
        tally.add(d, model_predictions(doc), is_kb_state)
    results["systems"]["model alone"] = tally.result() | {
        "seconds": round(time.perf_counter() - t0, 2), "pipeline": nlp.pipe_names}

    kg_nlp = load_pipeline(relations=False)

    def made():
        for text in texts:
            sdoc = kg_nlp.make_doc(text)
            sdoc._.kg_date = ""
            yield sdoc

    tally, t0 = Tally(), time.perf_counter()
    for doc, d in zip(kg_nlp.pipe(made(), batch_size=batch_size), docs):
        tally.add(d, kg_predictions(doc, kb), is_kb_state)
    results["systems"]["kg"] = tally.result() | {
        "seconds": round(time.perf_counter() - t0, 2), "pipeline": kg_nlp.pipe_names}
    return results


def table(results: dict) -> str:
    systems = results["systems"]
    lines = [f"CoNLL-2003 eng.testa: {results['documents']} documents, {results['tokens']} tokens, "
             f"gold {results['gold']} (MISC ignored: {results['gold_misc_ignored']}); "
             f"model {results['model']}",
             "predictions overlapping a MISC entity are left out of P "
             "(strict P counts them as errors): "
             + ", ".join(f"{s} {r['predictions_ignored_misc']}/{r['predictions']}"
                         for s, r in systems.items()),
             "",
             f"{'score':<27}{'system':<13}{'P':>7}{'R':>7}{'F1':>7}{'strictP':>9}{'pred':>7}{'gold':>7}"]
    keys = ["typed_exact", *(f"typed_exact:{t}" for t in TYPES), "typed_exact:kb_states",
            "untyped_overlap", *(f"untyped_overlap:{t}" for t in TYPES), "untyped_overlap:kb_states"]
    for key in keys:
        for s, r in systems.items():
            row = r[key]
            strict = f"{row['strict_precision']:>9.3f}" if "strict_precision" in row else " " * 9
            lines.append(f"{key:<27}{s:<13}{row['precision']:>7.3f}{row['recall']:>7.3f}"
                         f"{row['f1']:>7.3f}{strict}{row['predicted']:>7}{row['gold']:>7}")
        if key.endswith(("kb_states", "typed_exact", "untyped_overlap")) or key.endswith(":PER"):
            lines.append("")
    for s, r in systems.items():
        lines.append(f"kb_states gold not matched typed-exact, {s}: "
                     + ", ".join(f"{k} x{n}" for k, n in r["kb_states_missed_exact"].items()))
    lines.append("seconds: " + ", ".join(f"{s} {r['seconds']}" for s, r in systems.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Actor recognition on CoNLL-2003 English dev: statistical model alone vs kg.",
        epilog="Mapping: State->LOC, Organization/ArmedGroup->ORG, Person->PER (kg); "
               "GPE/LOC->LOC, ORG->ORG, PERSON->PER, NORP dropped (model). See the module docstring.")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (default: ../shared relative to the repository root)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="score only the first N documents")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    path = args.shared / "eval" / "conll2003" / "eng.testa"
    if not args.shared.is_dir():
        parser.exit(2, f"error: shared folder {args.shared} not found; pass --shared DIR\n")
    if not path.is_file():
        parser.exit(2, f"error: {path} not found (CoNLL-2003 English dev set)\n")

    sys.path.insert(0, str(ROOT))
    docs = read_conll(path)
    if args.limit is not None:
        docs = docs[: args.limit]
    results = run(docs, args.batch_size)
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
