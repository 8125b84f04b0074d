"""Fuzzing the two entry points with generated bad inputs: random bytes, truncation, byte-order
marks, NULs, CRLF, mixed encodings, wrong and missing columns, huge lines, empty parts, wrong
suffixes. For each input, ``score`` either refuses the whole file with a FramingError (and
writes no tables) or finishes with every input record in ``articles`` or ``errors.jsonl``,
none lost and none doubled; ``analyze`` gives a report or a FramingError. Never anything else.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.corpus.score import score_corpus
from framing.errors import FramingError

TEXTS = [
    "The council approved the budget on Monday.",
    "Critics slammed the reckless plan, officials said.",
    "The cash-starved agency delayed two projects.",
    "Mayor Ana Ruiz said the bridge would open in May.",
]
ROWS = [{"id": f"r{i}", "outlet": "North Post", "text": t} for i, t in enumerate(TEXTS)]


@dataclass
class Case:
    name: str
    suffix: str
    data: bytes
    #: records the input holds, when the case knows it; None: count them independently
    n_records: int | None = None


def _csv(rows: list[dict], sep: str = ",", newline: str = "\n") -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=sep, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _jsonl(rows: list[dict], newline: str = "\n") -> bytes:
    return "".join(json.dumps(r) + newline for r in rows).encode("utf-8")


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def _encoders() -> dict[str, tuple[str, object]]:
    return {"csv": (".csv", _csv), "tsv": (".tsv", lambda r, **k: _csv(r, sep="\t", **k)),
            "jsonl": (".jsonl", _jsonl)}


def cases() -> Iterator[Case]:
    rng = random.Random(20261206)
    encoders = _encoders()
    for fmt, (suffix, enc) in encoders.items():
        good = enc(ROWS)
        for k in range(8):  # random bytes
            yield Case(f"{fmt}-random-{k}", suffix,
                       bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        for k in range(14):  # random printable garbage
            yield Case(f"{fmt}-noise-{k}", suffix, "".join(
                rng.choice("ab,\t\"'{}[]:\n\r x\u00e9") for _ in range(rng.randrange(1, 300))
            ).encode("utf-8"))
        for k in range(16):  # truncation
            yield Case(f"{fmt}-truncated-{k}", suffix, good[: rng.randrange(1, len(good))])
        yield Case(f"{fmt}-bom", suffix, codecs.BOM_UTF8 + good, 4)
        yield Case(f"{fmt}-utf16-bom", suffix, codecs.BOM_UTF16_LE + good)
        yield Case(f"{fmt}-utf16", suffix, good.decode("utf-8").encode("utf-16"))
        yield Case(f"{fmt}-crlf", suffix, enc(ROWS, newline="\r\n"), 4)
        for k in range(8):  # NULs
            at = rng.randrange(len(good))
            yield Case(f"{fmt}-nul-{k}", suffix, good[:at] + b"\x00" + good[at:])
        mixed = [dict(r) for r in ROWS]
        mixed[1]["text"] = "Caf\u00e9 owners protested the \u2018reform\u2019."
        data = enc(mixed)
        bad = "Caf\u00e9 owners protested the \u2018reform\u2019.".encode("cp1252")
        yield Case(f"{fmt}-mixed-encoding", suffix,
                   data.replace("Caf\u00e9 owners protested the \u2018reform\u2019.".encode(),
                                bad), 4)
        yield Case(f"{fmt}-latin1-all", suffix, _latin1(enc, ROWS), 4)
        yield Case(f"{fmt}-wrong-columns", suffix,
                   enc([{"id": r["id"], "body": r["text"]} for r in ROWS]))
        yield Case(f"{fmt}-no-id-column", suffix, enc([{"text": r["text"]} for r in ROWS]), 4)
        yield Case(f"{fmt}-huge-line", suffix,
                   enc([*ROWS, {"id": "huge", "outlet": "X", "text": "Word " * 30_000}]), 5)
        empties = [dict(ROWS[0]), {**ROWS[1], "text": ""}, {**ROWS[2], "id": ""},
                   {**ROWS[3], "text": "   "}, dict(ROWS[0])]  # the last one a duplicate id
        yield Case(f"{fmt}-empty-parts", suffix, enc(empties), 5)
        yield Case(f"{fmt}-header-only" if fmt != "jsonl" else "jsonl-blank-lines", suffix,
                   good.split(b"\n", 1)[0] + b"\n" if fmt != "jsonl" else b"\n\n  \n")
        yield Case(f"{fmt}-empty-file", suffix, b"")
        lines = good.split(b"\n")
        ragged = (b'"x","y","z","w","v"' if fmt == "csv" else b"x\ty\tz\tw\tv"
                  if fmt == "tsv" else b'["not", "an", "object"]')
        yield Case(f"{fmt}-ragged-line", suffix, b"\n".join([*lines[:2], ragged, *lines[2:]]), 5)
        for other, (osuffix, _) in encoders.items():
            if other != fmt:
                yield Case(f"{fmt}-named-{other}", osuffix, good)
        yield Case(f"{fmt}-named-parquet", ".parquet", good)
        yield Case(f"{fmt}-gzip", suffix, b"\x1f\x8b\x08\x00" + good[:40])
    yield from _table_cases(rng)


def _latin1(enc: object, rows: list[dict]) -> bytes:
    accented = [{**r, "text": r["text"].replace("a", "\u00e1")} for r in rows]
    return enc(accented).decode("utf-8").encode("latin-1")  # type: ignore[operator]


def _table_cases(rng: random.Random) -> Iterator[Case]:
    good = _parquet(pd.DataFrame(ROWS))
    for k in range(8):
        yield Case(f"parquet-truncated-{k}", ".parquet", good[: rng.randrange(1, len(good))])
    yield Case("parquet-random", ".parquet", bytes(rng.randrange(256) for _ in range(300)))
    yield Case("parquet-named-csv", ".csv", good)
    yield Case("parquet-int-text", ".parquet",
               _parquet(pd.DataFrame({"id": ["a", "b"], "text": [1, 2]})), 2)
    yield Case("parquet-null-text", ".parquet",
               _parquet(pd.DataFrame({"id": ["a", "b"], "text": [None, "Fine text."]})), 2)
    yield Case("parquet-no-text", ".parquet", _parquet(pd.DataFrame({"id": ["a"]})))
    yield Case("parquet-empty", ".parquet", _parquet(pd.DataFrame({"id": [], "text": []})))
    yield Case("unknown-suffix", ".xlsx", b"PK\x03\x04" + good[:30])


CASES = list(cases())


def _count_records(case: Case) -> int:
    """The records of a case, counted without framing's reader: one per non-blank line of
    JSON Lines, one per row the csv module reads after the header."""
    text = case.data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="surrogateescape")
    if case.suffix == ".jsonl":
        return sum(1 for line in text.split("\n") if line.strip())
    rows = list(csv.reader(io.StringIO(text, newline=""),
                           delimiter="\t" if case.suffix == ".tsv" else ","))
    return max(0, len([r for r in rows[1:] if r]))


@pytest.fixture(scope="module")
def lexicon_analyzer() -> framing.Analyzer:
    return framing.Analyzer(model=None)


def test_there_are_at_least_200_cases_of_every_kind() -> None:
    assert len(CASES) >= 200
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_score_refuses_or_accounts_for_every_record(
        tmp_path: Path, lexicon_analyzer: framing.Analyzer, case: Case) -> None:
    src = tmp_path / f"input{case.suffix}"
    src.write_bytes(case.data)
    out = tmp_path / "out"
    try:
        score_corpus(src, out, analyzer=lexicon_analyzer, progress=False, part_size=2)
    except FramingError as err:
        assert "\n" not in str(err).strip() and len(str(err)) < 600
        assert not (out / "manifest.json").exists() and not (out / "articles.parquet").exists()
        return
    articles = pd.read_parquet(out / "articles.parquet")
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    positions = [e["position"] for e in errors]
    assert len(set(positions)) == len(positions), "a record reported twice"
    assert articles["id"].is_unique if len(articles) else True
    expected = case.n_records if case.n_records is not None else _count_records(case)
    if case.suffix in (".csv", ".tsv", ".jsonl") or case.n_records is not None:
        assert len(articles) + len(errors) == expected, (len(articles), errors)
    assert all(e["reason"] for e in errors)


@pytest.mark.parametrize("case", CASES[::3], ids=[c.name for c in CASES[::3]])
def test_analyze_gives_a_report_or_a_clear_error(
        tmp_path: Path, lexicon_analyzer: framing.Analyzer, case: Case) -> None:
    for suffix in (case.suffix, ".txt"):
        src = tmp_path / f"article{suffix}"
        src.write_bytes(case.data)
        try:
            report = lexicon_analyzer(framing.read_article(src))
        except FramingError as err:
            assert "\n" not in str(err).strip()
            continue
        assert suffix == ".txt" and report.n_words > 0


NAMED = {  # the bad inputs the issue names, each a one-line error with a non-zero exit
    "latin1-csv-analyze": (["analyze", "{dir}/in.csv"], "framing score"),
    "jsonl-analyze": (["analyze", "{dir}/in.jsonl"], "framing score"),
    "txt-format-file": (["score", "{dir}/in.csv", "-o", "{dir}/o", "--input-format", "txt"],
                        "folder of .txt files"),
    "csv-read-as-jsonl": (["score", "{dir}/in.csv", "-o", "{dir}/o", "--input-format",
                           "jsonl"], "looks like CSV"),
    "parquet-named-csv": (["score", "{dir}/pq.csv", "-o", "{dir}/o"], "looks like Parquet"),
    "unknown-encoding": (["score", "{dir}/in.csv", "-o", "{dir}/o", "--encoding", "nope"],
                         "Unknown text encoding"),
    "missing-column": (["score", "{dir}/in.csv", "-o", "{dir}/o", "--text-col", "body"],
                       "has no column 'body'"),
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_bad_inputs_are_one_line_errors(tmp_path: Path, name: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.csv").write_bytes(_latin1(_csv, ROWS))
    (tmp_path / "in.jsonl").write_bytes(_jsonl(ROWS))
    (tmp_path / "pq.csv").write_bytes(_parquet(pd.DataFrame(ROWS)))
    argv, expect = NAMED[name]
    code = main([a.format(dir=tmp_path) for a in argv] + ["--model", "none"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("framing: error:") and err.count("\n") == 1, err
    assert expect in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_latin1_csv_names_the_byte_and_scores_with_its_encoding(
        tmp_path: Path, lexicon_analyzer: framing.Analyzer) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(_latin1(_csv, ROWS))
    first = score_corpus(src, tmp_path / "utf8", analyzer=lexicon_analyzer, progress=False)
    errors = (tmp_path / "utf8" / "errors.jsonl").read_text("utf-8")
    offset = src.read_bytes().index(b"\xe1")
    assert first.n_errors == 4 and "byte 0xe1" in errors and f"offset {offset}" in errors
    assert "--encoding" in errors
    second = score_corpus(src, tmp_path / "latin1", analyzer=lexicon_analyzer, progress=False,
                          encoding="latin-1")
    assert (second.n_scored, second.n_errors) == (4, 0)
    texts = pd.read_parquet(tmp_path / "latin1" / "articles.parquet")
    assert len(texts) == 4


def test_an_article_over_the_limit_is_refused_before_parsing(
        lexicon_analyzer: framing.Analyzer) -> None:
    with pytest.raises(FramingError, match="1,500,000 characters long.*framing score"):
        lexicon_analyzer("Word " * 300_000)
