"""Both pages rendered in a real headless Chromium (Debian's ``chromium`` and
``chromium-driver`` packages, driven through Selenium): highlights, tooltips, keyboard
focus, console, network and a screenshot. Skipped, with the reason, where the browser or
its driver is not installed; ``.ci/run`` installs both."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

import framing
from tests.conftest import EXAMPLES, REQUIRE_BROWSER

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

MISSING = ("headless Chromium not installed (apt-get install chromium chromium-driver); "
           "the browser tests need it")
#: a missing browser skips these tests, unless FRAMING_REQUIRE_BROWSER is set (then the
#: browser fixture fails with the same message)
pytestmark = [pytest.mark.browser] + ([] if os.environ.get(REQUIRE_BROWSER) else [
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None, reason=MISSING)])


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None or DRIVER is None:
        pytest.fail(f"{MISSING} ({REQUIRE_BROWSER} is set)", pytrace=False)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium fetch a driver
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1600", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def _open(browser, page: Path) -> dict:
    """Load a page; return its console messages, the URLs it requested and a screenshot."""
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(page.as_uri())
    browser.execute_script("return document.readyState")
    console = browser.get_log("browser")
    requests = []
    for entry in browser.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            requests.append(msg["params"]["request"]["url"])
    return {"console": console, "requests": requests, "png": browser.get_screenshot_as_png()}


def _not_blank(png: bytes) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size[0] >= 800
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, highlights, labels


def _open_cleanly(browser, page: Path) -> None:
    """Open a page and check it: no console warning or error, no request but the page
    itself, a screenshot that is not blank (kept beside the page as <name>.png)."""
    seen = _open(browser, page)
    assert [m for m in seen["console"] if m["level"] in ("SEVERE", "WARNING")] == []
    others = [u for u in seen["requests"] if u != page.as_uri() and not u.startswith("data:")]
    assert others == []
    _not_blank(seen["png"])
    page.with_suffix(".png").write_bytes(seen["png"])


def test_annotated_article_in_chromium(browser, tmp_path: Path,
                                       model_analyzer: framing.Analyzer) -> None:
    # a team example, not the seed article in ../shared: the page is tested in a clone alone
    text = (EXAMPLES / "01_refinery_deal.txt").read_text("utf-8")
    report = model_analyzer(framing.Article(text, id="refinery"))
    page = tmp_path / "refinery.html"
    page.write_text(report.to_html(), "utf-8")
    _open_cleanly(browser, page)
    marks = browser.execute_script(
        "return [...document.querySelectorAll('mark.term')].map(m => ({text: m.textContent,"
        " start: +m.dataset.start, voice: m.dataset.voice, title: m.title,"
        " tip: m.dataset.tip}))")
    author = [t for t in report.terms if t.voice == "author"]
    assert author
    for t in author:
        hits = [m for m in marks if m["start"] == t.start_char and m["voice"] == "author"]
        assert len(hits) == 1, t.surface
        assert hits[0]["text"] == t.surface
        assert f"neutral: {t.neutral}" in hits[0]["tip"] or not t.neutral
        assert hits[0]["title"] == hits[0]["tip"]
    # every mark is reachable by Tab, and focus shows the tooltip
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link
    body = browser.switch_to.active_element
    body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    if focused.tag_name == "span":  # a source that holds the first term comes first
        assert "source" in focused.get_attribute("class").split()
        focused.send_keys(Keys.TAB)
        focused = browser.switch_to.active_element
    assert focused.tag_name == "mark" and focused.get_attribute("id") == "t0"
    tooltip = browser.execute_script(
        "return getComputedStyle(arguments[0], '::before').content", focused)
    first = sorted(report.terms, key=lambda t: (t.start_char, -t.end_char))[0]
    assert first.neutral in tooltip
    # it prints: the print style keeps the markers and drops the hover tooltips
    import base64

    from selenium.webdriver.common.print_page_options import PrintOptions

    pdf = base64.b64decode(browser.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    # the article text in the DOM is the article (labels aside)
    text = browser.execute_script(
        "const a = document.querySelector('.article').cloneNode(true);"
        "a.querySelectorAll('.label').forEach(l => l.remove()); return a.textContent")
    assert text == report.text
    _check_term_strength_origin_direction(browser, report)
    _check_legend(browser)
    _check_sources(browser, report)


def _check_term_strength_origin_direction(browser, report) -> None:
    """Each term shows its strength (the underline's thickness), its origin and direction
    (the superscript) and all three in its tooltip."""
    from framing.render.page_parts import DIRECTIONS, ORIGINS, strength

    shown = browser.execute_script(
        "return [...document.querySelectorAll('mark.term')].map(m => ({"
        " start: +m.dataset.start, tip: m.dataset.tip,"
        " line: parseFloat(getComputedStyle(m).textDecorationThickness),"
        " after: getComputedStyle(m, '::after').content}))")
    by_start = {m["start"]: m for m in shown}
    widths: dict[str, set[float]] = {}
    for t in report.terms:
        m = by_start[t.start_char]
        band = strength(t.loading)
        widths.setdefault(band, set()).add(m["line"])
        assert f"strength: {band} (loading {t.loading:+.3f})" in m["tip"]
        assert f"origin: {t.origin}" in m["tip"]
        assert f"direction: {DIRECTIONS[t.direction][1]}" in m["tip"]
        marks = ORIGINS[t.origin][0] + DIRECTIONS[t.direction][0]
        assert m["after"].strip('"').endswith(marks)
    # thicker underline, stronger term: each band one width, increasing with strength
    assert {b: len(w) for b, w in widths.items()} == dict.fromkeys(widths, 1)
    weak, moderate, strong = (min(widths[b]) for b in ("weak", "moderate", "strong"))
    assert weak < moderate < strong
    rows = browser.execute_script(
        "return [...document.querySelectorAll('table.terms tbody tr')].map(r =>"
        " [r.dataset.strength, r.querySelector('.meter span') ?"
        " r.querySelector('.meter span').getBoundingClientRect().width : -1])")
    strong = [w for band, w in rows if band == "strong"]
    weak = [w for band, w in rows if band == "weak"]
    assert strong and weak and min(strong) > max(weak)


def _check_legend(browser) -> None:
    """Every category is in the legend, shown; the strength scale is drawn with its
    limits; origins and directions are explained."""
    from framing.categories import categories

    legend = browser.execute_script(
        "const q = s => [...document.querySelectorAll(s)];"
        "return {cats: q('ul.categories li').map(l => [l.dataset.category, l.offsetHeight]),"
        " ticks: q('.scale .tick').map(t => t.textContent),"
        " scale: document.querySelector('.scale').getBoundingClientRect().width,"
        " origins: q('ul.origins li').map(l => l.dataset.origin),"
        " directions: q('ul.directions li').map(l => l.dataset.direction)}")
    assert [c for c, _ in legend["cats"]] == list(categories())
    assert all(height > 10 for _, height in legend["cats"])
    assert legend["ticks"] == ["0", "0.3", "1", "3+"] and legend["scale"] > 150
    assert legend["origins"] == ["lexicon", "rule", "model"]
    assert legend["directions"] == ["left", "right", "none"]


def _check_sources(browser, report) -> None:
    """Cited sources are boxed in the text (unlike terms), reachable by Tab, and their
    tooltip names the source type and the cue; the sources table lists them."""
    from selenium.webdriver.common.by import By

    marks = browser.find_elements(By.CSS_SELECTOR, "span.source[id]")
    cited = {a.source.start_char: a for a in report.attributions if a.source is not None}
    assert marks and len(marks) == len(cited)
    for mark in marks:
        a = cited[int(mark.get_attribute("data-start"))]
        assert a.source.text in mark.text.replace("\n", " ") or a.source.text in mark.text
        assert mark.get_attribute("tabindex") == "0"
        style = browser.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [s.borderTopStyle, s.backgroundColor]", mark)
        assert style[0] == "solid"
    first = marks[0]
    browser.execute_script("arguments[0].focus()", first)
    tip = browser.execute_script(
        "return getComputedStyle(arguments[0], '::before').content", first)
    a = cited[int(first.get_attribute("data-start"))]
    assert f"type: {a.source.type}" in tip and f"cue: {a.cue.text}" in tip
    term_border = browser.execute_script(
        "return getComputedStyle(document.querySelector('mark.term')).borderTopStyle")
    assert term_border == "none"
    rows = browser.execute_script(
        "return [...document.querySelectorAll('table.sources tbody tr')].map(r =>"
        " [...r.cells].map(c => c.textContent))")
    named = {(r[0], r[1]): int(r[2]) for r in rows if r[0] != "(no source found)"}
    for s in report.summary.attribution.top_sources:
        assert named[(s.name, s.type)] == s.count


def test_dashboard_in_chromium(browser, tmp_path: Path, analyzer: framing.Analyzer) -> None:
    import pandas as pd

    from framing.render.dashboard import render_dashboard
    from framing.render.outlets import MIN_CI_ARTICLES
    from framing.render.tables import actor_rows, article_row, finding_rows

    # three outlets, one too small for an interval; the input has metadata columns
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    sizes = {"North Post": 6, "South Herald": MIN_CI_ARTICLES, "East Ledger": 2}
    outlets = [o for o, n in sizes.items() for _ in range(n)]
    reports = [analyzer(framing.Article(texts[(i * 2) % len(texts)], id=f"a{i:02d}",
                                        outlet=o)) for i, o in enumerate(outlets)]
    scored = tmp_path / "scored"
    scored.mkdir()
    articles = pd.DataFrame([article_row(r) for r in reports])
    articles["date"] = [f"2024-05-{k + 1:02d}" for k in range(len(articles))]
    articles["section"] = "politics"
    articles.to_parquet(scored / "articles.parquet")
    pd.DataFrame([x for r in reports for x in finding_rows(r)]).to_parquet(
        scored / "findings.parquet")
    pd.DataFrame([x for r in reports for x in actor_rows(r)]).to_parquet(
        scored / "actors.parquet")
    page = render_dashboard([scored], tmp_path / "dashboard.html", sort_by="lean")
    _open_cleanly(browser, page)
    images = browser.execute_script(
        "return [...document.images].map(i => [i.complete, i.naturalWidth, i.alt])")
    # terms, lexicon vs model, lean, source types, cue classes, top terms (no loading
    # without a classifier)
    assert len(images) == 6
    assert all(done and width > 300 for done, width, _ in images)
    captions = browser.execute_script(
        "return [...document.querySelectorAll('figcaption')].map(c => c.textContent)")
    assert len(captions) == 6 and all(len(c) > 80 for c in captions)
    seen = browser.execute_script(
        "const q = s => [...document.querySelectorAll(s)];"
        "return {order: q('table.outlets tbody tr').map(r => r.dataset.outlet),"
        " lean: q('table.outlets td[data-series=lean]').map(c => +c.dataset.value),"
        " sorted: document.querySelector('th.sorted').textContent,"
        " says: document.getElementById('sort-measure').textContent,"
        " rows: q('table.outlets tbody tr').map(r => r.textContent),"
        " split: q('#fig-lexicon_vs_model img').length,"
        " origins: q('table.top-terms tbody tr').map(r => r.dataset.origin)}")
    # in order of the chosen measure, which the page names
    assert seen["lean"] == sorted(seen["lean"], reverse=True)
    assert len(set(seen["lean"])) == len(sizes)  # no tie left to the names
    assert seen["sorted"].startswith("lean") and seen["says"].startswith("lean")
    # the small outlet is marked, the others have intervals
    for outlet, row in zip(seen["order"], seen["rows"], strict=True):
        assert ("n too small for a CI" in row) == (sizes[outlet] < MIN_CI_ARTICLES)
    # the lexicon / model split, and the top terms by origin
    assert seen["split"] == 1 and set(seen["origins"]) <= {"lexicon", "rule", "model"}
    # the metadata columns: in the articles table, shown once it is opened
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "details#articles summary").click()
    head = [th.text for th in browser.find_elements(
        By.CSS_SELECTOR, "table.articles th.meta-col")]
    assert head == ["date", "section"]
    assert browser.find_element(By.CSS_SELECTOR, "table.articles").is_displayed()
    assert "2024-05-03" in browser.find_element(By.CSS_SELECTOR, "table.articles").text
