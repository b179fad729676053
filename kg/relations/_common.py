"""Dependency labels and helpers shared by the relation modules."""

from __future__ import annotations

from spacy.tokens import Span

__all__ = ["EVALUATIVE", "MODIFIERS", "OBJECTS", "SUBJECTS", "unique"]

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
