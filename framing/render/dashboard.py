"""The corpus dashboard: outlets side by side, as one self-contained HTML page and PNGs.

``framing dashboard OUTDIR -o dashboard.html`` reads the tables of ``framing score`` (or
report JSON files, or :class:`~framing.ArticleReport` objects through
:func:`render_dashboard`) and draws, per outlet: 1. author-voice loaded terms per 100 words
(a dot per article, the outlet mean with its 95% bootstrap interval); 2. the same for the
mean loading of its author-voice terms and 3. for the lean of its wording; 4. attributions
by source type and 5. by cue class; 6. the most frequent terms, model-found ones marked.

Every figure has a caption saying what it measures; figures are embedded as PNG data URIs
(no network request) and also written to ``<name>_figures/`` beside the page.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import InputError
from framing.render.html import page_head

if TYPE_CHECKING:
    import pandas as pd

    from framing.records import ArticleReport

#: per-article metrics drawn as distributions, with their captions
DISTRIBUTIONS: tuple[tuple[str, str, str], ...] = (
    ("author_terms_per_100_words", "Author-voice loaded terms per 100 words",
     "Each dot is one article: loaded terms in the writer's own voice per 100 words outside "
     "direct quotations. The black mark is the outlet mean with its 95% bootstrap confidence "
     "interval (2,000 resamples of the outlet's articles, seed 0)."),
    ("mean_author_loading", "Mean loading of author-voice terms",
     "Each dot is one article: the mean loading of its author-voice terms, where a term's "
     "loading is the classifier's P(biased) of its sentence minus P(biased) of the same "
     "sentence with the term replaced by its neutral paraphrase (positive = the term makes the "
     "sentence read as more biased). Black: outlet mean and 95% bootstrap interval."),
    ("lean", "Lean of the writer's wording",
     "Each dot is one article: (right-coded - left-coded) / (right-coded + left-coded + 2) "
     "over its author-voice terms, from -1 (the left's framing) to 1 (the right's); 0 = "
     "balanced or no directional term. Black: outlet mean and 95% bootstrap interval."),
)

_PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
            "#8c8c8c", "#ccb974", "#64b5cd")
_HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--", "||", "**")


@dataclass(frozen=True)
class Figure:
    """One dashboard figure: file stem, title, caption and the PNG bytes."""

    name: str
    title: str
    caption: str
    png: bytes


# -- inputs ----------------------------------------------------------------------------------


def load_tables(sources: Sequence[str | Path] | Iterable[ArticleReport | dict[str, Any]]
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(articles, findings, actors)`` from a ``framing score`` output folder, from report
    JSON files (or folders of them), or from reports (objects or their ``to_dict()``)."""
    import pandas as pd

    from framing.records import ArticleReport
    from framing.render.tables import actor_rows, article_row, finding_rows

    items = list(sources)
    if len(items) == 1 and isinstance(items[0], (str, Path)) and Path(items[0]).is_dir():
        folder = Path(items[0])
        scored = _score_table(folder, "articles")
        if scored is not None:
            return (_read(scored), _read(_score_table(folder, "findings")),
                    _read(_score_table(folder, "actors")))
    reports: list[ArticleReport | dict[str, Any]] = []
    for item in items:
        if isinstance(item, (ArticleReport, dict)):
            reports.append(item)
            continue
        path = Path(item)
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        if not files:
            raise InputError(f"{path} holds neither framing score output (articles.parquet, "
                             "...) nor report .json files.")
        for f in files:
            reports.append(_report_json(f))
    if not reports:
        raise InputError("No reports to draw: give a framing score output folder or report "
                         "JSON files (framing analyze --format json).")
    articles = pd.DataFrame([article_row(r) for r in reports])
    findings = pd.DataFrame([row for r in reports for row in finding_rows(r)])
    actors = pd.DataFrame([row for r in reports for row in actor_rows(r)])
    return articles, findings, actors


def _score_table(folder: Path, name: str) -> Path | None:
    for ext in ("parquet", "csv", "jsonl"):
        if (folder / f"{name}.{ext}").exists():
            return folder / f"{name}.{ext}"
    return None


def _read(path: Path | None) -> pd.DataFrame:
    import pandas as pd

    if path is None or path.stat().st_size == 0:
        return pd.DataFrame()
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path)
    return pd.read_json(path, lines=True)


def _report_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path} is not a readable report JSON file: {err}") from err
    if not isinstance(data, dict) or "summary" not in data or "terms" not in data:
        raise InputError(f"{path} is JSON but not a framing report (no 'summary' and 'terms'); "
                         "write reports with: framing analyze ARTICLE --format json")
    return data


# -- numbers ---------------------------------------------------------------------------------


def with_mean_loading(articles: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``mean_author_loading``: the mean loading of each article's
    author-voice terms (missing without a classifier or without such terms)."""
    import numpy as np

    out = articles.copy()
    out["mean_author_loading"] = np.nan
    if len(findings) and "loading" in findings:
        terms = findings[(findings["kind"] == "term") & (findings["voice"] == "author")]
        means = terms.dropna(subset=["loading"]).groupby("id")["loading"].mean()
        out["mean_author_loading"] = out["id"].map(means)
    return out


def shares(findings: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per outlet, the share of attributions in each value of ``column`` (source type:
    ``label``; cue class: ``cue_class``), with ``n`` the attributions counted."""
    import pandas as pd

    if not len(findings):
        return pd.DataFrame()
    rows = findings[findings["kind"] == "attribution"].copy()
    if not len(rows):
        return pd.DataFrame()
    rows["outlet"] = rows["outlet"].fillna("(none)")
    table = pd.crosstab(rows["outlet"], rows[column].fillna("none"))
    out = table.div(table.sum(axis=1), axis=0)
    out.insert(0, "n", table.sum(axis=1))
    return out


def top_terms(findings: pd.DataFrame, k: int = 8) -> pd.DataFrame:
    """Per outlet, its ``k`` most frequent loaded terms (all voices): count, author-voice
    count and mean loading."""
    import pandas as pd

    if not len(findings):
        return pd.DataFrame(columns=["outlet", "term", "category", "origin", "count",
                                     "n_author", "mean_loading"])
    terms = findings[findings["kind"] == "term"].copy()
    terms["outlet"] = terms["outlet"].fillna("(none)")
    terms["is_author"] = terms["voice"] == "author"
    grouped = terms.groupby(["outlet", "term", "label", "origin"], sort=False).agg(
        count=("term", "size"), n_author=("is_author", "sum"), mean_loading=("loading", "mean"))
    grouped = grouped.reset_index().rename(columns={"label": "category"})
    grouped = grouped.sort_values(["outlet", "count", "term"], ascending=[True, False, True])
    return grouped.groupby("outlet", sort=True).head(k).reset_index(drop=True)


def actor_view(actors: pd.DataFrame, k: int = 8, max_labels: int = 12
               ) -> list[tuple[str, str, pd.DataFrame]]:
    """The same actor across outlets: for the ``k`` actors with the most labels (those
    named by more than one outlet first), a table with one row per label wording and one
    column per outlet, each cell "count · mean loading" (mean loading left out without a
    classifier). The first row counts the articles that mention the actor. Returns
    ``(actor, type, table)`` triples."""
    import pandas as pd

    if not len(actors) or "actor" not in actors:
        return []
    frame = actors.copy()
    frame["outlet"] = frame["outlet"].fillna("(none)")
    labelled = frame.dropna(subset=["label"])
    if not len(labelled):
        return []
    reach = frame.groupby("actor")["outlet"].nunique()
    n_labels = labelled.groupby("actor").size()
    chosen = sorted(n_labels.index, key=lambda a: (int(reach[a]) < 2, -int(n_labels[a]), a))[:k]
    outlets = sorted(frame["outlet"].unique(), key=str)
    out = []
    for actor in chosen:
        rows = frame[frame["actor"] == actor]
        own = labelled[labelled["actor"] == actor].copy()
        own["wording"] = own["label"].str.lower()
        top = own.groupby("wording").size().sort_values(ascending=False, kind="stable")
        table: dict[str, list[str]] = {"label": ["(articles mentioning)"],
                                       "category": [""]}
        for outlet in outlets:
            table[str(outlet)] = [str(rows[rows["outlet"] == outlet]["id"].nunique())]
        for wording in top.index[:max_labels]:
            these = own[own["wording"] == wording]
            table["label"].append(str(wording))
            table["category"].append(str(these["category"].iloc[0]))
            for outlet in outlets:
                cell = these[these["outlet"] == outlet]
                if not len(cell):
                    table[str(outlet)].append("")
                    continue
                mean = cell["loading"].dropna().mean() if "loading" in cell else float("nan")
                table[str(outlet)].append(
                    f"{len(cell)}" + ("" if mean != mean else f" · {mean:+.3f}"))
        out.append((str(actor), str(rows["actor_type"].iloc[0]), pd.DataFrame(table)))
    return out


# -- figures ---------------------------------------------------------------------------------


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight",
                metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _distribution(articles: pd.DataFrame, metric: str, title: str, intervals: pd.DataFrame
                  ) -> bytes | None:
    import matplotlib.pyplot as plt
    import numpy as np

    data = articles.dropna(subset=[metric])
    if not len(data):
        return None
    outlets = sorted(data["outlet"].unique(), key=str)
    rng = np.random.default_rng(0)
    fig, ax = plt.subplots(figsize=(7, 0.55 * len(outlets) + 1.4))
    for y, outlet in enumerate(outlets):
        values = data.loc[data["outlet"] == outlet, metric].to_numpy(float)
        ax.scatter(values, y + rng.uniform(-0.18, 0.18, len(values)), s=14, alpha=0.55,
                   color=_PALETTE[y % len(_PALETTE)], edgecolors="none")
        row = intervals[intervals["outlet"] == outlet]
        if len(row) and metric in row and row[metric].notna().all():
            mean = float(row[metric].iloc[0])
            low = float(row[f"{metric}_ci_low"].iloc[0])
            high = float(row[f"{metric}_ci_high"].iloc[0])
            ax.errorbar(mean, y, xerr=[[mean - low], [high - mean]], fmt="D", color="black",
                        markersize=5, capsize=4, lw=1.5)
    ax.set_yticks(range(len(outlets)))
    ax.set_yticklabels([f"{o} (n={int((data['outlet'] == o).sum())})" for o in outlets])
    ax.invert_yaxis()
    ax.set_xlabel(title)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def _stacked(table: pd.DataFrame, title: str) -> bytes | None:
    import matplotlib.pyplot as plt

    if not len(table):
        return None
    values = table.drop(columns="n")
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(values) + 1.6))
    left = [0.0] * len(values)
    for k, column in enumerate(values.columns):
        widths = values[column].tolist()
        ax.barh(range(len(values)), widths, left=left, label=str(column),
                color=_PALETTE[k % len(_PALETTE)], hatch=_HATCHES[k % len(_HATCHES)],
                edgecolor="white")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(range(len(values)))
    ax.set_yticklabels([f"{o} (n={int(n)})" for o, n in zip(values.index, table["n"],
                                                              strict=True)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(title)
    ax.legend(ncol=min(5, len(values.columns)), loc="upper center",
              bbox_to_anchor=(0.5, -0.25), frameon=False, fontsize=8)
    return _png(fig)


def _top_terms_figure(top: pd.DataFrame) -> bytes | None:
    import matplotlib.pyplot as plt

    if not len(top):
        return None
    outlets = sorted(top["outlet"].unique(), key=str)[:12]
    cols = min(3, len(outlets))
    rows = (len(outlets) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.6 * rows), squeeze=False)
    for ax, outlet in zip(axes.flat, outlets, strict=False):
        part = top[top["outlet"] == outlet]
        ax.barh(range(len(part)), part["count"], color=_PALETTE[0])
        ax.set_yticks(range(len(part)))
        ax.set_yticklabels([f"{t} *" if o == "model" else t
                            for t, o in zip(part["term"], part["origin"], strict=True)],
                           fontsize=8)
        ax.invert_yaxis()
        ax.set_title(str(outlet), fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(outlets):]:
        ax.axis("off")
    fig.tight_layout()
    return _png(fig)


def build_figures(articles: pd.DataFrame, findings: pd.DataFrame,
                  intervals: pd.DataFrame) -> list[Figure]:
    """The dashboard's figures (those with something to show), from the articles with
    ``mean_author_loading`` (:func:`with_mean_loading`) and their outlet table."""
    import matplotlib

    matplotlib.use("Agg")

    figures = []
    for metric, title, caption in DISTRIBUTIONS:
        if metric in articles:
            png = _distribution(articles, metric, title, intervals)
            if png is not None:
                figures.append(Figure(metric, title, caption, png))
    for column, name, title, caption in (
        ("label", "source_types", "Share of attributions by source type",
         "Per outlet, the share of its attributions (a cue verb or 'according to' with its "
         "content) whose source is a person, an organisation, anonymous (identity withheld), "
         "vague ('critics', 'reports') or a document; 'none' has no source. n = attributions."),
        ("cue_class", "cue_classes", "Share of attributions by cue class",
         "Per outlet, the share of its attributions whose cue verb is neutral ('said'), "
         "factive ('revealed': presents the content as true), hedging ('claimed': casts "
         "doubt), emphatic ('insisted', 'admitted') or other. n = attributions."),
    ):
        png = _stacked(shares(findings, column), title)
        if png is not None:
            figures.append(Figure(name, title, caption, png))
    png = _top_terms_figure(top_terms(findings))
    if png is not None:
        figures.append(Figure(
            "top_terms", "Most frequent loaded terms per outlet",
            "Per outlet, its eight most frequent loaded terms (lexicon, scare quotes and "
            "model-found words, the last marked *; author and quoted voice together), by "
            "number of occurrences.",
            png))
    return figures


# -- page ------------------------------------------------------------------------------------


def render_dashboard(
    sources: Sequence[str | Path] | Iterable[ArticleReport | dict[str, Any]],
    output: str | Path,
    figures_dir: str | Path | None = None,
) -> Path:
    """Write the dashboard page to ``output`` and its figures as PNG files to
    ``figures_dir`` (default ``<output stem>_figures/``); returns the page's path."""
    from framing.render.tables import outlet_table

    articles, findings, actors = load_tables(list(sources))  # type: ignore[arg-type]
    if not len(articles):
        raise InputError("No scored articles to draw (the tables are empty).")
    articles = with_mean_loading(articles, findings)
    articles["outlet"] = articles["outlet"].fillna("(none)")
    out = Path(output)
    folder = Path(figures_dir) if figures_dir is not None else out.with_name(
        f"{out.stem}_figures")
    folder.mkdir(parents=True, exist_ok=True)
    table = outlet_table(articles, metrics=tuple(_LABELS))
    figures = build_figures(articles, findings, table)
    for f in figures:
        (folder / f"{f.name}.png").write_bytes(f.png)
    top = top_terms(findings)
    out.write_text(_page(articles, table, top, figures, folder.name, actor_view(actors)),
                   "utf-8")
    return out


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}"
    return escape(str(v))


def _table(frame: pd.DataFrame, caption: str) -> str:
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


_LABELS = {
    "author_terms_per_100_words": "author terms / 100 words",
    "lexicon_terms_per_100_words": "lexicon and rule terms / 100 words",
    "model_terms_per_100_words": "model-found terms / 100 words",
    "lean": "lean (-1 left, 1 right)",
    "mean_author_loading": "mean author-term loading",
    "attributed_sentence_share": "attributed sentence share",
    "anonymous_vague_share": "anonymous+vague share",
}


def _outlet_cells(table: pd.DataFrame) -> pd.DataFrame:
    """The outlet table with each metric as 'mean [low, high]' in one column."""
    import pandas as pd

    out = pd.DataFrame({"outlet": table["outlet"], "articles": table["n_articles"]})
    for metric, label in _LABELS.items():
        if metric not in table:
            continue
        out[label] = [
            "n/a" if m is None or m != m else f"{m:.3f} [{lo:.3f}, {hi:.3f}]"
            for m, lo, hi in zip(table[metric], table[f"{metric}_ci_low"],
                                 table[f"{metric}_ci_high"], strict=True)
        ]
    return out


def _actor_section(actors: list[tuple[str, str, pd.DataFrame]]) -> str:
    if not actors:
        return ""
    tables = "".join(
        _table(frame, f"{name} ({kind}): labels per outlet") for name, kind, frame in actors)
    return (f'<section id="actors"><h2>Actors across outlets</h2><p>{escape(_ACTORS_NOTE)}'
            f"</p>{tables}</section>")


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1b1b1b; margin: 0; }
main { max-width: 1000px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
figure { margin: 2rem 0; } img { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: .88rem; max-width: 60rem; }
.file { color: #777; }
table { border-collapse: collapse; font-size: .85rem; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: bold; margin-bottom: .3rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
@media print { figure { page-break-inside: avoid; } }
"""
_OUTLETS_CAPTION = "Outlets: mean [95% confidence interval] of each article-level number"


_ACTORS_NOTE = (
    "The same actor across outlets: for the actors with the most labels (those named by "
    "more than one outlet first), each wording attached to the actor, with its count and "
    "mean loading per outlet (count · mean loading). Actors are matched across articles by "
    "name: the fullest name each article gives."
)


def _page(articles: pd.DataFrame, table: pd.DataFrame, top: pd.DataFrame,
          figures: list[Figure], folder: str,
          actors: list[tuple[str, str, pd.DataFrame]] | None = None) -> str:
    figs = "".join(
        f'<figure id="fig-{f.name}"><h2>{escape(f.title)}</h2>'
        f'<img src="data:image/png;base64,{base64.b64encode(f.png).decode()}" '
        f'alt="{escape(f.title)}"><figcaption>{escape(f.caption)} '
        f'<span class="file">Also saved as {escape(folder)}/{escape(f.name)}.png.</span>'
        "</figcaption></figure>"
        for f in figures
    )
    n_outlets = articles["outlet"].nunique()
    return page_head("framing dashboard", _CSS, _CSP) + f"""<body>
<main>
<h1>framing dashboard</h1>
<p>{len(articles)} articles from {n_outlets} outlet{'s' if n_outlets != 1 else ''}.
Confidence intervals are 95% percentile bootstrap intervals over each outlet's articles
(2,000 resamples, seed 0).</p>
{_table(_outlet_cells(table), _OUTLETS_CAPTION)}
{figs}
{_table(top, "Most frequent loaded terms per outlet (origin, count, author count, loading)")}
{_actor_section(actors or [])}
</main>
</body>
</html>
"""
