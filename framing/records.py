"""Frozen typed records that cross stage boundaries.

Every span carries ``start_char`` / ``end_char`` into the original article text, so
``article.text[start_char:end_char] == surface`` always holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from framing.errors import InputError

Voice = Literal["author", "quoted"]
Origin = Literal["lexicon", "model", "rule"]

SCHEMA = "framing.report/v1"


def default_article_id(text: str) -> str:
    """A stable id for an article without one: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article: its text and optional identity.

    ``id`` defaults to :func:`default_article_id` of the text, so the same text always gets
    the same id.
    """

    text: str
    id: str | None = None
    outlet: str | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(
                f"An article's text must be a str; got {type(self.text).__name__} instead. "
                "Decode bytes first (bytes.decode('utf-8')) or pass the text itself."
            )
        if not self.text.strip():
            raise InputError(
                "The article text is empty or whitespace only; there is nothing to analyze. "
                "Pass the full article text."
            )
        if self.id is None:
            object.__setattr__(self, "id", default_article_id(self.text))
        elif not isinstance(self.id, str) or not self.id.strip():
            raise InputError(
                f"An article id must be a non-empty str; got {self.id!r}. "
                "Leave id=None to derive one from the text."
            )


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article: whitespace-trimmed character span and its word count."""

    index: int
    start_char: int
    end_char: int
    text: str
    n_words: int
    p_biased: float | None = None


@dataclass(frozen=True)
class Quote:
    """A direct quotation: the span includes the opening and closing quote marks.

    ``closed`` is False when the quotation ran to the end of its paragraph without a closing
    mark (news style for a quote that continues in the next paragraph, or a typo).
    """

    start_char: int
    end_char: int
    text: str
    n_words: int
    closed: bool = True


@dataclass(frozen=True)
class Counterfactual:
    """The evidence behind a term's ``loading``: the sentence rewritten without the term.

    ``text`` is the sentence with the term replaced by ``paraphrase`` (tidied: article
    agreement, capitals, punctuation); ``p_original`` and ``p_neutral`` are the classifier's
    P(biased) for the sentence as written and as rewritten; ``n_candidates`` counts the
    paraphrases tried (the chosen one is the most neutral among those similar enough in
    meaning); ``similarity`` is the base sentence encoder's cosine similarity of the two
    sentences, computed only when the choice needed it (``None`` when there was one candidate
    or the lexicon's first paraphrase already scored lowest).
    """

    paraphrase: str
    text: str
    p_original: float
    p_neutral: float
    similarity: float | None = None
    n_candidates: int = 1

    @property
    def loading(self) -> float:
        return round(self.p_original - self.p_neutral, 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "paraphrase": self.paraphrase,
            "text": self.text,
            "p_original": self.p_original,
            "p_neutral": self.p_neutral,
            "similarity": self.similarity,
            "n_candidates": self.n_candidates,
        }


@dataclass(frozen=True)
class TermMatch:
    """A loaded term found in the article.

    ``term`` is the lexicon key that matched (lemma form), ``surface`` the text as written.
    ``neutral`` is the paraphrase to substitute (``""`` means drop the word), already filled
    and capitalised to fit the surface; ``alternatives`` are the lexicon's other paraphrases.
    ``origin`` says where the term came from: ``lexicon``, ``model``, or ``rule`` (a
    structural rule such as a scare-quoted phrase).
    ``speaker`` is who a quoted-voice term belongs to: the resolved source of the attribution
    whose quotation holds it (``None`` for author-voice terms and unattributed quotations).
    ``loading`` is the drop in P(biased) when the surface is replaced by ``neutral``:
    ``p_biased(original sentence) - p_biased(neutral sentence)``, in [-1, 1]; positive = the
    term makes the sentence read as more biased. It is ``None`` without a classifier;
    ``counterfactual`` then holds the rewritten sentence and both scores.
    """

    surface: str
    start_char: int
    end_char: int
    sentence_index: int
    term: str
    category: str
    neutral: str
    voice: Voice
    origin: Origin
    direction: str = "none"
    note: str = ""
    alternatives: tuple[str, ...] = ()
    loading: float | None = None
    counterfactual: Counterfactual | None = None
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "sentence_index": self.sentence_index,
            "term": self.term,
            "category": self.category,
            "neutral": self.neutral,
            "alternatives": list(self.alternatives),
            "direction": self.direction,
            "voice": self.voice,
            "speaker": self.speaker,
            "origin": self.origin,
            "loading": self.loading,
            "counterfactual": self.counterfactual.to_dict() if self.counterfactual else None,
            "note": self.note,
        }


SourceType = Literal["person", "organization", "anonymous", "vague", "document"]
CueClass = Literal["neutral", "factive", "hedging", "emphatic", "other"]
AttributionKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Source:
    """Who is cited: the span as written, its type, and the name it resolves to.

    ``type`` is ``person``, ``organization`` (governments, agencies, companies, parties,
    countries), ``anonymous`` (identity withheld: "a senior official", "people familiar with
    the talks"), ``vague`` (no one checkable: "reports", "critics", "some") or ``document``
    (a text with a named owner: "a statement from the ministry"). ``resolved`` is the full
    name a pronoun, role ("the minister") or short name ("El Aissami") stands for, taken from
    an earlier mention in the article; the name itself for named sources; ``None`` when
    there is no name to give.
    """

    text: str
    start_char: int
    end_char: int
    type: SourceType
    resolved: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "type": self.type,
            "resolved": self.resolved,
        }


@dataclass(frozen=True)
class Cue:
    """The words that mark an attribution: a reporting verb with its auxiliaries and
    medium ("has said", "wrote on Twitter"), or "according to".

    ``lemma`` is the verb's lemma (``"according to"`` for that phrase); ``cue_class`` is
    ``neutral``, ``factive`` (presents the content as true), ``hedging`` (distances the
    writer from it), ``emphatic`` (force or reluctance) or ``other`` (a verb the cue table
    does not list), from ``seeds/cue_verbs.tsv``.
    """

    text: str
    start_char: int
    end_char: int
    lemma: str
    cue_class: CueClass

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "lemma": self.lemma,
            "class": self.cue_class,
        }


@dataclass(frozen=True)
class Attribution:
    """One attribution: ``source`` said (``cue``) the ``content``.

    The content is one or more character ranges (``content_parts``): a quotation split by
    its cue ("“A,” she said, “B.”") or continued in the next sentence has several;
    ``content_start``/``content_end`` span them all. ``kind`` is ``direct`` (the content is
    quoted), ``indirect`` (a reported clause) or ``mixed`` (a reported clause with a quoted
    fragment). ``source`` is ``None`` when the cue has no source the parse can find.
    """

    source: Source | None
    cue: Cue
    content_parts: tuple[tuple[int, int], ...]
    kind: AttributionKind
    sentence_index: int

    @property
    def content_start(self) -> int:
        return self.content_parts[0][0]

    @property
    def content_end(self) -> int:
        return self.content_parts[-1][1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict() if self.source is not None else None,
            "cue": self.cue.to_dict(),
            "content": {
                "start_char": self.content_start,
                "end_char": self.content_end,
                "parts": [list(p) for p in self.content_parts],
            },
            "kind": self.kind,
            "sentence_index": self.sentence_index,
        }


@dataclass(frozen=True)
class UnattributedClaim:
    """A claim the writer asserts through a hedge with no source: an agentless passive ("is
    believed to"), a participle ("long believed to"), an impersonal "it is thought that" or
    an adverb ("reportedly"). ``start_char``/``end_char`` span the claim's clause; ``cue``
    is the hedge as written.
    """

    start_char: int
    end_char: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    sentence_index: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_char": self.start_char,
            "end_char": self.end_char,
            "text": self.text,
            "cue": {"text": self.cue, "start_char": self.cue_start, "end_char": self.cue_end},
            "sentence_index": self.sentence_index,
        }


ActorType = Literal["person", "organization", "government", "country", "place", "group"]
Relation = Literal["head", "modifier", "apposition", "predicate", "agent", "patient"]


@dataclass(frozen=True)
class Mention:
    """One place in the article where an actor is named or referred to."""

    start_char: int
    end_char: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start_char": self.start_char, "end_char": self.end_char, "text": self.text}


@dataclass(frozen=True)
class ActorLabel:
    """A loaded term attached to an actor through the parse.

    ``relation`` says how: ``head`` (the term is the head of the actor's mention: "the
    socialist regime"), ``modifier`` ("cash-starved PDVSA"), ``apposition`` ("Hezbollah, a
    terrorist organization"), ``predicate`` ("X is a ...", "accused X of being a ..."),
    ``agent`` or ``patient`` (the actor does, or undergoes, a loaded verb: "police crushed
    the protest"). ``polarity`` is how the label casts the actor: -1 negatively, +1
    favourably, 0 neither (from the term's category, ``seeds/actors.json``). The other
    fields are the term's (:class:`TermMatch`), including its ``loading`` (``None`` without
    a classifier), ``voice`` and, for a quoted term, the ``speaker``.
    """

    surface: str
    start_char: int
    end_char: int
    sentence_index: int
    term: str
    category: str
    voice: Voice
    origin: Origin
    relation: Relation
    polarity: int
    loading: float | None = None
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "sentence_index": self.sentence_index,
            "term": self.term,
            "category": self.category,
            "voice": self.voice,
            "origin": self.origin,
            "relation": self.relation,
            "polarity": self.polarity,
            "loading": self.loading,
            "speaker": self.speaker,
        }


@dataclass(frozen=True)
class Actor:
    """A person, organisation, government, country, place (a city, a region) or group the
    article refers to, with every mention of it and every loaded term attached to it.

    ``name`` is the fullest name the article gives (titles dropped: "Tareck El Aissami" for
    "El Aissami"; a government named by its country or leader: "Venezuelan government",
    "Nicolás Maduro's government"; a group by its noun: "protesters"). ``n_cited`` counts
    the attributions whose source is this actor (0 when attribution was off).
    """

    name: str
    type: ActorType
    mentions: tuple[Mention, ...]
    labels: tuple[ActorLabel, ...] = ()
    n_cited: int = 0

    @property
    def loading_sum(self) -> float | None:
        """Sum of the labels' loadings; ``None`` when no label has one (no classifier, or
        no label). Higher = the wording attached to this actor moves the classifier more."""
        values = [lb.loading for lb in self.labels if lb.loading is not None]
        return round(sum(values), 4) if values else None

    @property
    def polarity_sum(self) -> int:
        """Sum of the labels' polarities: below 0 = cast negatively on balance."""
        return sum(lb.polarity for lb in self.labels)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "n_mentions": len(self.mentions),
            "n_labels": len(self.labels),
            "n_cited": self.n_cited,
            "loading_sum": self.loading_sum,
            "polarity_sum": self.polarity_sum,
            "mentions": [m.to_dict() for m in self.mentions],
            "labels": [lb.to_dict() for lb in self.labels],
        }


@dataclass(frozen=True)
class CategoryCount:
    """Terms of one category, split by voice."""

    category: str
    n_author: int
    n_quoted: int


@dataclass(frozen=True)
class TopTerm:
    """One lexicon term (or scare-quoted phrase) and how often it occurs."""

    term: str
    category: str
    n_author: int
    n_quoted: int

    @property
    def count(self) -> int:
        return self.n_author + self.n_quoted


@dataclass(frozen=True)
class SourceCount:
    """One source (by resolved name, else as written) and how often it is cited."""

    name: str
    type: SourceType
    count: int


@dataclass(frozen=True)
class AttributionSummary:
    """How the article is sourced, rebuilt from ``attributions`` and ``unattributed``.

    - ``by_source_type``: attributions per source type, plus ``none`` for a cue with no
      source found; every type is listed, zeros included.
    - ``by_cue_class``: attributions per cue class (``neutral``, ``factive``, ``hedging``,
      ``emphatic``, ``other``), zeros included.
    - ``by_kind``: attributions per kind (``direct``, ``indirect``, ``mixed``).
    - ``attributed_sentence_share``: sentences holding at least one cue / all sentences;
      0-1, higher = more of the article is explicitly sourced.
    - ``anonymous_vague_share``: anonymous + vague sources / attributions with a source;
      0-1, higher = more of the sourcing cannot be checked. ``None`` with no sourced
      attribution.
    - ``top_sources``: the most cited sources, most cited first (ties by first citation).
    - ``n_unattributed``: claims asserted through a sourceless hedge ("is believed to").
    """

    n_attributions: int
    by_source_type: Mapping[str, int]
    by_cue_class: Mapping[str, int]
    by_kind: Mapping[str, int]
    attributed_sentence_share: float
    anonymous_vague_share: float | None
    top_sources: tuple[SourceCount, ...]
    n_unattributed: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_attributions": self.n_attributions,
            "by_source_type": dict(self.by_source_type),
            "by_cue_class": dict(self.by_cue_class),
            "by_kind": dict(self.by_kind),
            "attributed_sentence_share": self.attributed_sentence_share,
            "anonymous_vague_share": self.anonymous_vague_share,
            "top_sources": [
                {"name": t.name, "type": t.type, "count": t.count} for t in self.top_sources
            ],
            "n_unattributed": self.n_unattributed,
        }


@dataclass(frozen=True)
class Summary:
    """Article-level numbers, each rebuilt from the evidence in the report.

    - ``author_terms_per_100_words``: author-voice terms per 100 words of text outside direct
      quotations; 0 or more, higher = more loaded wording by the writer.
    - ``quoted_terms_per_100_words``: quoted-voice terms per 100 words inside direct
      quotations; ``None`` when the article quotes nobody.
    - ``loaded_sentence_share``: sentences with at least one author-voice term / all
      sentences; 0-1.
    - ``by_category``: term counts per category, split by voice (categories with no term are
      left out).
    - ``top_terms``: the most frequent terms, most frequent first (ties by first appearance).
    - ``mean_p_biased``: mean classifier P(biased) over the sentences; 0-1.
    - ``loading_per_100_words``: sum of the positive loadings of author-voice terms per 100
      author-voice words; 0 or more, higher = the writer's wording moves the classifier more.
    - ``positive_loading_share``: share of the terms with a loading whose loading is > 0.

    The last three are ``None`` when no classifier ran (and the share also when no term has a
    loading). ``attribution`` summarises the sourcing (``None`` when attribution was off).
    """

    n_terms: int
    n_author_terms: int
    n_quoted_terms: int
    n_words_author: int
    n_words_quoted: int
    n_quotes: int
    author_terms_per_100_words: float
    quoted_terms_per_100_words: float | None
    loaded_sentence_share: float
    by_category: tuple[CategoryCount, ...]
    top_terms: tuple[TopTerm, ...]
    mean_p_biased: float | None = None
    loading_per_100_words: float | None = None
    positive_loading_share: float | None = None
    attribution: AttributionSummary | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_terms": self.n_terms,
            "n_author_terms": self.n_author_terms,
            "n_quoted_terms": self.n_quoted_terms,
            "n_words_author": self.n_words_author,
            "n_words_quoted": self.n_words_quoted,
            "n_quotes": self.n_quotes,
            "author_terms_per_100_words": self.author_terms_per_100_words,
            "quoted_terms_per_100_words": self.quoted_terms_per_100_words,
            "loaded_sentence_share": self.loaded_sentence_share,
            "mean_p_biased": self.mean_p_biased,
            "loading_per_100_words": self.loading_per_100_words,
            "positive_loading_share": self.positive_loading_share,
            "by_category": {
                c.category: {"n_author": c.n_author, "n_quoted": c.n_quoted}
                for c in self.by_category
            },
            "top_terms": [
                {
                    "term": t.term,
                    "category": t.category,
                    "count": t.count,
                    "n_author": t.n_author,
                    "n_quoted": t.n_quoted,
                }
                for t in self.top_terms
            ],
            "attribution": self.attribution.to_dict() if self.attribution is not None else None,
        }


@dataclass(frozen=True)
class ArticleReport:
    """Everything framing found in one article, with the evidence for every number.

    ``to_dict()`` returns the ``framing.report/v1`` JSON shape; ``to_text()`` and
    ``to_markdown()`` render it for people.
    """

    id: str
    text: str
    n_words: int
    sentences: tuple[Sentence, ...]
    terms: tuple[TermMatch, ...]
    quotes: tuple[Quote, ...]
    summary: Summary
    provenance: Mapping[str, Any]
    outlet: str | None = None
    attributions: tuple[Attribution, ...] = ()
    unattributed: tuple[UnattributedClaim, ...] = ()
    actors: tuple[Actor, ...] = ()
    schema: str = field(default=SCHEMA)

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "id": self.id,
            "outlet": self.outlet,
            "n_words": self.n_words,
            "n_sentences": self.n_sentences,
            "provenance": dict(self.provenance),
            "sentences": [
                {
                    "index": s.index,
                    "start_char": s.start_char,
                    "end_char": s.end_char,
                    "n_words": s.n_words,
                    "p_biased": s.p_biased,
                }
                for s in self.sentences
            ],
            "terms": [t.to_dict() for t in self.terms],
            "quotes": [
                {
                    "start_char": q.start_char,
                    "end_char": q.end_char,
                    "n_words": q.n_words,
                    "closed": q.closed,
                }
                for q in self.quotes
            ],
            "attributions": [a.to_dict() for a in self.attributions],
            "unattributed": [u.to_dict() for u in self.unattributed],
            "actors": [a.to_dict() for a in self.actors],
            "summary": self.summary.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        from framing.report import render_text

        return render_text(self)

    def to_markdown(self) -> str:
        from framing.report import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        """The annotated article as one self-contained HTML page (:mod:`framing.html`)."""
        from framing.html import render_html

        return render_html(self)
