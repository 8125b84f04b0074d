"""Metrics of the classifier evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from framing.evaluation.model import bias_word_accuracy, pairwise_accuracy, wilson
from framing.training.data import changed_words, token_offsets, word_spans
from framing.training.metrics import best_threshold, f1_from_counts, mean_ci, word_counts


def test_wilson_interval() -> None:
    lo, hi = wilson(85, 100)
    assert lo == pytest.approx(0.7672, abs=1e-3) and hi == pytest.approx(0.9069, abs=1e-3)
    assert wilson(0, 0) == [0.0, 0.0]


def test_mean_ci_uses_the_t_distribution() -> None:
    r = mean_ci([0.78, 0.80, 0.79, 0.81, 0.77])
    assert r["mean"] == pytest.approx(0.79)
    assert r["ci95"][0] == pytest.approx(0.79 - 2.776 * r["std"] / 5 ** 0.5, abs=1e-3)


def test_best_threshold_separates() -> None:
    p = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    t = best_threshold(p, [0, 0, 0, 1, 1, 1])
    assert 0.3 < t <= 0.6


def test_changed_words_of_an_edit() -> None:
    biased = "the mayor 's disastrous plan was unveiled ."
    neutral = "the mayor 's plan was unveiled ."
    assert changed_words(biased, neutral) == [3]
    assert changed_words("a b c", "a x c") == [1]
    assert changed_words("a b", "a b c") == []


def test_word_spans_whole_words_only() -> None:
    text = "A radical plan, radically new: Radical!"
    assert word_spans(text, ["radical"]) == [[2, 9], [31, 38]]


def test_bias_word_accuracy_ranks_by_piece_scores() -> None:
    pairs = [("the shameful vote passed", "the vote passed"),
             ("officials claimed it rose", "officials said it rose")]
    pieces = []
    for biased, _ in pairs:
        offs = np.array(token_offsets(biased))
        probs = np.array([0.1, 0.9, 0.2, 0.3]) if "shameful" in biased else np.array(
            [0.5, 0.4, 0.1, 0.2])
        pieces.append((offs, probs))
    r = bias_word_accuracy(pieces, pairs)
    assert r["n_pairs"] == 2 and r["top1"] == 0.5 and r["top3"] == 1.0


def test_pairwise_accuracy_counts_strict_wins() -> None:
    def score(texts: list[str]) -> np.ndarray:
        return np.array([len(t) / 100 for t in texts])

    pairs = [("a long loaded one", "short"), ("x", "much longer neutral"), ("same", "same")]
    r = pairwise_accuracy(score, pairs)
    assert r["n_pairs"] == 2 and r["accuracy"] == 0.5


def test_word_counts_and_f1() -> None:
    text = "The reckless mayor spoke."
    offs = np.array([[0, 3], [4, 12], [13, 18], [19, 24]])
    probs = np.array([0.1, 0.8, 0.6, 0.1])
    tp, fp, fn = word_counts([text], [[[4, 12]]], [(offs, probs)], 0.5)
    assert (tp, fp, fn) == (1, 1, 0)
    assert f1_from_counts(tp, fp, fn)["precision"] == 0.5
