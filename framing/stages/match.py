"""Stage 2, match: find lexicon terms (with :mod:`framing.stages.matcher`), impersonal frames,
scare quotes and quoted characterisations, and give each a voice.

Overlaps are resolved by "longest match wins" (in characters; ties go to the earlier
match), so the result never has two terms sharing a character, and always
``text[start_char:end_char] == surface``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from framing.categories import QUOTED_CHARACTERISATION
from framing.lexicon import NAME_SLOT
from framing.nlp.segment import doc_text
from framing.records import Quote, Sentence, TermMatch
from framing.stages.attribution.rules import Rules
from framing.stages.context import ArticleContext
from framing.stages.frames import FRAME_CATEGORY, FRAME_NOTE, Frame, frame_spans
from framing.stages.inflect import inflect_paraphrase
from framing.stages.matcher import Candidate, TermMatcher, object_gap
from framing.stages.quoted import QUOTED_NOTE, characterisations
from framing.stages.voice import SCARE_QUOTE_CATEGORY, QuoteSpan, is_mention, voice_of

__all__ = ["TermMatcher", "TermMatching", "match_terms", "resolve_overlaps"]


def _starts_sentence(doc: Doc, i: int) -> bool:
    """Whether only punctuation or space precedes token ``i`` in its sentence.

    Walks back token by token (``Span.sent`` would rebuild every sentence of the doc).
    """
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
        if not (doc[i].is_punct or doc[i].is_space):
            return False
    return True


def _fit_case(neutral: str, surface: str, starts_sentence: bool) -> str:
    """Capitalise the paraphrase where it replaces a capitalised sentence-initial term."""
    if starts_sentence and neutral and surface[:1].isupper() and neutral[:1].islower():
        return neutral[0].upper() + neutral[1:]
    return neutral


def resolve_overlaps(spans: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes of the spans kept by "longest wins, then earliest", in text order."""
    order = sorted(range(len(spans)), key=lambda k: (-(spans[k][1] - spans[k][0]), spans[k][0]))
    kept: list[int] = []
    taken: list[tuple[int, int]] = []
    for k in order:
        s, e = spans[k]
        if all(e <= ts or s >= te for ts, te in taken):
            kept.append(k)
            taken.append((s, e))
    return sorted(kept, key=lambda k: spans[k][0])


def _sentence_index(sentences: Sequence[Sentence], starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1) if sentences else 0


_SCARE_QUOTE_NOTE = (
    "Short phrase in quote marks with no speaker: the writer distances themselves from the "
    "wording."
)


def _scare_quote_fields(surface: str) -> dict[str, Any]:
    """A scare-quoted phrase: its neutral form is the phrase without the quote marks."""
    inner = surface[1:-1]
    return {
        "term": inner.strip().rstrip(",.;:!?").lower(),
        "category": SCARE_QUOTE_CATEGORY,
        "neutral": inner,
        "voice": "author",
        "origin": "rule",
        "note": _SCARE_QUOTE_NOTE,
    }


def _lexicon_fields(
    doc: Doc, cand: Candidate, surface: str, quotes: Sequence[Quote]
) -> dict[str, Any]:
    """A lexicon match: paraphrases filled, inflected and capitalised to fit the text."""
    entry = cand.entry
    span = doc[cand.start : cand.end]
    starts_sentence = _starts_sentence(doc, cand.start)
    # a verb + particle split by its object ("watered the bill down"): the paraphrase
    # replaces the verb and particle and keeps the object ("weakened the bill")
    split = object_gap(cand)
    gap = doc[split[0] : split[1]].text if split else ""
    paraphrases = [
        _fit_case(
            (inflect_paraphrase(p, span).replace(NAME_SLOT, cand.slot_text)
             + (f" {gap}" if gap and p.strip() else "")),
            surface,
            starts_sentence,
        )
        for p in entry.neutral
    ]
    return {
        "term": entry.term,
        "category": entry.category,
        "neutral": paraphrases[0],
        "alternatives": tuple(paraphrases[1:]),
        "voice": voice_of(cand.start_char, cand.end_char, quotes),
        "mention": is_mention(doc, cand.start, cand.end),
        "origin": "lexicon",
        "direction": entry.direction,
        "note": entry.note,
    }


@dataclass(frozen=True)
class _Characterisation:
    """An item of :func:`match_terms`: a quoted characterisation (:mod:`.quoted`)."""


def match_terms(
    doc: Doc,
    sentences: Sequence[Sentence],
    matcher: TermMatcher,
    quotes: Sequence[Quote],
    scare_quotes: Sequence[QuoteSpan] = (),
    neutral_senses: list[tuple[int, int]] | None = None,
    frame_rules: Rules | None = None,
    literal_senses: list[tuple[int, int]] | None = None,
) -> tuple[TermMatch, ...]:
    """Loaded terms of an article: lexicon matches plus scare-quoted phrases and (with
    ``frame_rules``) impersonal attribution frames, with voice.

    Scare-quoted phrases are author-voice terms of category ``scare_quote`` (origin
    ``rule``); their neutral paraphrase is the phrase without the quote marks. Frames
    (:mod:`framing.stages.frames`) are ``epistemic`` terms of origin ``rule`` whose neutral
    form drops them.
    """
    text = doc_text(doc)
    starts = [s.start_char for s in sentences]
    items: list[tuple[int, int, Candidate | QuoteSpan | Frame | _Characterisation]] = [
        (c.start_char, c.end_char, c)
        for c in matcher.candidates(doc, neutral_senses, literal_senses)
    ]
    items += [(q.start_char, q.end_char, q) for q in scare_quotes]
    if frame_rules is not None:
        items += list(frame_spans(doc, frame_rules))
    # a quoted characterisation only where no lexicon term, scare quote or frame lies in it
    items += [(s, e, _Characterisation()) for s, e in characterisations(doc, quotes)
              if all(e <= s2 or s >= e2 for s2, e2, _ in items)]
    kept = resolve_overlaps([(s, e) for s, e, _ in items])
    out: list[TermMatch] = []
    for k in kept:
        start, end, item = items[k]
        surface = text[start:end]
        if isinstance(item, QuoteSpan):
            fields = _scare_quote_fields(surface)
        elif isinstance(item, _Characterisation):
            fields = {"term": surface.lower(), "category": QUOTED_CHARACTERISATION,
                      "neutral": "", "voice": "quoted", "origin": "rule", "note": QUOTED_NOTE}
        elif isinstance(item, Frame):
            fields = {"term": item.key, "category": FRAME_CATEGORY, "neutral": "",
                      "voice": voice_of(start, end, quotes), "origin": "rule",
                      "note": FRAME_NOTE}
        else:
            fields = _lexicon_fields(doc, item, surface, quotes)
        out.append(
            TermMatch(
                surface=surface,
                start_char=start,
                end_char=end,
                sentence_index=_sentence_index(sentences, starts, start),
                **fields,
            )
        )
    return tuple(out)


class TermMatching:
    """Stage match: lexicon terms and scare-quoted phrases of each article, with voice."""

    def __init__(self, matcher: TermMatcher, frame_rules: Rules | None = None) -> None:
        self.matcher = matcher
        self.frame_rules = frame_rules

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        for ctx in batch:
            neutral: list[tuple[int, int]] = []
            literal: list[tuple[int, int]] = []
            ctx.terms = match_terms(ctx.doc, ctx.sentences, self.matcher, ctx.quotes,
                                    ctx.scare_quotes, neutral, self.frame_rules, literal)
            ctx.neutral_senses = tuple(neutral)
            ctx.literal_senses = tuple(literal)
