"""Text and Markdown renderings of an :class:`~framing.records.ArticleReport`.

Renderers read records only; every number they print is a field of the report.
"""

from __future__ import annotations

from framing.categories import ADDED_CATEGORIES, SCARE_QUOTE
from framing.records import (
    Actor,
    ArticleReport,
    AttributionSummary,
    Summary,
    TermMatch,
    register_renderer,
)
from framing.records.terms import WEAK_LOADING

DEFINITIONS = (
    ("author terms / 100 words", "loaded terms in the writer's own voice per 100 words of "
     "text outside direct quotations; higher = more loaded wording by the writer"),
    ("quoted terms / 100 words", "loaded terms inside direct quotations per 100 quoted words "
     "(n/a when nobody is quoted)"),
    ("loaded sentence share", "sentences with at least one author-voice term / all sentences"),
    ("lean", "(right-coded - left-coded) / (right-coded + left-coded + 2) over author-voice "
     "terms, not counting those the writer mentions rather than uses ('the so-called death "
     "tax'); -1 to 1, negative = the left's framing, positive = the right's, 0 = balanced "
     "or none"),
    (SCARE_QUOTE, ADDED_CATEGORIES[SCARE_QUOTE]),
    ("P(biased)", "the classifier's probability that a sentence reads as biased (0-1)"),
    ("loading", "log-odds of P(biased) for the words around the term (4 either side) minus "
     "the same with the term replaced by its neutral paraphrase; positive = the term makes "
     f"the text read as more biased; 1.0 multiplies the odds by 2.7; under {WEAK_LOADING} "
     "is weak (no more than a neutral synonym swap does)"),
    ("loading (p)", "the same drop as a difference of probabilities on the whole sentence "
     "(-1 to 1)"),
    ("loading / 100 words", "sum of the positive loadings of author-voice terms per 100 "
     "words outside quotations"),
    ("origin", "lexicon (team lexicon), rule (scare quotes, impersonal attribution frames), "
     "model (words the classifier's "
     "token head flags that no lexicon entry covers)"),
    ("source type", "person, organization, anonymous (identity withheld), vague (reports, "
     "critics, some), document (a text with a named owner)"),
    ("cue class", "neutral (said), factive (revealed: presents it as true), hedging (claimed: "
     "casts doubt), emphatic (insisted, admitted: force or reluctance), other"),
    ("anonymous+vague share", "anonymous and vague sources / attributions with a source"),
    ("unattributed claim", "a claim made through a hedge with no source: 'is believed to', "
     "'reportedly'"),
    ("actor", "a person, organisation, government, country, place or group, with all its "
     "mentions: short names joined to the full name, 'the regime' to the government named "
     "before it"),
    ("actor label", "a loaded term attached to an actor through the parse: head ('the "
     "socialist regime'), modifier ('cash-starved PDVSA'), apposition, predicate ('X is a "
     "...'), agent or patient of a loaded verb"),
    ("actor loading sum", "sum of the loadings of the actor's labels (n/a without a "
     "classifier); higher = the wording attached to the actor moves the classifier more"),
    ("actor polarity", "sum over its labels of -1 (pejorative, political, crime or "
     "distancing label; agent of an emotive verb), +1 (praise) or 0"),
)


def label_summary(actor: Actor) -> str:
    """An actor's labels in one line: each wording with its count and relation(s), in
    order of first use ("socialist regime x6 (head); figurehead (modifier)")."""
    seen: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for lb in actor.labels:
        written = " ".join(lb.surface.split())
        key = written.lower()
        shown.setdefault(key, written)
        counts[key] = counts.get(key, 0) + 1
        rel = lb.relation + (", quoted" if lb.voice == "quoted" else "")
        if rel not in seen.setdefault(key, []):
            seen[key].append(rel)
    return "; ".join(
        f"{shown[k]}{f' x{counts[k]}' if counts[k] > 1 else ''} ({', '.join(r)})"
        for k, r in seen.items()
    )


def _fmt_sum(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.2f}"


def _actor_lines(report: ArticleReport) -> list[str]:
    if not report.actors:
        return []
    labelled = [a for a in report.actors if a.labels]
    lines = ["", f"ACTORS ({len(labelled)} of {len(report.actors)} with labels; loading sum "
             "and polarity over each actor's labels)"]
    if not labelled:
        lines.append("  no loaded term is attached to an actor")
    for a in labelled:
        lines.append(
            f"  {a.name:<32} {a.type:<12} {len(a.mentions):>3} "
            f"{'mention ' if len(a.mentions) == 1 else 'mentions'}  "
            f"loading sum {_fmt_sum(a.loading_sum):>5}  polarity {a.polarity_sum:+d}"
            + (f"  cited {a.n_cited}x" if a.n_cited else "")
        )
        lines.append(f"      {label_summary(a)}")
    others = [a for a in report.actors if not a.labels]
    if others:
        lines.append("  also mentioned: " + ", ".join(
            f"{a.name} ({len(a.mentions)})" for a in others))
    return lines


def _actor_markdown(report: ArticleReport) -> list[str]:
    if not report.actors:
        return []
    out = ["", "## Actors", "", "| actor | type | mentions | cited | labels | loading sum | "
           "polarity |", "|---|---|---|---|---|---|---|"]
    out += [
        f"| {_md_cell(a.name)} | {a.type} | {len(a.mentions)} | {a.n_cited} | "
        f"{_md_cell(label_summary(a)) or '-'} | {_fmt_sum(a.loading_sum)} | "
        f"{a.polarity_sum:+d} |"
        for a in sorted(report.actors, key=lambda a: not a.labels)
    ]
    return out


def _sourcing(report: ArticleReport) -> tuple[AttributionSummary, str] | None:
    """The sourcing summary and its anonymous+vague share as shown (None: not run)."""
    a = report.summary.attribution
    if a is None:
        return None
    return a, "n/a" if a.anonymous_vague_share is None else f"{a.anonymous_vague_share:.1%}"


def _attribution_lines(report: ArticleReport) -> list[str]:
    if (sourcing := _sourcing(report)) is None:
        return []
    a, share = sourcing
    lines = [
        "",
        "SOURCING",
        f"  attributions                {a.n_attributions:>4}   in "
        f"{a.attributed_sentence_share:.1%} of sentences; anonymous+vague {share}",
        "  by source type              " + ", ".join(
            f"{k} {v}" for k, v in a.by_source_type.items() if v),
        "  by cue class                " + ", ".join(
            f"{k} {v}" for k, v in a.by_cue_class.items() if v),
        f"  unattributed claims         {a.n_unattributed:>4}",
    ]
    if a.top_sources:
        lines.append("  top sources                 " + "; ".join(
            f"{t.name} ({t.type}) x{t.count}" for t in a.top_sources))
    if report.attributions:
        lines += ["", "ATTRIBUTIONS (reading order)"]
        for att in report.attributions:
            who = "(no source)" if att.source is None else (
                f"{_snippet(att.source.text, 40)} [{att.source.type}"
                + (f" = {att.source.resolved}" if att.source.resolved
                   and att.source.resolved != att.source.text else "") + "]")
            content = report.text[att.content_start:att.content_end]
            lines.append(
                f"  s{att.sentence_index:<3} {who} {att.cue.text!r} ({att.cue.cue_class}, "
                f"{att.kind}): {_snippet(content, 60)}"
            )
    if report.unattributed:
        lines += ["", "UNATTRIBUTED CLAIMS"]
        lines += [f"  s{u.sentence_index:<3} {u.cue!r}: {_snippet(u.text, 70)}"
                  for u in report.unattributed]
    return lines


def _attribution_markdown(report: ArticleReport) -> list[str]:
    if (sourcing := _sourcing(report)) is None:
        return []
    a, share = sourcing
    out = [
        "", "## Sourcing", "",
        "| measure | value | definition |", "|---|---|---|",
        f"| attributions | {a.n_attributions} | cited sources with a cue |",
        f"| attributed sentence share | {a.attributed_sentence_share:.1%} | sentences holding "
        "a cue |",
        f"| anonymous+vague share | {share} | of attributions with a source |",
        f"| unattributed claims | {a.n_unattributed} | hedged claims with no source |",
        "", "| source type | count |", "|---|---|",
        *[f"| {k} | {v} |" for k, v in a.by_source_type.items()],
        "", "| cue class | count |", "|---|---|",
        *[f"| {k} | {v} |" for k, v in a.by_cue_class.items()],
    ]
    if a.top_sources:
        out += ["", "| top source | type | count |", "|---|---|---|"]
        out += [f"| {_md_cell(t.name)} | {t.type} | {t.count} |" for t in a.top_sources]
    if report.attributions:
        out += ["", "### Attributions", "",
                "| sentence | source | type | resolved | cue | class | kind | content |",
                "|---|---|---|---|---|---|---|---|"]
        for att in report.attributions:
            src = att.source
            out.append(
                f"| {att.sentence_index} | {_md_cell(src.text) if src else '-'} | "
                f"{src.type if src else 'none'} | {_md_cell(src.resolved or '') if src else ''} | "
                f"{_md_cell(att.cue.text)} | {att.cue.cue_class} | {att.kind} | "
                f"{_md_cell(_snippet(report.text[att.content_start:att.content_end], 80))} |"
            )
    if report.unattributed:
        out += ["", "### Unattributed claims", "", "| sentence | hedge | claim |", "|---|---|---|"]
        out += [f"| {u.sentence_index} | {_md_cell(u.cue)} | {_md_cell(_snippet(u.text, 90))} |"
                for u in report.unattributed]
    return out


def _fmt_loading(t: TermMatch) -> str:
    return "" if t.loading is None else f"{t.loading:+.2f}"


def _model_lines(s: Summary) -> list[str]:
    if s.mean_p_biased is None:
        return []
    share = "n/a" if s.positive_loading_share is None else f"{s.positive_loading_share:.1%}"
    return [
        f"  mean sentence P(biased)     {s.mean_p_biased:.2f}",
        f"  loading per 100 words       {_fmt_rate(s.loading_per_100_words)}   "
        f"(terms with positive loading: {share})",
    ]


def _fmt_rate(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _neutral_label(t: TermMatch) -> str:
    return f'"{t.neutral}"' if t.neutral else "(drop)"


def _snippet(text: str, width: int = 70) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "\u2026"


def _provenance_line(report: ArticleReport) -> str:
    lex = report.provenance.get("lexicon", {})
    info = report.provenance.get("model")
    model = f"{info.get('name')} {info.get('version')}" if isinstance(info, dict) else "none"
    return (
        f"lexicon {lex.get('name')} {lex.get('version')} (sha256 {str(lex.get('sha256'))[:12]}) "
        f"\u00b7 model: {model} \u00b7 framing {report.provenance.get('framing_version')}"
    )


def render_text(report: ArticleReport) -> str:
    """A plain-text report for the terminal."""
    s = report.summary
    lines = [
        f"framing report \u00b7 {report.id}",
        f"{report.n_words} words, {report.n_sentences} sentences, {s.n_quotes} direct "
        f"quotations ({s.n_words_quoted} quoted words)",
        _provenance_line(report),
        "",
        "SUMMARY",
        f"  author-voice loaded terms   {s.n_author_terms:>4}   "
        f"{_fmt_rate(s.author_terms_per_100_words)} per 100 words outside quotations "
        f"({s.n_words_author} words)",
        f"  quoted loaded terms         {s.n_quoted_terms:>4}   "
        f"{_fmt_rate(s.quoted_terms_per_100_words)} per 100 quoted words",
        f"  sentences with author term  "
        f"{round(s.loaded_sentence_share * report.n_sentences):>4}   "
        f"{s.loaded_sentence_share:.1%} of {report.n_sentences} sentences",
        f"  of them model-found         {s.n_model_terms:>4}   "
        f"{_fmt_rate(s.model_terms_per_100_words)} per 100 words (lexicon and rules "
        f"{_fmt_rate(s.lexicon_terms_per_100_words)})",
        f"  left- / right-coded         {s.n_left_coded:>4} / {s.n_right_coded}   "
        f"lean {s.lean:+.2f} (-1 left, +1 right)",
        *_model_lines(s),
    ]
    if s.by_category:
        lines += ["", "BY CATEGORY (author / quoted)"]
        lines += [f"  {c.category:<18} {c.n_author:>3} / {c.n_quoted}" for c in s.by_category]
    if s.top_terms:
        lines += ["", "TOP TERMS"]
        lines += [
            f"  {t.count:>3} x {t.term:<28} {t.category}" for t in s.top_terms
        ]
    lines += ["", "FINDINGS (reading order)"]
    if not report.terms:
        lines.append("  none")
    for t in report.terms:
        lines.append(
            f"  s{t.sentence_index:<3} {t.start_char:>5}-{t.end_char:<5} {t.voice:<6} "
            f"{t.category:<16} {t.surface!r} -> {_neutral_label(t)}"
            + (f"  loading {_fmt_loading(t)}" if t.loading is not None else "")
            + (f"  [{t.direction}-coded]" if t.direction != "none" else "")
            + ("  [model]" if t.origin == "model" else "")
            + (f"  [speaker: {t.speaker}]" if t.speaker else "")
        )
    lines += _actor_lines(report)
    lines += _attribution_lines(report)
    if report.quotes:
        lines += ["", "DIRECT QUOTATIONS"]
        for q in report.quotes:
            mark = "" if q.closed else "  (no closing mark)"
            lines.append(
                f"  {q.start_char:>5}-{q.end_char:<5} {q.n_words:>3} words  "
                f"{_snippet(q.text)}{mark}"
            )
    lines += ["", "DEFINITIONS"]
    lines += [f"  {name}: {meaning}" for name, meaning in DEFINITIONS]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(report: ArticleReport) -> str:
    """A Markdown report (tables render on GitHub and in most notebooks)."""
    s = report.summary
    out = [
        f"# framing report: `{report.id}`",
        "",
        f"{report.n_words} words, {report.n_sentences} sentences, {s.n_quotes} direct "
        f"quotations ({s.n_words_quoted} quoted words).  ",
        f"{_provenance_line(report)}",
        "",
        "## Summary",
        "",
        "| measure | value | definition |",
        "|---|---|---|",
        f"| author-voice terms | {s.n_author_terms} | loaded terms in the writer's own voice |",
        f"| author terms / 100 words | {_fmt_rate(s.author_terms_per_100_words)} | "
        f"per 100 of the {s.n_words_author} words outside direct quotations |",
        f"| quoted terms | {s.n_quoted_terms} | loaded terms inside direct quotations |",
        f"| quoted terms / 100 words | {_fmt_rate(s.quoted_terms_per_100_words)} | "
        f"per 100 of the {s.n_words_quoted} quoted words |",
        f"| loaded sentence share | {s.loaded_sentence_share:.1%} | sentences with at least "
        f"one author-voice term, of {report.n_sentences} |",
        f"| model-found author terms | {s.n_model_terms} | "
        f"{_fmt_rate(s.model_terms_per_100_words)} per 100 words; lexicon and rules "
        f"{_fmt_rate(s.lexicon_terms_per_100_words)} |",
        f"| left- / right-coded author terms | {s.n_left_coded} / {s.n_right_coded} | "
        "by the direction of each term, mentions left out |",
        f"| lean | {s.lean:+.2f} | (right - left) / (right + left + 2); -1 left, +1 right |",
    ]
    if s.mean_p_biased is not None:
        share = "n/a" if s.positive_loading_share is None else f"{s.positive_loading_share:.1%}"
        out += [
            f"| mean P(biased) | {s.mean_p_biased:.2f} | classifier probability, mean over "
            "sentences |",
            f"| loading / 100 words | {_fmt_rate(s.loading_per_100_words)} | sum of positive "
            "author-voice loadings per 100 words outside quotations |",
            f"| positive loading share | {share} | terms whose neutral paraphrase lowers "
            "P(biased) |",
        ]
    if s.by_category:
        out += ["", "## By category", "", "| category | author | quoted |", "|---|---|---|"]
        out += [f"| {c.category} | {c.n_author} | {c.n_quoted} |" for c in s.by_category]
    if s.top_terms:
        out += ["", "## Top terms", "", "| term | category | count | author | quoted |",
                "|---|---|---|---|---|"]
        out += [
            f"| {_md_cell(t.term)} | {t.category} | {t.count} | {t.n_author} | {t.n_quoted} |"
            for t in s.top_terms
        ]
    out += ["", "## Findings", ""]
    if report.terms:
        out += ["| sentence | chars | surface | category | voice | neutral | loading | origin "
                "| direction |",
                "|---|---|---|---|---|---|---|---|---|"]
        out += [
            f"| {t.sentence_index} | {t.start_char}-{t.end_char} | {_md_cell(t.surface)} | "
            f"{t.category} | {t.voice}{_md_cell(f' ({t.speaker})') if t.speaker else ''} | "
            f"{_md_cell(_neutral_label(t))} | {_fmt_loading(t)} | "
            f"{t.origin} | {t.direction} |"
            for t in report.terms
        ]
    else:
        out.append("No loaded terms found.")
    out += _actor_markdown(report)
    out += _attribution_markdown(report)
    if report.quotes:
        out += ["", "## Direct quotations", "", "| chars | words | quotation |", "|---|---|---|"]
        out += [
            f"| {q.start_char}-{q.end_char} | {q.n_words} | {_md_cell(_snippet(q.text, 90))} |"
            for q in report.quotes
        ]
    return "\n".join(out) + "\n"


register_renderer("text", render_text)
register_renderer("markdown", render_markdown)
