"""The pages of ``kg serve`` beside the explorer: one per actor, and the list of actors.

Their data comes from the store through SPARQL (the same pool as ``/sparql``); every value is
escaped (text and attributes), and the pages carry no script at all.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from urllib.parse import quote

from kg.sparql import sparql_term

__all__ = ["ACTOR_ID", "actor_page", "actor_queries", "actors_page", "ACTORS_QUERY", "page"]

#: an actor id the pages look up (a bound literal: escaped, never spliced raw)
ACTOR_ID = re.compile(r"^[^\x00-\x1f\x7f/]{1,200}$")
#: evidence rows shown on one actor page, at most
MAX_EVIDENCE = 1000

_PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

ACTORS_QUERY = _PREFIXES + """SELECT ?id ?label ?type ?mentions WHERE {
  ?a a kg:Actor ; kg:actorId ?id ; rdfs:label ?label .
  OPTIONAL { ?a a ?t . FILTER(?t != kg:Actor && STRSTARTS(STR(?t), STR(kg:)))
             BIND(STRAFTER(STR(?t), "#") AS ?type) }
  OPTIONAL { ?a kg:mentionCount ?mentions }
} ORDER BY DESC(?mentions) ?label ?id"""

_CARD = _PREFIXES + """SELECT ?label ?type ?iso3 ?wikidata ?mentions WHERE {
  ?a kg:actorId $id ; rdfs:label ?label .
  OPTIONAL { ?a a ?t . FILTER(?t != kg:Actor && STRSTARTS(STR(?t), STR(kg:)))
             BIND(STRAFTER(STR(?t), "#") AS ?type) }
  OPTIONAL { ?a kg:iso3 ?iso3 }
  OPTIONAL { ?a owl:sameAs ?wikidata }
  OPTIONAL { ?a kg:mentionCount ?mentions }
} LIMIT 1"""

_RELATIONS = _PREFIXES + """SELECT ?dir ?relation ?other ?otherLabel ?doc ?title ?sentence
       ?confidence ?negated ?hedged WHERE {
  ?a kg:actorId $id .
  { ?as rdf:subject ?a ; rdf:object ?o . BIND("out" AS ?dir) }
  UNION
  { ?as rdf:object ?a ; rdf:subject ?o . FILTER(?o != ?a) BIND("in" AS ?dir) }
  ?as a kg:Assertion ; rdf:predicate ?p ; kg:document ?d ; kg:evidence ?sentence ;
      kg:negated ?negated ; kg:hedged ?hedged .
  OPTIONAL { ?as kg:sentenceStart ?start }
  OPTIONAL { ?as kg:confidence ?confidence }
  ?o kg:actorId ?other ; rdfs:label ?otherLabel .
  ?d kg:docId ?doc .
  OPTIONAL { ?d dcterms:title ?title }
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
} ORDER BY DESC(?dir) ?relation ?otherLabel ?doc ?start LIMIT """ + str(MAX_EVIDENCE)

_STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
h1{margin-bottom:.2em}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dt{font-weight:600}dd{margin:0}section{margin:1.2em 0}h3{margin:.8em 0 .3em}
li{margin:.25em 0}.meta{color:#666;font-size:90%}.neg{color:#a00}nav a{margin-right:1em}
table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #ddd}"""


def actor_queries(actor_id: str) -> tuple[str, str]:
    """The SPARQL of an actor's card and of its relations with their evidence."""
    from rdflib import Literal

    term = sparql_term(Literal(actor_id))
    return _CARD.replace("$id", term), _RELATIONS.replace("$id", term)


def _rows(results: bytes) -> list[dict[str, str]]:
    doc = json.loads(results)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    """A whole HTML page: ``title`` is text (escaped here), ``body`` is HTML already escaped."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>\n"
            f'<nav><a href="/">Explorer</a><a href="/actors">Actors</a>'
            f'<a href="/sparql">SPARQL endpoint</a></nav>\n{body}\n</body></html>\n')


def _link(actor_id: str, label: str) -> str:
    return f'<a href="/actor/{_e(quote(actor_id, safe=""))}">{_e(label)}</a>'


def actor_page(actor_id: str, card: bytes, relations: bytes) -> str | None:
    """The page of one actor from the JSON answers of :func:`actor_queries`; None if unknown."""
    cards = _rows(card)
    if not cards:
        return None
    c = cards[0]
    facts = [("Id", _e(actor_id)), ("Type", _e(c.get("type", "")))]
    if c.get("iso3"):
        facts.append(("ISO 3166 code", _e(c["iso3"])))
    if c.get("wikidata"):
        url = c["wikidata"]
        facts.append(("Wikidata", f'<a href="{_e(url)}" rel="noopener">{_e(url.rsplit("/", 1)[-1])}</a>'
                      if url.startswith("http://www.wikidata.org/entity/") else _e(url)))
    if c.get("mentions"):
        facts.append(("Mentions", _e(c["mentions"])))
    out = [f"<h1>{_e(c['label'])}</h1>", '<dl class="card">']
    out += [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts]
    out.append("</dl>")

    groups: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in _rows(relations):
        groups[(r["dir"], r["relation"], r["other"], r["otherLabel"])].append(r)
    out.append(f'<section id="relations"><h2>Relations ({len(groups)})</h2>')
    if not groups:
        out.append("<p>No relation found for this actor.</p>")
    me = _e(c["label"])
    for (direction, relation, other, other_label), rows in groups.items():
        who = (f"{me} <b>{_e(relation)}</b> {_link(other, other_label)}" if direction == "out"
               else f"{_link(other, other_label)} <b>{_e(relation)}</b> {me}")
        out.append(f'<h3 class="relation">{who} <span class="meta">({len(rows)} evidence)</span></h3><ul>')
        for r in rows:
            flags = [f for f, key in (("negated", "negated"), ("hedged", "hedged"))
                     if r.get(key) == "true"]
            meta = f"{_e(r.get('title') or r['doc'])} ({_e(r['doc'])})"
            if r.get("confidence"):
                meta += f", confidence {_e(r['confidence'])}"
            if flags:
                meta += f', <span class="neg">{", ".join(flags)}</span>'
            out.append(f'<li class="evidence"><q>{_e(r["sentence"])}</q> <span class="meta">{meta}</span></li>')
        out.append("</ul>")
    out.append("</section>")
    return page(c["label"], "\n".join(out))


def actors_page(results: bytes) -> str:
    """The list of every actor, each linked to its page."""
    rows = _rows(results)
    out = [f"<h1>Actors ({len(rows)})</h1><table><tr><th>Actor</th><th>Type</th><th>Mentions</th></tr>"]
    out += [f"<tr><td>{_link(r['id'], r['label'])}</td><td>{_e(r.get('type', ''))}</td>"
            f"<td>{_e(r.get('mentions', ''))}</td></tr>" for r in rows]
    out.append("</table>")
    return page("Actors", "\n".join(out))
