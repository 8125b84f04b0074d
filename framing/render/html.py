"""The annotated article as one self-contained HTML page.

:func:`render_html` writes the article text with its evidence marked in place:

- each loaded term is a focusable ``<mark class="term">`` (colour, underline style and a
  letter marker per category, so colour is never the only cue); the underline's thickness
  shows its strength (weak, moderate, strong loading), the superscript its origin (lexicon,
  rule ``°``, model ``*``) and direction (left-coded ``←``, right-coded ``→``); its tooltip
  (``title`` and a CSS tooltip on hover or keyboard focus) gives the category, voice,
  neutral paraphrase, strength and loading, origin and direction, and a numbered row of
  the term table says the same, with a strength bar;
- each cited source is boxed (``<span class="source">``, focusable, its tooltip naming the
  source type, the cue verb and its class), its cue verb dotted; direct quotations are
  shaded, and each attribution is followed by a label with the source, its type and the cue
  class;
- unattributed claims are outlined and labelled with their hedge;
- a summary panel holds the densities and attribution shares; the legend lists every
  category the lexicon and rules can produce (present or not), the strength scale and the
  origin and direction marks; the sources table says who is cited, how often, as what type
  of source and with which cues.

The page has inline CSS only, no script, no external resource of any kind, and prints
legibly; every piece of article text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from framing.categories import categories, category_order
from framing.records import ArticleReport, Attribution, TermMatch, register_renderer
from framing.render.page_parts import (
    SCALE_CSS,
    STRENGTH_LINE,
    TERM_HEAD,
    Style,
    legend,
    marker,
    source_tip,
    sources_table,
    strength,
    term_rows,
    term_tip,
)
from framing.render.text import DEFINITIONS

#: category styles: (background colour, underline style), cycled for more categories
_STYLES: tuple[tuple[str, str], ...] = (
    ("#ffd8a8", "solid"), ("#c3e6cb", "double"), ("#f5c2c7", "dashed"),
    ("#cfe2ff", "dotted"), ("#e2d9f3", "wavy"), ("#fff3b0", "solid"),
    ("#d3f0f0", "double"), ("#f8d7c4", "dashed"), ("#dee2e6", "dotted"),
    ("#f0d9e8", "wavy"), ("#d9ead3", "solid"), ("#ffe5b4", "double"),
)
_MARKERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #ccc; }
* { box-sizing: border-box; }
body { font: 16px/1.6 Georgia, 'Times New Roman', serif; color: var(--ink); margin: 0;
  background: #fff; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 1.5rem; display: grid;
  grid-template-columns: minmax(0, 3fr) minmax(260px, 1.2fr); gap: 2rem; }
header, .full { grid-column: 1 / -1; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; font-family: system-ui, sans-serif; }
.meta, .small, table, .legend, .label { font-family: system-ui, sans-serif; }
.meta { color: var(--muted); font-size: .85rem; }
.article { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.05rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .3rem; z-index: 10; }
mark.term { color: inherit; background: var(--bg); text-decoration-line: underline;
  text-decoration-style: var(--line); text-decoration-thickness: var(--w, 2px);
  text-underline-offset: 3px; position: relative; border-radius: 2px; padding: 0 1px; }
mark.term::after { content: attr(data-marker); font: bold .62rem system-ui, sans-serif;
  vertical-align: super; margin-left: 1px; }
mark.term.quoted { background: transparent; outline: 1px solid var(--bg); }
mark.term:focus { outline: 3px solid #0b57d0; outline-offset: 1px; }
mark.term:hover::before, mark.term:focus::before { content: attr(data-tip);
  position: absolute; left: 0; top: 1.7em; z-index: 5; width: max-content; max-width: 22rem;
  white-space: normal; background: #222; color: #fff; padding: .35rem .5rem;
  font: .8rem/1.35 system-ui, sans-serif; border-radius: 4px; }
.quote { background: #eef1f5; border-radius: 3px; }
.source { border: 1.5px solid #1d4f91; border-radius: 3px; padding: 0 1px;
  position: relative; }
.source:focus { outline: 3px solid #0b57d0; }
.source:hover::before, .source:focus::before { content: attr(data-tip); position: absolute;
  left: 0; top: 1.7em; z-index: 6; width: max-content; max-width: 22rem; white-space: normal;
  background: #1d4f91; color: #fff; padding: .35rem .5rem;
  font: .8rem/1.35 system-ui, sans-serif; border-radius: 4px; }
.cue { text-decoration: underline dotted #1d4f91 2px; text-underline-offset: 4px; }
.claim { outline: 1.5px dotted #b02a37; outline-offset: 1px; }
.label { font-size: .72rem; color: #333; background: #f3f3f3; border: 1px solid var(--rule);
  border-radius: 3px; padding: 0 .3rem; margin-left: .25rem; white-space: nowrap; }
.label.unsourced { border-color: #b02a37; color: #8a1c27; }
table { border-collapse: collapse; width: 100%; font-size: .82rem; }
th, td { text-align: left; padding: .2rem .35rem; border-bottom: 1px solid #e5e5e5;
  vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend { list-style: none; padding: 0; font-size: .85rem; }
.legend li { margin: .2rem 0; }
.swatch { display: inline-block; min-width: 2.2rem; padding: 0 .3rem; background: var(--bg);
  text-decoration: underline; text-decoration-style: var(--line);
  text-decoration-thickness: var(--w, 2px); margin-right: .4rem; }
.swatch.source { border: 1.5px solid #1d4f91; text-decoration: none; }
.swatch.cue { text-decoration: underline dotted #1d4f91 2px; }
h3 { font: bold .85rem system-ui, sans-serif; margin: .9rem 0 .3rem; }
.small { font-size: .8rem; color: var(--muted); }
.mk { display: inline-block; min-width: 3.6rem; font-weight: bold; }
.meter.none { background: repeating-linear-gradient(45deg, #eee 0 3px, #fff 3px 6px); }
dl.defs dt { font-weight: bold; font-family: system-ui, sans-serif; font-size: .8rem; }
dl.defs dd { margin: 0 0 .4rem 0; font-size: .8rem; color: var(--muted); }
@media (max-width: 800px) { .wrap { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 11pt; }
  .wrap { display: block; max-width: none; padding: 0; }
  mark.term { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  mark.term::before { display: none; }
  .quote, .meter span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .source::before { display: none; }
  .skip { display: none; }
  table { page-break-inside: auto; } tr { page-break-inside: avoid; }
}
"""


_CSS += SCALE_CSS

#: nothing may load: no script, font, image or connection; inline styles only
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def page_head(title: str, css: str, csp: str = CSP) -> str:
    """The start of a self-contained page, up to ``<body>``: UTF-8, viewport, the
    Content-Security-Policy ``csp``, the title and the inline stylesheet ``css``."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{escape(title)}</title>
<style>{css}</style>
</head>
"""


def _fmt(x: float | None, pct: bool = False, digits: int = 2) -> str:
    if x is None:
        return "n/a"
    return f"{x:.1%}" if pct else f"{x:.{digits}f}"


def _label(a: Attribution) -> str:
    who = a.source_name or "no named source"
    kind = a.source.type if a.source is not None else "no source"
    return f"{who} · {kind} · {a.cue.lemma} ({a.cue.cue_class})"


@dataclass
class _Span:
    start: int
    end: int
    rank: int  # 0 container (quote, claim, source, cue), 1 term: containers open first
    open_tag: str
    close_tag: str = "</span>"
    reopen_tag: str | None = None  # the tag that reopens it after a crossing (no id)


def _snap(start: int, end: int, terms: Sequence[TermMatch]) -> tuple[int, int]:
    """Move a container's edges out of any term they would cut."""
    for t in terms:
        if t.start_char < start < t.end_char:
            start = t.start_char
        if t.start_char < end < t.end_char:
            end = t.end_char
    return start, end


def _markup(text: str, spans: list[_Span], inserts: list[tuple[int, str]]) -> str:
    """Escaped text with nested markup for possibly crossing spans (a container crossed by
    another closes and reopens around it; terms are never cut) and the ``inserts`` (markup
    at a text position, after the spans that end there)."""
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans),
                     *(p for p, _ in inserts)})
    pending = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].rank,
                                                       -spans[i].end))
    extra = sorted(inserts, key=lambda x: x[0])
    out: list[str] = []
    stack: list[int] = []
    at = 0
    for pos in bounds:
        if pos > at:
            out.append(escape(text[at:pos]))
            at = pos
        if any(spans[i].end <= pos for i in stack):
            reopen = []
            while any(spans[i].end <= pos for i in stack):
                i = stack.pop()
                out.append(spans[i].close_tag)
                if spans[i].end > pos:
                    reopen.append(i)
            for i in reversed(reopen):
                out.append(spans[i].reopen_tag or spans[i].open_tag)
                stack.append(i)
        while extra and extra[0][0] <= pos:
            out.append(extra.pop(0)[1])
        while pending and spans[pending[0]].start <= pos:
            i = pending.pop(0)
            if spans[i].end > pos:
                out.append(spans[i].open_tag)
                stack.append(i)
    for i in reversed(stack):
        out.append(spans[i].close_tag)
    return "".join(out)


def styles_for(terms: Sequence[TermMatch]) -> dict[str, Style]:
    """The look of every category: the known ones in their fixed order (so a category keeps
    its colour, underline and letter from one page to the next), then any other category
    of ``terms`` (a custom lexicon's)."""
    known = list(dict.fromkeys([*category_order(), *(t.category for t in terms)]))
    return {c: Style(*_STYLES[i % len(_STYLES)], _MARKERS[i % len(_MARKERS)])
            for i, c in enumerate(known)}


def _source_spans(report: ArticleReport, terms: Sequence[TermMatch]) -> list[_Span]:
    """A boxed, focusable mark for each cited source (one per span: the first attribution
    citing it names it ``s<k>``) and a dotted mark for each cue."""
    spans: list[_Span] = []
    seen: set[tuple[int, int]] = set()
    cues: set[tuple[int, int]] = set()
    for k, a in enumerate(report.attributions):
        cue_start, cue_end = _snap(a.cue.start_char, a.cue.end_char, terms)
        if (cue_start, cue_end) not in cues:
            cues.add((cue_start, cue_end))
            spans.append(_Span(cue_start, cue_end, 0,
                               f'<span class="cue" data-cue-class="{a.cue.cue_class}">'))
        if a.source is None:
            continue
        start, end = _snap(a.source.start_char, a.source.end_char, terms)
        if (start, end) in seen:
            continue
        seen.add((start, end))
        tip = escape(source_tip(a))
        attrs = (f'class="source src-{a.source.type}" data-type="{a.source.type}" '
                 f'data-cue="{escape(a.cue.lemma)}" data-cue-class="{a.cue.cue_class}" '
                 f'data-kind="{a.kind}" data-tip="{tip}" title="{tip}"')
        spans.append(_Span(
            start, end, 0,
            f'<span id="s{k}" tabindex="0" data-start="{a.source.start_char}" '
            f'data-end="{a.source.end_char}" {attrs}>',
            reopen_tag=f"<span {attrs}>",
        ))
    return spans


def render_html(report: ArticleReport) -> str:
    """The annotated article as a standalone HTML page (see the module docstring)."""
    text = report.text
    terms = sorted(report.terms, key=lambda t: (t.start_char, -t.end_char))
    style = styles_for(terms)
    spans: list[_Span] = _source_spans(report, terms)
    inserts: list[tuple[int, str]] = []
    for a in report.attributions:
        end = _snap(a.content_parts[-1][1], a.content_parts[-1][1], terms)[1]
        inserts.append((end, f'<span class="label" role="note">{escape(_label(a))}</span>'))
    for q in report.quotes:
        start, end = _snap(q.start_char, q.end_char, terms)
        spans.append(_Span(start, end, 0, '<span class="quote">'))
        if not any(s < q.end_char and q.start_char < e
                   for a in report.attributions for s, e in a.content_parts):
            inserts.append((end, '<span class="label" role="note">no source found</span>'))
    for u in report.unattributed:
        start, end = _snap(u.start_char, u.end_char, terms)
        spans.append(_Span(start, end, 0, '<span class="claim">'))
        inserts.append((end, f'<span class="label unsourced" role="note">unsourced: '
                             f'{escape(u.cue)}</span>'))
    for k, t in enumerate(terms):
        s = style[t.category]
        band = strength(t.loading)
        classes = (f"term {'quoted' if t.voice == 'quoted' else 'author'} origin-{t.origin} "
                   f"strength-{band.replace(' ', '-')}")
        tip = escape(term_tip(t))
        spans.append(_Span(
            t.start_char, t.end_char, 1,
            f'<mark class="{classes}" id="t{k}" tabindex="0" '
            f'data-start="{t.start_char}" data-end="{t.end_char}" '
            f'style="--bg:{s.bg};--line:{s.line};--w:{STRENGTH_LINE[band]}" '
            f'data-marker="{escape(marker(s.letter, t))}" '
            f'data-category="{escape(t.category)}" data-voice="{t.voice}" '
            f'data-strength="{band}" data-origin="{t.origin}" '
            f'data-direction="{escape(t.direction)}" '
            f'data-neutral="{escape(t.neutral)}" data-tip="{tip}" title="{tip}" '
            f'aria-describedby="n{k}">',
            "</mark>",
        ))
    body = _markup(text, [s for s in spans if s.end > s.start], inserts)
    return _page(report, body, terms, style)


def _summary_rows(report: ArticleReport) -> list[tuple[str, str]]:
    s = report.summary
    rows = [
        ("words / sentences", f"{report.n_words} / {report.n_sentences}"),
        ("author-voice terms", str(s.n_author_terms)),
        ("author terms / 100 words", _fmt(s.author_terms_per_100_words)),
        ("quoted terms", str(s.n_quoted_terms)),
        ("quoted terms / 100 words", _fmt(s.quoted_terms_per_100_words)),
        ("loaded sentence share", _fmt(s.loaded_sentence_share, pct=True)),
        ("model-found author terms", str(s.n_model_terms)),
        ("left- / right-coded author terms", f"{s.n_left_coded} / {s.n_right_coded}"),
        ("lean (-1 left, +1 right)", f"{s.lean:+.2f}"),
        ("direct quotations", f"{s.n_quotes} ({s.n_words_quoted} words)"),
        ("terms by origin", ", ".join(
            f"{o} {n}" for o in ("lexicon", "rule", "model")
            if (n := sum(t.origin == o for t in report.terms))) or "none"),
    ]
    if s.mean_p_biased is not None:
        rows += [
            ("mean P(biased)", _fmt(s.mean_p_biased, digits=3)),
            ("loading / 100 words", _fmt(s.loading_per_100_words, digits=3)),
            ("positive loading share", _fmt(s.positive_loading_share, pct=True)),
            ("terms by strength", ", ".join(
                f"{b} {n}" for b in ("strong", "moderate", "weak")
                if (n := sum(strength(t.loading) == b for t in report.terms))) or "none"),
        ]
    a = s.attribution
    if a is not None:
        rows += [
            ("attributions", str(a.n_attributions)),
            ("attributed sentence share", _fmt(a.attributed_sentence_share, pct=True)),
            ("anonymous+vague share", _fmt(a.anonymous_vague_share, pct=True)),
            ("by source type", ", ".join(f"{k} {v}" for k, v in a.by_source_type.items())
             or "none"),
            ("by cue class", ", ".join(f"{k} {v}" for k, v in a.by_cue_class.items())
             or "none"),
            ("unattributed claims", str(a.n_unattributed)),
        ]
    return rows


def _page(report: ArticleReport, body: str, terms: list[TermMatch],
          style: dict[str, Style]) -> str:
    title = f"framing report · {report.id}"
    prov = report.provenance
    model = (prov.get("model") or {}).get("name") if isinstance(prov, dict) else None
    lex = (prov.get("lexicon") or {}) if isinstance(prov, dict) else {}
    meta = " · ".join(x for x in (
        f"outlet: {report.outlet}" if report.outlet else "",
        f"lexicon {lex.get('name', '?')} {lex.get('version', '')}".strip(),
        f"model {model}" if model else "no classifier",
        f"framing {prov.get('framing_version', '?')}" if isinstance(prov, dict) else "",
    ) if x)
    term_at = {(t.start_char, t.end_char): k for k, t in enumerate(terms)}
    actor_rows = "".join(
        f"<tr><td>{escape(a.name)}</td><td>{a.type}</td><td class=\"num\">{len(a.mentions)}"
        f"</td><td class=\"num\">{a.n_cited}</td><td>"
        + ", ".join(
            f'<a href="#t{term_at[(lb.start_char, lb.end_char)]}">{escape(lb.surface)}</a> '
            f'<span class="meta">({lb.relation})</span>'
            for lb in a.labels if (lb.start_char, lb.end_char) in term_at
        )
        + f'</td><td class="num">{"n/a" if a.loading_sum is None else f"{a.loading_sum:+.3f}"}'
        f'</td><td class="num">{a.polarity_sum:+d}</td></tr>'
        for a in sorted(report.actors, key=lambda a: not a.labels)
    )
    actors = (
        f'<h2 id="actors">Actors ({len(report.actors)})</h2>\n<table class="actors">\n'
        "<thead><tr><th>actor</th><th>type</th><th>mentions</th><th>cited</th><th>labels</th>"
        "<th>loading sum</th><th>polarity</th></tr></thead>\n"
        f"<tbody>{actor_rows}</tbody>\n</table>\n"
        if report.actors else ""
    )
    summary = "".join(f"<tr><th scope=\"row\">{escape(k)}</th><td class=\"num\">{escape(v)}"
                      "</td></tr>" for k, v in _summary_rows(report))
    defs = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in DEFINITIONS)
    return page_head(title, _CSS) + f"""<body>
<a class="skip" href="#terms">Skip to the term table</a>
<div class="wrap">
<header>
<h1>{escape(title)}</h1>
<p class="meta">{escape(meta)}</p>
</header>
<main>
<h2 id="article-heading">Article</h2>
<div class="article" aria-labelledby="article-heading">{body}</div>
<h2 id="terms">Loaded terms ({len(terms)})</h2>
<table class="terms">
{TERM_HEAD}
<tbody>{term_rows(terms, style)}</tbody>
</table>
{sources_table(report)}{actors}</main>
<aside>
<h2>Summary</h2>
<table class="summary"><tbody>{summary}</tbody></table>
<h2 id="legend">Legend</h2>
{legend(style, categories(), terms)}
<h2>Definitions</h2>
<dl class="defs">{defs}</dl>
</aside>
</div>
</body>
</html>
"""


register_renderer("html", render_html)
