"""Quotations no cue claimed in their own sentence: the previous speaker goes on talking, or
the speaker is named in the next sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span

from framing.records import Quote, Sentence
from framing.stages.attribution.found import _Found
from framing.stages.attribution.rules import _SAYING_NOUNS
from framing.stages.attribution.spans import _trim


def _orphan(
    doc: Doc,
    q: Quote,
    found: list[_Found],
    sentences: Sequence[Sentence],
    sentence_of: Any,
) -> None:
    """A quotation with no cue in its sentence: the previous quotation's speaker goes on
    talking, or the speaker comes in the next sentence."""
    k = sentence_of(q.start_char)
    end_k = sentence_of(max(q.start_char, q.end_char - 1))
    # a cue in the next sentence with no content of its own
    if end_k + 1 < len(sentences):
        nxt = sentences[end_k + 1]
        for f in found:
            if f.sentence_index == end_k + 1 and f.source_range is not None and not f.parts:
                f.parts = [(q.start_char, q.end_char)]
                f.kind = "direct"
                return
        span = doc.char_span(nxt.start_char, nxt.end_char, alignment_mode="expand")
        if span is not None:
            item = _speaker_after(doc, span, q, sentence_of)
            if item is not None:
                found.append(item)
                return
    # continuation: the last direct attribution ended in this or the previous sentence
    previous = [f for f in found if f.parts and f.parts[-1][1] <= q.start_char]
    if previous:
        last = max(previous, key=lambda f: f.parts[-1][1])
        if last.kind == "indirect":
            # "“...,” said Murkowski, referring to the vote. “...”": a participle's report
            # in the quotation's own sentence does not end the quotation
            quoted = [
                f for f in previous
                if f.kind in ("direct", "mixed") and f.sentence_index == last.sentence_index
            ]
            if quoted:
                last = max(quoted, key=lambda f: f.parts[-1][1])
        gap = k - sentence_of(last.parts[-1][1] - 1)
        if last.kind in ("direct", "mixed") and gap <= 1:
            last.parts.append((q.start_char, q.end_char))


def _speaker_after(doc: Doc, span: Span, q: Quote, sentence_of: Any) -> _Found | None:
    """ "That was the message from coach Ana Ruiz": a short next sentence that names the
    speaker with "from" or a cue verb and reports nothing else."""
    if len(span) > 24:
        return None
    for tok in span:
        if tok.lower_ == "from" and tok.head.lemma_.lower() in _SAYING_NOUNS:
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs:
                src = _trim(doc, objs[0].left_edge.i, objs[0].right_edge.i + 1)
                head = tok.head
                return _Found(
                    (head.i, head.i + 1),
                    head.lemma_.lower(),
                    src,
                    [(q.start_char, q.end_char)],
                    "direct",
                    sentence_of(q.start_char),
                )
    return None
