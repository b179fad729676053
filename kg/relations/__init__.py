"""The relations stage: sentences with actor mentions in, :class:`kg.types.Assertion` out."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.actors import SPAN_KEY, span_actor
from kg.kb import KnowledgeBase, load_kb
from kg.relations import dating
from kg.relations.extract import CONFIDENCE, Found, RelationExtractor
from kg.relations.lexicon import Lexicon, load_lexicon
from kg.types import Actor, Assertion, Mention

__all__ = ["Found", "Lexicon", "RelationExtractor", "doc_assertions", "load_lexicon"]


def _mention(span: Span, doc_id: str, kb: KnowledgeBase) -> Mention:
    return Mention(doc_id, span.start_char, span.end_char, span.text, span_actor(span, kb),
                   span._.kg_via, span._.kg_sector)


def _represented(m: Mention, kb: KnowledgeBase, date: str, other: Mention | None = None,
                 period: tuple[str, str] | None = None) -> Mention | None:
    """A person's mention as a mention of the state or organisation they act for, if one.

    Only while they hold its office on the document's date (not a "former" one, not outside
    their term) and only when they act outward: a relation between a person and their own
    country (or an actor of it) stays the person's. Candidates, legislators and opposition
    leaders hold no office of the state and act as themselves. With ``period`` (the year the
    sentence names, :func:`kg.relations.dating.act_period`) the offices are those of that
    year, "former" or not: "Chirac opposed the war in 2003".
    """
    if m.actor.type != "Person" or not m.actor.known or (m.via == "former" and period is None):
        return None
    terms = (dating.offices_during(kb, m.actor.id, period) if period
             else kb.offices_of(m.actor.id, date))
    leading = {o.of_id for o in terms if o.leading}
    led = leading.pop() if len(leading) == 1 else None
    if led is None and not leading:
        served = {o.of_id for o in terms}
        led = served.pop() if len(served) == 1 else None
    if led is None:
        return None
    if other is not None:
        home = {led, m.actor.country} - {""}
        theirs = {other.actor.id, other.actor.country, other.actor.iso3} - {""}
        if home & theirs:
            return None  # "Sanders attacked Trump" is not the United States against itself
    return Mention(m.doc, m.start, m.end, m.text, kb.actor(led), "attributed")


def _party(actor: Actor) -> bool:
    """Whether ``actor`` can be a party to an event relation: a knowledge-base actor or an
    armed group. Other names only the statistical model found (a ship, an oil rig, an airline,
    a ministry's department, a town) are not geopolitical actors, and a person the knowledge
    base does not know cannot be attributed to the state they act for."""
    return actor.known or actor.type == "ArmedGroup"


def _fits(source: Actor, relation: str, target: Actor) -> bool:
    """Domain and range of the structural relations (ontology/kg.ttl)."""
    if relation == "memberOf":
        return target.type in ("Organization", "ArmedGroup") and source.type != "Person" or (
            source.type == "Person" and target.type == "ArmedGroup")
    if relation == "leaderOf":
        return source.type == "Person" and target.type != "Person"
    return True


_TITLE_WORDS: dict[int, frozenset[str]] = {}  # the last word of every office title, per KB


def _introduced(doc: Doc, kb: KnowledgeBase) -> set[str]:
    """The persons the document introduces: named in full once, or by surname after a title
    ("President Bush"). Only they get a ``leaderOf`` from the knowledge base's offices alone: an
    article that names a leader by surname only ("Putin's war machine") does not say what he
    leads."""
    words = _TITLE_WORDS.get(id(kb))
    if words is None:
        words = _TITLE_WORDS[id(kb)] = frozenset(
            t.split()[-1] for terms in kb.offices.values() for o in terms
            for t in [o.title.lower()] if t)
    return {span.kb_id_ for span in doc.spans.get(SPAN_KEY, [])
            if span._.kg_via != "surname"
            or span.start > 0 and doc[span.start - 1].lower_ in words}


def doc_assertions(doc: Doc, doc_id: str, kb: KnowledgeBase | None = None) -> list[Assertion]:
    """The assertions of a doc processed by ``kg_actors`` and ``kg_relations``, in text order.

    A person's act is attributed to what they lead or serve ("Biden warned North Korea": the
    United States threatens North Korea), marked ``attributed``; a leader named with a known
    office gets a ``leaderOf`` assertion once per document.
    """
    kb = kb or load_kb()
    date = doc._.kg_date
    out: list[Assertion] = []
    seen: set[tuple] = set()

    def _serves(person: Mention, other: Mention) -> bool:
        if person.actor.type != "Person" or not person.actor.known:
            return False
        return other.actor.id == kb.led_by(person.actor.id, date) or other.actor.id in {
            o.of_id for o in kb.offices_of(person.actor.id, date)}

    def add(src: Mention, rel: str, tgt: Mention, sent: Span, conf: float, negated: bool,
            hedged: bool, attributed: bool, rule: str, cameo: str = "") -> None:
        if src.actor.id == tgt.actor.id or not _fits(src.actor, rel, tgt.actor):
            return
        if rel not in ("leaderOf", "memberOf") and not (_party(src.actor) and _party(tgt.actor)):
            return
        if rel not in ("leaderOf", "memberOf") and (_serves(src, tgt) or _serves(tgt, src)):
            return  # "Zelensky helps Ukraine": an office holder and their own state
        key = (src.start, src.actor.id, rel, tgt.start, tgt.actor.id)
        if key in seen:
            return
        seen.add(key)
        out.append(Assertion(doc_id, src, rel, tgt, sent.start_char, sent.end_char, sent.text,
                             conf, negated, hedged, attributed, rule, cameo))

    found: list[Found] = doc._.kg_relations or []
    leaders_done: set[str] = {f.source.kb_id_ for f in found if f.relation == "leaderOf"}
    recent = dating.just_before(date) if date else None

    def _acting_for(m: Mention, other: Mention, year: tuple[str, str] | None) -> Mention | None:
        # On the document's date; else in the year the sentence names (the knowledge base's
        # terms are incomplete, so a year only adds an office); else in an office that ended
        # just before the document (its report is on that tenure), unless called "former".
        return (_represented(m, kb, date, other)
                or (year and _represented(m, kb, date, other, year))
                or (recent and m.via != "former" and _represented(m, kb, date, other, recent))
                or None)
    for f in found:
        src, tgt = _mention(f.source, doc_id, kb), _mention(f.target, doc_id, kb)
        if f.relation in ("leaderOf", "memberOf"):
            add(src, f.relation, tgt, f.sentence, f.confidence, f.negated, f.hedged, False, f.rule)
            continue
        year = dating.act_period(f.sentence, date)
        src_state, tgt_state = _acting_for(src, tgt, year), _acting_for(tgt, src, year)
        if src_state or tgt_state:
            add(src_state or src, f.relation, tgt_state or tgt, f.sentence, f.confidence,
                f.negated, f.hedged, True, f.rule, f.cameo)
        else:
            add(src, f.relation, tgt, f.sentence, f.confidence, f.negated, f.hedged, f.attributed,
                f.rule, f.cameo)
    introduced = _introduced(doc, kb)
    for span in doc.spans.get(SPAN_KEY, []):
        actor = span_actor(span, kb)
        if actor.type != "Person" or actor.id in leaders_done or not actor.known \
                or span._.kg_via == "former":  # "former President X": no current leaderOf
            continue
        if span.kb_id_ not in introduced:  # "Putin's war machine" does not say who he leads
            continue
        led = kb.led_by(actor.id, date)
        # Without a date, only someone who never held any other kind of office: Boris Johnson
        # named in 2016 was foreign secretary, not prime minister.
        if led is not None and not date and not all(o.leading for o in kb.offices_of(actor.id)):
            led = None
        if led is not None:
            leaders_done.add(actor.id)
            m = _mention(span, doc_id, kb)
            target = Mention(doc_id, m.start, m.end, m.text, kb.actor(led), "kb-office")
            add(m, "leaderOf", target, span.sent, CONFIDENCE["kb-office"], False, False, False,
                "kb-office")
    out.sort(key=lambda a: (a.sentence_start, a.source.start, a.target.start, a.relation))
    return out
