"""The dashboard's figures, drawn with matplotlib from the numbers of
:mod:`framing.render.outlets`.

Each :class:`Figure` also carries what it drew, read back from the plot itself (the mean
markers, the interval lines, the bar lengths, the outlet order and the "n too small" marks),
so that a test can check a chart against the table beside it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from framing.render.outlets import Measure, shares, top_terms

if TYPE_CHECKING:
    import pandas as pd

#: per-article measures drawn as distributions, with their captions
DISTRIBUTIONS: tuple[tuple[str, str, str], ...] = (
    ("author_terms_per_100_words", "Author-voice loaded terms per 100 words",
     "Each dot is one article: loaded terms in the writer's own voice per 100 words outside "
     "direct quotations."),
    ("mean_author_loading", "Mean loading of author-voice terms",
     "Each dot is one article: the mean loading of its author-voice terms, where a term's "
     "loading is the log-odds of the classifier's P(biased) for the words around it minus "
     "the same with the term replaced by its neutral paraphrase (positive = the term makes "
     "the text read as more biased)."),
    ("lean", "Lean of the writer's wording",
     "Each dot is one article: (right-coded - left-coded) / (right-coded + left-coded + 2) "
     "over its author-voice terms (terms the writer only mentions, 'the so-called death "
     "tax', left out), from -1 (the left's framing) to 1 (the right's); 0 = balanced or no "
     "directional term."),
)
#: the lexicon / model split, drawn as paired bars
SPLIT = ("lexicon_terms_per_100_words", "model_terms_per_100_words")
#: what the black marks of a distribution mean, and where an interval is left out
MEAN_NOTE = ("Black: the outlet mean with its 95% bootstrap interval (2,000 resamples of "
             "the outlet's articles, seed 0); an outlet with too few articles for an "
             "interval shows its mean and 'n too small for a CI'.")
SMALL = "n too small for a CI"
#: the value pairs whose summed share orders the outlets of the stacked charts
SHARE_ORDER = {"label": ("anonymous", "vague"), "cue_class": ("hedging",)}

_PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
            "#8c8c8c", "#ccb974", "#64b5cd")
_HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--", "||", "**")
#: bar colour and hatch of a term by origin, in the top-terms figure and the split figure
ORIGIN_STYLE = {"lexicon": ("#4c72b0", ""), "rule": ("#8172b3", ".."),
                "model": ("#dd8452", "//")}


@dataclass(frozen=True)
class Figure:
    """One dashboard figure: file stem, title, caption and the PNG bytes, and what it drew:
    ``drawn[series][outlet]`` (a mean, a share or a count), ``intervals[outlet]`` (low,
    high) of the single-measure figures, ``order`` (outlets top to bottom) and ``small``
    (outlets marked "n too small for a CI")."""

    name: str
    title: str
    caption: str
    png: bytes
    drawn: dict[str, dict[str, float]] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    small: tuple[str, ...] = ()


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


#: separates the parts of an artist's id (outlet names may hold any printable character)
_SEP = "\x1f"


def _gid(*parts: str) -> str:
    return _SEP.join(parts)


def _read_back(ax: Any) -> dict[str, Any]:
    """What the axes show, from their artists' ids: ``mean`` markers, ``ci`` interval
    lines, ``bar`` bars (by series and key) and ``small`` texts, each with its outlet."""
    drawn: dict[str, dict[str, float]] = {}
    intervals: dict[str, tuple[float, float]] = {}
    small: list[str] = []
    for line in ax.get_lines():
        kind, *rest = (line.get_gid() or "").split(_SEP)
        if kind == "mean":
            drawn.setdefault("mean", {})[rest[0]] = float(line.get_xdata()[0])
    for coll in ax.collections:
        kind, *rest = (coll.get_gid() or "").split(_SEP)
        if kind == "ci":
            (x0, _), (x1, _) = coll.get_segments()[0]
            intervals[rest[0]] = (float(x0), float(x1))
    for patch in ax.patches:
        kind, *rest = (patch.get_gid() or "").split(_SEP)
        if kind == "bar":
            drawn.setdefault(rest[0], {})[_SEP.join(rest[1:])] = float(patch.get_width())
    for text in ax.texts:
        kind, *rest = (text.get_gid() or "").split(_SEP)
        if kind == "small":
            small.append(rest[0])
    return {"drawn": drawn, "intervals": intervals, "small": small}


def _mean_marks(ax: Any, y: float, outlet: str, value: Any) -> None:
    """The black mean of one outlet, with its interval or the small-group mark."""
    if value is None or value.mean is None:
        return
    ax.plot([value.mean], [y], "D", color="black", markersize=5, gid=_gid("mean", outlet))
    if value.too_small:
        ax.annotate(SMALL, (value.mean, y), xytext=(8, -3), textcoords="offset points",
                    fontsize=7, color="#8a1c27", gid=_gid("small", outlet))
    else:
        ax.hlines(y, value.low, value.high, color="black", lw=1.5, gid=_gid("ci", outlet))
        ax.plot([value.low, value.high], [y, y], "|", color="black", markersize=8)


def _labels(ax: Any, order: Sequence[str], counts: Sequence[int]) -> None:
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([f"{o} (n={n})" for o, n in zip(order, counts, strict=True)])
    ax.invert_yaxis()


def distribution(articles: pd.DataFrame, measure: Measure, title: str, caption: str
                 ) -> Figure | None:
    """One dot per article and each outlet's mean and interval, outlets in the order of
    the measure (highest mean first)."""
    import matplotlib.pyplot as plt
    import numpy as np

    metric = measure.name
    data = articles.dropna(subset=[metric])
    order = [v.outlet for v in measure.values if v.mean is not None]
    if not len(data) or not order:
        return None
    rng = np.random.default_rng(0)
    fig, ax = plt.subplots(figsize=(7, 0.55 * len(order) + 1.4))
    for y, outlet in enumerate(order):
        values = data.loc[data["outlet"] == outlet, metric].to_numpy(float)
        ax.scatter(values, y + rng.uniform(-0.18, 0.18, len(values)), s=14, alpha=0.55,
                   color=_PALETTE[y % len(_PALETTE)], edgecolors="none")
        _mean_marks(ax, y, outlet, measure.of(outlet))
    _labels(ax, order, [v.n for v in measure.values if v.mean is not None])
    ax.set_xlabel(title)
    ax.grid(axis="x", alpha=0.3)
    seen = _read_back(ax)
    return Figure(metric, title,
                  f"{caption} {MEAN_NOTE} Outlets in order of their mean, highest first.",
                  _png(fig), seen["drawn"], seen["intervals"], tuple(order),
                  tuple(seen["small"]))


def split_figure(by: dict[str, Measure]) -> Figure | None:
    """Lexicon-and-rule terms and model-found terms per 100 words, per outlet side by side
    (mean bars, intervals or the small-group mark), outlets in order of the lexicon
    measure."""
    import matplotlib.pyplot as plt

    if not all(m in by for m in SPLIT):
        return None
    lex, model = by[SPLIT[0]], by[SPLIT[1]]
    order = [v.outlet for v in lex.values if v.mean is not None]
    if not order:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.7 * len(order) + 1.6))
    drawn_small: list[str] = []
    for k, (m, origin) in enumerate(((lex, "lexicon"), (model, "model"))):
        colour, hatch = ORIGIN_STYLE[origin]
        for y, outlet in enumerate(order):
            v = m.of(outlet)
            if v is None or v.mean is None:
                continue
            pos = y - 0.2 + 0.4 * k
            ax.barh(pos, v.mean, height=0.38, color=colour, hatch=hatch, edgecolor="white",
                    gid=_gid("bar", m.name, outlet), label=m.label if y == 0 else None)
            if v.low is None or v.high is None:
                ax.annotate(SMALL, (v.mean, pos), xytext=(4, -3), textcoords="offset points",
                            fontsize=7, color="#8a1c27", gid=_gid("small", outlet))
                drawn_small.append(outlet)
            else:
                ax.errorbar(v.mean, pos, xerr=[[v.mean - v.low], [v.high - v.mean]],
                            fmt="none", ecolor="black", capsize=3, lw=1)
    _labels(ax, order, [lex.of(o).n for o in order])  # type: ignore[union-attr]
    ax.set_xlabel("author-voice terms per 100 words")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    seen = _read_back(ax)
    return Figure(
        "lexicon_vs_model", "Lexicon and model-found terms per 100 words",
        "Per outlet, the mean over its articles of author-voice terms per 100 words found "
        "by the lexicon and the rules (solid) and by the model alone (hatched: words the "
        "classifier's token head flags that no lexicon entry covers); the two add up to "
        "the author terms per 100 words. Lines: 95% bootstrap intervals; an outlet with too "
        "few articles for an interval is marked 'n too small for a CI'. Outlets in order of "
        "the lexicon-and-rule measure, highest first.",
        _png(fig), seen["drawn"], {}, tuple(order), tuple(dict.fromkeys(seen["small"])))


def stacked(table: pd.DataFrame, name: str, title: str, caption: str) -> Figure | None:
    """Shares per outlet as stacked bars, in the table's outlet order."""
    import matplotlib.pyplot as plt

    if not len(table):
        return None
    values = table.drop(columns="n")
    order = [str(o) for o in values.index]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(values) + 1.6))
    left = [0.0] * len(values)
    for k, column in enumerate(values.columns):
        widths = values[column].tolist()
        bars = ax.barh(range(len(values)), widths, left=left, label=str(column),
                       color=_PALETTE[k % len(_PALETTE)], hatch=_HATCHES[k % len(_HATCHES)],
                       edgecolor="white")
        for bar, outlet in zip(bars, order, strict=True):
            bar.set_gid(_gid("bar", str(column), outlet))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    _labels(ax, order, [int(n) for n in table["n"]])
    ax.set_xlim(0, 1)
    ax.set_xlabel(title)
    ax.legend(ncol=min(5, len(values.columns)), loc="upper center",
              bbox_to_anchor=(0.5, -0.25), frameon=False, fontsize=8)
    seen = _read_back(ax)
    return Figure(name, title, caption, _png(fig), seen["drawn"], {}, tuple(order))


def top_terms_figure(top: pd.DataFrame, order: Sequence[str]) -> Figure | None:
    """Per outlet (in ``order``, the first 12), its most frequent terms as bars coloured by
    origin."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    if not len(top):
        return None
    outlets = [o for o in order if (top["outlet"] == o).any()][:12]
    cols = min(3, len(outlets))
    rows = (len(outlets) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.6 * rows + 0.5),
                             squeeze=False)
    drawn: dict[str, dict[str, float]] = {}
    for ax, outlet in zip(axes.flat, outlets, strict=False):
        part = top[top["outlet"] == outlet]
        for y, row in enumerate(part.itertuples(index=False)):
            colour, hatch = ORIGIN_STYLE.get(str(row.origin), ("#8c8c8c", ""))
            ax.barh(y, row.count, color=colour, hatch=hatch, edgecolor="white",
                    gid=_gid("bar", outlet, str(row.term), str(row.origin)))
        ax.set_yticks(range(len(part)))
        ax.set_yticklabels([f"{t} *" if o == "model" else t
                            for t, o in zip(part["term"], part["origin"], strict=True)],
                           fontsize=8)
        ax.invert_yaxis()
        ax.set_title(str(outlet), fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        drawn.update(_read_back(ax)["drawn"])
    for ax in list(axes.flat)[len(outlets):]:
        ax.axis("off")
    fig.legend(handles=[Patch(facecolor=c, hatch=h, label=o, edgecolor="white")
                        for o, (c, h) in ORIGIN_STYLE.items()],
               loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return Figure(
        "top_terms", "Most frequent loaded terms per outlet",
        "Per outlet, its eight most frequent loaded terms (author and quoted voice together), "
        "by number of occurrences, coloured by origin: the lexicon (solid blue), a rule "
        "(dotted: scare quotes, impersonal attribution frames) or the model alone (hatched "
        "orange, also marked *). Outlets in the order of the outlet table.",
        _png(fig), drawn, {}, tuple(outlets))


def build_figures(articles: pd.DataFrame, findings: pd.DataFrame,
                  by: dict[str, Measure], order: Sequence[str]) -> list[Figure]:
    """The dashboard's figures (those with something to show), from the articles (with
    ``mean_author_loading``), the findings, the measures of
    :func:`framing.render.outlets.measures` and the outlet order of the outlet table."""
    import matplotlib

    matplotlib.use("Agg")

    figures: list[Figure | None] = []
    for metric, title, caption in DISTRIBUTIONS:
        if metric in by:
            figures.append(distribution(articles, by[metric], title, caption))
        if metric == DISTRIBUTIONS[0][0]:
            figures.append(split_figure(by))
    for column, name, title, caption in (
        ("label", "source_types", "Share of attributions by source type",
         "Per outlet, the share of its attributions (a cue verb or 'according to' with its "
         "content) whose source is a person, an organisation, anonymous (identity withheld), "
         "vague ('critics', 'reports') or a document; 'none' has no source. n = "
         "attributions. Outlets in order of the anonymous + vague share, highest first."),
        ("cue_class", "cue_classes", "Share of attributions by cue class",
         "Per outlet, the share of its attributions whose cue verb is neutral ('said'), "
         "factive ('revealed': presents the content as true), hedging ('claimed': casts "
         "doubt), emphatic ('insisted', 'admitted') or other. n = attributions. Outlets in "
         "order of the hedging share, highest first."),
    ):
        figures.append(stacked(shares(findings, column, SHARE_ORDER[column]), name, title,
                               caption))
    figures.append(top_terms_figure(top_terms(findings), order))
    return [f for f in figures if f is not None]
