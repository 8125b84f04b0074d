"""Unattributed claims: hedges with no source (agentless passives of belief and report
verbs, hedging adverbs) outside quotations and cues."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from framing.nlp.segment import doc_text
from framing.records import Attribution, Quote, Sentence, UnattributedClaim
from framing.stages.attribution.rules import Rules
from framing.stages.attribution.spans import (
    _chars,
    _in_quote,
    _sentence_at,
    _subtree_range,
    _trim,
)


def _unattributed(
    rules: Rules,
    doc: Doc,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    attributions: Sequence[Attribution],
) -> tuple[UnattributedClaim, ...]:
    """Claims asserted through a hedge with no source, outside quotations and outside
    every attribution's cue: the agentless passive of a belief or report verb with a
    complement ("is believed to", "it is thought that", "long believed lost"), or a
    hedging adverb ("reportedly"). The claim is the participle's clause for a reduced
    passive ("long believed to ..."), else the whole sentence."""
    starts = [s.start_char for s in sentences]
    cue_spans = [(a.cue.start_char, a.cue.end_char) for a in attributions]
    out: list[UnattributedClaim] = []
    for tok in doc:
        if _in_quote(tok.idx, quotes) is not None:
            continue
        cue_lo = cue_hi = tok.i
        reduced = False
        if (
            tok.pos_ in ("VERB", "AUX")
            and tok.tag_ == "VBN"
            and tok.lemma_.lower() in rules.passive_lemmas
        ):
            kids = list(tok.children)
            if any(c.dep_ == "agent" for c in kids):
                continue  # "is believed by investigators": an attribution
            passive = any(c.dep_ == "auxpass" for c in kids)
            reduced = not passive and tok.dep_ in ("acl", "advcl", "amod", "relcl")
            if not (passive or reduced):
                continue
            # "is believed to", "is seen as a snub", "is accused of fraud"
            has_comp = any(
                c.dep_ in ("xcomp", "ccomp", "oprd", "acomp")
                or (c.dep_ == "prep" and c.lower_ in ("as", "of") and c.i > tok.i)
                for c in kids
            )
            impersonal = any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in kids)
            if not (has_comp or impersonal):
                continue
            cue_lo = min(
                (
                    c.i
                    for c in kids
                    if c.i < tok.i
                    and c.dep_ in ("auxpass", "aux", "advmod", "neg", "nsubjpass")
                    and (c.dep_ != "nsubjpass" or c.lower_ == "it")
                ),
                default=tok.i,
            )
        elif tok.lower_ in rules.hedge_adverbs and tok.dep_ == "advmod":
            pass
        else:
            continue
        cue_start = doc[cue_lo].idx
        cue_end = doc[cue_hi].idx + len(doc[cue_hi].text)
        if any(s <= cue_start < e for s, e in cue_spans):
            continue
        lo, hi = _subtree_range(tok) if reduced else (tok.sent.start, tok.sent.end)
        lo, hi = _trim(doc, lo, hi, keep_quotes=True)
        if hi <= lo:
            continue
        start, end = _chars(doc, lo, hi)
        out.append(
            UnattributedClaim(
                start_char=start,
                end_char=end,
                text=doc_text(doc)[start:end],
                cue=doc_text(doc)[cue_start:cue_end],
                cue_start=cue_start,
                cue_end=cue_end,
                sentence_index=_sentence_at(starts, cue_start),
            )
        )
    return tuple(out)
