"""The article context: everything known about one article while it is analyzed.

:class:`ArticleContext` is built once per article (the text, the parse, its sentences, its
direct quotations and the entity cache) and handed to every stage; each stage adds its
findings to it. A stage is any object with the call shape of :class:`Stage`: it takes the
contexts of a batch of articles (one batch, so that a model stage makes one batched call)
and fills in what it finds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Doc

from framing.nlp.segment import is_word, segment
from framing.records import (
    Actor,
    Article,
    Attribution,
    Quote,
    Sentence,
    TermMatch,
    UnattributedClaim,
)
from framing.stages.attribution.entities import EntityCache
from framing.stages.voice import QuoteSpan, split_quotes

if TYPE_CHECKING:
    from framing.classifier.model import Prediction


@dataclass
class ArticleContext:
    """One article under analysis.

    Built by :meth:`build`: ``article``, ``doc`` (the spaCy parse), ``sentences`` (with
    offsets), ``quotes`` (direct quotations) and ``scare_quotes`` (short quoted phrases with
    no speaker), and an empty ``entities`` cache that attribution and actors share, so no
    sentence meets the entity recogniser twice. The stages fill in the rest: ``terms``
    (match, model terms, counterfactual), ``neutral_senses`` (character spans of lexicon
    terms a context rule found used in a neutral sense, which the model may not flag
    either; ``literal_senses`` are those a ``not_near`` rule rejected, whose sentence the
    model does not search at all), ``prediction`` (the classifier's arrays for this
    article's sentences, in sentence order), ``attributions`` (``None`` until attribution
    runs; it stays ``None`` when attribution is off) and ``unattributed``, ``actors``.
    """

    article: Article
    doc: Doc
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    scare_quotes: tuple[QuoteSpan, ...]
    entities: EntityCache = field(default_factory=EntityCache)
    terms: tuple[TermMatch, ...] = ()
    neutral_senses: tuple[tuple[int, int], ...] = ()
    literal_senses: tuple[tuple[int, int], ...] = ()
    prediction: Prediction | None = None
    attributions: tuple[Attribution, ...] | None = None
    unattributed: tuple[UnattributedClaim, ...] = ()
    actors: tuple[Actor, ...] = ()

    @classmethod
    def build(cls, article: Article, doc: Doc) -> ArticleContext:
        """The context of a parsed article: its sentences and quotations."""
        quotes, scare_quotes = split_quotes(doc)
        return cls(article=article, doc=doc, sentences=segment(doc), quotes=tuple(quotes),
                   scare_quotes=tuple(scare_quotes))

    @property
    def n_words(self) -> int:
        """Words of the whole article (tokens with a letter or digit)."""
        return sum(1 for t in self.doc if is_word(t))

    @property
    def n_words_quoted(self) -> int:
        """Words inside direct quotations."""
        return sum(q.n_words for q in self.quotes)


class Stage(Protocol):
    """A step of the analysis: fills in its findings on each context of a batch."""

    def __call__(self, batch: Sequence[ArticleContext]) -> None: ...
