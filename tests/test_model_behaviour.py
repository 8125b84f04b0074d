"""What the classifier adds, as behaviour: a loaded term moves the score more than an
ordinary word swapped for a neutral synonym, and literal sentences get no model-found term.

Cases are data (``tests/cases/model_behaviour.jsonl``); a case the model is known to get
wrong carries ``known_failure`` and is a strict xfail.
"""

from __future__ import annotations

import pytest

from framing.evaluation.loading import Edit, score_edits
from framing.records.terms import WEAK_LOADING
from tests.conftest import case_params, load_cases

CASES = load_cases("model_behaviour.jsonl")
ORDER = [c for c in CASES if c["kind"] == "order"]
LITERAL = [c for c in CASES if c["kind"] == "literal"]


def test_the_cases_cover_both_kinds():
    assert len(ORDER) >= 20 and len(LITERAL) >= 20
    for c in ORDER:
        assert c["loaded"] in c["text"] and c["ordinary"] in c["text"]


@pytest.mark.slow
@pytest.mark.parametrize("case", case_params(ORDER))
def test_a_loaded_term_loads_more_than_an_ordinary_word(model_analyzer, case):
    report = model_analyzer(case["text"])
    start = case["text"].index(case["loaded"])
    term = next(t for t in report.terms if t.start_char <= start < t.end_char)
    assert term.loading is not None and term.loading >= WEAK_LOADING
    s = case["text"].index(case["ordinary"])
    control = Edit(case["text"], s, s + len(case["ordinary"]), case["synonym"], False,
                   case["ordinary"], case["id"])
    clf = model_analyzer.classifier_
    ordinary = float(score_edits([control], clf.score)["logit_window4"][0])
    assert term.loading > ordinary


@pytest.mark.slow
@pytest.mark.parametrize("case", case_params(LITERAL))
def test_literal_sentences_get_no_model_found_term(model_analyzer, case):
    report = model_analyzer(case["text"])
    found = [t.surface for t in report.terms if t.origin == "model"]
    assert found == []


def test_a_lexicon_term_in_its_neutral_sense_is_not_flagged_by_the_model(model_analyzer):
    text = "Crush two cloves of garlic and stir them into the sauce."
    report = model_analyzer(text)
    assert [t for t in report.terms if t.surface.lower() == "crush"] == []
    neutral: list[tuple[int, int]] = []
    model_analyzer.matcher_.candidates(model_analyzer.nlp_(text), neutral)
    assert (0, 5) in neutral  # the lexicon's context rule saw the cooking sense


def test_only_a_not_near_veto_marks_a_sentence_literal(model_analyzer):
    """A word of the sentence naming the literal domain ("ship", "garlic") marks it literal;
    a collocation rule ("tax regime") only vetoes the term itself."""
    for text, literal in [
        ("A carved figurehead on the ship's bow was restored by volunteers.", True),
        ("Crush two cloves of garlic and stir them into the sauce.", True),
        ("The tax regime for small firms changed in April.", False),
    ]:
        neutral: list[tuple[int, int]] = []
        found: list[tuple[int, int]] = []
        model_analyzer.matcher_.candidates(model_analyzer.nlp_(text), neutral, found)
        assert neutral, text
        assert bool(found) is literal, text
        assert set(found) <= set(neutral)


def test_the_model_does_not_search_a_sentence_read_as_literal(model_analyzer):
    """The lexicon's rule for "bloated" sees a patient: the model's evaluative words in that
    sentence ("feverish") are medical too and are not reported."""
    text = ("The 61-year-old patient arrived at the clinic bloated and feverish, and "
            "surgeons later removed a twisted section of her bowel.")
    report = model_analyzer(text)
    assert [t.surface for t in report.terms if t.voice == "author"] == []
