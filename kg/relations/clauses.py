"""Clauses: who does what a non-finite or reported clause says, and whom it concerns.

- Gerunds after a preposition take their doer from the governing verb: its object ("accused
  Russia of shelling Kharkiv": Russia shells), its passive subject ("was convicted of spying
  for Iran"), else its subject ("denies arming the militia").
- Reduced relatives take theirs from the noun they modify or, when that noun is a thing, from
  the clause that has it ("Iran launched drones targeting Iraqi bases": Iran targets Iraq).
- Adjectival frames pass the subject down ("are due to meet", "is likely to visit").
- A threat's target is whom the threatened act concerns ("threatened to cut gas supplies to
  Moldova": a threat to Moldova).
- Reported hostility is an accusation: "Armenia said Azerbaijan had shelled Stepanakert"
  gives Armenia condemns Azerbaijan as well.
- What one opposes or backs may be another's proposal: "vetoed the resolution drafted by
  France" opposes France, or an agreement: "denounced the accord between Sudan and Chad".
- A demand to stop is a condemnation: "urged Serbia to halt its exercises"; what one is asked
  to do is not done ("persuade China to restrain North Korea").
- The victim of a nominal event may be the subject of "be the target of" or "come under":
  "Kosovo was the target of Serbian cyber attacks", "Kuwaiti ships came under attack by Iran".
- A ban or an arrest without an agent is the place's: "the party is banned in Egypt".
- A hyphenated agent: "Iranian-backed militias", "the PMF, an Iranian-backed militia".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:  # pragma: no cover
    from kg.relations.extract import Found, _Sentence

__all__ = ["compass_targets", "complement_targets", "controller", "demands", "requested", "hyphen_agent", "place_as_agent",
           "proposer_targets", "reported_accusations", "victim_targets"]

OBJECTS = ("dobj", "obj")
#: Verbs that report what someone says or claims.
SPEECH = frozenset({"say", "claim", "allege", "charge", "assert", "insist", "report", "state",
                    "declare", "announce", "tell", "add", "maintain", "argue"})
#: Relations a speaker blames the doer for when reporting them.
BLAMED = frozenset({"attacks", "threatens", "coerces", "sanctions"})
#: Verbs whose object's maker is the one concerned ("the resolution drafted by France").
MAKERS = frozenset({"propose", "draft", "sponsor", "table", "submit", "put", "present",
                    "introduce", "back", "author", "suggest", "offer", "make", "announce"})


def controller(s: _Sentence, verb: Token) -> Token | list[Span] | None:
    """Where the doer of ``verb`` is found: the actors themselves, a verb to climb to, or None."""
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # reduced relative, active
        noun = verb.head
        found = s.actors(noun)
        if found:
            return found
        if noun.dep_ in OBJECTS and noun.head.pos_ in ("VERB", "AUX") and (
                noun.lemma_.lower() in s.lex.transparent | s.lex.speech_nouns):
            return noun.head  # "deployed troops fighting X", "issued a statement blaming X"
        return []  # "arrested the students blaming X": the students blame
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.tag_ == "VBG":
        gov = verb.head.head
        if gov.pos_ not in ("VERB", "AUX", "ADJ"):
            return None
        for dep in OBJECTS + ("nsubjpass",):
            objs = [a for c in gov.children if c.dep_ == dep for a in s.actors(c)]
            if objs:
                return objs
        return gov
    if verb.dep_ == "acomp" and verb.head.i != verb.i:  # "are due to meet"
        return verb.head
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in s.lex.intent_nouns and any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return s.actors(verb.head)  # "U.S. plans to escort tankers": the plans' owner
    if verb.dep_ == "advcl":  # "home to US troops there to fight IS": the troops there fight
        to = next((c for c in verb.lefts if c.dep_ == "aux" and c.tag_ == "TO"), None)
        there = s.doc[to.i - 1] if to is not None and to.i > s.sent.start else None
        if there is not None and there.lower_ in ("there", "here") and there.dep_ == "advmod" \
                and there.head.pos_ in ("NOUN", "PROPN"):
            return s.actors(there.head) or None
    return None


def complement_targets(s: _Sentence, verb: Token, preps: frozenset[str]) -> list[Span]:
    """Actors the complement of ``verb`` concerns: its object or the object's prepositions."""
    out: list[Span] = []
    for c in verb.children:
        if c.dep_ != "xcomp":
            continue
        for o in c.children:
            if o.dep_ in OBJECTS:
                out += s.actors(o)
                if not out:
                    out += s.prep_objects(o, preps)
        out += s.prep_objects(c, preps)
    return out


def proposer_targets(s: _Sentence, verb: Token) -> list[Span]:
    """'vetoed the resolution drafted by France': the maker of the thing the verb takes."""
    out: list[Span] = []
    for o in verb.children:
        if o.dep_ not in OBJECTS or s.actors(o):
            continue
        out += s.prep_objects(o, frozenset({"between"}))  # "denounced the accord between A and B"
        for acl in o.children:
            if acl.dep_ == "acl" and acl.lemma_.lower() in MAKERS:
                out += [a for p in acl.children if p.dep_ == "agent"
                        for x in p.children if x.dep_ == "pobj" for a in s.actors(x)]
    return out


def _speaker(s: _Sentence, tok: Token) -> tuple[list[Span], Token | None]:
    """The actors who report the clause ``tok`` is in, and their speech verb."""
    t = tok
    for _ in range(6):
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in SPEECH:
            head = t.head
            return [a for c in head.children if c.dep_ in ("nsubj",) for a in s.actors(c)], head
        if t.head.i == t.i:
            break
        t = t.head
    return [], None


def reported_accusations(s: _Sentence, found: list[Found], triggers: dict) -> list[Found]:
    """'A said B had shelled C': A condemns B, beside B attacks C."""
    from kg.relations.extract import Found

    out = []
    for f in found:
        tok = triggers.get(id(f))
        if tok is None or f.relation not in BLAMED or f.negated or f.source.kb_id_.startswith("x-"):
            continue  # an accusation needs a known accused
        speakers, verb = _speaker(s, tok)
        if verb is None:
            continue
        negated, hedged = s.modality(verb)
        for a in speakers:
            if a.kb_id_ != f.source.kb_id_ and not a.kb_id_.startswith("x-"):
                out.append(Found(a, "condemns", f.source, s.sent, f.confidence,
                                 negated, hedged, f"reported:{verb.lemma_.lower()}",
                                 s.lex.cameo.get("condemns", "11")))
    return out


#: Verbs of asking someone to act, and the acts that, asked for, are demands to stop.
ASKING = frozenset({"call", "urge", "demand", "press", "ask", "tell", "order", "pressure",
                    "push", "implore", "exhort", "persuade", "convince", "encourage", "invite"})


def requested(tok: Token) -> bool:
    """``tok`` is what someone is asked to do ("persuade Beijing to constrain ..."), not done."""
    t = tok
    for _ in range(3):
        if t.dep_ != "xcomp" or t.head.i == t.i:
            return False
        if t.head.lemma_.lower() in ASKING:
            return True
        t = t.head
    return False
STOPPING = frozenset({"halt", "stop", "end", "cease", "withdraw", "refrain", "abandon",
                      "release", "lift", "drop", "free", "leave", "quit", "suspend"})
VICTIMS = frozenset({"target", "victim", "subject", "object"})


def demands(s: _Sentence) -> list[tuple[Token, list[Span], list[Span]]]:
    """(verb, askers, asked) for 'A urged B to stop ...' and 'A called on B to halt ...'."""
    out = []
    for verb in s.sent:
        if verb.lemma_.lower() not in ASKING or verb.pos_ != "VERB":
            continue
        acts = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")
                and c.lemma_.lower() in STOPPING]
        if not acts:
            continue
        asked = [a for c in verb.children if c.dep_ in OBJECTS for a in s.actors(c)]
        asked += s.prep_objects(verb, frozenset({"on", "upon"}))
        if not asked:  # "demanded that Serbia halt"
            asked = [a for act in acts for c in act.children if c.dep_ == "nsubj"
                     for a in s.actors(c)]
        askers = s.subject_of(verb)
        if asked and askers:
            out.append((verb, askers, asked))
    return out


def victim_targets(s: _Sentence, noun: Token) -> list[Span]:
    """'Kosovo has been the target of Serbian attacks': Kosovo."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ in ("VERB", "AUX"):
        # "the convoy came under attack by Iran": what came under it
        return [a for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")
                for a in s.actors(c)]
    if noun.dep_ != "pobj" or head.lower_ != "of" or head.head.lemma_.lower() not in VICTIMS:
        return []
    victim = head.head
    if victim.dep_ in ("attr", "oprd"):
        return [a for c in victim.head.children if c.dep_ in ("nsubj", "nsubjpass")
                for a in s.actors(c)]
    if victim.dep_ == "appos":
        return s.actors(victim.head)
    return []


def place_as_agent(s: _Sentence, verb: Token) -> list[Span]:
    """'The party is banned in Egypt': a state named by "in" does it, when no agent is."""
    out = []
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            out += [m for o in prep.children if o.dep_ == "pobj"
                    for m in [s.mention(o)] if m is not None and m.label_ == "GPE"]
    return out


def hyphen_agent(s: _Sentence, verb: Token):
    """'Iranian-backed militias', 'the PMF, an Iranian-backed militia': source and target."""
    sources = [m for c in verb.lefts if c.dep_ in ("npadvmod", "compound", "amod", "nmod")
               for m in [s.mention(c)] if m is not None]
    noun = verb.head
    targets = [s.mention(noun)] if s.mention(noun) is not None else []
    if not targets and noun.dep_ == "appos":
        targets = s.actors(noun.head)
        if not targets:  # "the commander of the PMF, an Iranian-backed militia": the name
            targets = _named_before(s, noun)  # the apposition follows, misattached
    return sources, [t for t in targets if t is not None], "verb"


def _named_before(s: _Sentence, noun: Token) -> list[Span]:
    """The actor named just before the apposition headed by ``noun``, its comma and
    parentheses skipped: "the Popular Mobilization Forces (PMF), a militia"."""
    i = noun.left_edge.i - 1
    while i > s.sent.start and s.doc[i].is_punct:
        i -= 1
    m = s.mention(s.doc[i])
    return [m] if m is not None and m.label_ in ("ORG", "GPE") else []


COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                     "southwest", "north-east", "north-west", "south-east", "south-west"})


def compass_targets(s: _Sentence, head: Token) -> list[Span]:
    """'an offensive east of Iraq's southern city': the state the place lies in."""
    out: list[Span] = []
    for c in head.children:
        if c.dep_ in ("advmod", "npadvmod", "amod", "prep") and c.lower_ in COMPASS:
            out += [a for a in s.prep_objects(c, frozenset({"of"}))
                    if a.label_ in ("GPE", "NORP")]
    return out


def compass_misparse(tok: Token) -> bool:
    """'launched an offensive east of Basra' parsed as an adjective on "east": the event noun
    is ``tok``, the place its compass head."""
    return tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.lower_ in COMPASS
