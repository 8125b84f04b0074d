"""The sense head: P(literal) of a sentence from the classifier's sentence embedding.

It ships in a model folder beside the classifier as ``sense.json`` (thresholds and
provenance) and ``sense.safetensors`` (``weight``, ``bias``); :mod:`framing.stages.sense` uses
it and :mod:`framing.training.sense` trains it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from framing.errors import ConfigError

SENSE_CONFIG = "sense.json"
SENSE_WEIGHTS = "sense.safetensors"


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, elementwise (the heads of this package's linear models)."""
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class SenseHead:
    """P(literal) of a sentence from its classifier embedding: sigmoid(e . weight + bias).

    ``threshold``: from it up, the sentence's lexicon terms are read as literal.
    ``model_threshold`` (at most ``threshold``): from it up, the model does not search the
    sentence for terms of its own (a lower bar is possible, since model-found terms are the
    noisier kind; the shipped head uses the same value for both).
    """

    weight: np.ndarray
    bias: float
    threshold: float
    model_threshold: float
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 < self.model_threshold <= self.threshold <= 1.0:
            raise ConfigError(f"sense thresholds must satisfy 0 < model_threshold "
                              f"({self.model_threshold}) <= threshold ({self.threshold}) <= 1")

    def p_literal(self, embeddings: np.ndarray) -> np.ndarray:
        """P(literal) per row of ``embeddings`` (n x hidden)."""
        if len(embeddings) == 0:
            return np.zeros(0, dtype=np.float32)
        return sigmoid(embeddings.astype(np.float64) @ self.weight + self.bias).astype(np.float32)

    def save(self, folder: str | Path) -> None:
        """Write ``sense.json`` and ``sense.safetensors`` into a model folder."""
        from safetensors.numpy import save_file

        folder = Path(folder)
        save_file({"weight": self.weight.astype(np.float32),
                   "bias": np.array([self.bias], dtype=np.float32)},
                  str(folder / SENSE_WEIGHTS))
        meta = {"threshold": self.threshold, "model_threshold": self.model_threshold,
                **self.info}
        (folder / SENSE_CONFIG).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def load_sense_head(folder: str | Path) -> SenseHead | None:
    """The sense head shipped in a model folder, or ``None`` when the folder has none."""
    folder = Path(folder)
    if not (folder / SENSE_CONFIG).is_file():
        return None
    from safetensors.numpy import load_file

    if not (folder / SENSE_WEIGHTS).is_file():
        raise ConfigError(f"{folder / SENSE_CONFIG} has no {SENSE_WEIGHTS} beside it; "
                          "retrain it with `python scripts/train.py sense`")
    meta = json.loads((folder / SENSE_CONFIG).read_text("utf-8"))
    tensors = load_file(str(folder / SENSE_WEIGHTS))
    try:
        threshold = float(meta.pop("threshold"))
        model_threshold = float(meta.pop("model_threshold"))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{folder / SENSE_CONFIG} needs numbers 'threshold' and "
                          f"'model_threshold' ({exc}); retrain it with "
                          "`python scripts/train.py sense`") from exc
    return SenseHead(weight=tensors["weight"].astype(np.float64),
                     bias=float(tensors["bias"][0]), threshold=threshold,
                     model_threshold=model_threshold, info=meta)
