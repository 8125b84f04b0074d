"""Token and character ranges over the parse: trimming, subtrees, cue spans, contents, and
where quotations lie relative to a cue."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from framing.nlp.segment import doc_text
from framing.records import Quote
from framing.stages.attribution.rules import (
    _AUX_DEPS,
    _CUE_PREPOSITIONS,
    _EDGE_PUNCT,
    _QUOTE_CHARS,
    _SETTING_DEPS,
    Rules,
)

# -- small span helpers ---------------------------------------------------------------------


def _trim(doc: Doc, start: int, end: int, keep_quotes: bool = False) -> tuple[int, int]:
    """Token range ``[start, end)`` without edge punctuation and spaces (quote marks are kept
    at the end when ``keep_quotes``)."""
    while start < end and (
        doc[start].is_space
        or doc[start].text in _EDGE_PUNCT
        or (doc[start].is_punct and doc[start].text not in _QUOTE_CHARS)
    ):
        start += 1
    while end > start:
        last = doc[end - 1]
        if last.is_space or (last.is_punct and not (keep_quotes and last.text in _QUOTE_CHARS)):
            end -= 1
        else:
            break
    return start, end


def _content_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A content's token range: trimmed, and without a leading conjunction ("And perhaps,
    he said, ..." reports "perhaps ...")."""
    start, end = _trim(doc, start, end, keep_quotes=True)
    while start < end and doc[start].pos_ == "CCONJ":
        start, end = _trim(doc, start + 1, end, keep_quotes=True)
    return start, end


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _subtree_range(token: Token, exclude: Sequence[Token] = ()) -> tuple[int, int]:
    """Token range of a subtree; children in ``exclude`` (and tokens past them) cut it."""
    lo, hi = token.left_edge.i, token.right_edge.i + 1
    for child in exclude:
        if child.i > token.i:
            hi = min(hi, child.left_edge.i)
        else:
            lo = max(lo, child.right_edge.i + 1)
    return lo, hi


def _in_quote(char: int, quotes: Sequence[Quote]) -> Quote | None:
    for q in quotes:
        if q.start_char <= char < q.end_char:
            return q
    return None


def _is_hyphen_part(token: Token) -> bool:
    doc = token.doc
    i = token.i
    if (
        i > 0
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and i > 1
        and not doc[i - 2].whitespace_
    ):
        return True
    return i + 1 < len(doc) and doc[i + 1].text == "-" and not token.whitespace_


# -- cues -----------------------------------------------------------------------------------


def _cue_span(token: Token, rules: Rules) -> tuple[int, int]:
    """Token range of a cue: the verb with its adjacent auxiliaries and negation, and a
    medium phrase right after it ("said in a statement", "wrote on Twitter")."""
    doc = token.doc
    start = token.i
    while start > 0:
        prev = doc[start - 1]
        if prev.head.i == token.i and (prev.dep_ in _AUX_DEPS or prev.dep_ == "advmod"):
            start -= 1
        else:
            break
    end = token.i + 1
    # "pointed out", "called for", "referred to"
    while (
        end < len(doc)
        and doc[end].head.i == token.i
        and (
            doc[end].dep_ == "prt"
            or (
                doc[end].dep_ == "prep"
                and (token.lemma_.lower(), doc[end].lower_) in _CUE_PREPOSITIONS
            )
        )
    ):
        end += 1
    # "said in a statement", "wrote on Twitter", "told reporters in an interview"
    for child in token.rights:
        if (
            child.i != end
            or child.dep_ != "prep"
            or child.lower_ not in ("in", "on", "during", "via")
        ):
            continue
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if objects and objects[0].lemma_.lower() in rules.medium_nouns:
            end = objects[0].i + 1
        break
    return start, end


def _complement(token: Token) -> Token | None:
    """The clause a cue reports: its clausal complement after it, before it ("..., he
    said"), or its open complement ("wants to")."""
    kids = list(token.children)
    for child in kids:
        if child.dep_ == "ccomp" and child.i > token.i:
            return child
    for child in kids:
        if child.dep_ == "ccomp":
            return child
    for child in kids:
        if child.dep_ == "xcomp":
            return child
    return None


def _object_range(token: Token) -> tuple[int, int] | None:
    """Content of a cue without a clause: its object and what follows it ("accused X of Y")."""
    doc = token.doc
    kids = [c for c in token.rights if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    if not kids:
        # "called for a strike", "pointed to the figures": the preposition is the cue's
        lemma = token.lemma_.lower()
        for child in token.rights:
            if child.dep_ == "prep" and (lemma, child.lower_) in _CUE_PREPOSITIONS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    lo, hi = _trim(doc, *_subtree_range(objects[0]), keep_quotes=True)
                    return (lo, hi) if hi > lo else None
        return None
    lo = kids[0].left_edge.i
    hi = kids[-1].right_edge.i + 1
    for child in token.rights:
        if child.i < hi:
            continue
        if child.dep_ in ("prep", "xcomp", "ccomp", "oprd") and child.i == hi:
            if child.dep_ == "prep" and child.lower_ not in (
                "of",
                "for",
                "about",
                "as",
                "over",
                "with",
            ):
                break
            hi = child.right_edge.i + 1
        else:
            break
    lo, hi = _trim(doc, lo, hi, keep_quotes=True)
    return (lo, hi) if hi > lo else None


# -- contents and quotations ----------------------------------------------------------------


def _sentence_at(starts: list[int], char: int) -> int:
    """Index of the sentence (by its start offsets) that holds character ``char``."""
    return max(0, bisect.bisect_right(starts, char) - 1)


def _clause_after_medium(token: Token, cue_range: tuple[int, int]) -> tuple[int, int] | None:
    """The reported clause when the parser hung it on the medium noun ("said in a
    statement that ...", "that" read as a relative clause of "statement")."""
    doc = token.doc
    for tok in doc[token.i + 1 : cue_range[1]]:
        for child in tok.children:
            if (
                child.dep_ in ("acl", "relcl", "ccomp")
                and child.i >= cue_range[1]
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
            ):
                lo, hi = _trim(doc, *_subtree_range(child), keep_quotes=True)
                return (lo, hi) if hi > lo else None
    return None


def _around(doc: Doc, cue: Token) -> list[tuple[int, int]]:
    """Character ranges of a parenthetical cue's host clause, before and after the cue."""
    host = cue.head
    lo, hi = host.left_edge.i, host.right_edge.i + 1
    c_lo, c_hi = cue.left_edge.i, cue.right_edge.i + 1
    out = []
    for a, b in ((lo, c_lo), (c_hi, hi)):
        a, b = _content_range(doc, a, b)
        if b > a:
            start, end = _chars(doc, a, b)
            out.append((start, _close_quote(doc_text(doc), start, end)))
    return out


def _adjacent(
    doc: Doc, cue: Token, cluster: tuple[int, int], q: Quote, quotes: Sequence[Quote]
) -> bool:
    """Whether only punctuation, or a few words of the cue's own clause ("on Monday"),
    separate a quotation from the cue and its source."""
    lo_tok, hi_tok = cluster
    between: list[Token] = []  # the tokens between, walked out from the cluster
    if q.end_char <= doc[lo_tok].idx:
        i = lo_tok - 1
        while i >= 0 and doc[i].idx >= q.end_char:
            between.append(doc[i])
            i -= 1
        between.reverse()
    elif q.start_char >= doc[hi_tok - 1].idx:
        i = hi_tok
        while i < len(doc) and doc[i].idx + len(doc[i].text) <= q.start_char:
            between.append(doc[i])
            i += 1
    else:
        return False
    words = [t for t in between if not (t.is_punct or t.is_space)]
    if len(words) > 6:
        return False

    def in_cue_clause(t: Token) -> bool:
        if _in_quote(t.idx, quotes) is not None:
            return False
        node = t
        while node.head.i != node.i:
            if node.head.i == cue.i:
                return node.dep_ in _SETTING_DEPS
            node = node.head
        return False

    return all(in_cue_clause(t) for t in words)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _close_quote(text: str, start: int, end: int) -> int:
    """Extend a content span over a closing quote mark (and the period inside it) when the
    span holds an opening mark it does not close ("is “broad and deep.”")."""
    inner = text[start:end]
    opens = inner.count("\u201c")
    closes = inner.count("\u201d")
    doubled = inner.count("''")
    straight = inner.count('"')
    if opens > closes or straight % 2 == 1 or doubled % 2 == 1:
        m = re.match(r"[.,!?;:]?(?:\u201d|\"|'')", text[end : end + 3])
        if m:
            return end + m.end()
    return end
