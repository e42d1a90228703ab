"""Changes to an index folder, published atomically: a writer copies the current generation into
a staging folder, changes the copy, and publishes it by replacing ``manifest.json`` in one
``os.replace``. A writer killed half way leaves the previous generation and manifest untouched;
its staging folder is removed by the next writer."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

from qa.errors import IndexStoreError
from qa.index.store import (
    ARTICLE_COLUMNS,
    DB_NAME,
    FORMAT_VERSION,
    GENERATION,
    MANIFEST,
    ORIGINALS,
    SCHEMA,
    _now,
    add_later_columns,
    check_same_model,
    never_completed,
    read_manifest,
)
from qa.models import Article, Chunk


class IndexWriter:
    """Changes an index folder atomically. Use as a context manager; ``commit()`` publishes what
    was added so far (an ingest commits every few thousand chunks, so a killed run loses little).

    ``on_commit`` callbacks build the search structures into the staging folder before it is
    published: ``callback(writer, manifest)``, with ``writer.staging`` the folder.
    """

    def __init__(self, path: str | os.PathLike, embedding: dict | None = None) -> None:
        self.path = Path(path)
        self.embedding = embedding
        self.on_commit: list[Callable[[IndexWriter, dict], None]] = []
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
        unfinished = never_completed(self.path)  # a first ingest was killed here: start it again cleanly
        if self.path.exists() and any(self.path.iterdir()) and not (self.path / MANIFEST).exists() and not unfinished:
            raise IndexStoreError(f"{self.path} is not empty and is not a bulletin-qa index; pick an empty or new folder for --index")
        self.path.mkdir(parents=True, exist_ok=True)
        self._acquire()
        self._remove_stale()
        if (self.path / MANIFEST).exists():
            self.manifest = read_manifest(self.path)
            stored = self.manifest.get("embedding")
            check_same_model(self.path, stored, (self.embedding or {}).get("model"))
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
        add_later_columns(self.db)
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

    def issue_articles(self, paper: str | None, date: str) -> list[dict]:
        """id, page, paper, title, continued_from and continues_to of the articles of one date and
        paper (or of no known paper: a page's running head often does not print it)."""
        rows = self.db.execute("SELECT id, page, paper, title, continued_from, continues_to FROM articles "
                               "WHERE date = ? AND (paper = ? OR paper IS NULL OR ? IS NULL)", (date, paper, paper))
        return [dict(r) for r in rows]

    def set_article_fields(self, article_id: str, **fields: str | None) -> None:
        """Change metadata columns of a stored article (links between the parts of one article)."""
        allowed = {"title", "continued_from", "continues_to"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"only {sorted(allowed)} may be changed")
        assignments = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*fields.values(), article_id))

    def articles_of_file(self, file_hash: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE file_hash = ?", (file_hash,))]

    def keep_original(self, path: Path, file_hash: str) -> None:
        """A copy of an ingested PDF, so its pages can be shown with answers highlighted even
        after the file moves. Content-addressed and written before the commit that needs it."""
        folder = self.path / ORIGINALS
        folder.mkdir(exist_ok=True)
        target = folder / f"{file_hash}.pdf"
        if not target.exists():
            tmp = folder / f".{file_hash}.{os.getpid()}.tmp"
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)

    def forget_file(self, file_hash: str) -> None:
        self.db.execute("DELETE FROM files WHERE hash = ?", (file_hash,))

    def add_article(self, article: Article, chunks: list[Chunk], file_hash: str | None = None) -> list[int]:
        """Store an article and its chunks; returns the chunk vector ids (empty if it was there)."""
        if self.has_article(article.id):
            return []
        values = [getattr(article, c) for c in ARTICLE_COLUMNS]
        boxes = json.dumps(article.page_boxes.to_list(), separators=(",", ":")) if article.page_boxes else None
        self.db.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, source_map, file_hash, caption, page_boxes, added_by, added_at) "
            f"VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 6))})",
            values + [json.dumps(article.source_map.to_list()), file_hash, article.caption, boxes, article.added_by, article.added_at],
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

    def set_chunk_tokens(self, vids: list[int], tokens: list[list[str]]) -> None:
        """The BM25 tokens of chunks, kept so BM25 is rebuilt without re-tokenising."""
        self.db.executemany("INSERT OR REPLACE INTO chunk_tokens (vid, tokens) VALUES (?, ?)",
                            [(v, " ".join(t)) for v, t in zip(vids, tokens)])

    def chunk_tokens(self) -> list[tuple[int, list[str] | None]]:
        """Every chunk's vector id and BM25 tokens (None where missing), in vector-id order."""
        rows = self.db.execute("SELECT c.vid, t.tokens FROM chunks c LEFT JOIN chunk_tokens t ON t.vid = c.vid ORDER BY c.vid")
        return [(r[0], r[1].split() if r[1] is not None else None) for r in rows]

    # ---- publishing ----
    def commit(self, final: bool = False) -> None:
        """Publish the staging folder as the new generation, then (unless final) keep writing on a
        fresh copy of it."""
        assert self.db is not None and self.staging is not None
        self.db.commit()
        manifest = dict(self.manifest)
        for callback in self.on_commit:
            callback(self, manifest)
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
