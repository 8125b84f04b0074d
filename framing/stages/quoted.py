"""Quoted characterisations: a speaker's own label for something, quoted as a fragment.

News reports a speaker's judgement by quoting just the words of it: the minister said the
books were in “an absolute mess”, the premier called the cap “a direct attack on our
province”, the opposition described the law as ‘a heating hammer’. The quoted fragment is
the speaker's framing whether or not any word in it is in the lexicon, so it is a
quoted-voice term of category ``quoted_characterisation`` (origin ``rule``). It never
counts as the writer's wording.

A quotation is such a fragment when it is short (at most :data:`MAX_WORDS` words), closed,
not a sentence of its own, and stands where a characterisation stands, right after (past a
determiner or an adverb such as "simply"):

- a form of *be* or a copular verb ("was “a scandal”", "had been ‘stolen in broad
  daylight’", "has become “a farce”");
- "in" after *be*, *leave*, *plunge* or *throw* ("left the books in “an absolute mess”");
- "as" or "like" ("described the law as ‘a heating hammer’", "behaving like “a colonial
  power”");
- "amount to", "tantamount to", "akin to", "equivalent to", "nothing short of";
- "of" after an accusation ("accused the bank of “daylight robbery”");
- the object of a verb of naming ("called the ruling “a betrayal”", "branded them
  “extremists”"), with no other verb between.

The fragment must name something or an act (a noun or a verb in it): a bare adjective
("said the cuts were “necessary and fair”") is a claim the lexicon and the model judge word
by word. Names are left alone: a fragment in title case ("known as “Operation Lone Star”"), or after
"known as", "named", "titled" or "nicknamed", is a name, not a judgement. A fragment that
holds a lexicon term or an impersonal frame keeps that term instead (it names the category
and direction); the model does not search inside a characterisation.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from framing.nlp.segment import doc_text
from framing.records import Quote
from framing.stages.voice import in_title_case, quoted_words

#: The note of a quoted characterisation.
QUOTED_NOTE = ("A speaker's own characterisation, quoted as a short fragment: the speaker's "
               "framing, not the writer's. Its neutral rewrite drops it.")

#: Longest quoted fragment, in words, read as a characterisation; longer ones are speech.
MAX_WORDS = 8

#: Verbs whose complement characterises their subject.
COPULAS = frozenset("be become remain seem look sound prove".split())
#: Verbs of naming whose object complement is a label ("called it “a betrayal”").
NAMING_VERBS = frozenset("call brand label dub term describe denounce condemn slam".split())
#: Adjectives before "to" that equate ("tantamount to", "akin to").
EQUATING = frozenset("amount tantamount akin equivalent close".split())
#: Words before a fragment that make it a name rather than a judgement.
NAMING_FOR_NAMES = frozenset("known named titled entitled nicknamed codenamed called".split())
#: Words skipped between a trigger and the fragment ("was simply “a farce”").
_SKIP_POS = frozenset({"DET", "ADV", "PART"})


def _trigger(doc: Doc, open_i: int) -> bool:
    """Whether the tokens before the opening mark (token ``open_i``) make the quotation a
    characterisation."""
    sent_start = doc[open_i].sent.start
    i = open_i - 1
    skipped = 0
    while (i >= sent_start and skipped < 2 and doc[i].pos_ in _SKIP_POS
           and doc[i].lower_ not in ("as", "to")):
        i -= 1
        skipped += 1
    if i < sent_start:
        return False
    prev = doc[i]
    lemma, lower = prev.lemma_.lower(), prev.lower_
    if lower in NAMING_FOR_NAMES and prev.tag_ == "VBN":
        return False
    if lemma in COPULAS and prev.pos_ in ("AUX", "VERB"):
        return True
    if lower == "as":
        before = doc[i - 1].lower_ if i > sent_start else ""
        return before not in NAMING_FOR_NAMES and before not in ("such", "so", "same")
    if lower == "like":
        return True
    if lower == "in":  # "left the books in “an absolute mess”", "is in ‘total chaos’"
        window = doc[max(sent_start, i - 4) : i]
        return any(t.lemma_.lower() in ("be", "leave", "plunge", "throw") for t in window)
    if lower == "to" and i > sent_start and doc[i - 1].lemma_.lower() in EQUATING:
        return True
    if lower == "of":
        if i > sent_start and doc[i - 1].lower_ == "short":  # "nothing short of"
            return True
        window = doc[max(sent_start, i - 5) : i]
        return any(t.lemma_.lower() in ("accuse", "guilty") for t in window)
    # the object of a verb of naming, with no other verb between it and the fragment
    for j in range(i, max(sent_start, i - 6) - 1, -1):
        tok = doc[j]
        if tok.pos_ in ("VERB", "AUX"):
            # "a programme called “Safe Harbour”" names; "the chairman called it “a joke”"
            # judges
            named = tok.tag_ == "VBN" and tok.lower_ in NAMING_FOR_NAMES
            return tok.lemma_.lower() in NAMING_VERBS and not named
    return False


def characterisations(doc: Doc, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Character spans of the quoted characterisations among ``quotes``: the fragment's
    words, without the quote marks, a leading determiner or trailing punctuation."""
    text = doc_text(doc)
    out: list[tuple[int, int]] = []
    for q in quotes:
        inner = text[q.start_char + 1 : q.end_char - 1]
        if not q.closed or "\n" in inner or not 1 <= q.n_words <= MAX_WORDS:
            continue
        if inner.rstrip()[-1:] in ".?!" or "," in inner.rstrip(" ,"):
            continue  # a quoted sentence or clause is speech, not a label
        words = quoted_words(doc, q.start_char, q.end_char)
        if not words or in_title_case(words):
            continue  # a name
        if not any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in words):
            continue  # a bare adjective ("necessary and fair") is left to the lexicon
        opening = doc.char_span(q.start_char, q.start_char + 1, alignment_mode="expand")
        if opening is None or not _trigger(doc, opening.start):
            continue
        first = words[0]
        start = first.idx
        if first.pos_ == "DET" and len(words) > 1:
            start = words[1].idx
        end = q.end_char - 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:!?"):
            end -= 1
        if end > start:
            out.append((start, end))
    return out
