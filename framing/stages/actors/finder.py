"""Actors: who the article talks about, and which loaded terms it attaches to each of them.

::

    parse + entities -> mentions    people, organisations, countries and groups named by the
                                    entity recogniser; governments named by a head noun
                                    ("the Venezuelan socialist regime", "the Maduro regime");
                                    groups named by the noun a label is attached to
                     -> actors      mentions grouped: short names and typos joined to the full
                                    name ("El Aissami" = "Tareck El Aissami"), countries to
                                    their canonical name, a bare "the regime" to the latest
                                    government named before it
    terms            -> labels      each term attached through the parse to the actor it
                                    describes: head, modifier, apposition, predicate, or the
                                    agent / patient of a loaded verb

The word lists are data (``seeds/actors.json``, ``seeds/countries.tsv``); the person titles
come from the attribution rules (``seeds/attribution.json``).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from framing.nlp.segment import doc_text
from framing.records import (
    Actor,
    ActorLabel,
    ActorType,
    Attribution,
    Mention,
    Relation,
    TermMatch,
)
from framing.stages.attribution.attributor import (
    EntityCache,
    Rules,
    glued_words,
    load_rules,
    recognise,
    strip_titles,
)

#: Two spellings of a name whose words agree this much (difflib ratio) are one person when
#: they have the same number of words and start with the same letter ("El Aisammi" and
#: "El Aissami" are 0.9): a typo, not another person. Chosen on the team's examples.
NAME_TYPO_MIN_RATIO = 0.85

#: A pronoun ("he", "she") that attribution has not resolved is joined to the person named
#: in its sentence or at most this many sentences before it, when only one person is named
#: there and a label is attached through the pronoun.
PRONOUN_WINDOW_SENTENCES = 2

#: Longest mention text used as an organisation's name, in words.
MAX_NAME_WORDS = 6

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
_ENTITY_TYPES: dict[str, ActorType] = {"PERSON": "person", "ORG": "organization"}
_NOUNS = ("NOUN", "PROPN")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_MODIFIER_DEPS = ("amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "quantmod")
#: categories whose verbs give their subject and object a role (agent / patient)
_ROLE_CATEGORIES = frozenset({"emotive_verb", "epistemic"})
#: a loaded reporting verb ("admitted", "claimed") frames its speaker, not what is reported
_AGENT_ONLY = frozenset({"epistemic"})


# -- rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorRules:
    """The word lists of ``seeds/actors.json`` and the country table ``seeds/countries.tsv``."""

    government_heads: frozenset[str]
    needs_name: frozenset[str]
    group_nouns: frozenset[str]
    label_verbs: frozenset[str]
    copulas: frozenset[str]
    polarity: dict[str, int]
    country_of: dict[str, str]  # lowercase name, alias, adjective or people -> country
    adjective_of: dict[str, str]  # country -> its main adjective
    people_of: dict[str, str]  # lowercase plural people noun -> country
    sha256: str = ""

    def provenance(self) -> dict[str, str]:
        return {"name": "framing-actors", "sha256": self.sha256}

    def category_polarity(self, category: str) -> int:
        return self.polarity.get(category, 0)


@functools.lru_cache(maxsize=1)
def load_actor_rules() -> ActorRules:
    """The packaged actor rules (read once per process)."""
    seeds = resources.files("framing.seeds")
    raw = seeds.joinpath("actors.json").read_text("utf-8")
    table = seeds.joinpath("countries.tsv").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    country_of: dict[str, str] = {}
    adjective_of: dict[str, str] = {}
    people_of: dict[str, str] = {}
    rows = csv.DictReader(
        (line for line in table.splitlines() if line and not line.startswith("#")),
        delimiter="\t",
    )
    for row in rows:
        country = row["country"]
        aliases = [a for a in row["aliases"].split("|") if a]
        adjectives = [a for a in row["adjectives"].split("|") if a]
        people = [p for p in row["people"].split("|") if p]
        for name in (country, *aliases, *adjectives, *people):
            country_of.setdefault(name.lower(), country)
            if name.lower().startswith("the "):
                country_of.setdefault(name.lower()[4:], country)
        adjective_of[country] = adjectives[0] if adjectives else country
        for p in people:
            people_of[p.lower()] = country

    def words(items: Iterable[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in items)

    heads = data["government_heads"]
    return ActorRules(
        government_heads=words(heads["lemmas"]),
        needs_name=words(heads["needs_name"]),
        group_nouns=words(data["group_nouns"]["lemmas"]),
        label_verbs=words(data["label_verbs"]["lemmas"]),
        copulas=words(data["copulas"]["lemmas"]),
        polarity={k: int(v) for k, v in data["polarity"]["categories"].items()},
        country_of=country_of,
        adjective_of=adjective_of,
        people_of=people_of,
        sha256=hashlib.sha256((raw + table).encode("utf-8")).hexdigest(),
    )


# -- mentions -------------------------------------------------------------------------------


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
            if len(f) >= len(words) and f[-len(words) :] == words:
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


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


# -- the finder -----------------------------------------------------------------------------


class ActorFinder:
    """Actor rules bound to a spaCy pipeline (whose entity recogniser finds the names).

    ``finder(doc, terms, attributions, entities)`` returns the article's actors in order of
    first mention, each with its mentions and the labels attached to it.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        rules: ActorRules | None = None,
        name_rules: Rules | None = None,
    ) -> None:
        self.rules = rules if rules is not None else load_actor_rules()
        self.name_rules = name_rules if name_rules is not None else load_rules()
        self.ner: Any = (
            nlp.get_pipe("ner") if nlp is not None and "ner" in nlp.component_names else None
        )

    def provenance(self) -> dict[str, str]:
        return self.rules.provenance()

    def __call__(
        self,
        doc: Doc,
        terms: Sequence[TermMatch],
        attributions: Sequence[Attribution] = (),
        entities: EntityCache | None = None,
    ) -> tuple[Actor, ...]:
        cache = entities if entities is not None else EntityCache()
        # the recogniser costs more than the parse: it runs only on sentences with a proper
        # noun (on PTC articles 76% of them, holding 98% of the names it finds)
        recognise(self.ner, doc, [s for s in doc.sents if any(t.pos_ == "PROPN" for t in s)],
                  cache)
        art = _Article(doc, doc_text(doc))
        art.resolved = {
            a.source.start_char: a.source.resolved
            for a in attributions
            if a.source is not None and a.source.resolved
        }
        people = self._entities(art, cache.ents)
        self._governments(art, people, terms)
        for term in terms:
            self._attach(art, term)
        return self._actors(art, attributions)

    # -- mentions -------------------------------------------------------------------------

    def _entities(self, art: _Article, ents: Sequence[tuple[int, int, str]]) -> _People:
        doc, rules = art.doc, self.rules
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
        titles = self.name_rules.titles
        headline = {s.start for s in doc.sents if _is_headline(s)}
        people = _People(
            " ".join(self._name(span)) for span, label in spans
            if label == "PERSON" and span.sent.start not in headline
        )
        for span, label in spans:
            words = self._name(span)
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
                roles = titles | self.name_rules.definite_roles
                i = span.start
                while i > 0 and doc[i - 1].lower_.rstrip(".") in roles:
                    i -= 1
                    art.titled.append((span.start, doc[i].lemma_.lower().rstrip("."), m))
                for t in span:
                    if t.lower_.rstrip(".") in titles:
                        art.titled.append((span.start, t.lemma_.lower().rstrip("."), m))
        return people

    def _name(self, span: Span) -> list[str]:
        """A name's words without its titles or a possessive ending."""
        words = strip_titles(list(span), self.name_rules)
        while words and words[-1] in _POSSESSIVE:
            words.pop()
        return [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words]

    def _government_of(
        self, art: _Article, head: Token, people: _People
    ) -> tuple[tuple[str, str], str] | None:
        """The key and name of the government a head noun names, from the country or
        person that modifies it ("Venezuelan", "Maduro", "of Nicolás Maduro",
        "Venezuela's"); ``None`` for a bare one ("the regime")."""
        rules = self.rules
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
        self, art: _Article, people: _People, terms: Sequence[TermMatch]
    ) -> None:
        doc, rules = art.doc, self.rules
        in_terms = {i for t in terms for i in _token_range(doc, t.start_char, t.end_char)}
        found: list[tuple[Token, int, int, tuple[tuple[str, str], str] | None]] = []
        for tok in doc:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in rules.government_heads:
                continue
            if tok.dep_ == "compound" and tok.head.pos_ in _NOUNS:
                continue  # "government administration": the head noun is the mention
            named = self._government_of(art, tok, people)
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

    def _group(self, art: _Article, tok: Token, exclude: set[int]) -> _Mention | None:
        """A mention for a common noun that names people ("the protesters"), keyed by its
        lemma with its noun compounds ("climate protesters"), leaving out the words of the
        term that labels it (``exclude``)."""
        rules = self.rules
        doc = art.doc
        lemma = tok.lemma_.lower()
        if tok.pos_ not in _NOUNS or not (
            lemma in rules.group_nouns or tok.lower_ in rules.group_nouns
            or lemma in self.name_rules.definite_roles
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

    def _resolve(
        self, art: _Article, tok: Token, create: bool, exclude: set[int]
    ) -> _Mention | None:
        """The mention a target token stands for: a mention it is part of (climbing noun
        compounds and appositions), a pronoun's latest person, or (``create``) a new group
        mention for a noun that names people."""
        t = tok
        while t.dep_ == "compound" and t.head.pos_ in _NOUNS and t.head.i != t.i:
            t = t.head
        m = art.at(t) or art.at(tok)
        if m is not None:
            return m
        for c in t.children:
            if c.dep_ == "appos":
                m = art.at(c)
                if m is not None:
                    return m
        if t.pos_ == "PRON" and t.lower_ in ("he", "she", "him", "her"):
            # the person attribution resolved this pronoun to, when it is a source
            name = art.resolved.get(t.idx, "").lower()
            named = [m for m in art.mentions if m.type == "person" and m.name.lower() == name]
            if named:
                return art.add(_Mention(t.i, t.i + 1, t.i, named[0].key, "person",
                                        named[0].name))
            first = t.sent.start
            for _ in range(PRONOUN_WINDOW_SENTENCES):
                if first == 0:
                    break
                first = art.doc[first - 1].sent.start
            people = [
                m for m in art.mentions if m.type == "person" and first <= m.lo and m.hi <= t.i
            ]
            if len({m.key for m in people}) == 1:
                # only when one person is named nearby: "she" after two names is a guess
                latest = max(people, key=lambda m: m.lo)
                return art.add(_Mention(t.i, t.i + 1, t.i, latest.key, "person", latest.name))
            return None
        if t.pos_ == "NOUN" and [c.lower_ for c in t.children if not c.is_punct] == ["the"]:
            # "the president" (nothing else before it: not "the inspector general"): the
            # latest person named with that title before it
            lemma = t.lemma_.lower()
            titled = [m for i, title, m in art.titled if title == lemma and i < t.i]
            if titled:
                return art.add(_Mention(t.i, t.i + 1, t.i, titled[-1].key, "person",
                                        titled[-1].name))
        if create:
            return self._group(art, t, exclude)
        return None

    # -- labels ---------------------------------------------------------------------------

    def _targets(self, art: _Article, head: Token, inside: set[int], category: str
                 ) -> list[tuple[Token, Relation]]:
        """The tokens a term (headed by ``head``; ``inside`` its tokens) describes, with the
        relation."""
        rules = self.rules
        out: list[tuple[Token, Relation]] = []
        m = art.at(head)
        if m is not None and m.root in inside:
            return [(head, "head")]
        if head.pos_ in _NOUNS:
            for c in head.children:
                if c.dep_ == "appos" and c.i not in inside:
                    out.append((c, "apposition"))
            if head.dep_ == "appos":
                out.append((head.head, "apposition"))
        if out:
            return out
        dep = head.dep_
        if dep in _MODIFIER_DEPS and head.head.pos_ in (*_NOUNS, "PRON") and (
            head.pos_ in ("ADJ", "VERB", "NOUN", "PROPN") or dep == "amod"
        ):
            noun = head.head
            if art.at(noun) is None and noun.dep_ in ("appos", "attr", "oprd"):
                # "Lindholm, a self-proclaimed reformer": the noun it modifies describes
                # someone else, by apposition or as a predicate
                return self._targets(art, noun, inside | {noun.i}, category)
            return [(noun, "modifier")]
        pred = head
        while pred.dep_ == "conj" and pred.head.i != pred.i:
            pred = pred.head
        if pred.dep_ in ("attr", "acomp", "oprd"):
            verb = pred.head
            if any(c.dep_ == "neg" for c in verb.children):
                return []
            subjects: list[Token] = []
            if pred.dep_ == "oprd":
                subjects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            elif verb.lemma_.lower() in rules.copulas:
                subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
                if not subjects and verb.dep_ in ("pcomp", "xcomp", "advcl", "acl", "ccomp"):
                    gov = verb.head
                    if gov.pos_ == "ADP":
                        gov = gov.head
                    if gov.lemma_.lower() in rules.label_verbs:
                        subjects = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
                    if not subjects:
                        subjects = [c for c in gov.children if c.dep_ in _SUBJECTS]
            return [(s, "predicate") for s in _with_conjuncts(subjects)]
        if (
            pred.dep_ == "pobj"
            and pred.head.lower_ == "as"
            and pred.head.head.lemma_.lower() in rules.label_verbs | rules.copulas
        ):
            # "MEK was classified as a terrorist organization", "she described him as a
            # thug": the verb's object, or its subject in the passive
            verb = pred.head.head
            if any(c.dep_ == "neg" for c in verb.children):
                return []
            subjects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            return [(s, "predicate") for s in _with_conjuncts(subjects)]
        if head.pos_ == "VERB" and category in _ROLE_CATEGORIES | {
            c for c, p in rules.polarity.items() if p
        } and dep != "amod":
            if any(c.dep_ == "neg" for c in head.children):
                return []
            verb = head
            agents = [c for c in verb.children if c.dep_ == "nsubj"]
            patients = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            for c in verb.children:
                if c.dep_ == "agent":
                    agents += [p for p in c.children if p.dep_ == "pobj"]
            while not agents and not any(c.dep_ == "nsubjpass" for c in verb.children) and (
                verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i
            ):
                verb = verb.head
                agents = [c for c in verb.children if c.dep_ == "nsubj"]
            out += [(a, "agent") for a in _with_conjuncts(agents)]
            if category not in _AGENT_ONLY:
                out += [(p, "patient") for p in _with_conjuncts(patients)]
        return out

    def _attach(self, art: _Article, term: TermMatch) -> None:
        doc = art.doc
        rng = _token_range(doc, term.start_char, term.end_char)
        tokens = [doc[i] for i in rng if not doc[i].is_punct]
        if not tokens:
            return
        inside = {t.i for t in tokens}
        head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
        polarity = self.rules.category_polarity(term.category)
        targets = self._targets(art, head, inside, term.category)
        if not polarity and term.category not in _ROLE_CATEGORIES and term.origin != "model":
            # an intensifier or a scare quote labels an actor only as its head noun; a word
            # the model flags (a "loaded_modifier": its sign unknown, so polarity 0) labels
            # whatever it describes
            targets = [(t, r) for t, r in targets if r == "head"]
        if not targets and head.pos_ == "NOUN" and polarity:
            if self._names_people(head, term):
                # a noun for people keeps its compounds ("greedy landlords" -> "landlords");
                # any other loaded noun keeps the term's words ("corporate fat cats")
                if self._group(art, head, set()) is None:
                    self._descriptor(art, head, tokens)
                targets = [(head, "head")]
        seen: set[tuple[str, str]] = set()
        for tok, relation in targets:
            m = self._resolve(art, tok, relation != "head" or tok.i not in inside, inside)
            if m is None or m.key in seen:
                continue
            seen.add(m.key)
            label_polarity = 0 if relation == "patient" else polarity
            art.labels.setdefault(m.key, []).append(
                ActorLabel(
                    surface=term.surface,
                    start_char=term.start_char,
                    end_char=term.end_char,
                    sentence_index=term.sentence_index,
                    term=term.term,
                    category=term.category,
                    voice=term.voice,
                    origin=term.origin,
                    relation=relation,
                    polarity=label_polarity,
                    loading=term.loading,
                    speaker=term.speaker,
                )
            )

    def _names_people(self, head: Token, term: TermMatch) -> bool:
        """Whether a loaded noun names people, so that it is an actor of its own ("the
        thugs", "a drug kingpin") and not a thing ("witch hunt", "dirty work"): its head, or
        the head of one of its neutral paraphrases ("attacker" for "thug", "undocumented
        immigrant" for "illegal alien"), is a noun for people."""
        nouns = self.rules.group_nouns
        if head.lemma_.lower() in nouns or head.lower_ in nouns:
            return True
        for paraphrase in (term.neutral, *term.alternatives):
            words = paraphrase.lower().split()
            for i, w in enumerate(words):
                if w in _PREPOSITIONS:
                    words = words[:i]  # "immigrant without legal status"
                    break
            if words and any(form in nouns for form in _singulars(words[-1])):
                return True
        return False

    def _descriptor(self, art: _Article, head: Token, tokens: list[Token]) -> _Mention | None:
        """A mention for a loaded noun that labels someone by itself ("a drug kingpin",
        "the corporate fat cats"): the term's words and the noun's compounds, keyed by their
        lemmas."""
        doc = art.doc
        lo = min(head.i, tokens[0].i)
        while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].head.i in (head.i, lo):
            lo -= 1
        words = _group_words(doc[lo : head.i + 1])
        key = " ".join(t.lemma_.lower() for t in doc[lo : head.i + 1])
        return art.add(_Mention(lo, head.i + 1, head.i, ("group", key), "group", " ".join(words)))

    # -- grouping -------------------------------------------------------------------------

    def _actors(self, art: _Article, attributions: Sequence[Attribution]) -> tuple[Actor, ...]:
        doc, text = art.doc, art.text
        # an organisation written as an acronym of another's name ("OPEC"), or as another's
        # name with a description before it ("the Russian company Rosneft"), is that one
        orgs = {m.key: m.name for m in art.mentions if m.type == "organization"}
        alias: dict[tuple[str, str], tuple[str, str]] = {}
        for key, name in orgs.items():
            words = name.split()
            for other, full in orgs.items():
                o = full.split()
                if other == key or other in alias:
                    continue
                if (name.isupper() and len(o) > 1 and _acronym(full) == name) or (
                    len(o) < len(words) and words[-len(o) :] == o and full[:1].isupper()
                ):
                    alias[key] = other
                    break
        groups: dict[tuple[str, str], list[_Mention]] = {}
        for m in art.mentions:
            groups.setdefault(alias.get(m.key, m.key), []).append(m)
        labels: dict[tuple[str, str], list[ActorLabel]] = {}
        for key, attached in art.labels.items():
            labels.setdefault(alias.get(key, key), []).extend(attached)
        source_of = _sources(art, attributions, alias)
        actors = []
        for key, found in groups.items():
            found.sort(key=lambda m: (m.lo, m.hi))
            mentions: list[Mention] = []
            for m in found:
                a = doc[m.lo].idx
                b = doc[m.hi - 1].idx + len(doc[m.hi - 1].text)
                if not mentions or (a, b) != (mentions[-1].start_char, mentions[-1].end_char):
                    mentions.append(Mention(a, b, text[a:b]))
            kind = _kind(found)
            name = _display_name(key, found, kind)
            own = sorted(labels.get(key, []), key=lambda lb: (lb.start_char, lb.end_char))
            cited = sum(1 for at in attributions if source_of.get(id(at)) == key)
            actors.append(Actor(name, kind, tuple(mentions), tuple(own), cited))
        actors.sort(key=lambda a: (a.mentions[0].start_char, a.name))
        return tuple(actors)


def _sources(
    art: _Article,
    attributions: Sequence[Attribution],
    alias: dict[tuple[str, str], tuple[str, str]],
) -> dict[int, tuple[str, str]]:
    """The actor each attribution's source is (by ``id`` of the attribution): the one its
    resolved name names, else the mention the source span overlaps most (the narrower one
    on a tie)."""
    doc = art.doc
    out: dict[int, tuple[str, str]] = {}
    for at in attributions:
        src = at.source
        if src is None:
            continue
        named = [
            m for m in art.mentions
            if src.resolved and m.name.lower() == src.resolved.lower()
        ]
        if named:
            out[id(at)] = alias.get(named[0].key, named[0].key)
            continue
        best: tuple[int, int, tuple[str, str]] | None = None
        for m in art.mentions:
            a, b = doc[m.lo].idx, doc[m.hi - 1].idx + len(doc[m.hi - 1].text)
            overlap = min(b, src.end_char) - max(a, src.start_char)
            if overlap > 0 and (best is None or (overlap, a - b) > best[:2]):
                best = (overlap, a - b, alias.get(m.key, m.key))
        if best is not None:
            out[id(at)] = best[2]
    return out


_KIND_ORDER: tuple[ActorType, ...] = (
    "person", "government", "organization", "country", "place", "group")


def _kind(found: Sequence[_Mention]) -> ActorType:
    """An actor's type when its mentions disagree: a person over anything else, and so on."""
    kinds = {m.type for m in found}
    return next(k for k in _KIND_ORDER if k in kinds)


def _display_name(key: tuple[str, str], found: Sequence[_Mention], kind: ActorType) -> str:
    if kind == "organization":
        # its own name, not a longer description joined to it ("the Russian company Rosneft")
        names = [m.name for m in found if m.key == key and len(m.name.split()) <= MAX_NAME_WORDS]
        names = names or [found[0].name]
        return max(names, key=lambda n: (names.count(n), len(n.split()), -names.index(n)))
    if kind == "person":
        return max((m.name for m in found if m.type == "person"), key=lambda n: len(n.split()))
    return found[0].name


_PREPOSITIONS = frozenset("of with without for in on at from by to".split())


def _singulars(word: str) -> tuple[str, ...]:
    """A word and the singulars it may be the plural of ("allies" -> "ally")."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return tuple(forms)


def _group_words(tokens: Span) -> list[str]:
    """A group's words: lowercase, except proper nouns not at the start of a sentence
    ("Riot police" -> "riot police", "NATO troops" stays)."""
    return [
        t.text if t.pos_ == "PROPN" and (not t.is_sent_start or t.text.isupper()) else t.lower_
        for t in tokens
    ]


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out += [c for c in t.conjuncts if c.i > t.i]
    return out


def _token_range(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)
