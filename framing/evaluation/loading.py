"""Does the loading discriminate? Gold loaded terms against ordinary words (evaluation only).

Gold loaded terms come from the team's behavioural cases (``tests/cases/match.jsonl``
positives, ``tests/cases/loading_pairs.jsonl``) and the lexicon terms of the example
articles; each is rewritten with the paraphrase the analyzer chose. Controls are ordinary
content words of the same sentences (``tests/cases/control_synonyms.jsonl``, team-written),
each replaced by a close neutral synonym. Both are scored the same way, on several scales:

- ``p``: P(biased | original) - P(biased | rewritten), on the whole sentence;
- ``logit``: logit P(original) - logit P(rewritten), on the whole sentence;
- ``logit_window<k>``: the same on a window of ``k`` words either side of the edit.

For each scale: AUROC of gold against controls, the share of gold terms under a weak
threshold, and the spread of one term's loading over its occurrences in one article.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framing.evaluation.validity import auroc_ci
from framing.records import ArticleReport
from framing.records.terms import log_odds
from framing.stages.counterfactual import word_window
from framing.stages.rewrite import substitute

#: Window sizes (words either side of the edit) compared with the whole sentence.
WINDOWS = (4, 8)

_WORD = re.compile(r"[^\W_][\w'’-]*")


#: logit with the records' clipping (:func:`framing.records.terms.log_odds`), on arrays
logit = np.vectorize(log_odds, otypes=[float])


@dataclass(frozen=True)
class Edit:
    """One word or phrase of a sentence and what it is replaced by."""

    sentence: str
    start: int
    end: int
    replacement: str
    gold: bool  # a loaded term (True) or an ordinary word (False)
    key: str  # the term (lemma) or word, for the spread over occurrences
    article: str  # where it comes from, for the spread


def _fit_case(word: str, surface: str) -> str:
    return word[:1].upper() + word[1:] if surface[:1].isupper() else word


def control_edits(sentence: str, article: str, taken: Sequence[tuple[int, int]],
                  synonyms: dict[str, str]) -> list[Edit]:
    """Every word of ``sentence`` with a control synonym, outside the loaded terms."""
    out = []
    for m in _WORD.finditer(sentence):
        s, e = m.span()
        word = m.group().lower()
        if word in synonyms and not any(s < te and e > ts for ts, te in taken):
            out.append(Edit(sentence, s, e, _fit_case(synonyms[word], m.group()), False, word,
                            article))
    return out


def edits_from_reports(reports: Sequence[tuple[str, ArticleReport]],
                       synonyms: dict[str, str]) -> list[Edit]:
    """Gold edits (each author- or quoted-voice lexicon term with its chosen paraphrase) and
    control edits from analyzed texts."""
    out: list[Edit] = []
    for name, rep in reports:
        for sent in rep.sentences:
            terms = [t for t in rep.terms if t.sentence_index == sent.index
                     and t.origin == "lexicon" and t.counterfactual is not None]
            taken = [(t.start_char - sent.start_char, t.end_char - sent.start_char)
                     for t in rep.terms if t.sentence_index == sent.index]
            for t in terms:
                assert t.counterfactual is not None
                out.append(Edit(sent.text, t.start_char - sent.start_char,
                                t.end_char - sent.start_char, t.counterfactual.paraphrase,
                                True, t.term, name))
            if terms:
                out += control_edits(sent.text, name, taken, synonyms)
    return out


def gold_texts(project: Path, shared: Path) -> list[tuple[str, str]]:
    """(name, text) of every text whose lexicon terms are the gold loaded terms: the
    positives of ``tests/cases/match.jsonl``, the loaded sides of
    ``tests/cases/loading_pairs.jsonl``, the example articles and the seed article."""
    cases = project / "tests" / "cases"
    texts: list[tuple[str, str]] = []
    with open(cases / "match.jsonl", encoding="utf-8") as fh:
        texts += [(c["id"], c["text"]) for c in map(json.loads, fh)
                  if c.get("kind") == "positive"]
    with open(cases / "loading_pairs.jsonl", encoding="utf-8") as fh:
        texts += [(f"pair-{i}", c["loaded"]) for i, c in enumerate(map(json.loads, fh))]
    examples = sorted((project / "seeds" / "examples").glob("*.txt"))
    seed = shared / "seeds" / "000_d1967a26fcb8027f.txt"
    texts += [(p.stem, p.read_text(encoding="utf-8")) for p in [*examples, seed] if p.exists()]
    return texts


def gold_terms(project: Path, shared: Path) -> set[str]:
    """The lexicon terms of :func:`gold_texts` (held out of counterfactual training pairs,
    so the loading evaluation scores terms the model never saw swapped)."""
    from framing.pipeline import Analyzer

    texts = [t for _, t in gold_texts(project, shared)]
    analyzer = Analyzer(model=None, attribution=False, actors=False, model_terms=False)
    return {t.term for rep in analyzer.pipe(texts) for t in rep.terms if t.origin == "lexicon"}


def held_out_terms(extras: Sequence[str], shared: Path) -> set[str]:
    """The lexicon terms the ``lexpairs`` training set must not swap: :func:`gold_terms`
    of this checkout (``tests/cases``, ``seeds/examples``); empty when ``lexpairs`` is not
    among ``extras``."""
    if "lexpairs" not in extras:
        return set()
    return gold_terms(Path(__file__).resolve().parents[2], shared)


def load_synonyms(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {r["word"].lower(): r["synonym"] for r in rows}


def score_edits(edits: Sequence[Edit], score: Callable[[list[str]], np.ndarray]
                ) -> dict[str, np.ndarray]:
    """The loading of every edit on every scale (one batched scoring call)."""
    texts: list[str] = []
    for ed in edits:
        texts += [ed.sentence, substitute(ed.sentence, ed.start, ed.end, ed.replacement)]
        for k in WINDOWS:
            lo, hi = word_window(ed.sentence, ed.start, ed.end, k)
            part = ed.sentence[lo:hi]
            texts += [part, substitute(part, ed.start - lo, ed.end - lo, ed.replacement)]
    p = np.asarray(score(texts), dtype=float).reshape(len(edits), 2 + 2 * len(WINDOWS))
    out = {"p": p[:, 0] - p[:, 1], "logit": logit(p[:, 0]) - logit(p[:, 1])}
    for i, k in enumerate(WINDOWS):
        a, b = p[:, 2 + 2 * i], p[:, 3 + 2 * i]
        out[f"logit_window{k}"] = logit(a) - logit(b)
        out[f"p_window{k}"] = a - b
    return out


def spread(edits: Sequence[Edit], values: np.ndarray) -> dict[str, Any]:
    """Spread of one gold term's loading over its occurrences in one article: the median
    over (article, term) groups with two or more occurrences of the standard deviation, and
    of the range, of the loading."""
    groups: dict[tuple[str, str], list[float]] = {}
    for ed, x in zip(edits, values, strict=True):
        if ed.gold:
            groups.setdefault((ed.article, ed.key), []).append(float(x))
    multi = [v for v in groups.values() if len(v) > 1]
    if not multi:
        return {"n_groups": 0}
    return {"n_groups": len(multi),
            "median_std": round(float(np.median([np.std(v, ddof=1) for v in multi])), 4),
            "median_range": round(float(np.median([max(v) - min(v) for v in multi])), 4)}


def discrimination(edits: Sequence[Edit], scores: dict[str, np.ndarray],
                   weak: dict[str, float]) -> dict[str, Any]:
    """Per scale: AUROC gold vs control, median gold and control loading, the share of gold
    under the scale's weak threshold, and the spread over occurrences."""
    gold = np.array([ed.gold for ed in edits])
    out = {}
    for name, values in scores.items():
        g, c = values[gold], values[~gold]
        out[name] = {
            **auroc_ci(c, g),
            "median_gold": round(float(np.median(g)), 4),
            "median_control": round(float(np.median(c)), 4),
            "weak_threshold": weak.get(name),
            "gold_below_weak": (round(float((g < weak[name]).mean()), 4)
                                if name in weak else None),
            "control_above_weak": (round(float((c >= weak[name]).mean()), 4)
                                   if name in weak else None),
            "spread": spread(edits, values),
        }
    return out


def weak_threshold(control: np.ndarray, quantile: float = 0.9) -> float:
    """A weak-loading threshold from the controls: the ``quantile`` of ordinary words'
    loadings (a loading under it is within what a neutral synonym swap does)."""
    return float(np.quantile(control, quantile)) if len(control) else math.nan
