"""``kg show``: an actor's card and its relations with their evidence, by any of its names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli._common import console, guarded

__all__ = ["HELP", "command"]

HELP = "Show an actor's card and its relations with every evidence sentence."

_ARROWS = {"out": "->", "in": "<-", "both": "<->"}


def _print(card: dict[str, Any]) -> None:
    from rich.text import Text  # article text is never read as rich markup

    console.print(Text(f"{card['label']} ({card['id']})", style="bold"))
    rows = [("Type", card["type"]),
            ("Country", f"{card['country_label']} ({card['country']})" if card["country_label"] else card["country"]),
            ("ISO code", card["iso3"]),
            ("Wikidata", f"https://www.wikidata.org/wiki/{card['wikidata']}" if card["wikidata"] else ""),
            ("Bloc", f"{card['bloc']} ({len(card['bloc_members'])} actors: "
                     f"{', '.join(card['bloc_members'][:6])}{', ...' if len(card['bloc_members']) > 6 else ''})"
                     if card["bloc"] >= 0 else "not in a bloc"),
            ("Roles", "; ".join(card["roles"])),
            ("Also called", ", ".join(card["names"][:12]) + (", ..." if len(card["names"]) > 12 else ""))]  # fmt: skip
    for key, value in rows:
        if value:
            console.print(Text(f"  {key}: ", style="dim") + Text(str(value)))
    if card["resolved"]["query"] != card["label"]:
        console.print(Text(f"  ({card['resolved']['query']!r} found by {card['resolved']['how']})", style="dim"))
    n = len(card["relations"])
    console.print(Text(f"\n{n} relation{'' if n == 1 else 's'}", style="bold"))
    for rel in card["relations"]:
        arrow = _ARROWS.get(rel["direction"], "->")
        console.print(Text(f"\n{rel['relation']} {arrow} ", style="bold") + Text(rel["partner"]["label"], style="bold")
                      + Text(f"  ({rel['polarity']}, {rel['count']} evidence)", style="dim"))  # fmt: skip
        for ev in rel["evidence"]:
            line = Text("  - " + ev["sentence"].replace("\n", " "))  # same offsets, one line
            for start, end in ev["marks"]:
                line.stylize("bold yellow", start + 4, end + 4)
            console.print(line)
            meta = " · ".join(x for x in (ev["title"] or ev["doc"], ev["date"], ev["url"]) if x)
            console.print(Text(f"    {meta} · confidence {ev['confidence']:g}", style="dim"))


def command(
    actor: Annotated[str, typer.Argument(help="Any name of the actor: label, alias, ISO code or id.")],
    graph: Annotated[
        Path, typer.Argument(help="The graph file (.ttl, .nt, .nq, .trig, .jsonld).")
    ] = Path("out/graph.ttl"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as JSON.")] = False,
) -> None:
    """Show an actor's card (type, country, Wikidata, bloc, roles) and all its relations with
    every evidence sentence. The actor is found by any name: "Kremlin", "rus", "Russia".

    Example: kg show Kremlin out/graph.ttl
    """
    with guarded():
        from kg.show import actor_card

        card = actor_card(graph, actor)
        if as_json:
            typer.echo(json.dumps(card, indent=2, ensure_ascii=False))
        else:
            _print(card)
