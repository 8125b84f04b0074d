"""The article and its text units: sentences and direct quotations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from framing.errors import InputError
from framing.records.base import Record

Voice = Literal["author", "quoted"]
Origin = Literal["lexicon", "model", "rule"]


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
