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
from tests.conftest import EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="headless Chromium not installed (apt-get install chromium chromium-driver); "
           "the browser tests need it",
)


@pytest.fixture(scope="module")
def browser():
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


def test_annotated_article_in_chromium(browser, tmp_path: Path, seed_text: str,
                                       model_analyzer: framing.Analyzer) -> None:
    report = model_analyzer(framing.Article(seed_text, id="seed"))
    page = tmp_path / "seed.html"
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


def test_dashboard_in_chromium(browser, tmp_path: Path) -> None:
    from framing.render.dashboard import render_dashboard

    analyzer = framing.Analyzer()
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    reports = [r.to_dict() | {"outlet": ["North Post", "South Herald"][i % 2]}
               for i, r in enumerate(analyzer.pipe(texts * 2))]
    page = render_dashboard(reports, tmp_path / "dashboard.html")
    _open_cleanly(browser, page)
    images = browser.execute_script(
        "return [...document.images].map(i => [i.complete, i.naturalWidth, i.alt])")
    assert len(images) == 6  # terms, loading, lean, source types, cue classes, top terms
    assert all(done and width > 300 for done, width, _ in images)
    captions = browser.execute_script(
        "return [...document.querySelectorAll('figcaption')].map(c => c.textContent)")
    assert len(captions) == 6 and all(len(c) > 80 for c in captions)
