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
from framing.records import Article, ArticleReport

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
    spans.
    """
    cases = [json.loads(x) for x in Path(cases_file).read_text("utf-8").splitlines() if x.strip()]
    reports = list(analyzer.pipe([c["text"] for c in cases]))
    score = OverlapScore()
    voice_right = voice_total = 0
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
    result = score.to_dict()
    result["n_cases"] = len(cases)
    result["voice_accuracy"] = round(voice_right / voice_total, 4) if voice_total else None
    return result


# -- model-found terms ---------------------------------------------------------------------


def model_term_sweep(
    reports: Sequence[ArticleReport],
    golds: Sequence[tuple[list[Span], list[str]]],
    thresholds: Sequence[float | None],
) -> dict[str, dict[str, Any]]:
    """Overlap precision/recall of the model-found terms alone, keeping only those whose
    loading reaches each threshold (``None``: every model-found term). The reports must come
    from an analyzer that kept every model-found term (no evidence stage)."""
    out = {}
    for th in thresholds:
        score = OverlapScore()
        for report, (spans, labels) in zip(reports, golds, strict=True):
            pred = [(t.start_char, t.end_char) for t in report.terms if t.origin == "model"
                    and (th is None or (t.loading is not None and t.loading >= th))]
            score.add(pred, spans, labels)
        out["all" if th is None else f">= {th}"] = score.to_dict()
    return out
