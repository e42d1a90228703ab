"""Where an index lives in Milvus, and the small rules every part shares: keys, literals, tokens."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from qa.errors import IndexStoreError
from qa.text.tokenize import ChineseTokenizer

SCHEMA_VERSION = "1"
BM25_MODES = ("tokens", "analyzer")
PART_CHARS = 16000  # an article's JSON is stored in parts: VARCHAR holds at most 65,535 bytes
WRITE_BATCH = 500
QUERY_BATCH = 1000
DUMMY = [1.0, 0.0]  # Milvus wants a vector field in every collection; articles and files have none


class MilvusUnavailable(IndexStoreError):
    """Milvus could not be reached or stopped answering; the message says what to do."""


@dataclass(frozen=True)
class MilvusTarget:
    """Where the index lives in Milvus. ``uri``: a path ending in ``.db`` (Milvus Lite, in this
    process) or ``http://host:19530``; ``token``: ``user:password`` or an API key for a secured
    server; ``originals``: the folder for the PDFs kept for the page view (default: beside a
    Lite database, else under the data folder)."""

    uri: str
    collection: str = "bulletins"
    token: str | None = None
    originals: str | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", self.collection):
            raise IndexStoreError(f"--milvus-collection {self.collection!r}: use letters, digits and '_', starting with a letter")

    @property
    def is_lite(self) -> bool:
        return not re.match(r"^[a-z]+://", self.uri)

    def originals_dir(self) -> Path:
        if self.originals:
            return Path(self.originals)
        if self.is_lite:
            return Path(f"{self.uri}.originals") / self.collection
        from qa.paths import data_home

        host = re.sub(r"[^A-Za-z0-9]+", "_", self.uri.split("://", 1)[1]).strip("_")
        return data_home() / "milvus-originals" / host / self.collection

    def name(self, kind: str) -> str:
        return f"{self.collection}_{kind}"

    def __str__(self) -> str:
        return f"Milvus {self.uri} (collection {self.collection})"


def vid_of(chunk_id: str) -> int:
    """A chunk's primary key: the same chunk always gets the same key, so a repeated ingest
    replaces rows instead of adding copies (63 bits of SHA-1; a collision is not expected before
    ~10⁹ chunks)."""
    return int.from_bytes(hashlib.sha1(chunk_id.encode("utf-8")).digest()[:8], "big") & ((1 << 63) - 1)


def token_text(tokens: list[str]) -> str:
    """BM25 tokens as one string that Milvus's whitespace/word analyzer splits back into exactly
    these tokens: every character that is not a word character is spelled out (17.4% → 17_2e_4_25_)."""
    return " ".join(re.sub(r"\W", lambda m: f"_{ord(m.group()):x}_", t.lower()) for t in tokens if t)


def quote(value: str) -> str:
    """A string literal for a Milvus filter expression."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bm25_score(distance: float) -> float:
    # Milvus returns BM25 relevance; some versions as a negated distance. Relevance is never negative.
    return abs(float(distance))


def _pk(hit) -> int:
    return int(hit["vid"] if "vid" in hit else hit["id"])


def check_milvus_model(target: MilvusTarget, recorded: dict | None, model_id: str | None) -> None:
    """A collection is searched and extended with the model that built it, never another."""
    if recorded and model_id and recorded.get("model") != model_id:
        raise IndexStoreError(
            f"{target} was built with the embedding model {recorded.get('model')}, not {model_id}; "
            f"use --model {recorded.get('model')} (or leave --model out), or another --milvus-collection"
        )


def bm25_text(tokenizer: ChineseTokenizer, text: str, mode: str) -> str:
    """What Milvus's BM25 function reads: the product's tokens (``tokens``), or the normalised
    text for Milvus's own jieba analyzer (``analyzer``)."""
    return token_text(tokenizer.tokens(text)) if mode == "tokens" else tokenizer.normalizer.normalize(text)
