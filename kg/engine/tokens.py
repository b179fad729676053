"""spaCy's tokenizer with its cache filled chunk by chunk: the same tokens, in less time.

spaCy's tokenizer splits a text at whitespace into chunks ("troops.", "U.S.-led", "(Reuters)")
and each chunk by its affix rules, and remembers the split of a chunk it has seen. But it stops
remembering for the rest of a text as soon as one chunk of it is a special case ("U.S.",
"Inc.", "'s", "Jan."): a cached split keeps only the words, not a special case's attributes, and
spaCy does not tell the chunks apart, only the texts. In news nearly every text has one in its
first lines, so nearly every chunk after it is split again, in every text: on the first 2,000
Reuters articles, 138,370 splits (counted by cProfile) for 27,858 distinct chunks, and each text
of the full pipeline (the first pass's kept sentences) tokenized as slowly again.

:class:`ChunkCache` tokenizes each chunk it has not seen on its own first, so that every chunk
without a special case is remembered, then the text. spaCy's split of a chunk does not depend
on the text around it (the cache relies on that), so the tokens are those of
``nlp.make_doc(text)``.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["ChunkCache"]


class ChunkCache:
    """``make_doc`` of ``nlp``, with the tokenizer's cache filled chunk by chunk first.

    It stops filling once it has seen as many chunks as the tokenizer remembers at most
    (``max_cache_size``: spaCy adds nothing to a full cache), so its own memory is bounded.
    """

    def __init__(self, nlp):
        self.nlp = nlp
        self.seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        if len(self.seen) < getattr(self.nlp.tokenizer, "max_cache_size", 0):
            tokenizer, seen = self.nlp.tokenizer, self.seen
            # str.split() cuts where spaCy does (str.isspace); in the text's order, so that the
            # vocabulary grows in the same order in every run.
            for chunk in dict.fromkeys(text.split()):
                if chunk not in seen:
                    tokenizer(chunk)
                    seen.add(chunk)
        return self.nlp.make_doc(text)
