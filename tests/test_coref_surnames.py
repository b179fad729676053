"""A person named in full, then by title and surname (kg/coref/surnames.py), on the real model
with sentences of our own."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(read_text):
    from kg.actors import SPAN_KEY

    def go(text: str, date: str = "2004-11-05"):
        doc = read_text(text, date)
        return [(s.text, s.kb_id_) for s in doc.spans[SPAN_KEY]]

    return go


def test_coref_surnames_title_and_surname_is_the_person_named_in_full(run):
    spans = run("Iraqi leader Iyad Allawi spoke in Brussels on Friday. French President "
                "Jacques Chirac said he would meet Mr Allawi. Mr Chirac criticised Mr Allawi.")
    assert [k for t, k in spans if t == "Mr Allawi"] == ["iyad-allawi", "iyad-allawi"]


def test_coref_surnames_not_named_before_stays_unknown(run):
    spans = run("Mr Allawi later met the press. Iyad Allawi spoke in Brussels on Friday.")
    assert ("Mr Allawi", "iyad-allawi") not in spans
