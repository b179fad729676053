"""The ``kg_actors`` spaCy component: match the knowledge base's names, resolve, add the rest."""

from __future__ import annotations

from collections import defaultdict

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from kg.actors.parts import Parts
from kg.actors.patterns import kb_patterns, name_words, pattern_texts
from kg.actors.resolve import Resolver
from kg.actors.spelling import Misspellings
from kg.actors.spans import _POSSESSIVE, ENT_LABEL, NON_ACTOR, NOT_AN_ACTOR, SPAN_KEY
from kg.actors.unknown import Unknown
from kg.kb import KnowledgeBase, load_kb
from kg.types import Actor

__all__ = ["ActorRuler", "make_actor_ruler"]


@Language.factory(
    "kg_actors",
    default_config={"kb_path": None, "keep_unknown": True},
    assigns=["doc.ents", "doc.spans"],
)
def make_actor_ruler(nlp: Language, name: str, kb_path: str | None, keep_unknown: bool):
    return ActorRuler(nlp, load_kb(kb_path), keep_unknown=keep_unknown)



class ActorRuler(Resolver, Parts, Unknown):
    """Find and resolve actor mentions; see the module docstring."""

    def __init__(self, nlp: Language, kb: KnowledgeBase, keep_unknown: bool = True):
        self.kb = kb
        self.keep_unknown = keep_unknown
        # The matchers get their own vocabulary, without the English lexical attributes: adding
        # a rule makes a lexeme of its key, and the patterns are the words' hashes, not Docs.
        # Matching reads only the hashes of the document's tokens, so the matches are the same.
        self.exact = PhraseMatcher(Vocab(), attr="ORTH")
        self.fold = PhraseMatcher(Vocab(), attr="LOWER")
        self.dated: dict[tuple[str, str], list] = defaultdict(list)  # (actor, lower text) -> names
        for n in kb.names:
            if n.since or n.until:
                self.dated[(n.actor_id, n.text.lower())].append(n)
        rules = kb_patterns(kb)
        words = name_words(nlp, kb, pattern_texts(kb, rules))
        lower = nlp.vocab.lex_attr_getters.get(LOWER, str.lower)
        self._keys: dict[int, str] = {}  # match id -> rule key
        for case, key, texts in rules:
            if case == "exact":
                self.exact.add(key, [[hash_string(w) for w in words[t]] for t in texts])
            else:
                self.fold.add(key, [[hash_string(lower(w)) for w in words[t]] for t in texts])
            self._keys[hash_string(key)] = key
        self.agents = {tuple(lower(w) for w in words[phrase]): kb.agents[phrase]
                       for phrase in sorted(kb.agents)}
        self.agent_len = max((len(k) for k in self.agents), default=0)
        self.agent_words = frozenset(w for k in self.agents for w in k)
        self.titles = sorted(
            {o.title.lower() for terms in kb.offices.values() for o in terms
             if o.title and o.role != "official"},
            key=lambda t: -len(t.split()),
        )
        self.titles_words = frozenset(w for t in self.titles for w in t.split()) | frozenset(
            k[0] for k in self.agents if len(k) == 1) | kb.office_titles
        self.spelling = Misspellings(kb, nlp)
        self.surnames: dict[str, list[str]] = defaultdict(list)
        for n in kb.names:
            if n.kind == "surname":
                self.surnames[n.text].append(n.actor_id)

    # -- matching --------------------------------------------------------------------------
    def _kb_candidates(self, doc: Doc) -> dict[tuple[int, int], list[tuple[str, str, str]]]:
        """(start, end) -> [(actor id, kind, sector)]; a known non-actor is ("", "non", "")."""
        found: dict[tuple[int, int], list[tuple[str, str, str]]] = defaultdict(list)
        date = doc._.kg_date
        for matcher in (self.exact, self.fold):
            for match_id, start, end in matcher(doc):
                key = self._keys[match_id]
                if key == NON_ACTOR:
                    found[(start, end)].append(("", "non", ""))
                    continue
                actor_id, kind, sector = key.split("\t")
                dated = self.dated.get((actor_id, doc[start:end].text.lower()))
                if dated and not any(n.covers(date) for n in dated):
                    continue  # "Yugoslavia" in 1995 is not the SFRY
                found[(start, end)].append((actor_id, kind, sector))
        return found


    def __call__(self, doc: Doc) -> Doc:
        found = self._kb_candidates(doc)
        model_ents = list(doc.ents)
        # A model PERSON that strictly contains a non-person KB name ("Michael Jordan",
        # "George Washington") is a person, not the state.
        blockers = [
            e for e in model_ents
            if e.label_ == "PERSON"
            and not any((s, t) in found for s, t in [(e.start, e.end)])
            and not (e[-1].text in _POSSESSIVE and (e.start, e.end - 1) in found)  # "Burkina Faso’s"
        ]
        spans = []
        for (start, end), cands in list(found.items()):
            if any(b.start <= start and end <= b.end and (b.start, b.end) != (start, end)
                   and not (b.start == start and (
                       tuple(t.lower_ for t in doc[end:b.end]) in self.agents
                       or all(t.lower_ in self.titles_words or t.text == "." for t in doc[end:b.end])))
                   for b in blockers):  # "Rakhine Buddhists", "Ugandan Lt.": a name, then a part
                cands = [c for c in cands if c[0] and self.kb.actors[c[0]].type == "Person"]
                if not cands:
                    continue
                found[(start, end)] = cands
            spans.append(Span(doc, start, end, label="KB"))
        spans = sorted(filter_spans(spans), key=lambda s: s.start)

        seen: dict[str, int] = {}
        states = {a for (s, e), cands in found.items() for a, kind, _ in cands
                  if kind not in ("surname", "family", "place", "non") and a
                  and self.kb.actors[a].type == "State"}
        places = {a for cands in found.values() for a, kind, _ in cands if kind == "place"}
        # state id -> the words that name it in this document (places of it included)
        self._named: dict[str, set[str]] = defaultdict(set)
        for (s, e), cands in found.items():
            for a, kind, _ in cands:
                if a and kind not in ("surname", "family", "non"):
                    self._named[a].add(doc[s:e].text.lower())
        out: list[Span] = []
        unresolved: list[Span] = []
        for span in spans:
            cands = found[(span.start, span.end)]
            choice = self._resolve(doc, span, cands, seen, model_ents, states, places)
            if choice is None:
                if not self._rejected_surname(doc, span, cands, model_ents):
                    unresolved.append(span)  # an ambiguous surname, a non-actor: no actor
                continue
            actor_id, kind, sector = choice
            actor = self.kb.actors[actor_id]
            start = span.start
            if kind == "family":  # "Kassym-Jomart Tokayev": the mention is the full name
                given = self._given_name(doc, span, model_ents)
                start = given.start if given is not None else start
            if doc[start].lower_ == "the" and span.end - start > 1 and kind != "metonym":
                start += 1  # "the United States": the mention is "United States"
            if actor.type == "State" and kind not in ("part",) and self._inside_unknown_name(
                    span, model_ents, found):
                continue  # the unknown name around it may still be an actor (of that country)
            if actor.type == "Person" and kind not in ("surname", "family"):
                seen[actor_id] = span.start
            elif actor.type == "Person":
                seen.setdefault(actor_id, span.start)
            new = self._span(doc, start, span.end, actor, kind)
            new._.kg_sector = sector
            if actor.type == "Person" and self._former(doc, start):
                new._.kg_former = True
                new._.kg_via = "former"  # no current office: "former President X", "the late X"
            sectored = self._sector(doc, new, kind)
            if sectored is NOT_AN_ACTOR:
                unresolved.append(span)
            elif sectored is not None:
                out.append(sectored)
            elif kind != "place":  # a city or region alone is a place, not its state
                out.append(new)
            else:
                unresolved.append(span)
        out.extend(self._roles(doc, out))
        if self.keep_unknown:
            out.extend(self._unknown(doc, model_ents, out, unresolved, found))
        out = sorted(filter_spans(out), key=lambda s: s.start)
        doc.spans[SPAN_KEY] = out
        others = [e for e in model_ents if not any(e.start < s.end and s.start < e.end for s in out)]
        doc.ents = sorted(out + others, key=lambda s: s.start)
        return doc


    def _span(self, doc: Doc, start: int, end: int, actor: Actor, via: str) -> Span:
        label = "NORP" if via == "demonym" else ENT_LABEL.get(actor.type, "NORP")
        span = Span(doc, start, end, label=label, kb_id=actor.id)
        span._.kg_via = via
        return span
