"""``kg build``: documents in, every output of DESIGN.md out, written atomically.

The stages run in the order of DESIGN.md: ingest -> nlp (actors, relations) -> graph ->
analysis -> exporters. Outputs are first written beside their final names and only moved into
place when the whole build has succeeded, so a build that fails or is killed half-way leaves
the previous outputs in ``out`` as they were.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import json
import logging
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import ConfigError, ExportError, InputError
from kg.ingest import Skip, iter_documents, mark_duplicates
from kg.types import Actor, Assertion, Document, Mention

__all__ = ["BuildReport", "FOLDERS", "OUTPUTS", "build", "assertion_record", "document_record",
           "mention_record", "process"]

log = logging.getLogger("kg.pipeline")

#: Every file ``kg build`` writes, in the order it writes them.
OUTPUTS = ("mentions.jsonl", "actors.jsonl", "assertions.jsonl", "graph.ttl", "blocs.json",
           "graph.html", "graph.gexf", "graph.graphml", "documents.jsonl")
#: The folders ``kg build`` writes, committed with the files: the Oxigraph store (kg.store).
FOLDERS = ("store",)
#: Documents longer than this are parsed in pieces (cut at a line or sentence end).
CHUNK_CHARS = 100_000

#: Documents sent to the NLP stage at once (one task of a worker).
BATCH_DOCS = 128
#: spaCy's batch size inside the NLP stage (``nlp.pipe``).
BATCH_SIZE = 128

#: The garbage collector's first threshold while a build runs (Python's default is 700). A build
#: makes millions of short-lived objects (spaCy's tokens and spans, rdflib's terms), nearly all
#: freed as soon as they are dropped; at the default, every 700 that live a little longer start
#: a collection, and every hundredth of those a full one over the whole graph being built. On
#: the first 2,000 Reuters articles: 930 collections, 0.35 s, of which 7 full ones 0.27 s; at
#: this threshold 25 and 0.14 s. Memory stays bounded: a collection still runs every 20,000.
GC_THRESHOLD = 20_000

Progress = Callable[[Document], None]


@dataclass
class BuildReport:
    """What a build did: counts, skipped records, and the files written."""

    documents: int = 0
    words: int = 0
    mentions: int = 0
    assertions: int = 0
    actors: int = 0
    unchanged: int = 0  # with ``update``: documents already in the previous build, skipped
    sentences: int = 0  # sentences the first pass read (0 with ``prepass=False``)
    parsed_sentences: int = 0  # of them, the ones the full pipeline parsed
    parsed_words: int = 0  # the words of the sentences the full pipeline parsed
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
            parts = list(_chunks(document.text)) or [(0, "")]
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
            "label": a.label, "type": a.type, "via": m.via, "sector": m.sector,
            "country": a.country}


def _side(m: Mention) -> dict:
    return {"id": m.actor.id, "label": m.actor.label, "type": m.actor.type, "text": m.text,
            "start": m.start, "end": m.end, "sector": m.sector}


def assertion_record(a: Assertion, polarity: dict[str, str]) -> dict:
    """A line of assertions.jsonl, exactly as DESIGN.md specifies (plus ``attributed``, ``rule``)."""
    return {"doc": a.doc, "relation": a.relation, "source": _side(a.source),
            "target": _side(a.target),
            "sentence": {"start": a.sentence_start, "end": a.sentence_end, "text": a.sentence},
            "confidence": a.confidence, "polarity": polarity.get(a.relation, "neutral"),
            "negated": a.negated, "hedged": a.hedged, "cameo": a.cameo,
            "attributed": a.attributed, "rule": a.rule}


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


class _Staging:
    """Output files written in a temporary folder inside ``out``, moved into place at the end."""

    PREFIX = ".kg-build-"

    def __init__(self, out: Path):
        self.out = out
        try:
            out.mkdir(parents=True, exist_ok=True)
            self._remove_stale()
            self.tmp = Path(tempfile.mkdtemp(prefix=f"{self.PREFIX}{os.getpid()}-", dir=out))
        except OSError as exc:
            raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from None

    def _remove_stale(self) -> None:
        """Remove the staging folders of builds that were killed (their process is gone)."""
        for folder in sorted(self.out.glob(self.PREFIX + "*")):
            pid = folder.name[len(self.PREFIX):].partition("-")[0]
            if folder.is_dir() and not (pid.isdigit() and _alive(int(pid))):
                if (folder / COMMITTING).exists():  # killed while moving its outputs in
                    log.warning("restoring the outputs of %s that a killed build half-replaced",
                                self.out)
                    _roll_back(self.out, folder)
                log.info("removing the staging folder of a killed build: %s", folder)
                shutil.rmtree(folder, ignore_errors=True)

    def path(self, name: str) -> Path:
        return self.tmp / name

    def commit(self, names: Iterable[str]) -> list[Path]:
        """Move the staged files into ``out``: all of them, or none.

        A JSONL file may be empty (an article that names no actor or states no relation); any
        other empty file is a writer that failed half-way and is refused. The previous outputs
        are first linked into the staging folder; if a move fails they are put back, and if
        the process is killed half-way the next build puts them back (see ``_remove_stale``).
        """
        staged = [name for name in names if (self.tmp / name).exists()]
        for name in staged:
            if (self.tmp / name).is_dir():
                continue
            if not name.endswith(".jsonl") and (self.tmp / name).stat().st_size == 0:
                raise ExportError(f"refusing to write an empty {name}")
        try:
            _keep_previous(self.out, self.tmp, staged)
            for name in staged:
                os.replace(self.tmp / name, self.out / name)
        except OSError as exc:
            _roll_back(self.out, self.tmp)
            raise ExportError(f"cannot write to {self.out}: {exc.strerror or exc}; "
                              "the previous outputs were kept") from None
        (self.tmp / COMMITTING).unlink()
        return [self.out / name for name in staged]

    def cleanup(self) -> None:
        try:
            shutil.rmtree(self.tmp)
        except OSError as exc:
            log.warning("could not remove the staging folder %s: %s", self.tmp, exc)


#: The journal of a commit in progress: the output names, then the previous ones kept aside.
COMMITTING = "COMMITTING"
PREVIOUS = "previous"


def _keep_previous(out: Path, tmp: Path, names: list[str]) -> None:
    """Write the journal, then link the current outputs into ``tmp/previous`` (move folders)."""
    previous = tmp / PREVIOUS
    previous.mkdir(exist_ok=True)
    (tmp / COMMITTING).write_text("\n".join(names) + "\n", encoding="utf-8")
    for name in names:
        if (out / name).is_dir():
            os.replace(out / name, previous / name)  # a folder cannot be hard-linked
        elif (out / name).exists():
            os.link(out / name, previous / name)


def _roll_back(out: Path, tmp: Path) -> None:
    """Put the outputs of the journal in ``tmp`` back as they were before the commit."""
    journal = tmp / COMMITTING
    if not journal.exists():
        return
    for name in journal.read_text(encoding="utf-8").split():
        kept = tmp / PREVIOUS / name
        try:
            if kept.is_dir() and (out / name).is_dir():
                shutil.rmtree(out / name)  # the new folder, already moved in
            if kept.exists():
                os.replace(kept, out / name)
            elif (out / name).is_dir() and not (tmp / name).exists():
                shutil.rmtree(out / name)
            elif (out / name).exists() and not (tmp / name).exists():
                (out / name).unlink()  # a new output that had no previous version
        except OSError as exc:
            log.warning("could not restore %s: %s", out / name, exc)
    journal.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage at most every ``GC_THRESHOLD`` objects; the previous thresholds after.

    A threshold of 0 (collection disabled by the caller) is left as it is.
    """
    previous = gc.get_threshold()
    if previous[0]:
        gc.set_threshold(max(previous[0], GC_THRESHOLD), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@_fewer_collections()  # see GC_THRESHOLD
def build(inputs: Iterable[str | Path], out: str | Path, *, model: str | None = None,
          progress: Progress | None = None, stdin=None, exports: Iterable[str] = ("html", "gexf", "graphml"),
          seed: int = 0, workers: int | None = None, engine: str = "local",
          scheduler: str | None = None, update: bool = False, batch_size: int = BATCH_SIZE,
          prepass: bool = True, coref: bool = True) -> BuildReport:
    """Build the knowledge graph of ``inputs`` into the folder ``out``.

    Returns a :class:`BuildReport`; raises :class:`kg.errors.KGError` on errors that stop the
    build (a missing input, an unwritable output folder). Records that cannot be read are
    skipped, logged with their file and line, and listed in ``report.skipped``.

    The NLP stage runs on ``engine`` (:data:`kg.engine.ENGINES`): "local" in this process, or
    in ``workers`` processes; "dask" on the Dask cluster at ``scheduler`` (a LocalCluster of
    ``workers`` processes, 2 by default, when no address is given). With ``prepass`` the full
    pipeline reads only the sentences that can hold a relation (:mod:`kg.engine.prepass`).
    Without ``coref`` no pronoun or description is resolved (:mod:`kg.coref`).

    With ``update``, ``out`` holds a previous build: documents already in its graph (same id,
    same text hash) are skipped and counted in ``report.unchanged``, the others are added (a
    document with a known id and a new text replaces the old one), and every output is rebuilt
    from the old and new lines: the result is that of one build over all the documents.

    Memory does not grow with the text read: documents are streamed through the NLP stage,
    mentions and assertions streamed to their files, and the graph built from the assertion
    file; what stays in memory is the graph and one small record (no text) per document.
    """
    from kg.engine.executors import ENGINES, run
    from kg.engine.records import read_documents
    from kg.engine.worker import DocMeta

    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}")
    if batch_size < 1 or (workers is not None and workers < 1):
        raise ConfigError("--workers and --batch-size must be 1 or more")
    out = Path(out)
    previous: dict[str, DocMeta] = {}
    if update:
        missing = [n for n in ("graph.ttl", "assertions.jsonl", "mentions.jsonl")
                   if not (out / n).is_file()]
        if missing:
            raise InputError(f"no previous build to update ({', '.join(missing)} missing); "
                             "run kg build without --update first", str(out))
        previous = read_documents(out / "graph.ttl")

    report = BuildReport()
    documents = iter_documents(inputs, stdin=stdin, on_skip=report.skipped.append,
                               exclude=[out])  # never read our own outputs back
    first = next(documents, None)  # input errors surface before the model is loaded
    stream = itertools.chain([first], documents) if first else iter(())
    stream = mark_duplicates(stream)  # wire copies are kept, marked, and counted once
    replaced: set[str] = set()
    if update:
        stream = _new_documents(stream, previous, report, replaced)
    stage = _Staging(out)
    new_docs: list[DocMeta] = []
    suffix = ".new" if update else ""
    try:
        with open(stage.path("mentions.jsonl" + suffix), "w", encoding="utf-8", newline="\n") as fm, \
             open(stage.path("assertions.jsonl" + suffix), "w", encoding="utf-8", newline="\n") as fa:
            batches = _batches(stream, BATCH_DOCS)
            for batch, results in run(batches, engine=engine, workers=workers,
                                      scheduler=scheduler, model=model, batch_size=batch_size,
                                      prepass=prepass, coref=coref):
                for document, result in zip(batch, results):
                    report.documents += 1
                    report.words += result.words
                    report.sentences += result.sentences
                    report.parsed_sentences += result.parsed
                    report.parsed_words += result.parsed_words
                    fm.writelines(_dumps(mention_record(m)) for m in result.mentions)
                    fa.writelines(_dumps(assertion_record(a, _polarity())) for a in result.assertions)
                    report.mentions += len(result.mentions)
                    report.assertions += len(result.assertions)
                    new_docs.append(result.doc)
                    if progress:
                        progress(document)
        if not report.documents and not report.unchanged:
            raise ExportError("no readable documents in the input; nothing was written")
        if update:
            dropped = replaced | {d.id for d in new_docs}
            for name in ("mentions.jsonl", "assertions.jsonl"):
                _merge(out / name, stage.path(name + suffix), stage.path(name), dropped)
            docs = [d for d in previous.values() if d.id not in dropped] + new_docs
        else:
            docs = new_docs
        _write_documents(stage.path("documents.jsonl"), docs, out / "documents.jsonl")
        _finish(stage, docs, report, exports, seed)
        report.outputs = stage.commit(OUTPUTS + FOLDERS)
    except OSError as exc:  # the disk is full, the folder went away ...
        raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from None
    finally:
        stage.cleanup()
    return report


@functools.cache
def _polarity() -> dict[str, str]:
    from kg.ontology import relation_info

    return {name: info.polarity for name, info in relation_info().items()}


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _new_documents(documents: Iterable[Document], previous: dict, report: BuildReport,
                   replaced: set[str]) -> Iterator[Document]:
    """The documents not yet in the previous build; a changed text replaces the old one."""
    from kg.types import text_hash

    for document in documents:
        old = previous.get(document.id)
        if old is not None:
            if old.text_hash == text_hash(document.text):
                report.unchanged += 1
                continue
            log.info("document %s changed since the previous build: it is rebuilt", document.id)
            replaced.add(document.id)
        yield document


def _merge(old: Path, new: Path, dest: Path, dropped: set[str]) -> None:
    """``dest``: the lines of ``old`` whose document is not in ``dropped``, then ``new``."""
    from kg.engine.records import iter_lines

    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(line for line, record in iter_lines(old) if record.get("doc") not in dropped)
        with open(new, encoding="utf-8") as g:
            for line in g:
                f.write(line)


def _write_documents(path: Path, docs: list, previous: Path) -> None:
    """documents.jsonl: one line per document (the words of an update's old ones kept)."""
    from kg.engine.records import iter_lines

    old = {}
    if previous.is_file() and any(not d.words for d in docs):
        old = {r.get("id"): r for _, r in iter_lines(previous)}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:  # in the order read
            f.write(_dumps(document_record(d, old.get(d.id, {}))))


def document_record(d: Document, previous: dict | None = None) -> dict:
    """A line of documents.jsonl, from a Document or a DocMeta (``previous``: its old line)."""
    previous = previous or {}
    words = getattr(d, "words", 0) or previous.get("words", 0)
    if not words and hasattr(d, "text"):
        words = len(d.text.split())
    return {"id": d.id, "title": d.title, "date": d.date, "url": d.url, "source": d.source,
            "words": words, "duplicate_of": d.duplicate_of or None, "author": d.author,
            "summary": d.summary or previous.get("summary", False)}


def _finish(stage: _Staging, docs: list, report: BuildReport, exports: Iterable[str],
            seed: int) -> None:
    """actors.jsonl, graph.ttl, blocs.json and the exports, from the two JSONL files in ``stage``."""
    from kg.analysis import analyze, write_blocs_json
    from kg.engine.records import iter_assertions, iter_lines, mention_actor
    from kg.exporters import export
    from kg.graph import build_graph
    from kg.kb import load_kb
    from kg.store import write_store

    kb = load_kb()
    counts: Counter[Actor] = Counter()
    by_id: dict[str, Counter[Actor]] = {}  # one line per id: its most frequent form
    for _, record in iter_lines(stage.path("mentions.jsonl")):
        actor = mention_actor(record, kb)
        counts[actor] += 1
        by_id.setdefault(actor.id, Counter())[actor] += 1
    lines = {max(forms, key=lambda a: (forms[a], a.known, a.label, a.type)): sum(forms.values())
             for forms in by_id.values()}
    mixed = {a.id: a for a in lines if len({f.type for f in by_id[a.id]}) > 1}
    from kg.actors.mentions import lone_surnames  # issue 12: "Sanders" is the one "Bernie Sanders"

    renamed = lone_surnames(lines, {i for i, forms in by_id.items()
                                    if any(a.type == "Person" for a in forms)})
    line_of = {a.id: a for a in lines} if renamed else {}
    for old_id, actor in renamed.items():
        lines[line_of[actor.id]] += lines.pop(line_of[old_id])
    mixed.update(renamed)
    if mixed:  # issue 12: an x- id carries one type (its actors.jsonl line's) in every file
        from kg.actors.mentions import one_type_per_id

        for name in ("mentions.jsonl", "assertions.jsonl"):
            one_type_per_id(stage.path(name), mixed)
    with open(stage.path("actors.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for actor, n in sorted(lines.items(), key=lambda kv: (-kv[1], kv[0].id)):
            f.write(_dumps({"id": actor.id, "label": actor.label, "type": actor.type,
                            "iso3": actor.iso3, "wikidata": actor.wikidata,
                            "country": actor.country, "mentions": n}))
    report.actors = len(lines)
    graph = build_graph(iter_assertions(stage.path("assertions.jsonl"), kb), docs, lines)
    export("ttl", graph, stage.path("graph.ttl"))
    try:  # the store of kg query and kg serve: an accelerator, graph.ttl is the graph
        write_store(stage.path("graph.ttl"), stage.path("store"))
    except ExportError as exc:  # a full disk: RocksDB needs room beyond its final size
        log.warning("%s; queries will read graph.ttl instead", exc)
        shutil.rmtree(stage.path("store"), ignore_errors=True)
    analysis = analyze(graph, seed=seed)
    write_blocs_json(analysis, stage.path("blocs.json"))
    for fmt in exports:
        export(fmt, graph, stage.path(f"graph.{fmt}"), analysis=analysis)


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest
