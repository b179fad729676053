"""notebooks/walkthrough.ipynb: committed with deterministic outputs (issue 14), runs top to bottom (issue 7)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


def _text(outputs: list) -> str:
    """Everything a cell showed, as text (streams, text/plain and text/html)."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/html"):
            parts.append(out.get("data", {}).get(mime, ""))
    return "\n".join(parts)


def _tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    return cells[0]


def test_notebook_is_committed_with_deterministic_outputs():
    """Committed with the outputs of ``scripts/run_notebook.py``: a reader on GitHub sees the
    results, and nothing in them changes from run to run or machine to machine."""
    import re

    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    shown = [c for c in code if c["outputs"]]
    assert len(shown) >= len(code) * 3 // 4, "the committed notebook has lost its outputs"
    tagged = {t for c in shown for t in c["metadata"].get("tags", [])}
    assert {"suppliers-of-russia", "supporters-of-ukraine", "bridges", "bloc-changes"} <= tagged
    text = json.dumps([c["outputs"] for c in code])
    assert not re.search(r"/tmp/|/home/|/work/|/root/|[A-Z]:\\\\Users", text), "an absolute path in the outputs"
    assert not re.search(r" at 0x[0-9a-f]{6,}", text), "a memory address in the outputs"
    assert not any(c["metadata"].get("execution") for c in code), "timing metadata"
    assert "Traceback" not in text and '"output_type": "error"' not in text
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"]


def test_notebook_normalise_merges_streams_and_strips_paths():
    import importlib.util

    nbformat = pytest.importorskip("nbformat")
    spec = importlib.util.spec_from_file_location("run_notebook", ROOT / "scripts" / "run_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="wrote /tmp/x1/out/a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="<object at 0x7f00aa11bb22>\n")]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    nb.cells = [cell]
    module.normalise(nb, {"/tmp/x1/out": "out"})
    assert [o["text"] for o in nb.cells[0].outputs] == ["wrote out/a\n<object at 0x...>\n"]
    assert nb.cells[0].execution_count == 1 and "execution" not in nb.cells[0].metadata


def test_notebook_is_valid_and_writes_only_under_its_output_folder():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert 'os.environ.get("KG_NOTEBOOK_OUT")' in source
    for call in ("kg.build(", "kg.build_texts(", "kg.query_df(", "kg.analyze(", "kg.export("):
        assert call in source, call


@pytest.mark.model
def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")

    out = tmp_path / "out"
    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    before = sorted(p.name for p in NOTEBOOK.parent.iterdir())

    nb = nbformat.read(NOTEBOOK, as_version=4)
    # Not in the notebook: which interpreter the kernel runs.
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )  # fmt: skip
    client.execute()  # raises CellExecutionError on the first failing cell

    # The kernel is this interpreter (the venv's), not some other python3 on PATH.
    executable = _text(nb.cells[-1].outputs).strip()
    assert Path(executable).resolve() == Path(sys.executable).resolve()

    suppliers = _text(_tagged(nb, "suppliers-of-russia").outputs)
    assert "North Korea" in suppliers and "Iran" in suppliers
    supporters = _text(_tagged(nb, "supporters-of-ukraine").outputs)
    assert "United States" in supporters and "NATO" in supporters
    bridges = _text(_tagged(nb, "bridges").outputs)
    assert "Iran" in bridges and "Russia" in bridges
    new_actors = _text(_tagged(nb, "new-actors").outputs)
    assert "European Union" in new_actors
    new_relations = _text(_tagged(nb, "new-relations").outputs)
    assert "sanctions" in new_relations
    assert "bloc after" in _text(_tagged(nb, "bloc-changes").outputs)
    assert any("<iframe srcdoc=" in _text(c.outputs) for c in nb.cells if c.cell_type == "code")

    for name in ("seeds/graph.ttl", "seeds/interactive.html", "seeds/actors.gexf",
                 "seeds/blocs.png", "with-my-article/graph.ttl"):  # fmt: skip
        assert (out / name).stat().st_size > 0, name
    assert sorted(p.name for p in NOTEBOOK.parent.iterdir()) == before  # nothing written beside it
    assert os.environ["KG_NOTEBOOK_OUT"] == str(out)
