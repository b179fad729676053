"""Constructions within a sentence (issue 13, second pass over scripts/relation_errors.py):
each on a sentence of our own, on the real model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extract(read_text):
    from kg.relations import doc_assertions

    def run(text: str):
        doc = read_text(text)
        return {(a.source.actor.label, a.relation, a.target.actor.label, a.negated)
                for a in doc_assertions(doc, "t")}

    return run


def test_relations_constructions2_main_clause_denial_does_not_negate_a_relative_clause(extract):
    found = extract("Chile, whose troops attacked Peru last year, denied the reports.")
    assert ("Chile", "attacks", "Peru", False) in found
    # what is denied stays denied
    assert ("Chile", "attacks", "Peru", True) in extract("Chile denied that its troops attacked Peru.")
    assert ("Chile", "attacks", "Peru", True) in extract("Chile denied attacking Peru.")


def test_relations_constructions2_an_event_as_passive_agent_is_not_a_hostile_actor(extract):
    found = extract("The Chilean visit has been delayed by Peruvian peace talks.")
    assert not any(s == "Peru" for s, *_ in found)
    # an actor, or an act of the same polarity, as the agent still is one
    assert ("Peru", "attacks", "Chile", False) in extract("Chile was attacked by Peruvian troops.")
    assert ("Peru", "supports", "Chile", False) in extract("Chile was backed by Peruvian aid.")


def test_relations_constructions2_with_the_help_of_is_help_to_the_one_who_acts(extract):
    found = extract("Chile attacked Peru with the help of Bolivian forces.")
    assert ("Bolivia", "supports", "Chile", False) in found
    assert ("Chile", "supports", "Bolivia", False) not in found
    assert ("Chile", "attacks", "Peru", False) in found


def test_relations_constructions2_in_cooperation_with_inside_a_purpose_clause(extract):
    assert ("Chile", "cooperatesWith", "Bolivia", False) in extract(
        "Chile sent troops to Peru to fight the rebels in cooperation with Bolivian forces.")
    assert ("Chile", "cooperatesWith", "Bolivia", False) in extract(
        "Chilean troops are there to fight the rebels in cooperation with Bolivian forces.")


def test_relations_constructions2_a_statement_blaming_x_is_its_authors_act(extract):
    assert ("Chile", "condemns", "Peru", False) in extract(
        "The Chilean minister issued a statement blaming Peru for the attacks.")
    assert ("Chile", "condemns", "Peru", False) in extract(
        "In a letter condemning Peru, the Chilean government asked for a meeting.")
    assert ("Chile", "condemns", "Peru", False) in extract(
        "Chile posted a message on its website accusing Peru of the attacks.")
    # a participle on a noun that is no statement is not the subject's act
    assert not extract("Chile arrested the students blaming Peru for the attacks.") & {
        ("Chile", "condemns", "Peru", False)}


def test_relations_constructions2_allies_such_as_x_are_the_subjects_allies(extract):
    found = extract("Chile has been urging allies such as Peru to restrict the flights.")
    assert ({("Peru", "alliedWith", "Chile", False), ("Chile", "alliedWith", "Peru", False)}
            & found)
    found = extract("Chile thanked its partners, including Peru and Bolivia, for their help.")
    assert {("Peru", "cooperatesWith", "Chile", False),
            ("Bolivia", "cooperatesWith", "Chile", False)} <= found
    # a one-sided agent noun does not take the subject as its target
    assert not any(r == "condemns" for _, r, _, _ in extract("Chile has angered critics such as Peru."))


def test_relations_constructions2_a_finite_relative_clause_is_not_hedged_by_the_main_modal(read_text):
    from kg.relations import doc_assertions

    doc = read_text("Chile, whose troops attacked Peru last year, may deny the reports.")
    found = [a for a in doc_assertions(doc, "t") if a.relation == "attacks"]
    assert [(a.source.actor.label, a.target.actor.label, a.negated, a.hedged) for a in found] \
        == [("Chile", "Peru", False, False)]


def test_relations_constructions2_an_x_led_thing_is_the_leaders(extract):
    found = extract("Chile opposed the Peruvian-led Bolivia war.")
    assert ("Chile", "opposes", "Peru", False) in found
    assert ("Chile", "opposes", "Bolivia", False) not in found
    # the war itself is between its parties
    assert {("Peru", "inConflictWith", "Bolivia", False),
            ("Bolivia", "inConflictWith", "Peru", False)} & extract(
        "Peru and Bolivia signed a truce after the Peruvian-led Bolivia war.")
