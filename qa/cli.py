"""The ``bulletin-qa`` command line: parse arguments, call the library, print results."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .contract import answer_json, sentence_around
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
    from .pipeline import default_sample_index

    index, embedder = (args.index, None) if args.index else default_sample_index()
    retriever = Retriever.open(index, embedder=embedder, fusion=args.mode)
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
        passage = h.chunk.text[:160].replace("\n", "\n    ")
        print(f"    {passage}{'…' if len(h.chunk.text) > 160 else ''}")
    return 0


def _check_question(question: str) -> str:
    from .assistant import MAX_QUESTION_CHARS

    q = (question or "").strip()
    if not q:
        raise UserError("the question is empty; ask something, e.g. bulletin-qa search \"3月25日12345热线接了多少件来电？\"")
    if len(q) > MAX_QUESTION_CHARS:
        raise UserError(f"the question has {len(q)} characters; ask in at most {MAX_QUESTION_CHARS}")
    return q


def format_answer(answer, color: bool) -> str:
    """The answer, its sentence with the span marked, numbered citations."""
    mark = ("\033[1;33m", "\033[0m") if color else ("【", "】")
    lines = []
    if answer.no_answer:
        lines.append(answer.message or "没有找到答案。")
        for i, h in enumerate(answer.related[:3], 1):
            a = h.article
            lines.append(f"  [{i}] {a.title or '（无标题）'} · {a.paper or a.source or ''}{' · ' + a.date if a.date else ''}")
            lines.append(f"      {h.chunk.text[:100].replace(chr(10), ' ')}…")
        return "\n".join(lines)
    lines.append(f"答：{mark[0]}{answer.text}{mark[1]}    （置信度 {answer.score:.2f}）")
    if answer.message:
        lines.append(answer.message)
    top = answer.citations[0]
    s, e = sentence_around(top.passage, *top.span)
    sentence = top.passage[s : top.span[0]] + mark[0] + top.passage[top.span[0] : top.span[1]] + mark[1] + top.passage[top.span[1] : e]
    lines.append("  " + sentence.strip().replace("\n", " "))
    lines.append("出处：")
    for c in answer.citations:
        where = " · ".join(x for x in (c.paper or c.source, c.date, f"第{c.page}版" if c.page else None, c.byline) if x)
        lines.append(f"  [{c.rank}] {c.title or '（无标题）'} · {where}")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    from .assistant import Assistant

    assistant = Assistant.open(args.index, k=args.k)
    filters = _filters(args)
    color = sys.stdout.isatty() and not args.json
    try:
        if args.question is not None:
            questions = [args.question]
        elif args.file:
            try:
                questions = Path(args.file).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise UserError(f"cannot read {args.file} as UTF-8 text ({exc}); one question per line") from exc
            questions = [q for q in questions if q.strip()]
        else:
            return _chat(assistant, filters, args.json, color)
        for question in questions:
            answer = assistant.ask(question, filters=filters)
            print(json.dumps(answer_json(answer), ensure_ascii=False) if args.json else format_answer(answer, color), flush=True)
    finally:
        assistant.close()
    return 0


def _chat(assistant, filters, as_json: bool, color: bool) -> int:
    """An interactive conversation: follow-up questions use the turns before; /clear forgets them."""
    from .assistant import Assistant

    interactive = sys.stdin.isatty()
    if interactive:
        print("公报问答：输入问题后回车；/clear 清空对话；Ctrl-D 退出。")
    history = []
    while True:
        try:
            line = input("问> " if interactive else "")
        except EOFError:
            break
        if not line.strip():
            continue
        if line.strip() == "/clear":
            history = []
            print("（对话已清空）")
            continue
        answer = assistant.ask(line, history=history, filters=filters)
        print(json.dumps(answer_json(answer), ensure_ascii=False) if as_json else format_answer(answer, color), flush=True)
        if not answer.no_answer or answer.asked_as:
            history.append(Assistant.turn(answer))
    return 0


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


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import evaluate_open, evaluate_reader

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"{path} is not a file; give a SQuAD-format .json file")
    try:
        json.loads(path.read_text(encoding="utf-8-sig"))["data"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} is not SQuAD-format JSON ({exc}); expected {{\"data\": [{{\"paragraphs\": [...]}}]}}") from exc
    reader = None
    if args.reader == "rules":
        from .reader import Reader

        reader = Reader()
    progress = sys.stderr.isatty()
    if args.mode == "reader":
        report = evaluate_reader(path, reader=reader, limit=args.limit, progress=progress)
    else:
        from .assistant import Assistant
        from .evaluation import eval_index

        index = eval_index(path, args.index, progress=progress)
        options = {"k": args.k, "min_confidence": 0.0}
        if reader is not None:
            options["reader"] = reader
        assistant = Assistant.open(index, **options)
        try:
            report = evaluate_open(path, assistant, limit=args.limit, progress=progress)
        finally:
            assistant.close()
    out = {"file": path.name, **report.as_dict()}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print("  ".join(f"{k}={v}" for k, v in out.items()))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    if args.auth and ":" not in args.auth:
        raise UserError("--auth takes user:password")
    print(f"starting the web chat on http://{args.host}:{args.port} (Ctrl-C to stop)…", file=sys.stderr)
    serve(args.index, host=args.host, port=args.port, auth=args.auth, uploads=args.uploads, max_upload_mb=args.max_upload_mb)
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

    p = sub.add_parser("ask", help="answer a question (or chat, with no question) with the exact answer span and citations")
    p.add_argument("question", nargs="?", help="the question; leave out for an interactive chat")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--file", help="answer one question per line of this UTF-8 file")
    p.add_argument("--k", type=int, default=5, help="passages read per question (default 5)")
    p.add_argument("--json", action="store_true", help="one JSON object per question")
    _add_filter_options(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="answer quality on a SQuAD-format file: reader (gold paragraph given) or open (the file is the corpus)")
    p.add_argument("file", help="SQuAD-format .json (CMRC 2018, DRCD, XQuAD)")
    p.add_argument("--mode", choices=["reader", "open"], default="reader")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions (default: all)")
    p.add_argument("--k", type=int, default=5, help="open mode: passages read per question (default 5)")
    p.add_argument("--index", help="open mode: index folder for the file's paragraphs (default: built once under the data folder)")
    p.add_argument("--reader", choices=["default", "rules"], default="default", help="the fine-tuned span reader (default) or the rule-based one")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="start the web chat (Gradio) on the index, or on the bundled sample bulletins")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", help="require a login, given as user:password")
    uploads = p.add_mutually_exclusive_group()
    uploads.add_argument("--uploads", dest="uploads", action="store_true", default=None, help="show the 'add bulletins' tab (default: only on a loopback host)")
    uploads.add_argument("--no-uploads", dest="uploads", action="store_false", help="hide the 'add bulletins' tab")
    p.add_argument("--max-upload-mb", type=int, default=20, help="largest upload accepted (default 20 MB)")
    p.set_defaults(func=cmd_serve)

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
