"""The explorer served by ``kg serve`` fetches its evidence from ``/sparql`` (Chromium, loopback)."""

from __future__ import annotations

import pytest

from tests.conftest import XSS_IMG

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

_PANEL = """() => Array.from(document.querySelectorAll('#kg-panel-body li.kg-evidence'))
                   .map(li => [li.firstChild ? li.innerText.split('\\n')[0] : '',
                               Array.from(li.querySelectorAll('mark')).map(m => m.textContent)])"""


def _edge(page, source, relation, target):
    return page.evaluate(
        """([s, r, t]) => JSON.parse(document.getElementById('kg-data').textContent).edges
              .find(e => e.from === s && e.relation === r && e.to === t).id""",
        [source, relation, target],
    )


def _open_file(browser, path):
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:"))
               else r.abort())  # fmt: skip
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    return page


def test_server_explorer_fetches_edge_and_actor_evidence_from_the_endpoint(
    kg_server, served_dir, browser, open_served
):
    page, left, dialogs = open_served(browser, kg_server + "/")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/sparql" in r.url else None)
    page.wait_for_selector("body[data-ready=true]")
    # the served page embeds no evidence sentence; the offline graph.html embeds them all
    embedded = page.evaluate("""() => JSON.parse(document.getElementById('kg-data').textContent)
                                  .edges.flatMap(e => e.evidence.map(ev => ev[0]))""")
    assert embedded and set(embedded) == {""}
    served = page.content()
    for sentence in ("Pyongyang supplies artillery shells to Moscow.",
                     "North Korea has sent thousands of troops to Russia."):
        assert sentence not in served and sentence in (served_dir / "graph.html").read_text()

    offline = _open_file(browser, served_dir / "graph.html")
    edge = _edge(page, "PRK", "supplies", "RUS")
    assert edge == _edge(offline, "PRK", "supplies", "RUS")
    page.evaluate("id => kgExplorer.showEdge(id)", edge)
    page.wait_for_selector("#kg-panel-body[data-kind=edge]")
    offline.evaluate("id => kgExplorer.showEdge(id)", edge)
    shown = page.evaluate(_PANEL)
    assert [s for s, _ in shown] == [s for s, _ in offline.evaluate(_PANEL)]
    assert shown == offline.evaluate(_PANEL)  # the same sentences, the same mentions highlighted
    assert any("Pyongyang supplies artillery shells to Moscow." in s for s, _ in shown)
    assert len(asked) == 1

    # an actor: every relation with every sentence; the evil evidence stays text
    for p in (page, offline):
        p.evaluate("() => kgExplorer.showActor('UKR')")
        p.wait_for_selector("#kg-panel-body[data-kind=actor]")
    shown = page.evaluate(_PANEL)
    assert shown == offline.evaluate(_PANEL) and len(shown) >= 2
    assert any(XSS_IMG in s for s, _ in shown)
    assert len(asked) == 2
    page.evaluate("id => kgExplorer.showEdge(id)", edge)  # already fetched: no new request
    page.wait_for_selector("#kg-panel-body[data-kind=edge]")
    assert len(asked) == 2
    assert page.evaluate("() => window.__pwned") is None
    assert left == [] and dialogs == []
    page.close()
    offline.close()
