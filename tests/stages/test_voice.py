"""Quotation spans and voice: quote marks of every kind, paragraphs, scare quotes."""

from __future__ import annotations

import pytest

import framing
from framing.nlp.segment import load_spacy
from framing.stages.voice import find_quote_spans, split_quotes, voice_of


def _quoted(text: str) -> list[str]:
    return [text[s.start_char : s.end_char] for s in find_quote_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “we will win” today.", ["“we will win”"]),
        ('He said "we will win" today.', ['"we will win"']),
        ("Il a dit «nous gagnerons» hier.", ["«nous gagnerons»"]),
        ("He said ‹we will› then.", ["‹we will›"]),
        ("She said ‘no deal’ twice.", ["‘no deal’"]),
        ("The regime’s officials don’t agree.", []),  # apostrophes, not quotes
        ("“One. Two. Three,” she said.", ["“One. Two. Three,”"]),
        ('Height 6 ft. "Tall," he said.', ['"Tall,"']),
        ("He said ''we will win,'' twice.", ["''we will win,''"]),  # ASCII-feed quotes
        ("The voters' choice and the teachers' union.", []),  # plural possessives
        # straight single quotes, British style: a quotation only with a closing mark
        ("She said the plan was 'a disgrace' and left.", ["'a disgrace'"]),
        ("'Reform by the back door', union says", ["'Reform by the back door'"]),
        ("He called it 'grotesque'.", ["'grotesque'"]),
        ("Rock 'n' roll fans don't care about the '90s.", []),
        ("Workers' pay rose while the bosses' bonuses fell.", []),
        ("It's the firm's 'last chance' to fix the bridge.", ["'last chance'"]),
        ("The mayor's aides said 'nothing' was agreed, the minutes show.", ["'nothing'"]),
        ("He said 'we will see, and left without a word.", []),  # never closed
    ],
)
def test_quote_marks(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


def test_quotation_spanning_paragraphs_is_one_quote() -> None:
    text = "“First part of it.\n“Second part of it,” he said.\nAfter."
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start_char : spans[0].end_char] == text[: text.index(" he said")]


def test_unclosed_quote_ends_at_paragraph() -> None:
    text = "He wrote: “We evaluated the market.\nIn a statement, he added more."
    (span,) = find_quote_spans(text)
    assert not span.closed
    assert text[span.start_char : span.end_char] == "“We evaluated the market."


def test_second_opening_mark_closes_a_runaway_quote() -> None:
    text = "“We will go, he said. “Now,” she added."
    spans = find_quote_spans(text)
    assert [text[s.start_char : s.end_char] for s in spans] == ["“We will go, he said.", "“Now,”"]
    assert not spans[0].closed


def test_scare_quote_vs_partial_quote_with_speaker() -> None:
    nlp = load_spacy()
    doc = nlp("The collapse of “Bolivarian Socialism” left many poor. He called it “a disaster.”")
    quotes, scare = split_quotes(doc)
    assert [doc.text[s.start_char : s.end_char] for s in scare] == ["“Bolivarian Socialism”"]
    assert [q.text for q in quotes] == ["“a disaster.”"]


def test_long_quote_without_speaker_is_still_a_quotation() -> None:
    nlp = load_spacy()
    doc = nlp("“We will keep fighting for every family in this city,” the banner read.")
    quotes, scare = split_quotes(doc)
    assert len(quotes) == 1 and not scare


def test_voice_of_uses_quotation_bounds() -> None:
    q = framing.Quote(start_char=10, end_char=20, text="x" * 10, n_words=1)
    assert voice_of(11, 15, [q]) == "quoted"
    assert voice_of(5, 9, [q]) == "author"
    assert voice_of(15, 25, [q]) == "author"  # straddling the closing mark


def test_loaded_word_quoted_vs_author(analyzer: framing.Analyzer) -> None:
    text = "The regime replied. “This regime is failing,” the senator said."
    report = analyzer(text)
    voices = [(t.surface, t.voice) for t in report.terms]
    assert voices == [("regime", "author"), ("regime", "quoted")]
    assert report.quotes[0].text == "“This regime is failing,”"


@pytest.mark.parametrize(("text", "surface", "mention"), [
    ("The so-called death tax was repealed in 2017.", "death tax", True),
    ("Trump attacked what he calls the radical left on Monday.", "radical left", True),
    ("The group calls itself pro-life and runs 40 clinics.", "pro-life", True),
    ("Critics portrayed the senator as a plutocrat on Tuesday.", "plutocrat", True),
    ("The governor was accused of being soft on crime.", "soft on crime", True),
    # the label a naming or likening verb gives its object, active or passive
    ("The president called the inquiry a witch hunt on Friday.", "witch hunt", True),
    ("The senator famously labeled the climate report a socialist plot.", "socialist", True),
    ("The inquiry was dubbed a witch hunt by his allies.", "witch hunt", True),
    ("Opponents have likened the levy to socialism.", "socialism", True),
    ("The estate tax, which its opponents call the death tax, was cut.", "death tax", True),
    # a noun term named as a claim or word: "the X conspiracy theory", "the myth of X"
    ("He pushed the deep state conspiracy theory for years.", "deep state", True),
    ("The columnist called it the globalist slur it is.", "globalist", True),
    ("She rebutted the myth of the welfare queen on Monday.", "welfare queen", True),
    # the predicate of a named speaker's reported clause
    ("Trump said the inquiry was a witch hunt.", "witch hunt", True),
    ("He is on record saying that the levy is a death tax.", "death tax", True),
    ("The minister wrote the plan off as socialism.", "socialism", True),
    # the "that" clause of a claim noun: the claimant's words
    ("Democrats pushed a narrative that the law is racist.", "racist", True),
    ("The claim that the plan is socialism was repeated at the rally.", "socialism", True),
    # near misses: the writer's own use
    ("The radical left wants the death tax back.", "death tax", False),
    ("The senator called the death tax unfair on Monday.", "death tax", False),
    ("As a plutocrat, he paid little tax.", "plutocrat", False),
    ("Police called the socialist mayor on Monday.", "socialist", False),
    ("She called the meeting to discuss the radical left agenda.", "radical left", False),
    ("The radical left called the vote a sham.", "radical left", False),
    ("Critics say the levy is socialism by the back door.", "socialism", False),
    ("I believe the levy is socialism by the back door.", "socialism", False),
    ("The deep state is fighting the president, the host said.", "deep state", False),
    ("Warren's speech was full of leftist talking points.", "leftist", False),
    ("The inquiry was a witch hunt, and the senator said so.", "witch hunt", False),
    ("The fact that the plan is socialism was clear to voters.", "socialism", False),
    ("The senator pushed the idea of a giveaway to the rich.", "giveaway to the rich", False),
])
def test_a_term_the_writer_mentions_is_marked_and_left_out_of_the_lean(
    analyzer: framing.Analyzer, text: str, surface: str, mention: bool
) -> None:
    """A directional term after "so-called", "what X calls" or "calls itself", the label of a
    labelling verb ("portrayed X as"), or the label a naming or likening verb gives its object
    ("called the inquiry a witch hunt"), is the writer mentioning somebody's wording:
    ``mention`` is set and the term's direction does not count toward the lean."""
    report = analyzer(text)
    term = next(t for t in report.terms if t.surface == surface)
    assert term.mention is mention, term
    assert term.direction in ("left", "right")
    counted = report.summary.n_left_coded + report.summary.n_right_coded
    directional = [t for t in report.terms if t.direction != "none" and t.voice == "author"]
    assert counted == sum(not t.mention for t in directional)
    if mention and len(directional) == 1:
        assert report.summary.lean == 0.0
