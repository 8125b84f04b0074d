"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CLI = [sys.executable, "-m", "framing"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def article() -> Path:
    return EXAMPLES / "01_refinery_deal.txt"


def test_analyze_formats(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run("analyze", str(article), "--format", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    d = json.loads(out.read_text("utf-8"))
    assert d["schema"] == "framing.report/v2" and d["id"] == "01_refinery_deal"
    text = run("analyze", str(article)).stdout.decode()
    assert "FINDINGS" in text and "socialist regime" in text
    md = run("analyze", str(article), "--format", "md").stdout.decode()
    assert md.startswith("# framing report")


def test_stdin(article: Path) -> None:
    proc = run("analyze", "-", "--format", "json", stdin=article.read_bytes())
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["n_words"] > 300


def test_custom_lexicon(tmp_path: Path) -> None:
    lex = tmp_path / "l.jsonl"
    lex.write_text(
        '{"lexicon": "mine", "version": "1", "license": "CC0-1.0", '
        '"categories": {"pejorative": "p"}}\n'
        '{"term": "bean counter", "category": "pejorative", "neutral": ["accountant"], '
        '"direction": "none", "note": "dismissive"}\n',
        "utf-8",
    )
    proc = run("analyze", "-", "--lexicon", str(lex), "--format", "json",
               stdin=b"The bean counters and the regime met.")
    d = json.loads(proc.stdout)
    assert [t["term"] for t in d["terms"]] == ["bean counter"]
    assert d["provenance"]["lexicon"]["name"] == "mine"


def test_lexicon_command() -> None:
    proc = run("lexicon", "--format", "json")
    info = json.loads(proc.stdout)
    assert info["n_entries"] >= 400 and sum(info["category"].values()) == info["n_entries"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("Caf\u00e9 regime".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for proc in (run("analyze", str(path)), run("analyze", "-", stdin=content)):
        err = proc.stderr.decode()
        assert proc.returncode == 1
        assert message in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_path_and_directory(tmp_path: Path) -> None:
    for target, message in ((tmp_path / "nope.txt", "does not exist"), (tmp_path, "directory")):
        proc = run("analyze", str(target))
        err = proc.stderr.decode()
        assert proc.returncode == 1 and message in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_lexicon_path_is_an_error_not_a_traceback(article: Path) -> None:
    proc = run("analyze", str(article), "--lexicon", "nope.jsonl")
    assert proc.returncode == 1 and "does not exist" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
