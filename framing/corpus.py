"""Corpus scoring: read a corpus as a stream, score it in atomic parts, resume after a kill.

::

    framing score corpus.csv -o out/          # or .tsv .jsonl .parquet, a datasets folder,
                                              # a folder of .txt files

``OUTDIR`` holds, when a run has finished:

- ``articles.parquet``: one row per article (:func:`framing.tables.article_row`), by id;
- ``findings.parquet``: one row per term, attribution and unattributed claim, by id and
  offset (:func:`finding_rows`);
- ``errors.jsonl``: one line per record that could not be scored: ``id``, ``position`` (its
  0-based place in the input), ``reason``;
- ``outlets.csv``: per outlet, the number of articles and the mean of each density and share
  with a seeded 95% bootstrap confidence interval (:func:`outlet_table`);
- ``manifest.json``: what was scored with what; its presence marks a finished run.

While a run goes, each batch of records is written to ``parts/NNNNNN/`` through a temporary
folder renamed into place, so a part is either whole or absent. A run killed at any point
and started again with the same command skips the input positions its whole parts cover and
goes on; a finished run started again does nothing; ``force=True`` starts afresh.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import ConfigError, InputError, InputNotFoundError
from framing.records import Article, ArticleReport
from framing.tables import article_row

if TYPE_CHECKING:
    import pandas as pd

    from framing.pipeline import Analyzer

log = logging.getLogger(__name__)

#: Input formats :func:`iter_records` reads, by what a path looks like.
FORMATS = ("csv", "tsv", "jsonl", "parquet", "datasets", "txt")

#: Article-level numbers summarised per outlet in ``outlets.csv``.
OUTLET_METRICS = (
    "author_terms_per_100_words",
    "loaded_sentence_share",
    "mean_p_biased",
    "loading_per_100_words",
    "attributed_sentence_share",
    "anonymous_vague_share",
)

#: Longest article text scored, in characters (spaCy refuses texts over its ``max_length``,
#: 1,000,000); a longer one is truncated and its row carries a ``warning``.
MAX_CHARS = 500_000

#: Bootstrap resamples and seed for the outlet confidence intervals.
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 0


@dataclass(frozen=True)
class BadRecord:
    """A record that cannot be scored: where it was in the input and why."""

    position: int
    id: str | None
    reason: str


# -- reading --------------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    """The input format of ``path``, from its suffix (or, for a folder, its contents)."""
    if path.is_dir():
        if (path / "dataset_info.json").exists() or (path / "state.json").exists():
            return "datasets"
        return "txt"
    suffix = path.suffix.lower()
    names = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}
    if suffix in names:
        return names[suffix]
    raise InputError(
        f"Cannot tell the format of '{path}' from its suffix '{suffix}'. Use one of .csv, "
        ".tsv, .jsonl, .parquet, a saved datasets folder or a folder of .txt files, or pass "
        f"the format explicitly (one of {', '.join(FORMATS)})."
    )


def _batches(path: Path, fmt: str, chunk: int) -> Iterator[list[dict[str, Any]]]:
    """Rows of a tabular input, in input order, a bounded number at a time."""
    if fmt in ("csv", "tsv"):
        import pandas as pd

        reader = pd.read_csv(path, sep="," if fmt == "csv" else "\t", chunksize=chunk,
                             dtype=object, keep_default_na=False, na_values=[])
        for frame in reader:
            yield frame.to_dict("records")
    elif fmt == "jsonl":
        rows: list[dict[str, Any]] = []
        with open(path, encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    row = {"__error__": f"line {n + 1} is not JSON: {err.msg}"}
                rows.append(row if isinstance(row, dict) else
                            {"__error__": f"line {n + 1} is not a JSON object"})
                if len(rows) == chunk:
                    yield rows
                    rows = []
        if rows:
            yield rows
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk):
            yield batch.to_pylist()
    elif fmt == "datasets":
        from datasets import load_from_disk

        ds = load_from_disk(str(path))
        for start in range(0, len(ds), chunk):
            part = ds[start : start + chunk]  # column -> values
            yield [dict(zip(part, values, strict=True))
                   for values in zip(*part.values(), strict=True)]
    elif fmt == "txt":
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        for start in range(0, len(files), chunk):
            out = []
            for p in files[start : start + chunk]:
                data = p.read_bytes()
                try:
                    out.append({"id": p.stem, "text": data.decode("utf-8-sig")})
                except UnicodeDecodeError as err:
                    out.append({"id": p.stem, "__error__": f"not UTF-8 (byte offset {err.start})"})
            yield out
    else:
        raise ConfigError(f"Unknown input format {fmt!r}; choose one of {', '.join(FORMATS)}.")


def _columns(path: Path, fmt: str) -> list[str] | None:
    """The column names of a tabular input (None for a folder of .txt files or JSON Lines,
    whose records may differ)."""
    if fmt in ("csv", "tsv"):
        import pandas as pd

        return list(pd.read_csv(path, sep="," if fmt == "csv" else "\t", nrows=0).columns)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    if fmt == "datasets":
        from datasets import load_from_disk

        return list(load_from_disk(str(path)).column_names)
    return None


def iter_records(
    path: str | Path,
    text_col: str = "text",
    id_col: str | None = "id",
    outlet_col: str | None = "outlet",
    fmt: str | None = None,
    chunk: int = 512,
) -> Iterator[Article | BadRecord]:
    """The records of a corpus as :class:`Article` (or :class:`BadRecord`), in input order.

    Streams: at most ``chunk`` rows are in memory at a time. ``id_col=None`` (or a default
    ``id`` column that the input lacks) numbers the articles by position (``row-0``, ...);
    an outlet column the input lacks gives ``outlet=None`` unless it was asked for by name.
    A missing or empty text, text that is not a string, an undecodable file, a missing id
    and an id seen before are bad records, reported and skipped by the scorer.
    """
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError(f"Input '{p}' does not exist. Check the path.")
    fmt = fmt or detect_format(p)
    columns = _columns(p, fmt)
    if columns is not None:
        missing = [c for c in (text_col,) if c not in columns]
        if id_col not in (None, "id") and id_col not in columns:
            missing.append(id_col)
        if outlet_col not in (None, "outlet") and outlet_col not in columns:
            missing.append(outlet_col)
        if missing:
            raise InputError(
                f"'{p}' has no column {', '.join(repr(m) for m in missing)}; its columns are "
                f"{', '.join(repr(c) for c in columns)}. Name the right ones with --text-col, "
                "--id-col and --outlet-col."
            )
        if id_col == "id" and "id" not in columns:
            id_col = None
    seen: set[str] = set()
    position = 0
    for rows in _batches(p, fmt, chunk):
        for row in rows:
            yield _record(row, position, text_col, id_col, outlet_col, seen)
            position += 1


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _record(row: dict[str, Any], position: int, text_col: str, id_col: str | None,
            outlet_col: str | None, seen: set[str]) -> Article | BadRecord:
    raw_id = row.get(id_col) if id_col is not None else f"row-{position}"
    art_id = None if _blank(raw_id) else str(raw_id)
    if "__error__" in row:
        return BadRecord(position, art_id, str(row["__error__"]))
    if art_id is None:
        return BadRecord(position, None, f"missing id (column {id_col!r} is empty)")
    if art_id in seen:
        return BadRecord(position, art_id, f"duplicate id {art_id!r}: an earlier record has it")
    seen.add(art_id)
    text = row.get(text_col)
    if _blank(text):
        return BadRecord(position, art_id, f"empty text (column {text_col!r})")
    if not isinstance(text, str):
        return BadRecord(position, art_id,
                         f"text is {type(text).__name__}, not a string (column {text_col!r})")
    outlet = row.get(outlet_col) if outlet_col is not None else None
    return Article(text=text, id=art_id, outlet=None if _blank(outlet) else str(outlet))


# -- findings -------------------------------------------------------------------------------


def finding_rows(report: ArticleReport) -> list[dict[str, Any]]:
    """One row per term, attribution and unattributed claim of a report.

    ``kind`` is ``term``, ``attribution`` or ``unattributed``; ``label`` is the term's
    category, the source type or ``unattributed``; ``cue_class`` the attribution's cue class;
    offsets are those of the term, the cue or the claim.
    """
    base = {"id": report.id, "outlet": report.outlet}
    rows: list[dict[str, Any]] = []
    for t in report.terms:
        rows.append({**base, "kind": "term", "start_char": t.start_char,
                     "end_char": t.end_char, "text": t.surface, "label": t.category,
                     "term": t.term, "voice": t.voice, "origin": t.origin,
                     "loading": t.loading, "cue_class": None, "source": t.speaker})
    for a in report.attributions:
        rows.append({**base, "kind": "attribution", "start_char": a.cue.start_char,
                     "end_char": a.cue.end_char, "text": a.cue.text,
                     "label": a.source.type if a.source else "none", "term": a.cue.lemma,
                     "voice": a.kind, "origin": "rule", "loading": None,
                     "cue_class": a.cue.cue_class,
                     "source": (a.source.resolved or a.source.text) if a.source else None})
    for u in report.unattributed:
        rows.append({**base, "kind": "unattributed", "start_char": u.start_char,
                     "end_char": u.end_char, "text": u.text, "label": "unattributed",
                     "term": u.cue, "voice": "author", "origin": "rule", "loading": None,
                     "cue_class": None, "source": None})
    return rows


# -- outlets ---------------------------------------------------------------------------------


def outlet_table(articles: pd.DataFrame, samples: int = BOOTSTRAP_SAMPLES,
                 seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Per outlet: ``n_articles`` and, for each of :data:`OUTLET_METRICS` present, the mean
    over articles with a value and a percentile bootstrap 95% CI (``<metric>_ci_low``,
    ``<metric>_ci_high``), resampling articles with a fixed seed."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    out = []
    frame = articles.assign(outlet=articles["outlet"].fillna("(none)"))
    for outlet, group in sorted(frame.groupby("outlet"), key=lambda kv: str(kv[0])):
        row: dict[str, Any] = {"outlet": outlet, "n_articles": len(group)}
        for metric in OUTLET_METRICS:
            if metric not in group:
                continue
            values = pd.to_numeric(group[metric], errors="coerce").dropna().to_numpy(float)
            if len(values) == 0:
                row.update({metric: None, f"{metric}_ci_low": None, f"{metric}_ci_high": None})
                continue
            means = rng.choice(values, size=(samples, len(values))).mean(axis=1)
            row.update({metric: round(float(values.mean()), 4),
                        f"{metric}_ci_low": round(float(np.percentile(means, 2.5)), 4),
                        f"{metric}_ci_high": round(float(np.percentile(means, 97.5)), 4)})
        out.append(row)
    return pd.DataFrame(out)


# -- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreResult:
    """What a run did: articles scored and records refused (in all parts, this run and
    earlier ones), seconds this run took, and whether it had nothing left to do."""

    outdir: Path
    n_scored: int
    n_errors: int
    seconds: float
    already_done: bool

    @property
    def articles_per_minute(self) -> float:
        return round(60.0 * self.n_scored / self.seconds, 1) if self.seconds else 0.0


def _write_part(parts: Path, index: int, first: int, end: int, rows: list[dict[str, Any]],
                findings: list[dict[str, Any]], errors: list[BadRecord]) -> None:
    import pandas as pd

    tmp = parts / f"{index:06d}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    pd.DataFrame(rows).to_parquet(tmp / "articles.parquet", index=False)
    pd.DataFrame(findings).to_parquet(tmp / "findings.parquet", index=False)
    with open(tmp / "errors.jsonl", "w", encoding="utf-8") as fh:
        for e in errors:
            fh.write(json.dumps({"id": e.id, "position": e.position, "reason": e.reason},
                                ensure_ascii=False) + "\n")
    (tmp / "range.json").write_text(json.dumps({"first": first, "end": end}), "utf-8")
    for f in tmp.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, parts / f"{index:06d}")


def _done_parts(parts: Path) -> list[Path]:
    for stale in parts.glob("*.tmp"):
        shutil.rmtree(stale)  # a part a killed run did not finish
    return sorted(p for p in parts.iterdir() if p.is_dir())


def score_corpus(
    source: str | Path,
    outdir: str | Path,
    analyzer: Analyzer | None = None,
    text_col: str = "text",
    id_col: str | None = "id",
    outlet_col: str | None = "outlet",
    fmt: str | None = None,
    part_size: int = 256,
    force: bool = False,
    progress: bool | None = None,
) -> ScoreResult:
    """Score every record of ``source`` into ``outdir`` (see the module docstring).

    ``analyzer`` defaults to ``Analyzer()``; ``part_size`` records go into each atomic part.
    ``progress=None`` shows a progress bar only when standard error is a terminal.
    """
    import pandas as pd

    from framing.pipeline import Analyzer

    out = Path(outdir)
    manifest = out / "manifest.json"
    if force and out.exists():
        shutil.rmtree(out)
    if manifest.exists():
        info = json.loads(manifest.read_text("utf-8"))
        return ScoreResult(out, info["n_scored"], info["n_errors"], 0.0, already_done=True)
    parts = out / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    done = _done_parts(parts)
    resume_at = max((json.loads((p / "range.json").read_text("utf-8"))["end"] for p in done),
                    default=0)
    analyzer = analyzer if analyzer is not None else Analyzer()
    t0 = time.perf_counter()
    bar = None
    if progress or (progress is None and sys.stderr.isatty()):
        from tqdm import tqdm

        bar = tqdm(unit="article", desc="scoring", initial=resume_at)
    index = len(done)
    records = iter_records(source, text_col, id_col, outlet_col, fmt)
    pending: list[Article | BadRecord] = []
    first = resume_at

    def flush(batch: list[Article | BadRecord], first: int) -> None:
        nonlocal index
        errors = [r for r in batch if isinstance(r, BadRecord)]
        articles, warnings = [], {}
        for k, r in enumerate(batch):
            if isinstance(r, Article):
                if len(r.text) > MAX_CHARS:
                    warnings[r.id] = f"truncated from {len(r.text)} to {MAX_CHARS} characters"
                    r = Article(r.text[:MAX_CHARS], id=r.id, outlet=r.outlet, title=r.title)
                articles.append((first + k, r))
        try:
            reports = list(analyzer.pipe([a for _, a in articles]))
        except Exception:  # one bad article must not lose the batch: score them one by one
            reports = []
            for position, art in articles:
                try:
                    reports.append(analyzer(art))
                except Exception as err:
                    errors.append(BadRecord(position, art.id, f"analysis failed: {err}"))
            failed = {e.id for e in errors}
            articles = [(p, a) for p, a in articles if a.id not in failed]
        rows, findings = [], []
        for (_, art), report in zip(articles, reports, strict=True):
            row = article_row(report)
            row["warning"] = warnings.get(art.id)
            rows.append(row)
            findings += finding_rows(report)
        index += 1
        _write_part(parts, index, first, first + len(batch), rows, findings, errors)
        if bar is not None:
            bar.update(len(batch))

    for position, record in enumerate(records):
        if position < resume_at:
            continue  # a whole part already holds it
        pending.append(record)
        if len(pending) == part_size:
            flush(pending, first)
            first += len(pending)
            pending = []
    if pending:
        flush(pending, first)
    if bar is not None:
        bar.close()

    done = _done_parts(parts)
    articles = pd.concat([pd.read_parquet(p / "articles.parquet") for p in done],
                         ignore_index=True) if done else pd.DataFrame()
    findings = pd.concat([pd.read_parquet(p / "findings.parquet") for p in done],
                         ignore_index=True) if done else pd.DataFrame()
    if len(articles):
        articles = articles.sort_values("id", kind="stable").reset_index(drop=True)
    if len(findings):
        findings = findings.sort_values(["id", "start_char", "kind"],
                                        kind="stable").reset_index(drop=True)
    errors = [line for p in done
              for line in (p / "errors.jsonl").read_text("utf-8").splitlines() if line]
    _atomic_parquet(articles, out / "articles.parquet")
    _atomic_parquet(findings, out / "findings.parquet")
    _atomic_text(out / "errors.jsonl", "".join(e + "\n" for e in errors))
    table = outlet_table(articles) if len(articles) else pd.DataFrame()
    _atomic_text(out / "outlets.csv", table.to_csv(index=False))
    seconds = round(time.perf_counter() - t0, 2)
    info = {"source": str(source), "n_scored": len(articles), "n_errors": len(errors),
            "provenance": analyzer.provenance(), "text_col": text_col, "id_col": id_col,
            "outlet_col": outlet_col}
    _atomic_text(manifest, json.dumps(info, indent=2, default=str) + "\n")
    shutil.rmtree(parts)
    return ScoreResult(out, len(articles), len(errors), seconds, already_done=False)


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def _atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
