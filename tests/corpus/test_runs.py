"""Runs that know what they are: `framing score` started again into the same folder goes on
only when the input, lexicon, model, settings and table format are all the same."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.corpus import score as corpus
from framing.corpus import workers as corpus_workers
from framing.corpus.runs import changes, input_fingerprint
from framing.lexicon import PACKAGED_LEXICONS

ROWS = [
    {"id": "r1", "outlet": "North Post", "text": "The socialist regime raised fuel prices."},
    {"id": "r2", "outlet": "South Herald", "text": "The council approved the budget on Monday."},
    {"id": "r3", "outlet": "North Post", "text": "Critics slammed the cash-starved agency."},
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def _score(capsys: pytest.CaptureFixture[str], src: Path, out: Path, *flags: str
           ) -> tuple[int, str]:
    code = main(["score", str(src), "-o", str(out), "--quiet", *flags])
    return code, capsys.readouterr().err


def _small_lexicon(tmp_path: Path) -> Path:
    """The packaged lexicon less its last entry: another lexicon, same format."""
    from importlib import resources

    text = resources.files("framing.seeds").joinpath(PACKAGED_LEXICONS["default"]).read_text(
        "utf-8")
    lines = text.rstrip("\n").split("\n")
    path = tmp_path / "smaller.jsonl"
    path.write_text("\n".join(lines[:-1]) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("change", ["input", "lexicon", "model", "config", "format"])
def test_a_changed_run_into_the_same_folder_fails_and_names_the_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str) -> None:
    src = _jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    code, err = _score(capsys, src, out, "--model", "none")
    assert code == 0 and "scored 3" in err, err
    before = (out / "articles.parquet").read_bytes()
    flags = ["--model", "none"]
    expect = {"input": "input's content", "lexicon": "lexicon's content",
              "model": "model name: (none) -> minilm-bias", "config": "config actors",
              "format": "table format"}[change]
    if change == "input":  # one character of one text changed: same size, other content
        _jsonl(src, [ROWS[0], ROWS[1], {**ROWS[2], "text": ROWS[2]["text"].replace("C", "K")}])
    elif change == "lexicon":
        flags += ["--lexicon", str(_small_lexicon(tmp_path))]
    elif change == "model":
        flags = []  # the default model instead of none
    elif change == "config":
        flags += ["--no-actors"]
    else:
        flags += ["--format", "csv"]
    code, err = _score(capsys, src, out, *flags)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("framing: error:"), err
    assert expect in err and "--force" in err, err
    assert (out / "articles.parquet").read_bytes() == before  # nothing was touched
    assert not (out / "articles.csv").exists()
    code, err = _score(capsys, src, out, *flags, "--force")
    assert code == 0 and "scored 3" in err, err
    again = _score(capsys, src, out, *flags)
    assert again[0] == 0 and "already complete" in again[1]


def test_an_unchanged_rerun_does_nothing_even_from_a_moved_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    assert _score(capsys, src, out, "--model", "none")[0] == 0
    stamp = (out / "manifest.json").stat().st_mtime_ns
    moved = src.rename(tmp_path / "renamed.jsonl")
    code, err = _score(capsys, moved, out, "--model", "none")
    assert code == 0 and "already complete" in err
    assert (out / "manifest.json").stat().st_mtime_ns == stamp
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    fp = manifest["identity"]["input"]
    assert fp["size"] == src.parent.joinpath("renamed.jsonl").stat().st_size
    assert fp["sha256"] == input_fingerprint(moved)["sha256"]
    assert manifest["identity"]["lexicon"]["sha256"] and manifest["identity"]["model"] is None


def test_a_stopped_run_resumes_only_with_the_same_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    real = corpus_workers.score_part
    calls = []

    def stop_after_one(*args, **kwargs):  # type: ignore[no-untyped-def]
        if calls:
            raise KeyboardInterrupt
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus_workers, "score_part", stop_after_one)
    code, err = _score(capsys, src, out, "--model", "none", "--part-size", "1")
    assert code == 130 and not (out / "manifest.json").exists()
    monkeypatch.setattr(corpus_workers, "score_part", real)
    code, err = _score(capsys, src, out, "--model", "none", "--no-attribution")
    assert code == 1 and "a stopped run" in err and "config attribution" in err, err
    assert len(list((out / "parts").iterdir())) == 1  # the part of the first settings kept
    code, err = _score(capsys, src, out, "--model", "none")
    assert code == 0 and "scored 3" in err, err
    straight = corpus.score_corpus(src, tmp_path / "straight", progress=False,
                                   analyzer=__import__("framing").Analyzer(model=None))
    assert straight.n_scored == 3
    pd.testing.assert_frame_equal(pd.read_parquet(out / "articles.parquet"),
                                  pd.read_parquet(tmp_path / "straight" / "articles.parquet"))


def test_force_never_deletes_a_folder_it_did_not_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl", ROWS)
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"not framing's")
    code, err = _score(capsys, src, mine, "--model", "none", "--force")
    assert code == 1 and "thesis.docx" in err
    assert (mine / "thesis.docx").exists()


def test_an_output_of_an_older_framing_is_not_silently_reused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    assert _score(capsys, src, out, "--model", "none")[0] == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    del manifest["identity"]
    (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    code, err = _score(capsys, src, out, "--model", "none")
    assert code == 1 and "older framing" in err and "--force" in err


def test_changes_name_each_difference() -> None:
    old = {"input": {"path": "a.csv", "size": 10, "sha256": "0" * 64}, "model": None}
    new = {"input": {"path": "b.csv", "size": 12, "sha256": "1" * 64},
           "model": {"name": "minilm-bias", "sha256": "2" * 64}}
    got = changes(old, new)
    assert any(line.startswith("the input's size (bytes): 10 -> 12") for line in got)
    assert any(line.startswith("the input's content") for line in got)
    assert any(line.startswith("model name: (none) -> minilm-bias") for line in got)
    assert not any("path" in line for line in got)
