"""The actor stage: the actor finder run over each article context of a batch."""

from __future__ import annotations

from collections.abc import Sequence

from framing.stages.actors.finder import ActorFinder
from framing.stages.context import ArticleContext


class ActorGrouping:
    """Stage actors: every actor's mentions grouped, and the terms attached to each."""

    def __init__(self, finder: ActorFinder) -> None:
        self.finder = finder

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        for ctx in batch:
            ctx.actors = self.finder(ctx.doc, ctx.terms, ctx.attributions or (), ctx.entities)
