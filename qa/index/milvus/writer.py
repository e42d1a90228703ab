"""Changes to an index in Milvus, with the methods of the local ``IndexWriter`` an ingest uses, and
the builder that embeds what is added."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from qa.errors import IndexStoreError
from qa.index.builder import SearchIndexBuilder
from qa.index.milvus.connection import MilvusConnection
from qa.index.milvus.rows import _meta, article_rows, fetch_articles
from qa.index.milvus.target import BM25_MODES, DUMMY, QUERY_BATCH, MilvusTarget, bm25_text, check_milvus_model, quote, vid_of
from qa.models import Article, Chunk


class MilvusWriter:
    """Changes an index in Milvus, with the methods of ``IndexWriter`` that an ingest uses. What is
    added is held until ``commit()``, which writes chunks (with their vectors) first, article rows
    last, then file records: see the module's note on visibility."""

    def __init__(self, target: MilvusTarget, embedding: dict | None = None, bm25: str = "tokens") -> None:
        if bm25 not in BM25_MODES:
            raise IndexStoreError(f"unknown BM25 mode {bm25!r}; use {' or '.join(BM25_MODES)}")
        self.target = target
        self.embedding = embedding or {}
        self.bm25 = bm25
        self.conn = MilvusConnection(target)
        self.on_commit: list = []
        self.created = False
        self._reset()

    def _reset(self) -> None:
        self.new_articles: dict[str, tuple[Article, list[Chunk], str | None]] = {}
        self.changed: dict[str, tuple[Article, str | None]] = {}
        self.deleted: dict[str, list[int]] = {}
        self.new_files: dict[str, dict] = {}
        self.forgotten: set[str] = set()
        self.payload: dict[int, tuple[list[float], str]] = {}  # vid → (vector, bm25 text)

    def __enter__(self) -> "MilvusWriter":
        self.begin()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.commit(final=True)
        finally:
            if not self.target.is_lite:
                self.conn.close()

    def begin(self) -> None:
        if self.conn.exists():
            props = self.conn.check_schema()
            recorded = json.loads(props.get("bulletin_qa.embedding") or "{}")
            check_milvus_model(self.target, recorded, self.embedding.get("model"))
            self.embedding = recorded or self.embedding
            self.bm25 = props.get("bulletin_qa.bm25", self.bm25)
            self.created = True

    # ---- what an ingest asks ----
    def _stored(self, ids: list[str]) -> dict[str, tuple[Article, str | None]]:
        return fetch_articles(self.conn, ids) if self.created else {}

    def has_article(self, article_id: str) -> bool:
        if article_id in self.new_articles:
            return True
        if article_id in self.deleted:
            return False
        return bool(self.created and self.conn.query("articles", f"key == {quote(article_id + '#0')}", ["key"]))  # by primary key: fast

    def has_file(self, file_hash: str) -> bool:
        if file_hash in self.new_files:
            return True
        if file_hash in self.forgotten or not self.created:
            return False
        return bool(self.conn.query("files", f"hash == {quote(file_hash)}", ["hash"]))

    def record_file(self, file_hash: str, name: str, articles: int, path: str | None = None) -> None:
        from qa.index.store import _now

        self.forgotten.discard(file_hash)
        self.new_files[file_hash] = {"hash": file_hash, "name": name, "articles": articles, "added": _now(), "path": path or "", "v": DUMMY}

    def previous_versions(self, path: str, file_hash: str) -> list[str]:
        if not self.created:
            return []
        rows = self.conn.query("files", f"path == {quote(path)} and hash != {quote(file_hash)}", ["hash"])
        return [r["hash"] for r in rows if r["hash"] not in self.forgotten]

    def forget_file(self, file_hash: str) -> None:
        self.new_files.pop(file_hash, None)
        self.forgotten.add(file_hash)

    def articles_of_file(self, file_hash: str) -> list[str]:
        pending = [a for a, (_, _, h) in self.new_articles.items() if h == file_hash]
        stored = [r["article_id"] for r in self.conn.query("articles", f"file_hash == {quote(file_hash)} and part == 0", ["article_id"])] if self.created else []
        return list(dict.fromkeys(pending + [a for a in stored if a not in self.deleted]))

    def issue_articles(self, paper: str | None, date: str) -> list[dict]:
        def fits(a: Article) -> bool:
            return a.date == date and (paper is None or a.paper in (paper, None))

        found = [a for a, _, _ in self.new_articles.values() if fits(a)]
        if self.created:
            expr = f"date == {quote(date)} and part == 0" + (f" and (paper == {quote(paper)} or paper == \"\")" if paper else "")
            ids = [r["article_id"] for r in self.conn.query("articles", expr, ["article_id"])]
            found += [self.changed[i][0] if i in self.changed else a for i, (a, _) in self._stored(ids).items()
                      if i not in self.new_articles and i not in self.deleted]
        return [{"id": a.id, "page": a.page, "paper": a.paper, "title": a.title, "continued_from": a.continued_from,
                 "continues_to": a.continues_to} for a in found]

    def set_article_fields(self, article_id: str, **fields: str | None) -> None:
        allowed = {"title", "continued_from", "continues_to"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"only {sorted(allowed)} may be changed")
        if article_id in self.new_articles:
            article = self.new_articles[article_id][0]
        else:
            if article_id not in self.changed:
                got = self._stored([article_id]).get(article_id)
                if got is None:
                    return
                self.changed[article_id] = got
            article = self.changed[article_id][0]
        for k, v in fields.items():
            setattr(article, k, v)

    def keep_original(self, path: Path, file_hash: str) -> None:
        folder = self.target.originals_dir()
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{file_hash}.pdf"
        if not target.exists():
            tmp = folder / f".{file_hash}.tmp"
            shutil.copyfile(path, tmp)
            tmp.replace(target)

    def add_article(self, article: Article, chunks: list[Chunk], file_hash: str | None = None) -> list[int]:
        if self.has_article(article.id):
            return []
        self.new_articles[article.id] = (article, chunks, file_hash)
        return [vid_of(c.id) for c in chunks]

    def delete_article(self, article_id: str) -> list[int]:
        if article_id in self.new_articles:
            _, chunks, _ = self.new_articles.pop(article_id)
            return [vid_of(c.id) for c in chunks]
        if not self.has_article(article_id):
            return []
        self.changed.pop(article_id, None)
        vids = [int(r["vid"]) for r in self.conn.query("chunks", f"article_id == {quote(article_id)}", ["vid"])]
        self.deleted[article_id] = vids
        return vids

    def set_payload(self, vids: list[int], vectors, bm25_texts: list[str]) -> None:
        for v, vec, text in zip(vids, vectors, bm25_texts):
            self.payload[int(v)] = ([float(x) for x in vec], text)

    # ---- publishing ----
    def commit(self, final: bool = False) -> None:
        for callback in self.on_commit:
            callback(self, {})
        if not (self.new_articles or self.changed or self.deleted or self.new_files or self.forgotten):
            return
        if not self.created:
            if not self.payload:  # only files without articles so far: nothing to create the collections with
                self._reset()
                return
            dim = len(next(iter(self.payload.values()))[0])
            self.embedding = dict(self.embedding, dim=dim)
            self.conn.create(dim, self.embedding, self.bm25)
            self.created = True
        c = self.conn
        # 1. deletions: chunks first (an article without chunks is never a search result), then articles
        if self.deleted:
            ids = list(self.deleted)
            for k in range(0, len(ids), QUERY_BATCH):
                literal = ", ".join(quote(i) for i in ids[k : k + QUERY_BATCH])
                c.delete("chunks", f"article_id in [{literal}]")
                c.delete("articles", f"article_id in [{literal}]")
        # 2. new chunks with their vectors, 3. their articles (this makes them visible), 4. files
        rows = []
        seq = time.time_ns() // 1000
        article_rows_ = []
        for n, (article, chunks, file_hash) in enumerate(self.new_articles.values()):
            for ch in chunks:
                vid = vid_of(ch.id)
                if vid not in self.payload:
                    raise IndexStoreError(f"chunk {ch.id} has no vector; this is a bug, please report it")
                vector, bm25_text = self.payload[vid]
                rows.append({"vid": vid, "chunk_id": ch.id, "article_id": article.id, "idx": ch.index, "start": ch.start,
                             "stop": ch.end, "text": ch.text, "header": ch.header, "bm25_text": bm25_text, "dense": vector,
                             **_meta(article)})
            article_rows_ += article_rows(article, file_hash, seq + n)
        for article, file_hash in self.changed.values():
            article_rows_ += article_rows(article, file_hash, seq + len(self.new_articles))
        c.write("chunks", rows)
        c.write("articles", article_rows_)
        if self.forgotten:
            literal = ", ".join(quote(h) for h in self.forgotten)
            c.delete("files", f"hash in [{literal}]")
        c.write("files", list(self.new_files.values()))
        # sealed into segments with their own indexes: rows left in Milvus Lite's write buffer are
        # indexed again by every search (BM25 over 1,700 unflushed chunks took ~300 ms a query)
        for kind in ("chunks", "articles", "files"):
            c.call("flush", self.target.name(kind))
        c.bump_generation()
        self._reset()

    def abort(self) -> None:
        self._reset()


class MilvusIndexBuilder(SearchIndexBuilder):
    """Embeds what an ingest adds and makes its BM25 text, for a ``MilvusWriter`` (the search
    structures live in Milvus, so there is nothing to build at commit)."""

    def attach(self, writer: "MilvusWriter") -> None:
        pass

    def add(self, writer: "MilvusWriter", batch: list[tuple[Article, list[Chunk], list[int]]]) -> None:
        vids, texts = self._texts(batch)
        if not texts:
            return
        writer.set_payload(vids, self._embed(texts), [bm25_text(self.tokenizer, t, writer.bm25) for t in texts])

    def delete(self, writer: "MilvusWriter", article_id: str) -> bool:
        return bool(writer.delete_article(article_id))
