"""Fit, from data, the span reader's alignment weights (how much the question's wording next to
its question word moves a span) and its confidence (a logistic model over its logits, which makes
the no-answer decision), and write both into qa/span_reader.json.

Alignment weights: a grid search for the best F1 of the top span on the held-out XQuAD questions.

    python benchmarks/calibrate_reader.py [--limit N] [--dry-run]

Examples (never CMRC 2018 dev, which is kept for reporting):
- answerable: XQuAD zh questions of the articles held out from training, read against their gold
  paragraph; the label is whether the top span is right (F1 >= 0.5);
- unanswerable: the same questions asked against the bundled sample bulletins (another corpus:
  the passages retrieved for them cannot hold the answer), and the sample index's own "wrong
  corpus" counterpart: DRCD questions against the sample bulletins.
Prints, at the assistant's threshold 0.5, how many answerable questions are answered (and
rightly) and how many cross-corpus questions come back "not found".
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from qa.evaluation import f1_score, squad_questions  # noqa: E402
from qa.neural_reader import NeuralReader  # noqa: E402
from qa.span_reader import CONFIG_FILE  # noqa: E402

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
KEYS = ("aligned_margin", "aligned", "left")


def held_out_xquad(limit: int):
    data = json.loads((EVAL / "xquad_zh.json").read_text(encoding="utf-8"))["data"]
    qs = []
    for d, doc in enumerate(data):
        if d % 5 != 0:  # the articles train_span_reader.py held out
            continue
        for p in doc["paragraphs"]:
            for qa in p["qas"]:
                qs.append((qa["question"], p["context"], [a["text"] for a in qa["answers"]]))
    return qs[: limit or None]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    from qa.assistant import Assistant

    reader = NeuralReader(calibration={"bias": 0.0})
    held = held_out_xquad(args.limit)
    cached = [(reader.candidates(q, [c]), answers) for q, c, answers in held]
    best = (-1.0, None)
    for left in (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0):
        for right in (0.0, 1.0, 2.0, 4.0):
            for typed in (0.0, 0.5, 1.0, 2.0):
                reader.alignment_weights = {"left": left, "right": right, "typed": typed}
                f1 = float(np.mean([f1_score(reader.rank(spans)[0].text if spans else None, answers) for spans, answers in cached]))
                if f1 > best[0]:
                    best = (f1, dict(reader.alignment_weights))
    reader.alignment_weights = best[1]
    none = {"left": 0.0, "right": 0.0, "typed": 0.0}
    reader.alignment_weights, plain = none, float(np.mean([f1_score(reader.rank(s)[0].text if s else None, a) for s, a in cached]))
    reader.alignment_weights = best[1]
    print(f"alignment {best[1]}: held-out XQuAD F1 {100 * best[0]:.1f} (without: {100 * plain:.1f})", file=sys.stderr)
    rows, labels, kinds = [], [], []
    for spans, answers in cached:
        spans = reader.rank(spans)
        if spans:
            rows.append([spans[0].features[k] for k in KEYS])
            labels.append(int(f1_score(spans[0].text, answers) >= 0.5))
            kinds.append("answerable")
    # cross-corpus: questions about other texts, asked of the sample bulletins
    sample = Assistant.open(reader=reader, min_confidence=0.0)
    drcd = [q.question for q in squad_questions(EVAL / "drcd_dev.json")]
    random.Random(0).shuffle(drcd)
    foreign = [q for q, _, _ in held] + drcd[: max(200, args.limit)]
    for question in foreign:
        hits = sample.retriever.search(question, k=5)
        spans = reader.read(question, [h.chunk.text for h in hits], top=1)
        if spans:
            rows.append([spans[0].features[k] for k in KEYS])
            labels.append(0)
            kinds.append("foreign")
    X, y, kinds = np.array(rows), np.array(labels), np.array(kinds)
    model = LogisticRegression(C=1.0).fit(X, y)
    p = model.predict_proba(X)[:, 1]
    ans, foreign_mask = kinds == "answerable", kinds == "foreign"
    summary = {
        "answerable": int(ans.sum()), "answerable_right_at_top": round(float(y[ans].mean()), 4),
        "answered@0.5": round(float((p[ans] >= 0.5).mean()), 4),
        "answered_and_right@0.5": round(float(((p >= 0.5) & (y == 1))[ans].mean()), 4),
        "precision@0.5": round(float(y[ans][p[ans] >= 0.5].mean()) if (p[ans] >= 0.5).any() else 0.0, 4),
        "foreign": int(foreign_mask.sum()), "foreign_not_found@0.5": round(float((p[foreign_mask] < 0.5).mean()), 4),
    }
    calibration = {k: round(float(w), 5) for k, w in zip(KEYS, model.coef_[0])}
    calibration["bias"] = round(float(model.intercept_[0]), 5)
    summary["xquad_held_out_F1"] = round(100 * best[0], 2)
    summary["xquad_held_out_F1_without_alignment"] = round(100 * plain, 2)
    print(json.dumps({"alignment": best[1], "calibration": calibration, **summary}, ensure_ascii=False))
    if not args.dry_run:
        config = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
        config["alignment"] = best[1]
        config["calibration"] = calibration
        config["calibration_check"] = summary
        CONFIG_FILE.write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
