"""A plural anaphor for several actors (kg.coref.plural), on the real model, with sentences of
our own: "they" and "the ministers" after a coordination of actors or a joint action."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(read_text):
    from kg.relations import doc_assertions

    def go(text: str):
        doc = read_text(text)
        return doc, {(a.source.actor.label, a.relation, a.target.actor.label)
                     for a in doc_assertions(doc, "t") if not a.negated}

    return go


def test_coref_plural_they_after_a_coordinated_subject_is_every_actor(run):
    _, found = run("Peru's foreign minister and his Chilean and Bolivian counterparts gathered in "
                   "Lima on Monday. The Argentine envoy attended as an observer. They called on "
                   "Ecuador to withdraw its troops from the border.")
    assert {("Peru", "condemns", "Ecuador"), ("Chile", "condemns", "Ecuador"),
            ("Bolivia", "condemns", "Ecuador")} <= found
    assert ("Argentina", "condemns", "Ecuador") not in found  # one person is not "they"


def test_coref_plural_carries_on_from_one_they_to_the_next(run):
    doc, found = run("Kenya and Ghana met in Accra on Friday. They agreed that the treaty was "
                     "void. They criticised Nigeria.")
    assert {("Kenya", "condemns", "Nigeria"), ("Ghana", "condemns", "Nigeria")} <= found
    assert len(doc._.kg_plural) == 2


def test_coref_plural_description_the_ministers(run):
    _, found = run("Kenya and Ghana signed a trade pact in Accra. The ministers condemned "
                   "Nigeria's new tariffs.")
    assert {("Kenya", "condemns", "Nigeria"), ("Ghana", "condemns", "Nigeria")} <= found


def test_coref_plural_they_after_a_joint_action_is_both_sides(run):
    _, found = run("Kenya met Ghana in Accra. They criticised Nigeria.")
    assert {("Kenya", "condemns", "Nigeria"), ("Ghana", "condemns", "Nigeria")} <= found


def test_coref_plural_sides_are_the_antecedent_mentions_left_as_they_were(run):
    from kg.actors import doc_mentions
    from kg.relations import doc_assertions

    doc, _ = run("Kenya and Ghana met in Accra. They criticised Nigeria.")
    they = next(t for t in doc if t.text == "They")
    assert they.i in doc._.kg_plural
    sources = [a.source for a in doc_assertions(doc, "t") if a.relation == "condemns"]
    assert {m.text for m in sources} == {"Kenya", "Ghana"}
    assert all(m.end <= they.idx for m in sources)  # the mentions named before
    vias = {m.text: m.via for m in doc_mentions(doc, "t")}
    assert vias["Kenya"] == vias["Ghana"] == "label"  # not rewritten
    assert "They" not in vias


def test_coref_plural_an_organisation_between_takes_they(run):
    doc, found = run("Kenya and Ghana met in Accra. The Nigerian ministry issued a statement. "
                     "They criticised Togo.")
    assert not any(t == "Togo" for _, _, t in found)
    assert not doc._.kg_plural


def test_coref_plural_a_plural_noun_between_takes_they(run):
    _, found = run("Kenya and Ghana met in Accra. The talks lasted two days. They criticised Togo.")
    assert not any(t == "Togo" for _, _, t in found)


def test_coref_plural_the_window_is_bounded(run):
    _, found = run("Kenya and Ghana met in Accra. Prices rose. Markets fell. Schools closed. "
                   "They criticised Togo.")
    assert not any(t == "Togo" for _, _, t in found)


def test_coref_plural_a_description_naming_its_own_actor_is_no_anaphor(run):
    _, found = run("Kenya and Ghana met in Accra. The Ugandan ministers criticised Togo.")
    assert ("Kenya", "condemns", "Togo") not in found
