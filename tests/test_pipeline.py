"""The public API: analyze, Analyzer, pipe, Article, to_dataframe."""

from __future__ import annotations

import pytest

import framing
from framing.errors import ConfigError, InputError


def test_analyze_one_article() -> None:
    report = framing.analyze("Union bosses met the socialist regime.")
    assert isinstance(report, framing.ArticleReport)
    assert [t.term for t in report.terms] == ["union boss", "socialist regime"]
    assert report.id == framing.Article("Union bosses met the socialist regime.").id


def test_constructor_only_stores_parameters() -> None:
    an = framing.Analyzer(lexicon="no-such-lexicon")
    assert an.lexicon == "no-such-lexicon"
    assert not hasattr(an, "lexicon_")
    with pytest.raises(framing.LexiconNotFoundError):
        an("Some text.")


def test_pipe_keeps_order_and_ids(analyzer: framing.Analyzer) -> None:
    texts = [framing.Article("Union bosses met.", id="a"), "The regime fell.",
             framing.Article("Nothing here.", id="c", outlet="Daily")]
    reports = list(analyzer.pipe(texts, batch_size=2))
    assert [r.id for r in reports][0] == "a" and reports[2].id == "c"
    assert reports[2].outlet == "Daily"
    assert [len(r.terms) for r in reports] == [1, 1, 0]
    single = [analyzer(t) for t in texts]
    assert [r.to_dict() for r in reports] == [r.to_dict() for r in single]


@pytest.mark.parametrize("bad", ["a bare string", b"bytes", framing.Article("x y")])
def test_pipe_refuses_a_single_article(analyzer: framing.Analyzer, bad) -> None:
    with pytest.raises(InputError, match="iterable of articles"):
        list(analyzer.pipe(bad))


def test_pipe_on_error(analyzer: framing.Analyzer, caplog) -> None:
    items = ["The regime fell.", "   ", 42, "Union bosses met."]
    with pytest.raises(InputError, match="#1"):
        list(analyzer.pipe(items))
    reports = list(analyzer.pipe(items, on_error="skip"))
    assert len(reports) == 2
    assert "item #2 is int" in caplog.text and "Text #1" in caplog.text
    with pytest.raises(ConfigError, match="'on_error'"):
        list(analyzer.pipe(items, on_error="ignore"))
    with pytest.raises(ConfigError, match="'batch_size'"):
        list(analyzer.pipe(items, batch_size=0))


@pytest.mark.parametrize("bad, message", [("", "empty"), (" \n\t", "empty"), (None, "str")])
def test_bad_single_input(analyzer: framing.Analyzer, bad, message: str) -> None:
    with pytest.raises(InputError, match=message):
        analyzer(bad)
    with pytest.raises(ValueError):  # the builtin a caller catches
        analyzer(bad)


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown model 'no-such-model'.*scripts/train.py"):
        framing.Analyzer(model="no-such-model")("The regime fell.")
    with pytest.raises(ConfigError, match="'model' parameter"):
        framing.Analyzer(model=3)("The regime fell.")  # type: ignore[arg-type]
