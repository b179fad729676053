"""Ultimatums: "Canada told Mexico to settle the dispute or face tariffs".

A demand to an actor with a consequence joined by "or" ("... or face", "... or risk") is a
threat: the speaker threatens the one told, whatever the verb of telling ("told", "urged",
"gave ... until"). The consequence verbs are ``ultimatum_verbs`` of ``[threatens]`` in
``ontology/relations.toml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from kg.relations.extract import _Sentence

__all__ = ["ultimatums"]


def _consequence(s: _Sentence, demand: Token) -> bool:
    """Whether the demanded act ``demand`` has an "or <consequence>" conjunct."""
    return any(c.dep_ == "conj" and c.lemma_.lower() in s.lex.ultimatum_verbs
               and any(cc.dep_ == "cc" and cc.lower_ == "or" for cc in demand.children)
               for c in demand.children)


def ultimatums(s: _Sentence) -> list[tuple[Token, list[Span], list[Span]]]:
    """(verb of telling, speakers, actors told) for each ultimatum of the sentence."""
    out = []
    for verb in s.sent:
        told = [o for o in verb.children if o.dep_ in ("dobj", "obj", "dative")]
        demands = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i]
        if told and any(_consequence(s, d) for d in demands):
            targets = [a for o in told for a in s.actors(o)]
            sources = s.subject_of(verb)
            if sources and targets:
                out.append((verb, sources, targets))
    return out
