"""Corpus-scoring benchmark: articles per minute and peak memory of `framing score`.

    python scripts/bench_corpus.py [--shared ../shared] [--ptc 371] [--sizes 1000 20000]
                                   [--configs ...] [--part-size 8] [--synthetic-part-size 256]
                                   [--out scripts/results/bench_corpus.json]

Two corpora, written to a temporary folder as JSON Lines:

- ``ptc``: the PTC training articles (``../shared/data/PTC_SemEval2020_Task11``, read by
  path), the first ``--ptc`` of them;
- ``synthetic-N``: N articles of 8-30 sentences resampled (seeded) from the sentences of the
  team's own example articles in ``seeds/examples``.

Each configuration runs ``framing score`` as a fresh subprocess (model loading included in
the time) and reports its wall time, articles/min, and the peak resident memory of the
largest process it ran (``RUSAGE_CHILDREN``; with workers, the largest worker).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CONFIGS = {
    "full": ["--model", "default"],
    "no-model": ["--model", "none"],
    "no-model, 2 workers": ["--model", "none", "--workers", "2"],
    "full, 2 workers": ["--model", "default", "--workers", "2"],
    "no-model, Dask local 2": ["--model", "none", "--dask-local", "2"],
    "full, Dask local 2": ["--model", "default", "--dask-local", "2"],
    "no-model, 2 workers, no actors": ["--model", "none", "--workers", "2", "--no-actors"],
    "full, 2 workers, no actors": ["--model", "default", "--workers", "2", "--no-actors"],
}


def ptc_corpus(shared: Path, n: int, path: Path) -> int:
    folder = shared / "data" / "PTC_SemEval2020_Task11" / "train-articles"
    files = sorted(folder.glob("article*.txt"))[:n]
    with open(path, "w", encoding="utf-8") as fh:
        for f in files:
            fh.write(json.dumps({"id": f.stem, "outlet": "ptc",
                                 "text": f.read_text("utf-8")}) + "\n")
    return len(files)


def synthetic_corpus(n: int, path: Path, seed: int = 0) -> int:
    sentences: list[str] = []
    for f in sorted((ROOT / "seeds" / "examples").glob("*.txt")):
        for line in f.read_text("utf-8").splitlines()[1:]:
            sentences += [s for s in re.split(r"(?<=[.!?”])\s+", line) if len(s.split()) > 3]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            paras = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
                     for _ in range(rng.randint(3, 7))]
            fh.write(json.dumps({"id": f"s{i:06d}", "outlet": f"outlet-{i % 10}",
                                 "text": "\n".join(paras)}) + "\n")
    return n


_WRAPPER = (
    "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(p.returncode)"
)


def run(corpus: Path, n: int, args: list[str], out: Path) -> dict:
    """One `framing score` run in a fresh wrapper process that reports the peak RSS (KB) of
    the largest process below it."""
    cmd = [sys.executable, "-m", "framing", "score", str(corpus), "-o", str(out), "--quiet",
           "--force", *args]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error"}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return {"n": n, "seconds": round(seconds, 1),
            "articles_per_min": round(60 * n / seconds, 1),
            "peak_rss_mb": round(peak_kb / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--ptc", type=int, default=371, help="PTC training articles to use")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 20000],
                        help="sizes of the synthetic corpora (no-model only)")
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--part-size", type=int, default=8,
                        help="records per part on PTC: the unit workers share (default 8, "
                             "so that two workers finish together)")
    parser.add_argument("--synthetic-part-size", type=int, default=256,
                        help="records per part on the synthetic corpora (default 256, the "
                             "command's own default)")
    parser.add_argument("--out", default=str(ROOT / "scripts" / "results" / "bench_corpus.json"))
    args = parser.parse_args()
    results: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora: list[tuple[str, Path, int, list[str], int]] = []
        ptc = work / "ptc.jsonl"
        if not args.ptc:
            pass  # --ptc 0: the synthetic corpora only
        elif (Path(args.shared) / "data" / "PTC_SemEval2020_Task11").exists():
            corpora.append(("ptc", ptc, ptc_corpus(Path(args.shared), args.ptc, ptc),
                            args.configs, args.part_size))
        else:
            print("PTC not found; skipping the PTC rows", file=sys.stderr)
        for size in args.sizes:
            path = work / f"synthetic-{size}.jsonl"
            corpora.append((f"synthetic-{size}", path, synthetic_corpus(size, path),
                            [c for c in args.configs if c.startswith("no-model")][:1],
                            args.synthetic_part_size))
        print("| corpus | configuration | articles | seconds | articles/min | peak RSS MB |")
        print("|---|---|---|---|---|---|")
        for name, path, n, configs, part_size in corpora:
            for config in configs:
                row = {"corpus": name, "config": config, "part_size": part_size, **run(
                    path, n, [*CONFIGS[config], "--part-size", str(part_size)], work / "out")}
                results.append(row)
                print(f"| {name} | {config} | {n} | {row['seconds']} | "
                      f"{row['articles_per_min']} | {row['peak_rss_mb']} |", flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"cores": os.cpu_count(), "rows": results}, indent=2) + "\n")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
