"""Constructions within a sentence (issue 13, third pass over scripts/relation_errors.py):
each on a sentence of our own, on the real model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extract(read_text):
    from kg.relations import doc_assertions

    def run(text: str, date: str = ""):
        doc = read_text(text, date)
        return {(a.source.actor.label, a.relation, a.target.actor.label, a.negated)
                for a in doc_assertions(doc, "t")}

    return run


def test_relations_constructions3_a_year_in_the_sentence_dates_the_office(extract):
    # Saddam Hussein left office in 2003: in an article of 2019 he acts for Iraq only in a
    # sentence dated to his term
    assert ("Iraq", "attacks", "Kuwait", False) in extract(
        "In 1990, Saddam Hussein invaded Kuwait.", "2019-05-01")
    assert ("France", "opposes", "United States", False) in extract(
        "Jacques Chirac opposed the American plans in 2003.", "2019-05-01")
    # undated by the sentence, or dated outside the term: the person acts as himself
    found = extract("Saddam Hussein invaded Kuwait.", "2019-05-01")
    assert ("Saddam Hussein", "attacks", "Kuwait", False) in found
    assert not any(s == "Iraq" for s, *_ in found)
    assert not any(s == "Iraq" for s, *_ in extract(
        "In 2010, Saddam Hussein's sons were said to have attacked Kuwait.", "2019-05-01"))


def test_relations_constructions3_help_against_a_third_party_is_hostile_to_it(extract):
    found = extract("Chile backed the government of Peru against the Bolivian army.")
    assert ("Chile", "supports", "Peru", False) in found
    assert ("Chile", "opposes", "Bolivia", False) in found
    assert ("Peru", "inConflictWith", "Bolivia", False) in found
    assert ("Chile", "opposes", "Bolivia", False) in extract(
        "Chile sent weapons to Peru against Bolivia.")
    # help with no "against" names no enemy; "against" on a hostile verb is its own target
    assert not any(r in ("opposes", "inConflictWith") for _, r, *_ in extract(
        "Chile backed Peru at the meeting with Bolivia."))


def test_relations_constructions3_under_pressure_from_is_the_others_act(extract):
    assert ("Peru", "threatens", "Chile", False) in extract(
        "Chile lowered its tariffs under heavy pressure from Peru.")
    assert ("Peru", "attacks", "Chile", False) in extract(
        "Chilean troops came under fire from Peruvian forces.")
    # "under" a noun that is no act ("under the leadership of") names no relation
    assert not any(r in ("threatens", "attacks") for _, r, *_ in extract(
        "Chile lowered its tariffs under an agreement with Peru."))


def test_relations_constructions3_a_backed_apposition_after_a_named_group(extract):
    # the apposition often hangs on the office before the name; it still renames the group
    assert ("Peru", "supports", "Shining Path", False) in extract(
        "Ali Hassan was a deputy commander of the Shining Path, a Peruvian-backed group.")
    assert ("Peru", "supports", "Shining Path", False) in extract(
        "The Shining Path, a Peruvian-backed group, attacked the town.")


def test_relations_constructions3_a_ships_name_is_not_the_person(extract):
    # Stuart Young is a known person (Trinidad and Tobago); after "destroyers" Young is a ship
    found = extract("The destroyers Kidd, Young and Hoel fired at Iran.", "1987-10-20")
    assert not any("Young" in s or "Trinidad" in s for s, *_ in found)
    assert not any("Young" in t or "Trinidad" in t for *_, t, _ in extract(
        "The tanker Young was attacked by Iran.", "1987-10-20"))
    # the person himself still acts
    assert ("Stuart Young", "condemns", "Iran", False) in extract(
        "Stuart Young criticised Iran.", "1987-10-20")


def test_relations_constructions3_an_office_that_just_ended_still_stands_behind_its_acts(extract):
    # John Bolton was National Security Adviser until 2019-09-10: two days later the news is
    # about his tenure; three months later, or when he is called "former", it is not
    assert ("United States", "condemns", "Russia", False) in extract(
        "John Bolton criticised Russia.", "2019-09-12")
    assert ("John Bolton", "condemns", "Russia", False) in extract(
        "John Bolton criticised Russia.", "2019-12-12")
    assert ("John Bolton", "condemns", "Russia", False) in extract(
        "Former adviser John Bolton criticised Russia.", "2019-09-12")


def test_relations_constructions3_an_offensive_east_of_a_place(extract):
    # the parser reads "offensive" as an adjective on "east": the event is still the offensive
    assert ("Chile", "attacks", "Peru", False) in extract(
        "Chile began an offensive east of the Peruvian town of Tumbes on Monday.")
    assert not any(r == "attacks" for _, r, *_ in extract(
        "Chile opened a consulate east of the Peruvian town of Tumbes on Monday."))


def test_relations_constructions3_a_number_of_a_states_people(extract):
    assert ("Chile", "attacks", "Peru", False) in extract(
        "Chilean troops killed dozens of Peruvian soldiers.")
    assert ("Chile", "attacks", "Peru", False) in extract(
        "Chile repulsed the assault, killing thousands of Peruvians.")


def test_relations_constructions3_troops_there_to_fight(extract):
    # the parser hangs "to fight" on the main verb; "there" on the troops says whose it is
    found = extract("The camp is home to Chilean troops there to fight the Shining Path"
                    " in cooperation with Peruvian forces.")
    assert ("Chile", "inConflictWith", "Shining Path", False) in found
    assert ("Chile", "cooperatesWith", "Peru", False) in found
    assert ("Chile", "attacks", "Shining Path", False) in extract(
        "Chilean troops are there to eliminate Shining Path guerrillas.")


def test_relations_constructions3_a_plan_to_act_is_its_owners_and_escorts_protect(extract):
    found = extract("The build-up is tied to Chilean plans to start escorting Peruvian tankers.")
    assert ("Chile", "supports", "Peru", False) in found
    assert ("Chile", "supplies", "Peru", False) in extract(
        "Chile's plan to send troops to Peru was announced.")
    # an infinitive on a noun that is no plan of its owner's is not its act
    assert not any(r == "supplies" for _, r, *_ in extract(
        "Chile's right to send troops to Peru was debated."))
