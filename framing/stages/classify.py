"""Stage classify: P(biased) per sentence and P(loaded) per word piece, in one batched
classifier call for the whole batch of articles.

The model call takes strings and returns arrays (:meth:`BiasClassifier.predict`); this stage
only turns them into records: each sentence gets its ``p_biased`` and each article's
context keeps its own rows of the prediction for the stages after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from framing.classifier.model import BiasClassifier
from framing.stages.context import ArticleContext


class SentenceScoring:
    """Score every sentence of a batch of articles with one classifier call."""

    def __init__(self, classifier: BiasClassifier) -> None:
        self.classifier = classifier

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        pred = self.classifier.predict([s.text for ctx in batch for s in ctx.sentences])
        for ctx, rows in zip(batch, pred.split([len(c.sentences) for c in batch]), strict=True):
            ctx.prediction = rows
            ctx.sentences = tuple(
                replace(s, p_biased=round(float(rows.p_biased[k]), 4))
                for k, s in enumerate(ctx.sentences)
            )
