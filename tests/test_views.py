"""What a researcher sees from Python: a short repr and a notebook card for a report, tables of
one report or many with the corpus tables' columns, metadata that flows from the Article into
the report and every table, and progress bars with a total."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus.score import score_corpus
from framing.errors import InputError

TEXT = ("Critics said the socialist regime rammed through a reckless tax on Monday. "
        "Mayor Ana Ruiz said the cash-starved agency would publish the budget in May. "
        "\u201cWe will not back down,\u201d the union leader said.")


@pytest.fixture(scope="module")
def lexicon_analyzer() -> framing.Analyzer:
    return framing.Analyzer(model=None)


@pytest.fixture(scope="module")
def report(lexicon_analyzer: framing.Analyzer) -> framing.ArticleReport:
    article = framing.Article(TEXT, id="a1", outlet="North Post", title="Tax row",
                              date="2026-03-02", url="https://example.org/a1",
                              metadata={"section": "politics", "wave": 2})
    return lexicon_analyzer(article)


def test_repr_is_one_short_line_with_the_headline_numbers(report: framing.ArticleReport
                                                          ) -> None:
    text = repr(report)
    assert "\n" not in text and len(text) < 300
    s = report.summary
    assert text.startswith("<ArticleReport id='a1', outlet='North Post'")
    assert f"{s.n_author_terms} author terms" in text and f"{report.n_words} words" in text
    assert f"{s.n_left_coded} left-coded" in text and "lean" in text


def test_notebook_card_shows_summary_metadata_and_strongest_terms(
        report: framing.ArticleReport, lexicon_analyzer: framing.Analyzer) -> None:
    card = report._repr_html_()
    assert card.startswith("<div class='framing-report'>") and "<html" not in card
    for value in ("North Post", "politics", "2026-03-02", "socialist regime"):
        assert value in card, value
    quoted = lexicon_analyzer(framing.Article(
        "The council said the \u201cregime\u201d fell.", metadata={"note": "<b>x</b> & y"}))
    card = quoted._repr_html_()
    assert "<b>" not in card and "&lt;b&gt;x&lt;/b&gt; &amp; y" in card
    assert "No author-voice terms." in card


def test_metadata_flows_into_the_report_json_and_every_table(report: framing.ArticleReport
                                                             ) -> None:
    expect = {"title": "Tax row", "date": "2026-03-02", "url": "https://example.org/a1",
              "section": "politics", "wave": 2}
    assert dict(report.metadata) == expect
    d = json.loads(report.to_json())
    assert d["metadata"] == expect and list(d)[:4] == ["schema", "id", "outlet", "metadata"]
    for frame in (framing.to_dataframe(report), framing.findings_frame(report),
                  framing.actors_frame(report)):
        assert len(frame) >= 1
        for k, v in expect.items():
            assert (frame[k] == v).all(), k


def test_a_report_without_metadata_keeps_the_plain_schema(lexicon_analyzer: framing.Analyzer
                                                          ) -> None:
    plain = lexicon_analyzer(TEXT)
    assert "metadata" not in plain.to_dict() and not plain.metadata
    assert "section" not in framing.to_dataframe(plain).columns


def test_metadata_named_like_a_column_is_prefixed_not_lost(
        lexicon_analyzer: framing.Analyzer) -> None:
    got = lexicon_analyzer(framing.Article(TEXT, metadata={"n_words": "as printed: 40",
                                                           "lean": "left"}))
    row = framing.to_dataframe(got).iloc[0]
    assert row["meta_n_words"] == "as printed: 40" and row["n_words"] == got.n_words
    assert row["meta_lean"] == "left" and row["lean"] == got.summary.lean


@pytest.mark.parametrize("bad", [{"text": "x"}, {"id": "y"}, {"date": "z"}, {3: "n"}, ["a"]])
def test_metadata_that_would_clash_is_refused(bad: object) -> None:
    with pytest.raises(InputError, match="etadata"):
        framing.Article(TEXT, metadata=bad)  # type: ignore[arg-type]


def test_frames_of_one_report_equal_frames_of_a_list(report: framing.ArticleReport) -> None:
    pd.testing.assert_frame_equal(framing.to_dataframe(report),
                                  framing.to_dataframe([report]))
    pd.testing.assert_frame_equal(framing.findings_frame(report),
                                  framing.findings_frame(iter([report])))
    with pytest.raises(InputError, match="framing.analyze"):
        framing.findings_frame("some text")  # type: ignore[arg-type]


def test_python_frames_have_the_corpus_tables_columns_and_values(
        tmp_path: Path, lexicon_analyzer: framing.Analyzer) -> None:
    rows = [{"id": "a1", "outlet": "North Post", "text": TEXT, "section": "politics",
             "date": "2026-03-02", "wave": "2"},
            {"id": "a2", "outlet": "South Herald", "text": "The council met on Monday.",
             "section": "local", "date": "2026-03-03", "wave": "3"}]
    src = tmp_path / "in.csv"
    pd.DataFrame(rows).to_csv(src, index=False)
    score_corpus(src, tmp_path / "out", analyzer=lexicon_analyzer, progress=False)
    reports = [lexicon_analyzer(framing.Article(r["text"], id=r["id"], outlet=r["outlet"],
                                                date=r["date"], metadata={
                                                    "section": r["section"],
                                                    "wave": r["wave"]})) for r in rows]
    for name, frame in (("articles", framing.to_dataframe(reports)),
                        ("findings", framing.findings_frame(reports)),
                        ("actors", framing.actors_frame(reports))):
        table = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert set(frame.columns) - {"warning"} == set(table.columns) - {"warning"}, name
        assert {"section", "date", "wave"} <= set(table.columns)
        keys = ["id", "start_char"] if "start_char" in frame else ["id"]
        cols = sorted(set(frame.columns) - {"warning"})
        pd.testing.assert_frame_equal(
            frame[cols].sort_values(keys, kind="stable").reset_index(drop=True),
            table[cols].sort_values(keys, kind="stable").reset_index(drop=True),
            check_dtype=False)


def test_pipe_and_score_corpus_show_a_bar_with_a_total(
        tmp_path: Path, lexicon_analyzer: framing.Analyzer,
        capsys: pytest.CaptureFixture[str]) -> None:
    got = list(lexicon_analyzer.pipe([TEXT, TEXT + " Again.", "One more."], progress=True))
    assert len(got) == 3
    err = capsys.readouterr().err
    assert "3/3" in err and "analyzing" in err
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": TEXT}) + "\n"
                           for i in range(5)), "utf-8")
    score_corpus(src, tmp_path / "out", analyzer=lexicon_analyzer, progress=True, part_size=2)
    err = capsys.readouterr().err
    assert "5/5" in err and "scoring" in err
