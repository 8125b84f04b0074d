"""Golden reports: the example articles and the seed article, as the analyzer reports them.

A golden file keeps every number and every key of a report's JSON, and each string as the
first 16 hex digits of its SHA-256 (the seed article's text is not the team's, so none of it
is stored), plus digests of the text, Markdown and HTML renderings. ``tests/test_golden.py``
compares a fresh report against it; a change of behaviour shows as a named difference.

Regenerate on purpose only (a change that is meant to alter reports)::

    python -m tests.golden_reports
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

import framing

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = ROOT / "seeds" / "examples"
SEED_ARTICLE = ROOT.parent / "shared" / "seeds" / "000_d1967a26fcb8027f.txt"
#: keys whose values describe the environment, not the analysis
VOLATILE = ("framing_version",)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def skeleton(value: Any) -> Any:
    """The JSON value with every string replaced by its digest (numbers, keys kept)."""
    if isinstance(value, dict):
        return {k: (None if k in VOLATILE else skeleton(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [skeleton(v) for v in value]
    if isinstance(value, str):
        return "sha:" + digest(value)
    return value


def articles() -> dict[str, Path]:
    found = {p.stem: p for p in sorted(EXAMPLES.glob("*.txt"))}
    if SEED_ARTICLE.exists():
        found["seed"] = SEED_ARTICLE
    return found


def golden_of(analyzer: framing.Analyzer, text: str, renders: bool) -> dict[str, Any]:
    report = analyzer(text)
    out: dict[str, Any] = {"json": skeleton(report.to_dict())}
    if renders:
        out["renders"] = {
            "text": digest(report.to_text()),
            "markdown": digest(report.to_markdown()),
            "html": digest(report.to_html()),
        }
    return out


def differences(want: Any, got: Any, path: str = "$", tol: float = 0.0) -> list[str]:
    """Where ``got`` differs from ``want``: one line per difference, with its JSON path.
    Floats may differ by ``tol`` (the model's scores vary in the last digits across CPUs)."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for k in sorted(set(want) | set(got)):
            if k not in got:
                out.append(f"{path}.{k}: missing")
            elif k not in want:
                out.append(f"{path}.{k}: unexpected")
            else:
                out += differences(want[k], got[k], f"{path}.{k}", tol)
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            return [f"{path}: {len(want)} items expected, got {len(got)}"]
        pairs = enumerate(zip(want, got, strict=True))
        return [d for i, (a, b) in pairs for d in differences(a, b, f"{path}[{i}]", tol)]
    if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        if math.isclose(want, got, abs_tol=tol, rel_tol=0.0):
            return []
    if want != got or type(want) is not type(got):
        return [f"{path}: expected {want!r}, got {got!r}"]
    return []


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    lexicon_only = framing.Analyzer(model=None)
    with_model = framing.Analyzer(precision="fp32")  # the same on every CPU (conftest.py)
    for name, path in articles().items():
        text = path.read_text(encoding="utf-8")
        data = {
            "lexicon_only": golden_of(lexicon_only, text, renders=True),
            "model": golden_of(with_model, text, renders=False),
        }
        out = GOLDEN / f"{name}.json"
        out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
