"""Shared fixtures: the real pipeline, loaded once per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import framing

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
SEED_ARTICLE = SHARED / "seeds" / "000_d1967a26fcb8027f.txt"
EXAMPLES = ROOT / "seeds" / "examples"


def load_cases(name: str) -> list[dict]:
    with open(CASES / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def case_params(cases: list[dict]) -> list:
    """Behavioural cases as pytest params named by their id; a case with ``known_failure``
    (its reason) is a strict xfail."""
    params = []
    for case in cases:
        marks = []
        if case.get("known_failure"):
            marks.append(pytest.mark.xfail(reason=str(case["known_failure"]), strict=True))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def assert_case(case: dict, problems: list[str]) -> None:
    """A behavioural case passes when its checker found no problem; the failure names the
    case and every problem."""
    assert not problems, f"{case['id']} ({case['note']}): " + "; ".join(problems)


@pytest.fixture(scope="session")
def analyzer() -> framing.Analyzer:
    """Lexicon only (no classifier): what the lexicon and rules find, nothing else."""
    return framing.Analyzer(model=None)


@pytest.fixture(scope="session")
def model_analyzer() -> framing.Analyzer:
    """The default analyzer: lexicon + the shipped classifier."""
    return framing.Analyzer()


@pytest.fixture(scope="session")
def lexicon() -> framing.Lexicon:
    return framing.load_lexicon("default")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article not found at {SEED_ARTICLE} (set FRAMING_SHARED)")
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_report(analyzer: framing.Analyzer, seed_text: str) -> framing.ArticleReport:
    return analyzer(seed_text)


@pytest.fixture(scope="session")
def example_reports(analyzer: framing.Analyzer) -> dict[str, framing.ArticleReport]:
    paths = sorted(EXAMPLES.glob("*.txt"))
    assert paths, f"no example articles in {EXAMPLES}"
    articles = [framing.read_article(p) for p in paths]
    return {r.id: r for r in analyzer.pipe(articles)}
