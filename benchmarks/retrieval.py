"""Retrieval quality on SQuAD-format sets used as open-domain corpora: every paragraph is an
article, every question a query; recall@k of the gold paragraph for BM25 alone, dense alone and
the hybrid, plus rank_bm25 + jieba (what common Chinese RAG tools use) for comparison.

    python -m benchmarks.retrieval ../shared/eval/cmrc2018_dev.json [--limit 0] [--index DIR]

The index is built once per file into benchmarks/.cache/ (or --index) with the bundled e5.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from qa import Retriever
from qa.pipeline import build_ingest

KS = (1, 5, 20)


def questions(path: Path) -> list[tuple[str, str]]:
    """(question, gold paragraph external id), as the SQuAD reader names paragraphs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for d, doc in enumerate(data["data"]):
        for p, para in enumerate(doc["paragraphs"]):
            pid = str(para.get("id") or f"{doc.get('id') or d}#{p}")
            for qa in para["qas"]:
                out.append((qa["question"], pid))
    return out


def recall(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {f"R@{k}": round(sum(1 for r in ranks if r is not None and r <= k) / n, 4) for k in KS}


def article_ranks(hit_ids: list[str], gold: str, id_to_ext: dict[str, str]) -> int | None:
    seen: list[str] = []
    for aid in hit_ids:
        ext = id_to_ext.get(aid)
        if ext not in seen:
            seen.append(ext)
        if ext == gold:
            return len(seen)
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="questions to run (0 = all)")
    ap.add_argument("--rank-bm25", action="store_true", help="also time rank_bm25 + jieba")
    ap.add_argument("--model", help="embedding model (default: the bundled e5)")
    args = ap.parse_args()
    suffix = f"-{args.model}" if args.model else ""
    index = args.index or Path(__file__).parent / ".cache" / (args.file.stem + suffix)
    if not (index / "manifest.json").exists():
        t = time.perf_counter()
        report = build_ingest([args.file], index, model=args.model, progress=True)
        print(f"ingest: {report.summary()}  ({report.chunks_added / (time.perf_counter() - t):.1f} chunks/s)", file=sys.stderr)
    retriever = Retriever.open(index)
    # identical paragraphs share one article (content ids); map every external id to the article
    id_to_ext = {a.id: a.external_id for a in retriever.store.articles()}
    text_to_ext: dict[str, str] = {}
    data = json.loads(args.file.read_text(encoding="utf-8"))
    alias: dict[str, str] = {}
    for d, doc in enumerate(data["data"]):
        for p, para in enumerate(doc["paragraphs"]):
            pid = str(para.get("id") or f"{doc.get('id') or d}#{p}")
            alias[pid] = text_to_ext.setdefault(para["context"], pid)
    qs = questions(args.file)
    if args.limit:
        qs = qs[: args.limit]
    depth = 50
    results: dict[str, list] = {"bm25": [], "dense": [], "hybrid": []}
    times: dict[str, list] = {"bm25": [], "dense": [], "hybrid": []}
    vid_article = {}
    for c_vid, c in retriever.store.chunks_by_vid(retriever.store.chunk_vids()).items():
        vid_article[c_vid] = c.article_id
    for question, gold in qs:
        gold = alias.get(gold, gold)
        t0 = time.perf_counter()
        sparse = retriever.bm25_ranking(question, depth)
        t1 = time.perf_counter()
        dense = retriever.dense_ranking(question, depth)
        t2 = time.perf_counter()
        hits = retriever.search(question, k=20)
        t3 = time.perf_counter()
        results["bm25"].append(article_ranks([vid_article[v] for v, _ in sparse], gold, id_to_ext))
        results["dense"].append(article_ranks([vid_article[v] for v, _ in dense], gold, id_to_ext))
        results["hybrid"].append(article_ranks([h.article.id for h in hits], gold, id_to_ext))
        times["bm25"].append(t1 - t0)
        times["dense"].append(t2 - t1)
        times["hybrid"].append(t3 - t2)
    out = {"file": args.file.name, "questions": len(qs), "chunks": retriever.store.count_chunks()}
    for name in results:
        out[name] = {**recall(results[name]), "ms_per_query": round(1000 * float(np.mean(times[name])), 2)}
    if args.rank_bm25:
        out["rank_bm25+jieba"] = rank_bm25_baseline(retriever, qs, alias, id_to_ext, vid_article)
    print(json.dumps(out, ensure_ascii=False))


def rank_bm25_baseline(retriever, qs, alias, id_to_ext, vid_article) -> dict:
    import jieba
    from rank_bm25 import BM25Okapi

    tok = jieba.Tokenizer()
    vids = retriever.store.chunk_vids()
    chunks = retriever.store.chunks_by_vid(vids)
    corpus = [[w for w in tok.lcut(chunks[v].search_text) if w.strip()] for v in vids]
    bm25 = BM25Okapi(corpus)
    ranks, times = [], []
    for question, gold in qs:
        gold = alias.get(gold, gold)
        t = time.perf_counter()
        scores = bm25.get_scores([w for w in tok.lcut(question) if w.strip()])
        top = np.argsort(-scores)[:50]
        times.append(time.perf_counter() - t)
        ranks.append(article_ranks([vid_article[vids[i]] for i in top], gold, id_to_ext))
    return {**recall(ranks), "ms_per_query": round(1000 * float(np.mean(times)), 2)}


if __name__ == "__main__":
    main()
