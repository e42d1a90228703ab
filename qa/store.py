"""The index folder: articles and chunks in SQLite, search structures beside them, a manifest.

Layout::

    INDEX/
      manifest.json          format version, generation, embedding model and dimension, counts, times
      g000007/               the current generation (named by the manifest)
        index.sqlite         articles, chunks, ingested files
        dense.faiss          vectors (added by the retrieval layer)
        bm25/                BM25 index, a folder of plain files (bm25s)
      .lock                  held by the one writer

Writes are atomic: a writer copies the current generation into a staging folder, changes the
copy, and publishes it by replacing ``manifest.json`` in one ``os.replace``. A writer killed half
way leaves the previous generation and manifest untouched; its staging folder is removed by the
next writer.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .models import Article, Chunk, OffsetMap

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_NAME = "index.sqlite"
GENERATION = re.compile(r"^g(\d{6})$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    title TEXT, text TEXT NOT NULL, byline TEXT, kind TEXT, date TEXT, city TEXT, paper TEXT,
    source TEXT, page TEXT, url TEXT, external_id TEXT, continued_from TEXT, continues_to TEXT,
    source_map TEXT, file_hash TEXT
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


class IndexStoreError(RuntimeError):
    """A problem with an index folder; the message says what to do."""




def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def read_manifest(path: Path) -> dict:
    mf = path / MANIFEST
    if not mf.exists():
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


def _row_to_article(row: sqlite3.Row) -> Article:
    data = {k: row[k] for k in ARTICLE_COLUMNS}
    data["source_map"] = OffsetMap.from_list(json.loads(row["source_map"] or "[]"))
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

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, Article] = {}
        for k in range(0, len(ids), 500):
            part = ids[k : k + 500]
            q = f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(part))})"
            out.update((r["id"], _row_to_article(r)) for r in self.db.execute(q, part))
        return out

    def chunks(self, article_id: str | None = None) -> Iterator[Chunk]:
        if article_id is None:
            rows = self.db.execute("SELECT * FROM chunks ORDER BY vid")
        else:
            rows = self.db.execute("SELECT * FROM chunks WHERE article_id = ? ORDER BY idx", (article_id,))
        for row in rows:
            yield _row_to_chunk(row)

    def chunks_by_vid(self, vids: Iterable[int]) -> dict[int, Chunk]:
        vids = [int(v) for v in vids]
        out: dict[int, Chunk] = {}
        for k in range(0, len(vids), 500):
            part = vids[k : k + 500]
            q = f"SELECT * FROM chunks WHERE vid IN ({','.join('?' * len(part))})"
            out.update((r["vid"], _row_to_chunk(r)) for r in self.db.execute(q, part))
        return out

    def chunk_vids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT vid FROM chunks ORDER BY vid")]


class IndexWriter:
    """Changes an index folder atomically. Use as a context manager; ``commit()`` publishes what
    was added so far (an ingest commits every few thousand chunks, so a killed run loses little).

    ``on_commit`` callbacks build the search structures into the staging folder before it is
    published: ``callback(staging_dir, db, manifest)``.
    """

    def __init__(self, path: str | os.PathLike, embedding: dict | None = None) -> None:
        self.path = Path(path)
        self.embedding = embedding
        self.on_commit: list[Callable[[Path, sqlite3.Connection, dict], None]] = []
        self._lock_file = None
        self.staging: Path | None = None
        self.db: sqlite3.Connection | None = None
        self.manifest: dict = {}

    # ---- lifecycle ----
    def __enter__(self) -> "IndexWriter":
        self.begin()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit(final=True)
        else:
            self.abort()
        self._release()

    def begin(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise IndexStoreError(f"{self.path} is a file; --index needs a folder")
        if self.path.exists() and any(self.path.iterdir()) and not (self.path / MANIFEST).exists():
            raise IndexStoreError(f"{self.path} is not empty and is not a bulletin-qa index; pick an empty or new folder for --index")
        self.path.mkdir(parents=True, exist_ok=True)
        self._acquire()
        self._remove_stale()
        if (self.path / MANIFEST).exists():
            self.manifest = read_manifest(self.path)
            stored = self.manifest.get("embedding")
            if self.embedding and stored and stored.get("model") != self.embedding.get("model"):
                raise IndexStoreError(
                    f"{self.path} was built with the embedding model {stored.get('model')}, not {self.embedding.get('model')}; "
                    f"use --model {stored.get('model')} or a new --index folder"
                )
            if stored:
                self.embedding = stored
        else:
            self.manifest = {"format_version": FORMAT_VERSION, "generation": None, "created": _now()}
        self._start_staging()

    def _acquire(self) -> None:
        import fcntl

        self._lock_file = open(self.path / ".lock", "w")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._lock_file.close()
            self._lock_file = None
            raise IndexStoreError(f"another process is writing to {self.path}; wait for it to finish") from exc

    def _release(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def _remove_stale(self) -> None:
        """Staging folders of writers that were killed, and generations no manifest names."""
        current = None
        if (self.path / MANIFEST).exists():
            with contextlib.suppress(IndexStoreError):
                current = read_manifest(self.path)["generation"]
        for entry in self.path.iterdir():
            if entry.name.startswith(".staging-") or (GENERATION.match(entry.name) and entry.name != current):
                shutil.rmtree(entry, ignore_errors=True)

    def _next_generation(self) -> str:
        numbers = [int(m.group(1)) for e in self.path.iterdir() if (m := GENERATION.match(e.name))]
        return f"g{max(numbers, default=0) + 1:06d}"

    def _start_staging(self) -> None:
        self.staging = self.path / f".staging-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        current = self.manifest.get("generation")
        if current:
            shutil.copytree(self.path / current, self.staging)
        else:
            self.staging.mkdir()
        self.db = sqlite3.connect(self.staging / DB_NAME)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)
        self.db.commit()

    # ---- changes ----
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def has_file(self, file_hash: str) -> bool:
        return self.db.execute("SELECT 1 FROM files WHERE hash = ?", (file_hash,)).fetchone() is not None

    def record_file(self, file_hash: str, name: str, articles: int, path: str | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", (file_hash, name, articles, _now(), path))

    def previous_versions(self, path: str, file_hash: str) -> list[str]:
        """Hashes of earlier contents of the file at ``path`` (it was edited since)."""
        rows = self.db.execute("SELECT hash FROM files WHERE path = ? AND hash != ?", (path, file_hash))
        return [r[0] for r in rows]

    def articles_of_file(self, file_hash: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE file_hash = ?", (file_hash,))]

    def forget_file(self, file_hash: str) -> None:
        self.db.execute("DELETE FROM files WHERE hash = ?", (file_hash,))

    def add_article(self, article: Article, chunks: list[Chunk], file_hash: str | None = None) -> list[int]:
        """Store an article and its chunks; returns the chunk vector ids (empty if it was there)."""
        if self.has_article(article.id):
            return []
        values = [getattr(article, c) for c in ARTICLE_COLUMNS]
        self.db.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, source_map, file_hash) VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 2))})",
            values + [json.dumps(article.source_map.to_list()), file_hash],
        )
        vids = []
        for c in chunks:
            cur = self.db.execute(
                'INSERT INTO chunks (id, article_id, idx, start, "end", text, header) VALUES (?, ?, ?, ?, ?, ?, ?)',
                (c.id, article.id, c.index, c.start, c.end, c.text, c.header),
            )
            vids.append(cur.lastrowid)
        return vids

    def delete_article(self, article_id: str) -> list[int]:
        """Remove an article and its chunks; returns the vector ids that must leave the dense index."""
        vids = [r[0] for r in self.db.execute("SELECT vid FROM chunks WHERE article_id = ?", (article_id,))]
        self.db.execute("DELETE FROM chunk_tokens WHERE vid IN (SELECT vid FROM chunks WHERE article_id = ?)", (article_id,))
        self.db.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return vids

    # ---- publishing ----
    def commit(self, final: bool = False) -> None:
        """Publish the staging folder as the new generation, then (unless final) keep writing on a
        fresh copy of it."""
        assert self.db is not None and self.staging is not None
        self.db.commit()
        manifest = dict(self.manifest)
        for callback in self.on_commit:
            callback(self.staging, self.db, manifest)
        self.db.commit()
        counts = {
            "articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "chunks": self.db.execute("SELECT count(*) FROM chunks").fetchone()[0],
            "files": self.db.execute("SELECT count(*) FROM files").fetchone()[0],
        }
        self.db.close()
        self.db = None
        generation = self._next_generation()
        os.replace(self.staging, self.path / generation)
        manifest.update(
            format_version=FORMAT_VERSION, generation=generation, embedding=self.embedding, counts=counts, updated=_now()
        )
        tmp = self.path / f".{MANIFEST}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / MANIFEST)  # the one step that publishes
        old = self.manifest.get("generation")
        self.manifest = manifest
        if old and old != generation:
            shutil.rmtree(self.path / old, ignore_errors=True)
        if not final:
            self._start_staging()

    def abort(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
