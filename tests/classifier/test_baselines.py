"""scikit-learn baselines: fit, save as JSON/safetensors, load back without pickle."""

from __future__ import annotations

import numpy as np

from framing.classifier.baselines import EmbeddingLR, TfidfLR, load_baseline
from framing.classifier.model import resolve_model_dir

TEXTS = [
    "The council approved the budget after a short debate.",
    "The mayor said the road works would finish in May.",
    "Officials reported that turnout rose slightly this year.",
    "The agency published its annual water quality figures.",
    "The corrupt mayor rammed through a disastrous, wasteful budget.",
    "Radical activists hijacked the shameful council meeting again.",
    "The reckless agency botched its pathetic water report.",
    "Greedy developers bulldozed the beloved park in a shameless land grab.",
]
LABELS = [0, 0, 0, 0, 1, 1, 1, 1]


def test_tfidf_round_trip(tmp_path) -> None:
    model = TfidfLR(c=10.0).fit(TEXTS * 3, LABELS * 3)
    model.save(tmp_path / "m", "m")
    assert not list((tmp_path / "m").glob("*.pkl"))
    loaded = load_baseline(tmp_path / "m")
    np.testing.assert_allclose(loaded.score(TEXTS), model.score(TEXTS), atol=1e-6)
    p = loaded.score(["A shameless, disastrous grab by greedy officials.",
                      "The council published the figures."])
    assert p[0] > p[1]


def test_embedding_round_trip(tmp_path) -> None:
    model = EmbeddingLR(c=10.0).fit(TEXTS, LABELS)
    model.save(tmp_path / "e", "e")
    loaded = load_baseline(tmp_path / "e")
    np.testing.assert_allclose(loaded.score(TEXTS), model.score(TEXTS), atol=1e-5)


def test_shipped_baselines_load_and_score() -> None:
    for name in ("tfidf-lr", "embedding-lr"):
        model = load_baseline(resolve_model_dir(name))
        p = model.score(TEXTS)
        assert p.shape == (8,) and np.all((p >= 0) & (p <= 1))
        assert p[4:].mean() > p[:4].mean(), name
