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

from spacy.tokens import Span, Token

from kg.errors import KnowledgeBaseError
from kg.resources import ontology_path

if TYPE_CHECKING:
    from kg.relations.extract import _Sentence

__all__ = ["EventAnaphora", "antecedent_parties", "load_event_anaphora"]

#: Determiners that make a noun phrase definite (an anaphor) rather than new ("an accord").
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True)
class EventAnaphora:
    """The event nouns and their verbs, and the window in sentences."""

    window: int
    events: dict[str, frozenset[str]]


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
    return EventAnaphora(int(data.get("window", {}).get("sentences", 3)),
                         {k.lower(): frozenset(v) for k, v in events.items()})


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
    if getattr(x, "no_anaphora", False) or not _anaphor(tok, rules):
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
