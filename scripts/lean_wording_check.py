"""How far a wording-only model can separate left- from right-rated outlets across corpora,
on development data only: a check on the lean's target, not a part of the analyzer.

    python scripts/lean_wording_check.py [--shared ../shared] [--out FILE.json]

For each of the three development corpora of ``evaluate.py lean-dev`` (BABE's sentences joined
per outlet and topic; PolNeAR's train and dev articles of its Left- and Right-rated
publishers; Frermann et al.'s climate articles of outlets MBFC rates left or right), a TF-IDF
word and bigram logistic regression is trained on the other two corpora's outlet ratings and
scored on this one (AUROC of P(right), 95% bootstrap interval): once with every training
article, and once *outlet-disjoint*, with the outlets of the tested corpus left out of
training (HuffPost, Breitbart and Fox News are in more than one corpus). Never
Article-Bias-Prediction, whose ratings are the lean's evaluation. It prints a table and
writes JSON (default: scripts/results/lean-wording-check.json).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate import _babe_side_sentences  # noqa: E402

from framing.evaluation.devgroups import load_frermann_groups, load_polnear_groups  # noqa: E402
from framing.evaluation.validity import auroc_ci  # noqa: E402

#: One name per outlet across the corpora's spellings.
_ALIASES = {"huffpost": "huffpost", "huffingtonpost": "huffpost", "fox": "fox",
            "foxnews": "fox"}


def outlet_key(name: str) -> str:
    key = re.sub(r"[^a-z]", "", name.lower()).removeprefix("the")
    return _ALIASES.get(key, key)


def corpora(shared: Path) -> dict[str, list[tuple[str, str, str]]]:
    """(outlet, side, text) of each development corpus."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for outlet, side, topic, text in _babe_side_sentences(shared):
        groups[(outlet_key(outlet), side, topic)].append(text)
    out = {"babe": [(o, s, " ".join(v)) for (o, s, _), v in sorted(groups.items())]}
    out["polnear"] = [(outlet_key(a.source), a.group, a.text) for split in ("train", "dev")
                      for a in load_polnear_groups(split, shared / "data" / "PolNeAR")
                      if a.group in ("left", "right")]
    out["frermann"] = [(outlet_key(a.source), a.group, a.text) for a in load_frermann_groups(
        shared / "data" / "NarrativeFraming_Frermann2023")]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "scripts" / "results" / "lean-wording-check.json"))
    args = ap.parse_args()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    data = corpora(Path(args.shared))
    result: dict[str, dict] = {}
    print("| tested corpus | left / right | trained on the other two | outlet-disjoint |")
    print("|---|---|---|---|")
    for test, rows in data.items():
        tested_outlets = {o for o, _, _ in rows}
        row: dict = {"n": {g: sum(s == g for _, s, _ in rows) for g in ("left", "right")}}
        for name, excluded in (("all", set()), ("outlet_disjoint", tested_outlets)):
            train = [r for k, v in data.items() if k != test for r in v if r[0] not in excluded]
            vec = TfidfVectorizer(ngram_range=(1, 2), min_df=3, sublinear_tf=True,
                                  stop_words="english")
            x = vec.fit_transform([t for _, _, t in train])
            clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
            clf.fit(x, [s == "right" for _, s, _ in train])
            p = clf.predict_proba(vec.transform([t for _, _, t in rows]))[:, 1]
            side = {g: [float(q) for (_, s, _), q in zip(rows, p, strict=True) if s == g]
                    for g in ("left", "right")}
            ci = auroc_ci(side["left"], side["right"])
            row[name] = {"auroc": ci["auroc"], "ci95": ci["ci95"], "n_train": len(train)}
        result[test] = row
        a, d = row["all"], row["outlet_disjoint"]
        print(f"| {test} | {row['n']['left']} / {row['n']['right']} | {a['auroc']:.3f} "
              f"({a['ci95'][0]:.3f}-{a['ci95'][1]:.3f}) | {d['auroc']:.3f} "
              f"({d['ci95'][0]:.3f}-{d['ci95'][1]:.3f}) |")
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
