"""The corpus dashboard, checked as a document: outlet order, small groups, metadata, the
lexicon / model split, and that every chart draws the numbers of the table beside it (the
browser tests in test_browser.py check it rendered)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.errors import InputError
from framing.render.dashboard import render_dashboard
from framing.render.outlets import MEASURES, MIN_CI_ARTICLES, metadata_columns
from framing.render.tables import actor_rows, article_row, finding_rows, outlet_table
from tests.conftest import EXAMPLES

#: outlets and their sizes: two large enough for an interval, one too small
SIZES = {"North Post": 7, "South Herald": MIN_CI_ARTICLES, "East Ledger": 2}
META = ("date", "url", "section")


@pytest.fixture(scope="module")
def base_reports(model_analyzer: framing.Analyzer) -> list[dict]:
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return [r.to_dict() for r in model_analyzer.pipe(texts)]


def corpus(base: list[dict]) -> list[dict]:
    """The example reports spread over the outlets of SIZES, each with its own id."""
    out, i = [], 0
    for outlet, n in SIZES.items():
        for _ in range(n):
            out.append(base[(i * 3) % len(base)] | {"id": f"a{i:02d}", "outlet": outlet})
            i += 1
    return out


@pytest.fixture(scope="module")
def scored(base_reports, tmp_path_factory) -> Path:
    """A score output folder whose articles table carries the input's metadata columns."""
    reports = corpus(base_reports)
    folder = tmp_path_factory.mktemp("scored")
    articles = pd.DataFrame([article_row(r) for r in reports])
    articles["date"] = [f"2024-03-{k + 1:02d}" for k in range(len(articles))]
    articles["url"] = [f"https://news.example/{k}" for k in range(len(articles))]
    articles["section"] = ["politics", "business"] * (len(articles) // 2) + ["politics"] * (
        len(articles) % 2)
    articles.to_parquet(folder / "articles.parquet")
    pd.DataFrame([x for r in reports for x in finding_rows(r)]).to_parquet(
        folder / "findings.parquet")
    pd.DataFrame([x for r in reports for x in actor_rows(r)]).to_parquet(
        folder / "actors.parquet")
    return folder


@pytest.fixture(scope="module")
def page(scored, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("page") / "dash.html"
    return render_dashboard([scored], out).read_text("utf-8")


def _attrs(tag: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def figures(html: str) -> dict[str, dict]:
    """Each figure's id and what it says it drew."""
    out = {}
    for tag in re.findall(r"<figure [^>]*>", html):
        a = _attrs(tag)
        out[a["id"][4:]] = {k: json.loads(a[f"data-{k}"]) for k in ("drawn", "intervals", "order",
                                                          "small")}
    return out


def cells(html: str) -> list[dict[str, str]]:
    """Every table cell tied to a charted number (data-series, data-outlet, data-value)."""
    return [_attrs(tag) for tag in re.findall(r"<td [^>]*data-series=[^>]*>", html)]


def outlet_rows(html: str) -> list[str]:
    table = re.search(r'<table class="outlets">.*?</table>', html, re.S).group(0)
    return [unescape(o) for o in re.findall(r'<tr data-outlet="([^"]*)"', table)]


def articles_of(scored: Path) -> pd.DataFrame:
    """The articles table with each article's mean author-term loading, computed here."""
    articles = pd.read_parquet(scored / "articles.parquet")
    findings = pd.read_parquet(scored / "findings.parquet")
    terms = findings[(findings["kind"] == "term") & (findings["voice"] == "author")]
    articles["mean_author_loading"] = articles["id"].map(terms.groupby("id")["loading"].mean())
    return articles


def means(scored: Path, metric: str) -> dict[str, float]:
    """An outlet's mean of a measure, computed here from the articles table."""
    articles = articles_of(scored)
    return articles.groupby("outlet")[metric].mean().dropna().round(4).to_dict()


def test_outlets_are_sorted_by_the_chosen_measure_and_the_page_says_which(
        scored, page, tmp_path: Path) -> None:
    for sort_by in ("author_terms_per_100_words", "lean", "anonymous_vague_share"):
        html = page if sort_by == "author_terms_per_100_words" else render_dashboard(
            [scored], tmp_path / f"{sort_by}.html", sort_by=sort_by).read_text("utf-8")
        want = means(scored, sort_by)
        order = outlet_rows(html)
        assert order == sorted(want, key=lambda o: -want[o])
        assert len(set(want.values())) == len(want)  # the order is not a tie broken by name
        assert f'id="sort-measure"\ndata-measure="{sort_by}">{MEASURES[sort_by]}' in html
        assert f'aria-sort="descending">{MEASURES[sort_by]} ▼' in html
        assert figures(html)["top_terms"]["order"] == order
    # each distribution orders the outlets by the measure it draws
    for name, fig in figures(page).items():
        if name in MEASURES:
            want = means(scored, name)
            assert fig["order"] == sorted(want, key=lambda o: -want[o]), name
    assert outlet_rows(page) != sorted(SIZES)  # not by name
    with pytest.raises(InputError, match="'sort_by'.*lean.*got 'name'"):
        render_dashboard([scored], tmp_path / "x.html", sort_by="name")


def test_groups_too_small_for_an_interval_are_marked_not_drawn(scored, page) -> None:
    small = [o for o, n in SIZES.items() if n < MIN_CI_ARTICLES]
    assert small == ["East Ledger"]
    table = outlet_table(articles_of(scored), metrics=tuple(MEASURES))
    for cell in cells(page):
        if cell["data-series"] not in MEASURES:
            continue
        row = table[table["outlet"] == cell["data-outlet"]].iloc[0]
        assert float(cell["data-value"]) == row[cell["data-series"]]
    # the mark follows the articles with a value for that measure, not the outlet's size
    articles = articles_of(scored)
    n_small = 0
    for tag, text in re.findall(r'(<td [^>]*data-n="[^"]*">)(.*?)</td>', page, re.S):
        cell = _attrs(tag)
        n = int(articles[articles["outlet"] == cell["data-outlet"]][cell["data-series"]]
                .notna().sum())
        assert int(cell["data-n"]) == n
        assert ("n too small for a CI" in text) == (n < MIN_CI_ARTICLES) == ("[" not in text)
        n_small += n < MIN_CI_ARTICLES
        if cell["data-outlet"] in small:
            assert n < MIN_CI_ARTICLES
    assert n_small >= len(MEASURES) - 1
    drawn = figures(page)
    for name in ("author_terms_per_100_words", "mean_author_loading", "lean"):
        fig = drawn[name]
        too_few = sorted(o for o in SIZES if articles[articles["outlet"] == o][name]
                         .notna().sum() < MIN_CI_ARTICLES)
        assert sorted(fig["small"]) == too_few and small[0] in too_few
        assert set(fig["intervals"]) == set(SIZES) - set(too_few)
        for outlet, (low, high) in fig["intervals"].items():  # the intervals of the table
            row = table[table["outlet"] == outlet].iloc[0]
            assert (low, high) == (row[f"{name}_ci_low"], row[f"{name}_ci_high"])
    assert drawn["lexicon_vs_model"]["small"] == small


def test_every_chart_draws_the_numbers_of_its_table(scored, page) -> None:
    drawn = figures(page)
    assert set(drawn) == {"author_terms_per_100_words", "lexicon_vs_model",
                          "mean_author_loading", "lean", "source_types", "cue_classes",
                          "top_terms"}
    charted = {}
    for name, fig in drawn.items():
        for series, values in fig["drawn"].items():
            series = name if series == "mean" else series
            for outlet, value in values.items():
                charted[(name, series, outlet)] = value
    tabled = {}
    section = {"source_types": "source type", "cue_classes": "cue class"}
    for cell in cells(page):
        tabled.setdefault((cell["data-series"], cell["data-outlet"]), []).append(
            float(cell["data-value"]))
    checked = 0
    for (name, series, outlet), value in charted.items():
        found = tabled.get((series, outlet))
        assert found, (name, series, outlet)
        # a stacked bar's length comes back as (left + share) - left: equal to 1e-12
        assert value == pytest.approx(found[0], abs=1e-12), (name, series, outlet, found)
        checked += 1
    # every measure of the outlet table with a value is charted, except the sourcing ones
    for (series, outlet) in tabled:
        if series in MEASURES and series not in ("attributed_sentence_share",
                                                 "anonymous_vague_share"):
            assert any(k[1:] == (series, outlet) for k in charted), (series, outlet)
    assert checked > 60 and section  # several measures, shares and term counts
    # and the numbers are the outlet means computed from the articles
    for name in ("author_terms_per_100_words", "lean", "mean_author_loading"):
        assert drawn[name]["drawn"]["mean"] == means(scored, name)


def test_the_input_metadata_columns_are_kept(scored, page) -> None:
    articles = re.search(r'<details id="articles">.*?</details>', page, re.S).group(0)
    head = re.findall(r'<th scope="col" class="([^"]+)">([^<]*)</th>', articles)
    assert [name for cls, name in head if cls == "meta-col"] == list(META)
    assert "https://news.example/3" in articles and "2024-03-14" in articles
    assert articles.count("<tr>") == sum(SIZES.values()) + 1
    assert "the input's own columns: date, url, section" in unescape(articles)
    # what the analysis wrote is not metadata; anything else is, whatever its name
    row = article_row(corpus([{"id": "x"} | json.loads(framing.Analyzer(model=None)(
        "Critics said the regime is corrupt.").to_json())])[0])
    assert metadata_columns([*row, "date", "n_shares", "title"]) == ["date", "n_shares",
                                                                      "title"]


def test_lexicon_and_model_terms_are_shown_apart(scored, page) -> None:
    fig = figures(page)["lexicon_vs_model"]
    assert set(fig["drawn"]) == {"lexicon_terms_per_100_words", "model_terms_per_100_words"}
    for series, values in fig["drawn"].items():
        assert values == means(scored, series)
    findings = pd.read_parquet(scored / "findings.parquet")
    assert (findings["origin"] == "model").any()
    top = re.search(r'<table class="top-terms">.*?</table>', page, re.S).group(0)
    origins = re.findall(r'<tr data-origin="([^"]+)">', top)
    assert origins and set(origins) <= {"lexicon", "rule", "model"}
    for key in figures(page)["top_terms"]["drawn"].values():
        assert all(k.split("\x1f")[1] in ("lexicon", "rule", "model") for k in key)
def test_dashboard_from_reports_and_from_score_output(base_reports, tmp_path: Path) -> None:
    from framing.corpus.score import score_corpus

    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rows = [{"id": f"x{i:02d}", "outlet": ["North Post", "South Herald", "East Ledger"][i % 3],
             "text": texts[i % len(texts)]} for i in range(12)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    score_corpus(src, tmp_path / "scored", analyzer=framing.Analyzer(model=None),
                 progress=False)
    page = render_dashboard([tmp_path / "scored"], tmp_path / "dash.html")
    html = page.read_text("utf-8")
    figures = sorted(p.name for p in (tmp_path / "dash_figures").glob("*.png"))
    assert figures == ["author_terms_per_100_words.png", "cue_classes.png", "lean.png",
                       "lexicon_vs_model.png", "source_types.png",
                       "top_terms.png"]  # no loadings without a model
    for name in figures:
        png = (tmp_path / "dash_figures" / name).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 5000
        assert f"{name}" in html
    assert html.count("<figcaption>") == 6 and html.count("data:image/png;base64,") == 6
    # the outlet table shows the lean and splits lexicon from model-found terms
    assert "lean (-1 left, 1 right)" in html and "model-found terms / 100 words" in html
    for outlet in ("North Post", "South Herald", "East Ledger"):
        assert outlet in html
    # reports with loadings: the loading figure appears
    dicts = [r | {"outlet": "A" if i % 2 else "B"} for i, r in enumerate(base_reports)]
    page = render_dashboard(dicts, tmp_path / "r.html")
    assert (tmp_path / "r_figures" / "mean_author_loading.png").exists()
    assert "Mean loading of author-voice terms" in page.read_text("utf-8")


def test_dashboard_cli_and_bad_input(tmp_path: Path, base_reports) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, r in enumerate(base_reports[:3]):
        (folder / f"r{i}.json").write_text(json.dumps(r), "utf-8")
    done = subprocess.run([sys.executable, "-m", "framing", "dashboard", str(folder), "-o",
                           str(tmp_path / "d.html")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "d_figures" / "top_terms.png").exists()
    done = subprocess.run([sys.executable, "-m", "framing", "dashboard", str(folder), "-o",
                           str(tmp_path / "s.html"), "--sort-by", "lean"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "s.html").read_text("utf-8")
    assert f"in order of {MEASURES['lean']}" in page.replace("\n", " ")
    (folder / "junk.json").write_text('{"not": "a report"}', "utf-8")
    done = subprocess.run([sys.executable, "-m", "framing", "dashboard", str(folder), "-o",
                           str(tmp_path / "e.html")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode != 0
    assert "junk.json is JSON but not a framing report" in done.stderr
