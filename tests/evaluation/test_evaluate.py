"""Overlap scoring and the PTC reader, on small hand-made data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import framing
from framing.evaluation.ptc import OverlapScore, evaluate_cases, ptc_articles


def test_overlap_score_counts() -> None:
    score = OverlapScore()
    score.add(pred=[(0, 4), (10, 12), (30, 35)], gold=[(2, 6), (11, 20), (40, 44)],
              labels=["a", "b", "a"])
    score.add(pred=[], gold=[(0, 1)], labels=["b"])
    assert (score.n_pred, score.n_pred_hit, score.n_gold, score.n_gold_hit) == (3, 2, 4, 2)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 4)
    assert score.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert score.to_dict()["recall_by_label"] == {"a": 0.5, "b": 0.5}
    assert OverlapScore().to_dict()["f1"] == 0.0


def test_ptc_reader_splits_and_offsets(tmp_path: Path) -> None:
    arts = tmp_path / "train-articles"
    arts.mkdir()
    (arts / "article1.txt").write_bytes(b"Title\n\nThe regime lied.\r\n")
    (arts / "article2.txt").write_bytes(b"Other text here.\n")
    (tmp_path / "eval_split_ids.txt").write_text("1\n")
    (tmp_path / "train-task2-TC.labels").write_text(
        "1\tLoaded_Language\t11\t17\n1\tDoubt\t0\t5\n2\tName_Calling,Labeling\t0\t5\n"
    )
    (article, spans, labels), = ptc_articles(tmp_path, split="eval")
    assert article.id == "1" and spans == [(11, 17)] and labels == ["Loaded_Language"]
    assert article.text[11:17] == "regime"  # raw text, \r\n kept
    (other, spans, _), = ptc_articles(tmp_path, split="train")
    assert other.id == "2" and spans == [(0, 5)]


def test_evaluate_cases_scores_false_positives(tmp_path: Path) -> None:
    cases = tmp_path / "c.jsonl"
    rows = [
        {"id": "1", "kind": "positive", "text": "Union bosses met the socialist regime.",
         "expect": [{"surface": "Union bosses", "voice": "author"}], "reject": []},
        {"id": "2", "kind": "control", "text": "The council met on Tuesday.",
         "expect": [], "reject": []},
    ]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = evaluate_cases(framing.Analyzer(model=None), cases)
    # "socialist regime" is loaded but not listed in the case: it counts as a false positive
    assert (result["n_pred"], result["n_pred_hit"], result["n_gold_hit"]) == (2, 1, 1)
    assert result["voice_accuracy"] == 1.0
