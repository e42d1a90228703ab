"""Segmentation accuracy on generated pages.

Real news items (../shared/corpora/cctv_news_items.jsonl.gz: title + paragraphs) are laid out as
PDF page dumps by qa.ingest.pagesim (wrapped at 14–18 characters, double-spaced on half the pages,
headlines before / after / in a shuffled block after the bodies, long headlines on two lines),
then segmented. The CCTV lead "央视网消息（新闻联播）：" is removed from every item, so no
article is found by its wire lead alone. Compilation items ("国内联播快讯", which print their
own sub-headlines inside the body) are left out: they have no single true body.

    python -m benchmarks.segmentation --pages 300 [--embeddings]

An article counts as right when the segmenter returns exactly its body (whitespace aside) with
exactly its headline.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

from qa.ingest.pagesim import make_page, news_item_to_article
from qa.ingest.segment import PageSegmenter

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "cctv_news_items.jsonl.gz"


def compact(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def load_items(limit: int = 6000) -> list:
    items = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = re.sub(r"^央视网消息（新闻联播）：", "", d["text"])
            a = news_item_to_article(d.get("title", ""), text, max_chars=500)
            # "联播快讯" items are compilations with sub-headlines inside: no single true body
            if a and len(a.title) <= 40 and "快讯" not in a.title:
                items.append(a)
            if len(items) >= limit:
                break
    return items


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--embeddings", action="store_true", help="also match headlines with the bundled e5")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found")
    embedder = None
    if args.embeddings:
        from embeddings.registry import embedder_for
        from qa.paths import data_home

        embedder = embedder_for(None, data_home() / "models")
    items = load_items()
    rng = random.Random(args.seed)
    segmenter = PageSegmenter(embedder=embedder)
    stats = {"articles": 0, "exact": 0, "body": 0, "title_given_body": 0, "pages_all_right": 0}
    by_layout: dict[str, list[int]] = {}
    started = time.perf_counter()
    for _ in range(args.pages):
        chosen = rng.sample(items, rng.randint(2, 5))
        page = make_page(chosen, rng)
        got = segmenter.segment(page.text)
        bodies = {compact(a.text): compact(a.title) for a in got}
        right = 0
        for a in page.articles:
            stats["articles"] += 1
            body = compact(a.body)
            if body in bodies:
                stats["body"] += 1
                if bodies[body] == compact(a.title):
                    stats["title_given_body"] += 1
                    stats["exact"] += 1
                    right += 1
        stats["pages_all_right"] += right == len(page.articles)
        tally = by_layout.setdefault(page.layout, [0, 0])
        tally[0] += right
        tally[1] += len(page.articles)
    n = stats["articles"]
    result = {
        "pages": args.pages,
        "articles": n,
        "embeddings": bool(embedder),
        "article_exact": round(stats["exact"] / n, 3),
        "body_exact": round(stats["body"] / n, 3),
        "headline_right_given_body": round(stats["title_given_body"] / max(1, stats["body"]), 3),
        "pages_all_right": round(stats["pages_all_right"] / args.pages, 3),
        "by_layout": {k: round(v[0] / v[1], 3) for k, v in sorted(by_layout.items())},
        "seconds_per_page": round((time.perf_counter() - started) / args.pages, 3),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
