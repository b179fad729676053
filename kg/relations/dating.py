"""When a sentence's act took place, for the offices a person held then.

"Chirac opposed the Iraq war in 2003" is France's act even in an article of 2019, when Chirac
no longer held office: a sentence that names one year before the document's own dates its acts
to that year, and a person's office is looked up over that year rather than on the document's
date. A sentence that names no year, or several, keeps the document's date.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from kg.kb import KnowledgeBase, Office

__all__ = ["RECENT_DAYS", "act_period", "just_before", "offices_during"]

#: An office that ended this many days before the document still stands behind its holder's
#: acts in it: the article reports on the tenure that just ended ("Bolton, ousted on Tuesday,
#: was a critic of Russia"; a general killed the day before). "former" is said when it is not.
RECENT_DAYS = 31

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def act_period(sent: Span, date: str) -> tuple[str, str] | None:
    """The ISO dates (first, last) of the one earlier year ``sent`` names, or None.

    Only years inside a DATE entity count ("in 2003", "in March 2011"), not a number of
    another kind ("1,000 rounds", "Resolution 2231").
    """
    years = {m.group(1) for ent in sent.ents if ent.label_ == "DATE"
             for m in _YEAR.finditer(ent.text)}
    if len(years) != 1:
        return None
    year = years.pop()
    if date and year >= date[:4]:
        return None  # this year's acts are dated by the document itself
    return f"{year}-01-01", f"{year}-12-31"


def just_before(date: str) -> tuple[str, str] | None:
    """The ``RECENT_DAYS`` up to the document's ``date`` (ISO), or None without a valid date."""
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return None
    return (day - dt.timedelta(days=RECENT_DAYS)).isoformat(), day.isoformat()


def offices_during(kb: KnowledgeBase, person_id: str, period: tuple[str, str]) -> list[Office]:
    """The person's terms that overlap ``period`` (first, last ISO dates)."""
    first, last = period
    return [o for o in kb.offices_of(person_id)
            if (not o.start or o.start <= last) and (not o.end or first <= o.end)]
