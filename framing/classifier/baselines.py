"""scikit-learn baselines, saved without pickle.

- ``tfidf-lr``: TF-IDF word uni- and bigrams + logistic regression. Saved as JSON
  (vocabulary, idf, coefficients).
- ``embedding-lr``: the frozen base encoder's mean-pooled, normalised sentence embedding +
  logistic regression. Saved as safetensors (coefficients) + JSON.

Both are trained with scikit-learn and rebuilt at load time from plain arrays, so loading
executes no code. They score sentences only (no word-level head).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from framing.classifier.model import CONFIG_FILE, DEFAULT_BASE, SentenceEncoder
from framing.classifier.sense import sigmoid
from framing.errors import ConfigError

TFIDF_PARAMS: dict[str, Any] = {
    "lowercase": True, "ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True,
    "token_pattern": r"(?u)\b\w[\w'-]*\b",
}


def _logistic(c: float, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000, random_state=seed)


class TfidfLR:
    """TF-IDF + logistic regression."""

    kind = "tfidf-lr"

    def __init__(self, c: float = 4.0, seed: int = 42) -> None:
        self.c, self.seed = c, seed

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> TfidfLR:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer_ = TfidfVectorizer(**TFIDF_PARAMS)
        x = self.vectorizer_.fit_transform(texts)
        lr = _logistic(self.c, self.seed).fit(x, labels)
        self.coef_, self.intercept_ = lr.coef_[0].astype(np.float64), float(lr.intercept_[0])
        return self

    def score(self, texts: Sequence[str]) -> np.ndarray:
        x = self.vectorizer_.transform(texts)
        return sigmoid(x @ self.coef_ + self.intercept_).astype(np.float32)

    def save(self, folder: Path, name: str, extra: dict[str, Any] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.vectorizer_.vocabulary_, key=self.vectorizer_.vocabulary_.get)
        config = {
            "kind": self.kind, "name": name, "c": self.c, "seed": self.seed,
            "tfidf": {**TFIDF_PARAMS, "ngram_range": list(TFIDF_PARAMS["ngram_range"])},
            **(extra or {}),
        }
        weights = {
            "vocabulary": vocab,
            "idf": [round(float(v), 6) for v in self.vectorizer_.idf_],
            "coef": [round(float(v), 6) for v in self.coef_],
            "intercept": self.intercept_,
        }
        (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", "utf-8")
        (folder / "weights.json").write_text(json.dumps(weights) + "\n", "utf-8")

    @classmethod
    def load(cls, folder: Path) -> TfidfLR:
        from sklearn.feature_extraction.text import TfidfVectorizer

        config = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
        weights = json.loads((folder / "weights.json").read_text("utf-8"))
        params = {**config["tfidf"], "ngram_range": tuple(config["tfidf"]["ngram_range"])}
        model = cls(config["c"], config["seed"])
        vec = TfidfVectorizer(**params)
        vec.vocabulary_ = {w: i for i, w in enumerate(weights["vocabulary"])}
        vec.idf_ = np.asarray(weights["idf"], dtype=np.float64)
        model.vectorizer_ = vec
        model.coef_ = np.asarray(weights["coef"], dtype=np.float64)
        model.intercept_ = float(weights["intercept"])
        return model


def encode_frozen(texts: Sequence[str], base: str = DEFAULT_BASE) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings from the base encoder, without fine-tuning."""
    return SentenceEncoder(base).encode(texts)


class EmbeddingLR:
    """Frozen encoder embeddings + logistic regression."""

    kind = "embedding-lr"

    def __init__(self, base: str = DEFAULT_BASE, c: float = 4.0, seed: int = 42) -> None:
        self.base, self.c, self.seed = base, c, seed

    def fit_embeddings(self, x: np.ndarray, labels: Sequence[int]) -> EmbeddingLR:
        lr = _logistic(self.c, self.seed).fit(x, labels)
        self.coef_, self.intercept_ = lr.coef_[0].astype(np.float32), float(lr.intercept_[0])
        return self

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> EmbeddingLR:
        return self.fit_embeddings(encode_frozen(texts, self.base), labels)

    def score_embeddings(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(x @ self.coef_ + self.intercept_).astype(np.float32)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        return self.score_embeddings(encode_frozen(texts, self.base))

    def save(self, folder: Path, name: str, extra: dict[str, Any] | None = None) -> None:
        from safetensors.numpy import save_file

        folder.mkdir(parents=True, exist_ok=True)
        config = {"kind": self.kind, "name": name, "base": self.base, "c": self.c,
                  "seed": self.seed, "intercept": self.intercept_, **(extra or {})}
        (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", "utf-8")
        save_file({"coef": self.coef_}, str(folder / "model.safetensors"))

    @classmethod
    def load(cls, folder: Path) -> EmbeddingLR:
        from safetensors.numpy import load_file

        config = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
        model = cls(config["base"], config["c"], config["seed"])
        model.coef_ = load_file(str(folder / "model.safetensors"))["coef"]
        model.intercept_ = float(config["intercept"])
        return model


def load_baseline(folder: str | os.PathLike[str]) -> TfidfLR | EmbeddingLR:
    """Load a baseline model folder by its ``kind``."""
    folder = Path(folder)
    kind = json.loads((folder / CONFIG_FILE).read_text("utf-8")).get("kind")
    if kind == TfidfLR.kind:
        return TfidfLR.load(folder)
    if kind == EmbeddingLR.kind:
        return EmbeddingLR.load(folder)
    raise ConfigError(f"{folder} holds a {kind!r} model, not a scikit-learn baseline")
