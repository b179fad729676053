"""Quotations: whether a token is inside one, and who speaks it (see :mod:`kg.coref`; used
by ``kg.coref.resolve._Document``)."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Span, Token

from kg.coref.persons import SUBJECTS

__all__: list[str] = []

QUOTES_OPEN, QUOTES_CLOSE = "“", "”"
#: A paragraph starts after a blank line or an indented line (wire copy wraps its lines).
PARAGRAPH = re.compile(r"\n\s*\n|\n[ \t]")


class _Quotes:
    """Quotation helpers of a ``_Document`` (its ``rules``, ``kb``, ``doc``, ``by_token``)."""

    def _index_quotes(self, text: str) -> None:
        """Where the paragraphs start and the quotation marks are in ``text``."""
        self.paragraphs = [m.end() for m in PARAGRAPH.finditer(text)]
        self.quotes = {q: _positions(text, q) for q in ('"', QUOTES_OPEN, QUOTES_CLOSE)}

    def _in_quote(self, tok: Token) -> bool:
        """Inside a quotation: an odd number of quotation marks between the paragraph's start
        and ``tok``, or between ``tok`` and its end (the start may be in a part of the text
        that was not parsed)."""
        p = bisect.bisect_right(self.paragraphs, tok.idx) - 1
        start = self.paragraphs[p] if p >= 0 else 0
        end = self.paragraphs[p + 1] if p + 1 < len(self.paragraphs) else len(self.doc.text)

        def count(q: str, a: int, b: int) -> int:
            marks = self.quotes[q]
            return bisect.bisect_left(marks, b) - bisect.bisect_left(marks, a)

        i = tok.idx
        before = count('"', start, i) % 2 == 1 or count(QUOTES_OPEN, start, i) > count(
            QUOTES_CLOSE, start, i)
        after = count('"', i, end) % 2 == 1 or count(QUOTES_CLOSE, i, end) > count(
            QUOTES_OPEN, i, end)
        return before or after

    def _speaker(self, sent: Span, anaphor: Token) -> set[str]:
        """The speaker of a quotation in ``sent`` (the actor subject of a verb of saying outside
        it: '"It will respond," Iran said') and what they act for: they say "we" of those."""
        for tok in sent:
            if tok.lemma_.lower() not in self.rules.speech_verbs or self._in_quote(tok):
                continue
            for c in tok.children:
                if c.dep_ in SUBJECTS:
                    m = self.by_token.get(c.i) or next(
                        (self.by_token[t.i] for t in c.subtree if t.i in self.by_token), None)
                    if m is not None and m._.kg_via != "coref" and m.kb_id_ in self.kb.actors:
                        own = {m.kb_id_} | {o.of_id for o in self.kb.offices_of(m.kb_id_)}
                        return own
        return set()


def _positions(text: str, mark: str) -> list[int]:
    """The offsets of ``mark`` in ``text``, in order (found, not compared char by char)."""
    out = []
    i = text.find(mark)
    while i >= 0:
        out.append(i)
        i = text.find(mark, i + 1)
    return out
