"""spaCy's ``attribute_ruler`` and ``lemmatizer``, their results looked up in tables.

The English models' attribute ruler maps fine-grained tags to parts of speech and morphology
("VBZ" -> VERB, ``Number=Sing|Person=3``), with exceptions by word ("its", "been", "'s"). It runs
179 Matcher patterns over every token: about 40 microseconds a token, as much as the parser.
Nearly all of them test one token, on its tag, lowercase form, dependency label and whether it
is a space. Their outcome is the same for every token with the same four values, so
:class:`TableAttributeRuler` computes it once per combination (a few hundred in a corpus) and
keeps spaCy's Matcher only for the patterns of several tokens ("gon na", "let 's").

The result is that of spaCy's component, attribute for attribute: the same patterns, applied
in the same order (a later pattern overrides an earlier one, as ``AttributeRuler.match`` sorts
them), set with spaCy's own ``set_token_attrs``. A ruler with a pattern this table cannot
evaluate exactly (another attribute, another operator) is left as it is.

The lemmatizer's result is a function of a token's form, part of speech and morphology (the
key of spaCy's own cache); :class:`TableLemmatizer` asks spaCy's lemmatizer once per key and
writes a document's lemmas in one array. It asks spaCy's own rule function with the
``lemma_index`` tables read as sets (:class:`_SetIndex`): the rules test ``form in index`` for
every candidate form, and the English index is lists (57,528 nouns), scanned one by one.
"""

from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["TableAttributeRuler", "TableLemmatizer", "install"]

#: What a one-token pattern may test for the table to evaluate it.
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OPERATORS = frozenset({"IN", "NOT_IN", "REGEX"})


class _Table:
    """What both tables share: ``pipe``, and the rest of the spaCy component they replace
    (its patterns, tables, serialisation ...) read through from it."""

    def __init__(self, component, name: str):
        self._spacy = component
        self.name = getattr(component, "name", name)

    def pipe(self, docs, batch_size: int = 1000):
        for doc in docs:
            yield self(doc)

    def __getattr__(self, name):
        if name == "_spacy":
            raise AttributeError(name)
        return getattr(self._spacy, name)


class TableAttributeRuler(_Table):
    """A drop-in for a spaCy ``AttributeRuler`` (see the module docstring)."""

    def __init__(self, ruler):
        super().__init__(ruler, "attribute_ruler")
        self.vocab = ruler.vocab
        self.singles: list[tuple[int, dict]] = []  # (rule number, one-token pattern)
        self.multi = Matcher(self.vocab, validate=False)
        for i, attrs in enumerate(ruler.attrs):
            _, patterns = ruler.matcher.get(str(i))
            for pattern in patterns:
                if len(pattern) == 1 and _tableable(pattern[0]):
                    self.singles.append((i, pattern[0]))
                else:
                    self.multi.add(str(i), [pattern])
        self._table: dict[tuple[int, int, int, int], dict | None] = {}
        # A word no pattern names (nor matches by regex) is "any other word" (0) in the table's
        # key: its rules are those of its tag, dependency and spacing alone.
        self._words: set[str] = set()
        self._regexes: list[str] = []
        for _, pattern in self.singles:
            spec = pattern.get("LOWER")
            if isinstance(spec, str):
                self._words.add(spec)
            elif isinstance(spec, dict):
                self._words.update(spec.get("IN", ()), spec.get("NOT_IN", ()))
                if "REGEX" in spec:
                    self._regexes.append(spec["REGEX"])
        self._word_key: dict[int, int] = {}

    @staticmethod
    def supports(ruler) -> bool:
        """Every pattern of ``ruler`` is one the table evaluates exactly or the Matcher keeps."""
        try:
            return all(len(p) > 1 or _tableable(p[0])
                       for i in range(len(ruler.attrs)) for p in ruler.matcher.get(str(i))[1])
        except (AttributeError, KeyError, TypeError):
            return False

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        extra = self._multi_matches(doc)
        table, strings = self._table, self.vocab.strings
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        word_key = self._word_key
        for i, (tag, lower, dep, space) in enumerate(rows):
            word = word_key.get(lower)
            if word is None:
                word = word_key[lower] = self._named(lower, strings)
            key = (tag, word, dep, space)
            if i in extra:
                attrs = self._merge(sorted(self._rules(key, strings) + extra[i]))
            else:
                attrs = table.get(key, False)
                if attrs is False:
                    attrs = table[key] = self._merge(self._rules(key, strings))
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    @property
    def ruler(self):
        """spaCy's ``AttributeRuler`` the table was made from."""
        return self._spacy

    # -- the rules ---------------------------------------------------------------------------
    def _named(self, lower: int, strings) -> int:
        """``lower`` when some pattern names the word or matches it, else 0 (any other word)."""
        if len(self._word_key) > 1_000_000:
            self._word_key.clear()
        word = strings[lower] if lower else ""
        if word in self._words or any(re.search(r, word) for r in self._regexes):
            return lower
        return 0

    def _rules(self, key: tuple[int, int, int, int], strings) -> list[int]:
        """The numbers of the one-token rules a token of ``key`` matches, in order."""
        tag, lower, dep, space = key
        word = strings[lower] if lower else None  # None: any other word (see ``_named``)
        values = {"TAG": strings[tag] if tag else "", "LOWER": word,
                  "DEP": strings[dep] if dep else "", "IS_SPACE": bool(space)}
        return [i for i, pattern in self.singles
                if all(_test(spec, values[k]) for k, spec in pattern.items())]

    def _multi_matches(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> the rules of several tokens that set it (``AttributeRuler``'s index)."""
        out: dict[int, list[int]] = {}
        if not len(self.multi):
            return out
        for match_id, start, end in self.multi(doc, allow_missing=True):
            rule = int(self.vocab.strings[match_id])
            index = self.ruler.indices[rule]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:
                raise ValueError(f"attribute rule {rule}: index {index} outside its match")
            out.setdefault(at, []).append(rule)
        return out

    def _merge(self, rules: list[int]) -> dict | None:
        """The attributes of ``rules`` applied in order: a later rule's value wins."""
        merged: dict = {}
        for rule in rules:
            merged.update(self.ruler.attrs[rule])
        return merged or None



def _tableable(token_pattern: dict) -> bool:
    for key, spec in token_pattern.items():
        if key not in _KEYS:
            return False
        if isinstance(spec, dict):
            if not spec or set(spec) - _OPERATORS:
                return False
        elif not isinstance(spec, (str, bool)):
            return False
    return True


def _test(spec, value) -> bool:
    """``value`` passes ``spec``; ``None`` is a word that no pattern names."""
    if not isinstance(spec, dict):
        return value == spec
    for op, arg in spec.items():
        if op == "IN" and value not in arg:
            return False
        if op == "NOT_IN" and value in arg:
            return False
        if op == "REGEX" and (value is None or re.search(arg, value) is None):
            return False
    return True


class TableLemmatizer(_Table):
    """A drop-in for a spaCy ``Lemmatizer`` (see the module docstring)."""

    def __init__(self, lemmatizer):
        super().__init__(lemmatizer, "lemmatizer")
        self._table: dict[tuple[int, int, int], int] = {}
        self._lemmatize = lemmatizer.lemmatize
        self._view: _SetIndex | None = None
        rule = getattr(type(lemmatizer), "rule_lemmatize", None)
        if rule is not None and self._lemmatize == lemmatizer.rule_lemmatize:
            view = self._view = _SetIndex(lemmatizer)
            self._lemmatize = lambda token: rule(view, token)

    @property
    def lemmatizer(self):
        """spaCy's ``Lemmatizer`` the table asks once per key."""
        return self._spacy

    @staticmethod
    def supports(lemmatizer) -> bool:
        """The modes whose lemma depends on the form, the part of speech and the morphology."""
        return getattr(lemmatizer, "mode", None) in ("rule", "lookup") and hasattr(
            lemmatizer, "lemmatize")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        table, strings, overwrite = self._table, doc.vocab.strings, lemmatizer.overwrite
        if len(table) > 1_000_000:
            table.clear()
            if self._view is not None:
                self._view.cache.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = table.get(key)
            if value is None:
                value = table[key] = strings.add(self._lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas)
        return doc


class _SetIndex:
    """A spaCy rule lemmatizer read through, its ``lemma_index`` tables as sets.

    spaCy's ``rule_lemmatize`` is called with this object as ``self``: the same rules, the same
    exceptions, the same ``is_base_form``; only ``form in index`` is a set's look-up instead of
    a scan of a list (on the first 2,000 Reuters articles, 0.8 of the lemmatizer's 0.9 s). Its
    cache is its own, emptied with the table's, so spaCy's lemmatizer is not changed.
    """

    def __init__(self, lemmatizer):
        self._spacy = lemmatizer
        self.cache: dict = {}
        self._lookups = _SetLookups(lemmatizer.lookups)

    @property
    def lookups(self) -> _SetLookups:
        if self._lookups.source is not self._spacy.lookups:  # tables loaded anew (from_disk)
            self._lookups = _SetLookups(self._spacy.lookups)
            self.cache.clear()
        return self._lookups

    def __getattr__(self, name):
        if name == "_spacy":
            raise AttributeError(name)
        return getattr(self._spacy, name)


class _SetLookups:
    """spaCy ``Lookups`` whose ``lemma_index`` table gives each part of speech's words as a set."""

    def __init__(self, lookups):
        self.source = lookups
        self._index: _SetTable | None = None

    def get_table(self, name: str, *default):
        if name != "lemma_index":
            return self.source.get_table(name, *default)
        if self._index is None:
            self._index = _SetTable(self.source.get_table(name, *default))
        return self._index


class _SetTable:
    """A table of word lists read as frozensets (``get`` only: all the rules call)."""

    def __init__(self, table):
        self._table = table
        self._sets: dict = {}

    def get(self, key, default=None):
        if key not in self._sets:
            words = self._table.get(key)
            self._sets[key] = None if words is None else frozenset(words)
        found = self._sets[key]
        return default if found is None else found


def install(nlp) -> list[str]:
    """Replace ``nlp``'s ``attribute_ruler`` and ``lemmatizer`` by their tables when they can;
    the names of the components replaced."""
    done = []
    for name, table in (("attribute_ruler", TableAttributeRuler),
                        ("lemmatizer", TableLemmatizer)):
        if name not in nlp.pipe_names or not table.supports(nlp.get_pipe(name)):
            continue
        # The component keeps its name (and its place, meta and config): only the object changes.
        components = nlp._components
        k = next(i for i, (n, _) in enumerate(components) if n == name)
        components[k] = (name, table(components[k][1]))
        done.append(name)
    return done
