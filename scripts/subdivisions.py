#!/usr/bin/env python3
"""Write ``ontology/sources/subdivisions.csv``: the first-level subdivisions of every state
(states, provinces, regions, governorates ...) with their state, from ISO 3166-2.

Source: Debian's ``iso-codes`` package (``/usr/share/iso-codes/json/iso_3166-2.json`` and
``iso_3166-1.json``, LGPL-2.1; the names are ISO 3166-2's). Only subdivisions without a parent
and of a kind that has a government of its own are kept (not municipalities, districts,
parishes or cities). A one-word name that news writes in lower case as a common word
("Plateau", "Rivers", "Acre") is kept only with its kind ("Rivers State"): the script counts
lower-case uses in the news corpora of ``--news`` (stdlib only, deterministic).

    python scripts/subdivisions.py [--iso-codes DIR] [--news DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "ISO 3166-2 (Debian iso-codes, LGPL-2.1)"
#: ISO 3166-2 kinds of subdivision with a government of their own
KINDS = {"State", "Province", "Region", "Governorate", "Prefecture", "Republic", "Autonomous region",
         "Autonomous community", "Land", "Voivodship", "Regional state", "Union territory",
         "Territory", "Emirate", "Country", "Administrative region", "Autonomous province",
         "Autonomous republic", "Federal district", "Federal territory", "Oblast", "County",
         "Department", "Canton", "Metropolitan region", "Autonomous city", "Capital territory",
         "Capital district", "Administrative territory", "Autonomous territorial unit"}
#: kinds written after the name in English news ("Kano State", "Balochistan Province")
SUFFIXES = ("State", "Province", "Region", "Governorate", "Territory", "Oblast", "Prefecture")
#: words that do not name a place on their own: a name of only these ("Northern Province",
#: "Central Region", "West Coast") is dropped, as news uses them of many states
GENERIC = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
           "centre", "center", "capital", "upper", "lower", "coast", "coastal", "island", "islands",
           "region", "province", "district", "city", "state", "territory", "greater", "new",
           "federal", "national", "the", "of", "and", "great", "middle", "inner", "outer", "north-east",
           "north-west", "south-east", "south-west", "northeast", "northwest", "southeast",
           "southwest", "far", "high", "valley", "mountain", "lakes", "lake", "river", "highlands",
           "lowlands", "sea", "bay", "gulf", "free", "special", "autonomous", "metropolitan", "area"}


def names(raw: str) -> list[str]:
    """The names of one ISO entry: "Catalunya [Cataluña]" is two, "(...)" qualifiers dropped."""
    out = []
    for part in re.split(r"\s*\[|\]\s*", raw):
        part = re.sub(r"\(.*?\)", "", part).strip(" ,;")
        if part:
            out.extend(p.strip() for p in part.split(" / ") if p.strip())
    return out


def common_words(news: Path, words: set[str]) -> set[str]:
    """The words of ``words`` that the news corpora write in lower case at least three times
    and in a fifth or more of their uses: common words, not only names."""
    lower: Counter = Counter()
    upper: Counter = Counter()
    for path in sorted(news.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text", "")
                for w in re.findall(r"\b[A-Za-z][a-z'-]+\b", text):
                    if w.lower() in words:
                        (lower if w[0].islower() else upper)[w.lower()] += 1
    return {w for w in words if lower[w] >= 3 and 4 * lower[w] >= upper[w]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso-codes", type=Path, default=Path("/usr/share/iso-codes/json"))
    ap.add_argument("--news", type=Path, default=ROOT.parent / "shared" / "data" / "news")
    ap.add_argument("--out", type=Path, default=ROOT / "ontology" / "sources" / "subdivisions.csv")
    args = ap.parse_args(argv)
    try:
        countries = json.loads((args.iso_codes / "iso_3166-1.json").read_text(encoding="utf-8"))
        subs = json.loads((args.iso_codes / "iso_3166-2.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"subdivisions: {exc} (apt-get install iso-codes)", file=sys.stderr)
        return 1
    alpha3 = {c["alpha_2"]: c["alpha_3"] for c in countries["3166-1"]}
    rows = []
    for s in subs["3166-2"]:
        if "parent" in s or s["type"] not in KINDS:
            continue
        state = alpha3.get(s["code"].split("-")[0])
        for name in names(s["name"]):
            words = [w.lower() for w in re.split(r"[\s-]+", name) if w]
            if state and len(name) >= 4 and not any(c.isdigit() for c in name) \
                    and not all(w in GENERIC for w in words):
                rows.append({"name": name, "state_id": state, "kind": s["type"], "code": s["code"]})
    # a name of two states' subdivisions ("Punjab") names neither
    states_of = defaultdict(set)
    for r in rows:
        states_of[r["name"].lower()].add(r["state_id"])
    rows = [r for r in rows if len(states_of[r["name"].lower()]) == 1]
    single = {r["name"].lower() for r in rows if " " not in r["name"] and "-" not in r["name"]}
    common = common_words(args.news, single) if args.news.is_dir() else set()
    for r in rows:
        r["alone"] = "no" if r["name"].lower() in common else "yes"
        r["source"] = SOURCE
    rows.sort(key=lambda r: (r["state_id"], r["code"], r["name"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["name", "state_id", "kind", "code", "alone", "source"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"subdivisions: {len(rows)} names of {len({r['state_id'] for r in rows})} states "
          f"({sum(r['alone'] == 'no' for r in rows)} only with their kind)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
