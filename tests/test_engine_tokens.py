"""kg.engine.tokens: the first pass's tokenizer fills spaCy's cache chunk by chunk, same tokens."""

import spacy

from kg.engine.tokens import ChunkCache

# Texts of our own where a special case comes first ("U.S.", "Inc.", "'s", "Jan."): from there
# on spaCy remembers no chunk of the text, and the chunk cache does. Affixes around special
# cases, hyphens, URLs, numbers, emoticons, runs of whitespace and line breaks.
TEXTS = [
    "U.S. troops left Kabul; Acme Inc.'s shares fell 3.5% (to $12.40) on Jan. 3, 1987.",
    "The U.S.-led coalition's \"final\" offer -- rejected -- came in mid-1987...",
    "Don't go: they're gonna sign it, aren't they? :) See https://example.org/a?b=1.",
    "Shell Canada Ltd said it\n\n  sold 1,200 mln dlrs of   debt.\tIt's U.K.-based.",
    "(Reuters) - Japan's MITI said exports rose 12 pct; Mr. Tanaka's firm, Co., agreed.",
    "",
    "   ",
]


def _tokens(doc):
    return [(t.text, t.whitespace_, t.norm_, t.is_space) for t in doc]


def test_engine_tokens_are_those_of_make_doc():
    plain, cached = spacy.blank("en"), spacy.blank("en")
    make_doc = ChunkCache(cached)
    for text in TEXTS * 2:  # the second time the chunks are all remembered
        assert _tokens(make_doc(text)) == _tokens(plain.make_doc(text))
    assert "Inc.'s" in make_doc.seen and "troops" in make_doc.seen


def test_engine_tokens_remember_no_more_chunks_than_the_tokenizer():
    nlp = spacy.blank("en")
    nlp.tokenizer.max_cache_size = 5
    make_doc = ChunkCache(nlp)
    doc = make_doc("one two three four five six seven")
    assert len(make_doc.seen) == 7  # one text's chunks: filled while under the tokenizer's size
    make_doc("eight nine ten")
    assert len(make_doc.seen) == 7  # full: no more chunks remembered
    assert [t.text for t in doc][-1] == "seven"
    assert [t.text for t in make_doc("eight nine ten.")] == ["eight", "nine", "ten", "."]
