"""Wire copies: near-duplicate documents found with MinHash (datasketch) and marked, not dropped.

The same agency story printed by several outlets (another headline, a paragraph trimmed, a
byline added) is one story: each later copy gets ``duplicate_of`` = the id of the first copy
read, so that the graph counts the story's evidence once (see :mod:`kg.analysis.graph`).
Documents are compared by the Jaccard similarity of their sets of word 5-grams, estimated by
MinHash with fixed seeds, so the marks are the same on every run for the same input order.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from hashlib import sha1

from kg.types import Document

__all__ = ["SHINGLE", "THRESHOLD", "mark_duplicates", "shingles"]

log = logging.getLogger("kg.ingest")

#: Documents whose estimated Jaccard similarity of word 5-grams reaches this are copies.
THRESHOLD = 0.6
#: Words per shingle.
SHINGLE = 5
_PERMUTATIONS = 128
_SEED = 16
_MIN_WORDS = 25  # texts of fewer words (a headline, a one-line summary) are never called copies
_WORD = re.compile(r"\w+")
#: Only the start of a document is sketched: a story's copies share it, and a 50 MB text costs
#: no more than a long article.
_SKETCH_CHARS = 100_000


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of ``size``-word shingles of ``text`` (lowercased words, punctuation ignored).

    >>> sorted(shingles("Russia, Iran and China.", 2))
    ['and china', 'iran and', 'russia iran']
    """
    words = _WORD.findall(text.lower())
    return {" ".join(words[k : k + size]) for k in range(max(len(words) - size + 1, 0))}


def _hashes(grams: Iterable[str]) -> list[int]:
    """The 32-bit hash of each shingle: datasketch's ``sha1_hash32``, in one comprehension."""
    return [int.from_bytes(sha1(g.encode("utf-8")).digest()[:4], "little") for g in grams]


def mark_duplicates(documents: Iterable[Document], threshold: float = THRESHOLD) -> Iterator[Document]:
    """The documents, in order, each later copy of a story with ``duplicate_of`` set.

    A document that already carries ``duplicate_of`` keeps it. The first copy read is the
    original: a copy of a copy points at it too.

    Examples
    --------
    >>> story = " ".join(f"Russia and Iran signed accord number {k} in Tehran." for k in range(8))
    >>> docs = [Document("a", story), Document("b", "Updated: " + story), Document("c", "Other.")]
    >>> [d.duplicate_of for d in mark_duplicates(docs)]
    ['', 'a', '']
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=_PERMUTATIONS)
    # The permutations depend on the seed only: drawn once, not once per document.
    template = MinHash(num_perm=_PERMUTATIONS, seed=_SEED)
    sketches: dict[str, MinHash] = {}
    original: dict[str, str] = {}  # document id -> the id of its story's first copy
    order: dict[str, int] = {}
    for document in documents:
        grams = set() if document.duplicate_of else shingles(document.text[:_SKETCH_CHARS])
        if len(grams) < _MIN_WORDS - SHINGLE + 1:
            yield document
            continue
        sketch = MinHash(num_perm=_PERMUTATIONS, seed=_SEED, hashfunc=int,
                         permutations=template.permutations, scheme=template.scheme)
        sketch.update_batch(_hashes(grams))
        matches = [key for key in lsh.query(sketch) if sketch.jaccard(sketches[key]) >= threshold]
        key = f"{len(order)}"
        order[key] = len(order)
        sketches[key] = sketch
        lsh.insert(key, sketch)
        if matches:
            first = original[min(matches, key=order.__getitem__)]
            original[key] = first
            log.info("document %s is a copy of %s (a wire copy: its evidence counts once)",
                     document.id, first)
            yield replace(document, duplicate_of=first)
        else:
            original[key] = document.id
            yield document
