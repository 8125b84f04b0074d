"""Readers of the shared training data (skipped where ../shared/data is absent)."""

from __future__ import annotations

import pytest

from framing.errors import InputNotFoundError
from framing.training import data
from tests.conftest import SHARED

DATA = SHARED / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason=f"shared data not found at {DATA}")


def test_missing_folder_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(InputNotFoundError, match="--data"):
        data.load_babe(tmp_path)


@needs_data
def test_babe_rows_spans_and_pairs() -> None:
    babe = data.load_babe(DATA / "BABE")
    assert len(babe) == 3673  # 3,674 sentences less one "No agreement"
    labels = list(babe["label"])
    assert sum(labels) == 1810
    for row in babe.select(range(200)):
        for s, e in row["spans"]:
            assert row["text"][s:e].strip()
        if row["pair"]:
            assert row["label"] == 1 and len(row["pair"]) < len(row["text"])


@needs_data
def test_wnc_train_and_test_are_separate() -> None:
    train = data.wnc_pairs(DATA / "WNC_sample_Pryzant2020", "train")
    test = data.wnc_pairs(DATA / "WNC_sample_Pryzant2020", "test")
    assert (len(train), len(test)) == (1000, 100)
    wnc = data.load_wnc(DATA / "WNC_sample_Pryzant2020")
    assert len(wnc) == 996  # identical pairs left out
    assert not set(wnc["text"]) & {a for a, _ in test}


@needs_data
def test_ptc_training_lines_skip_the_evaluation_split() -> None:
    folder = DATA / "PTC_SemEval2020_Task11"
    eval_ids = set((folder / "eval_split_ids.txt").read_text().split())
    seen = {art for art, _, _ in data.ptc_lines(folder)}
    assert seen and not seen & eval_ids
    ptc = data.load_ptc(folder, negatives_per_positive=0.0)
    assert all(row["spans"] for row in ptc)
