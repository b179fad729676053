"""Names, labels and span extensions shared by the actor stage's modules."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

__all__ = ["CONNECTORS", "CONTAINER_LABELS", "ENT_LABEL", "KIND_RANK", "NAME_LABELS", "NON_ACTOR",
           "NOT_AN_ACTOR", "SPAN_KEY", "UNKNOWN_TYPES", "given_names_agree", "unknown_actor_id"]

SPAN_KEY = "kg_actors"
#: Preference when one span names several actors: the more specific kind wins.
KIND_RANK = {"label": 0, "official": 1, "alias": 2, "part": 2, "abbreviation": 3, "metonym": 4,
             "demonym": 5, "surname": 6, "place": 7, "family": 8}
#: A match of a known non-actor (company, NGO, outlet, place): it blocks shorter names inside it.
NON_ACTOR = "\tnon"
#: Model labels of names that are not actors; a state's name strictly inside one is not the state
#: ("Bank of Japan", "Northern Ireland", "British Airways"), unless the rest names a state part.
CONTAINER_LABELS = frozenset({"ORG", "GPE", "LOC", "PRODUCT"})
#: Words that join the words of a name ("Bank of Japan", "Osama bin Laden").
CONNECTORS = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "el", "al", "bin",
                        "ibn", "von", "van", "der", "den", "da", "dos", "do", "y", "&", "-", "'s",
                        "’s", "on", "in", "al-", "abu", "ben", "di", "del", "a"})
NOT_AN_ACTOR = object()
_GROUP_ID = re.compile(r"^([A-Z]{3})\.([A-Z]{3})$")
#: spaCy NER labels for each actor type (what doc.ents shows).
ENT_LABEL = {"State": "GPE", "Organization": "ORG", "ArmedGroup": "ORG", "Person": "PERSON"}
#: Statistical-model labels kept as actors when the knowledge base does not know them.
UNKNOWN_TYPES = {"ORG": "Organization", "NORP": "Organization", "PERSON": "Person"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
#: Model labels under which a knowledge-base surname is read as a name.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

if not Doc.has_extension("kg_date"):
    Doc.set_extension("kg_date", default="")
if not Span.has_extension("kg_via"):
    Span.set_extension("kg_via", default="")
if not Span.has_extension("kg_sector"):
    Span.set_extension("kg_sector", default="")  # CAMEO agent code of the part that acts
if not Span.has_extension("kg_country"):
    Span.set_extension("kg_country", default="")  # an unknown actor's country ("Mongolian ... Party")
if not Span.has_extension("kg_former"):
    Span.set_extension("kg_former", default=False)  # "former", "late", "ex-" before a person



def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def given_names_agree(given: str, label: str) -> bool:
    """True when a given name written in the text can be the person's ("Kassym-Jomart" and
    "Kasymzhomart", "J." and "Joe"); False for another person ("Andrew" is not "Boris").

    >>> given_names_agree("Kassym-Jomart", "Kasymzhomart Tokayev")
    True
    >>> given_names_agree("Andrew", "Boris Johnson")
    False
    """
    import difflib

    for part in given.split():
        g = _squash(part)
        if not g:
            continue
        for word in label.split()[:-1] or label.split():
            w = _squash(word)
            if not w:
                continue
            if g == w or (len(g) == 1 and w.startswith(g)) or (len(w) == 1 and g.startswith(w)):
                return True
            if len(g) >= 4 and g[0] == w[0] and difflib.SequenceMatcher(None, g, w).ratio() >= 0.75:
                return True
    return not any(_squash(p) for p in given.split())


def unknown_actor_id(label: str) -> str:
    """The id of an actor the knowledge base does not know: ``x-`` and a readable slug."""
    return "x-" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "unnamed")
