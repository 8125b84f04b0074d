"""The shipped classifier: files, loading without pickle, scores and word scores."""

from __future__ import annotations

import json

import numpy as np
import pytest

import framing
from framing.classifier.model import BiasClassifier, models_dir, resolve_model_dir
from framing.errors import ConfigError, InputError
from tests.conftest import load_cases

MAX_FILE_BYTES = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def clf() -> BiasClassifier:
    return BiasClassifier("default", precision="fp32")  # as the model_analyzer fixture


def test_shipped_model_folders_are_small_and_pickle_free() -> None:
    folders = [p.parent for p in models_dir().glob("*/config.json")]
    assert {"minilm-bias", "tfidf-lr", "embedding-lr"} <= {f.name for f in folders}
    for folder in folders:
        config = json.loads((folder / "config.json").read_text("utf-8"))
        assert config["name"] == folder.name
        assert (folder / "README.md").exists(), f"{folder.name} has no model card"
        for path in folder.iterdir():
            assert path.suffix in {".json", ".safetensors", ".md"}, path
            assert path.stat().st_size <= MAX_FILE_BYTES, path


def test_model_card_states_metrics_and_command() -> None:
    card = (resolve_model_dir("default") / "README.md").read_text("utf-8")
    for needle in ("python scripts/train.py transformer", "95% CI", "macro-F1", "WNC",
                   "top-1", "PTC", "AGPL-3.0"):
        assert needle in card


def test_unknown_model_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="minilm-bias"):
        resolve_model_dir("nope")


def test_scores_are_probabilities_in_input_order(clf: BiasClassifier) -> None:
    texts = [
        "The council approved the budget on Tuesday.",
        "The shameless radicals rammed through a disastrous budget in a dead-of-night power grab.",
        "Rainfall in the valley was slightly below the seasonal average.",
    ]
    p = clf.score(texts)
    assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))
    reversed_p = clf.score(texts[::-1])[::-1]
    np.testing.assert_allclose(p, reversed_p, atol=1e-5)
    assert p[1] > p[0] and p[1] > p[2]


def test_word_scores_cover_every_word_piece(clf: BiasClassifier) -> None:
    text = "Officials unveiled a reckless, job-killing tax scheme."
    pred = clf.predict([text])
    spans, probs = pred.token_spans[0], pred.token_probs[0]
    assert len(spans) == len(probs) > 0
    assert all(0 <= s < e <= len(text) for s, e in spans)
    words = [(19, 27), (29, 40), (0, 9)]  # reckless, job-killing, Officials
    wp = pred.word_probs(0, words)
    assert wp[0] > wp[2] and wp[1] > wp[2]


def test_loaded_sentences_outscore_their_neutral_versions(clf: BiasClassifier) -> None:
    pairs = load_cases("loading_pairs.jsonl")
    p_loaded = clf.score([c["loaded"] for c in pairs])
    p_neutral = clf.score([c["neutral"] for c in pairs])
    wins = float(np.mean(p_loaded > p_neutral))
    assert wins >= 0.8, f"only {wins:.0%} of the team's pairs rank the loaded version higher"


def test_analyzer_score_api(model_analyzer: framing.Analyzer, clf: BiasClassifier) -> None:
    texts = ["The regime crushed the protest.", "The government dispersed the protest."]
    scores = model_analyzer.score(texts)
    assert isinstance(scores, list) and all(isinstance(x, float) for x in scores)
    np.testing.assert_allclose(scores, clf.score(texts), atol=1e-6)
    with pytest.raises(InputError, match="list of sentences"):
        model_analyzer.score("The regime fell.")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="item #1"):
        model_analyzer.score(["fine", 3])  # type: ignore[list-item]
    with pytest.raises(ConfigError, match="model=None"):
        framing.Analyzer(model=None).score(["The regime fell."])


def test_repeated_texts_are_scored_once_with_the_same_results(clf: BiasClassifier) -> None:
    texts = ["The regime crushed the protest.", "The council met on Monday.",
             "The regime crushed the protest.", "Prices rose again, officials said."]
    once = clf.predict(list(dict.fromkeys(texts)))
    pred = clf.predict(texts)
    rows = [0, 1, 0, 2]
    np.testing.assert_allclose(pred.p_biased, once.p_biased[rows], atol=1e-6)
    np.testing.assert_allclose(pred.embeddings, once.embeddings[rows], atol=1e-6)
    for got, row in zip(pred.token_probs, rows, strict=True):
        np.testing.assert_allclose(got, once.token_probs[row], atol=1e-6)
    assert pred.p_biased[0] == pred.p_biased[2]
