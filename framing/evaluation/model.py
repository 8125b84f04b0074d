"""Evaluation of the classifiers beyond their training metrics: pairwise accuracy on (biased,
neutral) pairs and bias-word detection, with Wilson intervals. The fitting metrics
(macro-F1, thresholds, fold means) live in :mod:`framing.training.metrics`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from framing.training.data import changed_words, token_offsets
from framing.training.metrics import WordPieces


def pairwise_accuracy(
    score: Callable[[list[str]], np.ndarray], pairs: Sequence[tuple[str, str]],
    threshold: float = 0.5,
) -> dict[str, Any]:
    """Share of (biased, neutral) pairs where P(biased | biased) > P(biased | neutral).

    Also: the share of the biased originals called biased at ``threshold``, and the mean
    drop in P(biased) from original to neutral version.
    """
    pairs = [(a, b) for a, b in pairs if a != b]
    p = score([a for a, _ in pairs] + [b for _, b in pairs])
    n = len(pairs)
    wins = int((p[:n] > p[n:]).sum())
    return {
        "n_pairs": n, "accuracy": round(wins / n, 4), "ci95": wilson(wins, n),
        "share_original_called_biased": round(float((p[:n] >= threshold).mean()), 4),
        "mean_drop": round(float((p[:n] - p[n:]).mean()), 4),
    }


def bias_word_accuracy(
    pieces: Sequence[WordPieces], pairs: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """Top-1 / top-3 accuracy of ranking the word the editor changed first.

    Words are the whitespace tokens of the (tokenised) WNC sentence; a pair counts when at
    least one of its words was removed or replaced (pure insertions are left out).
    """
    n = top1 = top3 = 0
    for (biased, neutral), wp in zip(pairs, pieces, strict=True):
        gold = set(changed_words(biased, neutral))
        if not gold:
            continue
        offsets, probs = wp
        scores = []
        for s, e in token_offsets(biased):
            hit = (offsets[:, 0] < e) & (offsets[:, 1] > s) if len(offsets) else None
            scores.append(float(probs[hit].max()) if hit is not None and hit.any() else 0.0)
        ranked = sorted(range(len(scores)), key=lambda k: -scores[k])
        n += 1
        top1 += ranked[0] in gold
        top3 += bool(gold & set(ranked[:3]))
    return {
        "n_pairs": n,
        "top1": round(top1 / n, 4) if n else 0.0, "top1_ci95": wilson(top1, n),
        "top3": round(top3 / n, 4) if n else 0.0, "top3_ci95": wilson(top3, n),
    }


def wilson(k: int, n: int, z: float = 1.96) -> list[float]:
    """Wilson 95% interval of a proportion."""
    if n == 0:
        return [0.0, 0.0]
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(centre - half, 4), round(centre + half, 4)]
