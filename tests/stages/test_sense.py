"""The sense check with the shipped model: literal uses of loaded words that the context rules
let through are dropped, loaded uses stay, and phrases are left to their own rules."""

from __future__ import annotations

import numpy as np
import pytest

import framing
from framing.classifier.model import BiasClassifier
from framing.stages.sense import SenseCheck

#: literal uses the lexicon and its context rules alone report as author-voice terms
LITERAL = [
    ("Engineers purged the fuel lines of the generator before restarting it at the pumping "
     "station.", "purged"),
    ("Workers hammered steel sheets onto the hull of the trawler in the dry dock at Killybegs "
     "on Tuesday.", "hammered"),
    ("Engineers blasted the ice jam on the river with compressed air to free the ferry at "
     "Saint-Siméon.", "blasted"),
    ("The chef crushed the almonds and folded them into the batter before baking the tart for "
     "40 minutes.", "crushed"),
    ("The bridge deck was propped up with steel trestles after inspectors found a cracked "
     "girder.", "propped up"),
]

#: loaded uses in the writer's voice, which must stay
LOADED = [
    ("The minister's bloated department has added 4,000 staff since the election, the audit "
     "office said.", "bloated"),
    ("Opposition leaders said the government had gutted the watchdog by cutting its budget by "
     "half.", "gutted"),
    ("The senator's catastrophic handling of the border bill left his party divided on "
     "Thursday.", "catastrophic"),
    ("The club's board torpedoed the stadium plan on Friday, weeks before the first match of "
     "the season.", "torpedoed"),
]


def author_terms(report: framing.ArticleReport) -> list[str]:
    return [t.surface for t in report.terms if t.voice == "author"]


@pytest.mark.parametrize(("text", "word"), LITERAL, ids=[w for _, w in LITERAL])
def test_a_literal_use_the_rules_miss_is_dropped(analyzer: framing.Analyzer,
                                                 model_analyzer: framing.Analyzer,
                                                 text: str, word: str) -> None:
    assert word in author_terms(analyzer(text))  # the rules alone read it as loaded
    assert author_terms(model_analyzer(text)) == []


@pytest.mark.parametrize(("text", "word"), LOADED, ids=[w for _, w in LOADED])
def test_a_loaded_use_stays(model_analyzer: framing.Analyzer, text: str, word: str) -> None:
    assert word in author_terms(model_analyzer(text))


def test_a_phrase_in_a_literal_looking_sentence_stays(model_analyzer: framing.Analyzer) -> None:
    """The sentence reads as literal (a quarry, blasting, dust), but "serial offender" is a
    phrase, which the check leaves to its context rules."""
    text = ("Greystone Quarries, a serial offender on dust limits, was fined £50,000 on Monday "
            "for blasting outside permitted hours.")
    model_analyzer.provenance()  # loads the models
    clf = model_analyzer.classifier_
    assert clf is not None and clf.sense is not None
    p = clf.sense.p_literal(clf.predict([text], with_tokens=False).embeddings)[0]
    assert p >= clf.sense.threshold
    assert "serial offender" in author_terms(model_analyzer(text))


def test_the_shipped_head_reads_literal_sentences_higher(model_analyzer: framing.Analyzer) -> None:
    model_analyzer.provenance()  # loads the models
    clf = model_analyzer.classifier_
    assert isinstance(clf, BiasClassifier) and clf.sense is not None
    head = clf.sense
    p_lit = head.p_literal(clf.predict([t for t, _ in LITERAL], with_tokens=False).embeddings)
    p_load = head.p_literal(clf.predict([t for t, _ in LOADED], with_tokens=False).embeddings)
    assert np.all(p_lit >= head.threshold) and np.all(p_load < head.model_threshold)
    assert model_analyzer.provenance()["model"]["sense_thresholds"] == {
        "lexicon_terms": head.threshold, "model_search": head.model_threshold}


def test_the_check_needs_the_classifier_embeddings() -> None:
    from framing.classifier.sense import SenseHead
    from framing.stages.context import ArticleContext

    check = SenseCheck(SenseHead(weight=np.ones(2), bias=0.0, threshold=0.9,
                                 model_threshold=0.8))
    ctx = ArticleContext.__new__(ArticleContext)
    ctx.prediction = None
    with pytest.raises(ValueError, match="run sentence scoring first"):
        check([ctx])
