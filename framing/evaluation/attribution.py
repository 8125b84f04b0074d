"""Evaluation helpers for source attribution: span scores, speaker matching, a textacy
baseline, and the PolNeAR and BASIL evaluations (the gold readers are in
:mod:`framing.evaluation.attribution_data`).

:func:`score_spans` and :func:`score_attributions` compare predicted spans with gold spans
(exact and overlap matching, one-to-one); :func:`textacy_attributions` is the peer baseline,
textacy's rule-based direct-quotation extractor; :func:`evaluate_polnear` and
:func:`evaluate_basil` run framing's rules (and textacy's) on the gold sets.

A span is a tuple of *parts*, each part a ``(start, end)`` pair of character offsets into
the article text (``text[start:end]``); a discontinuous span has several parts, and ``()`` is
"no span".
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from framing.errors import ConfigError, InputError
from framing.evaluation.attribution_data import ROLES, AttributionDoc, Part, QuoteDoc, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from framing.stages.attribution import Attributor

log = logging.getLogger(__name__)

#: Matching modes of :func:`score_spans`.
MATCH_MODES: tuple[str, ...] = ("exact", "overlap")
#: Words :func:`speaker_matches` skips when it looks for a gold speaker's last name:
#: honorifics, US political and civic titles, and name suffixes (written by the team).
TITLE_WORDS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "rev",
        "president", "vice", "sen", "senator", "rep", "representative", "gov", "governor",
        "lt", "gen", "general", "secretary", "sec", "mayor", "judge", "justice", "chief",
        "speaker", "attorney", "former", "first", "lady", "leader", "minority", "majority",
        "jr", "sr", "ii", "iii", "iv",
    }
)


# -- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredAttribution:
    """One predicted attribution: the same three spans as :class:`GoldAttribution`."""

    source: Span = ()
    cue: Span = ()
    content: Span = ()


@dataclass(frozen=True)
class SpanScore:
    """Span-level precision, recall and F1 over a set of documents.

    - ``n_pred`` / ``n_gold``: distinct non-empty predicted / gold spans, summed over
      documents (after whitespace trimming, see :func:`score_spans`);
    - ``n_match``: predicted spans paired one-to-one with a gold span;
    - ``precision = n_match / n_pred`` and ``recall = n_match / n_gold``, each in [0, 1]
      (0.0 when the denominator is 0); ``f1`` is their harmonic mean, 0.0 when
      ``n_match == 0``. Higher is better for all three.
    """

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int
    n_match: int


class _HasSpans(Protocol):
    @property
    def source(self) -> Span: ...

    @property
    def cue(self) -> Span: ...

    @property
    def content(self) -> Span: ...


# -- speakers ------------------------------------------------------------------------------


_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_POSSESSIVE = re.compile(r"['’]s$")


def name_words(name: str) -> list[str]:
    """Lower-cased words of a name, underscores as spaces, possessive ``'s`` dropped."""
    words = _WORD.findall(name.replace("_", " ").lower())
    return [_POSSESSIVE.sub("", w).rstrip(".") for w in words]


def speaker_matches(predicted: str | None, gold: str) -> bool:
    """Whether a predicted speaker names the gold speaker (case-insensitive).

    Words are runs of letters and digits (inner ``'``, ``.`` and ``-`` allowed), with ``_``
    read as a space (BASIL writes ``Donald_Trump``) and a possessive ``'s`` dropped. Words in
    :data:`TITLE_WORDS` (``Mr.``, ``Sen.``, ``President``, ``Jr.``...) are ignored on both
    sides. True when either holds:

    1. the last remaining word of ``gold`` (its last name: ``trump`` for ``Donald Trump
       Jr.``) is one of the words of ``predicted`` (``"President Trump"``, ``"Trump's"``);
    2. ``predicted`` has at least one remaining word and all of them are words of ``gold``
       (``"Donald"`` for ``Donald Trump``).

    ``None``, an empty or title-only prediction, and a gold speaker with no word, never
    match. BASIL's placeholders (``other_anti``...) are not names; filter them out with
    :attr:`GoldQuote.is_named` before scoring speakers.
    """
    if not predicted:
        return False
    gold_words = [w for w in name_words(gold) if w not in TITLE_WORDS]
    pred_words = [w for w in name_words(predicted) if w not in TITLE_WORDS]
    if not gold_words or not pred_words:
        return False
    if gold_words[-1] in pred_words:
        return True
    return set(pred_words) <= set(gold_words)


# -- scoring -------------------------------------------------------------------------------


def _trim_part(part: Part, text: str) -> Part | None:
    start, end = part
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _normalise(spans: Iterable[Span], text: str, doc: int, side: str) -> list[Span]:
    """Distinct non-empty spans, each part whitespace-trimmed, parts sorted, in first-seen
    order."""
    seen: dict[Span, None] = {}
    for span in spans:
        parts = []
        for part in span:
            start, end = int(part[0]), int(part[1])
            if not 0 <= start <= end <= len(text):
                raise InputError(
                    f"{side} span part ({start}, {end}) of document {doc} is outside its text "
                    f"(length {len(text)}); pass offsets into texts[{doc}]."
                )
            trimmed = _trim_part((start, end), text)
            if trimmed is not None:
                parts.append(trimmed)
        if parts:
            seen.setdefault(tuple(sorted(parts)), None)
    return list(seen)


def _merge(span: Span) -> list[Part]:
    merged: list[list[int]] = []
    for start, end in sorted(span):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _overlap(a: Span, b: Span) -> int:
    """Characters covered by both spans."""
    return sum(
        max(0, min(ae, be) - max(a_s, bs)) for a_s, ae in _merge(a) for bs, be in _merge(b)
    )


def _match(pred: list[Span], gold: list[Span], mode: str) -> int:
    if mode == "exact":
        return len(set(pred) & set(gold))
    pairs = [
        (-_overlap(p, g), i, j)
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if _overlap(p, g) > 0
    ]
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for _, i, j in sorted(pairs):  # largest overlap first, ties by position in the lists
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
    return len(used_pred)


def score_spans(
    pred: Sequence[Sequence[Span]],
    gold: Sequence[Sequence[Span]],
    texts: Sequence[str],
    mode: str,
) -> SpanScore:
    """Span precision, recall and F1 of ``pred`` against ``gold``, micro-averaged over docs.

    ``pred[i]`` and ``gold[i]`` are the spans of document ``i`` (offsets into ``texts[i]``).
    Per document, each part is trimmed of whitespace at both ends; a span left with no part
    is ignored; identical spans count once (on both sides: a source that is the source of
    three events is one span to find). Spans are then paired one-to-one:

    - ``mode="exact"``: a predicted span matches a gold span with the same trimmed parts
      (compared as sorted tuples, so part order does not matter; adjacent parts are not
      merged, ``((0, 3), (3, 6)) != ((0, 6),)``);
    - ``mode="overlap"``: a predicted span can match a gold span it shares at least one
      character with; pairs are taken greedily, largest shared character count first.

    See :class:`SpanScore` for the definitions of the returned numbers.
    """
    if mode not in MATCH_MODES:
        raise ConfigError(
            f"The 'mode' parameter of score_spans must be one of {list(MATCH_MODES)}. "
            f"Got {mode!r} instead."
        )
    if not len(pred) == len(gold) == len(texts):
        raise ConfigError(
            "score_spans needs one list of spans per document on each side: got "
            f"{len(pred)} predicted, {len(gold)} gold and {len(texts)} texts."
        )
    n_pred = n_gold = n_match = 0
    for i, (p_spans, g_spans, text) in enumerate(zip(pred, gold, texts, strict=True)):
        p_norm = _normalise(p_spans, text, i, "predicted")
        g_norm = _normalise(g_spans, text, i, "gold")
        n_pred += len(p_norm)
        n_gold += len(g_norm)
        n_match += _match(p_norm, g_norm, mode)
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if n_match else 0.0
    return SpanScore(precision, recall, f1, n_pred, n_gold, n_match)


def score_attributions(
    pred_events: Sequence[Sequence[_HasSpans]],
    gold_events: Sequence[Sequence[_HasSpans]],
    texts: Sequence[str],
) -> dict[str, dict[str, SpanScore]]:
    """:func:`score_spans` for each role, each mode: ``{"source"|"cue"|"content":
    {"exact": SpanScore, "overlap": SpanScore}}``.

    ``pred_events[i]`` / ``gold_events[i]`` are the events of document ``i``: objects with
    ``.source``, ``.cue`` and ``.content`` spans (:class:`PredAttribution`,
    :class:`GoldAttribution`). Roles are scored separately, so a right cue with a wrong
    source counts as one hit and one miss.
    """
    out: dict[str, dict[str, SpanScore]] = {}
    for role in ROLES:
        pred = [[getattr(ev, role) for ev in doc] for doc in pred_events]
        gold = [[getattr(ev, role) for ev in doc] for doc in gold_events]
        out[role] = {mode: score_spans(pred, gold, texts, mode) for mode in MATCH_MODES}
    return out


# -- textacy baseline ----------------------------------------------------------------------


def tokens_to_parts(tokens: Iterable[Token]) -> Span:
    """Character parts of a token list: tokens with consecutive indexes form one part, from
    the first token's start to the last token's end (whitespace between them included)."""
    parts: list[list[int]] = []
    last_i = -2
    for tok in sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i):
        end = tok.idx + len(tok.text)
        if tok.i == last_i + 1:
            parts[-1][1] = end
        else:
            parts.append([tok.idx, end])
        last_i = tok.i
    return tuple((s, e) for s, e in parts)


def textacy_attributions(doc: Doc) -> list[PredAttribution]:
    """Direct quotations found by textacy's rules, as :class:`PredAttribution` records.

    Uses ``textacy.extract.triples.direct_quotations`` (textacy >= 0.13; rules after Krestel,
    Bergler & Witte 2008): for each pair of quotation marks around at least 4 tokens, the
    nearest reporting verb outside any quotation in the adjacent sentences, with a nominal
    subject, gives the cue (verb plus auxiliaries and negation) and the speaker (the subject
    plus conjuncts and compounds, without determiners: ``mayor`` in "the mayor said").
    ``content`` is the quotation with its quotation marks (as PolNeAR marks it). Indirect
    and mixed quotations are not found.

    ``doc`` is a parse from :func:`framing.nlp.segment.load_spacy`: the rules read only parts
    of speech, lemmas, dependencies and sentence bounds, so the disabled entity recogniser
    is not needed. textacy refuses a document with an odd number of quotation-mark tokens
    (an apostrophe such as ``'`` in ``voters'`` counts as one) and non-English documents: such
    a document gives ``[]`` and a logged warning.
    """
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as err:
        raise ModuleNotFoundError(
            "textacy_attributions needs textacy: pip install 'textacy>=0.13' "
            "(it is in the project's dev extra)."
        ) from err
    try:
        triples = list(direct_quotations(doc))
    except (ValueError, IndexError, KeyError) as err:
        log.debug("textacy found no quotations in a %d-token doc: %s", len(doc), err)
        return []
    return [
        PredAttribution(
            source=tokens_to_parts(t.speaker),
            cue=tokens_to_parts(t.cue),
            content=((t.content.start_char, t.content.end_char),),
        )
        for t in triples
    ]


# -- running the evaluations -----------------------------------------------------------------


def framing_attributions(doc: Doc, attributor: Attributor) -> list[PredAttribution]:
    """framing's attributions of a parsed article as :class:`PredAttribution` records.

    Unattributed claims are scored as events with a cue and no source (PolNeAR's
    ``Attribution-no-source``); their content is left out, since our claim span holds the
    hedge itself and PolNeAR's content never holds its cue.
    """
    from framing.nlp.segment import segment
    from framing.stages.voice import split_quotes

    sentences = segment(doc)
    quotes, _ = split_quotes(doc)
    attributions, claims = attributor(doc, sentences, quotes)
    out = [
        PredAttribution(
            source=((a.source.start_char, a.source.end_char),) if a.source else (),
            cue=((a.cue.start_char, a.cue.end_char),),
            content=tuple(a.content_parts),
        )
        for a in attributions
    ]
    out += [PredAttribution(cue=((u.cue_start, u.cue_end),)) for u in claims]
    return out


def _scores_dict(scores: dict[str, dict[str, SpanScore]]) -> dict[str, dict[str, dict]]:
    return {
        role: {mode: vars(score) for mode, score in by_mode.items()}
        for role, by_mode in scores.items()
    }


def evaluate_polnear(
    docs: Sequence[AttributionDoc], nlp: Language, with_textacy: bool = True
) -> dict:
    """framing's rules (and textacy's, on the same parse) on PolNeAR articles.

    Returns ``{"n_articles", "n_gold_events", "framing": {role: {mode: SpanScore fields}},
    "textacy": ..., "seconds": {"parse", "framing", "textacy"}, "articles_per_second":
    {"framing_with_parse", "framing_rules_only"}}``. Rates are measured in this run on this
    machine: the parse is timed once and shared.
    """
    from framing.stages.attribution import Attributor

    attributor = Attributor(nlp)
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=16))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = [framing_attributions(doc, attributor) for doc in parsed]
    t_ours = time.perf_counter() - t0
    gold = [list(d.gold) for d in docs]
    result: dict = {
        "n_articles": len(docs),
        "n_gold_events": sum(len(g) for g in gold),
        "framing": _scores_dict(score_attributions(ours, gold, texts)),
        "seconds": {"parse": round(t_parse, 2), "framing": round(t_ours, 2)},
        "articles_per_second": {
            "framing_with_parse": round(len(docs) / (t_parse + t_ours), 2),
            "framing_rules_only": round(len(docs) / t_ours, 2),
        },
    }
    if with_textacy:
        t0 = time.perf_counter()
        theirs = [textacy_attributions(doc) for doc in parsed]
        t_theirs = time.perf_counter() - t0
        result["textacy"] = _scores_dict(score_attributions(theirs, gold, texts))
        result["seconds"]["textacy"] = round(t_theirs, 2)
        result["articles_per_second"]["textacy_with_parse"] = round(
            len(docs) / (t_parse + t_theirs), 2)
        result["n_articles_textacy_empty"] = sum(1 for t in theirs if not t)
    return result


def evaluate_basil(docs: Sequence[QuoteDoc], nlp: Language, with_textacy: bool = True) -> dict:
    """Speakers of BASIL's quotations with a named speaker (placeholders such as
    ``other_anti`` left out).

    For each gold quotation, the attribution whose content overlaps it most gives the
    predicted speaker (framing: the resolved name, else the source text; textacy: its
    speaker tokens). ``coverage`` = gold quotations with an overlapping attribution / all;
    ``accuracy`` = quotations whose predicted speaker matches the gold one
    (:func:`speaker_matches`) / all; ``accuracy_covered`` = the same / covered quotations.
    """
    from framing.nlp.segment import segment
    from framing.stages.attribution import Attributor
    from framing.stages.voice import split_quotes

    attributor = Attributor(nlp)
    parsed = list(nlp.pipe([d.text for d in docs], batch_size=16))
    tallies = {"framing": [0, 0], "textacy": [0, 0]}  # covered, correct
    n = 0
    for d, doc in zip(docs, parsed, strict=True):
        quotes, _ = split_quotes(doc)
        attributions, _ = attributor(doc, segment(doc), quotes)
        ours = [(tuple(a.content_parts),
                 (a.source.resolved or a.source.text) if a.source else None)
                for a in attributions]
        theirs: list[tuple[Span, str | None]] = []
        if with_textacy:
            theirs = [(t.content, " ".join(doc.text[s:e] for s, e in t.source) or None)
                      for t in textacy_attributions(doc)]
        for q in d.quotes:
            if not q.is_named:
                continue
            n += 1
            gold_span: Span = ((q.start_char, q.end_char),)
            for name, preds in (("framing", ours), ("textacy", theirs)):
                best = max(preds, key=lambda p: _overlap(p[0], gold_span), default=None)
                if best is None or _overlap(best[0], gold_span) == 0:
                    continue
                tallies[name][0] += 1
                tallies[name][1] += speaker_matches(best[1], q.speaker)
    out: dict = {"n_articles": len(docs), "n_named_quotes": n}
    for name in ("framing", "textacy") if with_textacy else ("framing",):
        covered, correct = tallies[name]
        out[name] = {
            "coverage": round(covered / n, 4) if n else 0.0,
            "accuracy": round(correct / n, 4) if n else 0.0,
            "accuracy_covered": round(correct / covered, 4) if covered else 0.0,
            "n_covered": covered,
            "n_correct": correct,
        }
    return out
