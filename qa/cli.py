"""The ``bulletin-qa`` command line: parse arguments, call the library, print results."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from qa.cli_backend import add_backend_options, add_migrate_command, index_target
from qa.errors import BulletinQAError, InvalidInput
from qa.terminal import chat, format_hit, print_answer, save_page_image
from qa.text.clean import clean_input, question_problem


def _add_chunk_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--chunk-min", type=int, default=150, help="smallest chunk in characters (default 150)")
    p.add_argument("--chunk-max", type=int, default=350, help="largest chunk in characters (default 350)")
    p.add_argument("--overlap", type=int, default=1, help="sentences repeated between chunks (default 1)")


def cmd_ingest(args: argparse.Namespace) -> int:
    from qa.pipeline import build_ingest

    index = index_target(args, required=True)
    if args.index_type and not isinstance(index, str):
        raise InvalidInput("--index-type chooses the local dense index; Milvus keeps its own (FLAT, inner product)")
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
    from qa.search import SearchFilters

    f = SearchFilters(date_from=args.date_from, date_to=args.date_to, source=args.source, city=args.city)
    return None if f.is_empty() else f


def cmd_search(args: argparse.Namespace) -> int:
    question = _check_question(args.question)
    if args.server:
        from qa.remote import RemoteAssistant

        hits = RemoteAssistant(args.server, args.server_auth).search(question, k=args.k, filters=_filters(args), mode=args.mode)
    else:
        from qa.pipeline import default_sample_index
        from qa.search import Retriever

        index = index_target(args)
        index, embedder = (index, None) if index else default_sample_index()
        retriever = Retriever.open(index, embedder=embedder, fusion=args.mode)
        try:
            hits = retriever.search(question, k=args.k, filters=_filters(args))
        finally:
            retriever.close()
    if args.json:
        for h in hits:
            print(json.dumps(h.to_dict(), ensure_ascii=False))
        return 0
    if not hits:
        print("没有找到相关段落。(no matching passages)")
    for h in hits:
        print(format_hit(h))
    return 0


def _check_question(question: str) -> str:
    """The question cleaned at the boundary; the one length/emptiness check, as a user error."""
    q = clean_input(question)
    if problem := question_problem(q, english=True):
        raise InvalidInput(problem)
    return q


def cmd_ask(args: argparse.Namespace) -> int:
    if args.server:
        from qa.remote import RemoteAssistant

        assistant = RemoteAssistant(args.server, args.server_auth)
    else:
        from qa.chat.assistant import Assistant

        assistant = Assistant.open(index_target(args), k=args.k)
        assistant.warm_up()
    filters = _filters(args)
    color = sys.stdout.isatty() and not args.json
    try:
        if args.question is not None:
            questions = [args.question]
        elif args.file:
            try:
                questions = Path(args.file).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInput(f"cannot read {args.file} as UTF-8 text ({exc}); one question per line") from exc
            questions = [q for q in questions if q.strip()]
        else:
            return chat(assistant, filters, args.json, color)
        for question in questions:
            answer = assistant.ask(question, filters=filters)
            print_answer(answer, args.json, color)
        if args.page_image and args.question is not None:
            save_page_image(assistant, answer, Path(args.page_image))
        if args.question is not None and question_problem(clean_input(args.question)):
            return 1  # the answer (with its message) was printed; the status says it was refused
    finally:
        assistant.close()
    return 0


def _add_server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", help="use a running bulletin-qa serve at this URL (http://127.0.0.1:7860) instead of loading models here")
    p.add_argument("--server-auth", help="user:password of that server's --auth")


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date-from", help="only articles dated on or after yyyy-mm-dd")
    p.add_argument("--date-to", help="only articles dated on or before yyyy-mm-dd")
    p.add_argument("--source", help="only articles whose paper or source file contains this")
    p.add_argument("--city", help="only articles about this city (as inferred from 我市)")


def cmd_articles(args: argparse.Namespace) -> int:
    from qa.pipeline import open_store

    store = open_store(index_target(args, required=True))
    try:
        for a in store.articles():
            if args.json:
                print(json.dumps({k: v for k, v in a.to_dict().items() if k != "source_map"}, ensure_ascii=False))
            else:
                meta = " · ".join(x for x in (a.kind, a.paper or a.source, a.date, a.city, a.byline) if x)
                print(f"{a.id}  {a.title or '（无标题）'}\n    {meta}\n    {a.text[:60].replace(chr(10), ' ')}…")
    finally:
        store.close()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from qa.evaluation import evaluate_open, evaluate_reader

    path = Path(args.file)
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file; give a SQuAD-format .json file")
    try:
        json.loads(path.read_text(encoding="utf-8-sig"))["data"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path} is not SQuAD-format JSON ({exc}); expected {{\"data\": [{{\"paragraphs\": [...]}}]}}") from exc
    reader = None
    if args.reader == "rules":
        from qa.read.rules import RuleReader

        reader = RuleReader()
    progress = sys.stderr.isatty()
    if args.mode == "reader":
        report = evaluate_reader(path, reader=reader, limit=args.limit, progress=progress)
    else:
        from qa.chat.assistant import Assistant
        from qa.evaluation import eval_index

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
    from ui.accounts import load_accounts

    load_accounts(args.auth, args.auth_file)  # a mistyped login is reported before anything loads
    print(f"starting the web chat on http://{args.host}:{args.port} (Ctrl-C to stop)…", file=sys.stderr)
    from ui.server import serve

    serve(index_target(args), host=args.host, port=args.port, auth=args.auth, uploads=args.uploads, max_upload_mb=args.max_upload_mb,
          hosts=tuple(args.allowed_host or ()), auth_file=args.auth_file)
    return 0


def cmd_mcp(args: argparse.Namespace) -> int:
    from qa.mcp_server import run

    if args.http and args.host not in ("127.0.0.1", "localhost", "::1") and not args.allow_remote:
        raise InvalidInput(f"--host {args.host} serves the MCP tools beyond this machine; add --allow-remote if that is meant")
    run(index_target(args), http=args.http, host=args.host, port=args.port)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from qa.pipeline import delete_articles

    removed = delete_articles(index_target(args, required=True), args.ids)
    missing = [i for i in args.ids if i not in removed]
    print(f"{len(removed)} article(s) deleted" + (f"; not in the index: {', '.join(missing)}" if missing else ""))
    return 0 if removed else 1


def _add_ingest_command(sub) -> None:
    p = sub.add_parser("ingest", help="read bulletin files or folders into an index folder")
    p.add_argument("paths", nargs="+", help=".txt pages, .jsonl, SQuAD .json, .md, .html files or folders")
    p.add_argument("--index", help="index folder (created if missing); or --backend milvus")
    p.add_argument("--model", help="embedding model: a sentence-transformers folder or cached name (default: bundled multilingual-e5-small)")
    p.add_argument("--index-type", choices=["flat", "hnsw", "ivfpq"], help="dense index type (default flat; hnsw/ivfpq for large corpora)")
    _add_chunk_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="also print the report as one JSON object")
    add_backend_options(p)
    p.set_defaults(func=cmd_ingest)


def _add_search_command(sub) -> None:
    p = sub.add_parser("search", help="find the passages that answer a question")
    p.add_argument("question")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--mode", choices=["convex", "rrf", "bm25", "dense"], default="convex", help="hybrid fusion (convex, the default, or rrf) or one retriever")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    _add_filter_options(p)
    _add_server_options(p)
    add_backend_options(p)
    p.set_defaults(func=cmd_search)


def _add_ask_command(sub) -> None:
    p = sub.add_parser("ask", help="answer a question (or chat, with no question) with the exact answer span and citations")
    p.add_argument("question", nargs="?", help="the question; leave out for an interactive chat")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--file", help="answer one question per line of this UTF-8 file")
    p.add_argument("--k", type=int, default=5, help="passages read per question (default 5)")
    p.add_argument("--json", action="store_true", help="one JSON object per question")
    p.add_argument("--page-image", metavar="PNG", help="answers from PDFs: save the printed page with the answer highlighted here")
    _add_filter_options(p)
    _add_server_options(p)
    add_backend_options(p)
    p.set_defaults(func=cmd_ask)


def _add_eval_command(sub) -> None:
    p = sub.add_parser("eval", help="answer quality on a SQuAD-format file: reader (gold paragraph given) or open (the file is the corpus)")
    p.add_argument("file", help="SQuAD-format .json (CMRC 2018, DRCD, XQuAD)")
    p.add_argument("--mode", choices=["reader", "open"], default="reader")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions (default: all)")
    p.add_argument("--k", type=int, default=5, help="open mode: passages read per question (default 5)")
    p.add_argument("--index", help="open mode: index folder for the file's paragraphs (default: built once under the data folder)")
    p.add_argument("--reader", choices=["default", "rules"], default="default", help="the fine-tuned span reader (default) or the rule-based one")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_eval)


def _add_serve_command(sub) -> None:
    p = sub.add_parser("serve", help="start the web chat (Gradio) on the index, or on the bundled sample bulletins")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", action="append", metavar="USER:PASSWORD[:editor|reader]",
                   help="require a login; repeat for more users. Editors add bulletins, readers only ask (default role: editor)")
    p.add_argument("--auth-file", help="logins from a file, one USER:PASSWORD[:ROLE] per line (keeps passwords out of the process list)")
    uploads = p.add_mutually_exclusive_group()
    uploads.add_argument("--uploads", dest="uploads", action="store_true", default=None, help="show the 'add bulletins' tab to editors (default: on a loopback host, or with logins)")
    uploads.add_argument("--no-uploads", dest="uploads", action="store_false", help="hide the 'add bulletins' tab")
    p.add_argument("--max-upload-mb", type=int, default=20, help="largest upload accepted (default 20 MB)")
    p.add_argument("--allowed-host", action="append", help="another Host name to answer (behind a proxy); repeat for more")
    add_backend_options(p)
    p.set_defaults(func=cmd_serve)


def _add_mcp_command(sub) -> None:
    p = sub.add_parser("mcp", help="serve search/ask/get_article as MCP tools (stdio; --http for streamable HTTP)")
    p.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    p.add_argument("--http", action="store_true", help="streamable HTTP instead of stdio")
    p.add_argument("--host", default="127.0.0.1", help="with --http: address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="with --http: port (default 8765)")
    p.add_argument("--allow-remote", action="store_true", help="with --http: allow a host other than loopback")
    add_backend_options(p)
    p.set_defaults(func=cmd_mcp)


def _add_delete_command(sub) -> None:
    p = sub.add_parser("delete", help="remove articles (by id, as listed by 'articles') from an index")
    p.add_argument("ids", nargs="+")
    p.add_argument("--index", help="index folder; or --backend milvus")
    add_backend_options(p)
    p.set_defaults(func=cmd_delete)


def _add_articles_command(sub) -> None:
    p = sub.add_parser("articles", help="list the articles in an index")
    p.add_argument("--index", help="index folder; or --backend milvus")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    add_backend_options(p)
    p.set_defaults(func=cmd_articles)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-qa",
        description="Question answering over Chinese news bulletins: ingest pages, search, ask.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_ingest_command, _add_search_command, _add_ask_command, _add_eval_command, _add_serve_command, _add_mcp_command, _add_delete_command, _add_articles_command,
                add_migrate_command):
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BulletinQAError as exc:
        print(f"bulletin-qa: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bulletin-qa: interrupted; the index keeps its last committed state", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
