"""Reading a corpus as a stream: the input formats, and each row as an :class:`Article` or a
:class:`BadRecord` (missing, empty or duplicate id or text)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import ConfigError, InputError, InputNotFoundError
from framing.inputs import decode_text
from framing.records import Article

#: Input formats :func:`iter_records` reads, by what a path looks like.
FORMATS = ("csv", "tsv", "jsonl", "parquet", "datasets", "txt")


@dataclass(frozen=True)
class BadRecord:
    """A record that cannot be scored: where it was in the input and why."""

    position: int
    id: str | None
    reason: str


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
