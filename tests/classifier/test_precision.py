"""Precision and device of the classifier's encoder: bf16 only where the hardware computes it
natively (or when forced), fp32 elsewhere, a CUDA GPU when there is one; the choice is in the
provenance, and the bf16 code path gives the fp32 scores within bf16's rounding."""

from __future__ import annotations

import numpy as np
import pytest

import framing
from framing.classifier import model as clf_model
from framing.classifier.model import BiasClassifier, resolve_device, resolve_precision
from framing.errors import ConfigError

SENTENCES = [
    "The council approved the budget on Monday.",
    "The reckless socialist regime rammed through a disastrous tax grab.",
    "Officials said the bridge would reopen in May.",
    "Radical activists stormed the hearing, shrieking slogans.",
]


@pytest.mark.parametrize(("native", "expected"), [(True, "bf16"), (False, "fp32")])
def test_auto_is_bf16_only_with_native_cpu_support(monkeypatch: pytest.MonkeyPatch,
                                                   native: bool, expected: str) -> None:
    monkeypatch.setattr(clf_model, "native_bf16", lambda: native)
    assert resolve_precision("auto", "cpu") == expected
    assert resolve_precision("fp32", "cpu") == "fp32"
    assert resolve_precision("bf16", "cpu") == "bf16"  # forced, even where emulated
    assert resolve_precision("auto", "cpu", int8=True) == "int8"


def test_bad_precision_and_device_are_refused() -> None:
    with pytest.raises(ConfigError, match="precision must be one of"):
        resolve_precision("fp8", "cpu")
    with pytest.raises(ConfigError, match="cannot be combined"):
        resolve_precision("bf16", "cpu", int8=True)
    with pytest.raises(ConfigError, match="device must be one of"):
        resolve_device("tpu")
    with pytest.raises(ConfigError, match="'precision' parameter of Analyzer"):
        framing.Analyzer(precision="half")


def test_device_auto_follows_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    with pytest.raises(ConfigError, match="sees no CUDA GPU"):
        resolve_device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    assert resolve_precision("auto", "cuda") == "fp16"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: True)
    assert resolve_precision("auto", "cuda") == "bf16"


def test_bf16_path_scores_close_to_fp32_and_says_so() -> None:
    fp32 = BiasClassifier("default", precision="fp32", device="cpu")
    bf16 = BiasClassifier("default", precision="bf16", device="cpu")
    a, b = fp32.predict(SENTENCES), bf16.predict(SENTENCES)
    assert fp32.info()["precision"] == "fp32" and bf16.info()["precision"] == "bf16"
    assert a.p_biased.dtype == b.p_biased.dtype == np.float32
    assert np.abs(a.p_biased - b.p_biased).max() < 0.05
    assert ((a.p_biased >= 0.5) == (b.p_biased >= 0.5)).all()
    assert np.argsort(a.p_biased).tolist() == np.argsort(b.p_biased).tolist()
    for ta, tb in zip(a.token_probs, b.token_probs, strict=True):
        assert ta.shape == tb.shape and np.abs(ta - tb).max() < 0.1


def test_the_precision_used_is_in_the_provenance() -> None:
    report = framing.Analyzer(precision="fp32", attribution=False, actors=False)(SENTENCES[1])
    assert report.provenance["model"]["precision"] == "fp32"
    assert report.provenance["model"]["int8"] is False
