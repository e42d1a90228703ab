"""The index folder: articles and chunks in SQLite, search structures beside them, a manifest.

Layout::

    INDEX/
      manifest.json          format version, generation, embedding model and dimension, counts, times
      g000007/               the current generation (named by the manifest)
        index.sqlite         articles, chunks, ingested files
        dense.faiss          vectors (added by the retrieval layer)
        bm25/                BM25 index, a folder of plain files (bm25s)
      originals/             copies of ingested PDFs by content hash (<sha1>.pdf), for the page view
      .lock                  held by the one writer

Writes are atomic: a writer copies the current generation into a staging folder, changes the
copy, and publishes it by replacing ``manifest.json`` in one ``os.replace``. A writer killed half
way leaves the previous generation and manifest untouched; its staging folder is removed by the
next writer.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from qa.errors import IndexStoreError
from qa.models import Article, Chunk, OffsetMap, PageBoxes

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_NAME = "index.sqlite"
GENERATION = re.compile(r"^g(\d{6})$")
ORIGINALS = "originals"  # copies of ingested PDFs, by content hash, for the page view

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    title TEXT, text TEXT NOT NULL, byline TEXT, kind TEXT, date TEXT, city TEXT, paper TEXT,
    source TEXT, page TEXT, url TEXT, external_id TEXT, continued_from TEXT, continues_to TEXT,
    source_map TEXT, file_hash TEXT, caption TEXT, page_boxes TEXT, added_by TEXT, added_at TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    vid INTEGER PRIMARY KEY AUTOINCREMENT,  -- the id the vector index stores
    id TEXT UNIQUE NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, header TEXT
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE INDEX IF NOT EXISTS articles_external ON articles(external_id);
CREATE TABLE IF NOT EXISTS chunk_tokens (
    vid INTEGER PRIMARY KEY REFERENCES chunks(vid) ON DELETE CASCADE,
    tokens TEXT NOT NULL  -- BM25 tokens, space separated, so BM25 is rebuilt without re-tokenising
);
CREATE TABLE IF NOT EXISTS files (hash TEXT PRIMARY KEY, name TEXT, articles INTEGER, added TEXT, path TEXT);
CREATE INDEX IF NOT EXISTS files_path ON files(path);
"""

ARTICLE_COLUMNS = (
    "id", "title", "text", "byline", "kind", "date", "city", "paper", "source", "page", "url",
    "external_id", "continued_from", "continues_to",
)




def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def check_same_model(path: Path, recorded: dict | None, model_id: str | None) -> None:
    """An index is searched and extended with the model that built it, never another."""
    if recorded and model_id and recorded.get("model") != model_id:
        raise IndexStoreError(
            f"{path} was built with the embedding model {recorded.get('model')}, not {model_id}; "
            f"use --model {recorded.get('model')} (or leave --model out), or a new --index folder"
        )


def never_completed(path: Path) -> bool:
    """A folder a first ingest was writing into when it was killed: no manifest yet, and nothing
    in it but what a writer makes (its lock, staging folders, unpublished generations)."""
    if not path.is_dir() or (path / MANIFEST).exists():
        return False
    entries = list(path.iterdir())
    return bool(entries) and all(e.name in (".lock", ORIGINALS) or e.name.startswith((".staging-", f".{MANIFEST}")) or GENERATION.match(e.name)
                                 for e in entries)


def read_manifest(path: Path) -> dict:
    mf = path / MANIFEST
    if not mf.exists():
        if never_completed(path):
            raise IndexStoreError(f"the index at {path} was never completed (its first ingest stopped); run bulletin-qa ingest again")
        if path.exists() and any(path.iterdir()):
            raise IndexStoreError(f"{path} is not a bulletin-qa index (no {MANIFEST}); pick an empty or new folder for --index")
        raise IndexStoreError(f"no index at {path}; create one with: bulletin-qa ingest FILES --index {path}")
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
        generation = manifest["generation"]
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexStoreError(f"{mf} is corrupt ({exc}); rebuild the index with bulletin-qa ingest") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStoreError(
            f"{path} has index format {manifest.get('format_version')}, this bulletin-qa reads {FORMAT_VERSION}; rebuild it with bulletin-qa ingest"
        )
    if not (path / generation / DB_NAME).exists():
        raise IndexStoreError(f"{path}: the manifest names {generation}, which is missing; rebuild the index with bulletin-qa ingest")
    return manifest


# added to format 1 later: with PDF ingest, and with uploads attributed to their editor
LATER_COLUMNS = {"caption": "TEXT", "page_boxes": "TEXT", "added_by": "TEXT", "added_at": "TEXT"}


def add_later_columns(db: sqlite3.Connection) -> None:
    """An index written before PDFs were read gains their columns (empty) when next written."""
    have = {r[1] for r in db.execute("PRAGMA table_info(articles)")}
    for name, kind in LATER_COLUMNS.items():
        if name not in have:
            db.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")


def _row_to_article(row: sqlite3.Row) -> Article:
    data = {k: row[k] for k in ARTICLE_COLUMNS}
    data["source_map"] = OffsetMap.from_list(json.loads(row["source_map"] or "[]"))
    keys = row.keys()
    for name in ("caption", "added_by", "added_at"):
        if name in keys:
            data[name] = row[name]
    if "page_boxes" in keys and row["page_boxes"]:
        data["page_boxes"] = PageBoxes.from_list(json.loads(row["page_boxes"]))
    return Article(**data)


def _row_to_chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(
        article_id=row["article_id"], start=row["start"], end=row["end"], text=row["text"],
        header=row["header"] or "", index=row["idx"], id=row["id"],
    )


class IndexStore:
    """Read access to one published generation of an index folder."""

    def __init__(self, path: Path, manifest: dict, generation_dir: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.manifest = manifest
        self.generation_dir = generation_dir
        self.db = db

    @classmethod
    def open(cls, path: str | os.PathLike) -> "IndexStore":
        path = Path(path)
        manifest = read_manifest(path)
        gen = path / manifest["generation"]
        try:
            db = sqlite3.connect(f"file:{gen / DB_NAME}?mode=ro", uri=True, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexStoreError(f"{gen / DB_NAME} is not a readable SQLite database ({exc}); rebuild the index with bulletin-qa ingest") from exc
        return cls(path, manifest, gen, db)

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        return (Path(path) / MANIFEST).exists()

    def close(self) -> None:
        self.db.close()

    # ---- reading ----
    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count_chunks(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY seq"):
            yield _row_to_article(row)

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def original(self, article_id: str) -> Path | None:
        """The copy of the PDF an article was read from, where it was one and is still kept."""
        row = self.db.execute("SELECT file_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        if not row or not row[0]:
            return None
        path = self.path / ORIGINALS / f"{row[0]}.pdf"
        return path if path.exists() else None

    def _rows_in(self, table: str, column: str, values: list) -> Iterator[sqlite3.Row]:
        """The rows whose ``column`` is one of ``values``, asked 500 at a time (SQLite's limit on
        parameters)."""
        for k in range(0, len(values), 500):
            part = values[k : k + 500]
            yield from self.db.execute(f"SELECT * FROM {table} WHERE {column} IN ({','.join('?' * len(part))})", part)

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        return {r["id"]: _row_to_article(r) for r in self._rows_in("articles", "id", list(dict.fromkeys(ids)))}

    def chunks(self, article_id: str | None = None) -> Iterator[Chunk]:
        if article_id is None:
            rows = self.db.execute("SELECT * FROM chunks ORDER BY vid")
        else:
            rows = self.db.execute("SELECT * FROM chunks WHERE article_id = ? ORDER BY idx", (article_id,))
        for row in rows:
            yield _row_to_chunk(row)

    def chunks_by_vid(self, vids: Iterable[int]) -> dict[int, Chunk]:
        return {r["vid"]: _row_to_chunk(r) for r in self._rows_in("chunks", "vid", [int(v) for v in vids])}

    def chunk_vids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT vid FROM chunks ORDER BY vid")]

    def vids_where(self, date_from: str | None = None, date_to: str | None = None, source: str | None = None,
                   city: str | None = None) -> set[int]:
        """Vector ids of the chunks whose article matches: dates inclusive (ISO), ``source`` a
        substring of the paper or file name, ``city`` exactly."""
        where, args = [], []
        for clause, value in (("a.date >= ?", date_from), ("a.date <= ?", date_to), ("a.city = ?", city)):
            if value:
                where.append(clause)
                args.append(value)
        if source:
            where.append("(instr(coalesce(a.paper, ''), ?) > 0 OR instr(coalesce(a.source, ''), ?) > 0)")
            args += [source, source]
        rows = self.db.execute(f"SELECT c.vid FROM chunks c JOIN articles a ON a.id = c.article_id WHERE {' AND '.join(where) or '1'}", args)
        return {r[0] for r in rows}

    def facets(self) -> dict:
        """What filters can choose from: papers (or source files), cities, the date range, the count."""
        sources = sorted({r[0] for r in self.db.execute("SELECT coalesce(paper, source) FROM articles") if r[0]})
        cities = sorted({r[0] for r in self.db.execute("SELECT city FROM articles WHERE city IS NOT NULL") if r[0]})
        lo, hi = self.db.execute("SELECT min(date), max(date) FROM articles").fetchone()
        undated = self.db.execute("SELECT count(*) FROM articles WHERE date IS NULL").fetchone()[0]
        return {"sources": sources, "cities": cities, "date_from": lo, "date_to": hi, "articles": self.count_articles(), "undated": undated}
