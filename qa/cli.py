"""The ``bulletin-qa`` command line: parse arguments, call the library, print results."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .store import IndexStore, IndexStoreError


class UserError(Exception):
    """An error caused by the input; printed without a traceback."""


def _add_chunk_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--chunk-min", type=int, default=150, help="smallest chunk in characters (default 150)")
    p.add_argument("--chunk-max", type=int, default=350, help="largest chunk in characters (default 350)")
    p.add_argument("--overlap", type=int, default=1, help="sentences repeated between chunks (default 1)")


def cmd_ingest(args: argparse.Namespace) -> int:
    from .pipeline import build_ingest

    index = Path(args.index)
    report = build_ingest(
        args.paths,
        index,
        chunk_min=args.chunk_min,
        chunk_max=args.chunk_max,
        overlap=args.overlap,
        progress=False if args.quiet else None,
    )
    print(report.summary(), file=sys.stderr if args.json else sys.stdout)
    if args.json:
        out = asdict(report)
        out.pop("added_ids")
        print(json.dumps(out, ensure_ascii=False))
    if report.files == 0 and report.unchanged == 0 and report.skipped:
        return 1  # nothing could be read
    return 0


def _article_json(a) -> dict:
    d = a.to_dict()
    d.pop("source_map")
    return d


def cmd_articles(args: argparse.Namespace) -> int:
    store = IndexStore.open(args.index)
    try:
        for a in store.articles():
            if args.json:
                print(json.dumps(_article_json(a), ensure_ascii=False))
            else:
                meta = " · ".join(x for x in (a.kind, a.paper or a.source, a.date, a.city, a.byline) if x)
                print(f"{a.id}  {a.title or '（无标题）'}\n    {meta}\n    {a.text[:60].replace(chr(10), ' ')}…")
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-qa",
        description="Question answering over Chinese news bulletins: ingest pages, search, ask.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read bulletin files or folders into an index folder")
    p.add_argument("paths", nargs="+", help=".txt pages, .jsonl, SQuAD .json, .md, .html files or folders")
    p.add_argument("--index", required=True, help="index folder (created if missing)")
    _add_chunk_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="also print the report as one JSON object")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("articles", help="list the articles in an index")
    p.add_argument("--index", required=True, help="index folder")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_articles)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (IndexStoreError, UserError, ValueError) as exc:
        print(f"bulletin-qa: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bulletin-qa: interrupted; the index keeps its last committed state", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
