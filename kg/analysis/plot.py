"""A PNG of bloc membership over time: one stacked bar per period, one segment per bloc.

Each segment is a bloc of the period, as tall as its number of actors and drawn in the colour
of its stable id (:func:`kg.analysis.periods.bloc_color`), with the id written on it, so a bloc
that keeps its id across periods reads as one band of colour. The legend names the blocs that
last longest (actors times periods) by their best-connected members. Actors in no bloc are left
out of the bars (their count per period is written above each bar).

matplotlib is an optional extra (``pip install 'kg[plot]'``); it is imported inside
:func:`plot_blocs_over_time` with the Agg backend, and the PNG carries no timestamp or software
version, so the same timeline gives the same bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from kg.analysis.periods import bloc_color
from kg.errors import ConfigError
from kg.exporters.atomic import atomic_path

if TYPE_CHECKING:
    from kg.analysis.periods import Timeline

__all__ = ["plot_blocs_over_time"]

#: How many blocs the legend names.
LEGEND_BLOCS = 12


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:
        raise ConfigError(
            "--plot needs matplotlib, which is not installed; install it with "
            "pip install 'kg[plot]' (or pip install 'matplotlib>=3.8')"
        ) from exc
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _legend_label(timeline: Timeline, bloc: int, members: Counter[str], width: int = 48) -> str:
    ranked = sorted(members.items(), key=lambda kv: (-kv[1], timeline.labels.get(kv[0], kv[0])))
    names = [timeline.labels.get(a, a) for a, _ in ranked]
    text = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
    if len(text) > width:
        text = text[: width - 3].rstrip(", ") + "..."
    return f"{bloc}: {text}".replace("$", r"\$")  # a label is text, never mathtext


def plot_blocs_over_time(timeline: Timeline, path: str | Path, title: str | None = None) -> Path:
    """Draw the blocs of every period of ``timeline`` as stacked bars and write a PNG.

    Parameters
    ----------
    timeline : Timeline
        From :func:`kg.analysis.periods.analyze_by_period`.
    path : str or Path
        The PNG file to write (atomically).
    title : str, optional
        The chart title; by default it names the period length and the undated documents.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    kg.errors.ConfigError
        matplotlib is not installed.
    kg.errors.ExportError
        The file cannot be written.
    """
    plt = _pyplot()
    path = Path(path)
    periods = timeline.periods
    members: dict[int, Counter[str]] = {}
    spans: Counter[int] = Counter()
    for p in periods:
        for i, bloc in p.blocs.items():  # a member's weight: its degree, summed over periods
            members.setdefault(i, Counter()).update({a: p.graph.degree(a) for a in bloc})
            spans[i] += len(bloc)
    lasting = set(sorted(members, key=lambda i: (-spans[i], i))[:LEGEND_BLOCS])
    labelled: set[int] = set()

    width = max(8.0, min(18.0, 1.2 + 0.45 * len(periods)))
    fig, ax = plt.subplots(figsize=(width, 5.5), dpi=100)
    try:
        x = range(len(periods))
        top = 0
        for k, p in enumerate(periods):
            bottom = 0
            for i, bloc in sorted(p.blocs.items()):
                size = len(bloc)
                label = None
                if i in lasting and i not in labelled:  # each bloc once in the legend
                    label = _legend_label(timeline, i, members[i])
                    labelled.add(i)
                ax.bar(k, size, bottom=bottom, width=0.8, color=bloc_color(i),
                       edgecolor="white", linewidth=0.8, label=label)  # fmt: skip
                ax.text(k, bottom + size / 2, str(i), ha="center", va="center", fontsize=7,
                        color="white")  # fmt: skip
                bottom += size
            if p.alone:
                ax.text(k, bottom + 0.2, f"+{len(p.alone)}", ha="center", va="bottom",
                        fontsize=6, color="#666666")  # fmt: skip
            top = max(top, bottom)
        ax.set_xticks(list(x), [p.name for p in periods], rotation=90 if len(periods) > 8 else 0,
                      fontsize=8)  # fmt: skip
        ax.set_xlim(-0.6, max(len(periods), 1) - 0.4)
        ax.set_ylim(0, max(top, 1) * 1.12 + 0.5)
        ax.set_ylabel("actors in a bloc (segment: one bloc, number: its id)")
        n = len(timeline.undated)
        undated = f", {n} undated documents left out" if n else ""
        ax.set_title(title or f"Alliance blocs by {timeline.by}{undated} (+n: actors in no bloc)",
                     fontsize=10)  # fmt: skip
        ax.spines[["top", "right"]].set_visible(False)
        if members:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False,
                      title="longest-lived blocs", title_fontsize=8)  # fmt: skip
        fig.tight_layout()
        buffer = io.BytesIO()
        # No "Software" or date chunk: the same timeline gives the same bytes.
        fig.savefig(buffer, format="png", metadata={"Software": None}, bbox_inches="tight")
    finally:
        plt.close(fig)
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue())
    return path
