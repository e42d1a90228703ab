"""Read access to an index in Milvus, with the methods of the local ``IndexStore``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from qa.errors import IndexStoreError
from qa.index.milvus.connection import MilvusConnection
from qa.index.milvus.rows import CHUNK_FIELDS, chunk_from_row, fetch_articles
from qa.index.milvus.target import MilvusTarget, _bm25_score, _pk, bm25_text, quote
from qa.models import Article, Chunk
from qa.text.tokenize import ChineseTokenizer


class MilvusStore:
    """Read access to an index in Milvus, with the methods of ``IndexStore`` (what the retriever,
    the assistant and the API read) plus the two searches."""

    def __init__(self, target: MilvusTarget, connection: MilvusConnection, properties: dict) -> None:
        self.target = target
        self.conn = connection
        self.properties = properties
        self.embedding = json.loads(properties.get("bulletin_qa.embedding") or "{}")
        self.bm25_mode = properties.get("bulletin_qa.bm25", "tokens")
        self.manifest = {"embedding": self.embedding, "backend": "milvus", "uri": target.uri, "collection": target.collection}

    @classmethod
    def open(cls, target: MilvusTarget, connection: MilvusConnection | None = None) -> "MilvusStore":
        conn = connection or MilvusConnection(target)
        if not conn.exists():
            raise IndexStoreError(f"no bulletin-qa index in {target}; create one with: "
                                  f"bulletin-qa ingest FILES --backend milvus --milvus-uri {target.uri}"
                                  + (f" --milvus-collection {target.collection}" if target.collection != "bulletins" else ""))
        return cls(target, conn, conn.check_schema())

    @property
    def path(self) -> MilvusTarget:
        return self.target  # where the index is: what an ingest into the same index is given

    @property
    def generation_dir(self) -> str:
        """Changes with every commit (the web chat notices new articles by it)."""
        return f"{self.target.uri}#{self.target.collection}#{self.conn.properties().get('bulletin_qa.generation', '0')}"

    def close(self) -> None:
        if not self.target.is_lite:  # Lite's in-process server is shared by every client of this process
            self.conn.close()

    # ---- reading ----
    def count_articles(self) -> int:
        return self.conn.count("articles", "part == 0")

    def count_chunks(self) -> int:
        return self.conn.count("chunks")

    def articles(self) -> Iterator[Article]:
        ids = sorted(((int(r["seq"]), r["article_id"]) for r in self.conn.iterate("articles", "part == 0", ["article_id", "seq"])))
        for k in range(0, len(ids), 200):
            found = self.articles_by_id([a for _, a in ids[k : k + 200]])
            for _, article_id in ids[k : k + 200]:
                if article_id in found:
                    yield found[article_id]

    def _articles(self, ids: list[str]) -> dict[str, tuple[Article, str | None]]:
        return fetch_articles(self.conn, ids)

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        return {k: a for k, (a, _) in self._articles(list(dict.fromkeys(ids))).items()}

    def article(self, article_id: str) -> Article | None:
        return self.articles_by_id([article_id]).get(article_id)

    def original(self, article_id: str) -> Path | None:
        got = self._articles([article_id]).get(article_id)
        if not got or not got[1]:
            return None
        path = self.target.originals_dir() / f"{got[1]}.pdf"
        return path if path.exists() else None

    def chunks(self, article_id: str | None = None) -> Iterator[Chunk]:
        if article_id is None:
            rows = sorted(self.conn.iterate("chunks", "vid >= 0", CHUNK_FIELDS), key=lambda r: (r["article_id"], r["idx"]))
        else:
            rows = sorted(self.conn.query("chunks", f"article_id == {quote(article_id)}", CHUNK_FIELDS), key=lambda r: r["idx"])
        for r in rows:
            yield chunk_from_row(r)

    def chunks_by_vid(self, vids: Iterable[int]) -> dict[int, Chunk]:
        return {int(r["vid"]): chunk_from_row(r) for r in self.conn.query_in("chunks", "vid", [int(v) for v in vids], CHUNK_FIELDS)}

    def facets(self) -> dict:
        sources, cities, dates, undated, n = set(), set(), [], 0, 0
        for r in self.conn.iterate("articles", "part == 0", ["paper", "source", "city", "date"]):
            n += 1
            if r["paper"] or r["source"]:
                sources.add(r["paper"] or r["source"])
            if r["city"]:
                cities.add(r["city"])
            if r["date"]:
                dates.append(r["date"])
            else:
                undated += 1
        return {"sources": sorted(sources), "cities": sorted(cities), "date_from": min(dates, default=None),
                "date_to": max(dates, default=None), "articles": n, "undated": undated}

    # ---- searching ----
    @staticmethod
    def filter_expr(date_from: str | None = None, date_to: str | None = None, source: str | None = None,
                    city: str | None = None) -> str | None:
        """The scalar filter for a search (the local index's rules: dates inclusive, ``source`` a
        substring of the paper or file name, ``city`` exactly)."""
        parts = []
        if date_from:
            parts.append(f'(date != "" and date >= {quote(date_from)})')
        if date_to:
            parts.append(f'(date != "" and date <= {quote(date_to)})')
        if city:
            parts.append(f"city == {quote(city)}")
        if source:
            like = quote("%" + source.replace("%", "").replace("_", "\\_") + "%")
            parts.append(f"(paper like {like} or source like {like})")
        return " and ".join(parts) or None

    def bm25_search(self, tokenizer: ChineseTokenizer, question: str, k: int, expr: str | None) -> list[tuple[int, float]]:
        query = bm25_text(tokenizer, question, self.bm25_mode)
        if not query.strip():
            return []
        found = self.conn.call("search", self.target.name("chunks"), data=[query], anns_field="sparse", limit=k,
                               filter=expr or "", output_fields=[], search_params={"metric_type": "BM25"})
        hits = [(_pk(h), _bm25_score(h["distance"])) for h in found[0]]
        return sorted([h for h in hits if h[1] > 0], key=lambda h: -h[1])

    def dense_search(self, vector, k: int, expr: str | None) -> list[tuple[int, float]]:
        found = self.conn.call("search", self.target.name("chunks"), data=[list(map(float, vector))], anns_field="dense", limit=k,
                               filter=expr or "", output_fields=[], search_params={"metric_type": "IP"})
        return [(_pk(h), float(h["distance"])) for h in found[0]]
