"""News factoid accuracy: the right answer with the right citation, on questions written by hand
from the bundled sample bulletins (benchmarks/seed_factoids.jsonl; numbers, dates, times, names).
The set measures, it never tunes: the reader was trained only on DRCD dev and XQuAD zh.

    python benchmarks/factoids.py [--file benchmarks/seed_factoids.jsonl] [--index DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.assistant import Assistant  # noqa: E402
from qa.evaluation import exact_match  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", type=Path, default=Path(__file__).with_name("seed_factoids.jsonl"))
    ap.add_argument("--index", default=None, help="default: the bundled sample bulletins")
    args = ap.parse_args()
    assistant = Assistant.open(args.index)
    assistant.warm_up()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = answered = 0
    latencies = []
    for row in rows:
        started = time.perf_counter()
        answer = assistant.ask(row["q"])
        latencies.append(time.perf_counter() - started)
        cited = answer.citations[0].title or "" if answer.citations else ""
        ok = bool(exact_match(answer.text, row["a"])) and row["title"] in cited
        right += ok
        answered += not answer.no_answer
        print(f"{'✓' if ok else '✗'} {row['q']} → {answer.text} ({answer.score:.2f}) 【{cited}】", file=sys.stderr)
    latencies.sort()
    print(json.dumps({"questions": len(rows), "right_with_citation": right, "accuracy": round(right / len(rows), 3),
                      "answered": answered, "ms_p50": round(1000 * latencies[len(latencies) // 2]),
                      "ms_max": round(1000 * latencies[-1])}, ensure_ascii=False))


if __name__ == "__main__":
    main()
