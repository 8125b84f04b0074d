"""Labels: each loaded term attached through the parse to the mention it describes (head,
modifier, apposition, predicate, agent or patient)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from framing.records import ActorLabel, Relation, TermMatch
from framing.stages.actors.mentions import (
    _Article,
    _group,
    _group_words,
    _Mention,
    _token_range,
)
from framing.stages.actors.rules import (
    _AGENT_ONLY,
    _MODIFIER_DEPS,
    _NOUNS,
    _ROLE_CATEGORIES,
    _SUBJECTS,
    PRONOUN_WINDOW_SENTENCES,
    ActorRules,
)
from framing.stages.attribution.rules import Rules


def _resolve(
    rules: ActorRules,
    name_rules: Rules,
    art: _Article,
    tok: Token,
    create: bool,
    exclude: set[int],
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
        return _group(rules, name_rules, art, t, exclude)
    return None


def _targets(
    rules: ActorRules, art: _Article, head: Token, inside: set[int], category: str
) -> list[tuple[Token, Relation]]:
    """The tokens a term (headed by ``head``; ``inside`` its tokens) describes, with the
    relation."""
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
            return _targets(rules, art, noun, inside | {noun.i}, category)
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


def _attach(rules: ActorRules, name_rules: Rules, art: _Article, term: TermMatch) -> None:
    """Attach a loaded term, as a label, to the actors it describes (their mentions in
    ``art``, created for a group when the term's noun names people)."""
    doc = art.doc
    rng = _token_range(doc, term.start_char, term.end_char)
    tokens = [doc[i] for i in rng if not doc[i].is_punct]
    if not tokens:
        return
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
    polarity = rules.category_polarity(term.category)
    targets = _targets(rules, art, head, inside, term.category)
    if not polarity and term.category not in _ROLE_CATEGORIES and term.origin != "model":
        # an intensifier or a scare quote labels an actor only as its head noun; a word
        # the model flags (a "loaded_modifier": its sign unknown, so polarity 0) labels
        # whatever it describes
        targets = [(t, r) for t, r in targets if r == "head"]
    if not targets and head.pos_ == "NOUN" and polarity:
        if _names_people(rules, head, term):
            # a noun for people keeps its compounds ("greedy landlords" -> "landlords");
            # any other loaded noun keeps the term's words ("corporate fat cats")
            if _group(rules, name_rules, art, head, set()) is None:
                _descriptor(art, head, tokens)
            targets = [(head, "head")]
    seen: set[tuple[str, str]] = set()
    for tok, relation in targets:
        m = _resolve(
            rules, name_rules, art, tok, relation != "head" or tok.i not in inside, inside
        )
        if m is None or m.key in seen:
            continue
        seen.add(m.key)
        label_polarity = 0 if relation == "patient" else polarity
        art.labels.setdefault(m.key, []).append(
            ActorLabel(**term.span_fields(), voice=term.voice, origin=term.origin,
                       relation=relation, polarity=label_polarity, loading=term.loading,
                       speaker=term.speaker)
        )


def _names_people(rules: ActorRules, head: Token, term: TermMatch) -> bool:
    """Whether a loaded noun names people, so that it is an actor of its own ("the
    thugs", "a drug kingpin") and not a thing ("witch hunt", "dirty work"): its head, or
    the head of one of its neutral paraphrases ("attacker" for "thug", "undocumented
    immigrant" for "illegal alien"), is a noun for people."""
    nouns = rules.group_nouns
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


def _descriptor(art: _Article, head: Token, tokens: list[Token]) -> _Mention | None:
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


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out += [c for c in t.conjuncts if c.i > t.i]
    return out
