"""Misspelt state names and demonyms: one edit from a known name ("Venezualan", "Azerbiajani").

The rule is data (``[misspellings]`` in ``ontology/actor_rules.toml``): a word the model reads
as a name, at least ``min_length`` letters long, that is neither an English word (the spaCy
model's lemma index) nor any known name, resolves to the state whose name or demonym it is one
edit from (a letter added, dropped, changed, or two letters swapped), when only one state is.
The mention says so (``via="spelling"``): it is less sure than a name written right.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.kb import KnowledgeBase

__all__ = ["Misspellings", "one_edit"]


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of two
    neighbouring letters.

    >>> one_edit("venezualan", "venezuelan"), one_edit("rusia", "russia"), one_edit("russia", "russia")
    (True, True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Misspellings:
    """Index of the states' one-word names for :meth:`state_of`."""

    def __init__(self, kb: KnowledgeBase, nlp: Any = None):
        rules = kb.misspellings
        self.min_length = int(rules.get("min_length", 6))
        self.labels = frozenset(rules.get("labels", ["NORP", "GPE"]))
        self.modifier_labels = frozenset(rules.get("modifier_labels", []))
        self.demonyms: set[str] = set()
        kinds = frozenset(rules.get("kinds", ["label", "alias", "demonym"]))
        self.known = {n.text.lower() for n in kb.names}
        self.targets: dict[str, set[str]] = defaultdict(set)  # lower name -> state ids
        for n in kb.names:
            actor = kb.actors.get(n.actor_id)
            text = n.text.lower()
            if (actor is not None and actor.type == "State" and n.kind in kinds and text.isalpha()
                    and len(text) >= self.min_length - 1 and not n.since and not n.until):
                self.targets[text].add(actor.id)
                if n.kind == "demonym":
                    self.demonyms.add(text)
        self.by_delete: dict[str, set[str]] = defaultdict(set)
        for t in self.targets:
            self.by_delete[t].add(t)
            for d in _deletes(t):
                self.by_delete[d].add(t)
        self.english = _english_words(nlp)

    def is_english(self, word: str) -> bool:
        """The word or its singular is in the model's lemma index ("record", "nations")."""
        w = word.lower()
        return w in self.english or (w.endswith("s") and w[:-1] in self.english) or (
            w.endswith("es") and w[:-2] in self.english)

    def state_of(self, word: str, label: str, before_noun: bool = False) -> str | None:
        """The id of the one state ``word`` is a misspelling of, else None. Under a label of
        ``modifier_labels`` (a misspelt demonym the model reads as a person: "Venezualan
        officials") only a demonym's misspelling before a noun counts (not "Roland said")."""
        w = word.lower()
        if (label not in self.labels | self.modifier_labels or len(w) < self.min_length
                or not w.isalpha() or w in self.known or self.is_english(w)):
            return None
        near = {t for k in _deletes(w) | {w} for t in self.by_delete.get(k, ()) if one_edit(w, t)}
        if label not in self.labels and not (before_noun and near & self.demonyms):
            return None
        states = {s for t in near for s in self.targets[t]}
        return states.pop() if len(states) == 1 else None


def _english_words(nlp: Any) -> frozenset[str]:
    """The lemmas the spaCy model's rule lemmatizer knows (nouns, verbs, adjectives, adverbs)."""
    if nlp is None or "lemmatizer" not in getattr(nlp, "pipe_names", ()):
        return frozenset()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w.lower() for words in table.values() for w in words)
