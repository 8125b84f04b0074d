"""The sense head: its arithmetic, its files, and its training on rows of both kinds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from framing.classifier.sense import SENSE_CONFIG, SENSE_WEIGHTS, SenseHead, load_sense_head
from framing.errors import ConfigError
from framing.training.sense import SenseRow, read_sense_rows, train_sense_head


def test_p_literal_is_the_logistic_of_the_dot_product() -> None:
    head = SenseHead(weight=np.array([2.0, -1.0]), bias=0.5, threshold=0.9, model_threshold=0.8)
    p = head.p_literal(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert p == pytest.approx([1 / (1 + np.exp(-2.5)), 1 / (1 + np.exp(0.5))], rel=1e-6)
    assert head.p_literal(np.zeros((0, 2))).shape == (0,)


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ConfigError, match="model_threshold"):
        SenseHead(weight=np.ones(2), bias=0.0, threshold=0.5, model_threshold=0.7)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    head = SenseHead(weight=np.array([0.25, -0.5, 1.0]), bias=-0.125, threshold=0.9,
                     model_threshold=0.75, info={"n_terms": 3})
    head.save(tmp_path)
    back = load_sense_head(tmp_path)
    assert back is not None
    assert back.weight == pytest.approx(head.weight) and back.bias == pytest.approx(-0.125)
    assert (back.threshold, back.model_threshold, back.info) == (0.9, 0.75, {"n_terms": 3})


def test_a_folder_without_a_head_has_none(tmp_path: Path) -> None:
    assert load_sense_head(tmp_path) is None


def test_broken_head_files_say_how_to_fix_them(tmp_path: Path) -> None:
    (tmp_path / SENSE_CONFIG).write_text('{"threshold": 0.9, "model_threshold": 0.8}')
    with pytest.raises(ConfigError, match=f"no {SENSE_WEIGHTS}.*train.py sense"):
        load_sense_head(tmp_path)
    SenseHead(weight=np.ones(2), bias=0.0, threshold=0.9, model_threshold=0.8).save(tmp_path)
    (tmp_path / SENSE_CONFIG).write_text('{"threshold": 0.9}')
    with pytest.raises(ConfigError, match="'model_threshold'"):
        load_sense_head(tmp_path)


def test_rows_from_sense_files_and_case_files(tmp_path: Path) -> None:
    senses = tmp_path / "senses.jsonl"
    senses.write_text(
        json.dumps({"term": "swarm", "sense": "literal", "text": "A swarm of bees landed."}) + "\n"
        + json.dumps({"term": "swarm", "sense": "loaded", "text": "A swarm of migrants."}) + "\n",
        encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"kind": "positive", "class": "verb", "text": "She torpedoed the bill.",
         "expect": [{"surface": "torpedoed", "voice": "author"}], "reject": []},
        {"kind": "positive", "class": "voice", "text": "He said it was \"a sham\".",
         "expect": [{"surface": "a sham", "voice": "quoted"}], "reject": []},
        {"kind": "control", "class": "literal", "text": "The U-boat torpedoed a ferry.",
         "expect": [], "reject": ["torpedoed"]},
        {"kind": "control", "class": "neutral", "text": "He called it \"a sham\".",
         "expect": [], "reject": ["a sham"]},
    ]
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    got = read_sense_rows([senses, cases])
    assert [(r.term, r.literal) for r in got] == [
        ("swarm", True), ("swarm", False), ("torpedoed", False), ("torpedoed", True)]


def test_a_bad_sense_row_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"term": "x", "sense": "literal", "text": "ok"}\n{"term": "y", "text": "no"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2: .*'sense'"):
        read_sense_rows([bad])


def test_training_separates_and_sets_ordered_thresholds() -> None:
    rng = np.random.default_rng(0)
    rows, x = [], []
    for k in range(60):  # 60 terms, each once literal (first axis up) and once loaded
        for literal in (True, False):
            rows.append(SenseRow(term=f"t{k}", text=f"{k}", literal=literal))
            x.append(rng.normal(size=4) + (np.array([2.0, 0, 0, 0]) if literal else 0.0))
    head, cv = train_sense_head(np.array(x), rows, lexicon_loss=0.02, model_loss=0.10)
    assert cv["auroc"] > 0.85
    assert head.model_threshold <= head.threshold
    assert cv["loaded_lost"] <= 0.05 and cv["loaded_unsearched"] <= 0.15
    assert cv["literal_unsearched"] >= cv["literal_caught"] > 0.2
    assert head.info["n_terms"] == 60 and head.info["n_literal"] == 60
