"""The run's summary says plainly whether the pages were tested in a browser: a block
saying they were NOT (and how to enable it) when the browser tests skip, a "browser tests:
N passed" line when they ran, nothing when none was selected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOOKS = "from tests.conftest import pytest_configure, pytest_terminal_summary  # noqa: F401\n"


def _run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makeconftest(HOOKS)
    pytester.makepyfile(test_pages=source)
    return pytester.runpytest("-q", "-p", "no:cacheprovider")


def test_skipped_browser_tests_say_the_pages_were_not_tested(pytester) -> None:
    result = _run(pytester, """
import pytest
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(True, reason="headless Chromium not installed")]
def test_article(): pass
def test_dashboard(): pass
""")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines([
        "*browser tests SKIPPED*",
        "The HTML pages were NOT tested in a browser: 2 browser tests skipped "
        "(headless Chromium not installed).",
        "*apt-get install chromium chromium-driver*FRAMING_REQUIRE_BROWSER=1*",
    ])
    assert "browser tests: " not in result.stdout.str()


def test_browser_tests_that_ran_are_counted(pytester) -> None:
    result = _run(pytester, """
import pytest
pytestmark = pytest.mark.browser
def test_article(): pass
def test_dashboard(): pass
def test_other(): assert False
""")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["browser tests: 2 passed, 1 failed"])
    assert "NOT tested" not in result.stdout.str()


def test_no_word_when_no_browser_test_was_selected(pytester) -> None:
    result = _run(pytester, "def test_plain(): pass\n")
    result.assert_outcomes(passed=1)
    assert "browser tests" not in result.stdout.str()


def _no_browser_env(tmp_path: Path) -> dict[str, str]:
    """The environment with a PATH on which neither chromium nor chromedriver exists."""
    bare = tmp_path / "bin"
    bare.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "FRAMING_REQUIRE_BROWSER"}
    return env | {"PATH": str(bare), "HF_HUB_OFFLINE": "1"}


def test_the_real_browser_tests_without_chromium(tmp_path: Path) -> None:
    """The project's own browser tests, with chromium hidden from PATH: skipped, and the
    summary says so; with FRAMING_REQUIRE_BROWSER=1 the run fails instead."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "tests/render/test_browser.py"]
    env = _no_browser_env(tmp_path)
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The HTML pages were NOT tested in a browser: 2 browser tests skipped" in done.stdout
    assert "apt-get install chromium chromium-driver" in done.stdout
    required = subprocess.run(cmd, cwd=ROOT, env=env | {"FRAMING_REQUIRE_BROWSER": "1"},
                              capture_output=True, text=True, timeout=300)
    assert required.returncode != 0
    assert "headless Chromium not installed" in required.stdout
    assert "browser tests: 0 passed, 2 errors" in required.stdout
