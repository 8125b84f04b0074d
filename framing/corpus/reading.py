"""Reading a corpus as a stream: the input formats, and each row as an :class:`Article` or a
:class:`BadRecord` (missing, empty or duplicate id or text)."""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import ConfigError, InputError, InputNotFoundError
from framing.inputs import (
    check_encoding,
    check_format,
    decode_hint,
    decode_text,
    encoding_label,
)
from framing.records import Article
from framing.records.article import RESERVED_FIELDS, metadata_value

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


#: A marker the CSV reader puts in the first field of a line it could not split into the
#: header's columns (the line is then a bad record, not a lost one).
_BAD_LINE = "\x00framing-bad-line\x00"


def _csv_batches(path: Path, fmt: str, chunk: int, encoding: str
                 ) -> Iterator[list[dict[str, Any]]]:
    """CSV/TSV rows, undecodable bytes kept as surrogates (each such record is refused by
    :func:`_record`, the others go on); a line with more fields than the header becomes a
    bad record; a file that cannot be parsed further ends in one bad record for the rest."""
    import csv

    import pandas as pd

    csv.field_size_limit(2**31 - 1)  # article texts are long fields
    columns = _columns(path, fmt, encoding) or []

    def bad_line(fields: list[str]) -> list[str]:
        note = f"{_BAD_LINE}a line with {len(fields)} fields under a header of {len(columns)}"
        return [note] + [""] * (len(columns) - 1)

    position = 0
    try:
        reader = pd.read_csv(path, sep="," if fmt == "csv" else "\t", chunksize=chunk,
                             dtype=object, keep_default_na=False, na_values=[],
                             encoding=encoding, encoding_errors="surrogateescape",
                             engine="python", on_bad_lines=bad_line)
        first_bad: list[int] = []
        for frame in reader:
            rows = frame.to_dict("records")
            for row in rows:
                if any(_undecodable(v) is not None for v in row.values()):
                    first_bad = first_bad or [_first_bad_offset(path, encoding)]
                    row[_OFFSET] = first_bad[0]
            position += len(rows)
            yield rows
    except (ValueError, csv.Error, pd.errors.ParserError) as err:
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        yield [{"__error__": f"the rest of the file, from record {position}, could not be "
                             f"read as {fmt.upper()}: {reason}"}]


#: key of a CSV row with undecodable bytes: the file offset of the first undecodable byte
_OFFSET = "\x00first-bad-offset"


def _first_bad_offset(path: Path, encoding: str) -> int:
    """The byte offset of the first byte of ``path`` that ``encoding`` cannot decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    done = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            pending = len(decoder.getstate()[0])  # bytes of the last block not decoded yet
            try:
                decoder.decode(block)
            except UnicodeDecodeError as err:
                return done - pending + err.start
            done += len(block)
    return done


def _jsonl_batches(path: Path, chunk: int, encoding: str) -> Iterator[list[dict[str, Any]]]:
    """JSON Lines rows; a line that is not valid in ``encoding``, not JSON or not an object
    is a bad record that names its line and byte offset."""
    rows: list[dict[str, Any]] = []
    offset = 0
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh):
            at, offset = offset, offset + len(raw)
            if n == 0 and raw.startswith(codecs.BOM_UTF8):
                raw, at = raw[len(codecs.BOM_UTF8):], at + len(codecs.BOM_UTF8)
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError as err:
                label = encoding_label(encoding)
                rows.append({"__error__": f"line {n + 1} is not valid {label} (byte "
                             f"{raw[err.start]:#04x} at offset {at + err.start} of the file); "
                             f"{decode_hint(encoding)}"})
                line = None
            if line is not None:
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    row = {"__error__": f"line {n + 1} is not JSON: {err.msg} (column "
                                        f"{err.colno})"}
                rows.append(row if isinstance(row, dict) else
                            {"__error__": f"line {n + 1} is not a JSON object"})
            if len(rows) >= chunk:
                yield rows
                rows = []
    if rows:
        yield rows


def _batches(path: Path, fmt: str, chunk: int, encoding: str = "utf-8"
             ) -> Iterator[list[dict[str, Any]]]:
    """Rows of a tabular input, in input order, a bounded number at a time."""
    if fmt in ("csv", "tsv"):
        yield from _csv_batches(path, fmt, chunk, encoding)
    elif fmt == "jsonl":
        yield from _jsonl_batches(path, chunk, encoding)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        done = 0
        try:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk):
                rows = batch.to_pylist()
                done += len(rows)
                yield rows
        except (OSError, ValueError) as err:
            yield [{"__error__": f"the rest of the file, from record {done}, could not be "
                                 f"read as Parquet: {str(err)[:200]}"}]
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
                    out.append({"id": p.stem,
                                "text": decode_text(p.read_bytes(), p.name, encoding)})
                except InputError as err:  # binary, not decodable, or empty
                    out.append({"id": p.stem, "__error__": str(err)})
            yield out
    else:
        raise ConfigError(f"Unknown input format {fmt!r}; choose one of {', '.join(FORMATS)}.")


def _columns(path: Path, fmt: str, encoding: str = "utf-8") -> list[str] | None:
    """The column names of a tabular input (None for a folder of .txt files or JSON Lines,
    whose records may differ)."""
    if fmt in ("csv", "tsv"):
        import pandas as pd

        try:
            return list(pd.read_csv(path, sep="," if fmt == "csv" else "\t", nrows=0,
                                    encoding=encoding, encoding_errors="surrogateescape",
                                    engine="python").columns)
        except (ValueError, pd.errors.ParserError) as err:
            raise InputError(f"'{path}' has no readable {fmt.upper()} header line: "
                             f"{str(err).splitlines()[0][:200]}") from err
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            return list(pq.read_schema(path).names)
        except (OSError, ValueError) as err:
            raise InputError(f"'{path}' cannot be read as Parquet ({str(err)[:200]}); is it "
                             "a whole Parquet file? Write it again or export it as CSV.") from err
    if fmt == "datasets":
        from datasets import load_from_disk

        try:
            return list(load_from_disk(str(path)).column_names)
        except Exception as err:  # datasets raises several kinds for a folder it cannot read
            raise InputError(f"'{path}' cannot be read as a saved datasets folder "
                             f"({str(err)[:200]}); save it with Dataset.save_to_disk.") from err
    return None


def _check_path(p: Path, fmt: str, encoding: str) -> None:
    """Refuse a path whose kind (file or folder) or content contradicts ``fmt``."""
    if fmt in ("txt", "datasets") and not p.is_dir():
        what = "a folder of .txt files" if fmt == "txt" else "a saved datasets folder"
        raise InputError(
            f"--input-format {fmt} reads {what}, but '{p}' is a file. For one article use "
            "framing analyze FILE; for a table pass --input-format csv, tsv, jsonl or parquet."
        )
    if fmt not in ("txt", "datasets"):
        if p.is_dir():
            raise InputError(f"'{p}' is a folder, but --input-format {fmt} reads a file.")
        check_format(p, fmt, encoding)


def iter_records(
    path: str | Path,
    text_col: str = "text",
    id_col: str | None = "id",
    outlet_col: str | None = "outlet",
    fmt: str | None = None,
    chunk: int = 512,
    encoding: str = "utf-8",
) -> Iterator[Article | BadRecord]:
    """The records of a corpus as :class:`Article` (or :class:`BadRecord`), in input order.

    Streams: at most ``chunk`` rows are in memory at a time. ``id_col=None`` (or a default
    ``id`` column that the input lacks) numbers the articles by position (``row-0``, ...);
    an outlet column the input lacks gives ``outlet=None`` unless it was asked for by name.
    A missing or empty text, text that is not a string, bytes not valid in ``encoding``, an
    undecodable file, a line that is not a record, a missing id and an id seen before are bad
    records, reported and skipped by the scorer. A file whose content contradicts ``fmt``
    (or its suffix), or that lacks a column asked for, is refused by this call, before the
    first record is read (:func:`framing.inputs.check_format`).
    """
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError(f"Input '{p}' does not exist. Check the path.")
    encoding = check_encoding(encoding)
    fmt = fmt or detect_format(p)
    _check_path(p, fmt, encoding)
    columns = _columns(p, fmt, encoding)
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
    return _records(p, fmt, chunk, encoding, text_col, id_col, outlet_col)


def _records(p: Path, fmt: str, chunk: int, encoding: str, text_col: str, id_col: str | None,
             outlet_col: str | None) -> Iterator[Article | BadRecord]:
    seen: set[str] = set()
    position = 0
    for rows in _batches(p, fmt, chunk, encoding):
        for row in rows:
            yield _record(row, position, text_col, id_col, outlet_col, seen, encoding)
            position += 1


def count_records(path: str | Path, fmt: str | None = None, encoding: str = "utf-8"
                  ) -> int | None:
    """How many records ``path`` holds, counted cheaply for a progress bar's total (rows of
    a CSV by the csv module, non-blank lines of JSON Lines, Parquet's row count, .txt
    files); ``None`` when it cannot tell."""
    import csv
    import io

    p = Path(path)
    try:
        fmt = fmt or detect_format(p)
        if fmt == "jsonl":
            with open(p, "rb") as fh:
                return sum(1 for line in fh if line.strip())
        if fmt in ("csv", "tsv"):
            csv.field_size_limit(2**31 - 1)
            with open(p, "rb") as raw:
                text = io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape",
                                        newline="")
                rows = csv.reader(text, delimiter="," if fmt == "csv" else "\t")
                return max(0, sum(1 for row in rows if row) - 1)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(p).metadata.num_rows)
        if fmt == "txt":
            return sum(1 for f in p.iterdir() if f.suffix == ".txt" and f.is_file())
        if fmt == "datasets":
            from datasets import load_from_disk

            return len(load_from_disk(str(p)))
    except Exception:  # only a progress bar's total: never a reason to stop
        return None
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _undecodable(value: Any) -> int | None:
    """The byte a surrogate-escaped string could not decode, or None."""
    if isinstance(value, str):
        for ch in value:
            if "\udc80" <= ch <= "\udcff":
                return ord(ch) - 0xDC00
    return None


def _record(row: dict[str, Any], position: int, text_col: str, id_col: str | None,
            outlet_col: str | None, seen: set[str], encoding: str = "utf-8"
            ) -> Article | BadRecord:
    raw_id = row.get(id_col) if id_col is not None else f"row-{position}"
    art_id = None if _blank(raw_id) or _undecodable(raw_id) is not None else str(raw_id)
    first = next(iter(row.values()), None) if row else None
    if isinstance(first, str) and first.startswith(_BAD_LINE):
        return BadRecord(position, None, first.removeprefix(_BAD_LINE))
    if "__error__" in row:
        return BadRecord(position, art_id, str(row["__error__"]))
    for col in (text_col, id_col, outlet_col):
        byte = _undecodable(row.get(col)) if col is not None else None
        if byte is not None:
            where = (f"; the file's first such byte is at offset {row[_OFFSET]}"
                     if _OFFSET in row else "")
            return BadRecord(position, art_id, f"column {col!r} is not valid "
                             f"{encoding_label(encoding)} (byte {byte:#04x}{where}); "
                             f"{decode_hint(encoding)}")
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
    own = {text_col, id_col, outlet_col, _OFFSET}
    meta = {str(k): _meta(v) for k, v in row.items() if k not in own}
    fields = {k: meta.pop(k) for k in ("title", "date", "url") if k in meta}
    for k in RESERVED_FIELDS & set(meta):  # an input's own "text"/"id"/"outlet" not used
        meta[f"input_{k}"] = meta.pop(k)
    return Article(text=text, id=art_id, outlet=None if _blank(outlet) else str(outlet),
                   metadata=meta, **fields)


def _meta(value: Any) -> str | None:
    """A metadata value of a corpus row, as text: the columns of one table keep one type
    whatever the input's rows hold (JSON Lines may mix numbers and text)."""
    value = metadata_value(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value if isinstance(value, str) else json.dumps(value)
