"""The coreference stage: the ``kg_coref`` spaCy component.

It runs after ``kg_actors`` and before ``kg_relations``. A third-person pronoun ("it", "its",
"they", "their", "them") or a definite description ("the country", "the alliance", "the
militants", "the president") becomes a mention of the actor it stands for: the most salient
compatible actor of the knowledge base named before it, in its own sentence or the sentences
just before (``ontology/coref.toml`` says which actor types and number each word takes).

A person pronoun ("he", "she", "his", "her", "him") is not ranked: it stands for the one
person actor of the window whose gender, where a title says it, agrees (``kg.coref.persons``),
or a subject "he" for the one person its own sentence names before it as a subject.

"They" and plural descriptions ("the ministers") after a coordination of actors or a joint
action stand for the group (``kg.coref.plural``, recorded in ``doc._.kg_plural``).

Salience follows Lappin and Leass (1994) in small: recency (the pronoun's sentence first, then
halved per sentence back), grammatical role (subject, object, oblique, modifier), the main
clause, and the subject of a clause that holds the pronoun ("Russia said it would ...").
Precision comes first, so no link is made when:

- "it" is pleonastic ("it is likely that", "it seems", "it remains to be seen"), said to be a
  thing ("it was not an open race"), or an object ("accept it": the roles are data);
- the pronoun is a co-argument of the actor ("Russia armed them": not Russia), or a
  description is commanded by it ("U.S. troops in the country": not the United States);
- the pronoun is inside a quotation whose speaker is not an actor of the sentence (and it is
  never the speaker's own side, who would say "we");
- a noun that is not an actor, or an actor the knowledge base does not know, is at least as
  salient ("The deal was signed by Iran. It ...");
- two different actors are equally salient, or "they" is nearer a coordination of actors or
  follows a joint action ("Hamas met Egypt. They ...");
- another compatible actor stands between the antecedent and the pronoun as an object or a
  possessor, or a noun that is not an actor is nearly as salient for "it";
- for "he"/"she": a second person, an unknown person, a former office holder, or a person noun
  ("the envoy") is in the window, or the person is named only inside a quotation;
- a description is restricted or contrastive ("the country that", "the other country");
- no compatible actor is in the window, or the window would cross a part of the text the
  full pipeline did not read (``doc._.kg_gaps``, set by the engine's first pass).

Added spans go to ``doc.spans["kg_actors"]`` with the antecedent's ``kb_id_`` and ``label_``,
``span._.kg_via == "coref"`` and ``span._.kg_antecedent`` the span they resolve to.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.actors import SPAN_KEY
from kg.coref.plural import plural_groups
from kg.coref.resolve import _Document
from kg.coref.surnames import named_before
from kg.coref.rules import Anaphor, CorefRules, load_coref_rules, load_coref_rules_from
from kg.kb import KnowledgeBase, load_kb

__all__ = ["Anaphor", "CorefRules", "Coreference", "load_coref_rules", "load_coref_rules_from"]

if not Doc.has_extension("kg_gaps"):
    # Character offsets where the text goes on after a part the full pipeline did not read.
    Doc.set_extension("kg_gaps", default=())
if not Span.has_extension("kg_via"):
    Span.set_extension("kg_via", default="")
if not Span.has_extension("kg_antecedent"):
    Span.set_extension("kg_antecedent", default=None)


@Language.factory("kg_coref", default_config={"rules_path": None, "kb_path": None},
                  assigns=["doc.spans"], requires=["doc.spans", "token.dep"])
def make_coreference(nlp: Language, name: str, rules_path: str | None, kb_path: str | None):
    return Coreference(load_coref_rules(rules_path), load_kb(kb_path))


class Coreference:
    """Resolve pronouns and descriptions to actors; see the module docstring."""

    def __init__(self, rules: CorefRules, kb: KnowledgeBase):
        self.rules, self.kb = rules, kb

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_KEY, []))
        named = named_before(doc, spans, self.kb, self.rules.male_titles | self.rules.female_titles)
        if named != spans:  # "Iyad Allawi ... Mr Allawi"
            spans = named
            doc.spans[SPAN_KEY] = spans
        if spans and doc.has_annotation("DEP"):
            added = _Document(self.rules, self.kb, doc, spans).resolve()
            if added:
                spans = sorted(spans + added, key=lambda s: (s.start, s.end))
                doc.spans[SPAN_KEY] = spans
            doc._.kg_plural = plural_groups(doc, spans, self.rules)
        return doc
