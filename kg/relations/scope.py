"""Scope of negation and hedging: which words around a trigger deny it or make it uncertain.

Negation counts only inside the trigger's own clause ("has not been limited since Russia
launched its invasion" does not deny the invasion) and never crosses a conjoined verb; hedges
(modals, "poised to", "if") count up to the root ("it could mean Russia taking territory"),
and an epistemic frame hedges its clause ("it is possible that", "is likely to"). Neither
crosses "but": "Iran did not attack Iraq but Syria shelled Turkey" denies only the first. A
counterfactual wish ("had wanted to meet ..., but") is not the event: it is negated. A finite
relative clause is told as a fact: the main clause's negation, negating verb or hedge does not
reach it ("Sudan, whose troops attacked Chad, denied the claims").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.relations.lexicon import Lexicon

__all__ = ["CLAUSE_EDGES", "after_but", "modality"]

#: Dependencies that open a new clause: negation does not cross them.
CLAUSE_EDGES = frozenset({"advcl", "ccomp", "relcl", "acl", "parataxis", "csubj", "xcomp",
                          "pcomp"})
#: Verbs of wishing or planning: in the past perfect with a "but" they did not happen.
WISHES = frozenset({"want", "hope", "plan", "intend", "expect", "mean", "wish", "aim", "try"})
_CONTRAST = frozenset({"but", "yet", "although", "though", "whereas", "while"})


def after_but(tok: Token) -> bool:
    """``tok`` is a conjunct introduced by "but" (its head has a "but" before it)."""
    if tok.dep_ != "conj":
        return False
    head = tok.head
    return any(c.dep_ == "cc" and c.lower_ in _CONTRAST and head.i < c.i < tok.i
               for c in head.children)


def _contrasted(verb: Token) -> bool:
    """A "but" clause follows ``verb`` ("had wanted to meet, but the talks collapsed")."""
    return any((c.dep_ == "cc" and c.lower_ in _CONTRAST) or
               (c.dep_ in ("conj", "advcl") and any(m.lower_ in _CONTRAST for m in c.children
                                                    if m.dep_ in ("cc", "mark")))
               for c in verb.children if c.i > verb.i)


def _finite(verb: Token) -> bool:
    """A clause with its own subject or tense ("whose troops attacked"), not "troops to fight"."""
    return verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ in ("aux", "auxpass") and c.tag_ != "TO")
        for c in verb.children)


def modality(lex: Lexicon, sent: Span, tok: Token) -> tuple[bool, bool]:
    """(negated, hedged) for the clause around ``tok``; see the module docstring."""
    negated = hedged = False
    text = sent.text.lower()
    in_clause = True
    t: Token | None = tok
    while t is not None:
        for c in t.children:
            low = c.lower_
            if in_clause and (c.dep_ == "neg" or (low in lex.negation_words
                                                  and c.dep_ in ("det", "neg"))):
                if not any(comp in text for comp in lex.comparatives):
                    negated = True
            if c.dep_ == "aux" and low in lex.modal_verbs:
                hedged = True
            if c.dep_ == "mark" and low in ("if", "whether", "unless"):
                hedged = True
            if (t.i != tok.i and c.dep_ in ("acomp", "attr") and c.i != tok.i
                    and c.lemma_.lower() in lex.hedge_words):
                hedged = True  # "it is possible that ...", "is likely to ..."
        if t.i != tok.i:
            lemma = t.lemma_.lower()
            if lemma in lex.hedge_words:
                hedged = True
            if t.pos_ == "VERB" and lemma in lex.negating_verbs:
                negated = True
            if (lemma in WISHES and any(c.dep_ == "aux" and c.lower_ == "had" for c in t.children)
                    and _contrasted(t)):
                negated = True  # "had wanted to meet Greece, but ..."
        if after_but(t):
            break  # what the first conjunct says does not scope over the "but" clause
        if t.dep_ == "relcl" and _finite(t):
            break  # "Sudan, whose troops attacked Chad, denied it": the relative clause is told
        if t.dep_ in CLAUSE_EDGES or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
            in_clause = False  # a conjoined verb is a clause of its own
        t = t.head if t.head.i != t.i else None
    if text.rstrip().endswith("?"):
        hedged = True
    return negated, hedged
