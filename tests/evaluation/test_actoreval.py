"""The actor evaluation on slices of NarrativeFraming and NewsWCL50 (evaluation-only sets):
the real pipeline, skipped when ../shared/data is absent."""

from __future__ import annotations

import pytest

import framing
from framing.errors import InputNotFoundError
from framing.evaluation.actors import (
    evaluate_roles,
    evaluate_wcl,
    load_roles,
    load_wcl,
    match_actor,
    narrative_root,
    wcl_root,
)
from framing.records import Actor, ActorLabel, Mention


def _actor(name: str, kind: str = "person", mentions: tuple[str, ...] = (),
           polarity: int = 0) -> Actor:
    labels = () if not polarity else (
        ActorLabel("x", 0, 1, 0, "x", "pejorative" if polarity < 0 else "praise", "author",
                   "lexicon", "modifier", polarity),
    )
    ms = tuple(Mention(0, len(m), m) for m in (name, *mentions))
    return Actor(name, kind, ms, labels)  # type: ignore[arg-type]


def test_match_actor_by_name_mention_and_last_name() -> None:
    trump = _actor("Donald Trump", mentions=("Trump",))
    epa = _actor("EPA", "organization", ("Environmental Protection Agency",))
    gov = _actor("Donald Trump's government", "government", ("Trump administration",))
    alarmists = _actor("climate alarmists", "group")
    actors = [trump, epa, gov, alarmists]
    assert match_actor("President Trump", actors) is trump
    assert match_actor("the Trump administration", actors) is gov
    assert match_actor("the Environmental Protection Agency", actors) is epa
    assert match_actor("climate alarmists", actors) is alarmists
    assert match_actor("they", actors) is None
    assert match_actor("climate change", actors) is None
    assert match_actor("alarmists", actors) is None  # a group matches only as written


def test_role_scores_count_what_they_say() -> None:
    from framing.evaluation.actors import RoleArticle

    class _Report:
        def __init__(self, id_: str, actors: list[Actor]) -> None:
            self.id, self.actors = id_, tuple(actors)

    arts = [RoleArticle("1", "x", "t", (("Ana Ruiz", "villain"), ("Bo Lind", "hero"),
                                        ("Cy Moss", "victim"), ("nobody", "victim")))]
    reps = [_Report("1", [_actor("Ana Ruiz", polarity=-1), _actor("Bo Lind", polarity=1),
                          _actor("Cy Moss")])]
    out = evaluate_roles(arts, reps)  # type: ignore[arg-type]
    assert out["n_matched"] == 3 and out["coverage"] == 0.75
    e = out["entity"]
    assert e["binary_accuracy"] == 1.0 and e["villain_precision"] == 1.0
    assert e["binary_majority_baseline"] == round(2 / 3, 4)
    # Cy Moss has no label: the majority role (a tie, the first seen: villain) is used
    assert e["three_way_accuracy"] == round(2 / 3, 4)
    assert e["three_way_majority_baseline"] == round(1 / 3, 4)
    assert e["decided"] == {"n": 2, "predicted": {"villain": 1, "hero": 1},
                            "gold": {"villain": 1, "hero": 1}, "accuracy": 1.0,
                            "ci95": [0.3424, 1.0], "majority_baseline": 0.5}
    top1 = out["top1"]
    assert (top1["n_articles"], top1["precision"]) == (1, 1.0)
    assert top1["random_baseline"] == round(1 / 3, 4)


def test_missing_data_names_the_folder(tmp_path) -> None:
    with pytest.raises(InputNotFoundError, match="NarrativeFraming"):
        load_roles(tmp_path)
    with pytest.raises(InputNotFoundError, match="NewsWCL50"):
        load_wcl(tmp_path)


def _have(root_fn) -> bool:
    try:
        root_fn()
    except InputNotFoundError:
        return False
    return True


@pytest.mark.skipif(not _have(narrative_root), reason="NarrativeFraming data not in ../shared")
def test_narrative_framing_slice(analyzer: framing.Analyzer) -> None:
    articles = load_roles(limit=12)
    assert len(articles) == 12 and all(a.entities for a in articles)
    reports = list(analyzer.pipe([framing.Article(a.text, id=a.id) for a in articles]))
    out = evaluate_roles(articles, reports)
    assert out["n_annotations"] == sum(len(a.entities) for a in articles)
    assert 0.15 < out["coverage"] < 0.9  # names match; pronouns and issues do not
    assert out["entity"]["n"] == out["n_matched"]


@pytest.mark.skipif(not _have(wcl_root), reason="NewsWCL50 data not in ../shared")
def test_newswcl50_slice(analyzer: framing.Analyzer) -> None:
    mentions = load_wcl()
    assert len(mentions) > 8000
    sample = [m for m in mentions if m.code_type in ("PROPERTY", "ACTOR")][:300]
    texts = sorted({m.mention for m in sample})
    loaded = {}
    for text, rep in zip(texts, analyzer.pipe(texts), strict=True):
        loaded[text] = {"lexicon": bool(rep.terms), "model": bool(rep.terms)}
    out = evaluate_wcl(sample, loaded)
    assert out["all"]["n"] == len(sample)
    assert set(out["by_code_type"]) == {"PROPERTY", "ACTOR"}
    share = out["all"]["lexicon"]
    assert share == round(sum(loaded[m.mention]["lexicon"] for m in sample) / len(sample), 4)
