"""The metrics that fit and select the models: sentence macro-F1, word-level F1 and the
thresholds chosen on calibration data (a held-out part of the training data), and the
per-fold mean with its interval.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

WordPieces = tuple[np.ndarray, np.ndarray]  # (offsets [n, 2], P(loaded) [n])
_WORD = re.compile(r"\w[\w'’-]*")


def macro_f1(y_true: Sequence[int] | np.ndarray, y_pred: Sequence[int] | np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, average="macro"))


def best_threshold(p: np.ndarray, y: Sequence[int]) -> float:
    """The probability cut-off with the best macro-F1 on calibration data."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = [macro_f1(y, (p >= t).astype(int)) for t in grid]
    return float(grid[int(np.argmax(scores))])


def word_probs(text: str, pieces: WordPieces) -> list[tuple[int, int, float]]:
    """(start, end, P(loaded)) per word of ``text``: the max over its word pieces."""
    offsets, probs = pieces
    out = []
    for m in _WORD.finditer(text):
        s, e = m.span()
        hit = (offsets[:, 0] < e) & (offsets[:, 1] > s) if len(offsets) else np.zeros(0, bool)
        out.append((s, e, float(probs[hit].max()) if hit.any() else 0.0))
    return out


def word_counts(
    texts: Sequence[str], spans: Sequence[Sequence[Sequence[int]]],
    pieces: Sequence[WordPieces], threshold: float,
) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over words."""
    tp = fp = fn = 0
    for text, gold, wp in zip(texts, spans, pieces, strict=True):
        for s, e, p in word_probs(text, wp):
            is_gold = any(s < ge and e > gs for gs, ge in gold)
            pred = p >= threshold
            tp += pred and is_gold
            fp += pred and not is_gold
            fn += is_gold and not pred
    return tp, fp, fn


def f1_from_counts(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def best_token_threshold(
    texts: Sequence[str], spans: Sequence[Sequence[Sequence[int]]], pieces: Sequence[WordPieces]
) -> float:
    """The word P(loaded) cut-off with the best word-level F1 on calibration data."""
    grid = np.round(np.arange(0.1, 0.951, 0.025), 3)
    scores = [f1_from_counts(*word_counts(texts, spans, pieces, t))["f1"] for t in grid]
    return float(grid[int(np.argmax(scores))])


def mean_ci(values: Sequence[float]) -> dict[str, Any]:
    """Mean, sample std and t-based 95% interval of per-fold values."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    mean, std = float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0
    half = float(stats.t.ppf(0.975, len(v) - 1) * std / math.sqrt(len(v))) if len(v) > 1 else 0.0
    return {"mean": round(mean, 4), "std": round(std, 4),
            "ci95": [round(mean - half, 4), round(mean + half, 4)],
            "folds": [round(float(x), 4) for x in v]}
