"""Event anaphora: a definite event noun without parties of its own takes its antecedent's.

"Washington announced the withdrawal of its troops from Syria. The Kurds opposed the
withdrawal": "the withdrawal" names no actor, but it is the event named before, whose agent
is the United States, so the Kurds oppose the United States. The antecedent is the last
mention of the same noun, or of a verb of the same event (``ontology/discourse.toml``), before
the anaphor within a window of a few sentences; its parties are the agents of the verb or the
actors that modify the noun ("the Turkish-Libyan accord"). The nearest mention decides: when
it is new ("an accord") and has no party, there is no link (precision first).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.errors import KnowledgeBaseError
from kg.resources import ontology_path

if TYPE_CHECKING:
    from kg.relations.extract import _Sentence

__all__ = ["EventAnaphora", "antecedent_parties", "load_event_anaphora", "participation",
           "plural_parties", "responsibility"]

#: Determiners that make a noun phrase definite (an anaphor) rather than new ("an accord").
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True)
class EventAnaphora:
    """The event nouns and their verbs, and the window in sentences."""

    window: int
    events: dict[str, frozenset[str]]
    #: verb ("join", "take part in") -> the event nouns joining which makes one a party
    joins: dict[str, frozenset[str]]
    #: event noun -> the relation of a party that joins it with each of its parties
    joined: dict[str, str]
    #: verb -> (object noun or "", where the agent is, where the event is)
    blames: dict[str, tuple[str, str, str]]
    #: nouns of what an event produced ("the conclusions of the summit"): its parties'
    outcomes: frozenset[str] = frozenset()


def load_event_anaphora_from(path: Path) -> EventAnaphora:
    """Read event anaphora from a TOML file laid out like ``ontology/discourse.toml``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the event anaphora: {exc}") from None
    events = data.get("events", {})
    bad = [k for k, v in events.items() if not isinstance(v, list)]
    if bad:
        raise KnowledgeBaseError(f"{path}: [events] {bad[0]!r} must be a list of verb lemmas")
    part = dict(data.get("participation", {}))
    bad = [k for k, v in data.get("responsibility", {}).items()
           if not isinstance(v, dict) or not {"agent", "event"} <= set(v)]
    if bad:
        raise KnowledgeBaseError(f"{path}: [responsibility] {bad[0]!r} needs agent and event")
    joined = part.pop("relations", {})
    bad = [k for k, v in part.items() if not isinstance(v, list)] + [
        k for k, v in joined.items() if not isinstance(v, str)]
    if bad:
        raise KnowledgeBaseError(f"{path}: [participation] {bad[0]!r}: a verb takes a list of "
                                 "event nouns, [participation.relations] a relation name")
    return EventAnaphora(int(data.get("window", {}).get("sentences", 3)),
                         {k.lower(): frozenset(v) for k, v in events.items()},
                         {k.lower(): frozenset(v) for k, v in part.items()},
                         {k.lower(): v for k, v in joined.items()},
                         {k.lower(): (v.get("object", ""), v["agent"], v["event"])
                          for k, v in data.get("responsibility", {}).items()},
                         frozenset(data.get("outcomes", {}).get("nouns", [])))


@functools.cache
def load_event_anaphora(path: str | None = None) -> EventAnaphora:
    """The event anaphora shipped with kg (or those at ``path``), read once per process."""
    return load_event_anaphora_from(Path(path) if path else ontology_path("discourse.toml"))


def _anaphor(tok: Token, rules: EventAnaphora) -> bool:
    return (tok.pos_ == "NOUN" and tok.lemma_.lower() in rules.events
            and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children))


def _governed(x: _Sentence, noun: Token) -> list[Span]:
    """The parties of an event noun named as the object of a verb: the verb's subject and
    whom it is done with ("Morocco signed an accord with the EU", "Washington announced the
    withdrawal of its troops")."""
    if noun.dep_ not in ("dobj", "obj", "nsubjpass") or noun.head.pos_ != "VERB":
        return []
    verb = noun.head
    with_ = frozenset({"with", "between"})
    return x.subject_of(verb) + x.prep_objects(verb, with_) + x.prep_objects(noun, with_)


def antecedent_parties(x: _Sentence, tok: Token) -> list[Span]:
    """The parties of the event ``tok`` refers back to, or ``[]``.

    ``x`` is the sentence extractor of the anaphor; the antecedent's sentence is read with an
    extractor of its own, which does not follow anaphora again (no chains).
    """
    rules = load_event_anaphora()
    groups = x.doc._.kg_plural if Doc.has_extension("kg_plural") else None
    if groups and tok.i in groups:  # "They called on Turkey": a group named before
        return plural_parties(x, groups[tok.i])
    if getattr(x, "no_anaphora", False):
        return []
    if tok.lemma_.lower() in rules.outcomes:  # "the conclusions of the summit"
        found = [p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for o in prep.children if o.dep_ == "pobj" and _anaphor(o, rules)
                 for p in antecedent_parties(x, o)]
        if found:
            return found
    if not _anaphor(tok, rules):
        return []
    lemma = tok.lemma_.lower()
    names = rules.events[lemma] | {lemma}
    doc = x.doc
    sent = x.sent
    for _ in range(rules.window + 1):
        end = tok.i if sent.start == x.sent.start else sent.end
        for t in reversed(doc[sent.start:end]):
            if t.lemma_.lower() not in names or t.pos_ not in ("NOUN", "VERB"):
                continue
            if t.pos_ == "NOUN" and t.lemma_.lower() != lemma:
                continue  # another event noun of the same verb is another event
            other = type(x)(x.lex, doc, sent, x.by_token, x.all_spans, x.titles, x.cameo)
            other.no_anaphora = True
            if t.pos_ == "VERB":
                return other.subject_of(t)
            parties = other.actors(t) or _governed(other, t)
            if parties or not _anaphor(t, rules):
                return parties
            # "the accord" named again without parties: the same event, named earlier still
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return []


def plural_parties(x: _Sentence, heads: tuple[int, ...]) -> list[Span]:
    """The actors of a group the coreference stage found for a plural anaphor
    (``kg.coref.plural``), read in their own sentence: the antecedent mentions themselves, as
    for an event named before (a span stands for one actor, the anaphor for several)."""
    out: list[Span] = []
    for i in heads:
        head = x.doc[i]
        other = type(x)(x.lex, x.doc, head.sent, x.by_token, x.all_spans, x.titles, x.cameo)
        other.no_anaphora = True
        out += [s for s in other.actors(head) if all(o.kb_id_ != s.kb_id_ for o in out)]
    return out if len(out) >= 2 else []


def _joined_noun(verb: Token, rules: EventAnaphora) -> Token | None:
    """The event noun ``verb`` joins: its object ("joined the talks") or the object of its
    preposition ("took part in the talks", "participated in the summit")."""
    lemma = verb.lemma_.lower()
    for key, nouns in rules.joins.items():
        words = key.split()
        if words[0] != lemma:
            continue
        heads = [verb]
        if len(words) == 3:  # "take part in": the preposition on the noun or on the verb
            heads = [c for c in verb.children if c.dep_ in ("dobj", "obj")
                     and c.lower_ == words[1]]
            heads = heads + [verb] if heads else []
        for head in heads:
            if len(words) == 1:  # "seconded the call", "the call was seconded by"
                objs = [c for c in head.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
            else:
                objs = [o for p in head.children if p.dep_ == "prep" and p.lower_ == words[-1]
                        for o in p.children if o.dep_ == "pobj"]
            for o in objs:
                if o.lemma_.lower() in nouns:
                    return o
    return None


def participation(x: _Sentence) -> list[tuple[Token, str, list[Span], list[Span]]]:
    """Who joins an event of other parties in this sentence: ``(verb, relation, joiners,
    parties)``, the parties read from the noun itself or from its antecedent."""
    rules = load_event_anaphora()
    out = []
    for verb in x.sent:
        if verb.pos_ != "VERB":
            continue
        noun = _joined_noun(verb, rules)
        if noun is None:
            continue
        joiners = x.subject_of(verb)
        ids = {s.kb_id_ for s in joiners}
        parties = [p for p in x.actors(noun) + x.prep_objects(noun, frozenset({"between"}))
                   if p.kb_id_ not in ids]
        if joiners and parties:
            out.append((verb, rules.joined.get(noun.lemma_.lower(), "negotiatesWith"),
                        joiners, parties))
    return out


def _at(verb: Token, where: str) -> list[Token]:
    """The nouns of ``verb`` in a slot: "subject", "object", or a preposition (on the verb,
    its object or its adjectival complement: "held Iran responsible for")."""
    if where == "subject":
        return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if where == "object":
        return [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "obj", "acomp", "oprd",
                                                             "ccomp", "xcomp")]
    heads += [a for h in heads[1:] for a in h.children if a.dep_ == "amod"]  # "X responsible"
    return [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == where
            for o in p.children if o.dep_ == "pobj"]


def _event_targets(x: _Sentence, noun: Token, trig) -> list[Span]:
    """Whom the event ``noun`` was done to: its own target, or its antecedent's."""
    _, targets, _ = getattr(x, "_" + trig.kind)(noun, trig)
    if targets or getattr(x, "no_anaphora", False):
        return targets
    rules = load_event_anaphora()
    if not _anaphor(noun, rules):
        return []
    lemma = noun.lemma_.lower()
    names = rules.events.get(lemma, frozenset()) | {lemma}
    doc, sent = x.doc, x.sent
    for _ in range(rules.window + 1):
        end = noun.i if sent.start == x.sent.start else sent.end
        for t in reversed(doc[sent.start:end]):
            if t.lemma_.lower() not in names or t.pos_ not in ("NOUN", "VERB"):
                continue
            other = type(x)(x.lex, doc, sent, x.by_token, x.all_spans, x.titles, x.cameo)
            other.no_anaphora = True
            found = other.match(t)
            if found is None or found.relation != trig.relation:
                return []
            _, targets, _ = getattr(other, "_" + found.kind)(t, found)
            if targets:
                return targets
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return []


def responsibility(x: _Sentence) -> list[tuple[Token, str, str, list[Span], list[Span]]]:
    """Who is named as the doer of an event in this sentence: ``(verb, relation, cameo,
    agents, targets)``."""
    rules = load_event_anaphora()
    out = []
    for verb in x.sent:
        spec = rules.blames.get(verb.lemma_.lower())
        if spec is None or verb.pos_ != "VERB":
            continue
        obj, agent_at, event_at = spec
        if obj and not any(c.lower_ == obj for c in _at(verb, "object")):
            continue
        for noun in _at(verb, event_at):
            trig = x.match(noun)
            if trig is None or trig.kind != "noun" or trig.relation not in x.lex.hostile:
                continue
            agents = [a for n in _at(verb, agent_at) for a in x.actors(n)]
            targets = _event_targets(x, noun, trig) if agents else []
            if {a.kb_id_ for a in agents} & {t.kb_id_ for t in targets}:
                continue  # blamed for an act on themselves: the reading is confused
            if agents and targets:
                out.append((verb, trig.relation, trig.cameo, agents, targets))
    return out
