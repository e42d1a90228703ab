"""The index in Milvus instead of a local folder: the same articles, chunks, offsets, vectors and
BM25, so citations, highlights and the article view work exactly as with the local index.

Three collections per index (``NAME`` is ``--milvus-collection``, default ``bulletins``)::

    NAME_chunks     vid (pk), chunk_id, article_id, idx, start, stop, text, header,
                    bm25_text → sparse (Milvus's BM25 function), dense (FLOAT_VECTOR, IP),
                    date, city, paper, source (copied from the article, for scalar filters)
    NAME_articles   key (pk, "<id>#<part>"), article_id, part, parts, seq, file_hash,
                    date, city, paper, source, data (the article as JSON, cut in parts)
    NAME_files      hash (pk), name, articles, added, path

The chunks collection's properties record the schema version, the embedding model and how BM25
tokens are made; an index is only searched and extended with the model that built it.

Visibility without transactions: a commit writes chunks first and an article's rows last, and a
search shows a chunk only when its whole article is there, so an ingest that stops half way (Milvus
down, process killed) leaves nothing half-written visible. Chunk keys are derived from chunk ids,
so running the ingest again rewrites the same rows instead of adding copies.
"""

from qa.index.milvus.connection import MilvusConnection
from qa.index.milvus.store import MilvusStore
from qa.index.milvus.target import (
    BM25_MODES,
    MilvusTarget,
    MilvusUnavailable,
    bm25_text,
    check_milvus_model,
    quote,
    token_text,
    vid_of,
)
from qa.index.milvus.writer import MilvusIndexBuilder, MilvusWriter

__all__ = ["BM25_MODES", "MilvusConnection", "MilvusIndexBuilder", "MilvusStore", "MilvusTarget", "MilvusUnavailable",
           "MilvusWriter", "bm25_text", "check_milvus_model", "quote", "token_text", "vid_of"]
