"""Evaluate framing and print a table; results are also written as JSON.

    python scripts/evaluate.py lexicon [--shared ../shared] [--lexicon default]

``lexicon``: precision/recall of lexicon matching on the team's behavioural cases
(tests/cases/match.jsonl) and PTC Loaded_Language + Name_Calling,Labeling span
precision/recall (overlap) on the fixed 74-article evaluation split.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing  # noqa: E402
from framing.evaluate import evaluate_cases, evaluate_ptc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _row(name: str, d: dict) -> str:
    return (f"| {name} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | "
            f"{d['n_pred']} | {d['n_gold']} |")


def lexicon(args: argparse.Namespace) -> dict:
    analyzer = framing.Analyzer(lexicon=args.lexicon)
    result: dict = {"lexicon": analyzer.provenance()["lexicon"]}
    t0 = time.perf_counter()
    result["cases"] = evaluate_cases(analyzer, ROOT / "tests" / "cases" / "match.jsonl")
    ptc_dir = Path(args.shared) / "data" / "PTC_SemEval2020_Task11"
    if ptc_dir.exists():
        result["ptc_eval"] = evaluate_ptc(analyzer, ptc_dir, split="eval")
    else:
        print(f"PTC not found at {ptc_dir}; skipping", file=sys.stderr)
    result["seconds"] = round(time.perf_counter() - t0, 1)

    lex = result["lexicon"]
    print(f"lexicon {lex['name']} {lex['version']} ({lex['n_entries']} entries, "
          f"sha256 {lex['sha256'][:12]})\n")
    print("| evaluation | precision | recall | F1 | predicted | gold |")
    print("|---|---|---|---|---|---|")
    print(_row(f"behavioural cases ({result['cases']['n_cases']} cases)", result["cases"]))
    if "ptc_eval" in result:
        ptc = result["ptc_eval"]
        print(_row(f"PTC eval split, all terms ({ptc['n_articles']} articles)", ptc["all_terms"]))
        print(_row("PTC eval split, author-voice terms", ptc["author_terms"]))
        print("\nPTC recall by technique:", ptc["all_terms"]["recall_by_label"])
    print("case recall by kind:", result["cases"]["recall_by_label"])
    print(f"case voice accuracy: {result['cases']['voice_accuracy']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("lexicon", help="lexicon matching on cases and PTC")
    p.add_argument("--shared", default=str(ROOT.parent / "shared"))
    p.add_argument("--lexicon", default="default")
    p.add_argument("--out", default=str(ROOT / "scripts" / "results" / "lexicon.json"))
    args = parser.parse_args()
    result = {"lexicon": lexicon}[args.command](args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
