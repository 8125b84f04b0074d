"""The record of an attribution as the finder first sees it: token and character ranges,
before its source is typed."""

from __future__ import annotations

from dataclasses import dataclass

from framing.records import AttributionKind


@dataclass
class _Found:
    cue_range: tuple[int, int]
    lemma: str
    source_range: tuple[int, int] | None
    parts: list[tuple[int, int]]  # character ranges
    kind: AttributionKind
    sentence_index: int
