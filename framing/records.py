"""Frozen typed records that cross stage boundaries.

Every span carries ``start_char`` / ``end_char`` into the original article text, so
``article.text[start_char:end_char] == surface`` always holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from framing.errors import ConfigError, InputError

Voice = Literal["author", "quoted"]
Origin = Literal["lexicon", "model", "rule"]

SCHEMA = "framing.report/v1"

#: One JSON key of a record: an attribute (field or property) serialised under its own name,
#: ``(key, attribute)``, or ``(key, attribute, by)`` for a tuple of records written as an
#: object keyed by each record's ``by`` attribute.
JsonEntry = str | tuple[str, str] | tuple[str, str, str]


class Record:
    """Base of the records: one serialisation for all of them.

    A record's JSON object has the keys listed in its ``__json__`` (by default every
    dataclass field, in order); values are converted recursively: records to objects,
    tuples to lists, mappings to objects. ``tests/test_records.py`` checks that every
    field is either written or deliberately left out.
    """

    __json__: ClassVar[tuple[JsonEntry, ...] | None] = None

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (the report schema's shape)."""
        return as_dict(self)


def json_entries(cls: type) -> tuple[tuple[str, str, str | None], ...]:
    """``(key, attribute, keyed_by)`` for each JSON key of a record class, in order."""
    spec = getattr(cls, "__json__", None)
    if spec is None:
        return tuple((f.name, f.name, None) for f in dataclasses.fields(cls))
    out: list[tuple[str, str, str | None]] = []
    for entry in spec:
        if isinstance(entry, str):
            out.append((entry, entry, None))
        elif len(entry) == 2:
            out.append((entry[0], entry[1], None))
        else:
            out.append((entry[0], entry[1], entry[2]))
    return tuple(out)


def _json_value(value: Any) -> Any:
    if isinstance(value, Record):
        return as_dict(value)
    if isinstance(value, (tuple, list)):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def as_dict(record: Record) -> dict[str, Any]:
    """The JSON object of a record, built from its ``__json__`` entries."""
    out: dict[str, Any] = {}
    for key, attr, by in json_entries(type(record)):
        value = getattr(record, attr)
        if by is None:
            out[key] = _json_value(value)
        else:
            out[key] = {getattr(item, by): as_dict(item) for item in value}
    return out


#: Renderers of an :class:`ArticleReport` by format name, registered by ``framing.render``
#: (records import nothing of the package, so the renderers plug themselves in).
_RENDERERS: dict[str, Callable[[ArticleReport], str]] = {}


def register_renderer(name: str, render: Callable[[ArticleReport], str]) -> None:
    """Make ``render`` the renderer of format ``name`` (``"text"``, ``"markdown"``,
    ``"html"``) behind :meth:`ArticleReport.render`."""
    _RENDERERS[name] = render


def default_article_id(text: str) -> str:
    """A stable id for an article without one: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article(Record):
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
class Sentence(Record):
    """A sentence of the article: whitespace-trimmed character span and its word count."""

    __json__ = ("index", "start_char", "end_char", "n_words", "p_biased")

    index: int
    start_char: int
    end_char: int
    text: str
    n_words: int
    p_biased: float | None = None


@dataclass(frozen=True)
class Quote(Record):
    """A direct quotation: the span includes the opening and closing quote marks.

    ``closed`` is False when the quotation ran to the end of its paragraph without a closing
    mark (news style for a quote that continues in the next paragraph, or a typo).
    """

    __json__ = ("start_char", "end_char", "n_words", "closed")

    start_char: int
    end_char: int
    text: str
    n_words: int
    closed: bool = True


@dataclass(frozen=True)
class Counterfactual(Record):
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


@dataclass(frozen=True)
class TermMatch(Record):
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

    __json__ = ("surface", "start_char", "end_char", "sentence_index", "term", "category",
                "neutral", "alternatives", "direction", "voice", "speaker", "origin", "loading",
                "counterfactual", "note")

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


SourceType = Literal["person", "organization", "anonymous", "vague", "document"]
CueClass = Literal["neutral", "factive", "hedging", "emphatic", "other"]
AttributionKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Source(Record):
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


@dataclass(frozen=True)
class Cue(Record):
    """The words that mark an attribution: a reporting verb with its auxiliaries and
    medium ("has said", "wrote on Twitter"), or "according to".

    ``lemma`` is the verb's lemma (``"according to"`` for that phrase); ``cue_class`` is
    ``neutral``, ``factive`` (presents the content as true), ``hedging`` (distances the
    writer from it), ``emphatic`` (force or reluctance) or ``other`` (a verb the cue table
    does not list), from ``seeds/cue_verbs.tsv``.
    """

    __json__ = ("text", "start_char", "end_char", "lemma", ("class", "cue_class"))

    text: str
    start_char: int
    end_char: int
    lemma: str
    cue_class: CueClass


@dataclass(frozen=True)
class Attribution(Record):
    """One attribution: ``source`` said (``cue``) the ``content``.

    The content is one or more character ranges (``content_parts``): a quotation split by
    its cue ("“A,” she said, “B.”") or continued in the next sentence has several;
    ``content_start``/``content_end`` span them all. ``kind`` is ``direct`` (the content is
    quoted), ``indirect`` (a reported clause) or ``mixed`` (a reported clause with a quoted
    fragment). ``source`` is ``None`` when the cue has no source the parse can find.
    """

    __json__ = ("source", "cue", "content", "kind", "sentence_index")

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

    @property
    def content(self) -> dict[str, Any]:
        """The content's extent and its parts, as the report's JSON writes them."""
        return {"start_char": self.content_start, "end_char": self.content_end,
                "parts": [list(p) for p in self.content_parts]}

    @property
    def source_name(self) -> str | None:
        """The name a source is counted under: its resolved name, else its text as written."""
        if self.source is None:
            return None
        return self.source.resolved or " ".join(self.source.text.split())


@dataclass(frozen=True)
class UnattributedClaim(Record):
    """A claim the writer asserts through a hedge with no source: an agentless passive ("is
    believed to"), a participle ("long believed to"), an impersonal "it is thought that" or
    an adverb ("reportedly"). ``start_char``/``end_char`` span the claim's clause; ``cue``
    is the hedge as written.
    """

    __json__ = ("start_char", "end_char", "text", ("cue", "cue_span"), "sentence_index")

    start_char: int
    end_char: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    sentence_index: int

    @property
    def cue_span(self) -> dict[str, Any]:
        """The hedge as written, with its offsets."""
        return {"text": self.cue, "start_char": self.cue_start, "end_char": self.cue_end}


ActorType = Literal["person", "organization", "government", "country", "place", "group"]
Relation = Literal["head", "modifier", "apposition", "predicate", "agent", "patient"]


@dataclass(frozen=True)
class Mention(Record):
    """One place in the article where an actor is named or referred to."""

    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class ActorLabel(Record):
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


@dataclass(frozen=True)
class Actor(Record):
    """A person, organisation, government, country, place (a city, a region) or group the
    article refers to, with every mention of it and every loaded term attached to it.

    ``name`` is the fullest name the article gives (titles dropped: "Tareck El Aissami" for
    "El Aissami"; a government named by its country or leader: "Venezuelan government",
    "Nicolás Maduro's government"; a group by its noun: "protesters"). ``n_cited`` counts
    the attributions whose source is this actor (0 when attribution was off).
    """

    __json__ = ("name", "type", "n_mentions", "n_labels", "n_cited", "loading_sum",
                "polarity_sum", "mentions", "labels")

    name: str
    type: ActorType
    mentions: tuple[Mention, ...]
    labels: tuple[ActorLabel, ...] = ()
    n_cited: int = 0

    @property
    def n_mentions(self) -> int:
        return len(self.mentions)

    @property
    def n_labels(self) -> int:
        return len(self.labels)

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


@dataclass(frozen=True)
class CategoryCount(Record):
    """Terms of one category, split by voice."""

    __json__ = ("n_author", "n_quoted")

    category: str
    n_author: int
    n_quoted: int


@dataclass(frozen=True)
class TopTerm(Record):
    """One lexicon term (or scare-quoted phrase) and how often it occurs."""

    __json__ = ("term", "category", "count", "n_author", "n_quoted")

    term: str
    category: str
    n_author: int
    n_quoted: int

    @property
    def count(self) -> int:
        return self.n_author + self.n_quoted


@dataclass(frozen=True)
class SourceCount(Record):
    """One source (by resolved name, else as written) and how often it is cited."""

    name: str
    type: SourceType
    count: int


@dataclass(frozen=True)
class AttributionSummary(Record):
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


@dataclass(frozen=True)
class Summary(Record):
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

    __json__ = ("n_terms", "n_author_terms", "n_quoted_terms", "n_words_author",
                "n_words_quoted", "n_quotes", "author_terms_per_100_words",
                "quoted_terms_per_100_words", "loaded_sentence_share", "mean_p_biased",
                "loading_per_100_words", "positive_loading_share",
                ("by_category", "by_category", "category"), "top_terms", "attribution")

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


@dataclass(frozen=True)
class ArticleReport(Record):
    """Everything framing found in one article, with the evidence for every number.

    ``to_dict()`` returns the ``framing.report/v1`` JSON shape; ``to_text()`` and
    ``to_markdown()`` render it for people.
    """

    __json__ = ("schema", "id", "outlet", "n_words", "n_sentences", "provenance", "sentences",
                "terms", "quotes", "attributions", "unattributed", "actors", "summary")

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

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def render(self, fmt: str) -> str:
        """The report rendered as ``fmt``: ``"text"``, ``"markdown"`` or ``"html"``."""
        try:
            render = _RENDERERS[fmt]
        except KeyError:
            raise ConfigError(
                f"The 'fmt' parameter of ArticleReport.render must be one of "
                f"{sorted(_RENDERERS)}; got {fmt!r} instead."
            ) from None
        return render(self)

    def to_text(self) -> str:
        """The report as plain text (:mod:`framing.render.text`)."""
        return self.render("text")

    def to_markdown(self) -> str:
        """The report as Markdown (:mod:`framing.render.text`)."""
        return self.render("markdown")

    def to_html(self) -> str:
        """The annotated article as one self-contained HTML page (:mod:`framing.render.html`)."""
        return self.render("html")
