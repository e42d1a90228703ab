"""Compare ways of fusing the BM25 and dense rankings, offline, on an index built by
benchmarks/retrieval.py. Tune on DRCD dev / XQuAD zh; report on CMRC 2018 dev.

    python -m benchmarks.fusion ../shared/eval/drcd_dev.json

Each question's top-50 lists (with scores) are computed once; every fusion is then scored on the
same lists, at the article level (one passage per article), by recall@1/5/20.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from qa import Retriever
from qa.evaluation import squad_questions
from qa.search import fuse_ranks, fuse_scores


def rrf(sparse, dense, k=60, w_sparse=1.0, w_dense=1.0):
    return fuse_ranks([(sparse, w_sparse), (dense, w_dense)], k)


def convex(sparse, dense, alpha=0.5):
    return fuse_scores(sparse, dense, alpha)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--index", type=Path)
    args = ap.parse_args()
    index = args.index or Path(__file__).parent / ".cache" / args.file.stem
    retriever = Retriever.open(index)
    ext = {a.id: a.external_id for a in retriever.store.articles()}
    chunk_article = {vid: c.article_id for vid, c in retriever.store.chunks_by_vid(retriever.store.chunk_vids()).items()}
    alias, by_text = {}, {}
    for q in squad_questions(args.file):
        alias[q.paragraph_id] = by_text.setdefault(q.context, q.paragraph_id)
    qs = list(squad_questions(args.file))
    lists = []
    vectors = retriever.embedder.encode_queries([q.question for q in qs])
    for q, v in zip(qs, vectors):
        sparse = retriever.bm25_ranking(q.question, 50)
        dense = retriever.dense.search(v[None, :], 50)[0]
        lists.append((alias[q.paragraph_id], sparse, dense))

    def evaluate(fuse) -> dict:
        ranks = []
        for gold, sparse, dense in lists:
            fused = fuse(sparse, dense)
            seen = []
            rank = None
            for vid in sorted(fused, key=lambda v: -fused[v]):
                a = ext[chunk_article[vid]]
                if a not in seen:
                    seen.append(a)
                    if a == gold:
                        rank = len(seen)
                        break
            ranks.append(rank)
        return {f"R@{k}": round(float(np.mean([r is not None and r <= k for r in ranks])), 4) for k in (1, 5, 20)}

    results = {"bm25": evaluate(lambda s, d: {v: x for v, x in s}), "dense": evaluate(lambda s, d: {v: x for v, x in d})}
    for k in (10, 30, 60):
        for w in (1.0, 1.5, 2.0):
            results[f"rrf k={k} w_bm25={w}"] = evaluate(lambda s, d, k=k, w=w: rrf(s, d, k, w))
    for alpha in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        results[f"convex alpha={alpha}"] = evaluate(lambda s, d, a=alpha: convex(s, d, a))
    for name, r in results.items():
        print(json.dumps({"fusion": name, **r}, ensure_ascii=False))


if __name__ == "__main__":
    main()
