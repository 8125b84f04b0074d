"""What a run is, so that a run started again into the same folder never mixes questions.

A run's identity (:func:`run_identity`) is the input's fingerprint (its path, its size in
bytes and a SHA-256 of its content, read in 1 MiB blocks so a corpus of any size is hashed in
constant memory; a folder's fingerprint covers the names and contents of all its files), the
columns read, the framing version, the lexicon (name, version, SHA-256), the model (name,
version and a SHA-256 of its folder's files), the analyzer's settings and the output table
format. ``run.json`` holds it while a run goes and ``manifest.json`` when it is done.

Starting again into the same folder goes on only when the identity is the same: a finished
run does nothing, a stopped run resumes. Any difference is an error naming what changed
(:func:`check_same_run`); ``--force`` starts afresh. An input moved or renamed with the same
content is the same input: the path is recorded, not compared.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import ConfigError
from framing.version import __version__

if TYPE_CHECKING:
    from framing.pipeline import Analyzer

_BLOCK = 1 << 20

#: identity keys that are recorded but not compared
_NOT_COMPARED = (("input", "path"),)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path]


def input_fingerprint(path: str | Path) -> dict[str, Any]:
    """``path`` (as given), ``size`` (bytes, all files of a folder) and ``sha256`` of the
    content (a folder's: each file's relative name and bytes, in name order)."""
    p = Path(path)
    digest = hashlib.sha256()
    size = 0
    for f in _files(p):
        if p.is_dir():
            digest.update(f.relative_to(p).as_posix().encode("utf-8") + b"\0")
        with open(f, "rb") as fh:
            while block := fh.read(_BLOCK):
                size += len(block)
                digest.update(block)
    return {"path": str(path), "size": size, "sha256": digest.hexdigest()}


def _model_identity(model: Any) -> dict[str, Any] | None:
    if model is None:
        return None
    from framing.classifier.model import CONFIG_FILE, resolve_model_dir

    folder = resolve_model_dir(model)
    config = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
    digest = hashlib.sha256()
    for f in sorted(folder.glob("*.json")) + sorted(folder.glob("*.safetensors")):
        if f.name in ("cv.json", "eval.json"):  # evaluation records, not the model
            continue
        digest.update(f.name.encode("utf-8") + b"\0" + f.read_bytes())
    return {"name": config.get("name", folder.name), "version": config.get("version", ""),
            "sha256": digest.hexdigest()}


def run_identity(source: str | Path, fmt: str, analyzer: Analyzer, columns: dict[str, Any],
                 table_format: str) -> dict[str, Any]:
    """The identity of scoring ``source`` with ``analyzer`` (see the module docstring). Built
    from the analyzer's settings without loading its pipeline or model."""
    from framing.lexicon import load_lexicon

    settings = {k: v for k, v in analyzer.config.as_kwargs().items()
                if k not in ("lexicon", "model")}
    lexicon = load_lexicon(analyzer.lexicon).provenance()
    return {
        "input": {**input_fingerprint(source), "format": fmt, **columns},
        "framing_version": __version__,
        "lexicon": {k: lexicon[k] for k in ("name", "version", "sha256")},
        "model": _model_identity(analyzer.model),
        "config": settings,
        "table_format": table_format,
    }


def _flat(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(value, dict) and value:
        out: dict[tuple[str, ...], Any] = {}
        for k, v in value.items():
            out.update(_flat(v, (*prefix, str(k))))
        return out
    return {prefix: value}


_NAMES = {
    ("input", "sha256"): "the input's content",
    ("input", "size"): "the input's size (bytes)",
    ("input", "format"): "the input format",
    ("framing_version",): "the framing version",
    ("lexicon", "sha256"): "the lexicon's content",
    ("model", "sha256"): "the model's weights",
    ("table_format",): "the table format (--format)",
}


def _short(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else value
    return text[:12] + "..." if len(text) > 24 else text


def changes(recorded: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What differs between two identities, one readable line each."""
    old, new = _flat(recorded), _flat(current)
    out = []
    for key in sorted(set(old) | set(new)):
        if key in _NOT_COMPARED or old.get(key) == new.get(key):
            continue
        name = _NAMES.get(key) or " ".join(key).replace("_", " ")
        out.append(f"{name}: {_short(old.get(key, '(none)'))} -> "
                   f"{_short(new.get(key, '(none)'))}")
    return out


def check_same_run(out: Path, recorded: dict[str, Any] | None, current: dict[str, Any],
                   finished: bool) -> None:
    """Refuse to go on in ``out`` when its run was made with a different identity."""
    state = "a finished run" if finished else "a stopped run"
    if recorded is None:
        raise ConfigError(
            f"{out} holds {state} made by an older framing that did not record its input and "
            "settings, so it cannot tell whether they are the same. Run again with --force "
            "to start afresh, or choose another output folder."
        )
    diff = changes(recorded, current)
    if diff:
        raise ConfigError(
            f"{out} holds {state} made with another input or other settings; changed since "
            "it ran: " + "; ".join(diff) + ". Its tables would not answer this question and "
            "parts of two settings must not be mixed. Run again with --force to discard it "
            "and start afresh, or choose another output folder."
        )
