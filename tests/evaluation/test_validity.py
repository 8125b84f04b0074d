"""Validity statistics on constructed data, and the three evaluation sets' readers (skipped
when ../shared/data is absent)."""

from __future__ import annotations

import math

import pytest

from framing.evaluation import validity as v
from framing.evaluation.devgroups import (
    POLNEAR_LEFT_PUBLISHERS,
    load_frermann_groups,
    load_polnear_groups,
)
from tests.conftest import SHARED

DATA = SHARED / "data"


def test_auroc_counts_ties_half_and_orders_groups():
    assert v.auroc([1, 2, 3], [4, 5, 6]) == 1.0
    assert v.auroc([4, 5, 6], [1, 2, 3]) == 0.0
    assert v.auroc([1, 1], [1, 1]) == 0.5
    res = v.auroc_ci([0.1, 0.2, 0.3, 0.4], [0.35, 0.5, 0.6, 0.7], samples=200)
    assert res["auroc"] == pytest.approx(15 / 16)
    assert res["ci95"][0] <= res["auroc"] <= res["ci95"][1]


def test_spearman_interval_contains_rho_and_narrows_with_n():
    x = list(range(40))
    y = [i + (7 if i % 5 == 0 else 0) for i in x]
    small, large = v.spearman_ci(x[:10], y[:10]), v.spearman_ci(x, y)
    assert small["ci95"][0] <= small["rho"] <= small["ci95"][1]
    assert large["ci95"][1] - large["ci95"][0] < small["ci95"][1] - small["ci95"][0]
    assert v.spearman([1, 1, 1], [1, 2, 3]) == 0.0  # constant: no correlation


def test_rater_agreement_is_high_when_raters_agree_and_low_when_they_do_not():
    sentences = tuple(f"s{i}" for i in range(8))
    base = (1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0)
    agree = v.RatedArticle("a", "left", sentences, (base, base, base, base), (2.0,))
    noisy = v.RatedArticle("b", "left", sentences,
                           (base, tuple(reversed(base)), (2.0,) * 8, (1.0, 4.0) * 4), (2.0,))
    high = v.rater_agreement([agree])
    low = v.rater_agreement([noisy])
    assert high["one_vs_rest"]["rho"] == pytest.approx(1.0)
    assert high["ceiling"] == pytest.approx(1.0)
    assert low["one_vs_rest"]["rho"] < 0.5
    assert agree.mean_ratings() == list(base)


def test_mean_ci_skips_missing_values():
    res = v.bootstrap_mean_ci([1.0, None, float("nan"), 3.0], samples=100)  # type: ignore[list-item]
    assert res["n"] == 2 and res["mean"] == 2.0


@pytest.mark.skipif(not (DATA / "BiasedSentences_Lim2020").exists(), reason="no Lim 2020 data")
def test_lim2020_reader():
    arts = v.load_lim2020(DATA / "BiasedSentences_Lim2020")
    assert len(arts) == 46
    assert sum(len(a.sentences) for a in arts) == 842
    assert all(len(a.ratings) >= 3 for a in arts)
    assert not any(v._SENTENCE_PREFIX.match(s) for a in arts for s in a.sentences)


@pytest.mark.skipif(not (DATA / "BASIL").exists(), reason="no BASIL data")
def test_basil_lexical_spans_are_placed_in_the_text():
    arts = v.load_basil_lexical(DATA / "BASIL")
    assert len(arts) == 300
    spans = [(a, s) for a in arts for s in a.spans]
    assert 400 <= len(spans) <= 480  # 480 lexical spans, a few in titles cannot be placed
    assert all(0 <= s.start_char < s.end_char <= len(a.text) for a, s in spans)
    assert {a.outlet for a in arts} == {"fox", "hpo", "nyt"}


@pytest.mark.skipif(not (DATA / "Article-Bias-Prediction").exists(), reason="no ABP data")
def test_known_groups_are_the_declared_sources():
    arts = v.load_known_groups(DATA / "Article-Bias-Prediction", per_group=20)
    by_group = {g: [a for a in arts if a.group == g] for g in ("wire", "left", "right")}
    assert all(len(items) == 20 for items in by_group.values())
    assert {a.source for a in by_group["wire"]} <= set(v.WIRE_SOURCES)
    assert {a.source for a in by_group["right"]} <= set(v.PARTISAN_RIGHT_SOURCES)
    assert not math.isnan(v.auroc([1.0], [2.0]))


@pytest.mark.skipif(not (DATA / "NarrativeFraming_Frermann2023").exists(),
                    reason="no Frermann 2023 data")
def test_frermann_groups_are_the_corpus_mbfc_labels():
    arts = load_frermann_groups(DATA / "NarrativeFraming_Frermann2023")
    by_group = {g: [a for a in arts if a.group == g] for g in ("left", "right")}
    assert {a.group for a in arts} == {"left", "right"}  # no left-center, no questionable
    assert len(by_group["left"]) == 132 and len(by_group["right"]) == 114
    assert "thedailycaller" in {a.source for a in by_group["right"]}
    assert "thehuffingtonpost" in {a.source for a in by_group["left"]}
    assert all(a.text and " " not in a.source for a in arts)


@pytest.mark.skipif(not (DATA / "PolNeAR").exists(), reason="no PolNeAR data")
def test_polnear_groups_never_read_the_test_split():
    arts = load_polnear_groups("dev", DATA / "PolNeAR")
    assert {a.group for a in arts} == {"wire", "left", "right"}
    assert {a.source for a in arts if a.group == "left"} <= set(POLNEAR_LEFT_PUBLISHERS)
    with pytest.raises(ValueError, match="test split"):
        load_polnear_groups("test", DATA / "PolNeAR")


def test_lean_ceiling_counts_ties_and_scores_perfect_direction(analyzer):
    """The ceiling diagnostic: articles with no directional author term are counted per side,
    and the other side's terms are removed before the AUROC, so a left-rated article that
    uses a right-coded label no longer counts against the lean."""
    texts = {
        ("a", "left"): "Officials met on Monday to discuss the budget.",
        ("b", "left"): "The death tax returns, and climate deniers cheered.",  # right + left
        ("c", "right"): "The radical left pushed the death tax through on Monday.",
        ("d", "right"): "Officials met on Tuesday to discuss the schools.",
    }
    arts = [v.GroupArticle(i, "outlet", g, t) for (i, g), t in texts.items()]
    reports = list(analyzer.pipe(list(texts.values())))
    c = v.lean_ceiling(arts, reports)
    assert c["share_without_directional_term"] == {"left": 0.5, "right": 0.5}
    # left scores: 0 and -1/3 (its right-coded "death tax" removed); right: +1/2 and 0
    assert c["auroc_with_every_direction_right"]["auroc"] == pytest.approx(0.875)
