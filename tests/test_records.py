"""Records are serialised by one mechanism: their dataclass fields (or ``__json__``).

These tests pin the report schema: each record's JSON keys, in order, and which fields are
deliberately left out of the JSON (text the report already holds once).
"""

from __future__ import annotations

import dataclasses
import json

import pytest

import framing
from framing import records
from framing.records import Record, as_dict, json_entries

#: every record class and the JSON keys it writes, in order (the framing.report/v2 shape)
SCHEMA: dict[type, tuple[str, ...]] = {
    records.Sentence: ("index", "start_char", "end_char", "n_words", "p_biased"),
    records.Quote: ("start_char", "end_char", "n_words", "closed"),
    records.Counterfactual: ("paraphrase", "text", "p_original", "p_neutral", "similarity",
                             "n_candidates", "window_original", "window_neutral",
                             "p_window_original", "p_window_neutral", "loading_sentence",
                             "loading_window", "loading_p"),
    records.TermMatch: ("surface", "start_char", "end_char", "sentence_index", "term",
                        "category", "neutral", "alternatives", "direction", "voice", "speaker",
                        "mention", "origin", "loading", "loading_p", "counterfactual", "note"),
    records.Source: ("text", "start_char", "end_char", "type", "resolved"),
    records.Cue: ("text", "start_char", "end_char", "lemma", "class"),
    records.Attribution: ("source", "cue", "content", "kind", "sentence_index"),
    records.UnattributedClaim: ("start_char", "end_char", "text", "cue", "sentence_index"),
    records.Mention: ("start_char", "end_char", "text"),
    records.ActorLabel: ("surface", "start_char", "end_char", "sentence_index", "term",
                         "category", "voice", "origin", "relation", "polarity", "loading",
                         "speaker"),
    records.Actor: ("name", "type", "n_mentions", "n_labels", "n_cited", "loading_sum",
                    "polarity_sum", "mentions", "labels"),
    records.AttributionSummary: ("n_attributions", "by_source_type", "by_cue_class", "by_kind",
                                 "attributed_sentence_share", "anonymous_vague_share",
                                 "top_sources", "n_unattributed"),
    records.Summary: ("n_terms", "n_author_terms", "n_quoted_terms", "n_words_author",
                      "n_words_quoted", "n_quotes", "author_terms_per_100_words",
                      "quoted_terms_per_100_words", "loaded_sentence_share", "mean_p_biased",
                      "loading_per_100_words", "positive_loading_share", "n_left_coded",
                      "n_right_coded", "left_coded_per_100_words", "right_coded_per_100_words",
                      "lean", "n_model_terms", "lexicon_terms_per_100_words",
                      "model_terms_per_100_words", "by_category", "top_terms", "attribution"),
    records.ArticleReport: ("schema", "id", "outlet", "metadata", "n_words", "n_sentences",
                            "provenance",
                            "sentences", "terms", "quotes", "attributions", "unattributed",
                            "actors", "summary"),
}
#: fields a record's JSON leaves out on purpose, and why
OMITTED: dict[type, dict[str, str]] = {
    records.Sentence: {"text": "the report's text holds it (offsets)"},
    records.Quote: {"text": "the report's text holds it (offsets)"},
    records.ArticleReport: {"text": "the input: a report does not repeat the article"},
    records.CategoryCount: {"category": "the key of summary.by_category"},
    records.UnattributedClaim: {"cue": "written as cue.text", "cue_start": "cue.start_char",
                                "cue_end": "cue.end_char"},
    records.Attribution: {"content_parts": "written as content.parts"},
    records.Cue: {"cue_class": "written as class"},
}


def _record_classes() -> list[type]:
    return sorted(
        (c for c in vars(records).values()
         if isinstance(c, type) and issubclass(c, Record) and dataclasses.is_dataclass(c)),
        key=lambda c: c.__name__,
    )


@pytest.mark.parametrize("cls", SCHEMA, ids=lambda c: c.__name__)
def test_json_keys_in_order(cls):
    assert tuple(key for key, _, _ in json_entries(cls)) == SCHEMA[cls]


@pytest.mark.parametrize("cls", _record_classes(), ids=lambda c: c.__name__)
def test_every_field_is_written_or_deliberately_left_out(cls):
    written = {attr for _, attr, _ in json_entries(cls)}
    missing = {f.name for f in dataclasses.fields(cls)} - written - set(OMITTED.get(cls, {}))
    assert missing == set()
    for _, attr, _ in json_entries(cls):
        assert hasattr(cls, attr) or attr in {f.name for f in dataclasses.fields(cls)}


def test_nested_records_tuples_and_keyed_lists_convert():
    term = records.TermMatch("regime", 4, 10, 0, "regime", "political_label", "government",
                             "author", "lexicon", alternatives=("rulers",),
                             counterfactual=records.Counterfactual("government", "The gov", 0.5,
                                                                   0.2))
    d = as_dict(term)
    assert d["alternatives"] == ["rulers"]
    assert d["counterfactual"]["p_neutral"] == 0.2
    summary_cats = (records.CategoryCount("pejorative", 2, 1),)
    att = records.Attribution(None, records.Cue("said", 0, 4, "say", "neutral"),
                              ((5, 9), (12, 20)), "direct", 0)
    assert as_dict(att)["content"] == {"start_char": 5, "end_char": 20,
                                       "parts": [[5, 9], [12, 20]]}
    assert as_dict(att)["cue"]["class"] == "neutral"
    keyed = {c.category: as_dict(c) for c in summary_cats}
    assert keyed == {"pejorative": {"n_author": 2, "n_quoted": 1}}


def test_report_json_round_trips_and_keeps_the_schema(analyzer):
    report = analyzer("Critics said the socialist regime \u201crammed through\u201d a tax. "
                      "It is widely believed that the plan failed.")
    d = json.loads(report.to_json())
    # "metadata" is left out of a report without any (see tests/test_views.py)
    assert tuple(d) == tuple(k for k in SCHEMA[records.ArticleReport] if k != "metadata")
    assert tuple(d["summary"]) == SCHEMA[records.Summary]
    assert all(tuple(t) == SCHEMA[records.TermMatch] for t in d["terms"])
    assert d == report.to_dict()


def test_render_names_the_formats(analyzer):
    report = analyzer("The regime fell.")
    assert report.render("text") == report.to_text()
    with pytest.raises(framing.ConfigError, match="'fmt' parameter.*'html'.*'pdf'"):
        report.render("pdf")
