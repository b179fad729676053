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
import unicodedata
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
KIND_RANK = {"label": 0, "official": 1, "alias": 2, "part": 2, "abbreviation": 3, "metonym": 4,
             "demonym": 5, "surname": 6, "place": 7, "family": 8}
#: A match of a known non-actor (company, NGO, outlet, place): it blocks shorter names inside it.
NON_ACTOR = "\tnon"
#: Model labels of names that are not actors; a state's name strictly inside one is not the state
#: ("Bank of Japan", "Northern Ireland", "British Airways"), unless the rest names a state part.
CONTAINER_LABELS = frozenset({"ORG", "GPE", "LOC", "PRODUCT"})
#: Words that join the words of a name ("Bank of Japan", "Osama bin Laden").
CONNECTORS = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "el", "al", "bin",
                        "ibn", "von", "van", "der", "den", "da", "dos", "do", "y", "&", "-", "'s",
                        "’s", "on", "in", "al-", "abu", "ben", "di", "del", "a"})
NOT_AN_ACTOR = object()
_GROUP_ID = re.compile(r"^([A-Z]{3})\.([A-Z]{3})$")
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
if not Span.has_extension("kg_sector"):
    Span.set_extension("kg_sector", default="")  # CAMEO agent code of the part that acts
if not Span.has_extension("kg_country"):
    Span.set_extension("kg_country", default="")  # an unknown actor's country ("Mongolian ... Party")
if not Span.has_extension("kg_former"):
    Span.set_extension("kg_former", default=False)  # "former", "late", "ex-" before a person


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def given_names_agree(given: str, label: str) -> bool:
    """True when a given name written in the text can be the person's ("Kassym-Jomart" and
    "Kasymzhomart", "J." and "Joe"); False for another person ("Andrew" is not "Boris").

    >>> given_names_agree("Kassym-Jomart", "Kasymzhomart Tokayev")
    True
    >>> given_names_agree("Andrew", "Boris Johnson")
    False
    """
    import difflib

    for part in given.split():
        g = _squash(part)
        if not g:
            continue
        for word in label.split()[:-1] or label.split():
            w = _squash(word)
            if not w:
                continue
            if g == w or (len(g) == 1 and w.startswith(g)) or (len(w) == 1 and g.startswith(w)):
                return True
            if len(g) >= 4 and g[0] == w[0] and difflib.SequenceMatcher(None, g, w).ratio() >= 0.75:
                return True
    return not any(_squash(p) for p in given.split())


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
        groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
        self.dated: dict[tuple[str, str], list] = defaultdict(list)  # (actor, lower text) -> names
        for n in kb.names:
            groups[(n.case, n.actor_id, n.kind, n.sector)].append(n.text)
            if n.since or n.until:
                self.dated[(n.actor_id, n.text.lower())].append(n)
        tokenizer = nlp.tokenizer
        for (case, actor_id, kind, sector), texts in sorted(groups.items()):
            matcher = self.exact if case == "exact" else self.fold
            if case == "exact" and kind in ("label", "alias", "metonym", "place"):
                # headlines and datelines write names in capitals: "TEHRAN", "KENYA"
                texts = texts + [t.upper() for t in texts if len(t) >= 5 and not t.isupper()]
            matcher.add(f"{actor_id}\t{kind}\t{sector}", list(tokenizer.pipe(sorted(set(texts)))))
        if kb.non_actor_names:
            self.fold.add(NON_ACTOR, list(tokenizer.pipe(sorted(kb.non_actor_names))))
        self.agents = {tuple(t.lower_ for t in doc): kb.agents[doc.text]
                       for doc in tokenizer.pipe(sorted(kb.agents))}
        self.agent_len = max((len(k) for k in self.agents), default=0)
        self.titles = sorted(
            {o.title.lower() for terms in kb.offices.values() for o in terms
             if o.title and o.role != "official"},
            key=lambda t: -len(t.split()),
        )
        self.titles_words = frozenset(w for t in self.titles for w in t.split()) | frozenset(
            k[0] for k in self.agents if len(k) == 1)
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
                key = doc.vocab.strings[match_id]
                if key == NON_ACTOR:
                    found[(start, end)].append(("", "non", ""))
                    continue
                actor_id, kind, sector = key.split("\t")
                dated = self.dated.get((actor_id, doc[start:end].text.lower()))
                if dated and not any(n.covers(date) for n in dated):
                    continue  # "Yugoslavia" in 1995 is not the SFRY
                found[(start, end)].append((actor_id, kind, sector))
        return found

    def _resolve(self, doc: Doc, span: Span, cands: list[tuple[str, str, str]], seen: dict[str, int],
                 ents: list[Span], states: set[str], places: set[str]
                 ) -> tuple[str, str, str] | None:
        """Pick one actor for a span that names several (surnames above all), or None."""
        if any(kind == "non" for _, kind, _ in cands):
            places = [c for c in cands if c[1] == "place"]
            if not places:
                return None  # a company, an outlet, a place: the longest known name wins
            return places[0]  # a place of a state (a non-actor alone; "Shanghai police")
        # A place of a state named in the document ("Georgia" with Atlanta, the United States):
        # the place, not the homonymous state.
        text = span.text.lower()
        for c in cands:
            if c[1] == "place" and any(k != "place" for _, k, _ in cands):
                parent = self._named.get(c[0], set()) - {text}
                homonyms = [a for a, k, _ in cands if k != "place"]
                if parent and not any(self._named.get(a, set()) - {text} for a in homonyms):
                    return c
        cands = sorted(set(cands), key=lambda c: (KIND_RANK.get(c[1], 9), c[0]))
        best_rank = KIND_RANK.get(cands[0][1], 9)
        top = [c for c in cands if KIND_RANK.get(c[1], 9) == best_rank]
        if top[0][1] not in ("surname", "family"):
            return top[0]
        # A surname ("Kim", "May"): a first name written before it must agree with the person's
        # ("Andrew Johnson" is not Boris Johnson).
        if any(e.label_ in NAME_LABELS and e.start <= span.start and span.end < e.end
               for e in ents):
            return None  # not the last word of the name: "Ali" in "Sayyid Ali Hosseini Khamenei"
        given = self._given_name(doc, span, ents)
        if given is not None:
            top = [c for c in cands if c[1] in ("surname", "family")
                   and given_names_agree(given.text, self.kb.actors[c[0]].label)]
            if not top:
                return None
            named = [c for c in top if c[0] in seen]
            if named:
                return max(named, key=lambda c: seen[c[0]])
            return top[0] if len(top) == 1 else None
        surnames = [c for c in top if c[1] == "surname"]
        families = [c for c in cands if c[1] == "family"]
        if not surnames:  # a family name alone: the one person of that name, read as a person
            person = any(e.label_ in ("PERSON", "ORG") and e.start <= span.start
                         and span.end == e.end for e in ents)
            named = [c for c in families if c[0] in seen]
            if named:
                return max(named, key=lambda c: seen[c[0]])
            if person and len(families) == 1:
                return families[0]
            return None
        top = surnames
        # A surname alone: someone already named in full in this document;
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

    def _rejected_surname(self, doc: Doc, span: Span, cands, ents: list[Span]) -> bool:
        """A surname after a first name that is no known person's ("Andrew Johnson"): the
        model's person stays an actor of its own."""
        if not all(k in ("surname", "family") for _, k, _ in cands):
            return False
        inside = [e for e in ents if e.label_ in NAME_LABELS and e.start <= span.start
                  and span.end <= e.end]
        return self._given_name(doc, span, ents) is not None or any(
            span.end < e.end for e in inside)  # "Andrew" in "Andrew Johnson" is no surname

    def _given_name(self, doc: Doc, span: Span, ents: list[Span]) -> Span | None:
        """The given name(s) written just before a surname, inside the model's PERSON entity
        ("Andrew" in "Andrew Johnson"); None when there is none ("President Johnson")."""
        for e in ents:
            if e.label_ in NAME_LABELS and e.start < span.start and span.end <= e.end + 1:
                start = span.start
                while start > e.start and (doc[start - 1].is_alpha or "-" in doc[start - 1].text) \
                        and doc[start - 1].lower_ not in self.titles_words \
                        and doc[start - 1].lower_ not in self.kb.former_words \
                        and (doc[start - 1].text[:1].isupper() or doc[start - 1].text == "-") \
                        and not doc[start - 1].ent_type_ in ("GPE", "NORP"):
                    start -= 1
                return doc[start:span.start] if start < span.start else None
        return None

    @staticmethod
    def _reads_as_name(span: Span, ents: list[Span]) -> bool:
        """The model reads a name there: a proper noun not inside a date or a number
        ("Trump said", but not "in May")."""
        for e in ents:
            if e.start <= span.start and span.end <= e.end:
                return e.label_ in NAME_LABELS
        return all(t.pos_ == "PROPN" for t in span)

    def _inside_unknown_name(self, span: Span, ents: list[Span], found) -> bool:
        """A state's name strictly inside a name the model reads and the KB does not know
        ("Bank of Japan", "Northern Ireland"): not the state. A state part is ("the Russian
        Defence Ministry")."""
        for e in ents:
            if e.label_ not in CONTAINER_LABELS or not (e.start <= span.start and span.end <= e.end):
                continue
            if (e.start, e.end) == (span.start, span.end) or (e.start, e.end) in found:
                continue
            rest = [t for t in e if (t.i < span.start or t.i >= span.end)
                    and t.lower_ not in ("the", "'s", "’s", "a", "an")]
            if not rest or any(c in t.text for t in rest for c in "-/–"):
                continue  # "the U.S.", "US-China"
            if sum(1 for (s, t) in found if e.start <= s and t <= e.end) > 1:
                continue  # two names: "Russia and Ukraine" read as one entity
            words = tuple(t.lower_ for t in rest)
            if words in self.agents or words[-1:] in self.agents:
                continue
            return True
        return False

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
        for (start, end), cands in list(found.items()):
            if any(b.start <= start and end <= b.end and (b.start, b.end) != (start, end)
                   for b in blockers):
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

    def _former(self, doc: Doc, start: int) -> bool:
        """"former President X", "the late X", "ex-minister X": up to four words before."""
        for t in doc[max(0, start - 4):start]:
            if t.lower_ in self.kb.former_words or t.lower_.startswith("ex-"):
                return True
        return False

    def _sector(self, doc: Doc, span: Span, kind: str) -> Span | None:
        """A state's part named after it ("Israeli soldiers", "Chile's Ministry of Mines",
        "Shanghai police"): the state's mention with the sector, or the Group actor of a
        non-state part ("Syrian rebels"). None when no agent noun follows."""
        actor = self.kb.actors[span.kb_id_]
        if actor.type != "State" or kind == "part":
            return None
        i = span.end
        if i < len(doc) and doc[i].lower_ in _POSSESSIVE:
            i += 1
        for skip in (0, 1):  # one adjective between: "Poland's current interior minister"
            j = i + skip
            if skip and (i >= len(doc) or doc[i].pos_ not in ("ADJ", "PROPN", "NOUN")
                         or doc[i].ent_type_ in ("PERSON",)):
                break
            for n in range(min(self.agent_len, len(doc) - j), 0, -1):
                sector = self.agents.get(tuple(t.lower_ for t in doc[j:j + n]))
                if sector is None:
                    continue
                if sector not in self.kb.own_sectors and doc[j + n - 1].text[:1].isupper() \
                        and doc[j + n - 1].ent_type_ in ("ORG", "FAC", "PRODUCT"):
                    return NOT_AN_ACTOR  # "British Airways": a name, not a part of Britain
                if sector in self.kb.state_sectors:
                    new = self._span(doc, span.start, span.end, actor, span._.kg_via)
                    new._.kg_sector = sector
                    return new
                if sector in self.kb.sector_names:
                    if doc[j + n - 1].text[:1].isupper() and doc[j + n - 1].ent_type_ in (
                            "ORG", "FAC", "PRODUCT"):
                        return NOT_AN_ACTOR  # "British Airways": a name, not a part of Britain
                    group = self.kb.group(actor.id, sector)
                    new = Span(doc, span.start, j + n, label="NORP", kb_id=group.id)
                    new._.kg_via = "group"
                    new._.kg_sector = sector
                    return new
                return None
        return None

    def _span(self, doc: Doc, start: int, end: int, actor: Actor, via: str) -> Span:
        label = "NORP" if via == "demonym" else ENT_LABEL.get(actor.type, "NORP")
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
            if self.kb.actors.get(span.kb_id_) is None or self.kb.actors[span.kb_id_].type != "State":
                continue
            if span.end >= len(doc):
                continue
            first = doc[span.end].lower_  # a title starts with the next word: skip the others
            for title in self.titles:
                if not title.startswith(first):
                    continue
                n = len(title.split())
                words = doc[span.end : span.end + n]
                if len(words) == n and words.text.lower() == title:
                    after = doc[span.end + n] if span.end + n < len(doc) else None
                    if after is not None and after.pos_ == "PROPN":
                        break  # a name follows: the name is the mention
                    holders = self.kb.holders(title, span.kb_id_, date)
                    if len(holders) == 1:
                        role = self._span(doc, span.end, span.end + n,
                                          self.kb.actors[holders[0]], "role")
                        if self._former(doc, span.start):
                            role._.kg_former, role._.kg_via = True, "former"
                        out.append(role)
                    break
        return out

    def _junk(self, doc: Doc, start: int, end: int, label: str) -> bool:
        """Model entities that are not actors: time zones, bylines, common words, text in
        another script, markup, words the text does not write as a name."""
        span = doc[start:end]
        text = span.text
        words = [t for t in span if t.is_alpha or any(c.isalpha() for c in t.text)]
        if not words or text.lower() in self.kb.junk_words:
            return True
        if any(not ch.isascii() and ch.isalpha() and "LATIN" not in unicodedata.name(ch, "")
               for ch in text):
            return True  # "Здесь": a quotation in another script
        if any(c in text for c in "[]{}|<>@#=_*\\/"):
            return True
        if any(t.lower_ in self.kb.junk_words for t in words) or doc[start].pos_ in ("ADV", "INTJ"):
            return True  # "Realistically UTC"
        if len(words) == 1 and (words[0].is_stop
                                or (doc[start].pos_ and doc[start].pos_ not in ("PROPN", "NOUN", "X"))):
            return True  # "Realistically", "Meanwhile"
        if any(not t.text[:1].isupper() and t.lower_ not in CONNECTORS and not t.text[:1].isdigit()
               for t in words):
            return True  # "the coral reef", a species name: not written as a name
        if label == "PERSON" and len(text.replace(".", "").replace(" ", "")) <= 2:
            return True
        # A byline ("By Jane Doe") or a credit line
        before = [t.lower_ for t in doc[max(0, start - 2):start]]
        if before[-1:] == ["by"] and (start < 2 or "\n" in doc[start - 2].text_with_ws
                                       or doc[start - 2].lower_ in ("reporting", "written", "edited",
                                                                    "photo", "(")):
            return True
        return False

    def _unknown(self, doc: Doc, ents: list[Span], known: list[Span], unresolved: list[Span],
                 found) -> list[Span]:
        out = []
        persons: dict[str, tuple[str, str]] = {}  # last name -> (id, label) of a full name
        for s in known:
            actor = self.kb.actors.get(s.kb_id_)
            if actor is not None and actor.type == "Person":
                persons.setdefault(actor.label.split()[-1], (actor.id, actor.label))
        places = {(s, t) for (s, t), cands in found.items()
                  if any(k == "place" or (a and self.kb.actors[a].type == "State") for a, k, _ in cands)}
        for ent in ents:
            actor_type = UNKNOWN_TYPES.get(ent.label_)
            if actor_type is None or any(ent.start < s.end and s.start < ent.end for s in known):
                continue
            start, end = ent.start, ent.end
            # "Vermont Bernie Sanders": a place or state named before the person is not part of them
            while actor_type == "Person" and start < end - 1 and any(
                    s <= start < t and t < end for (s, t) in places):
                start = min(t for (s, t) in places if s <= start < t)
            if any(start < s.end and s.start < end for s in unresolved):
                continue
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
            if (self.kb.is_non_actor(text) or len(text) < 2 or not any(c.isalpha() for c in text)
                    or text.islower() or end - start > 8 or "\n" in text
                    or self._junk(doc, start, end, ent.label_)):
                continue
            if actor_type == "Organization" and ent.label_ == "ORG":
                actor_type = self.kb.unknown_org_type(text)
            actor_id, label = unknown_actor_id(text), text
            if actor_type == "Person":
                if end - start == 1 and text in persons:  # "Sanders" after "Bernie Sanders"
                    actor_id, label = persons[text]
                else:
                    persons.setdefault(doc[end - 1].text, (actor_id, text))
            span = Span(doc, start, end, label=ent.label_, kb_id=actor_id)
            span._.kg_via = "model"
            if actor_type != "Person":  # "the Mongolian People's Party": an actor of Mongolia
                inner = {a for (s, t), cands in found.items() if start <= s and t <= end
                         for a, k, _ in cands if a and k not in ("surname", "family")
                         and self.kb.actors[a].type == "State"}
                if len(inner) == 1:
                    span._.kg_country = inner.pop()
            out.append(span)
        return out


def span_actor(span: Span, kb: KnowledgeBase | None = None) -> Actor:
    """The actor a ``kg_actors`` span names."""
    kb = kb or load_kb()
    actor = kb.actors.get(span.kb_id_)
    if actor is not None:
        return actor
    group = _GROUP_ID.match(span.kb_id_)
    if group and group.group(1) in kb.actors:
        return kb.group(group.group(1), group.group(2))
    actor_type = UNKNOWN_TYPES.get(span.label_, "Organization")
    if span.label_ == "ORG":
        actor_type = kb.unknown_org_type(span.text)
    if span.label_ == "PERSON" and span.kb_id_ != unknown_actor_id(span.text):  # "Sanders"
        return Actor(span.kb_id_, span.kb_id_[2:].replace("-", " ").title(), "Person")
    return Actor(span.kb_id_, span.text, actor_type, country=span._.kg_country)


def doc_mentions(doc: Doc, doc_id: str, kb: KnowledgeBase | None = None) -> list[Mention]:
    """The actor mentions of a processed doc, in text order."""
    return [
        Mention(doc_id, s.start_char, s.end_char, s.text, span_actor(s, kb), s._.kg_via,
                s._.kg_sector)
        for s in doc.spans.get(SPAN_KEY, [])
    ]
