"""Readers for the training and evaluation sets, by path, with ``datasets``.

Nothing here ships data: every reader takes the folder of a set as it lies under
``../shared/data`` and returns a :class:`datasets.Dataset` (or plain pairs for evaluation).
Each training row has the same columns, so sets can be concatenated:

- ``text``: the sentence;
- ``label``: 1 biased, 0 not biased, -1 no sentence label (the row trains other heads);
- ``spans``: ``[[start, end], ...]`` character spans of the loaded words in ``text``;
- ``has_spans``: whether ``spans`` is a word-level annotation (an empty list then means
  "no loaded word") or merely absent;
- ``pair``: a neutral version of ``text`` the classifier must score lower, or ``""``;
- ``source``: the set the row came from.

Evaluation-only sets (the WNC sample test pairs, the 74 PTC evaluation articles) are read
by the same functions with ``split="test"`` / ``split="eval"``; training code never asks for
them.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import InputError, InputNotFoundError

if TYPE_CHECKING:
    from datasets import Dataset

Span = tuple[int, int]
COLUMNS = ("text", "label", "spans", "has_spans", "pair", "source")
#: PTC techniques that are word choice (the ones the lexicon and token head look for).
PTC_WORD_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def _need(path: Path) -> Path:
    if not path.exists():
        raise InputNotFoundError(
            f"training data not found: {path}. Point --data at the folder that holds the "
            "shared data sets (each set in its own sub-folder, as in ../shared/data)."
        )
    return path


def _dataset(rows: Sequence[dict[str, Any]]) -> Dataset:
    from datasets import Dataset

    cols = {c: [r[c] for r in rows] for c in COLUMNS}
    return Dataset.from_dict(cols)


def word_spans(text: str, words: Sequence[str]) -> list[list[int]]:
    """Character spans of every whole-word, case-insensitive occurrence of ``words``."""
    spans: list[list[int]] = []
    for word in {w.strip() for w in words if w and w.strip()}:
        pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
        spans += [[m.start(), m.end()] for m in re.finditer(pattern, text, re.IGNORECASE)]
    return sorted(spans)


def _drop_spans(text: str, spans: Sequence[Sequence[int]]) -> str:
    """``text`` with the spans removed (merged where they touch) and tidied."""
    from framing.stages.rewrite import substitute_many

    merged: list[list[int]] = []
    for s, e in sorted((int(a), int(b)) for a, b in spans):
        if merged and s <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return substitute_many(text, [(s, e, "") for s, e in merged])


# -- BABE ----------------------------------------------------------------------------------


def load_babe(folder: Path, counterfactual_pairs: bool = True) -> Dataset:
    """BABE SG2 (expert majority labels), ``No agreement`` rows left out.

    A biased sentence with annotated biased words gets those words as ``spans`` and, with
    ``counterfactual_pairs``, a ``pair``: the sentence with the words dropped.
    """
    from datasets import load_dataset

    path = _need(Path(folder) / "final_labels_SG2.csv")
    raw = load_dataset(
        "csv", data_files=str(path), delimiter=";", encoding="utf-8-sig", split="train"
    )
    rows = []
    for r in raw:
        if r["label_bias"] not in ("Biased", "Non-biased"):
            continue
        text = str(r["text"]).strip()
        words = ast.literal_eval(r["biased_words"]) if r["biased_words"] else []
        label = int(r["label_bias"] == "Biased")
        spans = word_spans(text, words) if label else []
        pair = _drop_spans(text, spans) if (counterfactual_pairs and spans) else ""
        rows.append(
            {"text": text, "label": label, "spans": spans, "has_spans": True,
             "pair": pair if pair != text else "", "source": "babe"}
        )
    return _dataset(rows)


# -- WNC sample ----------------------------------------------------------------------------


def wnc_pairs(folder: Path, split: str = "train") -> list[tuple[str, str]]:
    """(biased, neutralised) sentence pairs of the WNC sample; ``split`` is train or test."""
    from datasets import load_dataset

    if split not in ("train", "test"):
        raise InputError(f"WNC split must be 'train' or 'test', got {split!r}")
    folder = Path(folder)
    files = [_need(folder / f"{side}.{split}.txt") for side in ("pre", "post")]
    pre, post = (load_dataset("text", data_files=str(f), split="train")["text"] for f in files)
    if len(pre) != len(post):
        raise InputError(f"WNC {split}: {len(pre)} biased lines but {len(post)} neutral lines")
    return list(zip(pre, post, strict=True))


def changed_words(biased: str, neutral: str) -> list[int]:
    """Indexes of the whitespace tokens of ``biased`` that the editor removed or replaced."""
    a, b = biased.split(), neutral.split()
    out: list[int] = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            out.extend(range(i1, i2))
    return out


def token_offsets(text: str) -> list[Span]:
    """Character spans of the whitespace tokens of ``text``."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def load_wnc(folder: Path) -> Dataset:
    """WNC sample *train* pairs: the changed words as spans, the edit as the pair."""
    rows = []
    for biased, neutral in wnc_pairs(folder, "train"):
        if biased == neutral:
            continue
        offsets = token_offsets(biased)
        spans = [list(offsets[i]) for i in changed_words(biased, neutral)]
        rows.append(
            {"text": biased, "label": -1, "spans": spans, "has_spans": bool(spans),
             "pair": neutral, "source": "wnc"}
        )
    return _dataset(rows)


# -- PTC -----------------------------------------------------------------------------------


def _ptc_eval_ids(folder: Path) -> set[str]:
    ids = _need(folder / "eval_split_ids.txt").read_text("utf-8").split()
    return {i.strip() for i in ids if i.strip()}


def ptc_lines(folder: Path) -> Iterator[tuple[str, str, list[list[int]]]]:
    """(article id, line, word-choice spans in the line) for the PTC *training* articles."""
    folder = Path(folder)
    eval_ids = _ptc_eval_ids(folder)
    gold: dict[str, list[Span]] = {}
    for line in _need(folder / "train-task2-TC.labels").read_text("utf-8").splitlines():
        art, tech, g_start, g_end = line.split("\t")
        if tech in PTC_WORD_TECHNIQUES:
            gold.setdefault(art, []).append((int(g_start), int(g_end)))
    for path in sorted((folder / "train-articles").glob("article*.txt")):
        art_id = path.stem.removeprefix("article")
        if art_id in eval_ids:
            continue
        text = path.read_bytes().decode("utf-8")
        pos = 0
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            if len(line.split()) < 4:
                continue
            spans = [
                [max(gs, start) - start, min(ge, end) - start]
                for gs, ge in gold.get(art_id, [])
                if gs < end and ge > start
            ]
            yield art_id, line, spans


def load_ptc(folder: Path, negatives_per_positive: float = 1.0) -> Dataset:
    """PTC training lines: every line with a word-choice span, and as many lines without
    (the first ones of each article, deterministic) as ``negatives_per_positive`` allows."""
    rows: list[dict[str, Any]] = []
    negatives: list[dict[str, Any]] = []
    for _, line, line_spans in ptc_lines(folder):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        spans = [[a - lead, b - lead] for a, b in line_spans if b - lead > 0]
        row: dict[str, Any] = {"text": stripped, "label": -1, "spans": spans,
                               "has_spans": True, "pair": "", "source": "ptc"}
        (rows if spans else negatives).append(row)
    rows += negatives[: int(len(rows) * negatives_per_positive)]
    return _dataset(rows)


# -- MBIC and WikiNPOV (optional extra sentence labels) ------------------------------------


def load_mbic(folder: Path) -> Dataset:
    """MBIC crowd labels (note: most of its sentences are also in BABE SG2)."""
    from datasets import load_dataset

    path = _need(Path(folder) / "final_labels_MBIC.csv")
    raw = load_dataset("csv", data_files=str(path), split="train")
    rows = [
        {"text": str(r["text"]).strip(), "label": int(r["label_bias"] == "Biased"),
         "spans": [], "has_spans": False, "pair": "", "source": "mbic"}
        for r in raw
        if r["label_bias"] in ("Biased", "Non-biased")
    ]
    return _dataset(rows)


def load_wikinpov(folder: Path) -> Dataset:
    """Crowd-confirmed biased Wikipedia statements and the hard neutral ones."""
    from datasets import load_dataset

    folder = Path(folder)
    rows = []
    for name, label in (("statements_biased.txt", 1), ("statements_neutral_cw-hard.txt", 0)):
        raw = load_dataset("text", data_files=str(_need(folder / name)), split="train")
        rows += [
            {"text": t.strip(), "label": label, "spans": [], "has_spans": False, "pair": "",
             "source": "wikinpov"}
            for t in raw["text"]
            if t.strip()
        ]
    return _dataset(rows)


#: Set names accepted by ``scripts/train.py --extra``, with their folder and reader.
EXTRA_SETS = {
    "wnc": ("WNC_sample_Pryzant2020", load_wnc),
    "ptc": ("PTC_SemEval2020_Task11", load_ptc),
    "mbic": ("MBIC", load_mbic),
    "wikinpov": ("WikiNPOV_Hube2019", load_wikinpov),
}
