"""The corpus dashboard: outlets side by side, as one self-contained HTML page and PNGs.

``framing dashboard OUTDIR -o dashboard.html`` reads the tables of ``framing score`` (or
report JSON files, or :class:`~framing.ArticleReport` objects through
:func:`render_dashboard`) and shows, per outlet: a table of the mean and 95% bootstrap
interval of each article-level measure, outlets in the order of the chosen measure
(``sort_by``, highest first); 1. author-voice loaded terms per 100 words (a dot per article,
the outlet mean with its interval); 2. the same split into lexicon-and-rule and model-found
terms; 3. the mean loading of its author-voice terms and 4. the lean of its wording;
5. attributions by source type and 6. by cue class; 7. the most frequent terms, coloured by
origin; the articles with the input's metadata columns; the same actor across outlets.

An outlet with fewer than :data:`~framing.render.outlets.MIN_CI_ARTICLES` articles with a
value gets its mean and the mark "n too small for a CI", never an interval. Every chart is
drawn from the same :class:`~framing.render.outlets.Measure` (or shares table) as the
table beside it, and the page records what each chart drew (read back from the plot) in
its ``data-drawn`` attribute. Every figure has a caption saying what it measures; figures
are embedded as PNG data URIs (no network request) and also written to ``<name>_figures/``
beside the page.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.errors import InputError
from framing.render.charts import DISTRIBUTIONS, SHARE_ORDER, Figure, build_figures
from framing.render.html import page_head
from framing.render.outlets import (
    DEFAULT_SORT,
    MEASURES,
    MIN_CI_ARTICLES,
    Measure,
    actor_view,
    check_sort,
    measures,
    metadata_columns,
    outlet_order,
    shares,
    top_terms,
    with_mean_loading,
)

if TYPE_CHECKING:
    import pandas as pd

    from framing.records import ArticleReport

__all__ = ["DISTRIBUTIONS", "Figure", "actor_view", "build_figures", "load_tables",
           "render_dashboard", "shares", "top_terms", "with_mean_loading"]


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


# -- page ------------------------------------------------------------------------------------


def render_dashboard(
    sources: Sequence[str | Path] | Iterable[ArticleReport | dict[str, Any]],
    output: str | Path,
    figures_dir: str | Path | None = None,
    sort_by: str = DEFAULT_SORT,
) -> Path:
    """Write the dashboard page to ``output`` and its figures as PNG files to
    ``figures_dir`` (default ``<output stem>_figures/``); returns the page's path.
    ``sort_by`` is the measure the outlet table and the top-terms panels are ordered by,
    highest first: one of :data:`~framing.render.outlets.MEASURES`."""
    check_sort(sort_by)
    articles, findings, actors = load_tables(list(sources))  # type: ignore[arg-type]
    if not len(articles):
        raise InputError("No scored articles to draw (the tables are empty).")
    articles = with_mean_loading(articles, findings)
    articles["outlet"] = articles["outlet"].fillna("(none)").astype(str)
    if len(findings) and "outlet" in findings:
        findings = findings.assign(outlet=findings["outlet"].fillna("(none)").astype(str))
    out = Path(output)
    folder = Path(figures_dir) if figures_dir is not None else out.with_name(
        f"{out.stem}_figures")
    folder.mkdir(parents=True, exist_ok=True)
    by = measures(articles)
    order = outlet_order(by, sort_by, articles["outlet"])
    figures = build_figures(articles, findings, by, order)
    for f in figures:
        (folder / f"{f.name}.png").write_bytes(f.png)
    page = _page(articles, findings, by, order, sort_by, figures, folder.name,
                 actor_view(actors))
    out.write_text(page, "utf-8")
    return out


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}"
    return escape(str(v))


def _table(frame: pd.DataFrame, caption: str, cls: str = "") -> str:
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (f'<table class="{cls}"><caption>{escape(caption)}</caption><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table>")


def _data(series: str, outlet: str, value: float) -> str:
    """The attributes that tie a table cell to the number a chart draws for it."""
    return (f'data-series="{escape(series)}" data-outlet="{escape(outlet)}" '
            f'data-value="{value!r}"')


def _measure_cell(m: Measure, outlet: str) -> str:
    v = m.of(outlet)
    if v is None or v.mean is None:
        return "<td>n/a</td>"
    if v.too_small:
        text = (f'{v.mean:.3f} <span class="small-n">(n={v.n}: n too small for a CI)'
                "</span>")
    else:
        text = f"{v.mean:.3f} [{v.low:.3f}, {v.high:.3f}]"
    return f'<td {_data(m.name, outlet, v.mean)} data-n="{v.n}">{text}</td>'


def _outlet_table(articles: pd.DataFrame, by: dict[str, Measure], order: Sequence[str],
                  sort_by: str) -> str:
    n_articles = articles.groupby("outlet").size()
    head = "".join(
        f'<th scope="col" data-measure="{m}"'
        + (' class="sorted" aria-sort="descending">' if m == sort_by else ">")
        + escape(MEASURES[m]) + (" ▼" if m == sort_by else "") + "</th>"
        for m in by)
    body = "".join(
        f'<tr data-outlet="{escape(o)}"><th scope="row">{escape(o)}</th>'
        f"<td>{int(n_articles.get(o, 0))}</td>"
        + "".join(_measure_cell(m, o) for m in by.values()) + "</tr>"
        for o in order)
    return (f'<table class="outlets"><caption>Outlets: mean [95% confidence interval] of '
            f"each article-level number, in order of {escape(MEASURES[sort_by])}, highest "
            f'first</caption><thead><tr><th scope="col">outlet</th><th scope="col">articles'
            f"</th>{head}</tr></thead><tbody>{body}</tbody></table>")


def _shares_table(table: pd.DataFrame, title: str) -> str:
    if not len(table):
        return ""
    cols = [c for c in table.columns if c != "n"]
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in cols)
    body = "".join(
        f'<tr><th scope="row">{escape(str(o))}</th><td>{int(row["n"])}</td>'
        + "".join(f"<td {_data(str(c), str(o), float(row[c]))}>{float(row[c]):.1%}</td>"
                  for c in cols) + "</tr>"
        for o, row in table.iterrows())
    return (f'<table class="shares"><caption>{escape(title)} (the numbers of the chart '
            f'above)</caption><thead><tr><th scope="col">outlet</th><th scope="col">n</th>'
            f"{head}</tr></thead><tbody>{body}</tbody></table>")


def _top_table(top: pd.DataFrame, order: Sequence[str]) -> str:
    if not len(top):
        return ""
    rank = {o: k for k, o in enumerate(order)}
    rows = sorted(top.itertuples(index=False), key=lambda r: rank.get(str(r.outlet), 1 << 30))
    body = "".join(
        f'<tr data-origin="{escape(str(r.origin))}"><td>{escape(str(r.outlet))}</td>'
        f"<td>{escape(str(r.term))}</td><td>{escape(str(r.category))}</td>"
        f"<td>{escape(str(r.origin))}</td>"
        f'<td {_data(str(r.outlet), f"{r.term}{chr(31)}{r.origin}", float(r.count))}>'
        f"{int(r.count)}</td><td>{int(r.n_author)}</td><td>{_cell(r.mean_loading)}</td></tr>"
        for r in rows)
    return ('<table class="top-terms"><caption>Most frequent loaded terms per outlet, by '
            "origin: lexicon, rule or model (the numbers of the chart above)</caption><thead>"
            "<tr><th>outlet</th><th>term</th><th>category</th><th>origin</th><th>count</th>"
            f"<th>author-voice count</th><th>mean loading</th></tr></thead><tbody>{body}"
            "</tbody></table>")


def _articles_table(articles: pd.DataFrame, order: Sequence[str]) -> str:
    meta = metadata_columns(articles.columns)
    shown = ["id", "outlet", *meta, *(m for m in MEASURES if m in articles)]
    rank = {o: k for k, o in enumerate(order)}
    frame = articles.assign(_rank=articles["outlet"].map(rank)).sort_values(
        ["_rank", "id"], kind="stable")
    head = "".join(
        f'<th scope="col" class="{"meta-col" if c in meta else "col"}">'
        f"{escape(MEASURES.get(c, c))}</th>" for c in shown)

    def cell(v: Any) -> str:
        text = _cell(v)
        return (f'<td title="{text}">{text[:120]}…</td>' if len(text) > 121
                else f"<td>{text}</td>")

    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>"
                   for row in frame[shown].itertuples(index=False))
    note = (f"with the input's own columns: {', '.join(meta)}" if meta
            else "the input had no metadata columns beyond id and outlet")
    return (f'<details id="articles"><summary>Articles ({len(frame)}), {escape(note)}'
            f'</summary><table class="articles"><thead><tr>{head}</tr></thead><tbody>{body}'
            "</tbody></table></details>")


def _actor_section(actors: list[tuple[str, str, pd.DataFrame]]) -> str:
    if not actors:
        return ""
    tables = "".join(
        _table(frame, f"{name} ({kind}): labels per outlet") for name, kind, frame in actors)
    return (f'<section id="actors"><h2>Actors across outlets</h2><p>{escape(_ACTORS_NOTE)}'
            f"</p>{tables}</section>")


def _figure(f: Figure, folder: str, after: str = "") -> str:
    data = " ".join(
        f'data-{k}="{escape(json.dumps(v, ensure_ascii=False))}"'
        for k, v in (("drawn", f.drawn), ("intervals", f.intervals),
                     ("order", list(f.order)), ("small", list(f.small))))
    return (f'<figure id="fig-{f.name}" {data}><h2>{escape(f.title)}</h2>'
            f'<img src="data:image/png;base64,{base64.b64encode(f.png).decode()}" '
            f'alt="{escape(f.title)}"><figcaption>{escape(f.caption)} '
            f'<span class="file">Also saved as {escape(folder)}/{escape(f.name)}.png.</span>'
            f"</figcaption>{after}</figure>")


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1b1b1b; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
figure { margin: 2rem 0; } img { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: .88rem; max-width: 60rem; }
.file { color: #777; }
table { border-collapse: collapse; font-size: .85rem; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: bold; margin-bottom: .3rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
th.sorted { background: #eef1f5; }
.small-n { color: #8a1c27; font-size: .8rem; }
details { margin: 1rem 0 2rem; } summary { font-weight: bold; cursor: pointer; }
details table { font-size: .78rem; }
@media print { figure { page-break-inside: avoid; } details > * { display: block; } }
"""


_ACTORS_NOTE = (
    "The same actor across outlets: for the actors with the most labels (those named by "
    "more than one outlet first), each wording attached to the actor, with its count and "
    "mean loading per outlet (count · mean loading). Actors are matched across articles by "
    "name: the fullest name each article gives."
)


def _page(articles: pd.DataFrame, findings: pd.DataFrame, by: dict[str, Measure],
          order: Sequence[str], sort_by: str, figures: list[Figure], folder: str,
          actors: list[tuple[str, str, pd.DataFrame]]) -> str:
    after = {"source_types": _shares_table(shares(findings, "label", SHARE_ORDER["label"]),
                                           "Share of attributions by source type"),
             "cue_classes": _shares_table(
                 shares(findings, "cue_class", SHARE_ORDER["cue_class"]),
                 "Share of attributions by cue class"),
             "top_terms": _top_table(top_terms(findings), order)}
    figs = "".join(_figure(f, folder, after.get(f.name, "")) for f in figures)
    n_outlets = len(order)
    return page_head("framing dashboard", _CSS, _CSP) + f"""<body>
<main>
<h1>framing dashboard</h1>
<p>{len(articles)} articles from {n_outlets} outlet{'s' if n_outlets != 1 else ''}.
The outlet table and the top-terms panels are in order of <strong id="sort-measure"
data-measure="{sort_by}">{escape(MEASURES[sort_by])}</strong>, highest first; each other
chart orders the outlets by the number it shows, as its caption says. Confidence intervals
are 95% percentile bootstrap intervals over each outlet's articles (2,000 resamples, seed
0); an outlet with fewer than {MIN_CI_ARTICLES} articles with a value shows its mean and
"n too small for a CI" instead of an interval.</p>
{_outlet_table(articles, by, order, sort_by)}
{figs}
{_articles_table(articles, order)}
{_actor_section(actors)}
</main>
</body>
</html>
"""
