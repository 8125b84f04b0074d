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
    with pytest.raises(InputError, match="Wrap it in a list"):
        framing.to_dataframe(reports[0])


def test_to_dataframe_of_nothing_is_empty() -> None:
    assert framing.to_dataframe([]).empty
