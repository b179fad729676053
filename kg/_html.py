"""Strip HTML to plain text with the standard library's ``html.parser`` (used by ``kg.ingest``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["strip_html"]

# Elements whose content is never text of the article; <title> is kept apart as the title.
_DROP = frozenset({"script", "style", "noscript", "template", "title"})

# Elements that start a new line of text (paragraphs, headings, list items, table cells ...).
_BLOCK = frozenset(
    """
    address article aside blockquote body br caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section
    summary table tbody td tfoot th thead tr ul
    """.split()
)

_WS = re.compile(r"\s+")
_SPACES = re.compile(r" {2,}")
_LINE_EDGES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")


class _Stripper(HTMLParser):
    """Collects the text outside dropped elements, with a newline at each block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities are unescaped in handle_data
        self.parts: list[str] = []
        self.title: list[str] = []
        self.drop = 0  # depth inside dropped elements
        self.pre = 0  # depth inside <pre>
        self.in_title = False
        self.seen_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            if tag == "title" and not self.seen_title and not self.drop:
                self.in_title = self.seen_title = True
            self.drop += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>; a self-closed <script/> has no content and must not open a dropped region
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
            if tag == "title":
                self.in_title = False
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.drop:
            if self.pre:  # keep the line breaks of preformatted text
                self.parts.append("\n".join(_WS.sub(" ", line) for line in data.split("\n")))
            else:
                self.parts.append(_WS.sub(" ", data))

    def result(self) -> tuple[str, str]:
        text = _SPACES.sub(" ", "".join(self.parts))
        text = _BLANK_LINES.sub("\n\n", _LINE_EDGES.sub("\n", text)).strip()
        return text, _WS.sub(" ", "".join(self.title)).strip()


def strip_html(markup: str) -> tuple[str, str]:
    """Return the text and the title of an HTML page.

    The contents of ``<script>``, ``<style>``, ``<noscript>`` and ``<template>`` are dropped;
    block elements (paragraphs, headings, list items, ``<br>`` ...) become line breaks, with at
    most one blank line between blocks; runs of other whitespace become one space; character
    references (``&amp;``, ``&#8217;``, ``&nbsp;``) are unescaped. The first ``<title>`` is the
    title and is not part of the text.

    Parameters
    ----------
    markup : str
        The HTML source.

    Returns
    -------
    tuple of (str, str)
        The text, and the title ("" when the page has none).

    Examples
    --------
    >>> strip_html("<title>Talks &amp; Threats</title><script>x()</script>"
    ...            "<p>Kyiv&nbsp;thanked <b>NATO</b>.</p><p>Moscow warned.</p>")
    ('Kyiv thanked NATO.\\n\\nMoscow warned.', 'Talks & Threats')
    """
    parser = _Stripper()
    parser.feed(markup)
    parser.close()
    return parser.result()
