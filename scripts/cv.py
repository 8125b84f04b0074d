"""Cross-validate every classifier on BABE SG2 (5 folds) and write models/<name>/cv.json.

    python scripts/cv.py [--name minilm-bias] [--data ../shared/data] [--epochs 2]
                         [--extra wnc ptc] [--no-transformer]

Each fold retrains the transformer recipe of scripts/train.py from scratch (about 9 minutes
per fold on 2 CPU cores) and the two scikit-learn baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from framing.train import DEFAULT_EXTRAS, TrainConfig, cross_validate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", default="minilm-bias")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--epochs", type=float, default=TrainConfig.epochs)
    parser.add_argument("--base", default=TrainConfig.base)
    parser.add_argument("--extra", nargs="*", default=list(DEFAULT_EXTRAS))
    parser.add_argument("--no-transformer", action="store_true")
    args = parser.parse_args()
    cfg = TrainConfig(base=args.base, epochs=args.epochs)
    t0 = time.perf_counter()
    out = ROOT / "models" / args.name / "cv.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name("cv.partial.json")

    def save_partial(rows: list) -> None:
        minutes = round((time.perf_counter() - t0) / 60, 1)
        partial.write_text(json.dumps({"minutes": minutes, "folds": rows}, indent=2), "utf-8")

    result = cross_validate(Path(args.data), cfg, args.extra, transformer=not args.no_transformer,
                            log=lambda s: print(s, flush=True), on_fold=save_partial)
    result["minutes"] = round((time.perf_counter() - t0) / 60, 1)
    partial.unlink(missing_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print("\n| classifier | macro-F1 mean | std | 95% CI |\n|---|---|---|---|")
    for name, s in result["summary"].items():
        if "mean" in s:
            print(f"| {name} | {s['mean']:.4f} | {s['std']:.4f} | {s['ci95'][0]:.4f}-"
                  f"{s['ci95'][1]:.4f} |")
    print(f"\nwrote {out} ({result['minutes']} min)")


if __name__ == "__main__":
    main()
