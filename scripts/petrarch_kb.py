"""Read the PETRARCH2 actor and agent dictionaries (stdlib only), for ``build_kb.py``.

The formats are those of PETRARCH2's ``docs/source/dictionaries.rst``: an entry is a primary
phrase line, optional ``+synonym`` lines and code lines (``[KAZGOV >900424]``, a code and an
optional date restriction), codes may also follow the phrase on its own line. Words are joined by
``_``; a trailing ``_`` only marks the end of the phrase. Agents are ``PHRASE {plural} [~CODE]``
lines with ``!SET!`` substitution markers.

What each entry becomes is decided in :func:`classify`; see ontology/SOURCES.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Code", "Entry", "merge_duplicate_persons", "parse_actors", "parse_agents", "phrase", "title_case", "classify",
           "STATE_SECTORS", "SECTOR_NAMES"]

COUNTRIES = "Phoenix.Countries.actors.txt"
INTERNATIONAL = "Phoenix.International.actors.txt"
NONSTATE = "Phoenix.MilNonState.actors.txt"
AGENTS = "Phoenix.agents.txt"

#: Sectors that are parts of the state itself: a mention of them is a mention of the state.
STATE_SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", "SPY")
#: Readable names of the sectors that make a Group actor (the non-state parts of a country).
SECTOR_NAMES = {
    "REB": "rebels", "OPP": "opposition", "CVL": "civilians", "BUS": "business", "MED": "media",
    "LAB": "labour", "EDU": "education", "REF": "refugees", "CRM": "criminals", "HLH": "health",
    "AGR": "farmers", "ENV": "environmentalists", "UAF": "armed men", "INS": "insurgents",
    "SEP": "separatists", "RAD": "radicals", "MOD": "moderates", "PTY": "party", "ELI": "elites",
    "HRI": "rights activists", "NGO": "non-governmental organisations", "PPL": "people",
    "REL": "religious groups", "MUS": "Muslims", "CHR": "Christians", "JEW": "Jews",
    "HIN": "Hindus", "BUD": "Buddhists", "SPY": "intelligence",
}

_CODE = re.compile(r"\[([A-Z~]*)(?:\s+([<>]?\d{6,8}(?:-\d{6,8})?))?\s*\]")
_INSTITUTION = re.compile(
    r"\b(ARMY|FORCES?|COUNCIL|PARTY|CONGRESS|MINISTRY|ASSEMBLY|SERVICE|GUARDS?|COURT|COMMITTEE|"
    r"COMMISSION|BUREAU|AGENCY|DEPARTMENT|OFFICE|PARLIAMENT|SENATE|POLICE|FRONT|UNION|"
    r"MOVEMENT|ORGANI[SZ]ATION|DIRECTORATE|SECRETARY|POLITBURO|PALACE|BANK|AUTHORITY|"
    r"GOVERNMENT|STREET|HEADQUARTERS|INTELLIGENCE|SECURITY|FEDERATION|REPUBLIC|BRIGADES?|"
    r"ALLIANCE|LEAGUE|ASSOCIATION|INSTITUTE|CORPS|RIFLES|YARD|NAVY|FLEET|COMMAND)\b")


@dataclass
class Code:
    """A code with its optional date restriction, as ISO dates ("" = open)."""

    code: str
    start: str = ""
    end: str = ""


@dataclass
class Entry:
    """One actor entry: its phrases (primary first), codes and comments, and where it starts."""

    names: list[str]
    codes: list[Code] = field(default_factory=list)
    comment: str = ""
    file: str = ""
    line: int = 0


def _date(value: str, end: bool = False) -> str:
    """YYMMDD or YYYYMMDD as an ISO date; two-digit years 00-29 are 20xx, the rest 19xx."""
    if len(value) == 6:
        yy = int(value[:2])
        value = ("20" if yy < 30 else "19") + value
    y, m, d = value[:4], value[4:6], value[6:8]
    if m == "00":
        m = "01"
    if d == "00":
        d = "01"
    if (m, d) == ("12", "32"):
        d = "31"
    return f"{y}-{m}-{d}"


def _codes(text: str) -> list[Code]:
    out = []
    for m in _CODE.finditer(text):
        code, restriction = m.group(1), m.group(2) or ""
        start = end = ""
        if restriction.startswith(">"):
            start = _date(restriction[1:])
        elif restriction.startswith("<"):
            end = _date(restriction[1:])
        elif "-" in restriction:
            a, b = restriction.split("-")
            start, end = _date(a), _date(b)
        out.append(Code(code, start, end))
    return out


def phrase(raw: str) -> str:
    """A dictionary phrase as text: ``ANGELA_MERKEL_`` -> ``ANGELA MERKEL``; "" when unusable."""
    raw = raw.strip()
    if not raw or any(c in raw for c in "+{}!<>&%$^*=|"):
        return ""
    raw = re.sub(r"\([^)]*\)", " ", raw)  # "(AAIA)", "(SUPREME_SOVIET_OF_RUSSIA)"
    text = " ".join(raw.replace("_", " ").split())
    if not text or "," in text or not re.search(r"[A-Z]", text):
        return ""
    return text


_LOWER = {"of", "the", "and", "for", "de", "du", "des", "la", "le", "el", "al", "bin", "ibn",
          "von", "van", "der", "den", "da", "dos", "do", "y", "in", "on", "to", "at", "bint", "di"}


def title_case(text: str, person: bool = False) -> str:
    """``JEAN-YVES LE DRIAN`` -> ``Jean-Yves Le Drian``; short all-caps codes stay (``FSB``)."""
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if not person and len(w) <= 4 and w.isalpha() and len(words) == 1:
            out.append(w)  # an acronym: "FSB", "DEA"
            continue
        low = w.lower()
        if i and low in _LOWER and not person:
            out.append(low)
            continue
        parts = re.split(r"([-'.])", low)
        out.append("".join(p if p in ("-", "'", ".") or (k and parts[k - 1] == "'" and len(p) < 2)
                           else p[:1].upper() + p[1:] for k, p in enumerate(parts)))
    return " ".join(out)


def parse_actors(path: Path) -> list[Entry]:
    """The entries of a PETRARCH2 .actors file, in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        if body[:1] in ("\t", " ") and body.strip().startswith("["):
            if current is not None:
                current.codes += _codes(body)
            continue
        stripped = body.strip()
        if stripped.startswith("+"):
            if current is not None:
                name, _, rest = stripped[1:].partition("[")
                current.names.append(name.strip())
                if rest:
                    current.codes += _codes("[" + rest)
                current.comment += " " + comment
            continue
        name, _, rest = stripped.partition("[")
        if current is not None and not current.codes and current.file == path.name:
            # consecutive primary lines before one code line name one actor (a block)
            current.names.append(name.strip())
            current.codes += _codes("[" + rest) if rest else []
            current.comment += " " + comment
            continue
        current = Entry([name.strip()], _codes("[" + rest) if rest else [], comment.strip(),
                        path.name, number)
        entries.append(current)
    return entries


def parse_agents(path: Path) -> list[tuple[str, str, str]]:
    """(phrase, plural or "" for none / None for the regular one, code) for each agent line."""
    sets: dict[str, list[str]] = {}
    out: list[tuple[str, str | None, str]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = raw.partition("#")[0].strip()
        if not body or body.startswith("<"):
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if m:
            sets[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]]*)[\]}]?", body)
        if not m:
            continue
        head, plural, code = m.group(1).strip(), m.group(2), m.group(3).strip()
        forms = [head]
        for marker, values in sets.items():
            if marker in head:
                forms = [f.replace(marker, v + ("_" if marker == "!MINIST!" else ""), 1)
                         for f in forms for v in values]
                plural = "{}"
        for f in forms:
            text = " ".join(f.replace("_", " ").split())
            if plural is None:
                out.append((text, None, code))
            else:
                p = plural.strip("{} ")
                out.append((text, " ".join(p.replace("_", " ").split()), code))
    return out


def classify(entry: Entry, states: set[str]) -> str:
    """What an entry of the country file is: "state", "territory", "part", "person", "group",
    "org", "business", "historical" or "" (skipped)."""
    if not entry.codes:
        return ""
    last = entry.codes[-1].code
    dated = any(c.start or c.end for c in entry.codes)
    sectors = {c.code[3:6] for c in entry.codes if len(c.code) >= 6}
    primary = phrase(entry.names[0])
    if all(len(c.code) == 3 for c in entry.codes) or (len(last) == 3 and not sectors & {"GOV", "ELI"}):
        return "state" if last in states else "historical"
    if len(last) == 6 and last[3:] not in SECTOR_NAMES and last[3:] not in STATE_SECTORS:
        return "territory"  # USAASM American Samoa, GBRVGB ...
    person = ("CountryInfo" in entry.comment or "ELI" in sectors
              or (dated and primary and not _INSTITUTION.search(primary)
                  and 2 <= len(primary.split()) <= 5))
    if person:
        return "person"
    sector = last[3:6]
    if sector in STATE_SECTORS:
        return "part"
    if sector in ("REB", "INS", "SEP", "UAF"):
        return "group"
    if sector in ("BUS", "MED"):
        return "business"
    if sector in ("OPP", "PTY", "RAD", "MOD", "LAB", "NGO", "HRI"):
        return "org"
    return ""


# --------------------------------------------------------------------------- merging into the KB

SRC = "petrarch2 {}"
#: PETRARCH2 country codes that are not kg's state ids: renamed, continued or successor states.
CODE_MAP = {"KSV": "XKX", "TMP": "TLS", "SUN": "RUS", "USR": "RUS", "SCG": "SRB", "YUG": "YUG",
            "ROM": "ROU", "ZAR": "COD", "BUR": "MMR", "GER": "DEU"}
GENERIC = {"organization", "organisation", "group", "movement", "people", "government",
           "opposition", "rebels", "militants", "state", "nation", "republic", "kingdom"}
_TITLE_WORDS = re.compile(r"^(FORMER|EX-|LATE|THE LATE)\b")
_NOT_A_NAME = re.compile(r"\b(ADMINISTRATION|GOVERNMENT|REGIME|CABINET|FAMILY)\b")


def _slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("s"):
        return word
    return word + "s"


def merge(kb, folder: Path, fail) -> None:
    """Add PETRARCH2's actors, agents and non-actors to ``kb`` (curated entries win)."""
    for name in (COUNTRIES, INTERNATIONAL, NONSTATE, AGENTS):
        if not (folder / name).is_file():
            fail(folder / name, None, "missing PETRARCH2 dictionary (use --petrarch DIR)")
    states = {a["id"] for a in kb.actors.values() if a["type"] == "State"}
    taken: dict[str, set[str]] = {}  # lower-case name -> actor ids that have it
    for (aid, name) in kb.names:
        taken.setdefault(name.lower(), set()).add(aid)

    def state_of(code: str) -> str:
        c = CODE_MAP.get(code[:3], code[:3])
        return c if c in states else ""

    def free(text: str, aid: str) -> bool:
        owners = taken.get(text.lower(), set())
        return not owners or owners == {aid}

    def name(aid: str, text: str, kind: str, case: str, src: str, sector: str = "") -> None:
        if " " not in text and _INSTITUTION.search(text.upper()) or text.lower() in GENERIC:
            return  # "Organization", "Front": a common word, not a name
        if not text or not free(text, aid) or (text.lower() in kb.non_actors and kind != "place"):
            return
        kb.add_name(aid, text, kind, case, src, sector=sector)
        taken.setdefault(text.lower(), set()).add(aid)

    def auto(text: str) -> str:
        # As written: news capitalises a group's or body's name, and many are common words in
        # any other case ("Tanzim" is not "organization", "Red Line" is not "a red line").
        return "exact"

    # ---- the country file
    agent_words = {p.split()[-1].lower() for p, _, c in parse_agents(folder / AGENTS)
                   if p and len(p.split()) == 1 and c.startswith("~") and c[1:4] in STATE_SECTORS}
    src = SRC.format("countries")
    import difflib

    persons_by_name = {a["label"].lower(): a["id"] for a in kb.actors.values() if a["type"] == "Person"}
    for entry in parse_actors(folder / COUNTRIES):
        kind = classify(entry, states | set(CODE_MAP))
        texts = [t for t in (phrase(n) for n in entry.names) if t]
        if not texts or not kind:
            continue
        code = entry.codes[-1].code
        if kind in ("state", "historical"):
            sid = state_of(code)
            if not sid:
                continue  # dependencies (Bermuda, Aruba ...) are places, not actors
            label = kb.actors[sid]["label"]
            for t in texts[1:]:
                text = title_case(t)
                if text.lower() in taken or len(text) < 4:
                    continue
                close = difflib.SequenceMatcher(None, text.lower(), label.lower()).ratio() >= 0.75
                name(sid, text, "alias" if close else "place", "any" if close else "exact", src)
        elif kind == "territory":
            sid = state_of(code)
            for t in texts:
                if sid:
                    name(sid, title_case(t), "place", "exact", src)
        elif kind == "part":
            sid = state_of(code)
            if sid:
                for t in texts:
                    text = title_case(t)
                    head = " ".join(text.split()[:-1]).lower()
                    if text.split()[-1].lower() in agent_words and sid in taken.get(head, ()):
                        continue  # "German Chancellor": a demonym and an agent noun, not a name
                    name(sid, text, "part", auto(text), src, sector=code[3:6])
        elif kind in ("group", "org"):
            sid = state_of(code)
            typ = "ArmedGroup" if kind == "group" else "Organization"
            label = title_case(texts[0])
            aid = _slug(label)
            existing = next((a for t in texts for a in taken.get(title_case(t).lower(), ())), None)
            if existing is None:
                if aid in kb.actors or not aid:
                    continue
                kb.add_actor(src, entry.line, {"id": aid, "type": typ, "label": label, "iso3": "",
                                               "wikidata": "", "country": sid, "source": src})
            else:
                aid = existing
                if kb.actors[aid]["type"] not in ("Organization", "ArmedGroup"):
                    continue
                kb.actors[aid]["country"] = kb.actors[aid].get("country") or sid
            for t in texts:
                text = title_case(t)
                name(aid, text, "alias", auto(text), src)
        elif kind == "person":
            _person(kb, entry, texts, state_of, persons_by_name, taken, name, src)

    # ---- armed and non-state groups
    src = SRC.format("nonstate")
    for entry in parse_actors(folder / NONSTATE):
        texts = [title_case(t) for t in (phrase(n) for n in entry.names) if t]
        if not texts or not entry.codes:
            continue
        code = entry.codes[-1].code
        existing = next((a for t in texts for a in taken.get(t.lower(), ())), None)
        if existing is not None:
            a = kb.actors[existing]
            if a["type"] not in ("ArmedGroup", "Organization"):
                continue
            aid = existing
            if a["label"].lower() in (t.lower() for t in texts):  # the same group, not a namesake
                a["country"] = a.get("country") or state_of(code)
        else:
            aid = _slug(texts[0])
            if not aid or aid in kb.actors:
                continue
            kb.add_actor(src, entry.line, {"id": aid, "type": "ArmedGroup", "label": texts[0],
                                           "iso3": "", "wikidata": "", "country": state_of(code),
                                           "source": src})
        for t in texts:
            name(aid, t, "alias", auto(t), src)

    # ---- international actors: IGOs are actors, NGOs and companies are known non-actors
    src = SRC.format("international")
    for entry in parse_actors(folder / INTERNATIONAL):
        texts = [title_case(t) for t in (phrase(n) for n in entry.names) if t]
        if not texts or not entry.codes or "IGOrulers" in entry.comment:
            continue
        code = entry.codes[-1].code
        if code.startswith(("NGO", "MNC")) or code[3:6] in ("MED", "BUS"):
            for t in texts:
                low = t.lower()
                if low not in taken and low not in kb.non_actors and len(t) >= 4:
                    kb.non_actors[low] = {"name": t, "kind": "company" if "MNC" in code else "other",
                                          "source": src}
            continue
        if not code.startswith("IGO") or any(c.start or c.end for c in entry.codes):
            continue  # people and dated entries
        existing = next((a for t in texts for a in taken.get(t.lower(), ())), None)
        if existing is not None:
            if kb.actors[existing]["type"] != "Organization":
                continue
            aid = existing
        else:
            aid = _slug(texts[0])
            if not aid or aid in kb.actors or len(texts[0].split()) < 2:
                continue
            kb.add_actor(src, entry.line, {"id": aid, "type": "Organization", "label": texts[0],
                                           "iso3": "", "wikidata": "", "country": "",
                                           "source": src})
        for t in texts:
            name(aid, t, "alias", auto(t), src)

    # ---- agents
    src = SRC.format("agents")
    for text, plural, code in parse_agents(folder / AGENTS):
        if not code.startswith("~") or len(code) < 4:
            continue
        sector = code[1:4]
        if sector not in STATE_SECTORS and sector not in SECTOR_NAMES:
            continue
        forms = [text.lower()]
        if plural is None and text:
            words = text.lower().split()
            forms.append(" ".join(words[:-1] + [_plural(words[-1])]))
        elif plural:
            forms.append(plural.lower())
        for f in forms:
            if f and re.fullmatch(r"[a-z0-9' .-]+", f) and f not in kb.agents:
                kb.agents[f] = {"phrase": f, "sector": sector, "source": src}


def _person(kb, entry: Entry, texts, state_of, persons_by_name, taken, name, src) -> None:
    """A person of the country file: country, dated government roles, names."""
    texts = [t for t in texts if not _TITLE_WORDS.match(t) and not _NOT_A_NAME.search(t)]
    full = [t for t in texts if len(t.split()) >= 2]
    if not full:
        return
    label = title_case(full[0], person=True)
    surname = full[0].split()[-1]
    texts = [t for t in texts if surname in t.split()]
    countries = [state_of(c.code) for c in entry.codes if state_of(c.code)]
    if not countries:
        return
    country = max(set(countries), key=lambda c: (countries.count(c), c == countries[-1]))
    pid = persons_by_name.get(label.lower())
    if pid is None:
        for t in texts:
            owners = [a for a in taken.get(t.lower(), ()) if kb.actors[a]["type"] == "Person"]
            if owners:
                pid = owners[0]
                break
    if pid is not None:  # a curated person: only the country is added
        a = kb.actors[pid]
        if not a.get("country"):
            a["country"] = country
        return
    pid = _slug(label)
    if not pid:
        return
    if pid in kb.actors:
        if kb.actors[pid].get("country") == country and kb.actors[pid]["type"] == "Person":
            return  # the same person listed twice
        pid = f"{pid}-{country.lower()}"
        if pid in kb.actors:
            return
    kb.add_actor(src, entry.line, {"id": pid, "type": "Person", "label": label, "iso3": "",
                                   "wikidata": "", "country": country, "source": src})
    persons_by_name[label.lower()] = pid
    for t in texts:
        words = t.split()
        if len(words) == 1:
            name(pid, title_case(t, person=True), "surname", "exact", src)
        else:
            name(pid, title_case(t, person=True), "label" if t == full[0] else "alias", "any", src)
    family = title_case(surname, person=True)
    if len(family) >= 3 and (pid, family) not in kb.names:
        kb.add_name(pid, family, "family", "exact", src)
    for c in entry.codes:
        sid = state_of(c.code)
        if sid and c.code[3:6] == "GOV" and (c.start or c.end) and (not c.end or c.start <= c.end):
            kb.offices.append({"person_id": pid, "role": "official", "title": "government",
                               "of_id": sid, "start": c.start, "end": c.end, "source": src,
                               "_where": entry.file, "_line": str(entry.line)})


def merge_duplicate_persons(kb) -> int:
    """One actor per person: two persons of one country whose names are spellings of one name
    (:func:`kg.kb.same_person_names`: "Kasymzhomart Tokayev" and "Kassym-Jomart Tokayev") are
    merged. A curated person's id wins (else the one with more terms, then the smaller id); the
    other's names become aliases of the one kept and its terms are the kept one's. Returns the
    number of persons merged away."""
    import sys
    from collections import defaultdict

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kg.kb import _letters, same_person_names

    terms: dict[str, int] = defaultdict(int)
    for o in kb.offices:
        terms[o["person_id"]] += 1

    def rank(aid: str):
        return (kb.actors[aid]["source"].startswith("petrarch2"), -terms[aid], aid)

    by_surname: dict[tuple[str, str], list[str]] = defaultdict(list)
    for aid, a in kb.actors.items():
        if a["type"] == "Person" and a.get("country") and len(a["label"].split()) >= 2:
            by_surname[(a["country"], _letters(a["label"].split()[-1]))].append(aid)
    into: dict[str, str] = {}
    for ids in by_surname.values():
        ids.sort(key=rank)
        for i, aid in enumerate(ids):
            if aid in into:
                continue
            for other in ids[i + 1:]:
                if other not in into and same_person_names(kb.actors[aid]["label"],
                                                           kb.actors[other]["label"]):
                    into[other] = aid
    names = {}
    for (aid, text), row in sorted(kb.names.items()):
        keep = into.get(aid)
        if keep is None:
            continue
        del kb.names[(aid, text)]
        if (keep, text) not in kb.names:
            kind = "alias" if row["kind"] == "label" else row["kind"]
            names[(keep, text)] = dict(row, actor_id=keep, kind=kind)
    kb.names.update(names)
    seen = set()
    offices = []
    for o in kb.offices:
        o = dict(o, person_id=into.get(o["person_id"], o["person_id"]))
        key = (o["person_id"], o["role"], o["title"], o["of_id"], o["start"], o["end"])
        if key not in seen:
            seen.add(key)
            offices.append(o)
    kb.offices = offices
    for aid in into:
        del kb.actors[aid]
    return len(into)


def ensure_labels(kb) -> None:
    """Every actor is matched by its label (added last, so the label kind wins)."""
    labelled = {aid for (aid, _), row in kb.names.items() if row["kind"] == "label"}
    listed = {aid for (aid, name), row in kb.names.items()
              if name.lower() in kb.non_actors and row["kind"] not in ("place", "family")}
    for aid, a in list(kb.actors.items()):
        if (a["label"].lower() in kb.non_actors or aid in listed) and a["source"].startswith(
                "petrarch2") and a["type"] in ("Organization", "ArmedGroup", "Person"):
            del kb.actors[aid]  # an NGO or a company the international file also lists
            kb.offices = [o for o in kb.offices if o["person_id"] != aid]
            for key in [k for k in kb.names if k[0] == aid]:
                del kb.names[key]
            continue
        if aid not in labelled:
            case = "any" if " " in a["label"] else "exact"
            kb.add_name(aid, a["label"], "label", case, a["source"])
