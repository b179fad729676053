"""The actor stage: the ``kg_actors`` spaCy component and the mentions it yields.

The component runs after the statistical NER. It matches every name of the knowledge base
(``ontology/names.csv``) with two phrase matchers (exact case and case-insensitive), so that
known actors are never missed or mislabelled, resolves surnames and role phrases by the
document's context and date, keeps the statistical model's other ORG, NORP and PERSON entities
as actors of their own, and drops places and outlets that are not actors.

Results go to ``doc.spans["kg_actors"]``: each span's ``kb_id_`` is the actor id and its
``label_`` the actor type. :func:`doc_mentions` turns them into :class:`kg.types.Mention`.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.kb import KnowledgeBase, load_kb
from kg.types import Actor, Mention

__all__ = ["SPAN_KEY", "ActorRuler", "doc_mentions", "unknown_actor_id"]

SPAN_KEY = "kg_actors"
#: Preference when one span names several actors: the more specific kind wins.
KIND_RANK = {"label": 0, "official": 1, "alias": 2, "abbreviation": 3, "metonym": 4,
             "demonym": 5, "surname": 6}
#: spaCy NER labels for each actor type (what doc.ents shows).
ENT_LABEL = {"State": "GPE", "Organization": "ORG", "ArmedGroup": "ORG", "Person": "PERSON"}
#: Statistical-model labels kept as actors when the knowledge base does not know them.
UNKNOWN_TYPES = {"ORG": "Organization", "NORP": "Organization", "PERSON": "Person"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
#: Model labels under which a knowledge-base surname is read as a name.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

if not Doc.has_extension("kg_date"):
    Doc.set_extension("kg_date", default="")
if not Span.has_extension("kg_via"):
    Span.set_extension("kg_via", default="")


def unknown_actor_id(label: str) -> str:
    """The id of an actor the knowledge base does not know: ``x-`` and a readable slug."""
    return "x-" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "unnamed")


@Language.factory(
    "kg_actors",
    default_config={"kb_path": None, "keep_unknown": True},
    assigns=["doc.ents", "doc.spans"],
)
def make_actor_ruler(nlp: Language, name: str, kb_path: str | None, keep_unknown: bool):
    return ActorRuler(nlp, load_kb(kb_path), keep_unknown=keep_unknown)


class ActorRuler:
    """Find and resolve actor mentions; see the module docstring."""

    def __init__(self, nlp: Language, kb: KnowledgeBase, keep_unknown: bool = True):
        self.kb = kb
        self.keep_unknown = keep_unknown
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.fold = PhraseMatcher(nlp.vocab, attr="LOWER")
        groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for n in kb.names:
            groups[(n.case, n.actor_id, n.kind)].append(n.text)
        for (case, actor_id, kind), texts in sorted(groups.items()):
            matcher = self.exact if case == "exact" else self.fold
            patterns = [nlp.make_doc(t) for t in sorted(set(texts))]
            matcher.add(f"{actor_id}\t{kind}", patterns)
        self.titles = sorted(
            {o.title.lower() for terms in kb.offices.values() for o in terms if o.title},
            key=lambda t: -len(t.split()),
        )
        self.surnames: dict[str, list[str]] = defaultdict(list)
        for n in kb.names:
            if n.kind == "surname":
                self.surnames[n.text].append(n.actor_id)

    # -- matching --------------------------------------------------------------------------
    def _kb_candidates(self, doc: Doc) -> dict[tuple[int, int], list[tuple[str, str]]]:
        found: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
        for matcher in (self.exact, self.fold):
            for match_id, start, end in matcher(doc):
                actor_id, kind = doc.vocab.strings[match_id].split("\t")
                found[(start, end)].append((actor_id, kind))
        return found

    def _resolve(self, doc: Doc, span: Span, cands: list[tuple[str, str]], seen: dict[str, int],
                 ents: list[Span], states: set[str]) -> tuple[str, str] | None:
        """Pick one actor for a span that names several (surnames above all), or None."""
        cands = sorted(set(cands), key=lambda c: (KIND_RANK.get(c[1], 9), c[0]))
        best_rank = KIND_RANK.get(cands[0][1], 9)
        top = [c for c in cands if KIND_RANK.get(c[1], 9) == best_rank]
        if top[0][1] != "surname":
            return top[0]
        # A surname alone ("Kim", "May"): someone already named in full in this document;
        # else, only where the model also reads a person there (not "in May"), the one
        # candidate, or the one in office on the document's date over a state it names.
        named = [c for c in top if c[0] in seen]
        if named:
            return max(named, key=lambda c: seen[c[0]])
        if not self._reads_as_name(span, ents):
            return None
        if len(top) == 1:
            return top[0]
        date = doc._.kg_date
        if date:
            current = [c for c in top
                       if any(o.of_id in states for o in self.kb.offices_of(c[0], date))]
            leading = [c for c in current
                       if any(o.leading for o in self.kb.offices_of(c[0], date))]
            heads = [c for c in leading if any(o.role in ("head_of_state", "supreme_leader")
                                               for o in self.kb.offices_of(c[0], date))]
            for group in (current, leading, heads):  # "Kim" in 2023: the leader, not the premier
                if len(group) == 1:
                    return group[0]
        return None

    @staticmethod
    def _reads_as_name(span: Span, ents: list[Span]) -> bool:
        """The model reads a name there: a proper noun not inside a date or a number
        ("Trump said", but not "in May")."""
        for e in ents:
            if e.start <= span.start and span.end <= e.end:
                return e.label_ in NAME_LABELS
        return all(t.pos_ == "PROPN" for t in span)

    def __call__(self, doc: Doc) -> Doc:
        found = self._kb_candidates(doc)
        model_ents = list(doc.ents)
        # A model PERSON that strictly contains a non-person KB name ("Michael Jordan",
        # "George Washington") is a person, not the state.
        blockers = [
            e for e in model_ents
            if e.label_ == "PERSON"
            and not any((s, t) in found for s, t in [(e.start, e.end)])
        ]
        spans = []
        for (start, end), cands in found.items():
            if any(b.start <= start and end <= b.end and (b.start, b.end) != (start, end)
                   and all(self.kb.actors[a].type != "Person" for a, _ in cands) for b in blockers):
                continue
            spans.append(Span(doc, start, end, label="KB"))
        spans = sorted(filter_spans(spans), key=lambda s: s.start)

        seen: dict[str, int] = {}
        states = {a for (s, e), cands in found.items() for a, kind in cands if kind != "surname"}
        out: list[Span] = []
        unresolved: list[Span] = []
        for span in spans:
            choice = self._resolve(doc, span, found[(span.start, span.end)], seen, model_ents,
                                   states)
            if choice is None:
                unresolved.append(span)  # an ambiguous surname: no actor, known or new
                continue
            actor_id, kind = choice
            actor = self.kb.actors[actor_id]
            start = span.start
            if doc[start].lower_ == "the" and span.end - start > 1 and kind != "metonym":
                start += 1  # "the United States": the mention is "United States"
            if actor.type == "Person" and kind != "surname":
                seen[actor_id] = span.start
            out.append(self._span(doc, start, span.end, actor, kind))
        out.extend(self._roles(doc, out))
        if self.keep_unknown:
            out.extend(self._unknown(doc, model_ents, out + unresolved))
        out = sorted(filter_spans(out), key=lambda s: s.start)
        doc.spans[SPAN_KEY] = out
        others = [e for e in model_ents if not any(e.start < s.end and s.start < e.end for s in out)]
        doc.ents = sorted(out + others, key=lambda s: s.start)
        return doc

    def _span(self, doc: Doc, start: int, end: int, actor: Actor, via: str) -> Span:
        label = "NORP" if via == "demonym" else ENT_LABEL[actor.type]
        span = Span(doc, start, end, label=label, kb_id=actor.id)
        span._.kg_via = via
        return span

    def _roles(self, doc: Doc, known: list[Span]) -> list[Span]:
        """'the Russian president', 'U.S. Secretary of State' with no name after it: the office
        holder on the document's date (only when the document has a date)."""
        date = doc._.kg_date
        if not date:
            return []
        out = []
        for span in known:
            if self.kb.actors[span.kb_id_].type != "State":
                continue
            for title in self.titles:
                n = len(title.split())
                words = doc[span.end : span.end + n]
                if len(words) == n and words.text.lower() == title:
                    after = doc[span.end + n] if span.end + n < len(doc) else None
                    if after is not None and after.pos_ == "PROPN":
                        break  # a name follows: the name is the mention
                    holders = self.kb.holders(title, span.kb_id_, date)
                    if len(holders) == 1:
                        out.append(self._span(doc, span.end, span.end + n,
                                              self.kb.actors[holders[0]], "role"))
                    break
        return out

    def _unknown(self, doc: Doc, ents: list[Span], known: list[Span]) -> list[Span]:
        out = []
        for ent in ents:
            actor_type = UNKNOWN_TYPES.get(ent.label_)
            if actor_type is None or any(ent.start < s.end and s.start < ent.end for s in known):
                continue
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct
                                   or not any(c.isalnum() for c in doc[end - 1].text)):
                end -= 1
            while start < end and (doc[start].is_punct or not any(c.isalnum() for c in doc[start].text)):
                start += 1
            if start >= end:
                continue
            text = doc[start:end].text
            if ">" in text or "<" in text:  # markup left in the text ("Boeing Co>")
                continue
            if (self.kb.is_non_actor(text) or len(text) < 2 or not any(c.isalpha() for c in text)
                    or text.islower() or end - start > 8 or "\n" in text):
                continue
            if actor_type == "Organization" and ent.label_ == "ORG":
                actor_type = self.kb.unknown_org_type(text)
            actor = Actor(unknown_actor_id(text), text, actor_type)
            span = Span(doc, start, end, label=ent.label_, kb_id=actor.id)
            span._.kg_via = "model"
            out.append(span)
        return out


def span_actor(span: Span, kb: KnowledgeBase | None = None) -> Actor:
    """The actor a ``kg_actors`` span names."""
    kb = kb or load_kb()
    actor = kb.actors.get(span.kb_id_)
    if actor is not None:
        return actor
    actor_type = UNKNOWN_TYPES.get(span.label_, "Organization")
    if span.label_ == "ORG":
        actor_type = kb.unknown_org_type(span.text)
    return Actor(span.kb_id_, span.text, actor_type)


def doc_mentions(doc: Doc, doc_id: str, kb: KnowledgeBase | None = None) -> list[Mention]:
    """The actor mentions of a processed doc, in text order."""
    return [
        Mention(doc_id, s.start_char, s.end_char, s.text, span_actor(s, kb), s._.kg_via)
        for s in doc.spans.get(SPAN_KEY, [])
    ]
