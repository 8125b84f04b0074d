"""Evaluation of term finding against span annotations (overlap scoring).

Overlap scoring, as in the PTC span-identification literature's lenient variant:

- precision = predicted spans that overlap at least one gold span / predicted spans;
- recall = gold spans overlapped by at least one predicted span / gold spans;
- F1 = harmonic mean of the two. All are micro-averaged over articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.errors import InputNotFoundError
from framing.pipeline import Analyzer
from framing.records import Article, ArticleReport, TermMatch
from framing.stages.context import ArticleContext
from framing.stages.modelterms import ModelTermEvidence, ModelTermFinding

Span = tuple[int, int]

#: PTC techniques that correspond to loaded wording (Da San Martino et al. 2019).
PTC_LOADED_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


@dataclass
class OverlapScore:
    """Counts behind overlap precision and recall; add articles with :meth:`add`."""

    n_pred: int = 0
    n_pred_hit: int = 0
    n_gold: int = 0
    n_gold_hit: int = 0
    by_label: dict[str, list[int]] = field(default_factory=dict)

    def add(self, pred: Sequence[Span], gold: Sequence[Span], labels: Sequence[str] = ()) -> None:
        def hit(a: Span, spans: Sequence[Span]) -> bool:
            return any(a[0] < b[1] and b[0] < a[1] for b in spans)

        self.n_pred += len(pred)
        self.n_pred_hit += sum(hit(p, gold) for p in pred)
        self.n_gold += len(gold)
        for i, g in enumerate(gold):
            found = hit(g, pred)
            self.n_gold_hit += found
            if labels:
                counts = self.by_label.setdefault(labels[i], [0, 0])
                counts[0] += 1
                counts[1] += found

    @property
    def precision(self) -> float:
        return self.n_pred_hit / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.n_gold_hit / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_pred_hit": self.n_pred_hit,
            "n_gold": self.n_gold,
            "n_gold_hit": self.n_gold_hit,
            "recall_by_label": {
                k: round(v[1] / v[0], 4) for k, v in sorted(self.by_label.items()) if v[0]
            },
        }


# -- PTC -----------------------------------------------------------------------------------


def ptc_articles(
    ptc_dir: Path, split: str = "eval", techniques: Sequence[str] = PTC_LOADED_TECHNIQUES
) -> list[tuple[Article, list[Span], list[str]]]:
    """PTC articles with their gold spans of the given techniques.

    ``split="eval"`` takes the 74 held-out ids of ``eval_split_ids.txt``; ``"train"`` the
    other 297 (the only ones to develop on).
    """
    ptc_dir = Path(ptc_dir)
    ids_file = ptc_dir / "eval_split_ids.txt"
    if not ids_file.exists():
        raise InputNotFoundError(f"PTC split file not found: {ids_file}")
    eval_ids = {line.strip() for line in ids_file.read_text("utf-8").split() if line.strip()}
    gold: dict[str, list[tuple[int, int, str]]] = {}
    for line in (ptc_dir / "train-task2-TC.labels").read_text("utf-8").splitlines():
        art, tech, start, end = line.split("\t")
        if tech in techniques:
            gold.setdefault(art, []).append((int(start), int(end), tech))
    out = []
    for path in sorted((ptc_dir / "train-articles").glob("article*.txt")):
        art_id = path.stem.removeprefix("article")
        if (art_id in eval_ids) != (split == "eval"):
            continue
        text = path.read_bytes().decode("utf-8")  # offsets count raw characters
        spans = sorted(gold.get(art_id, []))
        out.append(
            (Article(text=text, id=art_id), [(s, e) for s, e, _ in spans], [t for *_, t in spans])
        )
    return out


def score_reports(
    reports: Iterable[ArticleReport],
    golds: Sequence[tuple[list[Span], list[str]]],
    voices: Sequence[str] = ("author", "quoted"),
) -> OverlapScore:
    """Overlap score of the reports' terms (of the given voices) against gold spans."""
    score = OverlapScore()
    for report, (spans, labels) in zip(reports, golds, strict=True):
        pred = [(t.start_char, t.end_char) for t in report.terms if t.voice in voices]
        score.add(pred, spans, labels)
    return score


def evaluate_ptc(analyzer: Analyzer, ptc_dir: Path, split: str = "eval") -> dict[str, Any]:
    """PTC Loaded_Language + Name_Calling,Labeling span precision/recall/F1 (overlap)."""
    data = ptc_articles(ptc_dir, split)
    reports = list(analyzer.pipe([a for a, _, _ in data]))
    golds = [(spans, labels) for _, spans, labels in data]
    return {
        "split": split,
        "n_articles": len(data),
        "all_terms": score_reports(reports, golds).to_dict(),
        "author_terms": score_reports(reports, golds, voices=("author",)).to_dict(),
    }


# -- behavioural cases ---------------------------------------------------------------------


def evaluate_cases(analyzer: Analyzer, cases_file: Path) -> dict[str, Any]:
    """Precision/recall of term finding on the team's behavioural cases (overlap).

    Every case lists every loaded expression it contains (``expect``), so a found term that
    overlaps none of them is a false positive. Voice accuracy is over the found expected
    spans. Recall is also given by the expected span's ``direction`` and the case's ``class``
    where the file has them, and ``control_author_terms`` counts the author-voice terms found
    in the neutral ``control`` sentences (``negative_terms`` those in near-miss negatives).
    """
    cases = [json.loads(x) for x in Path(cases_file).read_text("utf-8").splitlines() if x.strip()]
    reports = list(analyzer.pipe([c["text"] for c in cases]))
    score, by_direction, by_class = OverlapScore(), OverlapScore(), OverlapScore()
    voice_right = voice_total = 0
    control_terms: list[str] = []
    negative_terms: list[str] = []
    for case, report in zip(cases, reports, strict=True):
        gold: list[Span] = []
        for exp in case["expect"]:
            start = -1
            for _ in range(exp.get("occurrence", 1)):
                start = case["text"].index(exp["surface"], start + 1)
            span = (start, start + len(exp["surface"]))
            gold.append(span)
            hits = [t for t in report.terms if t.start_char < span[1] and span[0] < t.end_char]
            if hits:
                voice_total += 1
                voice_right += any(t.voice == exp["voice"] for t in hits)
        pred = [(t.start_char, t.end_char) for t in report.terms]
        score.add(pred, gold, [case["kind"]] * len(gold))
        by_direction.add(pred, gold, [e.get("direction", "unknown") for e in case["expect"]])
        by_class.add(pred, gold, [case.get("class", "unknown")] * len(gold))
        if case["kind"] == "control":
            control_terms += [t.surface for t in report.terms if t.voice == "author"]
        if case["kind"] == "negative":
            negative_terms += [t.surface for t in report.terms]
    result = score.to_dict()
    result["n_cases"] = len(cases)
    result["voice_accuracy"] = round(voice_right / voice_total, 4) if voice_total else None
    result["recall_by_direction"] = by_direction.to_dict()["recall_by_label"]
    result["recall_by_class"] = by_class.to_dict()["recall_by_label"]
    result["n_controls"] = sum(c["kind"] == "control" for c in cases)
    result["control_author_terms"] = control_terms
    result["n_negatives"] = sum(c["kind"] == "negative" for c in cases)
    result["negative_terms"] = negative_terms
    return result


# -- model-found terms ---------------------------------------------------------------------


@dataclass(frozen=True)
class ModelTermCandidate:
    """A word the token head flagged, with the three pieces of evidence the rules gate on."""

    start_char: int
    end_char: int
    p_word: float  # P(loaded) of the word (token head)
    p_sentence: float  # P(biased) of its sentence
    loading: float | None  # counterfactual loading (log-odds, window)


class _RecordingFinding(ModelTermFinding):
    """Model-term finding that keeps each term's P(loaded), keyed by article id and span."""

    def __init__(self, stage: ModelTermFinding, threshold: float) -> None:
        super().__init__(threshold, stage.neighbours, min_sentence=0.0)
        self.p_word: dict[tuple[str | None, int, int], float] = {}

    def find(self, ctx: ArticleContext) -> list[tuple[TermMatch, float]]:
        found = super().find(ctx)
        for t, p in found:
            self.p_word[(ctx.article.id, t.start_char, t.end_char)] = p
        return found


def model_term_candidates(
    analyzer: Analyzer, articles: Sequence[Article], min_word: float
) -> list[list[ModelTermCandidate]]:
    """Every model-found term of each article under the loosest rule (P(loaded) >=
    ``min_word``, no sentence gate, no minimum loading), with its evidence. Articles need
    distinct ids."""
    if len({a.id for a in articles}) != len(articles):
        raise ValueError("model_term_candidates needs articles with distinct ids")
    analyzer.provenance()  # loads the stages
    finding = next(s for s in analyzer.stages_ if isinstance(s, ModelTermFinding))
    recording = _RecordingFinding(finding, min_word)
    analyzer.stages_ = [recording if s is finding else s for s in analyzer.stages_
                        if not isinstance(s, ModelTermEvidence)]
    out = []
    for article, report in zip(articles, analyzer.pipe(articles), strict=True):
        out.append([
            ModelTermCandidate(
                t.start_char, t.end_char, recording.p_word[(article.id, t.start_char, t.end_char)],
                float(report.sentences[t.sentence_index].p_biased or 0.0), t.loading,
            )
            for t in report.terms if t.origin == "model"
        ])
    return out


def model_term_grid(
    candidates: Sequence[Sequence[ModelTermCandidate]],
    golds: Sequence[tuple[list[Span], list[str]]],
    words: Sequence[float], sentences: Sequence[float], loadings: Sequence[float | None],
) -> list[dict[str, Any]]:
    """Overlap precision/recall of the model-found terms alone under every combination of a
    minimum P(loaded), a minimum sentence P(biased) and a minimum loading (``None``: no
    minimum)."""
    rows = []
    for w in words:
        for s in sentences:
            for lo in loadings:
                score = OverlapScore()
                for cands, (spans, labels) in zip(candidates, golds, strict=True):
                    pred = [(c.start_char, c.end_char) for c in cands
                            if c.p_word >= w and c.p_sentence >= s
                            and (lo is None or (c.loading is not None and c.loading >= lo))]
                    score.add(pred, spans, labels)
                rows.append({"min_word_probability": w, "min_sentence_probability": s,
                             "min_loading": lo, **score.to_dict()})
    return rows
