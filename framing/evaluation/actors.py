"""Evaluation of actors and labels on two evaluation-only sets in ``../shared/data``.

- **NarrativeFraming_Frermann2023** (climate-change news, 428 articles): annotators named the
  heroes, villains and victims of each article. :func:`evaluate_roles` matches each
  annotated entity to an actor of ours and asks whether the actors we label most negatively
  are the villains, and the others the heroes and victims, against the majority baseline.
- **NewsWCL50** (50 articles, 10 events x 5 outlets): annotated mention phrases with
  framing codes ("Aggressor", "Victim", "Power"...), without the article texts.
  :func:`evaluate_wcl` reports the share of the phrases our lexicon (and model) mark as
  loaded, by code.

Both sets are for evaluation only: nothing in the lexicon, the rules or the model was chosen
on them.
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import InputError
from framing.evaluation.attribution import TITLE_WORDS
from framing.evaluation.attribution import name_words as _name_words
from framing.evaluation.attribution_data import data_root as _data_root
from framing.records import Actor, ArticleReport

ROLES = ("villain", "hero", "victim")

#: Seed of the random-pick baseline (and of nothing else).
BASELINE_SEED = 0


@dataclass(frozen=True)
class RoleArticle:
    """One NarrativeFraming article: its text, outlet and annotated ``(entity, role)`` pairs."""

    id: str
    outlet: str
    text: str
    entities: tuple[tuple[str, str], ...]


def narrative_root(root: str | Path | None = None) -> Path:
    """The NarrativeFraming folder (holding ``articles_metadata.tsv``); by default
    ``$FRAMING_SHARED/data/NarrativeFraming_Frermann2023`` or ``../shared/data/...``."""
    folder = _data_root("NarrativeFraming_Frermann2023", root, "articles_metadata.tsv")
    return _data_root("NarrativeFraming_Frermann2023", folder, "role_and_frame_annoations.tsv")


def load_roles(root: str | Path | None = None, limit: int | None = None) -> list[RoleArticle]:
    """The annotated articles (those with at least one hero, villain or victim), in file
    order; ``limit`` keeps the first ``limit``."""
    folder = narrative_root(root)
    csv.field_size_limit(1 << 24)
    entities: dict[str, list[tuple[str, str]]] = {}
    with open(folder / "role_and_frame_annoations.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            role = (row.get("role") or "").strip()
            if role in ROLES and (row.get("entity") or "").strip():
                entities.setdefault(row["ID"].strip(), []).append((row["entity"].strip(), role))
    out: list[RoleArticle] = []
    with open(folder / "articles_metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            key = row["ID"].strip()
            text = row.get("text") or ""
            if key in entities and text.strip():
                out.append(RoleArticle(key, row.get("source") or "", text,
                                       tuple(entities[key])))
            if limit is not None and len(out) >= limit:
                break
    if not out:
        raise InputError(f"No annotated articles read from {folder}; is the folder complete?")
    return out


# -- matching annotated entities to actors --------------------------------------------------


def _words(text: str) -> list[str]:
    return [w for w in _name_words(text) if w not in TITLE_WORDS and w != "the"]


def match_actor(entity: str, actors: Sequence[Actor]) -> Actor | None:
    """The actor an annotated entity names: one whose name or a mention is written with the
    same words (titles and "the" aside), else a named actor (person, organisation,
    government, country) whose name ends with the entity's last word or holds all of its
    words ("Trump" -> "Donald Trump"). The most mentioned wins a tie; ``None`` when
    nothing fits (pronouns, issues such as "climate change")."""
    want = _words(entity)
    if not want:
        return None
    exact = [
        a for a in actors
        if want == _words(a.name) or any(want == _words(m.text) for m in a.mentions)
    ]
    if exact:
        return max(exact, key=lambda a: len(a.mentions))
    loose = []
    for a in actors:
        if a.type == "group":
            continue
        name = _words(a.name)
        if name and (name[-1] == want[-1] or set(want) <= set(name)) and len(want) <= 3:
            loose.append(a)
    return max(loose, key=lambda a: len(a.mentions)) if loose else None


def _negativity(a: Actor) -> tuple[float, float, int]:
    """Sort key, most negatively labelled first: polarity sum, then the loadings of its
    negative labels, then mentions."""
    neg_loading = sum(lb.loading or 0.0 for lb in a.labels if lb.polarity < 0)
    return (a.polarity_sum, -neg_loading, -len(a.mentions))


def predicted_role(a: Actor) -> str:
    """villain when the actor's labels are negative on balance, hero when positive, victim
    when it is the patient of a loaded verb (and neither), else ``none``."""
    if a.polarity_sum < 0:
        return "villain"
    if a.polarity_sum > 0:
        return "hero"
    if any(lb.relation == "patient" for lb in a.labels):
        return "victim"
    return "none"


def evaluate_roles(articles: Sequence[RoleArticle], reports: Iterable[ArticleReport]
                   ) -> dict[str, Any]:
    """Score our actor labels against the annotated roles.

    - ``coverage``: annotated entities matched to one of our actors (:func:`match_actor`).
    - ``entity``: over matched entities, villain vs not-villain accuracy of "our labels are
      negative on balance" against the majority class, with villain precision and recall;
      the three-way accuracy where labels decide a role (:func:`predicted_role`) and every
      other actor gets the majority role; and, under ``decided``, the accuracy on the actors
      whose labels decide a role, against the majority role of those same actors.
    - ``top1``: per article with a negatively labelled matched actor, whether the most
      negatively labelled one (:func:`_negativity`) is annotated a villain; baselines: the
      most mentioned matched actor, and a random matched actor (expected value).
    """
    by_id = {r.id: r for r in reports}
    rows: list[tuple[str, str, Actor | None]] = []  # (article, gold role, matched actor)
    for art in articles:
        report = by_id.get(art.id)
        actors = report.actors if report is not None else ()
        for entity, role in art.entities:
            rows.append((art.id, role, match_actor(entity, actors)))
    matched = [(a, g, m) for a, g, m in rows if m is not None]
    n = len(matched)
    gold = [g for _, g, _ in matched]
    counts = Counter(gold)
    is_villain = [g == "villain" for g in gold]
    pred_villain = [m.polarity_sum < 0 for _, _, m in matched]
    tp = sum(p and v for p, v in zip(pred_villain, is_villain, strict=True))
    majority_binary = max(sum(is_villain), n - sum(is_villain)) / n if n else None
    majority = counts.most_common(1)[0][0] if n else "villain"
    # an actor whose labels decide no role gets the majority role: ours = the baseline plus
    # what the labels change
    three = [
        (predicted_role(m) if predicted_role(m) != "none" else majority) == g
        for _, g, m in matched
    ]
    decided = [(g, predicted_role(m)) for _, g, m in matched if predicted_role(m) != "none"]
    decided_gold = Counter(g for g, _ in decided)
    scores = {
        "n": n,
        "gold": dict(counts),
        "n_predicted_villain": sum(pred_villain),
        "binary_accuracy": _ratio(n - sum(p != v for p, v in zip(pred_villain, is_villain,
                                                                 strict=True)), n),
        "binary_majority_baseline": _round(majority_binary),
        "villain_precision": _ratio(tp, sum(pred_villain)),
        "villain_recall": _ratio(tp, sum(is_villain)),
        "three_way_accuracy": _ratio(sum(three), n),
        "three_way_majority_baseline": _ratio(counts[majority], n) if n else None,
        "n_with_label": sum(1 for _, _, m in matched if m.labels),
        # only the actors whose labels decide a role: how often that role is right
        "decided": {
            "n": len(decided),
            "predicted": dict(Counter(p for _, p in decided)),
            "gold": dict(decided_gold),
            "accuracy": _ratio(sum(g == p for g, p in decided), len(decided)),
            "ci95": _wilson(sum(g == p for g, p in decided), len(decided)),
            "majority_baseline": _ratio(decided_gold.most_common(1)[0][1], len(decided))
            if decided else None,
        },
    }
    # per article: the most negatively labelled matched actor
    per_article: dict[str, dict[str, Any]] = {}
    for art_id, role, actor in matched:
        slot = per_article.setdefault(art_id, {})
        slot.setdefault(actor.name, (actor, set()))[1].add(role)
    hits = mentioned = 0
    expected = 0.0
    n_articles = 0
    for slot in per_article.values():
        found = list(slot.values())
        negative = [(a, roles) for a, roles in found if a.polarity_sum < 0]
        if not negative:
            continue
        n_articles += 1
        top, roles = min(negative, key=lambda x: _negativity(x[0]))
        hits += "villain" in roles
        most, most_roles = max(found, key=lambda x: (len(x[0].mentions), x[0].name))
        mentioned += "villain" in most_roles
        expected += sum("villain" in r for _, r in found) / len(found)
    top1 = {
        "n_articles": n_articles,
        "precision": _ratio(hits, n_articles),
        "ci95": _wilson(hits, n_articles),
        "most_mentioned_baseline": _ratio(mentioned, n_articles),
        "random_baseline": _round(expected / n_articles if n_articles else None),
    }
    return {
        "n_articles": len(articles),
        "n_annotations": len(rows),
        "n_matched": n,
        "coverage": _ratio(n, len(rows)),
        "entity": scores,
        "top1": top1,
    }


# -- NewsWCL50 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WclMention:
    """One NewsWCL50 annotation: the words as written and their code."""

    code_type: str
    code_name: str
    mention: str
    publisher: str


def wcl_root(root: str | Path | None = None) -> Path:
    """The NewsWCL50 folder (holding ``Annotations.csv``)."""
    return _data_root("NewsWCL50", root, "Annotations.csv")


def load_wcl(root: str | Path | None = None) -> list[WclMention]:
    """Every annotation with a non-empty mention (the file's first line, ``sep=,``, is an
    Excel hint and is skipped)."""
    path = wcl_root(root) / "Annotations.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        if not first.startswith("sep="):
            fh.seek(0)
        out = [
            WclMention(row["code_type"].strip(), row["code_name"].strip(),
                       " ".join(row["code_mention"].split()), row["publisher_id"].strip())
            for row in csv.DictReader(fh)
            if (row.get("code_mention") or "").strip()
        ]
    if not out:
        raise InputError(f"No annotations read from {path}.")
    return out


def evaluate_wcl(mentions: Sequence[WclMention], loaded: dict[str, dict[str, bool]]
                 ) -> dict[str, Any]:
    """Share of mentions marked loaded, by code type, by PROPERTY code and by outlet lean.

    ``loaded`` maps each distinct mention text to ``{"lexicon": bool, "model": bool}``:
    whether the lexicon (and rules) found a term in it, and whether the lexicon or the
    model did."""
    def share(items: Sequence[WclMention]) -> dict[str, Any]:
        n = len(items)
        lex = sum(loaded[m.mention]["lexicon"] for m in items)
        any_ = sum(loaded[m.mention]["model"] for m in items)
        return {"n": n, "lexicon": _ratio(lex, n), "lexicon_model": _ratio(any_, n),
                "ci95_lexicon_model": _wilson(any_, n)}

    def grouped(key: Any, items: Sequence[WclMention]) -> dict[str, Any]:
        groups: dict[str, list[WclMention]] = {}
        for m in items:
            groups.setdefault(key(m), []).append(m)
        return {k: share(v) for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1]))}

    properties = [m for m in mentions if m.code_type == "PROPERTY"]
    return {
        "n_mentions": len(mentions),
        "n_distinct": len({m.mention for m in mentions}),
        "all": share(mentions),
        "by_code_type": grouped(lambda m: m.code_type, mentions),
        "by_property": grouped(lambda m: m.code_name, properties),
        "by_publisher": grouped(lambda m: m.publisher, mentions),
    }


def _wilson(k: int, n: int, z: float = 1.96) -> list[float] | None:
    """Wilson 95% interval of a proportion."""
    if not n:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)]


def _ratio(k: int | float, n: int) -> float | None:
    return round(k / n, 4) if n else None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def sample_roles(articles: Sequence[RoleArticle], k: int) -> list[RoleArticle]:
    """A seeded random sample of ``k`` articles (for quick checks)."""
    rng = random.Random(BASELINE_SEED)
    return sorted(rng.sample(list(articles), min(k, len(articles))), key=lambda a: a.id)
