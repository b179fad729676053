"""The NLP stage of one batch of documents: what every engine runs, in-process or on a worker.

:func:`analyse_batch` takes documents and returns, per document, its metadata (no text), its
word count, its mentions and its assertions, offsets into the document's full text. The
pipeline and the first pass are loaded once per process (:func:`kg.nlp.load_pipeline` is
cached), so a worker process pays for the model once, whatever the number of batches.
"""

from __future__ import annotations

import bisect
import functools
import gc
from dataclasses import dataclass, field, replace

from kg.types import Assertion, Document, Mention, text_hash

__all__ = ["DocMeta", "DocResult", "analyse_batch", "analyse_documents", "load_engine"]

#: What joins the kept segments of a document into the one text the full pipeline reads.
SEPARATOR = "\n\n"
#: The text the full pipeline reads at once is cut in pieces of at most this many characters.
PIECE_CHARS = 100_000
#: Words the tokenizer remembers the splitting of. spaCy's default (10,000) is filled by the
#: knowledge base's names when ``kg_actors`` builds its matchers, after which no word of the
#: corpus is remembered and the tokenizer runs its affix rules on every word (10x slower).
TOKENIZER_CACHE = 200_000


@dataclass(frozen=True)
class DocMeta:
    """A document without its text: what the graph needs (see ``kg.graph``: ``text_hash``)."""

    id: str
    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    text_hash: str = ""
    author: str = ""
    duplicate_of: str = ""
    words: int = 0
    summary: bool = False

    @classmethod
    def of(cls, doc: Document) -> DocMeta:
        return cls(doc.id, doc.title, doc.date, doc.source, doc.url, text_hash(doc.text),
                   doc.author, doc.duplicate_of, len(doc.text.split()), doc.summary)


@dataclass
class DocResult:
    """The NLP stage's output for one document."""

    doc: DocMeta
    words: int
    mentions: list[Mention] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    sentences: int = 0  # sentences of the first pass (0 without it)
    parsed: int = 0  # of them, the ones the full pipeline read
    parsed_words: int = 0  # the words of the text the full pipeline read


@functools.cache
def load_engine(model: str | None = None, coref: bool = True):
    """(nlp, prepass, kb) for ``model`` (with ``kg_coref`` or not), loaded once per process."""
    from kg.engine.prepass import Prepass
    from kg.kb import load_kb
    from kg.nlp import load_pipeline
    from kg.relations import load_lexicon

    nlp = load_pipeline(model, coref=coref)
    nlp.tokenizer.max_cache_size = max(nlp.tokenizer.max_cache_size, TOKENIZER_CACHE)
    kb = load_kb()
    engine = nlp, Prepass(nlp, nlp.get_pipe("kg_actors"), load_lexicon(), kb), kb
    # The model and the knowledge base live as long as the process: hundreds of thousands of
    # objects that the garbage collector would otherwise walk again at every full collection
    # of a build (measured on 2,000 Reuters articles: full collections 3.5 s of a 64 s build
    # before, 2.5 s after). What is alive now is moved out of its reach.
    gc.collect()
    gc.freeze()
    return engine


class _OffsetMap:
    """Character offsets of the joined segments back to offsets of the document's text."""

    def __init__(self, segments: list[tuple[int, int]], text: str):
        self.text = text
        self.joined: list[int] = []  # start of each segment in the joined text
        self.origin: list[int] = []  # start of each segment in the document
        self.length: list[int] = []
        pos = 0
        for start, end in segments:
            self.joined.append(pos)
            self.origin.append(start)
            self.length.append(end - start)
            pos += end - start + len(SEPARATOR)

    def start(self, offset: int) -> int:
        k = max(bisect.bisect_right(self.joined, offset) - 1, 0)
        return self.origin[k] + min(offset - self.joined[k], self.length[k])

    def end(self, offset: int) -> int:
        k = max(bisect.bisect_right(self.joined, offset - 1) - 1, 0)
        if offset - self.joined[k] < self.length[k]:
            return self.origin[k] + offset - self.joined[k]
        # Past the segment, in the separator: end where a parse of the whole text would, after
        # the whitespace token that follows the segment, if any ("troops.\n\n").
        end = self.origin[k] + self.length[k]
        after = end + 1 if self.text[end : end + 1] == " " else end
        stop = after
        while stop < len(self.text) and self.text[stop].isspace():
            stop += 1
        return stop if stop > after else end


def _pieces(text: str, segments: list[tuple[int, int]]):
    """Groups of segments whose joined text stays under ``PIECE_CHARS`` (a longer segment is cut)."""
    group: list[tuple[int, int]] = []
    size = 0
    for start, end in segments:
        while end - start > PIECE_CHARS:  # one huge "sentence": cut it at a newline if possible
            cut = text.rfind("\n", start + PIECE_CHARS // 2, start + PIECE_CHARS)
            cut = cut + 1 if cut > 0 else start + PIECE_CHARS
            if group:
                yield group
                group, size = [], 0
            yield [(start, cut)]
            start = cut
        if group and size + end - start > PIECE_CHARS:
            yield group
            group, size = [], 0
        group.append((start, end))
        size += end - start + len(SEPARATOR)
    if group:
        yield group


def analyse_documents(documents: list[Document], model: str | None = None, *,
                      batch_size: int = 64, prepass: bool = True,
                      coref: bool = True) -> list[DocResult]:
    """Mentions and assertions of each document, in order (see the module docstring).

    With ``prepass`` (the default) the full pipeline reads only the sentences the first pass
    keeps (:mod:`kg.engine.prepass`); without it, every sentence.
    """
    from kg.actors import doc_mentions
    from kg.relations import doc_assertions

    nlp, first_pass, kb = load_engine(model, coref)
    results = []
    todo = []  # (spaCy Doc, (result index, offset map))
    for doc in documents:
        meta = DocMeta.of(doc)
        result = DocResult(meta, meta.words)
        results.append(result)
        if prepass:
            plan = first_pass.plan(doc.text, doc.id, doc.date)
            result.mentions.extend(plan.mentions)
            result.sentences, result.parsed = plan.sentences, plan.kept
            segments = plan.segments
        else:
            segments = [(0, len(doc.text))]
        result.parsed_words = sum(len(doc.text[s:e].split()) for s, e in segments)
        for group in _pieces(doc.text, segments):
            joined = SEPARATOR.join(doc.text[s:e] for s, e in group)
            sdoc = first_pass.make_doc(joined)  # nlp.make_doc's tokens (kg.engine.tokens)
            sdoc._.kg_date = doc.date
            offsets = _OffsetMap(group, doc.text)
            if prepass and sdoc.has_extension("kg_gaps"):  # skipped text before each segment
                sdoc._.kg_gaps = tuple(offsets.joined[1:])
            starts = offsets.joined[1:]
            for tok in sdoc:  # each segment starts a sentence
                if starts and tok.idx >= starts[0]:
                    while starts and tok.idx >= starts[0]:
                        starts.pop(0)
                    tok.is_sent_start = True
            todo.append((sdoc, (len(results) - 1, offsets, doc.text)))

    seen_leaders: set[tuple[int, str]] = set()
    for sdoc, (k, offsets, text) in nlp.pipe(todo, as_tuples=True, batch_size=batch_size):
        result = results[k]
        result.mentions.extend(_mention(m, offsets, text) for m in doc_mentions(sdoc, result.doc.id, kb))
        for a in doc_assertions(sdoc, result.doc.id, kb):
            if a.rule == "kb-office":  # once per document, not once per piece
                if (k, a.source.actor.id) in seen_leaders:
                    continue
                seen_leaders.add((k, a.source.actor.id))
            result.assertions.append(_assertion(a, offsets, text))
    for result in results:
        result.mentions.sort(key=lambda m: (m.start, m.end))
        result.assertions.sort(
            key=lambda a: (a.sentence_start, a.source.start, a.target.start, a.relation))
    return results


def analyse_batch(documents: list[Document], model: str | None = None, batch_size: int = 64,
                  prepass: bool = True, coref: bool = True) -> list[DocResult]:
    """:func:`analyse_documents` with positional arguments, for executors that map a function."""
    return analyse_documents(documents, model, batch_size=batch_size, prepass=prepass,
                             coref=coref)


def _mention(m: Mention, offsets: _OffsetMap, text: str) -> Mention:
    start, end = offsets.start(m.start), offsets.end(m.end)
    return replace(m, start=start, end=end, text=text[start:end])


def _assertion(a: Assertion, offsets: _OffsetMap, text: str) -> Assertion:
    start, end = offsets.start(a.sentence_start), offsets.end(a.sentence_end)
    return replace(a, source=_mention(a.source, offsets, text),
                   target=_mention(a.target, offsets, text),
                   sentence_start=start, sentence_end=end, sentence=text[start:end])
