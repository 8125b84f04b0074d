"""Source attribution: who is cited, with which cue, and the claims with no source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from framing.records.base import Record

SourceType = Literal["person", "organization", "anonymous", "vague", "document"]
CueClass = Literal["neutral", "factive", "hedging", "emphatic", "other"]
AttributionKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Source(Record):
    """Who is cited: the span as written, its type, and the name it resolves to.

    ``type`` is ``person``, ``organization`` (governments, agencies, companies, parties,
    countries), ``anonymous`` (identity withheld: "a senior official", "people familiar with
    the talks"), ``vague`` (no one checkable: "reports", "critics", "some") or ``document``
    (a text with a named owner: "a statement from the ministry"). ``resolved`` is the full
    name a pronoun, role ("the minister") or short name ("El Aissami") stands for, taken from
    an earlier mention in the article; the name itself for named sources; ``None`` when
    there is no name to give.
    """

    text: str
    start_char: int
    end_char: int
    type: SourceType
    resolved: str | None = None


@dataclass(frozen=True)
class Cue(Record):
    """The words that mark an attribution: a reporting verb with its auxiliaries and
    medium ("has said", "wrote on Twitter"), or "according to".

    ``lemma`` is the verb's lemma (``"according to"`` for that phrase); ``cue_class`` is
    ``neutral``, ``factive`` (presents the content as true), ``hedging`` (distances the
    writer from it), ``emphatic`` (force or reluctance) or ``other`` (a verb the cue table
    does not list), from ``seeds/cue_verbs.tsv``.
    """

    __json__ = ("text", "start_char", "end_char", "lemma", ("class", "cue_class"))

    text: str
    start_char: int
    end_char: int
    lemma: str
    cue_class: CueClass


@dataclass(frozen=True)
class Attribution(Record):
    """One attribution: ``source`` said (``cue``) the ``content``.

    The content is one or more character ranges (``content_parts``): a quotation split by
    its cue ("“A,” she said, “B.”") or continued in the next sentence has several;
    ``content_start``/``content_end`` span them all. ``kind`` is ``direct`` (the content is
    quoted), ``indirect`` (a reported clause) or ``mixed`` (a reported clause with a quoted
    fragment). ``source`` is ``None`` when the cue has no source the parse can find.
    """

    __json__ = ("source", "cue", "content", "kind", "sentence_index")

    source: Source | None
    cue: Cue
    content_parts: tuple[tuple[int, int], ...]
    kind: AttributionKind
    sentence_index: int

    @property
    def content_start(self) -> int:
        return self.content_parts[0][0]

    @property
    def content_end(self) -> int:
        return self.content_parts[-1][1]

    @property
    def content(self) -> dict[str, Any]:
        """The content's extent and its parts, as the report's JSON writes them."""
        return {"start_char": self.content_start, "end_char": self.content_end,
                "parts": [list(p) for p in self.content_parts]}

    @property
    def source_name(self) -> str | None:
        """The name a source is counted under: its resolved name, else its text as written."""
        if self.source is None:
            return None
        return self.source.resolved or " ".join(self.source.text.split())


@dataclass(frozen=True)
class UnattributedClaim(Record):
    """A claim the writer asserts through a hedge with no source: an agentless passive ("is
    believed to"), a participle ("long believed to"), an impersonal "it is thought that" or
    an adverb ("reportedly"). ``start_char``/``end_char`` span the claim's clause; ``cue``
    is the hedge as written.
    """

    __json__ = ("start_char", "end_char", "text", ("cue", "cue_span"), "sentence_index")

    start_char: int
    end_char: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    sentence_index: int

    @property
    def cue_span(self) -> dict[str, Any]:
        """The hedge as written, with its offsets."""
        return {"text": self.cue, "start_char": self.cue_start, "end_char": self.cue_end}
