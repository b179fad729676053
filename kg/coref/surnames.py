"""A person named in full, then by surname after a title ("Iyad Allawi ... Mr Allawi").

The statistical model may take "Mr Allawi" as a person of its own, which the knowledge base
does not know; when the document named exactly one known person in full before it whose name
ends in that surname, the mention is that person (``kg_via == "surname"``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.kb import KnowledgeBase

__all__ = ["named_before"]


def named_before(doc: Doc, spans: list[Span], kb: KnowledgeBase,
                 titles: frozenset[str]) -> list[Span]:
    """``spans`` with each unknown person named by surname re-pointed to the known person of
    the document it stands for (the text's only earlier full name ending in it)."""
    out = []
    for span in spans:
        out.append(_resolved(doc, span, spans, kb, titles) or span)
    return out


def _resolved(doc: Doc, span: Span, spans: list[Span], kb: KnowledgeBase,
              titles: frozenset[str]) -> Span | None:
    if span.label_ != "PERSON" or not span.kb_id_.startswith("x-"):
        return None
    words = [t.text for t in span]
    while words and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    if len(words) != 1 or len(words) == len(span):
        return None  # only a title and a surname: "Mr Allawi", not "Iyad" nor "Allawi"
    found = {s.kb_id_ for s in spans if s.end <= span.start and len(s) >= 2
             and s.kb_id_ in kb.actors and s.label_ == "PERSON" and s[-1].text == words[0]
             and s._.kg_via != "coref"}
    if len(found) != 1:
        return None
    new = Span(doc, span.start, span.end, label=span.label_, kb_id=found.pop())
    new._.kg_via = "surname"
    return new
