#!/usr/bin/env python3
"""Generate kg's CAMEO verb lexicon (``ontology/cameo_verbs.json``) from PETRARCH2's dictionary.

``CAMEO.2.0.txt`` (PETRARCH2, MIT) lists verbs in blocks that share a default CAMEO code, and
under them patterns of the words that follow the verb (``- * (TO BORDER)``, ``- * &WEAPON``,
``- * {ARMS SHIPMENT}``) with a more specific code. The coder that uses it reads constituency
parses; kg keeps the knowledge only, in a form its dependency matcher reads:

    {"verbs": {"accuse": {"code": "112", "patterns": [
        {"code": "1122", "obj": [], "prep": "of", "pobj": ["abuse"]}, ...]}, ...},
     "particles": {"call off": "160", ...}}

``obj`` are head words of the direct object, ``prep`` the first preposition after the verb,
``pobj`` head words of its object (empty: any). Synonym sets (``&WEAPON``) are expanded.
Patterns with words before the verb (subject constraints) are left out: they need the phrase
structure. A pattern coded ``---`` says "no event" and is kept with an empty code.

Usage: python scripts/build_lexicon.py [--cameo PATH] [--out ontology/cameo_verbs.json]
The output is sorted and deterministic; the script needs the standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt"
CODE = re.compile(r"\[([0-9A-Z-]+)(?::[0-9A-Z-]+)?\]")


def _word(raw: str) -> str:
    """'CASH_' -> 'cash', 'RE_' -> 're', 'ARMS_SHIPMENT' -> 'arms shipment'."""
    return raw.strip("+").rstrip("_").replace("_", " ").lower()


def _code(text: str) -> str | None:
    m = CODE.search(text)
    if m is None:
        return None
    code = m.group(1)
    return "" if code.startswith("-") else code


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = sets.setdefault(line.split()[0], [])
        elif line.startswith("+") and current is not None:
            current.append(_word(line.split()[0]))
        elif not line:
            continue
    return sets


def _heads(element: str, synsets: dict[str, list[str]]) -> list[str]:
    """Head words of one pattern element: a word, a {phrase} or an &SYNSET."""
    element = element.strip("{}").strip()
    words = [w for w in element.split() if w not in ("+", "$", "%", "^")]
    if not words:
        return []
    last = words[-1]
    if last.startswith("&"):
        return sorted({w.split()[-1] for w in synsets.get(last, [])})
    return [_word(last).split()[-1]] if _word(last) else []


def _elements(text: str) -> list[str]:
    """Split the part after '*' into elements: words, {phrases}, (prepositional phrases)."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "({":
            if depth == 0 and cur.strip():
                out.extend(cur.split())
                cur = ""
            depth += 1
            cur += ch
        elif ch in ")}":
            depth -= 1
            cur += ch
            if depth == 0:
                out.append(cur.strip())
                cur = ""
        else:
            cur += ch
    out.extend(cur.split())
    return out


def parse_pattern(body: str, synsets: dict[str, list[str]]) -> dict | None:
    before, star, after = body.partition("*")
    if not star or [w for w in before.split() if w not in ("$", "+", "%")]:
        return None  # no verb slot, or a subject constraint the dependency matcher cannot check
    obj: list[str] = []
    prep, pobj = "", []
    for el in _elements(after):
        if el.startswith("("):
            words = el.strip("()").split()
            if not words:
                continue
            if not prep:
                prep = _word(words[0])
                pobj = _heads(" ".join(words[1:]), synsets)
            continue
        if prep or el in ("+", "$", "%", "^"):
            continue
        if not obj:
            obj = _heads(el, synsets)
    if not obj and not prep:
        return None
    return {"obj": obj, "prep": prep, "pobj": pobj}


def build(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    synsets = read_synsets(lines)
    verbs: dict[str, dict] = {}
    block_code: str | None = None
    block_verbs: list[str] = []
    started = False
    for n, raw in enumerate(lines, start=1):
        if raw.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if not started:
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("---"):
            block_code = _code(line)
            block_verbs = []
            continue
        if line.startswith("-"):
            code = _code(line)
            pat = parse_pattern(CODE.sub("", line[1:]), synsets)
            if pat is None or code is None:
                continue
            pat["code"] = code
            # The comment names the verb the pattern was written for ("# TAKE"): only that
            # verb gets it, so "take control of" does not become a pattern of "arrest".
            comment = raw.split("#", 1)[1].split() if "#" in raw else []
            named = _word(comment[0]) if comment else ""
            for v in [named] if named in block_verbs else block_verbs:
                if pat not in verbs[v]["patterns"]:
                    verbs[v]["patterns"].append(dict(pat))
            continue
        head = line.split("{", 1)[0].strip().split("[", 1)[0].strip()
        if not head:
            continue
        lemma = _word(head)
        if not re.fullmatch(r"[a-z][a-z' -]*", lemma):
            print(f"{path}:{n}: skipped verb {head!r}", file=sys.stderr)
            continue
        own = _code(line)
        entry = verbs.setdefault(lemma, {"code": "", "patterns": []})
        code = own if own is not None else (block_code or "")
        if code and not entry["code"]:
            entry["code"] = code
        block_verbs.append(lemma)
    for entry in verbs.values():
        entry["patterns"].sort(key=lambda p: (-len(p["obj"] and "o") - bool(p["prep"])
                                              - bool(p["pobj"]), p["prep"], p["obj"], p["code"]))
    return {"source": "PETRARCH2 CAMEO.2.0.txt (MIT), via scripts/build_lexicon.py",
            "verbs": dict(sorted(verbs.items()))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cameo", type=Path, default=DEFAULT)
    ap.add_argument("--out", type=Path, default=ROOT / "ontology" / "cameo_verbs.json")
    a = ap.parse_args(argv)
    if not a.cameo.is_file():
        print(f"{a.cameo}: not found (pass --cameo PATH to CAMEO.2.0.txt)", file=sys.stderr)
        return 1
    data = build(a.cameo)
    a.out.write_text(json.dumps(data, indent=0, sort_keys=False, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    n_pat = sum(len(v["patterns"]) for v in data["verbs"].values())
    print(f"{a.out}: {len(data['verbs'])} verbs, {n_pat} patterns", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
