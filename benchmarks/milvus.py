"""The Milvus backend against the local index: same rankings? how fast?

    python -m benchmarks.milvus parity  [--limit 0]            # sample + CMRC 2018 dev, both BM25 modes
    python -m benchmarks.milvus latency [--sizes 10000 100000] [--queries 200]

``parity`` copies the local sample index and the local CMRC 2018 dev index (``bulletin-qa eval
--mode open`` builds it) into Milvus Lite with ``migrate_to_milvus`` (the same vectors, so only
the backends differ), once per BM25 mode: ``tokens`` (the product's jieba tokens, BM25 computed by
Milvus) and ``analyzer`` (Milvus's own jieba analyzer on the text). It reports recall@1/5 of the
gold article for each backend and how often the top article (and the top-5 set) agree with the
local index.

``latency`` ingests real news (crud_rag) into a local folder and into Milvus Lite, with vectors
reused past a real sample as in ``benchmarks.speed scale``, then times ``Retriever.search`` (BM25 +
dense + fusion + fetching chunks and articles) with query vectors computed beforehand, both
backends side by side in one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np

from benchmarks.speed import CACHE, SHARED, ReplayEmbedder, news_chunks, peak_rss_mb, write_jsonl
from embeddings.base import Embedder


class QueryTable(Embedder):
    """Query vectors computed beforehand, so search latency leaves out the model's time."""

    def __init__(self, inner: Embedder, questions: list[str]) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.table = dict(zip(questions, inner.encode_queries(questions)))

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def _encode(self, texts, is_query):
        if is_query and all(t in self.table for t in texts):
            return np.stack([self.table[t] for t in texts])
        return self.inner._encode(texts, is_query)


def _tops(retriever, questions: list[str], k: int = 5) -> tuple[list[list[str]], list[float]]:
    tops, lat = [], []
    for q in questions:
        t = time.perf_counter()
        hits = retriever.search(q, k=k)
        lat.append(time.perf_counter() - t)
        tops.append([h.article.id for h in hits])
    return tops, lat


def _compare(name: str, local: list[list[str]], other: list[list[str]], gold: list[set[str]]) -> dict:
    n = len(local)
    recall = lambda tops, k: round(100 * sum(bool(set(t[:k]) & g) for t, g in zip(tops, gold)) / n, 2)  # noqa: E731
    return {
        "set": name, "questions": n,
        "local_R@1": recall(local, 1), "milvus_R@1": recall(other, 1),
        "local_R@5": recall(local, 5), "milvus_R@5": recall(other, 5),
        "top1_agreement": round(100 * sum(bool(a and b and a[0] == b[0]) for a, b in zip(local, other)) / n, 2),
        "top5_same_set": round(100 * sum(set(a) == set(b) for a, b in zip(local, other)) / n, 2),
    }


def cmd_parity(args) -> None:
    from qa import Retriever
    from qa.evaluation import eval_index, squad_questions
    from qa.index.milvus import MilvusTarget
    from qa.pipeline import default_sample_index, migrate_to_milvus

    work = CACHE / "milvus-parity"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sample_index, _ = default_sample_index()
    seeds = [json.loads(line) for name in ("seed_factoids.jsonl", "seed_factoids_final.jsonl")
             for line in open(Path(__file__).parent / "data" / name, encoding="utf-8")]
    cmrc = SHARED / "eval" / "cmrc2018_dev.json"
    cmrc_qs = list(squad_questions(cmrc))[: args.limit or None]
    sets = [("sample (35 seed questions)", sample_index, [d["q"] for d in seeds], None, [d["title"] for d in seeds]),
            ("CMRC 2018 dev (open corpus)", eval_index(cmrc), [q.question for q in cmrc_qs], [q.paragraph_id for q in cmrc_qs], None)]
    for name, index, questions, gold_ext, gold_titles in sets:
        local = Retriever.open(index)
        embedder = QueryTable(local.embedder, questions)
        local.embedder = embedder
        articles = list(local.store.articles())
        if gold_ext is not None:
            by_ext: dict[str, set[str]] = {}
            for a in articles:
                by_ext.setdefault(a.external_id, set()).add(a.id)
            gold = [by_ext.get(g, set()) for g in gold_ext]
        else:
            gold = [{a.id for a in articles if a.title and t in a.title} for t in gold_titles]
        local_tops, local_lat = _tops(local, questions)
        for mode in ("tokens", "analyzer"):
            target = MilvusTarget(str(work / f"{mode}.db"), collection=f"c{abs(hash(name)) % 10**6}")
            t = time.perf_counter()
            migrate_to_milvus(index, target, progress=False, bm25=mode)
            copy_s = time.perf_counter() - t
            milvus = Retriever.open(target, embedder=embedder)
            tops, lat = _tops(milvus, questions)
            row = _compare(name, local_tops, tops, gold) | {
                "bm25": mode, "chunks": local.store.count_chunks(), "copy_s": round(copy_s, 1),
                "local_p50_ms": round(1000 * float(np.percentile(local_lat, 50)), 1),
                "milvus_p50_ms": round(1000 * float(np.percentile(lat, 50)), 1)}
            print(json.dumps(row, ensure_ascii=False), flush=True)
            milvus.close()
        local.close()


def cmd_latency(args) -> None:
    from embeddings.registry import embedder_for
    from qa import Retriever
    from qa.evaluation import squad_questions
    from qa.index.milvus import MilvusTarget
    from qa.paths import data_home
    from qa.pipeline import build_ingest

    e5 = embedder_for(None, data_home() / "models")
    sample_file = CACHE / "speed_sample_vectors.npy"
    if sample_file.exists():
        sample = np.load(sample_file)
    else:
        sample = e5.encode_passages(news_chunks(2000))
        CACHE.mkdir(exist_ok=True)
        np.save(sample_file, sample)
    questions = [q.question for q in squad_questions(SHARED / "eval" / "cmrc2018_dev.json")][: args.queries]
    embedder = QueryTable(e5, questions)
    for size in args.sizes:
        src = write_jsonl(CACHE / f"speed-{size}.jsonl", size)
        folder, db = CACHE / f"milvus-local-{size}", CACHE / f"milvus-{size}.db"
        row = {"chunks_asked": size, "embedded_vectors": f"{len(sample)} real, rest reused"}
        for name, where in (("local", folder), ("milvus", MilvusTarget(str(db)))):
            shutil.rmtree(folder if name == "local" else db, ignore_errors=True)
            shutil.rmtree(f"{db}.originals", ignore_errors=True)
            t = time.perf_counter()
            build_ingest([src], where, embedder=ReplayEmbedder(sample, e5.model_id), progress=False)
            row[f"{name}_ingest_s_without_embedding"] = round(time.perf_counter() - t, 1)
            retriever = Retriever.open(where, embedder=embedder)
            row["chunks"] = retriever.store.count_chunks()
            _tops(retriever, questions[:5])  # first searches load what is lazy
            _, lat = _tops(retriever, questions)
            row[f"{name}_p50_ms"] = round(1000 * float(np.percentile(lat, 50)), 1)
            row[f"{name}_p95_ms"] = round(1000 * float(np.percentile(lat, 95)), 1)
            retriever.close()
        row["p50_ratio_milvus_to_local"] = round(row["milvus_p50_ms"] / row["local_p50_ms"], 2)
        row["peak_rss_mb"] = round(peak_rss_mb())
        print(json.dumps(row, ensure_ascii=False), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parity")
    p.add_argument("--limit", type=int, default=0, help="CMRC questions (0 = all)")
    p.set_defaults(func=cmd_parity)
    p = sub.add_parser("latency")
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    p.add_argument("--queries", type=int, default=200)
    p.set_defaults(func=cmd_latency)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
