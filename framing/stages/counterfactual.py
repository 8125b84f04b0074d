"""Stage counterfactual: each term's loading, from its sentence rewritten without it.

For every term, :func:`candidates` rewrites its sentence with each paraphrase
(:mod:`framing.stages.rewrite`), :class:`CounterfactualScoring` scores all rewritten
windows of a batch of articles in one batched classifier call, and :func:`choose` keeps
the most neutral paraphrase that stays close in meaning. The term's ``loading`` is
``logit P(biased | window) - logit P(biased | rewritten window)`` (:mod:`framing.records.terms`).
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

    ``p_original`` and ``p_options`` are P(biased) of the text as written and of each
    rewrite (the term's windows, in :class:`CounterfactualScoring`). ``similarities`` are
    the cosine similarities of each rewritten sentence to the original under the base
    sentence encoder; they are needed only when another paraphrase scores lower than the
    first. The lexicon's first paraphrase is always eligible; another one only when its
    similarity is >= :data:`PARAPHRASE_MIN_SIMILARITY`. Among the eligible, the lowest
    P(biased) wins.
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
        similarity=None if similarities is None or np.isnan(similarities[best])
        else round(float(similarities[best]), 4),
        n_candidates=len(options),
    )


def _blocks(values: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    """``values`` cut into consecutive blocks of ``sizes`` rows."""
    return np.split(values, np.cumsum(sizes)[:-1]) if sizes else []


class CounterfactualScoring:
    """Score every term's neutral rewrites in one batched call and keep the chosen one.

    Needs the sentence scores (:class:`~framing.stages.classify.SentenceScoring`) first.
    Each paraphrase is scored on the term's window (:func:`word_window`: the term and up to
    ``WINDOW_WORDS`` words either side), the scale of the headline loading: the original
    windows and every rewritten window of a batch of articles go to the encoder together,
    length-sorted, each distinct text once. ``similarity`` encodes whole sentences with the
    base sentence encoder (L2-normalised rows); it is called only where another paraphrase
    scores lower than the lexicon's first one, since only then does the choice depend on
    meaning. ``sentence_loading=True`` also scores each chosen rewritten sentence whole, for
    ``p_neutral``, ``loading_sentence`` and ``loading_p`` (left ``None`` otherwise: the
    whole rewritten sentence is 2-3 times the encoder work of its window).
    """

    def __init__(
        self, classifier: BiasClassifier, similarity: Callable[[list[str]], np.ndarray],
        sentence_loading: bool = False,
    ) -> None:
        self.classifier = classifier
        self.similarity = similarity
        self.sentence_loading = sentence_loading

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        jobs = [
            (ctx, k, options)
            for ctx in batch
            for k, term in enumerate(ctx.terms)
            if (options := candidates(ctx.sentences[term.sentence_index], term))
        ]
        if not jobs:
            return
        windows = [_windows(ctx.sentences[ctx.terms[k].sentence_index], ctx.terms[k], options)
                   for ctx, k, options in jobs]
        scores = _blocks(self.classifier.predict([w for ws in windows for w in ws],
                                                 with_tokens=False).p_biased,
                         [len(ws) for ws in windows])
        sims = self._similarities(jobs, scores)
        chosen: list[Counterfactual] = []
        for j, (ctx, k, options) in enumerate(jobs):
            term = ctx.terms[k]
            assert ctx.prediction is not None, "counterfactuals need the sentence scores first"
            cf = choose(float(scores[j][0]), options, scores[j][1:], sims.get(j))
            best = options.index((cf.paraphrase, cf.text))
            chosen.append(replace(
                cf, p_original=round(float(ctx.prediction.p_biased[term.sentence_index]), 4),
                p_neutral=None, window_original=windows[j][0],
                window_neutral=windows[j][1 + best], p_window_original=cf.p_original,
                p_window_neutral=cf.p_neutral))
        if self.sentence_loading:
            p = self.classifier.predict([cf.text for cf in chosen], with_tokens=False).p_biased
            chosen = [replace(cf, p_neutral=round(float(q), 4))
                      for cf, q in zip(chosen, p, strict=True)]
        updates: dict[tuple[int, int], TermMatch] = {}
        for (ctx, k, _), cf in zip(jobs, chosen, strict=True):
            term = ctx.terms[k]
            others = tuple(p for p in (term.neutral, *term.alternatives) if p != cf.paraphrase)
            updates[(id(ctx), k)] = replace(term, neutral=cf.paraphrase, alternatives=others,
                                            counterfactual=cf, loading=cf.loading,
                                            loading_p=cf.loading_p)
        for ctx in batch:
            ctx.terms = tuple(updates.get((id(ctx), k), t) for k, t in enumerate(ctx.terms))


    def _similarities(self, jobs: Sequence[tuple[ArticleContext, int, list[tuple[str, str]]]],
                      scores: Sequence[np.ndarray]) -> dict[int, np.ndarray]:
        """Per job whose choice depends on meaning (another paraphrase's window scores lower
        than the first's), the similarity of each rewritten sentence to the original. Only
        the sentences that could win are encoded (the original and the rewrites scoring
        lower than the first); the others get NaN (not measured), which :func:`choose`
        never needs: they cannot be more neutral than the first."""
        need: dict[int, list[int]] = {}
        for j, p in enumerate(scores):
            lower = [c for c in range(1, len(p) - 1) if p[1 + c] < p[1]]
            if lower:
                need[j] = lower
        if not need:
            return {}
        texts: list[str] = []
        for j, lower in need.items():
            ctx, k, options = jobs[j]
            texts += [ctx.sentences[ctx.terms[k].sentence_index].text]
            texts += [options[c][1] for c in lower]
        blocks = _blocks(self.similarity(texts), [len(lower) + 1 for lower in need.values()])
        sims: dict[int, np.ndarray] = {}
        for (j, lower), block in zip(need.items(), blocks, strict=True):
            sim = np.full(len(jobs[j][2]), np.nan, dtype=np.float32)
            sim[lower] = block[1:] @ block[0]
            sims[j] = sim
        return sims


def _windows(sentence: Sentence, term: TermMatch, options: Sequence[tuple[str, str]]
             ) -> list[str]:
    """The term's window as written, then rewritten with each paraphrase of ``options``."""
    start = term.start_char - sentence.start_char
    end = term.end_char - sentence.start_char
    lo, hi = word_window(sentence.text, start, end, WINDOW_WORDS)
    part = sentence.text[lo:hi]
    return [part, *(substitute(part, start - lo, end - lo, paraphrase)
                    for paraphrase, _ in options)]
