"""Rewriting a sentence: swap a loaded span for a neutral paraphrase, then tidy.

>>> substitute("Officials unveiled an outrageous plan.", 22, 32, "")
'Officials unveiled a plan.'
>>> substitute("Radical activists marched.", 0, 7, "")
'Activists marched.'

Only the neighbourhood of the edit is touched: the article before it, the punctuation, spaces and
possessive mark at its two edges, and the first letter after it at the start of a sentence. The
rest of the sentence is returned byte for byte. The tidying rules are heuristics over plain text
(no parser); they aim at news prose and say so where they guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

__all__ = ["substitute", "substitute_many"]

# --- characters -------------------------------------------------------------------------------

#: Opening quote marks and brackets, curly and straight.
_OPENERS = "“‘([{«\"'"
#: Unambiguous closers: a space before one of these is always wrong.
_CLOSERS = ",.;:!?)]}”’»"
#: Closing partner of each opening mark.
_PAIRS = {"“": "”", "‘": "’", "(": ")", "[": "]", "{": "}", "«": "»", '"': '"', "'": "'"}
_APOSTROPHES = "'’"

_ARTICLE_RE = re.compile(r"(?<![\w'’.-])(a|an|A|An|AN)(?=\s+[“‘\"'(\[]*[^\W_])")
_WORD_RE = re.compile(r"[^\W_][\w'’.&-]*")
_LAST_WORD_RE = re.compile(r"[^\W_][\w'’-]*$")

# --- vocabulary for the heuristics ------------------------------------------------------------

_DETERMINERS = frozenset(
    "a an the this that these those his her its their our my your some such another every each "
    "any no whose which what several many few both all most".split()
)
_CONTRACTIONS = frozenset(
    "it's that's he's she's there's here's what's who's where's how's let's".split()
)
_COPULAS = frozenset(
    "is was were are be been being am seem seems seemed look looks looked appear appears "
    "appeared become becomes became remain remains remained prove proves proved proven sound "
    "sounds sounded feel feels felt get gets got grow grows grew stay stays stayed".split()
) | _CONTRACTIONS
_INTENSIFIERS = frozenset(
    "very so too really truly rather quite most more less least not also still now already "
    "just even".split()
)
#: Adjectives the suffix rules miss (or would wrongly reject).
_ADJECTIVES = frozenset(
    """big bad old new cheap harsh weak bold brash vast rash crude cruel corrupt extreme rogue
    fringe hardline sham bogus fake phony false vile evil wild mad crazy dirty nasty shady greedy
    sleazy lazy angry bloody filthy shoddy hasty heavy hefty pricey risky dodgy shadowy murky
    long short huge tiny small large giant great poor rich young bitter secret nuclear radical
    brutal illegal lethal fatal partisan elitist racist fascist socialist communist leftist
    rightist extremist sexist populist nationalist globalist militant violent arrogant blatant
    flagrant incompetent belligerent decent urgent recent silent defiant extravagant ignorant
    rampant dominant vigilant insolvent virulent malevolent draconian authoritarian totalitarian
    orwellian utopian dystopian arbitrary reactionary revolutionary unnecessary sanguinary
    illegitimate legitimate desperate deliberate inadequate inappropriate inaccurate moderate
    obstinate unfortunate private corporate hostile futile volatile fragile rabid vapid lurid
    stupid sordid rigid timid splendid torrid putrid candid failed rigged botched sweeping
    staggering shocking damning crippling ailing failing unprecedented""".split()
)
#: Nouns that look like adjectives by their ending.
_NOUNS = frozenset(
    """official capital rival proposal trial hospital festival tribunal general individual
    signal journal terminal animal arrival approval withdrawal removal survival refusal
    referral rental metal canal portal pedal medal ritual manual mural scandal vandal cardinal
    admiral corporal marshal arsenal carnival funeral interval council public republic clinic
    music topic critic panic traffic logic mechanic magic fabric rhetoric cleric epidemic
    pandemic executive representative initiative incentive objective motive narrative
    alternative directive operative relative detective perspective archive collective drive
    olive native captive handful mouthful unless table cable vegetable constable timetable
    bible crucible fish dish wish parish radish relish hundred kindred during morning evening
    meeting building ruling hearing shooting bombing funding ceiling string spring wedding
    spending briefing uprising offering opening ending beginning gathering filing finding
    reading warning killing landing training setting crossing housing clothing polling painting
    feeling saying being nothing something anything everything sibling darling pudding parking
    lightning boxing rating ranking dealing sitting listing posting marketing lending timing
    wording lobbying voting liar scholar""".split()
)
_STRONG_SUFFIXES = ("ous", "ive", "ful", "less", "ible", "able", "ic", "ical", "ish", "esque",
                    "ular", "ilar", "iar")
_PARTICLES = frozenset("up in off out down over on back away by between law laws".split())

#: Capital letters whose spoken name starts with a vowel sound ("an FBI agent").
_AN_LETTERS = frozenset("AEFHILMNORSX")
#: Capitalised acronyms read as words, so the ordinary word rule applies ("a NATO summit").
_WORD_ACRONYMS = frozenset(
    "NATO NASA NASCAR OPEC UNESCO UNICEF FIFA UEFA SWAT AIDS ASEAN NAFTA FEMA OSHA ISIS ISIL "
    "NASDAQ OFCOM OXFAM INTERPOL UNITA".split()
)
#: Vowel-letter words that take "a" (a "you" or "w" sound).
_A_BEFORE_VOWEL = re.compile(
    r"(?:uni(?![nmd])|unanim|use|usu|usa|uti|uto|ute|ubiq|ukr|ura|ure|uri|uru|uga|uta"
    r"|eu|ewe|one(?:$|-|s$|self)|once)"
)
#: Consonant-letter words that take "an" (a silent h).
_AN_BEFORE_H = ("hour", "honest", "honor", "honour", "heir")


# --- public API -------------------------------------------------------------------------------


def substitute(text: str, start: int, end: int, replacement: str) -> str:
    """Return `text` with text[start:end] replaced by `replacement`, tidied.

    An empty (or all-space) `replacement` drops the span. Raises ValueError unless
    0 <= start < end <= len(text).
    """
    _check_span(text, start, end)
    return _apply(text, start, end, replacement, floor=0)


def substitute_many(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (start, end, replacement) edits right to left, tidying each.

    Offsets refer to the original `text`. Raises ValueError on a bad or overlapping span.
    """
    ordered = sorted(edits, key=lambda edit: (edit[0], edit[1]))
    for start, end, _ in ordered:
        _check_span(text, start, end)
    for (s1, e1, _), (s2, e2, _) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            raise ValueError(f"edits overlap: [{s1}, {e1}) and [{s2}, {e2}) share characters")
    result = text
    for i in range(len(ordered) - 1, -1, -1):
        start, end, replacement = ordered[i]
        # The tidying of this edit must not touch the text of the edit before it.
        floor = ordered[i - 1][1] if i else 0
        result = _apply(result, start, end, replacement, floor)
    return result


def _check_span(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"invalid span [{start}, {end}) for a text of {len(text)} characters: "
            "need 0 <= start < end <= len(text)"
        )


# --- the edit ---------------------------------------------------------------------------------


def _apply(text: str, start: int, end: int, replacement: str, floor: int) -> str:
    """Replace text[start:end]; edits left of `floor` are forbidden."""
    span = text[start:end]
    core_start = start + len(span) - len(span.lstrip())
    core_end = max(core_start, end - (len(span) - len(span.rstrip())))
    left, core, right = text[:core_start], text[core_start:core_end], text[core_end:]
    rep = replacement.strip()

    capitalise = _is_sentence_start(left) and _first_letter_is_upper(core)
    if rep:
        rep, right = _keep_possessive(left, core, rep, right)
    else:
        right = _drop_orphan_possessive(left, core, right)
        left, right = _tidy_drop(left, right, core, floor)

    out = left + rep + right
    lo = len(left)
    hi = lo + len(rep)
    article = re.search(r"(?<![\w'’.-])(?:a|an|A|An|AN)\s+[“‘\"'(\[]*$", left)
    out = _fix_articles(out, max(floor, article.start() if article else lo), hi)
    if capitalise:
        out = _capitalise_from(out, lo)  # nothing before `lo` but spaces and opening marks
    return out


def _keep_possessive(left: str, core: str, rep: str, right: str) -> tuple[str, str]:
    """Carry the possessive mark of the replaced word over to `rep`."""
    if len(core) < 2 or rep.endswith(("'s", "’s", "'", "’")):
        return rep, right
    if core.endswith(("'s", "’s")):
        mark = core[-2:]
        if rep.endswith("s") and not rep.endswith(("ss", "us", "is")):
            return rep + mark[0], right  # a plural: "the authorities' army"
        return rep + mark, right
    if core.endswith(("s'", "s’")) and not _quote_is_open(left + core[:-1], core[-1]):
        return rep + (core[-1] if rep.endswith("s") else core[-1] + "s"), right
    if core.endswith("s") and _is_bare_apostrophe(right) and not _quote_is_open(
        left + core, right[0]
    ):
        # The plural-possessive apostrophe lies outside the span: "protesters|' demands".
        if rep.endswith("s"):
            return rep, right
        return rep + right[0] + "s", right[1:]
    return rep, right


def _drop_orphan_possessive(left: str, core: str, right: str) -> str:
    """Remove a possessive mark whose owner was dropped: "the [regime]'s army" -> "the army"."""
    if right[:2] in ("'s", "’s") and (len(right) == 2 or not right[2].isalnum()):
        return right[2:]
    if core.endswith("s") and _is_bare_apostrophe(right) and not _quote_is_open(
        left + core, right[0]
    ):
        return right[1:]
    return right


def _is_bare_apostrophe(s: str) -> bool:
    return bool(s) and s[0] in _APOSTROPHES and (len(s) == 1 or not s[1].isalnum())


def _quote_is_open(before: str, mark: str) -> bool:
    """Whether `mark` right after `before` would close a single quotation, not mark a possessive."""
    if before[-1:] in ("‘", "'") and mark in _APOSTROPHES:
        return True
    if mark == "’":
        last = before.rfind("‘")
        return last >= 0 and re.search(r"’(?!\w)", before[last + 1 :]) is None
    openers = [m.start() for m in re.finditer(r"(?:^|(?<=[\s(\[“\"]))'(?=\w)", before)]
    if not openers:
        return False
    return re.search(r"(?<=\w)'(?!\w)", before[openers[-1] + 1 :]) is None


# --- tidying a dropped span -------------------------------------------------------------------


def _tidy_drop(left: str, right: str, dropped: str, floor: int) -> tuple[str, str]:
    """Mend hyphens, empty quotes, commas, conjunctions and spaces where a span was dropped."""
    left, right = _settle(left, right, floor, _mend_marks)
    left, right = _pick(left, right, floor, _mend_punctuation(left, right, dropped))
    left, right = _settle(left, right, floor, _mend_marks)  # “[Frankly],” -> “”
    return _settle(left, right, floor, _mend_spaces)


def _settle(
    left: str, right: str, floor: int, rules: Callable[[str, str], Iterator[tuple[str, str]]]
) -> tuple[str, str]:
    """Apply `rules` at the junction until nothing changes."""
    for _ in range(16):
        mended = _pick(left, right, floor, rules(left, right))
        if mended == (left, right):
            break
        left, right = mended
    return left, right


def _pick(
    left: str, right: str, floor: int, candidates: Iterator[tuple[str, str]]
) -> tuple[str, str]:
    """Return the first candidate that leaves left[:floor] alone, else the junction unchanged."""
    for new_left, new_right in candidates:
        if new_left[:floor] == left[:floor] and len(new_left) >= floor:
            return new_left, new_right
    return left, right


def _mend_marks(left: str, right: str) -> Iterator[tuple[str, str]]:
    """Yield the junction without a stray hyphen or an emptied pair of quotes or brackets."""
    lt, rt = left.rstrip(), right.lstrip()
    # "a [regime]-backed militia" -> "a backed militia"; "pro-[regime] rallies" -> "pro rallies"
    if right.startswith("-") and right[1:2].isalnum() and not left[-1:].isalnum():
        yield left, right[1:]
    if left.endswith("-") and left[-2:-1].isalnum() and not right[:1].isalnum():
        yield left[:-1], right
    # "called it “[outrageous]”." -> "called it."
    if lt and rt and _PAIRS.get(lt[-1]) == rt[0] and _ends_with_opener(lt):
        yield lt[:-1], rt[1:]


def _mend_punctuation(left: str, right: str, dropped: str) -> Iterator[tuple[str, str]]:
    """Yield the junction without a comma or conjunction the drop orphaned."""
    lt, rt = left.rstrip(), right.lstrip()
    left_ws = left[len(lt) :]
    conj = re.match(r"(?:and|or|nor)\b", rt)
    if rt.startswith(","):
        rest = rt[1:]
        if lt.endswith(","):
            if _modifier_list_left(lt[:-1], dropped, comma=True):
                if re.match(r"\s*(?:and|or|nor)\b", rest):
                    yield lt[:-1], rest  # "a costly, [reckless], and ill-conceived plan"
                yield left, rest  # "a costly, [reckless], ill-conceived plan" keeps one comma
            yield lt[:-1], rest  # "The plan, [shockingly], passed." -> "The plan passed."
        elif _orphan_right(lt, rest, dropped, comma=True):
            # "a [costly], ill-conceived plan"; "[Shockingly], the council"; and a serial comma
            # left with two items: "a [costly], reckless, and ill-conceived plan"
            yield left, re.sub(r"^(\s*[^\W_][\w'’-]*),(\s+(?:and|or)\s)", r"\1\2", rest)
    elif conj:
        if lt.endswith(",") and _modifier_list_left(lt[:-1], dropped, comma=False):
            yield lt[:-1] + left_ws, right  # "a costly, [reckless] and ill-conceived plan"
        elif _orphan_right(lt, rt[conj.end() :], dropped, comma=False):
            yield left, rt[conj.end() :]  # "a [costly] and ill-conceived plan"
    elif not rt or _starts_closing(rt):
        tail = re.search(r",?\s+(?:and|or|nor)$|,$", lt)
        if tail:
            yield lt[: tail.start()], right  # "It was, [frankly]."; "costly and [reckless]."
    else:
        tail = re.search(r",\s*(?:and|or|nor)$|\s+(?:and|or|nor)$|,$", lt)
        if tail and _modifier_list_left(lt[: tail.start()], dropped, comma="," in tail.group()):
            yield lt[: tail.start()] + (left_ws or " "), right  # "a costly, [ill-conceived] plan"


def _mend_spaces(left: str, right: str) -> Iterator[tuple[str, str]]:
    """Yield the junction without a doubled, leading or misplaced space."""
    lt, rt = left.rstrip(), right.lstrip()
    left_ws, right_ws = left[len(lt) :], right[: len(right) - len(rt)]
    if right_ws and (not lt.strip() or (not left_ws and (_clause_opening(lt) or lt[-1] in "—–"))):
        yield left, rt  # no space at the sentence start, after an opening mark or a closed dash
    if rt and _starts_closing(rt) and (left_ws or right_ws):
        yield lt, rt  # no space before closing punctuation
    if left_ws and right_ws:
        yield left, rt  # no doubled space
    if (not left_ws and not right_ws and lt and rt and (lt[-1].isalnum() or lt[-1] in _CLOSERS)
            and (rt[0].isalnum() or rt[0] in "“‘(")):
        yield left + " ", right  # the drop glued two words together


def _starts_closing(rt: str) -> bool:
    """Whether `rt` opens with closing punctuation (a straight quote judged by what follows)."""
    return bool(rt) and (rt[0] in _CLOSERS or (rt[0] in "\"'" and not rt[1:2].isalnum()))


def _clause_opening(lt: str) -> bool:
    return _is_sentence_start(lt) or _ends_with_opener(lt)


def _orphan_right(lt: str, rest: str, dropped: str, comma: bool) -> bool:
    """Whether a comma or conjunction opening `rest`'s side lost its left-hand member."""
    if _clause_start(lt):
        return True
    last = _LAST_WORD_RE.search(lt)
    if last and _determiner_like(last.group()):
        return True
    nxt = re.match(r"\s*([^\W_][\w'’-]*)(\s+[^\W\d_])?", rest)
    if not nxt or not _adjectival(nxt.group(1)) or not _adjectival(_last_word_of(dropped)):
        return False
    if comma:
        # Only between modifiers before a noun, never after a linking verb.
        return nxt.group(2) is not None and not _after_copula(lt)
    return True


def _modifier_list_left(before: str, dropped: str, comma: bool) -> bool:
    """Whether `before` ends with a modifier coordinated with the dropped one."""
    last = _LAST_WORD_RE.search(before.rstrip())
    if not last or last.end() != len(before) and before[last.end() :].strip():
        return False
    word, prefix = last.group(), before[: last.start()]
    if not _adjectival(word) or not _adjectival(_last_word_of(dropped)):
        return False
    initial = _clause_start(prefix.rstrip()) and (not prefix or prefix[-1:].isspace()
                                                  or prefix[-1] in _OPENERS)
    if word[0].isupper() and not initial:
        return False  # a proper noun: "In Harlow, [radical] activists"
    if initial and word.lower().endswith("ly"):
        return False  # a sentence adverb: "Predictably, [radical] activists"
    return not (comma and _after_copula(prefix))


def _after_copula(prefix: str) -> bool:
    """Whether `prefix` ends with a linking verb, maybe followed by intensifiers."""
    for token in reversed(re.findall(r"[\w'’]+", prefix[-80:].lower())):
        if token in _INTENSIFIERS or (token.endswith("ly") and len(token) > 4):
            continue
        return token.replace("’", "'") in _COPULAS
    return False


def _determiner_like(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    if lower in _DETERMINERS:
        return True
    return lower not in _CONTRACTIONS and (lower.endswith("'s") or lower.endswith("s'"))


def _adjectival(word: str) -> bool:
    """Guess from its form whether `word` is an adjective (a modifier)."""
    lower = word.lower().strip("'’")
    if lower in _ADJECTIVES:
        return True
    if lower in _NOUNS or not lower.isascii():
        return False
    if "-" in lower:
        return lower.rsplit("-", 1)[1] not in _PARTICLES
    if len(lower) < 4 or not lower.isalpha():
        return False
    if lower.endswith(_STRONG_SUFFIXES):
        return True
    if lower.endswith("ly"):
        return len(lower) > 4 and not lower.endswith(("ily", "lly", "bly", "ply", "oly", "aly",
                                                      "fly"))
    if lower.endswith("al") or lower.endswith("ing"):
        return len(lower) >= 5
    if lower.endswith("ed"):
        return len(lower) >= 5 and not lower.endswith("eed")
    return False


def _last_word_of(text: str) -> str:
    words = re.findall(r"[^\W_][\w'’-]*", text)
    return words[-1] if words else ""


def _clause_start(lt: str) -> bool:
    """Whether `lt` (no trailing space) ends where a clause begins."""
    if not lt or _is_sentence_start(lt):
        return True
    return lt[-1] in ".;:!?([{—–“‘«" or _ends_with_opener(lt)


def _is_sentence_start(left: str) -> bool:
    return all(ch.isspace() or ch in _OPENERS for ch in left)


def _ends_with_opener(lt: str) -> bool:
    """Whether `lt` ends with an opening quote or bracket (straight quotes judged by context)."""
    if not lt or lt[-1] not in _OPENERS:
        return False
    if lt[-1] in "\"'":
        return len(lt) == 1 or lt[-2].isspace() or lt[-2] in _OPENERS
    return True


# --- articles and capitals --------------------------------------------------------------------


def _fix_articles(text: str, lo: int, hi: int) -> str:
    """Make each article "a"/"an" starting in [lo, hi) agree with the word after it."""
    matches = [m for m in _ARTICLE_RE.finditer(text, lo) if m.start() < hi]
    for m in reversed(matches):
        article = m.group(1)
        if article[0].isupper() and not _clause_start(text[: m.start()].rstrip()):
            continue  # a capital "A" mid-sentence is a letter ("Plan A"), not an article
        following = _WORD_RE.search(text, m.end())
        if following is None:
            continue
        fixed = _agree(article, following.group())
        if fixed != article:
            text = text[: m.start()] + fixed + text[m.end() :]
    return text


def _agree(article: str, word: str) -> str:
    want_an = _wants_an(word)
    if want_an is None or want_an == (article.lower() == "an"):
        return article
    if want_an:
        return {"a": "an", "A": "An"}[article]
    return "A" if article[0].isupper() else "a"


def _wants_an(word: str) -> bool | None:
    """Whether `word` takes "an"; None when the heuristic cannot tell."""
    if word[0].isdigit():
        digits = re.match(r"[\d,]+", word)
        number = digits.group().replace(",", "") if digits else ""
        return word[0] == "8" or (number[:2] in ("11", "18") and len(number) in (2, 5, 8))
    head = re.match(r"[A-Za-z.]+", word)
    if head is None:
        return None
    letters = head.group().replace(".", "")
    if not letters:
        return None
    acronym = letters.isupper() and (len(letters) > 1 or len(word) == 1 or word[1:2] in ("-", "."))
    if acronym and letters not in _WORD_ACRONYMS:
        return letters[0] in _AN_LETTERS
    lower = letters.lower()
    if lower.startswith(_AN_BEFORE_H):
        return True
    if _A_BEFORE_VOWEL.match(lower):
        return False
    return lower[0] in "aeiou"


def _first_letter_is_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
    return False


def _capitalise_from(text: str, pos: int) -> str:
    """Upper-case the first letter at or after `pos`, skipping only spaces and opening marks."""
    for i in range(pos, len(text)):
        ch = text[i]
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :] if ch.islower() else text
        if not (ch.isspace() or ch in _OPENERS):
            return text
    return text


# -- the counterfactual stage --------------------------------------------------------------
