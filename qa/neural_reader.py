"""The default reader: the fine-tuned e5 span model proposes spans, a logistic calibration turns
its logits into a confidence in [0, 1] (``P(the span is right)``), fitted on held-out XQuAD
questions and on questions asked against passages that do not hold their answer
(``benchmarks/calibrate_reader.py``). Below the assistant's threshold the answer is "not found".
"""

from __future__ import annotations

import json
import math
import re

from .question import LINKERS, Question, QuestionAnalyzer
from .reader import DATE_RE, NUMBER_RE, TIME_RE, Span, _soft_overlap
from .span_reader import CONFIG_FILE, SpanReaderModel

# used only until benchmarks/calibrate_reader.py has written the fitted values into span_reader.json
DEFAULT_CALIBRATION = {"margin": 0.35, "score": 0.1, "bias": -1.0}
# how much the question's wording next to the slot moves a span (in logits), before fitting
DEFAULT_ALIGNMENT = {"left": 4.0, "right": 1.0, "typed": 1.0}
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,；;：:、。！？!?\n（(]")
TYPED = {"number": NUMBER_RE, "percent": NUMBER_RE, "date": DATE_RE, "time": TIME_RE}


def calibration_features(score: float, null_score: float, passage_score: float = 0.0) -> dict[str, float]:
    return {"margin": score - null_score, "score": score, "passage": passage_score}


def snap(text: str, start: int, end: int, answer_type: str) -> tuple[int, int]:
    """Trim a span to what can answer the question: never past the end of its sentence; for a
    number, percent, date or time, the quantity (or date) it starts with, not the clause after it
    ("48.7万件，新能源汽车…" → "48.7万件")."""
    cut = SENTENCE_END.search(text, start, end)
    if cut and cut.start() > start:
        end = cut.start()
    pattern = TYPED.get(answer_type)
    if pattern is not None:
        m = pattern.match(text, start)
        if m and m.end() > start:
            if answer_type in ("number", "percent"):  # "77家规模以上工业企业…" → "77家"
                end = min(end, m.end())
            elif CLAUSE_END.search(text, m.end(), end):
                end = min(end, m.end())
    return start, end


def predicate_words(left: str, tokenize, n: int = 2) -> list[str]:
    """The last ``n`` content words before the question word: its predicate ("直接办理了多少" →
    直接, 办理), without linkers (了/是/为…)."""
    words = [w for w in tokenize(re.sub(r"^.*[，,。]", "", left)) if len(w.strip()) and w not in LINKERS and w not in ("的", "了", "有")]
    return words[-n:]


def alignment(question: Question, view: str, start: int, end: int, tokenize=None) -> dict[str, float]:
    """How well the span sits where the question word sits: the question's predicate words
    found just before the span (``left``), its words just after the question word found just
    after the span (``right``), and whether the span has the expected form (``typed``)."""
    right_q = re.split(r"[，,。？?]", question.right)[0][:6]
    typed = TYPED.get(question.answer_type)
    before = view[max(0, start - 12) : start]
    if tokenize is not None:
        words = predicate_words(question.left, tokenize)
        left = sum(1 for w in words if w in before) / len(words) if words else 0.0
    else:
        left_q = re.sub(r"^.*[，,。]", "", question.left)[-8:]
        left = _soft_overlap(left_q, before) if len(left_q) >= 2 else 0.0
    return {
        "left": left,
        "right": _soft_overlap(right_q, view[end : end + 8]) if len(right_q) >= 2 else 0.0,
        "typed": float(bool(typed and typed.match(view, start))),
    }


class NeuralReader:
    """Same interface as the rule-based ``Reader``: ``read(question, passages) -> [Span]``."""

    def __init__(self, model: SpanReaderModel | None = None, calibration: dict[str, float] | None = None,
                 alignment_weights: dict[str, float] | None = None, analyzer: QuestionAnalyzer | None = None) -> None:
        self.model = model or SpanReaderModel()
        self.calibration = calibration or self._load("calibration", DEFAULT_CALIBRATION)
        self.alignment_weights = alignment_weights if alignment_weights is not None else self._load("alignment", DEFAULT_ALIGNMENT)
        self.analyzer = analyzer or QuestionAnalyzer()

    def _words(self, text: str) -> list[str]:
        return list(self.analyzer.tokenizer.jieba.cut(text))

    @staticmethod
    def _load(key: str, default: dict[str, float]) -> dict[str, float]:
        if CONFIG_FILE.exists():
            fitted = json.loads(CONFIG_FILE.read_text(encoding="utf-8")).get(key)
            if fitted:
                return fitted
        return dict(default)

    @property
    def available(self) -> bool:
        return self.model.available

    def confidence(self, features: dict[str, float]) -> float:
        z = self.calibration.get("bias", 0.0) + sum(w * features.get(k, 0.0) for k, w in self.calibration.items() if k != "bias")
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def candidates(self, question: str, passages: list[str], passage_scores: list[float] | None = None) -> list[Span]:
        """The model's spans, snapped to what can answer, with their features (unscored)."""
        q = self.analyzer.analyze(question)
        views = [self.model.simplified(p) for p in passages]
        scores = passage_scores or [0.0] * len(passages)
        seen, out = set(), []
        for g in self.model.guesses(question, passages, top=30, views=views):
            view = views[g.passage_index]
            start, end = snap(view, g.start, g.end, q.answer_type)
            if (g.passage_index, start, end) in seen:
                continue
            seen.add((g.passage_index, start, end))
            features = calibration_features(g.score, g.null_score, scores[g.passage_index])
            features.update(alignment(q, view, start, end, tokenize=self._words))
            text = passages[g.passage_index][start:end]
            out.append(Span(start, end, text, "neural", g.passage_index, features=features))
        return out

    def rank(self, spans: list[Span]) -> list[Span]:
        """Order by the model's logit plus the alignment bonus; confidence from the calibration."""
        w = self.alignment_weights
        for s in spans:
            f = s.features
            f["aligned"] = f["score"] + sum(w.get(k, 0.0) * f.get(k, 0.0) for k in ("left", "right", "typed"))
            f["aligned_margin"] = f["aligned"] - (f["score"] - f["margin"])
            s.score = self.confidence(f)
        return sorted(spans, key=lambda s: -s.features["aligned"])

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5) -> list[Span]:
        return self.rank(self.candidates(question, passages, passage_scores))[:top]
