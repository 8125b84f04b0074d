"""The last stage, summary: pure aggregation of the evidence into an :class:`ArticleReport`.

Nothing here looks at the text again except to count words; every summary number is a
function of the records the report carries (``summarize`` is what a test calls to rebuild
them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from framing.records import (
    Actor,
    ArticleReport,
    Attribution,
    AttributionSummary,
    CategoryCount,
    Quote,
    Sentence,
    SourceCount,
    SourceType,
    Summary,
    TermMatch,
    TopTerm,
    UnattributedClaim,
)
from framing.stages.context import ArticleContext

#: How many terms ``summary.top_terms`` lists.
TOP_TERMS = 10

#: How many sources ``summary.attribution.top_sources`` lists.
TOP_SOURCES = 5

SOURCE_TYPES = ("person", "organization", "anonymous", "vague", "document")
CUE_CLASSES = ("neutral", "factive", "hedging", "emphatic", "other")
KINDS = ("direct", "indirect", "mixed")


def summarize_attribution(
    sentences: Sequence[Sentence],
    attributions: Sequence[Attribution],
    unattributed: Sequence[UnattributedClaim],
    top_n: int = TOP_SOURCES,
) -> AttributionSummary:
    """The sourcing summary of an article, from its attributions and unattributed claims."""
    by_type = {t: 0 for t in (*SOURCE_TYPES, "none")}
    by_class = {c: 0 for c in CUE_CLASSES}
    by_kind = {k: 0 for k in KINDS}
    counts: Counter[str] = Counter()
    kinds: dict[str, SourceType] = {}
    first: dict[str, int] = {}
    for i, a in enumerate(attributions):
        by_type[a.source.type if a.source is not None else "none"] += 1
        by_class[a.cue.cue_class] += 1
        by_kind[a.kind] += 1
        name = a.source_name
        if name is not None and a.source is not None:
            counts[name] += 1
            kinds.setdefault(name, a.source.type)
            first.setdefault(name, i)
    sourced = sum(v for k, v in by_type.items() if k != "none")
    cue_sentences = {a.sentence_index for a in attributions}
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n]))[:top_n]
    return AttributionSummary(
        n_attributions=len(attributions),
        by_source_type=by_type,
        by_cue_class=by_class,
        by_kind=by_kind,
        attributed_sentence_share=(
            round(len(cue_sentences) / len(sentences), 4) if sentences else 0.0
        ),
        anonymous_vague_share=(
            round((by_type["anonymous"] + by_type["vague"]) / sourced, 4) if sourced else None
        ),
        top_sources=tuple(SourceCount(n, kinds[n], counts[n]) for n in ranked),
        n_unattributed=len(unattributed),
    )


def _rate(count: int, words: int) -> float:
    return round(100.0 * count / words, 4) if words else 0.0


def lean_score(n_left: int, n_right: int) -> float:
    """(right - left) / (right + left + 2): the difference of the add-one smoothed shares of
    right- and left-coded terms; -1 to 1, 0 when balanced or with no directional term (see
    :class:`~framing.records.Summary`)."""
    return round((n_right - n_left) / (n_right + n_left + 2), 4)


def summarize(
    sentences: Sequence[Sentence],
    terms: Sequence[TermMatch],
    quotes: Sequence[Quote],
    n_words: int,
    n_words_quoted: int,
    top_n: int = TOP_TERMS,
    attributions: Sequence[Attribution] | None = None,
    unattributed: Sequence[UnattributedClaim] = (),
) -> Summary:
    """Article summary from its records.

    ``n_words`` counts every word of the article, ``n_words_quoted`` those inside direct
    quotations (their difference is the author's own text). ``attributions=None`` means
    attribution did not run (``summary.attribution`` is then ``None``).
    """
    author = [t for t in terms if t.voice == "author"]
    quoted = [t for t in terms if t.voice == "quoted"]
    n_words_author = n_words - n_words_quoted
    loaded_sentences = {t.sentence_index for t in author}

    cat_counts: dict[str, list[int]] = {}
    for t in terms:
        counts = cat_counts.setdefault(t.category, [0, 0])
        counts[0 if t.voice == "author" else 1] += 1
    by_category = tuple(
        CategoryCount(cat, a, q)
        for cat, (a, q) in sorted(cat_counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    )

    first_seen: dict[tuple[str, str], int] = {}
    per_term: Counter[tuple[str, str, str]] = Counter()
    for i, t in enumerate(terms):
        first_seen.setdefault((t.term, t.category), i)
        per_term[(t.term, t.category, t.voice)] += 1
    ranked = sorted(
        first_seen,
        key=lambda k: (
            -(per_term[(k[0], k[1], "author")] + per_term[(k[0], k[1], "quoted")]),
            first_seen[k],
        ),
    )
    top_terms = tuple(
        TopTerm(term, cat, per_term[(term, cat, "author")], per_term[(term, cat, "quoted")])
        for term, cat in ranked[:top_n]
    )
    scored = [s.p_biased for s in sentences if s.p_biased is not None]
    loadings = [t.loading for t in terms if t.loading is not None]
    author_positive = sum(t.loading for t in author if t.loading is not None and t.loading > 0)
    has_model = bool(scored)
    # a term the writer mentions ("the so-called death tax") is not the writer's lean
    n_left = sum(t.direction == "left" and not t.mention for t in author)
    n_right = sum(t.direction == "right" and not t.mention for t in author)
    n_model = sum(t.origin == "model" for t in author)
    return Summary(
        mean_p_biased=round(sum(scored) / len(scored), 4) if has_model else None,
        loading_per_100_words=(
            round(100.0 * author_positive / n_words_author, 4) if n_words_author else 0.0
        ) if has_model else None,
        positive_loading_share=(
            round(sum(x > 0 for x in loadings) / len(loadings), 4) if loadings else None
        ),
        n_terms=len(terms),
        n_author_terms=len(author),
        n_quoted_terms=len(quoted),
        n_words_author=n_words_author,
        n_words_quoted=n_words_quoted,
        n_quotes=len(quotes),
        author_terms_per_100_words=_rate(len(author), n_words_author),
        quoted_terms_per_100_words=_rate(len(quoted), n_words_quoted) if n_words_quoted else None,
        loaded_sentence_share=(
            round(len(loaded_sentences) / len(sentences), 4) if sentences else 0.0
        ),
        by_category=by_category,
        top_terms=top_terms,
        attribution=(
            summarize_attribution(sentences, attributions, unattributed)
            if attributions is not None else None
        ),
        n_left_coded=n_left,
        n_right_coded=n_right,
        left_coded_per_100_words=_rate(n_left, n_words_author),
        right_coded_per_100_words=_rate(n_right, n_words_author),
        lean=lean_score(n_left, n_right),
        n_model_terms=n_model,
        lexicon_terms_per_100_words=_rate(len(author) - n_model, n_words_author),
        model_terms_per_100_words=_rate(n_model, n_words_author),
    )


def build_report(
    *,
    article_id: str,
    text: str,
    outlet: str | None,
    n_words: int,
    n_words_quoted: int,
    sentences: Sequence[Sentence],
    terms: Sequence[TermMatch],
    quotes: Sequence[Quote],
    provenance: Mapping[str, Any],
    attributions: Sequence[Attribution] | None = None,
    unattributed: Sequence[UnattributedClaim] = (),
    actors: Sequence[Actor] = (),
    metadata: Mapping[str, Any] | None = None,
) -> ArticleReport:
    """Assemble the report and its summary."""
    return ArticleReport(
        id=article_id,
        text=text,
        outlet=outlet,
        n_words=n_words,
        sentences=tuple(sentences),
        terms=tuple(terms),
        quotes=tuple(quotes),
        summary=summarize(sentences, terms, quotes, n_words, n_words_quoted,
                          attributions=attributions, unattributed=unattributed),
        provenance=dict(provenance),
        attributions=tuple(attributions or ()),
        unattributed=tuple(unattributed),
        actors=tuple(actors),
        metadata=dict(metadata or {}),
    )


def report_of(ctx: ArticleContext, provenance: Mapping[str, Any]) -> ArticleReport:
    """The report of an analyzed article context."""
    assert ctx.article.id is not None
    return build_report(
        article_id=ctx.article.id,
        text=ctx.article.text,
        outlet=ctx.article.outlet,
        n_words=ctx.n_words,
        n_words_quoted=ctx.n_words_quoted,
        sentences=ctx.sentences,
        terms=ctx.terms,
        quotes=ctx.quotes,
        provenance=provenance,
        attributions=ctx.attributions,
        unattributed=ctx.unattributed,
        actors=ctx.actors,
        metadata=ctx.article.meta,
    )
