"""The dashboard's numbers: per outlet and measure the mean and its interval (one
structure that both the tables and the charts read), the attribution shares, the most
frequent terms, the same actor across outlets, and which article columns are the input's
metadata."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framing.errors import InputError
from framing.render.tables import ATTRIBUTION_COLUMNS, SUMMARY_COLUMNS, outlet_table

if TYPE_CHECKING:
    import pandas as pd

#: An outlet needs this many articles with a value before the dashboard shows an interval
#: for its mean. With n articles the bootstrap can draw at most C(2n-1, n) distinct
#: resamples (n = 2: 3, n = 3: 10, n = 4: 35, n = 5: 126): a percentile interval of so few
#: distinct means understates the uncertainty, so smaller groups get their mean and the
#: mark "n too small for a CI" instead.
MIN_CI_ARTICLES = 5

#: the per-article measures of the dashboard, in the outlet table's column order: name and
#: label (the direction of each is in its figure caption and the README)
MEASURES: dict[str, str] = {
    "author_terms_per_100_words": "author terms / 100 words",
    "lexicon_terms_per_100_words": "lexicon and rule terms / 100 words",
    "model_terms_per_100_words": "model-found terms / 100 words",
    "lean": "lean (-1 left, 1 right)",
    "mean_author_loading": "mean author-term loading",
    "attributed_sentence_share": "attributed sentence share",
    "anonymous_vague_share": "anonymous+vague share",
}
#: the measure the outlets are sorted by unless the caller chooses another
DEFAULT_SORT = "author_terms_per_100_words"

#: the columns :func:`framing.render.tables.article_row` writes (besides the prefixed
#: per-category, per-source-type and per-cue-class counts) and the dashboard's own
_ROW_COLUMNS = frozenset({
    "id", "outlet", "n_words", "n_sentences", *SUMMARY_COLUMNS, *ATTRIBUTION_COLUMNS,
    "lexicon", "lexicon_version", "lexicon_sha256", "model", "framing_version",
    "mean_author_loading",
})
_ROW_PREFIXES = ("n_author_", "n_quoted_", "n_source_", "n_cue_")


def metadata_columns(columns: Iterable[str]) -> list[str]:
    """The columns of an articles table that the analysis did not produce: the input's own
    metadata (``date``, ``url``, ``section``, ...), in their order."""
    return [c for c in columns
            if c not in _ROW_COLUMNS and not str(c).startswith(_ROW_PREFIXES)]


@dataclass(frozen=True)
class OutletValue:
    """One outlet's number for one measure: the mean over its ``n`` articles with a value,
    and the 95% bootstrap interval, ``None`` when ``n`` is under :data:`MIN_CI_ARTICLES`
    (or when no article has a value: then ``mean`` is ``None`` too)."""

    outlet: str
    n: int
    mean: float | None
    low: float | None
    high: float | None

    @property
    def too_small(self) -> bool:
        """A mean without an interval: too few articles for one."""
        return self.mean is not None and self.low is None


@dataclass(frozen=True)
class Measure:
    """A measure across outlets, highest mean first (outlets without a value last, ties by
    name): the numbers both its table cells and its chart are drawn from."""

    name: str
    label: str
    values: tuple[OutletValue, ...]

    @property
    def order(self) -> list[str]:
        return [v.outlet for v in self.values]

    def of(self, outlet: str) -> OutletValue | None:
        return next((v for v in self.values if v.outlet == outlet), None)


def _sorted(values: Iterable[OutletValue]) -> tuple[OutletValue, ...]:
    return tuple(sorted(values, key=lambda v: (v.mean is None, -(v.mean or 0.0), v.outlet)))


def measures(articles: pd.DataFrame, names: Sequence[str] = tuple(MEASURES)
             ) -> dict[str, Measure]:
    """Each of ``names`` present in ``articles`` across its outlets: the means and intervals
    of :func:`framing.render.tables.outlet_table`, the interval left out for an outlet with
    fewer than :data:`MIN_CI_ARTICLES` articles with a value."""
    import pandas as pd

    present = [m for m in names if m in articles]
    frame = articles.assign(outlet=articles["outlet"].fillna("(none)").astype(str))
    table = outlet_table(frame, metrics=present)
    out = {}
    for m in present:
        counts = pd.to_numeric(frame[m], errors="coerce").notna().groupby(frame["outlet"]).sum()
        values = []
        for row in table.itertuples(index=False):
            outlet = str(row.outlet)
            n = int(counts.get(outlet, 0))
            mean = getattr(row, m)
            mean = None if mean is None or mean != mean else float(mean)
            enough = mean is not None and n >= MIN_CI_ARTICLES
            values.append(OutletValue(
                outlet, n, mean,
                float(getattr(row, f"{m}_ci_low")) if enough else None,
                float(getattr(row, f"{m}_ci_high")) if enough else None))
        out[m] = Measure(m, MEASURES.get(m, m), _sorted(values))
    return out


def check_sort(sort_by: str) -> str:
    """``sort_by`` if it names a dashboard measure, else an error listing them."""
    if sort_by not in MEASURES:
        raise InputError(f"The 'sort_by' parameter of the dashboard must be one of "
                         f"{', '.join(MEASURES)}; got {sort_by!r} instead.")
    return sort_by


def outlet_order(by: dict[str, Measure], sort_by: str, outlets: Iterable[str]) -> list[str]:
    """Every outlet, in the order of the measure ``sort_by`` (highest first; outlets it
    has no value for last, by name)."""
    first = by[sort_by].order if sort_by in by else []
    return first + sorted({str(o) for o in outlets} - set(first))


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


def shares(findings: pd.DataFrame, column: str, sort_by: Sequence[str] = ()) -> pd.DataFrame:
    """Per outlet (the index), the share of attributions in each value of ``column``
    (source type: ``label``; cue class: ``cue_class``), with ``n`` the attributions
    counted; outlets in order of the summed shares of the values ``sort_by``, highest first
    (ties and no ``sort_by``: by name)."""
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
    key = out[[c for c in sort_by if c in out]].sum(axis=1)
    order = sorted(out.index, key=lambda o: (-float(key[o]), str(o)))
    return out.loc[order]


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
