"""Entities: the recogniser's findings per article (:class:`EntityCache`, :func:`recognise`)
and the people and organisations a pronoun, a role or a short name stands for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from framing.nlp.names import full_name, name_runs, strip_titles, titled_before, titled_inside
from framing.records import SourceType
from framing.stages.attribution.rules import Rules


@dataclass
class EntityCache:
    """What the entity recogniser found in one article so far, and what is derived from it.

    The recogniser runs only on the sentences a source needs (:func:`recognise`);
    ``done`` holds their first token index (``None``: the doc came with entities).
    """

    ents: list[tuple[int, int, str]] = field(default_factory=list)
    done: set[int] | None = field(default_factory=set)
    mentions: list[tuple[int, str, SourceType, bool, str | None]] | None = None
    titled: set[str] | None = None
    last_words: tuple[set[str], set[str]] | None = None
    # the doc's token attributes, read once: Span.as_doc would read the whole doc per call
    array: tuple[Any, Any] | None = None


def recognise(ner: Any, doc: Doc, sentences: Sequence[Span], cache: EntityCache) -> None:
    """Run spaCy's entity recogniser on the given sentences, those not done yet, in one
    batch. A doc whose entities are already set (a pipeline with NER enabled) is used as
    it is."""
    if cache.done is None:
        return
    if doc.has_annotation("ENT_IOB"):
        cache.ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        cache.done = None
        return
    done = cache.done
    todo = [s for s in sentences if s.start not in done]
    if not todo or ner is None:
        return
    if cache.array is None:
        head: Any = doc._get_array_attrs()
        cache.array = (head, doc.to_array(head))
    head, array = cache.array
    # as_doc reads these arrays from the whole doc unless given them (spaCy's stubs do
    # not declare the parameters)
    as_doc: Any = Span.as_doc
    sdocs = [as_doc(s, array_head=head, array=array) for s in todo]
    for sent, sdoc in zip(todo, ner.pipe(sdocs), strict=True):
        done.add(sent.start)
        base = sent.start_char
        cache.ents.extend((e.start_char + base, e.end_char + base, e.label_) for e in sdoc.ents)
    cache.ents.sort()
    cache.mentions = None
    cache.last_words = None


def _referent(
    rules: Rules,
    ner: Any,
    doc: Doc,
    head: Token,
    want: SourceType,
    gender: str | None,
    named: list[tuple[int, str, SourceType, str | None]],
    mentions: list[tuple[int, str]],
    cache: EntityCache,
) -> str | None:
    """The name a pronoun or role stands for, looked for in its sentence and the three
    before it: the latest source already cited there, else (by the entity recogniser)
    the latest person or organisation named as a subject, else the latest named. A
    known gender must agree ("she" skips a man)."""
    before = head.idx
    window_sents = [head.sent]
    while len(window_sents) < 4 and window_sents[-1].start > 0:
        window_sents.append(doc[window_sents[-1].start - 1].sent)
    window = window_sents[-1].start_char
    cited = [
        (c, n)
        for c, n, k, g in named
        if window <= c < before and k == want and not (gender and g and g != gender)
    ]
    if cited:
        return max(cited)[1]
    recognise(ner, doc, window_sents, cache)
    if cache.mentions is None:
        cache.mentions = _people_and_bodies(rules, doc, mentions, cache)
    found = cache.mentions
    pool = [
        m
        for m in found
        if window <= m[0] < before and m[2] == want and not (gender and m[4] and m[4] != gender)
    ]
    if not pool:
        return None
    subjects = [m for m in pool if m[3]]
    best = max(subjects or pool, key=lambda m: m[0])
    return best[1]


def _titled_names(rules: Rules, doc: Doc, cache: EntityCache) -> set[str]:
    """Names written somewhere in the article after a title or role ("Opposition leader
    Nadia Petrova"): people, whatever the entity recogniser says."""
    if cache.titled is None:
        names: set[str] = set()
        for run in name_runs(doc):
            words = strip_titles(run, rules.titles)
            titled = titled_inside(run, rules.titles) or titled_before(
                run[0], rules.titles, rules.definite_roles
            )
            if words and titled:
                names.add(" ".join(words))
        cache.titled = names
    return cache.titled


def _people_and_bodies(
    rules: Rules, doc: Doc, mentions: list[tuple[int, str]], cache: EntityCache
) -> list[tuple[int, str, SourceType, bool, str | None]]:
    """Named people and organisations (char, full name, type, named as a subject,
    gender from a later he/she in the same sentence) by the entity recogniser."""
    out: list[tuple[int, str, SourceType, bool, str | None]] = []
    ents = cache.ents
    people_starts = sorted(a for a, _, label in ents if label == "PERSON")
    for a, b, label in ents:
        if label not in ("PERSON", "ORG"):
            continue
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        subject = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
        )
        words = strip_titles(list(span), rules.titles)
        # "Striker Marco Bellini", read as an ORG, is a person
        titled = titled_inside(span, rules.titles)
        kind: SourceType = "person" if label == "PERSON" or titled else "organization"
        gender = None
        if kind == "person":
            nxt = min((p for p in people_starts if p > a), default=span.sent.end_char)
            for tok in doc[span.end : span.sent.end]:
                if tok.idx >= nxt:
                    break
                gender = _pronoun_gender(tok.lower_)
                if gender is not None:
                    break
            prev = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
            gender = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}.get(prev, gender)
        name = full_name(" ".join(words) if words else span.text, mentions, a)
        out.append((a, name, kind, subject, gender))
    return out


def _gender_after(doc: Doc, i: int) -> str | None:
    """ "m" or "f" when the first personal pronoun after token ``i`` in its sentence, before
    any other name, is he/his/him or she/her ("Maria Costa said she ..."); else ``None``."""
    if i >= len(doc):
        return None
    for tok in doc[i : doc[i].sent.end]:
        if tok.pos_ == "PROPN":
            return None
        gender = _pronoun_gender(tok.lower_)
        if gender is not None:
            return gender
    return None


def _pronoun_gender(word: str) -> str | None:
    """ "m" for a lowercase he/his/him/himself, "f" for she/her/hers/herself, else
    ``None``."""
    if word in ("he", "his", "him", "himself"):
        return "m"
    if word in ("she", "her", "hers", "herself"):
        return "f"
    return None


def _name_mentions(doc: Doc, rules: Rules) -> list[tuple[int, str]]:
    """Runs of proper nouns in the article (titles dropped), with their start char."""
    out: list[tuple[int, str]] = []
    for run in name_runs(doc):
        words = strip_titles(run, rules.titles)
        if words:
            out.append((run[0].idx, " ".join(words)))
    return out
