"""The tables of ``kg analyze --by``: blocs per period, actors that drifted, polarity changes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text  # article text is never read as rich markup

from kg.cli._common import console

if TYPE_CHECKING:
    from kg.analysis.periods import Timeline

__all__ = ["print_timeline", "run_timeline"]


def run_timeline(
    graph: Path, out: Path | None, by: str | None, plot: Path | None, seed: int
) -> None:
    """``kg analyze --by``: analyse, write blocs_by_period.json (and the plot), print the tables."""
    from kg.analysis import plot_blocs_over_time, write_blocs_by_period_json
    from kg.analysis.periods import PERIODS
    from kg.api import analyze
    from kg.cli._common import setup_logging
    from kg.errors import ConfigError

    setup_logging()  # the undated-documents warning as "kg: warning: ..."
    if by is None:
        raise ConfigError(f"--plot needs --by ({', '.join(PERIODS)})")
    if by not in PERIODS:
        raise ConfigError(f"unknown period {by!r}; valid periods: {', '.join(PERIODS)}")
    timeline = analyze(graph, seed=seed, by=by)
    if plot is not None:  # first: without matplotlib, fail before writing anything
        plot_blocs_over_time(timeline, plot)
    path = (out if out is not None else graph.parent) / "blocs_by_period.json"
    write_blocs_by_period_json(timeline, path)
    print_timeline(timeline)
    console.print(f"wrote {path}", markup=False, highlight=False)
    if plot is not None:
        console.print(f"wrote {plot}", markup=False, highlight=False)


def print_timeline(timeline: Timeline) -> None:
    """Print the periods, the bloc changes and the polarity changes of ``timeline``."""
    from kg.analysis.drift import drift_rows, polarity_rows
    from kg.analysis.periods import period_rows

    periods = Table(title=f"Alliance blocs by {timeline.by} (number: the bloc's id across periods)")
    for name, justify in (("Period", "left"), ("Docs", "right"), ("Blocs", "left"),
                          ("Alone", "right"), ("Frustration", "right")):  # fmt: skip
        periods.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in period_rows(timeline):
        periods.add_row(row["period"], str(row["documents"]), Text(row["blocs"] or "-"),
                        str(row["alone"]), f"{row['frustration']:g}")  # fmt: skip
    console.print(periods)

    drift = drift_rows(timeline)
    if drift:
        table = Table(title="Actors that changed bloc (period: from -> to; - is no bloc)")
        table.add_column("Actor")
        table.add_column("Changes")
        for row in drift:
            table.add_row(Text(row["actor"]), Text(row["changes"]))
        console.print(table)
    else:
        console.print("No actor changed bloc.")

    pairs = polarity_rows(timeline)
    if pairs:
        table = Table(title="Pairs whose relation changed polarity (since the last period with "
                      "evidence about the pair)")  # fmt: skip
        table.add_column("Pair")
        table.add_column("Period", no_wrap=True)
        table.add_column("Change", no_wrap=True)
        table.add_column("Evidence of the new polarity (relation: sentence, document id)", ratio=1)
        for row in pairs:
            when = row["period"].split(" -> ")[-1]
            table.add_row(Text(row["pair"]), when, row["change"],
                          Text(f"{row['relation']}: {row['evidence']}"))  # fmt: skip
        console.print(table)
    else:
        console.print("No pair changed polarity.")

    if timeline.undated:
        console.print(
            Text(f"Undated documents left out of every period: {len(timeline.undated)} "
                 f"({timeline.undated_assertions} assertions)")  # fmt: skip
        )
