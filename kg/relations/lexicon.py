"""The relation lexicon (``ontology/relations.toml``): trigger words per relation, as data."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KnowledgeBaseError
from kg.resources import ontology_path

__all__ = ["Lexicon", "Trigger", "load_lexicon"]

KINDS = ("verbs", "inverse_verbs", "nouns", "agent_nouns")


@dataclass(frozen=True)
class Trigger:
    """One trigger: ``head`` lemma, required ``modifiers`` (nouns) or ``particle`` (verbs)."""

    relation: str
    kind: str  # "verb", "inverse_verb", "noun", "agent_noun"
    head: str
    modifiers: tuple[str, ...] = ()
    particle: str = ""
    cameo: str = ""  # the CAMEO code the trigger says in its context ("" until matched)
    cameo_only: bool = False  # read through CAMEO's dictionary, not kg's own lexicon


@dataclass
class Lexicon:
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)  # head lemma -> triggers
    target_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    item_object: frozenset[str] = frozenset()
    beneficiary: frozenset[str] = frozenset()
    hostile: frozenset[str] = frozenset()
    object_nouns: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    cameo: dict[str, str] = field(default_factory=dict)
    modal_verbs: frozenset[str] = frozenset()
    hedge_words: frozenset[str] = frozenset()
    negation_words: frozenset[str] = frozenset()
    negating_verbs: frozenset[str] = frozenset()
    object_locative: frozenset[str] = frozenset()
    comparatives: tuple[str, ...] = ()
    transparent: frozenset[str] = frozenset()
    offices: frozenset[str] = frozenset()
    non_state: frozenset[str] = frozenset()
    pair_nouns: frozenset[str] = frozenset()
    pair_words: frozenset[str] = frozenset()
    prospective: dict[str, str] = field(default_factory=dict)
    locative_preps: frozenset[str] = frozenset()
    co_source_preps: tuple[str, ...] = ()
    member_bodies: frozenset[str] = frozenset()  # "joined the Nato alliance": the body joined
    maker_participles: frozenset[str] = frozenset()  # "Russian-made", "US-built"
    user_verbs: frozenset[str] = frozenset()  # "deployed Russian-made missiles": the user
    ultimatum_verbs: frozenset[str] = frozenset()  # "told Mexico to settle or face tariffs"
    role_nouns: frozenset[str] = frozenset()  # "Syria's role in the bombing": Syria's act
    recipient_verbs: frozenset[str] = frozenset()  # "aid is received by Cuba": the recipient
    speech_nouns: frozenset[str] = frozenset()  # "issued a statement blaming Iran": the issuer
    # "backed Peru against Bolivia": helping relation -> (the helper's, the helped's) relation
    against_relations: dict[str, tuple[str, str]] = field(default_factory=dict)
    under_nouns: dict[str, str] = field(default_factory=dict)  # "under pressure from X"
    vessel_nouns: frozenset[str] = frozenset()  # "the destroyers Kidd and Young": ships' names
    intent_nouns: frozenset[str] = frozenset()  # "U.S. plans to escort": the planner does it

    def lookup(self, lemma: str) -> list[Trigger]:
        return self.triggers.get(lemma, [])


def _parse_entry(relation: str, kind: str, text: str) -> Trigger:
    words = text.lower().split()
    if kind in ("verbs", "inverse_verbs"):
        return Trigger(relation, kind[:-1], words[0], particle=" ".join(words[1:]))
    return Trigger(relation, kind[:-1], words[-1], modifiers=tuple(words[:-1]))


def load_lexicon_from(path: Path) -> Lexicon:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the relation lexicon: {exc}") from None
    lex = Lexicon()
    modality = data.pop("modality", {})
    transparent = data.pop("transparent", {})
    for relation, spec in sorted(data.items()):
        for kind in KINDS:
            for text in spec.get(kind, []):
                trig = _parse_entry(relation, kind, text)
                lex.triggers.setdefault(trig.head, []).append(trig)
        lex.target_preps[relation] = frozenset(spec.get("target_preps", []))
        for verb, nouns in spec.get("object_nouns", {}).items():
            lex.object_nouns[(relation, verb)] = frozenset(nouns)
            lex.triggers.setdefault(verb, []).append(Trigger(relation, "verb", verb))
        if spec.get("object_is_item"):
            lex.item_object |= {relation}
        if spec.get("object_locative"):
            lex.object_locative |= {relation}
        if spec.get("hostile"):
            lex.hostile |= {relation}
        if spec.get("beneficiary_fallback"):
            lex.beneficiary |= {relation}
        lex.member_bodies |= frozenset(spec.get("member_bodies", []))
        lex.maker_participles |= frozenset(spec.get("maker_participles", []))
        lex.user_verbs |= frozenset(spec.get("user_verbs", []))
        lex.ultimatum_verbs |= frozenset(spec.get("ultimatum_verbs", []))
        if "against" in spec:
            lex.against_relations[relation] = tuple(spec["against"])
        lex.under_nouns.update((noun, relation) for noun in spec.get("under_nouns", []))
        if "cameo" in spec:
            lex.cameo[relation] = spec["cameo"]
    for triggers in lex.triggers.values():
        # Longest phrase first, so "defense treaty" is tried before "treaty".
        triggers.sort(key=lambda t: (-len(t.modifiers) - bool(t.particle), t.relation, t.kind))
    lex.modal_verbs = frozenset(modality.get("modal_verbs", []))
    lex.hedge_words = frozenset(modality.get("hedge_words", []))
    lex.negation_words = frozenset(modality.get("negation_words", []))
    lex.negating_verbs = frozenset(w.split()[0] for w in modality.get("negating_verbs", []))
    lex.comparatives = tuple(modality.get("comparatives", []))
    lex.transparent = frozenset(transparent.get("nouns", []))
    lex.offices = frozenset(transparent.get("office_nouns", []))
    lex.non_state = frozenset(transparent.get("non_state_nouns", []))
    lex.pair_nouns = frozenset(transparent.get("pair_nouns", []))
    lex.pair_words = frozenset(transparent.get("pair_words", ["two", "both"]))
    lex.prospective = dict(modality.get("prospective", {}))
    lex.locative_preps = frozenset(transparent.get("locative_preps", []))
    lex.co_source_preps = tuple(transparent.get("co_source_preps", []))
    lex.role_nouns = frozenset(transparent.get("role_nouns", []))
    lex.recipient_verbs = frozenset(transparent.get("recipient_verbs", []))
    lex.speech_nouns = frozenset(transparent.get("speech_nouns", []))
    lex.vessel_nouns = frozenset(transparent.get("vessel_nouns", []))
    lex.intent_nouns = frozenset(transparent.get("intent_nouns", []))
    return lex


@functools.cache
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon shipped with kg (or the one at ``path``), read once per process."""
    return load_lexicon_from(Path(path) if path else ontology_path("relations.toml"))
