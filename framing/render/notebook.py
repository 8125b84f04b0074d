"""A report in a notebook: the compact card ``ArticleReport._repr_html_`` shows (Jupyter calls
it when a report is the last value of a cell). The whole annotated page is ``to_html()``."""

from __future__ import annotations

from html import escape

from framing.records import ArticleReport, register_renderer

#: terms listed on the card, strongest loading first (then first in the text)
CARD_TERMS = 8


def _row(name: str, value: object) -> str:
    return f"<tr><th style='text-align:left'>{escape(name)}</th><td>{escape(str(value))}</td></tr>"


def report_card(report: ArticleReport) -> str:
    """The summary of a report and its strongest author-voice terms, as an HTML fragment."""
    s = report.summary
    rows = [
        _row("article", report.id),
        *([_row("outlet", report.outlet)] if report.outlet else []),
        *(_row(k, v) for k, v in report.metadata.items()),
        _row("words / sentences", f"{report.n_words} / {report.n_sentences}"),
        _row("author terms", f"{s.n_author_terms} ({s.author_terms_per_100_words:.2f} per 100 "
             f"words; {s.n_model_terms} model-found)"),
        _row("quoted terms", s.n_quoted_terms),
        _row("left- / right-coded", f"{s.n_left_coded} / {s.n_right_coded} "
             f"(lean {s.lean:+.2f}, -1 left to +1 right)"),
        _row("loaded sentence share", f"{s.loaded_sentence_share:.2f}"),
    ]
    if s.mean_p_biased is not None:
        rows.append(_row("mean P(biased)", f"{s.mean_p_biased:.3f}"))
    if s.attribution is not None:
        a = s.attribution
        share = ("n/a" if a.anonymous_vague_share is None
                 else f"{a.anonymous_vague_share:.2f}")
        rows.append(_row("attributions", f"{len(report.attributions)} (anonymous or vague "
                         f"share {share})"))
    authored = [t for t in report.terms if t.voice == "author"]
    authored.sort(key=lambda t: (-(t.loading if t.loading is not None else -1e9), t.start_char))
    terms = "".join(
        f"<tr><td>{escape(t.surface)}</td><td>{escape(t.category)}</td>"
        f"<td>{escape(t.direction)}</td><td>{escape(t.origin)}</td>"
        f"<td>{'' if t.loading is None else f'{t.loading:+.2f}'}</td>"
        f"<td>{escape(t.neutral or '')}</td></tr>"
        for t in authored[:CARD_TERMS])
    head = ("<tr><th>term</th><th>category</th><th>direction</th><th>origin</th>"
            "<th>loading</th><th>neutral wording</th></tr>")
    more = (f"<p>{len(authored) - CARD_TERMS} more author terms; report.to_html() shows "
            "them all in the text.</p>" if len(authored) > CARD_TERMS else "")
    return (f"<div class='framing-report'><table>{''.join(rows)}</table>"
            + (f"<table>{head}{terms}</table>{more}" if authored else
               "<p>No author-voice terms.</p>") + "</div>")


register_renderer("card", report_card)
