"""Atomic parts and merged outputs: each part written through a temporary folder renamed into
place, the parts merged into sorted tables, every output file replaced atomically."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.corpus.reading import BadRecord
from framing.errors import ConfigError

if TYPE_CHECKING:
    import pyarrow as pa

    from framing.pipeline import Analyzer


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
