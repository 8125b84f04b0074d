"""The term matcher of stage 2: a trie of the lexicon's terms, walked over a parsed text.

Each term word matches a token whose lowercase form or lemma equals it, so one entry in
base form covers every inflection ("union boss" -> "Union bosses"). Hyphens are optional
on both sides ("job-killing" matches "job killing" and the other way round), and a term
written closed matches its hyphenated and open spellings ("fearmongering", "fear-mongering",
"fear mongering"). A verb
term takes its object between its words ("watered the bill down", "held commuters to
ransom"). ``<name>`` matches a run of up to :data:`MAX_NAME_TOKENS` proper nouns. Context
rules veto neutral senses ("tax regime", "a figurehead on the ship's bow").

:mod:`framing.stages.match` turns the matches into terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lemminflect import getAllLemmas
from spacy.language import Language
from spacy.tokens import Doc, Token

from framing.lexicon import NAME_SLOT, Lexicon, LexiconEntry
from framing.nlp.segment import doc_text

#: Longest run of proper-noun tokens the ``<name>`` slot takes ("Nicolás Maduro Moros").
MAX_NAME_TOKENS = 4

_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_SLOT = "\x00slot"
_OPT_HYPHEN = "\x00hyphen"
_GAP = "\x00gap"

#: Particles of two-word verb terms ("water down", "lash out"): the object may stand between
#: verb and particle ("watered the bill down"), up to :data:`MAX_PARTICLE_GAP` tokens of a
#: noun phrase (parts of speech in ``_GAP_POS``, and the possessive "'s": "held London's
#: commuters to ransom").
PARTICLES = frozenset({"up", "down", "out", "off", "in", "over", "through", "back", "away",
                       "aside", "on"})
#: Second words of a verb idiom that can follow its object ("hold <them> to ransom",
#: "sell <workers> down the river", "haul <the board> over the coals").
OBJECT_PREPOSITIONS = PARTICLES | {"to", "into", "out", "under", "at", "by"}
MAX_PARTICLE_GAP = 4
#: Words a term needs before one modifier may stand inside it (see ``TermMatcher._walk``).
MIN_WORDS_FOR_INSERTION = 3
_GAP_POS = frozenset({"DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM"})


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[LexiconEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A possible match before overlap resolution (token span ``[start, end)``)."""

    start: int
    end: int
    start_char: int
    end_char: int
    entry: LexiconEntry
    slot_text: str = ""


def _token_keys(token: Token) -> set[str]:
    """The strings a token matches a term word by: its lowercase form and lemma.

    A lowercase word the tagger took for a proper noun ("slammed" after a title), or a plural
    one ("Marxists"), gets no real lemma from spaCy, so every lemma lemminflect knows for it
    is added, as for the second half of a hyphenated compound ("strong-armed"). British
    spelling doubles a final l before -ed and -ing ("funnelled", "backpedalling"), which the
    lemmatiser does not undo: the single-l stem is added. An inflected verb or plural noun
    also gets lemminflect's lemmas for its part of speech.
    """
    lower = token.lower_.replace("\u2019", "'")
    keys = {lower, token.lemma_.lower().replace("\u2019", "'")}
    for suffix in ("lled", "lling"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 3:
            keys.add(lower[: 1 - len(suffix)])
    after_hyphen = token.i > 0 and token.doc[token.i - 1].text in _HYPHENS
    if after_hyphen or (token.pos_ == "PROPN" and (token.text[:1].islower()
                                                    or token.tag_ == "NNPS")):
        # also a capitalised plural label the tagger took for a name ("Marxists")
        for lemmas in getAllLemmas(lower).values():
            keys.update(lemmas)
    elif token.tag_ in _INFLECTED_TAGS or (token.tag_ == "NN" and lower.endswith("s")):
        # the lemmatiser's rules slip on some doubled consonants ("gutting" -> "gutte"), and
        # the tagger takes some plurals for singulars ("the tech oligarchs"): lemminflect's
        # lemmas for the token's own part of speech are added
        keys.update(getAllLemmas(lower).get(token.pos_, ()))
    elif token.tag_ == "JJ" and lower.endswith(("ed", "ing")):
        # a participle tagged as an adjective ("a handpicked panel", "has been treading
        # water") also has its verb
        keys.update(getAllLemmas(lower).get("VERB", ()))
    if token.is_sent_start and token.tag_ == "NNP" and lower.endswith("s") \
            and not lower.endswith("ss") and len(lower) > 3:
        # a plural at the start of a sentence the tagger took for a name, which no
        # lemmatiser knows ("Yobs smashed ..."): the singular is added
        keys.add(lower[:-3] + "y" if lower.endswith("ies") else lower[:-1])
    # an idiom's pronoun follows its subject: "shoot themselves in the foot" finds "shot
    # himself in the foot", "blood on their hands" finds "blood on its hands"
    if lower in _REFLEXIVES:
        keys.update(_REFLEXIVES)
    elif token.tag_ == "PRP$" and lower in _POSSESSIVES:
        keys.update(_POSSESSIVES)
    return keys


_REFLEXIVES = frozenset("myself yourself himself herself itself oneself ourselves yourselves "
                        "themselves themself".split())
_POSSESSIVES = frozenset("my your his her its one's our their".split())


#: Tags of inflected verbs and plural nouns, whose lemmas lemminflect double-checks.
_INFLECTED_TAGS = frozenset({"VBD", "VBG", "VBN", "VBZ", "NNS"})

#: Second words that make an open pair something other than a closed compound written
#: apart ("fear less", "shame fully", "dictator ship").
_NOT_SECOND_HALF = frozenset({"less", "ful", "fully", "ly", "ally", "ably", "able", "like",
                              "ship", "ness"})


def _bare(token: Token) -> bool:
    """Whether a token is written uninflected, as the first part of a compound is."""
    return token.tag_ not in _INFLECTED_TAGS and token.tag_ != "NNPS"


def _in_compound(doc: Doc, start: int, end: int, limit: int) -> bool:
    """Whether a match of several words ends inside a hyphenated compound: its last word is
    joined by a hyphen to the next one, so the phrase is not what the text says ("the left"
    in "the left-leaning"; a one-word term keeps its sense: "Democrat-controlled"). A term
    never ends on a hyphen ("the left-")."""
    last = doc[end - 1]
    if last.text in _HYPHENS:
        return True
    return (end - start > 1 and end + 1 < limit and doc[end].text in _HYPHENS
            and not last.whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha)


def _open_gerund(doc: Doc, start: int, end: int, term: str) -> bool:
    """Whether a hyphenated term matched in its open spelling by a gerund its own last word
    is not: "Democrat running" is not "Democrat-run" (while "job killing" is "job-killing",
    and "hard liners" "hard-liner")."""
    last = doc[end - 1]
    return ("-" in term and last.tag_ == "VBG" and not term.endswith("ing")
            and not any(t.text in _HYPHENS for t in doc[start:end]))


def _plural_before_verb(doc: Doc, end: int, limit: int) -> bool:
    """Whether a match ends on a plural noun followed by a verb ("Illegals crossing the
    Channel"): the next word is then its predicate, not the head of a compound, so a
    ``not_before`` rule written for the compound ("illegal crossings") does not apply."""
    return (end < limit and doc[end - 1].tag_ in ("NNS", "NNPS")
            and doc[end].tag_ in ("VBG", "VBD", "VBZ", "VBP"))


def _open_halves(first: Token, second: Token) -> bool:
    """Whether two tokens may be a closed compound written open ("fear mongering", "hand
    picked"): two words of letters, a space between them, neither a stop word, the second
    not a particle or suffix-like word."""
    return (first.is_alpha and second.is_alpha and first.whitespace_ == " "
            and not first.is_stop and not second.is_stop
            and second.lower_ not in PARTICLES and second.lower_ not in _NOT_SECOND_HALF
            and len(first) > 2 and len(second) > 2)


def _phrase_re(words: Iterable[str]) -> re.Pattern[str] | None:
    phrases = sorted((w for w in words if not w.isalnum()), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


class TermMatcher:
    """A lexicon compiled into a token trie for one spaCy pipeline's tokenizer."""

    def __init__(self, lexicon: Lexicon, nlp: Language) -> None:
        self.lexicon = lexicon
        self.root = _Node()
        self._phrases: dict[int, dict[str, re.Pattern[str] | None]] = {}
        for entry in lexicon.entries:
            for path in self._paths(self._term_tokens(entry.term, nlp)):
                node = self.root
                for key in path:
                    node = node.children.setdefault(key, _Node())
                node.entries.append(entry)
            ctx = entry.context
            self._phrases[id(entry)] = {
                "not_after": _phrase_re(ctx.not_after),
                "not_before": _phrase_re(ctx.not_before),
                "before": _phrase_re(ctx.before),
                "not_near": _phrase_re(ctx.not_near),
                "near": _phrase_re(ctx.near),
            }

    @staticmethod
    def _term_tokens(term: str, nlp: Language) -> list[str]:
        """Trie keys of a term. A hyphen between two content words, or between a content
        word and a particle after it, is optional ("job-killing" ~ "job killing",
        "trickle-down" ~ "trickle down"); next to another stop word it is required, so
        "would-be" never matches "would be"."""
        keys: list[str] = []
        for word in term.split():
            if word == NAME_SLOT:
                keys.append(_SLOT)
                continue
            keys.extend(t.lower_.replace("\u2019", "'") for t in nlp.tokenizer(word))
        stop = nlp.Defaults.stop_words
        for k in range(1, len(keys) - 1):
            if keys[k] in _HYPHENS and keys[k - 1] not in stop and (
                keys[k + 1] not in stop or keys[k + 1] in PARTICLES
            ):
                keys[k] = _OPT_HYPHEN
        return keys

    @staticmethod
    def _paths(keys: list[str]) -> list[list[str]]:
        """The trie paths of a term: its keys; for a compound with an optional hyphen also
        the closed form ("narco-state" ~ "narcostate"); a verb + particle term allows a gap
        ("water down" ~ "watered the bill down")."""
        if len(keys) == 2 and keys[1] in PARTICLES:
            return [[keys[0], _GAP, keys[1]]]
        if len(keys) > 2 and keys[1] in OBJECT_PREPOSITIONS:
            # a verb idiom with its object inside ("held commuters to ransom", "sold
            # workers down the river"); the gap is only taken after a verb
            return [[keys[0], _GAP, *keys[1:]]]
        paths = [keys]
        if _OPT_HYPHEN in keys:
            closed: list[str] = []
            k = 0
            while k < len(keys):
                if keys[k] == _OPT_HYPHEN and closed and k + 1 < len(keys):
                    closed[-1] += keys[k + 1]
                    k += 2
                else:
                    closed.append(keys[k])
                    k += 1
            paths.append(closed)
        return paths

    # -- finding -------------------------------------------------------------------------

    def candidates(
        self, doc: Doc, neutral_senses: list[tuple[int, int]] | None = None,
        literal_senses: list[tuple[int, int]] | None = None,
    ) -> list[Candidate]:
        """Every context-valid match in ``doc``, overlapping ones included. The character
        spans of matches a context rule rejects (a lexicon term in its neutral sense:
        "crushed garlic") are appended to ``neutral_senses`` when it is given, and those a
        ``not_near`` rule rejects also to ``literal_senses`` (a word of the sentence says it
        is about the term's literal domain: cooking, shipping, medicine)."""
        keys = [_token_keys(t) for t in doc]
        found: list[Candidate] = []
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                if doc[i].is_space:
                    continue
                for end, entry, slot in self._matches_at(doc, keys, i, sent.end):
                    if end <= i or _in_compound(doc, i, end, sent.end) \
                            or _open_gerund(doc, i, end, entry.term):
                        continue
                    cand = Candidate(
                        start=i,
                        end=end,
                        start_char=doc[i].idx,
                        end_char=doc[end - 1].idx + len(doc[end - 1].text),
                        entry=entry,
                        slot_text=doc[slot[0] : slot[1]].text if slot else "",
                    )
                    veto = self._context_veto(doc, keys, cand, sent.start, sent.end)
                    if veto is None:
                        found.append(cand)
                        continue
                    if neutral_senses is not None:
                        neutral_senses.append((cand.start_char, cand.end_char))
                    if veto == "not_near" and literal_senses is not None:
                        literal_senses.append((cand.start_char, cand.end_char))
        # a token's keys are a set, so the walk's order follows string hashing; where two
        # entries match the same span ("crushing" and "crush"), the one written as the text
        # is written wins, then the earlier line, whatever the process's hash seed
        found.sort(key=lambda c: (c.start, c.end, c.entry.term != doc[c.start:c.end].text.lower(),
                                  c.entry.line))
        return found

    def _matches_at(
        self, doc: Doc, keys: list[set[str]], i: int, limit: int
    ) -> Iterable[tuple[int, LexiconEntry, tuple[int, int] | None]]:
        """Every match starting at token ``i``; a closed term also matches its hyphenated
        spelling ("fear-mongering" for "fearmongering", "hard-liners" for "hardliner") and
        its open one ("fear mongering"), but not where the second word is a stop word, a
        particle or a suffix-like word: "give away" is not "giveaway", nor "fear less"
        "fearless"."""
        yield from self._walk(doc, keys, self.root, i, limit, None)
        if i + 2 < limit and doc[i + 1].text in _HYPHENS and not doc[i].whitespace_ \
                and not doc[i + 1].whitespace_ and doc[i].is_alpha:
            for second in keys[i + 2]:
                node = self.root.children.get(doc[i].lower_ + second)
                if node is not None:
                    yield from self._walk(doc, keys, node, i + 3, limit, None)
        if i + 1 < limit and _open_halves(doc[i], doc[i + 1]):
            for second in keys[i + 1]:
                node = self.root.children.get(doc[i].lower_ + second)
                if node is not None:
                    yield from self._walk(doc, keys, node, i + 2, limit, None)

    def _walk(
        self,
        doc: Doc,
        keys: list[set[str]],
        node: _Node,
        j: int,
        limit: int,
        slot: tuple[int, int] | None,
        inserted: bool = False,
    ) -> Iterable[tuple[int, LexiconEntry, tuple[int, int] | None]]:
        for entry in node.entries:
            if not inserted or len(entry.term.split()) >= MIN_WORDS_FOR_INSERTION:
                yield j, entry, slot
        if j >= limit:
            return
        token = doc[j]
        for key in keys[j]:
            child = node.children.get(key)
            if child is not None:
                yield from self._walk(doc, keys, child, j + 1, limit, slot, inserted)
        if not inserted and node is not self.root and token.pos_ in ("ADJ", "ADV", "NUM") \
                and (token.is_alpha or token.like_num) and doc[j - 1].whitespace_ \
                and token.whitespace_ \
                and j + 1 < limit and doc[j + 1].pos_ not in ("VERB", "AUX") \
                and any(node.children[k].children or doc[j + 1].pos_ not in ("NOUN", "PROPN")
                        for k in keys[j + 1] if k in node.children):
            # one modifier or number inside an idiom of three or more words, before a noun
            # or a preposition ("throw more money at", "kicked the can further down the
            # road", "shipped 3,000 jobs overseas");
            # never inside a two-word term, so "fat old cat" is not "fat cat", nor before a
            # verb, where an adverb is the frame's own ("it is widely believed"), nor before
            # the term's last noun, which it would make another noun ("in the dry dock" is
            # not "in the dock")
            yield from self._walk(doc, keys, node, j + 1, limit, slot, True)
        optional = node.children.get(_OPT_HYPHEN)
        if optional is not None:
            if token.text in _HYPHENS:
                yield from self._walk(doc, keys, optional, j + 1, limit, slot, inserted)
            elif _bare(doc[j - 1]):
                # the term's hyphen is left out in the text ("job killing"), but the first
                # part of a compound is never inflected: "Democrats running" is not
                # "Democrat-run"
                yield from self._walk(doc, keys, optional, j, limit, slot, inserted)
        if node is not self.root and token.text in _HYPHENS:
            # the text has a hyphen the term leaves out ("tax-giveaway"), also where another
            # term has a hyphen after the same word ("gun-lobby" with "gun-toting", "cash-grab"
            # with "cash-for-access")
            yield from self._walk(doc, keys, node, j + 1, limit, slot, inserted)
        if node is not self.root and node.children and token.tag_ == "POS" and j + 1 < limit:
            # a possessive inside a term ("the billionaires' tax cut" for "billionaire tax
            # cut"): skipped, but a term never ends on it
            for end, entry, s in self._walk(doc, keys, node, j + 1, limit, slot, inserted):
                if end > j + 1:
                    yield end, entry, s
        gap_child = node.children.get(_GAP)
        if gap_child is not None:
            yield from self._walk(doc, keys, gap_child, j, limit, slot, inserted)
            k = j
            if j > 0 and doc[j - 1].pos_ == "VERB":
                while k < limit and k - j < MAX_PARTICLE_GAP and (
                        doc[k].pos_ in _GAP_POS or doc[k].tag_ == "POS"):
                    k += 1
                    yield from self._walk(doc, keys, gap_child, k, limit, slot, inserted)
        slot_child = node.children.get(_SLOT)
        if slot_child is not None:
            k = j
            while k < limit and k - j < MAX_NAME_TOKENS and doc[k].pos_ == "PROPN":
                k += 1
                yield from self._walk(doc, keys, slot_child, k, limit, (j, k), inserted)

    def _context_veto(
        self, doc: Doc, keys: list[set[str]], cand: Candidate, s_start: int, s_end: int
    ) -> str | None:
        """The context rule that rejects the match (``None``: the match stands)."""
        ctx = cand.entry.context
        if not ctx:
            return None
        phrases = self._phrases[id(cand.entry)]
        sent_start_char = doc[s_start].idx
        sent_end_char = doc[s_end - 1].idx + len(doc[s_end - 1].text)
        if ctx.pos and not _pos_allowed(doc[cand.end - 1], ctx.pos):
            return "pos"
        if ctx.not_after:
            if cand.start > s_start and keys[cand.start - 1] & ctx.not_after:
                return "not_after"
            before = doc_text(doc)[sent_start_char : cand.start_char].lower().rstrip()
            pat = phrases["not_after"]
            if pat is not None and any(m.end() == len(before) for m in pat.finditer(before)):
                return "not_after"
        if ctx.after and not self._after(doc, keys, cand, s_start, ctx.after):
            return "after"
        if ctx.not_before and not _plural_before_verb(doc, cand.end, s_end) and \
                self._followed_by(doc, keys, cand, s_end, ctx.not_before,
                                  phrases["not_before"], sent_end_char):
            return "not_before"
        if ctx.before and not self._followed_by(doc, keys, cand, s_end, ctx.before,
                                                phrases["before"], sent_end_char):
            return "before"
        sentence = doc_text(doc)[sent_start_char:sent_end_char].lower()
        if ctx.not_near and self._near(keys, cand, s_start, s_end, ctx.not_near,
                                       phrases["not_near"], sentence):
            return "not_near"
        if ctx.near and not self._near(keys, cand, s_start, s_end, ctx.near, phrases["near"],
                                       sentence):
            return "near"
        return None

    @staticmethod
    def _after(doc: Doc, keys: list[set[str]], cand: Candidate, s_start: int,
               words: frozenset[str]) -> bool:
        """Whether the token right before the match is one of ``words`` (``^``: the match
        opens its sentence, after an opening quote mark or bracket at most)."""
        k = cand.start - 1
        while k >= s_start and doc[k].is_punct and (doc[k].is_quote or doc[k].is_left_punct):
            k -= 1
        if k < s_start:
            return "^" in words
        return bool(keys[cand.start - 1] & words)

    @staticmethod
    def _followed_by(
        doc: Doc,
        keys: list[set[str]],
        cand: Candidate,
        s_end: int,
        words: frozenset[str],
        phrase_pattern: re.Pattern[str] | None,
        sent_end_char: int,
    ) -> bool:
        """Whether the token (or phrase) right after the match, in its sentence, is one of
        ``words``."""
        if cand.end < s_end and keys[cand.end] & words:
            return True
        after = doc_text(doc)[cand.end_char : sent_end_char].lower().lstrip()
        return phrase_pattern is not None and phrase_pattern.match(after) is not None

    @staticmethod
    def _near(
        keys: list[set[str]],
        cand: Candidate,
        s_start: int,
        s_end: int,
        words: frozenset[str],
        phrase_pattern: re.Pattern[str] | None,
        sentence: str,
    ) -> bool:
        """Whether a word (or phrase) of ``words`` occurs in the sentence outside the match
        (the object inside a split verb + particle, "propped the door up", is outside it)."""
        gap = object_gap(cand)
        for k in range(s_start, s_end):
            inside = cand.start <= k < cand.end and not (gap and gap[0] <= k < gap[1])
            if not inside and keys[k] & words:
                return True
        return phrase_pattern is not None and phrase_pattern.search(sentence) is not None


def object_gap(cand: Candidate) -> tuple[int, int] | None:
    """The tokens of the object inside a verb term split by it ("watered the bill down",
    "held commuters to ransom"): they belong to the sentence, not the term. None when the
    match is not split."""
    words = cand.entry.term.split()
    if len(words) < 2 or words[1] not in (PARTICLES if len(words) == 2 else OBJECT_PREPOSITIONS):
        return None
    n_gap = (cand.end - cand.start) - len(words)
    return (cand.start + 1, cand.start + 1 + n_gap) if n_gap > 0 else None


def _pos_allowed(token: Token, allowed: frozenset[str]) -> bool:
    """Whether a token's part of speech fits a ``pos`` context rule.

    Two tagger habits of the small English model are forgiven: a lowercase word tagged PROPN
    (a verb such as "slammed" after a title) fits any rule, and a participle tagged VERB
    ("the supposed savings") fits a rule that allows ADJ.
    """
    if token.pos_ in allowed:
        return True
    if token.pos_ == "PROPN" and token.text[:1].islower():
        return True
    return "ADJ" in allowed and token.tag_ in ("VBN", "VBG")
