"""Tables of reports for pandas: one row per article, per finding and per actor label, and
the per-outlet means with bootstrap confidence intervals."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
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
    "n_left_coded",
    "n_right_coded",
    "left_coded_per_100_words",
    "right_coded_per_100_words",
    "lean",
    "n_model_terms",
    "lexicon_terms_per_100_words",
    "model_terms_per_100_words",
)


#: Sourcing numbers copied into each article row (from ``summary.attribution``), followed
#: by ``n_source_<type>`` and ``n_cue_<class>`` counts.
ATTRIBUTION_COLUMNS = (
    "n_attributions",
    "attributed_sentence_share",
    "anonymous_vague_share",
    "n_unattributed",
)

#: Article-level numbers summarised per outlet in ``outlets.csv``.
OUTLET_METRICS = (
    "author_terms_per_100_words",
    "lexicon_terms_per_100_words",
    "model_terms_per_100_words",
    "left_coded_per_100_words",
    "right_coded_per_100_words",
    "lean",
    "loaded_sentence_share",
    "mean_p_biased",
    "loading_per_100_words",
    "attributed_sentence_share",
    "anonymous_vague_share",
)

#: Bootstrap resamples and seed for the outlet confidence intervals.
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 0


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
    return _with_metadata(row, report)


def _metadata(report: ArticleReport | dict[str, Any]) -> dict[str, Any]:
    meta = report.get("metadata") if isinstance(report, dict) else report.metadata
    return dict(meta or {})


def _with_metadata(row: dict[str, Any], report: ArticleReport | dict[str, Any]
                   ) -> dict[str, Any]:
    """``row`` with the article's metadata fields (title, date, url, the input's other
    columns) added as columns; a field named like a column of the row gets a ``meta_``
    prefix."""
    for k, v in _metadata(report).items():
        row[f"meta_{k}" if k in row else k] = v
    return row


def category_count_columns(columns: Iterable[str]) -> list[str]:
    """The per-category count columns (``n_author_<category>``, ``n_quoted_<category>``):
    an article without a term of the category has 0 there, not a missing value."""
    return [c for c in columns
            if c.startswith(("n_author_", "n_quoted_")) and c not in SUMMARY_COLUMNS]


def _reports(reports: ArticleReport | Iterable[ArticleReport], who: str
             ) -> Iterator[ArticleReport]:
    """One report or many, checked."""
    if isinstance(reports, ArticleReport):
        yield reports
        return
    if isinstance(reports, (str, bytes, dict)):
        raise InputError(f"{who}() takes an ArticleReport or an iterable of them; got "
                         f"{type(reports).__name__}. Analyze the text first: "
                         f"{who}(framing.analyze(text)).")
    for i, report in enumerate(reports):
        if not isinstance(report, ArticleReport):
            raise InputError(
                f"{who}() takes ArticleReport objects; item #{i} is "
                f"{type(report).__name__}."
            )
        yield report


def to_dataframe(reports: ArticleReport | Iterable[ArticleReport]) -> pd.DataFrame:
    """One row per article (see :func:`article_row`), of one report or many; per-category
    counts absent from an article are 0. The columns of ``articles.parquet``."""
    import pandas as pd

    frame = pd.DataFrame([article_row(r) for r in _reports(reports, "to_dataframe")])
    count_cols = category_count_columns(frame.columns)
    if count_cols:
        frame[count_cols] = frame[count_cols].fillna(0).astype(int)
    return frame


def findings_frame(reports: ArticleReport | Iterable[ArticleReport]) -> pd.DataFrame:
    """One row per term, attribution and unattributed claim of one report or many: the
    columns of ``findings.parquet`` (:func:`finding_rows`)."""
    import pandas as pd

    rows = [row for r in _reports(reports, "findings_frame") for row in finding_rows(r)]
    return pd.DataFrame(rows, columns=None if rows else list(FINDING_COLUMNS))


def actors_frame(reports: ArticleReport | Iterable[ArticleReport]) -> pd.DataFrame:
    """One row per actor label (and per actor without a label) of one report or many: the
    columns of ``actors.parquet`` (:func:`actor_rows`)."""
    import pandas as pd

    rows = [row for r in _reports(reports, "actors_frame") for row in actor_rows(r)]
    return pd.DataFrame(rows, columns=None if rows else list(ACTOR_COLUMNS))


# -- findings -------------------------------------------------------------------------------

#: The columns of a findings row, before the article's metadata fields.
FINDING_COLUMNS = ("id", "outlet", "kind", "start_char", "end_char", "text", "label", "term",
                   "voice", "origin", "direction", "mention", "loading", "cue_class", "source")


def finding_rows(report: ArticleReport | dict[str, Any]) -> list[dict[str, Any]]:
    """One row per term, attribution and unattributed claim of a report (an
    :class:`ArticleReport` or its ``to_dict()``, as a report JSON file holds it).

    ``kind`` is ``term``, ``attribution`` or ``unattributed``; ``label`` is the term's
    category, the source type or ``unattributed``; ``origin`` says who found it (``lexicon``,
    ``model`` or ``rule``) and ``direction`` a term's direction (``left``, ``right``,
    ``none``; null for the other kinds); ``mention`` whether the writer mentions the term
    rather than uses it (null for the other kinds); ``cue_class`` the attribution's cue class;
    offsets are those of the term, the cue or the claim.
    """
    d: dict[str, Any] = report if isinstance(report, dict) else {
        "id": report.id, "outlet": report.outlet,
        "terms": [t.to_dict() for t in report.terms],
        "attributions": [a.to_dict() for a in report.attributions],
        "unattributed": [u.to_dict() for u in report.unattributed],
    }
    base = {"id": d["id"], "outlet": d.get("outlet")}
    rows: list[dict[str, Any]] = []
    for t in d["terms"]:
        rows.append({**base, "kind": "term", "start_char": t["start_char"],
                     "end_char": t["end_char"], "text": t["surface"], "label": t["category"],
                     "term": t["term"], "voice": t["voice"], "origin": t["origin"],
                     "direction": t.get("direction", "none"),
                     "mention": bool(t.get("mention", False)),
                     "loading": t.get("loading"), "cue_class": None,
                     "source": t.get("speaker")})
    for a in d.get("attributions") or ():
        cue, source = a["cue"], a.get("source")
        rows.append({**base, "kind": "attribution", "start_char": cue["start_char"],
                     "end_char": cue["end_char"], "text": cue["text"],
                     "label": source["type"] if source else "none", "term": cue["lemma"],
                     "voice": a["kind"], "origin": "rule", "direction": None, "mention": None,
                     "loading": None, "cue_class": cue["class"],
                     "source": (source.get("resolved") or source["text"]) if source else None})
    for u in d.get("unattributed") or ():
        rows.append({**base, "kind": "unattributed", "start_char": u["start_char"],
                     "end_char": u["end_char"], "text": u["text"], "label": "unattributed",
                     "term": u["cue"]["text"], "voice": "author", "origin": "rule",
                     "direction": None, "mention": None, "loading": None, "cue_class": None,
                     "source": None})
    return [_with_metadata(row, report) for row in rows]


#: The label columns of the actor table (null on the row of an actor without a label).
_LABEL_COLUMNS = ("label", "term", "category", "relation", "voice", "polarity", "loading",
                  "start_char", "end_char")
#: The columns of an actor row, before the article's metadata fields.
ACTOR_COLUMNS = ("id", "outlet", "actor", "actor_type", "n_mentions", "n_cited", "first_char",
                 *_LABEL_COLUMNS)


def actor_rows(report: ArticleReport | dict[str, Any]) -> list[dict[str, Any]]:
    """One row per label attached to an actor in a report (an :class:`ArticleReport` or its
    ``to_dict()``), plus one row with ``label`` null for each actor without a label, so
    that mentions can be counted per outlet too.

    Columns: ``id``, ``outlet``, ``actor`` (its name), ``actor_type``, ``n_mentions``,
    ``n_cited``, ``first_char`` (its first mention), then the label's ``label`` (the term as
    written), ``term``, ``category``, ``relation``, ``voice``, ``polarity``, ``loading``,
    ``start_char`` and ``end_char``.
    """
    actors = (report.get("actors") or ()) if isinstance(report, dict) else [
        a.to_dict() for a in report.actors]
    ident = report if isinstance(report, dict) else {"id": report.id, "outlet": report.outlet}
    rows: list[dict[str, Any]] = []
    for a in actors:
        base = {"id": ident["id"], "outlet": ident.get("outlet"), "actor": a["name"],
                "actor_type": a["type"], "n_mentions": a["n_mentions"], "n_cited": a["n_cited"],
                "first_char": a["mentions"][0]["start_char"]}
        for lb in a["labels"]:
            rows.append({**base, "label": " ".join(lb["surface"].split()), "term": lb["term"],
                         "category": lb["category"], "relation": lb["relation"],
                         "voice": lb["voice"], "polarity": lb["polarity"],
                         "loading": lb["loading"], "start_char": lb["start_char"],
                         "end_char": lb["end_char"]})
        if not a["labels"]:
            rows.append({**base, **dict.fromkeys(_LABEL_COLUMNS)})
    return [_with_metadata(row, report) for row in rows]


# -- outlets ---------------------------------------------------------------------------------


def outlet_table(articles: pd.DataFrame, samples: int = BOOTSTRAP_SAMPLES,
                 seed: int = BOOTSTRAP_SEED,
                 metrics: Sequence[str] = OUTLET_METRICS) -> pd.DataFrame:
    """Per outlet: ``n_articles`` and, for each of ``metrics`` present, the mean
    over articles with a value and a percentile bootstrap 95% CI (``<metric>_ci_low``,
    ``<metric>_ci_high``), resampling articles with a fixed seed."""
    import numpy as np
    import pandas as pd

    out = []
    frame = articles.assign(outlet=articles["outlet"].fillna("(none)"))
    for outlet, group in sorted(frame.groupby("outlet"), key=lambda kv: str(kv[0])):
        row: dict[str, Any] = {"outlet": outlet, "n_articles": len(group)}
        for metric in metrics:
            if metric not in group:
                continue
            values = pd.to_numeric(group[metric], errors="coerce").dropna().to_numpy(float)
            if len(values) == 0:
                row.update({metric: None, f"{metric}_ci_low": None, f"{metric}_ci_high": None})
                continue
            # one seeded stream per outlet and metric: an interval does not depend on which
            # other outlets or metrics share the table
            rng = np.random.default_rng([seed, zlib.crc32(f"{outlet}\0{metric}".encode())])
            means = rng.choice(values, size=(samples, len(values))).mean(axis=1)
            row.update({metric: round(float(values.mean()), 4),
                        f"{metric}_ci_low": round(float(np.percentile(means, 2.5)), 4),
                        f"{metric}_ci_high": round(float(np.percentile(means, 97.5)), 4)})
        out.append(row)
    return pd.DataFrame(out)
