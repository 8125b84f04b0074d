"""Training the transformer bias classifier (LoRA on a base encoder, two heads).

One model learns three things from one encoder pass:

- **sentence head** (mean pooling -> linear): binary cross-entropy on sentence labels
  (BABE, optionally MBIC / WikiNPOV);
- **pairwise objective**: for a sentence with a neutral version (a WNC edit, or a BABE
  biased sentence with its annotated biased words dropped), ``softplus(margin - (s_orig -
  s_neutral))`` on the sentence logits, so the score drops when loaded wording goes: the
  counterfactual loading is trained, not hoped for;
- **token head** (linear on every token): binary cross-entropy on word-level annotations
  (BABE biased words, WNC edited words, PTC Loaded_Language / Name_Calling spans).

Training uses the Hugging Face ``Trainer`` with LoRA adapters from ``peft``; what is saved is
the adapter and the heads (a few MB) in safetensors, with thresholds calibrated on a held-out
part of the training data.
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.classifier.model import (
    CONFIG_FILE,
    DEFAULT_BASE,
    WEIGHTS_FILE,
    base_encoder_path,
    length_batches,
    mean_pool,
    set_torch_threads,
)

if TYPE_CHECKING:
    import torch
    from datasets import Dataset


@dataclass
class TrainConfig:
    """Hyper-parameters of one training run (all recorded in the model's config.json)."""

    base: str = DEFAULT_BASE
    epochs: float = 2.0
    learning_rate: float = 5e-4
    batch_size: int = 32
    max_length: int = 128
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    lora_targets: list[str] = field(default_factory=lambda: ["query", "key", "value", "dense"])
    pair_weight: float = 1.0
    token_weight: float = 1.0
    token_pos_weight: float = 3.0
    margin: float = 1.0
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    seed: int = 42
    #: "fp32", or "bf16" (autocast; only where the CPU has native bf16, see
    #: :func:`framing.classifier.model.native_bf16`): about 2.5x faster training there
    precision: str = "fp32"
    #: weight of the distillation term (mean squared error between the student's and the
    #: teacher's sentence logits) on rows that carry a ``teacher`` logit
    distill_weight: float = 1.0


def _torch_modules() -> Any:
    import torch
    from torch import nn

    class BiasNet(nn.Module):
        """Encoder (LoRA-wrapped) + sentence head + token head, with the combined loss."""

        def __init__(self, encoder: Any, cfg: TrainConfig) -> None:
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = nn.Dropout(0.1)
            self.sentence_head = nn.Linear(hidden, 1)
            self.token_head = nn.Linear(hidden, 1)
            self.cfg = cfg

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            labels: torch.Tensor | None = None,
            token_labels: torch.Tensor | None = None,
            pair_index: torch.Tensor | None = None,
            teacher: torch.Tensor | None = None,
            pair_teacher: torch.Tensor | None = None,
        ) -> dict[str, torch.Tensor]:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
            states = states.last_hidden_state
            pooled = mean_pool(states, attention_mask)
            logits = self.sentence_head(self.dropout(pooled)).squeeze(-1)
            token_logits = self.token_head(self.dropout(states)).squeeze(-1)
            out: dict[str, torch.Tensor] = {"logits": logits, "token_logits": token_logits}
            if labels is None:
                return out
            n = labels.shape[0]
            f = nn.functional
            loss = logits.new_zeros(())
            known = labels >= 0
            if known.any():
                loss = loss + f.binary_cross_entropy_with_logits(logits[:n][known], labels[known])
            if pair_index is not None and pair_index.numel():
                diff = logits[pair_index] - logits[n:]
                loss = loss + self.cfg.pair_weight * f.softplus(self.cfg.margin - diff).mean()
            if token_labels is not None:
                tl = token_logits[:n]
                m = token_labels >= 0
                if m.any():
                    pos_weight = tl.new_tensor(self.cfg.token_pos_weight)
                    loss = loss + self.cfg.token_weight * f.binary_cross_entropy_with_logits(
                        tl[m], token_labels[m], pos_weight=pos_weight
                    )
            if teacher is not None:  # distillation: the teacher's logits, where it gave one
                student = torch.cat([logits[:n], logits[n:]])
                target = torch.cat([teacher, pair_teacher if pair_teacher is not None
                                    else teacher.new_zeros(0)])
                has = torch.isfinite(target)
                if has.any():
                    loss = loss + self.cfg.distill_weight * f.mse_loss(
                        student[has].float(), target[has]
                    )
            out["loss"] = loss
            return out

    return torch, BiasNet


def token_labels_for(
    offsets: np.ndarray, spans: Sequence[Sequence[int]], has_spans: bool
) -> np.ndarray:
    """1 for word pieces inside a span, 0 outside, -100 for special/padding or no annotation."""
    labels = np.full(len(offsets), -100.0, dtype=np.float32)
    if not has_spans:
        return labels
    for k, (s, e) in enumerate(offsets):
        if e <= s:
            continue
        labels[k] = float(any(s < se and e > ss for ss, se in spans))
    return labels


class Collator:
    """Tokenise a batch of rows: originals first, then the neutral halves of the pairs."""

    def __init__(self, tokenizer: Any, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.max_length = max_length

    def __call__(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        import torch

        texts = [r["text"] for r in rows]
        pair_rows = [k for k, r in enumerate(rows) if r["pair"]]
        enc = self.tokenizer(
            texts + [rows[k]["pair"] for k in pair_rows], padding=True, truncation=True,
            max_length=self.max_length, return_tensors="pt", return_offsets_mapping=True,
        )
        offsets = enc.pop("offset_mapping").numpy()
        token_labels = np.stack(
            [token_labels_for(offsets[k], r["spans"], r["has_spans"]) for k, r in enumerate(rows)]
        )
        batch = {
            "input_ids": enc["input_ids"],
            "attention_mask": enc["attention_mask"],
            "labels": torch.tensor([float(r["label"]) for r in rows]),
            "token_labels": torch.from_numpy(token_labels),
            "pair_index": torch.tensor(pair_rows, dtype=torch.long),
        }
        if "teacher" in rows[0]:  # distillation rows (NaN where the teacher gave no logit)
            batch["teacher"] = torch.tensor([float(r["teacher"]) for r in rows])
            batch["pair_teacher"] = torch.tensor(
                [float(rows[k]["pair_teacher"]) for k in pair_rows], dtype=torch.float32
            )
        return batch


def seed_everything(seed: int) -> None:
    import torch
    from transformers import set_seed

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    set_seed(seed)


@dataclass
class Trained:
    """A trained network with its tokenizer and config (in memory)."""

    net: Any
    tokenizer: Any
    cfg: TrainConfig

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> dict[str, Any]:
        """P(biased) and the sentence logit per text, and per-piece (offsets, P(loaded)),
        with the adapter unmerged (in the training precision)."""
        import torch

        self.net.eval()
        n = len(texts)
        p = np.zeros(n, dtype=np.float32)
        logits = np.zeros(n, dtype=np.float32)
        tokens: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros((0, 2)), np.zeros(0))] * n
        bf16 = self.cfg.precision == "bf16"
        with torch.inference_mode(), torch.autocast("cpu", torch.bfloat16, enabled=bf16):
            batches = length_batches(self.tokenizer, texts, batch_size, self.cfg.max_length)
            for idx, enc, offsets in batches:
                out = self.net(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
                logit = out["logits"].float()
                logits[idx] = logit.numpy()
                p[idx] = torch.sigmoid(logit).numpy()
                tok = torch.sigmoid(out["token_logits"].float()).numpy()
                for row, i in enumerate(idx):
                    keep = offsets[row, :, 1] > offsets[row, :, 0]
                    tokens[i] = (offsets[row][keep], tok[row][keep])
        return {"p_biased": p, "logits": logits, "tokens": tokens}

    def save(self, folder: Path, name: str, extra_config: dict[str, Any]) -> None:
        """Write ``model.safetensors`` (adapter + heads) and ``config.json``."""
        from peft import get_peft_model_state_dict
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        tensors = {}
        for key, value in get_peft_model_state_dict(self.net.encoder).items():
            # base_model.model.encoder.layer.0.attention.self.query.lora_A.weight
            module = key.removeprefix("base_model.model.").removesuffix(".weight")
            module, _, part = module.rpartition(".")
            tensors[f"lora.{module}.{part}"] = value.detach().contiguous().float()
        for head in ("sentence_head", "token_head"):
            for pname, value in getattr(self.net, head).state_dict().items():
                tensors[f"{head}.{pname}"] = value.detach().contiguous().float()
        save_file(tensors, str(folder / WEIGHTS_FILE), metadata={"format": "pt"})
        config = {
            "kind": "transformer",
            "name": name,
            "base": self.cfg.base,
            "max_length": self.cfg.max_length,
            "pooling": "mean",
            "lora": {
                "r": self.cfg.lora_r,
                "alpha": self.cfg.lora_alpha,
                "targets": self.cfg.lora_targets,
            },
            "train_config": asdict(self.cfg),
            **extra_config,
        }
        (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", "utf-8")


def train_transformer(train: Dataset, cfg: TrainConfig, work_dir: Path | None = None) -> Trained:
    """Fine-tune LoRA adapters and heads on ``train`` (rows as in :mod:`framing.training.data`)."""
    import tempfile

    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel, AutoTokenizer, Trainer, TrainingArguments

    set_torch_threads()
    seed_everything(cfg.seed)
    torch, BiasNet = _torch_modules()
    base = base_encoder_path(cfg.base)
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
    lora = LoraConfig(
        r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
        target_modules=cfg.lora_targets, bias="none",
    )
    net = BiasNet(get_peft_model(encoder, lora), cfg)
    # batches of similar length: far less padding (news sentences vary from 10 to 100 pieces)
    train = train.map(lambda row: {"length": len(row["text"])})
    with tempfile.TemporaryDirectory() as tmp:
        args = TrainingArguments(
            output_dir=str(work_dir or tmp),
            num_train_epochs=cfg.epochs,
            per_device_train_batch_size=cfg.batch_size,
            learning_rate=cfg.learning_rate,
            warmup_steps=cfg.warmup_ratio,
            weight_decay=cfg.weight_decay,
            lr_scheduler_type="linear",
            logging_steps=50,
            save_strategy="no",
            report_to=[],
            seed=cfg.seed,
            data_seed=cfg.seed,
            remove_unused_columns=False,
            train_sampling_strategy="group_by_length",
            length_column_name="length",
            dataloader_num_workers=0,
            use_cpu=not torch.cuda.is_available(),
            bf16=cfg.precision == "bf16",
            disable_tqdm=True,
        )
        trainer = Trainer(
            model=net, args=args, train_dataset=train,
            data_collator=Collator(tokenizer, cfg.max_length),
        )
        trainer.train()
    net.eval()
    return Trained(net=net, tokenizer=tokenizer, cfg=cfg)


# -- data assembly, final fit and cross-validation -----------------------------------------

#: Extra training sets used by default next to BABE (see framing.training.data.EXTRA_SETS).
DEFAULT_EXTRAS = ("wnc", "ptc")


#: PTC training lines used per run (of about 2,000 with a word-choice span and 2,000 without):
#: enough for the token head, and it keeps one training run near ten minutes on 2 cores.
PTC_POSITIVES, PTC_NEGATIVES = 1500, 500


def lexicon_pair_set(data_root: Path, seed: int, skip_terms: Collection[str]) -> Dataset:
    """The ``lexpairs`` set: counterfactual pairs from lexicon swaps in real news sentences
    (:func:`framing.training.distill.lexicon_pair_rows`), never a BABE sentence or a WNC test
    sentence, never a term in ``skip_terms``."""
    from framing.training.data import load_babe, wnc_pairs
    from framing.training.distill import lexicon_pair_rows

    exclude = list(load_babe(data_root / "BABE", counterfactual_pairs=False)["text"])
    wnc = data_root / "WNC_sample_Pryzant2020"
    if wnc.exists():
        exclude += [t for pair in wnc_pairs(wnc, "test") for t in pair]
    return lexicon_pair_rows(data_root, exclude, skip_terms, seed)


def extra_sets(
    data_root: Path, extras: Sequence[str], seed: int = 42, skip_terms: Collection[str] = (),
) -> list[Dataset]:
    """The extra training sets by name, read from their folders under ``data_root``
    (``skip_terms``: lexicon terms the ``lexpairs`` set must not swap)."""
    from framing.errors import ConfigError
    from framing.training.data import EXTRA_SETS, load_ptc

    out = []
    for name in extras:
        if name == "lexpairs":
            out.append(lexicon_pair_set(data_root, seed, skip_terms))
            continue
        if name not in EXTRA_SETS:
            choices = sorted([*EXTRA_SETS, "lexpairs"])
            raise ConfigError(f"unknown training set {name!r}; choose from {choices}")
        folder, reader = EXTRA_SETS[name]
        if name == "ptc":  # 1,500 lines with a span and 500 without, drawn with the seed
            ptc = load_ptc(data_root / folder, negatives_per_positive=1.0)
            has = np.array([bool(s) for s in ptc["spans"]])
            rng = np.random.default_rng(seed)
            pos = rng.permutation(np.flatnonzero(has))[:PTC_POSITIVES]
            neg = rng.permutation(np.flatnonzero(~has))[:PTC_NEGATIVES]
            out.append(ptc.select(np.sort(np.concatenate([pos, neg]))))
        else:
            out.append(reader(data_root / folder))
    return out


def calibration_split(labels: Sequence[int], seed: int, fraction: float = 0.1) -> tuple:
    """Stratified (fit, calibration) index arrays."""
    from sklearn.model_selection import train_test_split

    idx = np.arange(len(labels))
    fit, cal = train_test_split(idx, test_size=fraction, stratify=labels, random_state=seed)
    return np.sort(fit), np.sort(cal)


def fit_and_calibrate(
    babe: Dataset, babe_idx: np.ndarray, extras: Sequence[Dataset], cfg: TrainConfig
) -> tuple[Trained, dict[str, float]]:
    """Train on BABE rows ``babe_idx`` (less a 10% calibration part) + extras; calibrate.

    Returns the model and its thresholds: ``sentence_threshold`` (best macro-F1 on the
    calibration part) and ``token_threshold`` (best word-level F1 against BABE's biased
    words on the calibration part).
    """
    from datasets import concatenate_datasets

    from framing.training.metrics import best_threshold, best_token_threshold

    labels = np.asarray(babe["label"])[babe_idx]
    fit, cal = calibration_split(labels, cfg.seed)
    train = concatenate_datasets([babe.select(babe_idx[fit]), *extras]).shuffle(seed=cfg.seed)
    model = train_transformer(train, cfg)
    cal_rows = babe.select(babe_idx[cal])
    texts = list(cal_rows["text"])
    pred = model.predict(texts)
    thresholds = {
        "sentence_threshold": best_threshold(pred["p_biased"], list(cal_rows["label"])),
        "token_threshold": best_token_threshold(texts, list(cal_rows["spans"]), pred["tokens"]),
    }
    return model, thresholds


def cross_validate(
    data_root: Path, cfg: TrainConfig, extras: Sequence[str] = DEFAULT_EXTRAS,
    n_folds: int = 5, transformer: bool = True, log: Any = print,
    on_fold: Any = None, skip_terms: Collection[str] = (),
) -> dict[str, Any]:
    """BABE SG2 ``StratifiedKFold(n_folds, shuffle=True, random_state=42)``, every classifier.

    Per fold: the transformer recipe of :func:`fit_and_calibrate` on the training folds (the
    extras join every fold's training data; none of them holds BABE sentences), and the two
    scikit-learn baselines on the same training folds. Scored on the held-out fold:
    sentence macro-F1 (transformer at its calibrated threshold and at 0.5, baselines at 0.5)
    and word-level F1 against BABE's biased words (transformer token head). ``on_fold`` is
    called with the rows so far after every fold (to save partial results).
    """
    from sklearn.model_selection import StratifiedKFold

    from framing.classifier.baselines import EmbeddingLR, TfidfLR, encode_frozen
    from framing.training.data import load_babe
    from framing.training.metrics import f1_from_counts, macro_f1, mean_ci, word_counts

    babe = load_babe(data_root / "BABE")
    texts, labels = list(babe["text"]), np.asarray(babe["label"])
    spans = list(babe["spans"])
    frozen = encode_frozen(texts, cfg.base)
    extra_data = extra_sets(data_root, extras, cfg.seed, skip_terms) if transformer else []
    folds = StratifiedKFold(n_folds, shuffle=True, random_state=42)
    per_fold: list[dict[str, Any]] = []
    for k, (tr, te) in enumerate(folds.split(np.zeros(len(labels)), labels)):
        row: dict[str, Any] = {"fold": k, "n_train": len(tr), "n_test": len(te)}
        y_te = labels[te]
        tfidf = TfidfLR(seed=cfg.seed).fit([texts[i] for i in tr], labels[tr])
        row["tfidf-lr"] = macro_f1(y_te, tfidf.score([texts[i] for i in te]) >= 0.5)
        emb = EmbeddingLR(cfg.base, seed=cfg.seed).fit_embeddings(frozen[tr], labels[tr])
        row["embedding-lr"] = macro_f1(y_te, emb.score_embeddings(frozen[te]) >= 0.5)
        if transformer:
            model, th = fit_and_calibrate(babe, tr, extra_data, cfg)
            te_texts = [texts[i] for i in te]
            pred = model.predict(te_texts)
            row.update(th)
            row["transformer"] = macro_f1(y_te, pred["p_biased"] >= th["sentence_threshold"])
            row["transformer@0.5"] = macro_f1(y_te, pred["p_biased"] >= 0.5)
            counts = word_counts(
                te_texts, [spans[i] for i in te], pred["tokens"], th["token_threshold"]
            )
            row["word_counts"] = list(counts)
            row["word_f1"] = f1_from_counts(*counts)["f1"]
        log(f"fold {k}: " + ", ".join(
            f"{key} {val:.4f}" for key, val in row.items() if isinstance(val, float)
        ))
        per_fold.append(row)
        if on_fold is not None:
            on_fold(per_fold)
    names = ["tfidf-lr", "embedding-lr"]
    if transformer:
        names += ["transformer", "transformer@0.5", "word_f1"]
    summary = {name: mean_ci([r[name] for r in per_fold]) for name in names}
    if transformer:
        tp, fp, fn = (sum(r["word_counts"][i] for r in per_fold) for i in range(3))
        summary["word_level_pooled"] = f1_from_counts(tp, fp, fn)
    return {
        "protocol": f"BABE SG2, {len(labels)} sentences, StratifiedKFold({n_folds}, "
                    "shuffle=True, random_state=42), binary macro-F1",
        "train_config": asdict(cfg),
        "extras": list(extras),
        "summary": summary,
        "folds": per_fold,
    }
