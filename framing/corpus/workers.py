"""Running parts: in this process, in a process pool or on a Dask cluster; each worker builds
its own analyzer once, from the :class:`~framing.config.AnalyzerConfig` it is sent."""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.corpus.parts import _write_part
from framing.corpus.reading import BadRecord
from framing.errors import ConfigError
from framing.records import Article
from framing.render.tables import actor_rows, article_row, finding_rows

if TYPE_CHECKING:
    from framing.config import AnalyzerConfig
    from framing.pipeline import Analyzer

#: Longest article text scored, in characters (spaCy refuses texts over its ``max_length``,
#: 1,000,000); a longer one is truncated and its row carries a ``warning``.
MAX_CHARS = 500_000


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
                r = dataclasses.replace(r, text=r.text[:MAX_CHARS])
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


def _worker_analyzer(config: AnalyzerConfig, threads: int | None) -> Analyzer:
    key = repr(config)
    with _WORKER_LOCK:  # a Dask worker with several threads builds it once
        return _WORKER_ANALYZERS.get(key) or _build(key, config, threads)


def _build(key: str, config: AnalyzerConfig, threads: int | None) -> Analyzer:
    from framing.pipeline import Analyzer

    if threads:
        from framing.classifier.model import pin_torch_threads

        pin_torch_threads(threads)
    _WORKER_ANALYZERS[key] = Analyzer.from_config(config)
    return _WORKER_ANALYZERS[key]


def _remote_part(config: AnalyzerConfig, threads: int | None, parts: str, index: int,
                 first: int, batch: list[Article | BadRecord]) -> int:
    return score_part(_worker_analyzer(config, threads), Path(parts), index, first, batch)


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
        config = analyzer.config
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
            self.submit_fn = lambda *a: self.client.submit(_remote_part, config, threads,
                                                           str(parts), *a, pure=False)
        elif workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context(_start_method(analyzer)))
            threads = max(1, cores // workers)
            self.limit = 2 * workers
            self.submit_fn = lambda *a: self.pool.submit(_remote_part, config, threads,
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
