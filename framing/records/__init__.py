"""Frozen typed records that cross stage boundaries.

Every span carries ``start_char`` / ``end_char`` into the original article text, so
``article.text[start_char:end_char] == surface`` always holds.

Records import nothing of the package but :mod:`framing.errors`; this ``__init__`` gathers
their public names (the modules import each other, never this file).
"""

from framing.records.actors import Actor, ActorLabel, ActorType, Mention, Relation
from framing.records.article import Article, Origin, Quote, Sentence, Voice, default_article_id
from framing.records.base import JsonEntry, Record, as_dict, json_entries
from framing.records.report import (
    SCHEMA,
    ArticleReport,
    AttributionSummary,
    CategoryCount,
    SourceCount,
    Summary,
    TopTerm,
    register_renderer,
)
from framing.records.sources import (
    Attribution,
    AttributionKind,
    Cue,
    CueClass,
    Source,
    SourceType,
    UnattributedClaim,
)
from framing.records.terms import Counterfactual, TermMatch, TermSpan

__all__ = [
    "SCHEMA", "Actor", "ActorLabel", "ActorType", "Article", "ArticleReport", "Attribution",
    "AttributionKind", "AttributionSummary", "CategoryCount", "Counterfactual", "Cue",
    "CueClass", "JsonEntry", "Mention", "Origin", "Quote", "Record", "Relation", "Sentence",
    "Source", "SourceCount", "SourceType", "Summary", "TermMatch", "TermSpan", "TopTerm",
    "UnattributedClaim", "Voice", "as_dict", "default_article_id", "json_entries",
    "register_renderer",
]
