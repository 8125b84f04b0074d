"""The attribution stage: the attributor run over each article context of a batch."""

from __future__ import annotations

from collections.abc import Sequence

from framing.stages.attribution.attributor import Attributor, speakers_of
from framing.stages.context import ArticleContext


class SourceAttribution:
    """Stage attribute: who is cited with which cue, the claims with no source, and each
    quoted-voice term's speaker."""

    def __init__(self, attributor: Attributor) -> None:
        self.attributor = attributor

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        for ctx in batch:
            ctx.attributions, ctx.unattributed = self.attributor(
                ctx.doc, ctx.sentences, ctx.quotes, ctx.entities
            )
            ctx.terms = speakers_of(ctx.terms, ctx.attributions)
