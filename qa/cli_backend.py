"""Command-line options that choose where the index lives (a local folder or Milvus), and
``bulletin-qa migrate`` that copies a local index into Milvus."""

from __future__ import annotations

import argparse

from qa.errors import InvalidInput


def add_backend_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Milvus (instead of a local index folder)")
    g.add_argument("--backend", choices=["local", "milvus"], help="where the index lives: a local folder (default) or Milvus")
    g.add_argument("--milvus-uri", help="a Milvus Lite database (a path ending in .db) or a server, http://host:19530 "
                                         "(default with --backend milvus: bulletins.db under the data folder)")
    g.add_argument("--milvus-collection", default="bulletins", help="name of the index's collections in Milvus (default bulletins)")
    g.add_argument("--milvus-token", help="user:password or API key of a secured Milvus (default: $BULLETIN_QA_MILVUS_TOKEN)")


def index_target(args: argparse.Namespace, required: bool = False):
    """The index the command works on: a folder (``--index``), a ``MilvusTarget`` (``--backend
    milvus`` or ``--milvus-uri``), or None for the bundled sample."""
    import os

    milvus = args.backend == "milvus" or (args.backend is None and args.milvus_uri)
    if not milvus:
        if args.milvus_uri:
            raise InvalidInput("--milvus-uri is for --backend milvus; leave it out for a local --index folder")
        if required and not args.index:
            raise InvalidInput("give the index folder with --index DIR (or --backend milvus --milvus-uri URI)")
        return args.index
    if args.index:
        raise InvalidInput("--index names a local folder; with --backend milvus say where with --milvus-uri (a .db path or http://host:19530)")
    from qa.index.milvus import MilvusTarget
    from qa.paths import data_home

    uri = args.milvus_uri or str(data_home() / "bulletins.db")
    return MilvusTarget(uri, collection=args.milvus_collection, token=args.milvus_token or os.environ.get("BULLETIN_QA_MILVUS_TOKEN"))


def cmd_migrate(args: argparse.Namespace) -> int:
    from qa.index.milvus import MilvusTarget
    from qa.pipeline import migrate_to_milvus

    target = index_target(argparse.Namespace(**{**vars(args), "index": None, "backend": "milvus"}))
    assert isinstance(target, MilvusTarget)
    report = migrate_to_milvus(args.index, target, progress=not args.quiet)
    print(f"{report['articles_copied']} article(s) with {report['chunks_copied']} passages copied into {target}"
          + (f"; {report['articles_existing']} were there already" if report["articles_existing"] else ""))
    return 0


def add_migrate_command(sub) -> None:
    p = sub.add_parser("migrate", help="copy a local index into Milvus (vectors reused, nothing embedded again)")
    p.add_argument("--index", required=True, help="the local index folder to copy")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_backend_options(p)
    p.set_defaults(func=cmd_migrate)
