"""The shipped actor knowledge base (``ontology/``): coverage, names, offices, broken files.

No spaCy here: these tests read the tables through :func:`kg.kb.load_kb` only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.errors import KnowledgeBaseError
from kg.kb import load_kb, load_kb_from
from kg.resources import ontology_dir

#: The 193 member states of the United Nations (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL
BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI
DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC
GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR
KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI
MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL
PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR
SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB
VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
""".split()
#: States outside the UN (or observers) that news names as states: label -> ISO3 used by kg.
OTHER_STATES = {"Palestine": "PSE", "Vatican City": "VAT", "Taiwan": "TWN", "Kosovo": "XKX"}
QID = re.compile(r"^Q[1-9]\d*$")

ORGANIZATIONS = {
    "nato": "NATO", "eu": "European Union", "un": "United Nations", "brics": "BRICS",
    "g7": "G7", "g20": "G20", "sco": "Shanghai Cooperation Organisation", "csto": "CSTO",
    "asean": "ASEAN", "african-union": "African Union", "arab-league": "Arab League",
    "opec": "OPEC", "iaea": "IAEA", "aukus": "AUKUS", "quad": "Quad",
}
ARMED_GROUPS = ["Hezbollah", "Hamas", "Houthis", "Wagner Group", "Taliban", "Islamic State",
                "PKK", "YPG", "Syrian Democratic Forces"]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _by_label(kb, label):
    found = [a for a in kb.actors.values() if a.label == label]
    assert len(found) == 1, f"{label!r}: {found}"
    return found[0]


def _names(kb, text):
    """{(actor id, kind)} of the names spelled exactly ``text``."""
    return {(n.actor_id, n.kind) for n in kb.names if n.text == text}


def _head_of_state(kb, person_id, of_id, date):
    return any(o.role == "head_of_state" and o.of_id == of_id
               for o in kb.offices_of(person_id, date))


# ---------------------------------------------------------------------------------- states
def test_kb_un_member_list_has_193_states():
    assert len(set(UN_MEMBERS)) == len(UN_MEMBERS) == 193


@pytest.mark.parametrize("iso3", UN_MEMBERS)
def test_kb_every_un_member_is_a_state_with_iso3_and_qid(kb, iso3):
    states = {a.iso3: a for a in kb.actors.values() if a.type == "State"}
    assert iso3 in states, f"{iso3} missing"
    actor = states[iso3]
    assert actor.label and QID.match(actor.wikidata), actor


@pytest.mark.parametrize(("label", "iso3"), sorted(OTHER_STATES.items()))
def test_kb_non_member_states_present(kb, label, iso3):
    actor = _by_label(kb, label)
    assert (actor.type, actor.iso3) == ("State", iso3)
    assert QID.match(actor.wikidata), actor


def test_kb_every_state_has_iso3_qid_and_a_unique_label(kb):
    states = [a for a in kb.actors.values() if a.type == "State"]
    assert len(states) >= 197
    assert all(re.fullmatch(r"[A-Z]{3}", a.iso3) and QID.match(a.wikidata) for a in states), [
        a for a in states if not (re.fullmatch(r"[A-Z]{3}", a.iso3) and QID.match(a.wikidata))]
    labels = [a.label for a in states]
    assert len(labels) == len(set(labels))
    assert len({a.wikidata for a in states}) == len(states)


@pytest.mark.parametrize(("iso3", "label"), [
    ("USA", "United States"), ("GBR", "United Kingdom"), ("RUS", "Russia"), ("PRK", "North Korea"),
    ("KOR", "South Korea"), ("CHN", "China"), ("IRN", "Iran"), ("SYR", "Syria"),
])
def test_kb_canonical_labels_are_short_common_names(kb, iso3, label):
    assert kb.actor(iso3).label == label


# --------------------------------------------------------------------------- organisations
@pytest.mark.parametrize(("actor_id", "label"), sorted(ORGANIZATIONS.items()))
def test_kb_required_organisations_present(kb, actor_id, label):
    actor = kb.actor(actor_id)
    assert (actor.label, actor.type) == (label, "Organization")


@pytest.mark.parametrize(("member", "org"), [
    ("USA", "nato"), ("GBR", "nato"), ("TUR", "nato"), ("FIN", "nato"), ("SWE", "nato"),
    ("RUS", "brics"), ("CHN", "brics"), ("IRN", "brics"), ("ZAF", "brics"),
    ("RUS", "csto"), ("BLR", "csto"), ("CHN", "sco"), ("IRN", "sco"), ("IND", "sco"),
    ("DEU", "eu"), ("FRA", "eu"), ("USA", "g7"), ("JPN", "g7"), ("RUS", "g20"),
    ("USA", "un"), ("PRK", "un"), ("IDN", "asean"), ("NGA", "african-union"),
    ("SAU", "arab-league"), ("SAU", "opec"), ("USA", "iaea"), ("AUS", "aukus"),
    ("IND", "quad"),
])
def test_kb_memberships(kb, member, org):
    assert org in kb.memberships[member]


@pytest.mark.parametrize(("member", "org"), [
    ("RUS", "nato"), ("UKR", "nato"), ("GBR", "eu"), ("USA", "brics"), ("CHN", "nato"),
])
def test_kb_non_memberships(kb, member, org):
    assert org not in kb.memberships.get(member, set())


def test_kb_every_un_member_is_in_the_un(kb):
    un = {s for s, orgs in kb.memberships.items() if "un" in orgs}
    assert set(UN_MEMBERS) <= un
    assert not {"TWN", "XKX", "VAT", "PSE"} & un


# ---------------------------------------------------------------------------- armed groups
@pytest.mark.parametrize("label", ARMED_GROUPS)
def test_kb_armed_groups_present(kb, label):
    assert _by_label(kb, label).type == "ArmedGroup"


@pytest.mark.parametrize(("text", "actor_id"), [
    ("ISIS", "islamic-state"), ("SDF", "sdf"), ("Wagner", "wagner-group"),
    ("Ansar Allah", "houthis"),
])
def test_kb_armed_group_names(kb, text, actor_id):
    assert actor_id in {a for a, _ in _names(kb, text)}


# ------------------------------------------------------------------------------ names
@pytest.mark.parametrize(("text", "actor_id"), [
    ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("America", "USA"),
    ("United States of America", "USA"), ("DPRK", "PRK"), ("UK", "GBR"), ("Britain", "GBR"),
    ("Great Britain", "GBR"), ("Nato", "nato"),
])
def test_kb_aliases(kb, text, actor_id):
    assert {a for a, _ in _names(kb, text)} == {actor_id}


@pytest.mark.parametrize(("text", "actor_id"), [
    ("North Korean", "PRK"), ("Iranian", "IRN"), ("British", "GBR"), ("Russian", "RUS"),
    ("Ukrainian", "UKR"), ("South Korean", "KOR"), ("Chinese", "CHN"), ("Israeli", "ISR"),
])
def test_kb_demonyms(kb, text, actor_id):
    assert (actor_id, "demonym") in _names(kb, text)


@pytest.mark.parametrize(("text", "actor_id"), [
    ("Moscow", "RUS"), ("Kremlin", "RUS"), ("Pyongyang", "PRK"), ("Kyiv", "UKR"),
    ("Washington", "USA"), ("White House", "USA"), ("Beijing", "CHN"), ("Seoul", "KOR"),
    ("Tehran", "IRN"), ("Downing Street", "GBR"),
])
def test_kb_metonyms(kb, text, actor_id):
    assert (actor_id, "metonym") in _names(kb, text)


def test_kb_names_point_at_known_actors_with_valid_kinds(kb):
    from kg.kb import NAME_KINDS

    assert all(n.actor_id in kb.actors and n.kind in NAME_KINDS and n.case in ("exact", "any")
               and n.text == n.text.strip() and n.text for n in kb.names)
    labelled = {n.actor_id for n in kb.names if n.kind == "label"}
    assert set(kb.actors) <= labelled, sorted(set(kb.actors) - labelled)[:10]


@pytest.mark.parametrize("text", ["New Times", "Yahoo", "WPR", "Daily Review", "AI", "Kursk",
                                  "Sudetenland"])
def test_kb_names_no_actor_for_outlets_and_places(kb, text):
    # a place may be known as a place of its state (kind "place"): never a mention on its own
    assert not [n for n in _names(kb, text) if n[1] != "place"]


# ----------------------------------------------------------------------------- offices
@pytest.mark.parametrize(("person", "of_id", "date"), [
    ("joe-biden", "USA", "2023-05-01"),
    ("donald-trump", "USA", "2018-01-01"),
    ("donald-trump", "USA", "2025-06-01"),
    ("barack-obama", "USA", "2010-06-01"),
    ("vladimir-putin", "RUS", "2024-10-01"),
    ("vladimir-putin", "RUS", "2005-01-01"),
    ("volodymyr-zelensky", "UKR", "2024-10-01"),
])
def test_kb_offices_head_of_state_on_date(kb, person, of_id, date):
    assert _head_of_state(kb, person, of_id, date)
    assert kb.led_by(person, date) == of_id


@pytest.mark.parametrize(("person", "of_id", "date"), [
    ("joe-biden", "USA", "2018-01-01"),
    ("donald-trump", "USA", "2023-05-01"),
    ("vladimir-putin", "RUS", "2010-01-01"),  # prime minister then, not head of state
    ("volodymyr-zelensky", "UKR", "2018-01-01"),
])
def test_kb_offices_not_head_of_state_on_date(kb, person, of_id, date):
    assert not _head_of_state(kb, person, of_id, date)


@pytest.mark.parametrize(("date", "holder"), [
    ("2010-06-01", "barack-obama"), ("2018-01-01", "donald-trump"),
    ("2023-05-01", "joe-biden"), ("2025-06-01", "donald-trump"),
])
def test_kb_holders_of_the_us_presidency(kb, date, holder):
    assert kb.holders("President", "USA", date) == [holder]
    assert kb.holders("president", "USA", date) == [holder]  # the title is case-insensitive


def test_kb_holders_of_other_offices(kb):
    assert kb.holders("President", "RUS", "2024-10-01") == ["vladimir-putin"]
    assert kb.holders("President", "UKR", "2024-10-01") == ["volodymyr-zelensky"]
    assert kb.holders("President", "USA", "1700-01-01") == []


def test_kb_people_named_in_the_seeds(kb):
    for person in ("jake-sullivan", "kim-jong-un", "joe-biden", "vladimir-putin",
                   "volodymyr-zelensky"):
        assert kb.actor(person).type == "Person"
    assert kb.led_by("kim-jong-un", "2024-10-01") == "PRK"


def test_kb_offices_have_ordered_dates(kb):
    bad = [o for terms in kb.offices.values() for o in terms
           if o.start and o.end and o.end < o.start]
    assert not bad


def test_kb_load_kb_is_cached(kb):
    assert load_kb() is kb


# ------------------------------------------------------------------------- broken files
@pytest.fixture
def kb_copy(tmp_path):
    """A copy of the shipped knowledge-base files, to corrupt one at a time."""
    for path in ontology_dir().iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _insert_line(path: Path, number: int, line: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    lines.insert(number - 1, line)
    path.write_bytes(b"\n".join(lines))


def test_kb_copy_loads_like_the_shipped_one(kb_copy, kb):
    copy = load_kb_from(kb_copy)
    assert copy.actors == kb.actors and len(copy.names) == len(kb.names)


@pytest.mark.parametrize(("name", "line", "message"), [
    ("actors.csv", b"ZZZ,Nation,Zedland,ZZZ,Q1,test", "unknown actor type 'Nation'"),
    ("names.csv", b"NOPE,Nowhere,alias,any,test", "unknown actor id 'NOPE'"),
    ("names.csv", b"AFG,Afgh,nickname,any,test", "nickname"),
    ("memberships.csv", b"USA,no-such-org,,,test", "unknown actor id 'no-such-org'"),
    ("offices.csv", b"joe-biden,head_of_state,President,USA,last year,,test", "last year"),
])
def test_kb_broken_row_names_file_and_line(kb_copy, name, line, message):
    _insert_line(kb_copy / name, 7, line)
    with pytest.raises(KnowledgeBaseError) as info:
        load_kb_from(kb_copy)
    assert f"{kb_copy / name}:7:" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(("name", "line"), [
    ("actors.csv", b"ZZZ,State"),  # a truncated row: no label
    ("offices.csv", b"joe-biden,head_of_state,President,USA"),  # no dates
    ("names.csv", b"AFG,Afgh\xff,alias,any,test"),  # invalid UTF-8
    ("offices.csv", b"joe-biden,head_of_state,President,USA,2021-13-45,,test"),  # no such date
])
def test_kb_malformed_row_is_a_knowledge_base_error(kb_copy, name, line):
    _insert_line(kb_copy / name, 7, line)
    with pytest.raises(KnowledgeBaseError) as info:
        load_kb_from(kb_copy)
    assert f"{kb_copy / name}:7" in str(info.value)


def test_kb_missing_file_and_missing_column(kb_copy):
    (kb_copy / "offices.csv").unlink()
    with pytest.raises(KnowledgeBaseError, match="offices.csv"):
        load_kb_from(kb_copy)
    text = (kb_copy / "actors.csv").read_text(encoding="utf-8")
    (kb_copy / "actors.csv").write_text(text.replace("wikidata", "qid", 1), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"actors\.csv: missing columns \['wikidata'\]"):
        load_kb_from(kb_copy)


def test_kb_broken_rules_file(kb_copy):
    with (kb_copy / "actor_rules.toml").open("a", encoding="utf-8") as f:
        f.write("\n[[[broken\n")
    with pytest.raises(KnowledgeBaseError, match="actor_rules.toml"):
        load_kb_from(kb_copy)
