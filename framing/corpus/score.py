"""Corpus scoring: read a corpus as a stream, score it in atomic parts, resume after a kill.

::

    framing score corpus.csv -o out/          # or .tsv .jsonl .parquet, a datasets folder,
                                              # a folder of .txt files

``OUTDIR`` holds, when a run has finished:

- ``articles.parquet``: one row per article (:func:`framing.render.tables.article_row`), by id;
- ``findings.parquet``: one row per term, attribution and unattributed claim, by id and
  offset (:func:`finding_rows`);
- ``actors.parquet``: one row per label attached to an actor, plus one row for each actor
  without a label, by id and first mention (:func:`actor_rows`);
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
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import ConfigError, InputError, InputNotFoundError
from framing.inputs import decode_text
from framing.records import Article, ArticleReport
from framing.render.tables import article_row

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

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
                try:
                    out.append({"id": p.stem, "text": decode_text(p.read_bytes(), p.name)})
                except InputError as err:  # binary, not UTF-8, or empty
                    out.append({"id": p.stem, "__error__": str(err)})
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


def finding_rows(report: ArticleReport | dict[str, Any]) -> list[dict[str, Any]]:
    """One row per term, attribution and unattributed claim of a report (an
    :class:`ArticleReport` or its ``to_dict()``, as a report JSON file holds it).

    ``kind`` is ``term``, ``attribution`` or ``unattributed``; ``label`` is the term's
    category, the source type or ``unattributed``; ``cue_class`` the attribution's cue class;
    offsets are those of the term, the cue or the claim.
    """
    d: dict[str, Any] = report if isinstance(report, dict) else {
        "id": report.id, "outlet": report.outlet,
        "terms": [t.to_dict() for t in report.terms],
        "attributions": [a.to_dict() for a in report.attributions],
        "unattributed": [u.to_dict() for u in report.unattributed],
    }
    base = {"id": d["id"], "outlet": d.get("outlet")}
    rows: list[dict[str, Any]] = []
    for t in d["terms"]:
        rows.append({**base, "kind": "term", "start_char": t["start_char"],
                     "end_char": t["end_char"], "text": t["surface"], "label": t["category"],
                     "term": t["term"], "voice": t["voice"], "origin": t["origin"],
                     "loading": t.get("loading"), "cue_class": None,
                     "source": t.get("speaker")})
    for a in d.get("attributions") or ():
        cue, source = a["cue"], a.get("source")
        rows.append({**base, "kind": "attribution", "start_char": cue["start_char"],
                     "end_char": cue["end_char"], "text": cue["text"],
                     "label": source["type"] if source else "none", "term": cue["lemma"],
                     "voice": a["kind"], "origin": "rule", "loading": None,
                     "cue_class": cue["class"],
                     "source": (source.get("resolved") or source["text"]) if source else None})
    for u in d.get("unattributed") or ():
        rows.append({**base, "kind": "unattributed", "start_char": u["start_char"],
                     "end_char": u["end_char"], "text": u["text"], "label": "unattributed",
                     "term": u["cue"]["text"], "voice": "author", "origin": "rule",
                     "loading": None, "cue_class": None, "source": None})
    return rows


#: The label columns of the actor table (null on the row of an actor without a label).
_LABEL_COLUMNS = ("label", "term", "category", "relation", "voice", "polarity", "loading",
                  "start_char", "end_char")


def actor_rows(report: ArticleReport | dict[str, Any]) -> list[dict[str, Any]]:
    """One row per label attached to an actor in a report (an :class:`ArticleReport` or its
    ``to_dict()``), plus one row with ``label`` null for each actor without a label, so
    that mentions can be counted per outlet too.

    Columns: ``id``, ``outlet``, ``actor`` (its name), ``actor_type``, ``n_mentions``,
    ``n_cited``, ``first_char`` (its first mention), then the label's ``label`` (the term as
    written), ``term``, ``category``, ``relation``, ``voice``, ``polarity``, ``loading``,
    ``start_char`` and ``end_char``.
    """
    actors = (report.get("actors") or ()) if isinstance(report, dict) else [
        a.to_dict() for a in report.actors]
    ident = report if isinstance(report, dict) else {"id": report.id, "outlet": report.outlet}
    rows: list[dict[str, Any]] = []
    for a in actors:
        base = {"id": ident["id"], "outlet": ident.get("outlet"), "actor": a["name"],
                "actor_type": a["type"], "n_mentions": a["n_mentions"], "n_cited": a["n_cited"],
                "first_char": a["mentions"][0]["start_char"]}
        for lb in a["labels"]:
            rows.append({**base, "label": " ".join(lb["surface"].split()), "term": lb["term"],
                         "category": lb["category"], "relation": lb["relation"],
                         "voice": lb["voice"], "polarity": lb["polarity"],
                         "loading": lb["loading"], "start_char": lb["start_char"],
                         "end_char": lb["end_char"]})
        if not a["labels"]:
            rows.append({**base, **dict.fromkeys(_LABEL_COLUMNS)})
    return rows


# -- outlets ---------------------------------------------------------------------------------


def outlet_table(articles: pd.DataFrame, samples: int = BOOTSTRAP_SAMPLES,
                 seed: int = BOOTSTRAP_SEED,
                 metrics: Sequence[str] = OUTLET_METRICS) -> pd.DataFrame:
    """Per outlet: ``n_articles`` and, for each of ``metrics`` present, the mean
    over articles with a value and a percentile bootstrap 95% CI (``<metric>_ci_low``,
    ``<metric>_ci_high``), resampling articles with a fixed seed."""
    import numpy as np
    import pandas as pd

    out = []
    frame = articles.assign(outlet=articles["outlet"].fillna("(none)"))
    for outlet, group in sorted(frame.groupby("outlet"), key=lambda kv: str(kv[0])):
        row: dict[str, Any] = {"outlet": outlet, "n_articles": len(group)}
        for metric in metrics:
            if metric not in group:
                continue
            values = pd.to_numeric(group[metric], errors="coerce").dropna().to_numpy(float)
            if len(values) == 0:
                row.update({metric: None, f"{metric}_ci_low": None, f"{metric}_ci_high": None})
                continue
            # one seeded stream per outlet and metric: an interval does not depend on which
            # other outlets or metrics share the table
            rng = np.random.default_rng([seed, zlib.crc32(f"{outlet}\0{metric}".encode())])
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


_ACTOR_INT_COLUMNS = ("n_mentions", "n_cited", "first_char", "polarity", "start_char",
                      "end_char")


def _write_part(parts: Path, index: int, first: int, end: int, rows: list[dict[str, Any]],
                findings: list[dict[str, Any]], actors: list[dict[str, Any]],
                errors: list[BadRecord], provenance: dict[str, Any]) -> None:
    import pandas as pd

    tmp = parts / f"{index:06d}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    pd.DataFrame(rows).to_parquet(tmp / "articles.parquet", index=False)
    pd.DataFrame(findings).to_parquet(tmp / "findings.parquet", index=False)
    actor_frame = pd.DataFrame(actors)
    for col in _ACTOR_INT_COLUMNS:  # whole numbers stay whole next to the nulls of bare actors
        if col in actor_frame:
            actor_frame[col] = actor_frame[col].astype("Int64")
    actor_frame.to_parquet(tmp / "actors.parquet", index=False)
    with open(tmp / "errors.jsonl", "w", encoding="utf-8") as fh:
        for e in errors:
            fh.write(json.dumps({"id": e.id, "position": e.position, "reason": e.reason},
                                ensure_ascii=False) + "\n")
    (tmp / "range.json").write_text(
        json.dumps({"first": first, "end": end, "provenance": provenance}, default=str), "utf-8")
    for f in tmp.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, parts / f"{index:06d}")


def _done_parts(parts: Path) -> list[Path]:
    for stale in parts.glob("*.tmp"):
        shutil.rmtree(stale)  # a part a killed run did not finish
    return sorted(p for p in parts.iterdir() if p.is_dir())


def analyzer_params(analyzer: Analyzer) -> dict[str, Any]:
    """The constructor arguments of an analyzer: what a worker needs to build its own."""
    return {"lexicon": analyzer.lexicon, "model": analyzer.model,
            "spacy_model": analyzer.spacy_model, "model_terms": analyzer.model_terms,
            "int8": analyzer.int8, "attribution": analyzer.attribution,
            "actors": analyzer.actors}


def score_part(analyzer: Analyzer, parts: Path, index: int, first: int,
               batch: list[Article | BadRecord]) -> int:
    """Score one part (records at input positions ``first``...) and write it atomically as
    ``parts/<index>``; returns the number of records it held."""
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
    except Exception:  # one bad article must not lose the part: score them one by one
        reports = []
        for position, art in articles:
            try:
                reports.append(analyzer(art))
            except Exception as err:
                errors.append(BadRecord(position, art.id, f"analysis failed: {err}"))
        failed = {e.id for e in errors}
        articles = [(p, a) for p, a in articles if a.id not in failed]
    rows, findings, actors = [], [], []
    for (_, art), report in zip(articles, reports, strict=True):
        row = article_row(report)
        row["warning"] = warnings.get(art.id)
        rows.append(row)
        findings += finding_rows(report)
        actors += actor_rows(report)
    errors.sort(key=lambda e: e.position)
    _write_part(parts, index, first, first + len(batch), rows, findings, actors, errors,
                analyzer.provenance())
    return len(batch)


def _start_method(analyzer: Analyzer) -> str:
    """How to start worker processes: ``fork`` on Linux while this process has not loaded
    its analyzer (the workers then start with the imports done, 5 s sooner each, and no
    model or thread pool to inherit); ``spawn`` otherwise."""
    import multiprocessing

    if (sys.platform.startswith("linux") and getattr(analyzer, "matcher_", None) is None
            and "fork" in multiprocessing.get_all_start_methods()):
        return "fork"
    return "spawn"


# Each worker process (a pool worker or a Dask worker) builds its analyzer once.
_WORKER_ANALYZERS: dict[str, Analyzer] = {}


_WORKER_LOCK = threading.Lock()


def _worker_analyzer(params: dict[str, Any], threads: int | None) -> Analyzer:
    key = repr(sorted(params.items(), key=lambda kv: kv[0]))
    with _WORKER_LOCK:  # a Dask worker with several threads builds it once
        return _WORKER_ANALYZERS.get(key) or _build(key, params, threads)


def _build(key: str, params: dict[str, Any], threads: int | None) -> Analyzer:
    from framing.pipeline import Analyzer

    if threads:
        from framing.classifier.model import pin_torch_threads

        pin_torch_threads(threads)
    _WORKER_ANALYZERS[key] = Analyzer(**params)
    return _WORKER_ANALYZERS[key]


def _remote_part(params: dict[str, Any], threads: int | None, parts: str, index: int,
                 first: int, batch: list[Article | BadRecord]) -> int:
    return score_part(_worker_analyzer(params, threads), Path(parts), index, first, batch)


class _Runner:
    """Runs parts in this process, in a process pool, or on a Dask cluster, keeping at most
    a few parts per worker in flight so memory stays flat."""

    def __init__(self, analyzer: Analyzer, parts: Path, workers: int, scheduler: str | None,
                 dask_local: int | None, on_done: Any) -> None:
        self.analyzer, self.parts, self.on_done = analyzer, parts, on_done
        self.pending: list[Any] = []
        self.pool: Any = None
        self.client: Any = None
        self.cluster: Any = None
        params = analyzer_params(analyzer)
        cores = os.cpu_count() or 1
        if scheduler or dask_local:
            try:
                from distributed import Client, LocalCluster
            except ImportError as err:
                raise ConfigError(
                    "Scoring on Dask needs dask.distributed: pip install 'framing-analyzer[dask]'."
                ) from err
            if scheduler:
                self.client = Client(scheduler)
                n = max(1, len(self.client.scheduler_info()["workers"]))
            else:
                n = int(dask_local or 1)
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            threads = max(1, cores // n) if dask_local else None
            self.limit = 2 * n
            self.submit_fn = lambda *a: self.client.submit(_remote_part, params, threads,
                                                           str(parts), *a, pure=False)
        elif workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context(_start_method(analyzer)))
            threads = max(1, cores // workers)
            self.limit = 2 * workers
            self.submit_fn = lambda *a: self.pool.submit(_remote_part, params, threads,
                                                         str(parts), *a)
        else:
            self.limit = 0

    def submit(self, index: int, first: int, batch: list[Article | BadRecord]) -> None:
        if self.limit == 0:
            self.on_done(score_part(self.analyzer, self.parts, index, first, batch))
            return
        self.pending.append(self.submit_fn(index, first, batch))
        while len(self.pending) >= self.limit:
            self._wait_one()

    def _wait_one(self) -> None:
        if self.client is not None:
            from distributed import wait

            finished = wait(self.pending, return_when="FIRST_COMPLETED").done
        else:
            from concurrent.futures import FIRST_COMPLETED
            from concurrent.futures import wait as cf_wait

            finished = cf_wait(self.pending, return_when=FIRST_COMPLETED).done
        for fut in finished:
            self.pending.remove(fut)
            self.on_done(fut.result())  # re-raises a worker's error here

    def close(self) -> None:
        try:
            while self.pending:
                self._wait_one()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            if self.client is not None:
                self.client.close()
            if self.cluster is not None:
                self.cluster.close()


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
    if force and out.exists():
        shutil.rmtree(out)
    if manifest.exists():
        info = json.loads(manifest.read_text("utf-8"))
        return ScoreResult(out, info["n_scored"], info["n_errors"], 0.0, already_done=True)
    parts = out / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    started = out / "run.json"
    if started.exists():
        part_size = int(json.loads(started.read_text("utf-8"))["part_size"])
    else:
        _atomic_text(started, json.dumps({"source": str(source), "part_size": part_size}) + "\n")
    done = {int(p.name) for p in _done_parts(parts)}
    analyzer = analyzer if analyzer is not None else Analyzer()
    t0 = time.perf_counter()
    bar = None
    if progress or (progress is None and sys.stderr.isatty()):
        from tqdm import tqdm

        bar = tqdm(unit="record", desc="scoring", initial=len(done) * part_size)
    runner = _Runner(analyzer, parts, workers, scheduler, dask_local,
                     on_done=(lambda n: bar.update(n)) if bar is not None else (lambda n: None))
    try:
        batch: list[Article | BadRecord] = []
        index = 0
        for record in iter_records(source, text_col, id_col, outlet_col, fmt):
            batch.append(record)  # every record is read: duplicates are found in order
            if len(batch) == part_size:
                if index not in done:
                    runner.submit(index, index * part_size, batch)
                index += 1
                batch = []
        if batch and index not in done:
            runner.submit(index, index * part_size, batch)
    finally:
        runner.close()
        if bar is not None:
            bar.close()
    return _finish(out, parts, analyzer, source, text_col, id_col, outlet_col, table_format,
                   round(time.perf_counter() - t0, 2))


def _finish(out: Path, parts: Path, analyzer: Analyzer, source: str | Path, text_col: str,
            id_col: str | None, outlet_col: str | None, table_format: str,
            seconds: float) -> ScoreResult:
    """Merge the parts into the final tables, write the manifest, drop the parts."""
    import pandas as pd

    done = _done_parts(parts)
    articles = _merged(done, "articles", ["id"])
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
    info = {"source": str(source), "n_scored": articles.num_rows, "n_errors": len(errors),
            "provenance": _provenance(done, analyzer), "text_col": text_col, "id_col": id_col,
            "outlet_col": outlet_col, "table_format": table_format}
    _atomic_text(out / "manifest.json", json.dumps(info, indent=2, default=str) + "\n")
    shutil.rmtree(parts)
    (out / "run.json").unlink(missing_ok=True)
    return ScoreResult(out, articles.num_rows, len(errors), seconds, already_done=False)


def _provenance(done: list[Path], analyzer: Analyzer) -> dict[str, Any]:
    """The provenance the parts were scored with (read back, so the main process need not
    load a model its workers already ran); parts scored differently are refused."""
    seen: dict[str, Any] = {}
    for p in done:
        prov = json.loads((p / "range.json").read_text("utf-8"))["provenance"]
        seen.setdefault(json.dumps(prov, sort_keys=True), (p.name, prov))
    if len(seen) > 1:
        names = [name for name, _ in seen.values()]
        raise ConfigError(
            f"The parts of this run were scored with different lexicons, models or settings "
            f"(parts {names[0]} and {names[1]} differ), so their numbers do not compare: the "
            "configuration changed between a stopped run and its resumption. Run again with "
            "--force to score everything with the current configuration."
        )
    if seen:
        return next(iter(seen.values()))[1]
    return analyzer.provenance()


def _merged(done: list[Path], name: str, keys: list[str]) -> pa.Table:
    """One table from the parts' ``name`` tables, sorted (stably) by ``keys``. The merge
    stays in Arrow's columnar memory: a fraction of what the same rows take in pandas."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    tables = [t for p in done if (p / f"{name}.parquet").exists()
              and (t := pq.read_table(p / f"{name}.parquet")).num_rows]
    if not tables:
        return pa.table({})
    table = pa.concat_tables(tables, promote_options="permissive")
    order = pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys])
    return table.take(order)


#: rows converted to pandas at a time when writing CSV or JSON Lines
_WRITE_ROWS = 20_000


def _atomic_table(table: pa.Table, path: Path, table_format: str) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    if table_format == "parquet":
        pq.write_table(table, tmp)
    else:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            if table.num_rows == 0:
                if table_format == "csv":
                    fh.write(table.to_pandas().to_csv(index=False))
            for at in range(0, table.num_rows, _WRITE_ROWS):
                frame = table.slice(at, _WRITE_ROWS).to_pandas()
                if table_format == "csv":
                    fh.write(frame.to_csv(index=False, header=at == 0))
                else:
                    text = frame.to_json(orient="records", lines=True, force_ascii=False)
                    fh.write(text if text.endswith("\n") else text + "\n")
    os.replace(tmp, path)


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


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
