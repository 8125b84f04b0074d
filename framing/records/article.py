"""The article and its text units: sentences and direct quotations."""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from framing.errors import InputError
from framing.records.base import Record

Voice = Literal["author", "quoted"]
Origin = Literal["lexicon", "model", "rule"]


def default_article_id(text: str) -> str:
    """A stable id for an article without one: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: Names a metadata field cannot take: the article's own fields.
RESERVED_FIELDS = frozenset({"text", "id", "outlet"})


def metadata_value(value: Any) -> Any:
    """A metadata value as JSON can hold it: ``str``, ``int``, ``float``, ``bool`` and
    ``None`` as they are (NaN as ``None``), dates and times in ISO 8601, anything else as
    its ``str``."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    iso = getattr(value, "isoformat", None)  # pandas / numpy timestamps
    if callable(iso):
        return iso()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return metadata_value(item())
    return str(value)


@dataclass(frozen=True)
class Article(Record):
    """One news article: its text and optional identity and metadata.

    ``id`` defaults to :func:`default_article_id` of the text, so the same text always gets
    the same id. ``title``, ``date``, ``url`` and any other fields in ``metadata`` (a mapping
    of field name to value: author, section, a study's own codes...) are carried into the
    report (``report.metadata``) and every table row of the article, unchanged apart from
    :func:`metadata_value`.
    """

    text: str
    id: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: Any = None
    url: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

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
        if not isinstance(self.metadata, Mapping):
            raise InputError(
                f"An article's metadata must be a mapping of field name to value; got "
                f"{type(self.metadata).__name__}. Pass metadata={{'section': 'politics'}}."
            )
        clash = [k for k in self.metadata
                       if not isinstance(k, str) or k in RESERVED_FIELDS
                       or k in ("title", "date", "url")]
        if clash:
            raise InputError(
                f"Metadata field {clash[0]!r} is not allowed: text, id and outlet are the "
                "article's own arguments, and title, date and url have their own (Article("
                "text, id=..., outlet=..., title=..., date=..., url=...)); other names must be "
                "strings."
            )
        object.__setattr__(self, "metadata",
                           {k: metadata_value(v) for k, v in self.metadata.items()})
        if self.id is None:
            object.__setattr__(self, "id", default_article_id(self.text))
        elif not isinstance(self.id, str) or not self.id.strip():
            raise InputError(
                f"An article id must be a non-empty str; got {self.id!r}. "
                "Leave id=None to derive one from the text."
            )

    @property
    def meta(self) -> dict[str, Any]:
        """Title, date, url (those given) and the other metadata fields, in that order."""
        given = {"title": self.title, "date": metadata_value(self.date), "url": self.url}
        return {**{k: v for k, v in given.items() if v is not None}, **self.metadata}


@dataclass(frozen=True)
class Sentence(Record):
    """A sentence of the article: whitespace-trimmed character span and its word count."""

    __json__ = ("index", "start_char", "end_char", "n_words", "p_biased")

    index: int  #: position in the article, from 0
    start_char: int
    end_char: int
    text: str
    n_words: int  #: tokens with a letter or digit
    #: the classifier's P(biased) of the sentence, 0-1; ``None`` without a classifier
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
