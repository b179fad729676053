"""The coreference knowledge of ``ontology/coref.toml``, read once."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KnowledgeBaseError
from kg.resources import ontology_path

__all__ = ["TYPES", "Anaphor", "CorefRules", "load_coref_rules", "load_coref_rules_from"]

TYPES = ("State", "Organization", "ArmedGroup", "Person", "Group")


@dataclass(frozen=True)
class Anaphor:
    """What a pronoun or description can stand for."""

    types: frozenset[str]
    plural: bool
    titles: frozenset[str] = frozenset()
    deps: frozenset[str] = frozenset()  # for a pronoun: the roles it is read in
    gender: str = ""  # for a person: "male", "female", or "" (either)
    roles: frozenset[str] = frozenset()  # for a person: office roles that qualify, as titles do


@dataclass(frozen=True)
class CorefRules:
    """The coreference knowledge of ``ontology/coref.toml``."""

    window: int
    pronouns: dict[str, Anaphor]
    descriptions: dict[str, Anaphor]
    blocking: frozenset[str]
    part_nouns: frozenset[str]
    predicate_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    pleonastic_verbs: frozenset[str]
    pleonastic_adjectives: frozenset[str]
    male_titles: frozenset[str] = frozenset()
    female_titles: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    joint_verbs: frozenset[str] = frozenset()
    plural_heads: frozenset[str] = frozenset()

    def cue_words(self) -> frozenset[str]:
        """Lowercase words that may start a link: the pronouns and the descriptions' heads."""
        return frozenset(self.pronouns) | {d.split()[-1] for d in self.descriptions}


def _anaphor(path: Path, key: str, spec: dict) -> Anaphor:
    types = spec.get("types", [])
    bad = [t for t in types if t not in TYPES]
    if not types or bad or spec.get("number") not in ("singular", "plural"):
        raise KnowledgeBaseError(
            f"{path}: entry {key!r}: needs types from {', '.join(TYPES)} (got {types}) and "
            f"number \"singular\" or \"plural\" (got {spec.get('number')!r})")
    if spec.get("gender", "") not in ("", "male", "female"):
        raise KnowledgeBaseError(f"{path}: entry {key!r}: gender must be \"male\" or "
                                 f"\"female\" (got {spec['gender']!r})")
    return Anaphor(frozenset(types), spec["number"] == "plural",
                   frozenset(t.lower() for t in spec.get("titles", [])),
                   frozenset(spec.get("deps", [])), spec.get("gender", ""),
                   frozenset(spec.get("roles", [])))


def load_coref_rules_from(path: Path) -> CorefRules:
    """Read coreference rules from a TOML file laid out like ``ontology/coref.toml``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the coreference rules: {exc}") from None
    cons, pleo = data.get("constraints", {}), data.get("pleonastic", {})
    gender = data.get("gender", {})
    return CorefRules(
        window=int(data.get("window", {}).get("sentences", 2)),
        pronouns={k.lower(): _anaphor(path, k, v) for k, v in data.get("pronouns", {}).items()},
        descriptions={k.lower(): _anaphor(path, k, v)
                      for k, v in data.get("descriptions", {}).items()},
        blocking=frozenset(cons.get("blocking_modifiers", [])),
        part_nouns=frozenset(cons.get("part_nouns", [])),
        predicate_nouns=frozenset(cons.get("predicate_nouns", [])) | {
            d.split()[-1] for d in data.get("descriptions", {})},
        speech_verbs=frozenset(cons.get("speech_verbs", [])),
        pleonastic_verbs=frozenset(pleo.get("verbs", [])),
        pleonastic_adjectives=frozenset(pleo.get("adjectives", [])),
        male_titles=frozenset(t.lower() for t in gender.get("male", [])),
        female_titles=frozenset(t.lower() for t in gender.get("female", [])),
        person_nouns=frozenset(cons.get("person_nouns", [])),
        joint_verbs=frozenset(cons.get("joint_verbs", [])),
        plural_heads=frozenset(data.get("plural", {}).get("heads", [])),
    )


@functools.cache
def load_coref_rules(path: str | None = None) -> CorefRules:
    """The rules shipped with kg (or those at ``path``), read once per process."""
    return load_coref_rules_from(Path(path) if path else ontology_path("coref.toml"))

