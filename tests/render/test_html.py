"""The annotated article page and the corpus dashboard, checked as documents (the browser
tests in test_browser.py check them rendered)."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import framing
from framing.categories import categories
from framing.records.terms import WEAK_LOADING
from framing.render.html import render_html
from framing.render.page_parts import (
    DIRECTIONS,
    ORIGINS,
    STRENGTHS,
    STRONG_LOADING,
    source_rows,
    strength,
)
from tests.conftest import EXAMPLES

EVIL = (
    "Officials said the <script>alert('x')</script> regime & its \"cronies\" were "
    "<b>thugs</b>.\n“We will never surrender,” the union leader said. "
    "The minister reportedly fled <img src=http://example.com/x.png>."
)


class _Marks(HTMLParser):
    """Collects each <mark class="term ..."> and each <span class="source ..."> that opens a
    source (the one with an id) with its attributes and text, and every element's
    attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict] = []
        self.sources: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._open: list[dict | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        item = None
        classes = (a.get("class") or "").split()
        if tag == "mark" and "term" in classes:
            item = {**a, "text": ""}
            self.marks.append(item)
        elif tag == "span" and "source" in classes and "id" in a:
            item = {**a, "text": ""}
            self.sources.append(item)
        self._open.append(item)

    def handle_endtag(self, tag: str) -> None:
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for item in self._open:
            if item is not None:
                item["text"] += data


def _parse(page: str) -> _Marks:
    p = _Marks()
    p.feed(page)
    return p


@pytest.fixture(scope="module")
def reports(model_analyzer: framing.Analyzer) -> list[framing.ArticleReport]:
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return list(model_analyzer.pipe([*texts, EVIL]))


def test_every_term_is_marked_once_at_its_text_with_its_paraphrase(reports) -> None:
    for report in reports:
        marks = _parse(render_html(report)).marks
        assert len(marks) == len(report.terms)
        for t in report.terms:
            hits = [m for m in marks if m["data-start"] == str(t.start_char)
                    and m["data-end"] == str(t.end_char)]
            assert len(hits) == 1, (report.id, t.surface)
            m = hits[0]
            assert m["text"] == t.surface == report.text[t.start_char:t.end_char]
            assert f"neutral: {t.neutral}" in m["title"] or not t.neutral
            assert m["data-category"] == t.category and m["data-voice"] == t.voice
            assert m["tabindex"] == "0"
            if t.loading is not None:
                assert f"loading {t.loading:+.3f}" in m["title"]
            # strength, origin and direction: as data, in the tooltip and in the marker
            band = strength(t.loading)
            assert m["data-strength"] == band and f"strength: {band}" in m["title"]
            assert m["data-origin"] == t.origin and f"origin: {t.origin}" in m["title"]
            assert m["data-direction"] == t.direction
            assert f"direction: {DIRECTIONS[t.direction][1]}" in m["title"]
            assert m["data-marker"][1:] == ORIGINS[t.origin][0] + DIRECTIONS[t.direction][0]


def test_the_reports_show_every_origin_direction_and_strength(reports) -> None:
    """The page tests above see each kind of term at least once."""
    terms = [t for r in reports for t in r.terms]
    assert {t.origin for t in terms} == set(ORIGINS)
    assert {t.direction for t in terms} == set(DIRECTIONS)
    assert {strength(t.loading) for t in terms} == {"weak", "moderate", "strong"}


@pytest.mark.parametrize(("loading", "band"), [
    (None, "not scored"), (-2.0, "weak"), (0.0, "weak"), (WEAK_LOADING - 1e-9, "weak"),
    (WEAK_LOADING, "moderate"), (STRONG_LOADING - 1e-9, "moderate"),
    (STRONG_LOADING, "strong"), (9.0, "strong"),
])
def test_strength_bands_follow_the_documented_thresholds(loading, band) -> None:
    assert strength(loading) == band
    assert WEAK_LOADING == 0.3 and STRONG_LOADING == 1.0  # README "Loading"


def _items(page: str, cls: str, attr: str) -> list[str]:
    ul = re.search(rf'<ul class="legend {cls}">(.*?)</ul>', page, re.S).group(1)
    return re.findall(rf'<li {attr}="([^"]+)"', ul)


def test_legend_lists_every_category_and_the_scale(reports) -> None:
    report = framing.Analyzer(model=None)(EVIL)
    present = {t.category for t in report.terms}
    assert present and present < set(categories())
    page = render_html(report)
    assert _items(page, "categories", "data-category") == list(categories())
    for cat, definition in categories().items():
        item = re.search(rf'<li data-category="{cat}">(.*?)</li>', page, re.S).group(1)
        from html import escape
        assert escape(definition) in item
        n = sum(t.category == cat for t in report.terms)
        assert f"; {n} in this article" in item if n else "none in this article" in item
    assert _items(page, "strengths", "data-strength") == [name for name, _ in STRENGTHS]
    assert _items(page, "origins", "data-origin") == list(ORIGINS)
    assert _items(page, "directions", "data-direction") == list(DIRECTIONS)
    assert f">{WEAK_LOADING}</span>" in page and f">{STRONG_LOADING:g}</span>" in page
    # a category of a custom lexicon is added, not lost
    from dataclasses import replace
    odd = replace(report, terms=(replace(report.terms[0], category="my_category"),
                                 *report.terms[1:]))
    assert _items(render_html(odd), "categories", "data-category")[-1] == "my_category"


def test_sources_are_marked_in_the_text_with_type_and_cue(reports) -> None:
    seen_types = set()
    for report in reports:
        parsed = _parse(render_html(report))
        for a in report.attributions:
            if a.source is None:
                continue
            hits = [s for s in parsed.sources if s["data-start"] == str(a.source.start_char)]
            assert len(hits) == 1, (report.id, a.source.text)
            mark = hits[0]
            first = next(k for k, b in enumerate(report.attributions)
                         if b.source is not None
                         and b.source.start_char == a.source.start_char)
            assert mark["id"] == f"s{first}" and mark["tabindex"] == "0"
            if mark["id"] != f"s{report.attributions.index(a)}":
                continue  # a second attribution to the same words shares the first's mark
            # the mark holds the source (widened to a term it would cut)
            assert a.source.text in mark["text"]
            assert mark["data-type"] == a.source.type and mark["data-cue"] == a.cue.lemma
            assert f"type: {a.source.type}" in mark["title"]
            assert f"cue: {a.cue.text} ({a.cue.lemma}, {a.cue.cue_class})" in mark["title"]
            seen_types.add(a.source.type)
        # a source is never a term mark, and every source mark belongs to an attribution
        assert len(parsed.sources) == len({a.source.start_char for a in report.attributions
                                           if a.source is not None})
    assert {"person", "organization", "vague"} <= seen_types


def _table(page: str, cls: str) -> list[list[str]]:
    body = re.search(rf'<table class="{cls}">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    from html import unescape
    return [[unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                     row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_sources_table_counts_who_is_cited(reports) -> None:
    for report in reports:
        rows = _table(render_html(report), "sources")
        if not report.attributions:
            assert rows == [["nobody is cited"]]
            continue
        named = [r for r in rows if r[0] != "(no source found)"]
        n_none = sum(a.source is None for a in report.attributions)
        assert sum(int(r[2]) for r in rows) == len(report.attributions)
        assert (["(no source found)", "none", str(n_none), "", ""] in rows) == bool(n_none)
        # every source the summary counts, with its type and count, most cited first
        want = [[s.name, s.type, str(s.count)] for s in report.summary.attribution.top_sources]
        assert [r[:3] for r in named][:len(want)] == want
        counts = [int(r[2]) for r in named]
        assert counts == sorted(counts, reverse=True)
        for r in named:
            cited = [a for a in report.attributions if a.source_name == r[0]
                     and a.source.type == r[1]]
            assert len(cited) == int(r[2])
            for a in cited:
                assert f"{a.cue.lemma} ({a.cue.cue_class})" in r[3] and a.kind in r[4]
    sources, _ = source_rows(reports[0])
    assert sources and all(s.type in ("person", "organization", "anonymous", "vague",
                                      "document") for s in sources)


def test_article_text_survives_escaped_and_in_order(reports) -> None:
    report = reports[-1]
    page = render_html(report)
    assert "<script>" not in page and "<b>thugs" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;/script&gt;" in page and "&lt;b&gt;thugs" in page
    article = re.search(r'<div class="article"[^>]*>(.*?)</div>', page, re.S).group(1)
    # the article's text, tags and labels removed, is the article
    labels = re.sub(r'<span class="label[^"]*" role="note">.*?</span>', "", article)
    from html import unescape
    assert unescape(re.sub(r"<[^>]+>", "", labels)) == report.text


def test_quotes_sources_claims_and_summary_are_shown(reports) -> None:
    report = reports[-1]
    page = render_html(report)
    assert report.quotes and report.attributions and report.unattributed
    assert page.count('<span class="quote">') >= len(report.quotes)
    a = next(a for a in report.attributions if a.source is not None)
    assert f"· {a.source.type} · {a.cue.lemma} ({a.cue.cue_class})" in page
    assert "unsourced: reportedly" in page
    for label in ("author terms / 100 words", "attributed sentence share",
                  "anonymous+vague share", "mean P(biased)"):
        assert f">{label}<" in page


def test_page_is_self_contained() -> None:
    report = framing.Analyzer(model=None)(EVIL)
    parsed = _parse(render_html(report))
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "link", "iframe", "img", "object", "embed")
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, attrs)
    assert "default-src 'none'" in render_html(report)
    assert "@import" not in render_html(report) and "url(" not in render_html(report)


def test_cli_writes_html(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(EVIL, "utf-8")
    out = tmp_path / "a.html"
    done = subprocess.run([sys.executable, "-m", "framing", "analyze", str(src), "--format",
                           "html", "--model", "none", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "&lt;script&gt;" in page
