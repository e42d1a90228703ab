"""The default reader: the fine-tuned e5 span model proposes spans (its best ones, and every
quantity or date printed in the passages for a 多少/哪天 question); each is snapped to what can
answer (``snapping``), dropped when of the wrong kind (``kinds``) and described by explainable
features (``features``: the model's logits, the question's wording around it, the measure word,
the passage's retrieval score); a linear ranking over those features and a logistic confidence in
[0, 1] (``P(the span is right)``) are both fitted by ``training/calibrate_reader.py`` on held-out
XQuAD questions and on questions asked against passages that do not hold their answer. Below the
assistant's threshold the answer is "not found".
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from qa.models import Span
from qa.read.features import (
    RANK_FEATURES,
    alignment,
    calibration_features,
    context,
    distinct_clause_words,
    predicate_words,
)
from qa.read.kinds import TYPED, entity_kind, wrong_kind, wrong_side
from qa.read.question import LINKERS, Question, QuestionAnalyzer
from qa.read.snapping import extend_list, snap, typed_spans, whole_subject
from qa.read.span_model import CONFIG_FILE, SpanModel
from qa.text.patterns import MEASURE

# used only until training/calibrate_reader.py has written the fitted values into span_reader.json
DEFAULT_CALIBRATION = {"margin": 0.35, "score": 0.1, "bias": -1.0}
# how a span is ranked: weights over its features (``RANK_FEATURES``), in the model's logit units.
# Used until training/calibrate_reader.py has written fitted weights into span_reader.json; these
# are the model's own logit plus the question-wording alignment.
DEFAULT_RANKING = {"score": 1.0, "left": 2.0, "adjacent": 1.0, "right": 1.0}


@dataclass
class _Reading:
    """What one question brings to every candidate: its analysis and its words, grouped by role."""

    question: Question
    focus: list[str]  # content words, linking words aside
    predicate: list[str]  # the words right before the question word
    counted: list[str]  # what is counted or named after the question word ("多少名|党员")


class NeuralReader:
    """A ``SpanReader``: ``read(question, passages, passage_scores) -> [Span]``, best first, each
    span's ``score`` its calibrated confidence."""

    def __init__(self, model: SpanModel | None = None, calibration: dict[str, float] | None = None,
                 ranking: dict[str, float] | None = None, analyzer: QuestionAnalyzer | None = None,
                 guesses: int = 60) -> None:
        self.model = model or SpanModel()
        self.calibration = calibration or self._load("calibration", DEFAULT_CALIBRATION)
        self.ranking = ranking if ranking is not None else self._load("ranking", DEFAULT_RANKING)
        self.analyzer = analyzer or QuestionAnalyzer()
        self.guesses = guesses  # spans the model proposes over all passages, before re-ranking

    def warm_up(self) -> None:
        """Load the span model and the tokenizer's dictionary now rather than on the first question."""
        self.model.warm_up()
        self.analyzer.tokenizer.pos.cut("预热")

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

    def _reading(self, question: str) -> _Reading:
        q = self.analyzer.analyze(question)
        focus = [w for w in self._words(re.sub(r"[？?。！!\s]", "", q.left + " " + q.right)) if w not in LINKERS]
        # the thing counted or named after the question word ("多少名|党员"): news prints it just
        # before the answer ("党员15人")
        after = re.split(r"[，,。？?]", q.right)[0]
        after = after[m.end():] if (m := MEASURE.match(after)) else after
        counted = [w for w in self._words(after) if w not in LINKERS]
        return _Reading(q, focus, predicate_words(q.left, self._words), counted)

    def candidates(self, question: str, passages: list[str], passage_scores: list[float] | None = None) -> list[Span]:
        """The model's spans, snapped to what can answer, with their features (unscored)."""
        r = self._reading(question)
        q = r.question
        views = [self.model.simplified(p) for p in passages]
        # the question is lowercased ("model y"); its wording is compared with the passage's the same
        # way, where lowercasing keeps every offset
        folded = [v.lower() if len(v.lower()) == len(v) else v for v in views]
        scores = passage_scores or [0.0] * len(passages)
        top_score = max(scores) if scores else 0.0
        seen, out = set(), []
        for g in self.model.guesses(question, passages, top=self.guesses, views=views, extra=typed_spans(q, views)):
            view = views[g.passage_index]
            start, end = extend_list(view, *snap(view, g.start, g.end, q.answer_type), q, self._words)
            if q.answer_type not in TYPED:
                start = whole_subject(view, start, end)
            if (g.passage_index, start, end) in seen or wrong_kind(q, view[start:end]) or wrong_side(q, view, start, end):
                continue
            seen.add((g.passage_index, start, end))
            passage = scores[g.passage_index]
            features = calibration_features(g.score, g.null_score, passage, float(passage_scores is not None and passage >= top_score))
            features.update(alignment(q, folded[g.passage_index], start, end, predicate=r.predicate))
            features.update(context(q, folded[g.passage_index], start, end, r.focus, r.counted))
            features["typed_entity"] = entity_kind(q, view[start:end], self.analyzer.tokenizer.pos)
            out.append(Span(start, end, passages[g.passage_index][start:end], "neural", g.passage_index, features=features))
        distinct_clause_words(out, folded, r.focus)
        return out

    def rank(self, spans: list[Span]) -> list[Span]:
        """Order by the fitted linear ranking over the span's features (the model's logit, the
        question's wording around the span, the passage's retrieval score); the confidence is
        the calibrated probability that the span is right."""
        w = self.ranking
        for s in spans:
            f = s.features
            f["aligned"] = sum(w.get(k, 0.0) * f.get(k, 0.0) for k in RANK_FEATURES)
            f["aligned_margin"] = f["aligned"] - (f["score"] - f["margin"])
            s.score = self.confidence(f)
        return sorted(spans, key=lambda s: -s.features["aligned"])

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5) -> list[Span]:
        return self.rank(self.candidates(question, passages, passage_scores))[:top]
