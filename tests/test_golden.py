"""The reports of the example articles and the seed article stay as they were recorded.

A refactoring must leave every report identical; a change that is meant to alter reports
regenerates the golden files (``python -m tests.golden_reports``) in the same commit.
"""

from __future__ import annotations

import json

import pytest

from tests.golden_reports import GOLDEN, articles, differences, golden_of

#: the classifier's rounded scores may move in the last digit on another CPU
MODEL_TOLERANCE = 2e-3

NAMES = ["01_refinery_deal", "02_tax_bill", "03_border_bill", "04_climate_hearing",
         "05_council_budget", "seed"]


def _golden(name: str) -> tuple[str, dict]:
    path = articles().get(name)
    if path is None:
        pytest.skip(f"article {name!r} not found (the seed article lives in ../shared/seeds)")
    return path.read_text(encoding="utf-8"), json.loads((GOLDEN / f"{name}.json").read_text())


@pytest.mark.parametrize("name", NAMES)
def test_lexicon_only_report_is_unchanged(analyzer, name):
    text, want = _golden(name)
    got = golden_of(analyzer, text, renders=True)
    assert differences(want["lexicon_only"], got) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_model_report_is_unchanged(model_analyzer, name):
    text, want = _golden(name)
    got = golden_of(model_analyzer, text, renders=False)
    assert differences(want["model"], got, tol=MODEL_TOLERANCE) == []


def test_differences_names_what_changed():
    want = {"a": [1, 2.0, "sha:x"], "b": {"c": None}}
    assert differences(want, want) == []
    got = {"a": [1, 2.01, "sha:y"], "b": {}, "d": 1}
    assert differences(want, got, tol=0.001) == [
        "$.a[1]: expected 2.0, got 2.01",
        "$.a[2]: expected 'sha:x', got 'sha:y'",
        "$.b.c: missing",
        "$.d: unexpected",
    ]
    assert differences([1.0], [1.0005], tol=0.001) == []
