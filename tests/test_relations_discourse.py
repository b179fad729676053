"""Event anaphora across sentences (kg/relations/discourse.py), on the real model, with
sentences of our own."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(read_text):
    from kg.relations import doc_assertions

    def go(text: str):
        doc = read_text(text)
        return {(a.source.actor.label, a.relation, a.target.actor.label)
                for a in doc_assertions(doc, "t")}

    return go


def test_relations_discourse_event_noun_takes_the_agent_of_its_verb(run):
    found = run("The United States withdrew its troops from Syria on Sunday. "
                "Turkey opposed the withdrawal.")
    assert ("Turkey", "opposes", "United States") in found


def test_relations_discourse_event_noun_takes_the_agent_of_an_earlier_noun(run):
    found = run("The United States announced the withdrawal of its troops from Syria. "
                "Pakistan criticised the withdrawal.")
    assert ("Pakistan", "condemns", "United States") in found


def test_relations_discourse_symmetric_event_gives_every_party(run):
    found = run("Peru and Chile held talks in Lima on Tuesday. Bolivia criticised the talks.")
    assert {("Bolivia", "condemns", "Peru"), ("Bolivia", "condemns", "Chile")} <= found


def test_relations_discourse_an_event_without_parties_links_nothing(run):
    found = run("An accord was reached last year. Kenya criticised the accord.")
    assert not any(s == "Kenya" for s, _, _ in found)


def test_relations_discourse_an_indefinite_noun_is_a_new_event(run):
    found = run("Russia attacked Georgia in August. Ukraine condemned an attack on its border.")
    assert ("Ukraine", "condemns", "Russia") not in found


def test_relations_discourse_the_window_is_bounded(run):
    found = run("Russia attacked Georgia in August. Prices rose. Markets fell. Banks closed. "
                "Schools opened. Ukraine condemned the attack.")
    assert ("Ukraine", "condemns", "Russia") not in found


def test_relations_discourse_bad_data_file_is_a_clear_error(tmp_path):
    from kg.errors import KnowledgeBaseError
    from kg.relations.discourse import load_event_anaphora_from

    bad = tmp_path / "d.toml"
    bad.write_text('[events]\naccord = "sign"\n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="accord"):
        load_event_anaphora_from(bad)


def test_relations_discourse_joining_talks_named_before_joins_their_parties(run):
    found = run("Peru and Chile held talks in Lima on Tuesday. Bolivia took part in the talks.")
    assert {("Bolivia", "negotiatesWith", "Peru"), ("Bolivia", "negotiatesWith", "Chile")} <= found
    found = run("Peru and Chile met in Lima on Tuesday. Bolivia attended the meeting.")
    assert ("Bolivia", "negotiatesWith", "Chile") in found


def test_relations_discourse_joining_a_body_stays_membership(run):
    found = run("Bolivia joined the African Union in 2001.")
    assert ("Bolivia", "memberOf", "African Union") in found
    assert not any(r == "negotiatesWith" for _, r, _ in found)


def test_relations_discourse_claiming_responsibility_makes_the_agent(run):
    found = run("Hezbollah claimed responsibility for the attacks on Kuwait.")
    assert ("Hezbollah", "attacks", "Kuwait") in found


def test_relations_discourse_blame_for_an_attack_named_before(run):
    found = run("Militants attacked Chad on Monday. Officials blamed Boko Haram for the attack.")
    assert ("Boko Haram", "attacks", "Chad") in found
    found = run("Officials attributed the attack on Chad to Boko Haram.")
    assert ("Boko Haram", "attacks", "Chad") in found


def test_relations_discourse_blame_without_a_known_target_links_nothing(run):
    found = run("An attack killed ten people on Monday. Officials blamed Boko Haram for the attack.")
    assert not any(r == "attacks" for _, r, _ in found)


def test_relations_discourse_blamed_for_an_act_on_themselves_is_not_read(run):
    found = run("Syria attacked Turkey in May. Iran blamed Turkey and Russia for the attack.")
    assert ("Syria", "attacks", "Turkey") in found
    assert ("Russia", "attacks", "Turkey") not in found


def test_relations_discourse_seconding_a_call_backs_whoever_made_it(run):
    found = run("Egypt called for talks on the dam. On Tuesday its call was seconded by Kenya.")
    assert ("Kenya", "supports", "Egypt") in found
    found = run("Kenya endorsed Egypt's proposal on the dam.")
    assert ("Kenya", "supports", "Egypt") in found


def test_relations_discourse_the_talks_of_a_gathering_named_before(run):
    found = run("The Peruvian and Chilean ministers gathered in Lima to discuss the border. "
                "On Tuesday Bolivia joined the talks.")
    assert {("Bolivia", "negotiatesWith", "Peru"), ("Bolivia", "negotiatesWith", "Chile")} <= found


def test_relations_discourse_the_outcome_of_an_event_stands_for_its_parties(run):
    found = run("Peru and Chile met in Lima on Monday. Argentina criticised the conclusions of "
                "the meeting.")
    assert {("Argentina", "condemns", "Peru"), ("Argentina", "condemns", "Chile")} <= found
    found = run("Argentina criticised the conclusions of the report.")  # no event named before
    assert not any(r == "condemns" for _, r, _ in found)


def test_relations_discourse_leaving_is_the_withdrawal(run):
    found = run("Washington said on Monday that American forces are leaving Syria. Turkey "
                "welcomed the withdrawal.")
    assert ("Turkey", "supports", "United States") in found


def test_relations_discourse_the_conclusions_are_of_those_who_concluded(run):
    found = run("Kenya and Ghana met in Accra. They concluded that the tariffs were unfair. "
                "Nigeria rejected the conclusions.")
    assert {("Nigeria", "opposes", "Kenya"), ("Nigeria", "opposes", "Ghana")} <= found
