"""Dependency labels and helpers shared by the relation modules."""

from __future__ import annotations

from spacy.tokens import Span

__all__ = ["EVALUATIVE", "MODIFIERS", "OBJECTS", "SUBJECTS", "dedupe", "listed", "unique"]

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
OBJECTS = ("dobj", "obj", "attr", "oprd")
MODIFIERS = ("poss", "compound", "amod", "nmod", "npadvmod", "nummod")
#: Relations of judging an act: "condemned the Israeli strikes" judges Israel, it does not
#: strike; the verb keeps its own reading and lends its subject to no event noun it takes.
#: (kg's own verbs only: CAMEO reads "launch an attack" as verbal, kg as a light verb.)
EVALUATIVE = frozenset({"condemns", "opposes", "supports"})


def unique(spans: list[Span]) -> list[Span]:
    """The spans in order, each (start, end) once, None left out; a coreferent span of an actor
    already listed is left out too ("Iran and its allies": Iran once)."""
    out: list[Span] = []
    for s in spans:
        if s is not None and all((s.start, s.end) != (o.start, o.end) for o in out) and not (
            s._.kg_via == "coref" and any(o.kb_id_ == s.kb_id_ for o in out)
        ):
            out.append(s)
    return out


def listed(m: Span, other: Span | None) -> bool:
    """Whether ``other``, parsed as an apposition of the country ``m``, is the next item of a
    list: one country does not rename another ("Peru, the Bahamas, Chile and Cuba")."""
    return other is not None and m.label_ == other.label_ == "GPE" and other.kb_id_ != m.kb_id_


def dedupe(found: list) -> list:
    """The found relations in order, each (source, relation, target) position once."""
    seen, out = set(), []
    for f in found:
        key = (f.source.start, f.relation, f.target.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
