"""Membership: what a verb of joining joins.

"Seoul wants to join a Nato information-sharing system" does not make South Korea a member
of NATO: a compound modifier names whose system it is, not the body joined. The object of a
membership verb ("join", "accede to") is the organisation when it *is* the noun ("joined
NATO"), or when the noun is a body that the modifier names ("joined the Nato alliance", "the
BRICS grouping"; ``member_bodies`` in ``ontology/relations.toml``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from kg.relations.extract import _Sentence

__all__ = ["joined"]


def joined(s: _Sentence, obj: Token) -> list[Span]:
    """The organisations the object ``obj`` of a membership verb names (coordination kept)."""
    out: list[Span] = []
    for tok in [obj, *obj.conjuncts]:
        if tok.i < obj.i:
            continue
        if s.mention(tok) is not None or tok.lemma_.lower() in s.lex.member_bodies:
            out.extend(a for a in s.actors(tok) if a not in out)
    return out
