"""``kg build``: documents in, every output of DESIGN.md out, written atomically.

The stages run in the order of DESIGN.md: ingest -> nlp (actors, relations) -> graph ->
analysis -> exporters. Outputs are first written beside their final names and only moved into
place when the whole build has succeeded, so a build that fails or is killed half-way leaves
the previous outputs in ``out`` as they were.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import ExportError
from kg.ingest import Skip, iter_documents
from kg.types import Actor, Assertion, Document, Mention

__all__ = ["BuildReport", "OUTPUTS", "build", "assertion_record", "mention_record", "process"]

log = logging.getLogger("kg.build")

#: Every file ``kg build`` writes, in the order it writes them.
OUTPUTS = ("mentions.jsonl", "actors.jsonl", "assertions.jsonl", "graph.ttl", "blocs.json",
           "graph.html", "graph.gexf", "graph.graphml")
#: Documents longer than this are parsed in pieces (cut at a line or sentence end).
CHUNK_CHARS = 100_000

Progress = Callable[[Document], None]


@dataclass
class BuildReport:
    """What a build did: counts, skipped records, and the files written."""

    documents: int = 0
    words: int = 0
    mentions: int = 0
    assertions: int = 0
    actors: int = 0
    skipped: list[Skip] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def _chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``; pieces end at a newline or a sentence end."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut > start + size // 2:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _shift_mention(m: Mention, offset: int) -> Mention:
    return replace(m, start=m.start + offset, end=m.end + offset) if offset else m


def _shift_assertion(a: Assertion, offset: int) -> Assertion:
    if not offset:
        return a
    return replace(a, source=_shift_mention(a.source, offset),
                   target=_shift_mention(a.target, offset),
                   sentence_start=a.sentence_start + offset, sentence_end=a.sentence_end + offset)


def process(documents: Iterable[Document], nlp=None, *, batch_size: int = 32,
            n_process: int = 1) -> Iterator[tuple[Document, list[Mention], list[Assertion]]]:
    """Run the pipeline over documents, yielding each with its mentions and assertions."""
    from kg.actors import doc_mentions
    from kg.kb import load_kb
    from kg.nlp import load_pipeline
    from kg.relations import doc_assertions

    nlp = nlp or load_pipeline()
    kb = load_kb()

    def pieces() -> Iterator[tuple[object, tuple[Document, int, bool]]]:
        for document in documents:
            parts = list(_chunks(document.text))
            for k, (offset, piece) in enumerate(parts):
                sdoc = nlp.make_doc(piece)
                sdoc._.kg_date = document.date
                yield sdoc, (document, offset, k == len(parts) - 1)

    mentions: list[Mention] = []
    assertions: list[Assertion] = []
    for sdoc, (document, offset, last) in nlp.pipe(pieces(), as_tuples=True,
                                                    batch_size=batch_size, n_process=n_process):
        mentions += [_shift_mention(m, offset) for m in doc_mentions(sdoc, document.id, kb)]
        assertions += [_shift_assertion(a, offset) for a in doc_assertions(sdoc, document.id, kb)]
        if last:
            yield document, mentions, assertions
            mentions, assertions = [], []


def mention_record(m: Mention) -> dict:
    """A line of mentions.jsonl."""
    a = m.actor
    return {"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "actor": a.id,
            "label": a.label, "type": a.type, "via": m.via}


def _side(m: Mention) -> dict:
    return {"id": m.actor.id, "label": m.actor.label, "type": m.actor.type, "text": m.text,
            "start": m.start, "end": m.end}


def assertion_record(a: Assertion, polarity: dict[str, str]) -> dict:
    """A line of assertions.jsonl, exactly as DESIGN.md specifies (plus ``attributed``, ``rule``)."""
    return {"doc": a.doc, "relation": a.relation, "source": _side(a.source),
            "target": _side(a.target),
            "sentence": {"start": a.sentence_start, "end": a.sentence_end, "text": a.sentence},
            "confidence": a.confidence, "polarity": polarity.get(a.relation, "neutral"),
            "negated": a.negated, "hedged": a.hedged, "attributed": a.attributed,
            "rule": a.rule}


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


class _Staging:
    """Output files written in a temporary folder inside ``out``, moved into place at the end."""

    def __init__(self, out: Path):
        self.out = out
        try:
            out.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
        except OSError as exc:
            raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from None

    def path(self, name: str) -> Path:
        return self.tmp / name

    def commit(self, names: Iterable[str]) -> list[Path]:
        done = []
        try:
            for name in names:
                src = self.tmp / name
                if src.exists():
                    if src.stat().st_size == 0:
                        raise ExportError(f"refusing to write an empty {name}")
                    os.replace(src, self.out / name)
                    done.append(self.out / name)
        except OSError as exc:
            raise ExportError(f"cannot write to {self.out}: {exc.strerror or exc}") from None
        return done

    def cleanup(self) -> None:
        for p in self.tmp.glob("*"):
            p.unlink(missing_ok=True)
        self.tmp.rmdir()


def build(inputs: Iterable[str | Path], out: str | Path, *, model: str | None = None,
          progress: Progress | None = None, stdin=None, exports: Iterable[str] = ("html", "gexf", "graphml"),
          seed: int = 0) -> BuildReport:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    Returns a :class:`BuildReport`; raises :class:`kg.errors.KGError` on errors that stop the
    build (a missing input, an unwritable output folder). Records that cannot be read are
    skipped, logged with their file and line, and listed in ``report.skipped``.
    """
    from kg.exporters import export
    from kg.graph import build_graph
    from kg.nlp import load_pipeline
    from kg.ontology import relation_info

    report = BuildReport()
    documents = iter_documents(inputs, stdin=stdin, on_skip=report.skipped.append)
    first = next(documents, None)  # input errors surface before the model is loaded
    nlp = load_pipeline(model)
    polarity = {name: info.polarity for name, info in relation_info().items()}
    stage = _Staging(Path(out))
    counts: Counter[Actor] = Counter()
    kept_docs: list[Document] = []
    all_assertions: list[Assertion] = []
    try:
        with open(stage.path("mentions.jsonl"), "w", encoding="utf-8", newline="\n") as fm, \
             open(stage.path("assertions.jsonl"), "w", encoding="utf-8", newline="\n") as fa:
            stream = _chain(first, documents) if first else iter(())
            for document, mentions, assertions in process(stream, nlp):
                report.documents += 1
                report.words += len(document.text.split())
                for m in mentions:
                    fm.write(_dumps(mention_record(m)))
                    counts[m.actor] += 1
                for a in assertions:
                    fa.write(_dumps(assertion_record(a, polarity)))
                report.mentions += len(mentions)
                report.assertions += len(assertions)
                all_assertions += assertions
                kept_docs.append(document)
                if progress:
                    progress(document)
        if not report.documents:
            raise ExportError("no readable documents in the input; nothing was written")
        with open(stage.path("actors.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for actor, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].id)):
                f.write(_dumps({"id": actor.id, "label": actor.label, "type": actor.type,
                                "iso3": actor.iso3, "wikidata": actor.wikidata, "mentions": n}))
        report.actors = len(counts)
        graph = build_graph(all_assertions, kept_docs, dict(counts))
        export("ttl", graph, stage.path("graph.ttl"))
        from kg.analysis import analyze, write_blocs_json

        analysis = analyze(graph, seed=seed)
        write_blocs_json(analysis, stage.path("blocs.json"))
        for fmt in exports:
            export(fmt, graph, stage.path(f"graph.{fmt}"), analysis=analysis)
        report.outputs = stage.commit(OUTPUTS)
    finally:
        stage.cleanup()
    return report


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
