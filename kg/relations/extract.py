"""The relation extractor: the ``kg_relations`` spaCy component.

For every trigger word of the lexicon in a sentence, the dependency parse gives the two sides:
the subject or agent, a possessive, a modifier ("Israeli strikes"), an apposition or a copula
for the source; the object or a preposition the relation expects for the target. Each side is
turned into actors through the mentions of ``kg_actors``, following coordination ("Russia, North
Korea, China and Iran"), transparent nouns ("North Korean troops", "members of the BRICS
grouping") and "the two states". Results go to ``doc._.kg_relations`` as :class:`Found` tuples
of spans; :func:`doc_assertions` turns them into :class:`kg.types.Assertion`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.actors import SPAN_KEY
from kg.kb import KnowledgeBase, load_kb
from kg.relations.lexicon import Lexicon, Trigger, load_lexicon

__all__ = ["Found", "RelationExtractor"]

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
OBJECTS = ("dobj", "obj", "attr", "oprd")
MODIFIERS = ("poss", "compound", "amod", "nmod", "npadvmod", "nummod")
#: Confidence by how the relation was read (before hedging lowers it).
CONFIDENCE = {"verb": 0.85, "passive": 0.85, "noun": 0.8, "agent_noun": 0.8, "inverse_verb": 0.75,
              "fallback": 0.6, "title": 0.9, "kb-office": 0.7}
#: Relative pronouns: the subject they stand for is the noun the clause hangs on.
RELATIVE = frozenset({"that", "which", "who", "whom"})
#: Dependencies that open a new clause: negation does not cross them.
CLAUSE_EDGES = frozenset({"advcl", "ccomp", "relcl", "acl", "parataxis", "csubj", "xcomp"})


def _symmetric() -> frozenset[str]:
    """The symmetric relations, as the ontology declares them (owl:SymmetricProperty)."""
    from kg.ontology import relation_info

    return frozenset(name for name, info in relation_info().items() if info.symmetric)

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


@dataclass(frozen=True)
class Found:
    """A relation found in a doc: actor spans, sentence, and how it was read."""

    source: Span
    relation: str
    target: Span
    sentence: Span
    confidence: float
    negated: bool
    hedged: bool
    rule: str


@Language.factory("kg_relations", default_config={"lexicon_path": None},
                  assigns=["doc._.kg_relations"], requires=["doc.spans"])
def make_relation_extractor(nlp: Language, name: str, lexicon_path: str | None):
    return RelationExtractor(load_lexicon(lexicon_path))


class RelationExtractor:
    """Find relations between the actor mentions of each sentence; see the module docstring."""

    def __init__(self, lexicon: Lexicon, kb: KnowledgeBase | None = None):
        self.lex = lexicon
        kb = kb or load_kb()
        # Titles of leading offices ("President", "Prime Minister", "King"): a person named
        # after "<State> <title>" leads that state.
        self.titles = frozenset(
            o.title.lower() for terms in kb.offices.values() for o in terms if o.leading
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_KEY, []))
        by_token: dict[int, Span] = {}
        for span in spans:
            if span._.kg_via == "model" and span.label_ == "NORP":
                continue  # "Western", "Sunni": identities, not parties to a relation
            for i in range(span.start, span.end):
                by_token[i] = span
        found: list[Found] = []
        if by_token:
            for sent in doc.sents:
                if any(i in by_token for i in range(sent.start, sent.end)):
                    found.extend(_Sentence(self.lex, doc, sent, by_token, spans,
                                           self.titles).extract())
        doc._.kg_relations = found
        return doc


class _Sentence:
    """Extraction over one sentence."""

    def __init__(self, lex: Lexicon, doc: Doc, sent: Span, by_token: dict[int, Span],
                 all_spans: list[Span], titles: frozenset[str]):
        self.lex, self.doc, self.sent, self.by_token = lex, doc, sent, by_token
        self.titles = titles
        self.symmetric = _symmetric()
        self.comrades: list[tuple[Span, Span]] = []
        self.all_spans = all_spans

    # -- actors of a token -----------------------------------------------------------------
    def mention(self, tok: Token) -> Span | None:
        return self.by_token.get(tok.i)

    def actors(self, tok: Token | None, depth: int = 0, item: bool = False) -> list[Span]:
        """The actor spans a noun phrase headed by ``tok`` stands for, coordination included.

        With ``item`` the noun is a thing supplied: only an actor that *is* the noun counts.
        """
        if tok is None or depth > 4:
            return []
        out: list[Span] = []
        m = self.mention(tok)
        if m is not None:
            out.append(m)
        elif not item:
            out.extend(self._modifier_actors(tok, depth))
        elif tok.lemma_.lower() in self.lex.transparent:  # "supply Russia's military"
            out.extend(a for c in tok.lefts if c.dep_ == "poss" for a in self.actors(c, depth + 1))
        for conj in tok.children:
            if conj.dep_ == "conj" and conj.i > tok.i:
                out.extend(self.actors(conj, depth + 1, item))
            elif conj.dep_ == "appos" and m is None and not item:
                out.extend(self.actors(conj, depth + 1))
        # "Hezbollah in Lebanon and Iran": Lebanon places Hezbollah; Iran is Hezbollah's conjunct.
        if m is not None:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in self.lex.locative_preps:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and self.mention(pobj) is not None:
                            for conj in pobj.conjuncts:
                                if conj.i > pobj.i:
                                    out.extend(self.actors(conj, depth + 1, item))
        return _unique(out)

    def _modifier_actors(self, tok: Token, depth: int) -> list[Span]:
        if tok.pos_ == "PRON":
            return []
        if tok.lemma_.lower() in self.lex.pair_nouns and any(
            c.lower_ in self.lex.pair_words for c in tok.children
        ) or tok.lower_ == "both" and tok.dep_ in SUBJECTS:
            return self._previous_two(tok)
        out = []
        for child in tok.lefts:
            if child.dep_ in MODIFIERS:
                for t in child.subtree:
                    m = self.mention(t)
                    if m is not None and m not in out:
                        out.append(m)
        if not out and tok.lemma_.lower() in self.lex.transparent:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            out.extend(self.actors(pobj, depth + 1))
        return out

    def _previous_two(self, tok: Token) -> list[Span]:
        """'the two states': the last two distinct actors named before ``tok``."""
        out: list[Span] = []
        for span in reversed(self.all_spans):
            if span.start >= tok.i or span.start < self.sent.start - 80:
                continue
            if all(s.kb_id_ != span.kb_id_ for s in out):
                out.append(span)
            if len(out) == 2:
                return list(reversed(out))
        return []

    # -- trigger matching ------------------------------------------------------------------
    def match(self, tok: Token) -> Trigger | None:
        lemma = tok.lemma_.lower()
        triggers = self.lex.lookup(lemma) or self.lex.lookup(tok.lower_)
        if not triggers:
            return None
        is_verb = tok.pos_ in ("VERB", "AUX") or (tok.tag_ in ("VBN", "VBG") and tok.dep_ == "acl")
        lefts = [t for c in tok.lefts if c.dep_ in MODIFIERS for t in c.subtree]
        mods = {t.lemma_.lower() for t in lefts} | {t.lower_ for t in lefts}
        mods_text = "".join(t.text_with_ws for t in lefts).lower().replace(" - ", "-")
        for trig in triggers:
            if trig.kind in ("verb", "inverse_verb"):
                if not is_verb:
                    continue
                if trig.particle and not self._has_particle(tok, trig.particle):
                    continue
                nouns = self.lex.object_nouns.get((trig.relation, trig.head))
                if nouns is not None and not any(
                    c.dep_ in OBJECTS and c.lemma_.lower() in nouns for c in tok.children
                ):
                    continue
                return trig
            if tok.pos_ not in ("NOUN", "PROPN") or is_verb:
                continue
            if all(m in mods or m in mods_text for m in trig.modifiers):
                return trig
        return None

    @staticmethod
    def _has_particle(tok: Token, particle: str) -> bool:
        """The verb, or its object ("buys oil from Russia"), has the particle."""
        first = particle.split()[0]
        heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        return any(c.lower_ == first and c.dep_ in ("prep", "prt", "agent", "advmod", "dative")
                   for h in heads for c in h.children)

    # -- sides ------------------------------------------------------------------------------
    def subject_of(self, verb: Token,
                   climb: tuple[str, ...] = ("xcomp", "conj", "advcl", "ccomp", "relcl")) -> list[Span]:
        """The actors doing what ``verb`` says; inherited through the ``climb`` edges."""
        controlled = False
        for _ in range(4):
            deps = ("nsubj", "csubj", "nsubjpass") if controlled else ("nsubj", "csubj")
            if controlled:  # "lead Russia to deepen its ties": the object controls the xcomp
                obj = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
                # ... but not through a possessive pronoun ("use its territory to attack")
                agents = [a for a in self.actors(obj[0]) if a._.kg_via != "coref"
                          or a.root.dep_ != "poss"] if obj else []
                if agents:
                    return agents
            subj = [c for c in verb.children if c.dep_ in deps]
            if not subj:  # the parser sometimes hangs the subject on the auxiliary
                subj = [g for c in verb.children if c.dep_ in ("aux", "auxpass")
                        for g in c.children if g.dep_ in deps]
            if subj and subj[0].lower_ in RELATIVE and verb.dep_ == "relcl":
                return self.actors(verb.head)  # "firms that supply Russia": the firms
            if subj:
                return self.actors(subj[0])
            agent = [c for c in verb.children if c.dep_ == "agent"]
            if agent:
                return [a for p in agent for o in p.children if o.dep_ == "pobj" for a in self.actors(o)]
            if verb.dep_ in climb and verb.head.i != verb.i:
                controlled = verb.dep_ == "xcomp"
                verb = verb.head
                continue
            if verb.dep_ == "relcl" and "relcl" in climb:
                return self.actors(verb.head)
            break
        return []

    def prep_objects(self, head: Token, preps: frozenset[str], item: bool = False) -> list[Span]:
        out = []
        for prep in head.children:
            if prep.dep_ in ("prep", "dative", "agent") and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self.actors(pobj, item=item))
        return out

    def co_sources(self, verb: Token) -> list[Span]:
        out = []
        for prep in verb.children:
            if prep.dep_ == "prep" and any(prep.lower_ == p.split()[0] for p in self.lex.co_source_preps):
                for pobj in prep.subtree:
                    if pobj.dep_ == "pobj":
                        out.extend(self.actors(pobj))
                        break
        return out

    def root_subject(self) -> list[Span]:
        root = self.sent.root
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return self.actors(c)
        return []

    # -- modality ---------------------------------------------------------------------------
    def modality(self, tok: Token) -> tuple[bool, bool]:
        """(negated, hedged) for the clause around ``tok``.

        Negation counts only inside the trigger's own clause ("has not been limited since
        Russia launched its invasion" does not deny the invasion); hedges count up to the root
        ("it could mean Russia taking territory").
        """
        negated = hedged = False
        text = self.sent.text.lower()
        in_clause = True
        t: Token | None = tok
        while t is not None:
            for c in t.children:
                low = c.lower_
                if in_clause and (c.dep_ == "neg" or (low in self.lex.negation_words
                                                      and c.dep_ in ("det", "neg"))):
                    if not any(comp in text for comp in self.lex.comparatives):
                        negated = True
                if c.dep_ == "aux" and low in self.lex.modal_verbs:
                    hedged = True
                if c.dep_ == "mark" and low in ("if", "whether", "unless"):
                    hedged = True
            if t.i != tok.i and t.lemma_.lower() in self.lex.hedge_words:
                hedged = True
            if t.i != tok.i and t.pos_ == "VERB" and t.lemma_.lower() in self.lex.negating_verbs:
                negated = True
            if t.dep_ in CLAUSE_EDGES:
                in_clause = False
            t = t.head if t.head.i != t.i else None
        if text.rstrip().endswith("?"):
            hedged = True
        return negated, hedged

    # -- extraction -------------------------------------------------------------------------
    def extract(self) -> list[Found]:
        out: list[Found] = []
        for tok in self.sent:
            trig = self.match(tok)
            if trig is None:
                continue
            if trig.kind in ("verb", "inverse_verb") and any(
                c.dep_ in OBJECTS and self.match(c) and self.match(c).kind == "noun"
                for c in tok.children
            ):
                continue  # "provide support", "sign a treaty": the noun says which relation
            sources, targets, how = getattr(self, "_" + trig.kind)(tok, trig)
            if not sources:
                continue
            rel = trig.relation
            if not targets and rel in self.lex.beneficiary and how in ("noun", "passive"):
                # "Russia's war effort was enabled by support from BRICS": the recipient is
                # the known actor the sentence is about.
                targets = [t for t in self.root_subject()
                           if not t.kb_id_.startswith("x-") and t.label_ != "PERSON"]
                how = "fallback"
            negated, hedged = self.modality(tok)
            if hedged and not negated:  # an alliance only in prospect is cooperation so far
                rel = self.lex.prospective.get(rel, rel)
            if not targets and rel in self.symmetric and len(sources) >= 2:
                sources, targets = sources[:1], sources[1:]
            conf = CONFIDENCE.get(how, 0.75) * (0.6 if hedged else 1.0)
            for s in sources:
                for t in targets:
                    if s.kb_id_ != t.kb_id_:
                        out.append(Found(s, rel, t, self.sent, round(conf, 3), negated, hedged,
                                         f"{how}:{trig.head}"))
        for s, a in self.comrades:
            if s.kb_id_ != a.kb_id_:
                out.append(Found(s, "alliedWith", a, self.sent, CONFIDENCE["verb"], False, False,
                                 "alongside"))
        out.extend(self._titles())
        return _dedupe(out)

    def _verb(self, tok: Token, trig: Trigger):
        rel = trig.relation
        item = rel in self.lex.item_object
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN"  # "missiles supplied by Iran"
            and not any(c.dep_ in ("nsubj", "aux") for c in tok.children))
        sources = self.subject_of(tok) if not passive else [
            a for p in tok.children if p.dep_ == "agent" for o in p.children
            if o.dep_ == "pobj" for a in self.actors(o)]
        allies = self.co_sources(tok)
        if rel in self.lex.hostile:  # "Wagner fought alongside Syrian forces": comrades in arms
            self.comrades.extend((s, a) for s in sources for a in allies)
        else:
            sources = _unique(sources + allies)
        targets: list[Span] = []
        if passive:
            targets += [a for c in tok.children if c.dep_ == "nsubjpass" for a in self.actors(c)]
        for c in tok.children:
            if c.dep_ in ("dobj", "obj", "dative"):
                targets += self.actors(c, item=item)
        preps = self.lex.target_preps.get(rel, frozenset())
        if trig.particle:  # "stands by Iraq", "sided with Kyiv": the particle's object
            preps = preps | {trig.particle.split()[0]}
        targets += self.prep_objects(tok, preps)
        if not targets and rel in self.lex.object_locative:
            for c in tok.children:  # "struck a refinery in Russia's Bryansk region"
                if c.dep_ in ("dobj", "obj"):
                    targets += [a for a in self.prep_objects(c, frozenset({"in", "inside"}))
                                if a.label_ in ("GPE", "NORP")]
        if item and not targets:
            for c in tok.children:  # "sent troops to train in Russia"
                if c.dep_ in ("xcomp", "advcl") and c.i > tok.i:
                    targets += self.prep_objects(c, preps)
                if c.dep_ in OBJECTS:
                    targets += self.prep_objects(c, preps)
        return sources, _unique(targets), "passive" if passive else "verb"

    def _inverse_verb(self, tok: Token, trig: Trigger):
        targets = self.subject_of(tok)
        prep = frozenset({trig.particle.split()[0]})
        sources = self.prep_objects(tok, prep) or [  # "buys oil from Russia"
            a for c in tok.children if c.dep_ in ("dobj", "obj") for a in self.prep_objects(c, prep)]
        if not sources:  # "manpower provided by Wagner" is handled by the supply verb
            return [], [], "inverse_verb"
        return sources, targets, "inverse_verb"

    def _noun(self, tok: Token, trig: Trigger):
        rel = trig.relation
        preps = self.lex.target_preps.get(rel, frozenset())
        # "loans and support from members of OPEC": conjoined nouns share their modifiers;
        # "a military aid package for Taiwan": the trigger modifies the noun that takes them.
        heads = [tok] + ([tok.head] if tok.dep_ in ("conj", "compound")
                         and tok.head.pos_ == "NOUN" else [])
        targets = [a for h in heads for a in self.prep_objects(h, preps - {"between"})]
        top = heads[-1] if tok.dep_ == "compound" else tok
        if not targets and top.dep_ in OBJECTS and top.head.pos_ == "VERB":
            # "signed a deal with Australia": the parser hangs the preposition on the verb.
            targets = self.prep_objects(top.head, preps - {"between"})
        between = [a for h in heads for a in self.prep_objects(h, frozenset({"between"}) & preps)]
        if between:
            return between[:1], between[1:], "noun"
        own = self.mention(tok)
        mods = [] if own is not None else self._modifier_actors(tok, 0)
        mods = [m for m in mods if m not in targets]
        if rel in self.symmetric and len(mods) >= 2 and not targets:
            return mods[:1], mods[1:], "noun"
        by_from = frozenset({"by", "from"})
        sources = mods or [a for h in heads for a in self.prep_objects(h, by_from)]
        if sources and not targets and not mods:
            # "support by China of Russia's war effort": the parser hangs "of" on China.
            for h in heads:
                for prep in h.children:
                    if prep.dep_ == "prep" and prep.lower_ in by_from:
                        for pobj in prep.children:
                            targets += self.prep_objects(pobj, preps - {"between"})
        if not sources:
            for c in tok.children:  # "the offensive that Ukraine launched"
                if c.dep_ == "relcl":
                    sources = [a for s in c.children if s.dep_ in SUBJECTS for a in self.actors(s)]
        has_agent = any(c.dep_ == "prep" and c.lower_ == "by" for h in heads for c in h.children)
        if not sources and not has_agent:  # "an attack by the regime": not the governor's act
            sources = self._governor_subject(heads[-1])
        return sources, [t for t in _unique(targets) if t not in sources], "noun"

    def _governor_subject(self, tok: Token) -> list[Span]:
        """The actor whose act the noun names: the subject of the verb that takes the noun, or
        the actor the noun's preposition hangs on ('Israel now in direct conflict with ...')."""
        head = tok.head
        if tok.dep_ in OBJECTS + ("nsubjpass",) and head.pos_ in ("VERB", "AUX"):
            return self.subject_of(head, climb=("xcomp", "conj"))
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            gov = head.head
            if gov.pos_ in ("ADJ", "ADV") and gov.dep_ in ("acomp", "advmod", "amod"):
                gov = gov.head  # "The UK remains steadfast in its support of Iraq"
            m = self.mention(gov)
            if m is not None:
                return [m]
            if gov.pos_ in ("VERB", "AUX"):
                for c in gov.children:  # absolute "with X in conflict"
                    if c.dep_ == "prep" and c.lower_ == "with" and c.i < head.i:
                        objs = [a for o in c.children if o.dep_ == "pobj" for a in self.actors(o)]
                        if objs:
                            return objs
                return self.subject_of(gov, climb=("xcomp",))
        return []

    def _agent_noun(self, tok: Token, trig: Trigger):
        rel = trig.relation
        targets = self.prep_objects(tok, self.lex.target_preps.get(rel, frozenset()) | {"of"})
        targets += [m for c in tok.lefts if c.dep_ == "poss" for m in self.actors(c)]
        sources: list[Span] = []
        if tok.dep_ == "appos":
            sources = [self.mention(tok.head)] if self.mention(tok.head) else self.actors(tok.head)
        elif tok.dep_ in ("attr", "oprd") or (tok.dep_ == "conj" and tok.head.dep_ == "attr"):
            verb = tok.head if tok.dep_ != "conj" else tok.head.head
            sources = self.subject_of(verb)
        elif tok.dep_ in ("nsubj",) and any(c.dep_ == "appos" for c in tok.children):
            sources = [a for c in tok.children if c.dep_ == "appos" for a in self.actors(c)]
        elif (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ in ("attr", "appos")
              and tok.head.head.lower_ in ("one", "some", "among")):  # "one of Ukraine's allies"
            one = tok.head.head
            sources = (self.subject_of(one.head) if one.dep_ == "attr"
                       else self.actors(one.head))
        elif tok.dep_ == "pobj" and tok.head.lower_ == "as":  # "the UK, as part of the Coalition"
            gov = tok.head.head
            sources = self.actors(gov) if gov.pos_ in ("NOUN", "PROPN") else self.subject_of(gov)
        sources = [s for s in sources if s is not None]
        return sources, [t for t in targets if t not in sources], "agent_noun"

    def _titles(self) -> list[Found]:
        """'U.S. President Joe Biden', 'Russian President Vladimir Putin': leaderOf."""
        out = []
        spans = [s for s in self.all_spans if self.sent.start <= s.start < self.sent.end]
        for a, b in zip(spans, spans[1:]):
            between = self.doc[a.end : b.start]
            if (a.label_ in ("GPE", "NORP", "ORG") and b.label_ == "PERSON" and 0 < len(between) <= 3
                    and all(t.pos_ in ("PROPN", "NOUN") and t.is_title for t in between)
                    and between.text.lower() in self.titles):
                negated, hedged = False, False
                out.append(Found(b, "leaderOf", a, self.sent, CONFIDENCE["title"], negated,
                                 hedged, "title:" + between.text.lower()))
        return out


def _unique(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if s is not None and all((s.start, s.end) != (o.start, o.end) for o in out) and not (
            s._.kg_via == "coref" and any(o.kb_id_ == s.kb_id_ for o in out)
        ):  # "Iran and its allies": Iran once
            out.append(s)
    return out


def _dedupe(found: list[Found]) -> list[Found]:
    seen, out = set(), []
    for f in found:
        key = (f.source.start, f.relation, f.target.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
