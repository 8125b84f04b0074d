"""Actors and their labels: behavioural cases from tests/cases/actors.jsonl, the seed article,
and the invariants every report keeps (offsets, sums rebuilt from the labels)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.stages.actors import load_actor_rules
from tests.conftest import assert_case, case_params, load_cases

CASES = load_cases("actors.jsonl")
GROUPS = {"head", "modifier", "apposition", "predicate", "agent", "patient", "alias", "negative"}


def _actor_of(report: framing.ArticleReport, name: str) -> list[framing.Actor]:
    """Actors called ``name``, or with a mention written that way."""
    return [
        a for a in report.actors
        if a.name == name or any(m.text == name for m in a.mentions)
    ]


def _attached(actors: list[framing.Actor], surface: str) -> list[framing.ActorLabel]:
    return [lb for a in actors for lb in a.labels if lb.surface.strip("“”\"") == surface]


def case_failures(report: framing.ArticleReport, case: dict) -> list[str]:
    problems = []
    for exp in case["expect"]:
        actors = _actor_of(report, exp["actor"])
        if not actors:
            problems.append(f"no actor {exp['actor']!r} (have {[a.name for a in report.actors]})")
            continue
        labels = _attached(actors, exp["label"])
        if not labels:
            owners = [a.name for a in report.actors if _attached([a], exp["label"])]
            problems.append(f"{exp['label']!r} not attached to {exp['actor']!r} (on {owners})")
        elif "relation" in exp and all(lb.relation != exp["relation"] for lb in labels):
            problems.append(
                f"{exp['label']!r} -> {exp['actor']!r} as {labels[0].relation}, "
                f"expected {exp['relation']}"
            )
    for rej in case["reject"]:
        # a reject can fail only if the pipeline forms both the candidate actor and the
        # label: a name it never forms is turned away by nothing
        candidates = _actor_of(report, rej["actor"])
        if not candidates:
            problems.append(
                f"reject names {rej['actor']!r}, which the pipeline never forms as an actor "
                f"(have {[a.name for a in report.actors]})"
            )
        if not any(t.surface.strip("“”\"") == rej["label"] for t in report.terms):
            problems.append(f"reject names the label {rej['label']!r}, which no term matches")
        if _attached(candidates, rej["label"]):
            problems.append(f"{rej['label']!r} wrongly attached to {rej['actor']!r}")
    for name in case.get("no_actor", []):
        if _actor_of(report, name):
            problems.append(f"{name!r} must form no actor")
    return problems


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(analyzer: framing.Analyzer, case: dict) -> None:
    assert_case(case, case_failures(analyzer(case["text"]), case))


def test_cases_are_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    by_group: dict[str, int] = {}
    for c in CASES:
        assert c["group"] in GROUPS, c["id"]
        by_group[c["group"]] = by_group.get(c["group"], 0) + 1
        for item in c["expect"] + c["reject"]:
            assert item["label"] in c["text"], (c["id"], item["label"])
    # every relation is covered, and each with negatives
    assert set(by_group) == GROUPS
    for group in GROUPS:
        with_negatives = [c for c in CASES if c["group"] == group and c["reject"]]
        assert len(with_negatives) >= 2, group


def test_case_checker_catches_a_wrong_attachment(analyzer: framing.Analyzer) -> None:
    case = {
        "text": "Cash-starved Brellmont Rail cut three routes, while Osterfeld Transit expanded.",
        "expect": [{"actor": "Osterfeld Transit", "label": "Cash-starved"}],
        "reject": [{"actor": "Brellmont Rail", "label": "Cash-starved"}],
    }
    problems = case_failures(analyzer(case["text"]), case)
    assert len(problems) == 2, problems


def test_case_checker_catches_a_reject_that_cannot_fail(analyzer: framing.Analyzer) -> None:
    # "police" forms no actor here, and "rogue" matches no term: neither reject can fail
    case = {
        "text": "The rioters smashed the windows of a bank before police arrived.",
        "expect": [],
        "reject": [{"actor": "police", "label": "rioters"},
                   {"actor": "rioters", "label": "rogue"}],
    }
    problems = case_failures(analyzer(case["text"]), case)
    assert any("never forms" in p for p in problems), problems
    assert any("no term matches" in p for p in problems), problems


# -- the seed article -------------------------------------------------------------------------


def _labels_by_actor(report: framing.ArticleReport) -> dict[str, list[str]]:
    return {a.name: [lb.surface for lb in a.labels] for a in report.actors}


def test_seed_article_actor_table(seed_report: framing.ArticleReport) -> None:
    labels = _labels_by_actor(seed_report)
    venezuela = labels["Venezuelan government"]
    maduro = labels["Nicolás Maduro's government"]
    assert venezuela.count("socialist regime") >= 4
    assert maduro.count("Maduro regime") == 3
    assert "ailing regime" in maduro
    assert labels["Miguel Díaz-Canel"] == ["figurehead"]
    assert labels["PDVSA"] == ["cash-starved"]
    assert "drug kingpin" in labels["Tareck El Aissami"]
    assert labels["Hezbollah"] == ["terrorist organization"]
    assert "communist Castro regime" in labels["Castro's government"]
    # no other actor gets these labels
    for name, found in labels.items():
        if name not in ("Venezuelan government", "Nicolás Maduro's government"):
            assert not {"socialist regime", "Maduro regime", "ailing regime"} & set(found), name
        if name != "Miguel Díaz-Canel":
            assert "figurehead" not in found, name


def test_seed_article_relations_and_aliases(seed_report: framing.ArticleReport) -> None:
    actors = {a.name: a for a in seed_report.actors}
    aissami = actors["Tareck El Aissami"]
    written = {m.text for m in aissami.mentions}
    # the short name and the misspelt one are the same man
    assert {"Tareck El Aissami", "El Aissami", "El Aisammi"} <= written
    assert aissami.type == "person"
    assert aissami.n_cited >= 4  # announced, said, revealed, emphasized, added
    rel = {(lb.surface, lb.relation) for a in seed_report.actors for lb in a.labels}
    assert ("figurehead", "modifier") in rel
    assert ("cash-starved", "modifier") in rel
    assert ("drug kingpin", "predicate") in rel
    assert ("terrorist organization", "apposition") in rel
    assert ("socialist regime", "head") in rel
    maduro = actors["Nicolás Maduro"]
    assert {"Maduro", "Nicolás Maduro"} <= {m.text for m in maduro.mentions}
    assert actors["Nicolás Maduro's government"].type == "government"
    # a quoted label keeps its voice and speaker
    friend = [lb for lb in actors["Igor Sechin"].labels if lb.surface == "our good friend"]
    assert friend and friend[0].voice == "quoted" and friend[0].speaker == "Tareck El Aissami"
    assert friend[0].polarity == 1


def test_seed_article_loadings_sum(model_analyzer: framing.Analyzer, seed_text: str) -> None:
    report = model_analyzer(seed_text)
    actors = {a.name: a for a in report.actors}
    terms = {(t.start_char, t.end_char): t for t in report.terms}
    for actor in report.actors:
        for lb in actor.labels:
            assert lb.loading == terms[(lb.start_char, lb.end_char)].loading
    pdvsa = actors["PDVSA"]
    assert pdvsa.loading_sum == pdvsa.labels[0].loading is not None
    gov = actors["Venezuelan government"]
    assert gov.loading_sum == pytest.approx(sum(lb.loading for lb in gov.labels), abs=1e-4)


# -- invariants ------------------------------------------------------------------------------


def _check_invariants(report: framing.ArticleReport) -> None:
    text = report.text
    terms = {(t.start_char, t.end_char): t for t in report.terms}
    names = [a.name for a in report.actors]
    assert len(names) == len(set(names)), "one actor per name"
    rules = load_actor_rules()
    for actor in report.actors:
        assert actor.mentions, actor.name
        starts = [m.start_char for m in actor.mentions]
        assert starts == sorted(starts)
        for m in actor.mentions:
            assert text[m.start_char : m.end_char] == m.text
            assert m.text == m.text.strip() and m.text
        for lb in actor.labels:
            assert text[lb.start_char : lb.end_char] == lb.surface
            term = terms[(lb.start_char, lb.end_char)]  # every label is a reported term
            assert (lb.term, lb.category, lb.voice, lb.loading, lb.speaker) == (
                term.term, term.category, term.voice, term.loading, term.speaker
            )
            expected = 0 if lb.relation == "patient" else rules.category_polarity(lb.category)
            assert lb.polarity == expected
        values = [lb.loading for lb in actor.labels if lb.loading is not None]
        assert actor.loading_sum == (round(sum(values), 4) if values else None)
        assert actor.polarity_sum == sum(lb.polarity for lb in actor.labels)
    # the JSON shape carries everything needed to rebuild the sums
    for d in report.to_dict()["actors"]:
        assert d["n_mentions"] == len(d["mentions"]) and d["n_labels"] == len(d["labels"])
        values = [lb["loading"] for lb in d["labels"] if lb["loading"] is not None]
        assert d["loading_sum"] == (round(sum(values), 4) if values else None)
    json.dumps(report.to_dict())


def test_invariants_on_seed(seed_report: framing.ArticleReport) -> None:
    _check_invariants(seed_report)


def test_invariants_on_examples(example_reports: dict[str, framing.ArticleReport]) -> None:
    assert sum(len(r.actors) for r in example_reports.values()) > 20
    for report in example_reports.values():
        _check_invariants(report)


def test_actors_off(seed_text: str) -> None:
    report = framing.Analyzer(model=None, actors=False)(seed_text)
    assert report.actors == ()
    assert report.to_dict()["actors"] == []
    assert report.provenance["config"]["actors"] is None


# -- renderings, corpus tables, dashboard ------------------------------------------------------


def test_renderings_show_the_actor_table(seed_report: framing.ArticleReport) -> None:
    text = seed_report.to_text()
    block = text[text.index("ACTORS"):text.index("SOURCING")]
    assert "PDVSA" in block and "cash-starved (modifier)" in block
    assert "Miguel Díaz-Canel" in block and "figurehead (modifier)" in block
    assert "socialist regime x" in block
    md = seed_report.to_markdown()
    assert "## Actors" in md
    row = next(line for line in md.splitlines() if line.startswith("| Tareck El Aissami |"))
    assert "drug kingpin (predicate)" in row
    page = seed_report.to_html()
    assert 'id="actors"' in page
    start = page.index('id="actors"')
    table = page[start:page.index("</table>", start)]
    # each label links to its highlighted term
    for href in re.findall(r'href="#(t\d+)"', table):
        assert f'id="{href}"' in page
    assert table.count("<tr>") == len(seed_report.actors) + 1


def test_actor_rows_from_report_and_from_its_json(seed_report: framing.ArticleReport) -> None:
    from framing.render.tables import actor_rows

    rows = actor_rows(seed_report)
    assert rows == actor_rows(json.loads(seed_report.to_json()))
    labelled = [r for r in rows if r["label"] is not None]
    assert len(labelled) == sum(len(a.labels) for a in seed_report.actors)
    bare = [r for r in rows if r["label"] is None]
    assert len(bare) == sum(1 for a in seed_report.actors if not a.labels)
    pdvsa = [r for r in labelled if r["actor"] == "PDVSA"]
    assert pdvsa[0]["label"] == "cash-starved" and pdvsa[0]["relation"] == "modifier"


def test_score_writes_the_actor_table_and_the_dashboard_shows_it(
    tmp_path: Path, analyzer: framing.Analyzer, seed_text: str
) -> None:
    from framing.corpus.score import score_corpus
    from framing.render.dashboard import render_dashboard
    from framing.render.tables import actor_rows

    # two outlets write about the same government, with different words
    rows = [
        {"id": "a1", "outlet": "North Post", "text": seed_text},
        {"id": "b1", "outlet": "South Herald", "text": "The Venezuelan socialist regime signed "
         "a new oil deal with Russia on Monday, officials said."},
        {"id": "b2", "outlet": "South Herald", "text": "Critics called the Venezuelan "
         "regime corrupt after the vote, and the opposition staged a march in Caracas."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    score_corpus(src, tmp_path / "out", analyzer=analyzer, progress=False, part_size=2)
    table = pd.read_parquet(tmp_path / "out" / "actors.parquet")
    assert {"outlet", "id", "actor", "label", "loading", "relation"} <= set(table.columns)
    gov = table[(table["actor"] == "Venezuelan government") & table["label"].notna()]
    assert set(gov["outlet"]) == {"North Post", "South Herald"}
    assert (gov[gov["id"] == "b2"]["label"] == "corrupt").any()
    # the same rows as the library's reports
    expected = [
        row for r in rows
        for row in actor_rows(analyzer(framing.Article(r["text"], id=r["id"],
                                                       outlet=r["outlet"])))
    ]
    assert len(table) == len(expected)
    assert list(table["actor"]) == [r["actor"] for r in expected]
    page = render_dashboard([tmp_path / "out"], tmp_path / "dash.html").read_text("utf-8")
    section = page[page.index('id="actors"'):]
    assert "Venezuelan government (government): labels per outlet" in section
    caption = section.index("Venezuelan government (government)")
    table_html = section[caption:section.index("</table>", caption)]
    assert "socialist regime" in table_html and "corrupt" in table_html
    assert "North Post" in table_html and "South Herald" in table_html


def test_score_without_actors_writes_an_empty_table(tmp_path: Path, seed_text: str) -> None:
    from framing.corpus.score import score_corpus
    from framing.render.dashboard import render_dashboard

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "outlet": "X", "text": seed_text}) + "\n", "utf-8")
    score_corpus(src, tmp_path / "out", analyzer=framing.Analyzer(model=None, actors=False),
                 progress=False)
    assert len(pd.read_parquet(tmp_path / "out" / "actors.parquet")) == 0
    page = render_dashboard([tmp_path / "out"], tmp_path / "d.html").read_text("utf-8")
    assert 'id="actors"' not in page and "<figure" in page


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_actor_table_keeps_whole_numbers(tmp_path: Path, analyzer: framing.Analyzer,
                                         seed_text: str, fmt: str) -> None:
    from framing.corpus.score import score_corpus

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "outlet": "X", "text": seed_text}) + "\n", "utf-8")
    score_corpus(src, tmp_path / "out", analyzer=analyzer, progress=False, table_format=fmt)
    text = (tmp_path / "out" / f"actors.{fmt}").read_text("utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        labelled = [r for r in rows if r["label"]]
        assert labelled and len(labelled) < len(rows)
        assert all(r["start_char"].isdigit() and r["polarity"] in ("-1", "0", "1")
                   for r in labelled)
    else:
        rows = [json.loads(line) for line in text.splitlines()]
        labelled = [r for r in rows if r["label"] is not None]
        bare = [r for r in rows if r["label"] is None]
        assert labelled and bare
        assert all(isinstance(r["start_char"], int) and isinstance(r["polarity"], int)
                   for r in labelled)
        assert all(r["start_char"] is None for r in bare)
