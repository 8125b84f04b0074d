"""The team's lexicon and lexicon validation."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

import framing
from framing.errors import LexiconError, LexiconNotFoundError
from framing.lexicon import DIRECTIONS, parse_lexicon, term_key

HEADER = {
    "lexicon": "test-lexicon",
    "version": "0.1",
    "license": "CC0-1.0",
    "categories": {"pejorative": "disparaging", "political_label": "partisan labels"},
}


def _lexicon_text(*entries: dict, header: dict | None = None) -> str:
    lines = [json.dumps(header or HEADER)] + [json.dumps(e) for e in entries]
    return "\n".join(lines) + "\n"


def _entry(term: str = "fat cat", **kw) -> dict:
    base = {
        "term": term,
        "category": "pejorative",
        "neutral": ["executive"],
        "direction": "left",
        "note": "casts the rich as greedy",
    }
    base.update(kw)
    return base


# -- the default lexicon -------------------------------------------------------------------


def test_default_lexicon_size_and_metadata(lexicon: framing.Lexicon) -> None:
    assert len(lexicon) >= 400
    assert lexicon.name == "framing-default"
    assert lexicon.version and lexicon.license
    raw = resources.files("framing.seeds").joinpath("lexicon.jsonl").read_bytes()
    assert lexicon.sha256 == hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def test_default_lexicon_covers_domains_and_categories(lexicon: framing.Lexicon) -> None:
    stats = lexicon.stats()
    for domain in ("government", "foreign_affairs", "crime", "courts", "immigration", "economy",
                   "business", "labour", "health", "protest", "climate", "guns"):
        assert stats["domain"].get(domain, 0) >= 3, domain
    for category in lexicon.categories:
        assert stats["category"].get(category, 0) >= 5, category


def test_default_lexicon_is_balanced_between_directions(lexicon: framing.Lexicon) -> None:
    stats = lexicon.stats()["direction"]
    left, right = stats["left"], stats["right"]
    assert abs(left - right) <= 0.15 * max(left, right), stats


@pytest.mark.parametrize("category", ["political_label", "policy_framing", "pejorative",
                                      "crime_terror"])
def test_each_political_category_is_balanced_within_ten_percent(
    lexicon: framing.Lexicon, category: str
) -> None:
    """The README's promise: left- and right-coded counts of each political category are
    within 10% of each other."""
    left = sum(e.category == category and e.direction == "left" for e in lexicon.entries)
    right = sum(e.category == category and e.direction == "right" for e in lexicon.entries)
    assert abs(left - right) <= 0.10 * max(left, right), (left, right)


@pytest.mark.parametrize(
    "term",
    ["socialist regime", "illegal alien", "job-killing", "union boss", "far-right extremist",
     "tax giveaway", "climate denier", "corporate fat cat", "figurehead", "cash-starved",
     "drug kingpin", "<name> regime"],
)
def test_default_lexicon_has_issue_terms(lexicon: framing.Lexicon, term: str) -> None:
    assert term_key(term) in {term_key(e.term) for e in lexicon.entries}


#: Terms that end in a plural on purpose: fixed phrases and mass nouns ("media", "economics").
PLURAL_IDIOMS = {
    "war on cops", "war on women", "flood of migrants", "kids in cages", "trickle-down economics",
    "working families", "thoughts and prayers", "clump of cells", "grievance politics",
    "lamestream media", "legacy media", "liberal media", "mainstream media", "state-run media",
    "right-wing media", "left-wing media", "herd cats", "usual suspects", "corporate media",
    "voodoo economics", "tar sands", "billionaire-owned media", "regime media", "zuckerbucks",
    "shambles", "crocodile tears", "sour grapes", "play politics", "alternative facts",
    "omnishambles", "on steroids", "green shoots",
    "gesture politics", "gutter politics", "auction politics", "resort politics",
    "cut corners", "in tatters", "in ruins", "in shreds", "spanish practices",
    "rose-colored glasses", "parental rights",
    "keystone cops", "sunlit uplands", "fantasy economics", "pay peanuts", "close ranks",
    "musical chairs", "mates' rates", "in spades", "off-the-books", "seat-of-the-pants",
    "cash-for-questions", "in droves", "for peanuts", "oppression olympics", "unreliables",
    "conscience rights", "sex-based rights", "racial preferences", "climate reparations",
    "family values", "traditional values", "judeo-christian values", "quiet australians",
    "luddites",  # the tagger reads "Luddites" as a name and gives it no singular lemma
}


def test_default_lexicon_terms_are_in_base_form(lexicon: framing.Lexicon) -> None:
    """Nouns are written singular so that lemma matching covers both numbers; idioms of
    three or more words keep their fixed plural ("house of cards", "move the goalposts"),
    and so do the two-word plurals listed in PLURAL_IDIOMS."""
    from framing.nlp.segment import load_spacy

    nlp = load_spacy()
    plural = []
    for e in lexicon.entries:
        if e.has_slot or e.term in PLURAL_IDIOMS or len(e.term.split()) >= 3:
            continue
        last = nlp(e.term)[-1]
        if last.tag_ == "NNS" and last.lemma_.lower() != last.lower_:
            plural.append(e.term)
    assert not plural, plural


def test_every_entry_is_complete(lexicon: framing.Lexicon) -> None:
    for e in lexicon.entries:
        assert e.category in lexicon.categories
        assert e.direction in DIRECTIONS
        assert e.neutral and all(isinstance(p, str) for p in e.neutral)
        assert e.note


def test_no_paraphrase_is_itself_a_lexicon_term(
    lexicon: framing.Lexicon, analyzer: framing.Analyzer
) -> None:
    """A neutral paraphrase must not carry framing of its own: rewritten into a plain
    sentence, no paraphrase of the default lexicon is found as a lexicon term."""
    items = [(e.term, p.replace("<name>", "Smith")) for e in lexicon.entries
             for p in e.neutral if p.strip()]
    texts = [f"They described the {p} on Monday." for _, p in items]
    loaded = [(term, p, [t.surface for t in rep.terms if t.origin == "lexicon"])
              for (term, p), rep in zip(items, analyzer.pipe(texts), strict=True)]
    assert len(items) > 1000
    assert [x for x in loaded if x[2]] == []


# -- validation ----------------------------------------------------------------------------


def test_custom_lexicon_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(_lexicon_text(_entry(), _entry("stooge", neutral=["ally"])), "utf-8")
    lex = framing.load_lexicon(path)
    assert (lex.name, len(lex)) == ("test-lexicon", 2)
    report = framing.Analyzer(lexicon=path)("The fat cats met a stooge of the board.")
    assert [t.term for t in report.terms] == ["fat cat", "stooge"]
    assert report.provenance["lexicon"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "entries, message",
    [
        ([_entry(), _entry()], "duplicate of the term on line 2"),
        ([_entry(), _entry("fat-cat")], "duplicate"),
        ([_entry(neutral=[])], "'neutral' must be a non-empty list"),
        ([_entry(neutral="executive")], "'neutral' must be a non-empty list"),
        ([_entry(category="insult")], "unknown category 'insult'"),
        ([_entry(direction="centre")], "'direction' must be one of"),
        ([_entry(nuetral=["x"])], "Did you mean 'neutral'"),
        ([{"term": "x", "category": "pejorative"}], "missing required field"),
        ([_entry(context={"pos": ["NOUNS"]})], "unknown tags"),
        ([_entry(context={"not_near": []})], "non-empty list of words"),
        ([_entry(context={"nearby": ["x"]})], "unknown context rule"),
        ([_entry("<who> regime")], "slot"),
        ([_entry(neutral=["<name> government"])], "uses <name> but the term has none"),
        ([_entry(note="")], "'note' must be a non-empty string"),
    ],
)
def test_invalid_entries_are_clear_errors(entries: list[dict], message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_lexicon(_lexicon_text(*entries), source="t.jsonl")


def test_all_problems_are_reported_with_line_numbers() -> None:
    text = _lexicon_text(_entry(category="x"), _entry("b", direction="?"), _entry("c"))
    with pytest.raises(LexiconError) as info:
        parse_lexicon(text)
    msg = str(info.value)
    assert "2 problem(s)" in msg and "line 2" in msg and "line 3" in msg


def test_bad_json_and_bad_header() -> None:
    with pytest.raises(LexiconError, match=r"line 2: not valid JSON"):
        parse_lexicon(json.dumps(HEADER) + "\n{not json}\n")
    with pytest.raises(LexiconError, match="first line must be a header"):
        parse_lexicon(json.dumps(_entry()) + "\n")
    with pytest.raises(LexiconError, match="missing required field 'categories'"):
        parse_lexicon(json.dumps({"lexicon": "x", "version": "1", "license": "y"}) + "\n")
    with pytest.raises(LexiconError, match="no entries"):
        parse_lexicon(json.dumps(HEADER) + "\n")


def test_unknown_name_or_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LexiconNotFoundError, match="Unknown lexicon 'defualt'"):
        framing.load_lexicon("defualt")
    with pytest.raises(LexiconNotFoundError, match="does not exist"):
        framing.load_lexicon(tmp_path / "nope.jsonl")
    with pytest.raises(FileNotFoundError):  # the builtin a caller would catch
        framing.load_lexicon(tmp_path / "nope.jsonl")
    with pytest.raises(LexiconNotFoundError, match="is a directory"):
        framing.load_lexicon(tmp_path)
    with pytest.raises(framing.ConfigError, match="got int instead"):
        framing.load_lexicon(42)  # type: ignore[arg-type]
