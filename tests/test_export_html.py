"""The interactive HTML graph: offline, deterministic, escaped; rendered in headless Chromium."""

from __future__ import annotations

import re

import pytest

from kg.analysis import analyze
from kg.errors import ConfigError, ExportError
from kg.exporters import get_exporter
from kg.exporters.html import REMOTE_REFERENCE, render_html, write_html

# -------------------------------------------------------------------------------- file checks


def test_html_registered_exporter(analysis_story_graph, tmp_path):
    get_exporter("html")(analysis_story_graph, tmp_path / "graph.html")
    assert (tmp_path / "graph.html").stat().st_size > 100_000  # vis-network is inlined


def test_html_no_remote_reference(analysis_story_graph, tmp_path):
    path = tmp_path / "graph.html"
    write_html(analysis_story_graph, path)
    text = path.read_text(encoding="utf-8")
    assert not REMOTE_REFERENCE.search(text)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert "cdn.jsdelivr" not in text and "cdnjs" not in text
    assert "<title>kg: actor graph</title>" in text
    assert 'id="kg-legend"' in text


def test_html_deterministic(analysis_story_graph, tmp_path):
    write_html(analysis_story_graph, tmp_path / "a.html")
    write_html(analysis_story_graph, tmp_path / "b.html", analysis=analyze(analysis_story_graph))
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_html_escapes_article_text(analysis_nasty_graph):
    page = render_html(analysis_nasty_graph)
    data = page[page.index("nodes = new vis.DataSet(") : page.index("var options =")]
    assert "<" not in data and "</script" not in data.lower()
    assert "window.__pwned" in data  # the text is there, as escaped text
    assert "&lt;script&gt;" in data.replace("\\u0026", "&")
    legend = page[page.index('<details id="kg-legend"') :]
    assert "<script>window" not in legend and "<img" not in legend
    explorer = page[page.index('id="kg-data">') : page.index("</script>", page.index('id="kg-data">'))]
    assert "<" not in explorer[len('id="kg-data">'):] and "window.__pwned" in explorer


def test_html_unknown_option(analysis_story_graph, tmp_path):
    with pytest.raises(ConfigError, match="valid: .*height"):
        write_html(analysis_story_graph, tmp_path / "g.html", colour="red")
    assert not (tmp_path / "g.html").exists()


def test_html_read_only_dir(analysis_story_graph, read_only_dir):
    with pytest.raises(ExportError, match="cannot write"):
        write_html(analysis_story_graph, read_only_dir / "graph.html")
    assert list(read_only_dir.iterdir()) == []


def test_html_failed_write_leaves_no_file(analysis_story_graph, tmp_path, monkeypatch):
    import kg.exporters.html as module

    def broken(page, legend, title, data):
        raise ExportError("boom")

    monkeypatch.setattr(module, "_finish", broken)
    with pytest.raises(ExportError):
        write_html(analysis_story_graph, tmp_path / "graph.html")
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_html_renders_offline_in_chromium(browser, open_offline, hover_all, analysis_story_graph,
                                           tmp_path):
    path = tmp_path / "graph.html"
    analysis = analyze(analysis_story_graph)
    write_html(analysis_story_graph, path, analysis=analysis)
    page, left, dialogs = open_offline(browser, path)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    size = page.evaluate(
        "() => { const c = document.querySelector('#mynetwork canvas');"
        " return c ? [c.width, c.height] : [0, 0]; }"
    )
    assert size[0] > 0 and size[1] > 0
    assert page.evaluate("() => network.body.data.nodes.length") == analysis.graph.number_of_nodes()
    assert page.evaluate("() => network.body.data.edges.length") == analysis.graph.number_of_edges()
    # something was drawn: the canvas is not blank
    assert page.evaluate(
        """() => { const c = document.querySelector('#mynetwork canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }"""
    )
    colors = page.evaluate("() => Object.fromEntries(nodes.get().map(n => [n.id, n.color]))")
    assert colors["RUS"] == colors["PRK"] != colors["UKR"] == colors["USA"]
    assert hover_all(page)
    assert page.locator("#kg-legend").is_visible()
    assert left == [] and dialogs == []
    page.close()


@pytest.mark.browser
def test_html_article_markup_does_not_run(browser, open_offline, hover_all, analysis_nasty_graph,
                                          tmp_path):
    path = tmp_path / "graph.html"
    write_html(analysis_nasty_graph, path)
    page, left, dialogs = open_offline(browser, path)
    page.wait_for_selector("body[data-titles=true]", timeout=30_000)  # every tooltip made an element
    assert page.evaluate("() => network.body.data.nodes.length") == 3
    labels = page.evaluate("() => nodes.get().map(n => n.label)")
    assert "Evil &lt;script>window.__pwned=1&lt;/script> Corp" in labels
    # the tooltips hold the text, and no element came out of it
    assert page.evaluate(
        "() => nodes.get().concat(edges.get()).every(i => i.title instanceof Element"
        " && i.title.querySelectorAll('script, img, iframe').length === 0)"
    )
    assert page.evaluate(
        "() => edges.get().some(e => e.title.textContent.includes('onerror=\"window.__pwned=1\"'))"
    )
    hover_all(page)
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert dialogs == [] and left == []
    page.close()
