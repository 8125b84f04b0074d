"""Stage counterfactual: each term's loading, from its sentence rewritten without it.

For every term, :func:`candidates` rewrites its sentence with each paraphrase
(:mod:`framing.stages.rewrite`), :class:`CounterfactualScoring` scores all rewritten
sentences of a batch of articles in one batched classifier call, and :func:`choose` keeps
the most neutral paraphrase that stays close in meaning. The term's ``loading`` is
``P(biased | sentence) - P(biased | rewritten sentence)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from framing.classifier.model import BiasClassifier
from framing.records import Counterfactual, Sentence, TermMatch
from framing.records.terms import WINDOW_WORDS
from framing.stages.context import ArticleContext
from framing.stages.rewrite import substitute

__all__ = ["CounterfactualScoring", "candidates", "choose"]

#: A paraphrase other than the lexicon's first choice is used only when the rewritten
#: sentence keeps at least this cosine similarity to the original under the base sentence
#: encoder (all-MiniLM-L6-v2 as published: it still says the same thing); among those, the
#: one the classifier finds most neutral wins.
PARAPHRASE_MIN_SIMILARITY = 0.9
#: Paraphrases tried per term: the lexicon's first choice and up to two alternatives.
MAX_CANDIDATES = 3


_WINDOW_WORD_RE = re.compile(r"[^\W_][\w'’-]*")


def word_window(text: str, start: int, end: int, k: int) -> tuple[int, int]:
    """Character bounds of ``text[start:end]`` with up to ``k`` words either side (the whole
    text where it has fewer)."""
    words = [m.span() for m in _WINDOW_WORD_RE.finditer(text)]
    before = [s for s, e in words if e <= start]
    after = [e for s, e in words if s >= end]
    lo = before[-k] if len(before) >= k else 0
    hi = after[k - 1] if len(after) >= k else len(text)
    return lo, hi


def candidates(sentence: Sentence, term: TermMatch) -> list[tuple[str, str]]:
    """(paraphrase, rewritten sentence) for each paraphrase of ``term`` worth scoring.

    Empty when the term does not lie inside the sentence (it cannot be rewritten there).
    """
    start = term.start_char - sentence.start_char
    end = term.end_char - sentence.start_char
    if start < 0 or end > len(sentence.text) or start >= end:
        return []
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for paraphrase in (term.neutral, *term.alternatives)[:MAX_CANDIDATES]:
        rewritten = substitute(sentence.text, start, end, paraphrase)
        if rewritten not in seen and rewritten != sentence.text:
            seen.add(rewritten)
            out.append((paraphrase, rewritten))
    return out


def choose(
    p_original: float,
    options: Sequence[tuple[str, str]],
    p_options: np.ndarray,
    similarities: np.ndarray | None = None,
) -> Counterfactual:
    """The counterfactual of one term: the most neutral paraphrase that keeps the meaning.

    ``similarities`` are the cosine similarities of each rewritten sentence to the original
    under the base sentence encoder; they are needed only when another paraphrase scores
    lower than the first. The lexicon's first paraphrase is always eligible; another one
    only when its similarity is >= :data:`PARAPHRASE_MIN_SIMILARITY`. Among the eligible,
    the lowest P(biased) wins.
    """
    if similarities is None and any(p < p_options[0] for p in p_options[1:]):
        raise ValueError("choosing among several paraphrases needs their similarities")
    eligible = [
        k for k in range(len(options))
        if k == 0 or (similarities is not None and similarities[k] >= PARAPHRASE_MIN_SIMILARITY)
    ]
    best = min(eligible, key=lambda k: float(p_options[k]))
    return Counterfactual(
        paraphrase=options[best][0],
        text=options[best][1],
        p_original=round(float(p_original), 4),
        p_neutral=round(float(p_options[best]), 4),
        similarity=None if similarities is None else round(float(similarities[best]), 4),
        n_candidates=len(options),
    )


def _blocks(values: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    """``values`` cut into consecutive blocks of ``sizes`` rows."""
    return np.split(values, np.cumsum(sizes)[:-1]) if sizes else []


class CounterfactualScoring:
    """Score every term's neutral rewrites in one batched call and keep the chosen one.

    Needs the sentence scores (:class:`~framing.stages.classify.SentenceScoring`) first.
    ``similarity`` encodes sentences with the base sentence encoder (L2-normalised rows);
    it is called only where another paraphrase scores lower than the lexicon's first one,
    since only then does the choice depend on meaning.
    """

    def __init__(
        self, classifier: BiasClassifier, similarity: Callable[[list[str]], np.ndarray]
    ) -> None:
        self.classifier = classifier
        self.similarity = similarity

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        jobs = [
            (ctx, k, options)
            for ctx in batch
            for k, term in enumerate(ctx.terms)
            if (options := candidates(ctx.sentences[term.sentence_index], term))
        ]
        if not jobs:
            return
        texts = [text for _, _, options in jobs for _, text in options]
        scores = _blocks(self.classifier.predict(texts, with_tokens=False).p_biased,
                         [len(options) for _, _, options in jobs])
        multi = [j for j, p in enumerate(scores) if len(p) > 1 and p[1:].min() < p[0]]
        sims: dict[int, np.ndarray] = {}
        if multi:
            sim_texts: list[str] = []
            for j in multi:
                ctx, k, options = jobs[j]
                sim_texts += [ctx.sentences[ctx.terms[k].sentence_index].text]
                sim_texts += [text for _, text in options]
            emb = self.similarity(sim_texts)
            blocks = _blocks(emb, [len(jobs[j][2]) + 1 for j in multi])
            sims = {j: block[1:] @ block[0] for j, block in zip(multi, blocks, strict=True)}
        updates: dict[tuple[int, int], TermMatch] = {}
        for j, (ctx, k, options) in enumerate(jobs):
            term = ctx.terms[k]
            assert ctx.prediction is not None, "counterfactuals need the sentence scores first"
            chosen = choose(float(ctx.prediction.p_biased[term.sentence_index]), options,
                            scores[j], sims.get(j))
            others = tuple(p for p in (term.neutral, *term.alternatives) if p != chosen.paraphrase)
            updates[(id(ctx), k)] = replace(term, neutral=chosen.paraphrase, alternatives=others,
                                            loading=chosen.loading, counterfactual=chosen)
        self._score_windows(jobs, updates)
        for ctx in batch:
            ctx.terms = tuple(updates.get((id(ctx), k), t) for k, t in enumerate(ctx.terms))

    def _score_windows(
        self, jobs: Sequence[tuple[ArticleContext, int, list[tuple[str, str]]]],
        updates: dict[tuple[int, int], TermMatch],
    ) -> None:
        """Score each chosen rewrite again on the words around the term (one batched call)
        and set the terms' loadings from the full counterfactual."""
        texts: list[str] = []
        for ctx, k, _ in jobs:
            term = updates[(id(ctx), k)]
            assert term.counterfactual is not None
            sentence = ctx.sentences[term.sentence_index]
            start = term.start_char - sentence.start_char
            end = term.end_char - sentence.start_char
            lo, hi = word_window(sentence.text, start, end, WINDOW_WORDS)
            part = sentence.text[lo:hi]
            texts += [part, substitute(part, start - lo, end - lo, term.counterfactual.paraphrase)]
        p = self.classifier.predict(texts, with_tokens=False).p_biased
        for j, (ctx, k, _) in enumerate(jobs):
            term = updates[(id(ctx), k)]
            assert term.counterfactual is not None
            cf = replace(term.counterfactual, window_original=texts[2 * j],
                         window_neutral=texts[2 * j + 1],
                         p_window_original=round(float(p[2 * j]), 4),
                         p_window_neutral=round(float(p[2 * j + 1]), 4))
            updates[(id(ctx), k)] = replace(term, counterfactual=cf, loading=cf.loading,
                                            loading_p=cf.loading_p)
