"""Shared fixtures: the real pipeline, loaded once per session; and the summary line that
says whether the pages were tested in a browser."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import framing

os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytest_plugins = ["pytester"]  # tests/render/test_browser_summary.py runs pytest inside pytest

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
    """The default analyzer: lexicon + the shipped classifier, with the encoder in fp32.

    ``precision="auto"`` takes bf16 on CPUs that compute it natively and fp32 elsewhere, so
    the scores would differ by machine; the goldens and thresholds are recorded in fp32 (the
    bf16 path has its own tests in ``tests/classifier/test_precision.py``)."""
    return framing.Analyzer(precision="fp32")


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


# -- were the pages tested in a browser? ----------------------------------------------------

#: the marker of the tests that open the pages in headless Chromium
BROWSER = "browser"
#: set to 1 to make a missing browser a failure instead of a skip (CI)
REQUIRE_BROWSER = "FRAMING_REQUIRE_BROWSER"
HOW_TO_ENABLE = (
    "Install headless Chromium and its driver (Debian/Ubuntu: apt-get install chromium "
    "chromium-driver; .ci/run does this) and run the tests again; set "
    f"{REQUIRE_BROWSER}=1 to make a missing browser fail the run instead of skipping."
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{BROWSER}: opens a page in headless Chromium; the summary says whether "
                   "these ran")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """After the run, a plain statement about the browser tests: how many passed, or, when
    they were skipped, that the pages were NOT tested and how to test them. Nothing when no
    browser test was selected."""
    def mine(kind: str) -> list:
        return [r for r in terminalreporter.stats.get(kind, [])
                if BROWSER in getattr(r, "keywords", {})]

    passed, failed, errors, skipped = (mine(k) for k in ("passed", "failed", "error",
                                                           "skipped"))
    if not (passed or failed or errors or skipped):
        return
    if skipped:
        longrepr = skipped[0].longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        terminalreporter.write_sep("=", "browser tests SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"The HTML pages were NOT tested in a browser: {len(skipped)} browser test"
            f"{'s' if len(skipped) != 1 else ''} skipped ({reason.removeprefix('Skipped: ')}).",
            red=True, bold=True)
        if "chromium" in reason.lower() or "chromedriver" in reason.lower():
            terminalreporter.write_line(HOW_TO_ENABLE)
        else:
            terminalreporter.write_line("Provide what the reason above names and run the tests "
                                        "again.")
    if passed or failed or errors:
        parts = [f"{len(passed)} passed"] + [f"{len(x)} {name}" for x, name in
                                             ((failed, "failed"), (errors, "errors")) if x]
        terminalreporter.write_line(f"browser tests: {', '.join(parts)}",
                                    green=not (failed or errors), red=bool(failed or errors))
