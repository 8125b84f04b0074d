"""Corpus scoring: every input format, bad records, resuming after kill -9, re-runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus import parts as corpus_parts
from framing.corpus import score as corpus
from framing.corpus import workers as corpus_workers
from framing.errors import InputError
from framing.render.tables import outlet_table
from tests.conftest import EXAMPLES

SENTENCES = [
    "The council approved the budget on Monday.",
    "Critics say the socialist regime is wrecking the economy.",
    "Mayor Ana Ruiz said the new bridge would open in May.",
    "The cash-starved utility reportedly missed two payments.",
    "“We will not back down,” the union leader said.",
    "Officials who spoke on condition of anonymity said talks had stalled.",
]


def _articles(n: int) -> list[dict]:
    return [
        {"id": f"a{i:03d}", "outlet": "North Post" if i % 2 else "South Herald",
         "text": " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))}
        for i in range(n)
    ]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture(scope="module")
def lexicon_analyzer() -> framing.Analyzer:
    return framing.Analyzer(model=None)


def _score(src: Path, out: Path, analyzer: framing.Analyzer, **kw) -> corpus.ScoreResult:
    return corpus.score_corpus(src, out, analyzer=analyzer, progress=False, **kw)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet", "txt", "datasets"])
def test_every_input_format(tmp_path: Path, lexicon_analyzer: framing.Analyzer,
                            fmt: str) -> None:
    rows = _articles(7)
    frame = pd.DataFrame(rows)
    if fmt == "csv":
        src = tmp_path / "in.csv"
        frame.to_csv(src, index=False)
    elif fmt == "tsv":
        src = tmp_path / "in.tsv"
        frame.to_csv(src, sep="\t", index=False)
    elif fmt == "jsonl":
        src = _write_jsonl(tmp_path / "in.jsonl", rows)
    elif fmt == "parquet":
        src = tmp_path / "in.parquet"
        frame.to_parquet(src, index=False)
    elif fmt == "txt":
        src = tmp_path / "texts"
        src.mkdir()
        for r in rows:
            (src / f"{r['id']}.txt").write_text(r["text"], "utf-8")
    else:
        datasets = pytest.importorskip("datasets")
        src = tmp_path / "ds"
        datasets.Dataset.from_pandas(frame).save_to_disk(str(src))
    result = _score(src, tmp_path / "out", lexicon_analyzer, part_size=3)
    assert (result.n_scored, result.n_errors) == (7, 0)
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    assert list(articles["id"]) == [r["id"] for r in rows]
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert {"term", "attribution", "unattributed"} <= set(findings["kind"])
    assert set(findings["id"]) <= set(articles["id"])
    outlets = pd.read_csv(tmp_path / "out" / "outlets.csv")
    if fmt == "txt":  # a folder of files has no outlet column
        assert list(outlets["outlet"]) == ["(none)"]
    else:
        assert list(outlets["outlet"]) == ["North Post", "South Herald"]
        assert outlets["n_articles"].sum() == 7
    assert not (tmp_path / "out" / "parts").exists()


def test_rows_match_the_library_reports(tmp_path: Path,
                                        lexicon_analyzer: framing.Analyzer) -> None:
    rows = _articles(4)
    src = _write_jsonl(tmp_path / "in.jsonl", rows)
    _score(src, tmp_path / "out", lexicon_analyzer)
    got = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("id")
    for r in rows:
        report = lexicon_analyzer(framing.Article(r["text"], id=r["id"], outlet=r["outlet"]))
        assert got.loc[r["id"], "n_author_terms"] == report.summary.n_author_terms
        assert got.loc[r["id"], "n_attributions"] == report.summary.attribution.n_attributions


def test_bad_records_are_reported_and_skipped(tmp_path: Path,
                                              lexicon_analyzer: framing.Analyzer) -> None:
    good = _articles(3)
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(good[0]),
             json.dumps({"id": "empty", "text": "   "}),
             json.dumps({"id": "number", "text": 42}),
             json.dumps({"text": "No id here, but a sentence."}),
             json.dumps(good[1]),
             json.dumps({"id": good[1]["id"], "text": "A second record with the same id."}),
             "{not json",
             json.dumps(["a", "list"]),
             json.dumps(good[2])]
    src.write_text("\n".join(lines) + "\n", "utf-8")
    result = _score(src, tmp_path / "out", lexicon_analyzer, part_size=4)
    assert result.n_scored == 3 and result.n_errors == 6
    errors = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    reasons = {e["position"]: e["reason"] for e in errors}
    assert "empty text" in reasons[1]
    assert "not a string" in reasons[2]
    assert "missing id" in reasons[3]
    assert "duplicate id" in reasons[5]
    assert "not JSON" in reasons[6]
    assert "not a JSON object" in reasons[7]
    ids = list(pd.read_parquet(tmp_path / "out" / "articles.parquet")["id"])
    assert ids == sorted(r["id"] for r in good)


def test_undecodable_text_file(tmp_path: Path, lexicon_analyzer: framing.Analyzer) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "good.txt").write_text(SENTENCES[1], "utf-8")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    result = _score(folder, tmp_path / "out", lexicon_analyzer)
    assert (result.n_scored, result.n_errors) == (1, 1)
    error = json.loads((tmp_path / "out" / "errors.jsonl").read_text())
    assert error["id"] == "latin1" and "UTF-8" in error["reason"]


def test_missing_column_lists_the_columns(tmp_path: Path,
                                          lexicon_analyzer: framing.Analyzer) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"body": ["x"], "id": ["a"]}).to_csv(src, index=False)
    with pytest.raises(InputError, match=r"no column 'text'.*'body', 'id'.*--text-col"):
        _score(src, tmp_path / "out", lexicon_analyzer)
    result = _score(src, tmp_path / "out2", lexicon_analyzer, text_col="body")
    assert result.n_scored == 1


def test_rerun_is_a_no_op_and_force_starts_afresh(tmp_path: Path,
                                                 lexicon_analyzer: framing.Analyzer) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", _articles(5))
    first = _score(src, tmp_path / "out", lexicon_analyzer)
    before = (tmp_path / "out" / "articles.parquet").stat().st_mtime_ns
    again = _score(src, tmp_path / "out", lexicon_analyzer)
    assert again.already_done and again.n_scored == first.n_scored == 5
    assert (tmp_path / "out" / "articles.parquet").stat().st_mtime_ns == before
    forced = _score(src, tmp_path / "out", lexicon_analyzer, force=True)
    assert not forced.already_done and forced.n_scored == 5


def test_long_article_is_truncated_with_a_warning(
    tmp_path: Path, lexicon_analyzer: framing.Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_workers, "MAX_CHARS", 200)
    rows = [{"id": "long", "text": " ".join(SENTENCES * 5)},
            {"id": "short", "text": SENTENCES[0]}]
    src = _write_jsonl(tmp_path / "in.jsonl", rows)
    _score(src, tmp_path / "out", lexicon_analyzer)
    got = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("id")
    assert "truncated" in got.loc["long", "warning"]
    assert pd.isna(got.loc["short", "warning"])


def test_outlet_confidence_intervals_are_seeded() -> None:
    frame = pd.DataFrame({"outlet": ["A"] * 5 + ["B"] * 3,
                          "author_terms_per_100_words": [1, 2, 3, 4, 5, 0, 0, 3]})
    one, two = outlet_table(frame), outlet_table(frame)
    pd.testing.assert_frame_equal(one, two)
    a = one.set_index("outlet").loc["A"]
    assert a["author_terms_per_100_words"] == 3.0
    assert a["author_terms_per_100_words_ci_low"] < 3.0 < a["author_terms_per_100_words_ci_high"]


def test_killed_run_resumes_without_duplicates_or_gaps(tmp_path: Path) -> None:
    """A real `framing score` subprocess is killed with SIGKILL after its first parts, then
    started again with the same command; the result equals an uninterrupted run."""
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rows = [{"id": f"art-{i:03d}", "outlet": f"outlet-{i % 3}", "text": texts[i % len(texts)]}
            for i in range(40)]
    src = _write_jsonl(tmp_path / "in.jsonl", rows)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "framing", "score", str(src), "--model", "none",
           "--part-size", "4", "--quiet"]
    out = tmp_path / "killed"
    proc = subprocess.Popen([*cmd, "-o", str(out)], env=env, stderr=subprocess.PIPE)
    parts = out / "parts"
    deadline = time.time() + 120
    while time.time() < deadline:
        if parts.exists() and len([p for p in parts.iterdir() if not p.name.endswith(".tmp")]) >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (out / "manifest.json").exists(), "the run finished before it was killed"
    done = subprocess.run([*cmd, "-o", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "scored 40, errors 0" in done.stderr
    whole = subprocess.run([*cmd, "-o", str(tmp_path / "whole")], env=env, capture_output=True,
                           text=True)
    assert whole.returncode == 0, whole.stderr
    resumed = pd.read_parquet(out / "articles.parquet")
    straight = pd.read_parquet(tmp_path / "whole" / "articles.parquet")
    assert list(resumed["id"]) == [r["id"] for r in rows]
    pd.testing.assert_frame_equal(resumed, straight)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "findings.parquet"),
                                  pd.read_parquet(tmp_path / "whole" / "findings.parquet"))
    again = subprocess.run([*cmd, "-o", str(out)], env=env, capture_output=True, text=True)
    assert "already complete" in again.stderr


def _frames(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    return (pd.read_parquet(out / "articles.parquet"), pd.read_parquet(out / "findings.parquet"),
            (out / "errors.jsonl").read_text("utf-8"))


def test_a_worker_builds_one_analyzer_per_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers get the analyzer's config and build from it once: an equal config finds the
    analyzer built before, another config builds its own."""
    monkeypatch.setattr(corpus_workers, "_WORKER_ANALYZERS", {})
    config = framing.Analyzer(model=None).config
    built = corpus_workers._worker_analyzer(config, None)
    assert isinstance(built, framing.Analyzer) and built.config == config
    assert corpus_workers._worker_analyzer(config.replace(), None) is built
    other = corpus_workers._worker_analyzer(config.replace(actors=False), None)
    assert other is not built and other.actors is False


def test_same_tables_in_one_process_two_workers_and_dask(tmp_path: Path) -> None:
    """The full pipeline (classifier included) gives the same rows and numbers whether the
    parts run here, in 2 worker processes or on a local Dask cluster."""
    pytest.importorskip("distributed")
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rows = [{"id": f"d{i:02d}", "outlet": f"o{i % 2}", "text": texts[i % len(texts)]}
            for i in range(9)]
    rows.insert(4, {"id": "", "text": "An article with no id."})
    src = _write_jsonl(tmp_path / "in.jsonl", rows)
    analyzer = framing.Analyzer()
    one = _frames(_score(src, tmp_path / "one", analyzer, part_size=3).outdir)
    # a fresh analyzer: on Linux its workers are forked from this process, which has run the
    # model above (the loaded analyzer would make them spawn)
    fresh = framing.Analyzer()
    assert corpus_workers._start_method(fresh) == ("fork" if sys.platform.startswith("linux")
                                                  else "spawn")
    assert corpus_workers._start_method(analyzer) == "spawn"
    two = _frames(_score(src, tmp_path / "two", fresh, part_size=3, workers=2).outdir)
    dask = _frames(_score(src, tmp_path / "dask", analyzer, part_size=3, dask_local=2).outdir)
    assert list(one[0]["id"]) == sorted(r["id"] for r in rows if r["id"])
    assert one[0]["mean_p_biased"].notna().all()
    for other in (two, dask):
        pd.testing.assert_frame_equal(one[0], other[0])
        pd.testing.assert_frame_equal(one[1], other[1])
        assert one[2] == other[2] and "missing id" in one[2]


def test_scheduler_address_sends_parts_to_a_running_cluster(tmp_path: Path) -> None:
    """``framing score --scheduler ADDRESS`` (the command, run as a subprocess) scores on a
    cluster it did not start: here a Dask cluster whose one worker runs two threads that
    share one analyzer. The tables equal an in-process run's."""
    distributed = pytest.importorskip("distributed")
    src = _write_jsonl(tmp_path / "in.jsonl", _articles(7))
    here = _frames(_score(src, tmp_path / "here", framing.Analyzer(model=None), part_size=2)
                   .outdir)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        done = subprocess.run(
            [sys.executable, "-m", "framing", "score", str(src), "-o", str(tmp_path / "far"),
             "--model", "none", "--part-size", "2", "--scheduler", cluster.scheduler_address],
            capture_output=True, text=True, timeout=300,
        )
    assert done.returncode == 0, done.stderr
    assert "scored 7, errors 0" in done.stderr
    far = _frames(tmp_path / "far")
    pd.testing.assert_frame_equal(here[0], far[0])
    pd.testing.assert_frame_equal(here[1], far[1])


def test_tables_as_csv_and_jsonl(tmp_path: Path, lexicon_analyzer: framing.Analyzer) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", _articles(3))
    _score(src, tmp_path / "csv", lexicon_analyzer, table_format="csv")
    _score(src, tmp_path / "jsonl", lexicon_analyzer, table_format="jsonl")
    from_csv = pd.read_csv(tmp_path / "csv" / "articles.csv")
    from_jsonl = pd.read_json(tmp_path / "jsonl" / "articles.jsonl", lines=True)
    assert list(from_csv["id"]) == list(from_jsonl["id"]) == ["a000", "a001", "a002"]
    assert (tmp_path / "csv" / "findings.csv").exists()


def test_merge_sorts_across_parts_and_writes_in_chunks(
        tmp_path: Path, lexicon_analyzer: framing.Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids arrive in reverse order over parts of two; every table comes out sorted by id,
    and CSV / JSON Lines written a few rows at a time hold the same rows as Parquet."""
    rows = _articles(7)[::-1]
    src = _write_jsonl(tmp_path / "in.jsonl", rows)
    monkeypatch.setattr(corpus_parts, "_WRITE_ROWS", 3)
    tables = {}
    for fmt in ("parquet", "csv", "jsonl"):
        _score(src, tmp_path / fmt, lexicon_analyzer, part_size=2, table_format=fmt)
        read = {"parquet": pd.read_parquet, "csv": pd.read_csv,
                "jsonl": lambda p: pd.read_json(p, lines=True)}[fmt]
        tables[fmt] = {name: read(tmp_path / fmt / f"{name}.{fmt}")
                       for name in ("articles", "findings")}
    arts, finds = tables["parquet"]["articles"], tables["parquet"]["findings"]
    assert list(arts["id"]) == sorted(r["id"] for r in rows)
    assert len(finds) > 3 * 3  # more rows than one write chunk
    keys = list(zip(finds["id"], finds["start_char"], finds["kind"], strict=True))
    assert keys == sorted(keys)
    for fmt in ("csv", "jsonl"):
        for name in ("articles", "findings"):
            assert len(tables[fmt][name]) == len(tables["parquet"][name])
            assert list(tables[fmt][name]["id"]) == list(tables["parquet"][name]["id"])
        assert list(tables[fmt]["findings"]["start_char"]) == list(finds["start_char"])


def test_score_dataset_adds_the_summary_columns(lexicon_analyzer: framing.Analyzer) -> None:
    datasets = pytest.importorskip("datasets")
    rows = _articles(5)
    ds = datasets.Dataset.from_list(rows)
    scored = framing.score_dataset(ds, analyzer=lexicon_analyzer, batch_size=2)
    assert {"n_author_terms", "n_attributions", "author_terms_per_100_words"} <= set(
        scored.column_names)
    assert scored.num_rows == 5 and scored["id"] == [r["id"] for r in rows]
    report = lexicon_analyzer(rows[3]["text"])
    assert scored[3]["n_author_terms"] == report.summary.n_author_terms
    with pytest.raises(InputError, match="no column 'body'"):
        framing.score_dataset(ds, analyzer=lexicon_analyzer, text_col="body")


def test_count_records_gives_the_progress_total_of_every_format(tmp_path: Path) -> None:
    from framing.corpus.reading import count_records

    rows = _articles(7)
    rows[2]["text"] = "A text with a\nline break and a \"quote\", inside one field."
    frame = pd.DataFrame(rows)
    frame.to_csv(tmp_path / "in.csv", index=False)
    frame.to_csv(tmp_path / "in.tsv", sep="\t", index=False)
    frame.to_parquet(tmp_path / "in.parquet", index=False)
    _write_jsonl(tmp_path / "in.jsonl", rows)
    (tmp_path / "txt").mkdir()
    for r in rows:
        (tmp_path / "txt" / f"{r['id']}.txt").write_text(r["text"], "utf-8")
    for name in ("in.csv", "in.tsv", "in.parquet", "in.jsonl", "txt"):
        assert count_records(tmp_path / name) == 7, name
    assert count_records(tmp_path / "missing.csv") is None
