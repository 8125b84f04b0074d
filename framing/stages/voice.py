"""Voice: which wording is the author's and which is inside a direct quotation.

Quotations are found from the quote marks themselves, across sentences and paragraphs:

- curly double quotes (“ ”), guillemets (« » and ‹ ›), straight double quotes ("), and
  curly single quotes (‘ ’) when an opening ‘ is present (a lone ’ is an apostrophe);
- straight single quotes, British style ('a disgrace'), only as a pair inside one
  paragraph: the opening ' follows a space or the start and comes before a letter (not an
  elision: 'n', 'em, '90s), the closing ' follows a non-space and comes before a non-letter;
  a closing candidate after an "s" ("the workers' pay") gives way to a later one;
- news style continues a quotation into the next paragraph by leaving the first paragraph
  unclosed and opening the next with a quote mark; such a passage is one quotation;
- an opening mark that is never closed ends at the end of its paragraph (``closed=False``).

A short quoted phrase (at most :data:`SCARE_QUOTE_MAX_WORDS` words) in a sentence with no
speaker (no reporting cue from ``seeds/cue_verbs.tsv`` and no "according to"), or right
after a possessive (the company's “responsible transition”), is a *scare quote*: the
writer distancing themselves from a name, e.g. the “Bolivarian Socialism”. It stays in the
author's voice and becomes a term of category :data:`SCARE_QUOTE_CATEGORY`,
not a quotation.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Token

from framing.categories import SCARE_QUOTE
from framing.nlp.segment import doc_text, is_word
from framing.records import Quote, Voice

#: Longest quoted phrase, in words, that can be a scare quote. Scare quotes in news are
#: typically one to four words (a name or slogan); longer passages are quotations.
SCARE_QUOTE_MAX_WORDS = 4

#: Category given to scare-quoted phrases (a distancing marker found by punctuation).
SCARE_QUOTE_CATEGORY = SCARE_QUOTE

#: Opening mark -> closing mark.
_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u2039": "\u203a", '"': '"', "\u2018": "\u2019"}
_UNAMBIGUOUS_OPENERS = frozenset("\u201c\u00ab\u2039")
_OPEN_CONTEXT = set(" \t\n([{\u2014\u2013-/:;,")
_SENT_FINAL = set(".?!")

#: Verbs of uttering that make a short quoted phrase somebody's words (a chant, an echo, a
#: prediction, the text a sign reads) rather than the writer's distance, beside the
#: reporting cues. They only decide the voice of a quoted phrase; they are not attribution
#: cues.
UTTERANCE_VERBS = frozenset(
    "chant echo yell shout scream cry exclaim mouth sing cheer boo whisper mutter repeat "
    "predict bemoan lament refer nickname dub read proclaim".split()
)

#: Nouns for works, programmes on air, advertisements and signs: a quoted phrase in title
#: case next to one is a title ("the comedy “Midnight Ferry”", "its “Steady Hands” ad").
WORK_NOUNS = frozenset(
    "film movie comedy drama thriller documentary show series sitcom episode television "
    "song album single record classic hit anthem book novel memoir play musical opera ad "
    "advert advertisement "
    "commercial slogan sign banner placard poster hashtag podcast column headline video "
    "game magazine newspaper tour".split()
)


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted passage before classification: offsets include the quote marks."""

    start_char: int
    end_char: int
    closed: bool


@functools.lru_cache(maxsize=1)
def reporting_cues() -> dict[str, str]:
    """Reporting-cue lemmas and their class, from ``seeds/cue_verbs.tsv``."""
    text = resources.files("framing.seeds").joinpath("cue_verbs.tsv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return {row["cue"]: row["class"] for row in rows}


def _is_opener(text: str, i: int) -> bool:
    if text[i] in _UNAMBIGUOUS_OPENERS:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    # straight " and curly ‘ open only where a quotation can start and before a non-space,
    # or after a speaker's colon or comma even when a stray space follows ('said, " We')
    if not (before in _OPEN_CONTEXT or before in _PAIRS):
        return False
    if not after.isspace():
        return True
    return text[:i].rstrip()[-1:] in (",", ":") and after not in "\n"


def _is_closer(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    if ch != _PAIRS[opener]:
        return False
    if opener == "\u2018":  # ’ is also the apostrophe: close only before a non-letter
        after = text[i + 1] if i + 1 < len(text) else " "
        return not after.isalpha()
    return True


#: Elisions a straight single quote starts ("rock 'n' roll", "'em"): never a quotation.
_ELISIONS = ("n'", "n ", "em ", "til ", "cause ", "tis ", "twas ", "bout ")


def _single_quote_close(text: str, i: int, p_end: int) -> int:
    """The closing straight single quote of a quotation opened at ``i`` (-1: none)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1 : i + 2]
    if not (before in _OPEN_CONTEXT or before == '"') or not after.isalpha():
        return -1
    if text[i + 1 : i + 6].lower().startswith(_ELISIONS):
        return -1
    found = -1
    for j in range(i + 2, p_end):
        if text[j] != "'" or text[j - 1].isspace():
            continue
        nxt = text[j + 1 : j + 2]
        if nxt.isalnum():
            continue  # an apostrophe inside a word ("don't", "firm's")
        if text[j - 1] in "sS" and found < 0:
            found = j  # maybe a plural possessive; a later closing mark wins
            continue
        return j
    return found


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing whitespace, never before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Direct quotations in ``text`` as character spans including their marks.

    Quote marks nested inside a quotation are part of it (not separate quotations).
    """
    spans: list[QuoteSpan] = []
    paragraphs: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1

    # Two apostrophes ('') are a double quote mark in some typesetting (ASCII news feeds):
    # read them as a straight " and let the span cover both characters.
    text = text.replace("''", '"\x00')
    opener: str | None = None
    start = 0
    for p, (p_start, p_end) in enumerate(paragraphs):
        i = p_start
        if opener is not None:
            # continuing quotation: the paragraph reopens with the same mark; skip it
            j = p_start
            while j < p_end and text[j].isspace():
                j += 1
            i = j + 1
        while i < p_end:
            ch = text[i]
            if opener is None:
                if ch == "'":
                    close = _single_quote_close(text, i, p_end)
                    if close > 0:
                        spans.append(QuoteSpan(i, close + 1, closed=True))
                        i = close
                elif ch in _PAIRS and _is_opener(text, i):
                    opener, start = ch, i
            elif ch == opener and ch in _UNAMBIGUOUS_OPENERS:
                # a second opening mark before any closing one: the first was never closed
                spans.append(QuoteSpan(start, _trim_end(text, start, i), closed=False))
                start = i
            elif _is_closer(text, i, opener):
                close = i + 2 if text[i + 1 : i + 2] == "\x00" else i + 1
                spans.append(QuoteSpan(start, close, closed=True))
                opener = None
            i += 1
        if opener is not None:
            nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
            reopens = False
            if nxt is not None:
                first = text[nxt[0] : nxt[1]].lstrip()[:1]
                reopens = first == opener
            if not reopens:
                spans.append(QuoteSpan(start, _trim_end(text, start, p_end), closed=False))
                opener = None
    return spans


def _n_words(doc: Doc, start_char: int, end_char: int) -> int:
    """Words (see :func:`framing.nlp.segment.is_word`) whose first character lies in the span."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return 0
    return sum(1 for t in span if is_word(t) and start_char <= t.idx < end_char)


def has_speaker(doc: Doc, span: QuoteSpan) -> bool:
    """Whether the sentence(s) around a quotation name a speaker outside it.

    True when a token outside the quotation is a verb whose lemma is a reporting cue or a
    verb of uttering (:data:`UTTERANCE_VERBS`: "the crowd chanted “four more years”"), or the
    phrase "according to" occurs there.
    """
    cues = reporting_cues()
    first = doc.char_span(span.start_char, span.end_char, alignment_mode="expand")
    if first is None or len(first) == 0:
        return False
    start_tok = first[0].sent.start
    end_tok = first[-1].sent.end
    for tok in doc[start_tok:end_tok]:
        if span.start_char <= tok.idx < span.end_char:
            continue
        if tok.i > 1 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_:
            continue  # part of a hyphenated word: the "called" of "so-called"
        if tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in cues
                                            or tok.lemma_.lower() in UTTERANCE_VERBS):
            return True
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return True
    return False


def is_scare_quote(doc: Doc, span: QuoteSpan) -> bool:
    """A short closed quotation inside one sentence with no speaker in that sentence."""
    inner = doc_text(doc)[span.start_char + 1 : span.end_char - 1]
    if not span.closed or "\n" in inner:
        return False
    n_words = _n_words(doc, span.start_char, span.end_char)
    if not 1 <= n_words <= SCARE_QUOTE_MAX_WORDS:
        return False
    if inner.rstrip()[-1:] in _SENT_FINAL and n_words > 2:
        return False  # a quoted sentence ("We will win.") is a quotation
    if "!" in inner or inner.rstrip(" ,.\u2019'")[-1:] == "?":
        return False  # an exclamation or a question ("Shame!") is somebody's speech
    if _is_title(doc, span):
        return False
    if _after_possessive(doc, span):
        return True
    return not has_speaker(doc, span)


def quoted_words(doc: Doc, start_char: int, end_char: int) -> list[Token]:
    """The words (see :func:`framing.nlp.segment.is_word`) of a quotation's span; the quote
    marks are not words."""
    inner = doc.char_span(start_char, end_char, alignment_mode="expand")
    return [] if inner is None else [t for t in inner if is_word(t)]


def in_title_case(words: Sequence[Token]) -> bool:
    """Whether the first word and at least half of the words are capitalised (a name or a
    title: "Operation Lone Star", "Sunday Skillet")."""
    if not words or not words[0].text[:1].isupper():
        return False
    return sum(t.text[:1].isupper() or t.is_digit for t in words) * 2 >= len(words)


def _is_title(doc: Doc, span: QuoteSpan) -> bool:
    """A quoted phrase in title case (its first word and at least half of its words
    capitalised) next to a work noun: within three tokens before it in
    its sentence ("the cooking show “Sunday Skillet”") or right after it ("the “Steady
    Hands” ad")."""
    words = quoted_words(doc, span.start_char, span.end_char)
    if not in_title_case(words):  # not "Hispanics para Trump", "Thelma and Louise"
        return False
    first, last = words[0], words[-1]
    sent = first.sent
    before = doc[max(sent.start, first.i - 4) : first.i]
    after = doc[last.i + 1 : min(sent.end, last.i + 4)]
    nxt = [t for t in after if not t.is_punct][:1]
    return any(t.lemma_.lower() in WORK_NOUNS or t.lower_ in WORK_NOUNS for t in [*before, *nxt])


def _after_possessive(doc: Doc, span: QuoteSpan) -> bool:
    """A quoted phrase right after a possessive ("the company's “responsible transition”",
    "its “people's plan”") presents someone's own label at a distance: a scare quote even in a
    sentence with a reporting verb."""
    before = doc.char_span(span.start_char, span.start_char + 1, alignment_mode="expand")
    if before is None or before.start == 0:
        return False
    prev = doc[before.start - 1]
    return prev.tag_ in ("PRP$", "POS") or prev.lower_ in ("its", "their", "his", "her")


def split_quotes(doc: Doc) -> tuple[list[Quote], list[QuoteSpan]]:
    """Direct quotations (as :class:`Quote`) and scare-quoted phrases, in text order."""
    quotes: list[Quote] = []
    scare: list[QuoteSpan] = []
    for span in find_quote_spans(doc_text(doc)):
        if is_scare_quote(doc, span):
            scare.append(span)
            continue
        text = doc_text(doc)[span.start_char : span.end_char]
        quotes.append(
            Quote(
                start_char=span.start_char,
                end_char=span.end_char,
                text=text,
                n_words=_n_words(doc, span.start_char, span.end_char),
                closed=span.closed,
            )
        )
    return quotes, scare


def voice_of(start_char: int, end_char: int, quotes: Sequence[Quote]) -> Voice:
    """``quoted`` when the span lies inside a direct quotation, else ``author``."""
    for q in quotes:
        if q.start_char <= start_char and end_char <= q.end_char:
            return "quoted"
    return "author"


#: Words right before a term that make it a mention of somebody's wording rather than the
#: writer's own: "so-called", "what (Trump) calls", "which (opponents) call", "the term",
#: "calls itself", "self-styled" (an article or quote mark may stand between).
_MENTION_MARKER = re.compile(
    r"(?:\bso[- ]called"
    r"|\b(?:what|which) (?:\S+ ){0,4}?(?:calls?|called|dubs?|dubbed|terms?|termed|labels?"
    r"|labell?ed|brands?|branded|describes? as|described as)"
    r"|\bthe (?:terms?|phrases?|words?|labels?|slogans?|expressions?|monikers?|epithets?"
    r"|buzzwords?|catchphrases?)"
    r"|\b(?:calls?|called) (?:it|him|her|them)sel(?:f|ves)"
    r"|\bdescribe[sd]? (?:it|him|her|them)sel(?:f|ves) as"
    r"|\bself-(?:described|styled|proclaimed|identified|declared))"
    r"\s*(?:the |a |an )?[\"'\u201c\u2018]?\s*$",
    re.IGNORECASE,
)
#: A labelling verb and "as" (or "of being") before a term: the label is the verb's
#: subject's ("critics portray the plan as a giveaway", "accused of being racist").
_LABELLED_AS = re.compile(
    r"\b(?:portray|paint|describ|characteri[sz]|cast|depict|brand|label|dub|dismiss|denounc"
    r"|smear|berat|attack|castigat|caricatur|decr[iy]|derid|accus|condemn|vilif|demoni[sz]"
    r"|(?:writ(?:es?|ing|ten)|wrote)\s+(?:\S+\s+){0,3}?off)"
    r"\w*\b[^.;:!?\"\u201c\u201d]{0,60}?\b(?:as|of being)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


#: Verbs that name their object with the label right after it ("called the probe a witch
#: hunt", "labeled climate change a hoax", "branded the measure amnesty"), and verbs that
#: liken it to one, with their prepositions ("likened the deal to socialism").
_NAMING_VERBS = frozenset("call label dub brand term deem declare pronounce".split())
_LIKENING_VERBS = {"liken": ("to",), "compare": ("to", "with"), "equate": ("with", "to")}
#: Parts of speech of the object noun phrase and of the label's own article and modifiers.
_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PART"})
_MAX_LABEL_GAP = 8


def _labelled_by_verb(doc: Doc, i: int) -> bool:
    """Whether the term starting at token ``i`` is the label a naming verb gives its object
    ("called the probe a witch hunt"; passive: "was labeled a hoax") or the likeness a
    likening verb gives it ("compared the plan to socialism"). Only noun-phrase words may
    stand between the verb and the term, and an active verb needs its object there, so the
    verb's own object is never its label ("called the socialist mayor", "called the
    meeting to discuss the radical left's plan")."""
    start = doc[i].sent.start
    j, prep = i - 1, None
    while j >= start and i - j <= _MAX_LABEL_GAP:
        token = doc[j]
        if token.pos_ == "ADP" and prep is None and token.lower_ in ("to", "with"):
            prep = j
        elif token.pos_ not in _PHRASE_POS:
            break
        j -= 1
    if j < start or not doc[j].tag_.startswith("VB"):
        return False
    verb = doc[j]
    lemma = verb.lemma_.lower()

    def has_object(end: int) -> bool:
        return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc[j + 1 : end])

    if lemma in _NAMING_VERBS and prep is None:
        return has_object(i) or any(c.dep_ == "auxpass" for c in verb.children)
    if lemma in _LIKENING_VERBS and prep is not None:
        return doc[prep].lower_ in _LIKENING_VERBS[lemma] and has_object(prep)
    return False


#: A noun right after a noun term that makes the term the name of someone's claim or word:
#: "the deep state conspiracy theory", "the 'globalist' slur", "the welfare queen trope" (an
#: adjective describes the noun instead: "racist myths", "leftist talking points"). Nouns
#: whose owner the term may be ("the radical left narrative", "liberal media rhetoric") are
#: not among them.
_META_AFTER = re.compile(
    r"^[\"'\u201d\u2019]?\s*(?:conspiracy theor(?:y|ies)|slurs?|tropes?|canards?|myths?"
    r"|talking points?|buzzwords?|epithets?|monikers?|dog[- ]whistles?)\b",
    re.IGNORECASE,
)
#: Words before a term that make it the name of a claim ("the myth of voter fraud").
_META_BEFORE = re.compile(
    r"\b(?:myths?|tropes?|canards?|fiction) of (?:a |an |the )?[\"'\u201c\u2018]?$",
    re.IGNORECASE,
)


#: Verbs of saying and claiming whose clause a named speaker's characterisation is reported in.
_SPEECH_VERBS = frozenset("say claim insist argue declare suggest contend maintain allege "
                          "assert write tweet believe think warn complain charge".split())


def _reported_predicate(doc: Doc, i: int, end: int) -> bool:
    """Whether a word of the term ``doc[i:end]`` is the predicate of a clause a named speaker
    (or a pronoun for one) is reported to have said: "Trump said the inquiry was a witch
    hunt", "he is on record saying that global warming is a hoax". An unnamed group's claim
    ("critics say the plan is socialism") stays the writer's: the frame rules report it; so
    does the writer's own "I think" or "we believe"."""
    for t in doc[i:end]:
        if t.dep_ in ("attr", "acomp") and t.head.lemma_ == "be" and t.head.dep_ == "ccomp":
            verb = t.head.head
            if verb.lemma_.lower() not in _SPEECH_VERBS:
                continue
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects and verb.dep_ in ("advcl", "conj", "xcomp"):
                # "he is on record saying that ...": the participle's speaker is its head's
                subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
            if any(c.pos_ == "PROPN" or (c.pos_ == "PRON" and c.lower_ not in ("i", "we"))
                   for c in subjects):
                return True
    return False


#: Nouns of a claim someone makes, whose "that" clause is the claim's content, not the
#: writer's assertion ("the claim that the plan is socialism", "a narrative that the law is
#: racist"); factive nouns ("the fact that", "evidence that", "the news that") are not among them.
_CLAIM_NOUNS = frozenset(
    "claim allegation accusation assertion insinuation suggestion narrative notion smear lie "
    "myth hoax canard trope rumor rumour theory conspiracy charge contention idea".split())


def _claim_content(doc: Doc, i: int, end: int) -> bool:
    """Whether the term ``doc[i:end]`` lies in the "that" clause of a claim noun: "the claim
    that the plan is socialism", "pushed a narrative that the law is racist" (the claimant's
    words), but not "the fact that the plan is socialism"."""
    for t in doc[i:end]:
        node = t
        while node.head.i != node.i:
            head = node.head
            if (head.pos_ == "NOUN" and head.lemma_.lower() in _CLAIM_NOUNS and head.i < i
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)):
                return True
            node = head
    return False


def is_mention(doc: Doc, i: int, end: int) -> bool:
    """Whether the term ``doc[i:end]`` is mentioned rather than used: right after a mention
    marker ("so-called", "what X calls", "the term", "calls itself", "self-styled"), as the
    label of a labelling verb in its sentence ("portrayed X as", "accused of being", "wrote
    it off as"), as the label a naming or likening verb gives its object ("called the probe
    a witch hunt", "likened the deal to socialism"), as the name of a claim ("the deep state
    conspiracy theory", "the myth of voter fraud"), as the predicate of a named speaker's
    reported clause ("Trump said the inquiry was a witch hunt"), or inside the "that" clause
    of a claim noun ("the claim that the plan is socialism"). See
    :class:`~framing.records.TermMatch`."""
    text = doc_text(doc)
    start_char, end_char = doc[i].idx, doc[end - 1].idx + len(doc[end - 1])
    before = text[max(doc[i].sent.start_char, start_char - 100):start_char]
    return bool(_MENTION_MARKER.search(before[-60:]) or _LABELLED_AS.search(before)
                or _META_BEFORE.search(before[-40:])
                or (doc[end - 1].pos_ in ("NOUN", "PROPN")
                    and _META_AFTER.search(text[end_char:end_char + 40]) is not None)
                or _labelled_by_verb(doc, i) or _reported_predicate(doc, i, end)
                or _claim_content(doc, i, end))
