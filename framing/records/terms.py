"""Loaded terms and the counterfactual evidence behind their loading."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from framing.records.article import Origin, Voice
from framing.records.base import Record


@dataclass(frozen=True)
class Counterfactual(Record):
    """The evidence behind a term's ``loading``: the sentence rewritten without the term.

    ``text`` is the sentence with the term replaced by ``paraphrase`` (tidied: article
    agreement, capitals, punctuation); ``p_original`` and ``p_neutral`` are the classifier's
    P(biased) for the sentence as written and as rewritten; ``n_candidates`` counts the
    paraphrases tried (the chosen one is the most neutral among those similar enough in
    meaning); ``similarity`` is the base sentence encoder's cosine similarity of the two
    sentences, computed only when the choice needed it (``None`` when there was one candidate
    or the lexicon's first paraphrase already scored lowest).
    """

    paraphrase: str
    text: str
    p_original: float
    p_neutral: float
    similarity: float | None = None
    n_candidates: int = 1

    @property
    def loading(self) -> float:
        return round(self.p_original - self.p_neutral, 4)


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
    ``loading`` is the drop in P(biased) when the surface is replaced by ``neutral``:
    ``p_biased(original sentence) - p_biased(neutral sentence)``, in [-1, 1]; positive = the
    term makes the sentence read as more biased. It is ``None`` without a classifier;
    ``counterfactual`` then holds the rewritten sentence and both scores.
    """

    __json__ = ("surface", "start_char", "end_char", "sentence_index", "term", "category",
                "neutral", "alternatives", "direction", "voice", "speaker", "origin", "loading",
                "counterfactual", "note")

    neutral: str
    voice: Voice
    origin: Origin
    direction: str = "none"
    note: str = ""
    alternatives: tuple[str, ...] = ()
    loading: float | None = None
    counterfactual: Counterfactual | None = None
    speaker: str | None = None
