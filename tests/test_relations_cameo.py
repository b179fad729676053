"""The CAMEO verb lexicon: generated from PETRARCH2's dictionary, mapped to kg's relations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.relations.cameo import load_cameo

ROOT = Path(__file__).resolve().parent.parent
CAMEO_TXT = ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt"


def test_relations_cameo_map_longest_prefix_and_none():
    cameo = load_cameo()
    assert cameo.relation("0332") == "supplies"  # military aid, as PETRARCH2 codes deliveries
    assert cameo.relation("031") is None  # intent to cooperate economically: no relation yet
    assert cameo.relation("072") == "supplies"  # provide military aid
    assert cameo.relation("173") == "coerces"
    assert cameo.relation("191") == "coerces"  # blockade, not fighting
    assert cameo.relation("195") == "attacks"
    assert cameo.relation("120") == "opposes" and cameo.relation("141") == "opposes"
    assert cameo.relation("010") is None  # a statement is no relation
    assert cameo.relation("057") == "signsAgreementWith"


def test_relations_cameo_lexicon_is_large_and_coded():
    cameo = load_cameo()
    assert len(cameo.default) > 1500
    assert cameo.default["accuse"] == "112" and cameo.default["arrest"] == "173"
    assert any(p.prep == "of" and "torture" in p.pobj and p.code == "1122"
               for p in cameo.patterns["accuse"])


def test_relations_cameo_pattern_beats_default_on_a_parse():
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Iran", "accused", "Iraq", "of", "torture"],
              heads=[1, 1, 1, 1, 3], deps=["nsubj", "ROOT", "dobj", "prep", "pobj"],
              lemmas=["Iran", "accuse", "Iraq", "of", "torture"])
    assert load_cameo().code(doc[1]) == ("1122", True)  # accuse of human rights abuses
    doc = Doc(nlp.vocab, words=["Iran", "accused", "Iraq"], heads=[1, 1, 1],
              deps=["nsubj", "ROOT", "dobj"], lemmas=["Iran", "accuse", "Iraq"])
    assert load_cameo().code(doc[1]) == ("112", False)


@pytest.mark.shared
@pytest.mark.skipif(not CAMEO_TXT.exists(), reason="needs ../shared/data/petrarch2")
def test_relations_cameo_build_script_reproduces_the_shipped_file(tmp_path):
    out = tmp_path / "cameo_verbs.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lexicon.py"), "--cameo",
                    str(CAMEO_TXT), "--out", str(out)], check=True, capture_output=True)
    assert json.loads(out.read_text()) == json.loads(
        (ROOT / "ontology" / "cameo_verbs.json").read_text())
