"""Find an actor by any of its names: id, ISO code, label, alias, demonym or metonym, any case.

``kg show`` and the named-query parameters of ``kg query`` both resolve what a user typed
("Kremlin", "rus", "the United States") through the knowledge base (``ontology/names.csv``)
and the actors of a built graph, so that the same words find the same actor everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.errors import ConfigError

__all__ = ["Resolution", "actor_names", "fold", "resolve_actor"]

#: How a resolution was found, best first (the order in which they are tried).
_HOW = ("id", "label", "iso3", "name")


@dataclass(frozen=True)
class Resolution:
    """The actor a name stands for: ``id``, ``label``, and ``how`` it matched (id, label ...)."""

    id: str
    label: str
    how: str
    query: str

    @property
    def exact(self) -> bool:
        """True when the name is the actor's label, as written."""
        return self.query == self.label

    def describe(self) -> str:
        """``'Kremlin' is Russia (RUS), by name``: what was chosen, for a note to the user."""
        return f"{self.query!r} is {self.label} ({self.id}), by {self.how}"


def fold(text: str) -> str:
    """Lowercase, accents removed, spaces collapsed, a leading "the" and a final "'s" dropped.

    >>> fold("  The  Kremlin's ")
    'kremlin'
    >>> fold("Türkiye")
    'turkiye'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = re.sub(r"^the ", "", text)
    return re.sub(r"['’]s$", "", text).strip()


def actor_names(kb: object | None = None) -> dict[str, list[str]]:
    """actor id -> every name the knowledge base gives it (label first), without repeats."""
    if kb is None:
        from kg.kb import load_kb

        kb = load_kb()
    names: dict[str, list[str]] = {}
    for actor_id, actor in kb.actors.items():  # type: ignore[attr-defined]
        names[actor_id] = [actor.label]
    for name in kb.names:  # type: ignore[attr-defined]
        listed = names.setdefault(name.actor_id, [])
        if name.text not in listed:
            listed.append(name.text)
    return names


def resolve_actor(
    name: str,
    graph_actors: Mapping[str, str] | None = None,
    kb: object | None = None,
) -> Resolution:
    """The actor ``name`` stands for.

    Tried in order, case and accents ignored: an actor id ("RUS", "nato"), a label (in the
    graph, then in the knowledge base), an ISO 3166 alpha-3 code, then every other name of
    the knowledge base (aliases, abbreviations, demonyms, capitals and seats such as
    "Kremlin"). When a name fits several actors, one in the graph wins, then a State, then the
    smallest id.

    Parameters
    ----------
    name : str
        What the user typed.
    graph_actors : mapping of str to str, optional
        The actors of a built graph, id -> label; actors outside the knowledge base
        ("x-...") are found by their label only.
    kb : kg.kb.KnowledgeBase, optional
        The knowledge base (default: the one shipped with kg).

    Returns
    -------
    Resolution

    Raises
    ------
    kg.errors.ConfigError
        When nothing has that name; the message names the closest labels.

    Examples
    --------
    >>> resolve_actor("Kremlin").label
    'Russia'
    >>> resolve_actor("rus").describe()
    "'rus' is Russia (RUS), by id"
    """
    if kb is None:
        from kg.kb import load_kb

        kb = load_kb()
    graph_actors = dict(graph_actors or {})
    actors = kb.actors  # type: ignore[attr-defined]
    key = fold(name)
    if not key:
        raise ConfigError("an actor name is empty; give a name, an alias or an ISO code, e.g. Russia")

    def label_of(actor_id: str) -> str:
        if actor_id in graph_actors:
            return graph_actors[actor_id]
        return actors[actor_id].label if actor_id in actors else actor_id

    found: dict[str, list[str]] = {how: [] for how in _HOW}
    for actor_id in sorted(set(actors) | set(graph_actors)):
        if fold(actor_id) == key:
            found["id"].append(actor_id)
        if fold(label_of(actor_id)) == key or (actor_id in actors and fold(actors[actor_id].label) == key):
            found["label"].append(actor_id)
        iso3 = actors[actor_id].iso3 if actor_id in actors else ""
        if iso3 and fold(iso3) == key:
            found["iso3"].append(actor_id)
    for entry in kb.names:  # type: ignore[attr-defined]
        if fold(entry.text) == key:
            found["name"].append(entry.actor_id)
    for how in _HOW:
        ids = sorted(set(found[how]))
        if ids:
            best = min(ids, key=lambda a: (a not in graph_actors, _type(actors, a) != "State", a))
            return Resolution(best, label_of(best), how, name)
    raise ConfigError(f"no actor is called {name!r}{_suggest(key, _labels(actors, graph_actors))}")


def _type(actors: Mapping[str, object], actor_id: str) -> str:
    actor = actors.get(actor_id)
    return str(getattr(actor, "type", ""))


def _labels(actors: Mapping[str, object], graph_actors: Mapping[str, str]) -> Iterable[str]:
    yield from graph_actors.values()
    for actor in actors.values():
        yield str(getattr(actor, "label", ""))


def _suggest(key: str, labels: Iterable[str]) -> str:
    import difflib

    pool = sorted({label for label in labels if label})
    close = difflib.get_close_matches(key, [fold(label) for label in pool], n=3, cutoff=0.75)
    by_fold = {fold(label): label for label in pool}
    names = [by_fold[c] for c in close if c in by_fold]
    if not names:
        return "; give a label, an alias or an ISO code (e.g. Russia, Kremlin, RUS)"
    return f"; did you mean {', '.join(names)}?"
