"""Benchmark: single-process analysis speed, framing vs the bare spaCy parse it builds on.

    python scripts/bench_analyze.py [--repeat 5] [--copies 4]

Texts: the team's example articles (seeds/examples) and, when present, the seed article in
../shared/seeds, each repeated --copies times. Both sides run in this one process on the
same texts, so their ratio is meaningful on a shared, noisy machine. Prints a table and
writes scripts/results/bench_analyze.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing  # noqa: E402
from framing.segment import load_spacy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _texts(copies: int) -> list[str]:
    paths = sorted((ROOT / "seeds" / "examples").glob("*.txt"))
    seed = ROOT.parent / "shared" / "seeds" / "000_d1967a26fcb8027f.txt"
    if seed.exists():
        paths.append(seed)
    return [p.read_text("utf-8") for p in paths] * copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--out", default=str(ROOT / "scripts" / "results" / "bench_analyze.json"))
    args = parser.parse_args()

    texts = _texts(args.copies)
    analyzer = framing.Analyzer()
    nlp = load_spacy()
    n_words = sum(r.n_words for r in analyzer.pipe(texts[: len(texts) // args.copies]))
    n_words *= args.copies
    list(analyzer.pipe(texts[:2]))  # warm-up

    timings: dict[str, list[float]] = {"spacy parse only": [], "framing Analyzer.pipe": []}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        timings["spacy parse only"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _rep in analyzer.pipe(texts, batch_size=16):
            pass
        timings["framing Analyzer.pipe"].append(time.perf_counter() - t0)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = {}
    for name, secs in timings.items():
        med = statistics.median(secs)
        rows[name] = {
            "median_s": round(med, 3),
            "articles_per_s": round(len(texts) / med, 1),
            "words_per_s": round(n_words / med),
        }
    base = rows["spacy parse only"]["median_s"]
    rows["framing Analyzer.pipe"]["ratio_vs_spacy"] = round(
        rows["framing Analyzer.pipe"]["median_s"] / base, 2
    )
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    print(f"{len(texts)} articles, {n_words} words; median of {args.repeat} runs; {machine}\n")
    print("| pipeline | median s | articles/s | words/s | ratio vs spaCy |")
    print("|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['median_s']} | {r['articles_per_s']} | {r['words_per_s']} | "
              f"{r.get('ratio_vs_spacy', 1.0)} |")
    print(f"\npeak memory (max RSS): {peak_mb:.0f} MB")
    result = {"n_articles": len(texts), "n_words": n_words, "repeat": args.repeat,
              "machine": machine, "peak_rss_mb": round(peak_mb), "rows": rows}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
