"""Adjuncts that add a party to a clause: "backed Peru against Bolivia", "under pressure from".

- "Chile backed Peru against Bolivia": help given against a third party makes the helper its
  opponent and the one helped its adversary (``against_relations`` of the helping relations in
  ``ontology/relations.toml``: the helper ``opposes``, the helped is ``inConflictWith``).
- "Chile adopted tariffs under pressure from Peru", "Chile came under attack from Peru": the
  noun after "under" (``under_nouns``) is an act of the one after "from" or "by" on the clause's
  subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.relations._common import unique

if TYPE_CHECKING:
    from kg.relations.extract import _Sentence

__all__ = ["against_third_party", "under_pressure"]

#: Each result: ``(trigger token, relation, sources, targets)``.
Adjunct = tuple[Token, str, list[Span], list[Span]]


def _pobj_actors(s: _Sentence, head: Token, preps: frozenset[str]) -> list[Span]:
    return [a for p in head.children if p.dep_ == "prep" and p.lower_ in preps
            for o in p.children if o.dep_ == "pobj" for a in s.actors(o)]


def against_third_party(s: _Sentence) -> list[Adjunct]:
    """Help "against" a third party: ``(verb, relation, sides, enemies)`` twice per verb, once
    for the helper (``opposes``) and once for the helped (``inConflictWith``)."""
    out: list[Adjunct] = []
    for verb in s.sent:
        if verb.pos_ != "VERB":
            continue
        trig = s.match(verb)
        spec = s.lex.against_relations.get(trig.relation) if trig is not None else None
        if spec is None:
            continue
        enemies = _pobj_actors(s, verb, frozenset({"against"}))
        if not enemies:
            continue
        helpers = s.subject_of(verb)
        helped = [a for c in verb.children if c.dep_ in ("dobj", "obj")
                  for a in s.actors(c, item=trig.relation in s.lex.item_object)]
        helped += s.prep_objects(verb, s.lex.target_preps.get(trig.relation, frozenset()))
        helper_rel, helped_rel = spec
        out.append((verb, helper_rel, helpers, enemies))
        out.append((verb, helped_rel, unique(helped), enemies))
    return out


def under_pressure(s: _Sentence) -> list[Adjunct]:
    """"under pressure from X": ``(noun, relation, [X], subjects of the clause)``."""
    out: list[Adjunct] = []
    for prep in s.sent:
        if prep.dep_ != "prep" or prep.lower_ != "under":
            continue
        for noun in prep.children:
            rel = s.lex.under_nouns.get(noun.lemma_.lower()) if noun.dep_ == "pobj" else None
            if rel is None:
                continue
            doers = _pobj_actors(s, noun, frozenset({"from", "by"}))
            done_to = s.subject_of(prep.head) if prep.head.pos_ in ("VERB", "AUX") else []
            if doers and done_to:
                out.append((noun, rel, doers, done_to))
    return out
