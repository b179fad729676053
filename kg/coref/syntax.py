"""Dependency helpers of coreference: noun phrases, arguments and clauses (see
:mod:`kg.coref`)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.coref.persons import SUBJECTS

__all__: list[str] = []

OBJECTS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
#: Dependencies from a modifier to the noun it modifies ("Israeli troops", "Iran's army").
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod", "nummod"})


def _dominates(head: Token, tok: Token) -> bool:
    """True when ``tok`` is ``head`` or inside its subtree."""
    while True:
        if tok.i == head.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head


def _top(tok: Token) -> Token:
    """The head of the noun phrase ``tok`` is in (through modifiers, conjuncts, appositions)."""
    while tok.dep_ in MODIFIER_DEPS | {"conj", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _argument_of(tok: Token) -> int | None:
    """The verb ``tok`` is a direct argument of (subject, object, or object of its
    preposition), or None."""
    if tok.dep_ in SUBJECTS | OBJECTS:
        return tok.head.i
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent", "dative") \
            and tok.head.head.pos_ in ("VERB", "AUX"):
        return tok.head.head.i
    return None


def _governed(verb: Token, anaphor: Token) -> int:
    """1 when the anaphor is in ``verb``'s own clause ("sent its troops"), 2 in a clause it
    takes ("said it would", "attacked Ukraine and said it ..."), else 0."""
    clause = anaphor.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if clause.i == verb.i:
        return 1
    takes = clause.dep_ in ("ccomp", "xcomp", "advcl", "conj") and clause.head.i == verb.i
    return 2 if takes else 0
