"""The article report: schema contract, summary rebuilt from evidence, renderings."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import framing

CONTRACT_TOP = {"schema", "id", "n_words", "n_sentences", "provenance", "sentences", "terms",
                "quotes", "attributions", "summary"}
CONTRACT_TERM = {"surface", "start_char", "end_char", "sentence_index", "category", "neutral",
                 "voice", "origin", "loading"}
CONTRACT_SUMMARY = {"author_terms_per_100_words", "quoted_terms_per_100_words",
                    "loaded_sentence_share", "by_category", "top_terms"}


def rebuild_summary(d: dict) -> dict:
    """Recompute every summary number from the evidence in a report's JSON alone."""
    terms = d["terms"]
    author = [t for t in terms if t["voice"] == "author"]
    quoted = [t for t in terms if t["voice"] == "quoted"]
    n_quoted_words = sum(q["n_words"] for q in d["quotes"])
    n_author_words = d["n_words"] - n_quoted_words
    by_category: dict[str, dict[str, int]] = {}
    for t in terms:
        c = by_category.setdefault(t["category"], {"n_author": 0, "n_quoted": 0})
        c["n_author" if t["voice"] == "author" else "n_quoted"] += 1
    counts = Counter((t["term"], t["category"]) for t in terms)
    n_left = sum(t["direction"] == "left" for t in author)
    n_right = sum(t["direction"] == "right" for t in author)
    n_model = sum(t["origin"] == "model" for t in author)
    return {
        "n_left_coded": n_left,
        "n_right_coded": n_right,
        "left_coded_per_100_words": round(100 * n_left / n_author_words, 4),
        "right_coded_per_100_words": round(100 * n_right / n_author_words, 4),
        "lean": round((n_right - n_left) / (n_right + n_left + 2), 4),
        "n_model_terms": n_model,
        "model_terms_per_100_words": round(100 * n_model / n_author_words, 4),
        "lexicon_terms_per_100_words": round(100 * (len(author) - n_model) / n_author_words, 4),
        "n_author_terms": len(author),
        "n_quoted_terms": len(quoted),
        "n_words_quoted": n_quoted_words,
        "author_terms_per_100_words": round(100 * len(author) / n_author_words, 4),
        "quoted_terms_per_100_words": (
            round(100 * len(quoted) / n_quoted_words, 4) if n_quoted_words else None
        ),
        "loaded_sentence_share": round(
            len({t["sentence_index"] for t in author}) / len(d["sentences"]), 4
        ),
        "by_category": by_category,
        "top_counts": counts,
    }


def _reports(seed_report, example_reports):
    return [seed_report, *example_reports.values()]


def test_contract_fields(seed_report: framing.ArticleReport) -> None:
    d = json.loads(seed_report.to_json())
    assert CONTRACT_TOP <= d.keys()
    assert d["schema"] == "framing.report/v2"
    assert {"framing_version", "lexicon", "model", "config"} <= d["provenance"].keys()
    assert {"name", "version", "sha256"} <= d["provenance"]["lexicon"].keys()
    assert d["provenance"]["model"] is None
    assert all({"index", "start_char", "end_char", "p_biased"} <= s.keys() for s in d["sentences"])
    assert all(s["p_biased"] is None for s in d["sentences"])
    assert all(CONTRACT_TERM <= t.keys() for t in d["terms"])
    assert all(t["loading"] is None for t in d["terms"])
    assert all({"start_char", "end_char"} <= q.keys() for q in d["quotes"])
    assert d["attributions"] and all({"source", "cue", "content", "kind"} <= a.keys()
                                     for a in d["attributions"])
    assert isinstance(d["unattributed"], list)
    assert CONTRACT_SUMMARY <= d["summary"].keys()
    assert d["n_sentences"] == len(d["sentences"])


def test_summary_rebuilt_from_evidence(seed_report, example_reports) -> None:
    for report in _reports(seed_report, example_reports):
        d = report.to_dict()
        s = d["summary"]
        rebuilt = rebuild_summary(d)
        assert d["n_words"] == sum(x["n_words"] for x in d["sentences"])
        for key in ("n_author_terms", "n_quoted_terms", "n_words_quoted",
                    "author_terms_per_100_words", "quoted_terms_per_100_words",
                    "loaded_sentence_share", "by_category", "n_left_coded", "n_right_coded",
                    "left_coded_per_100_words", "right_coded_per_100_words", "lean",
                    "n_model_terms", "model_terms_per_100_words",
                    "lexicon_terms_per_100_words"):
            assert s[key] == rebuilt[key], (report.id, key)
        for top in s["top_terms"]:
            assert top["count"] == rebuilt["top_counts"][(top["term"], top["category"])]
        counts = [t["count"] for t in s["top_terms"]]
        assert counts == sorted(counts, reverse=True)
        if len(rebuilt["top_counts"]) > len(counts) and counts:
            assert max(
                c for k, c in rebuilt["top_counts"].items()
                if k not in {(t["term"], t["category"]) for t in s["top_terms"]}
            ) <= counts[-1]


@pytest.mark.parametrize(("n_left", "n_right", "lean"), [
    (0, 0, 0.0), (3, 3, 0.0), (0, 1, 0.3333), (0, 3, 0.6), (4, 0, -0.6667), (1, 9, 0.6667),
])
def test_lean_is_the_smoothed_share_difference(n_left: int, n_right: int, lean: float) -> None:
    from framing.stages.summary import lean_score

    assert lean_score(n_left, n_right) == lean
    assert -1 < lean_score(n_left, n_right) < 1


def test_the_seed_article_leans_right_and_a_left_coded_text_left(analyzer) -> None:
    """The seed article's 'socialist regime' wording is right-coded; a team-written sentence
    in the left's framing leans the other way."""
    left = analyzer("Critics said the tax cuts for the rich would starve public schools, "
                    "while climate deniers in the chamber blocked the vote.")
    assert left.summary.n_left_coded >= 2 and left.summary.lean < 0
    right = analyzer("The socialist regime and its open-borders allies pushed the "
                     "job-killing plan through the assembly.")
    assert right.summary.n_right_coded >= 2 and right.summary.lean > 0


def test_offsets_point_into_the_text(seed_report, example_reports) -> None:
    for report in _reports(seed_report, example_reports):
        for t in report.terms:
            assert report.text[t.start_char : t.end_char] == t.surface
            sent = report.sentences[t.sentence_index]
            assert sent.start_char <= t.start_char and t.end_char <= sent.end_char
        for q in report.quotes:
            assert report.text[q.start_char : q.end_char] == q.text
        for s in report.sentences:
            assert report.text[s.start_char : s.end_char] == s.text


def test_text_report_explains_the_numbers(seed_report: framing.ArticleReport) -> None:
    text = seed_report.to_text()
    s = seed_report.summary
    assert f"{s.author_terms_per_100_words:.2f} per 100 words outside quotations" in text
    assert "DEFINITIONS" in text and "FINDINGS" in text
    for t in seed_report.terms:
        assert repr(t.surface) in text


def test_markdown_report_has_tables(seed_report: framing.ArticleReport) -> None:
    md = seed_report.to_markdown()
    assert md.startswith("# framing report")
    assert "| measure | value | definition |" in md
    assert md.count("\n| ") >= len(seed_report.terms)


def test_article_without_quotes_or_terms() -> None:
    report = framing.analyze("The council met on Tuesday and approved the minutes.")
    s = report.summary
    assert report.terms == () and report.quotes == ()
    assert s.quoted_terms_per_100_words is None
    assert s.author_terms_per_100_words == 0.0 and s.loaded_sentence_share == 0.0
    assert "none" in report.to_text()


@pytest.mark.parametrize("fmt", ["to_json", "to_text", "to_markdown"])
def test_renderings_escape_nothing_away(fmt: str) -> None:
    report = framing.analyze('The regime said "<script>alert(1)</script>" | pipes.')
    out = getattr(report, fmt)()
    assert "regime" in out
