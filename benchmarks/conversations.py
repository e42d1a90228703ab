"""Multi-turn accuracy: every turn of a conversation asked with the turns before it as history;
a turn is right when it gets the right answer with the right citation, or says "not found" where
the bulletins do not hold the answer (a place, date or role they do not print).

    python -m benchmarks.conversations                      # every set below
    python -m benchmarks.conversations --only seed          # the sample bulletins only
    python -m benchmarks.conversations --generate           # rewrite the generated set (fixed seed)

The sets (benchmarks/data/):
- seed_conversations.jsonl: 25 conversations written by hand on the two sample pages: elliptical
  follow-ups, pronouns, place/date/subject switches where the new place has the figure and where
  it does not, standalone questions after unrelated turns, lists, why/how and yes/no questions;
- news_conversations_manual.jsonl: 16 written by hand on crud_rag and CCTV items (n08–n16 on
  items first read on 2026-11-28, 16:00);
- news_conversations_generated.jsonl: 40 made from the blind and check factoid sets by chaining
  questions about different items (a question that stands alone after unrelated turns).
News items are asked of an index of the questioned items among 300 others (as benchmarks.factoids).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.factoids import news_index
from qa import Assistant
from qa.evaluation import exact_match

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CORPORA = {"crud": SHARED / "crud_rag_news.jsonl.gz", "cctv": SHARED / "cctv_news_items.jsonl.gz"}
BLIND = {"crud": ["news_factoids_blind", "news_factoids_check", "news_factoids_check2", "news_factoids_final"],
         "cctv": ["cctv_factoids_blind", "cctv_factoids_check", "cctv_factoids_check2", "cctv_factoids_final"]}


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def generate(per_corpus: int = 20, seed: int = 20261127) -> list[dict]:
    """Conversations of three factoid questions, each about another item than the turn before."""
    rng = random.Random(seed)
    out = []
    for corpus, files in BLIND.items():
        rows = [r for f in files for r in load(f + ".jsonl")]
        for n in range(per_corpus):
            turns = []
            while len(turns) < 3:
                row = rng.choice(rows)
                if turns and (row["id"] == turns[-1]["id"] or any(t["q"] == row["q"] for t in turns)):
                    continue
                turns.append({"q": row["q"], "a": row["a"], "id": row["id"], "kind": "standalone_after_other" if turns else "figure"})
            out.append({"id": f"g-{corpus}-{n:02d}", "corpus": corpus, "turns": turns})
    return out


def turn_right(answer, turn: dict, external: dict[str, str]) -> bool:
    expects_answer = turn.get("a") is not None or "contains" in turn or "contains_any" in turn or "verdict" in turn
    if not expects_answer:
        return answer.no_answer
    if answer.no_answer or not answer.citations:
        return False
    top = answer.citations[0]
    cited = external.get(top.article_id) == turn["id"] if "id" in turn else turn["cite"] in (top.title or "") + top.passage
    if not cited:
        return False
    if "verdict" in turn and getattr(answer, "verdict", None) != turn["verdict"]:
        return False
    for wanted in turn.get("contains_any", [turn["contains"]] if "contains" in turn else []):
        if all(w in answer.text for w in wanted) and len(answer.text) <= max(80, 3 * sum(map(len, wanted))):
            return True
    if "contains" in turn or "contains_any" in turn:
        return False
    return bool(exact_match(answer.text, turn["a"]))


def run(assistant: Assistant, conversations: list[dict], verbose: bool) -> tuple[Counter, Counter, list[float]]:
    external = {a.id: a.external_id for a in assistant.retriever.store.articles()}
    right, total, latencies = Counter(), Counter(), []
    for conv in conversations:
        history = []
        for turn in conv["turns"]:
            started = time.perf_counter()
            answer = assistant.ask(turn["q"], history=history)
            latencies.append(time.perf_counter() - started)
            ok = turn_right(answer, turn, external)
            right[turn["kind"]] += ok
            total[turn["kind"]] += 1
            history.append(Assistant.turn(answer))
            if verbose:
                note = f" [{answer.asked_as}]" if answer.asked_as and answer.asked_as != turn["q"] else ""
                print(f"{'✓' if ok else '✗'} {conv['id']} {turn['q']}{note} → {answer.text} ({answer.score:.2f})", file=sys.stderr)
    return right, total, latencies


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["seed", "crud", "cctv"])
    ap.add_argument("--generate", action="store_true", help="rewrite news_conversations_generated.jsonl and stop")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--ids", help="comma-separated conversation ids to ask (each index is built as for all of them)")
    args = ap.parse_args()
    if args.generate:
        rows = generate()
        (DATA / "news_conversations_generated.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} conversations written")
        return
    news = load("news_conversations_manual.jsonl") + load("news_conversations_generated.jsonl")
    groups = {"seed": (None, load("seed_conversations.jsonl"))}
    for corpus in ("crud", "cctv"):
        convs = [c for c in news if c["corpus"] == corpus]
        if CORPORA[corpus].exists():
            groups[corpus] = (news_index(CORPORA[corpus], {t["id"] for c in convs for t in c["turns"]}, 300), convs)
    report = {}
    for name, (index, convs) in groups.items():
        if args.only and name != args.only:
            continue
        if args.ids and not (convs := [c for c in convs if c["id"] in args.ids.split(",")]):
            continue  # none of those asked of this corpus
        assistant = Assistant.open(index)
        assistant.warm_up()
        right, total, latencies = run(assistant, convs, not args.quiet)
        assistant.close()
        latencies.sort()
        report[name] = {"conversations": len(convs), "turns": sum(total.values()), "right": sum(right.values()),
                        "accuracy": round(sum(right.values()) / max(1, sum(total.values())), 3),
                        "by_kind": {k: f"{right[k]}/{total[k]}" for k in sorted(total)},
                        "ms_p50": round(1000 * latencies[len(latencies) // 2])}
        print(json.dumps({name: report[name]}, ensure_ascii=False))
    turns = sum(r["turns"] for r in report.values())
    print(json.dumps({"all": {"turns": turns, "right": sum(r["right"] for r in report.values()),
                              "accuracy": round(sum(r["right"] for r in report.values()) / max(1, turns), 3)}}))


if __name__ == "__main__":
    main()
