"""The annotated article page's panels: each term's strength, origin and direction, the
legend (every category, the strength scale, the other marks) and the term and sources
tables. :mod:`framing.render.html` puts them around the marked-up article text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from framing.records import ArticleReport, Attribution, TermMatch
from framing.records.terms import WEAK_LOADING

#: A loading at or above this is "strong": one unit of log-odds multiplies the odds of
#: "biased" by e (2.7); the median gold loaded term scores 2.0 on this scale (README,
#: "Loading"). Under :data:`~framing.records.terms.WEAK_LOADING` (0.3) a loading is weak.
STRONG_LOADING = 1.0
#: the strength meter of the term table is full at this loading (log-odds)
METER_FULL = 3.0

#: strength bands, weakest first: (name, what it means)
STRENGTHS: tuple[tuple[str, str], ...] = (
    ("not scored", "no classifier ran, so the term has no loading"),
    ("weak", f"loading under {WEAK_LOADING}: no more than swapping an ordinary word for a "
             "neutral synonym does (0.31 is the 90th percentile of such swaps)"),
    ("moderate", f"loading {WEAK_LOADING} to under {STRONG_LOADING}"),
    ("strong", f"loading {STRONG_LOADING} or more: the term multiplies the odds that the "
               "classifier reads the text as biased by e (2.7) or more"),
)
#: underline thickness per strength band, so strength shows in the text itself
STRENGTH_LINE = {"not scored": "2px", "weak": "1px", "moderate": "2.5px", "strong": "4px"}

#: origin of a term: (marker in the text, what found it)
ORIGINS: dict[str, tuple[str, str]] = {
    "lexicon": ("", "an entry of the team's lexicon"),
    "rule": ("°", "a structural rule: a scare-quoted phrase or an impersonal attribution "
                  "frame ('critics say', 'it is believed')"),
    "model": ("*", "the classifier's token head, for a word no lexicon entry covers"),
}
#: direction of a term: (marker in the text, label, meaning)
DIRECTIONS: dict[str, tuple[str, str, str]] = {
    "left": ("←", "left-coded", "wording the left's framing typically uses"),
    "right": ("→", "right-coded", "wording the right's framing typically uses"),
    "none": ("", "no direction", "wording neither side typically owns"),
}
#: source types, as the sources table and the source marks explain them
SOURCE_TYPES: dict[str, str] = {
    "person": "a named person",
    "organization": "a named body: government, agency, company, party, country",
    "anonymous": "an individual whose identity is withheld ('a senior official')",
    "vague": "no one checkable: an unnamed group or 'reports', 'critics', 'some'",
    "document": "a text with a named owner ('a statement from the ministry')",
}


_WEAK_AT = f"{WEAK_LOADING / METER_FULL:.1%}"
_STRONG_AT = f"{STRONG_LOADING / METER_FULL:.1%}"
#: the strength scale and the meters, with their ticks at the band limits
SCALE_CSS = f"""
.scale {{ position: relative; height: .7rem; margin: .4rem 0 1.3rem;
  background: linear-gradient(90deg, #9aa5b1 0 {_WEAK_AT}, #e07b39 {_WEAK_AT} {_STRONG_AT},
  #b02a37 {_STRONG_AT} 100%); -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.scale .tick {{ position: absolute; top: .75rem; font: .68rem system-ui, sans-serif;
  transform: translateX(-50%); }}
.meter {{ display: inline-block; width: 3.5rem; height: .55rem; background: #eee;
  border: 1px solid #bbb; vertical-align: middle; position: relative; }}
.meter span {{ display: block; height: 100%; background: #b02a37; }}
.meter::before, .meter::after {{ content: ""; position: absolute; top: -1px; bottom: -1px;
  border-left: 1px solid #333; }}
.meter::before {{ left: {_WEAK_AT}; }} .meter::after {{ left: {_STRONG_AT}; }}
"""


def strength(loading: float | None) -> str:
    """The strength band of a loading: ``not scored`` (``None``), ``weak`` (under
    :data:`WEAK_LOADING`, negative ones included), ``moderate`` or ``strong`` (at least
    :data:`STRONG_LOADING`)."""
    if loading is None:
        return "not scored"
    if loading < WEAK_LOADING:
        return "weak"
    return "moderate" if loading < STRONG_LOADING else "strong"


def direction_label(direction: str) -> str:
    return DIRECTIONS.get(direction, ("", direction, ""))[1]


def marker(letter: str, t: TermMatch) -> str:
    """A term's superscript: its category letter, then its origin's and direction's marks."""
    return (letter + ORIGINS.get(t.origin, ("?", ""))[0]
            + DIRECTIONS.get(t.direction, ("", "", ""))[0])


def term_tip(t: TermMatch) -> str:
    """The tooltip of a term: category, voice, paraphrase, strength, origin, direction."""
    neutral = t.neutral if t.neutral else "(drop the word)"
    band = strength(t.loading)
    parts = [f"{t.category} · {t.voice} voice", f"neutral: {neutral}",
             f"strength: {band}" + ("" if t.loading is None else f" (loading {t.loading:+.3f})"),
             f"origin: {t.origin}", f"direction: {direction_label(t.direction)}"]
    if t.speaker:
        parts.append(f"speaker: {t.speaker}")
    return " · ".join(parts)


def source_tip(a: Attribution) -> str:
    """The tooltip of a source mark: who, the source type, the cue verb and its class."""
    assert a.source is not None
    return (f"source: {a.source_name} · type: {a.source.type} · cue: {a.cue.text} "
            f"({a.cue.lemma}, {a.cue.cue_class}) · {a.kind}")


@dataclass(frozen=True)
class Style:
    """How a category looks: background colour, underline style and letter marker."""

    bg: str
    line: str
    letter: str


def _meter(loading: float | None) -> str:
    if loading is None:
        return '<span class="meter none" aria-hidden="true"></span>'
    width = max(0.0, min(loading, METER_FULL)) / METER_FULL * 100
    return (f'<span class="meter" aria-hidden="true"><span style="width:{width:.0f}%">'
            "</span></span>")


def term_rows(terms: Sequence[TermMatch], styles: Mapping[str, Style]) -> str:
    """The rows of the numbered term table."""
    return "".join(
        f'<tr id="n{k}" data-strength="{strength(t.loading)}" data-origin="{t.origin}" '
        f'data-direction="{escape(t.direction)}">'
        f'<td><a href="#t{k}">{styles[t.category].letter}{k + 1}</a></td>'
        f"<td>{escape(t.surface)}</td><td>{escape(t.category)}</td><td>{t.voice}</td>"
        f"<td>{escape(t.neutral) or '(drop)'}</td>"
        f'<td class="num">{"n/a" if t.loading is None else f"{t.loading:+.3f}"}</td>'
        f'<td class="strength">{_meter(t.loading)} {strength(t.loading)}</td>'
        f"<td>{t.origin}</td><td>{escape(direction_label(t.direction))}</td>"
        f"<td>{escape(t.speaker or '')}</td></tr>"
        for k, t in enumerate(terms)
    ) or '<tr><td colspan="10">no loaded terms found</td></tr>'


TERM_HEAD = ("<thead><tr><th>#</th><th>term</th><th>category</th><th>voice</th>"
             "<th>neutral</th><th>loading</th><th>strength</th><th>origin</th>"
             "<th>direction</th><th>speaker</th></tr></thead>")


def legend(styles: Mapping[str, Style], definitions: Mapping[str, str],
           terms: Sequence[TermMatch]) -> str:
    """The legend: every category (those absent from this article too) with its look and
    definition, the strength scale, the origin and direction marks and the other marks."""
    counts = {c: sum(t.category == c for t in terms) for c in styles}
    cats = "".join(
        f'<li data-category="{escape(cat)}"><span class="swatch" '
        f'style="--bg:{s.bg};--line:{s.line}">{s.letter}</span><b>{escape(cat)}</b> '
        f'<span class="meta">({s.line} underline; {counts[cat] or "none"} in this article)'
        f"</span><br><span class=\"meta\">{escape(definitions.get(cat, ''))}</span></li>"
        for cat, s in styles.items()
    )
    bands = "".join(
        f'<li data-strength="{name}"><span class="swatch band" '
        f'style="--bg:#eee;--line:solid;--w:{STRENGTH_LINE[name]}">{escape(name)}</span>'
        f'<span class="meta">{escape(meaning)}</span></li>'
        for name, meaning in STRENGTHS
    )
    origins = "".join(
        f'<li data-origin="{o}"><span class="mk">{escape(m) or "(none)"}</span>{o}: '
        f"{escape(meaning)}</li>" for o, (m, meaning) in ORIGINS.items()
    )
    directions = "".join(
        f'<li data-direction="{d}"><span class="mk">{escape(m) or "(none)"}</span>'
        f"{escape(label)}: {escape(meaning)}</li>"
        for d, (m, label, meaning) in DIRECTIONS.items()
    )
    return f"""<h3>Categories (all {len(styles)})</h3>
<ul class="legend categories">{cats}</ul>
<h3 id="strength-scale">Strength</h3>
<p class="small">A term's strength is its loading: how much more biased the classifier finds
the words around it than the same words with the neutral paraphrase, in log-odds. The
underline's thickness and the bar in the term table show it (the bar is full at
{METER_FULL:g}).</p>
<div class="scale" role="img" aria-label="strength scale in log-odds: weak under
{WEAK_LOADING}, moderate from {WEAK_LOADING} to {STRONG_LOADING}, strong from
{STRONG_LOADING}"><span class="tick" style="left:0">0</span><span class="tick"
style="left:{_WEAK_AT}">{WEAK_LOADING}</span><span class="tick"
style="left:{_STRONG_AT}">{STRONG_LOADING:g}</span><span class="tick"
style="left:100%">{METER_FULL:g}+</span></div>
<ul class="legend strengths">{bands}</ul>
<h3>Origin and direction</h3>
<p class="small">The superscript after a term is its category letter, then a mark for its
origin and one for its direction.</p>
<ul class="legend origins">{origins}</ul>
<ul class="legend directions">{directions}</ul>
<h3>Other marks</h3>
<ul class="legend marks">
<li><span class="swatch source" style="--bg:#fff;--line:solid">who</span>a source: who is
cited; hover or Tab for the cue verb and the source type</li>
<li><span class="swatch cue" style="--bg:#fff;--line:dotted">said</span>the cue verb</li>
<li><span class="swatch quote" style="--bg:#eef1f5;--line:solid">“ ”</span>direct
quotation; each attribution is labelled with its source · source type · cue (class)</li>
<li><span class="swatch claim" style="--bg:#fff;--line:dotted">…</span>unattributed claim,
labelled with its hedge</li>
<li>Quoted-voice terms are outlined instead of filled.</li>
</ul>"""


@dataclass
class SourceRow:
    """One cited source of the article: every attribution to it."""

    name: str
    type: str
    first: int  #: index of its first source mark in the text
    cues: dict[str, int]
    kinds: dict[str, int]

    @property
    def count(self) -> int:
        return sum(self.kinds.values())


def source_rows(report: ArticleReport) -> tuple[list[SourceRow], int]:
    """The cited sources (by the name they are counted under and their type), most cited
    first (ties by first citation), and the number of attributions with no source found.
    ``first`` is the index of the attribution, in the report's order, that cites it first."""
    rows: dict[tuple[str, str], SourceRow] = {}
    n_none = 0
    for k, a in enumerate(report.attributions):
        if a.source is None or a.source_name is None:
            n_none += 1
            continue
        row = rows.setdefault((a.source_name, a.source.type),
                              SourceRow(a.source_name, a.source.type, k, {}, {}))
        cue = f"{a.cue.lemma} ({a.cue.cue_class})"
        row.cues[cue] = row.cues.get(cue, 0) + 1
        row.kinds[a.kind] = row.kinds.get(a.kind, 0) + 1
    ordered = sorted(rows.values(), key=lambda r: (-r.count, r.first))
    return ordered, n_none


def _counts(d: Mapping[str, int]) -> str:
    return ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in d.items())


def sources_table(report: ArticleReport) -> str:
    """Who is cited, how often, what type of source, with which cues and how: one row per
    source, linked to its first mark in the text."""
    rows, n_none = source_rows(report)
    body = "".join(
        f'<tr data-type="{r.type}"><td><a href="#s{r.first}">{escape(r.name)}</a></td>'
        f'<td title="{escape(SOURCE_TYPES.get(r.type, ""))}">{r.type}</td>'
        f'<td class="num">{r.count}</td><td>{escape(_counts(r.cues))}</td>'
        f"<td>{escape(_counts(r.kinds))}</td></tr>"
        for r in rows
    )
    if n_none:
        body += (f'<tr data-type="none"><td>(no source found)</td><td>none</td>'
                 f'<td class="num">{n_none}</td><td></td><td></td></tr>')
    if not body:
        body = '<tr><td colspan="5">nobody is cited</td></tr>'
    types = "".join(f"<dt>{t}</dt><dd>{escape(d)}</dd>" for t, d in SOURCE_TYPES.items())
    return f"""<h2 id="sources">Sources ({len(rows)})</h2>
<table class="sources">
<thead><tr><th>source</th><th>type</th><th>citations</th><th>cues</th><th>kind</th></tr>
</thead>
<tbody>{body}</tbody>
</table>
<dl class="defs types">{types}</dl>
"""
