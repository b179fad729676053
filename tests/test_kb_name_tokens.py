"""The names' token words stored with the knowledge base (``ontology/name_tokens.json``, issue 17).

The actor ruler builds its phrase matchers from the stored words instead of tokenizing every
name; they must be exactly the tokenizer's, and a stale or broken file must only cost time.
"""

from __future__ import annotations

import logging
import shutil

import pytest

from kg.actors import ActorRuler
from kg.actors.patterns import (name_words, names_digest, pattern_texts, tokenizer_fingerprint,
                                write_name_tokens)
from kg.kb import TOKENS_FILE, load_kb, load_kb_from
from kg.resources import ontology_dir

HEADERS = {
    "actors.csv": "id,type,label,iso3,wikidata,country,source\n"
                  "AQ,ArmedGroup,Al-Qaeda,,Q34490,,test\n"
                  "CIV,State,Ivory Coast,CIV,Q1008,,test\n"
                  "USA,State,United States,USA,Q30,,test\n",
    "names.csv": "actor_id,name,kind,case,sector,since,until,source\n"
                 "AQ,Al-Qaeda,label,exact,,,,test\n"
                 "CIV,Côte d'Ivoire,alias,exact,,,,test\n"
                 "USA,U.S.,abbreviation,exact,,,,test\n"
                 "USA,united states,label,any,,,,test\n",
    "memberships.csv": "member_id,organization_id,since,until,source\n",
    "offices.csv": "person_id,role,title,of_id,start,end,source\n",
    "non_actors.csv": "name,kind,source\nAbidjan-Plateau Mall,company,test\n",
    "agents.csv": "phrase,sector,source\nanti-riot police,COP,test\nofficials,GOV,test\n",
}
#: A sentence of our own with a hyphenated name, an apostrophe, an abbreviation and an agent.
SENTENCE = ("Al-Qaeda fighters crossed from Côte d'Ivoire near the Abidjan-Plateau Mall, "
            "U.S. officials and UNITED STATES anti-riot police said.")


@pytest.fixture
def small_kb(tmp_path):
    """A knowledge base of a few names the tokenizer splits, with its name_tokens.json."""
    for name, text in HEADERS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    shutil.copy(ontology_dir() / "actor_rules.toml", tmp_path / "actor_rules.toml")
    return tmp_path


def _candidates(ruler, nlp, text):
    doc = nlp.make_doc(text)
    doc._.kg_date = ""
    return {(doc[s:e].text, tuple(c)) for (s, e), cands in ruler._kb_candidates(doc).items()
            for c in cands}


def test_kb_name_tokens_shipped_file_is_for_the_shipped_kb_and_tokenizer(nlp_actors):
    kb = load_kb()
    texts = pattern_texts(kb)
    assert kb.name_tokens["count"] == len(texts)
    assert kb.name_tokens["names"] == names_digest(texts)
    assert kb.name_tokens["tokenizer"] == tokenizer_fingerprint(nlp_actors)


def test_kb_name_tokens_shipped_words_are_the_tokenizers(nlp_actors):
    kb = load_kb()
    texts = pattern_texts(kb)
    words = name_words(nlp_actors, kb, texts)
    split = kb.name_tokens["words"]
    # every text stored as split, and every 10th of the others (all would take seconds)
    sample = sorted(split) + texts[::10]
    assert len(split) > 1000 and "Nagorno-Karabakh" in split
    for text, doc in zip(sample, nlp_actors.tokenizer.pipe(sample)):
        assert words[text] == tuple(t.text for t in doc), text


def test_kb_name_tokens_ruler_matches_like_the_tokenizer(small_kb, nlp_actors, caplog):
    tokenized = ActorRuler(nlp_actors, load_kb_from(small_kb))  # no name_tokens.json yet
    assert write_name_tokens(small_kb, nlp=nlp_actors) == 9  # 4 names, 2 in capitals, 3 more
    kb = load_kb_from(small_kb)
    assert kb.name_tokens["words"]["Al-Qaeda"] == ["Al", "-", "Qaeda"]
    with caplog.at_level(logging.INFO, logger="kg.actors"):
        stored = ActorRuler(nlp_actors, kb)
    assert "tokenizing" not in caplog.text
    found = _candidates(stored, nlp_actors, SENTENCE)
    assert found == _candidates(tokenized, nlp_actors, SENTENCE)
    assert {t for t, _ in found} == {"Al-Qaeda", "Côte d'Ivoire", "Abidjan-Plateau Mall", "U.S.",
                                    "UNITED STATES"}
    assert stored.agents == tokenized.agents and ("anti", "-", "riot", "police") in stored.agents


def test_kb_name_tokens_edited_names_fall_back_to_the_tokenizer(small_kb, nlp_actors, caplog):
    write_name_tokens(small_kb, nlp=nlp_actors)
    with (small_kb / "names.csv").open("a", encoding="utf-8") as f:
        f.write("AQ,Tanzim Qa'idat al-Jihad,alias,exact,,,,test\n")  # after the tokens were stored
    with caplog.at_level(logging.INFO, logger="kg.actors"):
        ruler = ActorRuler(nlp_actors, load_kb_from(small_kb))
    assert "was made for other names: tokenizing 11 names" in caplog.text
    found = _candidates(ruler, nlp_actors, "Tanzim Qa'idat al-Jihad claimed the attack.")
    assert found == {("Tanzim Qa'idat al-Jihad", ("AQ", "alias", ""))}


def test_kb_name_tokens_broken_file_is_a_warning_and_the_names_are_tokenized(small_kb, caplog):
    (small_kb / TOKENS_FILE).write_text('{"words": {"Al-Qaeda": "Al"}}', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kg.kb"):
        kb = load_kb_from(small_kb)
    assert kb.name_tokens == {} and "not a name_tokens file" in caplog.text
    (small_kb / TOKENS_FILE).write_text("{not json", encoding="utf-8")
    assert load_kb_from(small_kb).name_tokens == {}
