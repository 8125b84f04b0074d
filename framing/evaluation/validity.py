"""Validity: how framing's measures agree with things people judged (evaluation only).

Three checks, each with a 95% interval:

- **BiasedSentences_Lim2020**: Spearman correlation of sentence and article scores with the
  mean crowd rating (1-4), next to the raters' own agreement: one rater against the mean of
  the others, and the split-half reliability of the mean rating (Spearman-Brown), whose
  square root bounds how well any score can correlate with that mean.
- **BASIL**: recall of its lexical-bias spans by our terms, inside and outside quotations,
  and article density by outlet against the gold lexical-span density of the same outlets.
- **Known groups on Article-Bias-Prediction**: wire-service copy against partisan-left and
  against partisan-right outlets, AUROC of each article measure (higher = the measure is
  larger for partisan writing), with the groups fixed below from published ratings.

All three sets are evaluation-only: nothing here is used to train or tune.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framing.evaluation.attribution_data import basil_articles, data_root
from framing.records import ArticleReport
from framing.stages.summary import lean_score

#: The known groups, chosen from published ratings before any result was looked at.
#: Wire services: the news agencies among the sources (Reuters, AP, Bloomberg), whose copy
#: is written for every client. Partisan sides: sources the AllSides media bias chart rates
#: "Left" or "Right" (not "Lean"), with news (not opinion) copy in the set.
WIRE_SOURCES = ("Reuters", "Associated Press", "Bloomberg")
PARTISAN_LEFT_SOURCES = ("Salon", "New York Magazine", "HuffPost")
PARTISAN_RIGHT_SOURCES = ("Breitbart News", "The Daily Caller", "American Spectator",
                          "Washington Free Beacon", "Newsmax", "Newsmax - News")

#: The article measures compared between groups (``summary`` fields of a report).
ARTICLE_MEASURES = ("author_terms_per_100_words", "loaded_sentence_share", "mean_p_biased",
                    "loading_per_100_words", "lexicon_terms_per_100_words",
                    "model_terms_per_100_words")

#: The direction measures compared between the partisan sides (left = negatives): the lean
#: and the densities of right- and left-coded author terms.
LEAN_MEASURES = ("lean", "right_coded_per_100_words", "left_coded_per_100_words")

#: Bootstrap resamples for the intervals, and their seed.
BOOTSTRAP_SAMPLES = 1000
SEED = 0

_SENTENCE_PREFIX = re.compile(r"^\[\d+\]:\s*")
_WORD = re.compile(r"[^\W_]+")


# -- statistics ---------------------------------------------------------------------------


def spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Spearman's rank correlation (average ranks for ties); 0.0 when either is constant."""
    from scipy import stats

    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0
    return float(stats.spearmanr(x, y).statistic)


def spearman_ci(x: Sequence[float], y: Sequence[float]) -> dict[str, Any]:
    """Spearman's rho with a Fisher-z 95% interval (standard error 1.06 / sqrt(n - 3), after
    Fieller, Hartley & Pearson 1957)."""
    n = len(x)
    rho = spearman(x, y)
    if n < 5:
        return {"n": n, "rho": round(rho, 4), "ci95": None}
    z, half = math.atanh(max(min(rho, 0.9999), -0.9999)), 1.96 * 1.06 / math.sqrt(n - 3)
    return {"n": n, "rho": round(rho, 4),
            "ci95": [round(math.tanh(z - half), 4), round(math.tanh(z + half), 4)]}


def auroc(negatives: Sequence[float] | np.ndarray, positives: Sequence[float] | np.ndarray
          ) -> float:
    """P(a positive scores above a negative), ties counting half (Mann-Whitney U / n1 n0)."""
    neg, pos = np.asarray(negatives, float), np.asarray(positives, float)
    if not len(neg) or not len(pos):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def auroc_ci(negatives: Sequence[float], positives: Sequence[float],
             samples: int = BOOTSTRAP_SAMPLES, seed: int = SEED) -> dict[str, Any]:
    """AUROC with a stratified bootstrap 95% interval (percentiles)."""
    rng = np.random.default_rng(seed)
    neg, pos = np.asarray(negatives, float), np.asarray(positives, float)
    point = auroc(neg, pos)
    boot = [auroc(rng.choice(neg, len(neg)), rng.choice(pos, len(pos))) for _ in range(samples)]
    lo, hi = np.percentile(boot, [2.5, 97.5])
    return {"n_wire": len(neg), "n_partisan": len(pos), "auroc": round(point, 4),
            "ci95": [round(float(lo), 4), round(float(hi), 4)]}


def bootstrap_mean_ci(values: Sequence[float], samples: int = BOOTSTRAP_SAMPLES,
            seed: int = SEED) -> dict[str, Any]:
    """Mean with a bootstrap 95% interval."""
    v = np.asarray([x for x in values if x is not None and not math.isnan(x)], float)
    if not len(v):
        return {"n": 0, "mean": None, "ci95": None}
    rng = np.random.default_rng(seed)
    boot = [float(rng.choice(v, len(v)).mean()) for _ in range(samples)]
    lo, hi = np.percentile(boot, [2.5, 97.5])
    return {"n": len(v), "mean": round(float(v.mean()), 4),
            "ci95": [round(float(lo), 4), round(float(hi), 4)]}


def proportion_ci(k: int, n: int) -> dict[str, Any]:
    """A share with its Wilson 95% interval."""
    from framing.evaluation.model import wilson

    return {"k": k, "n": n, "share": round(k / n, 4) if n else None, "ci95": wilson(k, n)}


# -- Lim 2020: graded sentence ratings ------------------------------------------------------


@dataclass(frozen=True)
class RatedArticle:
    """One article of Lim et al. 2020: its rated sentences and every rater's ratings.

    ``ratings[r][i]`` is rater ``r``'s rating (1-4) of sentence ``i``, ``None`` where the
    rater left it blank; ``article_ratings[r]`` the rater's rating of the whole article.
    """

    id: str
    outlet: str
    sentences: tuple[str, ...]
    ratings: tuple[tuple[float | None, ...], ...]
    article_ratings: tuple[float, ...]

    @property
    def text(self) -> str:
        """The rated sentences joined as one article text."""
        return " ".join(self.sentences)

    def mean_ratings(self, raters: Iterable[int] | None = None) -> list[float | None]:
        """The mean rating of each sentence over ``raters`` (all by default)."""
        rows = [self.ratings[r] for r in (raters if raters is not None else
                                           range(len(self.ratings)))]
        out: list[float | None] = []
        for i in range(len(self.sentences)):
            vals = [x for row in rows if (x := row[i]) is not None]
            out.append(float(np.mean(vals)) if vals else None)
        return out


def _rating(value: str) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if 1 <= x <= 4 else None


def load_lim2020(root: str | Path | None = None) -> list[RatedArticle]:
    """The 46 articles of BiasedSentences_Lim2020, one row per rater grouped per article."""
    folder = data_root("BiasedSentences_Lim2020", root, "Sora_LREC2020_biasedsentences.csv")
    with open(folder / "Sora_LREC2020_biasedsentences.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(f"{row['id_event']}/{row['id_article']}", []).append(row)
    out = []
    for key, group in sorted(grouped.items()):
        first = group[0]
        keep = [i for i in range(20) if _SENTENCE_PREFIX.sub("", first.get(f"s{i}", "")).strip()]
        out.append(RatedArticle(
            id=key,
            outlet=first["source_bias"],
            sentences=tuple(_SENTENCE_PREFIX.sub("", first[f"s{i}"]).strip() for i in keep),
            ratings=tuple(tuple(_rating(r[str(i)]) for i in keep) for r in group),
            article_ratings=tuple(x for r in group if (x := _rating(r["article_bias"]))),
        ))
    return out


def rater_agreement(articles: Sequence[RatedArticle], seed: int = SEED) -> dict[str, Any]:
    """How far the raters agree: one rater against the mean of the others (pooled over
    sentences), and the split-half reliability of the mean rating, stepped up to the full
    panel with Spearman-Brown; ``ceiling`` = sqrt(reliability), the most any score can be
    expected to correlate with the mean rating."""
    own, others = [], []
    for a in articles:
        for r in range(len(a.ratings)):
            rest = a.mean_ratings([k for k in range(len(a.ratings)) if k != r])
            for x, y in zip(a.ratings[r], rest, strict=True):
                if x is not None and y is not None:
                    own.append(x)
                    others.append(y)
    rng = np.random.default_rng(seed)
    halves = []
    for _ in range(50):
        h1, h2 = [], []
        for a in articles:
            order = rng.permutation(len(a.ratings))
            cut = len(order) // 2
            for x, y in zip(a.mean_ratings(order[:cut]), a.mean_ratings(order[cut:]),
                            strict=True):
                if x is not None and y is not None:
                    h1.append(x)
                    h2.append(y)
        halves.append(spearman(h1, h2))
    half = float(np.mean(halves))
    reliability = 2 * half / (1 + half) if half > -1 else 0.0
    return {"one_vs_rest": spearman_ci(own, others), "split_half": round(half, 4),
            "reliability": round(reliability, 4),
            "ceiling": round(math.sqrt(max(reliability, 0.0)), 4)}


def evaluate_lim2020(articles: Sequence[RatedArticle],
                     score: Callable[[list[str]], Sequence[float]],
                     reports: Sequence[ArticleReport]) -> dict[str, Any]:
    """Sentence P(biased) (``score``) and article measures (``reports``, one per article,
    analyzing :attr:`RatedArticle.text`) against the mean crowd ratings."""
    sentences, gold = [], []
    for a in articles:
        for s, m in zip(a.sentences, a.mean_ratings(), strict=True):
            if m is not None:
                sentences.append(s)
                gold.append(m)
    p = [float(x) for x in score(sentences)]
    article_gold = [float(np.mean(a.article_ratings)) for a in articles]
    sentence_means = [float(np.mean([m for m in a.mean_ratings() if m is not None]))
                      for a in articles]
    by_article = {
        name: spearman_ci([_summary(r, name) for r in reports], article_gold)
        for name in ARTICLE_MEASURES
    }
    by_article["mean sentence rating (the raters' own)"] = spearman_ci(sentence_means,
                                                                      article_gold)
    return {
        "n_articles": len(articles), "n_sentences": len(sentences),
        "sentence_p_biased": spearman_ci(p, gold),
        "article": by_article,
        "raters": rater_agreement(articles),
    }


def _summary(report: ArticleReport, name: str) -> float:
    value = getattr(report.summary, name)
    return float("nan") if value is None else float(value)


# -- BASIL: lexical-bias spans ------------------------------------------------------------


@dataclass(frozen=True)
class LexicalSpan:
    """A BASIL lexical-bias span placed in its article text."""

    start_char: int
    end_char: int
    quoted: bool


@dataclass(frozen=True)
class BasilLexicalArticle:
    """A BASIL article body (paragraphs joined as in :func:`basil_articles`) and its gold
    lexical-bias spans."""

    id: str
    outlet: str
    text: str
    spans: tuple[LexicalSpan, ...]

    @property
    def n_words(self) -> int:
        return len(_WORD.findall(self.text))


def load_basil_lexical(root: str | Path | None = None) -> list[BasilLexicalArticle]:
    """BASIL's 300 articles with their ``bias == "lex"`` spans."""
    out = []
    for art in basil_articles(root):
        spans = []
        for ann in art.annotations:
            if ann.get("bias") != "lex":
                continue
            placed = art.place(ann)
            if placed is not None:
                spans.append(LexicalSpan(*placed, quoted=ann.get("quote") == "yes"))
        out.append(BasilLexicalArticle(art.id, art.outlet, art.text, tuple(spans)))
    return out


def evaluate_basil_lexical(articles: Sequence[BasilLexicalArticle],
                           reports: Sequence[ArticleReport]) -> dict[str, Any]:
    """Recall of the gold lexical spans by our terms (any overlap), by whether BASIL marks
    the span as inside a quotation; and per outlet, the gold lexical spans per 100 words next
    to our author-voice terms per 100 words."""
    found = {"all": [0, 0], "quoted": [0, 0], "not quoted": [0, 0]}
    by_origin: dict[str, int] = {}
    per_outlet: dict[str, tuple[list[float], list[float]]] = {}
    for art, rep in zip(articles, reports, strict=True):
        for span in art.spans:
            hit = [t for t in rep.terms
                   if t.start_char < span.end_char and t.end_char > span.start_char]
            for key in ("all", "quoted" if span.quoted else "not quoted"):
                found[key][0] += bool(hit)
                found[key][1] += 1
            for origin in {t.origin for t in hit}:
                by_origin[origin] = by_origin.get(origin, 0) + 1
        gold, ours = per_outlet.setdefault(art.outlet, ([], []))
        gold.append(100 * len(art.spans) / max(art.n_words, 1))
        ours.append(rep.summary.author_terms_per_100_words)
    outlets = {
        outlet: {"gold_lex_per_100_words": bootstrap_mean_ci(g),
                 "author_terms_per_100_words": bootstrap_mean_ci(o)}
        for outlet, (g, o) in sorted(per_outlet.items())
    }
    gold_all = [x for g, _ in per_outlet.values() for x in g]
    ours_all = [x for _, o in per_outlet.values() for x in o]
    names = sorted(outlets)
    return {
        "n_articles": len(articles),
        "recall": {k: proportion_ci(*v) for k, v in found.items()},
        "recall_by_origin": {k: proportion_ci(v, found["all"][1])
                             for k, v in sorted(by_origin.items())},
        "outlets": outlets,
        "outlet_order_agrees": (
            sorted(names, key=lambda n: outlets[n]["gold_lex_per_100_words"]["mean"])
            == sorted(names, key=lambda n: outlets[n]["author_terms_per_100_words"]["mean"])
        ),
        "article_density_vs_gold": spearman_ci(ours_all, gold_all),
    }


# -- Article-Bias-Prediction: known groups --------------------------------------------------


@dataclass(frozen=True)
class GroupArticle:
    id: str
    source: str
    group: str  # "wire", "left" or "right"
    text: str


def load_known_groups(root: str | Path | None = None, per_group: int | None = 150,
                      seed: int = SEED) -> list[GroupArticle]:
    """Articles of the three groups from the released Article-Bias-Prediction test and
    validation articles, at most ``per_group`` of each, drawn with ``seed``."""
    folder = data_root("Article-Bias-Prediction", root,
                       "articles_media-test_media-valid_random-test.jsonl")
    group_of = {s: "wire" for s in WIRE_SOURCES}
    group_of.update({s: "left" for s in PARTISAN_LEFT_SOURCES})
    group_of.update({s: "right" for s in PARTISAN_RIGHT_SOURCES})
    found: dict[str, list[GroupArticle]] = {"wire": [], "left": [], "right": []}
    path = folder / "articles_media-test_media-valid_random-test.jsonl"
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            group = group_of.get(row["source"])
            text = (row.get("content_original") or "").strip()
            if group is None or not text or row["ID"] in seen:
                continue
            seen.add(row["ID"])
            found[group].append(GroupArticle(row["ID"], row["source"], group, text))
    rng = np.random.default_rng(seed)
    out = []
    for items in found.values():
        items.sort(key=lambda a: a.id)
        if per_group is not None and len(items) > per_group:
            items = [items[i] for i in sorted(rng.choice(len(items), per_group, replace=False))]
        out += items
    return out


def evaluate_known_groups(articles: Sequence[GroupArticle],
                          reports: Sequence[ArticleReport]) -> dict[str, Any]:
    """AUROC of each article measure, wire (negatives) against each partisan side; and of
    each direction measure, partisan left (negatives) against partisan right (``lean``;
    above 0.5 = the measure is higher for right-rated outlets), with the group means."""
    values: dict[str, dict[str, list[float]]] = {}
    for art, rep in zip(articles, reports, strict=True):
        for name in (*ARTICLE_MEASURES, *LEAN_MEASURES):
            x = _summary(rep, name)
            if not math.isnan(x):
                values.setdefault(name, {}).setdefault(art.group, []).append(x)
    out: dict[str, Any] = {"groups": {g: sorted({a.source for a in articles if a.group == g})
                                      for g in ("wire", "left", "right")},
                           "n": {g: sum(a.group == g for a in articles)
                                 for g in ("wire", "left", "right")},
                           "auroc": {}}
    for name in ARTICLE_MEASURES:
        groups = values.get(name, {})
        wire = groups.get("wire", [])
        out["auroc"][name] = {side: auroc_ci(wire, groups.get(side, []))
                              for side in ("left", "right")}
    out["lean"] = {}
    for name in LEAN_MEASURES:
        groups = values.get(name, {})
        out["lean"][name] = {
            "auroc_right_vs_left": auroc_ci(groups.get("left", []), groups.get("right", [])),
            "mean": {g: round(float(np.mean(v)), 4) for g, v in groups.items() if v},
        }
    out["lean_ceiling"] = lean_ceiling(articles, reports)
    return out


def lean_ceiling(articles: Sequence[GroupArticle], reports: Sequence[ArticleReport]
                 ) -> dict[str, Any]:
    """How far the lean can separate the partisan sides with the terms it has: the share of
    each side's articles with no directional author-voice term (their lean is 0, a tie), and
    the AUROC the lean would reach if every directional term pointed the way of its outlet's
    rating (the other side's terms removed: perfect direction, the same coverage). A
    diagnostic that reads the ratings, so never a score to tune on."""
    lean: dict[str, list[float]] = {"left": [], "right": []}
    untouched: dict[str, int] = {"left": 0, "right": 0}
    for art, rep in zip(articles, reports, strict=True):
        if art.group not in lean:
            continue
        n_left, n_right = rep.summary.n_left_coded, rep.summary.n_right_coded
        untouched[art.group] += n_left + n_right == 0
        lean[art.group].append(lean_score(n_left if art.group == "left" else 0,
                                          n_right if art.group == "right" else 0))
    return {
        "share_without_directional_term": {
            g: round(untouched[g] / len(v), 4) if v else None for g, v in lean.items()},
        "auroc_with_every_direction_right": auroc_ci(lean["left"], lean["right"]),
    }
