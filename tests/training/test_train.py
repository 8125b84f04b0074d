"""Training: a few real steps on team-written sentences, saved and loaded back.

The saved folder is what ships: the adapter is merged into the base weights at load time,
so the loaded model must reproduce the in-memory model's scores.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing.classifier.model import BiasClassifier
from framing.training.train import Collator, TrainConfig, token_labels_for, train_transformer
from tests.conftest import load_cases

pytestmark = pytest.mark.slow


def _rows() -> list[dict]:
    rows = []
    for c in load_cases("loading_pairs.jsonl"):
        start = c["loaded"].index(c["span"])
        rows.append({"text": c["loaded"], "label": 1, "spans": [[start, start + len(c["span"])]],
                     "has_spans": True, "pair": c["neutral"], "source": "team"})
        rows.append({"text": c["neutral"], "label": 0, "spans": [], "has_spans": True,
                     "pair": "", "source": "team"})
    return rows


def test_token_labels_follow_character_spans() -> None:
    offsets = np.array([[0, 0], [0, 3], [4, 12], [13, 18], [0, 0]])
    labels = token_labels_for(offsets, [[4, 12]], True)
    assert labels.tolist() == [-100, 0, 1, 0, -100]
    assert (token_labels_for(offsets, [], False) == -100).all()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from datasets import Dataset

    rows = _rows()
    ds = Dataset.from_dict({k: [r[k] for r in rows] for k in rows[0]})
    cfg = TrainConfig(epochs=1, batch_size=16, seed=7)
    model = train_transformer(ds, cfg)
    folder = tmp_path_factory.mktemp("model") / "tiny"
    model.save(folder, "tiny", {"sentence_threshold": 0.5, "token_threshold": 0.5})
    return model, folder, rows


def test_collator_puts_pairs_after_originals(trained) -> None:
    model, _, rows = trained
    batch = Collator(model.tokenizer, 64)(rows[:4])
    assert batch["input_ids"].shape[0] == 4 + 2  # two loaded rows carry a neutral pair
    assert batch["pair_index"].tolist() == [0, 2]
    assert (batch["token_labels"][1] != 1).all()  # neutral rows have no loaded word


def test_saved_model_reloads_to_the_same_scores(trained) -> None:
    model, folder, rows = trained
    config = json.loads((folder / "config.json").read_text("utf-8"))
    assert config["kind"] == "transformer" and config["lora"]["r"] == 16
    assert (folder / "model.safetensors").stat().st_size < 10 * 1024 * 1024
    texts = [r["text"] for r in rows[:12]]
    expected = model.predict(texts)
    loaded = BiasClassifier(folder, precision="fp32").predict(texts)  # as trained (fp32)
    np.testing.assert_allclose(loaded.p_biased, expected["p_biased"], atol=1e-4)
    for (_, probs), got in zip(expected["tokens"], loaded.token_probs, strict=True):
        np.testing.assert_allclose(got, probs, atol=1e-4)
