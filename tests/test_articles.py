"""End to end on real articles: the seed article and the team's example articles."""

from __future__ import annotations

import re

import pytest

import framing

#: Loaded phrases of the seed article that must all be found, every time, in author voice.
SEED_AUTHOR_PHRASES = ("socialist regime", "Maduro regime", "communist Castro regime",
                       "figurehead", "drug kingpin", "cash-starved", "ailing regime")


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]


def _covering(report: framing.ArticleReport, span: tuple[int, int]) -> list[framing.TermMatch]:
    return [t for t in report.terms if t.start_char <= span[0] and span[1] <= t.end_char]


@pytest.mark.parametrize("phrase", SEED_AUTHOR_PHRASES)
def test_seed_article_author_terms(seed_report: framing.ArticleReport, phrase: str) -> None:
    spans = _occurrences(seed_report.text, phrase)
    assert spans, f"{phrase!r} not in the seed article"
    for span in spans:
        hits = _covering(seed_report, span)
        assert hits, f"{phrase!r} at {span} not found"
        assert all(t.voice == "author" for t in hits)


def test_seed_article_quoted_term(seed_report: framing.ArticleReport) -> None:
    (span,) = _occurrences(seed_report.text, "our good friend")
    hits = _covering(seed_report, span)
    assert [t.voice for t in hits] == ["quoted"]


def test_seed_article_scare_quote_and_quotations(seed_report: framing.ArticleReport) -> None:
    scare = [t for t in seed_report.terms if t.category == "scare_quote"]
    assert "“Bolivarian Socialism,”" in [t.surface for t in scare]
    assert all(t.voice == "author" and t.origin == "rule" for t in scare)
    # the Twitter quotation runs on without a closing mark to the end of its paragraph
    open_quotes = [q for q in seed_report.quotes if not q.closed]
    assert [q.text[:13] for q in open_quotes] == ["“We evaluated"]
    assert not any(q.text.startswith("“Bolivarian") for q in seed_report.quotes)


def test_seed_article_paraphrases(seed_report: framing.ArticleReport) -> None:
    neutral = {t.surface: t.neutral for t in seed_report.terms}
    assert neutral["communist Castro regime"] == "Castro government"
    assert neutral["Maduro regime"] == "Maduro government"
    assert neutral["cash-starved"] == "" and neutral["figurehead"] == ""


def _author_direction(report: framing.ArticleReport) -> tuple[int, int]:
    author = [t for t in report.terms if t.voice == "author"]
    return (sum(t.direction == "left" for t in author), sum(t.direction == "right" for t in author))


@pytest.mark.parametrize(
    "article_id, author_terms, quoted_terms, slant",
    [
        ("01_refinery_deal", ["socialist regime", "figurehead", "cash-starved", "Vallejo regime"],
         ["lackeys"], "right"),
        ("02_tax_bill", ["tax giveaway", "corporate fat cats", "rammed through"], ["job-killing"],
         "left"),
        ("03_border_bill", ["illegal aliens", "union bosses", "activist judge"], ["amnesty"],
         "right"),
        ("04_climate_hearing", ["climate deniers", "Big Oil", "slammed"], ["show trial"], "left"),
    ],
)
def test_example_articles(example_reports, article_id, author_terms, quoted_terms, slant) -> None:
    report = example_reports[article_id]
    author = {t.surface for t in report.terms if t.voice == "author"}
    quoted = {t.surface for t in report.terms if t.voice == "quoted"}
    assert set(author_terms) <= author
    assert set(quoted_terms) <= quoted
    left, right = _author_direction(report)
    assert (left > right) if slant == "left" else (right > left), (left, right)


def test_example_scare_quotes_and_guillemets(example_reports) -> None:
    scare = {t.surface for r in example_reports.values() for t in r.terms
             if t.category == "scare_quote"}
    assert "“people's prosperity plan,”" in scare
    assert "“responsible transition”" in scare
    assert any(q.text.startswith("«") for q in example_reports["04_climate_hearing"].quotes)


def test_example_two_paragraph_quote_is_one_quotation(example_reports) -> None:
    report = example_reports["01_refinery_deal"]
    assert any("\n" in q.text and q.closed for q in report.quotes)


def test_neutral_control_article_has_no_author_terms(example_reports) -> None:
    report = example_reports["05_council_budget"]
    assert [t.surface for t in report.terms if t.voice == "author"] == []
    assert report.summary.author_terms_per_100_words == 0.0
    assert report.n_words > 400 and report.quotes
