"""Reading articles from files and streams, with errors that say what is wrong.

Text is decoded strictly in the encoding asked for (UTF-8 unless ``encoding`` says otherwise):
an undecodable byte is reported with its offset and a hint, never replaced silently. A file's
first bytes are checked against the format it is read as (:func:`check_format`), so a Parquet
file named ``.csv``, JSON Lines read as CSV, a compressed file or a table given to
``framing analyze`` gets an error that says what the file looks like and what to do.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from framing.errors import ConfigError, InputError, InputNotFoundError
from framing.records import Article

#: Bytes that never occur in text; their presence means a binary file.
_BINARY_MARKERS = (b"\x00",)

#: How much of a file :func:`sniff` reads.
SNIFF_BYTES = 65536

#: Leading bytes of formats that are not text, and what to call them in an error.
_MAGIC = (
    (b"PAR1", "parquet"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"PK\x03\x04", "a zip archive (or an .xlsx/.docx document)"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls/.doc)"),
)

#: Suffixes of corpus tables: ``framing analyze`` refuses them and points to ``framing score``.
TABLE_SUFFIXES = {".csv": "CSV", ".tsv": "TSV", ".tab": "TSV", ".jsonl": "JSON Lines",
                  ".ndjson": "JSON Lines", ".parquet": "Parquet", ".pq": "Parquet"}


def check_encoding(encoding: str) -> str:
    """``encoding`` if Python knows it, else a :class:`ConfigError` naming it."""
    try:
        return codecs.lookup(encoding).name
    except (LookupError, TypeError) as err:
        raise ConfigError(
            f"Unknown text encoding {encoding!r}. Use a name Python knows, such as utf-8, "
            "cp1252, latin-1 or utf-16."
        ) from err


def encoding_label(encoding: str) -> str:
    """How an encoding is named in a message: ``UTF-8`` for UTF-8, else as given."""
    return "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding


def decode_hint(encoding: str) -> str:
    """What to try when bytes are not valid in ``encoding``."""
    if codecs.lookup(encoding).name == "utf-8":
        return ("if the file is in another encoding, pass it with --encoding (news exports "
                "are often cp1252 or latin-1), or convert it: iconv -f cp1252 -t utf-8")
    return "pass the file's real encoding with --encoding"


def decode_text(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode article bytes in ``encoding`` (a UTF-8 byte-order mark is dropped); refuse
    binary data, undecodable bytes and empty text."""
    enc = check_encoding(encoding)
    kind = _binary_kind(data[:SNIFF_BYTES]) if not enc.startswith("utf-16") else None
    if kind:
        raise InputError(f"{name} looks like {kind}, not article text. Pass a text file.")
    if enc == "utf-8" and data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputError(f"{name} is UTF-16 text (it starts with a UTF-16 byte-order mark); "
                         "pass --encoding utf-16.")
    try:
        text = data.decode("utf-8-sig" if enc == "utf-8" else enc)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} is not valid {encoding_label(encoding)} (byte {data[err.start]:#04x} at "
            f"offset {err.start}); {decode_hint(encoding)}."
        ) from err
    if not text.strip():
        raise InputError(f"{name} is empty or whitespace only; there is nothing to analyze.")
    return text


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return "a Parquet file" if kind == "parquet" else kind
    if any(marker in head for marker in _BINARY_MARKERS):
        return "a binary file (it contains NUL bytes)"
    return None


def sniff(head: bytes) -> str:
    """What the first bytes of a file look like: ``parquet``, ``binary: <what>``, ``empty``,
    ``utf-16``, ``jsonl``, ``json`` (an array or a single document), ``tsv``, ``csv`` or
    ``text`` (one line with neither separator)."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    kind = _binary_kind(head)
    if kind:
        return f"binary: {kind}"
    body = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not body:
        return "empty"
    first = body.split(b"\n", 1)[0]
    if first.startswith(b"{"):
        return "jsonl"
    if first.startswith(b"["):
        return "json"
    tabs, commas = first.count(b"\t"), first.count(b",")
    if tabs and tabs >= commas:
        return "tsv"
    return "csv" if commas else "text"


_NAMES = {"csv": "CSV", "tsv": "TSV (tab-separated)", "jsonl": "JSON Lines",
          "parquet": "Parquet", "json": "a JSON document (not one object per line)",
          "text": "plain text", "utf-16": "UTF-16 text", "empty": "empty"}


def check_format(path: Path, fmt: str, encoding: str = "utf-8") -> None:
    """Refuse a file whose first bytes contradict ``fmt`` (``csv``, ``tsv``, ``jsonl`` or
    ``parquet``), naming what it looks like and what to do."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    seen = sniff(head)
    utf16 = codecs.lookup(encoding).name.startswith("utf-16")
    if seen == "empty":
        raise InputError(f"'{path}' is empty: there are no records to score.")
    if seen == "utf-16" and utf16:
        return
    if seen.startswith("binary") or seen == "utf-16":
        what = seen.removeprefix("binary: ") if seen != "utf-16" else "UTF-16 text"
        fix = ("pass --encoding utf-16" if seen == "utf-16" else
               "decompress or export it as CSV, JSON Lines or Parquet first")
        raise InputError(f"'{path}' looks like {what}, not {_NAMES[fmt]}; {fix}.")
    if (fmt == "parquet") != (seen == "parquet"):
        raise _contradiction(path, fmt, seen)
    if fmt == "jsonl" and seen != "jsonl":
        raise _contradiction(path, fmt, seen)
    if fmt in ("csv", "tsv") and seen in ("jsonl", "json"):
        raise _contradiction(path, fmt, seen)
    if fmt == "csv" and seen == "tsv" and b"," not in head.split(b"\n", 1)[0]:
        raise _contradiction(path, fmt, seen)
    if fmt == "tsv" and seen == "csv":
        raise _contradiction(path, fmt, seen)


def _contradiction(path: Path, fmt: str, seen: str) -> InputError:
    fix = {"parquet": "--input-format parquet (or rename it .parquet)",
           "jsonl": "--input-format jsonl (or rename it .jsonl)",
           "tsv": "--input-format tsv (or rename it .tsv)",
           "csv": "--input-format csv (or rename it .csv)"}.get(seen)
    advice = (f"If it is, pass {fix}." if fix else
              "Write one JSON object per line (JSON Lines) or a CSV with a header line."
              if seen == "json" else "Check that this is the file you meant.")
    return InputError(
        f"'{path}' is read as {_NAMES[fmt]} (from its suffix or --input-format), but its "
        f"first line looks like {_NAMES.get(seen, seen)}. {advice}"
    )


def read_article(path: str | Path, article_id: str | None = None,
                 encoding: str = "utf-8") -> Article:
    """Read one article from a text file, or from standard input when ``path`` is "-".

    The id defaults to the file name without its extension (a hash of the text for stdin).
    A corpus table (by its suffix, or JSON Lines / Parquet by its content) is refused with a
    pointer to ``framing score``: analyzing it as one article would be a silent mistake.
    """
    check_encoding(encoding)
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        _refuse_table(data[:SNIFF_BYTES], "Standard input", None)
        return Article(text=decode_text(data, "standard input", encoding), id=article_id)
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError(f"Input file '{p}' does not exist. Check the path.")
    if p.is_dir():
        raise InputNotFoundError(
            f"Input '{p}' is a directory; pass one article file (or '-' for standard input). "
            "To score a folder of .txt files, use framing score FOLDER -o OUT."
        )
    data = p.read_bytes()
    _refuse_table(data[:SNIFF_BYTES], f"'{p}'", p)
    return Article(text=decode_text(data, f"Input file '{p}'", encoding),
                   id=article_id or p.stem)


def _refuse_table(head: bytes, name: str, path: Path | None) -> None:
    kind = TABLE_SUFFIXES.get(path.suffix.lower()) if path is not None else None
    if kind is None:
        kind = {"parquet": "Parquet", "jsonl": "JSON Lines"}.get(sniff(head))
        if kind == "JSON Lines" and not _json_object_line(head):
            kind = None  # an article that happens to start with a brace
    if kind:
        target = str(path) if path is not None else "corpus.jsonl"
        raise InputError(
            f"{name} is a {kind} table of articles, but framing analyze reads one article's "
            f"text. Score a table with: framing score {target} -o out/ (one row per article)."
        )


def _json_object_line(head: bytes) -> bool:
    import json

    first = head.removeprefix(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False
