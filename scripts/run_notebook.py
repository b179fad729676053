#!/usr/bin/env python3
"""Re-execute notebooks/walkthrough.ipynb and save it with its outputs, deterministically.

Usage: python scripts/run_notebook.py [notebooks/walkthrough.ipynb]

The notebook runs in a fresh kernel of this interpreter from ``notebooks/``, writing its files
into a temporary folder (``KG_NOTEBOOK_OUT``) that is removed afterwards. The saved outputs hold
nothing that changes from run to run or machine to machine: the temporary folder is written as
``out``, execution counts are 1, 2, 3 ..., timing metadata and memory addresses are removed.
Running it twice gives the same file.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ADDRESS = re.compile(r" at 0x[0-9a-f]{6,16}")


def normalise(nb, replacements: dict[str, str]) -> None:
    """Make the outputs of an executed notebook reproducible (in place)."""

    def clean(text: str) -> str:
        for old, new in replacements.items():
            text = text.replace(old, new)
        return _ADDRESS.sub(" at 0x...", text)

    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        merged = []  # a stream arrives in chunks that differ from run to run: one output per stream
        for out in cell.outputs:
            if out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream" \
                    and merged[-1]["name"] == out["name"]:  # fmt: skip
                merged[-1]["text"] += out["text"]
            else:
                merged.append(out)
        cell.outputs = merged
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = count
            if "text" in out:
                out["text"] = clean(out["text"])
            for mime, value in out.get("data", {}).items():
                if isinstance(value, str) and not mime.startswith("image/"):
                    out["data"][mime] = clean(value)
    nb.metadata.pop("widgets", None)
    nb.metadata.get("language_info", {}).pop("version", None)


def main(argv: list[str]) -> int:
    import nbclient
    import nbformat

    path = Path(argv[0]) if argv else ROOT / "notebooks" / "walkthrough.ipynb"
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="kg-notebook-") as tmp:
        out = Path(tmp) / "out"
        os.environ["KG_NOTEBOOK_OUT"] = str(out)
        os.environ.setdefault("MPLBACKEND", "Agg")
        os.environ["PYTHONHASHSEED"] = "0"
        client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=False,
                                         resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
        client.execute()
        normalise(nb, {str(out): "out", str(ROOT): "."})
    nbformat.write(nb, path)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
