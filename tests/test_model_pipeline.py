"""The analyzer with its classifier: sentence scores, counterfactual loadings, model terms."""

from __future__ import annotations

import json

import numpy as np
import pytest

import framing
from framing.classifier.model import SentenceEncoder
from framing.lexicon import load_lexicon
from framing.records.terms import WINDOW_WORDS, log_odds
from framing.stages.counterfactual import PARAPHRASE_MIN_SIMILARITY, candidates, word_window
from framing.stages.modelterms import MODIFIER_CATEGORY
from framing.stages.rewrite import substitute
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def reports(model_analyzer: framing.Analyzer, seed_text: str) -> list[framing.ArticleReport]:
    texts = [seed_text] + [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return list(model_analyzer.pipe(texts, batch_size=4))


def test_every_sentence_has_a_probability(reports) -> None:
    for r in reports:
        assert r.sentences and all(0.0 <= s.p_biased <= 1.0 for s in r.sentences)
        assert r.provenance["model"]["name"] == "minilm-bias"


def test_loading_is_the_scored_drop_to_the_rewritten_sentence(reports) -> None:
    n = 0
    for r in reports:
        for t in r.terms:
            cf = t.counterfactual
            assert cf is not None, t
            sent = r.sentences[t.sentence_index]
            assert cf.p_original == sent.p_biased
            # the headline is the log-odds drop on the window; every scale replays exactly
            assert t.loading == cf.loading == cf.loading_window
            # the whole rewritten sentence is scored only with sentence_loading=True
            assert cf.p_neutral is None and t.loading_p is None and cf.loading_sentence is None
            assert cf.loading_window == pytest.approx(
                log_odds(cf.p_window_original) - log_odds(cf.p_window_neutral), abs=1e-4)
            assert (t.loading > 0) == (cf.p_window_original > cf.p_window_neutral) or (
                t.loading == 0)
            rel = (t.start_char - sent.start_char, t.end_char - sent.start_char)
            assert cf.text == substitute(sent.text, *rel, cf.paraphrase)
            lo, hi = word_window(sent.text, *rel, WINDOW_WORDS)
            assert cf.window_original == sent.text[lo:hi]
            assert cf.window_neutral == substitute(sent.text[lo:hi], rel[0] - lo, rel[1] - lo,
                                                   cf.paraphrase)
            assert cf.paraphrase == t.neutral and cf.text != sent.text
            if cf.n_candidates == 1:
                assert cf.similarity is None
            assert "  " not in cf.text and " ," not in cf.text
            n += 1
    assert n > 30


def test_sentence_loading_scores_the_rewritten_sentence_too(model_analyzer, reports) -> None:
    whole = framing.Analyzer(sentence_loading=True, precision="fp32")  # as model_analyzer
    r = whole(reports[1].text)
    assert r.provenance["config"]["sentence_loading"] is True
    terms = [t for t in r.terms if t.counterfactual]
    assert terms
    for t, plain in zip(terms, [t for t in reports[1].terms if t.counterfactual], strict=True):
        cf = t.counterfactual
        assert t.loading_p == pytest.approx(cf.p_original - cf.p_neutral, abs=1e-4)
        assert -1.0 <= t.loading_p <= 1.0
        assert cf.loading_sentence == pytest.approx(
            log_odds(cf.p_original) - log_odds(cf.p_neutral), abs=1e-4)
        assert t.loading == plain.loading  # the headline does not depend on the option
    scores = model_analyzer.score([t.counterfactual.text for t in terms])
    np.testing.assert_allclose(scores, [t.counterfactual.p_neutral for t in terms], atol=2e-3)


def test_pipeline_scores_match_the_classifier(model_analyzer, reports) -> None:
    r = reports[0]
    terms = [t for t in r.terms if t.counterfactual][:5]
    cfs = [t.counterfactual for t in terms]
    scores = model_analyzer.score([r.sentences[t.sentence_index].text for t in terms]
                                  + [cf.window_original for cf in cfs]
                                  + [cf.window_neutral for cf in cfs])
    k = len(terms)
    np.testing.assert_allclose(scores[:k], [cf.p_original for cf in cfs], atol=2e-3)
    np.testing.assert_allclose(scores[k:2 * k], [cf.p_window_original for cf in cfs],
                               atol=2e-3)
    np.testing.assert_allclose(scores[2 * k:], [cf.p_window_neutral for cf in cfs], atol=2e-3)


def test_chosen_paraphrase_is_the_most_neutral_close_one(model_analyzer, reports) -> None:
    clf = model_analyzer.classifier_
    checked = 0
    for r in reports:
        for t in r.terms:
            cf = t.counterfactual
            if cf.n_candidates < 2:
                continue
            sent = r.sentences[t.sentence_index]
            options = candidates(sent, t)  # the chosen paraphrase first, then the others
            assert len(options) == cf.n_candidates and options[0][1] == cf.text
            rel = (t.start_char - sent.start_char, t.end_char - sent.start_char)
            lo, hi = word_window(sent.text, *rel, WINDOW_WORDS)
            p = clf.score([substitute(sent.text[lo:hi], rel[0] - lo, rel[1] - lo, para)
                           for para, _ in options])  # scored on the term's window
            assert cf.p_window_neutral == pytest.approx(p[0], abs=2e-3)
            emb = SentenceEncoder().encode([sent.text] + [text for _, text in options])
            sims = emb[1:] @ emb[0]
            if cf.similarity is not None:
                assert cf.similarity == pytest.approx(sims[0], abs=2e-3)
            for k in range(1, len(options)):
                if sims[k] >= PARAPHRASE_MIN_SIMILARITY + 1e-3:
                    assert cf.p_window_neutral <= p[k] + 2e-3, (t.surface, options)
            checked += 1
    assert checked >= 3


def test_seed_article_loaded_terms_move_the_classifier(reports) -> None:
    seed = reports[0]
    author = [t for t in seed.terms if t.voice == "author" and t.origin == "lexicon"]
    loadings = [t.loading for t in author]
    assert np.mean(loadings) > 0
    assert np.mean([x > 0 for x in loadings]) >= 0.6
    regime = [t for t in author if "regime" in t.surface.lower()]
    assert regime and np.mean([t.loading for t in regime]) > 0


def test_summary_numbers_rebuild_from_the_evidence(reports) -> None:
    for r in reports:
        s = r.summary
        assert s.mean_p_biased == pytest.approx(np.mean([x.p_biased for x in r.sentences]),
                                                abs=1e-4)
        positive = sum(t.loading for t in r.terms if t.voice == "author" and t.loading > 0)
        assert s.loading_per_100_words == pytest.approx(100 * positive / s.n_words_author,
                                                        abs=1e-3)
        loadings = [t.loading for t in r.terms]
        if loadings:
            assert s.positive_loading_share == pytest.approx(
                np.mean([x > 0 for x in loadings]), abs=1e-4)


def test_model_terms_are_outside_the_lexicon_and_explained(reports) -> None:
    found = [(r, t) for r in reports for t in r.terms if t.origin == "model"]
    assert found, "the token head found nothing in six articles"
    lexicon_categories = set(load_lexicon("default").categories)
    for r, t in found:
        assert r.text[t.start_char:t.end_char] == t.surface
        others = [u for u in r.terms if u is not t]
        assert all(t.end_char <= u.start_char or t.start_char >= u.end_char for u in others)
        assert t.category == MODIFIER_CATEGORY or t.category in lexicon_categories
        if t.category == MODIFIER_CATEGORY:
            assert t.neutral == ""
        assert "token head" in t.note and t.loading is not None


def test_model_terms_can_be_switched_off(seed_text: str) -> None:
    report = framing.Analyzer(model_terms=False)(seed_text)
    assert all(t.origin != "model" for t in report.terms)
    assert report.provenance["config"]["model_terms"] is False


def test_report_json_and_renderings_carry_the_scores(reports) -> None:
    r = reports[0]
    d = json.loads(r.to_json())
    assert d["summary"]["mean_p_biased"] == r.summary.mean_p_biased
    term = next(t for t in d["terms"] if t["counterfactual"])
    assert {"paraphrase", "text", "p_original", "p_neutral", "similarity"} <= term[
        "counterfactual"].keys()
    assert "loading" in r.to_text() and "mean sentence P(biased)" in r.to_text()
    assert "| loading |" in r.to_markdown() or "loading" in r.to_markdown()
