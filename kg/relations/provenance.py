"""Provenance of equipment: "Russian-made missiles" in the hands of another actor.

"Venezuela deployed Russian-made missiles" and "the soldiers, whose US-built helicopter ..."
say that the maker supplied the user: the maker is the actor in the hyphenated participle
("Russian-made", "US-built"; the participles are ``maker_participles`` in
``ontology/relations.toml``), the user is whoever holds the thing: its possessor, or the
subject of a verb of using or acquiring it (``user_verbs``). A verb that acts against the
thing ("shot down US-made drones") makes no user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from kg.relations.extract import _Sentence

__all__ = ["made_by"]


def _makers(s: _Sentence, part: Token) -> list[Span]:
    """The actors in the hyphenated left part of ``part`` ("Russian-made", "US-built")."""
    if not any(c.dep_ == "punct" and c.text == "-" for c in part.lefts):
        return []
    return [m for c in part.lefts if c.dep_ in ("npadvmod", "compound", "nmod", "amod")
            for t in c.subtree for m in [s.mention(t)] if m is not None]


def _users(s: _Sentence, item: Token) -> list[Span]:
    """The actors holding ``item``: its possessor (through "whose") or the subject of a verb
    of using it, in the clause or in a relative clause on the item."""
    for c in item.children:
        if c.dep_ == "poss":
            if c.lower_ == "whose":  # "the soldiers, whose US-built helicopter ...": the soldiers
                clause = next((a for a in item.ancestors if a.dep_ == "relcl"), None)
                return s.actors(clause.head) if clause is not None else []
            return s.actors(c)
    if item.dep_ in ("dobj", "obj") and item.head.lemma_.lower() in s.lex.user_verbs:
        return s.subject_of(item.head)
    for clause in item.children:  # "Russian-made missiles, which Venezuela plans to deploy"
        if clause.dep_ == "relcl":
            for verb in clause.subtree:
                if verb.lemma_.lower() in s.lex.user_verbs and any(
                        o.dep_ in ("dobj", "obj") and o.lower_ in ("which", "that")
                        for o in verb.children):
                    return s.subject_of(verb, climb=("xcomp", "conj"))
    return []


def made_by(s: _Sentence) -> list[tuple[Token, Span, Span]]:
    """(participle, maker, user) for each piece of equipment made by one actor and held by
    another in the sentence."""
    out = []
    for tok in s.sent:
        if tok.dep_ != "amod" or tok.tag_ != "VBN" or tok.lemma_.lower() not in s.lex.maker_participles:
            continue
        for maker in _makers(s, tok):
            out.extend((tok, maker, user) for user in _users(s, tok.head)
                       if user.kb_id_ != maker.kb_id_)
    return out
