"""What can be an anaphor: a third-person pronoun read in its role, a definite description,
and the "it" that stands for nothing (see :mod:`kg.coref`; used by
``kg.coref.resolve._Document``)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.coref.persons import SUBJECTS
from kg.coref.rules import Anaphor

__all__: list[str] = []

#: Words that open a restrictive modifier after a noun: "the country that ...".
RESTRICTIVE = frozenset({"that", "which", "who", "whom", "whose", "where"})


class _Anaphors:
    """Anaphor helpers of a ``_Document`` (its ``rules``, ``doc``)."""

    def _anaphor(self, tok: Token) -> tuple[int, Anaphor] | None:
        """(first token, rules) when ``tok`` is a pronoun or the head of a description."""
        low = tok.lower_
        if tok.pos_ == "PRON":
            anaphor = self.rules.pronouns.get(low)
            dep = tok.dep_
            if dep in SUBJECTS and tok.head.tag_ == "VB" and not any(
                c.dep_ == "aux" and c.tag_ in ("MD", "VBD", "VBZ", "VBP")
                for c in tok.head.children
            ):  # ("he did not say", "will it agree": the subject of a finite clause)
                dep = "dobj"  # "to help it counter", "allowed it to": the object of the verb above
            if anaphor is None or (anaphor.deps and dep not in anaphor.deps):
                return None
            if low == "it" and (self._pleonastic(tok) or self._thing(tok)):
                return None
            return tok.i, anaphor
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "attr", "appos", "nmod"):
            return None
        dets = [c for c in tok.lefts if c.dep_ == "det"]
        if len(dets) != 1 or dets[0].lower_ != "the":
            return None
        det = dets[0]
        words = self.doc[det.i + 1 : tok.i + 1]
        # A description of several words written as a name ("the Islamic Republic") is one only
        # as a whole; otherwise a proper noun makes it a name ("the Gulf kingdom").
        named = len(words) > 1 and " ".join(t.lower_ for t in words) in self.rules.descriptions
        if tok.pos_ == "PROPN" and not named:
            return None
        if any(t.lower_ in self.rules.blocking or t.is_punct
               or t.pos_ in (("NUM", "PRON") if named else ("PROPN", "NUM", "PRON"))
               for t in words):
            return None
        if any(c.dep_ in ("poss", "appos", "nummod", "relcl", "acl")
               or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children):
            return None  # "the government of Iraq", "the group, Hamas,", "the country that"
        after = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if after is not None and (after.pos_ == "PROPN" or after.tag_ in ("VBG", "VBN")
                                  or after.lower_ in RESTRICTIVE):
            return None  # "the president Erdogan", "the country requesting it", "the group that"
        key = " ".join(t.lower_ for t in words)
        anaphor = self.rules.descriptions.get(key)
        if anaphor is None and all(t.pos_ == "ADJ" and t.dep_ == "amod" for t in words[:-1]):
            anaphor = self.rules.descriptions.get(tok.lower_)  # "the communist country"
        return (det.i, anaphor) if anaphor is not None else None

    def _thing(self, tok: Token) -> bool:
        """'it' said to be a thing: "it was not an open race" (a copula and a noun that is
        not one an actor can be)."""
        if tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
            return False
        attrs = [c for c in tok.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        return bool(attrs) and attrs[0].lemma_.lower() not in self.rules.predicate_nouns

    def _actor_predicate(self, tok: Token) -> bool:
        """'it' said to be what an actor can be: "it was a generous host"."""
        return tok.head.lemma_ == "be" and any(
            c.dep_ == "attr" and c.lemma_.lower() in self.rules.predicate_nouns
            for c in tok.head.children)

    def _pleonastic(self, tok: Token) -> bool:
        """'it' that stands for nothing: "it is likely that", "it seems", "make it clear"."""
        head = tok.head
        rules = self.rules
        clause = any(c.dep_ in ("ccomp", "xcomp", "csubj", "advcl") for c in head.children)
        if tok.dep_ in ("nsubj", "nsubjpass", "expl"):
            if head.lemma_.lower() in rules.pleonastic_verbs:
                return True
            comps = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd")]
            if head.lemma_ == "be" and any(
                c.lemma_.lower() in rules.pleonastic_adjectives
                or any(g.dep_ in ("ccomp", "xcomp", "relcl") for g in c.children)
                for c in comps
            ):
                return True  # "it is likely that", "it was Iran that"
            if tok.dep_ == "nsubjpass" and clause:
                return True  # "it is believed that", "it was reported that"
            if head.lemma_ == "be" and clause and comps:
                return True
        if tok.dep_ in ("dobj", "obj") and any(
            c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and c.i > tok.i for c in head.children
        ) and any(c.pos_ == "ADJ" for c in head.children):
            return True  # "made it clear that", "found it hard to"
        return False
