"""Actors: who the article names, where, and the loaded terms attached to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from framing.records.article import Origin, Voice
from framing.records.base import Record
from framing.records.terms import TermSpan

ActorType = Literal["person", "organization", "government", "country", "place", "group"]
Relation = Literal["head", "modifier", "apposition", "predicate", "agent", "patient"]


@dataclass(frozen=True)
class Mention(Record):
    """One place in the article where an actor is named or referred to."""

    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class ActorLabel(TermSpan):
    """A loaded term attached to an actor through the parse.

    ``relation`` says how: ``head`` (the term is the head of the actor's mention: "the
    socialist regime"), ``modifier`` ("cash-starved PDVSA"), ``apposition`` ("Hezbollah, a
    terrorist organization"), ``predicate`` ("X is a ...", "accused X of being a ..."),
    ``agent`` or ``patient`` (the actor does, or undergoes, a loaded verb: "police crushed
    the protest"). ``polarity`` is how the label casts the actor: -1 negatively, +1
    favourably, 0 neither (from the term's category, ``seeds/actors.json``). The other
    fields are the term's (:class:`TermMatch`), including its ``loading`` (``None`` without
    a classifier), ``voice`` and, for a quoted term, the ``speaker``.
    """

    voice: Voice
    origin: Origin
    relation: Relation
    polarity: int
    loading: float | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Actor(Record):
    """A person, organisation, government, country, place (a city, a region) or group the
    article refers to, with every mention of it and every loaded term attached to it.

    ``name`` is the fullest name the article gives (titles dropped: "Tareck El Aissami" for
    "El Aissami"; a government named by its country or leader: "Venezuelan government",
    "Nicolás Maduro's government"; a group by its noun: "protesters"). ``n_cited`` counts
    the attributions whose source is this actor (0 when attribution was off).
    """

    __json__ = ("name", "type", "n_mentions", "n_labels", "n_cited", "loading_sum",
                "polarity_sum", "mentions", "labels")

    name: str
    type: ActorType
    mentions: tuple[Mention, ...]
    labels: tuple[ActorLabel, ...] = ()
    n_cited: int = 0

    @property
    def n_mentions(self) -> int:
        return len(self.mentions)

    @property
    def n_labels(self) -> int:
        return len(self.labels)

    @property
    def loading_sum(self) -> float | None:
        """Sum of the labels' loadings; ``None`` when no label has one (no classifier, or
        no label). Higher = the wording attached to this actor moves the classifier more."""
        values = [lb.loading for lb in self.labels if lb.loading is not None]
        return round(sum(values), 4) if values else None

    @property
    def polarity_sum(self) -> int:
        """Sum of the labels' polarities: below 0 = cast negatively on balance."""
        return sum(lb.polarity for lb in self.labels)
