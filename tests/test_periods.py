"""Blocs over time (issue 18): periods, matched blocs, drift, polarity changes, the plot.

A generated corpus whose alignments change on known dates, built once through the real pipeline:
every month the United States and the United Kingdom sign a defence agreement; Iran and Russia
sign trade agreements; Russia signs one with Belarus until March, then attacks it from April;
from May Belarus signs security agreements with Poland. One article has no date.
"""

from __future__ import annotations

import json
import sys

import pytest

pytestmark = pytest.mark.model

MONTHS = ["2024-01-10", "2024-02-12", "2024-03-11", "2024-04-15", "2024-05-13", "2024-06-10"]


def _records() -> list[dict]:
    records = []
    for k, date in enumerate(MONTHS):
        def add(n: int, text: str) -> None:
            records.append({"id": f"m{k + 1}-{n}", "title": f"Month {k + 1}, story {n}",
                            "date": date, "text": text})  # fmt: skip

        add(1, "The United States signed a defence agreement with the United Kingdom.")
        if k < 3:
            add(2, "Russia signed a trade agreement with Belarus. "
                   "Iran signed a trade agreement with Russia.")  # fmt: skip
        else:
            add(2, "Russia attacked Belarus. Iran signed a trade agreement with Russia.")
        if k >= 4:
            add(3, "Belarus signed a security agreement with Poland.")
    records.append({"id": "undated-1", "title": "No date", "text":
                    "Japan signed a trade agreement with China."})  # fmt: skip
    return records


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The corpus built by the real pipeline (once per module): the output folder."""
    from kg.api import build

    folder = tmp_path_factory.mktemp("periods")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    build([corpus], folder / "out", exports=())
    return folder / "out"


@pytest.fixture(scope="module")
def graph(built):
    from kg.graph import load_graph

    return load_graph(built / "graph.ttl")


@pytest.fixture(scope="module")
def by_month(graph):
    from kg.analysis import analyze_by_period

    return analyze_by_period(graph, by="month", seed=0)


def _blocs(period) -> dict[int, list[str]]:
    return {i: sorted(bloc) for i, bloc in period.blocs.items()}


def test_periods_corpus_is_extracted_as_written(built):
    """The sentences of the corpus give the relations the tests below rely on."""
    lines = (built / "assertions.jsonl").read_text().splitlines()
    found = {(a["doc"], a["source"]["id"], a["relation"], a["target"]["id"])
             for a in map(json.loads, lines)}  # fmt: skip
    assert ("m3-2", "RUS", "signsAgreementWith", "BLR") in found
    assert ("m4-2", "RUS", "attacks", "BLR") in found
    assert ("m5-3", "BLR", "signsAgreementWith", "POL") in found
    assert ("undated-1", "JPN", "signsAgreementWith", "CHN") in found


def test_periods_by_month_names_bounds_and_matched_blocs(by_month):
    names = [p.name for p in by_month.periods]
    assert names == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    april = by_month.periods[3]
    assert (april.start.isoformat(), april.end.isoformat()) == ("2024-04-01", "2024-04-30")
    for p in by_month.periods[:3]:  # Russia, Belarus and Iran together, the US and UK apart
        assert _blocs(p) == {0: ["BLR", "IRN", "RUS"], 1: ["GBR", "USA"]}
        assert p.frustration == 0.0
    # April: Russia attacks Belarus; the bloc without Belarus keeps id 0 (and its colour).
    assert _blocs(april) == {0: ["IRN", "RUS"], 1: ["GBR", "USA"]}
    assert april.alone == {"BLR"}
    # May: Belarus and Poland are a new bloc, with a new id.
    for p in by_month.periods[4:]:
        assert _blocs(p) == {0: ["IRN", "RUS"], 1: ["GBR", "USA"], 2: ["BLR", "POL"]}


def test_periods_undated_documents_are_reported_and_left_out(by_month, caplog):
    assert by_month.undated == ("undated-1",)
    assert by_month.undated_assertions == 1
    for p in by_month.periods:
        assert "undated-1" not in p.documents
        assert "JPN" not in p.graph and "CHN" not in p.graph


def test_periods_undated_warning_is_logged(graph, caplog):
    from kg.analysis import analyze_by_period

    with caplog.at_level("WARNING", logger="kg"):
        analyze_by_period(graph, by="year")
    assert any("1 document(s) have no valid date" in r.getMessage() for r in caplog.records)


def test_periods_by_quarter_and_year(graph):
    from kg.analysis import analyze_by_period

    quarters = analyze_by_period(graph, by="quarter")
    assert [p.name for p in quarters.periods] == ["2024-Q1", "2024-Q2"]
    assert _blocs(quarters.periods[0]) == {0: ["BLR", "IRN", "RUS"], 1: ["GBR", "USA"]}
    assert _blocs(quarters.periods[1]) == {0: ["IRN", "RUS"], 1: ["GBR", "USA"], 2: ["BLR", "POL"]}
    years = analyze_by_period(graph, by="year")
    assert [(p.name, p.start.isoformat(), p.end.isoformat()) for p in years.periods] == [
        ("2024", "2024-01-01", "2024-12-31")
    ]


def test_periods_unknown_period_lists_the_valid_ones(graph):
    from kg.analysis import analyze_by_period
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="valid periods: month, quarter, year"):
        analyze_by_period(graph, by="week")


def test_periods_are_deterministic(graph, by_month):
    from kg.analysis import analyze_by_period, timeline_document

    again = analyze_by_period(graph, by="month", seed=0)
    assert timeline_document(again) == timeline_document(by_month)


def test_drift_actor_changes_bloc_when_alignment_changes(by_month):
    from kg.analysis import bloc_changes
    from kg.analysis.drift import drift_rows

    changes = bloc_changes(by_month)
    assert [(c["actor"], c["period"], c["from"], c["to"]) for c in changes] == [
        ("BLR", "2024-04", 0, None),
        ("BLR", "2024-05", None, 2),
    ]
    assert drift_rows(by_month) == [
        {"actor": "Belarus", "changes": "2024-04: 0 -> -, 2024-05: - -> 2"}
    ]


def test_drift_polarity_change_with_its_evidence(by_month):
    from kg.analysis import polarity_changes

    changes = polarity_changes(by_month)
    assert len(changes) == 1
    change = changes[0]
    assert (change["source"], change["target"]) == ("BLR", "RUS")
    assert (change["previous_period"], change["period"]) == ("2024-03", "2024-04")
    assert (change["from"], change["to"]) == ("cooperative", "hostile")
    assert change["weight"] < 0
    first = change["evidence"][0]
    assert (first["doc"], first["date"], first["relation"]) == ("m4-2", "2024-04-15", "attacks")
    assert first["sentence"] == "Russia attacked Belarus."
    assert [e["doc"] for e in change["before"]] == ["m3-2"]
    assert change["before"][0]["relation"] == "signsAgreementWith"


def test_periods_blocs_by_period_json(built, by_month, tmp_path):
    from kg.analysis import timeline_document, write_blocs_by_period_json

    path = tmp_path / "blocs_by_period.json"
    write_blocs_by_period_json(by_month, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == json.loads(json.dumps(timeline_document(by_month)))  # plain JSON data
    assert doc["by"] == "month"
    april = doc["periods"][3]
    assert {k: april[k] for k in ("period", "start", "end", "frustration")} == {
        "period": "2024-04", "start": "2024-04-01", "end": "2024-04-30",
        "frustration": 0.0}  # fmt: skip
    blocs = [(b["id"], b["members"]) for b in april["blocs"]]
    assert blocs == [(0, ["IRN", "RUS"]), (1, ["GBR", "USA"])]
    colours = {b["id"]: b["color"] for p in doc["periods"] for b in p["blocs"]}
    assert len(set(colours.values())) == 3  # one colour per stable id
    assert april["alone"] == ["BLR"]
    assert {(e["source"], e["relation"], e["target"]) for e in april["edges"]} == {
        ("RUS", "attacks", "BLR"), ("GBR", "signsAgreementWith", "USA"),
        ("IRN", "signsAgreementWith", "RUS")}  # fmt: skip
    assert doc["undated"] == {"documents": 1, "assertions": 1, "ids": ["undated-1"]}
    assert doc["actors"]["BLR"] == {"label": "Belarus", "type": "State"}
    assert doc["drift"]["pairs"][0]["period"] == "2024-04"


def _check_png(path):
    import matplotlib.image

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(path)
    assert image.ndim == 3 and image.shape[0] > 100 and image.shape[1] > 100
    return data


def test_plot_is_a_valid_deterministic_png(by_month, tmp_path):
    from kg.analysis import plot_blocs_over_time

    first = _check_png(plot_blocs_over_time(by_month, tmp_path / "a.png"))
    second = _check_png(plot_blocs_over_time(by_month, tmp_path / "b.png"))
    assert first == second
    assert b"tIME" not in first and b"Software" not in first


def test_plot_without_matplotlib_is_a_clear_error(by_month, tmp_path, monkeypatch):
    from kg.analysis import plot_blocs_over_time
    from kg.errors import ConfigError

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    with pytest.raises(ConfigError, match=r"pip install 'kg\[plot\]'"):
        plot_blocs_over_time(by_month, tmp_path / "c.png")
    assert not (tmp_path / "c.png").exists()


def test_periods_cli_plot_without_matplotlib_writes_nothing(built, tmp_path, rdf_cli_app,
                                                            monkeypatch):  # fmt: skip
    from typer.testing import CliRunner

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out, png = tmp_path / "out", tmp_path / "blocs.png"
    result = CliRunner().invoke(rdf_cli_app, ["analyze", str(built / "graph.ttl"), "--by", "month",
                                              "--out", str(out), "--plot", str(png)])  # fmt: skip
    assert result.exit_code == 2
    assert "kg: error: --plot needs matplotlib" in result.output
    assert not png.exists() and not (out / "blocs_by_period.json").exists()


def test_periods_api_analyze_by(built):
    import kg

    timeline = kg.analyze(built / "graph.ttl", by="quarter")
    assert [p.name for p in timeline.periods] == ["2024-Q1", "2024-Q2"]
    assert timeline.undated == ("undated-1",)


def test_periods_cli_by_month_with_plot(built, tmp_path, rdf_cli_app):
    from typer.testing import CliRunner

    out, png = tmp_path / "out", tmp_path / "blocs.png"
    wide = CliRunner(env={"COLUMNS": "200"})  # rich reads COLUMNS: table cells on one line
    result = wide.invoke(rdf_cli_app, ["analyze", str(built / "graph.ttl"), "--by", "month",
                                       "--out", str(out), "--plot", str(png)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2024-04" in result.output and "Belarus" in result.output
    assert "cooperative -> hostile" in result.output
    assert "Russia attacked Belarus. [m4-2]" in result.output
    assert "2024-04: 0 -> -, 2024-05: - -> 2" in result.output
    assert "Undated documents left out of every period: 1 (1 assertions)" in result.output
    assert json.loads((out / "blocs_by_period.json").read_text())["by"] == "month"
    _check_png(png)
    bad = CliRunner().invoke(rdf_cli_app, ["analyze", str(built / "graph.ttl"), "--by", "week"])
    assert bad.exit_code == 2 and "valid periods: month, quarter, year" in bad.output
    args = ["analyze", str(built / "graph.ttl"), "--plot", str(png)]
    lonely = CliRunner().invoke(rdf_cli_app, args)
    assert lonely.exit_code == 2 and "--plot needs --by" in lonely.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_periods_pair_over_time_query(graph, engine):
    from kg.sparql import named_queries, run_query

    result = run_query(graph, named_queries()["pair-over-time"],
                       {"actor": "Russia", "other": "Belarus"}, engine=engine)  # fmt: skip
    rows = [dict(zip(result.vars, row, strict=True)) for row in result.rows]
    assert [(r["month"], r["relation"], r["polarity"]) for r in rows] == [
        *[(m[:7], "signsAgreementWith", "cooperative") for m in MONTHS[:3]],
        *[(m[:7], "attacks", "hostile") for m in MONTHS[3:]],
    ]
    assert rows[3]["sentence"] == "Russia attacked Belarus." and rows[3]["date"] == "2024-04-15"
    undated = run_query(graph, named_queries()["pair-over-time"],
                        {"actor": "Japan", "other": "China"}, engine=engine)  # fmt: skip
    assert [row[0] for row in undated.rows] == ["undated"]


def test_periods_pair_over_time_polarities_match_the_ontology():
    from kg.ontology import relation_info
    from kg.sparql import named_queries

    text = named_queries()["pair-over-time"]
    for name, info in relation_info().items():
        for relation in (name, info.inverse):
            if relation and f'("{relation}" ' in text:
                assert f'("{relation}" "{info.polarity}")' in text, relation
        assert f'("{name}" ' in text, f"{name} has no polarity in pair-over-time.rq"
