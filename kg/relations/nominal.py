"""Nominal readings: relations named by a noun ("Russia's invasion of Georgia", "talks between
A and B", "the attack by the regime") or by an agent noun ("a key supporter of Russia",
"one of Ukraine's allies").

The noun's source is a possessive or a modifier, "by"/"from", a relative clause, or the actor
whose act the noun is (the subject of the verb that takes it, unless that verb judges the act:
"condemned the strikes"); its target comes from the prepositions the relation expects. In
"with the help of X" X is the helper and the one who acts is helped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.relations import clauses
from kg.relations._common import EVALUATIVE, OBJECTS, SUBJECTS, unique
from kg.relations.lexicon import Trigger

if TYPE_CHECKING:  # pragma: no cover
    from kg.relations.extract import _Sentence

__all__ = ["agent_noun", "author", "governor_subject", "noun", "speech_noun"]


def noun(s: _Sentence, tok: Token, trig: Trigger):
    rel = trig.relation
    if clauses.compass_misparse(tok):  # "launched an offensive east of Iraq's Basra"
        place = tok.head
        targets = [a for a in s.prep_objects(place, frozenset({"of"})) if a.label_ in ("GPE", "NORP")]
        return governor_subject(s, place), targets, "noun"
    preps = s.lex.target_preps.get(rel, frozenset())
    # "loans and support from members of OPEC": conjoined nouns share their modifiers;
    # "a military aid package for Taiwan": the trigger modifies the noun that takes them.
    heads = [tok] + ([tok.head] if tok.dep_ in ("conj", "compound")
                     and tok.head.pos_ == "NOUN" else [])
    targets = [a for h in heads for a in s.prep_objects(h, preps - {"between"})]
    top = heads[-1] if tok.dep_ == "compound" else tok
    if not targets and top.dep_ in OBJECTS and top.head.pos_ == "VERB":
        # "signed a deal with Australia": the parser hangs the preposition on the verb.
        targets = s.prep_objects(top.head, preps - {"between"})
    helped = _help_of(s, tok, rel)
    if helped is not None:
        return helped
    between = [a for h in heads for a in s.prep_objects(h, frozenset({"between"}) & preps)]
    if between:
        return between[:1], between[1:], "noun"  # the first named with each of the others
    own = s.mention(tok)
    mods = [] if own is not None else s._modifier_actors(tok, 0, event=True)
    mods = [m for m in mods if m not in targets]
    # "the Sudanese and Libyan strikes on its territory": the pronoun is not one of the agents
    targets = [t for t in targets if t._.kg_via != "coref"
               or all(t.kb_id_ != m.kb_id_ for m in mods)]
    if rel in s.symmetric and len(mods) >= 2 and not targets:
        return mods, [], "noun"  # "an Israeli-Cypriot-Greek project": every pair
    by_from = frozenset({"by", "from"})
    sources = mods or [a for h in heads for a in s.prep_objects(h, by_from)]
    if not targets:
        targets = clauses.victim_targets(s, top)  # "X was the target of Serbian attacks"
    if not targets and rel in s.lex.beneficiary:
        targets = _recipients(s, top)  # "Venezuelan aid is received by Cuba", "reached Cuba"
    if not targets and rel in s.lex.object_locative:
        targets = clauses.compass_targets(s, tok)  # "an offensive east of Iraq's Basra"
    if sources and not targets and not mods:
        # "support by China of Russia's war effort": the parser hangs "of" on China.
        for h in heads:
            for prep in h.children:
                if prep.dep_ == "prep" and prep.lower_ in by_from:
                    for pobj in prep.children:
                        targets += s.prep_objects(pobj, preps - {"between"})
    if not sources:
        for c in tok.children:  # "the offensive that Ukraine launched"
            if c.dep_ == "relcl":
                sources = [a for sub in c.children if sub.dep_ in SUBJECTS for a in s.actors(sub)]
    if not sources and top.dep_ == "pobj" and top.head.lower_ == "under":
        sources = s.prep_objects(top.head.head, by_from)  # "came under attack by Iran"
    has_agent = any(c.dep_ == "prep" and c.lower_ == "by" for h in heads for c in h.children)
    if not sources and not has_agent:  # "an attack by the regime": not the governor's act
        sources = governor_subject(s, heads[-1])
    return sources, [t for t in unique(targets) if t not in sources], "noun"

def _help_of(s: _Sentence, tok: Token, rel: str):
    """'fought the rebels with the help of Peru': the "of" actor helps the one who acts."""
    if not (tok.dep_ == "pobj" and tok.head.lower_ == "with" and rel not in s.lex.hostile
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)):
        return None
    helpers = s.prep_objects(tok, frozenset({"of"}))
    if not helpers:
        return None
    helped = governor_subject(s, tok)
    return helpers, [t for t in helped if t not in helpers], "noun"


def _recipients(s: _Sentence, noun: Token) -> list[Span]:
    """Who gets what ``noun`` names, by a verb of receiving it: the agent of "is received by",
    the object of "reached" (``recipient_verbs`` in ``ontology/relations.toml``)."""
    verb = noun.head
    if verb.lemma_.lower() not in s.lex.recipient_verbs:
        return []
    if noun.dep_ == "nsubjpass":
        return s.prep_objects(verb, frozenset({"by"}))
    if noun.dep_ == "nsubj":
        return [a for c in verb.children if c.dep_ in OBJECTS for a in s.actors(c)]
    return []


def speech_noun(s: _Sentence, verb: Token) -> Token | None:
    """The statement, letter or message a participle ``verb`` is on ("a statement blaming
    Iran", "a message on its website accusing Peru": the parser hangs it on the last noun)."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG":
        return None
    noun = verb.head
    if noun.lemma_.lower() not in s.lex.speech_nouns and noun.dep_ == "pobj" \
            and noun.head.dep_ == "prep":
        noun = noun.head.head
    return noun if noun.lemma_.lower() in s.lex.speech_nouns else None


def author(s: _Sentence, noun: Token) -> list[Span]:
    """Who says what a statement, letter or message says: its possessor or modifier ("Iran's
    statement", "a Chilean note"), else the subject of the verb that takes it."""
    own = [a for c in noun.lefts if c.dep_ in ("poss", "amod", "compound", "nmod")
           for a in s.actors(c)]
    return own or governor_subject(s, noun)


def governor_subject(s: _Sentence, tok: Token) -> list[Span]:
    """The actor whose act the noun names: the subject of the verb that takes the noun, or
    the actor the noun's preposition hangs on ('Israel now in direct conflict with ...')."""
    head = tok.head
    if tok.dep_ in OBJECTS + ("nsubjpass",) and head.pos_ in ("VERB", "AUX"):
        judged = s.match(head)
        if judged is not None and not judged.cameo_only and judged.relation in EVALUATIVE:
            return []  # "Iran condemned strikes on Syria": not Iran's strikes
        return s.subject_of(head, climb=("xcomp", "conj"))
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        gov = head.head
        if gov.pos_ in ("ADJ", "ADV") and gov.dep_ in ("acomp", "advmod", "amod"):
            gov = gov.head  # "The UK remains steadfast in its support of Iraq"
        m = s.mention(gov)
        if m is not None:
            return [m]
        if head.lower_ == "in" and gov.lemma_.lower() in s.lex.role_nouns:
            # "Syria's role in the bombing of an Israeli airliner": whose role, whose act; a
            # pronoun ("because of its role in") is left out: coreference takes the sentence's
            # subject, which is as often the accuser as the one accused
            return [a for c in gov.children if c.dep_ == "poss" for a in s.actors(c)
                    if a._.kg_via != "coref"]
        if gov.pos_ in ("VERB", "AUX"):
            judged = s.match(gov)
            if judged is not None and not judged.cameo_only and judged.relation in EVALUATIVE:
                # "blamed Iran for the attacks", "praised Chile for its aid": the one judged
                return [a for c in gov.children if c.dep_ in ("dobj", "nsubjpass")
                        for a in s.actors(c)]
            for c in gov.children:  # absolute "with X in conflict"
                if c.dep_ == "prep" and c.lower_ == "with" and c.i < head.i:
                    objs = [a for o in c.children if o.dep_ == "pobj" for a in s.actors(o)]
                    if objs:
                        return objs
            if any(c.dep_ == "aux" and c.tag_ == "TO" for c in gov.children):
                # "sent troops to fight the rebels in cooperation with Peru": the purpose
                # clause's doer is the one who sent them, or the troops "there to fight"
                return s.subject_of(gov, climb=("xcomp", "advcl", "relcl"))
            return s.subject_of(gov, climb=("xcomp",))
    return []

#: Heads of a partitive "of" before an agent noun: "one of Ukraine's allies", "is more of a
#: critic of Russia", "something of an ally".
PARTITIVES = frozenset({"one", "some", "among", "more", "less", "something", "much"})


def agent_noun(s: _Sentence, tok: Token, trig: Trigger):
    rel = trig.relation
    targets = s.prep_objects(tok, s.lex.target_preps.get(rel, frozenset()) | {"of"})
    targets += [m for c in tok.lefts if c.dep_ == "poss" for m in s.actors(c)]
    sources: list[Span] = []
    if tok.dep_ == "appos":
        sources = [s.mention(tok.head)] if s.mention(tok.head) else s.actors(tok.head)
    elif tok.dep_ in ("attr", "oprd") or (tok.dep_ == "conj" and tok.head.dep_ == "attr"):
        verb = tok.head if tok.dep_ != "conj" else tok.head.head
        sources = s.subject_of(verb)
    elif tok.dep_ in ("nsubj",) and any(c.dep_ == "appos" for c in tok.children):
        sources = [a for c in tok.children if c.dep_ == "appos" for a in s.actors(c)]
    elif (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ in ("attr", "appos")
          and tok.head.head.lower_ in PARTITIVES):  # "one of Ukraine's allies", "more of a critic"
        one = tok.head.head
        sources = (s.subject_of(one.head) if one.dep_ == "attr"
                   else s.actors(one.head))
    elif tok.dep_ == "pobj" and tok.head.lower_ == "as":  # "the UK, as part of the Coalition"
        gov = tok.head.head
        sources = s.actors(gov) if gov.pos_ in ("NOUN", "PROPN") else s.subject_of(gov)
    sources = [x for x in sources if x is not None]
    if not sources:
        sources, targets = _examples(s, tok, rel, targets)
    return sources, [t for t in targets if t not in sources], "agent_noun"


#: Prepositions that list examples of a noun: "allies such as Germany", "partners including Japan".
EXAMPLE_PREPS = frozenset({"as", "including", "like"})


def _examples(s: _Sentence, tok: Token, rel: str, targets: list[Span]):
    """'the US urged allies such as Germany to act': the examples are the allies; whose
    allies, when no "of" or possessive says, is the subject of the verb that takes the noun
    (for the symmetric relations only: "critics such as Chile" need not criticise the subject)."""
    examples = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in EXAMPLE_PREPS
                and (c.lower_ != "as" or any(m.lower_ == "such" for m in c.children))
                for o in c.children if o.dep_ == "pobj" for a in s.actors(o)]
    if not examples:
        return [], targets
    if not targets and rel in s.symmetric and tok.dep_ in OBJECTS:
        targets = governor_subject(s, tok)
    return examples, targets
