"""What coreference knows of persons: their gender, and the people a text names by a noun
(see :mod:`kg.coref`; used by ``kg.coref.resolve._Document``)."""

from __future__ import annotations

from spacy.tokens import Span, Token

__all__: list[str] = []

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


class _Persons:
    """Person helpers of a ``_Document`` (its ``rules``, ``kb``, ``doc``, ``actors``,
    ``by_token`` and ``genders``)."""

    def _gender(self, span: Span) -> str:
        """"male", "female" or "" for a person: a title before one of its mentions in the doc
        ("Mr Putin", "Queen Margrethe") or the title of an office the knowledge base gives."""
        key = span.kb_id_ if span.kb_id_ in self.kb.actors else span.text
        if key not in self.genders:
            self.genders[key] = self._find_gender(key)
        return self.genders[key]

    def _find_gender(self, key: str) -> str:
        rules, doc = self.rules, self.doc
        found = set()
        for s in self.actors:
            if (s.kb_id_ if s.kb_id_ in self.kb.actors else s.text) != key or s._.kg_via == "coref":
                continue
            before = [doc[i].lower_.rstrip(".") for i in range(max(s.start - 2, 0), s.start)]
            words = [" ".join(before[-2:]), before[-1] if before else "", s[0].lower_.rstrip(".")]
            found |= {"male" for w in words if w in rules.male_titles}
            found |= {"female" for w in words if w in rules.female_titles}
        for o in self.kb.offices_of(key):
            title = o.title.lower()
            found |= {"male"} if title in rules.male_titles else set()
            found |= {"female"} if title in rules.female_titles else set()
        return found.pop() if len(found) == 1 else ""

    def _person_nouns(self, anaphor: Token, window_start: int) -> bool:
        """A person the window names by a noun ("the envoy", "a soldier"), not as the title of
        a named person ("President Putin", "Putin, the president,"): they could be "he"."""
        for tok in self.doc[window_start : anaphor.i]:
            if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.i in self.by_token \
                    or tok.lemma_.lower() not in self.rules.person_nouns:
                continue
            if tok.dep_ not in SUBJECTS | {"dobj", "dative", "pobj", "appos", "conj"} \
                    or tok.head.lower_ == "as" or not any(
                        c.dep_ in ("det", "poss") for c in tok.children):
                continue  # "as mayor", "became president": what the person is, not another
            near = [tok.head, *tok.children]
            if any(self.by_token.get(t.i) is not None and self.by_token[t.i].label_ == "PERSON"
                   for t in near):
                continue
            return True
        return False
