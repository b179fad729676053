"""The four types that flow through kg's pipeline (see DESIGN.md).

All are frozen dataclasses: hashable, so they go into sets and dict keys.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = [
    "ACTOR_TYPES",
    "Actor",
    "Assertion",
    "Document",
    "Mention",
    "text_hash",
]

#: The actor types of the ontology.
ACTOR_TYPES = ("State", "Organization", "ArmedGroup", "Person", "Group")


def text_hash(text: str) -> str:
    """The sha256 of a document's text, as ``kg:textHash`` holds it.

    >>> text_hash("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article. ``id`` is the file name without suffix, or a JSONL record's ``id``."""

    id: str
    text: str
    title: str = ""
    date: str = ""  # ISO 8601 date (YYYY-MM-DD) when known, else ""
    source: str = ""  # where it was read from: a path, "path:line", or "<stdin>"
    url: str = ""
    author: str = ""
    summary: bool = False  # the text is a feed item's summary, not the full article
    duplicate_of: str = ""  # the id of the first copy of the same story (a wire copy), or ""


@dataclass(frozen=True)
class Actor:
    """A canonical actor of the knowledge base, or one the statistical model found.

    ``id`` is safe to use in an IRI: an ISO 3166 alpha-3 code for states ("RUS"), a lowercase
    slug for the rest ("nato", "vladimir-putin"), prefixed "x-" for actors that are not in the
    knowledge base ("x-some-party").
    """

    id: str
    label: str
    type: str
    iso3: str = ""
    wikidata: str = ""
    country: str = ""  # ISO 3166 alpha-3 of the country a non-State actor belongs to, or ""

    @property
    def known(self) -> bool:
        """True when the actor comes from the knowledge base."""
        return not self.id.startswith("x-")


@dataclass(frozen=True)
class Mention:
    """A span of a document's text that names an actor. Offsets are characters into ``text``."""

    doc: str
    start: int
    end: int
    text: str
    actor: Actor
    via: str = ""  # how it resolved: "name", "alias", "demonym", "metonym", "role", "model", "coref"
    sector: str = ""  # CAMEO agent code of the part of the actor that acts ("GOV", "MIL", ...), or ""


@dataclass(frozen=True)
class Assertion:
    """One piece of evidence that ``source`` stands in ``relation`` to ``target``."""

    doc: str
    source: Mention
    relation: str
    target: Mention
    sentence_start: int
    sentence_end: int
    sentence: str
    confidence: float
    negated: bool = False
    hedged: bool = False
    attributed: bool = field(default=False)  # a leader's act attributed to what they lead
    rule: str = ""  # which extraction rule produced it, for debugging and evaluation
    cameo: str = ""  # the most specific CAMEO event code the rule gives ("0332"), or ""
