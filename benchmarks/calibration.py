"""Does the confidence mean what it says? Reader-mode answers (the gold paragraph given) binned by
confidence, against how often they are right (exact match after normalisation, and F1 ≥ 0.5),
with the expected calibration error; and the share right among answers at ≥ 0.9.

    python -m benchmarks.calibration ../shared/eval/cmrc2018_dev.json --limit 600 --open   # as users meet it
    python -m benchmarks.calibration ../shared/eval/cmrc2018_dev.json --limit 600          # reader mode
    python -m benchmarks.calibration ../shared/eval/xquad_zh.json --held-out          # the fitting set

CMRC 2018 dev is never fitted on; XQuAD's held-out fifth is what the ranking and confidence were
fitted on (so its table shows the fit, not a held-out check).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qa.evaluation import exact_match, f1_score, reliability, squad_questions


def read_all(path: Path, limit: int, held_out: bool) -> list[tuple[float, float, float]]:
    """(confidence, exact match, F1) of the reader's top answer for each question."""
    from qa.chat.assistant import default_reader

    reader = default_reader(None)
    questions = list(squad_questions(path))
    if held_out:
        from training.train_span_reader import held_out as is_held_out

        questions = [q for q in questions if "#" in q.paragraph_id and is_held_out(int(q.paragraph_id.split("#")[0]))]
    out = []
    for q in questions[: limit or None]:
        spans = reader.read(q.question, [q.context], top=1)
        text = spans[0].text if spans else None
        out.append((spans[0].score if spans else 0.0, exact_match(text, q.answers), f1_score(text, q.answers)))
    return out


def ask_all(path: Path, limit: int) -> list[tuple[float, float, float]]:
    """(confidence, exact match, F1) of the assistant's answer to each question asked of an index
    of all the file's paragraphs (as a user meets it); a "not found" counts with its confidence
    and as wrong, and an answer cited to another paragraph as wrong."""
    from qa.chat.assistant import Assistant
    from qa.evaluation import eval_index

    assistant = Assistant.open(eval_index(path), min_confidence=0.0)
    external = {a.id: a.external_id for a in assistant.retriever.store.articles()}
    out = []
    for q in list(squad_questions(path))[: limit or None]:
        answer = assistant.ask(q.question)
        cited = bool(answer.citations) and external.get(answer.citations[0].article_id) == q.paragraph_id
        text = answer.text if cited else None
        out.append((answer.score, exact_match(text, q.answers), f1_score(text, q.answers)))
    assistant.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--held-out", action="store_true", help="XQuAD/DRCD: only the held-out fifth of the articles")
    ap.add_argument("--open", action="store_true", help="ask the assistant over an index of all the paragraphs (as users do)")
    args = ap.parse_args()
    rows = ask_all(args.file, args.limit) if args.open else read_all(args.file, args.limit, args.held_out)
    for name, right in (("exact", lambda em, f1: em >= 1.0), ("f1>=0.5", lambda em, f1: f1 >= 0.5)):
        marked = [(c, right(em, f1)) for c, em, f1 in rows]
        table, ece = reliability(marked)
        high = [ok for c, ok in marked if c >= 0.9]
        print(json.dumps({"file": args.file.name, "questions": len(rows), "right_means": name, "ece": ece,
                          "at_0.9": {"answers": len(high), "right": round(sum(high) / max(1, len(high)), 3)},
                          "bins": table}, ensure_ascii=False))


if __name__ == "__main__":
    main()
