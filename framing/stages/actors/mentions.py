"""Mentions: the article being read, the people, organisations, countries and places the
entity recogniser names, governments named by a head noun, and groups named by a noun."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from spacy.tokens import Doc, Span, Token

from framing.nlp.names import ends_with, glued_words, is_title, strip_titles
from framing.records import ActorLabel, ActorType, TermMatch
from framing.stages.actors.rules import (
    _DETERMINERS,
    _NOUNS,
    _POSSESSIVE,
    NAME_TYPO_MIN_RATIO,
    ActorRules,
)
from framing.stages.attribution.rules import Rules


@dataclass
class _Mention:
    lo: int  # token range
    hi: int
    root: int
    key: tuple[str, str]
    type: ActorType
    name: str


@dataclass
class _Article:
    """One article being read: its mentions, indexed by token, and the labels found."""

    doc: Doc
    text: str
    mentions: list[_Mention] = field(default_factory=list)
    by_token: dict[int, list[_Mention]] = field(default_factory=dict)
    labels: dict[tuple[str, str], list[ActorLabel]] = field(default_factory=dict)
    # the name attribution resolved a pronoun source to, by the pronoun's first character
    resolved: dict[int, str] = field(default_factory=dict)
    # (first token, title, person mention) of each person named with a title before the name
    titled: list[tuple[int, str, _Mention]] = field(default_factory=list)

    def add(self, m: _Mention) -> _Mention:
        self.mentions.append(m)
        for i in range(m.lo, m.hi):
            self.by_token.setdefault(i, []).append(m)
        return m

    def at(self, token: Token) -> _Mention | None:
        """The mention a token belongs to: the one it heads, else the narrowest holding it."""
        found = self.by_token.get(token.i)
        if not found:
            return None
        rooted = [m for m in found if m.root == token.i]
        return min(rooted or found, key=lambda m: m.hi - m.lo)


def _trimmed(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """A token range without leading determiners and punctuation, or a trailing possessive."""
    while lo < hi and (doc[lo].lower_ in _DETERMINERS or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (
        doc[hi - 1].text in _POSSESSIVE or doc[hi - 1].is_punct or doc[hi - 1].is_space
    ):
        hi -= 1
    return lo, hi


class _People:
    """The people the article names (by the entity recogniser), and the full name each
    shorter or misspelt name stands for."""

    def __init__(self, names: Iterable[str]) -> None:
        full: dict[str, str] = {}
        for name in names:
            full.setdefault(name.lower(), name)
        self.names = sorted(full.values(), key=lambda n: (-len(n.split()), n))

    def resolve(self, name: str) -> str | None:
        """The longest known name ending with ``name`` ("Maduro" -> "Nicolás Maduro"), else
        one whose last words are a near spelling of it ("El Aisammi" -> "Tareck El
        Aissami"); ``None`` when no known person fits."""
        words = name.lower().split()
        if not words:
            return None
        for full in self.names:
            f = full.lower().split()
            if ends_with(f, words):
                return full
        joined = " ".join(words)
        for full in self.names:
            f = full.lower().split()
            if len(f) < len(words):
                continue
            tail = " ".join(f[-len(words) :])
            if (
                len(joined) >= 5
                and tail[0] == joined[0]
                and SequenceMatcher(None, tail, joined).ratio() >= NAME_TYPO_MIN_RATIO
            ):
                return full
        return None


#: Words a title-case headline leaves in lowercase.
_HEADLINE_SMALL = frozenset(
    "a an and as at but by for from in into of on or over the to up vs with".split()
)


def _is_headline(sent: Span) -> bool:
    """A title-case line ("Marevia's Socialist Regime Signs Away Refinery Stake"): at least
    four words, and every word but the small ones capitalised."""
    words = [t.text for t in sent if t.is_alpha]
    big = [w for w in words if w.lower() not in _HEADLINE_SMALL]
    return len(words) >= 4 and bool(big) and all(w[0].isupper() for w in big)


def _entities(
    rules: ActorRules, name_rules: Rules, art: _Article, ents: Sequence[tuple[int, int, str]]
) -> _People:
    """The mentions of the people, organisations, countries, places and groups the entity
    recogniser found (``ents``), added to ``art``; the people it names, for resolving."""
    doc = art.doc
    spans: list[tuple[Span, str]] = []
    for a, b, label in ents:
        if label not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        lo, hi = _trimmed(doc, span.start, span.end)
        if lo < hi:
            spans.append((doc[lo:hi], label))
    titles = name_rules.titles
    headline = {s.start for s in doc.sents if _is_headline(s)}
    people = _People(
        " ".join(_name(name_rules, span)) for span, label in spans
        if label == "PERSON" and span.sent.start not in headline
    )
    for span, label in spans:
        words = _name(name_rules, span)
        if not words:
            continue
        name = " ".join(words)
        low = name.lower()
        if span.sent.start in headline and low not in rules.country_of and (
            people.resolve(name) is None
        ):
            continue  # in a title-case headline every word looks like a name
        kind: ActorType
        country = rules.country_of.get(low)
        full = people.resolve(name) if len(words) <= 3 else None
        if label == "NORP":
            # "Venezuelans" is a group; the adjective "Venezuelan" names no actor itself
            if span.root.pos_ not in _NOUNS or span.root.dep_ in ("amod", "compound"):
                continue
            country = rules.people_of.get(low)
            kind, key = "group", ("group", country.lower() if country else low)
        elif country is not None:
            kind, key, name = "country", ("country", country.lower()), country
        elif label == "PERSON" or (
            full is not None and all(t.pos_ == "PROPN" for t in span)
        ):
            # a short name the recogniser took for a place or a body ("El Aissami")
            name = full or name
            kind, key = "person", ("person", name.lower())
        elif label == "GPE":
            kind, key = "place", ("place", low)
        else:
            kind, key = "organization", ("organization", low)
        m = art.add(_Mention(span.start, span.end, span.root.i, key, kind, name))
        if kind == "person":
            # "President Donald Trump", "Energy Minister Lucía Barrientos": a later "the
            # president" or "the minister" can stand for this person
            roles = titles | name_rules.definite_roles
            i = span.start
            while i > 0 and is_title(doc[i - 1].lower_, roles):
                i -= 1
                art.titled.append((span.start, doc[i].lemma_.lower().rstrip("."), m))
            for t in span:
                if is_title(t.lower_, titles):
                    art.titled.append((span.start, t.lemma_.lower().rstrip("."), m))
    return people

def _name(name_rules: Rules, span: Span) -> list[str]:
    """A name's words without its titles or a possessive ending."""
    words = strip_titles(list(span), name_rules.titles)
    while words and words[-1] in _POSSESSIVE:
        words.pop()
    return [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words]

def _government_of(
    rules: ActorRules, art: _Article, head: Token, people: _People
) -> tuple[tuple[str, str], str] | None:
    """The key and name of the government a head noun names, from the country or
    person that modifies it ("Venezuelan", "Maduro", "of Nicolás Maduro",
    "Venezuela's"); ``None`` for a bare one ("the regime")."""
    namers: list[Token] = []
    for c in head.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            namers.append(c)
        elif c.dep_ == "prep" and c.lower_ == "of":
            namers += [p for p in c.children if p.dep_ == "pobj"]
    for c in namers:
        country = rules.country_of.get(c.text.lower())
        if c.pos_ == "PROPN":
            lo = c.i
            while lo > 0 and art.doc[lo - 1].pos_ == "PROPN" and art.doc[lo - 1].head.i == c.i:
                lo -= 1
            name = " ".join(glued_words(art.doc[lo : c.i + 1]))
            country = rules.country_of.get(name.lower(), country)
            if country is None:
                full = people.resolve(name)
                if full is None:
                    m = art.at(c)
                    if m is not None and m.type == "person":
                        full = m.name
                if full is not None:
                    return ("government", "person:" + full.lower()), f"{full}'s government"
        if country is not None:
            # named as written when that is an adjective of the country ("U.S."), else
            # by its main adjective ("Venezuela's" -> "Venezuelan")
            written = c.text if c.pos_ != "PROPN" or c.text.isupper() else ""
            adjective = written if rules.country_of.get(written.lower()) == country and (
                written.lower() != country.lower()
            ) else rules.adjective_of[country]
            return ("government", country.lower()), f"{adjective} government"
    return None

def _governments(
    rules: ActorRules, art: _Article, people: _People, terms: Sequence[TermMatch]
) -> None:
    """The mentions of governments, by a head noun ("the regime", "the administration"),
    added to ``art``; a bare one stands for the latest government named before it."""
    doc = art.doc
    in_terms = {i for t in terms for i in _token_range(doc, t.start_char, t.end_char)}
    found: list[tuple[Token, int, int, tuple[tuple[str, str], str] | None]] = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in rules.government_heads:
            continue
        if tok.dep_ == "compound" and tok.head.pos_ in _NOUNS:
            continue  # "government administration": the head noun is the mention
        named = _government_of(rules, art, tok, people)
        if named is None:
            common = any(
                c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN" for c in tok.children
            )
            if common or (tok.lemma_.lower() in rules.needs_name and tok.i not in in_terms):
                continue  # "the hospital administration", "the tax regime"
        lo = tok.i
        for c in tok.lefts:
            if c.dep_ not in ("det", "predet", "punct"):
                lo = min(lo, c.left_edge.i)
        hi = tok.i + 1
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ == "of" and named is not None:
                hi = max(hi, c.right_edge.i + 1)
        lo, hi = _trimmed(doc, lo, hi)
        found.append((tok, lo, max(hi, tok.i + 1), named))
    named_at = [
        (tok.i, " ".join(glued_words(doc[lo:hi])).lower(), n)
        for tok, lo, hi, n in found if n is not None
    ]
    for tok, lo, hi, named in found:
        if named is None:
            # the latest government named before it, preferring one written with the
            # same words ("the socialist regime" after "the Venezuelan socialist regime")
            words = " ".join(glued_words(doc[lo:hi])).lower()
            before = [n for i, _, n in named_at if i < tok.i]
            same = [n for i, w, n in named_at if i < tok.i and w.endswith(words)]
            before = same or before
            after = [n for i, _, n in named_at if i > tok.i]
            named = before[-1] if before else after[0] if after else (
                ("government", ""), "government")
        key, name = named
        art.add(_Mention(lo, hi, tok.i, key, "government", name))

def _group(
    rules: ActorRules, name_rules: Rules, art: _Article, tok: Token, exclude: set[int]
) -> _Mention | None:
    """A mention for a common noun that names people ("the protesters"), keyed by its
    lemma with its noun compounds ("climate protesters"), leaving out the words of the
    term that labels it (``exclude``)."""
    doc = art.doc
    lemma = tok.lemma_.lower()
    if tok.pos_ not in _NOUNS or not (
        lemma in rules.group_nouns or tok.lower_ in rules.group_nouns
        or lemma in name_rules.definite_roles
    ):
        return None
    lo = tok.i
    while (
        lo > 0
        and doc[lo - 1].dep_ == "compound"
        and doc[lo - 1].head.i in (tok.i, lo)
        and lo - 1 not in exclude
        and (lo < 2 or doc[lo - 2].whitespace_)  # not the end of "Far-Right"
    ):
        lo -= 1
    words = _group_words(doc[lo : tok.i + 1])
    key_words = [t.lemma_.lower() for t in doc[lo : tok.i + 1]]
    return art.add(
        _Mention(lo, tok.i + 1, tok.i, ("group", " ".join(key_words)), "group",
                 " ".join(words))
    )


def _group_words(tokens: Span) -> list[str]:
    """A group's words: lowercase, except proper nouns not at the start of a sentence
    ("Riot police" -> "riot police", "NATO troops" stays)."""
    return [
        t.text if t.pos_ == "PROPN" and (not t.is_sent_start or t.text.isupper()) else t.lower_
        for t in tokens
    ]


def _token_range(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)
