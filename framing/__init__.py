"""framing: a media bias and framing analyzer.

>>> import framing
>>> report = framing.analyze("The socialist regime raised taxes.")
>>> [t.surface for t in report.terms]
['socialist regime']
"""

from __future__ import annotations

from framing.version import __version__

# the renderers behind ArticleReport.to_text(), to_markdown() and to_html() plug in here
import framing.render.html  # noqa: E402, F401  isort: skip
import framing.render.notebook  # noqa: E402, F401  isort: skip
import framing.render.text  # noqa: E402, F401  isort: skip
from framing.classifier.model import BiasClassifier  # noqa: E402
from framing.corpus.score import score_corpus, score_dataset  # noqa: E402
from framing.errors import (  # noqa: E402
    ConfigError,
    FramingError,
    InputError,
    InputNotFoundError,
    LexiconError,
    LexiconNotFoundError,
    SpacyModelMissingError,
)
from framing.inputs import read_article  # noqa: E402
from framing.lexicon import Lexicon, LexiconEntry, load_lexicon  # noqa: E402
from framing.pipeline import Analyzer, analyze  # noqa: E402
from framing.records import (  # noqa: E402
    Actor,
    ActorLabel,
    Article,
    ArticleReport,
    Attribution,
    Counterfactual,
    Cue,
    Mention,
    Quote,
    Sentence,
    Source,
    Summary,
    TermMatch,
    UnattributedClaim,
)
from framing.render.tables import actors_frame, findings_frame, to_dataframe  # noqa: E402

__all__ = [
    "Actor",
    "ActorLabel",
    "Analyzer",
    "Article",
    "ArticleReport",
    "Attribution",
    "BiasClassifier",
    "ConfigError",
    "Counterfactual",
    "Cue",
    "FramingError",
    "InputError",
    "InputNotFoundError",
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "LexiconNotFoundError",
    "Mention",
    "Quote",
    "Sentence",
    "Source",
    "SpacyModelMissingError",
    "Summary",
    "TermMatch",
    "UnattributedClaim",
    "__version__",
    "actors_frame",
    "analyze",
    "findings_frame",
    "load_lexicon",
    "read_article",
    "score_corpus",
    "score_dataset",
    "to_dataframe",
]
