"""Entities the statistical model finds and the knowledge base does not know (``x-`` actors)."""

from __future__ import annotations

import unicodedata

from spacy.tokens import Doc, Span

from kg.actors.spans import _POSSESSIVE, CONNECTORS, UNKNOWN_TYPES, unknown_actor_id

__all__ = ["Unknown"]


class Unknown:
    """Mixin of :class:`kg.actors.ruler.ActorRuler`: junk filters and unknown actors."""

    def _junk(self, doc: Doc, start: int, end: int, label: str) -> bool:
        """Model entities that are not actors: time zones, bylines, common words, text in
        another script, markup, words the text does not write as a name."""
        span = doc[start:end]
        text = span.text
        words = [t for t in span if t.is_alpha or any(c.isalpha() for c in t.text)]
        if not words or text.lower() in self.kb.junk_words:
            return True
        bare = text.lower()[4:] if text.lower().startswith("the ") else text.lower()
        if bare in self.kb.generic_bodies:
            return True  # "Congress", "the Senate": whose body is not said
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
               and not (t.i - 2 >= start and doc[t.i - 1].text == "-" and not doc[t.i - 2].whitespace_)
               for t in words):  # ("Ho-jen" is one hyphenated name)
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
            misspelt = self._misspelt(doc, ent, known, unresolved)
            if misspelt is not None:
                out.append(misspelt)
                continue
            actor_type = UNKNOWN_TYPES.get(ent.label_)
            if actor_type is None or any(ent.start < s.end and s.start < ent.end for s in known):
                continue
            start, end = ent.start, ent.end
            # "Vermont Bernie Sanders": a place or state named before the person is not part of them
            while actor_type == "Person" and start < end - 1 and any(
                    s <= start < t and t < end for (s, t) in places):
                start = min(t for (s, t) in places if s <= start < t)
            if any(start < s.end and s.start < end and not (
                    actor_type != "Person" and self._place_inside(s, start, end, found))
                   for s in unresolved):
                continue  # a place inside an organisation's name is its country, not a block
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
            if actor_type == "Person" and self._titled(doc, span):  # "President Alvarez of Peru"
                span._.kg_country = self._state_after_of(doc, end, found)
            if actor_type == "Person" and not span._.kg_country:
                span._.kg_country = self._state_with_title(doc, start, end, known)
            if actor_type != "Person":  # "the Mongolian People's Party": an actor of Mongolia
                inner = {a for (s, t), cands in found.items() if start <= s and t <= end
                         for a, k, _ in cands if a and k not in ("surname", "family")
                         and self.kb.actors[a].type == "State"
                         and (k != "place" or (s, t) != (start, end))}
                if len(inner) == 1:
                    span._.kg_country = inner.pop()
            out.append(span)
        return out

    @staticmethod
    def _place_inside(span: Span, start: int, end: int, found) -> bool:
        """A place inside the entity ``start:end``, not its first words ("Kano State" in "the
        Health Council of Kano State"): the entity's country, no block. A place first may be
        a locative glued to a name ("Vermont Bernie Sanders"): it still blocks."""
        cands = found.get((span.start, span.end), [])
        return bool(cands) and all(k == "place" for _, k, _ in cands) \
            and start < span.start and span.end <= end  # not first: "Vermont Bernie Sanders"

    def _misspelt(self, doc: Doc, ent: Span, known: list[Span], unresolved: list[Span]) -> Span | None:
        """A one-word entity that misspells one state's name ("Venezualan"): that state's mention,
        ``via="spelling"`` (see :mod:`kg.actors.spelling`)."""
        start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) == 2 else 0)
        if ent.end - start != 1 or any(start < s.end and s.start < ent.end
                                       for s in list(known) + list(unresolved)):
            return None
        before_noun = ent.end < len(doc) and doc[ent.end].pos_ == "NOUN"
        state = self.spelling.state_of(doc[start].text, ent.label_, before_noun)
        if state is None:
            return None
        return self._span(doc, start, ent.end, self.kb.actors[state], "spelling")

    def _state_with_title(self, doc: Doc, start: int, end: int, known: list[Span]) -> str:
        """The state of an office title written with a person's name: before it ("Ugandan Lt.
        Gen. X", "Russia's deputy prime minister X") or in an apposition after it ("X, Taiwan's
        deputy foreign minister"). "" when there is none."""
        def title_word(t) -> bool:
            return t.lower_ in self.titles_words or t.lower_ in self.kb.title_modifiers \
                or t.text in _POSSESSIVE or t.lower_ in self.agent_words
        for s in known:
            actor = self.kb.actors.get(s.kb_id_)
            if actor is None or actor.type != "State":
                continue
            if s.end < start and start - s.end <= 6 and all(title_word(t) for t in doc[s.end:start]) \
                    and any(t.lower_ in self.titles_words for t in doc[s.end:start]):
                return actor.id
            if s.start == end + 1 and doc[end].text == "," and s._.kg_sector in self.kb.own_sectors:
                return actor.id
        return ""

    def _state_after_of(self, doc: Doc, end: int, found) -> str:
        """The state named in "of <state>" (or of one of its places: "Governor X of Kano")
        just after a titled name, else ""."""
        if end >= len(doc) or doc[end].lower_ != "of":
            return ""
        for (s, _), cands in found.items():
            if s in (end + 1, end + 2) and (s == end + 1 or doc[end + 1].lower_ == "the"):
                states = {a for a, k, _ in cands if a and k not in ("surname", "family")
                          and self.kb.actors[a].type == "State"}
                if len(states) == 1:
                    return states.pop()
        return ""
