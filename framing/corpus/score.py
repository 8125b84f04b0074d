"""Corpus scoring: read a corpus as a stream, score it in atomic parts, resume after a kill.

::

    framing score corpus.csv -o out/          # or .tsv .jsonl .parquet, a datasets folder,
                                              # a folder of .txt files

``OUTDIR`` holds, when a run has finished:

- ``articles.parquet``: one row per article (:func:`framing.render.tables.article_row`), by id;
- ``findings.parquet``: one row per term, attribution and unattributed claim, by id and
  offset (:func:`framing.render.tables.finding_rows`);
- ``actors.parquet``: one row per label attached to an actor, plus one row for each actor
  without a label, by id and first mention (:func:`framing.render.tables.actor_rows`);
- ``errors.jsonl``: one line per record that could not be scored: ``id``, ``position`` (its
  0-based place in the input), ``reason``;
- ``outlets.csv``: per outlet, the number of articles and the mean of each density and share
  with a seeded 95% bootstrap confidence interval (:func:`framing.render.tables.outlet_table`);
- ``manifest.json``: what was scored with what (the run's identity, see
  :mod:`framing.corpus.runs`, and the reports' provenance); its presence marks a finished run.

While a run goes, each batch of records is written to ``parts/NNNNNN/`` through a temporary
folder renamed into place, so a part is either whole or absent. A run killed at any point
and started again with the same command skips the input positions its whole parts cover and
goes on; a finished run started again does nothing; ``force=True`` starts afresh. Either goes
on only when the input (its content, not its path), lexicon, model, settings and table format
are those the folder's run recorded: any change is an error that names it
(:mod:`framing.corpus.runs`), so a table never answers another question than the one asked.

This module runs a whole corpus (and a ``datasets.Dataset``); :mod:`framing.corpus.reading`,
:mod:`framing.corpus.parts` and :mod:`framing.corpus.workers` hold its steps.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.corpus.parts import _atomic_table, _atomic_text, _done_parts, _merged, _provenance
from framing.corpus.reading import BadRecord, count_records, detect_format, iter_records
from framing.corpus.runs import check_same_run, run_identity
from framing.corpus.workers import _Runner
from framing.errors import ConfigError, InputError, InputNotFoundError
from framing.inputs import check_encoding
from framing.records import Article
from framing.render.tables import (
    OUTLET_METRICS,
    article_row,
    category_count_columns,
    outlet_table,
)

if TYPE_CHECKING:
    from framing.pipeline import Analyzer

__all__ = ["ScoreResult", "score_corpus", "score_dataset"]


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
    workers: int = 1,
    scheduler: str | None = None,
    dask_local: int | None = None,
    table_format: str = "parquet",
    encoding: str = "utf-8",
) -> ScoreResult:
    """Score every record of ``source`` into ``outdir`` (see the module docstring).

    ``analyzer`` defaults to ``Analyzer()``. Records go into parts of ``part_size`` by input
    position (part ``k`` holds positions ``k*part_size`` to ``(k+1)*part_size - 1``), the unit
    of work and of resumption; a resumed run keeps the part size it started with.
    ``workers=N`` scores parts in N processes, ``scheduler`` sends them to a running Dask
    scheduler (``tcp://host:8786``; ``outdir`` must then be on a file system the workers
    share), ``dask_local=N`` starts a local Dask cluster of N processes. Every way gives the
    same tables: each part is scored by one analyzer call, whoever runs it.
    ``table_format`` is ``parquet``, ``csv`` or ``jsonl`` for ``articles``, ``findings``
    and ``actors``.
    ``progress=None`` shows a progress bar only when standard error is a terminal.
    ``encoding`` is the text encoding of the input (a record with bytes not valid in it is
    reported in ``errors.jsonl`` with the byte and a hint, never decoded by guesswork).
    """

    from framing.pipeline import Analyzer

    if table_format not in ("parquet", "csv", "jsonl"):
        raise ConfigError(
            f"table_format must be 'parquet', 'csv' or 'jsonl'; got {table_format!r}."
        )
    if not isinstance(part_size, int) or part_size < 1:
        raise ConfigError(f"part_size must be a positive int; got {part_size!r}.")
    out = Path(outdir)
    manifest = out / "manifest.json"
    started = out / "run.json"
    if force and out.exists():
        _discard(out)
    src = Path(source)
    if not src.exists():
        raise InputNotFoundError(f"Input '{src}' does not exist. Check the path.")
    fmt = fmt or detect_format(src)
    analyzer = analyzer if analyzer is not None else Analyzer()
    encoding = check_encoding(encoding)
    records = iter_records(source, text_col, id_col, outlet_col, fmt, encoding=encoding)
    identity = run_identity(source, fmt, analyzer, {"text_col": text_col, "id_col": id_col,
                                                    "outlet_col": outlet_col,
                                                    "encoding": encoding}, table_format)
    if manifest.exists():
        info = json.loads(manifest.read_text("utf-8"))
        check_same_run(out, info.get("identity"), identity, finished=True)
        return ScoreResult(out, info["n_scored"], info["n_errors"], 0.0, already_done=True)
    parts = out / "parts"
    if started.exists():
        run = json.loads(started.read_text("utf-8"))
        check_same_run(out, run.get("identity"), identity, finished=False)
        part_size = int(run["part_size"])
    elif parts.exists() and any(parts.iterdir()):
        check_same_run(out, None, identity, finished=False)
    parts.mkdir(parents=True, exist_ok=True)
    if not started.exists():
        _atomic_text(started, json.dumps({"source": str(source), "part_size": part_size,
                                          "identity": identity}, indent=2) + "\n")
    done = {int(p.name) for p in _done_parts(parts)}
    t0 = time.perf_counter()
    bar = None
    if progress or (progress is None and sys.stderr.isatty()):
        from tqdm import tqdm

        total = count_records(source, fmt, encoding)
        bar = tqdm(unit="record", desc="scoring", total=total,
                   initial=min(len(done) * part_size, total or len(done) * part_size))
    runner = _Runner(analyzer, parts, workers, scheduler, dask_local,
                     on_done=(lambda n: bar.update(n)) if bar is not None else (lambda n: None))
    try:
        batch: list[Article | BadRecord] = []
        index = 0
        for record in records:
            batch.append(record)  # every record is read: duplicates are found in order
            if len(batch) == part_size:
                if index not in done:
                    runner.submit(index, index * part_size, batch)
                index += 1
                batch = []
        if batch and index not in done:
            runner.submit(index, index * part_size, batch)
        if index == 0 and not batch:
            shutil.rmtree(parts)
            started.unlink()
            raise InputError(f"'{source}' holds no records (a header or blank lines only); "
                             "there is nothing to score.")
    finally:
        runner.close()
        if bar is not None:
            bar.close()
    return _finish(out, parts, analyzer, identity, round(time.perf_counter() - t0, 2))


def _discard(out: Path) -> None:
    """Remove an earlier run's output (``force=True``); a folder that holds anything else is
    left alone, so a mistyped ``-o`` cannot delete a user's files."""
    ours = {"manifest.json", "run.json", "parts", "errors.jsonl", "outlets.csv",
            *(f"{name}.{ext}" for name in ("articles", "findings", "actors")
              for ext in ("parquet", "csv", "jsonl"))}
    others = sorted(p.name for p in out.iterdir() if p.name not in ours
                    and not p.name.endswith(".tmp")) if out.is_dir() else [out.name]
    if others:
        raise ConfigError(
            f"--force would delete '{out}', but it holds files a framing run did not write "
            f"({', '.join(others[:5])}). Choose an empty or new output folder."
        )
    shutil.rmtree(out)


def _zero_counts(table: Any) -> Any:
    """The articles table with 0 for a category an article has no term of (as
    :func:`framing.to_dataframe` gives), not null."""
    import pyarrow as pa

    for name in category_count_columns(table.column_names):
        i = table.column_names.index(name)
        table = table.set_column(i, name, table[name].fill_null(0).cast(pa.int64()))
    return table


def _finish(out: Path, parts: Path, analyzer: Analyzer, identity: dict[str, Any],
            seconds: float) -> ScoreResult:
    """Merge the parts into the final tables, write the manifest, drop the parts."""
    import pandas as pd

    table_format = identity["table_format"]
    done = _done_parts(parts)
    articles = _zero_counts(_merged(done, "articles", ["id"]))
    findings = _merged(done, "findings", ["id", "start_char", "kind"])
    actors = _merged(done, "actors", ["id", "first_char", "actor", "start_char"])
    errors = [line for p in done
              for line in (p / "errors.jsonl").read_text("utf-8").splitlines() if line]
    for name, table in (("articles", articles), ("findings", findings), ("actors", actors)):
        _atomic_table(table, out / f"{name}.{table_format}", table_format)
    _atomic_text(out / "errors.jsonl", "".join(e + "\n" for e in errors))
    metrics = [c for c in ("outlet", *OUTLET_METRICS) if c in articles.column_names]
    table = (outlet_table(articles.select(metrics).to_pandas()) if articles.num_rows
             else pd.DataFrame())
    _atomic_text(out / "outlets.csv", table.to_csv(index=False))
    info = {"source": identity["input"]["path"], "n_scored": articles.num_rows,
            "n_errors": len(errors), "provenance": _provenance(done, analyzer),
            "identity": identity}
    _atomic_text(out / "manifest.json", json.dumps(info, indent=2, default=str) + "\n")
    shutil.rmtree(parts)
    (out / "run.json").unlink(missing_ok=True)
    return ScoreResult(out, articles.num_rows, len(errors), seconds, already_done=False)


def score_dataset(
    dataset: Any, analyzer: Analyzer | None = None, text_col: str = "text",
    batch_size: int = 64,
) -> Any:
    """A ``datasets.Dataset`` with the article-level numbers of each row's text added as
    columns (``n_words``, ``n_sentences``, :data:`framing.render.tables.SUMMARY_COLUMNS` and
    :data:`framing.render.tables.ATTRIBUTION_COLUMNS`), through ``Dataset.map(batched=True)``.

    The analyzer is not hashed by ``datasets`` (``new_fingerprint`` is derived from the
    dataset's fingerprint and the analyzer's provenance), and results are not cached.
    """
    import hashlib

    from datasets import Value

    from framing.pipeline import Analyzer
    from framing.render.tables import ATTRIBUTION_COLUMNS, SUMMARY_COLUMNS

    if text_col not in dataset.column_names:
        raise InputError(
            f"The dataset has no column {text_col!r}; its columns are "
            f"{', '.join(repr(c) for c in dataset.column_names)}. Pass text_col=..."
        )
    analyzer = analyzer if analyzer is not None else Analyzer()

    def add(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        texts = batch[text_col]
        bad = [i for i, t in enumerate(texts) if not isinstance(t, str) or not t.strip()]
        if bad:
            raise InputError(f"Row {bad[0]} of the batch has no text in {text_col!r}; filter "
                             "empty rows first (dataset.filter(lambda r: bool(r[...]))).")
        rows = [article_row(r) for r in analyzer.pipe(texts)]
        return {k: [row.get(k) for row in rows] for k in columns}

    columns = ("n_words", "n_sentences", *SUMMARY_COLUMNS, *ATTRIBUTION_COLUMNS)
    features = dataset.features.copy()
    for k in columns:
        features[k] = Value("int64" if k.startswith("n_") else "float64")
    digest = hashlib.sha256(
        (dataset._fingerprint + json.dumps(analyzer.provenance(), sort_keys=True,
                                           default=str)).encode()).hexdigest()[:16]
    return dataset.map(add, batched=True, batch_size=batch_size, load_from_cache_file=False,
                       new_fingerprint=digest, features=features)
