"""Stage sense: a sentence-level check for words loaded in politics used in a literal sense.

Lexicon context rules catch a literal sense by its words ("swarm" beside "bees"), one entry at
a time, and every new writer brings new ones (a "hawk" hired against pigeons, an
"aggressive" lymphoma, a "catastrophic" bearing failure). The sense check reads the whole
sentence instead: a logistic head on the classifier's sentence embedding (the L2-normalised
mean-pooled encoder states the classifier computes anyway, so it costs one dot product per
sentence) gives P(literal): the probability that the sentence is about the literal domain of
its words (farming, medicine, machinery, weather, sport, nature) rather than about people,
institutions and policies.

It is trained on the team's sense sentences (listed terms used literally and loaded) and the
development case files (:mod:`framing.training.sense`), and ships beside the classifier as
``sense.json`` (thresholds and provenance) and ``sense.safetensors`` (``weight``, ``bias``).
In a sentence whose P(literal) reaches the threshold:

- lexicon terms of one word, and two-word action verbs ("prop up"), are dropped (their spans
  join ``neutral_senses`` and ``literal_senses``, as when a ``not_near`` rule reads the word
  literally). Other phrases ("rogue state", "pass the buck") stay: a sentence about missiles
  or a market roof can still frame with them, and their rare literal readings are left to
  their context rules. Rule-made terms (impersonal frames, scare quotes) are not word senses
  and stay too;
- the model does not search the sentence for terms of its own (at ``model_threshold``, which
  may be lower, since model-found terms are the noisier kind; the shipped head uses one value,
  a lower one having cost a fifth of the model-found terms on PTC's training articles).

The check runs only with a classifier (it reads the classifier's embeddings); an analyzer
without a model relies on the context rules alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.classifier.sense import SenseHead
from framing.records import TermMatch
from framing.stages.context import ArticleContext


def _word_sense(term: TermMatch) -> bool:
    """A lexicon term whose literal sense the check judges: one word (a hyphenated compound
    counts as one) or a two-word action verb ("prop up", "mow down"). Other phrases ("rogue
    state", "pass the buck") keep to their own context rules."""
    if term.origin != "lexicon":
        return False
    words = term.term.split()
    return len(words) == 1 or (len(words) == 2 and term.category == "emotive_verb")


class SenseCheck:
    """Stage sense: drop lexicon terms of sentences read as literal (see module docstring)."""

    def __init__(self, head: SenseHead) -> None:
        self.head = head

    def p_literal(self, ctx: ArticleContext) -> np.ndarray:
        """P(literal) of each of the article's sentences."""
        if ctx.prediction is None:
            raise ValueError("the sense check reads the classifier's embeddings: "
                             "run sentence scoring first")
        return self.head.p_literal(ctx.prediction.embeddings)

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        for ctx in batch:
            p = self.p_literal(ctx)
            literal = {k for k, v in enumerate(p) if v >= self.head.threshold}
            unsearched = [k for k, v in enumerate(p) if v >= self.head.model_threshold]
            if not unsearched:
                continue
            drop = [_word_sense(t) and t.sentence_index in literal for t in ctx.terms]
            keep = [t for t, d in zip(ctx.terms, drop, strict=True) if not d]
            spans = tuple((t.start_char, t.end_char)
                          for t, d in zip(ctx.terms, drop, strict=True) if d)
            whole = tuple((ctx.sentences[k].start_char, ctx.sentences[k].end_char)
                          for k in unsearched)
            ctx.terms = tuple(keep)
            ctx.neutral_senses += spans
            ctx.literal_senses += spans + whole
