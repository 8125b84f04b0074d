"""framing.to_dataframe: one row per article."""

from __future__ import annotations

import pytest

import framing
from framing.errors import InputError


def test_to_dataframe(analyzer: framing.Analyzer) -> None:
    reports = list(analyzer.pipe([framing.Article("Union bosses met the regime.", id="a",
                                                  outlet="X"),
                                  framing.Article("The council met.", id="b", outlet="Y")]))
    df = framing.to_dataframe(reports)
    assert list(df["id"]) == ["a", "b"]
    assert list(df["n_author_terms"]) == [2, 0]
    assert df.loc[1, "n_author_political_label"] == 0
    assert df.loc[0, "author_terms_per_100_words"] == reports[0].summary.author_terms_per_100_words
    assert set(df["lexicon"]) == {"framing-default"}
    assert list(df["n_attributions"]) == [0, 0] and list(df["n_cue_neutral"]) == [0, 0]
    assert framing.to_dataframe(reports[0]).to_dict("records") == df.iloc[:1].to_dict("records")
    with pytest.raises(InputError, match="ArticleReport or an iterable"):
        framing.to_dataframe("Union bosses met the regime.")  # type: ignore[arg-type]


def test_to_dataframe_has_the_sourcing(analyzer: framing.Analyzer) -> None:
    text = ("Critics say the plan is rushed. Mayor Ana Ruiz said the plan was sound. "
            "The plan is reportedly over budget.")
    report = analyzer(text)
    row = framing.to_dataframe([report]).iloc[0]
    summary = report.summary.attribution
    assert summary is not None
    assert row["n_attributions"] == summary.n_attributions == 2
    assert row["n_source_vague"] == 1 and row["n_source_person"] == 1
    assert row["anonymous_vague_share"] == 0.5
    assert row["n_unattributed"] == 1


def test_to_dataframe_of_nothing_is_empty() -> None:
    assert framing.to_dataframe([]).empty
