"""Fit the reader's logistic weights on DRCD dev and XQuAD zh (the tuning sets; CMRC 2018 dev is
kept for reporting), and write them to qa/reader_weights.json.

    python -m training.train_rule_reader [--limit N] [--dry-run]

For every question, the candidate spans of its gold paragraph are featurised exactly as at
answer time; a candidate is a positive when it matches a gold answer exactly (CMRC rules).
Also prints the oracle: how often a correct span is among the candidates at all.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from qa.evaluation import exact_match, squad_questions
from qa.read.rules import FEATURES, WEIGHTS_FILE, RuleReader

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
TRAIN_FILES = ("drcd_dev.json", "xquad_zh.json")


def collect(reader: RuleReader, files, limit: int):
    rows, labels, groups, oracle, n = [], [], [], 0, 0
    for name in files:
        qs = list(squad_questions(EVAL / name))
        random.Random(0).shuffle(qs)
        for q in qs[: limit or None]:
            spans = reader.score_passages(reader.analyzer.analyze(q.question), [q.context])
            hit = False
            for s in spans:
                y = exact_match(s.text, q.answers)
                hit |= bool(y)
                rows.append([s.features.get(f, 0.0) for f in FEATURES])
                labels.append(y)
                groups.append(n)
            oracle += hit
            n += 1
    return np.array(rows), np.array(labels), np.array(groups), oracle / max(1, n), n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="questions per file (0 = all)")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    reader = RuleReader(weights={})
    X, y, groups, oracle, n = collect(reader, TRAIN_FILES, args.limit)
    print(f"{n} questions, {len(y)} candidates, oracle EM {oracle:.3f}", file=sys.stderr)
    # hold out a fifth of the questions to report how well the fit generalises
    held = groups % 5 == 0
    model = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False)
    model.fit(X[~held], y[~held])
    scores = X @ model.coef_[0]
    top_em = []
    for g in np.unique(groups[held]):
        idx = np.where(groups == g)[0]
        top_em.append(y[idx[np.argmax(scores[idx])]])
    print(f"held-out top-1 EM on the tuning sets: {np.mean(top_em):.3f}", file=sys.stderr)
    model.fit(X, y)
    weights = {f: round(float(w), 4) for f, w in zip(FEATURES, model.coef_[0])}
    print(json.dumps(weights, ensure_ascii=False))
    if not args.dry_run:
        WEIGHTS_FILE.write_text(
            json.dumps({"fitted_on": list(TRAIN_FILES), "questions": n, "candidates": int(len(y)), "features": list(FEATURES), "weights": weights}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
