"""Fit, from data, how the span reader ranks its spans and how sure it is, and write both into
qa/read/span_reader.json.

1. Ranking: a linear model over each span's features (the model's logit and margin, the
   question's wording around the span, the measure word, the passage's retrieval score; see
   ``RANK_FEATURES`` in qa/neural_reader.py), fitted as a conditional logit: per question, a
   softmax over its candidate spans, trained to put mass on the spans with the best F1; the
   regularisation is chosen by 5-fold cross-validation over articles, repeated three times. The
   questions are asked in open mode (five passages retrieved from the file's whole index), so
   the weights also decide between passages, not only within one.
2. Confidence: a logistic model over the ranked score, its margin and the left alignment, on
   the top span of each answerable question (label: F1 >= 0.5) and of cross-corpus questions
   (label: 0), which makes the no-answer decision. Its held-out check (``held_out`` in the
   output): the same model fitted five times, each time without a fifth of the articles, and
   the reliability table of the confidences it gives the fifth it did not see.

    python -m training.calibrate_reader [--limit N] [--dry-run] [--keep-ranking] [--fresh]

Examples, never CMRC 2018 dev (kept for reporting):
- answerable: the XQuAD zh questions of the articles train_span_reader.py held out from training,
  asked of an index of all XQuAD paragraphs; with ``--with-drcd`` (for a reader trained with
  ``--hold-out-drcd``) DRCD dev's held-out articles too, asked in traditional characters. The
  ranking weights are checked by 5-fold cross-validation over those articles before the final
  fit on all of them;
- unanswerable: the same questions and 200 DRCD questions asked of the bundled sample bulletins
  (another corpus: the passages retrieved for them cannot hold the answer).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from qa.evaluation import eval_index, f1_score, squad_questions
from qa.read.features import RANK_FEATURES
from qa.read.neural import CLAUSE_CONFIDENCE, DEFAULT_RANKING, NeuralReader
from qa.read.span_model import CONFIG_FILE

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
CALIBRATION_KEYS = ("aligned_margin", "aligned", "left")


def held_out_questions(name: str, limit: int) -> list[tuple[str, str, list[str]]]:
    """(article key, question, answers) for the articles train_span_reader.py held out."""
    from training.train_span_reader import held_out

    data = json.loads((EVAL / name).read_text(encoding="utf-8"))["data"]
    qs = []
    for d, doc in enumerate(data):
        if not held_out(d):
            continue
        for p in doc["paragraphs"]:
            for qa in p["qas"]:
                answers = [a["text"] for a in qa["answers"] if a.get("text")]
                if answers:
                    qs.append((f"{name}:{d}", qa["question"], answers))
    return qs[: limit or None]


def matrix(spans) -> np.ndarray:
    return np.array([[s.features.get(k, 0.0) for k in RANK_FEATURES] for s in spans], dtype=float)


def fit_ranking(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = 0.3) -> np.ndarray:
    """Conditional logit: maximise log P(best spans | candidates), with an L2 pull toward the
    default ranking so sparse features cannot run off."""
    prior = np.array([DEFAULT_RANKING.get(k, 0.0) for k in RANK_FEATURES])
    usable = [(X, y) for X, y in groups if y.max() > 0]

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for X, y in usable:
            z = X @ w
            z = z - z.max()
            p = np.exp(z) / np.exp(z).sum()
            total -= float(np.log((p * (y > 0)).sum() + 1e-12))
            q = p * (y > 0)
            q = q / q.sum()
            grad -= X.T @ (q - p)
        total = total / len(usable) + l2 * float(((w - prior) ** 2).sum())
        return total, grad / len(usable) + 2 * l2 * (w - prior)

    return minimize(loss, prior.copy(), jac=True, method="L-BFGS-B").x


def top_f1(groups, texts, answers, w: np.ndarray) -> float:
    return float(np.mean([f1_score(t[int(np.argmax(X @ w))], a) if len(t) else 0.0 for (X, _), t, a in zip(groups, texts, answers)]))


def collect(args, reader: NeuralReader) -> dict:
    """Candidate spans with their features for every question (cached: reading is the slow
    part, fitting takes seconds)."""
    import pickle

    from tqdm import tqdm

    from qa.chat.assistant import Assistant

    files = ("xquad_zh.json", "drcd_dev.json") if args.with_drcd else ("xquad_zh.json",)
    cache = Path(__file__).with_name(".cache") / f"calibration-{'+'.join(files)}-{args.limit}-{args.k}.pkl"
    if cache.exists() and not args.fresh:
        return pickle.loads(cache.read_bytes())
    answerable, held = [], []
    for name in files:
        questions = held_out_questions(name, args.limit)
        held += questions
        corpus = Assistant.open(eval_index(EVAL / name, progress=True), reader=reader, min_confidence=0.0, k=args.k)
        for article, question, gold in tqdm(questions, desc=name, unit="q"):
            hits = corpus.passages(question)  # what the assistant reads
            answerable.append((article, gold, reader.candidates(question, [h.chunk.text for h in hits], passage_scores=[h.score for h in hits])))
        corpus.close()
    sample = Assistant.open(reader=reader, min_confidence=0.0)
    drcd = [q.question for q in squad_questions(EVAL / "drcd_dev.json")]
    random.Random(0).shuffle(drcd)
    foreign = []
    for question in tqdm([q for _, q, _ in held] + drcd[: max(200, args.limit)], desc="foreign", unit="q"):
        hits = sample.passages(question)
        foreign.append(reader.candidates(question, [h.chunk.text for h in hits], passage_scores=[h.score for h in hits]))
    sample.close()
    data = {"answerable": answerable, "foreign": foreign}
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps(data))
    return data


def cross_validated_confidence(X: np.ndarray, y: np.ndarray, groups: list[str], folds: int = 5, seed: int = 0) -> np.ndarray:
    """Each row's confidence from a logistic model fitted without its group's fold (articles for
    answerable questions): what the confidence says of questions it was not fitted on."""
    from sklearn.linear_model import LogisticRegression

    names = sorted(set(groups))
    random.Random(seed).shuffle(names)
    fold_of = {g: i % folds for i, g in enumerate(names)}
    p = np.zeros(len(y))
    for fold in range(folds):
        test = np.array([fold_of[g] == fold for g in groups])
        p[test] = LogisticRegression(C=1.0).fit(X[~test], y[~test]).predict_proba(X[test])[:, 1]
    return p


def set_by_rules(span) -> tuple[float, float]:
    """(confidence, is_floor) that ``NeuralReader.rank`` sets by rule for ``span``, else (NaN, 0)."""
    if "coverage" in span.features:
        return span.score, 0.0
    if "stated" in span.features:
        return CLAUSE_CONFIDENCE * span.features["stated"] ** 2, 1.0
    return float("nan"), 0.0


def held_out_check(X: np.ndarray, y: np.ndarray, kinds: np.ndarray, groups: list[str], set_by_rules: np.ndarray | None = None) -> dict:
    """The reliability table of the cross-validated confidence on the answerable questions, the
    share right at 0.9 and above, and the share of foreign questions under 0.5. ``set_by_rules``:
    per row, the confidence the reader gives in place of the fitted one (a clause answer's, from
    the share of the question its sentence states) or as its floor (a list the text states), as
    (value, is_floor); NaN where the fitted one stands: the table is of the confidence a user sees."""
    from qa.evaluation import reliability

    p = cross_validated_confidence(X, y, groups)
    if set_by_rules is not None:
        value, floor = set_by_rules[:, 0], set_by_rules[:, 1] > 0
        p = np.where(np.isnan(value), p, np.where(floor, np.maximum(p, np.nan_to_num(value)), value))
    ans = kinds == "answerable"
    table, ece = reliability([(float(c), bool(ok)) for c, ok in zip(p[ans], y[ans])])
    high = ans & (p >= 0.9)
    return {"table": table, "ece": ece, "answers_at_0.9": int(high.sum()),
            "right_at_0.9": round(float(y[high].mean()), 4) if high.any() else None,
            "foreign_not_found@0.5": round(float((p[kinds == "foreign"] < 0.5).mean()), 4) if (kinds == "foreign").any() else None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--k", type=int, default=5, help="passages read per question, as the assistant does")
    ap.add_argument("--fresh", action="store_true", help="read the questions again instead of using the cache")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--keep-ranking", action="store_true", help="fit the confidence under the shipped ranking (with --dry-run: check it)")
    ap.add_argument("--with-drcd", action="store_true", help="fit on DRCD's held-out fifth too (reader trained with --hold-out-drcd)")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    reader = NeuralReader(calibration={"bias": 0.0}, ranking=dict(DEFAULT_RANKING))
    data = collect(args, reader)
    groups, texts, answers, docs = [], [], [], []
    for d, gold, spans in data["answerable"]:
        X = matrix(spans) if spans else np.zeros((0, len(RANK_FEATURES)))
        f1 = np.array([f1_score(s.text, gold) for s in spans])
        y = (f1 >= f1.max() - 1e-9).astype(float) * (f1 > 0) if len(f1) else f1
        groups.append((X, y))
        texts.append([s.text for s in spans])
        answers.append(gold)
        docs.append(d)
    prior = np.array([DEFAULT_RANKING.get(k, 0.0) for k in RANK_FEATURES])
    oracle = float(np.mean([max((f1_score(t, a) for t in ts), default=0.0) for ts, a in zip(texts, answers)]))
    # 5-fold cross-validation over articles, repeated over three shuffles of the articles (one
    # split of ~50 articles is too noisy to choose the regularisation: it moves F1 by ±0.5)
    articles = sorted(set(docs))
    splits = []
    for seed in range(3):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        splits.append([set(shuffled[i::5]) for i in range(5)])
    n = len(groups)

    def cv(weights_for) -> float:
        total = 0.0
        for folds in splits:
            for fold in folds:
                train = [g for g, d in zip(groups, docs) if d not in fold]
                test = [i for i, d in enumerate(docs) if d in fold]
                w = weights_for(train)
                total += top_f1([groups[i] for i in test], [texts[i] for i in test], [answers[i] for i in test], w) * len(test)
        return 100 * total / (n * len(splits))

    scores = {l2: cv(lambda train, l2=l2: fit_ranking(train, l2)) for l2 in (0.003, 0.01, 0.03, 0.1, 0.3)}
    l2 = max(scores, key=scores.get)
    weights = fit_ranking(groups, l2)
    ranking = {k: round(float(v), 4) for k, v in zip(RANK_FEATURES, weights) if abs(v) > 1e-4}
    check = {
        "questions": n, "passages_per_question": args.k, "candidate_oracle_F1": round(100 * oracle, 2),
        "cv_F1_default_ranking": round(cv(lambda train: prior), 2),
        "cv_F1_by_l2": {str(k): round(v, 2) for k, v in scores.items()}, "l2": l2,
        "F1_fitted_on_all": round(100 * top_f1(groups, texts, answers, weights), 2),
    }
    print(json.dumps({"ranking": ranking, **check}, ensure_ascii=False), file=sys.stderr)
    if args.keep_ranking:  # check the confidence under the ranking that ships, not a new fit
        ranking = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))["ranking"]

    # ---- confidence: on the top span of each question under the fitted ranking ----------------
    reader.ranking = ranking
    rows, labels, kinds, groups, by_rules = [], [], [], [], []
    for article, gold, spans in data["answerable"]:
        if spans:
            top = reader.rank(spans)[0]
            rows.append([top.features[k] for k in CALIBRATION_KEYS])
            labels.append(int(f1_score(top.text, gold) >= 0.5))
            kinds.append("answerable")
            groups.append(article)
            by_rules.append(set_by_rules(top))
    for i, spans in enumerate(data["foreign"]):
        if spans:
            top = reader.rank(spans)[0]
            rows.append([top.features[k] for k in CALIBRATION_KEYS])
            labels.append(0)
            kinds.append("foreign")
            groups.append(f"foreign:{i % 5}")
            by_rules.append(set_by_rules(top))
    X, y, kinds = np.array(rows), np.array(labels), np.array(kinds)
    model = LogisticRegression(C=1.0).fit(X, y)
    p = model.predict_proba(X)[:, 1]
    ans, foreign_mask = kinds == "answerable", kinds == "foreign"
    summary = {
        **check,
        "answerable": int(ans.sum()), "answerable_right_at_top": round(float(y[ans].mean()), 4),
        "answered@0.5": round(float((p[ans] >= 0.5).mean()), 4),
        "answered_and_right@0.5": round(float(((p >= 0.5) & (y == 1))[ans].mean()), 4),
        "precision@0.5": round(float(y[ans][p[ans] >= 0.5].mean()) if (p[ans] >= 0.5).any() else 0.0, 4),
        "foreign": int(foreign_mask.sum()), "foreign_not_found@0.5": round(float((p[foreign_mask] < 0.5).mean()), 4),
    }
    calibration = {k: round(float(w), 5) for k, w in zip(CALIBRATION_KEYS, model.coef_[0])}
    calibration["bias"] = round(float(model.intercept_[0]), 5)
    summary["held_out"] = held_out_check(X, y, kinds, groups, np.array(by_rules, dtype=float))
    print(json.dumps({"ranking": ranking, "calibration": calibration, **summary}, ensure_ascii=False))
    if not args.dry_run:
        config = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
        config.pop("alignment", None)  # superseded by the fitted ranking
        config["ranking"] = ranking
        config["calibration"] = calibration
        config["calibration_check"] = summary
        CONFIG_FILE.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
