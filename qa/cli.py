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
        model=args.model,
        index_type=args.index_type,
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


def _filters(args: argparse.Namespace):
    from .retriever import SearchFilters

    f = SearchFilters(date_from=args.date_from, date_to=args.date_to, source=args.source, city=args.city)
    return None if f.is_empty() else f


def hit_json(hit) -> dict:
    a, c = hit.article, hit.chunk
    return {
        "rank": hit.rank, "score": round(hit.score, 6), "scores": {k: round(v, 6) for k, v in hit.scores.items()},
        "article_id": a.id, "chunk_id": c.id, "title": a.title, "source": a.source, "paper": a.paper,
        "date": a.date, "page": a.page, "city": a.city, "byline": a.byline,
        "passage": c.text, "span": [c.start, c.end],
    }


def cmd_search(args: argparse.Namespace) -> int:
    from .retriever import Retriever

    question = _check_question(args.question)
    retriever = Retriever.open(args.index or _default_index(), fusion=args.mode)
    try:
        hits = retriever.search(question, k=args.k, filters=_filters(args))
    finally:
        retriever.close()
    if args.json:
        for h in hits:
            print(json.dumps(hit_json(h), ensure_ascii=False))
        return 0
    if not hits:
        print("没有找到相关段落。(no matching passages)")
    for h in hits:
        a = h.article
        where = " · ".join(x for x in (a.paper or a.source, a.date, f"第{a.page}版" if a.page else None) if x)
        print(f"[{h.rank}] {a.title or '（无标题）'}  ({where})  score={h.score:.4f}")
        print(f"    {h.chunk.text[:160]}{'…' if len(h.chunk.text) > 160 else ''}")
    return 0


MAX_QUESTION_CHARS = 2000


def _check_question(question: str) -> str:
    q = (question or "").strip()
    if not q:
        raise UserError("the question is empty; ask something, e.g. bulletin-qa search \"3月25日12345热线接了多少件来电？\"")
    if len(q) > MAX_QUESTION_CHARS:
        raise UserError(f"the question has {len(q)} characters; ask in at most {MAX_QUESTION_CHARS}")
    return q


def _default_index() -> Path:
    """The index of the bundled sample bulletins, built on first use."""
    from .paths import SAMPLE_DIR, default_index_dir
    from .pipeline import build_ingest

    index = default_index_dir()
    if not IndexStore.exists(index):
        print(f"building the sample index in {index} (first use only)…", file=sys.stderr)
        build_ingest([SAMPLE_DIR], index, progress=False)
    return index


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date-from", help="only articles dated on or after yyyy-mm-dd")
    p.add_argument("--date-to", help="only articles dated on or before yyyy-mm-dd")
    p.add_argument("--source", help="only articles whose paper or source file contains this")
    p.add_argument("--city", help="only articles about this city (as inferred from 我市)")


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


def cmd_delete(args: argparse.Namespace) -> int:
    from .pipeline import delete_articles

    removed = delete_articles(args.index, args.ids)
    missing = [i for i in args.ids if i not in removed]
    print(f"{len(removed)} article(s) deleted" + (f"; not in the index: {', '.join(missing)}" if missing else ""))
    return 0 if removed else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-qa",
        description="Question answering over Chinese news bulletins: ingest pages, search, ask.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read bulletin files or folders into an index folder")
    p.add_argument("paths", nargs="+", help=".txt pages, .jsonl, SQuAD .json, .md, .html files or folders")
    p.add_argument("--index", required=True, help="index folder (created if missing)")
    p.add_argument("--model", help="embedding model: a sentence-transformers folder or cached name (default: bundled multilingual-e5-small)")
    p.add_argument("--index-type", choices=["flat", "hnsw", "ivfpq"], help="dense index type (default flat; hnsw/ivfpq for large corpora)")
    _add_chunk_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="also print the report as one JSON object")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="find the passages that answer a question")
    p.add_argument("question")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--mode", choices=["convex", "rrf", "bm25", "dense"], default="convex", help="hybrid fusion (convex, the default, or rrf) or one retriever")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    _add_filter_options(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("delete", help="remove articles (by id, as listed by 'articles') from an index")
    p.add_argument("ids", nargs="+")
    p.add_argument("--index", required=True)
    p.set_defaults(func=cmd_delete)

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
    except (IndexStoreError, UserError, ValueError, RuntimeError) as exc:
        print(f"bulletin-qa: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bulletin-qa: interrupted; the index keeps its last committed state", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
