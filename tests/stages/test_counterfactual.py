"""Neutral counterfactual sentences: substitution of a loaded span and the tidying around it."""

from __future__ import annotations

import pytest

from framing.stages.rewrite import substitute, substitute_many

#: (sentence, loaded span as it appears in the sentence, replacement, expected sentence)
Case = tuple[str, str, str, str]


def _span(text: str, sub: str) -> tuple[int, int]:
    """Offsets of the first occurrence of `sub` in `text`."""
    start = text.index(sub)
    return start, start + len(sub)


def _run(text: str, sub: str, replacement: str) -> str:
    return substitute(text, *_span(text, sub), replacement)


ARTICLES: list[Case] = [
    ("Officials unveiled an outrageous plan.", "outrageous", "", "Officials unveiled a plan."),
    ("Lawmakers in Dunmore passed a draconian law.", "draconian", "harsh",
     "Lawmakers in Dunmore passed a harsh law."),
    ("Councillor Ferris floated a radical idea.", "radical", "unusual",
     "Councillor Ferris floated an unusual idea."),
    ("An outrageous levy was announced in Carrow.", "outrageous", "",
     "A levy was announced in Carrow."),
    ("A vicious attack shook Pellham.", "vicious", "unprovoked",
     "An unprovoked attack shook Pellham."),
    ("The agency hired a shady operative.", "shady ", "", "The agency hired an operative."),
    ("Residents endured a gruelling wait.", "gruelling", "hour-long",
     "Residents endured an hour-long wait."),
    ("It was a frank admission.", "frank", "honest", "It was an honest admission."),
    ("The mayor gave an unhinged speech.", "unhinged", "unique", "The mayor gave a unique speech."),
    ("Police arrested an extremist activist.", "extremist", "European",
     "Police arrested a European activist."),
    ("Varnley is an ailing town.", "ailing", "once-thriving", "Varnley is a once-thriving town."),
    ("Talks produced an unworkable deal.", "unworkable", "one-sided",
     "Talks produced a one-sided deal."),
    ("He was a rogue agent.", "rogue", "FBI", "He was an FBI agent."),
    ("She was an FBI informant.", "FBI", "US", "She was a US informant."),
    ("Delegates attended an insane summit.", "insane", "NATO", "Delegates attended a NATO summit."),
    ("Crowds faced a punishing delay.", "punishing", "8-hour", "Crowds faced an 8-hour delay."),
    # The article inside the span, or at the head of the replacement.
    ("Mr Oduya called it an outrageous lie.", "an outrageous", "a",
     "Mr Oduya called it a lie."),
    ("The board adopted a radical policy.", "a radical", "a unorthodox",
     "The board adopted an unorthodox policy."),
    ("The board adopted the insane overdue budget.", "the insane", "a",
     "The board adopted an overdue budget."),
    ("An absurd ruling stunned Marlow.", "An absurd", "A surprising",
     "A surprising ruling stunned Marlow."),
    # A capital "A" mid-sentence is a letter, not an article.
    ("Engineers chose Plan A over a reckless option.", "reckless", "",
     "Engineers chose Plan A over an option."),
]

CAPITALS: list[Case] = [
    ("Radical activists marched through Elmsford.", "Radical", "",
     "Activists marched through Elmsford."),
    ("Radical activists marched through Elmsford.", "Radical", "young",
     "Young activists marched through Elmsford."),
    ("“Radical activists marched,” said Ines Varga.", "Radical", "",
     "“Activists marched,” said Ines Varga."),
    ('"So-called experts gathered," he said.', "So-called", "", '"Experts gathered," he said.'),
    ("  Disgraced former minister Tobin Hale resigned.", "Disgraced", "",
     "  Former minister Tobin Hale resigned."),
    ("radical activists marched in Osk.", "radical", "", "activists marched in Osk."),
    ("Shockingly, NATO envoys agreed.", "Shockingly", "", "NATO envoys agreed."),
    ("Mayor Quill denounced Radical groups.", "Radical", "", "Mayor Quill denounced groups."),
]

SPACES: list[Case] = [
    ("He called the levy outrageous.", "outrageous", "", "He called the levy."),
    ("Officials called the levy “outrageous”.", "outrageous", "", "Officials called the levy."),
    ("He called it ‘very cynical’ in Brask.", "cynical", "", "He called it ‘very’ in Brask."),
    ("Critics called it (frankly absurd) in Lorne.", "absurd", "",
     "Critics called it (frankly) in Lorne."),
    ("Critics called it (frankly absurd) in Lorne.", "frankly", "",
     "Critics called it (absurd) in Lorne."),
    ("Officials unveiled an outrageous plan.", " outrageous", "", "Officials unveiled a plan."),
    ("Activists—radical ones—marched in Dorne.", "radical", "",
     "Activists—ones—marched in Dorne."),
    ("Crowds gathered in Vell, angrily.", "angrily", "", "Crowds gathered in Vell."),
]

PUNCTUATION: list[Case] = [
    ("He proposed a costly, ill-conceived plan.", "costly", "",
     "He proposed an ill-conceived plan."),
    ("He proposed a costly, ill-conceived plan.", "ill-conceived", "",
     "He proposed a costly plan."),
    ("He proposed a costly and ill-conceived plan.", "costly", "",
     "He proposed an ill-conceived plan."),
    ("He proposed a costly and ill-conceived plan.", "ill-conceived", "",
     "He proposed a costly plan."),
    ("Shockingly, the council voted.", "Shockingly", "", "The council voted."),
    ("Sadly, a botched audit followed.", "Sadly", "", "A botched audit followed."),
    ("Ministers backed a costly, reckless, ill-conceived scheme.", "reckless", "",
     "Ministers backed a costly, ill-conceived scheme."),
    ("Ministers backed a costly, reckless, and ill-conceived scheme.", "ill-conceived", "",
     "Ministers backed a costly, reckless scheme."),
    ("Ministers backed a costly, reckless, and ill-conceived scheme.", "reckless", "",
     "Ministers backed a costly and ill-conceived scheme."),
    ("Ministers backed a costly, reckless, and ill-conceived scheme.", "costly", "",
     "Ministers backed a reckless and ill-conceived scheme."),
    ("“Sadly,” she wrote from Brask.", "Sadly", "", "She wrote from Brask."),
    ("Radical and violent protesters blocked the bridge.", "Radical", "",
     "Violent protesters blocked the bridge."),
    ("The levy, shockingly, passed.", "shockingly", "", "The levy passed."),
    ("The rebuild was costly and reckless.", "reckless", "", "The rebuild was costly."),
    ("Mayor Brandt's costly, ill-conceived plan failed.", "costly", "",
     "Mayor Brandt's ill-conceived plan failed."),
    ("Officials in Tarrow pushed costly, ill-conceived reforms.", "costly", "",
     "Officials in Tarrow pushed ill-conceived reforms."),
    ("The chief acted recklessly, critics said.", "recklessly", "",
     "The chief acted, critics said."),
    # Commas that belong to the clause, not to a list of modifiers, stay.
    ("In Harlow, radical activists marched.", "radical", "", "In Harlow, activists marched."),
    ("The council, radical activists said, had collapsed.", "radical", "",
     "The council, activists said, had collapsed."),
    ("Predictably, radical activists marched.", "radical", "",
     "Predictably, activists marched."),
    ("It was costly, radical activists said.", "radical", "", "It was costly, activists said."),
    ("Farmers and radical students rallied.", "radical", "", "Farmers and students rallied."),
]

POSSESSIVES: list[Case] = [
    ("Troops of the regime's army advanced.", "regime", "government",
     "Troops of the government's army advanced."),
    ("Guards ringed the tyrant's palace.", "tyrant's", "leader",
     "Guards ringed the leader's palace."),
    ("Guards ringed the tyrant’s palace.", "tyrant’s", "leader",
     "Guards ringed the leader’s palace."),
    ("Guards ringed the tyrant's palace.", "tyrant's", "ruler's",
     "Guards ringed the ruler's palace."),
    ("Troops of the regime’s army advanced.", "regime’s", "authorities",
     "Troops of the authorities’ army advanced."),
    ("Nobody met the agitators' demands.", "agitators'", "crowd",
     "Nobody met the crowd's demands."),
    ("Nobody met the agitators’ demands.", "agitators’", "protesters",
     "Nobody met the protesters’ demands."),
    ("Nobody met the agitators' demands.", "agitators", "crowd", "Nobody met the crowd's demands."),
    ("Nobody met the agitators' demands.", "agitators", "protesters",
     "Nobody met the protesters' demands."),
    ("Troops of the regime's army advanced.", "regime", "", "Troops of the army advanced."),
    ("Nobody met the agitators' demands.", "agitators", "", "Nobody met the demands."),
    # A closing quote after the span is not a possessive mark.
    ("Nobody met the ‘radicals’ demands.", "radicals", "crowd",
     "Nobody met the ‘crowd’ demands."),
]

HYPHENS: list[Case] = [
    ("The so-called expert testified in Keld.", "so-called", "", "The expert testified in Keld."),
    ("The rally was a regime-staged event.", "regime", "", "The rally was a staged event."),
    ("The rally was a regime-staged event.", "regime", "government",
     "The rally was a government-staged event."),
    ("Her self-styled ‘reform’ stalled.", "self-styled", "", "Her ‘reform’ stalled."),
]

KEEPS_PUNCTUATION: list[Case] = [
    ("Officials called the levy “outrageous”.", "outrageous", "steep",
     "Officials called the levy “steep”."),
    ("He proposed a costly, ill-conceived plan.", "ill-conceived", "untested",
     "He proposed a costly, untested plan."),
    ("Shockingly, the council voted.", "Shockingly", "unexpectedly",
     "Unexpectedly, the council voted."),
    ("Critics called it (frankly absurd) in Lorne.", "absurd", "odd",
     "Critics called it (frankly odd) in Lorne."),
    ("Locals called them 'radical' activists.", "radical", "young",
     "Locals called them 'young' activists."),
    ("He called it “a disgrace”, then left.", "disgrace", "mistake",
     "He called it “a mistake”, then left."),
]


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), ARTICLES)
def test_indefinite_article_agrees(text: str, span: str, replacement: str, expected: str) -> None:
    assert _run(text, span, replacement) == expected


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), CAPITALS)
def test_sentence_start_capital(text: str, span: str, replacement: str, expected: str) -> None:
    assert _run(text, span, replacement) == expected


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), SPACES)
def test_whitespace(text: str, span: str, replacement: str, expected: str) -> None:
    assert _run(text, span, replacement) == expected


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), PUNCTUATION)
def test_orphaned_punctuation(text: str, span: str, replacement: str, expected: str) -> None:
    assert _run(text, span, replacement) == expected


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), POSSESSIVES)
def test_possessive(text: str, span: str, replacement: str, expected: str) -> None:
    assert _run(text, span, replacement) == expected


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), HYPHENS)
def test_hyphen(text: str, span: str, replacement: str, expected: str) -> None:
    assert _run(text, span, replacement) == expected


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), KEEPS_PUNCTUATION)
def test_replacement_keeps_punctuation(
    text: str, span: str, replacement: str, expected: str
) -> None:
    assert _run(text, span, replacement) == expected


def test_odd_spacing_far_away_is_kept() -> None:
    text = "Quoth  Mr Ames:  “It is  an outrageous plan ,” he said  twice."
    expected = "Quoth  Mr Ames:  “It is  a plan ,” he said  twice."
    assert _run(text, "outrageous", "") == expected


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 3), (4, 4), (5, 2), (0, 99), (40, 41)]
)
def test_bad_span_raises(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="invalid span"):
        substitute("Officials unveiled an outrageous plan.", start, end, "bold")


def test_many_drops_a_list_of_modifiers() -> None:
    text = "He proposed a costly, ill-conceived plan."
    edits = [(*_span(text, "ill-conceived"), ""), (*_span(text, "costly"), "")]
    assert substitute_many(text, edits) == "He proposed a plan."


def test_many_article_span_next_to_a_drop() -> None:
    text = "An outrageous plan passed in Wexby."
    assert substitute_many(text, [(0, 2, "The"), (*_span(text, "outrageous"), "")]) == (
        "The plan passed in Wexby."
    )
    assert substitute_many(text, [(0, 2, "An"), (*_span(text, "outrageous"), "")]) == (
        "A plan passed in Wexby."
    )


def test_many_mixed_edits() -> None:
    text = "Radical violent thugs stormed the regime’s palace in Oskar Bay."
    edits = [
        (*_span(text, "regime’s"), "government"),
        (*_span(text, "Radical"), ""),
        (*_span(text, "thugs"), "protesters"),
        (*_span(text, "violent"), ""),
    ]
    expected = "Protesters stormed the government’s palace in Oskar Bay."
    assert substitute_many(text, edits) == expected


def test_many_without_edits_returns_text() -> None:
    text = "Radical activists marched."
    assert substitute_many(text, []) == text


def test_many_rejects_overlap() -> None:
    text = "He proposed a costly, ill-conceived plan."
    with pytest.raises(ValueError, match="overlap"):
        substitute_many(text, [(12, 20, ""), (14, 28, "")])


def test_many_rejects_bad_span() -> None:
    with pytest.raises(ValueError, match="invalid span"):
        substitute_many("Short.", [(0, 2, ""), (3, 30, "")])
