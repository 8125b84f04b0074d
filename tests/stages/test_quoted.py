"""Quoted characterisations (:mod:`framing.stages.quoted`): a speaker's judgement quoted as a
short fragment is a quoted-voice term; names, quoted speech and the writer's own scare quotes
are not."""

from __future__ import annotations

import pytest

import framing
from framing.categories import QUOTED_CHARACTERISATION, categories


def _found(analyzer: framing.Analyzer, text: str) -> list[tuple[str, str]]:
    return [(t.surface, t.voice) for t in analyzer(text).terms
            if t.category == QUOTED_CHARACTERISATION]


@pytest.mark.parametrize(("text", "fragment"), [
    ("The harbour board chair said the dredging contract was 'money down a hole' when she "
     "spoke to councillors on Monday.", "money down a hole"),
    ("Opposition MPs said the ministry had left the rail timetable in “a tangle nobody can "
     "follow” after the winter changes.", "tangle nobody can follow"),
    ("The growers' federation described the new water charge as \"a tax on bread\" at its "
     "conference in Ballarat.", "tax on bread"),
    ("The envoy told reporters that the blockade amounted to “starving the island into "
     "submission” on Tuesday.", "starving the island into submission"),
    ("A union spokesman said the pension offer was nothing short of ‘an insult to nurses’ on "
     "Thursday.", "insult to nurses"),
    ("The senator accused the agency of “rank incompetence” over the delayed flood "
     "payments, her office said.", "rank incompetence"),
    ("The club's chairman called the league's points deduction “a joke” in a statement on "
     "Friday.", "joke"),
    ("The club's chairman branded the referees “amateurs on a day out” in a statement on "
     "Friday.", "amateurs on a day out"),
    ("The mayor said the ferry operator was behaving like “a cowboy outfit” after the third "
     "cancelled sailing this month.", "cowboy outfit"),
    ("The farmers' leader said the bypass plan had become “a monument to bad planning”, the "
     "Courier reported.", "monument to bad planning"),
])
def test_a_quoted_judgement_is_a_quoted_term(analyzer: framing.Analyzer, text: str,
                                             fragment: str) -> None:
    assert (fragment, "quoted") in _found(analyzer, text)


@pytest.mark.parametrize("text", [
    # a name in title case, and a name after "known as"
    "The governor launched the border scheme, known as “Operation Tall Fence”, on Tuesday, "
    "his office said.",
    "Officials said the programme, called “Safe Harbour Homes”, would house 300 families.",
    # a quoted sentence, and a quotation that is speech rather than a label
    "“The bridge will reopen in March,” the council's engineer said on Wednesday.",
    "The minister said the deal would take effect “within weeks”, according to a statement.",
    # no speaker: the writer's own scare quote, an author-voice term of its own category
    "The company's “green” ferries still burn diesel in port.",
])
def test_names_speech_and_scare_quotes_are_not_characterisations(
        analyzer: framing.Analyzer, text: str) -> None:
    assert _found(analyzer, text) == []


def test_a_lexicon_term_in_the_fragment_keeps_its_entry(analyzer: framing.Analyzer) -> None:
    # "travesty" is a lexicon term: the fragment is not a second term over it, and the
    # entry's category comes through
    terms = analyzer("The club's chairman called the points deduction “a travesty of justice” "
                     "on Friday.").terms
    assert [(t.surface, t.category, t.voice) for t in terms] == [
        ("travesty", "pejorative", "quoted")]


def test_characterisations_never_count_as_the_writers_wording(
        analyzer: framing.Analyzer) -> None:
    report = analyzer("The mayor said the stadium deal was “a gift to the club owners” on Monday.")
    assert _found(analyzer, report.text) == [("gift to the club owners", "quoted")]
    assert report.summary.n_author_terms == 0
    assert QUOTED_CHARACTERISATION in categories()
