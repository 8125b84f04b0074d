"""Command line: a few lines over library functions each.

    framing analyze PATH|- [--format json|text|md|html] [-o OUT] [--encoding E] [--lexicon PATH]
                    [--model NAME|PATH|none] [--no-model-terms]
    framing lexicon [--lexicon PATH] [--format text|json]
    framing score INPUT -o OUTDIR [--text-col C] [--id-col C] [--outlet-col C] [--encoding E]
                  [--model NAME|PATH|none] [--workers N | --scheduler ADDR | --dask-local N]
                  [--format parquet|csv|jsonl] [--force] [--quiet]
    framing dashboard OUTDIR|REPORT.json... -o dashboard.html [--figures DIR] [--sort-by M]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from framing.config import add_config_flags, config_from_args
from framing.errors import FramingError
from framing.inputs import read_article
from framing.lexicon import load_lexicon
from framing.pipeline import Analyzer
from framing.render.outlets import DEFAULT_SORT, MEASURES
from framing.version import __version__

RENDERERS = {
    "json": lambda r: r.to_json(),
    "text": lambda r: r.to_text(),
    "md": lambda r: r.to_markdown(),
    "html": lambda r: r.to_html(),
}


def _write(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return
    try:
        Path(out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as err:
        raise FramingError(f"Cannot write the output file '{out}': {err.strerror}.") from err


def cmd_analyze(args: argparse.Namespace) -> int:
    article = read_article(args.path, article_id=args.id, encoding=args.encoding)
    report = Analyzer.from_config(config_from_args(args))(article)
    _write(RENDERERS[args.format](report), args.output)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from framing.corpus.score import score_corpus

    result = score_corpus(
        args.input, args.output,
        analyzer=Analyzer.from_config(config_from_args(args)),
        text_col=args.text_col, id_col=args.id_col, outlet_col=args.outlet_col,
        fmt=args.input_format, part_size=args.part_size, force=args.force,
        progress=False if args.quiet else None, workers=args.workers,
        scheduler=args.scheduler, dask_local=args.dask_local, table_format=args.format,
        encoding=args.encoding,
    )
    if result.already_done:
        print(f"framing: {result.outdir} is already complete ({result.n_scored} scored, "
              f"{result.n_errors} errors); --force starts afresh", file=sys.stderr)
    else:
        print(f"framing: scored {result.n_scored}, errors {result.n_errors}, elapsed "
              f"{result.seconds:.1f} s, {result.articles_per_minute} articles/min -> "
              f"{result.outdir}", file=sys.stderr)
    if result.n_errors:
        were = "record was" if result.n_errors == 1 else "records were"
        print(f"framing: {result.n_errors} {were} not scored; "
              f"{result.outdir / 'errors.jsonl'} says which and why", file=sys.stderr)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from framing.render.dashboard import render_dashboard

    page = render_dashboard(args.inputs, args.output, figures_dir=args.figures,
                            sort_by=args.sort_by)
    print(f"framing: dashboard -> {page}", file=sys.stderr)
    return 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    lexicon = load_lexicon(args.lexicon)
    stats = lexicon.stats()
    info: dict[str, object] = {
        "name": lexicon.name,
        "version": lexicon.version,
        "license": lexicon.license,
        "sha256": lexicon.sha256,
        "source": lexicon.source,
        "n_entries": len(lexicon),
        **stats,
    }
    if args.format == "json":
        _write(json.dumps(info, indent=2), "-")
        return 0
    lines = [
        f"{lexicon.name} {lexicon.version} ({lexicon.license}), {len(lexicon)} entries",
        f"sha256 {lexicon.sha256}",
        f"source {lexicon.source}",
    ]
    for key in ("category", "direction", "domain"):
        lines.append(f"\nby {key}:")
        lines += [f"  {name:<18} {n:>4}" for name, n in stats[key].items()]
    _write("\n".join(lines), "-")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing", description="Media bias and framing analyzer."
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="analyze one article and print its report")
    p.add_argument("path", help="article text file (UTF-8), or - for standard input")
    p.add_argument("--format", choices=sorted(RENDERERS), default="text")
    p.add_argument("-o", "--output", default="-", help="output file (default: - = stdout)")
    p.add_argument("--id", default=None, help="article id (default: the file name)")
    p.add_argument("--encoding", default="utf-8",
                   help="text encoding of the file (default: utf-8; e.g. cp1252, latin-1)")
    add_config_flags(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("lexicon", help="validate a lexicon and show its size by category")
    p.add_argument("--lexicon", default="default", help="packaged lexicon name or .jsonl path")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_lexicon)

    p = sub.add_parser("score", help="score a corpus into tables; resumable")
    p.add_argument("input", help="CSV/TSV, JSONL, Parquet, a saved datasets folder, or a "
                   "folder of .txt files")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col", default="id", help="default: 'id', else the row number")
    p.add_argument("--outlet-col", default="outlet")
    p.add_argument("--input-format", default=None,
                   choices=["csv", "tsv", "jsonl", "parquet", "datasets", "txt"],
                   help="default: from the suffix; the content must agree with it")
    p.add_argument("--encoding", default="utf-8",
                   help="text encoding of the input (default: utf-8; e.g. cp1252, latin-1)")
    add_config_flags(p)
    p.add_argument("--part-size", type=int, default=256,
                   help="records per atomic part (the unit of resumption)")
    p.add_argument("--format", default="parquet", choices=["parquet", "csv", "jsonl"],
                   help="format of articles.*, findings.* and actors.*")
    p.add_argument("--workers", type=int, default=1, help="score in N processes")
    p.add_argument("--scheduler", default=None,
                   help="address of a running Dask scheduler (tcp://host:8786)")
    p.add_argument("--dask-local", type=int, default=None, metavar="N",
                   help="start a local Dask cluster of N worker processes")
    p.add_argument("--force", action="store_true", help="discard earlier output, start afresh")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("dashboard", help="corpus dashboard (HTML + PNG figures) by outlet")
    p.add_argument("inputs", nargs="+", help="a framing score output folder, or report JSON "
                   "files / folders of them (framing analyze --format json)")
    p.add_argument("-o", "--output", required=True, help="the HTML page to write")
    p.add_argument("--figures", default=None,
                   help="folder for the PNG figures (default: <output name>_figures)")
    p.add_argument("--sort-by", default=DEFAULT_SORT, choices=sorted(MEASURES),
                   help=f"the measure outlets are ordered by, highest first (default: "
                        f"{DEFAULT_SORT})")
    p.set_defaults(func=cmd_dashboard)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="framing: %(levelname)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except FramingError as err:
        print(f"framing: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug: one line, and the traceback with --verbose
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(f"framing: internal error: {type(err).__name__}: {err}. This is a bug in "
              "framing; please report it with the command (run with -v for the traceback).",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
