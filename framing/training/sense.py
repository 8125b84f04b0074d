"""Train the sense head (:mod:`framing.stages.sense`): P(literal) of a sentence from the
classifier's sentence embedding.

Data: JSONL files of the team's sense sentences, each row ``{"term", "sense": "literal" |
"loaded", "text"}`` (``seeds/senses.jsonl``, ``tests/cases/literal_senses.jsonl``), and
behavioural case files, whose positives are loaded sentences of every news domain and whose
literal controls are literal (without them the head reads most sentences outside politics as
literal). The head is a logistic regression on the embeddings, standardised and then folded
back into one weight vector and bias. Its two thresholds come from cross-validation grouped
by term (no term in both the training and the scored folds, so it is measured on words it has
not seen): the ``1 - lexicon_loss`` and ``1 - model_loss`` quantiles of the out-of-fold
P(literal) of the loaded rows, so that about those shares of loaded uses of unseen words
would be dropped (lexicon terms) or left unsearched (the model).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framing.classifier.sense import SenseHead, sigmoid


@dataclass(frozen=True)
class SenseRow:
    term: str
    text: str
    literal: bool


def _case_row(d: dict[str, Any]) -> SenseRow | None:
    """A behavioural case as a sense row: a positive with an author-voice span is loaded, a
    control of class ``literal`` is literal; other cases (quoting controls, voice cases) are
    not sense examples."""
    if d.get("kind") == "positive":
        spans = [e["surface"] for e in d.get("expect", []) if e.get("voice") == "author"]
        return SenseRow(term=spans[0].lower(), text=d["text"], literal=False) if spans else None
    if d.get("kind") == "control" and d.get("class") == "literal" and d.get("reject"):
        return SenseRow(term=d["reject"][0].lower(), text=d["text"], literal=True)
    return None


def read_sense_rows(paths: Iterable[str | Path]) -> list[SenseRow]:
    """Rows of the sense files (``term``, ``sense``, ``text``) and of behavioural case files
    (rows with a ``kind``; see :func:`_case_row`)."""
    rows: list[SenseRow] = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if "kind" in d:
                row = _case_row(d)
                if row is not None:
                    rows.append(row)
                continue
            if d.get("sense") not in ("literal", "loaded") or not d.get("text"):
                raise ValueError(f"{path}:{n}: a sense row needs 'term', 'text' and "
                                 "'sense' (literal or loaded)")
            rows.append(SenseRow(term=d["term"], text=d["text"], literal=d["sense"] == "literal"))
    return rows


def fit_head(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised ``x``, folded into (weight, bias) on raw ``x``."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0) + 1e-8
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    w = lr.coef_[0] / scale
    return w, float(lr.intercept_[0] - (lr.coef_[0] * mean / scale).sum())


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: Sequence[str], c: float,
                folds: int = 5) -> np.ndarray:
    """P(literal) of every row from a head that never saw its term (grouped k-fold)."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for a, b in GroupKFold(folds).split(x, y, list(groups)):
        w, bias = fit_head(x[a], y[a], c)
        p[b] = sigmoid(x[b] @ w + bias)
    return p


def train_sense_head(
    x: np.ndarray, rows: Sequence[SenseRow], c: float = 0.05, lexicon_loss: float = 0.02,
    model_loss: float = 0.05,
) -> tuple[SenseHead, dict[str, float]]:
    """The head on all rows, its thresholds from grouped cross-validation (``lexicon_loss``
    and ``model_loss``: the share of loaded rows of unseen terms allowed over each), and the
    cross-validated figures (AUROC, share of literal rows caught, of loaded rows lost)."""
    from sklearn.metrics import roc_auc_score

    y = np.array([r.literal for r in rows], dtype=int)
    p = out_of_fold(x, y, [r.term for r in rows], c)
    threshold = round(float(np.quantile(p[y == 0], 1.0 - lexicon_loss)), 4)
    model_threshold = min(threshold, round(float(np.quantile(p[y == 0], 1.0 - model_loss)), 4))
    w, bias = fit_head(x, y, c)
    cv = {
        "auroc": round(float(roc_auc_score(y, p)), 4),
        "literal_caught": round(float(np.mean(p[y == 1] >= threshold)), 4),
        "loaded_lost": round(float(np.mean(p[y == 0] >= threshold)), 4),
        "literal_unsearched": round(float(np.mean(p[y == 1] >= model_threshold)), 4),
        "loaded_unsearched": round(float(np.mean(p[y == 0] >= model_threshold)), 4),
    }
    info = {"c": c, "lexicon_loss": lexicon_loss, "model_loss": model_loss,
            "n_literal": int(y.sum()), "n_loaded": int(len(y) - y.sum()),
            "n_terms": len({r.term for r in rows}), "cv_grouped_by_term": cv}
    head = SenseHead(weight=w, bias=bias, threshold=threshold, model_threshold=model_threshold,
                     info=info)
    return head, cv
