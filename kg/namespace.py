"""The kg vocabulary as an rdflib ``DefinedNamespace`` (mirrors ``ontology/kg.ttl``).

No IRI strings are scattered in code: every term of the ontology is named here, and
instance IRIs are minted by the helpers at the bottom from safe identifiers only.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "ACTOR",
    "ASSERTION",
    "BASE",
    "DOC",
    "KG",
    "WD",
    "actor_iri",
    "assertion_iri",
    "doc_iri",
    "safe_slug",
]

BASE = "https://w3id.org/kg/"


class KG(DefinedNamespace):
    """Terms of the kg ontology."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # Classes
    Actor: URIRef  # anything that acts: a state, organisation, armed group or person
    State: URIRef  # a sovereign or de facto state
    Organization: URIRef  # an alliance, bloc or intergovernmental organisation
    ArmedGroup: URIRef  # a non-state armed group
    Person: URIRef  # a leader or official
    Group: URIRef  # the non-state part of one country ("Syrian rebels", SYR.REB)
    Document: URIRef  # a news article the graph was built from
    Assertion: URIRef  # one piece of evidence for a relation (an rdf:Statement)

    # Relations between actors (DESIGN.md vocabulary)
    relatedTo: URIRef  # super-property of every actor relation
    supplies: URIRef  # sends troops, weapons, money, intelligence, energy
    suppliedBy: URIRef  # inverse of supplies
    supports: URIRef  # backs, stands behind
    supportedBy: URIRef  # inverse of supports
    alliedWith: URIRef  # treaty, mutual defence pact, alliance (symmetric)
    cooperatesWith: URIRef  # partnership steps, joint exercises (symmetric)
    signsAgreementWith: URIRef  # signs a deal, accord, memorandum (symmetric)
    negotiatesWith: URIRef  # talks, consults, meets, mediates (symmetric)
    attacks: URIRef  # invades, strikes, shells
    attackedBy: URIRef  # inverse of attacks
    inConflictWith: URIRef  # at war with, fighting (symmetric)
    threatens: URIRef  # warns, threatens, issues an ultimatum
    threatenedBy: URIRef  # inverse of threatens
    sanctions: URIRef  # sanctions, embargoes, expels diplomats
    sanctionedBy: URIRef  # inverse of sanctions
    condemns: URIRef  # condemns, accuses, criticises
    condemnedBy: URIRef  # inverse of condemns
    opposes: URIRef  # rejects, objects to, vetoes, protests against (CAMEO 12, 14)
    opposedBy: URIRef  # inverse of opposes
    coerces: URIRef  # arrests, detains, expels, blockades, seizes (CAMEO 17)
    coercedBy: URIRef  # inverse of coerces
    memberOf: URIRef  # state -> organisation
    hasMember: URIRef  # inverse of memberOf
    leaderOf: URIRef  # person -> state or organisation
    ledBy: URIRef  # inverse of leaderOf

    # Annotation and data properties
    polarity: URIRef  # cooperative, neutral, hostile or structural (on relation properties)
    cameoCode: URIRef  # the CAMEO root code a relation is aligned to; on an assertion, its event code
    iso3: URIRef  # ISO 3166-1 alpha-3 code of a state
    country: URIRef  # ISO 3166-1 alpha-3 code of the country a non-state actor belongs to
    actorId: URIRef  # kg's identifier of an actor
    inKnowledgeBase: URIRef  # true when the actor comes from kg's knowledge base
    mentionCount: URIRef  # how many mentions of the actor the build saw
    docId: URIRef  # a document's id (file name without suffix, or JSONL id)
    textHash: URIRef  # sha256 of a document's text
    duplicateOf: URIRef  # a wire copy's first copy: the same story, counted once
    document: URIRef  # the document an assertion comes from
    evidence: URIRef  # the sentence that says it
    sentenceStart: URIRef  # character offset of the sentence in the document
    sentenceEnd: URIRef  # end offset of the sentence
    sourceText: URIRef  # the source mention as written
    sourceStart: URIRef  # offset of the source mention
    sourceEnd: URIRef  # end offset of the source mention
    targetText: URIRef  # the target mention as written
    targetStart: URIRef  # offset of the target mention
    targetEnd: URIRef  # end offset of the target mention
    confidence: URIRef  # the extractor's confidence in [0, 1]
    negated: URIRef  # the sentence denies the relation
    hedged: URIRef  # the sentence hedges it (could, poised to, if ...)
    attributed: URIRef  # a leader's act attributed to the state they lead
    rule: URIRef  # the extraction rule that produced the assertion


ACTOR = Namespace(BASE + "actor/")
DOC = Namespace(BASE + "doc/")
ASSERTION = Namespace(BASE + "assertion/")
WD = Namespace("http://www.wikidata.org/entity/")

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_slug(text: str, max_len: int = 80) -> str:
    """An IRI-safe slug of ``text``; a hash suffix keeps distinct texts distinct.

    >>> safe_slug("RUS")
    'RUS'
    >>> safe_slug("North Korea")
    'North-Korea-ae6175f1'
    >>> safe_slug('a<b>"c') != safe_slug("a b c")
    True
    """
    slug = _UNSAFE.sub("-", text).strip("-.")[:max_len] or "x"
    if slug != text:
        slug += "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return slug


def actor_iri(actor_id: str) -> URIRef:
    """The IRI of an actor, from its kg id (already safe for known actors)."""
    return ACTOR[safe_slug(actor_id)]


def doc_iri(doc_id: str) -> URIRef:
    """The IRI of a document, from its id (which comes from untrusted input)."""
    return DOC[safe_slug(doc_id)]


def assertion_iri(*parts: object) -> URIRef:
    """A stable IRI for one assertion, hashed from what identifies it."""
    key = "\x1f".join(str(p) for p in parts)
    return ASSERTION[hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]]
