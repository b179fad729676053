"""The actor stage: the ``kg_actors`` spaCy component and the mentions it yields (a package).

The component runs after the statistical NER. It matches every name of the knowledge base
(``ontology/names.csv``) with two phrase matchers (exact case and case-insensitive), so that
known actors are never missed or mislabelled, resolves surnames and role phrases by the
document's context and date, keeps the statistical model's other ORG, NORP and PERSON entities
as actors of their own, and drops places and outlets that are not actors.

Results go to ``doc.spans["kg_actors"]``: each span's ``kb_id_`` is the actor id and its
``label_`` the actor type. :func:`doc_mentions` turns them into :class:`kg.types.Mention`.

Modules: :mod:`~kg.actors.ruler` (the component), :mod:`~kg.actors.resolve` (one actor per
span), :mod:`~kg.actors.parts` (sectors, Group actors, roles), :mod:`~kg.actors.unknown`
(entities the knowledge base does not know), :mod:`~kg.actors.spelling` (misspelt names),
:mod:`~kg.actors.mentions` (spans to :class:`kg.types.Mention`).
"""

from kg.actors.mentions import doc_mentions, span_actor
from kg.actors.ruler import ActorRuler, make_actor_ruler
from kg.actors.spans import SPAN_KEY, given_names_agree, unknown_actor_id

__all__ = ["SPAN_KEY", "ActorRuler", "doc_mentions", "given_names_agree", "make_actor_ruler",
           "span_actor", "unknown_actor_id"]
