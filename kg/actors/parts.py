"""A state's parts and offices: sectors after a state's name, role phrases, "former"."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.actors.spans import _POSSESSIVE, CONTAINER_LABELS, NOT_AN_ACTOR

__all__ = ["Parts"]


class Parts:
    """Mixin of :class:`kg.actors.ruler.ActorRuler`: sectors, Group actors, roles, "former"."""

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
        k = i
        while k < len(doc) and doc[k].lower_ in self.kb.title_modifiers:
            k += 1  # "deputy foreign minister" is the foreign ministry's part, not a sheriff's
        if i < k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN", "ADJ"):
            i = k
        for skip in (0, 1):  # one adjective between: "Poland's current interior minister"
            j = i + skip
            if skip and (i >= len(doc) or (doc[i].pos_ not in ("ADJ", "PROPN", "NOUN")
                                           and doc[i].tag_ not in ("VBG", "VBN"))
                         or doc[i].ent_type_ in ("PERSON",)):  # "its ruling junta"
                break
            lowers = tuple(t.lower_ for t in doc[j:j + self.agent_len])  # read once (speed)
            for n in range(min(self.agent_len, len(doc) - j), 0, -1):
                sector = self.agents.get(lowers[:n])
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
