"""Reading a build's outputs back: assertion and mention lines as kg's types, document metadata.

The graph is built from the assertion stream of ``assertions.jsonl`` (not from a list held in
memory), and ``kg build --update`` merges the old lines with the new ones; both need the lines
turned back into :class:`kg.types.Assertion` and :class:`kg.types.Actor`. Actors of the
knowledge base come back as the knowledge base has them (with ISO code and Wikidata id).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.engine.worker import DocMeta
from kg.errors import InputError
from kg.kb import KnowledgeBase
from kg.types import Actor, Assertion, Mention

__all__ = ["actor_of", "iter_assertions", "iter_lines", "mention_actor", "read_documents"]


def actor_of(actor_id: str, label: str, actor_type: str, kb: KnowledgeBase,
             country: str = "") -> Actor:
    """The actor a line names: the knowledge base's own when it is one, else a new one."""
    known = kb.actors.get(actor_id)
    if known is not None and (known.label, known.type) == (label, actor_type):
        return known
    if actor_type == "Group" and actor_id[:3] in kb.actors:  # "SYR.REB": its country
        return kb.group(actor_id[:3], actor_id[4:])
    return Actor(actor_id, label, actor_type, country=country if not known else "")


def iter_lines(path: Path) -> Iterator[tuple[str, dict]]:
    """(line, record) for every non-blank line of a JSONL file kg wrote."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield line if line.endswith("\n") else line + "\n", json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not a line kg wrote: {exc.msg}", str(path), number) from None


def mention_actor(record: dict, kb: KnowledgeBase) -> Actor:
    return actor_of(record["actor"], record["label"], record["type"], kb, record.get("country", ""))


def _side(doc: str, side: dict, kb: KnowledgeBase) -> Mention:
    return Mention(doc, side["start"], side["end"], side["text"],
                   actor_of(side["id"], side["label"], side["type"], kb),
                   sector=side.get("sector", ""))


def assertion_of(record: dict, kb: KnowledgeBase) -> Assertion:
    """The assertion of a line of assertions.jsonl."""
    doc, sentence = record["doc"], record["sentence"]
    return Assertion(doc, _side(doc, record["source"], kb), record["relation"],
                     _side(doc, record["target"], kb), sentence["start"], sentence["end"],
                     sentence["text"], record["confidence"], record["negated"], record["hedged"],
                     record.get("attributed", False), record.get("rule", ""),
                     record.get("cameo", ""))


def iter_assertions(path: Path, kb: KnowledgeBase) -> Iterator[Assertion]:
    for _, record in iter_lines(path):
        yield assertion_of(record, kb)


def read_documents(graph_path: Path) -> dict[str, DocMeta]:
    """The document nodes of a graph kg built, by document id (read with pyoxigraph: fast)."""
    import pyoxigraph as ox

    from kg.namespace import KG

    fields = {str(KG.docId): "id", str(KG.textHash): "text_hash",
              "http://purl.org/dc/terms/title": "title", "http://purl.org/dc/terms/source": "source",
              "http://purl.org/dc/terms/date": "date", "https://schema.org/url": "url",
              "http://purl.org/dc/terms/creator": "author"}
    nodes: dict[str, dict[str, str]] = {}
    copies: dict[str, str] = {}  # document IRI -> IRI of its first copy
    try:
        with open(graph_path, "rb") as f:
            for triple in ox.parse(f, ox.RdfFormat.TURTLE):
                name = fields.get(triple.predicate.value)
                if name is not None and isinstance(triple.object, ox.Literal):
                    nodes.setdefault(triple.subject.value, {})[name] = triple.object.value
                elif triple.predicate.value == str(KG.duplicateOf):
                    copies[triple.subject.value] = triple.object.value
    except (OSError, SyntaxError) as exc:
        raise InputError(f"cannot read the previous graph: {exc}", str(graph_path)) from None
    for node, first in copies.items():
        if node in nodes and "id" in nodes.get(first, {}):
            nodes[node]["duplicate_of"] = nodes[first]["id"]
    return {n["id"]: DocMeta(**n) for n in nodes.values() if "id" in n}
