"""The article report, its summary numbers and the renderers that plug into it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from framing.errors import ConfigError
from framing.records.actors import Actor
from framing.records.article import Quote, Sentence
from framing.records.base import Record
from framing.records.sources import Attribution, SourceType, UnattributedClaim
from framing.records.terms import TermMatch

SCHEMA = "framing.report/v2"

#: Renderers of an :class:`ArticleReport` by format name, registered by ``framing.render``
#: (records import nothing of the package, so the renderers plug themselves in).
_RENDERERS: dict[str, Callable[[ArticleReport], str]] = {}


def register_renderer(name: str, render: Callable[[ArticleReport], str]) -> None:
    """Make ``render`` the renderer of format ``name`` (``"text"``, ``"markdown"``,
    ``"html"``) behind :meth:`ArticleReport.render`."""
    _RENDERERS[name] = render

@dataclass(frozen=True)
class CategoryCount(Record):
    """Terms of one category, split by voice."""

    __json__ = ("n_author", "n_quoted")

    category: str
    n_author: int
    n_quoted: int


@dataclass(frozen=True)
class TopTerm(Record):
    """One lexicon term (or scare-quoted phrase) and how often it occurs."""

    __json__ = ("term", "category", "count", "n_author", "n_quoted")

    term: str
    category: str
    n_author: int
    n_quoted: int

    @property
    def count(self) -> int:
        return self.n_author + self.n_quoted


@dataclass(frozen=True)
class SourceCount(Record):
    """One source (by resolved name, else as written) and how often it is cited."""

    name: str  #: the resolved name, else the source as written
    type: SourceType
    count: int  #: attributions to this source in the article


@dataclass(frozen=True)
class AttributionSummary(Record):
    """How the article is sourced, rebuilt from ``attributions`` and ``unattributed``.

    - ``by_source_type``: attributions per source type, plus ``none`` for a cue with no
      source found; every type is listed, zeros included.
    - ``by_cue_class``: attributions per cue class (``neutral``, ``factive``, ``hedging``,
      ``emphatic``, ``other``), zeros included.
    - ``by_kind``: attributions per kind (``direct``, ``indirect``, ``mixed``).
    - ``attributed_sentence_share``: sentences holding at least one cue / all sentences;
      0-1, higher = more of the article is explicitly sourced.
    - ``anonymous_vague_share``: anonymous + vague sources / attributions with a source;
      0-1, higher = more of the sourcing cannot be checked. ``None`` with no sourced
      attribution.
    - ``top_sources``: the most cited sources, most cited first (ties by first citation).
    - ``n_unattributed``: claims asserted through a sourceless hedge ("is believed to").
    """

    n_attributions: int
    by_source_type: Mapping[str, int]
    by_cue_class: Mapping[str, int]
    by_kind: Mapping[str, int]
    attributed_sentence_share: float
    anonymous_vague_share: float | None
    top_sources: tuple[SourceCount, ...]
    n_unattributed: int


@dataclass(frozen=True)
class Summary(Record):
    """Article-level numbers, each rebuilt from the evidence in the report.

    - ``author_terms_per_100_words``: author-voice terms per 100 words of text outside direct
      quotations; 0 or more, higher = more loaded wording by the writer.
    - ``quoted_terms_per_100_words``: quoted-voice terms per 100 words inside direct
      quotations; ``None`` when the article quotes nobody.
    - ``loaded_sentence_share``: sentences with at least one author-voice term / all
      sentences; 0-1.
    - ``by_category``: term counts per category, split by voice (categories with no term are
      left out).
    - ``top_terms``: the most frequent terms, most frequent first (ties by first appearance).
    - ``mean_p_biased``: mean classifier P(biased) over the sentences; 0-1.
    - ``loading_per_100_words``: sum of the positive loadings (log-odds, see
      :class:`TermMatch`) of author-voice terms per 100 author-voice words; 0 or more,
      higher = the writer's wording moves the classifier more.
    - ``positive_loading_share``: share of the terms with a loading whose loading is > 0.
    - ``n_left_coded`` / ``n_right_coded``: author-voice terms whose ``direction`` is
      ``left`` / ``right`` (the side of US/UK politics whose framing the term typically
      carries; lexicon entries are coded by the team, model-found terms take the direction of
      their nearest lexicon entry, or ``none``), except those the writer mentions rather
      than uses (``TermMatch.mention``: "the so-called death tax", "what he calls the
      radical left", "portrayed him as a plutocrat"); ``left_coded_per_100_words`` and
      ``right_coded_per_100_words`` are the same per 100 author-voice words.
    - ``lean``: (n_right_coded - n_left_coded) / (n_right_coded + n_left_coded + 2), the
      difference of the add-one smoothed shares of right- and left-coded terms among the
      directional author-voice terms; -1 to 1, negative = the writer's wording leans to the
      left's framing, positive = to the right's, 0 = balanced or no directional term (one
      right-coded term alone gives 0.33, three give 0.6).
    - ``n_model_terms``: author-voice terms found by the model (``origin`` ``model``);
      ``lexicon_terms_per_100_words`` and ``model_terms_per_100_words`` split
      ``author_terms_per_100_words`` into the terms of the lexicon and rules and those found
      by the model (they add up to it, up to rounding).

    The last three are ``None`` when no classifier ran (and the share also when no term has a
    loading). ``attribution`` summarises the sourcing (``None`` when attribution was off).
    """

    __json__ = ("n_terms", "n_author_terms", "n_quoted_terms", "n_words_author",
                "n_words_quoted", "n_quotes", "author_terms_per_100_words",
                "quoted_terms_per_100_words", "loaded_sentence_share", "mean_p_biased",
                "loading_per_100_words", "positive_loading_share", "n_left_coded",
                "n_right_coded", "left_coded_per_100_words", "right_coded_per_100_words", "lean",
                "n_model_terms", "lexicon_terms_per_100_words", "model_terms_per_100_words",
                ("by_category", "by_category", "category"), "top_terms", "attribution")

    n_terms: int
    n_author_terms: int
    n_quoted_terms: int
    n_words_author: int
    n_words_quoted: int
    n_quotes: int
    author_terms_per_100_words: float
    quoted_terms_per_100_words: float | None
    loaded_sentence_share: float
    by_category: tuple[CategoryCount, ...]
    top_terms: tuple[TopTerm, ...]
    mean_p_biased: float | None = None
    loading_per_100_words: float | None = None
    positive_loading_share: float | None = None
    attribution: AttributionSummary | None = None
    n_left_coded: int = 0
    n_right_coded: int = 0
    left_coded_per_100_words: float = 0.0
    right_coded_per_100_words: float = 0.0
    lean: float = 0.0
    n_model_terms: int = 0
    lexicon_terms_per_100_words: float = 0.0
    model_terms_per_100_words: float = 0.0


@dataclass(frozen=True)
class ArticleReport(Record):
    """Everything framing found in one article, with the evidence for every number.

    ``to_dict()`` returns the ``framing.report/v2`` JSON shape; ``to_text()`` and
    ``to_markdown()`` render it for people.
    """

    __json__ = ("schema", "id", "outlet", "metadata", "n_words", "n_sentences", "provenance",
                "sentences",
                "terms", "quotes", "attributions", "unattributed", "actors", "summary")

    id: str
    text: str
    n_words: int
    sentences: tuple[Sentence, ...]
    terms: tuple[TermMatch, ...]
    quotes: tuple[Quote, ...]
    summary: Summary
    provenance: Mapping[str, Any]
    outlet: str | None = None
    attributions: tuple[Attribution, ...] = ()
    unattributed: tuple[UnattributedClaim, ...] = ()
    actors: tuple[Actor, ...] = ()
    #: the article's title, date, url and other metadata fields (:attr:`Article.meta`);
    #: the JSON key is left out when there are none
    metadata: Mapping[str, Any] = field(default_factory=dict)
    schema: str = field(default=SCHEMA)

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if not self.metadata:
            del out["metadata"]
        return out

    def __repr__(self) -> str:
        s = self.summary
        where = f", outlet={self.outlet!r}" if self.outlet else ""
        lean = f", lean {s.lean:+.2f}"
        return (f"<ArticleReport id={self.id!r}{where}: {self.n_words} words, "
                f"{self.n_sentences} sentences, {s.n_author_terms} author terms "
                f"({s.author_terms_per_100_words:.2f}/100 words; {s.n_left_coded} left-coded, "
                f"{s.n_right_coded} right-coded{lean}), {s.n_quoted_terms} quoted, "
                f"{len(self.attributions)} attributions>")

    def _repr_html_(self) -> str:
        """A notebook's view: the summary and the strongest terms (the ``card`` renderer of
        :mod:`framing.render.notebook`); ``to_html()`` gives the whole annotated page."""
        return self.render("card")

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def render(self, fmt: str) -> str:
        """The report rendered as ``fmt``: ``"text"``, ``"markdown"`` or ``"html"``."""
        try:
            render = _RENDERERS[fmt]
        except KeyError:
            raise ConfigError(
                f"The 'fmt' parameter of ArticleReport.render must be one of "
                f"{sorted(_RENDERERS)}; got {fmt!r} instead."
            ) from None
        return render(self)

    def to_text(self) -> str:
        """The report as plain text (:mod:`framing.render.text`)."""
        return self.render("text")

    def to_markdown(self) -> str:
        """The report as Markdown (:mod:`framing.render.text`)."""
        return self.render("markdown")

    def to_html(self) -> str:
        """The annotated article as one self-contained HTML page (:mod:`framing.render.html`)."""
        return self.render("html")
