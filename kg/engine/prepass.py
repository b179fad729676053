"""The cheap first pass: which sentences of a document can hold a relation.

The tokenizer, a punctuation sentencizer and the ``kg_actors`` phrase matchers run over the
whole text (no statistical component: a few hundred thousand words a second). A sentence is
kept for the full pipeline (tagger, parser, lemmatizer, NER, ``kg_actors``, ``kg_relations``)
when it can hold a relation:

- two or more actor mentions of the knowledge base, or
- one mention and a word that may be a relation trigger of the lexicon (any inflection: the
  lemmatizer's exception tables give the irregular forms, a stem prefix the regular ones) or a
  title of an office ("President", "Prime Minister": ``leaderOf`` by title), or
- a mention of a person of the knowledge base (``leaderOf`` from their office).

A kept sentence with "two" or "both" and a trigger keeps the sentence before it too ("the two
states": the actors named just before). The selection errs on the side of keeping: a sentence
whose only actors are unknown to the knowledge base (found by the statistical NER alone) is the
one kind of sentence the pass cannot see ("Husky signed an agreement with Union Faith": two
companies); ``kg build --no-prepass`` parses every sentence.

Mentions in the sentences left out come from this pass (knowledge-base actors only, resolved by
the same ``ActorRuler``), so ``mentions.jsonl`` still counts every known actor of the text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER
from spacy.pipeline import Sentencizer

from kg.actors import SPAN_KEY, ActorRuler, span_actor
from kg.engine.tokens import ChunkCache
from kg.kb import KnowledgeBase
from kg.relations.lexicon import Lexicon
from kg.types import Mention

__all__ = ["Plan", "Prepass"]

_PAIR_WORDS = frozenset({"two", "both"})
#: The first pass reads a long text in pieces of at most this many characters.
CHUNK_CHARS = 200_000
#: What the first pass remembers of a lowercase word (bit flags, see ``Prepass._bits``).
_TRIGGER, _PAIR, _CUE, _FINAL = 1, 2, 4, 8
#: The most words whose flags are remembered (the cache is emptied past it).
_CACHE_WORDS = 500_000


@dataclass
class Plan:
    """What the full pipeline must read of one document.

    ``segments`` are (start, end) character ranges of the text, in order and disjoint: runs of
    consecutive kept sentences. ``mentions`` are the cheap pass's mentions outside them.
    """

    segments: list[tuple[int, int]]
    mentions: list[Mention]
    sentences: int = 0  # sentences the pass split the text into
    kept: int = 0  # of them, the ones the full pipeline reads


class Prepass:
    """Sentence selection over a tokenizer-only ``Doc``; see the module docstring."""

    def __init__(self, nlp, ruler: ActorRuler, lexicon: Lexicon, kb: KnowledgeBase):
        self.nlp, self.ruler, self.kb = nlp, ruler, kb
        self.make_doc = ChunkCache(nlp)  # the tokens of nlp.make_doc (kg.engine.tokens)
        # The sentencizer's rule, on arrays (no Token objects; see ``_sentences``).
        self._ends = frozenset(Sentencizer.default_punct_chars)  # no letters: lowercase is same
        heads = set(lexicon.triggers)
        words = set(heads)
        for triggers in lexicon.triggers.values():
            for t in triggers:
                words.update(t.modifiers)
        # The words of office titles ("head of the presidential office"), not their function words:
        # "the" and "of" would make nearly every sentence hold a trigger.
        stop = nlp.Defaults.stop_words
        words |= {w for terms in kb.offices.values() for o in terms for w in o.title.lower().split()
                  if w not in stop}
        words |= _cameo_verbs()
        forms = set(words)
        if "lemmatizer" in nlp.pipe_names:  # irregular forms: met, fought, sent, sold, struck ...
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    for form, lemmas in table.items():
                        if any(lemma in words for lemma in lemmas):
                            forms.add(form)
        self.forms = frozenset(forms)
        # Coreference (kg.coref): a sentence whose actor is a pronoun or a description
        # ("It also shelled them") is kept with the sentences back to its antecedent.
        coref = nlp.get_pipe("kg_coref") if "kg_coref" in nlp.pipe_names else None
        self.cues = coref.rules.cue_words() if coref is not None else frozenset()
        self.window = coref.rules.window if coref is not None else 0
        # Regular inflections: a prefix of the lemma (supply -> suppl-ies/-ied, ally -> alli-es).
        stems = {w[:-1] if len(w) > 3 and w[-1] in "ey" else w for w in words if w.isalpha()}
        # A set of stems looked up by prefix: with CAMEO's verbs there are over a thousand, too
        # many for one regular expression of alternatives.
        self._stems = frozenset(stems)
        self._shortest = min(map(len, stems), default=1)
        self._flags: dict[int, int] = {}  # lowercase word's hash -> _TRIGGER | _PAIR | _CUE

    def is_trigger(self, word: str) -> bool:
        """``word`` may be a form of a trigger of kg's lexicon or of CAMEO's verbs."""
        if word in self.forms:
            return True
        stems = self._stems
        return any(word[:k] in stems for k in range(self._shortest, len(word) + 1))

    def _bits(self, key: int) -> int:
        """The flags of the lowercase word of hash ``key`` (computed once per word)."""
        if len(self._flags) >= _CACHE_WORDS:
            self._flags.clear()
        word = self.nlp.vocab.strings[key]
        bits = ((_TRIGGER if self.is_trigger(word) else 0) | (_PAIR if word in _PAIR_WORDS else 0)
                | (_CUE if word in self.cues else 0) | (_FINAL if word in self._ends else 0))
        self._flags[key] = bits
        return bits

    def _token_flags(self, lowers: np.ndarray) -> np.ndarray:
        """Per token, the flags of its lowercase word (one dictionary look-up a token)."""
        get = self._flags.get
        keys = lowers.tolist()
        bits = [get(k) for k in keys]
        if None in bits:
            bits = [self._bits(k) if b is None else b for k, b in zip(keys, bits)]
        return np.array(bits, dtype=np.uint8)

    def plan(self, text: str, doc_id: str, date: str = "") -> Plan:
        """The plan of a document; a long text is read in pieces (spaCy's ``max_length``)."""
        if len(text) <= CHUNK_CHARS:
            return self._plan(text, doc_id, date)
        plan = Plan([], [])
        start = 0
        while start < len(text):
            end = min(start + CHUNK_CHARS, len(text))
            if end < len(text):
                cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
                end = cut + 1 if cut > start + CHUNK_CHARS // 2 else end
            part = self._plan(text[start:end], doc_id, date)
            plan.segments += [(s + start, e + start) for s, e in part.segments]
            plan.mentions += [replace(m, start=m.start + start, end=m.end + start)
                              for m in part.mentions]
            plan.sentences += part.sentences
            plan.kept += part.kept
            start = end
        return plan

    def _plan(self, text: str, doc_id: str, date: str) -> Plan:
        doc = self.make_doc(text)
        doc._.kg_date = date
        self.ruler(doc)  # knowledge-base actors only: the doc has no statistical entities
        spans = list(doc.spans.get(SPAN_KEY, []))
        attrs = doc.to_array([LOWER, IS_PUNCT, IDX, LENGTH])
        flags = self._token_flags(attrs[:, 0])
        bounds = _sentences((flags & _FINAL) != 0, attrs[:, 1] != 0)
        first, last = bounds[:-1], bounds[1:] - 1  # each sentence's first and last token
        sents = [_Sentence(int(a), int(b) + 1, int(c), int(d)) for a, b, c, d in zip(
            first, last, attrs[first, 2], attrs[last, 2] + attrs[last, 3])]

        def per_sentence(bit: int) -> list[bool]:  # does each sentence hold a word with ``bit``
            counts = np.concatenate(([0], np.cumsum((flags & bit) != 0)))
            return (counts[bounds[1:]] > counts[bounds[:-1]]).tolist()

        triggers, pairs = per_sentence(_TRIGGER), per_sentence(_PAIR)
        keep = [False] * len(sents)
        counts = [0] * len(sents)
        k = 0
        for i, sent in enumerate(sents):
            inside = []
            while k < len(spans) and spans[k].start < sent.end:
                if spans[k].start >= sent.start:
                    inside.append(spans[k])
                k += 1
            counts[i] = len(inside)
            if not inside:
                continue
            trigger = triggers[i]
            person = any(self.kb.actors[s.kb_id_].type == "Person" for s in inside
                         if s.kb_id_ in self.kb.actors)
            if len(inside) >= 2 or trigger or person:
                keep[i] = True
                if trigger and i > 0 and pairs[i]:
                    keep[i - 1] = True
        if self.cues:
            self._keep_antecedents(keep, counts, triggers, per_sentence(_CUE))
        segments: list[tuple[int, int]] = []
        for sent, kept in zip(sents, keep):
            if not kept:
                continue
            start, end = _strip(text, sent.start_char, sent.end_char)
            if start >= end:
                continue
            if segments and not text[segments[-1][1]:start].strip():
                segments[-1] = (segments[-1][0], end)
            else:
                segments.append((start, end))
        seg_starts = [s for s, _ in segments]
        mentions = [
            Mention(doc_id, s.start_char, s.end_char, s.text, span_actor(s, self.kb), s._.kg_via,
                    s._.kg_sector)
            for s in spans if not _inside(s.start_char, segments, seg_starts)
        ]
        return Plan(segments, mentions, len(sents), sum(keep))

    def _keep_antecedents(self, keep: list[bool], counts: list[int], triggers: list[bool],
                          cues: list[bool]) -> None:
        """A sentence with one actor, a trigger and a coreference cue word keeps the sentences
        back to the nearest one with an actor, within the coreference window: the pronoun may
        stand for the second party ("Hamas fired rockets. Israel said they ...")."""
        for i in range(len(keep)):
            if counts[i] != 1 or not triggers[i] or not cues[i]:
                continue
            back = next((j for j in range(i - 1, max(i - self.window, 0) - 1, -1) if counts[j]),
                        None)
            if back is not None:
                for j in range(back, i + 1):
                    keep[j] = True


@dataclass(frozen=True)
class _Sentence:
    """A sentence's tokens (``start``, ``end``) and characters (``start_char``, ``end_char``)."""

    start: int
    end: int
    start_char: int
    end_char: int


def _sentences(final: np.ndarray, punct: np.ndarray) -> np.ndarray:
    """The first token of each sentence, then the number of tokens, by spaCy's ``Sentencizer``
    rule: a sentence starts at the first token after a sentence-final character ("." "!" "?"
    ...) that is neither punctuation nor such a character."""
    if not len(final):
        return np.zeros(1, dtype=np.int64)
    seen = np.cumsum(final)  # sentence-final characters up to each token
    words = np.flatnonzero(~final & ~punct)
    starts = words[1:][seen[words[1:]] > seen[words[:-1]]]
    if len(words) and words[0] > 0 and seen[words[0]] > 0:
        starts = np.concatenate(([words[0]], starts))
    return np.concatenate(([0], starts, [len(final)])).astype(np.int64)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inside(offset: int, segments: list[tuple[int, int]], starts: list[int]) -> bool:
    """``offset`` falls in one of ``segments`` (disjoint, in order; ``starts`` their starts)."""
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and offset < segments[k][1]


def _cameo_verbs() -> set[str]:
    """The CAMEO verbs (first word) some code of which is one of kg's relations."""
    from kg.relations.cameo import load_cameo

    cameo = load_cameo()
    out = set()
    for lemma, code in cameo.default.items():
        if lemma in cameo.exclude:
            continue
        codes = [code] + [p.code for p in cameo.patterns.get(lemma, ())]
        if any(c and cameo.relation(c) for c in codes):
            out.add(lemma.split()[0])
    return out
