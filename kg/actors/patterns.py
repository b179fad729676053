"""The actor ruler's phrase patterns, and the token words of the names stored with the KB.

The ruler's phrase matchers need each name of the knowledge base split as the tokenizer
splits it ("Al-Qaeda" is "Al", "-", "Qaeda"). Tokenizing some 70,000 names, and making a
spaCy lexeme for every word and every pattern key, cost most of the time a process spent
loading the pipeline. So ``scripts/build_kb.py`` splits the names once and stores the result
in ``ontology/name_tokens.json`` (:func:`write_name_tokens`):

- ``words``: the names whose tokens are not simply their space-separated parts, with the tokens;
- ``names``: a digest of every text it covers (:func:`names_digest`), and ``count``;
- ``spacy`` and ``tokenizer``: the spaCy version and a digest of the tokenizer's rules
  (:func:`tokenizer_fingerprint`).

:func:`name_words` uses the stored words only when the digest of the knowledge base's texts
and the fingerprint of the pipeline's tokenizer are the ones stored; otherwise (an edited
``names.csv``, another spaCy version or model) it tokenizes every name, as kg did before, and
logs why. The words are the same either way, so the matches are too (a test checks the stored
words against the tokenizer). Rebuild the file with ``python scripts/build_kb.py``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.actors.spans import NON_ACTOR
from kg.kb import TOKENS_FILE, KnowledgeBase, load_kb_from

__all__ = ["kb_patterns", "name_words", "names_digest", "pattern_texts", "tokenizer_fingerprint",
           "write_name_tokens"]

log = logging.getLogger("kg.actors")

#: Name kinds also matched in capitals: headlines and datelines write "TEHRAN", "KENYA".
UPPER_KINDS = ("label", "alias", "metonym", "place")


def kb_patterns(kb: KnowledgeBase) -> list[tuple[str, str, list[str]]]:
    """``(case, match key, texts)`` per rule of the ruler's matchers, in the order it adds
    them: one rule per (actor, kind, sector), ``case`` "exact" or "any", the key
    ``"<actor id>\\t<kind>\\t<sector>"``; last the known non-actors' names (key ``NON_ACTOR``)."""
    groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for n in kb.names:
        groups[(n.case, n.actor_id, n.kind, n.sector)].append(n.text)
    rules = []
    for (case, actor_id, kind, sector), texts in sorted(groups.items()):
        if case == "exact" and kind in UPPER_KINDS:
            texts = texts + [t.upper() for t in texts if len(t) >= 5 and not t.isupper()]
        rules.append((case, f"{actor_id}\t{kind}\t{sector}", sorted(set(texts))))
    if kb.non_actor_names:
        rules.append(("any", NON_ACTOR, sorted(kb.non_actor_names)))
    return rules


def pattern_texts(kb: KnowledgeBase, rules: list[tuple[str, str, list[str]]] | None = None
                  ) -> list[str]:
    """Every text the ruler needs the tokens of (the patterns' and the agent nouns'), sorted."""
    rules = kb_patterns(kb) if rules is None else rules
    return sorted({t for _, _, texts in rules for t in texts} | set(kb.agents))


def names_digest(texts: list[str]) -> str:
    """A SHA-256 digest of the sorted distinct ``texts``."""
    return hashlib.sha256("\0".join(sorted(set(texts))).encode("utf-8")).hexdigest()


def tokenizer_fingerprint(nlp: Any) -> str:
    """A SHA-256 digest of the spaCy version and the tokenizer's rules (prefixes, suffixes,
    infixes, token and URL patterns, special cases): two tokenizers with one fingerprint split
    every text alike."""
    import spacy

    rules = nlp.tokenizer.to_bytes(exclude=["vocab"])
    return hashlib.sha256(spacy.__version__.encode() + b"\0" + rules).hexdigest()


def _tokenize(nlp: Any, texts: list[str]) -> dict[str, tuple[str, ...]]:
    return {text: tuple(t.text for t in doc) for text, doc in zip(texts, nlp.tokenizer.pipe(texts))}


def name_words(nlp: Any, kb: KnowledgeBase, texts: list[str]) -> dict[str, tuple[str, ...]]:
    """``text -> its token words`` for every text, from the knowledge base's stored tokens
    when they were made for these texts by this tokenizer, else from the tokenizer."""
    stored = kb.name_tokens
    why = ""
    if not stored:
        why = f"the knowledge base has no {TOKENS_FILE}"
    elif stored.get("names") != names_digest(texts):
        why = f"{TOKENS_FILE} was made for other names"
    elif stored.get("tokenizer") != tokenizer_fingerprint(nlp):
        why = f"{TOKENS_FILE} was made by another tokenizer (spaCy {stored.get('spacy')})"
    if why:
        log.info("%s: tokenizing %d names (python scripts/build_kb.py stores them)", why, len(texts))
        return _tokenize(nlp, texts)
    split = stored.get("words", {})
    return {text: tuple(split[text]) if text in split else tuple(text.split(" ")) for text in texts}


def write_name_tokens(folder: Path, model: str | None = None, nlp: Any = None) -> int:
    """Tokenize the knowledge base in ``folder`` with the tokenizer of ``nlp`` (else of the
    spaCy model ``model``, else kg's default) and write ``folder/name_tokens.json`` (sorted,
    UTF-8, ``\\n`` line endings); returns the number of texts covered."""
    import spacy

    from kg.nlp import model_name

    nlp = nlp if nlp is not None else spacy.load(model_name(model))
    kb = load_kb_from(Path(folder))
    texts = pattern_texts(kb)
    words = _tokenize(nlp, texts)
    split = {t: list(w) for t, w in words.items() if list(w) != t.split(" ")}
    head = {"about": "the token words of the knowledge base's names, for kg.actors.patterns; "
                     "generated by scripts/build_kb.py",
            "count": len(texts), "names": names_digest(texts), "spacy": spacy.__version__,
            "tokenizer": tokenizer_fingerprint(nlp)}
    lines = ["{"] + [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('"words": {')
    lines.append(",\n".join(f"{json.dumps(t, ensure_ascii=False)}: {json.dumps(w, ensure_ascii=False)}"
                            for t, w in sorted(split.items())))
    lines += ["}", "}"]
    path = Path(folder) / TOKENS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    tmp.replace(path)
    return len(texts)
