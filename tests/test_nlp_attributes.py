"""kg.nlp_attributes (issue 17): spaCy's attribute ruler and lemmatizer as tables, same results."""

import pytest

from kg.nlp_attributes import TableAttributeRuler, TableLemmatizer, install

# Sentences of our own: tag-map rules, word exceptions ("its", "been", "'s", "n't"), rules of
# several tokens ("gon na", "let 's", "y' all"), dependency rules ("It" as subject, "there is"),
# space tokens, irregular and regular inflections.
TEXTS = [
    "Its navy has been shelling the port, and it wasn't the first time.",
    "Let's see: we're gonna need the ministers, y'all, and they ain't coming.",
    "There were   two convoys.\n\nThe geese ran faster than the best-armed mice had run.",
    "Doin' nothin' about 'em, the rebels'll wait; I'd rather go.",
    "   ",
    "Who did it? Does Iran have them? Lebanon does, and Syria did.",
]


def _before(nlp, name, texts):
    """The docs as they reach component ``name`` (the components before it run)."""
    names = nlp.pipe_names
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        for n, proc in nlp.pipeline[: names.index(name)]:
            doc = proc(doc)
        docs.append(doc)
    return docs


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_pipeline_uses_the_tables(nlp_full):
    assert isinstance(nlp_full.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(nlp_full.get_pipe("lemmatizer"), TableLemmatizer)
    assert nlp_full.pipe_names.index("attribute_ruler") < nlp_full.pipe_names.index("lemmatizer")


@pytest.mark.parametrize("name, inner", [("attribute_ruler", "ruler"), ("lemmatizer", "lemmatizer")])
def test_table_gives_what_spacy_gives(nlp_full, name, inner):
    table = nlp_full.get_pipe(name)
    spacy_component = getattr(table, inner)
    docs = _before(nlp_full, name, TEXTS * 2)  # twice: the second time from the table's memory
    ours = [_attrs(table(d.copy())) for d in docs]
    theirs = [_attrs(spacy_component(d.copy())) for d in docs]
    assert ours == theirs
    assert any(a[4] == "be" for doc in ours for a in doc)  # the rules did run: "been", "were"


def test_several_token_rule_sets_its_token(nlp_full):
    table = nlp_full.get_pipe("attribute_ruler")
    (doc,) = _before(nlp_full, "attribute_ruler", ["We are gonna go."])
    doc = table(doc)
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"


def test_install_leaves_an_unknown_ruler_alone():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"SHAPE": "Xxxxx"}]], {"POS": "PROPN"})  # SHAPE: not an attribute of the table
    assert not TableAttributeRuler.supports(ruler)
    assert install(nlp) == []
    assert nlp.get_pipe("attribute_ruler") is ruler
    assert nlp("Tehran")[0].pos_ == "PROPN"


def test_lemmatizer_reads_the_index_as_sets_with_spacy_rules(nlp_full):
    from spacy.tokens import Doc

    table = nlp_full.get_pipe("lemmatizer")
    # The index picks the form ("buses": "bus", not "buse"; "allies": "ally"), exceptions
    # ("geese", "fought"), forms of no index word ("blorfs", "xyzzied": spaCy's first
    # out-of-index form), base forms, proper nouns, numbers.
    cases = [("buses", "NOUN", "Number=Plur"), ("allies", "NOUN", "Number=Plur"),
             ("geese", "NOUN", "Number=Plur"),
             ("ministers", "NOUN", "Number=Plur"), ("fought", "VERB", "Tense=Past|VerbForm=Fin"),
             ("supplied", "VERB", "Tense=Past|VerbForm=Fin"), ("shelling", "VERB", "VerbForm=Ger"),
             ("better", "ADJ", "Degree=Cmp"), ("blorfs", "NOUN", "Number=Plur"),
             ("xyzzied", "VERB", "Tense=Past|VerbForm=Fin"), ("convoy", "NOUN", "Number=Sing"),
             ("Tehran", "PROPN", "Number=Sing"), ("3.5", "NUM", "NumType=Card")]
    words, pos, morphs = zip(*cases)
    doc = Doc(nlp_full.vocab, words=list(words), pos=list(pos), morphs=list(morphs))
    spacy_lemmatizer = table.lemmatizer
    spacy_lemmatizer.cache.clear()  # spaCy's own rules, computed now, not remembered
    theirs = [spacy_lemmatizer.rule_lemmatize(t)[0] for t in doc]
    ours = [t.lemma_ for t in table(doc.copy())]
    assert ours == theirs
    assert ours[:3] == ["bus", "ally", "goose"] and ours[8] == "blorf"
