"""Issue 12, second part: the world's leaders as data, cartels, named state bodies, breakaway
territories, misspelt state names, and the kg.actors package.

Every sentence here is written for these tests (none comes from a gold file or the seeds).
"""

from __future__ import annotations

import pytest

from kg.actors import doc_mentions
from kg.actors.spelling import Misspellings, one_edit
from kg.kb import load_kb

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(read_text):
    """The mentions of ``text`` (dated ``date``) by their text."""

    def process(text: str, date: str = ""):
        doc = read_text(text, date)
        return {m.text: m for m in doc_mentions(doc, "t")}

    return process


# ------------------------------------------------------------------- leaders of the world
def test_actors_leaders_kb_has_dated_terms_with_country():
    kb = load_kb()
    nauseda = kb.actor("gitanas-nauseda")
    assert (nauseda.type, nauseda.country) == ("Person", "LTU")
    assert [o.of_id for o in kb.offices_of("gitanas-nauseda", "2022-06-01")] == ["LTU"]
    assert not kb.offices_of("gitanas-nauseda", "2018-06-01")  # before his term
    assert kb.actor("ukhnaagiin-khurelsukh").country == "MNG"
    assert kb.actor("ibrahim-mohamed-solih").country == "MDV"
    assert kb.actor("bola-tinubu").country == "NGA"


def test_actors_leaders_name_without_diacritics_resolves(run):
    ms = run("Juri Ratas and Gitanas Nauseda met in Vilnius to discuss grid links.", "2019-09-01")
    assert ms["Juri Ratas"].actor.id == "juri-ratas"
    assert ms["Gitanas Nauseda"].actor.country == "LTU"


def test_actors_leaders_title_and_surname_on_the_date(run):
    ms = run("President Tinubu flew to Abuja after the summit.", "2024-02-10")
    assert ms["Tinubu"].actor.id == "bola-tinubu"


# ------------------------------------------------------------------- cartels and state bodies
def test_actors_leaders_cartel_is_an_armed_group_of_its_country(run):
    ms = run("The Sinaloa Cartel and Los Zetas fought over smuggling routes.")
    assert (ms["Sinaloa Cartel"].actor.type, ms["Sinaloa Cartel"].actor.country) == (
        "ArmedGroup", "MEX")
    assert ms["Los Zetas"].actor.country == "MEX"
    assert not any(m.actor.type == "State" for m in ms.values())


@pytest.mark.parametrize("text, name, state, sector", [
    ("The Bundestag approved the budget late on Thursday.", "Bundestag", "DEU", "LEG"),
    ("The FSB detained a reporter in Yekaterinburg.", "FSB", "RUS", "SPY"),
    ("Agents of the DEA seized a shipment at the port.", "DEA", "USA", "COP"),
    ("The Riigikogu debated the defence bill.", "Riigikogu", "EST", "LEG"),
])
def test_actors_leaders_named_state_body_is_the_state_with_a_sector(run, text, name, state, sector):
    m = run(text)[name]
    assert (m.actor.id, m.sector) == (state, sector)


# ------------------------------------------------------------------- regions and territories
def test_actors_leaders_breakaway_territory_is_a_group_not_the_state(run):
    ms = run("Transnistria accused Moldova of blocking its exports.")
    t = ms["Transnistria"].actor
    assert (t.type, t.country) == ("Group", "MDA")
    assert ms["Moldova"].actor.id == "MDA"


def test_actors_leaders_region_alone_is_no_state(run):
    ms = run("Crimea and Xinjiang were discussed at the conference.")
    assert not any(m.actor.type == "State" for m in ms.values())


# ------------------------------------------------------------------- misspellings
def test_actors_leaders_one_edit():
    assert one_edit("azerbiajani", "azerbaijani") and one_edit("venezualan", "venezuelan")
    assert not one_edit("ukraine", "ukraine") and not one_edit("russia", "prussian")


def test_actors_leaders_misspelling_rule_guards():
    sp = Misspellings(load_kb())
    assert sp.state_of("Venezualan", "NORP") == "VEN"
    assert sp.state_of("Venezualan", "PERSON") is None  # read as a person: only before a noun
    assert sp.state_of("Venezualan", "PERSON", before_noun=True) == "VEN"
    assert sp.state_of("Venezuala", "PERSON", before_noun=True) is None  # not a demonym
    assert sp.state_of("Irann", "GPE") is None  # shorter than six letters
    assert sp.state_of("Serbian", "NORP") is None  # a known name, not a misspelling


def test_actors_leaders_misspelt_demonym_resolves_with_lower_confidence(run):
    ms = run("Venezualan officials said the convoy had crossed the border, and the "
             "Azerbiajani envoy agreed.")
    found = {m.text: (m.actor.id, m.via) for m in ms.values()}
    assert found["Venezualan"] == ("VEN", "spelling")
    assert found["Azerbiajani"] == ("AZE", "spelling")


def test_actors_leaders_english_word_is_no_misspelling(nlp_full):
    sp = Misspellings(load_kb(), nlp_full)
    assert sp.is_english("banish") and sp.state_of("Banish", "NORP") is None  # one edit from Danish


# ------------------------------------------------------------------- the package
def test_actors_leaders_package_keeps_its_imports():
    import kg.actors as actors
    from kg.actors import SPAN_KEY, ActorRuler, given_names_agree, span_actor, unknown_actor_id

    assert SPAN_KEY == "kg_actors" and callable(span_actor) and ActorRuler.__module__ == "kg.actors.ruler"
    assert unknown_actor_id("Jane Doe") == "x-jane-doe" and given_names_agree("J.", "Joe Biden")
    assert set(actors.__all__) >= {"SPAN_KEY", "ActorRuler", "doc_mentions", "span_actor"}


def test_actors_leaders_unknown_id_has_one_type_in_every_file(tmp_path):
    import json

    from kg.actors.mentions import one_type_per_id
    from kg.types import Actor

    lines = [{"doc": "a", "actor": "x-halvorsen", "label": "Halvorsen", "type": "Person"},
             {"doc": "b", "actor": "x-halvorsen", "label": "Halvorsen", "type": "Organization"},
             {"doc": "b", "source": {"id": "x-halvorsen", "label": "Halvorsen", "type": "Organization"},
              "target": {"id": "NOR", "label": "Norway", "type": "State"}}]
    path = tmp_path / "mentions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    assert one_type_per_id(path, {"x-halvorsen": Actor("x-halvorsen", "Halvorsen", "Person")}) == 2
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert {r.get("type") or r["source"]["type"] for r in rows} == {"Person"}
    assert rows[2]["target"]["type"] == "State"


def test_actors_leaders_titled_unknown_surname_is_a_person_of_the_state(run):
    ms = run("President Okonkwo of Ghana addressed the assembly on Monday.", "2021-05-04")
    person = next(m for m in ms.values() if "Okonkwo" in m.text).actor
    assert (person.type, person.country) == ("Person", "GHA")


def test_actors_leaders_ruling_junta_after_a_possessive_is_the_state(run):
    ms = run("Burkina Faso’s ruling junta postponed the vote until next year.")
    m = ms["Burkina Faso"]
    assert (m.actor.id, m.sector) == ("BFA", "MIL")
