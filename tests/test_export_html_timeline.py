"""The explorer's time slider (issue 18): a dated corpus built by the real pipeline, opened in
headless Chromium with the network blocked; the slider redraws the edges and blocs of a period."""

from __future__ import annotations

import json

import pytest

from kg.exporters.html import write_html

pytestmark = pytest.mark.model

RECORDS = [
    ("jan-1", "2024-01-15", "Russia signed an agreement with Belarus."),
    ("jan-2", "2024-01-20", "The United States signed a defence agreement with the United Kingdom."),
    ("may-1", "2024-05-10", "Russia attacked Belarus."),
    ("may-2", "2024-05-12", "Belarus signed a security agreement with Poland."),
]
GREY = "#c7c7c7"


@pytest.fixture(scope="module")
def dated_page(tmp_path_factory):
    from kg.api import build
    from kg.graph import load_graph

    folder = tmp_path_factory.mktemp("timeline")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": f"Story <{i}>", "date": d, "text": t}) + "\n"
                              for i, d, t in RECORDS), encoding="utf-8")  # fmt: skip
    build([corpus], folder / "out", exports=())
    path = folder / "graph.html"
    write_html(load_graph(folder / "out" / "graph.ttl"), path)
    return path


def _state(page):
    return page.evaluate(
        """() => {
          const shown = edges.get({filter: e => !e.hidden}).map(e => {
            const d = JSON.parse(document.getElementById("kg-data").textContent).edges.find(x => x.id === e.id);
            return [d.from < d.to ? d.from : d.to, d.from < d.to ? d.to : d.from, d.polarity];  // the pair in order
          });
          const colors = {};
          nodes.get().forEach(n => { colors[n.id] = typeof n.color === "string" ? n.color : n.color.background; });
          return {shown: shown.sort(), colors: colors, name: document.getElementById("kg-period-name").textContent};
        }"""
    )


def _move(page, value):
    page.evaluate("(v) => { const s = document.getElementById('kg-period'); s.value = String(v);"
                  " s.dispatchEvent(new Event('input')); }", value)  # fmt: skip


@pytest.mark.browser
def test_html_timeline_slider_redraws_edges_and_blocs(browser, open_offline, dated_page):
    page, left, dialogs = open_offline(browser, dated_page)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    slider = page.locator("input#kg-period[type=range]")
    assert slider.get_attribute("min") == "-1" and slider.get_attribute("max") == "1"  # 2024-01, 2024-05
    everything = _state(page)
    assert everything["name"] == "all periods"
    assert ["BLR", "RUS", "hostile"] in everything["shown"] and ["GBR", "USA", "cooperative"] in everything["shown"]

    _move(page, 0)
    jan = _state(page)
    assert jan["name"] == "2024-01" and page.locator("body").get_attribute("data-period") == "2024-01"
    assert {(u, v) for u, v, _ in jan["shown"]} == {("BLR", "RUS"), ("GBR", "USA")}
    assert all(p == "cooperative" for *_, p in jan["shown"])
    c = jan["colors"]
    assert c["RUS"] == c["BLR"] != GREY and c["USA"] == c["GBR"] != GREY and c["USA"] != c["RUS"]

    _move(page, 1)
    may = _state(page)
    assert may["name"] == "2024-05"
    assert sorted(may["shown"]) == [["BLR", "POL", "cooperative"], ["BLR", "RUS", "hostile"]]
    c = may["colors"]
    assert c["BLR"] == c["POL"] != GREY and c["RUS"] == GREY and c["USA"] == GREY

    # the other filters still apply on top of the period; "all periods" gives the graph back
    page.locator("#kg-filters summary").click()
    page.locator("input[data-polarity=hostile]").uncheck()
    assert [p for *_, p in _state(page)["shown"]] == ["cooperative"]
    page.locator("input[data-polarity=hostile]").check()
    _move(page, -1)
    back = _state(page)
    assert back["shown"] == everything["shown"] and back["colors"] == everything["colors"]
    assert left == [] and dialogs == []


def _graph(dates):
    from kg.graph import build_graph
    from kg.types import Actor, Assertion, Document, Mention

    a, b = Actor("RUS", "Russia", "State", "RUS", "Q159"), Actor("BLR", "Belarus", "State", "BLR", "Q184")
    docs = [Document(f"d{i}", "", f"Report {i}", day, "", "") for i, day in enumerate(dates)]
    sentence = "Russia supports Belarus."
    assertions = [Assertion(d.id, Mention(d.id, 0, 6, "Russia", a), "supports",
                            Mention(d.id, 16, 23, "Belarus", b), 0, len(sentence), sentence, 0.9)
                  for d in docs]  # fmt: skip
    return build_graph(assertions, docs, {a: 1, b: 1})


@pytest.mark.browser
@pytest.mark.parametrize("dates", [["", ""], ["2024-03-01", "2024-03-20"]], ids=["undated", "one-month"])
def test_html_timeline_no_slider_undated_or_one_period(browser, open_offline, tmp_path, dates):
    path = tmp_path / "graph.html"
    write_html(_graph(dates), path)
    page, left, dialogs = open_offline(browser, path)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert page.locator("#kg-period").count() == 0
    assert page.evaluate("() => JSON.parse(document.getElementById('kg-data').textContent).timeline") is None
    assert page.evaluate("() => edges.get({filter: e => !e.hidden}).length") == 1
    assert left == [] and dialogs == []
