"""Choosing one actor for a span that names several: kinds of names, surnames, given names."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.actors.spans import KIND_RANK, NAME_LABELS, given_names_agree

__all__ = ["Resolver"]


class Resolver:
    """Mixin of :class:`kg.actors.ruler.ActorRuler`: which candidate a matched span names."""

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
        if span.start > 0 and doc[span.start - 1].lower_ in self.kb.place_prefixes:
            return None  # "St. Andrews", "San Martin": a place's name, not the person
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
            if person and len(families) == 1 and self._prominent(families[0][0], doc._.kg_date):
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
        date = doc._.kg_date
        if len(top) == 1:
            return top[0] if self._prominent(top[0][0], date) else None
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

    def _prominent(self, person_id: str, date: str) -> bool:
        """Whether a surname alone, with no full name earlier in the document, may name this
        person: one in office on the document's date, or one who ever led a state. The one
        person of a surname in the knowledge base is otherwise not the likelier reading ("Carroll"
        in 2019 is not a Canadian minister of 2004)."""
        if date and self.kb.offices_of(person_id, date):
            return True
        return any(o.leading for o in self.kb.offices_of(person_id))

    def _rejected_surname(self, doc: Doc, span: Span, cands, ents: list[Span]) -> bool:
        """A surname after a first name that is no known person's ("Andrew Johnson"): the
        model's person stays an actor of its own."""
        if not all(k in ("surname", "family") for _, k, _ in cands):
            return False
        inside = [e for e in ents if e.label_ in NAME_LABELS and e.start <= span.start
                  and span.end <= e.end]
        return self._given_name(doc, span, ents) is not None or any(
            span.end < e.end for e in inside) or (  # "Andrew" in "Andrew Johnson" is no surname
            self._titled(doc, span) and any(e.label_ == "PERSON" for e in inside))

    def _titled(self, doc: Doc, span: Span) -> bool:
        """A title written just before the name ("President Alvarez"): a person, whoever."""
        return span.start > 0 and doc[span.start - 1].lower_ in self.titles_words \
            and doc[span.start - 1].text[:1].isupper()

    def _given_name(self, doc: Doc, span: Span, ents: list[Span]) -> Span | None:
        """The given name(s) written just before a surname, inside the model's PERSON entity
        ("Andrew" in "Andrew Johnson"); None when there is none ("President Johnson")."""
        for e in ents:
            if e.label_ in NAME_LABELS and e.start < span.start and span.end <= e.end + 1:
                start = span.start
                while start > e.start and (doc[start - 1].is_alpha or "-" in doc[start - 1].text) \
                        and doc[start - 1].lower_ not in self.titles_words \
                        and doc[start - 1].lower_ not in self.kb.former_words \
                        and (doc[start - 1].text[:1].isupper() or doc[start - 1].text == "-"
                             or (start - 2 > e.start and doc[start - 2].text == "-"  # "Ho-jen"
                                 and not doc[start - 2].whitespace_)) \
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
