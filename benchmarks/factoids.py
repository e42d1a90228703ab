"""News factoid accuracy: the right answer with the right citation, on questions written by hand
(numbers, dates, times, names). The sets:

- benchmarks/data/seed_factoids.jsonl: about the bundled sample bulletins (cited by headline);
- benchmarks/data/news_factoids.jsonl: about six crud_rag news items the reader never saw, asked of
  an index of those items among 300 other crud_rag items (cited by item id). Written before
  any run of the reader on them; they measure, they never tune (but their failures were read,
  so they are a development set now);
- benchmarks/data/news_factoids_blind.jsonl and cctv_factoids_blind.jsonl: 25 more, on three crud_rag
  and two CCTV items drawn at random (seed 20261124), written before the reader saw them and
  read for failure kinds after their first run (so development sets now);
- benchmarks/data/{seed,news,cctv}_factoids_final.jsonl: 35 more, on the sample bulletins, three
  crud_rag items and two CCTV items (seed 424242), written blind for a final check;
- benchmarks/data/{news,cctv}_factoids_check.jsonl: 21 more on three crud_rag and three CCTV items
  (seed 20261125), written blind after the final set's misses had been worked on;
- benchmarks/data/{news,cctv}_factoids_check2.jsonl: 21 more on three crud_rag and two CCTV items
  (seed 31337), written blind after the check set's misses had been worked on.

    python -m benchmarks.factoids                                   # the seed set, sample index
    python -m benchmarks.factoids --file benchmarks/data/news_factoids.jsonl \
        --corpus ../shared/corpora/crud_rag_news.jsonl.gz           # held-out news
    python -m benchmarks.factoids --file benchmarks/data/cctv_factoids_blind.jsonl \
        --corpus ../shared/corpora/cctv_news_items.jsonl.gz

``--as-query`` asks, instead, the questions that end in a head noun and a question word as the
search-box query a person would type (``…的贡献率是多少？`` → ``…的贡献率``); the others are left out.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from pathlib import Path

from qa.chat.assistant import Assistant
from qa.evaluation import exact_match
from qa.read.question import HEAD_NOUNS


def news_index(corpus: Path, wanted: set[str], distractors: int) -> Path:
    """An index of the questioned items plus ``distractors`` random others (built once)."""
    from qa.index.store import IndexStore
    from qa.paths import data_home
    from qa.pipeline import build_ingest

    # named by the items it holds: each question file gets its own index
    digest = hashlib.sha1("\n".join(sorted(wanted)).encode("utf-8")).hexdigest()[:8]
    index = data_home() / "eval-indexes" / f"news-factoids-{len(wanted)}-{distractors}-{digest}"
    if IndexStore.exists(index):
        return index
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    chosen = [r for r in rows if r["id"] in wanted]
    others = [r for r in rows if r["id"] not in wanted]
    chosen += random.Random(0).sample(others, min(distractors, len(others)))
    index.parent.mkdir(parents=True, exist_ok=True)
    items = index.parent / f"{index.name}.jsonl"
    items.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    build_ingest([items], index, progress=True)
    return index


# "…增速是多少？" → "…增速": the question words after a head noun that says what is asked
ASKED_AFTER_HEAD = re.compile(r"(?:是|为|有|达|约)?(?:多少|什么时候|哪一天|哪天|哪里|在哪|谁)[？?]?$")


def as_query(question: str) -> str | None:
    """``question`` as a search-box query (its head noun without the question words), or None
    where its head noun does not say what is asked."""
    if not (m := ASKED_AFTER_HEAD.search(question)) or m.start() < 2:
        return None
    query = question[: m.start()].rstrip("的")
    return query if any(p.search(query) for _, p in HEAD_NOUNS) else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", type=Path, default=Path(__file__).parent / "data" / "seed_factoids.jsonl")
    ap.add_argument("--index", default=None, help="default: the bundled sample bulletins")
    ap.add_argument("--corpus", type=Path, help="a news .jsonl(.gz) holding the items the questions cite by id")
    ap.add_argument("--distractors", type=int, default=300)
    ap.add_argument("--as-query", action="store_true", help="ask the questions a head noun ends as search-box queries")
    ap.add_argument("--queryable", action="store_true", help="ask those questions as they are written (the baseline)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.as_query or args.queryable:
        rows = [{**r, "q": query if args.as_query else r["q"]} for r in rows if (query := as_query(r["q"]))]
    index = args.index
    if args.corpus:
        index = news_index(args.corpus, {r["id"] for r in rows if "id" in r}, args.distractors)
    assistant = Assistant.open(index)
    assistant.warm_up()
    external = {a.id: a.external_id for a in assistant.retriever.store.articles()}
    right = answered = 0
    latencies = []
    for row in rows:
        started = time.perf_counter()
        answer = assistant.ask(row["q"])
        latencies.append(time.perf_counter() - started)
        top = answer.citations[0] if answer.citations else None
        cited = (top.title or "") if top else ""
        if "id" in row:
            cited_right = top is not None and external.get(top.article_id) == row["id"]
        else:
            cited_right = row["title"] in (cited or (top.article_id if top else ""))  # an untitled article by its id
        ok = bool(exact_match(answer.text, row["a"])) and cited_right
        right += ok
        answered += not answer.no_answer
        print(f"{'✓' if ok else '✗'} {row['q']} → {answer.text} ({answer.score:.2f}) 【{cited or (top.article_id if top else '')}】", file=sys.stderr)
    latencies.sort()
    print(json.dumps({"file": args.file.name, "questions": len(rows), "right_with_citation": right, "accuracy": round(right / max(1, len(rows)), 3),
                      "answered": answered, "ms_p50": round(1000 * latencies[len(latencies) // 2]),
                      "ms_max": round(1000 * latencies[-1])}, ensure_ascii=False))


if __name__ == "__main__":
    main()
