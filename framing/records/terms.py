"""Loaded terms and the counterfactual evidence behind their loading."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from framing.records.article import Origin, Voice
from framing.records.base import Record

#: Probabilities are clipped to [P_FLOOR, 1 - P_FLOOR], the precision reports give them
#: with, before their log-odds are taken (a probability of 0.0000 has no finite log-odds).
P_FLOOR = 1e-4


def log_odds(p: float) -> float:
    """log(p / (1 - p)) of a probability clipped to [P_FLOOR, 1 - P_FLOOR]."""
    q = min(max(p, P_FLOOR), 1 - P_FLOOR)
    return math.log(q / (1 - q))


#: The headline loading of a term: ``"loading_sentence"`` or ``"loading_window"``. The
#: window separated the team's gold loaded terms from neutral synonym swaps best (AUROC
#: 0.925 against 0.907 for the whole sentence and 0.841 for the probability difference;
#: ``scripts/evaluate.py loading``, the README's "Loading" section).
HEADLINE_LOADING = "loading_window"
#: Words either side of a term in its window (4 beat 8 in the same measurement).
WINDOW_WORDS = 4
#: A loading under this is "weak": within what swapping an ordinary word for a neutral
#: synonym does (0.31 is the 90th percentile of those swaps on the window scale).
WEAK_LOADING = 0.3


@dataclass(frozen=True)
class Counterfactual(Record):
    """The evidence behind a term's ``loading``: the sentence rewritten without the term.

    ``text`` is the sentence with the term replaced by ``paraphrase`` (tidied: article
    agreement, capitals, punctuation); ``p_original`` and ``p_neutral`` are the classifier's
    P(biased) for the sentence as written and as rewritten (``p_neutral`` only when the
    analyzer was asked for ``sentence_loading``: else ``None``, and so are
    ``loading_sentence`` and ``loading_p``); ``n_candidates`` counts the
    paraphrases tried (the chosen one is the most neutral among those similar enough in
    meaning); ``similarity`` is the base sentence encoder's cosine similarity of the two
    sentences, computed only when the choice needed it (``None`` when there was one candidate
    or the lexicon's first paraphrase already scored lowest).

    ``window_original`` / ``window_neutral`` are the words around the term (up to
    ``WINDOW_WORDS`` either side, inside the sentence) as written and rewritten, with their
    P(biased) ``p_window_original`` / ``p_window_neutral``.

    The loadings, each recomputed from these numbers:

    - ``loading_sentence``: logit P(original sentence) - logit P(rewritten sentence);
    - ``loading_window``: the same on the window;
    - ``loading_p``: P(original sentence) - P(rewritten sentence), in [-1, 1];
    - ``loading``: the headline, :data:`HEADLINE_LOADING` of the above.

    Log-odds differences are unbounded in principle and lie within about +-18 here (the
    clipping); 1.0 means the term multiplies the odds of "biased" by e (2.7).
    """

    __json__ = ("paraphrase", "text", "p_original", "p_neutral", "similarity", "n_candidates",
                "window_original", "window_neutral", "p_window_original", "p_window_neutral",
                "loading_sentence", "loading_window", "loading_p")

    paraphrase: str
    text: str
    p_original: float
    p_neutral: float | None
    similarity: float | None = None
    n_candidates: int = 1
    window_original: str | None = None
    window_neutral: str | None = None
    p_window_original: float | None = None
    p_window_neutral: float | None = None

    @property
    def loading_sentence(self) -> float | None:
        if self.p_neutral is None:
            return None
        return round(log_odds(self.p_original) - log_odds(self.p_neutral), 4)

    @property
    def loading_window(self) -> float | None:
        if self.p_window_original is None or self.p_window_neutral is None:
            return None
        return round(log_odds(self.p_window_original) - log_odds(self.p_window_neutral), 4)

    @property
    def loading_p(self) -> float | None:
        if self.p_neutral is None:
            return None
        return round(self.p_original - self.p_neutral, 4)

    @property
    def loading(self) -> float | None:
        value = getattr(self, HEADLINE_LOADING)
        return self.loading_sentence if value is None else float(value)


@dataclass(frozen=True)
class TermSpan(Record):
    """Where a term lies and what it is: the fields a term and the labels made from it
    share (:class:`TermMatch`, :class:`~framing.records.actors.ActorLabel`)."""

    surface: str
    start_char: int
    end_char: int
    sentence_index: int
    term: str
    category: str

    def span_fields(self) -> dict[str, Any]:
        """The :class:`TermSpan` fields of this record, as keyword arguments."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(TermSpan)}


@dataclass(frozen=True)
class TermMatch(TermSpan):
    """A loaded term found in the article.

    ``term`` is the lexicon key that matched (lemma form), ``surface`` the text as written.
    ``neutral`` is the paraphrase to substitute (``""`` means drop the word), already filled
    and capitalised to fit the surface; ``alternatives`` are the lexicon's other paraphrases.
    ``origin`` says where the term came from: ``lexicon``, ``model``, or ``rule`` (a
    structural rule such as a scare-quoted phrase).
    ``speaker`` is who a quoted-voice term belongs to: the resolved source of the attribution
    whose quotation holds it (``None`` for author-voice terms and unattributed quotations).
    ``mention`` is true when the writer mentions the term rather than uses it: right after
    "so-called", "what X calls", "the term", "calls itself" or "self-styled"; as the label
    of a labelling, naming or likening verb ("portrayed Trump as a plutocrat", "accused of
    being racist", "called the inquiry a witch hunt", "likened the levy to socialism"); as
    the name of a claim ("the deep state conspiracy theory", "the myth of voter fraud"); as
    the predicate of a named speaker's reported clause ("Trump said the inquiry was a
    witch hunt"); or inside the "that" clause of a claim noun ("the claim that the plan is
    socialism", "a narrative that the law is racist", not "the fact that"); see
    :func:`framing.stages.voice.is_mention`. A mention is still a
    finding, but its direction does not count toward the article's lean.
    ``loading`` is how much more biased the classifier finds the text with the term than
    with ``neutral`` in its place, as a difference of log-odds (the counterfactual's
    headline loading, see :class:`Counterfactual`); positive = the term makes it read as
    more biased. ``loading_p`` is the same drop as a difference of probabilities on the
    whole sentence, in [-1, 1]. Both are ``None`` without a classifier; ``counterfactual``
    then holds the rewritten sentence and every score.
    """

    __json__ = ("surface", "start_char", "end_char", "sentence_index", "term", "category",
                "neutral", "alternatives", "direction", "voice", "speaker", "mention", "origin",
                "loading", "loading_p", "counterfactual", "note")

    neutral: str
    voice: Voice
    origin: Origin
    direction: str = "none"
    note: str = ""
    alternatives: tuple[str, ...] = ()
    loading: float | None = None
    counterfactual: Counterfactual | None = None
    speaker: str | None = None
    loading_p: float | None = None
    mention: bool = False
