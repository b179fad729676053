"""Mentions of a processed doc: the actor each ``kg_actors`` span names."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.actors.spans import _GROUP_ID, SPAN_KEY, UNKNOWN_TYPES, unknown_actor_id
from kg.kb import KnowledgeBase, load_kb
from kg.types import Actor, Mention

__all__ = ["doc_mentions", "lone_surnames", "one_type_per_id", "span_actor"]


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


def lone_surnames(actors, persons=frozenset()) -> dict[str, Actor]:
    """Across a build, an unknown person named by a surname alone ("Sanders" in one article)
    is the one unknown person of that surname named in full ("Bernie Sanders" in another),
    when exactly one exists: ``{surname's id: the full name's actor}``. A one-word actor is a
    surname when it is a ``Person`` or its id is in ``persons`` (the ids the model read as a
    person in some document, whatever type won). Deterministic (the same actors give the same
    answer in any order). Within a document the full name, then surname rule already makes
    one actor (:mod:`kg.actors.unknown`).

    >>> a = [Actor("x-sanders", "Sanders", "Person"), Actor("x-bernie-sanders", "Bernie Sanders", "Person")]
    >>> lone_surnames(a)["x-sanders"].id
    'x-bernie-sanders'
    """
    full: dict[str, set[Actor]] = {}
    lone: list[Actor] = []
    for a in actors:
        if not a.id.startswith("x-"):
            continue
        words = a.label.split()
        if len(words) == 1 and (a.type == "Person" or a.id in persons):
            lone.append(a)
        elif a.type == "Person" and len(words) > 1 and words[-1][:1].isupper():
            full.setdefault(words[-1], set()).add(a)
    out = {}
    for a in lone:
        named = {f.id: f for f in full.get(a.label, ())}
        if len(named) == 1:
            out[a.id] = next(iter(named.values()))
    return out


def one_type_per_id(path, chosen: dict[str, Actor]) -> int:
    """Rewrite the JSONL file ``path`` (mentions.jsonl or assertions.jsonl) so that every actor
    id of ``chosen`` (an unknown ``x-`` actor the model read as a person in one document and an
    organisation in another) carries the type and label of its one actors.jsonl line; an id
    mapped to another actor (:func:`lone_surnames`) becomes that actor's. Returns the number
    of lines changed."""
    import json
    import os
    from pathlib import Path

    path = Path(path)
    changed = 0
    tmp = path.with_name(path.name + ".retype")
    with open(path, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for line in src:
            if not line.strip():
                continue
            record = json.loads(line)
            sides = [record] if "actor" in record else [record.get("source", {}),
                                                         record.get("target", {})]
            hit = False
            for side in sides:
                key = "actor" if "actor" in side else "id"
                actor = chosen.get(side.get(key))
                if actor is not None and (side.get(key), side.get("type"), side.get("label")) != (
                        actor.id, actor.type, actor.label):
                    side[key], side["type"], side["label"], hit = actor.id, actor.type, actor.label, True
                    if "country" in side:
                        side["country"] = actor.country
            changed += hit
            out.write(json.dumps(record, ensure_ascii=False) + "\n" if hit else line)
    os.replace(tmp, path)
    return changed
