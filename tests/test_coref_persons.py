"""Coreference of person pronouns, the newer descriptions and ``kg build --no-coref``.

Each sentence is written for these tests (none comes from a gold file or a dev article). A
test says what a careful reader takes a pronoun or a description to stand for, or that the
text leaves it open and kg must make no link.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(read_text):
    """(date, text) -> ({coref span text: actor id}, {(source, relation, target)})."""
    from kg.relations import doc_assertions

    def process(text: str, date: str = "2022-06-01"):
        doc = read_text(text, date, gaps=())
        links = {s.text: s.kb_id_ for s in doc.spans["kg_actors"] if s._.kg_via == "coref"}
        found = {(a.source.actor.label, a.relation, a.target.actor.label)
                 for a in doc_assertions(doc, "t") if not a.negated}
        return links, found

    return process


# ------------------------------------------------------------------ he, she, his, him, her
def test_coref_he_is_the_one_person_of_the_window_and_acts_for_his_state(run):
    links, found = run("Olaf Scholz flew to Kyiv on Thursday. He promised to send tanks to "
                       "Ukraine.", "2023-01-15")
    assert links == {"He": "olaf-scholz"}
    assert ("Germany", "supplies", "Ukraine") in found


def test_coref_he_in_a_reported_clause_and_his_as_possessor(run):
    links, _ = run("Narendra Modi said his government would buy more oil.")
    assert links == {"his": "narendra-modi"}
    links, found = run("Boris Johnson said he would impose sanctions on Russia.", "2020-06-01")
    assert links == {"he": "boris-johnson"}
    assert ("United Kingdom", "sanctions", "Russia") in found


def test_coref_she_skips_a_man_named_by_his_title(run):
    links, found = run("Mr Sunak met Giorgia Meloni in Rome. She later criticised Russia.",
                       "2023-01-15")
    assert links == {"She": "giorgia-meloni"}
    assert ("Italy", "condemns", "Russia") in found


def test_coref_a_possessor_and_a_predicate_noun_do_not_block_the_person(run):
    links, found = run("Angela Merkel was elected in 2005. During her first term as chancellor "
                       "she sent troops to Afghanistan.", "2010-06-01")
    assert links == {"her": "angela-merkel", "she": "angela-merkel"}
    assert ("Germany", "supplies", "Afghanistan") in found
    # "as minister" says what she was; it names nobody else.
    links, _ = run("Angela Merkel served as minister for years. She later criticised Russia.",
                   "2010-06-01")
    assert links == {"She": "angela-merkel"}


def test_coref_refuses_he_with_two_persons_in_the_window(run):
    links, found = run("Joe Biden met Xi Jinping in Bali. He warned Russia against using "
                       "nuclear weapons.", "2022-11-15")
    assert links == {}
    assert not any(t == "Russia" for _, _, t in found)


def test_coref_he_after_the_one_person_its_sentence_names_as_subject(run):
    # Putin is named in the sentence before; in its own sentence "he" follows Macron, a subject.
    links, found = run("Mr Putin hosted a dinner that Mr Macron skipped. Mr Macron played down "
                       "the absence, as he had a vote in Paris, and he plans to meet Mr Putin "
                       "in July.", "2022-06-01")
    assert set(links.values()) == {"emmanuel-macron"}
    assert ("France", "negotiatesWith", "Russia") in found


def test_coref_refuses_he_with_two_persons_in_its_own_sentence(run):
    links, _ = run("Mr Putin met Mr Macron on Monday. Mr Macron told Mr Putin he would visit "
                   "Kenya.", "2022-06-01")
    assert links == {}
    links, _ = run("Mr Putin met Mr Macron on Monday. After talks with Mr Putin, Mr Macron "
                   "said he would visit Kenya.", "2022-06-01")
    assert links == {}
    links, _ = run("Mr Putin warned Kenya on Monday. Mr Macron answered his warning with "
                   "a trip to Nairobi.", "2022-06-01")
    assert links == {}  # "his" is not the subject's own


def test_coref_refuses_he_when_an_unknown_person_or_a_person_noun_competes(run):
    assert run("Tom Smith met Vladimir Putin in Moscow. He later accused Ukraine of "
               "shelling.")[0] == {}
    assert run("The envoy met Vladimir Putin on Friday. He then accused Ukraine of "
               "shelling.")[0] == {}


def test_coref_refuses_he_outside_a_quotation_that_names_the_person(run):
    assert run('"Vladimir Putin will not stop," he told reporters.')[0] == {}


def test_coref_refuses_he_after_an_earlier_he_nobody_named(run):
    links, _ = run("He said he was tired of waiting, thinking Viktor Orban might object. "
                   "He then condemned Russia.")
    assert links == {}


def test_coref_refuses_a_former_office_holder(run):
    links, found = run("Former President Donald Trump spoke in Ohio. He criticised China.",
                       "2023-06-01")
    assert links == {}
    assert not any(s == "United States" for s, _, _ in found)


def test_coref_the_leader_needs_a_leading_office(run):
    links, found = run("Kim Jong Un inspected a missile base. The leader threatened South "
                       "Korea.")
    assert links == {"The leader": "kim-jong-un"}
    assert ("North Korea", "threatens", "South Korea") in found


# ------------------------------------------------------------------------- descriptions
def test_coref_descriptions_of_several_words_and_of_armed_groups(run):
    links, _ = run("Iran fired missiles at Iraq. The Islamic Republic said it would attack "
                   "again.")
    assert links == {"The Islamic Republic": "IRN", "it": "IRN"}
    assert run("Colombia signed a deal with the FARC on Monday. The guerrillas promised to "
               "disarm.")[0] == {"The guerrillas": "farc"}
    links, found = run("Russia expelled two Polish diplomats. The ministry also accused "
                       "Poland of spying.")
    assert links == {"The ministry": "RUS"}
    assert ("Russia", "condemns", "Poland") in found


# ------------------------------------------------------------------- refusals for "it"/"they"
def test_coref_refuses_it_when_a_thing_is_nearly_as_salient(run):
    assert run("Japan built a new reactor near the coast. It will produce power next "
               "year.")[0] == {}
    # Things do not speak: "it said" stays the actor's.
    assert run("Japan built a new reactor near the coast. It said the plant was "
               "safe.")[0] == {"It": "JPN"}


def test_coref_refuses_its_with_another_actor_between(run):
    links, _ = run("The European Union sanctioned Iran on Monday because of its nuclear "
                   "programme.")
    assert links == {}


def test_coref_refuses_they_after_a_joint_action(run):
    assert run("Hamas met Egypt in Cairo. They agreed to a ceasefire with Israel.")[0] == {}
    assert run("Hamas fired rockets at Israel on Sunday. They also attacked Israeli troops "
               "near the border.")[0] == {"They": "hamas"}


def test_coref_rules_file_rejects_a_bad_gender(tmp_path):
    from kg.coref import load_coref_rules_from
    from kg.errors import KnowledgeBaseError

    bad = tmp_path / "coref.toml"
    bad.write_text('[pronouns]\nhe = { types = ["Person"], number = "singular", '
                   'gender = "m" }\n')
    with pytest.raises(KnowledgeBaseError, match="'he'.*gender"):
        load_coref_rules_from(bad)


# ----------------------------------------------------------------------- kg build --no-coref
def test_coref_build_no_coref_leaves_pronouns_out(rdf_cli_app, tmp_path):
    src = tmp_path / "story.txt"
    src.write_text("Hezbollah fired drones at Israel on Sunday. "
                   "On Monday the group said it would attack Israel again.\n", encoding="utf-8")
    runner = CliRunner()
    for flag, name in (("--coref", "on"), ("--no-coref", "off")):
        result = runner.invoke(rdf_cli_app, ["build", str(src), "--out", str(tmp_path / name),
                                             "--quiet", flag])
        assert result.exit_code == 0, result.output
    vias = {name: [json.loads(line)["via"] for line in
                   (tmp_path / name / "mentions.jsonl").open(encoding="utf-8")]
            for name in ("on", "off")}
    assert vias["on"].count("coref") == 2
    assert "coref" not in vias["off"] and len(vias["off"]) == len(vias["on"]) - 2
