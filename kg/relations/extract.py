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

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.actors import SPAN_KEY
from kg.kb import KnowledgeBase, load_kb
from kg.relations import (adjuncts, clauses, coordination, discourse, membership, nominal,
                          provenance, ultimatum)
from kg.relations._common import (EVALUATIVE, MODIFIERS, OBJECTS, SUBJECTS, dedupe, listed,
                                  unique)
from kg.relations.cameo import Cameo, load_cameo
from kg.relations.lexicon import Lexicon, Trigger, load_lexicon
from kg.relations.scope import after_but, modality

__all__ = ["Found", "RelationExtractor"]

#: Confidence by how the relation was read (before hedging lowers it).
CONFIDENCE = {"verb": 0.85, "passive": 0.85, "noun": 0.8, "agent_noun": 0.8, "inverse_verb": 0.75,
              "fallback": 0.6, "title": 0.9, "kb-office": 0.7}
#: Relative pronouns: the subject they stand for is the noun the clause hangs on.
RELATIVE = frozenset({"that", "which", "who", "whom"})


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
    cameo: str = ""
    attributed: bool = False  # a person's act read as the act of the actor of their office


@Language.factory("kg_relations", default_config={"lexicon_path": None},
                  assigns=["doc._.kg_relations"], requires=["doc.spans"])
def make_relation_extractor(nlp: Language, name: str, lexicon_path: str | None):
    return RelationExtractor(load_lexicon(lexicon_path))


class RelationExtractor:
    """Find relations between the actor mentions of each sentence; see the module docstring."""

    def __init__(self, lexicon: Lexicon, kb: KnowledgeBase | None = None,
                 cameo: Cameo | None = None):
        self.lex = lexicon
        self.cameo = cameo or load_cameo()
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
                                           self.titles, self.cameo).extract())
        doc._.kg_relations = found
        return doc


class _Sentence:
    """Extraction over one sentence."""

    def __init__(self, lex: Lexicon, doc: Doc, sent: Span, by_token: dict[int, Span],
                 all_spans: list[Span], titles: frozenset[str], cameo: Cameo):
        self.lex, self.doc, self.sent, self.by_token = lex, doc, sent, by_token
        self.cameo = cameo
        self.titles = titles
        self.symmetric = _symmetric()
        self.comrades: list[tuple[Span, Span]] = []
        self.office_spans: set[tuple[int, int]] = set()
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
        if m is not None and m.label_ == "PERSON" and coordination.vessel_name(self, tok):
            return []  # "the destroyers Kidd and Young fired": ships, not persons
        if m is not None and m.label_ == "PERSON" and not item:
            held = coordination.office_holder(self, tok, m)
            if held is not m:
                self.office_spans.add((held.start, held.end))
                m = held
        if m is not None:
            out.append(m)
        elif not item:
            out.extend(self._modifier_actors(tok, depth))
        elif tok.lemma_.lower() in self.lex.transparent:  # "supply Russia's military"
            out.extend(a for c in tok.lefts if c.dep_ == "poss" for a in self.actors(c, depth + 1))
        for conj in tok.children:
            if conj.dep_ == "conj" and conj.i > tok.i and not after_but(conj):
                # a list is as long as it is ("A, B, C, D, E and F"): conjuncts keep the depth
                out.extend(self.actors(conj, depth, item))
            elif conj.dep_ == "appos" and m is None and not item:
                out.extend(self.actors(conj, depth + 1))
            elif conj.dep_ == "appos" and m is not None and listed(m, self.mention(conj)):
                out.extend(self.actors(conj, depth, item))  # "Peru, the Bahamas, Chile and ..."
        # "Hezbollah in Lebanon and Iran": Lebanon places Hezbollah; Iran is Hezbollah's conjunct.
        if m is not None:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in self.lex.locative_preps:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and self.mention(pobj) is not None:
                            for conj in pobj.conjuncts:
                                if conj.i > pobj.i:
                                    out.extend(self.actors(conj, depth + 1, item))
        if not out and not item and depth == 0:  # "the accord", "the withdrawal": named before
            out = discourse.antecedent_parties(self, tok)
        return unique(out)

    def _modifier_actors(self, tok: Token, depth: int, event: bool = False) -> list[Span]:
        """The actors modifying ``tok``; with ``event`` the noun is the trigger itself, whose
        modifiers are all its parties ("the US-led Iraq war")."""
        if tok.pos_ == "PRON":
            return []
        if tok.lemma_.lower() in self.lex.non_state:  # "Iraqi militias" are not Iraq,
            return [m for c in tok.lefts if c.dep_ in MODIFIERS  # "YPG militias" are the YPG
                    for t in c.subtree for m in [self.mention(t)]
                    if m is not None and m.label_ not in ("GPE", "NORP")]
        if tok.lemma_.lower() in self.lex.pair_nouns and any(
            c.lower_ in self.lex.pair_words for c in tok.children
        ) or tok.lower_ == "both" and tok.dep_ in SUBJECTS:
            return self._previous_two(tok)
        out = []
        led = [c for c in tok.lefts if c.dep_ == "amod" and c.lemma_.lower() == "lead"
               and any(p.text == "-" for p in c.lefts)]
        if led and not event:  # "opposed the US-led Iraq war": the war is the leader's; the rest names what it is
            return unique([m for t in led[0].subtree for m in [self.mention(t)] if m is not None])
        for child in tok.lefts:
            if child.dep_ == "poss" and child.lower_ == "whose":
                # "Sudan, whose troops attacked Chad": the noun the relative clause is on
                clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
                if clause is not None and clause.head.i < child.i:
                    out.extend(self.actors(clause.head, depth + 1))
            elif child.dep_ in MODIFIERS:
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
        """The trigger ``tok`` is, with the most specific CAMEO code its context gives.

        kg's own lexicon comes first; a verb it lacks is read through CAMEO's dictionary.
        """
        is_verb = tok.pos_ in ("VERB", "AUX") or (tok.tag_ in ("VBN", "VBG") and tok.dep_ == "acl")
        trig = self._own(tok, is_verb)
        code, specific = self.cameo.code(tok) if is_verb else (None, False)
        rel = self.cameo.relation(code) if code else None
        if trig is None or (specific and rel is None and trig.kind == "verb"
                            and not trig.particle and trig.relation not in self.lex.hostile):
            # CAMEO's own pattern is more specific than kg's bare verb: "call for" is an
            # appeal, not a call (kg's hostile verbs keep their reading: "rejected the claim")
            if rel is None or tok.pos_ == "AUX":
                return None
            return Trigger(rel, "verb", tok.lemma_.lower(), cameo=code, cameo_only=True)
        if not (code and rel == trig.relation):
            code = self.lex.cameo.get(trig.relation, "")
        return replace(trig, cameo=code)

    def _own(self, tok: Token, is_verb: bool) -> Trigger | None:
        lemma = tok.lemma_.lower()
        triggers = self.lex.lookup(lemma) or self.lex.lookup(tok.lower_)
        if not triggers:
            return None
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
            if tok.pos_ not in ("NOUN", "PROPN") and not clauses.compass_misparse(tok) or is_verb:
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
            said = nominal.speech_noun(self, verb)
            if said is not None:
                return nominal.author(self, said)  # "a statement blaming Iran"
            step = clauses.controller(self, verb)
            if step is not None:
                if isinstance(step, list):
                    return step
                verb, controlled = step, False
                continue
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
            if prep.dep_ == "prep" and any(self._in_phrase(prep, p) for p in self.lex.co_source_preps):
                for pobj in prep.subtree:  # "with the help of Chile": the first actor's
                    if pobj.dep_ == "pobj" and self.actors(pobj):
                        out.extend(self.actors(pobj))
                        break
        return out

    def _in_phrase(self, tok: Token, phrase: str) -> bool:
        """Whether ``tok`` is a word of ``phrase`` as written there: the "with" of "together
        with" or "with the help of", not a bare "with" ("worked with Mexico and Chile")."""
        words = phrase.split()
        return any(
            [t.lower_ for t in self.doc[max(tok.i - k, 0): tok.i - k + len(words)]] == words
            for k in range(len(words)))

    def root_subject(self) -> list[Span]:
        root = self.sent.root
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return self.actors(c)
        return []

    # -- modality ---------------------------------------------------------------------------
    def modality(self, tok: Token) -> tuple[bool, bool]:
        return modality(self.lex, self.sent, tok)

    # -- extraction -------------------------------------------------------------------------
    def extract(self) -> list[Found]:
        out: list[Found] = []
        trigger_of: dict[int, Token] = {}
        claimed: set[int] = set()  # event nouns a verb's own reading took over
        for tok in self.sent:
            trig = self.match(tok)
            if trig is None:
                continue
            if tok.pos_ == "VERB" and clauses.requested(tok):
                continue  # "urged Russia to withdraw": asked for, not done
            if trig.cameo_only and any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
                continue  # "agreed to meet", "decided to send": the complement is the event
            if tok.i in claimed:
                continue
            nouns = [c for c in tok.children if c.dep_ in OBJECTS and self.match(c) is not None
                     and self.match(c).kind == "noun"]
            if nouns and trig.kind == "verb" and self._claims(tok, trig, nouns[0]):
                # "cut ties with Niger", "recalled its ambassador": the verb's own reading of
                # its object (CAMEO's pattern, kg's object nouns) names the relation
                claimed.update(n.i for n in nouns)
            elif nouns and trig.relation == "negotiatesWith" and self.match(
                    nouns[0]).relation == trig.relation and any(
                    c.dep_ == "prep" and c.lower_ == "between" for c in nouns[0].children):
                claimed.add(-1)  # "Qatar hosted talks between A and B": the host talks with both
            elif nouns and trig.kind in ("verb", "inverse_verb") and (
                    trig.cameo_only or trig.relation not in EVALUATIVE) and not (
                    trig.relation == "memberOf"  # "joined the Nato alliance": the body joined
                    and nouns[0].lemma_.lower() in self.lex.member_bodies):
                continue  # "provide support", "sign a treaty": the noun says which relation
            sources, targets, how = getattr(self, "_" + trig.kind)(tok, trig)
            if not targets and nouns and (nouns[0].i in claimed or -1 in claimed):
                targets = [a for n in nouns
                           for a in self.prep_objects(n, frozenset({"with", "to", "between"}))]
                claimed.discard(-1)
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
            code = trig.cameo
            if hedged and not negated:  # an alliance only in prospect is cooperation so far
                rel = self.lex.prospective.get(rel, rel)
                if rel != trig.relation:
                    code = self.lex.cameo.get(rel, code)
            pairs = [(s, t) for s in sources for t in targets]
            if not targets and rel in self.symmetric and len(sources) >= 2:
                # "France, Germany and Italy met": every pair of them
                pairs = [(s, t) for i, s in enumerate(sources) for t in sources[i + 1:]]
            conf = CONFIDENCE.get(how, 0.75) * (0.6 if hedged else 1.0)
            for s, t in pairs:
                if s.kb_id_ != t.kb_id_:
                    f = Found(s, rel, t, self.sent, round(conf, 3), negated, hedged,
                              f"{how}:{trig.head}", code)
                    trigger_of[id(f)] = tok
                    out.append(f)
        out.extend(clauses.reported_accusations(self, out, trigger_of))
        for verb, askers, asked in clauses.demands(self):  # "urged Serbia to halt ..."
            negated, hedged = self.modality(verb)
            out.extend(Found(a, "condemns", b, self.sent, CONFIDENCE["verb"], negated, hedged,
                             f"demand:{verb.lemma_.lower()}", "10")
                       for a in askers for b in asked if a.kb_id_ != b.kb_id_)
        for verb, speakers, told in ultimatum.ultimatums(self):  # "... or face tariffs"
            negated, hedged = self.modality(verb)
            out.extend(Found(a, "threatens", b, self.sent, CONFIDENCE["verb"], negated, hedged,
                             f"ultimatum:{verb.lemma_.lower()}", self.lex.cameo.get("threatens", ""))
                       for a in speakers for b in told if a.kb_id_ != b.kb_id_)
        for tok, rel, sources, targets in adjuncts.against_third_party(self) + adjuncts.under_pressure(self):
            negated, hedged = self.modality(tok)  # "backed Peru against Bolivia", "under pressure from"
            out.extend(Found(a, rel, b, self.sent, CONFIDENCE["verb"], negated, hedged,
                             f"adjunct:{tok.lemma_.lower()}", self.lex.cameo.get(rel, ""))
                       for a in sources for b in targets if a.kb_id_ != b.kb_id_)
        for part, maker, user in provenance.made_by(self):  # "deployed Russian-made missiles"
            negated, hedged = self.modality(part.head)
            out.append(Found(maker, "supplies", user, self.sent, CONFIDENCE["agent_noun"],
                             negated, hedged, f"made:{part.lemma_.lower()}",
                             self.lex.cameo.get("supplies", "")))
        for verb, rel, joiners, parties in discourse.participation(self):  # "joined the talks"
            negated, hedged = self.modality(verb)
            out.extend(Found(a, rel, b, self.sent, CONFIDENCE["verb"], negated, hedged,
                             f"joins:{verb.lemma_.lower()}", self.lex.cameo.get(rel, ""))
                       for a in joiners for b in parties)
        for verb, rel, code, agents, victims in discourse.responsibility(self):  # "blamed X for"
            negated, hedged = self.modality(verb)
            out.extend(Found(a, rel, b, self.sent, CONFIDENCE["verb"], negated, hedged,
                             f"blame:{verb.lemma_.lower()}", code)
                       for a in agents for b in victims if a.kb_id_ != b.kb_id_)
        for s, a in self.comrades:
            if s.kb_id_ != a.kb_id_:
                out.append(Found(s, "alliedWith", a, self.sent, CONFIDENCE["verb"], False, False,
                                 "alongside", self.lex.cameo.get("alliedWith", "")))
        out.extend(self._titles())
        out = [replace(f, attributed=True) if {(f.source.start, f.source.end),
                                                (f.target.start, f.target.end)} & self.office_spans
               and f.relation not in ("leaderOf", "memberOf") else f for f in out]
        return dedupe(out)

    def _claims(self, verb: Token, trig: Trigger, noun: Token) -> bool:
        """The verb's reading with this object overrides the noun's own relation."""
        if (trig.relation, trig.head) in self.lex.object_nouns:
            return True
        code, specific = self.cameo.code(verb)
        rel = self.cameo.relation(code) if code else None
        noun_rel = self.match(noun).relation
        # Only a reading of another polarity: "cut ties" is a sanction, not cooperation; but in
        # "launched an attack" the noun says more than CAMEO's verbal-attack code
        return (specific and rel is not None and rel == trig.relation != noun_rel
                and (rel in self.lex.hostile) != (noun_rel in self.lex.hostile))

    def _verb(self, tok: Token, trig: Trigger):
        rel = trig.relation
        item = rel in self.lex.item_object
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN"  # "missiles supplied by Iran"
            and not any(c.dep_ in ("nsubj", "aux") for c in tok.children))
        sources = self.subject_of(tok) if not passive else [
            a for p in tok.children if p.dep_ == "agent" for o in p.children
            if o.dep_ == "pobj" and not self._event_agent(o, rel) for a in self.actors(o)]
        if passive and not sources and rel in ("sanctions", "coerces"):
            sources = clauses.place_as_agent(self, tok)  # "the group is banned in Egypt"
        if tok.dep_ == "amod" and tok.tag_ == "VBN":  # "Iranian-backed militias"
            return clauses.hyphen_agent(self, tok)
        allies = self.co_sources(tok)
        if rel in self.lex.hostile:  # "Wagner fought alongside Syrian forces": comrades in arms
            self.comrades.extend((s, a) for s in sources for a in allies)
        else:
            sources = unique(sources + allies)
        targets: list[Span] = []
        if passive:
            targets += [a for c in tok.children if c.dep_ == "nsubjpass" for a in self.actors(c)]
        for c in tok.children:
            if c.dep_ in ("dobj", "obj", "dative") and rel == "memberOf":
                targets += membership.joined(self, c)  # the body joined, not a thing of it
            elif c.dep_ in ("dobj", "obj", "dative"):
                # Hostile acts on a thing of X are acts on X ("banned an Iranian airline");
                # the object of praise, recognition or talks is a topic unless it is an actor.
                if (trig.cameo_only and rel not in self.lex.hostile or rel == "negotiatesWith") \
                        and not item and not (
                        self.mention(c) is not None or c.lemma_.lower() in self.lex.transparent):
                    continue  # "recognised Greek rights", "discussed Libyan affairs": a topic
                targets += self.actors(c, item=item)
        preps = self.lex.target_preps.get(rel, frozenset())
        if trig.particle:  # "stands by Iraq", "sided with Kyiv": the particle's object
            preps = preps | {trig.particle.split()[0]}
        targets += self.prep_objects(tok, preps)
        if not targets and trig.particle:  # "discussed the dispute with Chile"
            first = frozenset({trig.particle.split()[0]})
            targets += [a for c in tok.children if c.dep_ in ("dobj", "obj")
                        for a in self.prep_objects(c, first)]
        if not targets and rel == "threatens":  # "threatened to cut gas supplies to Moldova"
            targets += clauses.complement_targets(self, tok, preps | {"to", "on", "against", "from"})
        if not targets and rel in self.lex.hostile | {"supports"}:
            targets += clauses.proposer_targets(self, tok)
        if not targets and rel in self.lex.object_locative:
            for c in tok.children:  # "struck a refinery in Russia's Bryansk region"
                if c.dep_ in ("dobj", "obj"):
                    targets += [a for a in self.prep_objects(c, frozenset({"in", "inside"}))
                                if a.label_ in ("GPE", "NORP")]
        if item and not targets:
            for c in tok.children:  # "sent troops to train in Russia"
                if c.dep_ in ("xcomp", "advcl") and c.i > tok.i:
                    targets += self.prep_objects(c, preps)
                    # "sent troops to help Mali": whom the purpose clause helps
                    if c.lemma_.lower() in ("help", "aid", "assist", "support", "defend", "protect"):
                        targets += [a for o in c.children if o.dep_ in ("dobj", "obj")
                                    for a in self.actors(o)]
                        targets += [a for o in c.children if o.dep_ in ("ccomp", "xcomp")
                                    for n in o.children if n.dep_ == "nsubj"
                                    for a in self.actors(n)]  # "to help Mali fight"
                if c.dep_ in OBJECTS:
                    targets += self.prep_objects(c, preps)
        return sources, unique(targets), "passive" if passive else "verb"

    def _event_agent(self, noun: Token, rel: str) -> bool:
        """The "by" agent is an event of the other polarity, not its parties: "the visit was
        delayed by Chilean peace talks" is no hostile act of Chile."""
        if self.mention(noun) is not None:
            return False
        trig = self._own(noun, False)
        return (trig is not None and trig.kind == "noun"
                and (trig.relation in self.lex.hostile) != (rel in self.lex.hostile))

    def _inverse_verb(self, tok: Token, trig: Trigger):
        targets = self.subject_of(tok)
        prep = frozenset({trig.particle.split()[0]})
        sources = self.prep_objects(tok, prep) or [  # "buys oil from Russia"
            a for c in tok.children if c.dep_ in ("dobj", "obj") for a in self.prep_objects(c, prep)]
        if not sources:  # "manpower provided by Wagner" is handled by the supply verb
            return [], [], "inverse_verb"
        return sources, targets, "inverse_verb"

    def _noun(self, tok: Token, trig: Trigger):
        return nominal.noun(self, tok, trig)

    def _agent_noun(self, tok: Token, trig: Trigger):
        return nominal.agent_noun(self, tok, trig)


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
