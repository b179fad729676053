"""A plural anaphor for several actors: "Egypt and Greece met in Cairo. They called on Turkey".

"They" left unlinked by the singular resolver (a coordination of actors competes for it there),
and a plural description ("the leaders", "the foreign ministers", "the countries"), stand for
a *group*: the actors of the last subject that was a coordination of two or more actors ("Egypt
and Greece", "the Egyptian minister and his Greek counterpart"), or the subject and the partner
of a joint action ("Hamas met Egypt"), in the window of sentences. Precision first, so the
group is forgotten when a subject comes between that could be "they" itself:

- an actor that is not a single person ("the Turkish ministry said. They ..."): a state, an
  organisation or an armed group can be "they"; a person ("the Italian minister") cannot;
- a plural noun that is no actor ("The talks lasted a day. They ...").

A plural anaphor that links carries the group on ("They concluded ... They called on ...").
Only subjects are read (an object "them" is nearly always people or things in news).

The result is ``doc._.kg_plural``: the anaphor's token index -> the token indices of the heads
whose actors it stands for. A span of ``kg_actors`` stands for one actor, so the anaphor gets no
mention of its own: the relation extractor (``kg.relations.discourse``) takes the group's
antecedent mentions as the side of the relation, as it does for an event named before.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.coref.persons import SUBJECTS
from kg.coref.rules import CorefRules

__all__ = ["plural_groups"]

if not Doc.has_extension("kg_plural"):
    Doc.set_extension("kg_plural", default=None)

#: Edges inside one noun phrase that a coordinated actor may sit on ("his Greek counterpart").
PHRASE = frozenset({"conj", "cc", "amod", "compound", "poss", "nmod", "det", "punct", "appos",
                    "nummod", "case"})
#: Prepositions of a joint action's partner: "met with Egypt", "signed a deal with Egypt".
PARTNER = frozenset({"with"})


def plural_groups(doc: Doc, spans: list[Span], rules: CorefRules) -> dict[int, tuple[int, ...]]:
    """The plural anaphors of ``doc`` that stand for a group, and the group's heads."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    out: dict[int, tuple[int, ...]] = {}
    group: tuple[int, ...] = ()
    seen = -1  # the sentence the group was last named in
    for k, sent in enumerate(doc.sents):
        for tok in sent:
            if tok.dep_ not in SUBJECTS:
                continue
            if _plural_anaphor(tok, by_token, rules):
                if group and k - seen <= rules.window:
                    out[tok.i] = group
                    seen = k
                continue
            heads = _group(tok, by_token, rules)
            if heads:
                group, seen = heads, k
            elif _competes(tok, by_token, rules):
                group = ()
    return out


def _plural_anaphor(tok: Token, by_token: dict[int, Span], rules: CorefRules) -> bool:
    """"they" no actor was found for, or "the" + a plural noun of ``[plural] heads`` whose
    phrase names no actor of its own ("the foreign ministers", not "the Greek ministers")."""
    if tok.i in by_token:
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ == "they"
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in rules.plural_heads:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts):
        return False
    if any(c.dep_ in ("prep", "relcl", "acl", "appos", "nummod") for c in tok.children):
        return False  # "the leaders of ...", "the ministers who", "the two sides" (the lexicon's)
    return not any(t.i in by_token or t.lower_ in rules.blocking for t in tok.subtree)


def _phrase_actors(head: Token, by_token: dict[int, Span]) -> set[str]:
    """The distinct actors of the noun phrase ``head`` heads, its conjuncts included."""
    found: set[str] = set()
    todo = [head]
    while todo:
        t = todo.pop()
        if t.i in by_token:
            found.add(by_token[t.i].kb_id_)
        todo.extend(c for c in t.children if c.dep_ in PHRASE)
    return found


def _group(subj: Token, by_token: dict[int, Span], rules: CorefRules) -> tuple[int, ...]:
    """The heads of a group the subject ``subj`` names: itself when it coordinates two or more
    actors; itself and the partner of a joint verb ("Hamas met Egypt", "met with Egypt")."""
    actors = _phrase_actors(subj, by_token)
    if len(actors) >= 2 and subj.conjuncts:
        return (subj.i,)
    verb = subj.head
    if len(actors) != 1 or verb.lemma_.lower() not in rules.joint_verbs:
        return ()
    partners = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    partners += [o for h in [verb, *partners] for p in h.children
                 if p.dep_ == "prep" and p.lower_ in PARTNER for o in p.children
                 if o.dep_ == "pobj"]
    for p in partners:
        theirs = _phrase_actors(p, by_token)
        if theirs and not theirs & actors:
            return (subj.i, p.i)
    return ()


def _competes(subj: Token, by_token: dict[int, Span], rules: CorefRules) -> bool:
    """A subject that could be "they" itself: an actor that is not one person, or a plural
    noun that is no actor."""
    span = by_token.get(subj.i)
    if span is not None:
        return span.label_ != "PERSON"
    if subj.tag_ in ("NNS", "NNPS"):
        return True
    actors = _phrase_actors(subj, by_token)
    return bool(actors) and subj.pos_ in ("NOUN", "PROPN") \
        and subj.lemma_.lower() not in rules.person_nouns  # "the Turkish ministry"
