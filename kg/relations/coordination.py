"""Who a noun phrase stands for: a person named with an office acts for the office's actor.

"Spanish Foreign Minister Ana Ruiz criticised Morocco", "Ali Hassan, a spokesman for Hamas,
blamed Israel", "met John Smith, a British envoy": the act is Spain's, Hamas's, the United
Kingdom's. The office is a title before the name (its modifiers name the actor) or an
apposition after it (its modifiers, or its "of"/"for" object).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:  # pragma: no cover
    from kg.relations.extract import _Sentence

__all__ = ["office_holder", "vessel_name"]

_ACTOR_LABELS = ("GPE", "NORP", "ORG")


def _office_actor(s: _Sentence, office: Token) -> Span | None:
    for child in office.lefts:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            for t in child.subtree:
                m = s.mention(t)
                if m is not None and m.label_ in _ACTOR_LABELS:
                    return m
    for prep in office.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "to"):
            for pobj in prep.children:
                m = s.mention(pobj) if pobj.dep_ == "pobj" else None
                if m is not None and m.label_ in _ACTOR_LABELS:
                    return m
    return None


def office_holder(s: _Sentence, tok: Token, person: Span) -> Span:
    """The actor ``person`` (headed by ``tok``) acts for, by a title or apposition, or itself.

    A known actor is returned as a span over the person's words that names it (so evidence
    keeps "Emmanuel Macron" as the text); an unknown one as its own mention.
    """
    held = _held(s, tok, person)
    if held is person or held.kb_id_.startswith("x-"):
        return held
    span = Span(s.doc, person.start, person.end, label=held.label_, kb_id=held.kb_id_)
    span._.kg_via = "attributed"
    return span


def _held(s: _Sentence, tok: Token, person: Span) -> Span:
    offices = s.lex.offices
    for child in tok.children:
        if child.dep_ == "appos" and child.lemma_.lower() in offices:
            found = _office_actor(s, child)
            if found is not None:
                return found
    # "President Alvarez of Peru": the office's actor after the name.
    if any(t.lemma_.lower() in offices for t in s.doc[max(person.start - 3, s.sent.start):person.end]):
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    m = s.mention(pobj) if pobj.dep_ == "pobj" else None
                    if m is not None and m.label_ in _ACTOR_LABELS:
                        return m
    # A title before the name: "Spanish Foreign Minister Ana Ruiz" (compounds of the name).
    titles = [t for t in s.doc[max(person.start - 4, s.sent.start):person.start]
              if t.lemma_.lower() in offices and t.head.i in range(person.start, person.end)]
    if titles:
        for t in s.doc[max(titles[0].i - 3, s.sent.start):titles[0].i]:
            m = s.mention(t)
            if m is not None and m.label_ in _ACTOR_LABELS and m.end <= titles[0].i and all(
                    not w.is_punct and w.dep_ in ("compound", "amod", "case", "poss")
                    for w in s.doc[m.end:titles[0].i]):  # not "In Rome, Prime Minister X"
                return m
    return person


def vessel_name(s: _Sentence, tok: Token) -> bool:
    """Whether the name at ``tok`` names a ship: "the destroyers Kidd, Young and Hoel", "the
    tanker Sea Isle City", "Young, a destroyer". The list's first name carries the noun."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    near = [c for c in tok.children if c.dep_ in ("compound", "appos", "nmod")]
    if tok.dep_ == "appos":
        near.append(tok.head)
    m = s.mention(tok)
    if m is not None and m.start > s.sent.start:
        near.append(s.doc[m.start - 1])  # "the tanker Young", however it is parsed
    return any(t.lemma_.lower() in s.lex.vessel_nouns for t in near)
