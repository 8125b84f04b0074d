"""Tables of reports for pandas: one row per article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from framing.errors import InputError
from framing.records import ArticleReport

if TYPE_CHECKING:
    import pandas as pd

#: Summary numbers copied into each article row, in column order.
SUMMARY_COLUMNS = (
    "n_terms",
    "n_author_terms",
    "n_quoted_terms",
    "n_words_author",
    "n_words_quoted",
    "n_quotes",
    "author_terms_per_100_words",
    "quoted_terms_per_100_words",
    "loaded_sentence_share",
    "mean_p_biased",
    "loading_per_100_words",
    "positive_loading_share",
)


#: Sourcing numbers copied into each article row (from ``summary.attribution``), followed
#: by ``n_source_<type>`` and ``n_cue_<class>`` counts.
ATTRIBUTION_COLUMNS = (
    "n_attributions",
    "attributed_sentence_share",
    "anonymous_vague_share",
    "n_unattributed",
)


def article_row(report: ArticleReport | dict[str, Any]) -> dict[str, Any]:
    """The flat row of one report (an :class:`ArticleReport` or its ``to_dict()``, as a report
    JSON file holds it): identity, counts, summary numbers, per-category counts
    (``n_author_<category>`` / ``n_quoted_<category>``), the sourcing numbers (when
    attribution ran) and provenance ids."""
    if isinstance(report, dict):
        ident = {k: report.get(k) for k in ("id", "outlet", "n_words", "n_sentences")}
        summary, provenance = report["summary"], report.get("provenance") or {}
    else:
        ident = {"id": report.id, "outlet": report.outlet, "n_words": report.n_words,
                 "n_sentences": report.n_sentences}
        summary, provenance = report.summary.to_dict(), report.provenance
    lexicon = provenance.get("lexicon", {})
    row: dict[str, Any] = dict(ident)
    row.update({k: summary[k] for k in SUMMARY_COLUMNS})
    attribution = summary.get("attribution")
    if attribution is not None:
        for k in ATTRIBUTION_COLUMNS:
            row[k] = attribution[k]
        for kind, n in attribution["by_source_type"].items():
            row[f"n_source_{kind}"] = n
        for cls, n in attribution["by_cue_class"].items():
            row[f"n_cue_{cls}"] = n
    for cat, counts in summary["by_category"].items():
        row[f"n_author_{cat}"] = counts["n_author"]
        row[f"n_quoted_{cat}"] = counts["n_quoted"]
    row.update(
        {
            "lexicon": lexicon.get("name"),
            "lexicon_version": lexicon.get("version"),
            "lexicon_sha256": lexicon.get("sha256"),
            "model": (provenance.get("model") or {}).get("name"),
            "framing_version": provenance.get("framing_version"),
        }
    )
    return row


def to_dataframe(reports: Iterable[ArticleReport]) -> pd.DataFrame:
    """One row per article (see :func:`article_row`); per-category counts absent from an
    article are 0."""
    import pandas as pd

    if isinstance(reports, ArticleReport):
        raise InputError(
            "to_dataframe() takes an iterable of ArticleReport; got a single report. "
            "Wrap it in a list: to_dataframe([report])."
        )
    rows = []
    for i, report in enumerate(reports):
        if not isinstance(report, ArticleReport):
            raise InputError(
                f"to_dataframe() takes ArticleReport objects; item #{i} is "
                f"{type(report).__name__}."
            )
        rows.append(article_row(report))
    frame = pd.DataFrame(rows)
    count_cols = [c for c in frame.columns if c.startswith(("n_author_", "n_quoted_"))]
    count_cols = [c for c in count_cols if c not in SUMMARY_COLUMNS]
    if count_cols:
        frame[count_cols] = frame[count_cols].fillna(0).astype(int)
    return frame
