"""Stage attribute: who is cited, with which cue, saying what; and what has no source.

Rules over the spaCy parse, with the word lists in ``seeds/attribution.json`` and the cue
classes in ``seeds/cue_verbs.tsv``:

1. **Cues.** A verb outside every quotation whose lemma is a reporting verb
   (``cue_verbs.tsv``) or an attribution verb (speech, thought, wish, finding:
   ``attribution.json``), with a complement (a clause, an object or a quotation), and the
   phrase "according to". The cue span takes the verb's auxiliaries and negation ("has
   said", "did not say") and a medium phrase right after it ("said in a statement", "wrote
   on Twitter"), following the span conventions of PolNeAR (Newell et al. 2018).
2. **Content.** A quotation next to the cue in its sentence (quote-first, speaker-first,
   split around the cue: "direct"); otherwise the reported clause, object or infinitive
   ("indirect"; "mixed" when it holds a quoted fragment). A quotation in the next sentence
   with no cue of its own continues the previous quotation's attribution; one whose speaker
   only comes in the next sentence ("That was the message from ...") takes that sentence's
   cue.
3. **Source.** The cue's subject (for "according to", its object), with appositions;
   a participle cue ("..., adding that") takes its clause's subject; a relative pronoun
   ("who said") its antecedent. Pronouns and roles ("he", "the minister") resolve to the
   most recent compatible named source before them; short names ("El Aissami") to the
   longest earlier mention ending the same way ("Tareck El Aissami").
4. **Source type** by rules: identity withheld (anonymity markers, an unnamed role noun:
   "a senior official") is ``anonymous``; a text with a named owner is ``document``; unnamed
   reports, estimates, critics and quantifiers are ``vague``; otherwise a name is a
   ``person`` or ``organization`` by spaCy's entity recogniser (run on the source's sentence
   only), or by the head noun ("authorities", "ministry").
5. **Unattributed claims**: agentless passives of belief and report verbs ("is believed
   to", "long believed to", "it is thought that") and hedging adverbs ("reportedly"),
   outside quotations, in a sentence with no attribution of their own.
"""

from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from framing.nlp.segment import doc_text
from framing.records import (
    Attribution,
    AttributionKind,
    Cue,
    CueClass,
    Quote,
    Sentence,
    Source,
    SourceType,
    TermMatch,
    UnattributedClaim,
)

#: Longest source, in tokens: a longer subject is a parse error more often than a source.
MAX_SOURCE_TOKENS = 30

_CUE_CLASSES: frozenset[str] = frozenset({"neutral", "factive", "hedging", "emphatic", "other"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "csubj"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "prep", "xcomp", "ccomp", "acomp"})
_QUOTE_CHARS = "'\"\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a"
#: Verb + preposition pairs whose preposition is part of the cue (PolNeAR marks "called for",
#: "called on", "pointed to", "referred to" as the cue and what follows as the content).
_CUE_PREPOSITIONS = frozenset(
    {
        ("call", "for"),
        ("call", "on"),
        ("point", "to"),
        ("refer", "to"),
        ("push", "for"),
        ("argue", "for"),
        ("ask", "for"),
        ("appeal", "for"),
    }
)
#: Children of a cue that may stand between it and its quotation ("said on Monday: “...”",
#: "told reporters, “...”"): when, where, to whom; never an object.
_SETTING_DEPS = frozenset(
    {"advmod", "npadvmod", "prep", "dative", "nsubj", "punct", "aux", "neg", "agent", "cc"}
)
#: Nouns for what was said that name their speaker with "from" in a short sentence after a
#: quotation ("That was the message from coach Ana Ruiz"): the sentence gives the speaker.
_SAYING_NOUNS = frozenset(
    {"message", "word", "warning", "verdict", "view", "assessment", "response", "reaction"}
)
#: Phrases that, anywhere in a source's sentence, say the source is kept anonymous.
_ANONYMITY_IN_SENTENCE = (
    "anonymity",
    "not authorized to",
    "not authorised to",
    "declined to be named",
    "declined to be identified",
    "asked not to be",
)
_EDGE_PUNCT = ",;:.-\u2014\u2013"


@dataclass(frozen=True)
class Rules:
    """The word lists of ``seeds/attribution.json`` and the cue table, as sets."""

    cue_classes: dict[str, str]
    verbs: frozenset[str]
    clause_only: frozenset[str]
    medium_nouns: frozenset[str]
    anonymous_markers: tuple[str, ...]
    anonymous_nouns: frozenset[str]
    vague_nouns: frozenset[str]
    document_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    titles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    definite_roles: frozenset[str]
    passive_lemmas: frozenset[str]
    not_sources: frozenset[str]
    hedge_adverbs: frozenset[str]

    sha256: str = ""

    def provenance(self) -> dict[str, str]:
        """Identity of the rules, as recorded in report provenance."""
        return {"name": "framing-attribution", "sha256": self.sha256}

    def cue_class(self, lemma: str) -> CueClass:
        cls = self.cue_classes.get(lemma, "other")
        return cls if cls in _CUE_CLASSES else "other"  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The packaged attribution rules (read once per process)."""
    seeds = resources.files("framing.seeds")
    table = seeds.joinpath("cue_verbs.tsv").read_text("utf-8")
    classes = {
        row["cue"]: row["class"] for row in csv.DictReader(table.splitlines(), delimiter="\t")
    }
    raw = seeds.joinpath("attribution.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    digest = hashlib.sha256((raw + table).encode("utf-8")).hexdigest()
    types = data["source_types"]

    def words(items: Iterable[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in items)

    return Rules(
        cue_classes=classes,
        verbs=frozenset(classes) | words(data["attribution_verbs"]["lemmas"]),
        clause_only=words(data["attribution_verbs"]["clause_only"]["lemmas"]),
        medium_nouns=words(data["cue_settings"]["medium_nouns"]),
        anonymous_markers=tuple(p.lower() for p in types["anonymous_markers"]["phrases"]),
        anonymous_nouns=words(types["anonymous_nouns"]["lemmas"]),
        vague_nouns=words(types["vague_nouns"]["lemmas"]),
        document_nouns=words(types["document_nouns"]["lemmas"]),
        organization_nouns=words(types["organization_nouns"]["lemmas"]),
        titles=words(types["person_titles"]["words"]),
        person_pronouns=words(types["pronouns"]["person"]),
        group_pronouns=words(types["pronouns"]["group"]),
        definite_roles=words(types["definite_roles"]["lemmas"]),
        passive_lemmas=words(data["unattributed"]["passive_lemmas"]),
        not_sources=words(data["according_to_non_sources"]["lemmas"]),
        hedge_adverbs=words(data["unattributed"]["adverbs"]),
        sha256=digest,
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


# -- sources --------------------------------------------------------------------------------


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in _SUBJECT_DEPS and child.dep_ != "nsubjpass":
            return child
    # "..., adding that", "and said": the subject of the clause the cue hangs from
    head = token
    for _ in range(3):
        if head.dep_ in ("advcl", "conj", "xcomp", "pcomp") and head.head is not head:
            head = head.head
            for child in head.children:
                if child.dep_ in ("nsubj", "csubj"):
                    return child
        else:
            break
    return None


def _source_range(subject: Token) -> tuple[int, int]:
    """The source's token range: the subject's subtree (appositions included), or for a
    relative pronoun ("who said") the antecedent's noun phrase without its clause."""
    doc = subject.doc
    if subject.lower_ in _RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        noun = subject.head.head
        clause = subject.head
        lo, hi = _subtree_range(noun, exclude=[clause])
    else:
        # appositions and relative clauses belong to the source, participles do not
        # ("A Quinnipiac poll released in August", "Trump, speaking to veterans,")
        cut = [
            c
            for c in subject.rights
            if c.dep_ in ("acl", "advcl")
            and not any(
                m in doc[c.left_edge.i : c.right_edge.i + 1].text.lower()
                for m in load_rules().anonymous_markers
            )
        ]
        lo, hi = _subtree_range(subject, exclude=cut[:1])
    lo, hi = _trim(doc, lo, hi)
    if hi < len(doc) and doc[hi].text == ")" and "(" in doc[lo:hi].text:
        hi += 1
    if hi - lo > MAX_SOURCE_TOKENS:
        lo, hi = _trim(doc, subject.left_edge.i, subject.i + 1)
    # an apposition's closing comma belongs to the source ("Ana Ruiz, the coach, said")
    if hi < len(doc) and doc[hi].text == "," and any(t.text == "," for t in doc[lo:hi]):
        hi += 1
    return lo, hi


def _source_head(doc: Doc, lo: int, hi: int) -> Token:
    """The syntactic head of a token range (the token whose head lies outside it)."""
    for tok in doc[lo:hi]:
        if not lo <= tok.head.i < hi or tok.head.i == tok.i:
            return tok
    return doc[hi - 1]


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


# -- the extractor --------------------------------------------------------------------------


@dataclass
class EntityCache:
    """What the entity recogniser found in one article so far, and what is derived from it.

    The recogniser runs only on the sentences a source needs (:meth:`Attributor._recognise`);
    ``done`` holds their first token index (``None``: the doc came with entities).
    """

    ents: list[tuple[int, int, str]] = field(default_factory=list)
    done: set[int] | None = field(default_factory=set)
    mentions: list[tuple[int, str, SourceType, bool, str | None]] | None = None
    titled: set[str] | None = None
    last_words: tuple[set[str], set[str]] | None = None
    # the doc's token attributes, read once: Span.as_doc would read the whole doc per call
    array: tuple[Any, Any] | None = None


@dataclass
class _Found:
    cue_range: tuple[int, int]
    lemma: str
    source_range: tuple[int, int] | None
    parts: list[tuple[int, int]]  # character ranges
    kind: AttributionKind
    sentence_index: int


class Attributor:
    """Attribution rules bound to a spaCy pipeline (whose entity recogniser types sources).

    Call it on a parsed article: ``attributor(doc, sentences, quotes)`` returns the
    attributions and the unattributed claims, both in text order.
    """

    def __init__(self, nlp: Language | None = None, rules: Rules | None = None) -> None:
        self.rules = rules if rules is not None else load_rules()
        # the entity recogniser types named sources; it runs only where a source needs it
        self.ner: Any = (
            nlp.get_pipe("ner") if nlp is not None and "ner" in nlp.component_names else None
        )

    def __call__(
        self,
        doc: Doc,
        sentences: Sequence[Sentence],
        quotes: Sequence[Quote],
        entities: EntityCache | None = None,
    ) -> tuple[tuple[Attribution, ...], tuple[UnattributedClaim, ...]]:
        """``entities`` is the article's entity cache, shared with later stages (the actor
        step) so that no sentence goes through the entity recogniser twice."""
        found = self._find(doc, sentences, quotes)
        attributions = self._finish(doc, sentences, found, entities or EntityCache())
        claims = self._unattributed(doc, sentences, quotes, attributions)
        return attributions, claims

    # -- finding ---------------------------------------------------------------------------

    def _find(
        self, doc: Doc, sentences: Sequence[Sentence], quotes: Sequence[Quote]
    ) -> list[_Found]:
        rules = self.rules
        starts = [s.start_char for s in sentences]
        used_quotes: set[int] = set()
        found: list[_Found] = []

        def sentence_of(char: int) -> int:
            return _sentence_at(starts, char)

        def sentence_quotes(k: int) -> list[int]:
            """Unused quotations that overlap sentence ``k``."""
            lo, hi = sentences[k].start_char, sentences[k].end_char
            return [
                j
                for j, q in enumerate(quotes)
                if j not in used_quotes and q.start_char < hi and q.end_char > lo
            ]

        for tok in doc:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                if _in_quote(tok.idx, quotes) is None:
                    item = self._according(doc, tok, quotes, sentence_of)
                    if item is not None:
                        found.append(item)
                continue
            if tok.pos_ not in ("VERB", "AUX") or lemma not in rules.verbs:
                continue
            if tok.pos_ == "AUX" and lemma not in ("say", "tell"):
                continue
            if _in_quote(tok.idx, quotes) is not None or _is_hyphen_part(tok):
                continue
            if tok.dep_ in ("amod", "compound"):
                continue
            if (
                tok.tag_ == "VBN"
                and tok.dep_ in ("acl", "advcl", "relcl")
                and not any(c.dep_ in ("aux", "nsubj") for c in tok.children)
            ):
                continue  # a reduced passive ("long believed to"): an unattributed claim
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
                # "is believed by investigators to ...": the agent is the source; without
                # one, the passive is an unattributed claim (found below)
                item = self._passive(doc, tok, sentence_of(tok.idx))
                if item is not None:
                    found.append(item)
                continue
            k = sentence_of(tok.idx)
            subj = _subject(tok)
            src = _source_range(subj) if subj is not None else None
            if src is not None and src[1] <= src[0]:
                src = None
            cue_range = _cue_span(tok, rules)
            cluster = (
                min(cue_range[0], src[0] if src else cue_range[0]),
                max(cue_range[1], src[1] if src else cue_range[1]),
            )
            comp = _complement(tok)
            if comp is not None and comp.dep_ == "xcomp" and lemma in rules.clause_only:
                comp = None
            comp_chars: tuple[int, int] | None = None
            if comp is not None:
                lo, hi = _subtree_range(comp)
                if comp.dep_ == "xcomp":
                    # "urged the crowd to welcome him": the object is part of what is urged
                    objects = [c for c in tok.children if c.dep_ == "dobj" and c.i < comp.i]
                    if objects:
                        lo = min(lo, objects[0].left_edge.i)
                lo, hi = _content_range(doc, lo, hi)
                if hi > lo:
                    start, end = _chars(doc, lo, hi)
                    comp_chars = (start, _close_quote(doc_text(doc), start, end))
            near = sentence_quotes(k)
            adjacent = [j for j in near if _adjacent(doc, tok, cluster, quotes[j], quotes)]
            parts: list[tuple[int, int]] = []
            kind: AttributionKind = "indirect"
            if comp_chars is not None:
                inside = [
                    j
                    for j in near
                    if _overlaps(comp_chars, (quotes[j].start_char, quotes[j].end_char))
                ]
                covered = sum(
                    min(comp_chars[1], quotes[j].end_char)
                    - max(comp_chars[0], quotes[j].start_char)
                    for j in inside
                )
                if inside and covered >= 0.9 * (comp_chars[1] - comp_chars[0]):
                    chosen = sorted(set(inside) | set(adjacent))
                    parts = [(quotes[j].start_char, quotes[j].end_char) for j in chosen]
                    used_quotes.update(chosen)
                    kind = "direct"
                elif inside:
                    parts = [comp_chars]
                    used_quotes.update(inside)
                    kind = "mixed"
                elif (
                    adjacent
                    and comp is not None
                    and comp.i < tok.i
                    and all(quotes[j].start_char > tok.idx for j in adjacent)
                ):
                    # "Graham said, “...”" parsed with the cue's clause elsewhere
                    parts = [(quotes[j].start_char, quotes[j].end_char) for j in adjacent]
                    used_quotes.update(adjacent)
                    kind = "direct"
                else:
                    parts = [comp_chars]
            elif adjacent:
                parts = [(quotes[j].start_char, quotes[j].end_char) for j in adjacent]
                used_quotes.update(adjacent)
                kind = "direct"
            elif tok.dep_ == "parataxis" and tok.head.i != tok.i:
                # "The museum, he said, would open in May": the clause around the cue
                parts = _around(doc, tok)
                if not parts:
                    continue
                kind = "indirect"
            else:
                rng = _object_range(tok) if lemma not in rules.clause_only else None
                if rng is None:
                    rng = _clause_after_medium(tok, cue_range)
                if rng is None:
                    if src is not None and tok.dep_ in ("ROOT", "parataxis", "conj"):
                        # "Clinton said." after a quotation: a speaker waiting for content
                        found.append(_Found(cue_range, lemma, src, [], "direct", k))
                    continue
                start, end = _chars(doc, *rng)
                parts = [(start, _close_quote(doc_text(doc), start, end))]
                inner = [
                    j for j, q in enumerate(quotes) if start <= q.start_char and q.end_char <= end
                ]
                if inner:
                    kind = (
                        "direct"
                        if len(inner) == 1 and quotes[inner[0]].start_char == start
                        else "mixed"
                    )
                    used_quotes.update(inner)
            if src is not None and any(_overlaps(_chars(doc, *src), p) for p in parts):
                src = None
            found.append(_Found(cue_range, lemma, src, parts, kind, k))
        # quotations nobody has claimed yet
        found.sort(key=lambda f: doc[f.cue_range[0]].idx)
        for k, q in enumerate(quotes):
            if k in used_quotes:
                continue
            self._orphan(doc, q, found, sentences, sentence_of)
        found.sort(key=lambda f: doc[f.cue_range[0]].idx)
        return found

    def _passive(self, doc: Doc, tok: Token, sentence_index: int) -> _Found | None:
        agents = [c for c in tok.children if c.dep_ == "agent"]
        objects = [c for c in agents[0].children if c.dep_ == "pobj"] if agents else []
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if not objects or not comps:
            return None
        src = _trim(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
        parts = []
        for child in tok.children:
            if (child.dep_ == "nsubjpass" and child.lower_ != "it") or child in comps:
                lo, hi = _trim(doc, *_subtree_range(child), keep_quotes=True)
                if hi > lo:
                    parts.append(_chars(doc, lo, hi))
        if not parts:
            return None
        lo = min(
            [c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i],
            default=tok.i,
        )
        return _Found(
            (lo, tok.i + 1), tok.lemma_.lower(), src, sorted(parts), "indirect", sentence_index
        )

    def _according(
        self, doc: Doc, tok: Token, quotes: Sequence[Quote], sentence_of: Any
    ) -> _Found | None:
        to = doc[tok.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in tok.children if c.dep_ == "pobj"
        ]
        if not objects:
            return None
        if objects[0].lemma_.lower() in self.rules.not_sources:
            return None  # "according to plan"
        src = _trim(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
        sent = tok.sent
        # the content is the rest of the sentence: before or after the "according to" phrase
        phrase_lo = tok.i
        phrase_hi = max(src[1], to.i + 1)
        before = _trim(doc, sent.start, phrase_lo, keep_quotes=True)
        after = _trim(doc, phrase_hi, sent.end, keep_quotes=True)
        rng = before if before[1] - before[0] >= after[1] - after[0] else after
        if rng[1] <= rng[0]:
            return None
        start, end = _chars(doc, *rng)
        inner = [q for q in quotes if start <= q.start_char and q.end_char <= end]
        kind: AttributionKind = "indirect"
        if inner:
            kind = "direct" if len(inner) == 1 and inner[0].start_char == start else "mixed"
        return _Found(
            (tok.i, tok.i + 2), "according to", src, [(start, end)], kind, sentence_of(tok.idx)
        )

    def _orphan(
        self,
        doc: Doc,
        q: Quote,
        found: list[_Found],
        sentences: Sequence[Sentence],
        sentence_of: Any,
    ) -> None:
        """A quotation with no cue in its sentence: the previous quotation's speaker goes on
        talking, or the speaker comes in the next sentence."""
        k = sentence_of(q.start_char)
        end_k = sentence_of(max(q.start_char, q.end_char - 1))
        # a cue in the next sentence with no content of its own
        if end_k + 1 < len(sentences):
            nxt = sentences[end_k + 1]
            for f in found:
                if f.sentence_index == end_k + 1 and f.source_range is not None and not f.parts:
                    f.parts = [(q.start_char, q.end_char)]
                    f.kind = "direct"
                    return
            span = doc.char_span(nxt.start_char, nxt.end_char, alignment_mode="expand")
            if span is not None:
                item = self._speaker_after(doc, span, q, sentence_of)
                if item is not None:
                    found.append(item)
                    return
        # continuation: the last direct attribution ended in this or the previous sentence
        previous = [f for f in found if f.parts and f.parts[-1][1] <= q.start_char]
        if previous:
            last = max(previous, key=lambda f: f.parts[-1][1])
            gap = k - sentence_of(last.parts[-1][1] - 1)
            if last.kind in ("direct", "mixed") and gap <= 1:
                last.parts.append((q.start_char, q.end_char))

    def _speaker_after(self, doc: Doc, span: Span, q: Quote, sentence_of: Any) -> _Found | None:
        """ "That was the message from coach Ana Ruiz": a short next sentence that names the
        speaker with "from" or a cue verb and reports nothing else."""
        if len(span) > 24:
            return None
        for tok in span:
            if tok.lower_ == "from" and tok.head.lemma_.lower() in _SAYING_NOUNS:
                objs = [c for c in tok.children if c.dep_ == "pobj"]
                if objs:
                    src = _trim(doc, objs[0].left_edge.i, objs[0].right_edge.i + 1)
                    head = tok.head
                    return _Found(
                        (head.i, head.i + 1),
                        head.lemma_.lower(),
                        src,
                        [(q.start_char, q.end_char)],
                        "direct",
                        sentence_of(q.start_char),
                    )
        return None

    # -- finishing: types, names ------------------------------------------------------------

    def _finish(
        self, doc: Doc, sentences: Sequence[Sentence], found: list[_Found],
        ents_cache: EntityCache,
    ) -> tuple[Attribution, ...]:
        # An attribution reported inside another one's content belongs to that content ("She
        # said the audit shows ...": one attribution, hers), as PolNeAR annotates it.
        outer = [p for f in found for p in f.parts]
        found = [
            f
            for f in found
            if not any(p[0] <= doc[f.cue_range[0]].idx < p[1] for p in outer if p not in f.parts)
        ]
        out: list[Attribution] = []
        # (char, name, type, gender) of the named sources cited so far
        named: list[tuple[int, str, SourceType, str | None]] = []
        mentions = _name_mentions(doc, self.rules)
        seen: set[tuple[int, int]] = set()
        for f in found:
            if not f.parts:
                continue
            lo, hi = f.cue_range
            cue_start, cue_end = _chars(doc, lo, hi)
            if (cue_start, cue_end) in seen:
                continue
            seen.add((cue_start, cue_end))
            cue = Cue(
                text=doc_text(doc)[cue_start:cue_end],
                start_char=cue_start,
                end_char=cue_end,
                lemma=f.lemma,
                cue_class=self.rules.cue_class(f.lemma),
            )
            if f.source_range is None and f.kind == "indirect":
                continue  # a reported clause needs a source ("lists no refinery operations")
            source = None
            if f.source_range is not None:
                source = self._source(doc, f.source_range, named, mentions, ents_cache)
                if source.resolved and source.type in ("person", "organization"):
                    named.append(
                        (
                            source.start_char,
                            source.resolved,
                            source.type,
                            _gender_after(doc, f.source_range[1]),
                        )
                    )
            out.append(Attribution(source, cue, tuple(sorted(f.parts)), f.kind, f.sentence_index))
        return tuple(out)

    def _referent(
        self,
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
        self._recognise(doc, window_sents, cache)
        if cache.mentions is None:
            cache.mentions = self._people_and_bodies(doc, mentions, cache)
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

    def _titled_names(self, doc: Doc, cache: EntityCache) -> set[str]:
        """Names written somewhere in the article after a title or role ("Opposition leader
        Nadia Petrova"): people, whatever the entity recogniser says."""
        if cache.titled is None:
            names: set[str] = set()
            for run in _name_runs(doc):
                words = strip_titles(run, self.rules)
                before = doc[run[0].i - 1] if run[0].i > 0 else None
                titled = any(t.lower_.rstrip(".") in self.rules.titles for t in run[:-1])
                if before is not None and (
                    before.lower_ in self.rules.titles
                    or before.lemma_.lower() in self.rules.definite_roles
                ):
                    titled = True
                if words and titled:
                    names.add(" ".join(words))
            cache.titled = names
        return cache.titled

    def _people_and_bodies(
        self, doc: Doc, mentions: list[tuple[int, str]], cache: EntityCache
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
            words = strip_titles(list(span), self.rules)
            # "Striker Marco Bellini", read as an ORG, is a person
            titled = any(t.lower_.rstrip(".") in self.rules.titles for t in span[:-1])
            kind: SourceType = "person" if label == "PERSON" or titled else "organization"
            gender = None
            if kind == "person":
                nxt = min((p for p in people_starts if p > a), default=span.sent.end_char)
                for tok in doc[span.end : span.sent.end]:
                    if tok.idx >= nxt:
                        break
                    if tok.lower_ in ("he", "his", "him", "himself"):
                        gender = "m"
                        break
                    if tok.lower_ in ("she", "her", "hers", "herself"):
                        gender = "f"
                        break
                prev = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
                gender = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}.get(prev, gender)
            name = _full_name(" ".join(words) if words else span.text, mentions, a)
            out.append((a, name, kind, subject, gender))
        return out

    def _recognise(self, doc: Doc, sentences: Sequence[Span], cache: EntityCache) -> None:
        recognise(self.ner, doc, sentences, cache)

    def _source(
        self,
        doc: Doc,
        rng: tuple[int, int],
        named: list[tuple[int, str, SourceType, str | None]],
        mentions: list[tuple[int, str]],
        ents_cache: EntityCache,
    ) -> Source:
        rules = self.rules
        lo, hi = rng
        start, end = _chars(doc, lo, hi)
        text = doc_text(doc)[start:end]
        head = _source_head(doc, lo, hi)
        low = text.lower()
        sent_low = head.sent.text.lower()
        head_lemma = head.lemma_.lower()
        # pronouns and roles that point back to someone named earlier
        pronoun = hi - lo == 1 and head.lower_ in rules.person_pronouns | rules.group_pronouns
        role = (
            hi - lo <= 3
            and doc[lo].lower_ == "the"
            and not any(t.pos_ == "PROPN" for t in doc[lo:hi])
            and (head_lemma in rules.definite_roles or head_lemma in rules.organization_nouns)
        )
        if pronoun or role:
            if head.lower_ in rules.person_pronouns or (
                role and head_lemma in rules.definite_roles
            ):
                want: SourceType = "person"
            else:
                want = "organization"
            gender = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}.get(head.lower_)
            referent = self._referent(doc, head, want, gender, named, mentions, ents_cache)
            if referent is not None:
                return Source(text, start, end, want, referent)
            if pronoun:
                kind: SourceType = "person" if want == "person" else "vague"
                return Source(text, start, end, kind, None)
        all_ents = ents_cache.ents
        ents = [e for e in all_ents if start <= e[0] and e[1] <= end]
        persons = [e for e in ents if e[2] == "PERSON"]
        orgs = [e for e in ents if e[2] in ("ORG", "GPE", "NORP", "FAC")]
        # a name in apposition to a role: "its chief financial officer, Ruth Mbeki"
        appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        role_before = False
        if head.pos_ != "PROPN" and appos and head_lemma not in rules.organization_nouns:
            head_lemma, head, role_before = appos[0].lemma_.lower(), appos[0], True
        withheld = any(m in low for m in rules.anonymous_markers) or any(
            m in sent_low for m in _ANONYMITY_IN_SENTENCE
        )
        if head.pos_ != "PROPN" and not persons:
            if head_lemma in rules.anonymous_nouns or withheld:
                return Source(text, start, end, "anonymous", None)
            if head_lemma in rules.document_nouns:
                # "a statement from the ministry", "a court filing"; bare "reports": vague
                owned = (
                    bool(orgs)
                    or any(t.pos_ == "PROPN" for t in doc[lo:hi])
                    or any(c.dep_ in ("poss", "prep", "compound") for c in head.children)
                )
                if head.tag_ == "NNS" and not owned:
                    return Source(text, start, end, "vague", None)
                return Source(text, start, end, "document", None)
            if head_lemma in rules.vague_nouns or head.pos_ in ("DET", "PRON", "ADJ", "NUM"):
                return Source(text, start, end, "vague", None)
            if head_lemma in rules.organization_nouns or (
                orgs and head_lemma not in rules.definite_roles
            ):
                return Source(text, start, end, "organization", None)
            if head_lemma in rules.definite_roles or head_lemma in rules.titles:
                return Source(text, start, end, "person", None)
            return Source(text, start, end, "vague" if head.tag_ == "NNS" else "person", None)
        # a name: spaCy's entity at the head, checked against the article's other mentions
        # ("El Aissami" after "Tareck El Aissami" is a person) and the words around it
        if head_lemma in rules.organization_nouns:  # "the Ministry of Health"
            name = " ".join(t.text for t in doc[lo:hi] if t.lower_ != "the" or t.i > lo)
            return Source(text, start, end, "organization", name)
        run = _name_tokens(doc, head)
        words = strip_titles(run, rules)
        name = _full_name(" ".join(words) if words else text, mentions, start)
        earlier = [kind for _, n, kind, _ in named if n == name]
        if earlier:
            return Source(text, start, end, earlier[-1], name)
        titled = (
            role_before
            or name in self._titled_names(doc, ents_cache)
            or any(t.lower_.rstrip(".") in rules.titles for t in run[:-1])
            or (
                run[0].i > 0
                and (
                    doc[run[0].i - 1].lower_ in rules.titles
                    or doc[run[0].i - 1].lemma_.lower() in rules.definite_roles
                )
            )
        )
        if any(w.lower() in rules.organization_nouns for w in words[1:]):
            return Source(text, start, end, "organization", name)  # "Harlow Tenants Union"
        if titled:
            return Source(text, start, end, "person", name)
        self._recognise(doc, [head.sent], ents_cache)
        all_ents = ents_cache.ents
        at_head = [e[2] for e in all_ents if e[0] <= head.idx < e[1]]
        last = name.split()[-1]
        if ents_cache.last_words is None:
            full = doc_text(doc)
            ents_cache.last_words = (
                {full[x:y].split()[-1] for x, y, label in all_ents if label == "PERSON"},
                {
                    full[x:y].split()[-1]
                    for x, y, label in all_ents
                    if label in ("ORG", "GPE", "NORP")
                },
            )
        people, bodies = ents_cache.last_words

        if any(w.lower() in rules.organization_nouns for w in words[1:]) or (
            at_head[:1] in (["ORG"], ["GPE"], ["NORP"]) and not titled and last not in people
        ):
            return Source(text, start, end, "organization", name)
        if at_head[:1] == ["PERSON"] or titled or last in people:
            return Source(text, start, end, "person", name)
        if last in bodies or head_lemma in rules.organization_nouns:
            return Source(text, start, end, "organization", name)
        return Source(text, start, end, "person", name)

    # -- unattributed claims ----------------------------------------------------------------

    def _unattributed(
        self,
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
        rules = self.rules
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


def _name_tokens(doc: Doc, head: Token) -> list[Token]:
    """The proper-noun run that ends at (or contains) a name's head token."""
    lo = head.i
    while (
        lo > 0
        and _is_name_part(doc[lo - 1])
        and (doc[lo - 1].head.i in (head.i, lo) or doc[lo - 1].text == "-")
    ):
        lo -= 1
    hi = head.i + 1
    while hi < len(doc) and doc[hi].pos_ == "PROPN" and doc[hi].head.i == head.i:
        hi += 1
    return list(doc[lo:hi])


def _gender_after(doc: Doc, i: int) -> str | None:
    """ "m" or "f" when the first personal pronoun after token ``i`` in its sentence, before
    any other name, is he/his/him or she/her ("Maria Costa said she ..."); else ``None``."""
    if i >= len(doc):
        return None
    for tok in doc[i : doc[i].sent.end]:
        if tok.pos_ == "PROPN":
            return None
        if tok.lower_ in ("he", "his", "him", "himself"):
            return "m"
        if tok.lower_ in ("she", "her", "hers", "herself"):
            return "f"
    return None


def _is_name_part(tok: Token) -> bool:
    """A proper noun, or a hyphen gluing two ("Ocasio-Cortez", "Díaz-Canel")."""
    if tok.pos_ == "PROPN" and not tok.is_punct:
        return True
    doc = tok.doc
    return (
        tok.text == "-"
        and not tok.whitespace_
        and 0 < tok.i < len(doc) - 1
        and not doc[tok.i - 1].whitespace_
        and doc[tok.i - 1].pos_ == "PROPN"
        and doc[tok.i + 1].pos_ == "PROPN"
    )


def glued_words(tokens: Iterable[Token]) -> list[str]:
    """Tokens as words; tokens written without a space between them are one word
    ("Ocasio-Cortez", "Díaz-Canel")."""
    words: list[str] = []
    glued = False
    for t in tokens:
        if glued and words:
            words[-1] += t.text
        else:
            words.append(t.text)
        glued = not t.whitespace_
    return words


def strip_titles(tokens: Sequence[Token], rules: Rules) -> list[str]:
    """The words of a name without the titles and roles written before it: everything up
    to the last title word goes ("Agriculture Minister Bongani Dlamini" -> "Bongani
    Dlamini"); tokens written without a space between them are one word ("Ocasio-Cortez")."""
    words = glued_words(tokens)
    last = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in rules.titles:
            last = i
    words = words[last + 1 :]
    while words and words[0].lower() in ("the", "'s", "\u2019s"):
        words.pop(0)
    return words


def _name_mentions(doc: Doc, rules: Rules) -> list[tuple[int, str]]:
    """Runs of proper nouns in the article (titles dropped), with their start char."""
    out: list[tuple[int, str]] = []
    for run in _name_runs(doc):
        words = strip_titles(run, rules)
        if words:
            out.append((run[0].idx, " ".join(words)))
    return out


def _name_runs(doc: Doc) -> Iterator[list[Token]]:
    """Maximal runs of name tokens (see :func:`_is_name_part`), in text order."""
    run: list[Token] = []
    for tok in doc:
        if _is_name_part(tok):
            run.append(tok)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _full_name(name: str, mentions: Sequence[tuple[int, str]], before: int) -> str:
    """The longest mention up to ``before`` that ends with ``name`` ("El Aissami" ->
    "Tareck El Aissami"); the name itself when there is none."""
    best = name
    words = name.split()
    for char, mention in mentions:
        if char > before:
            break
        m = mention.split()
        if len(m) > len(words) and m[-len(words) :] == words and len(m) <= 5:
            if len(m) > len(best.split()):
                best = mention
    return best


def speakers_of(
    terms: Sequence[TermMatch], attributions: Sequence[Attribution]
) -> tuple[TermMatch, ...]:
    """Terms with ``speaker`` set: a quoted-voice term belongs to the source of the
    attribution whose content holds it (its resolved name, else the source as written)."""
    out = []
    for t in terms:
        speaker = None
        if t.voice == "quoted":
            for a in attributions:
                if a.source is not None and any(
                    s <= t.start_char and t.end_char <= e for s, e in a.content_parts
                ):
                    speaker = a.source.resolved or " ".join(a.source.text.split())
                    break
        out.append(replace(t, speaker=speaker) if speaker != t.speaker else t)
    return tuple(out)
