"""Lexicon matching: behavioural cases from tests/cases/match.jsonl and
tests/cases/match_classes.jsonl (the classes of issue 18: idioms, repetition markers,
compounds, action verbs, state labels, impersonal attribution, inflections) and
tests/cases/match_partisan.jsonl (partisan labels of ordinary news copy, with near misses),
tests/cases/scare_quotes.jsonl (titles, chants and partial quotations that are not scare quotes),
plus the invariants."""

from __future__ import annotations

import pytest

import framing
from framing.stages.inflect import inflect_paraphrase
from framing.stages.match import resolve_overlaps
from tests.conftest import assert_case, case_params, load_cases

CASES = (load_cases("match.jsonl") + load_cases("match_classes.jsonl")
         + load_cases("match_partisan.jsonl") + load_cases("scare_quotes.jsonl"))


def _span(text: str, surface: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def case_failures(report: framing.ArticleReport, case: dict) -> list[str]:
    """What is wrong with the report for one case (empty list = the case passes)."""
    text = case["text"]
    problems = []
    expected_spans = []
    for exp in case["expect"]:
        span = _span(text, exp["surface"], exp.get("occurrence", 1))
        expected_spans.append(span)
        hits = [t for t in report.terms if _overlaps((t.start_char, t.end_char), span)]
        if not hits:
            problems.append(f"missed {exp['surface']!r}")
            continue
        if all(t.voice != exp["voice"] for t in hits):
            problems.append(f"{exp['surface']!r}: voice {hits[0].voice}, expected {exp['voice']}")
        if "category" in exp and all(t.category != exp["category"] for t in hits):
            problems.append(f"{exp['surface']!r}: category {hits[0].category}")
    for phrase in case["reject"]:
        span = _span(text, phrase)
        for t in report.terms:
            if _overlaps((t.start_char, t.end_char), span):
                problems.append(f"flagged neutral {phrase!r} as {t.surface!r}")
    for t in report.terms:
        if not any(_overlaps((t.start_char, t.end_char), s) for s in expected_spans):
            problems.append(f"unexpected term {t.surface!r} ({t.category}, {t.voice})")
    return problems


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(analyzer: framing.Analyzer, case: dict) -> None:
    assert_case(case, case_failures(analyzer(case["text"]), case))


def test_cases_are_well_formed() -> None:
    kinds = {"positive", "voice", "scare_quote", "negative", "control"}
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        assert c["kind"] in kinds, c["id"]
        for exp in c["expect"]:
            _span(c["text"], exp["surface"], exp.get("occurrence", 1))
        if c["kind"] == "control":
            assert not c["expect"] and not c["reject"], c["id"]
    # the file covers every kind, with negatives and known failures documented as such
    assert {c["kind"] for c in CASES} == kinds


def test_neutral_controls_have_no_author_terms(analyzer: framing.Analyzer) -> None:
    controls = [c for c in CASES if c["kind"] == "control" and not c.get("known_failure")]
    assert len(controls) >= 25
    for report, case in zip(analyzer.pipe([c["text"] for c in controls]), controls, strict=True):
        author = [t.surface for t in report.terms if t.voice == "author"]
        assert not author, f"{case['id']}: {author}"


def test_spans_are_exact_and_disjoint(analyzer: framing.Analyzer) -> None:
    for report in analyzer.pipe([c["text"] for c in CASES]):
        previous_end = -1
        for t in report.terms:
            assert report.text[t.start_char : t.end_char] == t.surface
            assert t.start_char >= previous_end, "terms overlap or are out of order"
            previous_end = t.end_char


def test_longest_match_wins(analyzer: framing.Analyzer) -> None:
    report = analyzer("Officials of the communist Castro regime met on Monday.")
    assert [t.surface for t in report.terms] == ["communist Castro regime"]
    assert report.terms[0].neutral == "Castro government"


def test_resolve_overlaps_prefers_longest_then_earliest() -> None:
    spans = [(0, 5), (3, 12), (10, 14), (12, 20)]
    assert resolve_overlaps(spans) == [1, 3]
    assert resolve_overlaps([(0, 5), (6, 9), (5, 6)]) == [0, 2, 1]  # disjoint: all kept
    assert resolve_overlaps([(0, 4), (2, 6)]) == [0]


def test_lemma_and_case_matching(analyzer: framing.Analyzer) -> None:
    report = analyzer("Union bosses slammed the plan. The union boss is slamming it again.")
    surfaces = [t.surface for t in report.terms]
    assert "Union bosses" in surfaces and "union boss" in surfaces
    assert "slammed" in surfaces and "slamming" in surfaces


def test_hyphen_is_optional_between_content_words_only(analyzer: framing.Analyzer) -> None:
    report = analyzer("Critics called them job killing rules, and the would be reformers left.")
    surfaces = [t.surface for t in report.terms]
    assert "job killing" in surfaces
    assert not any("would be" in s for s in surfaces)


def test_a_compound_written_open_keeps_its_first_part_uninflected(
        analyzer: framing.Analyzer) -> None:
    """"Democrat-run" matches "Democrat run" but not "Democrats running" (the first part of a
    compound is never inflected) nor "Democrat running" (a gerund the term's last word is
    not), while "job killing" still matches "job-killing"."""
    assert [t.term for t in analyzer("Democrat-run cities raised the levy.").terms] == [
        "democrat-run"]
    for text in ("Several Democrats running for the Senate back the levy.",
                 "House Democrats ran on the levy and won.",
                 "Almost every Democrat running for the Senate backs the levy."):
        assert not any(t.term == "democrat-run" for t in analyzer(text).terms), text
    assert [t.term for t in analyzer("Job killing rules piled up.").terms] == ["job-killing"]


def test_an_idiom_pronoun_follows_its_subject(analyzer: framing.Analyzer) -> None:
    """"shoot themselves in the foot" finds "shot himself in the foot" and "blood on their
    hands" "blood on its hands"; an object "her" is not a possessive."""
    for text, term in [
        ("The governor shot himself in the foot by announcing the cut.",
         "shoot themselves in the foot"),
        ("The gun lobby has blood on its hands, the mayor said.", "blood on their hands"),
    ]:
        assert term in [t.term for t in analyzer(text).terms], text
    assert analyzer("Her hands were covered in blood after the fall.").terms == ()


def test_a_hyphen_the_term_leaves_out_is_skipped_beside_hyphenated_terms(
        analyzer: framing.Analyzer) -> None:
    """"cash grab" finds "cash-grab" although "cash-for-access" also starts with "cash-"."""
    terms = analyzer("The levy is a cash-grab on commuters, the council admitted.").terms
    assert "cash grab" in [t.term for t in terms], terms
    terms = analyzer("The cash-for-access affair ended his career.").terms
    assert [t.term for t in terms] == ["cash-for-access"], terms


def test_a_plural_noun_before_its_verb_escapes_a_compound_rule(
        analyzer: framing.Analyzer) -> None:
    """"Illegals crossing the Channel" finds "illegal" (the plural noun's next word is its
    verb), while the compound "illegal crossings" stays vetoed by the entry's rule."""
    terms = analyzer("Illegals crossing the Channel in small boats reached 4,200.").terms
    assert [t.term for t in terms] == ["illegal"], terms
    for text in ("Illegal crossings of the Channel reached 4,200 in August.",
                 "Officials recorded 4,200 illegal crossings in August."):
        assert analyzer(text).terms == (), text


def test_a_sentence_initial_plural_taken_for_a_name_finds_its_singular(
        analyzer: framing.Analyzer) -> None:
    """"Yobs" opening a sentence is tagged as a name the lemmatiser does not know; its
    singular is added, so "yob" is found; a name ending in s finds nothing."""
    assert [t.term for t in analyzer("Yobs caused damage to bus shelters.").terms] == ["yob"]
    assert analyzer("Thomas said the council would meet on Monday.").terms == ()


def test_one_modifier_may_stand_inside_an_idiom(analyzer: framing.Analyzer) -> None:
    """An adjective or adverb inside a term of three or more words, before a noun or a
    preposition, is part of the match ("throw more money at"); a two-word term takes none
    ("a fat old cat" is not "fat cat"), nor does a term's last noun ("in the dry dock" is not
    "in the dock"), and an adverb before a verb stays the frame's own ("it is widely
    believed" is the impersonal frame, not the lexicon's "it is believed")."""
    terms = analyzer("The board's answer is to throw more money at the problem.").terms
    assert [(t.term, t.surface) for t in terms] == [("throw money at", "throw more money at")]
    assert analyzer("A fat old cat slept on the porch of the council offices.").terms == ()
    assert analyzer("The trawler spent a week in the dry dock at Killybegs.").terms == ()
    terms = analyzer("It is widely believed that the minister will resign.").terms
    assert [t.origin for t in terms] == ["rule"], terms


def test_an_unlemmatised_plural_noun_finds_its_singular(analyzer: framing.Analyzer) -> None:
    """A plural noun the tagger takes for a singular ("oligarchs") also gets its singular, so
    "the tech oligarchs" finds "tech oligarch"."""
    terms = analyzer("The tech oligarchs who funded the campaign now sit on the panel.").terms
    assert [(t.term, t.surface) for t in terms] == [("tech oligarch", "tech oligarchs")], terms


def test_a_phrase_does_not_end_inside_a_hyphenated_compound(
        analyzer: framing.Analyzer) -> None:
    """"the left" is not in "the left-leaning think tank" (its last word is the first part of
    another compound), and no term ends on a hyphen; a one-word term keeps its sense as the
    first part ("the Democrat-controlled House") and the phrase alone still matches."""
    assert analyzer("The left-leaning think tank ran the survey.").terms == ()
    assert [t.term for t in analyzer("The left has embraced the plan.").terms] == ["the left"]
    terms = analyzer("The bill goes to the Democrat-controlled House next week.").terms
    assert [t.term for t in terms] == ["democrat"], terms


def test_paraphrase_is_inflected_like_the_surface(analyzer: framing.Analyzer) -> None:
    report = analyzer("The minister revealed that union bosses had met the regimes' envoys.")
    by_surface = {t.surface: t.neutral for t in report.terms}
    assert by_surface["revealed"] == "said"
    assert by_surface["union bosses"] == "union leaders"


@pytest.mark.parametrize(("text", "paraphrase", "expected"), [
    ("They waged a war on unions.", "restriction on unions", "restriction on unions"),
    ("The union bosses met.", "union leaders", "union leaders"),
    ("The union bosses met.", "union leader", "union leaders"),
])
def test_a_paraphrase_is_pluralised_once_and_only_for_a_plural_head(
    analyzer: framing.Analyzer, text: str, paraphrase: str, expected: str
) -> None:
    doc = analyzer.nlp_(text)
    start = text.index("war on unions") if "war" in text else text.index("union bosses")
    span = doc.char_span(start, text.index(" met") if "met" in text else len(text) - 1)
    assert inflect_paraphrase(paraphrase, span) == expected


def test_paraphrase_fits_sentence_initial_capital(analyzer: framing.Analyzer) -> None:
    report = analyzer("Socialist regime officials met on Monday.")
    assert report.terms[0].surface == "Socialist regime"
    assert report.terms[0].neutral[0].isupper()


def test_context_rules_veto_neutral_senses(analyzer: framing.Analyzer) -> None:
    neutral = [
        "The clinic put her on a strict dietary regime for six weeks.",
        "The tax regime for small firms changed in April.",
        "A carved figurehead on the ship's bow was restored by volunteers.",
    ]
    for report in analyzer.pipe(neutral):
        assert not report.terms, [t.surface for t in report.terms]
    loaded = analyzer("He is the figurehead President of the communist regime.")
    assert {t.term for t in loaded.terms} >= {"figurehead", "communist regime"}


@pytest.mark.parametrize("name", ["match.jsonl", "match_classes.jsonl", "match_partisan.jsonl",
                                  "scare_quotes.jsonl"])
def test_development_cases_reach_the_issue_targets(analyzer: framing.Analyzer, name: str) -> None:
    """Span precision and recall of at least 0.95 on each behavioural case file (lexicon and
    rules), left- and right-coded spans alike, and no author term on a neutral control."""
    from pathlib import Path

    from framing.evaluation.ptc import evaluate_cases

    result = evaluate_cases(analyzer, Path(__file__).parents[1] / "cases" / name)
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95, result
    for side in ("left", "right"):
        assert result["recall_by_direction"].get(side, 1.0) >= 0.95, result
    assert result["control_author_terms"] == []


@pytest.mark.parametrize(("name", "overall", "side"), [
    ("holdout2_classes.jsonl", 0.95, 0.95), ("holdout3_classes.jsonl", 0.95, 0.95),
    ("holdout4_classes.jsonl", 0.95, 0.95),
    # left-coded spans of the fifth it still misses: "austerity" and "gun violence", words
    # wire copy uses plainly, left out of the lexicon on purpose
    ("holdout5_classes.jsonl", 0.95, 0.90), ("holdout6_classes.jsonl", 0.95, 0.95),
    ("holdout7_classes.jsonl", 0.95, 0.90),
    ("holdout8_classes.jsonl", 0.90, 0.90), ("holdout9_classes.jsonl", 0.90, 0.90),
    ("holdout10_classes.jsonl", 0.90, 0.85), ("holdout11_classes.jsonl", 0.90, 0.85),
    ("holdout12_classes.jsonl", 0.90, 0.85), ("holdout13_classes.jsonl", 0.90, 0.85),
    ("holdout14_classes.jsonl", 0.90, 0.85), ("holdout15_classes.jsonl", 0.90, 0.85),
    ("holdout16_classes.jsonl", 0.90, 0.85), ("holdout17_classes.jsonl", 0.90, 0.85),
    # the eighteenth had fewer of its misses added (its first contact came last this round)
    ("holdout18_classes.jsonl", 0.85, 0.85),
])
def test_team_holdouts_after_their_misses_were_added(analyzer: framing.Analyzer, name: str,
                                                     overall: float, side: float) -> None:
    """The second to eighteenth team hold-outs (blind at first contact, development data
    since): recall of at least ``overall`` and ``side`` on each side, no author term on a
    neutral control but one written-down disagreement: hold-out 14's writer reads a
    sentence-final "researchers reported" after a hospital's trial as plain, the impersonal
    frame rule reads the unnamed researchers as a vague source. (Their precision counts the
    quoted-voice terms of controls that quote a speaker.)"""
    from pathlib import Path

    from framing.evaluation.ptc import evaluate_cases

    result = evaluate_cases(analyzer, Path(__file__).parents[1] / "cases" / name)
    assert result["recall"] >= overall, result
    for direction in ("left", "right"):
        assert result["recall_by_direction"][direction] >= side, result
    disagreements = ["researchers reported"] if name == "holdout14_classes.jsonl" else []
    assert result["control_author_terms"] == disagreements


def test_a_possessive_inside_a_term_matches(analyzer: framing.Analyzer) -> None:
    """"billionaire tax cut" is found in "the billionaires' tax cut" and "the billionaire's
    tax cut"; a term never ends on the possessive, and a possessive alone links nothing."""
    for text, surface in [
        ("The billionaires' tax cut passed the Senate on Saturday.", "billionaires' tax cut"),
        ("The billionaire's tax cut passed the Senate on Saturday.", "billionaire's tax cut"),
    ]:
        terms = analyzer(text).terms
        assert [(t.surface, t.term) for t in terms] == [(surface, "billionaire tax cut")], terms
    assert analyzer("The senator's tax cut passed on Saturday.").terms == ()


def test_context_words_inside_a_split_verb_particle_count(analyzer: framing.Analyzer) -> None:
    """The object between a verb and its particle is outside the match, so a context rule
    sees it: "rounded the cattle up" is literal, "rounded the migrants up" is not."""
    literal = analyzer("Ranch hands rounded the cattle up before the storm reached the valley.")
    assert [t.term for t in literal.terms] == [], literal.terms
    loaded = analyzer("Agents rounded the migrants up before dawn on Tuesday.")
    assert [t.term for t in loaded.terms] == ["round up"], loaded.terms


def test_a_closed_compound_matches_written_open(analyzer: framing.Analyzer) -> None:
    """"fearmongering" and "hardliner" match "fear mongering" and "hard liners" (the open
    spelling of a closed term); a participle tagged as an adjective keeps its verb
    ("handpicked" for "hand-pick"). Pairs that are not a compound written apart stay plain:
    a verb and its particle ("give away" is not "giveaway", "hand out" not "handout") and a
    word before a suffix-like word ("fear less" is not "fearless")."""
    for text, term in [
        ("The insurer's fear mongering about flood claims has not been borne out.", "fearmonger"),
        ("The hard liners in the cabinet objected on Monday.", "hard-liner"),
        ("A handpicked panel of former judges will review the orders.", "hand-pick"),
    ]:
        assert [t.term for t in analyzer(text).terms] == [term], text
    for text in ("The club will give away 100 tickets on Saturday.",
                 "Volunteers hand out leaflets at the station every morning.",
                 "Residents say they fear less for their safety since the lights went up."):
        assert analyzer(text).terms == (), text


def test_british_doubled_l_inflections_match_the_base_form(analyzer: framing.Analyzer) -> None:
    """"backpedalled" and "backpedalling" (British spelling) match "backpedal"; words that
    merely end in -lled match nothing new."""
    for text in ("The minister backpedalled on the pledge on Friday.",
                 "The minister is backpedalling on the pledge."):
        assert [t.term for t in analyzer(text).terms] == ["backpedal"], text
    assert analyzer("The clerk called the number and filled in the form.").terms == ()


def test_a_hyphenated_verb_matches_in_the_past_tense(analyzer: framing.Analyzer) -> None:
    """"strong-armed" matches "strong-arm": the second half of a hyphenated compound gets
    every lemma of its word."""
    terms = analyzer("Union leaders strong-armed workers into backing the walkout.").terms
    assert [t.term for t in terms] == ["strong-arm"], terms


def test_literal_senses_are_vetoed_and_loaded_senses_kept(analyzer: framing.Analyzer) -> None:
    """``tests/cases/literal_senses.jsonl`` (written by the team for a literal-sense audit):
    each entry at risk of a plain sense (a weather "storm hammered", a "bloated" cow, a
    "torpedoed" liner) has sentences in that sense, where no author-voice lexicon term may
    fire, and a sentence in its loaded sense, where its own entry must still fire (at least
    95% of them: a few lose to a longer overlapping term or to a rule's trade-off)."""
    rows = load_cases("literal_senses.jsonl")
    reports = list(analyzer.pipe([r["text"] for r in rows]))
    literal = [(r, [t.surface for t in rep.terms if t.voice == "author"
                    and t.origin == "lexicon"])
               for r, rep in zip(rows, reports, strict=True) if r["sense"] == "literal"]
    assert len(literal) > 800
    assert [(r["text"], found) for r, found in literal if found] == []
    loaded = [(r, {t.term for t in rep.terms})
              for r, rep in zip(rows, reports, strict=True) if r["sense"] == "loaded"]
    kept = sum(r["term"] in terms for r, terms in loaded)
    assert kept / len(loaded) >= 0.95, kept / len(loaded)


def test_two_entries_on_one_span_resolve_the_same_way_in_every_process() -> None:
    """"crushing" (an intensifier) and "crush" (a verb, by lemma) both match "crushing"; the
    entry written as the text is written wins, whatever the interpreter's hash seed (a
    token's keys are a set, whose order follows string hashing)."""
    import os
    import subprocess
    import sys

    code = ("import framing; r = framing.Analyzer(model=None, attribution=False, actors=False)"
            "('The incumbent suffered a crushing defeat in the runoff on Sunday.'); "
            "print([(t.surface, t.term) for t in r.terms])")
    outputs = set()
    for seed in ("4", "5"):  # seeds under which the unsorted walk chose differently
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True)
        outputs.add(run.stdout.strip().splitlines()[-1])
    assert outputs == {"[('crushing', 'crushing')]"}
