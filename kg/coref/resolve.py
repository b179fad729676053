"""Coreference over one parsed doc: anaphors, candidates, salience and the refusals
(see :mod:`kg.coref`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.coref.anaphors import _Anaphors
from kg.coref.persons import SUBJECTS, _Persons
from kg.coref.quotes import _Quotes
from kg.coref.rules import Anaphor, CorefRules
from kg.coref.syntax import MODIFIER_DEPS, OBJECTS, _argument_of, _dominates, _governed, _top
from kg.kb import KnowledgeBase

__all__: list[str] = []

#: Salience weights: role of the noun phrase, main clause, subject over the pronoun's clause.
ROLE_WEIGHT = {"subject": 80, "object": 50, "oblique": 40, "other": 30}
RECENCY = 100
MAIN_CLAUSE = 20
MODIFIER_PENALTY = 10
GOVERNING_SUBJECT = 40
#: A noun that is not an actor this close below the antecedent may be what "it" stands for.
THING_MARGIN = 40
OWN_CLAUSE = 80
OWN_PHRASE = 120


@dataclass
class _Candidate:
    span: Span | None  # None for a rival: a noun or an actor that cannot be the antecedent
    score: float


class _Document(_Anaphors, _Quotes, _Persons):
    """Coreference over one doc."""

    def __init__(self, rules: CorefRules, kb: KnowledgeBase, doc: Doc, spans: list[Span]):
        self.rules, self.kb, self.doc = rules, kb, doc
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self._index_quotes(doc.text)
        self.by_token = {i: s for s in spans for i in range(s.start, s.end)}
        self.actors = sorted(spans, key=lambda s: s.start)
        self.genders: dict[str, str] = {}
        # main-clause subject person pronouns left unresolved: (token, gender)
        self.unresolved: list[tuple[int, str]] = []

    def resolve(self) -> list[Span]:
        """The coref spans of the doc, in text order."""
        doc = self.doc
        gaps = sorted(doc._.kg_gaps or ())
        covered = set(self.by_token)
        added: list[Span] = []
        for k, sent in enumerate(self.sents):
            # The window: this sentence and ``window`` before it, not across a gap.
            first = max(0, k - self.rules.window)
            g = bisect.bisect_right(gaps, sent.start_char) - 1
            while first < k and g >= 0 and self.sents[first].start_char < gaps[g]:
                first += 1
            for tok in sent:
                if tok.i in covered:
                    continue
                found = self._anaphor(tok)
                if found is None:
                    continue
                start, anaphor = found
                if any(i in covered for i in range(start, tok.i + 1)):
                    continue
                ante = self._resolve(tok, start, anaphor, k, first)
                if ante is None:
                    if anaphor.types == {"Person"} and tok.pos_ == "PRON" \
                            and tok.dep_ in SUBJECTS and tok.head.i == sent.root.i:
                        self.unresolved.append((tok.i, anaphor.gender))
                    continue
                span = Span(doc, start, tok.i + 1, label=ante.label_, kb_id=ante.kb_id_)
                span._.kg_via = "coref"
                span._.kg_antecedent = ante._.kg_antecedent or ante
                added.append(span)
                covered.update(range(start, tok.i + 1))
                for i in range(start, tok.i + 1):
                    self.by_token[i] = span
                bisect.insort(self.actors, span, key=lambda s: s.start)
        return added

    # -- resolution ------------------------------------------------------------------------
    def _resolve(self, tok: Token, start: int, anaphor: Anaphor, k: int, first: int) -> Span | None:
        excluded: set[str] = set()
        if self._in_quote(tok):
            excluded = self._speaker(self.sents[k], tok)
            if not excluded:
                return None  # a quotation by someone the sentence does not name as an actor
        window_start = self.sents[first].start
        date = self.doc._.kg_date
        best: dict[str, _Candidate] = {}
        rivals: list[_Candidate] = []
        lo = bisect.bisect_left(self.actors, window_start, key=lambda s: s.start)
        hi = bisect.bisect_left(self.actors, start, key=lambda s: s.start)
        window = [s for s in self.actors[lo:hi] if s.end <= start]
        sent_start = self.sents[k].start
        # What the anaphor cannot be here, it cannot be through an earlier mention either.
        excluded |= {s.kb_id_ for s in window if s.start >= sent_start and self._bound(tok, s)}
        person = tok.pos_ == "PRON" and "Person" in anaphor.types
        for span in window:
            actor = self.kb.actors.get(span.kb_id_)
            if span.kb_id_ in excluded:
                continue
            if anaphor.gender and self._gender(span) not in ("", anaphor.gender):
                continue  # "Mrs May ... he"
            if person and self._in_quote(span.root) and not self._in_quote(tok):
                return None  # a person a quotation names, and "he" outside it: the speaker?
            if actor is None or (actor.type == "Person" and span._.kg_via == "former"):
                # an actor the knowledge base does not know (or a former office holder, who
                # acts for no state) competes for it
                kind = "Person" if actor is not None else self._unknown_type(span)
                if kind in anaphor.types:
                    rivals.append(_Candidate(None, float("inf") if person
                                             else self._salience(span, tok, k)))
                continue
            coordinated = self._coordinated(span)
            score = self._salience(span, tok, k)
            if actor.type not in anaphor.types or (anaphor.plural and coordinated):
                if anaphor.plural and coordinated:
                    rivals.append(_Candidate(None, score))  # "Russia and China ... they"
                continue
            if (anaphor.titles or anaphor.roles) and not any(
                o.title.lower() in anaphor.titles or o.role in anaphor.roles
                for o in self.kb.offices_of(actor.id, date)
            ):
                continue
            if span.kb_id_ not in best or best[span.kb_id_].score < score:
                best[span.kb_id_] = _Candidate(span, score)
        if not best:
            return None
        if person:
            # A person pronoun only when one person is in the window (no ranking of people), or
            # one person its own sentence names before it, as a subject.
            if rivals or self._person_nouns(tok, window_start):
                return None
            ante = next(iter(best.values())).span if len(best) == 1 else \
                self._sentence_subject(tok, window, sent_start, best)
            if ante is None:
                return None
            if any(ante.sent.start <= i < tok.i and g == anaphor.gender
                   for i, g in self.unresolved):
                return None  # "He said ..., thinking Kerry had won. He ...": the first "he"
            return ante
        if "Person" not in anaphor.types and tok.pos_ == "PRON":
            rivals.extend(self._nouns(tok, anaphor, window_start))
        ranked = sorted(best.values(), key=lambda c: -c.score)
        top = ranked[0]
        if len(ranked) > 1 and ranked[1].score >= top.score:
            return None  # two actors equally salient
        if any(r.score >= top.score for r in rivals):
            return None  # a noun or an actor the knowledge base does not know is as likely
        if tok.pos_ == "PRON" and self._between(top.span, tok, anaphor):
            return None
        speech = self.rules.speech_verbs
        said = tok.head.lemma_.lower() in speech or (
            tok.head.dep_ == "ccomp" and tok.head.head.lemma_.lower() in speech)
        if tok.lower_ == "it" and not said and not self._actor_predicate(tok) and any(
                r.span is None and r.score >= top.score - THING_MARGIN for r in rivals):
            return None  # "Japan built a reactor. It will produce ...": the reactor may be meant
        if anaphor.plural and tok.pos_ == "PRON" and self._co_argument(top.span, window):
            return None  # "Hamas met Egypt. They agreed ...": both, perhaps
        return top.span

    def _sentence_subject(self, tok: Token, window: list[Span], sent_start: int,
                          best: dict[str, _Candidate]) -> Span | None:
        """For a subject pronoun, the one person its sentence names before it, when that
        mention is a subject: "Macron denied any snub - he is going to Rome" (Putin named in an
        earlier sentence is not meant). Not for "his" or "him": "Chirac reacted to his
        warning" is another's."""
        if tok.dep_ not in SUBJECTS:
            return None
        here = [s for s in window if s.start >= sent_start
                and getattr(self.kb.actors.get(s.kb_id_), "type", "") == "Person"]
        if len({s.kb_id_ for s in here}) != 1 or here[0].kb_id_ not in best:
            return None
        return here[0] if _top(here[0].root).dep_ in SUBJECTS else None

    def _co_argument(self, ante: Span, window: list[Span]) -> bool:
        """Another actor is an argument of the antecedent's verb of joint action ("Hamas met
        Egypt", "Hamas signed a deal with Egypt")."""
        verb = _argument_of(_top(ante.root))
        if verb is None or self.doc[verb].lemma_.lower() not in self.rules.joint_verbs:
            return False
        return any(s.kb_id_ != ante.kb_id_ and _argument_of(_top(s.root)) == verb
                   or (_top(s.root).head.lower_ == "with" and _dominates(self.doc[verb], s.root))
                   for s in window)

    def _between(self, ante: Span, tok: Token, anaphor: Anaphor) -> bool:
        """Another compatible actor between the antecedent and the pronoun in its sentence, as
        an object or a possessor ("the EU imposed sanctions on Syria because of its role",
        "mining Iran's ports, blockading its ships"): either could be meant."""
        sent = tok.sent
        if ante.start < sent.start:
            return False
        for span in self.actors:
            if span.start < ante.end or span.end > tok.i:
                continue
            actor = self.kb.actors.get(span.kb_id_)
            if actor is None or span.kb_id_ == ante.kb_id_ or actor.type not in anaphor.types:
                continue
            if span.root.dep_ in OBJECTS | {"pobj", "poss"}:  # not "Greek rights"
                return True
        return False

    def _unknown_type(self, span: Span) -> str:
        if span.label_ == "PERSON":
            return "Person"
        return self.kb.unknown_org_type(span.text) if span.label_ == "ORG" else ""

    def _salience(self, span: Span, anaphor: Token, k: int) -> float:
        tok = _top(span.root)
        penalty = MODIFIER_PENALTY if span.root.dep_ in MODIFIER_DEPS else 0
        return self._score(tok, anaphor, k) - penalty

    def _score(self, tok: Token, anaphor: Token, k: int) -> float:
        dist = k - bisect.bisect_right(self.sent_starts, tok.i) + 1
        dep = tok.dep_
        role = ("subject" if dep in SUBJECTS else "object" if dep in OBJECTS
                else "oblique" if dep in ("pobj", "agent") else "other")
        score = RECENCY * 0.5 ** dist + ROLE_WEIGHT[role]
        sent = self.sents[k - dist]
        if tok.head.i == sent.root.i or tok.i == sent.root.i:
            score += MAIN_CLAUSE
        if dist == 0:
            if _dominates(tok, anaphor):
                score += OWN_PHRASE  # "Ukraine and its allies": inside the actor's phrase
            elif role == "subject" and _governed(tok.head, anaphor) == 1:
                score += OWN_CLAUSE  # "Russia sent its troops"
            elif role == "subject" and _governed(tok.head, anaphor) == 2:
                score += GOVERNING_SUBJECT  # "Russia said it would"
        return score

    def _bound(self, anaphor: Token, span: Span) -> bool:
        """The actor, named in the anaphor's sentence, cannot be what it stands for: a
        co-argument of the same verb ("Russia armed them"), the subject of "X is its Y", or for
        a description an actor whose phrase commands it ("U.S. troops in the country")."""
        top = _top(span.root)
        if anaphor.dep_ == "poss":
            head = anaphor.head
            return _dominates(head, span.root) or (
                head.dep_ in ("attr", "acomp") and head.head.lemma_ == "be"
                and top.dep_ in SUBJECTS and top.head.i == head.head.i)
        verb = _argument_of(anaphor)
        if verb is not None and verb == _argument_of(top) and span.root.dep_ != "poss":
            return True  # (a possessor is not the argument: "During her term she ...")
        return anaphor.pos_ != "PRON" and top.head.i != top.i and _dominates(top.head, anaphor)

    def _coordinated(self, span: Span) -> bool:
        """Part of a coordination with another actor ("Russia and China", "the United States
        and its NATO allies")."""
        tok = span.root
        while tok.dep_ in MODIFIER_DEPS and tok.head.i != tok.i:
            tok = tok.head
        for conj in tok.conjuncts:
            for t in conj.subtree:
                other = self.by_token.get(t.i)
                if other is not None and other.kb_id_ != span.kb_id_:
                    return True
        return False

    def _nouns(self, anaphor: Token, rules: Anaphor, window_start: int) -> list[_Candidate]:
        """Nouns in the window that are not actors but agree with the pronoun in number."""
        out = []
        plural_tags = ("NNS", "NNPS")
        for tok in self.doc[window_start : anaphor.i]:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in self.by_token:
                continue
            if tok.dep_ not in SUBJECTS | OBJECTS | {"pobj"}:
                continue
            if (tok.tag_ in plural_tags) != rules.plural:
                continue
            if tok.i == anaphor.head.i:
                continue  # the noun the possessive belongs to
            if not rules.plural and tok.lemma_.lower() in self.rules.part_nouns and any(
                self.by_token.get(t.i) is not None for c in tok.lefts if c.dep_ in MODIFIER_DEPS
                for t in c.subtree
            ):
                continue  # "the Russian government": a part of the actor, not a rival
            verb = _argument_of(anaphor)
            if verb is not None and verb == _argument_of(tok):
                continue
            k = bisect.bisect_right(self.sent_starts, anaphor.i) - 1
            out.append(_Candidate(None, self._score(tok, anaphor, k)))
        return out
