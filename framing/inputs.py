"""Reading articles from files and streams, with errors that say what is wrong."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.errors import InputError, InputNotFoundError
from framing.records import Article

#: Bytes that never occur in text; their presence means a binary file.
_BINARY_MARKERS = (b"\x00",)


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 article bytes (a byte-order mark is dropped); refuse binary data."""
    if any(marker in data for marker in _BINARY_MARKERS):
        raise InputError(
            f"{name} looks like a binary file (it contains NUL bytes), not article text. "
            "Pass a UTF-8 text file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} is not valid UTF-8 (byte {data[err.start]:#04x} at offset {err.start}). "
            "Convert it first, e.g. iconv -f latin1 -t utf-8 FILE > FILE.utf8."
        ) from err
    if not text.strip():
        raise InputError(f"{name} is empty or whitespace only; there is nothing to analyze.")
    return text


def read_article(path: str | Path, article_id: str | None = None) -> Article:
    """Read one article from a UTF-8 text file, or from standard input when ``path`` is "-".

    The id defaults to the file name without its extension (a hash of the text for stdin).
    """
    if str(path) == "-":
        return Article(text=decode_text(sys.stdin.buffer.read(), "standard input"), id=article_id)
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError(f"Input file '{p}' does not exist. Check the path.")
    if p.is_dir():
        raise InputNotFoundError(
            f"Input '{p}' is a directory; pass one article file (or '-' for standard input)."
        )
    return Article(text=decode_text(p.read_bytes(), f"Input file '{p}'"), id=article_id or p.stem)
